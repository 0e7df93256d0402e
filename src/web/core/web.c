/*
 * web.c — what every request shares (struct web), each thread's own
 * database connection, and the test path that runs one request through
 * the whole pipeline without a socket.
 */
#include "web/core/web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/store.h"
#include "store/store_standby.h"
#include "util/buf.h"
#include "util/hex.h"
#include "util/xalloc.h"
#include "checkin/checkin_limit.h"
#include "web/core/login_limit.h"
#include "web/core/verify_guard.h"
#include "checkin/checkin_writer.h"
#include "web/core/req.h"
#include "web/core/route.h"
#include "web/core/standby.h"

/* Closes a thread's connection when the thread ends (pthread key destructor). */
static void store_destroy(void *p)
{
	struct store *st = p;
	store_close(st);
	free(st);
}

int web_init(struct web *w, const char *db_path, struct err *e)
{
	memset(w, 0, sizeof *w);
	w->db_path = xstrdup(db_path);
	w->body_max = WEB_BODY_MAX;
	w->conn_max = WEB_CONN_MAX;
	w->conn_per_address = WEB_CONN_PER_ADDRESS;
	if (pthread_key_create(&w->store_key, store_destroy) != 0) {
		free(w->db_path);
		w->db_path = NULL;
		return err_set(e, "cannot create a thread key");
	}
	w->key_made = true;
	w->checkin_limit = checkin_limit_new();
	w->verify = verify_guard_new();
	w->verify_every_view_max = WEB_VERIFY_EVERY_VIEW_MAX;
	w->login_limit = login_limit_new(LOGIN_HASH_MAX);
	/* Opens (and migrates) now, so a bad database is reported at start. */
	if (!web_thread_store(w, e)) {
		web_release(w);
		return -1;
	}
	return 0;
}

void web_release(struct web *w)
{
	if (w->key_made) {
		struct store *st = pthread_getspecific(w->store_key);
		if (st) {
			pthread_setspecific(w->store_key, NULL);
			store_destroy(st);
		}
		pthread_key_delete(w->store_key);
		w->key_made = false;
	}
	checkin_limit_free(w->checkin_limit);
	w->checkin_limit = NULL;
	verify_guard_free(w->verify);
	w->verify = NULL;
	login_limit_free(w->login_limit);
	w->login_limit = NULL;
	free(w->db_path);
	w->db_path = NULL;
}

struct store *web_thread_store(struct web *w, struct err *e)
{
	struct store *st = pthread_getspecific(w->store_key);
	if (st && !store_lost(st))
		return st;
	if (st) {
		/* PostgreSQL went away (stopped, killed, failed over): this
		 * connection will never work again, a new one may. */
		pthread_setspecific(w->store_key, NULL);
		store_destroy(st);
	}
	st = xmalloc(sizeof *st);
	*st = (struct store)STORE_INIT;
	if (store_open(st, w->db_path, 0, e)) {
		free(st);
		return NULL;
	}
	/* A server that comes back may come back as a standby (or as the
	 * promoted one): what it is now is what the pages say. */
	int rec = store_in_recovery(st, e);
	if (rec < 0) {
		store_close(st);
		free(st);
		return NULL;
	}
	standby_set(w, rec == 1);
	pthread_setspecific(w->store_key, st);
	return st;
}

/* ---- the test path -------------------------------------------------- */

/* Percent-decodes a path as libmicrohttpd does (a malformed escape stays
 * as it is); "" (refused later) when an escape decodes to NUL. */
static const char *decode_path(struct req *r, const char *s, size_t n)
{
	char *out = arena_alloc(&r->arena, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%' && i + 2 < n && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
			c = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
			if (c == '\0')
				return "";
			i += 2;
		}
		out[k++] = c;
	}
	out[k] = '\0';
	return out;
}

/* Adds the "Name: value" lines of headers to r. */
static void parse_headers(struct req *r, const char *headers)
{
	const char *p = headers;
	while (p && *p) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *colon = memchr(p, ':', n);
		if (colon) {
			const char *v = colon + 1;
			while (*v == ' ')
				v++;
			size_t vn = n - (size_t)(v - p);
			while (vn && (v[vn - 1] == '\r' || v[vn - 1] == ' '))
				vn--;
			req_kv_add(r, &r->headers, arena_strndup(&r->arena, p, (size_t)(colon - p)),
				   arena_strndup(&r->arena, v, vn));
		}
		p = end ? end + 1 : NULL;
	}
}

void web_test_request(struct web *w, const char *method, const char *target, const char *headers,
		      const char *body, size_t body_len, struct web_response *out)
{
	struct req r;
	req_init(&r, w);
	r.method = arena_strdup(&r.arena, method);
	const char *q = strchr(target, '?');
	size_t plen = q ? (size_t)(q - target) : strlen(target);
	r.path = decode_path(&r, target, plen);
	if (q && req_parse_urlencoded(&r, q + 1, strlen(q + 1), &r.query))
		r.path = ""; /* refused as a bad request, as the server would */
	parse_headers(&r, headers);
	if (body_len > w->body_max) {
		r.body_too_large = true;
	} else if (body) {
		r.body = arena_strndup(&r.arena, body, body_len);
		r.body_len = body_len;
	}
	route_run(&r);
	if (r.pending) { /* a check-in: appended at once, no writer thread here */
		checkin_job_run_now(r.store, r.pending);
		r.resume(&r);
		r.pending = NULL;
	}

	struct buf h = BUF_INIT;
	if (!r.static_body || r.static_len || r.status != 304)
		buf_addf(&h, "Content-Type: %s\r\n", r.content_type);
	for (size_t i = 0; i < r.out_headers.n; i++)
		buf_addf(&h, "%s: %s\r\n", r.out_headers.v[i].name, r.out_headers.v[i].value);
	out->status = r.status;
	out->headers = buf_detach(&h);
	if (r.static_body) {
		out->body = xstrndup((const char *)r.static_body, r.static_len);
		out->body_len = r.static_len;
	} else {
		out->body_len = r.out.len;
		out->body = buf_detach(&r.out);
	}
	req_release(&r);
}

void web_response_release(struct web_response *res)
{
	free(res->headers);
	free(res->body);
	*res = (struct web_response)WEB_RESPONSE_INIT;
}

bool web_response_header(const struct web_response *res, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	for (const char *p = res->headers; p && *p;) {
		const char *end = strstr(p, "\r\n");
		if (!end)
			break;
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			snprintf(out, n, "%.*s", (int)(end - v), v);
			return true;
		}
		p = end + 2;
	}
	return false;
}
