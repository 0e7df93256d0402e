/*
 * element_rules.c — the rules of one element, for every door (see
 * element_rules.h).  Each rule reads the element alone: rules that join
 * elements (references, uniqueness) belong to the readers, and what is
 * doubtful rather than impossible belongs to `check`.
 */
#include "rules/element_rules.h"

#include <stdio.h>
#include <string.h>

#include "model/plan.h"
#include "rules/rules.h"

/* True when s is empty or only white space (ASCII or the ideographic space). */
static bool blank(const char *s)
{
	for (; s && *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			continue;
		if ((unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 &&
		    (unsigned char)s[2] == 0x80) {
			s += 2;
			continue;
		}
		return false;
	}
	return true;
}

/* §5.3 (R1, R2): a planner's override states why. */
static size_t system_rules(const struct system *s, element_rules_report report, void *arg)
{
	size_t n = 0;
	if (s->rto_override_hours != NO_VALUE && blank(s->rto_override_reason)) {
		report(arg, "rto-override-no-reason", "rto_override_reason",
		       "RTOを上書きする場合は理由を記入してください（§5.3）",
		       "an RTO override needs its reason (§5.3)");
		n++;
	}
	if (!blank(s->tier_override) && blank(s->tier_override_reason)) {
		report(arg, "tier-override-no-reason", "tier_override_reason",
		       "復旧優先度を上書きする場合は理由を記入してください（§5.3）",
		       "a tier override needs its reason (§5.3)");
		n++;
	}
	return n;
}

/* §3.2: a step runs from its first fiscal year to its last. */
static size_t step_rules(const struct countermeasure_step *s, element_rules_report report,
			 void *arg)
{
	if (s->fy_from == NO_VALUE || s->fy_to == NO_VALUE || s->fy_to >= s->fy_from)
		return 0;
	char ja[160], en[160];
	snprintf(ja, sizeof ja, "終了年度（%lld）が開始年度（%lld）より前です。開始年度より前には"
				"できません（§3.2）",
		 (long long)s->fy_to, (long long)s->fy_from);
	snprintf(en, sizeof en, "the last fiscal year (%lld) is before fy_from (%lld) (§3.2)",
		 (long long)s->fy_to, (long long)s->fy_from);
	report(arg, "step-fy-order", "fy_to", ja, en);
	return 1;
}

/* 表5.3-3 (R2): each tier's bound is at least the faster tier's, else
 * R2 gives the faster tier to hours it should not (S = 100 h, A = 24 h
 * makes 24, 72 and 73 h all tier S). */
static size_t organisation_rules(const struct organisation *o, element_rules_report report,
				 void *arg)
{
	static const char *const fields[] = { "tier_s_max_hours", "tier_a_max_hours",
					      "tier_b_max_hours", "tier_c_max_hours",
					      "tier_d_max_hours" };
	size_t n = 0;
	for (int t = 1; t < TIER_COUNT - 1; t++) {
		int64_t mine = o->tier_max_hours[t], faster = o->tier_max_hours[t - 1];
		if (mine == NO_VALUE || faster == NO_VALUE || mine >= faster)
			continue;
		char ja[256], en[200];
		snprintf(ja, sizeof ja,
			 "優先度%sの上限（%lld時間）が優先度%sの上限（%lld時間）より短くなっています。"
			 "一つ上の優先度の上限（%lld時間）以上にしてください（表5.3-3）",
			 tier_name((enum tier)t), (long long)mine, tier_name((enum tier)(t - 1)),
			 (long long)faster, (long long)faster);
		snprintf(en, sizeof en,
			 "tier %s's bound (%lld h) is below tier %s's (%lld h): it must be at least "
			 "the faster tier's bound (Table 5.3-3)",
			 tier_name((enum tier)t), (long long)mine, tier_name((enum tier)(t - 1)),
			 (long long)faster);
		report(arg, "tier-thresholds-order", fields[t], ja, en);
		n++;
	}
	return n;
}

size_t element_rules_check(const struct entity_def *e, const void *elem,
			   element_rules_report report, void *arg)
{
	if (e == &schema_organisation)
		return organisation_rules(elem, report, arg);
	if (strcmp(e->key, "systems") == 0)
		return system_rules(elem, report, arg);
	if (strcmp(e->key, "countermeasure_steps") == 0)
		return step_rules(elem, report, arg);
	return 0;
}
