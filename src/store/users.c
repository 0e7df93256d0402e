/*
 * users.c — accounts, sessions and the audit log (see users.h).
 *
 * The SQL here binds every value; the secrets are handled by libsodium:
 * argon2id for passwords (interactive limits: 2 passes over 64 MiB, about
 * a tenth of a second), randombytes_buf for tokens, BLAKE2b for the stored
 * token hashes, sodium_memcmp for comparisons.  The audit log is linked by
 * util/chain.h (SHA-256); rows written before migration 010 keep their
 * BLAKE2b links, checked by legacy_blake2b_link below.
 */
#include "store/users.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"
#include "store/pwhash_cost.h"
#include "store/password_policy.h"
#include "store/users_admin.h"
#include "util/buf.h"
#include "util/chain.h"
#include "util/crypto.h"
#include "util/lang.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* USERS_SESSION_IDLE_MINUTES in seconds, as SQL text. */
#define STR2(x) #x
#define STR(x) STR2(x)
#define IDLE_SECONDS "(" STR(USERS_SESSION_IDLE_MINUTES) " * 60)"

static const char *const role_names[] = { "viewer", "responder", "planner", "admin" };

const char *users_role_name(enum user_role r)
{
	if (r < ROLE_VIEWER || r > ROLE_ADMIN)
		return "none";
	return role_names[r];
}

enum user_role users_role_parse(const char *s)
{
	for (int i = ROLE_VIEWER; s && i <= ROLE_ADMIN; i++)
		if (strcmp(s, role_names[i]) == 0)
			return (enum user_role)i;
	return ROLE_NONE;
}

void users_now_utc(char *out)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int users_check_name(const char *name, int lang, struct err *e)
{
	size_t n = strlen(name);
	if (n == 0 || n > USERS_NAME_MAX)
		return err_set(e, "%s", L(lang, "ユーザー名は1〜64文字にしてください",
					  "a user name has 1 to 64 characters"));
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '@' || c == '-'))
			return err_set(e, "%s",
				       L(lang, "ユーザー名に使えるのは半角英数字と . _ @ - だけです",
					 "a user name may hold only A-Z a-z 0-9 . _ @ -"));
	}
	return 0;
}

int users_check_password(const char *password, const struct user *who, int lang,
			 struct err *e)
{
	const char *names[3] = { NULL, NULL, NULL };
	if (who) {
		names[0] = who->name;
		names[1] = who->display_name;
		names[2] = who->person_name;
	}
	return password_policy_check(password, names, 3, lang == LANG_EN ? LANG_EN : LANG_JA, e);
}

/* hash receives the argon2id string of password; -1 when out of memory
 * (the only way crypto_pwhash_str fails with valid limits). */
static int hash_password(const char *password, char hash[crypto_pwhash_STRBYTES], struct err *e)
{
	crypto_ready();
	struct pwhash_cost c = pwhash_cost();
	if (crypto_pwhash_str(hash, password, strlen(password), c.ops, c.mem) != 0)
		return err_set(e, "password hashing failed (out of memory)");
	return 0;
}

/* Copies the columns of USER_COLS (starting at col) of the current row
 * into u. */
static void read_user(struct stmt *s, int col, struct user *u)
{
	u->id = db_col_int(s, col);
	snprintf(u->name, sizeof u->name, "%s", db_col_text(s, col + 1));
	snprintf(u->display_name, sizeof u->display_name, "%s", db_col_text(s, col + 2));
	u->role = users_role_parse(db_col_text(s, col + 3));
	u->disabled = db_col_int(s, col + 4) != 0;
	snprintf(u->created_at, sizeof u->created_at, "%s", db_col_text(s, col + 5));
	snprintf(u->person, sizeof u->person, "%s", db_col_text(s, col + 6));
	snprintf(u->person_name, sizeof u->person_name, "%s", db_col_text(s, col + 7));
	u->must_change_password = db_col_int(s, col + 8) != 0;
	u->totp_active = db_col_int(s, col + 9) != 0;
}

/* The account's columns (USER_NCOLS of them, read_user): the person's
 * name is read from the plan on each read, so a renamed person shows
 * their new name and one who left the plan shows none. */
#define USER_COLS                                                                        \
	"u.id, u.name, u.display_name, u.role, u.disabled, u.created_at, "               \
	"coalesce(u.person, ''), coalesce((SELECT p.name FROM person p WHERE p.id = u.person), " \
	"''), u.must_change_password, "                                                    \
	"EXISTS (SELECT 1 FROM totp t WHERE t.user_id = u.id AND t.active = 1)"
#define USER_NCOLS 10

/* 1 when id is a person of the plan, 0 when not, -1 on error. */
static int person_exists(struct store *st, const char *id, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s, "SELECT 1 FROM person WHERE id = ?1", e))
		return -1;
	db_bind_text(&s, 1, id);
	int r = db_step(&s, e);
	db_finalize(&s);
	return r;
}

int users_add(struct store *st, const char *name, const char *display_name,
	      enum user_role role, const char *person, const char *password, const char *actor,
	      struct err *e)
{
	char hash[crypto_pwhash_STRBYTES];
	char now[24];
	struct stmt s = STMT_INIT;
	int rc = -1;
	person = person && *person ? person : NULL;
	if (users_check_name(name, LANG_EN, e) || users_check_password(password, NULL, LANG_EN, e))
		return -1;
	if (role < ROLE_VIEWER || role > ROLE_ADMIN)
		return err_set(e, "unknown role");
	if (strlen(display_name) > USERS_DISPLAY_MAX || !utf8_valid(display_name, strlen(display_name)))
		return err_set(e, "display name too long or not UTF-8");
	/* Hash before the transaction: it takes a tenth of a second. */
	if (hash_password(password, hash, e))
		return -1;
	users_now_utc(now);
	if (db_begin(&st->db, e))
		return -1;
	if (db_int(&st->db, 0, "SELECT count(*) FROM users WHERE name = ?1", name) > 0) {
		rc = 1;
		goto fail;
	}
	if (person) {
		int found = person_exists(st, person, e);
		if (found <= 0) {
			rc = found < 0 ? -1 : 2;
			goto fail;
		}
	}
	if (db_prepare(&st->db, &s,
		       "INSERT INTO users (name, display_name, role, pwhash, created_at, "
		       "password_changed_at, person) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
		       e))
		goto fail;
	db_bind_text(&s, 1, name);
	db_bind_text(&s, 2, display_name);
	db_bind_text(&s, 3, users_role_name(role));
	db_bind_text(&s, 4, hash);
	db_bind_text(&s, 5, now);
	if (person)
		db_bind_text(&s, 6, person);
	if (db_step(&s, e) < 0)
		goto fail;
	db_finalize(&s);
	char detail[160];
	snprintf(detail, sizeof detail, "role=%s%s%s", users_role_name(role),
		 person ? " person=" : "", person ? person : "");
	if (users_audit_add(st, actor, "user.add", name, detail, e) || db_commit(&st->db, e))
		goto fail;
	sodium_memzero(hash, sizeof hash);
	return 0;
fail:
	db_finalize(&s);
	db_rollback(&st->db);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

/* A hash to verify against when the name is unknown, so that an unknown
 * name costs the same time as a wrong password. */
static void make_dummy_hash(void)
{
	char pw[USERS_TOKEN_LEN + 1];
	users_random_token(pw);
	struct pwhash_cost c = pwhash_cost();
	if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), c.ops, c.mem) != 0)
		dummy_hash[0] = '\0';
}

/* Stores a fresh hash when the stored one was made with other limits. */
static void rehash_if_needed(struct store *st, int64_t id, const char *stored, const char *password)
{
	struct pwhash_cost c = pwhash_cost();
	if (crypto_pwhash_str_needs_rehash(stored, c.ops, c.mem) == 0)
		return;
	char hash[crypto_pwhash_STRBYTES];
	struct stmt s = STMT_INIT;
	if (hash_password(password, hash, NULL) == 0 &&
	    db_prepare(&st->db, &s, "UPDATE users SET pwhash = ?1 WHERE id = ?2", NULL) == 0) {
		db_bind_text(&s, 1, hash);
		db_bind_int(&s, 2, id);
		db_step(&s, NULL);
	}
	db_finalize(&s);
}

int users_authenticate(struct store *st, const char *name, const char *password,
		       struct user *out, struct err *e)
{
	struct stmt s = STMT_INIT;
	char stored[crypto_pwhash_STRBYTES] = "";
	int found, rc = -1;
	crypto_ready();
	memset(out, 0, sizeof *out);
	if (db_prepare(&st->db, &s,
		       "SELECT " USER_COLS ", u.pwhash FROM users u WHERE u.name = ?1", e))
		goto out;
	db_bind_text(&s, 1, name);
	found = db_step(&s, e);
	if (found < 0)
		goto out;
	if (found) {
		read_user(&s, 0, out);
		snprintf(stored, sizeof stored, "%s", db_col_text(&s, USER_NCOLS));
	}
	db_finalize(&s);
	if (!found || !stored[0]) {
		pthread_once(&dummy_once, make_dummy_hash);
		if (dummy_hash[0] &&
		    crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
			BUG("a random password matched");
		rc = 0;
		goto out;
	}
	if (crypto_pwhash_str_verify(stored, password, strlen(password)) != 0 || out->disabled) {
		rc = 0;
		goto out;
	}
	rehash_if_needed(st, out->id, stored, password);
	rc = 1;
out:
	db_finalize(&s);
	if (rc != 1)
		memset(out, 0, sizeof *out);
	return rc;
}

int users_set_password(struct store *st, int64_t id, const char *password,
		       const char *keep_token, const char *actor, struct err *e)
{
	char hash[crypto_pwhash_STRBYTES], now[24], keep[65] = "";
	struct stmt s = STMT_INIT;
	if (users_check_password(password, NULL, LANG_EN, e) || hash_password(password, hash, e))
		return -1;
	if (keep_token) {
		unsigned char h[32];
		crypto_generichash(h, sizeof h, (const unsigned char *)keep_token,
				   strlen(keep_token), NULL, 0);
		sodium_bin2hex(keep, sizeof keep, h, sizeof h);
	}
	users_now_utc(now);
	if (db_begin(&st->db, e))
		return -1;
	if (db_prepare(&st->db, &s,
		       "UPDATE users SET pwhash = ?1, password_changed_at = ?2, "
		       "must_change_password = 0 WHERE id = ?3",
		       e))
		goto fail;
	db_bind_text(&s, 1, hash);
	db_bind_text(&s, 2, now);
	db_bind_int(&s, 3, id);
	if (db_step(&s, e) < 0)
		goto fail;
	db_finalize(&s);
	if (db_prepare(&st->db, &s, "DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2",
		       e))
		goto fail;
	db_bind_int(&s, 1, id);
	db_bind_text(&s, 2, keep);
	if (db_step(&s, e) < 0)
		goto fail;
	db_finalize(&s);
	char target[32];
	snprintf(target, sizeof target, "user:%lld", (long long)id);
	if (users_audit_add(st, actor, "user.password", target, "", e) || db_commit(&st->db, e))
		goto fail;
	sodium_memzero(hash, sizeof hash);
	return 0;
fail:
	db_finalize(&s);
	db_rollback(&st->db);
	sodium_memzero(hash, sizeof hash);
	return -1;
}

int users_list(struct store *st, struct user **out, size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	*out = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s, "SELECT " USER_COLS " FROM users u ORDER BY u.name", e))
		return -1;
	while ((r = db_step(&s, e)) == 1) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		read_user(&s, 0, &(*out)[(*n)++]);
	}
	db_finalize(&s);
	if (r < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return r;
}

int64_t users_count(struct store *st)
{
	return db_int(&st->db, 0, "SELECT count(*) FROM users", NULL);
}

int users_person_name(struct store *st, const char *id, char *out, size_t n, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (n)
		out[0] = '\0';
	if (db_prepare(&st->db, &s, "SELECT name FROM person WHERE id = ?1", e))
		return -1;
	db_bind_text(&s, 1, id);
	int r = db_step(&s, e);
	if (r == 1)
		snprintf(out, n, "%s", db_col_text(&s, 0));
	db_finalize(&s);
	return r;
}

int users_find(struct store *st, const char *name, struct user *out, struct err *e)
{
	struct stmt s = STMT_INIT;
	memset(out, 0, sizeof *out);
	if (db_prepare(&st->db, &s, "SELECT " USER_COLS " FROM users u WHERE u.name = ?1", e))
		return -1;
	db_bind_text(&s, 1, name);
	int r = db_step(&s, e);
	if (r == 1)
		read_user(&s, 0, out);
	db_finalize(&s);
	return r;
}

int64_t users_session_count(struct store *st, int64_t user_id)
{
	struct stmt s = STMT_INIT;
	int64_t n = 0;
	if (db_prepare(&st->db, &s,
		       "SELECT count(*) FROM sessions WHERE user_id = ?1 AND expires_at > ?2 "
		       "AND last_seen > ?2 - " IDLE_SECONDS, NULL))
		return 0;
	db_bind_int(&s, 1, user_id);
	db_bind_int(&s, 2, (int64_t)time(NULL));
	if (db_step(&s, NULL) == 1)
		n = db_col_int(&s, 0);
	db_finalize(&s);
	return n;
}

/* ---- what an admin does to an account ------------------------------- */

int users_admin_begin(struct store *st, const char *name, struct user *u, int lang, struct err *e)
{
	if (db_begin(&st->db, e))
		return -1;
	int r = users_find(st, name, u, e);
	if (r == 1)
		return 0;
	db_rollback(&st->db);
	if (r < 0)
		return -1;
	err_set(e, "%s: %s", name, L(lang, "このユーザーはいません", "no such user"));
	return 1;
}

int users_admin_end(struct store *st, int rc, const char *actor, const char *action,
		    const char *name, const char *detail, struct err *e)
{
	if (rc == 0 && (users_audit_add(st, actor, action, name, detail, e) || db_commit(&st->db, e)))
		rc = -1;
	if (rc != 0)
		db_rollback(&st->db);
	return rc;
}

int users_admin_update(struct store *st, const char *sql, int64_t id, const char *text,
		       struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s, sql, e))
		return -1;
	db_bind_int(&s, 1, id);
	if (text)
		db_bind_text(&s, 2, text);
	int r = db_run(&s, e);
	db_finalize(&s);
	return r;
}

/* 1 (e says why) when u is the last enabled admin, 0 when not, -1 on a
 * database error. */
static int last_admin(struct store *st, const struct user *u, int lang, struct err *e)
{
	if (u->role != ROLE_ADMIN || u->disabled)
		return 0;
	int64_t n = db_int(&st->db, -1,
			   "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0", NULL);
	if (n < 0)
		return err_set(e, "cannot count the admins");
	if (n > 1)
		return 0;
	err_set(e, "%s: %s", u->name,
		L(lang, "有効な管理者が他にいないため変更できません（先に別の管理者を追加してください）",
		  "the last enabled admin cannot be changed (add another admin first)"));
	return 1;
}

int users_set_disabled(struct store *st, const char *name, bool disabled, const char *actor,
		       int lang, struct err *e)
{
	struct user u;
	int rc = users_admin_begin(st, name, &u, lang, e);
	if (rc)
		return rc;
	if (disabled)
		rc = last_admin(st, &u, lang, e);
	if (rc == 0)
		rc = users_admin_update(st, "UPDATE users SET disabled = ?2 WHERE id = ?1", u.id,
				  disabled ? "1" : "0", e);
	/* Disabled: its sessions end with it, not at their expiry. */
	if (rc == 0 && disabled)
		rc = users_admin_update(st, "DELETE FROM sessions WHERE user_id = ?1", u.id, NULL, e);
	return users_admin_end(st, rc, actor, disabled ? "user.disable" : "user.enable", name, "", e);
}

int users_set_role(struct store *st, const char *name, enum user_role role, const char *actor,
		   int lang, struct err *e)
{
	struct user u;
	if (role < ROLE_VIEWER || role > ROLE_ADMIN) {
		err_set(e, "%s", L(lang, "役割は admin, planner, responder, viewer のいずれかです",
				   "the role must be admin, planner, responder or viewer"));
		return 1;
	}
	int rc = users_admin_begin(st, name, &u, lang, e);
	if (rc)
		return rc;
	if (role != ROLE_ADMIN)
		rc = last_admin(st, &u, lang, e);
	if (rc == 0)
		rc = users_admin_update(st, "UPDATE users SET role = ?2 WHERE id = ?1", u.id,
				  users_role_name(role), e);
	char detail[64];
	snprintf(detail, sizeof detail, "role=%s was=%s", users_role_name(role),
		 users_role_name(u.role));
	return users_admin_end(st, rc, actor, "user.role", name, detail, e);
}

int users_reset_password(struct store *st, const char *name, const char *password,
			 const char *actor, int lang, struct err *e)
{
	char hash[crypto_pwhash_STRBYTES], now[24];
	struct user u;
	int rc = users_find(st, name, &u, e);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		err_set(e, "%s: %s", name, L(lang, "このユーザーはいません", "no such user"));
		return 1;
	}
	if (users_check_password(password, &u, lang, e))
		return 1;
	/* Hash before the transaction: it takes a tenth of a second. */
	if (hash_password(password, hash, e))
		return -1;
	users_now_utc(now);
	rc = users_admin_begin(st, name, &u, lang, e);
	if (rc) {
		sodium_memzero(hash, sizeof hash);
		return rc;
	}
	rc = users_admin_update(st, "UPDATE users SET pwhash = ?2, must_change_password = 1 WHERE id = ?1",
			  u.id, hash, e);
	sodium_memzero(hash, sizeof hash);
	if (rc == 0)
		rc = users_admin_update(st, "UPDATE users SET password_changed_at = ?2 WHERE id = ?1",
				  u.id, now, e);
	/* Whoever was signed in with the old password is signed out. */
	if (rc == 0)
		rc = users_admin_update(st, "DELETE FROM sessions WHERE user_id = ?1", u.id, NULL, e);
	return users_admin_end(st, rc, actor, "user.password.reset", name, "", e);
}

int users_end_sessions(struct store *st, const char *name, const char *actor, int lang,
		       int64_t *ended, struct err *e)
{
	struct user u;
	int rc = users_admin_begin(st, name, &u, lang, e);
	if (rc)
		return rc;
	rc = users_admin_update(st, "DELETE FROM sessions WHERE user_id = ?1", u.id, NULL, e);
	int64_t n = rc == 0 ? (int64_t)db_changes(&st->db) : 0;
	if (ended)
		*ended = n;
	char detail[48];
	snprintf(detail, sizeof detail, "sessions=%lld", (long long)n);
	return users_admin_end(st, rc, actor, "user.sessions.end", name, detail, e);
}

int users_set_person(struct store *st, const char *name, const char *person, const char *actor,
		     int lang, struct err *e)
{
	struct user u;
	person = person && *person ? person : NULL;
	int rc = users_admin_begin(st, name, &u, lang, e);
	if (rc)
		return rc;
	if (person) {
		int found = person_exists(st, person, e);
		if (found == 0) {
			err_set(e, "%s: %s", person,
				L(lang, "計画にこの人物はいません", "no such person in the plan"));
			rc = 1;
		} else if (found < 0) {
			rc = -1;
		}
	}
	if (rc == 0)
		rc = person ? users_admin_update(st, "UPDATE users SET person = ?2 WHERE id = ?1", u.id,
					   person, e)
			    : users_admin_update(st, "UPDATE users SET person = NULL WHERE id = ?1", u.id,
					   NULL, e);
	char detail[96];
	snprintf(detail, sizeof detail, "person=%s", person ? person : "");
	return users_admin_end(st, rc, actor, "user.person", name, detail, e);
}

/* ---- sessions ------------------------------------------------------- */

void users_random_token(char *out)
{
	unsigned char raw[32];
	crypto_ready();
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, USERS_TOKEN_LEN + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

bool users_token_equal(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t n = strlen(a);
	if (n != strlen(b) || n == 0)
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

/* True when t looks like a token we issued (43 base64url characters). */
static bool token_well_formed(const char *t)
{
	size_t n = 0;
	for (; t[n]; n++) {
		char c = t[n];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_') || n >= USERS_TOKEN_LEN)
			return false;
	}
	return n == USERS_TOKEN_LEN;
}

/* See users.h. */
bool users_token_well_formed(const char *t)
{
	return token_well_formed(t);
}

/* out (65 bytes) receives the hex BLAKE2b-256 of the token. */
void users_token_hash(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

int users_session_new(struct store *st, int64_t user_id, char *token, struct err *e)
{
	char hash[65], csrf[USERS_TOKEN_LEN + 1];
	struct stmt s = STMT_INIT;
	int64_t now = (int64_t)time(NULL);
	users_random_token(token);
	users_random_token(csrf);
	users_token_hash(token, hash);
	if (db_begin(&st->db, e))
		return -1;
	if (db_prepare(&st->db, &s,
		       "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen <= ?1 - " IDLE_SECONDS,
		       e))
		goto fail;
	db_bind_int(&s, 1, now);
	if (db_step(&s, e) < 0)
		goto fail;
	db_finalize(&s);
	if (db_prepare(&st->db, &s,
		       "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, last_seen) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
		       e))
		goto fail;
	db_bind_text(&s, 1, hash);
	db_bind_int(&s, 2, user_id);
	db_bind_text(&s, 3, csrf);
	db_bind_int(&s, 4, now);
	db_bind_int(&s, 5, now + USERS_SESSION_HOURS * 3600);
	if (db_step(&s, e) < 0)
		goto fail;
	db_finalize(&s);
	if (db_commit(&st->db, e))
		goto fail;
	return 0;
fail:
	db_finalize(&s);
	db_rollback(&st->db);
	token[0] = '\0';
	return -1;
}

/* "氏名 (login)" for an account tied to a person, else the login, into
 * out (USERS_ACTOR_MAX + 1 bytes): the name is cut at a character
 * boundary so that the login always fits whole. */
static void session_actor(const struct user *u, char *out)
{
	size_t login = strlen(u->name), name = strlen(u->person_name);
	if (!name || login + 4 > USERS_ACTOR_MAX) {
		snprintf(out, USERS_ACTOR_MAX + 1, "%s", u->name);
		return;
	}
	size_t room = USERS_ACTOR_MAX - login - 3; /* " (" and ")" */
	if (name > room) {
		name = room;
		while (name > 0 && ((unsigned char)u->person_name[name] & 0xc0) == 0x80)
			name--;
	}
	snprintf(out, USERS_ACTOR_MAX + 1, "%.*s (%s)", (int)name, u->person_name, u->name);
}

/* Marks the session as used now.  Best effort: when the write fails (the
 * database busy past its timeout), the request still goes on and the next
 * one within the minute tries again; at worst a session idles out up to a
 * minute early. */
static void touch_session(struct store *st, const char *hash, int64_t now)
{
	struct stmt s = STMT_INIT;
	struct err e = ERR_INIT;
	if (db_prepare(&st->db, &s, "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1", &e) == 0) {
		db_bind_text(&s, 1, hash);
		db_bind_int(&s, 2, now);
		(void)db_step(&s, &e);
	}
	db_finalize(&s);
}

int users_session_find(struct store *st, const char *token, struct user_session *out,
		       struct err *e)
{
	struct stmt s = STMT_INIT;
	char hash[65];
	memset(out, 0, sizeof *out);
	if (!token || !token_well_formed(token))
		return 0;
	users_token_hash(token, hash);
	int64_t now = (int64_t)time(NULL);
	if (db_prepare(&st->db, &s,
		       "SELECT " USER_COLS ", s.csrf, s.expires_at, s.last_seen FROM sessions s "
		       "JOIN users u ON u.id = s.user_id "
		       "WHERE s.token_hash = ?1 AND s.expires_at > ?2 "
		       "AND s.last_seen > ?2 - " IDLE_SECONDS " AND u.disabled = 0",
		       e))
		return -1;
	db_bind_text(&s, 1, hash);
	db_bind_int(&s, 2, now);
	int r = db_step(&s, e);
	int64_t last_seen = now;
	if (r == 1) {
		read_user(&s, 0, &out->user);
		snprintf(out->csrf, sizeof out->csrf, "%s", db_col_text(&s, USER_NCOLS));
		out->expires_at = db_col_int(&s, USER_NCOLS + 1);
		last_seen = db_col_int(&s, USER_NCOLS + 2);
		session_actor(&out->user, out->actor);
	}
	db_finalize(&s);
	if (r == 1 && now - last_seen >= USERS_SESSION_TOUCH_SECONDS)
		touch_session(st, hash, now);
	return r;
}

int users_session_end(struct store *st, const char *token, struct err *e)
{
	struct stmt s = STMT_INIT;
	char hash[65];
	if (!token || !token_well_formed(token))
		return 0;
	users_token_hash(token, hash);
	if (db_prepare(&st->db, &s, "DELETE FROM sessions WHERE token_hash = ?1", e))
		return -1;
	db_bind_text(&s, 1, hash);
	int r = db_step(&s, e);
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}

/* See users.h.  The three writes nest in one transaction (db.h: an inner
 * begin is a savepoint), committed and synced once. */
int users_sign_in(struct store *st, const struct user *u, const char *old_token, char *token,
		  struct err *e)
{
	token[0] = '\0';
	if (db_begin(&st->db, e))
		return -1;
	if ((old_token && users_session_end(st, old_token, e)) ||
	    users_session_new(st, u->id, token, e) ||
	    users_audit_add(st, u->name, "session.login", u->name, "", e) || db_commit(&st->db, e)) {
		db_rollback(&st->db);
		token[0] = '\0';
		return -1;
	}
	return 0;
}

/* ---- the audit log -------------------------------------------------- */

/* Writes the 8-byte little-endian length of field s, then its bytes:
 * with the length first no two different rows have the same bytes. */
static void le_length(unsigned char len[8], size_t n)
{
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)((uint64_t)n >> (8 * i));
}

/* The canonical bytes of an audit row, what util/chain.h hashes after the
 * previous row's hash: at, actor, action, target and detail, each as its
 * length (8 bytes, little-endian) and its bytes. */
static void audit_canonical(struct buf *out, const char *at, const char *actor, const char *action,
			    const char *target, const char *detail)
{
	const char *f[] = { at, actor, action, target, detail };
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		unsigned char len[8];
		size_t n = strlen(f[i]);
		le_length(len, n);
		buf_add(out, len, sizeof len);
		buf_add(out, f[i], n);
	}
}

/* The link of a row written before migration 010: BLAKE2b-256 over prev
 * (the previous row's hash as hex text) and the row's fields, each
 * length-prefixed as in audit_canonical.  For verifying those rows (see
 * 010_audit_sha256.sql), and for writing only to a database that has not
 * had migration 010 (audit_has_alg), where a SHA-256 row would be taken
 * for a BLAKE2b one once migrated. */
static void legacy_blake2b_link(const char *prev, const char *at, const char *actor,
				const char *action, const char *target, const char *detail,
				char out[CHAIN_HEX])
{
	const char *f[] = { prev, at, actor, action, target, detail };
	crypto_generichash_state h;
	unsigned char d[32];
	crypto_ready();
	crypto_generichash_init(&h, NULL, 0, sizeof d);
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		unsigned char len[8];
		size_t n = strlen(f[i]);
		le_length(len, n);
		crypto_generichash_update(&h, len, sizeof len);
		crypto_generichash_update(&h, (const unsigned char *)f[i], n);
	}
	crypto_generichash_final(&h, d, sizeof d);
	sodium_bin2hex(out, CHAIN_HEX, d, sizeof d);
}

/* The first schema whose audit_log has hash_alg. */
#define AUDIT_ALG_SCHEMA 10

/* Whether the database has migration 010.  Every store opened for writing
 * is migrated to the newest schema, except through the test hook
 * store_open_at_version: such a database is written as its version did. */
static bool audit_has_alg(struct store *st)
{
	return store_schema_version(st) >= AUDIT_ALG_SCHEMA;
}

int users_audit_add(struct store *st, const char *actor, const char *action,
		    const char *target, const char *detail, struct err *e)
{
	struct stmt s = STMT_INIT;
	struct buf canon = BUF_INIT;
	char prev[CHAIN_HEX] = CHAIN_GENESIS, hash[CHAIN_HEX], now[24];
	int r;
	target = target ? target : "";
	detail = detail ? detail : "";
	users_now_utc(now);
	if (db_begin(&st->db, e))
		return -1;
	if (db_prepare(&st->db, &s, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", e))
		goto fail;
	if ((r = db_step(&s, e)) < 0)
		goto fail;
	if (r == 1)
		snprintf(prev, sizeof prev, "%s", db_col_text(&s, 0));
	db_finalize(&s);
	bool sha256 = audit_has_alg(st);
	if (sha256) {
		audit_canonical(&canon, now, actor, action, target, detail);
		chain_hash(prev, canon.data, canon.len, hash);
	} else {
		legacy_blake2b_link(prev, now, actor, action, target, detail, hash);
	}
	if (db_prepare(&st->db, &s,
		       sha256 ? "INSERT INTO audit_log (at, actor, action, target, detail, prev_hash, "
				"hash, hash_alg) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'sha256')"
			      : "INSERT INTO audit_log (at, actor, action, target, detail, prev_hash, "
				"hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		       e))
		goto fail;
	db_bind_text(&s, 1, now);
	db_bind_text(&s, 2, actor);
	db_bind_text(&s, 3, action);
	db_bind_text(&s, 4, target);
	db_bind_text(&s, 5, detail);
	db_bind_text(&s, 6, prev);
	db_bind_text(&s, 7, hash);
	if (db_run(&s, e))
		goto fail;
	db_finalize(&s);
	buf_release(&canon);
	if (db_commit(&st->db, e))
		goto fail;
	return 0;
fail:
	db_finalize(&s);
	buf_release(&canon);
	db_rollback(&st->db);
	return -1;
}

void users_audit_free(struct audit_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].actor);
		free(v[i].action);
		free(v[i].target);
		free(v[i].detail);
	}
	free(v);
}

int users_audit_list(struct store *st, int64_t before, size_t limit, struct audit_entry **out,
		     size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	*out = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s,
		       "SELECT id, at, actor, action, target, detail, hash FROM audit_log "
		       "WHERE ?1 <= 0 OR id < ?1 ORDER BY id DESC LIMIT ?2",
		       e))
		return -1;
	db_bind_int(&s, 1, before);
	db_bind_int(&s, 2, (int64_t)limit);
	while ((r = db_step(&s, e)) == 1) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct audit_entry *a = &(*out)[(*n)++];
		a->id = db_col_int(&s, 0);
		snprintf(a->at, sizeof a->at, "%s", db_col_text(&s, 1));
		a->actor = db_col_dup(&s, 2);
		a->action = db_col_dup(&s, 3);
		a->target = db_col_dup(&s, 4);
		a->detail = db_col_dup(&s, 5);
		snprintf(a->hash, sizeof a->hash, "%s", db_col_text(&s, 6));
	}
	db_finalize(&s);
	if (r < 0) {
		users_audit_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return r;
}

int users_audit_verify(struct store *st, int64_t *n_rows, int64_t *bad_id, struct err *e)
{
	struct stmt s = STMT_INIT;
	struct chain_walk w = CHAIN_WALK_INIT;
	struct buf canon = BUF_INIT;
	bool sha256_seen = false;
	int r;
	*n_rows = 0;
	*bad_id = 0;
	if (db_prepare(&st->db, &s,
		       audit_has_alg(st)
			       ? "SELECT id, at, actor, action, target, detail, prev_hash, hash, "
				 "hash_alg FROM audit_log ORDER BY id"
			       : "SELECT id, at, actor, action, target, detail, prev_hash, hash, "
				 "'blake2b' FROM audit_log ORDER BY id",
		       e))
		return -1;
	while ((r = db_step(&s, e)) == 1) {
		const char *at = db_col_text(&s, 1), *actor = db_col_text(&s, 2),
			   *action = db_col_text(&s, 3), *target = db_col_text(&s, 4),
			   *detail = db_col_text(&s, 5), *prev = db_col_text(&s, 6),
			   *hash = db_col_text(&s, 7);
		const char *why;
		if (strcmp(db_col_text(&s, 8), "sha256") == 0) {
			sha256_seen = true;
			buf_reset(&canon);
			audit_canonical(&canon, at, actor, action, target, detail);
			why = chain_walk_next(&w, prev, canon.data, canon.len, hash);
		} else if (sha256_seen) {
			/* The change of hash happened once, at migration 010. */
			why = "a BLAKE2b row after a SHA-256 one";
		} else {
			char expected[CHAIN_HEX];
			legacy_blake2b_link(w.head, at, actor, action, target, detail, expected);
			why = chain_walk_link(&w, prev, expected, hash);
		}
		if (why) {
			*bad_id = db_col_int(&s, 0);
			db_finalize(&s);
			buf_release(&canon);
			return 0;
		}
		(*n_rows)++;
	}
	db_finalize(&s);
	buf_release(&canon);
	return r < 0 ? -1 : 1;
}
