/*
 * req.c — parsing a request's parts and building its response (req.h).
 *
 * Nothing here touches a socket or the database: the pipeline (route.c)
 * calls these on a request filled by the server or by the test path.
 */
#include "web/core/req.h"
#include "web/core/web.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/hex.h"
#include "util/utf8.h"
#include "util/xalloc.h"

void req_init(struct req *r, struct web *w)
{
	memset(r, 0, sizeof *r);
	r->arena = (struct arena)ARENA_INIT;
	r->web = w;
	r->secure = w && w->https;
	r->method = "GET";
	r->path = "/";
	r->body = "";
	r->lang = LANG_JA;
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	buf_init(&r->out, REQ_OUT_MAX);
	buf_reserve(&r->out, REQ_OUT_FIRST);
}

void req_release(struct req *r)
{
	buf_release(&r->out);
	arena_release(&r->arena);
}

void req_kv_add(struct req *r, struct kv_list *l, const char *name, const char *value)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct kv *v = arena_alloc(&r->arena, cap * sizeof *v);
		if (l->n)
			memcpy(v, l->v, l->n * sizeof *v);
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = (struct kv){ name, value };
}

/* The first value named name in l (case-insensitive when nocase). */
static const char *kv_find(const struct kv_list *l, const char *name, bool nocase)
{
	for (size_t i = 0; i < l->n; i++)
		if (nocase ? strcasecmp(l->v[i].name, name) == 0 : strcmp(l->v[i].name, name) == 0)
			return l->v[i].value;
	return NULL;
}

const char *req_header(const struct req *r, const char *name)
{
	return kv_find(&r->headers, name, true);
}

const char *req_query(const struct req *r, const char *name)
{
	return kv_find(&r->query, name, false);
}

const char *req_cookie(const struct req *r, const char *name)
{
	return kv_find(&r->cookies, name, false);
}

const char *req_form(const struct req *r, const char *name)
{
	return kv_find(&r->form, name, false);
}

const char *req_form_trim(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	if (!v)
		return "";
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	return arena_strndup(&r->arena, v, n);
}

bool req_changes_state(const struct req *r)
{
	return strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0;
}

/* Decodes s[0..n) (+ and %XX) into the arena; NULL when malformed, not
 * UTF-8, or holding a NUL. */
static char *form_decode(struct req *r, const char *s, size_t n)
{
	char *out = arena_alloc(&r->arena, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (n - i < 3)
				return NULL;
			int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0')
			return NULL;
		out[k++] = c;
	}
	out[k] = '\0';
	return utf8_valid(out, k) ? out : NULL;
}

int req_parse_urlencoded(struct req *r, const char *s, size_t n, struct kv_list *out)
{
	size_t i = 0;
	while (i < n) {
		size_t end = i;
		while (end < n && s[end] != '&')
			end++;
		if (end > i) {
			size_t eq = i;
			while (eq < end && s[eq] != '=')
				eq++;
			char *name = form_decode(r, s + i, eq - i);
			char *value = eq < end ? form_decode(r, s + eq + 1, end - eq - 1)
					       : arena_strdup(&r->arena, "");
			if (!name || !value)
				return -1;
			req_kv_add(r, out, name, value);
		}
		i = end + 1;
	}
	return 0;
}

void req_parse_cookies(struct req *r)
{
	const char *h = req_header(r, "Cookie");
	if (!h)
		return;
	while (*h) {
		while (*h == ' ' || *h == ';')
			h++;
		const char *start = h;
		while (*h && *h != ';')
			h++;
		const char *eq = memchr(start, '=', (size_t)(h - start));
		if (eq && eq > start) {
			const char *v = eq + 1;
			size_t vn = (size_t)(h - v);
			while (vn && v[vn - 1] == ' ')
				vn--;
			if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"') {
				v++;
				vn -= 2;
			}
			req_kv_add(r, &r->cookies, arena_strndup(&r->arena, start, (size_t)(eq - start)),
				   arena_strndup(&r->arena, v, vn));
		}
	}
}

/* ---- headers ------------------------------------------------------------ */

enum lang req_accept_language(const char *al)
{
	double best = 0;
	enum lang lang = LANG_JA;
	while (al && *al) {
		while (*al == ' ' || *al == ',')
			al++;
		const char *tag = al;
		while (*al && *al != ',' && *al != ';' && *al != ' ')
			al++;
		size_t tl = (size_t)(al - tag);
		double qv = 1.0;
		while (*al && *al != ',') {
			if (strncmp(al, ";q=", 3) == 0 || strncmp(al, "; q=", 4) == 0) {
				const char *v = strchr(al, '=') + 1;
				qv = 0;
				if (*v == '1')
					qv = 1;
				else if (v[0] == '0' && v[1] == '.' && v[2] >= '0' && v[2] <= '9')
					qv = (v[2] - '0') / 10.0;
			}
			al++;
		}
		bool ja = tl >= 2 && strncasecmp(tag, "ja", 2) == 0 && (tl == 2 || tag[2] == '-');
		bool en = tl >= 2 && strncasecmp(tag, "en", 2) == 0 && (tl == 2 || tag[2] == '-');
		if ((ja || en) && qv > best) {
			best = qv;
			lang = en ? LANG_EN : LANG_JA;
		}
	}
	return lang;
}

bool req_same_origin(const struct req *r)
{
	const char *site = req_header(r, "Sec-Fetch-Site");
	if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return false;
	const char *origin = req_header(r, "Origin");
	if (!origin)
		return true;
	const char *host = req_header(r, "Host");
	if (!host)
		return false;
	const char *rest = strncmp(origin, "http://", 7) == 0    ? origin + 7
			   : strncmp(origin, "https://", 8) == 0 ? origin + 8
								  : NULL;
	return rest && strcmp(rest, host) == 0;
}

void req_set_header(struct req *r, const char *name, const char *value)
{
	req_kv_add(r, &r->out_headers, arena_strdup(&r->arena, name), arena_strdup(&r->arena, value));
}

const char *req_out_header(const struct req *r, const char *name)
{
	return kv_find(&r->out_headers, name, true);
}

/* SameSite=Lax, not Strict: a responder who follows a link to the incident
 * board from a mail must arrive signed in.  Lax still withholds the cookie
 * from cross-site POSTs, and every form checks its CSRF token besides.
 * Secure when the site is reached over HTTPS (forwarded.h), so the cookie
 * never travels in clear; not otherwise, or a plain-HTTP site could not
 * keep anyone signed in. */
void req_set_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	const char *secure = r->secure ? "; Secure" : "";
	char *c = max_age >= 0
		? arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s; Max-Age=%ld",
			       name, value, secure, max_age)
		: arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name, value,
			       secure);
	req_kv_add(r, &r->out_headers, "Set-Cookie", c);
}

bool req_local_path(const char *t)
{
	if (!t || t[0] != '/' || t[1] == '/' || t[1] == '\\')
		return false;
	for (const char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == '\\' || (unsigned char)*p == 0x7f)
			return false;
	return true;
}

void req_redirect(struct req *r, const char *location)
{
	r->status = 303;
	req_set_header(r, "Location", req_local_path(location) ? location : "/");
	buf_reset(&r->out);
}

/* ---- multipart/form-data (RFC 7578) ---------------------------------- */

bool req_is_multipart(const struct req *r)
{
	const char *ct = req_header(r, "Content-Type");
	size_t n = strlen("multipart/form-data");
	return ct && strncasecmp(ct, "multipart/form-data", n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* The value of parameter name in a header value ("…; name=value" or
 * name="value", \" standing for a quote), in the arena; NULL when absent. */
static const char *header_param(struct req *r, const char *h, const char *name)
{
	size_t nl = strlen(name);
	const char *p = strchr(h, ';');
	while (p) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, name, nl) == 0 && p[nl] == '=') {
			const char *v = p + nl + 1;
			struct buf b = BUF_INIT;
			if (*v == '"') {
				for (v++; *v && *v != '"'; v++) {
					if (*v == '\\' && v[1] == '"')
						v++; /* browsers send \ as it is (Windows paths) */
					buf_addc(&b, *v);
				}
			} else {
				size_t vn = strcspn(v, "; \t");
				buf_add(&b, v, vn);
			}
			const char *out = arena_strdup(&r->arena, b.data);
			buf_release(&b);
			return out;
		}
		/* skip to the next ';' outside quotes */
		bool q = false;
		for (; *p && (q || *p != ';'); p++)
			if (*p == '"')
				q = !q;
		p = *p ? p : NULL;
	}
	return NULL;
}

/* The first occurrence of needle[0..nn) in hay[0..hn), or NULL. */
static const char *find_bytes(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	const char *end = hay + hn - nn;
	for (const char *p = hay; p <= end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, nn) == 0)
			return p;
	}
	return NULL;
}

int req_parse_multipart(struct req *r)
{
	const char *boundary = header_param(r, req_header(r, "Content-Type"), "boundary");
	if (!boundary || !boundary[0] || strlen(boundary) > 70)
		return -1;
	char *delim = arena_printf(&r->arena, "\r\n--%s", boundary);
	size_t dl = strlen(delim);
	const char *s = r->body, *end = r->body + r->body_len;
	/* the first delimiter may start the body (no CRLF before it) */
	const char *p;
	if ((size_t)(end - s) >= dl - 2 && memcmp(s, delim + 2, dl - 2) == 0)
		p = s + dl - 2;
	else if ((p = find_bytes(s, (size_t)(end - s), delim, dl)))
		p += dl;
	else
		return -1;
	for (size_t parts = 0;; parts++) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0; /* the closing delimiter */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n' || parts >= REQ_MULTIPART_MAX_PARTS)
			return -1;
		p += 2;
		const char *hend = find_bytes(p, (size_t)(end - p) < 8192 ? (size_t)(end - p) : 8192,
					      "\r\n\r\n", 4);
		const char *name = NULL, *filename = NULL, *ctype = "";
		if (!hend && !(end - p >= 2 && p[0] == '\r' && p[1] == '\n'))
			return -1;
		const char *body = hend ? hend + 4 : p + 2;
		/* headers: "Name: value" lines */
		for (const char *h = p; hend && h < hend;) {
			const char *eol = find_bytes(h, (size_t)(hend + 2 - h), "\r\n", 2);
			char *line = arena_strndup(&r->arena, h, (size_t)(eol - h));
			if (strncasecmp(line, "Content-Disposition:", 20) == 0) {
				const char *v = line + 20;
				while (*v == ' ')
					v++;
				if (strncasecmp(v, "form-data", 9) != 0)
					return -1;
				name = header_param(r, v, "name");
				filename = header_param(r, v, "filename");
			} else if (strncasecmp(line, "Content-Type:", 13) == 0) {
				const char *v = line + 13;
				while (*v == ' ')
					v++;
				ctype = v;
			}
			h = eol + 2;
		}
		const char *next = find_bytes(body, (size_t)(end - body), delim, dl);
		if (!next || !name)
			return -1;
		size_t len = (size_t)(next - body);
		if (filename) {
			struct req_file_list *l = &r->files;
			if (l->n == l->cap) {
				size_t cap = l->cap ? l->cap * 2 : 4;
				struct req_file *v = arena_alloc(&r->arena, cap * sizeof *v);
				if (l->n)
					memcpy(v, l->v, l->n * sizeof *v);
				l->v = v;
				l->cap = cap;
			}
			l->v[l->n++] = (struct req_file){ name, filename, ctype, body, len };
		} else {
			if (memchr(body, '\0', len) || !utf8_valid(body, len))
				return -1;
			req_kv_add(r, &r->form, name, arena_strndup(&r->arena, body, len));
		}
		p = next + dl;
	}
}

const struct req_file *req_file(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->files.n; i++)
		if (strcmp(r->files.v[i].name, name) == 0)
			return &r->files.v[i];
	return NULL;
}
