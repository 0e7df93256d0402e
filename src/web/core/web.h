/*
 * web.h — the web face: `itbcp serve`, and the same pipeline without a
 * socket for tests.
 *
 * A struct web holds what every request shares and nothing a request
 * changes: the database path, limits, and the key of each worker thread's
 * own SQLite connection (opened lazily on the thread's first request,
 * closed when the thread ends or by web_release on the calling thread).
 */
#ifndef ITBCP_WEB_CORE_WEB_H
#define ITBCP_WEB_CORE_WEB_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "format/agency_list.h"
#include "util/err.h"

struct store;

#define WEB_BODY_MAX (1u << 20) /* request bodies above this get 413 */

/* Connections (issue 15, item 1; README "Limits" says why these values).
 * WEB_CONN_MAX in all: sized for a check-in burst — a few hundred reports
 * a second, each phone's connection living for its request and then at
 * most WEB_IDLE_TIMEOUT more.  WEB_CONN_PER_ADDRESS from one address: an
 * office or a carrier's NAT puts a few hundred phones behind one address,
 * and one address holding its maximum still leaves 15/16 of the server to
 * everyone else.  A connection is closed after WEB_IDLE_TIMEOUT seconds
 * without a byte while it has not sent a whole request header (a new one,
 * or a kept-alive one between requests), after WEB_REQUEST_TIMEOUT once it
 * has.  `itbcp serve --max-connections/--max-per-address` change the
 * first two (a benchmark from one address, a reverse proxy in front). */
#define WEB_CONN_MAX 4096
#define WEB_CONN_PER_ADDRESS 256
#define WEB_IDLE_TIMEOUT 10
#define WEB_REQUEST_TIMEOUT 60
/* Incident records up to this many entries are verified on every view of
 * their timeline (well under a tenth of a second); a longer one — a burst
 * leaves hundreds of thousands, seconds of hashing — when asked
 * (?verify=1), one at a time (verify_guard.h). */
#define WEB_VERIFY_EVERY_VIEW_MAX 10000

struct checkin_limit;
struct login_limit;

struct web {
	char *db_path;
	/* Many agencies in one service (issue 18 item 5, format/agency_list.h):
	 * the host name this web answers, lower case; "" when it is the
	 * server's only one and answers whatever the Host header says. */
	char host[AGENCY_HOST_MAX + 1];
	size_t body_max;
	bool access_log;           /* one line per request on stderr */
	unsigned conn_max;         /* connections in all (WEB_CONN_MAX) */
	unsigned conn_per_address; /* from one address (WEB_CONN_PER_ADDRESS) */
	pthread_key_t store_key;   /* this thread's struct store * */
	bool key_made;
	struct checkin_limit *checkin_limit; /* failed check-in links per client */
	struct verify_guard *verify;         /* long record verifications */
	unsigned verify_every_view_max;      /* WEB_VERIFY_EVERY_VIEW_MAX; tests set less */
	struct login_limit *login_limit;     /* failed sign-ins, passwords hashing */
	bool https;                /* reached over HTTPS: Secure cookies, HSTS (forwarded.h) */
	char trusted_proxy[46];    /* the proxy's address, "" for none (forwarded.h) */
	/* Two sites (issue 18): the database is a read-only hot standby
	 * (web/core/standby.h), as last seen; set by web_init and whenever a
	 * thread opens its connection, cleared once a look finds the server
	 * promoted.  standby_seen_ms: the monotonic time of that look. */
	atomic_bool standby;
	atomic_llong standby_seen_ms;
	char primary_url[256]; /* serve --primary-url: the site to write on, "" unknown */
};

/* Prepares w for db_path (the database must exist: `itbcp init`); checks
 * that it opens and migrates.  -1 with e filled when it does not. */
int web_init(struct web *w, const char *db_path, struct err *e);
/* Closes the calling thread's connection and frees w's contents. */
void web_release(struct web *w);

/* This thread's connection to w's database, opened on first use; NULL
 * with e filled when it cannot be opened.  Owned by the thread. */
struct store *web_thread_store(struct web *w, struct err *e);

/* Serves HTTP on listen ("ADDR:PORT", "[ADDR6]:PORT"; port 0 picks a free
 * one) with a pool of threads workers, until SIGINT or SIGTERM.  Prints
 * "itbcp: listening on http://ADDR:PORT/" on stdout once ready.  -1 with
 * e filled when it cannot start.
 *
 * sites[0..n_sites) are the agencies served (one, whose host is "", for
 * the usual single plan): a request goes to the one whose host its Host
 * header names, and nowhere else; a host no site has is answered 404
 * without touching any database.  Each site has its own check-in writer;
 * the page threads are shared (each thread keeps one connection per
 * site: web_thread_store).  The connection limits, the access log, HTTPS
 * and the trusted proxy are the server's: sites[0]'s. */
int web_serve(struct web *const *sites, size_t n_sites, const char *listen, unsigned threads,
	      struct err *e);

/* ---- the test path: one request through the whole pipeline ---------- */

struct web_response {
	int status;
	char *headers; /* "Name: value\r\n" per header; free() */
	char *body;    /* NUL-terminated; free() */
	size_t body_len;
};
#define WEB_RESPONSE_INIT { 0, NULL, NULL, 0 }

/* Runs method target (path and query, e.g. "/login?lang=en") with headers
 * ("Name: value" lines separated by \n, may be NULL) and body[0..body_len)
 * exactly as the server would, on the calling thread's connection.  Fills
 * out (release with web_response_release). */
void web_test_request(struct web *w, const char *method, const char *target, const char *headers,
		      const char *body, size_t body_len, struct web_response *out);
void web_response_release(struct web_response *res);
/* The value of header name in res (any case), copied into out (size n);
 * false when res has no such header. */
bool web_response_header(const struct web_response *res, const char *name, char *out,
			 size_t n);

#endif
