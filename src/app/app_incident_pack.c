/*
 * app_incident_pack.c — the offline pack's ticks taken into an incident's
 * record (issue 17, item 4): `itbcp incident import-ticks` and the web's
 * upload on the checklist page.
 *
 * The file is read strictly first (format/pack_ticks.h), then checked
 * against the incident under its write lock: the procedure must be the
 * incident's, every item one of its steps from the plan, every time
 * between the event (less the phones' clock skew) and now (plus it).  Any
 * problem refuses the whole file with nothing written.  Then each tick
 * not taken in before becomes one timeline entry through the same store
 * path as a step done on the board (store_incident_pack_tick, beside
 * store_incident_step_put), marked "source": "pack" with who ticked it
 * and when; a step not yet done becomes done at the tick's time.  All of
 * it is one transaction: a file is taken in whole or not at all, and the
 * same file again adds nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_incident.h"
#include "format/pack_ticks.h"
#include "rules/crisis.h"
#include "store/incident_store.h"
#include "util/xalloc.h"

/* A phone's clock may be off by this much either way (seconds). */
#define PACK_CLOCK_SKEW (15 * 60)

/* The incident's step of the plan with id item, or NULL (added steps are
 * not in any pack). */
static struct incident_step *plan_step(struct incident *inc, const char *item)
{
	for (size_t i = 0; i < inc->n_steps; i++)
		if (!inc->steps[i].added && strcmp(inc->steps[i].step, item) == 0)
			return &inc->steps[i];
	return NULL;
}

/* Checks every tick of t against inc (see the top of the file). */
static int check_ticks(struct incident *inc, const struct pack_ticks *t, const char *name,
		       int64_t now, enum lang lang, struct err *e)
{
	if (strcmp(t->procedure, inc->procedure) != 0)
		return err_set(
			e,
			L(lang, "%s: $.procedure: 手順 %s のチェックですが、インシデント %lld の手順は %s です",
			  "%s: $.procedure: the ticks are of procedure %s, but incident %lld runs %s"),
			name, t->procedure, (long long)inc->id,
			inc->procedure[0] ? inc->procedure : L(lang, "（なし）", "(none)"));
	char lo[32], hi[32];
	for (size_t i = 0; i < t->n; i++) {
		const struct pack_tick *k = &t->ticks[i];
		if (!plan_step(inc, k->item))
			return err_set(e, "%s: $.ticks[%zu].item: %s %s", name, i, k->item,
				       L(lang, "はこのインシデントの手順にありません",
					 "is not a step of this incident"));
		if (k->at < inc->started_at - PACK_CLOCK_SKEW || k->at > now + PACK_CLOCK_SKEW) {
			crisis_time_short(inc->started_at, lo, sizeof lo);
			crisis_time_short(now, hi, sizeof hi);
			return err_set(e, "%s: $.ticks[%zu].at: %s (%s – %s)", name, i,
				       L(lang, "発生時刻より前か、現在より後の時刻です",
					 "is before the event or after now"),
				       lo, hi);
		}
	}
	return 0;
}

/* The entry's content: the step as step.done writes it, and where the
 * tick came from. */
static json_t *tick_content(const struct incident_step *s, const struct pack_ticks *t,
			    const struct pack_tick *k, bool changed)
{
	json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "step", s->step,
			      "no", (json_int_t)s->no, "title", s->title, "action",
			      changed ? "done" : "ticked", "state", step_state_name(s->state),
			      "note", s->note, "source", "pack", "pack", t->pack, "ticked_by", k->by);
	json_object_set_new(o, "ticked_at", app_incident_json_time(k->at));
	json_object_set_new(o, "started_at", app_incident_json_time(s->started_at));
	json_object_set_new(o, "done_at", app_incident_json_time(s->done_at));
	json_object_set_new(o, "taken_by", json_string(s->taken_by));
	return o;
}

/* Takes in the ticks of t not seen before (st holds the write lock). */
static int take_in(struct store *st, struct incident *inc, const struct pack_ticks *t, int64_t now,
		   const char *author, struct app_ticks_result *res, struct err *e)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct pack_tick *k = &t->ticks[i];
		struct incident_step *s = plan_step(inc, k->item);
		bool seen;
		if (store_incident_pack_seen(st, inc->id, s->step, k->at, k->by, &seen, e))
			return -1;
		if (seen) {
			res->already++;
			continue;
		}
		bool changed = s->state != STEP_DONE;
		if (changed) {
			if (s->started_at == NO_VALUE || s->started_at > k->at)
				s->started_at = k->at;
			s->done_at = k->at;
			s->state = STEP_DONE;
			if (!s->taken_by[0] && k->by[0]) {
				free(s->taken_by);
				s->taken_by = xstrdup(k->by);
			}
			res->done++;
		}
		json_t *content = tick_content(s, t, k, changed);
		int rc = store_incident_pack_tick(st, inc->id, s, k->at, k->by, now, author,
						  changed ? "step.done" : "step.pack", content, e);
		json_decref(content);
		if (rc)
			return -1;
		res->added++;
	}
	return 0;
}

/* See app_incident.h. */
int app_incident_import_ticks(const char *db_path, int64_t id, const char *data, size_t len,
			      const char *name, const char *author, enum lang lang,
			      struct app_ticks_result *res, struct err *e)
{
	struct pack_ticks t = PACK_TICKS_INIT;
	struct store st = STORE_INIT;
	struct incident inc = INCIDENT_INIT;
	memset(res, 0, sizeof *res);
	if (app_incident_check_text("--as", author, INCIDENT_AUTHOR_MAX, false, lang, e))
		return -1;
	if (!author || !*author)
		return err_set(e, "--as: %s",
			       L(lang, "記録者の名前が必要です", "an author name is needed"));
	if (pack_ticks_parse(data, len, name, lang, &t, e))
		return -1;
	int rc = -1;
	if (app_incident_open_write(db_path, id, lang, &st, &inc, e))
		goto out_ticks;
	int64_t now = app_incident_now();
	rc = check_ticks(&inc, &t, name, now, lang, e);
	if (rc == 0)
		rc = take_in(&st, &inc, &t, now, author, res, e);
	rc = app_incident_finish_write(&st, rc, e);
	if (rc)
		memset(res, 0, sizeof *res);
	incident_release(&inc);
	store_close(&st);
out_ticks:
	pack_ticks_release(&t);
	return rc;
}
