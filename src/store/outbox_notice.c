/*
 * outbox_notice.c — peacetime notices (outbox_notice.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"
#include "store/outbox_notice.h"
#include "store/outbox_queue.h"
#include "util/xalloc.h"

/* Queues what make() writes to every enabled account of role tied to a
 * person of the plan, with link public_url + path. */
static int to_role(struct store *st, const char *role, const char *kind, const char *path,
		   void (*make)(const char *name, const char *link, const void *arg,
				struct message_text *out),
		   const void *arg, size_t *queued, struct err *e)
{
	char *base = NULL, *hooks = NULL;
	struct stmt s = STMT_INIT;
	int r = outbox_queue_settings(st, &base, &hooks, e);
	if (r <= 0)
		return r;
	struct buf link = BUF_INIT;
	size_t blen = strlen(base);
	while (blen && base[blen - 1] == '/')
		blen--;
	buf_add(&link, base, blen);
	buf_adds(&link, path);
	int64_t now = (int64_t)time(NULL);
	int rc = db_prepare(&st->db, &s,
			    "SELECT DISTINCT p.id, p.name FROM users u JOIN person p ON p.id = u.person "
			    "WHERE u.role = ?1 AND u.disabled = 0 ORDER BY p.id",
			    e);
	if (rc == 0)
		db_bind_text(&s, 1, role);
	/* read first, then queue: the statement is not stepped while other
	 * statements write */
	char **ids = NULL, **names = NULL;
	size_t n = 0, cap = 0, cap2 = 0;
	while (rc == 0 && (r = db_step(&s, e)) == 1) {
		ids = xgrow(ids, &cap, n + 1, sizeof *ids);
		names = xgrow(names, &cap2, n + 1, sizeof *names);
		ids[n] = db_col_dup(&s, 0);
		names[n++] = db_col_dup(&s, 1);
	}
	if (rc == 0 && r < 0)
		rc = -1;
	db_finalize(&s);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct message_text t = { 0 };
		make(names[i], link.data, arg, &t);
		rc = outbox_queue_person(st, NO_VALUE, kind, ids[i], link.data, &t, hooks, now, queued,
					 e);
		message_text_release(&t);
	}
	for (size_t i = 0; i < n; i++) {
		free(ids[i]);
		free(names[i]);
	}
	free(ids);
	free(names);
	buf_release(&link);
	free(base);
	free(hooks);
	return rc;
}

struct approval_arg {
	const char *who, *comment;
};

static void make_approval(const char *name, const char *link, const void *arg,
			  struct message_text *out)
{
	const struct approval_arg *a = arg;
	message_approval(name, a->who, a->comment, link, out);
}

/* See outbox_notice.h. */
int store_notice_approval(struct store *st, const char *who, const char *comment, size_t *queued,
			  struct err *e)
{
	size_t q = 0;
	struct approval_arg a = { who, comment ? comment : "" };
	int rc = to_role(st, "admin", "approval", "/versions", make_approval, &a, &q, e);
	if (queued)
		*queued = rc == 0 ? q : 0;
	return rc;
}

struct review_arg {
	const char *from, *to;
	bool overdue;
};

static void make_review(const char *name, const char *link, const void *arg,
			struct message_text *out)
{
	const struct review_arg *a = arg;
	message_review_due(name, a->from, a->to, a->overdue, link, out);
}

/* See outbox_notice.h. */
int store_notice_review_due(struct store *st, const char *from, const char *to, bool overdue,
			    size_t *queued, struct err *e)
{
	struct stmt s = STMT_INIT;
	char key[64];
	size_t q = 0;
	if (queued)
		*queued = 0;
	snprintf(key, sizeof key, "review_due:%.20s", from);
	/* a look costs one read until there is something to tell */
	int told = (int)db_int(&st->db, -1, "SELECT count(*) FROM outbox_notices WHERE key = ?1", key);
	if (told)
		return told < 0 ? err_set(e, "outbox_notices: cannot read") : 1;
	/* not set up: nothing is marked, so that the planners are told once
	 * it is (an account without a person is told nothing, marked or not) */
	char *base = NULL, *hooks = NULL;
	int set_up = outbox_queue_settings(st, &base, &hooks, e);
	free(base);
	free(hooks);
	if (set_up <= 0)
		return set_up;
	if (db_begin(&st->db, e))
		return -1;
	int rc = db_prepare(&st->db, &s,
			    "INSERT INTO outbox_notices (key, at) VALUES (?1, ?2) "
			    "ON CONFLICT (key) DO NOTHING",
			    e);
	if (rc == 0) {
		db_bind_text(&s, 1, key);
		db_bind_int(&s, 2, (int64_t)time(NULL));
		rc = db_run(&s, e);
	}
	db_finalize(&s);
	if (rc == 0 && db_changes(&st->db) == 0) {
		db_rollback(&st->db); /* another sender told them meanwhile */
		return 1;
	}
	struct review_arg a = { from, to, overdue };
	if (rc == 0)
		rc = to_role(st, "planner", "review_due", "/plan/reviews", make_review, &a, &q, e);
	if (rc == 0 && db_commit(&st->db, e) == 0) {
		if (queued)
			*queued = q;
		return 0;
	}
	db_rollback(&st->db);
	return -1;
}
