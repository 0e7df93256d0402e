/*
 * checkin_limit.h — the rate limit on failed check-in links, per client
 * address, in memory (page_checkin.c).
 *
 * A personal check-in link carries 160 random bits, so guessing one is
 * hopeless; the limit is there so that trying is also slow and loud.
 * Every unknown or malformed token counts one failure for the client's
 * key (its address, IPv6 by /64); a key with CHECKIN_FAIL_MAX failures in
 * the current window of CHECKIN_FAIL_WINDOW seconds (the window starts at
 * its first failure) is "over" until the window has passed.  Over the
 * limit, a wrong link is answered 429 instead of 404 and a link is checked
 * on the request's own thread before it may reach the writer; a link that
 * is right is never refused (issue 15: a whole office behind one NAT must
 * not be locked out by a few mistyped links).
 *
 * Why in memory: a report must be answered without any read on the pool
 * thread (the group-commit writer resolves the token), and a flood of
 * wrong links must not become a flood of database writes.  The table is
 * bounded (CHECKIN_LIMIT_SLOTS keys); when it is full the key with the
 * oldest window gives way.  A restart forgets the counts, which only
 * restarts a window.
 */
#ifndef ITBCP_CHECKIN_CHECKIN_LIMIT_H
#define ITBCP_CHECKIN_CHECKIN_LIMIT_H

#include <stdbool.h>
#include <stdint.h>

#define CHECKIN_FAIL_WINDOW 600 /* seconds */
#define CHECKIN_FAIL_MAX 20
#define CHECKIN_LIMIT_SLOTS 4096
#define CHECKIN_LIMIT_KEY_MAX 63 /* longer keys are cut (an IPv6 /64 is ≤ 43) */

struct checkin_limit;

/* A new, empty table (checkin_limit_free). */
struct checkin_limit *checkin_limit_new(void);
void checkin_limit_free(struct checkin_limit *l);

/* Whether key has used up its failures at time now (UTC seconds). */
bool checkin_limit_over(struct checkin_limit *l, const char *key, int64_t now);

/* Counts one failure for key at time now.  True when this failure is the
 * one that reached CHECKIN_FAIL_MAX in its window (to log it once). */
bool checkin_limit_fail(struct checkin_limit *l, const char *key, int64_t now);

#endif
