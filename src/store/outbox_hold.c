/*
 * outbox_hold.c — the hold before the call-out (outbox_hold.h).
 */
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/incident_store.h"
#include "store/outbox_hold.h"
#include "store/outbox_store.h"
#include "store/settings_store.h"
#include "util/xalloc.h"

static const char *const outbox_hold_names[] = { "", "held", "sent", "stopped", "withdrawn" };

/* See outbox_hold.h. */
const char *outbox_hold_name(enum outbox_hold h)
{
	return (unsigned)h < sizeof outbox_hold_names / sizeof outbox_hold_names[0]
		       ? outbox_hold_names[h]
		       : "";
}

/* The hold set, in seconds (0 when none, or delivery is not set up). */
static int hold_seconds(struct store *st, int64_t *out, struct err *e)
{
	char *v = NULL, *base = NULL;
	*out = 0;
	int r = store_setting_get(st, "callout_hold", &v, e);
	if (r == 1) {
		char *end;
		long long x = strtoll(v, &end, 10);
		if (!*end && x > 0 && x <= OUTBOX_HOLD_MAX)
			*out = x;
	}
	free(v);
	if (r >= 0 && *out) {
		r = store_setting_get(st, "public_url", &base, e);
		if (r == 0 || (base && !*base))
			*out = 0; /* nothing would be queued: nothing to hold */
		free(base);
	}
	return r < 0 ? -1 : 0;
}

/* See outbox_hold.h. */
int store_outbox_start(struct store *st, const struct incident *inc, int64_t now, struct err *e)
{
	int64_t hold;
	if (hold_seconds(st, &hold, e))
		return -1;
	if (!hold)
		return store_outbox_callout(st, inc, NULL, 0, NULL, e);
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s,
		       "UPDATE incidents SET hold_state = 'held', hold_until = ?2 WHERE id = ?1", e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	db_bind_int(&s, 2, now + hold);
	int rc = db_run(&s, e);
	db_finalize(&s);
	return rc;
}

/* See outbox_hold.h. */
int store_hold_get(struct store *st, int64_t incident, enum outbox_hold *h, int64_t *until,
		   struct err *e)
{
	struct stmt s = STMT_INIT;
	*h = HOLD_NONE;
	*until = NO_VALUE;
	if (db_prepare(&st->db, &s, "SELECT hold_state, hold_until FROM incidents WHERE id = ?1", e))
		return -1;
	db_bind_int(&s, 1, incident);
	int r = db_step(&s, e);
	if (r == 1) {
		const char *v = db_col_text(&s, 0);
		for (size_t i = 0; i < sizeof outbox_hold_names / sizeof outbox_hold_names[0]; i++)
			if (strcmp(v, outbox_hold_names[i]) == 0)
				*h = (enum outbox_hold)i;
		*until = db_col_int_or(&s, 1, NO_VALUE);
	}
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}

/* See outbox_hold.h. */
int store_hold_due(struct store *st, int64_t now, int64_t **ids, size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	*ids = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s,
		       "SELECT id FROM incidents WHERE hold_state = 'held' AND state = 'open' AND "
		       "hold_until <= ?1 ORDER BY id",
		       e))
		return -1;
	db_bind_int(&s, 1, now);
	while ((r = db_step(&s, e)) == 1) {
		*ids = xgrow(*ids, &cap, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = db_col_int(&s, 0);
	}
	db_finalize(&s);
	if (r < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* See outbox_hold.h. */
int store_hold_end(struct store *st, int64_t incident, enum outbox_hold how, const char *note,
		   int64_t at, const char *author, size_t *queued, struct err *e)
{
	struct stmt s = STMT_INIT;
	struct incident inc = INCIDENT_INIT;
	int64_t seq;
	*queued = 0;
	if (how != HOLD_SENT && how != HOLD_STOPPED && how != HOLD_WITHDRAWN)
		return err_set(e, "hold: no such end");
	if (db_begin(&st->db, e))
		return -1;
	/* only while held (sent: also after a stop or a withdrawal, by a
	 * person): whoever ends it first ends it, and it goes at most once */
	int rc = db_prepare(&st->db, &s,
			    how == HOLD_SENT
				    ? "UPDATE incidents SET hold_state = ?2 WHERE id = ?1 AND "
				      "hold_state IN ('held', 'stopped', 'withdrawn') AND state = 'open'"
				    : "UPDATE incidents SET hold_state = ?2 WHERE id = ?1 AND "
				      "hold_state = 'held' AND state = 'open'",
			    e);
	if (rc == 0) {
		db_bind_int(&s, 1, incident);
		db_bind_text(&s, 2, outbox_hold_name(how));
		rc = db_run(&s, e);
	}
	db_finalize(&s);
	if (rc == 0 && db_changes(&st->db) == 0) {
		db_rollback(&st->db);
		return 1;
	}
	if (rc == 0 && how == HOLD_SENT) {
		int r = store_incident_load_board(st, incident, &inc, e);
		rc = r == 0 ? store_outbox_callout(st, &inc, NULL, 0, queued, e) : -1;
	}
	if (rc == 0)
		rc = store_incident_record_add(st, incident, "note", note, at, author, &seq, e);
	incident_release(&inc);
	if (rc == 0 && db_commit(&st->db, e) == 0)
		return 0;
	db_rollback(&st->db);
	*queued = 0;
	return -1;
}
