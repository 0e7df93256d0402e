/*
 * fuzz_headers.c — libFuzzer target for the request headers itbcp reads
 * itself (web/core/req.h): the Cookie header (req_parse_cookies), the
 * language of Accept-Language (req_accept_language), the same-site check
 * of Origin, Host and Sec-Fetch-Site (req_same_origin) and the target of a
 * redirect (req_redirect).  The input is those five values, one a line.
 *
 * Properties: every cookie has a name without ';' or '=' and a value
 * without ';', there are no more than the pairs in the header, and the
 * cookies written again as "name=value; …" parse back to the same (when
 * no value is quoted); the language is English only when the header names
 * "en"; a request judged same-site has no foreign Sec-Fetch-Site and an
 * Origin that is exactly http:// or https:// and the Host; a redirect
 * always goes to a path of this site.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "web/core/req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when s holds needle, ignoring ASCII case. */
static bool has_nocase(const char *s, const char *needle)
{
	for (size_t n = strlen(needle); *s; s++)
		if (strncasecmp(s, needle, n) == 0)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* five NUL-terminated values, cut at line ends (absent: NULL) */
	char *copy = xmalloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	if (strlen(copy) != size) {
		free(copy);
		return 0; /* a header holds no NUL */
	}
	const char *v[5] = { NULL };
	char *p = copy;
	for (int i = 0; i < 5 && p; i++) {
		v[i] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = '\0';
	}
	const char *cookie = v[0], *al = v[1], *origin = v[2], *host = v[3], *site = v[4];

	struct req r;
	req_init(&r, NULL);
	if (cookie)
		req_kv_add(&r, &r.headers, "Cookie", cookie);
	req_parse_cookies(&r);
	size_t semis = 0;
	for (const char *c = cookie ? cookie : ""; *c; c++)
		semis += *c == ';';
	if (r.cookies.n > semis + 1)
		__builtin_trap();
	bool quoted = false;
	struct buf again = BUF_INIT;
	for (size_t i = 0; i < r.cookies.n; i++) {
		const char *n = r.cookies.v[i].name, *val = r.cookies.v[i].value;
		if (!n[0] || strpbrk(n, ";=") || strchr(val, ';') || n[0] == ' ')
			__builtin_trap();
		quoted = quoted || strchr(val, '"') || (val[0] && val[strlen(val) - 1] == ' ');
		buf_addf(&again, "%s%s=%s", i ? "; " : "", n, val);
	}
	if (!quoted) {
		struct req r2;
		req_init(&r2, NULL);
		req_kv_add(&r2, &r2.headers, "Cookie", again.data);
		req_parse_cookies(&r2);
		if (r2.cookies.n != r.cookies.n)
			__builtin_trap();
		for (size_t i = 0; i < r.cookies.n; i++)
			if (strcmp(r.cookies.v[i].name, r2.cookies.v[i].name) ||
			    strcmp(r.cookies.v[i].value, r2.cookies.v[i].value))
				__builtin_trap();
		req_release(&r2);
	}
	buf_release(&again);

	enum lang lang = req_accept_language(al);
	if (lang != LANG_JA && lang != LANG_EN)
		__builtin_trap();
	if (lang == LANG_EN && !has_nocase(al, "en"))
		__builtin_trap();

	if (origin)
		req_kv_add(&r, &r.headers, "Origin", origin);
	if (host)
		req_kv_add(&r, &r.headers, "Host", host);
	if (site)
		req_kv_add(&r, &r.headers, "Sec-Fetch-Site", site);
	if (req_same_origin(&r)) {
		if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
			__builtin_trap();
		if (origin) {
			struct buf a = BUF_INIT, b = BUF_INIT;
			buf_addf(&a, "http://%s", host ? host : "");
			buf_addf(&b, "https://%s", host ? host : "");
			if (!host || (strcmp(origin, a.data) != 0 && strcmp(origin, b.data) != 0))
				__builtin_trap();
			buf_release(&a);
			buf_release(&b);
		}
	}

	/* a redirect to whatever the client asked for stays on this site */
	req_redirect(&r, cookie ? cookie : "");
	const char *loc = req_out_header(&r, "Location");
	if (!loc || loc[0] != '/' || loc[1] == '/' || loc[1] == '\\' || strpbrk(loc, "\r\n\\"))
		__builtin_trap();
	req_release(&r);
	free(copy);
	return 0;
}
