/*
 * req.h — one HTTP request and the response being built for it.
 *
 * Every handler receives a struct req *r.  The request's fields are
 * parsed and checked before any handler runs (paths and form values are
 * valid UTF-8 without NUL, the body is within its cap); everything they
 * point to lives in r->arena and dies with the request.  The response is
 * built whole in r (status, headers, body) and sent once by whichever
 * face runs the request (the libmicrohttpd server or the test path), so a
 * failure half-way becomes a clean 500 and nothing half-written leaves.
 *
 * The parsers of what a client sends (forms, queries, multipart bodies,
 * cookies, Accept-Language, Origin) are here and use util/ alone, so the
 * fuzz targets link this file without the server or the database
 * (tests/fuzz/fuzz_form.c, fuzz_multipart.c, fuzz_headers.c).
 */
#ifndef ITBCP_WEB_CORE_REQ_H
#define ITBCP_WEB_CORE_REQ_H

#include <stdbool.h>
#include <stddef.h>

#include "store/users.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lang.h"
#include "util/arena.h"

struct web;
struct route;
struct checkin_job;

/* A name and a value, both in the request's arena. */
struct kv {
	const char *name;
	const char *value;
};

struct kv_list {
	struct kv *v;
	size_t n, cap;
};

/* A file of a multipart/form-data body: names in the arena, data pointing
 * into the request's body (len bytes, any content). */
struct req_file {
	const char *name;         /* the form field */
	const char *filename;     /* as the browser sent it ("" when none) */
	const char *content_type; /* "" when none */
	const char *data;
	size_t len;
};

struct req_file_list {
	struct req_file *v;
	size_t n, cap;
};

#define REQ_MAX_PARAMS 4
#define REQ_MULTIPART_MAX_PARTS 32
/* The largest page a handler may build (a runaway loop becomes a 500). */
#define REQ_OUT_MAX (16u << 20)
/* The body's first allocation: a check-in page (~1.6 KB answer, ~3 KB
 * form) fits without growing it again. */
#define REQ_OUT_FIRST (4096u - 1)

struct req {
	struct arena arena;
	struct web *web;
	struct store *store; /* this thread's connection; NULL for ROUTE_NO_DB */

	/* ---- the request, as received ---- */
	const char *method;      /* "GET", "POST" … */
	const char *path;        /* percent-decoded, without the query */
	struct kv_list query;    /* decoded ?name=value pairs */
	struct kv_list headers;  /* names as sent; req_header() ignores case */
	struct kv_list cookies;
	struct kv_list form;     /* an urlencoded body, parsed by the pipeline */
	struct req_file_list files; /* file parts of a multipart body (req_parse_multipart) */
	const char *body;        /* NUL-terminated, body_len bytes */
	size_t body_len;
	bool body_too_large;     /* the body passed the cap and was dropped */
	const char *params[REQ_MAX_PARAMS]; /* what {} in the route matched */
	size_t n_params;

	/* ---- who is asking, and in which language ---- */
	enum lang lang;
	bool signed_in;
	struct user_session session; /* valid when signed_in */
	const char *pre_csrf;        /* pre-session CSRF token this response sets */
	const struct route *route;   /* matched: by route_run, or by the server before it */

	/* ---- the response ---- */
	int status;               /* 200 unless set */
	const char *content_type; /* "text/html; charset=utf-8" unless set */
	struct kv_list out_headers;
	struct buf out;           /* the body, capped at REQ_OUT_MAX */
	const unsigned char *static_body; /* instead of out: compiled-in data */
	size_t static_len;
	struct err err;           /* why a handler failed (logged, never shown) */

	/* ---- an answer that waits for the check-in writer ---- */
	const char *client;       /* the peer's address ("192.0.2.1"), or the client's behind
				   * the trusted proxy (forwarded.h); NULL when none (test path) */
	bool secure;              /* reached over HTTPS (forwarded.h): Secure cookies, HSTS */
	/* A handler whose answer must wait for a durable commit leaves its job
	 * here and returns with no body; the face runs the job (the server:
	 * checkin_writer.h, with the connection suspended meanwhile; the test
	 * path: at once), then calls resume(r), which builds the answer from
	 * the job's result.  The headers of the pipeline are already set. */
	struct checkin_job *pending;
	void (*resume)(struct req *r);
};

void req_init(struct req *r, struct web *w);
/* Frees the arena and the body buffer; r may be initialised again. */
void req_release(struct req *r);

/* Lookups: the first value of that name, or NULL.  Borrowed from r. */
const char *req_header(const struct req *r, const char *name); /* any case */
const char *req_query(const struct req *r, const char *name);
const char *req_cookie(const struct req *r, const char *name);
const char *req_form(const struct req *r, const char *name);
/* A form value with surrounding white space removed ("" when absent). */
const char *req_form_trim(struct req *r, const char *name);

/* True for methods that may change something (everything but GET, HEAD). */
bool req_changes_state(const struct req *r);

/* Appends name=value pairs of s[0..n) (application/x-www-form-urlencoded:
 * + is a space, %XX a byte) to out.  -1 when an escape is malformed or a
 * value is not valid UTF-8 or holds a NUL byte. */
int req_parse_urlencoded(struct req *r, const char *s, size_t n, struct kv_list *out);
/* True when the body is multipart/form-data (Content-Type says so). */
bool req_is_multipart(const struct req *r);
/* Parses a multipart/form-data body (RFC 7578): text parts go to r->form
 * (each must be valid UTF-8 without NUL), parts with a filename to
 * r->files.  Bounded: at most REQ_MULTIPART_MAX_PARTS parts, 8 KiB of
 * headers each.  -1 when the body or its boundary is malformed. */
int req_parse_multipart(struct req *r);
/* The file part named name, or NULL. */
const struct req_file *req_file(const struct req *r, const char *name);

/* Fills r->cookies from the Cookie header (malformed pairs are skipped). */
void req_parse_cookies(struct req *r);
/* The language an Accept-Language header prefers, of ja and en (the one
 * with the higher q; Japanese when neither or no header). */
enum lang req_accept_language(const char *header);
/* True unless Origin or Sec-Fetch-Site says the request comes from
 * another site (browsers send one or both on every form POST); an Origin
 * must name the Host exactly. */
bool req_same_origin(const struct req *r);
/* Appends a pair to a list (strings are not copied). */
void req_kv_add(struct req *r, struct kv_list *l, const char *name, const char *value);

/* ---- building the response ---- */

void req_set_header(struct req *r, const char *name, const char *value);
/* A cookie for the whole site, HttpOnly, SameSite=Lax, Secure over HTTPS; max_age < 0
 * means "for this browser session", 0 deletes it. */
void req_set_cookie(struct req *r, const char *name, const char *value, long max_age);
/* 303 See Other to a local path (anything else becomes "/"). */
void req_redirect(struct req *r, const char *location);
/* True when target is a path on this site ("/x", not "//x" or "http:"). */
bool req_local_path(const char *target);
/* The value of a header set on the response, or NULL. */
const char *req_out_header(const struct req *r, const char *name);

#endif
