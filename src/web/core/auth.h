/*
 * auth.h — who is asking, and may they: sessions, roles, CSRF.
 *
 * A signed-in browser holds the session token in an HttpOnly,
 * SameSite=Strict cookie; the database holds only its hash (users.c).
 * Every form carries a CSRF token: the session's own, or before sign-in a
 * random token also set as a cookie (double submit), compared in constant
 * time.  A state-changing request whose Origin (or Sec-Fetch-Site) names
 * another site is refused as well.
 */
#ifndef ITBCP_WEB_CORE_AUTH_H
#define ITBCP_WEB_CORE_AUTH_H

#include <stdbool.h>

#include "store/users.h"
#include "web/core/req.h"

#define AUTH_COOKIE_SESSION "itbcp_session"
#define AUTH_COOKIE_PRE "itbcp_pre"   /* CSRF token before sign-in */
#define AUTH_COOKIE_LANG "itbcp_lang"
/* A half-done sign-in: the password was right, the second factor is
 * asked next (totp_store.h).  It opens no page but /login/code. */
#define AUTH_COOKIE_PENDING "itbcp_pending"

/* Looks up the session cookie: r->signed_in and r->session.  -1 with
 * r->err filled on a database error. */
int auth_load_session(struct req *r);

/* The check the pipeline (route.c) makes before every handler but a
 * ROUTE_TOKEN one.  0: go on.  1: refused, and r holds the answer (to the
 * sign-in page for a GET without a session, else 403).  min is the route's
 * minimum role; state-changing methods also need a valid CSRF token. */
int auth_guard(struct req *r, enum user_role min);

/* The CSRF token the forms of this page carry (borrowed from r).  Before
 * sign-in it comes from (or creates) the pre-session cookie. */
const char *auth_csrf_token(struct req *r);
/* True when the request's form field "csrf" matches and its origin is
 * this site. */
bool auth_csrf_ok(struct req *r);
/* Writes the hidden CSRF input of a form. */
void auth_csrf_field(struct req *r);

/* Who the records (audit log, incident timeline, reports) name for this
 * request: "氏名 (login)" for an account tied to a person of the plan,
 * else the login; "-" when nobody. */
const char *auth_actor(const struct req *r);

#endif
