/*
 * totp_store.h — the second factor of sign-in (issue 15, item 9): each
 * account's TOTP secret (RFC 6238, util/totp.h), its recovery codes, and
 * the half-signed-in state between a right password and a right code.
 *
 * Like passwords in users.c, the secrets stay in here: callers get the
 * secret once, as base32, at enrollment (to show it and its QR code), and
 * otherwise hand in what a person typed and get yes or no.  A secret is
 * active only after its first correct code; a code's 30-second step is
 * remembered and that code or an earlier one is never taken again
 * (replay).  Recovery codes are ten random words of 50 bits, shown once,
 * kept as argon2id hashes (the password hashing's limits, one salt per
 * account so that a try costs one hash, not ten), each usable once.
 *
 * Every function returns -1 with e filled on a database error; the other
 * values are written at each.  All are safe to call from a web request.
 */
#ifndef ITBCP_STORE_TOTP_STORE_H
#define ITBCP_STORE_TOTP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "store/users.h"
#include "util/err.h"
#include "util/totp.h"

#define TOTP_STORE_CODES 10    /* recovery codes per account */
#define TOTP_STORE_CODE_LEN 11 /* "abcde-fghij" */
/* The fewest bytes of secret an operator may provision: RFC 4226's 128
 * bits (a new one here is 160). */
#define TOTP_STORE_SECRET_MIN 16
/* A half-done sign-in ends after this long, or after this many wrong
 * codes (the password must then be given again). */
#define TOTP_STORE_PENDING_SECONDS 300
#define TOTP_STORE_PENDING_FAILURES 5

/* What a person typed at the code step. */
enum totp_input {
	TOTP_INPUT_BAD,      /* neither */
	TOTP_INPUT_CODE,     /* six digits from the app */
	TOTP_INPUT_RECOVERY, /* ten letters and digits of a recovery code */
};
/* Classifies in (spaces and hyphens ignored, either case) and writes the
 * normalised text into out (16 bytes). */
enum totp_input totp_store_input(const char *in, char out[16]);

struct totp_state {
	bool active;       /* a confirmed authenticator */
	bool enrolling;    /* a secret shown, not yet confirmed */
	int recovery_left; /* unused recovery codes */
};
/* The state of user_id's second factor into *out; 0. */
int totp_store_state(struct store *st, int64_t user_id, struct totp_state *out, struct err *e);

/* Starts enrollment for u: a new secret (replacing one not yet
 * confirmed), its base32 into secret.  0; 1 when u already has an active
 * one (e says so, in lang). */
int totp_store_enroll_begin(struct store *st, const struct user *u, char secret[TOTP_BASE32_MAX],
			    int lang, struct err *e);
/* Confirms enrollment with the first code: the secret becomes active, ten
 * new recovery codes are made (codes receives them, to show once) and
 * "user.totp.enable" is written by actor, in one transaction.  1 done;
 * 0 the code is wrong; 2 nothing to confirm (no enrollment begun, or it
 * was replaced meanwhile).  Hashing the codes takes about a second. */
int totp_store_enroll_confirm(struct store *st, const struct user *u, const char *code, const char *actor,
			      char codes[TOTP_STORE_CODES][TOTP_STORE_CODE_LEN + 1], struct err *e);
/* Gives the account name the secret key (n bytes) at once, active, with no
 * recovery codes (an operator's provisioning, `itbcp user totp`): every
 * session and half-done sign-in of the account ends, "user.totp.provision"
 * by actor.  0; 1 refused (no such user, a key shorter than
 * TOTP_STORE_SECRET_MIN or longer than TOTP_SECRET_MAX; e says why). */
int totp_store_provision(struct store *st, const char *name, const unsigned char *key, size_t n,
			 const char *actor, int lang, struct err *e);
/* Removes the account's second factor and recovery codes (a lost phone),
 * ends its sessions and half-done sign-ins, "user.totp.reset" by actor.
 * 0; 1 refused (no such user, or it has none; e says why). */
int totp_store_reset(struct store *st, const char *name, const char *actor, int lang, struct err *e);

/* ---- the half-signed-in state --------------------------------------- */

/* After a right password of an account with an active second factor:
 * token (USERS_TOKEN_LEN + 1) receives the cookie value of a half-done
 * sign-in for user_id, which opens no page.  0. */
int totp_store_pending_new(struct store *st, int64_t user_id, char *token, struct err *e);
/* 1 and *u filled when token names a live half-done sign-in of an enabled
 * account with an active second factor; 0 when not. */
int totp_store_pending_find(struct store *st, const char *token, struct user *u, struct err *e);
/* Ends the half-done sign-in of token (nothing when there is none). */
int totp_store_pending_end(struct store *st, const char *token, struct err *e);

/* Finishes the half-done sign-in of pending with what was typed (in,
 * totp_store_input's normalised text of kind): a code not used before, in
 * the window of one step either side, or an unused recovery code.  On
 * success, in one transaction: the step or the recovery code is spent,
 * the half-done sign-in ends, old_session (may be NULL) ends, a session
 * starts (session receives its cookie, as users_sign_in) with
 * "session.login", and "user.totp.recovery" (detail "left=N") when a
 * recovery code was used.  1 signed in (*recovery_left, may be NULL, the
 * codes left, -1 when none was used); 0 wrong (counted: the half-done
 * sign-in ends at TOTP_STORE_PENDING_FAILURES); 2 the half-done sign-in
 * is gone (expired, ended, or the account changed). */
int totp_store_sign_in(struct store *st, const char *pending, enum totp_input kind, const char *in,
		       const char *old_session, char *session, int *recovery_left, struct err *e);

#endif
