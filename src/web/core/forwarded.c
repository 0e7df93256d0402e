/*
 * forwarded.c — the request's client address and scheme behind a reverse
 * proxy (forwarded.h).
 */
#include "web/core/forwarded.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "web/core/req.h"
#include "web/core/web.h"

bool forwarded_address(const char *text, size_t n, char *out)
{
	char in[INET6_ADDRSTRLEN];
	unsigned char bin[sizeof(struct in6_addr)];
	if (n == 0 || n >= sizeof in)
		return false;
	memcpy(in, text, n);
	in[n] = '\0';
	if (inet_pton(AF_INET, in, bin) == 1)
		return inet_ntop(AF_INET, bin, out, INET6_ADDRSTRLEN) != NULL;
	if (inet_pton(AF_INET6, in, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, INET6_ADDRSTRLEN) != NULL;
	return false;
}

/* The last element of a comma-separated header value, spaces trimmed. */
static const char *last_element(const char *v, size_t *n)
{
	const char *start = strrchr(v, ',');
	start = start ? start + 1 : v;
	while (*start == ' ' || *start == '\t')
		start++;
	size_t len = strlen(start);
	while (len && (start[len - 1] == ' ' || start[len - 1] == '\t'))
		len--;
	*n = len;
	return start;
}

void forwarded_apply(struct req *r)
{
	const struct web *w = r->web;
	r->secure = w && w->https;
	if (!w || !w->trusted_proxy[0] || !r->client || strcmp(r->client, w->trusted_proxy) != 0)
		return;
	const char *proto = req_header(r, "X-Forwarded-Proto");
	if (proto) {
		size_t n;
		const char *p = last_element(proto, &n);
		if (n == 5 && strncasecmp(p, "https", 5) == 0)
			r->secure = true;
	}
	const char *xff = req_header(r, "X-Forwarded-For");
	if (xff) {
		size_t n;
		const char *a = last_element(xff, &n);
		char addr[INET6_ADDRSTRLEN];
		if (forwarded_address(a, n, addr))
			r->client = arena_strdup(&r->arena, addr);
	}
}
