/*
 * test_web_forwarded.c — the client and the scheme behind a reverse proxy
 * (web/core/forwarded.h): `serve --https` makes every request secure;
 * X-Forwarded-Proto and X-Forwarded-For count only from the trusted
 * proxy's address, the last address of X-Forwarded-For only (what the
 * proxy appended), and only when it is an IP address; a secure request's
 * cookie is Secure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "web/core/forwarded.h"
#include "web/core/req.h"
#include "web/core/web.h"

/* A request from peer with the two headers (NULL: absent), applied. */
static void from(struct req *r, struct web *w, const char *peer, const char *proto,
		 const char *xff)
{
	req_init(r, w);
	r->client = peer;
	if (proto)
		req_kv_add(r, &r->headers, "X-Forwarded-Proto", proto);
	if (xff)
		req_kv_add(r, &r->headers, "x-forwarded-for", xff);
	forwarded_apply(r);
}

static void test_no_proxy(void **state)
{
	(void)state;
	struct web w;
	memset(&w, 0, sizeof w);
	struct req r;
	from(&r, &w, "127.0.0.1", "https", "203.0.113.9");
	assert_false(r.secure);
	assert_string_equal(r.client, "127.0.0.1");
	req_release(&r);
	w.https = true;
	from(&r, &w, "192.0.2.5", NULL, NULL);
	assert_true(r.secure);
	assert_string_equal(r.client, "192.0.2.5");
	req_set_cookie(&r, "c", "v", 60);
	assert_non_null(strstr(req_out_header(&r, "Set-Cookie"), "; Secure"));
	req_release(&r);
}

static void test_trusted_proxy(void **state)
{
	(void)state;
	struct web w;
	memset(&w, 0, sizeof w);
	strcpy(w.trusted_proxy, "127.0.0.1");
	struct req r;
	/* From the proxy: its scheme, and the address it appended last. */
	from(&r, &w, "127.0.0.1", "https", "203.0.113.9, 192.0.2.44");
	assert_true(r.secure);
	assert_string_equal(r.client, "192.0.2.44");
	req_release(&r);
	from(&r, &w, "127.0.0.1", "http", " 2001:db8::1 ");
	assert_false(r.secure);
	assert_string_equal(r.client, "2001:db8::1");
	req_set_cookie(&r, "c", "v", 60);
	assert_null(strstr(req_out_header(&r, "Set-Cookie"), "Secure"));
	req_release(&r);
	/* Not an address: the proxy's own stays. */
	from(&r, &w, "127.0.0.1", NULL, "unknown");
	assert_string_equal(r.client, "127.0.0.1");
	req_release(&r);
	from(&r, &w, "127.0.0.1", NULL, "192.0.2.1\r\nX: y");
	assert_string_equal(r.client, "127.0.0.1");
	req_release(&r);
	/* From anyone else: neither header counts. */
	from(&r, &w, "127.0.0.3", "https", "198.51.100.7");
	assert_false(r.secure);
	assert_string_equal(r.client, "127.0.0.3");
	req_release(&r);
}

static void test_address_normalised(void **state)
{
	(void)state;
	char out[46];
	assert_true(forwarded_address("2001:DB8:0::1", 13, out));
	assert_string_equal(out, "2001:db8::1");
	assert_true(forwarded_address("10.0.0.1", 8, out));
	assert_string_equal(out, "10.0.0.1");
	assert_false(forwarded_address("proxy.example", 13, out));
	assert_false(forwarded_address("", 0, out));
	assert_false(forwarded_address("1.2.3.4 ", 8, out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_proxy),
		cmocka_unit_test(test_trusted_proxy),
		cmocka_unit_test(test_address_normalised),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
