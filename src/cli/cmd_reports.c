/*
 * cmd_reports.c — the plan's computed reports: systems (表5.3-2), rto
 * (表5.3-1, R1), gaps (表3.1-1, R4) and budget (表3.2-2, R5).  Each prints
 * an aligned table for people or, with --json, JSON for programs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/opts.h"
#include "cli/cli.h"
#include "cli/table.h"
#include "rules/rules.h"
#include "util/numfmt.h"

/* What every report does first: parse its options and load the plan.
 * 0 to go on (release p after); -1 to return *status at once. */
static int report_begin(struct cli_ctx *ctx, int argc, char **argv, struct opt *opts,
			struct plan *p, int *status)
{
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r) {
		*status = r > 0 ? 0 : 2;
		return -1;
	}
	if (cli_load_plan(ctx, p)) {
		*status = 2;
		return -1;
	}
	return 0;
}

static const char *dept_name(const struct plan *p, const char *id)
{
	const struct department *d = plan_department(p, id);
	return d ? d->name : "";
}

/* "15" or "" for hours. */
static void hours_cell(struct table *t, int64_t h)
{
	if (h == NO_VALUE)
		table_add(t, "-");
	else
		table_addf(t, "%lld", (long long)h);
}

int cmd_systems(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false;
	int status;
	struct opt opts[] = { { "--json", NULL, &json }, { 0 } };
	struct plan p = PLAN_INIT;
	if (report_begin(ctx, argc, argv, opts, &p, &status))
		return status;
	enum lang lang = ctx->lang;
	json_t *arr = json_array();
	const char *hdr[] = { L(lang, "ID", "id"), L(lang, "情報システム", "system"),
			      L(lang, "管理部署", "department"), L(lang, "RTO(時間)", "RTO (h)"),
			      L(lang, "算定RTO", "derived"), L(lang, "設定した業務", "set by"),
			      L(lang, "優先度", "tier"), L(lang, "RLO", "RLO") };
	struct table t;
	table_init(&t, 8, hdr);
	table_align_right(&t, 3);
	table_align_right(&t, 4);
	for (size_t i = 0; i < p.n_systems; i++) {
		const struct system *s = &p.systems[i];
		struct system_rto r;
		if (!s->in_scope)
			continue;
		system_rto_compute(&p, s, &r);
		if (json) {
			json_t *o = json_object();
			json_object_set_new(o, "id", json_string(s->id));
			json_object_set_new(o, "name", json_string(s->name));
			json_object_set_new(o, "department", json_string(dept_name(&p, s->department)));
			json_object_set_new(o, "department_id", cli_json_str(s->department));
			json_object_set_new(o, "rto_hours", cli_json_int(r.hours));
			json_object_set_new(o, "rto_derived_hours", cli_json_int(r.derived_hours));
			json_object_set_new(o, "rto_set_by", cli_json_str(r.set_by ? r.set_by->id : NULL));
			json_object_set_new(o, "rto_overridden", json_boolean(r.rto_overridden));
			json_object_set_new(o, "rto_override_reason",
					    json_string(r.rto_overridden ? s->rto_override_reason : ""));
			json_object_set_new(o, "tier", r.tier == TIER_NONE ? json_null()
									   : json_string(tier_name(r.tier)));
			json_object_set_new(o, "tier_derived",
					    r.derived_tier == TIER_NONE ? json_null()
									: json_string(tier_name(r.derived_tier)));
			json_object_set_new(o, "tier_overridden", json_boolean(r.tier_overridden));
			json_object_set_new(o, "rlo", json_string(s->rlo));
			json_array_append_new(arr, o);
			continue;
		}
		table_add(&t, s->id);
		table_add(&t, s->name);
		table_add(&t, dept_name(&p, s->department));
		if (r.rto_overridden)
			table_addf(&t, "%lld*", (long long)r.hours);
		else
			hours_cell(&t, r.hours);
		hours_cell(&t, r.derived_hours);
		table_add(&t, r.set_by ? r.set_by->name
				       : L(lang, r.rto_overridden ? "（上書き）" : "（なし）",
					   r.rto_overridden ? "(override)" : "(none)"));
		table_addf(&t, "%s%s", tier_name(r.tier), r.tier_overridden ? "*" : "");
		table_add(&t, s->rlo);
	}
	if (json) {
		cli_print_json(arr);
	} else {
		json_decref(arr);
		table_print(&t, stdout);
		printf("%s\n", L(lang, "* は計画者による上書き（算定値は「算定RTO」列）",
				 "* overridden by the planner (the derived value is in \"derived\")"));
	}
	table_release(&t);
	plan_release(&p);
	return 0;
}

#define MAX_CANDIDATES 4096

int cmd_rto(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false;
	int status;
	struct opt opts[] = { { "--json", NULL, &json }, { 0 } };
	struct plan p = PLAN_INIT;
	if (report_begin(ctx, argc, argv, opts, &p, &status))
		return status;
	enum lang lang = ctx->lang;
	struct rto_candidate *cand = calloc(MAX_CANDIDATES, sizeof *cand);
	json_t *arr = json_array();
	const char *hdr[] = { L(lang, "情報システム", "system"), L(lang, "非常時優先業務", "business"),
			      L(lang, "業務RTO", "business RTO"), L(lang, "代替手段", "alternative means"),
			      L(lang, "継続可能時間", "lasts (h)"), L(lang, "候補", "candidate"),
			      L(lang, "採用", "sets RTO") };
	struct table t;
	table_init(&t, 7, hdr);
	table_align_right(&t, 2);
	table_align_right(&t, 4);
	table_align_right(&t, 5);
	for (size_t i = 0; cand && i < p.n_systems; i++) {
		const struct system *s = &p.systems[i];
		struct system_rto r;
		system_rto_compute(&p, s, &r);
		size_t n = rto_candidates(&p, s, cand, MAX_CANDIDATES);
		json_t *o = json_object(), *ca = json_array();
		for (size_t k = 0; k < n; k++) {
			bool sets = r.set_by == cand[k].business;
			if (json) {
				json_t *c = json_object();
				json_object_set_new(c, "business", json_string(cand[k].business->id));
				json_object_set_new(c, "business_name", json_string(cand[k].business->name));
				json_object_set_new(c, "business_rto_hours",
						    cli_json_int(cand[k].business->rto_hours));
				json_object_set_new(c, "alt_means", json_string(cand[k].link->alt_means));
				json_object_set_new(c, "alt_hours", json_integer(cand[k].link->alt_hours));
				json_object_set_new(c, "candidate_hours", cli_json_int(cand[k].hours));
				json_object_set_new(c, "sets_rto", json_boolean(sets));
				json_array_append_new(ca, c);
				continue;
			}
			table_add(&t, k == 0 ? s->name : "");
			table_add(&t, cand[k].business->name);
			hours_cell(&t, cand[k].business->rto_hours);
			table_add(&t, cand[k].link->alt_means[0] ? cand[k].link->alt_means
								 : L(lang, "なし", "none"));
			hours_cell(&t, cand[k].link->alt_hours);
			hours_cell(&t, cand[k].hours);
			table_add(&t, sets ? "◀" : "");
		}
		if (!json && n == 0) {
			table_add(&t, s->name);
			table_add(&t, L(lang, "（業務との関連なし）", "(used by no business)"));
			for (int k = 0; k < 3; k++)
				table_add(&t, "");
			if (r.rto_overridden)
				table_addf(&t, "%lld*", (long long)r.hours);
			else
				table_add(&t, "-");
			table_add(&t, "");
		}
		json_object_set_new(o, "system", json_string(s->id));
		json_object_set_new(o, "name", json_string(s->name));
		json_object_set_new(o, "rto_derived_hours", cli_json_int(r.derived_hours));
		json_object_set_new(o, "rto_set_by", cli_json_str(r.set_by ? r.set_by->id : NULL));
		json_object_set_new(o, "rto_override_hours", cli_json_int(s->rto_override_hours));
		json_object_set_new(o, "rto_override_reason", json_string(s->rto_override_reason));
		json_object_set_new(o, "rto_hours", cli_json_int(r.hours));
		json_object_set_new(o, "candidates", ca);
		json_array_append_new(arr, o);
	}
	if (json) {
		cli_print_json(arr);
	} else {
		json_decref(arr);
		table_print(&t, stdout);
		printf("%s\n", L(lang, "候補＝業務RTO＋代替手段で継続可能な時間。システムのRTOは候補の最小値（◀）。* は上書き。",
				 "candidate = business RTO + time on the alternative means; the system's RTO is the smallest (◀). * = override."));
	}
	table_release(&t);
	free(cand);
	plan_release(&p);
	return 0;
}

int cmd_gaps(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false, all = false;
	int status;
	struct opt opts[] = { { "--json", NULL, &json }, { "--all", NULL, &all }, { 0 } };
	struct plan p = PLAN_INIT;
	if (report_begin(ctx, argc, argv, opts, &p, &status))
		return status;
	enum lang lang = ctx->lang;
	struct gap_list gaps = GAP_LIST_INIT;
	gaps_compute(&p, !all, &gaps);
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < gaps.n; i++) {
			const struct gap *g = &gaps.v[i];
			json_t *o = json_object();
			json_object_set_new(o, "tier", json_string(tier_name(g->tier)));
			json_object_set_new(o, "system", json_string(g->system->name));
			json_object_set_new(o, "system_id", json_string(g->system->id));
			json_object_set_new(o, "event", json_string(g->event->name));
			json_object_set_new(o, "event_id", json_string(g->event->id));
			json_object_set_new(o, "component", json_string(g->component->name));
			json_object_set_new(o, "component_id", json_string(g->component->id));
			json_object_set_new(o, "current", json_integer(g->current));
			json_object_set_new(o, "target", json_integer(g->target));
			json_object_set_new(o, "gap", json_integer(g->gap));
			json_object_set_new(o, "risk", json_string(g->assessment ? g->assessment->risk : ""));
			json_array_append_new(arr, o);
		}
		cli_print_json(arr);
	} else {
		const char *hdr[] = { L(lang, "優先度", "tier"), L(lang, "情報システム", "system"),
				      L(lang, "危機的事象", "event"), L(lang, "構成要素", "component"),
				      L(lang, "現状", "current"), L(lang, "目標", "target"),
				      L(lang, "差", "gap"), L(lang, "リスク", "risk") };
		struct table t;
		table_init(&t, 8, hdr);
		for (size_t c = 4; c < 7; c++)
			table_align_right(&t, c);
		for (size_t i = 0; i < gaps.n; i++) {
			const struct gap *g = &gaps.v[i];
			table_add(&t, tier_name(g->tier));
			table_add(&t, g->system->name);
			table_add(&t, g->event->name);
			table_add(&t, lang == LANG_EN && g->component->name_en[0] ? g->component->name_en
										 : g->component->name);
			table_addf(&t, "%lld", (long long)g->current);
			table_addf(&t, "%lld", (long long)g->target);
			table_addf(&t, "%lld", (long long)g->gap);
			table_add(&t, g->assessment ? g->assessment->risk : "");
		}
		table_print(&t, stdout);
		table_release(&t);
		printf("%s %zu\n", L(lang, "件数:", "count:"), gaps.n);
	}
	gap_list_release(&gaps);
	plan_release(&p);
	return 0;
}

/* The label of a budget line for people. */
static void budget_label(const struct budget_line *l, enum budget_by by, enum lang lang,
			 const struct plan *p, char *out, size_t n)
{
	switch (by) {
	case BUDGET_BY_STEP: {
		const struct system *s = l->step ? plan_system(p, l->step->system) : NULL;
		snprintf(out, n, "%s %s %lld", s ? s->name : "?", L(lang, "ステップ", "step"),
			 l->step ? (long long)l->step->no : 0LL);
		break;
	}
	case BUDGET_BY_FY:
		if (l->fy == NO_VALUE)
			snprintf(out, n, "%s", L(lang, "（年度未定）", "(year not set)"));
		else
			fiscal_year_label((int)l->fy, lang, out, n);
		break;
	case BUDGET_BY_DEPARTMENT:
		snprintf(out, n, "%s", l->department ? l->department->name
						    : L(lang, "（実施主体未定）", "(no owner)"));
		break;
	}
}

static const char *const by_names[] = { "step", "fy", "department" };

static json_t *budget_json(const struct plan *p, enum budget_by by, enum lang lang)
{
	struct budget_list bl = BUDGET_LIST_INIT;
	budget_compute(p, by, &bl);
	json_t *o = json_object(), *lines = json_array();
	for (size_t i = 0; i < bl.n; i++) {
		char label[256];
		budget_label(&bl.v[i], by, lang, p, label, sizeof label);
		json_t *l = json_object();
		json_object_set_new(l, "key", json_string(bl.v[i].key ? bl.v[i].key : ""));
		json_object_set_new(l, "label", json_string(label));
		json_object_set_new(l, "total_kyen", json_integer(bl.v[i].total_kyen));
		json_object_set_new(l, "items", json_integer((json_int_t)bl.v[i].items));
		json_object_set_new(l, "unknown", json_integer((json_int_t)bl.v[i].unknown));
		json_array_append_new(lines, l);
	}
	json_object_set_new(o, "by", json_string(by_names[by]));
	json_object_set_new(o, "lines", lines);
	json_object_set_new(o, "total_kyen", json_integer(bl.grand_total_kyen));
	budget_list_release(&bl);
	return o;
}

static void budget_print(const struct plan *p, enum budget_by by, enum lang lang)
{
	static const char *const titles_ja[] = { "ステップ別", "年度別", "実施主体別" };
	static const char *const titles_en[] = { "by step", "by fiscal year", "by department" };
	struct budget_list bl = BUDGET_LIST_INIT;
	budget_compute(p, by, &bl);
	const char *hdr[] = { L(lang, titles_ja[by], titles_en[by]),
			      L(lang, "予算(千円)", "budget (k yen)"), L(lang, "項目数", "items"),
			      L(lang, "予算未定", "not yet costed") };
	struct table t;
	char amount[NUMFMT_MAX];
	table_init(&t, 4, hdr);
	for (size_t c = 1; c < 4; c++)
		table_align_right(&t, c);
	for (size_t i = 0; i < bl.n; i++) {
		char label[256];
		budget_label(&bl.v[i], by, lang, p, label, sizeof label);
		table_add(&t, label);
		table_add(&t, numfmt_thousands(bl.v[i].total_kyen, amount));
		table_addf(&t, "%zu", bl.v[i].items);
		table_addf(&t, "%zu", bl.v[i].unknown);
	}
	table_add(&t, L(lang, "合計", "total"));
	table_add(&t, numfmt_thousands(bl.grand_total_kyen, amount));
	table_add(&t, "");
	table_add(&t, "");
	table_print(&t, stdout);
	table_release(&t);
	budget_list_release(&bl);
}

int cmd_budget(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false;
	const char *by_arg = NULL;
	int status;
	struct opt opts[] = { { "--json", NULL, &json }, { "--by", &by_arg, NULL }, { 0 } };
	struct plan p = PLAN_INIT;
	if (report_begin(ctx, argc, argv, opts, &p, &status))
		return status;
	int by = -1;
	for (int i = 0; by_arg && i < 3; i++)
		if (strcmp(by_arg, by_names[i]) == 0)
			by = i;
	if (by_arg && by < 0) {
		cli_error(ctx, "--by %s: %s", by_arg,
			  L(ctx->lang, "step, fy, department のいずれかです",
			    "must be step, fy or department"));
		plan_release(&p);
		return 2;
	}
	if (json) {
		if (by >= 0) {
			cli_print_json(budget_json(&p, (enum budget_by)by, ctx->lang));
		} else {
			json_t *o = json_object();
			for (int i = 0; i < 3; i++)
				json_object_set_new(o, by_names[i],
						    budget_json(&p, (enum budget_by)i, ctx->lang));
			cli_print_json(o);
		}
	} else {
		for (int i = 0; i < 3; i++) {
			if (by >= 0 && by != i)
				continue;
			budget_print(&p, (enum budget_by)i, ctx->lang);
			if (by < 0 && i < 2)
				putchar('\n');
		}
	}
	plan_release(&p);
	return 0;
}
