/*
 * users.h — people who sign in, their sessions, and the audit log.
 *
 * All SQL for accounts lives in users.c, and so does the secret handling
 * that must never leave it: passwords become argon2id hashes
 * (crypto_pwhash_str) before they reach the database, session tokens are
 * stored only as BLAKE2b hashes, and comparisons of secrets are constant
 * time.  Callers hand in plain passwords and tokens and get yes or no.
 *
 * The audit log is append-only (triggers refuse UPDATE and DELETE) and
 * hash-chained (util/chain.h): each row's hash covers the previous row's
 * hash and its own fields, so users_audit_verify() proves the record is
 * whole.  Rows written before migration 010 keep their BLAKE2b links and
 * are verified with them (010_audit_sha256.sql says why).  A change and
 * its audit row belong in one transaction: users_audit_add() joins the
 * caller's transaction when there is one (db_begin nests).
 *
 * Every function returns 0 on success and -1 with e filled on a database
 * error, unless written otherwise.  All are safe to call from a web request.
 */
#ifndef ITBCP_STORE_USERS_H
#define ITBCP_STORE_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* Roles, in increasing power: a route's minimum role admits every role at
 * or above it.  ROLE_NONE is "anyone, signed in or not". */
enum user_role {
	ROLE_NONE = -1,
	ROLE_VIEWER = 0,    /* reads the plan, without personal contact data */
	ROLE_RESPONDER = 1, /* crisis work; sees contacts */
	ROLE_PLANNER = 2,   /* edits the plan */
	ROLE_ADMIN = 3,     /* manages users; reads the audit log */
};

/* "viewer" … "admin" ("none" for ROLE_NONE). */
const char *users_role_name(enum user_role r);
/* The role named s, or ROLE_NONE when s names none. */
enum user_role users_role_parse(const char *s);

#define USERS_NAME_MAX 64    /* bytes */
#define USERS_DISPLAY_MAX 128
#define USERS_PASSWORD_MIN 8 /* characters (password_policy.h) */
#define USERS_PASSWORD_MAX 256 /* bytes */
#define USERS_PERSON_MAX 64 /* a plan id (SCHEMA_ID_MAX) */
/* The plan's names are bounded by the plan reader; this is what is kept. */
#define USERS_PERSON_NAME_MAX 256
/* An actor as the records take it: the incident timeline's author holds
 * 100 bytes (INCIDENT_AUTHOR_MAX), so "氏名 (login)" is kept within it. */
#define USERS_ACTOR_MAX 100
#define USERS_SESSION_HOURS 12
/* A session also ends after this long without a request (a phone left
 * signed in on a desk); a board left open with 自動更新 (?auto=1) asks
 * again every minute, so a responder watching it stays signed in.  last_seen is written at most
 * once every USERS_SESSION_TOUCH_SECONDS, not on every request. */
#define USERS_SESSION_IDLE_MINUTES 120
#define USERS_SESSION_TOUCH_SECONDS 60
/* A session token in a cookie: 32 random bytes, base64url, no padding. */
#define USERS_TOKEN_LEN 43

struct user {
	int64_t id;
	char name[USERS_NAME_MAX + 1];
	char display_name[USERS_DISPLAY_MAX + 1];
	enum user_role role;
	bool disabled;
	char created_at[24]; /* UTC, YYYY-MM-DDTHH:MM:SSZ */
	/* The person of the plan this account belongs to ("" none), and their
	 * name in the plan ("" when none, or when they have left the plan). */
	char person[USERS_PERSON_MAX + 1];
	char person_name[USERS_PERSON_NAME_MAX + 1];
	bool must_change_password; /* an admin set a temporary one */
	bool totp_active;          /* has a confirmed second factor (totp_store.h) */
};

/* Checks a proposed login name (1..64 of A-Z a-z 0-9 . _ @ -); -1 with a
 * message in the person's language (lang: 0 ja, 1 en) when it is not. */
int users_check_name(const char *name, int lang, struct err *e);
/* Checks a proposed password for the account who (NULL: one not known
 * yet, only its length and the common-password checks): 8..256 bytes of
 * valid UTF-8, at least 8 characters, not easy to guess and not made of
 * who's names (password_policy.h); -1 with a message in lang when not. */
int users_check_password(const char *password, const struct user *who, int lang,
			 struct err *e);

/* Creates a user with a fresh argon2id hash of password and records
 * "user.add" by actor in the audit log, in one transaction.  person (NULL
 * or "": none) must be a person of the plan.  Returns 1 (and changes
 * nothing) when the name is taken, 2 when the person is not in the plan. */
int users_add(struct store *st, const char *name, const char *display_name,
	      enum user_role role, const char *person, const char *password, const char *actor,
	      struct err *e);

/* The name of person id of the plan into out (size n): 1 found, 0 when
 * the plan has no such person, -1 on a database error. */
int users_person_name(struct store *st, const char *id, char *out, size_t n, struct err *e);

/* The user named name into *out: 1 found, 0 not, -1 on a database error. */
int users_find(struct store *st, const char *name, struct user *out, struct err *e);

/* ---- what an admin does to an account ---------------------------------
 *
 * Each names the account by its user name, changes it and writes its
 * audit row (actor, action, target = the user name) in one transaction,
 * and returns 0 when done, 1 when refused (e says why, in lang: no such
 * user, the last enabled admin, a person not in the plan, a password the
 * policy refuses), -1 on a database error.  The last enabled admin can
 * be neither disabled nor made another role, so that someone can always
 * manage the others. */

/* Disables (every session of the account ends in the same transaction,
 * and it can no longer sign in) or enables it again: "user.disable",
 * "user.enable". */
int users_set_disabled(struct store *st, const char *name, bool disabled, const char *actor,
		       int lang, struct err *e);
/* Gives the account another role: "user.role" (detail "role=NEW was=OLD").
 * Its sessions go on with the new role from their next request. */
int users_set_role(struct store *st, const char *name, enum user_role role, const char *actor,
		   int lang, struct err *e);
/* Sets a temporary password that must be changed at the next sign-in
 * (every session ends; until it is changed a session can only change it
 * or sign out): "user.password.reset". */
int users_reset_password(struct store *st, const char *name, const char *password,
			 const char *actor, int lang, struct err *e);
/* Ends every session of the account: "user.sessions.end" (detail
 * "sessions=N").  *ended (may be NULL) receives N. */
int users_end_sessions(struct store *st, const char *name, const char *actor, int lang,
		       int64_t *ended, struct err *e);
/* Ties the account to person of the plan (NULL or "": unties it):
 * "user.person" (detail "person=ID" or "person="). */
int users_set_person(struct store *st, const char *name, const char *person, const char *actor,
		     int lang, struct err *e);
/* The live sessions of user id (0 on error). */
int64_t users_session_count(struct store *st, int64_t user_id);

/* Checks name and password.  1 and *out filled when they match an enabled
 * account, 0 when they do not (the time taken does not tell whether the
 * name exists), -1 on a database error. */
int users_authenticate(struct store *st, const char *name, const char *password,
		       struct user *out, struct err *e);

/* Replaces the password of user id with a fresh hash, ends every other
 * session of that user (keep_token, when not NULL, survives), clears a
 * temporary password's "must change" and records "user.password" by
 * actor, in one transaction.  The caller has checked the password
 * (users_check_password, with the account's names). */
int users_set_password(struct store *st, int64_t id, const char *password,
		       const char *keep_token, const char *actor, struct err *e);

/* Every user, by name.  *out is malloc'ed (free() it); *n its length. */
int users_list(struct store *st, struct user **out, size_t *n, struct err *e);
/* The number of users (0 on error). */
int64_t users_count(struct store *st);

/* ---- sessions ------------------------------------------------------- */

struct user_session {
	struct user user;
	char csrf[USERS_TOKEN_LEN + 1]; /* the session's form token */
	int64_t expires_at;             /* Unix seconds */
	/* Who the records name for this session: "氏名 (login)" when the
	 * account belongs to a person of the plan, else the login; at most
	 * USERS_ACTOR_MAX bytes (a long name is cut at a character). */
	char actor[USERS_ACTOR_MAX + 1];
};

/* Starts a session for user id: token (USERS_TOKEN_LEN + 1 bytes) receives
 * the cookie value; only its hash is stored.  Expired sessions are swept. */
int users_session_new(struct store *st, int64_t user_id, char *token, struct err *e);
/* 1 and *out filled when token names a live session of an enabled user,
 * 0 when not (malformed, unknown, expired), -1 on a database error. */
int users_session_find(struct store *st, const char *token, struct user_session *out,
		       struct err *e);
/* Ends the session of token (nothing happens when there is none). */
int users_session_end(struct store *st, const char *token, struct err *e);
/* A sign-in, as one transaction: ends the session of old_token (may be
 * NULL), starts one for user u (token as users_session_new) and writes
 * "session.login" to the audit log.  On -1 none of it happened: there is
 * never a session whose sign-in the audit log does not show. */
int users_sign_in(struct store *st, const struct user *u, const char *old_token, char *token,
		  struct err *e);

/* ---- secrets for the web face --------------------------------------- */

/* Fills out (USERS_TOKEN_LEN + 1 bytes) with a fresh random token. */
void users_random_token(char *out);
/* True when t looks like a token users_random_token made. */
bool users_token_well_formed(const char *t);
/* out receives the hex BLAKE2b-256 of token: what the database keeps of
 * a session's (or a half-done sign-in's) cookie. */
void users_token_hash(const char *token, char out[65]);
/* Constant-time equality of two tokens; false when either is NULL or
 * their lengths differ. */
bool users_token_equal(const char *a, const char *b);

/* ---- the audit log -------------------------------------------------- */

struct audit_entry {
	int64_t id;
	char at[24];
	char *actor, *action, *target, *detail; /* malloc'ed; audit_entries_free */
	char hash[65];
};

/* Appends one entry at the current time.  Joins the caller's transaction
 * when one is open (so the change and its record commit together). */
int users_audit_add(struct store *st, const char *actor, const char *action,
		    const char *target, const char *detail, struct err *e);
/* Up to limit entries with id < before (before <= 0: the newest), newest
 * first.  Free *out with users_audit_free(*out, *n). */
int users_audit_list(struct store *st, int64_t before, size_t limit, struct audit_entry **out,
		     size_t *n, struct err *e);
void users_audit_free(struct audit_entry *v, size_t n);
/* Recomputes the chain.  Returns 1 when it is whole (*n_rows counted),
 * 0 when a row does not match (*bad_id is the first such row), -1 on a
 * database error. */
int users_audit_verify(struct store *st, int64_t *n_rows, int64_t *bad_id, struct err *e);

/* The current time as UTC "YYYY-MM-DDTHH:MM:SSZ" into out (24 bytes). */
void users_now_utc(char *out);

#endif
