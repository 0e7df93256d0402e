/*
 * version_store.h — versions of the plan (策定・改訂): submitted snapshots,
 * their approval as 第N版 or their rejection, and the current version.
 *
 * A snapshot is the plan's interchange document (plan_json_write), taken
 * by the caller from the draft (the plan tables) and stored whole with who
 * submitted it, when and why.  An admin decides it once: approved, it gets
 * the next number (第1版 is the establishment 策定, later ones revisions
 * 改訂) with approver and time and is frozen; rejected, it is kept with the
 * reason.  The draft goes on being edited meanwhile: the plan tables are
 * never touched here.  The database itself refuses to change a decided row
 * or delete any (triggers of migration 004), and every step is recorded in
 * the audit log in the same transaction.
 *
 * Who may approve: ROLE_ADMIN (the web route's role).  The plan's chief
 * (最高責任者) is a person in the plan, not an account, so the product
 * cannot tell which account is the chief; the agency gives the chief, or
 * whoever signs for the chief, an admin account.  An admin may approve a
 * snapshot they submitted themselves (a small agency may have one admin);
 * the audit log shows it.
 *
 * Every function returns 0 on success and -1 with e filled on a database
 * error, unless written otherwise.
 */
#ifndef ITBCP_STORE_VERSION_STORE_H
#define ITBCP_STORE_VERSION_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

enum version_state { VERSION_PENDING, VERSION_APPROVED, VERSION_REJECTED };

struct plan_version {
	int64_t id;              /* the submission's number (提出番号) */
	enum version_state state;
	int64_t number;          /* N of 第N版 when approved, else 0 */
	char hash[65];           /* SHA-256 of the document, hex */
	char submitted_by[65];
	char submitted_at[24];   /* UTC, YYYY-MM-DDTHH:MM:SSZ */
	char *comment;           /* malloc'ed (version_release) */
	char decided_by[65];     /* "" while pending */
	char decided_at[24];
	char *reason;            /* malloc'ed: why rejected */
	size_t doc_bytes;
};

/* Frees what v owns (not v). */
void version_release(struct plan_version *v);
/* Frees a list from version_list(). */
void version_list_free(struct plan_version *v, size_t n);

/* "pending" / "approved" / "rejected". */
const char *version_state_name(enum version_state s);

/* Stores document (a plan_json_write() output) as a pending submission by
 * actor with comment, recorded as "version.submit".  *id_out (when not
 * NULL) receives its id.  Returns 1 (storing nothing) when a submission is
 * already pending: it must be decided first. */
int version_submit(struct store *st, const char *document, const char *actor,
		   const char *comment, int64_t *id_out, struct err *e);

/* Decides pending submission id: approve gives it the next number (into
 * *number_out when not NULL), recorded as "version.approve"; otherwise it
 * is rejected with reason, recorded as "version.reject".  Returns 1
 * (changing nothing) when id is not pending (unknown or decided). */
int version_decide(struct store *st, int64_t id, bool approve, const char *actor,
		   const char *reason, int64_t *number_out, struct err *e);

/* Every submission, newest first (*out malloc'ed: version_list_free). */
int version_list(struct store *st, struct plan_version **out, size_t *n, struct err *e);

/* Submission id into *out (version_release) and, when document is not
 * NULL, its document (free()).  Returns 1 when there is no such id. */
int version_get(struct store *st, int64_t id, struct plan_version *out, char **document,
		struct err *e);
/* The id of the submission approved as 第number版; 1 when none. */
int version_by_number(struct store *st, int64_t number, int64_t *id, struct err *e);

/* The plan's current version: N of the latest 第N版 (>= 1), with *out
 * filled when out is not NULL (version_release); 0 when no version has
 * been approved yet (*out zeroed); -1 with e filled on a database error.
 * For documents that carry their version ("第3版 令和8年4月1日"). */
int version_current(struct store *st, struct plan_version *out, struct err *e);

#endif
