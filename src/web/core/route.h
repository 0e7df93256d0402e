/*
 * route.h — the table of pages and the pipeline every request runs.
 *
 * To add a page: write its handler in src/web/pages/AREA/page_NAME.c,
 * declare it in page.h, and add one row to the table in route.c:
 *     { "GET", "/systems/{}", page_system, ROLE_VIEWER, 0 },
 * A pattern is a path whose "{}" segments match one segment each (found in
 * r->params[]) and whose final "*" matches the rest.  A path that a row
 * names literally is answered by its literal rows only: other methods
 * there are 405, even where a "{}" row of that method would match.
 *
 * The route's role is the rule.  route_run() calls auth_guard(r, min_role)
 * before the handler: a request without a session or with too low a role,
 * or a state-changing one whose CSRF token is missing or wrong, never
 * reaches the handler.  So a handler does not repeat that check (a copy
 * could only drift from the table); it checks, in its first lines, only
 * what is conditional: a query flag that asks for personal data, a right
 * that depends on the method or on the row.  ROUTE_TOKEN routes are the
 * exception: their handler checks the token of the URL itself.
 */
#ifndef ITBCP_WEB_CORE_ROUTE_H
#define ITBCP_WEB_CORE_ROUTE_H

#include <stdbool.h>

#include "store/users.h"
#include "web/core/req.h"

/* Fills r's response; 0 when done (whatever the status), -1 when the
 * server failed (message in r->err): the pipeline answers 500 instead. */
typedef int page_fn(struct req *r);

#define ROUTE_NO_DB 0x1u /* needs no database and no session (assets) */
/* The URL holds the credential (a personal check-in link, page_checkin.c):
 * no session needed and no CSRF token on its form; the handler's first
 * lines look the token up and rate-limit failures. */
#define ROUTE_TOKEN 0x2u
/* Open to a session whose password an admin has reset (users.h): until
 * it is changed, every other route sends such a session to
 * /account/password (a GET) or refuses it (403). */
#define ROUTE_PASSWORD_DUE 0x4u
/* Open to an admin's session without an active second factor
 * (totp_store.h): until one is set up, every other route sends it to
 * /account/totp (a GET) or refuses it (403). */
#define ROUTE_TOTP_DUE 0x8u

struct route {
	const char *method;
	const char *pattern;
	page_fn *fn;
	enum user_role min_role; /* ROLE_NONE: anyone */
	unsigned flags;
};

/* The table; a NULL method ends it. */
extern const struct route route_table[];

/* The route for method (HEAD as GET) and path, or NULL; *path_known (may
 * be NULL) tells whether some route has that path (405, not 404). */
const struct route *route_find(const char *method, const char *path, bool *path_known);

/* True when a request for rt is made on a page thread (page_threads.h):
 * every page of the staff.  The phones' check-in links and the assets
 * (and what no route answers) stay on the request threads, which must not
 * wait behind a board or a PDF. */
static inline bool route_on_page_thread(const struct route *rt)
{
	return rt && !(rt->flags & (ROUTE_NO_DB | ROUTE_TOKEN));
}

/* Runs r (filled with the request) through checks, routing, security and
 * its handler; r holds the complete response afterwards.  Never fails:
 * every failure becomes an error page.  r->route, when the caller has set
 * it, must be route_find's answer for r's method and path. */
void route_run(struct req *r);

/* Replaces whatever r holds with the error page for status (400, 403,
 * 404, 405, 413, 500 …) with an optional message for the person. */
void route_error(struct req *r, int status, const char *message);

#endif
