/*
 * server.c — `itbcp serve` on libmicrohttpd: epoll, a small thread pool,
 * and the glue between a connection and the pipeline of route.c.
 *
 * libmicrohttpd calls on_request several times per request: first with
 * only the headers (we set up the request's state and return, because
 * 0.9.75 answers "Connection: close" when a response is queued on that
 * first call, which would end keep-alive), then once per piece of the body
 * (kept up to the cap, counted and dropped beyond it), then a last time
 * with nothing, when the pipeline runs and the whole response is queued.
 * on_completed frees the request's state whatever happened.  Each pool
 * thread opens its own SQLite connection on its first request.
 *
 * A check-in report (r->pending after the pipeline) waits for its durable
 * commit without holding a pool thread: the connection is suspended
 * first, then the job is queued for the writer thread (checkin_writer.h),
 * whose done() resumes it — in that order, because resuming a connection
 * that is not suspended is undefined in libmicrohttpd.  On resumption
 * libmicrohttpd calls on_request once more, and the answer is built from
 * the job's result and queued then (not on a first call, so keep-alive
 * holds).  A staff page (anything but a check-in link or an asset) waits
 * the same way for a page thread (page_threads.h), which runs the pipeline
 * and resumes the connection, so a board or a PDF never holds up the
 * phones that share its request thread.  SIGTERM: stop accepting, let the
 * writer commit what is queued and the page threads make what is queued,
 * resume those connections, give their answers a moment to leave, then
 * stop — libmicrohttpd must not be stopped with a connection still
 * suspended.
 *
 * Several agencies (web_serve's sites, issue 18 item 5): the Host header
 * of a request, read once with its headers, chooses the agency's web —
 * its database, its connections, its check-in writer — and a request
 * never reaches another's; a host no agency has is answered 404 there
 * and then (no_site).  The assets below are every agency's.
 *
 * Compiled-in assets take a fast path: GET or HEAD /assets/NAME of an
 * asset that exists, with no body and no query argument but ?v=, is
 * answered with a response built once at startup (the embedded bytes,
 * never copied, and the same headers page_asset.c and route.c give it),
 * without the pipeline.  It marks the request on the first call and
 * queues on the last, as above, so keep-alive holds.  Anything else under
 * /assets/ (unknown names, dot segments, ?lang=, a body) goes through the
 * pipeline as before, which answers it.
 */
#include <arpa/inet.h>
#include <assert.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "util/monotonic.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "web/core/asset.h"
#include "checkin/checkin_writer.h"
#include "web/core/forwarded.h"
#include "web/core/login_limit.h"
#include "web/http/access_log.h"
#include "web/http/gzip.h"
#include "web/http/page_threads.h"
#include "web/core/req.h"
#include "web/core/route.h"
#include "web/core/web.h"

/* An asset's two answers, built at startup and shared by every thread
 * (libmicrohttpd counts a response's users under its own lock). */
struct fast_asset {
	struct MHD_Response *ok;           /* 200 with the bytes */
	struct MHD_Response *not_modified; /* 304 */
	const char *etag;
	size_t len;
};

/* One agency served (web.h: web_serve's sites): its web and its own
 * check-in writer. */
struct site {
	struct web *w;
	struct checkin_writer *writer;
};

/* What the server shares between its threads (the handlers' cls). */
struct server {
	struct web *w; /* sites[0].w: the server's own settings (limits, log, proxy) */
	struct site *sites;
	size_t n_sites;
	struct page_threads *pages;
	struct fast_asset *assets; /* by asset index (asset.h); n_assets of them */
	size_t n_assets;
	atomic_uint unresumed; /* suspended connections not yet resumed */
	atomic_uint waiting;   /* deferred requests not yet completed */
	unsigned conn_max, per_address;
	pthread_mutex_t refused_mu; /* the refusals' count, for mhd_log */
	unsigned long refused;      /* connections refused, not yet logged */
	int64_t refused_logged_at;  /* monotonic ms of the last line; 0: none yet */
};

/* Where one request is. */
enum conn_state {
	CONN_RECEIVING = 0, /* headers and body coming in */
	CONN_WAITING,       /* suspended until its check-in job is done */
	CONN_MAKING,        /* suspended while a page thread makes its answer */
	CONN_ANSWERED       /* its response is queued */
};

/* What one request holds between the calls of libmicrohttpd. */
struct conn {
	struct req r;
	struct buf body;
	size_t dropped;  /* body bytes read past the cap */
	enum conn_state state;
	bool deferred;   /* counted in server.waiting */
	struct site *site; /* the agency the Host header named */
	struct MHD_Connection *c;
	struct server *s;
	struct page_job page; /* its turn on a page thread */
	atomic_bool made;     /* the page thread has finished r (release) */
};

/* *con_cls of a request the asset fast path may answer (no struct conn). */
static char fast_mark;

/* Threads making the staff's pages: half as many as request threads,
 * and at least two, so that one slow document (a PDF, ~0.1 s) does not
 * hold up the board. */
static unsigned page_threads_for(unsigned request_threads)
{
	return request_threads / 2 < 2 ? 2 : request_threads / 2;
}

/* Body bytes we read and drop past the cap before hanging up. */
#define DRAIN_MAX (8u << 20)

/* Copies one header or query argument into the request (MHD iterator). */
static enum MHD_Result add_value(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	struct req *r = cls;
	struct kv_list *l = kind == MHD_GET_ARGUMENT_KIND ? &r->query : &r->headers;
	req_kv_add(r, l, arena_strdup(&r->arena, key), arena_strdup(&r->arena, value ? value : ""));
	return MHD_YES;
}

/* The peer's address as text into text; false (text "") if unknown. */
static bool client_text(struct MHD_Connection *c, char text[INET6_ADDRSTRLEN])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	text[0] = '\0';
	if (!ci || !ci->client_addr)
		return false;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, text,
			  INET6_ADDRSTRLEN);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, text,
			  INET6_ADDRSTRLEN);
	return text[0] != '\0';
}

/* The peer's address as text into the request's arena; NULL if unknown. */
static const char *client_address(struct MHD_Connection *c, struct req *r)
{
	char text[INET6_ADDRSTRLEN];
	return client_text(c, text) ? arena_strdup(&r->arena, text) : NULL;
}

/* The end of a wait: the check-in job has its result, or the page is
 * made, so the suspended connection may go on (any thread may resume a
 * connection).  Also the check-in writer's done(). */
static void job_done(void *arg)
{
	struct conn *k = arg;
	struct server *s = k->s;
	MHD_resume_connection(k->c);
	atomic_fetch_sub(&s->unresumed, 1);
}

/* Suspends the connection until job_done (counted until then, and until
 * the request completes); the caller then hands its work over. */
static void suspend(struct MHD_Connection *c, struct conn *k, enum conn_state state)
{
	struct server *s = k->s;
	k->state = state;
	k->deferred = true;
	k->c = c;
	atomic_fetch_add(&s->waiting, 1);
	atomic_fetch_add(&s->unresumed, 1);
	MHD_suspend_connection(c); /* first: job_done may run before we return */
}

/* Suspends the connection and hands its check-in job to the writer; when
 * the writer is draining, answers at once (the job is not recorded). */
static enum MHD_Result defer(struct MHD_Connection *c, struct conn *k)
{
	struct checkin_job *job = k->r.pending;
	job->done = job_done;
	job->done_arg = k;
	suspend(c, k, CONN_WAITING);
	if (!checkin_writer_submit(k->site->writer, job)) {
		job->result = (struct checkin_result){ CHECKIN_NOT_WRITTEN, NULL, 0, 0 };
		atomic_store(&job->finished, true);
		job_done(k);
	}
	return MHD_YES;
}

/* Queues the response r holds (the pipeline has run). */
static enum MHD_Result send_response(struct MHD_Connection *c, struct conn *k)
{
	struct req *r = &k->r;
	k->state = CONN_ANSWERED;
	struct MHD_Response *res;
	size_t len;
	bool varies = false, gzipped = false;
	if (r->static_body) {
		len = r->static_len;
		res = MHD_create_response_from_buffer(len, (void *)r->static_body,
						      MHD_RESPMEM_PERSISTENT);
	} else {
		struct buf *out = &r->out;
		struct buf gz = BUF_INIT;
		/* A large text answer: gzip when the client takes it (gzip.h). */
		varies = r->out.len >= GZIP_MIN && gzip_worth(r->content_type);
		gzipped = varies && gzip_accepted(req_header(r, "Accept-Encoding")) &&
			  gzip_compress(r->out.data, r->out.len, &gz) == 0;
		if (gzipped)
			out = &gz;
		len = out->len;
		char *body = buf_detach(out);
		buf_release(&gz);
		res = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
		if (!res)
			free(body);
	}
	if (!res)
		return MHD_NO;
	if (varies)
		MHD_add_response_header(res, "Vary", "Accept-Encoding");
	if (gzipped)
		MHD_add_response_header(res, "Content-Encoding", "gzip");
	if (r->status != 304)
		MHD_add_response_header(res, "Content-Type", r->content_type);
	for (size_t i = 0; i < r->out_headers.n; i++)
		MHD_add_response_header(res, r->out_headers.v[i].name, r->out_headers.v[i].value);
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, res);
	MHD_destroy_response(res);
	if (r->web->access_log)
		access_log_write(stderr, r->client, r->method, r->path, (unsigned)r->status, len);
	return ok;
}

/* A page thread's turn: runs the pipeline, then lets the connection go
 * on, where on_request queues the answer. */
static void make_page(struct page_job *job)
{
	struct conn *k = (struct conn *)((char *)job - offsetof(struct conn, page));
	route_run(&k->r);
	if (k->r.pending)
		BUG("a page made on a page thread left a check-in job");
	/* What the page thread wrote into r is seen by the request thread
	 * that reads this flag (on_request), whatever libmicrohttpd locks. */
	atomic_store_explicit(&k->made, true, memory_order_release);
	job_done(k);
}

/* Runs the pipeline on the request received and queues its response, or
 * defers it when the handler left a check-in job.  A staff page is made
 * on a page thread instead (page_threads.h); while they drain, here. */
static enum MHD_Result respond(struct MHD_Connection *c, struct conn *k, const char *url,
			       const char *method)
{
	struct req *r = &k->r;
	r->method = arena_strdup(&r->arena, method);
	r->path = arena_strdup(&r->arena, url);
	r->client = client_address(c, r);
	MHD_get_connection_values(c, MHD_HEADER_KIND, add_value, r);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_value, r);
	forwarded_apply(r); /* behind the trusted proxy: its client, its scheme */
	r->body = k->body.data;
	r->body_len = k->body.len;
	r->route = route_find(method, url, NULL); /* once: route_run takes it */
	if (!r->body_too_large && route_on_page_thread(r->route)) {
		k->page.run = make_page;
		suspend(c, k, CONN_MAKING);
		if (!page_threads_submit(k->s->pages, &k->page))
			make_page(&k->page);
		return MHD_YES;
	}
	route_run(r);
	if (r->pending)
		return defer(c, k);
	return send_response(c, k);
}

/* ---- the asset fast path -------------------------------------------- */

/* Adds the headers page_asset() and route.c's finish() give an asset. */
static bool asset_headers(struct MHD_Response *res, const struct asset_info *a, bool type)
{
	return (!type || MHD_add_response_header(res, "Content-Type", a->content_type) == MHD_YES) &&
	       MHD_add_response_header(res, "ETag", a->etag) == MHD_YES &&
	       MHD_add_response_header(res, "Cache-Control", ASSET_CACHE_CONTROL) == MHD_YES &&
	       MHD_add_response_header(res, "X-Content-Type-Options", "nosniff") == MHD_YES;
}

/* Frees the fast path's responses (after libmicrohttpd has stopped). */
static void fast_assets_free(struct server *s)
{
	for (size_t i = 0; i < s->n_assets; i++) {
		if (s->assets[i].ok)
			MHD_destroy_response(s->assets[i].ok);
		if (s->assets[i].not_modified)
			MHD_destroy_response(s->assets[i].not_modified);
	}
	free(s->assets);
	s->assets = NULL;
	s->n_assets = 0;
}

/* Builds each asset's responses; an asset whose responses cannot be built
 * keeps NULL and goes through the pipeline. */
static void fast_assets_build(struct server *s)
{
	s->n_assets = asset_count();
	s->assets = s->n_assets ? xcalloc(s->n_assets, sizeof *s->assets) : NULL;
	for (size_t i = 0; i < s->n_assets; i++) {
		struct asset_info a;
		asset_get(i, &a);
		struct fast_asset *f = &s->assets[i];
		f->etag = a.etag;
		f->len = a.len;
		f->ok = MHD_create_response_from_buffer(a.len, (void *)a.data,
							MHD_RESPMEM_PERSISTENT);
		f->not_modified = MHD_create_response_from_buffer(0, (void *)"",
								  MHD_RESPMEM_PERSISTENT);
		if (!f->ok || !f->not_modified || !asset_headers(f->ok, &a, true) ||
		    !asset_headers(f->not_modified, &a, false)) {
			if (f->ok)
				MHD_destroy_response(f->ok);
			if (f->not_modified)
				MHD_destroy_response(f->not_modified);
			f->ok = f->not_modified = NULL;
		}
	}
}

/* On the first call: whether the request may take the fast path. */
static bool fast_candidate(const struct server *s, struct MHD_Connection *c, const char *url,
			   const char *method)
{
	if (!s->n_assets || strncmp(url, "/assets/", 8) != 0 ||
	    (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0))
		return false;
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	return (!cl || strcmp(cl, "0") == 0) &&
	       !MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
}

/* MHD iterator: stops at a query argument the pipeline must see (anything
 * but v=, which page_asset() ignores, or text that is not UTF-8). */
static enum MHD_Result plain_query(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	bool *plain = cls;
	(void)kind;
	if (strcmp(key, "v") != 0 || (value && !utf8_valid(value, strlen(value)))) {
		*plain = false;
		return MHD_NO;
	}
	return MHD_YES;
}

/* On the last call: queues the asset's prebuilt answer, or returns false
 * when the pipeline must answer instead. */
static bool fast_answer(struct server *s, struct MHD_Connection *c, const char *url,
			const char *method, enum MHD_Result *ok)
{
	int i = asset_lookup(url + 8);
	if (i < 0 || (size_t)i >= s->n_assets || !s->assets[i].ok)
		return false;
	bool plain = true;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, plain_query, &plain);
	if (!plain)
		return false;
	const struct fast_asset *f = &s->assets[i];
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
	bool fresh = inm && strstr(inm, f->etag);
	unsigned status = fresh ? 304 : 200;
	*ok = MHD_queue_response(c, status, fresh ? f->not_modified : f->ok);
	if (s->w->access_log) {
		char client[INET6_ADDRSTRLEN];
		access_log_write(stderr, client_text(c, client) ? client : NULL, method, url,
				 status, fresh ? (size_t)0 : f->len);
	}
	return true;
}

/* The site a request's Host header names: the only one when it has no
 * host of its own (a single plan: any name reaches it), else the one
 * whose host matches, or NULL. */
static struct site *site_for(struct server *s, struct MHD_Connection *c)
{
	if (s->n_sites == 1 && !s->sites[0].w->host[0])
		return &s->sites[0];
	char host[AGENCY_HOST_MAX + 1];
	if (!agency_host_of(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"), host))
		return NULL;
	for (size_t i = 0; i < s->n_sites; i++)
		if (strcmp(s->sites[i].w->host, host) == 0)
			return &s->sites[i];
	return NULL;
}

/* Answers a request whose Host names no agency of this service: 404,
 * the same few words for every such name (which agencies exist is not
 * told), and no database is touched.  Queued on the first call, so the
 * connection closes after it. */
static enum MHD_Result no_site(struct server *s, struct MHD_Connection *c, const char *url,
			       const char *method)
{
	static const char text[] =
		"このアドレスで提供している機関はありません。/ No agency is served at this address.\n";
	struct MHD_Response *res = MHD_create_response_from_buffer(sizeof text - 1, (void *)text,
								   MHD_RESPMEM_PERSISTENT);
	if (!res)
		return MHD_NO;
	MHD_add_response_header(res, "Content-Type", "text/plain; charset=utf-8");
	MHD_add_response_header(res, "Cache-Control", "no-store");
	MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ok = MHD_queue_response(c, 404, res);
	MHD_destroy_response(res);
	if (s->w->access_log) {
		char client[INET6_ADDRSTRLEN];
		access_log_write(stderr, client_text(c, client) ? client : NULL, method, url, 404,
				 sizeof text - 1);
	}
	return ok;
}

/* A new request's state, for site. */
static struct conn *conn_new(struct server *s, struct site *site, void **con_cls)
{
	/* req_init zeroes the request, most of the struct (~3 KB with its
	 * error text): zero only what follows it, instead of all of it twice
	 * (callgrind: ~2 % of a check-in's instructions). */
	static_assert(offsetof(struct conn, r) == 0, "the request comes first");
	struct conn *k = xmalloc(sizeof *k);
	memset((char *)k + sizeof k->r, 0, sizeof *k - sizeof k->r);
	k->s = s;
	k->site = site;
	req_init(&k->r, site->w);
	buf_init(&k->body, site->w->body_max);
	*con_cls = k;
	return k;
}

/* The access handler: called for the headers, each piece of the body, and
 * once more at the end. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct server *s = cls;
	struct web *w = s->w;
	struct conn *k = *con_cls;
	(void)version;
	if (k == (void *)&fast_mark) {
		/* The last call of a fast-path candidate (it has no body). */
		enum MHD_Result ok;
		if (fast_answer(s, c, url, method, &ok)) {
			*con_cls = NULL;
			return ok;
		}
		struct site *site = site_for(s, c);
		*con_cls = NULL;
		if (!site)
			return no_site(s, c, url, method);
		return respond(c, conn_new(s, site, con_cls), url, method);
	}
	if (!k) {
		/* The whole header is in: from now on the request and its
		 * answer may be idle longer (a slow phone's upload, a PDF to a
		 * slow reader); on_completed shortens it again. */
		MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT,
					  (unsigned)WEB_REQUEST_TIMEOUT);
		if (fast_candidate(s, c, url, method)) {
			*con_cls = &fast_mark;
			return MHD_YES; /* answer on a later call: keeps the connection alive */
		}
		/* The compiled-in assets above are every agency's; anything
		 * else is one agency's, chosen here once. */
		struct site *site = site_for(s, c);
		if (!site)
			return no_site(s, c, url, method);
		k = conn_new(s, site, con_cls);
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > w->body_max) {
			/* Refused before reading it; the connection closes. */
			k->r.body_too_large = true;
			return respond(c, k, url, method);
		}
		return MHD_YES; /* answer on a later call: keeps the connection alive */
	}
	if (k->state == CONN_WAITING) {
		/* Resumed: the writer has finished the job. */
		struct req *r = &k->r;
		if (!atomic_load_explicit(&r->pending->finished, memory_order_acquire))
			BUG("a check-in connection resumed before its job was done");
		r->resume(r);
		r->pending = NULL;
		return send_response(c, k);
	}
	if (k->state == CONN_MAKING) {
		/* Resumed: a page thread has made the answer. */
		if (!atomic_load_explicit(&k->made, memory_order_acquire))
			BUG("a page connection resumed before its page was made");
		return send_response(c, k);
	}
	if (k->state == CONN_ANSWERED) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!k->r.body_too_large && buf_add(&k->body, upload_data, *upload_data_size)) {
			k->r.body_too_large = true;
			buf_release(&k->body);
		}
		if (k->r.body_too_large) {
			k->dropped += *upload_data_size;
			if (k->dropped > DRAIN_MAX)
				return MHD_NO; /* an endless chunked body: hang up */
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return respond(c, k, url, method);
}

/* Frees a request's state when libmicrohttpd is done with it. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct conn *k = *con_cls;
	/* Answered: until the next request's header is in, the connection
	 * may idle only WEB_IDLE_TIMEOUT (only here, on the connection's
	 * own thread and while libmicrohttpd still keeps it in its timeout
	 * list; a connection closing for another reason needs nothing). */
	if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT,
					  (unsigned)WEB_IDLE_TIMEOUT);
	if (!k || k == (void *)&fast_mark) {
		*con_cls = NULL;
		return;
	}
	if (k->deferred)
		atomic_fetch_sub(&s->waiting, 1);
	req_release(&k->r);
	buf_release(&k->body);
	free(k);
	*con_cls = NULL;
}

/* How often the refused connections are logged, at most (ms). */
#define REFUSED_LOG_EVERY_MS 10000

/* Writes the line for the refusals counted so far.  Under refused_mu. */
static void log_refused(struct server *s, int64_t now)
{
	fprintf(stderr,
		"itbcp: 上限を超えた接続を%lu本断りました（全体%u本、1アドレス%u本）/ refused %lu "
		"connections over the limits (%u in all, %u from one address)\n",
		s->refused, s->conn_max, s->per_address, s->refused, s->conn_max, s->per_address);
	s->refused = 0;
	s->refused_logged_at = now;
}

/* libmicrohttpd's messages, on stderr as before — but the one it writes
 * for each connection refused over a limit is counted instead and
 * written at most every REFUSED_LOG_EVERY_MS with the count, or a client
 * opening connections in a loop would fill the log a line per attempt.
 * (The format attribute tells clang that fmt is a printf format passed on
 * with its va_list, so -Wformat-nonliteral accepts the vfprintf.) */
__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct server *s = cls;
	if (strncmp(fmt, "Server reached connection limit", 31) != 0) {
		vfprintf(stderr, fmt, ap);
		return;
	}
	int64_t now = monotonic_ms();
	pthread_mutex_lock(&s->refused_mu);
	s->refused++;
	if (!s->refused_logged_at || now - s->refused_logged_at >= REFUSED_LOG_EVERY_MS)
		log_refused(s, now);
	pthread_mutex_unlock(&s->refused_mu);
}

/* Parses "ADDR:PORT" or "[ADDR6]:PORT" into sa; -1 with e filled if bad. */
static int parse_listen(const char *listen, struct sockaddr_storage *sa, bool *v6,
			struct err *e)
{
	char host[64];
	const char *colon;
	memset(sa, 0, sizeof *sa);
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':' || (size_t)(close - listen - 1) >= sizeof host)
			return err_set(e, "--listen %s: expected [ADDRESS]:PORT", listen);
		snprintf(host, sizeof host, "%.*s", (int)(close - listen - 1), listen + 1);
		colon = close + 1;
	} else {
		colon = strrchr(listen, ':');
		if (!colon || (size_t)(colon - listen) >= sizeof host)
			return err_set(e, "--listen %s: expected ADDRESS:PORT", listen);
		snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
	}
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || port < 0 || port > 65535)
		return err_set(e, "--listen %s: the port must be 0..65535", listen);
	struct sockaddr_in *a4 = (struct sockaddr_in *)sa;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)sa;
	if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*v6 = false;
	} else if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*v6 = true;
	} else {
		return err_set(e, "--listen %s: %s is not an IP address", listen, host);
	}
	return 0;
}

/* File descriptors besides the connections: the listening socket, epoll
 * and each pool thread's wake-up pipe, every thread's SQLite database and
 * log, the writer's, a PDF's fonts. */
#define FD_SPARE 256

/* The connection limit the process can keep: raises the soft limit on
 * open files up to the hard one when conn_max needs it (systemd starts
 * services with a soft 1,024; the server uses epoll, never select, so
 * more is safe), and lowers the limit to what fits when even the hard
 * one is too low, saying so. */
static unsigned fit_fd_limit(unsigned conn_max)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)conn_max + FD_SPARE;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return conn_max;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rlim_t old = rl.rlim_cur;
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			rl.rlim_cur = old;
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		unsigned fit = rl.rlim_cur > FD_SPARE + 64 ? (unsigned)(rl.rlim_cur - FD_SPARE) : 64;
		fprintf(stderr,
			"itbcp: 開けるファイルが%lu個のため、同時接続を%u本に制限します（ulimit -n）/ "
			"only %lu open files allowed: at most %u connections (raise ulimit -n)\n",
			(unsigned long)rl.rlim_cur, fit, (unsigned long)rl.rlim_cur, fit);
		return fit;
	}
	return conn_max;
}

/* Sleeps a millisecond. */
static void nap(void)
{
	struct timespec ts = { 0, 1000000 };
	nanosleep(&ts, NULL);
}

/* Frees the sites' writers (each drained first, or never started). */
static void sites_free(struct server *s)
{
	for (size_t i = 0; i < s->n_sites; i++)
		checkin_writer_free(s->sites[i].writer);
	free(s->sites);
	s->sites = NULL;
	s->n_sites = 0;
}

/* Starts a check-in writer for each site: its own connection and thread
 * (started with the stop signals blocked, as every thread of the server).
 * -1 with e filled, and none left running, when one cannot start. */
static int sites_start(struct server *s, struct web *const *sites, size_t n, struct err *e)
{
	s->sites = xcalloc(n, sizeof *s->sites);
	s->n_sites = n;
	for (size_t i = 0; i < n; i++) {
		s->sites[i].w = sites[i];
		if (checkin_writer_start(&s->sites[i].writer, sites[i]->db_path, e)) {
			sites_free(s);
			return -1;
		}
	}
	return 0;
}

/* The drain on SIGTERM/SIGINT: no new connections; every check-in
 * already queued is committed and its connection resumed (later ones on
 * open connections are answered "not recorded"); the answers get up to
 * two seconds to leave; then libmicrohttpd stops, with no connection
 * left suspended (stopping it with one is undefined behaviour). */
static void stop_server(struct MHD_Daemon *d, struct server *s)
{
	MHD_socket listener = MHD_quiesce_daemon(d);
	for (size_t i = 0; i < s->n_sites; i++)
		checkin_writer_drain(s->sites[i].writer);
	page_threads_drain(s->pages);
	/* Each job is done now, or refused on submit and done at once:
	 * resumption follows, so this wait is short and needs no bound. */
	while (atomic_load(&s->unresumed) > 0)
		nap();
	for (int i = 0; i < 2000 && atomic_load(&s->waiting) > 0; i++)
		nap();
	MHD_stop_daemon(d);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	if (s->refused)
		log_refused(s, monotonic_ms());
	for (size_t i = 0; i < s->n_sites; i++) {
		struct checkin_writer_counts n;
		checkin_writer_counts(s->sites[i].writer, &n);
		const char *host = s->sites[i].w->host;
		if (n.reports)
			printf("itbcp: %s%s%lu check-in reports committed in %lu batches, synced in "
			       "%lu; links read %lu times, from memory %lu, memory dropped %lu\n",
			       host, *host ? ": " : "", n.reports, n.batches, n.syncs, n.link_reads,
			       n.link_hits, n.link_forgets);
	}
	sites_free(s);
	page_threads_free(s->pages);
	s->pages = NULL;
}

int web_serve(struct web *const *sites, size_t n_sites, const char *listen, unsigned threads,
	      struct err *e)
{
	if (n_sites == 0)
		return err_set(e, "no agency to serve");
	struct web *w = sites[0];
	struct sockaddr_storage sa;
	bool v6 = false;
	if (parse_listen(listen, &sa, &v6, e))
		return -1;
	if (threads < 1)
		threads = 1;

	/* The pool threads inherit this mask; only sigwait below sees them. */
	sigset_t old;
	monotonic_block_stop_signals(&old);

	struct server srv = { .w = w };
	if (sites_start(&srv, sites, n_sites, e)) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	if (page_threads_start(&srv.pages, page_threads_for(threads), e)) {
		sites_free(&srv);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	pthread_mutex_init(&srv.refused_mu, NULL);
	fast_assets_build(&srv);
	/* Passwords hashed at once: one fewer than the page threads, so a
	 * flood of sign-ins always leaves one free for pages (login_limit.h). */
	unsigned n_pages = page_threads_for(threads);
	login_limit_set_hash_max(w->login_limit, n_pages > 1 ? n_pages - 1 : 1);
	for (size_t i = 1; i < n_sites; i++) /* one count of turns for the whole server */
		login_limit_share_turns(sites[i]->login_limit, w->login_limit);

	unsigned conn_max = fit_fd_limit(w->conn_max);
	unsigned per_address = w->conn_per_address < conn_max ? w->conn_per_address : conn_max;
	srv.conn_max = conn_max;
	srv.per_address = per_address;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME;
	if (v6)
		flags |= MHD_USE_IPv6;
	struct MHD_OptionItem opts[] = {
		{ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, &srv }, /* first, or MHD says so */
		{ MHD_OPTION_SOCK_ADDR, 0, &sa },
		{ MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, &srv },
		/* Limits and timeouts: web.h and the README's "Limits" say why
		 * these values.  The default timeout is the one before a whole
		 * header has come; on_request lengthens it per request. */
		{ MHD_OPTION_CONNECTION_TIMEOUT, WEB_IDLE_TIMEOUT, NULL },
		{ MHD_OPTION_CONNECTION_LIMIT, conn_max, NULL },
		{ MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_address, NULL },
		/* libmicrohttpd clears a connection's pool for every request, so a
		 * small pool is cheaper per request.  It holds only the request's
		 * headers and read buffer and the answer's headers: bodies (up to
		 * WEB_BODY_MAX) are copied out into our own buffer in on_request.
		 * 16 KB takes a Cookie header of ~7 KB (nginx and Apache stop at 8 KB
		 * a line; tests/cli/web_views.sh sends 6 KB and 12 KB) and then
		 * answers 431; measured, 32 KB cost a check-in ~5 % more CPU. */
		{ MHD_OPTION_CONNECTION_MEMORY_LIMIT, 16 * 1024, NULL },
		{ MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, NULL },
		{ threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, threads, NULL },
		{ MHD_OPTION_END, 0, NULL },
	};
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &srv,
						MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	if (!d) {
		fast_assets_free(&srv);
		sites_free(&srv);
		page_threads_free(srv.pages);
		pthread_mutex_destroy(&srv.refused_mu);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return err_set(e, "cannot listen on %s (address in use, or not allowed?)", listen);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char addr[INET6_ADDRSTRLEN] = "";
	if (v6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr, addr, sizeof addr);
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, addr, sizeof addr);
	printf("itbcp: listening on http://%s%s%s:%u/\n", v6 ? "[" : "", addr, v6 ? "]" : "",
	       info ? (unsigned)info->port : 0u);
	printf("itbcp: connections: at most %u, %u from one address; idle %d s before a request, "
	       "%d s within one\n",
	       conn_max, per_address, WEB_IDLE_TIMEOUT, WEB_REQUEST_TIMEOUT);
	fflush(stdout);

	int sig = 0;
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigwait(&stop, &sig);
	stop_server(d, &srv);
	fast_assets_free(&srv); /* libmicrohttpd holds none of them now */
	pthread_mutex_destroy(&srv.refused_mu);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	printf("itbcp: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	return 0;
}
