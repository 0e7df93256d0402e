/* jma_store.c — see jma_store.h. */
#include "store/jma_store.h"

#include <stdlib.h>
#include <time.h>

#include "store/db.h"
#include "util/xalloc.h"

void jma_row_release(struct jma_row *r)
{
	free(r->source);
	free(r->digest);
	free(r->type);
	free(r->status);
	free(r->info);
	free(r->event_id);
	free(r->title);
	free(r->max_intensity);
	free(r->decision);
	free(r->reason);
	*r = (struct jma_row){ 0 };
}

int64_t jma_store_find_digest(struct store *st, const char *digest, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s, "SELECT id FROM jma_reports WHERE digest = ?1", e))
		return -1;
	db_bind_text(&s, 1, digest);
	int r = db_step(&s, e);
	int64_t id = r == 1 ? db_col_int(&s, 0) : 0;
	db_finalize(&s);
	return r < 0 ? -1 : id;
}

int64_t jma_store_event_incident(struct store *st, const char *event_id, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s,
		       "SELECT incident FROM jma_reports WHERE event_id = ?1 AND event_id <> '' "
		       "AND decision IN ('started', 'drill', 'joined') ORDER BY id LIMIT 1",
		       e))
		return -1;
	db_bind_text(&s, 1, event_id);
	int r = db_step(&s, e);
	int64_t id = r == 1 ? db_col_int(&s, 0) : 0;
	db_finalize(&s);
	return r < 0 ? -1 : id;
}

int jma_store_add(struct store *st, struct jma_row *r, const void *body, size_t len,
		  struct err *e)
{
	struct stmt s = STMT_INIT;
	r->received_at = (int64_t)time(NULL);
	if (db_begin(&st->db, e))
		return -1;
	if (db_prepare(&st->db, &s,
		       "INSERT INTO jma_reports (received_at, source, digest, type, status, info, "
		       "event_id, serial, title, max_intensity, decision, reason, incident, body) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id",
		       e))
		goto fail;
	db_bind_int(&s, 1, r->received_at);
	db_bind_text(&s, 2, r->source);
	db_bind_text(&s, 3, r->digest);
	db_bind_text(&s, 4, r->type);
	db_bind_text(&s, 5, r->status);
	db_bind_text(&s, 6, r->info);
	db_bind_text(&s, 7, r->event_id);
	db_bind_int_or_null(&s, 8, r->serial, -1);
	db_bind_text(&s, 9, r->title);
	db_bind_text(&s, 10, r->max_intensity);
	db_bind_text(&s, 11, r->decision);
	db_bind_text(&s, 12, r->reason);
	db_bind_int_or_null(&s, 13, r->incident, 0);
	db_bind_blob(&s, 14, body, (int)len);
	if (db_run_id(&s, &r->id, e))
		goto fail;
	db_finalize(&s);
	if (db_commit(&st->db, e))
		goto fail;
	return 0;
fail:
	db_finalize(&s);
	db_rollback(&st->db);
	return -1;
}

#define ROW_COLS                                                                             \
	"id, received_at, source, digest, type, status, info, event_id, serial, title, "       \
	"max_intensity, decision, reason, incident"

/* One row of ROW_COLS into x. */
static void jma_store_read_row(struct stmt *s, struct jma_row *x)
{
	x->id = db_col_int(s, 0);
	x->received_at = db_col_int(s, 1);
	x->source = db_col_dup(s, 2);
	x->digest = db_col_dup(s, 3);
	x->type = db_col_dup(s, 4);
	x->status = db_col_dup(s, 5);
	x->info = db_col_dup(s, 6);
	x->event_id = db_col_dup(s, 7);
	x->serial = db_col_int_or(s, 8, -1);
	x->title = db_col_dup(s, 9);
	x->max_intensity = db_col_dup(s, 10);
	x->decision = db_col_dup(s, 11);
	x->reason = db_col_dup(s, 12);
	x->incident = db_col_int_or(s, 13, 0);
}

int jma_store_get(struct store *st, int64_t id, struct jma_row *out, struct err *e)
{
	struct stmt s = STMT_INIT;
	*out = (struct jma_row){ 0 };
	if (db_prepare(&st->db, &s, "SELECT " ROW_COLS " FROM jma_reports WHERE id = ?1", e))
		return -1;
	db_bind_int(&s, 1, id);
	int r = db_step(&s, e);
	if (r == 1)
		jma_store_read_row(&s, out);
	db_finalize(&s);
	if (r == 0)
		err_set(e, "JMA report %lld: not found", (long long)id);
	return r == 1 ? 0 : -1;
}

int jma_store_list(struct store *st, size_t max, struct jma_row **out, struct err *e)
{
	struct stmt s = STMT_INIT;
	*out = NULL;
	if (db_prepare(&st->db, &s,
		       "SELECT " ROW_COLS " FROM jma_reports ORDER BY id DESC LIMIT ?1",
		       e))
		return -1;
	db_bind_int(&s, 1, (int64_t)max);
	size_t n = 0, cap = 0;
	int r;
	while ((r = db_step(&s, e)) == 1) {
		*out = xgrow(*out, &cap, n + 1, sizeof **out);
		jma_store_read_row(&s, &(*out)[n++]);
	}
	db_finalize(&s);
	if (r < 0) {
		for (size_t i = 0; i < n; i++)
			jma_row_release(&(*out)[i]);
		free(*out);
		*out = NULL;
		return -1;
	}
	return (int)n;
}
