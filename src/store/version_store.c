/*
 * version_store.c — the SQL of plan versions (version_store.h).
 *
 * Table plan_versions of migration 004.  Numbers are given inside the
 * deciding transaction (max + 1), so two admins approving at once cannot
 * give the same number: the second transaction waits for the first, and
 * the UNIQUE constraint would refuse a duplicate anyway.
 */
#include "store/outbox_notice.h"
#include "store/version_store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/users.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define VERSION_COLS                                                                         \
	"id, state, coalesce(number, 0), doc_hash, submitted_by, submitted_at, comment, "    \
	"coalesce(decided_by, ''), coalesce(decided_at, ''), reason, length(document)"

const char *version_state_name(enum version_state s)
{
	switch (s) {
	case VERSION_APPROVED: return "approved";
	case VERSION_REJECTED: return "rejected";
	default: return "pending";
	}
}

void version_release(struct plan_version *v)
{
	free(v->comment);
	free(v->reason);
	v->comment = v->reason = NULL;
}

void version_list_free(struct plan_version *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		version_release(&v[i]);
	free(v);
}

/* Copies s into a fixed field of n bytes (cut when longer). */
static void copy_field(char *dst, size_t n, const char *s)
{
	snprintf(dst, n, "%s", s);
}

/* Fills v from the current row (columns VERSION_COLS). */
static void read_row(struct stmt *s, struct plan_version *v)
{
	memset(v, 0, sizeof *v);
	v->id = db_col_int(s, 0);
	const char *state = db_col_text(s, 1);
	v->state = strcmp(state, "approved") == 0   ? VERSION_APPROVED
		   : strcmp(state, "rejected") == 0 ? VERSION_REJECTED
						    : VERSION_PENDING;
	v->number = db_col_int(s, 2);
	copy_field(v->hash, sizeof v->hash, db_col_text(s, 3));
	copy_field(v->submitted_by, sizeof v->submitted_by, db_col_text(s, 4));
	copy_field(v->submitted_at, sizeof v->submitted_at, db_col_text(s, 5));
	v->comment = db_col_dup(s, 6);
	copy_field(v->decided_by, sizeof v->decided_by, db_col_text(s, 7));
	copy_field(v->decided_at, sizeof v->decided_at, db_col_text(s, 8));
	v->reason = db_col_dup(s, 9);
	v->doc_bytes = (size_t)db_col_int(s, 10);
}

int version_submit(struct store *st, const char *document, const char *actor,
		   const char *comment, int64_t *id_out, struct err *e)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65], now[24], detail[64];
	struct stmt s = STMT_INIT;
	int rc = -1;
	crypto_hash_sha256(h, (const unsigned char *)document, strlen(document));
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	users_now_utc(now);
	if (db_begin(&st->db, e))
		return -1;
	if (db_int(&st->db, 0, "SELECT count(*) FROM plan_versions WHERE state = 'pending'", NULL)) {
		rc = 1;
		goto fail;
	}
	if (db_prepare(&st->db, &s,
		       "INSERT INTO plan_versions (document, doc_hash, submitted_by, submitted_at, "
		       "comment) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
		       e))
		goto fail;
	db_bind_text(&s, 1, document);
	db_bind_text(&s, 2, hex);
	db_bind_text(&s, 3, actor);
	db_bind_text(&s, 4, now);
	db_bind_text(&s, 5, comment ? comment : "");
	int64_t id = 0;
	if (db_run_id(&s, &id, e))
		goto fail;
	db_finalize(&s);
	char target[32];
	snprintf(target, sizeof target, "submission/%lld", (long long)id);
	snprintf(detail, sizeof detail, "sha256=%.16s", hex);
	/* the admins are told with the submission, or not at all (issue 14) */
	if (users_audit_add(st, actor, "version.submit", target, detail, e) ||
	    store_notice_approval(st, actor, comment, NULL, e) || db_commit(&st->db, e))
		goto fail;
	if (id_out)
		*id_out = id;
	return 0;
fail:
	db_finalize(&s);
	db_rollback(&st->db);
	return rc;
}

int version_decide(struct store *st, int64_t id, bool approve, const char *actor,
		   const char *reason, int64_t *number_out, struct err *e)
{
	char now[24], target[32], idtext[24];
	struct stmt s = STMT_INIT;
	int rc = -1;
	int64_t number = 0;
	users_now_utc(now);
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	if (db_begin(&st->db, e))
		return -1;
	if (db_int(&st->db, 0, "SELECT count(*) FROM plan_versions WHERE state = 'pending' AND id = ?1",
		   idtext) == 0) {
		rc = 1;
		goto fail;
	}
	if (approve)
		number = db_int(&st->db, 0, "SELECT coalesce(max(number), 0) + 1 FROM plan_versions",
				NULL);
	if (db_prepare(&st->db, &s,
		       "UPDATE plan_versions SET state = ?2, number = ?3, decided_by = ?4, "
		       "decided_at = ?5, reason = ?6 WHERE id = ?1 AND state = 'pending'",
		       e))
		goto fail;
	db_bind_int(&s, 1, id);
	db_bind_text(&s, 2, approve ? "approved" : "rejected");
	if (approve)
		db_bind_int(&s, 3, number);
	else
		db_bind_null(&s, 3);
	db_bind_text(&s, 4, actor);
	db_bind_text(&s, 5, now);
	db_bind_text(&s, 6, reason ? reason : "");
	if (db_step(&s, e) < 0)
		goto fail;
	db_finalize(&s);
	snprintf(target, sizeof target, "submission/%lld", (long long)id);
	struct buf detail = BUF_INIT;
	if (approve)
		buf_addf(&detail, "第%lld版", (long long)number);
	else
		buf_addf(&detail, "reason=%.200s", reason ? reason : "");
	int r = users_audit_add(st, actor, approve ? "version.approve" : "version.reject", target,
				detail.data, e);
	buf_release(&detail);
	if (r || db_commit(&st->db, e))
		goto fail;
	if (number_out)
		*number_out = number;
	return 0;
fail:
	db_finalize(&s);
	db_rollback(&st->db);
	return rc;
}

int version_list(struct store *st, struct plan_version **out, size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	struct plan_version *v = NULL;
	size_t cap = 0, k = 0;
	int r;
	*out = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s, "SELECT " VERSION_COLS " FROM plan_versions ORDER BY id DESC", e))
		return -1;
	while ((r = db_step(&s, e)) == 1) {
		v = xgrow(v, &cap, k + 1, sizeof *v);
		read_row(&s, &v[k++]);
	}
	db_finalize(&s);
	if (r < 0) {
		version_list_free(v, k);
		return -1;
	}
	*out = v;
	*n = k;
	return 0;
}

int version_get(struct store *st, int64_t id, struct plan_version *out, char **document,
		struct err *e)
{
	struct stmt s = STMT_INIT;
	memset(out, 0, sizeof *out);
	if (document)
		*document = NULL;
	if (db_prepare(&st->db, &s, "SELECT " VERSION_COLS ", document FROM plan_versions WHERE id = ?1",
		       e))
		return -1;
	db_bind_int(&s, 1, id);
	int r = db_step(&s, e);
	if (r == 1) {
		read_row(&s, out);
		if (document)
			*document = db_col_dup(&s, 11);
	}
	db_finalize(&s);
	return r < 0 ? -1 : r == 1 ? 0 : 1;
}

int version_by_number(struct store *st, int64_t number, int64_t *id, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s, "SELECT id FROM plan_versions WHERE number = ?1", e))
		return -1;
	db_bind_int(&s, 1, number);
	int r = db_step(&s, e);
	if (r == 1)
		*id = db_col_int(&s, 0);
	db_finalize(&s);
	return r < 0 ? -1 : r == 1 ? 0 : 1;
}

int version_current(struct store *st, struct plan_version *out, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (out)
		memset(out, 0, sizeof *out);
	if (db_prepare(&st->db, &s,
		       "SELECT " VERSION_COLS " FROM plan_versions WHERE state = 'approved' "
		       "ORDER BY number DESC LIMIT 1",
		       e))
		return -1;
	int r = db_step(&s, e);
	int64_t number = 0;
	if (r == 1) {
		number = db_col_int(&s, 2);
		if (out)
			read_row(&s, out);
	}
	db_finalize(&s);
	if (r < 0)
		return -1;
	return (int)number;
}
