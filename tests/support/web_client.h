/*
 * web_client.h — drives the web pipeline in-process the way browsers do,
 * for the unit tests of pages (web_test_request, no socket): a fresh demo
 * database with one user of each role, browsers that keep their cookies,
 * requests with or without a body, extra headers or a content type, the
 * sign-in form and its CSRF token.
 *
 * One copy for every web test, so a change to how the pipeline is driven
 * (a cookie, a header, the sign-in form) is made once.  A test includes
 * cmocka.h before this (cmocka needs its own headers first); the helpers
 * assert with cmocka, so a failing step fails the test that called it.
 *
 * The users every test gets (a test that does not use one is unaffected):
 *   admin  ROLE_ADMIN      admin-pass-1      (display name 管理 太郎; second
 *                                            factor WEB_CLIENT_TOTP_KEY)
 *   pat    ROLE_PLANNER    planner-pass-1
 *   vera   ROLE_VIEWER     viewer-pass-1
 *   rita   ROLE_RESPONDER  responder-pass-1
 */
#ifndef ITBCP_TESTS_WEB_CLIENT_H
#define ITBCP_TESTS_WEB_CLIENT_H

#include <stddef.h>

#include "model/plan.h"
#include "web/core/web.h"

/* The web under test and its database (/tmp/itbcp-test-NAME-PID.db, or
 * PostgreSQL: store_fixture.h):
 * tests reach into both (a thread's store, a second connection). */
extern struct web w;
extern char db_path[256];

/* A browser: its cookies.  Zeroed, it has none (signed out). */
struct client {
	char session[64];
	char pre[64];
	char lang[64];
	char pending[64]; /* a half-done sign-in (the code step) */
};

/* The admin's TOTP secret: RFC 6238's SHA-1 seed (20 bytes). */
#define WEB_CLIENT_TOTP_KEY "12345678901234567890"

/* The code of key (20 bytes) for the current step: the one an
 * authenticator app would show now. */
void web_client_totp_now(const char *key, char out[8]);

/* Creates the demo database for test name, opens the web on it and adds
 * the users above; 0 (fails the test otherwise).  For a group setup. */
int web_client_setup(const char *name);
/* Releases the web, deletes the database and its -wal/-shm, forgets the
 * host; 0.  Usable as a cmocka group teardown. */
int web_client_teardown(void **state);
/* Every request from now on names host in a Host header (NULL: none, the
 * default), as a browser pointed at that address does. */
void web_client_host(const char *host);

/* Takes the cookies a response sets into c. */
void take_cookies(struct client *c, const struct web_response *res);
/* Sends a request as c (NULL: a client with no cookies, which keeps none)
 * with extra header lines ("Name: value\n" each, or NULL) and a body of
 * len bytes of content type ctype (NULL: urlencoded, when there is a
 * body).  res is released first, so one response can be reused. */
void send_full(struct client *c, const char *method, const char *target, const char *extra,
	       const char *ctype, const char *body, size_t len, struct web_response *res);
/* send_full with a NUL-terminated form body (or NULL) and nothing else. */
void send_req(struct client *c, const char *method, const char *target, const char *body,
	      struct web_response *res);
/* send_req with extra header lines. */
void send_hdr(struct client *c, const char *method, const char *target, const char *extra,
	      const char *body, struct web_response *res);
/* send_req with extra header lines and a content type. */
void send_ct(struct client *c, const char *method, const char *target, const char *extra,
	     const char *body, const char *ct, struct web_response *res);
/* A body of len bytes (a multipart upload, say) of content type ctype. */
void send_raw(struct client *c, const char *method, const char *target, const char *ctype,
	      const char *body, size_t len, struct web_response *res);
/* The status of a request as c (a form body or NULL). */
int status_of(struct client *c, const char *method, const char *target, const char *body);

/* The CSRF token of the first form in res, into out (64 bytes). */
void csrf_of(const struct web_response *res, char *out);
/* Signs c in as name through the sign-in form, in Japanese; asserts it
 * worked.  c's earlier cookies are dropped.  An account with a second
 * factor (the admin) is answered at /login/code with the current code of
 * WEB_CLIENT_TOTP_KEY; the step last used is forgotten first, so that a
 * test may sign the admin in several times within 30 seconds. */
void sign_in(struct client *c, const char *name, const char *password);
/* The session's CSRF token (one per session: any page's forms carry it). */
void session_csrf(struct client *c, char *out);
/* Replaces the plan in the database with itself changed by fn. */
void edit_plan(void (*fn)(struct plan *p));

#endif
