/* jma_feed_store.c — see jma_feed_store.h. */
#include "store/jma_feed_store.h"

#include <time.h>

#include "store/db.h"
#include "util/xalloc.h"

/* See jma_feed_store.h. */
int jma_feed_store_seen(struct store *st, const char *entry_id, const char *link, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s,
		       "SELECT 1 FROM jma_feed_entries WHERE link = ?2 "
		       "OR (?1 <> '' AND entry_id = ?1) LIMIT 1",
		       e))
		return -1;
	db_bind_text(&s, 1, entry_id);
	db_bind_text(&s, 2, link);
	int r = db_step(&s, e);
	db_finalize(&s);
	return r;
}

/* See jma_feed_store.h. */
int jma_feed_store_add(struct store *st, const char *feed, const char *entry_id, const char *link,
		       const char *type, const char *outcome, int64_t report, const char *reason,
		       struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_begin(&st->db, e))
		return -1;
	if (db_prepare(&st->db, &s,
		       "INSERT INTO jma_feed_entries (fetched_at, feed, entry_id, link, type, outcome, "
		       "report, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		       e))
		goto fail;
	db_bind_int(&s, 1, (int64_t)time(NULL));
	db_bind_text(&s, 2, feed);
	db_bind_text(&s, 3, entry_id);
	db_bind_text(&s, 4, link);
	db_bind_text(&s, 5, type);
	db_bind_text(&s, 6, outcome);
	db_bind_int_or_null(&s, 7, report, 0);
	db_bind_text(&s, 8, reason);
	if (db_run(&s, e))
		goto fail;
	db_finalize(&s);
	return db_commit(&st->db, e) ? (db_rollback(&st->db), -1) : 0;
fail:
	db_finalize(&s);
	db_rollback(&st->db);
	return -1;
}

/* See jma_feed_store.h. */
int jma_feed_store_validators(struct store *st, const char *feed, char **last_modified,
			      char **etag, struct err *e)
{
	struct stmt s = STMT_INIT;
	*last_modified = *etag = NULL;
	if (db_prepare(&st->db, &s,
		       "SELECT last_modified, etag FROM jma_feed_state WHERE feed = ?1", e))
		return -1;
	db_bind_text(&s, 1, feed);
	int r = db_step(&s, e);
	*last_modified = r == 1 ? db_col_dup(&s, 0) : xstrdup("");
	*etag = r == 1 ? db_col_dup(&s, 1) : xstrdup("");
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}

/* See jma_feed_store.h. */
int jma_feed_store_polled(struct store *st, const char *feed, const char *last_modified,
			  const char *etag, const char *status, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_begin(&st->db, e))
		return -1;
	/* A poll that did not handle the feed whole keeps the validators of
	 * the last one that did (?5 = 0), so nothing is skipped later.  The
	 * kept row's columns are named with their table: PostgreSQL finds a
	 * bare one ambiguous beside excluded's. */
	if (db_prepare(&st->db, &s,
		       "INSERT INTO jma_feed_state (feed, last_modified, etag, polled_at, status) "
		       "VALUES (?1, ?2, ?3, ?4, ?6) ON CONFLICT (feed) DO UPDATE SET "
		       "last_modified = CASE WHEN ?5 = 1 THEN excluded.last_modified "
		       "ELSE jma_feed_state.last_modified END, "
		       "etag = CASE WHEN ?5 = 1 THEN excluded.etag ELSE jma_feed_state.etag END, "
		       "polled_at = excluded.polled_at, status = excluded.status",
		       e))
		goto fail;
	db_bind_text(&s, 1, feed);
	db_bind_text(&s, 2, last_modified ? last_modified : "");
	db_bind_text(&s, 3, last_modified && etag ? etag : "");
	db_bind_int(&s, 4, (int64_t)time(NULL));
	db_bind_int(&s, 5, last_modified != NULL);
	db_bind_text(&s, 6, status);
	if (db_run(&s, e))
		goto fail;
	db_finalize(&s);
	return db_commit(&st->db, e) ? (db_rollback(&st->db), -1) : 0;
fail:
	db_finalize(&s);
	db_rollback(&st->db);
	return -1;
}
