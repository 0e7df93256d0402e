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
#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct store;

#define WEB_BODY_MAX (1u << 20) /* request bodies above this get 413 */

struct checkin_limit;

struct web {
	char *db_path;
	size_t body_max;
	bool access_log;           /* one line per request on stderr */
	pthread_key_t store_key;   /* this thread's struct store * */
	bool key_made;
	struct checkin_limit *checkin_limit; /* failed check-in links per client */
	struct verify_guard *verify;         /* long record verifications */
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
 * e filled when it cannot start. */
int web_serve(struct web *w, const char *listen, unsigned threads, struct err *e);

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
