/*
 * totp_store.c — secrets, recovery codes and half-done sign-ins of the
 * second factor (see totp_store.h).
 *
 * The codes themselves are util/totp.c's (liboath); the secrets are kept
 * as hex and leave this file only once, as base32, at enrollment.  The
 * slow work — argon2id over ten recovery codes, or over one typed — is
 * done before the write transaction opens, so that a second of hashing
 * never holds the database's write lock (check-ins wait on it).
 */
#include "store/totp_store.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/db.h"
#include "store/pwhash_cost.h"
#include "store/users_admin.h"
#include "util/crypto.h"
#include "util/lang.h"

/* The recovery codes' alphabet: base32's, lower case (no 0/1/8/9 to take
 * for O, I, l or B). */
static const char code_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
#define CODE_CHARS 10 /* 50 bits */

#define SALT_HEX (crypto_pwhash_SALTBYTES * 2 + 1)
#define HASH_BYTES 32

enum totp_input totp_store_input(const char *in, char out[16])
{
	size_t n = 0, digits = 0;
	out[0] = '\0';
	for (const char *p = in ? in : ""; *p; p++) {
		char c = (char)tolower((unsigned char)*p);
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (!strchr(code_alphabet, c) && !(c >= '0' && c <= '9'))
			return TOTP_INPUT_BAD;
		if (n == 15)
			return TOTP_INPUT_BAD;
		digits += c >= '0' && c <= '9';
		out[n++] = c;
	}
	out[n] = '\0';
	if (n == TOTP_DIGITS && digits == n)
		return TOTP_INPUT_CODE;
	if (n == CODE_CHARS && strspn(out, code_alphabet) == n)
		return TOTP_INPUT_RECOVERY;
	out[0] = '\0';
	return TOTP_INPUT_BAD;
}

/* hex (65 bytes at least) of n random bytes into key and hex. */
static void random_secret(unsigned char *key, size_t n, char *hex)
{
	crypto_ready();
	randombytes_buf(key, n);
	sodium_bin2hex(hex, n * 2 + 1, key, n);
}

/* Reads the hex secret into key (TOTP_SECRET_MAX bytes); its length. */
static size_t secret_from_hex(const char *hex, unsigned char *key)
{
	size_t n = 0;
	if (sodium_hex2bin(key, TOTP_SECRET_MAX, hex, strlen(hex), NULL, &n, NULL) != 0)
		return 0;
	return n;
}

/* The argon2id hash (hex, 65 bytes) of a normalised recovery code with
 * the account's salt (hex): -1 when out of memory. */
static int hash_code(const char *code, const char *salt_hex, char *out)
{
	unsigned char salt[crypto_pwhash_SALTBYTES], h[HASH_BYTES];
	size_t n = 0;
	crypto_ready();
	if (sodium_hex2bin(salt, sizeof salt, salt_hex, strlen(salt_hex), NULL, &n, NULL) != 0 ||
	    n != sizeof salt)
		return -1;
	struct pwhash_cost c = pwhash_cost();
	if (crypto_pwhash(h, sizeof h, code, strlen(code), salt, c.ops, c.mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	sodium_bin2hex(out, HASH_BYTES * 2 + 1, h, sizeof h);
	return 0;
}

int totp_store_state(struct store *st, int64_t user_id, struct totp_state *out, struct err *e)
{
	struct stmt s = STMT_INIT;
	memset(out, 0, sizeof *out);
	if (db_prepare(&st->db, &s,
		       "SELECT t.active, (SELECT count(*) FROM totp_recovery r WHERE r.user_id = ?1 "
		       "AND r.used_at IS NULL) FROM totp t WHERE t.user_id = ?1",
		       e))
		return -1;
	db_bind_int(&s, 1, user_id);
	int r = db_step(&s, e);
	if (r == 1) {
		out->active = db_col_int(&s, 0) != 0;
		out->enrolling = !out->active;
		out->recovery_left = (int)db_col_int(&s, 1);
	}
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}

int totp_store_enroll_begin(struct store *st, const struct user *u, char secret[TOTP_BASE32_MAX],
			    int lang, struct err *e)
{
	unsigned char key[TOTP_SECRET_LEN];
	char hex[TOTP_SECRET_LEN * 2 + 1], now[24];
	struct stmt s = STMT_INIT;
	int rc = -1;
	secret[0] = '\0';
	users_now_utc(now);
	random_secret(key, sizeof key, hex);
	if (db_begin(&st->db, e))
		goto out;
	if (db_int(&st->db, 0,
		   "SELECT count(*) FROM totp WHERE active = 1 AND user_id = "
		   "(SELECT id FROM users WHERE name = ?1)",
		   u->name) > 0) {
		err_set(e, "%s",
			L(lang, "二要素認証はすでに有効です。", "The second factor is already on."));
		db_rollback(&st->db);
		rc = 1;
		goto out;
	}
	if (db_prepare2(&st->db, &s,
			"INSERT OR REPLACE INTO totp (user_id, secret, active, last_step, "
			"recovery_salt, created_at) VALUES (?1, ?2, 0, 0, '', ?3)",
			"INSERT INTO totp (user_id, secret, active, last_step, recovery_salt, "
			"created_at) VALUES (?1, ?2, 0, 0, '', ?3) ON CONFLICT (user_id) DO UPDATE "
			"SET secret = excluded.secret, active = 0, last_step = 0, "
			"recovery_salt = '', created_at = excluded.created_at",
			e))
		goto fail;
	db_bind_int(&s, 1, u->id);
	db_bind_text(&s, 2, hex);
	db_bind_text(&s, 3, now);
	if (db_run(&s, e) || db_commit(&st->db, e))
		goto fail;
	totp_base32_encode(key, sizeof key, secret, TOTP_BASE32_MAX);
	rc = 0;
	goto out;
fail:
	db_rollback(&st->db);
out:
	db_finalize(&s);
	sodium_memzero(key, sizeof key);
	sodium_memzero(hex, sizeof hex);
	return rc;
}

/* Ten new recovery codes into codes (to show), their hashes into hashes
 * and the salt's hex into salt: -1 when hashing failed. */
static int new_codes(char codes[TOTP_STORE_CODES][TOTP_STORE_CODE_LEN + 1],
		     char hashes[TOTP_STORE_CODES][HASH_BYTES * 2 + 1], char salt[SALT_HEX])
{
	unsigned char raw[crypto_pwhash_SALTBYTES];
	crypto_ready();
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(salt, SALT_HEX, raw, sizeof raw);
	for (int i = 0; i < TOTP_STORE_CODES; i++) {
		char plain[CODE_CHARS + 1];
		for (int j = 0; j < CODE_CHARS; j++)
			plain[j] = code_alphabet[randombytes_uniform(32)];
		plain[CODE_CHARS] = '\0';
		snprintf(codes[i], TOTP_STORE_CODE_LEN + 1, "%.5s-%.5s", plain, plain + 5);
		int r = hash_code(plain, salt, hashes[i]);
		sodium_memzero(plain, sizeof plain);
		if (r)
			return -1;
	}
	return 0;
}

int totp_store_enroll_confirm(struct store *st, const struct user *u, const char *code, const char *actor,
			      char codes[TOTP_STORE_CODES][TOTP_STORE_CODE_LEN + 1], struct err *e)
{
	struct stmt s = STMT_INIT;
	char hex[TOTP_SECRET_MAX * 2 + 1] = "", salt[SALT_HEX];
	char hashes[TOTP_STORE_CODES][HASH_BYTES * 2 + 1];
	unsigned char key[TOTP_SECRET_MAX];
	int64_t step = 0;
	int rc = -1;
	if (db_prepare(&st->db, &s, "SELECT secret FROM totp WHERE user_id = ?1 AND active = 0", e))
		return -1;
	db_bind_int(&s, 1, u->id);
	int r = db_step(&s, e);
	if (r == 1)
		snprintf(hex, sizeof hex, "%s", db_col_text(&s, 0));
	db_finalize(&s);
	if (r <= 0)
		return r < 0 ? -1 : 2;
	size_t n = secret_from_hex(hex, key);
	if (!totp_match(key, n, code, totp_step_of((int64_t)time(NULL)), 0, &step)) {
		rc = 0;
		goto out;
	}
	/* The slow part, before the write lock. */
	if (new_codes(codes, hashes, salt)) {
		err_set(e, "recovery code hashing failed (out of memory)");
		goto out;
	}
	if (db_begin(&st->db, e))
		goto out;
	/* Only the secret that was checked, still waiting: a second tab may
	 * have begun again meanwhile. */
	if (db_prepare(&st->db, &s,
		       "UPDATE totp SET active = 1, last_step = ?3, recovery_salt = ?4 "
		       "WHERE user_id = ?1 AND secret = ?2 AND active = 0",
		       e))
		goto fail;
	db_bind_int(&s, 1, u->id);
	db_bind_text(&s, 2, hex);
	db_bind_int(&s, 3, step);
	db_bind_text(&s, 4, salt);
	if (db_run(&s, e))
		goto fail;
	db_finalize(&s);
	if (db_changes(&st->db) != 1) {
		rc = 2;
		goto fail;
	}
	if (db_prepare(&st->db, &s, "DELETE FROM totp_recovery WHERE user_id = ?1", e))
		goto fail;
	db_bind_int(&s, 1, u->id);
	if (db_run(&s, e))
		goto fail;
	db_finalize(&s);
	if (db_prepare(&st->db, &s, "INSERT INTO totp_recovery (user_id, hash) VALUES (?1, ?2)", e))
		goto fail;
	for (int i = 0; i < TOTP_STORE_CODES; i++) {
		db_reset(&s);
		db_bind_int(&s, 1, u->id);
		db_bind_text(&s, 2, hashes[i]);
		if (db_run(&s, e))
			goto fail;
	}
	db_finalize(&s);
	if (users_audit_add(st, actor, "user.totp.enable", u->name, "", e) || db_commit(&st->db, e))
		goto fail;
	rc = 1;
	goto out;
fail:
	db_finalize(&s);
	db_rollback(&st->db);
out:
	if (rc != 1)
		memset(codes, 0, sizeof(char[TOTP_STORE_CODES][TOTP_STORE_CODE_LEN + 1]));
	sodium_memzero(key, sizeof key);
	sodium_memzero(hex, sizeof hex);
	return rc;
}

/* Ends every session and half-done sign-in of the account; 0 or -1. */
static int end_all(struct store *st, int64_t id, struct err *e)
{
	return users_admin_update(st, "DELETE FROM sessions WHERE user_id = ?1", id, NULL, e) ||
		       users_admin_update(st, "DELETE FROM login_pending WHERE user_id = ?1", id, NULL, e)
		       ? -1
		       : 0;
}

int totp_store_provision(struct store *st, const char *name, const unsigned char *key, size_t n,
			 const char *actor, int lang, struct err *e)
{
	struct user u;
	struct stmt s = STMT_INIT;
	char hex[TOTP_SECRET_MAX * 2 + 1], now[24];
	if (n < TOTP_STORE_SECRET_MIN || n > TOTP_SECRET_MAX) {
		err_set(e, "%s",
			L(lang, "秘密鍵は16〜64バイト（base32で26〜103文字）にしてください",
			  "the secret must be 16 to 64 bytes (26 to 103 base32 characters)"));
		return 1;
	}
	int rc = users_admin_begin(st, name, &u, lang, e);
	if (rc)
		return rc;
	sodium_bin2hex(hex, sizeof hex, key, n);
	users_now_utc(now);
	rc = -1;
	if (db_prepare2(&st->db, &s,
			"INSERT OR REPLACE INTO totp (user_id, secret, active, last_step, "
			"recovery_salt, created_at) VALUES (?1, ?2, 1, 0, '', ?3)",
			"INSERT INTO totp (user_id, secret, active, last_step, recovery_salt, "
			"created_at) VALUES (?1, ?2, 1, 0, '', ?3) ON CONFLICT (user_id) DO UPDATE "
			"SET secret = excluded.secret, active = 1, last_step = 0, "
			"recovery_salt = '', created_at = excluded.created_at",
			e))
		goto fail;
	db_bind_int(&s, 1, u.id);
	db_bind_text(&s, 2, hex);
	db_bind_text(&s, 3, now);
	if (db_run(&s, e))
		goto fail;
	db_finalize(&s);
	if (users_admin_update(st, "DELETE FROM totp_recovery WHERE user_id = ?1", u.id, NULL, e) ||
	    end_all(st, u.id, e) || users_audit_add(st, actor, "user.totp.provision", name, "", e) ||
	    db_commit(&st->db, e))
		goto fail;
	rc = 0;
	goto out;
fail:
	db_finalize(&s);
	db_rollback(&st->db);
out:
	sodium_memzero(hex, sizeof hex);
	return rc;
}

int totp_store_reset(struct store *st, const char *name, const char *actor, int lang, struct err *e)
{
	struct user u;
	int rc = users_admin_begin(st, name, &u, lang, e);
	if (rc)
		return rc;
	if (users_admin_update(st, "DELETE FROM totp WHERE user_id = ?1", u.id, NULL, e))
		rc = -1;
	else if (db_changes(&st->db) == 0) {
		err_set(e, "%s: %s", name,
			L(lang, "二要素認証は設定されていません", "has no second factor"));
		rc = 1;
	} else if (users_admin_update(st, "DELETE FROM totp_recovery WHERE user_id = ?1", u.id, NULL,
				      e) ||
		   end_all(st, u.id, e))
		rc = -1;
	return users_admin_end(st, rc, actor, "user.totp.reset", name, "", e);
}

/* ---- the half-signed-in state --------------------------------------- */

int totp_store_pending_new(struct store *st, int64_t user_id, char *token, struct err *e)
{
	struct stmt s = STMT_INIT;
	char hash[65];
	int64_t now = (int64_t)time(NULL);
	users_random_token(token);
	users_token_hash(token, hash);
	if (db_begin(&st->db, e))
		goto fail0;
	if (db_prepare(&st->db, &s, "DELETE FROM login_pending WHERE expires_at <= ?1", e))
		goto fail;
	db_bind_int(&s, 1, now);
	if (db_run(&s, e))
		goto fail;
	db_finalize(&s);
	if (db_prepare(&st->db, &s,
		       "INSERT INTO login_pending (token_hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
		       e))
		goto fail;
	db_bind_text(&s, 1, hash);
	db_bind_int(&s, 2, user_id);
	db_bind_int(&s, 3, now + TOTP_STORE_PENDING_SECONDS);
	if (db_run(&s, e))
		goto fail;
	db_finalize(&s);
	if (db_commit(&st->db, e))
		goto fail;
	return 0;
fail:
	db_finalize(&s);
	db_rollback(&st->db);
fail0:
	token[0] = '\0';
	return -1;
}

/* The live half-done sign-in of the token's hash: its account into *u
 * (id and name), the secret's hex, last step and recovery salt.  1, 0
 * (none), -1. */
static int pending_row(struct store *st, const char *hash, struct user *u, char *hex,
		       int64_t *last_step, char *salt, struct err *e)
{
	struct stmt s = STMT_INIT;
	memset(u, 0, sizeof *u);
	if (db_prepare(&st->db, &s,
		       "SELECT u.name, t.secret, t.last_step, t.recovery_salt FROM login_pending p "
		       "JOIN users u ON u.id = p.user_id AND u.disabled = 0 "
		       "JOIN totp t ON t.user_id = p.user_id AND t.active = 1 "
		       "WHERE p.token_hash = ?1 AND p.expires_at > ?2",
		       e))
		return -1;
	db_bind_text(&s, 1, hash);
	db_bind_int(&s, 2, (int64_t)time(NULL));
	int r = db_step(&s, e);
	if (r == 1) {
		int found = users_find(st, db_col_text(&s, 0), u, e);
		if (found != 1)
			r = found < 0 ? -1 : 0;
		if (hex)
			snprintf(hex, TOTP_SECRET_MAX * 2 + 1, "%s", db_col_text(&s, 1));
		if (last_step)
			*last_step = db_col_int(&s, 2);
		if (salt)
			snprintf(salt, SALT_HEX, "%s", db_col_text(&s, 3));
	}
	db_finalize(&s);
	return r;
}

int totp_store_pending_find(struct store *st, const char *token, struct user *u, struct err *e)
{
	char hash[65];
	memset(u, 0, sizeof *u);
	if (!token || !users_token_well_formed(token))
		return 0;
	users_token_hash(token, hash);
	return pending_row(st, hash, u, NULL, NULL, NULL, e);
}

int totp_store_pending_end(struct store *st, const char *token, struct err *e)
{
	char hash[65];
	struct stmt s = STMT_INIT;
	if (!token || !users_token_well_formed(token))
		return 0;
	users_token_hash(token, hash);
	if (db_prepare(&st->db, &s, "DELETE FROM login_pending WHERE token_hash = ?1", e))
		return -1;
	db_bind_text(&s, 1, hash);
	int r = db_run(&s, e);
	db_finalize(&s);
	return r;
}

/* Counts a wrong code against the half-done sign-in (ending it at the
 * limit), committed; 0 or -1.  Inside the caller's transaction. */
static int count_failure(struct store *st, const char *hash, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s,
		       "UPDATE login_pending SET failures = failures + 1 WHERE token_hash = ?1", e))
		return -1;
	db_bind_text(&s, 1, hash);
	int r = db_run(&s, e);
	db_finalize(&s);
	if (r == 0 && db_prepare(&st->db, &s,
				 "DELETE FROM login_pending WHERE token_hash = ?1 AND failures >= ?2",
				 e) == 0) {
		db_bind_text(&s, 1, hash);
		db_bind_int(&s, 2, TOTP_STORE_PENDING_FAILURES);
		r = db_run(&s, e);
	} else {
		r = -1;
	}
	db_finalize(&s);
	return r;
}

/* Spends the recovery code whose hash is given; 1 spent, 0 no such unused
 * code, -1.  *left receives the unused ones after it. */
static int spend_code(struct store *st, int64_t id, const char *hash, int *left, struct err *e)
{
	struct stmt s = STMT_INIT;
	char now[24];
	users_now_utc(now);
	if (db_prepare(&st->db, &s,
		       "UPDATE totp_recovery SET used_at = ?3 WHERE user_id = ?1 AND hash = ?2 "
		       "AND used_at IS NULL",
		       e))
		return -1;
	db_bind_int(&s, 1, id);
	db_bind_text(&s, 2, hash);
	db_bind_text(&s, 3, now);
	int r = db_run(&s, e);
	db_finalize(&s);
	if (r)
		return -1;
	if (db_changes(&st->db) != 1)
		return 0;
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	*left = (int)db_int(&st->db, 0,
			    "SELECT count(*) FROM totp_recovery WHERE user_id = ?1 AND used_at IS NULL",
			    idtext);
	return 1;
}

/* Remembers step as the account's last used (the write lock is held since
 * the row was read: BEGIN IMMEDIATE, so two tabs cannot both spend it). */
static int set_last_step(struct store *st, int64_t id, int64_t step, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s, "UPDATE totp SET last_step = ?2 WHERE user_id = ?1", e))
		return -1;
	db_bind_int(&s, 1, id);
	db_bind_int(&s, 2, step);
	int r = db_run(&s, e);
	db_finalize(&s);
	return r;
}

int totp_store_sign_in(struct store *st, const char *pending, enum totp_input kind, const char *in,
		       const char *old_session, char *session, int *recovery_left, struct err *e)
{
	char hash[65], hex[TOTP_SECRET_MAX * 2 + 1] = "", salt[SALT_HEX] = "";
	char code_hash[HASH_BYTES * 2 + 1] = "";
	unsigned char key[TOTP_SECRET_MAX];
	struct user u;
	int64_t last = 0, step = 0;
	int left = -1, rc = -1;
	session[0] = '\0';
	if (recovery_left)
		*recovery_left = -1;
	if (!pending || !users_token_well_formed(pending))
		return 2;
	users_token_hash(pending, hash);
	if (kind == TOTP_INPUT_RECOVERY) {
		/* The hash first, outside the transaction: its salt is read on
		 * its own, and the transaction below checks the account again. */
		int r = pending_row(st, hash, &u, NULL, NULL, salt, e);
		if (r <= 0)
			return r < 0 ? -1 : 2;
		if (!salt[0] || hash_code(in, salt, code_hash))
			code_hash[0] = '\0'; /* no codes (provisioned): nothing matches */
	}
	if (db_begin(&st->db, e))
		return -1;
	int r = pending_row(st, hash, &u, hex, &last, NULL, e);
	if (r <= 0) {
		rc = r < 0 ? -1 : 2;
		goto fail;
	}
	int ok = 0;
	if (kind == TOTP_INPUT_CODE) {
		size_t n = secret_from_hex(hex, key);
		ok = totp_match(key, n, in, totp_step_of((int64_t)time(NULL)), last, &step);
		sodium_memzero(key, sizeof key);
		if (ok && set_last_step(st, u.id, step, e))
			goto fail;
	} else if (kind == TOTP_INPUT_RECOVERY && code_hash[0]) {
		ok = spend_code(st, u.id, code_hash, &left, e);
		if (ok < 0)
			goto fail;
	}
	if (!ok) {
		if (count_failure(st, hash, e) || db_commit(&st->db, e))
			goto fail;
		rc = 0;
		goto out;
	}
	char detail[24];
	snprintf(detail, sizeof detail, "left=%d", left);
	if (users_admin_update(st, "DELETE FROM login_pending WHERE user_id = ?1", u.id, NULL, e) ||
	    (left >= 0 && users_audit_add(st, u.name, "user.totp.recovery", u.name, detail, e)) ||
	    users_sign_in(st, &u, old_session, session, e) || db_commit(&st->db, e))
		goto fail;
	if (recovery_left)
		*recovery_left = left;
	rc = 1;
	goto out;
fail:
	db_rollback(&st->db);
	session[0] = '\0';
out:
	sodium_memzero(hex, sizeof hex);
	return rc;
}
