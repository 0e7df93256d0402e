/*
 * fuzz_multipart.c — libFuzzer target for the multipart/form-data parser
 * (req_parse_multipart, web/core/req.h), the people import's upload.
 * The input's first line is the Content-Type header, the rest the body.
 * Parsed or refused, never a crash; parsed, every part lies within the
 * body and never holds the delimiter, text parts are UTF-8 without NUL,
 * there are at most REQ_MULTIPART_MAX_PARTS; and the parts, written again
 * as a browser writes them (when their names need no escaping), parse
 * back to the same parts.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/utf8.h"
#include "web/core/req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The first occurrence of n[0..nn) in h[0..hn), or NULL. */
static const char *find(const char *h, size_t hn, const char *n, size_t nn)
{
	for (size_t i = 0; nn && i + nn <= hn; i++)
		if (memcmp(h + i, n, nn) == 0)
			return h + i;
	return NULL;
}

/* True when s can be written in a header as it is (quoted, no escape). */
static bool plain(const char *s)
{
	return !strpbrk(s, "\"\\\r\n");
}

/* A request with Content-Type ct and body b[0..n), parsed: 0 or -1. */
static int parse(struct req *r, const char *ct, const char *b, size_t n)
{
	req_init(r, NULL);
	req_kv_add(r, &r->headers, "Content-Type", ct);
	char *body = arena_alloc(&r->arena, n + 1);
	memcpy(body, b, n);
	body[n] = '\0';
	r->body = body;
	r->body_len = n;
	return req_parse_multipart(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	if (!nl)
		return 0;
	char ct[256];
	size_t cl = (size_t)(nl - s);
	if (cl >= sizeof ct || memchr(s, '\0', cl))
		return 0;
	memcpy(ct, s, cl);
	ct[cl] = '\0';
	struct req r, r2;
	if (parse(&r, ct, nl + 1, size - cl - 1)) {
		req_release(&r);
		return 0;
	}
	if (r.files.n + r.form.n > REQ_MULTIPART_MAX_PARTS)
		__builtin_trap();
	const char *b0 = r.body, *b1 = r.body + r.body_len;
	bool simple = true;
	for (size_t i = 0; i < r.files.n; i++) {
		const struct req_file *f = &r.files.v[i];
		if (f->data < b0 || f->data > b1 || f->len > (size_t)(b1 - f->data))
			__builtin_trap();
		simple = simple && plain(f->name) && plain(f->filename) && plain(f->content_type) &&
			 !strchr(f->content_type, ' ');
	}
	for (size_t i = 0; i < r.form.n; i++) {
		const char *v = r.form.v[i].value;
		if (!utf8_valid(v, strlen(v)))
			__builtin_trap();
		simple = simple && plain(r.form.v[i].name);
	}
	/* written again with a boundary of our own that no part holds */
	const char *bd = "fuzzBoundary7MA4YWxkTrZu0gW";
	char delim[64];
	int dl = snprintf(delim, sizeof delim, "\r\n--%s", bd);
	for (size_t i = 0; i < r.files.n; i++)
		simple = simple && !find(r.files.v[i].data, r.files.v[i].len, delim + 2, (size_t)dl - 2);
	for (size_t i = 0; i < r.form.n; i++)
		simple = simple && !strstr(r.form.v[i].value, delim + 2);
	if (simple) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < r.files.n; i++) {
			const struct req_file *f = &r.files.v[i];
			buf_addf(&b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n",
				 bd, f->name, f->filename);
			if (f->content_type[0])
				buf_addf(&b, "Content-Type: %s\r\n", f->content_type);
			buf_adds(&b, "\r\n");
			buf_add(&b, f->data, f->len);
			buf_adds(&b, "\r\n");
		}
		for (size_t i = 0; i < r.form.n; i++)
			buf_addf(&b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", bd,
				 r.form.v[i].name, r.form.v[i].value);
		buf_addf(&b, "--%s--\r\n", bd);
		char ct2[128];
		snprintf(ct2, sizeof ct2, "multipart/form-data; boundary=%s", bd);
		if (parse(&r2, ct2, b.data, b.len))
			__builtin_trap(); /* what a browser would send, refused */
		if (r2.files.n != r.files.n || r2.form.n != r.form.n)
			__builtin_trap();
		for (size_t i = 0; i < r.files.n; i++) {
			const struct req_file *f = &r.files.v[i], *g = &r2.files.v[i];
			if (strcmp(f->name, g->name) || strcmp(f->filename, g->filename) ||
			    strcmp(f->content_type, g->content_type) || f->len != g->len ||
			    memcmp(f->data, g->data, f->len))
				__builtin_trap();
		}
		for (size_t i = 0; i < r.form.n; i++)
			if (strcmp(r.form.v[i].name, r2.form.v[i].name) ||
			    strcmp(r.form.v[i].value, r2.form.v[i].value))
				__builtin_trap();
		req_release(&r2);
		buf_release(&b);
	}
	req_release(&r);
	return 0;
}
