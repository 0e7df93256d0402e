/*
 * login_limit.h — how fast passwords may be tried at POST /login, and how
 * many are hashed at once (issue 15, item 2).
 *
 * Each sign-in costs an argon2id hash (64 MiB, ~0.1 s) on a page thread,
 * so unchecked, a few connections sending wrong passwords both guess
 * freely and hold up every staff page.  Two things bound them:
 *
 * - Failures are counted per key — the account ("u:NAME") and the client
 *   address ("a:ADDRESS", IPv6 by /64) — and after a key's free failures
 *   each further attempt must wait a delay that doubles with every
 *   failure, from 1 s up to a cap: an account after LOGIN_FREE_ACCOUNT
 *   failures, up to LOGIN_DELAY_ACCOUNT_MAX; an address after
 *   LOGIN_FREE_ADDRESS (an office behind one address mistypes too), up to
 *   LOGIN_DELAY_ADDRESS_MAX.  An attempt refused for the delay costs no
 *   hash and is not counted, so the delay is never longer than the cap:
 *   an attacker can slow a real user down, never lock them out.  A key
 *   with no failure for LOGIN_FORGET seconds starts again; a right
 *   password clears its account's count (not its address's, which an
 *   attacker with one real account could otherwise reset).
 * - At most hash_max passwords are hashed at once (web_serve: one fewer
 *   than the page threads, so one is always free for pages); an attempt
 *   beyond that from an address that has failed is answered 503 at once;
 *   one from an address with no failure waits up to LOGIN_HASH_WAIT_MS
 *   for its turn first (a hash takes ~0.1 s).
 *
 * In memory, like checkin_limit.h: a bounded table (LOGIN_LIMIT_SLOTS
 * keys, the oldest failure giving way when full); a restart forgets it.
 */
#ifndef ITBCP_WEB_CORE_LOGIN_LIMIT_H
#define ITBCP_WEB_CORE_LOGIN_LIMIT_H

#include <stdbool.h>
#include <stdint.h>

#define LOGIN_FREE_ACCOUNT 5
#define LOGIN_FREE_ADDRESS 20
#define LOGIN_DELAY_ACCOUNT_MAX 60  /* seconds */
#define LOGIN_DELAY_ADDRESS_MAX 300 /* seconds */
#define LOGIN_FORGET 900            /* seconds */
#define LOGIN_HASH_MAX 1            /* hashes at once until web_serve says otherwise */
#define LOGIN_HASH_WAIT_MS 2000     /* the longest a clean address waits for a turn */
#define LOGIN_LIMIT_SLOTS 4096
#define LOGIN_LIMIT_KEY_MAX 95 /* longer keys are cut ("u:" + a 64-byte name fits) */

struct login_limit;

/* A new, empty table allowing hash_max hashes at once (≥ 1). */
struct login_limit *login_limit_new(unsigned hash_max);
void login_limit_free(struct login_limit *l);
void login_limit_set_hash_max(struct login_limit *l, unsigned hash_max);
/* From now on l's sign-ins take the hashing turns of with (and its
 * hash_max), not l's own: several agencies in one server (web.h) each
 * count their own failures — the same account name at two agencies is
 * two accounts — but share the turns, so that a flood of sign-ins at all
 * of them together still leaves a page thread free.  Before any use;
 * with must outlive l's use. */
void login_limit_share_turns(struct login_limit *l, struct login_limit *with);

/* Seconds key must still wait at time now (UTC seconds) before its next
 * attempt, with free failures allowed and the delay capped at max; 0 when
 * it may try. */
int64_t login_limit_wait(struct login_limit *l, const char *key, unsigned free_fails, int64_t max,
			 int64_t now);
/* Counts one failure for key at time now; returns its failures. */
unsigned login_limit_fail(struct login_limit *l, const char *key, int64_t now);
/* Forgets key's failures. */
void login_limit_clear(struct login_limit *l, const char *key);

/* Takes one of the hashing turns, waiting up to wait_ms for one to come
 * free: false when none did (refuse).  A sign-in from an address with no
 * failure waits a little (page_login.c): two staff signing in at the same
 * moment both get in, and a flood, whose address fails at once, never
 * holds a page thread waiting. */
bool login_limit_hash_begin(struct login_limit *l, unsigned wait_ms);
/* Whether key has failures still counted at now. */
bool login_limit_has_failed(struct login_limit *l, const char *key, int64_t now);
/* Gives the turn back. */
void login_limit_hash_end(struct login_limit *l);

#endif
