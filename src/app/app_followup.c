/*
 * app_followup.c — holds ended, reminders, deputies (app_followup.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_followup.h"
#include "app/app_witness.h"
#include "rules/crisis.h"
#include "rules/rules.h"
#include "store/incident_store.h"
#include "store/outbox_followup.h"
#include "store/outbox_hold.h"
#include "store/outbox_notice.h"
#include "store/settings_store.h"
#include "util/xalloc.h"

/* A whole-number setting within [0, max], else def. */
static int setting_int(struct store *st, const char *key, long def, long max, long *out,
		       struct err *e)
{
	char *v = NULL;
	*out = def;
	int r = store_setting_get(st, key, &v, e);
	if (r == 1 && *v) {
		char *end;
		long x = strtol(v, &end, 10);
		if (!*end && x >= 0 && x <= max)
			*out = x;
	}
	free(v);
	return r < 0 ? -1 : 0;
}

/* Ends the holds that ran out: their call-outs go now. */
static int release_holds(struct store *st, int64_t now, struct app_followup_stats *s,
			 struct err *e)
{
	int64_t *ids = NULL;
	size_t n = 0;
	if (store_hold_due(st, now, &ids, &n, e))
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t q = 0;
		int r = store_hold_end(st, ids[i], HOLD_SENT,
				       "保留時間が過ぎたため、安否確認の連絡を送信しました。 / The hold ended: "
				       "the check-in links are being sent.",
				       now, "itbcp", &q, e);
		if (r < 0)
			rc = -1;
		else if (r == 0) {
			s->released++;
			s->queued += q;
		}
	}
	free(ids);
	return rc;
}

/* The deputies of person in incident (loaded once per incident into
 * *inc), told. */
static int tell_deputies(struct store *st, const struct followup_row *x, struct incident *inc,
			 int64_t now, struct app_followup_stats *s, struct err *e)
{
	if (inc->id != x->incident) {
		incident_release(inc);
		int r = store_incident_load_board(st, x->incident, inc, e);
		if (r)
			return r < 0 ? -1 : 0; /* gone: nothing to tell */
		incident_index_people(inc);
	}
	const char **dep = xcalloc(inc->n_holders + 1, sizeof *dep);
	size_t nd = crisis_deputies(inc, x->person, dep, inc->n_holders);
	size_t q = 0;
	int r = store_followup_deputies(st, x->incident, x->person, x->reminders, dep, nd, now, &q,
					e);
	free(dep);
	if (r == 0 && nd) {
		s->deputies++;
		s->queued += q;
	}
	return r < 0 ? -1 : 0;
}

/* The annual review (R8) due or overdue today: the planners are told,
 * once per window.  The plan is the store's cached one: a look costs a
 * PRAGMA and one read while nothing changes. */
static int review_due(struct store *st, struct app_followup_stats *s, struct err *e)
{
	const struct plan *p = store_plan_cached(st, e);
	if (!p)
		return -1;
	struct review_status rs;
	review_status_compute(p, civil_date_today(), &rs);
	if (rs.state != REVIEW_DUE && rs.state != REVIEW_OVERDUE)
		return 0;
	char from[16], to[16];
	snprintf(from, sizeof from, "%04d-%02d-%02d", rs.window_from.y, rs.window_from.m,
		 rs.window_from.d);
	snprintf(to, sizeof to, "%04d-%02d-%02d", rs.window_to.y, rs.window_to.m, rs.window_to.d);
	size_t q = 0;
	int r = store_notice_review_due(st, from, to, rs.state == REVIEW_OVERDUE, &q, e);
	if (r == 0 && q) {
		s->reviews++;
		s->queued += q;
	}
	return r < 0 ? -1 : 0;
}

/* Steps written in one transaction (see app_followup_tick). */
#define FOLLOWUP_BATCH 64

/* Commits the batch and adds its stats to s. */
static int commit_batch(struct store *st, struct app_followup_stats *s,
			struct app_followup_stats *batch, size_t *in_batch, struct err *e)
{
	int rc = store_commit(st, e);
	if (rc == 0) {
		s->reminded += batch->reminded;
		s->deputies += batch->deputies;
		s->queued += batch->queued;
	} else {
		store_rollback(st);
	}
	*batch = (struct app_followup_stats){ 0 };
	*in_batch = 0;
	return rc;
}

/* See app_followup.h. */
int app_followup_tick(struct store *st, int64_t now, struct app_followup_stats *stats,
		      struct err *e)
{
	struct app_followup_stats dummy = { 0 };
	struct app_followup_stats *s = stats ? stats : &dummy;
	long interval, count;
	size_t witnessed = 0;
	if (release_holds(st, now, s, e) || review_due(st, s, e) ||
	    app_witness_tick(st, now, &witnessed, e) ||
	    setting_int(st, "remind_interval", APP_REMIND_INTERVAL_DEFAULT, 86400, &interval, e) ||
	    setting_int(st, "remind_count", APP_REMIND_COUNT_DEFAULT, 10, &count, e))
		return -1;
	s->queued += witnessed;
	if (interval <= 0)
		return 0;
	struct followup_row *v = NULL;
	size_t n = 0;
	if (store_followup_silent(st, &v, &n, e))
		return -1;
	/* The steps due are written FOLLOWUP_BATCH to a transaction: one
	 * synced commit for many (3,000 reminders one by one took 8.7 s
	 * here), yet short enough not to hold the check-in writer back long.
	 * A failed batch is rolled back whole and its steps are taken at the
	 * next look; the stats count only what was committed. */
	struct incident inc = INCIDENT_INIT;
	struct app_followup_stats batch = { 0 };
	size_t in_batch = 0;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct followup_row *x = &v[i];
		struct crisis_remind_state rs = { .last_at = x->last_at,
						  .reminders = x->reminders,
						  .answered = x->answered };
		enum crisis_remind what = crisis_remind_next(&rs, interval, (int)count, now, NULL);
		if (what != REMIND_PERSON && what != REMIND_DEPUTIES)
			continue;
		if (in_batch == 0 && store_begin(st, e)) {
			rc = -1;
			break;
		}
		if (what == REMIND_PERSON) {
			size_t q = 0;
			int r = store_followup_remind(st, x->incident, x->person, x->reminders, now,
						      &q, e);
			if (r < 0)
				rc = -1;
			else if (r == 0) {
				batch.reminded++;
				batch.queued += q;
			}
		} else {
			rc = tell_deputies(st, x, &inc, now, &batch, e);
		}
		if (rc == 0 && ++in_batch == FOLLOWUP_BATCH)
			rc = commit_batch(st, s, &batch, &in_batch, e);
	}
	if (in_batch && rc == 0)
		rc = commit_batch(st, s, &batch, &in_batch, e);
	else if (in_batch)
		store_rollback(st);
	incident_release(&inc);
	store_followup_free(v, n);
	return rc;
}

/* See app_followup.h. */
int app_followup_hook(struct store *st, int64_t now, void *arg, struct err *e)
{
	(void)arg;
	struct app_followup_stats s = { 0 };
	if (app_followup_tick(st, now, &s, e))
		return -1;
	return s.queued > 1000000 ? 1000000 : (int)s.queued;
}
