/*
 * check_cycle.c — checks on the yearly cycle (§4): the training plan of the
 * current fiscal year and the annual review; checks 11 and 12 of
 * plan_check().
 *
 * Each function is one check; its comment gives the § and why the severity
 * is what it is.  Shared helpers and the run's indexes: check_internal.h.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "rules/check_internal.h"
#include "util/lang.h"
#include "util/xalloc.h"

/* Position of month m (1..12) in the fiscal year: April 0 … March 11. */
static int fiscal_month(int64_t m)
{
	return (int)((m + 8) % 12);
}

/* 11. §4.1: a training plan for the current fiscal year.  Warning once the
 * month the yearly plan is made (organisation.training_plan_month) has
 * come; info before it. */
void check_training_plan(struct check_ctx *c)
{
	const struct plan *p = c->p;
	int fy = fiscal_year_of(c->today);
	for (size_t i = 0; i < p->n_trainings; i++)
		if (p->trainings[i].fy == fy)
			return;
	char ja[64], en[64];
	fiscal_year_label(fy, LANG_JA, ja, sizeof ja);
	fiscal_year_label(fy, LANG_EN, en, sizeof en);
	int64_t month = p->organisation.training_plan_month;
	bool early = month >= 1 && month <= 12 && fiscal_month(c->today.m) < fiscal_month(month);
	char *name = check_strf("%sの教育訓練計画", ja);
	check_add(
		c, early ? SEV_INFO : SEV_WARNING, "training-plan-missing", "§4.1",
		xstrdup("trainings"), name,
		early ? check_strf("%s: まだ教育訓練が計画されていません（%" PRId64 "月に作成）",
				   name, month)
		      : check_strf("%s: 今年度の教育訓練が1件も計画されていません", name),
		early ? check_strf(
				"%s training plan: no training planned yet (due in month %" PRId64
				")",
				en, month)
		      : check_strf("%s training plan: no training is planned for this fiscal year",
				   en));
	free(name);
}

/* 12. §4.2.3 (R8): the annual review.  Overdue is an error (the window has
 * passed), due is info (we are inside the window). */
void check_review(struct check_ctx *c)
{
	struct review_status rs;
	review_status_compute(c->p, c->today, &rs);
	if (rs.state != REVIEW_OVERDUE && rs.state != REVIEW_DUE)
		return;
	bool overdue = rs.state == REVIEW_OVERDUE;
	int fy = fiscal_year_of(rs.window_from);
	char fy_ja[64], fy_en[64], from_ja[64], from_en[64], to_ja[64], to_en[64];
	char last_ja[64] = "記録なし", last_en[64] = "none";
	struct civil_date last;
	fiscal_year_label(fy, LANG_JA, fy_ja, sizeof fy_ja);
	fiscal_year_label(fy, LANG_EN, fy_en, sizeof fy_en);
	wareki_date(rs.window_from, LANG_JA, from_ja, sizeof from_ja);
	wareki_date(rs.window_from, LANG_EN, from_en, sizeof from_en);
	wareki_date(rs.window_to, LANG_JA, to_ja, sizeof to_ja);
	wareki_date(rs.window_to, LANG_EN, to_en, sizeof to_en);
	if (rs.last && civil_date_parse(rs.last->date, &last) == 0) {
		wareki_date(last, LANG_JA, last_ja, sizeof last_ja);
		wareki_date(last, LANG_EN, last_en, sizeof last_en);
	}
	char *name = check_strf("%sの年次見直し", fy_ja);
	if (overdue)
		check_add(
			c, SEV_ERROR, "review-overdue", "§4.2.3", xstrdup("reviews"), name,
			check_strf(
				"%s: 見直し期間（%s〜%s）を過ぎましたが実施されていません（前回: %s）",
				name, from_ja, to_ja, last_ja),
			check_strf(
				"%s annual review: the review window (%s to %s) has passed without one "
				"(last: %s)",
				fy_en, from_en, to_en, last_en));
	else
		check_add(
			c, SEV_INFO, "review-due", "§4.2.3", xstrdup("reviews"), name,
			check_strf(
				"%s: 見直し期間（%s〜%s）中です。年次見直しを実施してください（前回: %s）",
				name, from_ja, to_ja, last_ja),
			check_strf("%s annual review: due now, within the review window (%s to %s) "
				   "(last: %s)",
				   fy_en, from_en, to_en, last_en));
	free(name);
}
