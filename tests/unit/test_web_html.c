/*
 * test_web_html.c — the pieces a page is written with: the escaping
 * writer (text and attributes escaped at the output call, numbers as
 * printf writes them), URL encoding, the per-request arena, and the
 * parsing of forms, cookies and local redirect targets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "util/arena.h"
#include "web/core/html.h"
#include "web/core/req.h"
#include "web/core/url.h"

/* %s escapes everything that could open markup or leave an attribute. */
static void test_escape(void **state)
{
	(void)state;
	struct req r;
	req_init(&r, NULL);
	html(&r, "<p title=\"%s\">%s</p>", "\"><script>", "a & b < c > d 'e'");
	assert_string_equal(r.out.data, "<p title=\"&quot;&gt;&lt;script&gt;\">"
					 "a &amp; b &lt; c &gt; d &#39;e&#39;</p>");
	buf_reset(&r.out);
	html_text(&r, "日本語 <b>");
	html_raw(&r, "<br>");
	html_text(&r, NULL);
	assert_string_equal(r.out.data, "日本語 &lt;b&gt;<br>");
	/* At the ends, side by side, alone, and nothing at all. */
	buf_reset(&r.out);
	html(&r, "[%s|%s|%s|%s]", "<&>\"'", "'x\"", "&", "");
	assert_string_equal(r.out.data, "[&lt;&amp;&gt;&quot;&#39;|&#39;x&quot;|&amp;|]");
	req_release(&r);
}

/* Numbers keep printf's meaning; %% is a percent sign. */
static void test_numbers(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_buf(&b, "%d|%5d|%02d|%ld|%lld|%zu|%u|%x|%%|%s", -3, 42, 7, -1234567890123L,
		 (long long)INT64_MAX, (size_t)99, 4000000000u, 255u, "");
	assert_string_equal(b.data,
			    "-3|   42|07|-1234567890123|9223372036854775807|99|4000000000|ff|%|");
	buf_reset(&b);
	html_buf(&b, "%d|%lld|%d|%3d", INT_MIN, (long long)INT64_MIN, 0, -5);
	assert_string_equal(b.data, "-2147483648|-9223372036854775808|0| -5");
	buf_release(&b);
}

/* buf_addf writes into the room there is in one pass, and otherwise
 * grows; past a buffer's cap it adds nothing and says so. */
static void test_addf_room_and_cap(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(buf_addf(&b, "%s-%d", "abc", 12), 0); /* no room yet */
	assert_string_equal(b.data, "abc-12");
	for (int i = 0; i < 200; i++)
		assert_int_equal(buf_addf(&b, "%03d", i % 1000), 0);
	assert_int_equal(b.len, 6 + 600);
	assert_memory_equal(b.data + 6, "000001002", 9);
	assert_string_equal(b.data + b.len - 3, "199");
	buf_release(&b);

	struct buf c;
	buf_init(&c, 10);
	assert_int_equal(buf_addf(&c, "%s", "12345"), 0);
	assert_int_equal(buf_addf(&c, "%s", "678901"), -1); /* 11 > 10 */
	assert_true(c.overflow);
	assert_string_equal(c.data, "12345");
	assert_int_equal(c.len, 5);
	c.overflow = false;
	assert_int_equal(buf_addf(&c, "%d", 67890), 0); /* exactly 10 */
	assert_string_equal(c.data, "1234567890");
	buf_release(&c);
}

/* buf_reserve: one allocation up front, nothing written, the cap kept. */
static void test_reserve(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(buf_reserve(&b, 4095), 0);
	assert_int_equal(b.cap, 4096);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	char *before = b.data;
	for (int i = 0; i < 400; i++)
		buf_adds(&b, "0123456789"); /* 4,000 bytes: no new allocation */
	assert_ptr_equal(b.data, before);
	assert_int_equal(b.len, 4000);
	buf_release(&b);

	struct buf c;
	buf_init(&c, 10);
	assert_int_equal(buf_reserve(&c, 11), -1);
	assert_false(c.overflow); /* nothing was lost */
	assert_int_equal(c.cap, 0);
	assert_int_equal(buf_reserve(&c, 10), 0);
	assert_int_equal(buf_adds(&c, "1234567890"), 0);
	assert_string_equal(c.data, "1234567890");
	buf_release(&c);
}

static void test_url_encode(void **state)
{
	(void)state;
	struct req r;
	req_init(&r, NULL);
	assert_string_equal(url_encode(&r, "/a b&c=d?é"), "/a%20b%26c%3Dd%3F%C3%A9");
	req_release(&r);
}

/* Many small and some large allocations, zeroed and aligned, one release. */
static void test_arena(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	for (int i = 0; i < 2000; i++) {
		unsigned char *p = arena_alloc(&a, (size_t)(i % 50) + 1);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (int k = 0; k < i % 50 + 1; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xab, (size_t)(i % 50) + 1);
	}
	char *big = arena_alloc(&a, 100000);
	big[99999] = 1;
	assert_string_equal(arena_strdup(&a, "abc"), "abc");
	assert_string_equal(arena_strndup(&a, "abcdef", 2), "ab");
	assert_string_equal(arena_printf(&a, "%d-%s", 5, "x"), "5-x");
	assert_true(a.total >= 100000);
	arena_release(&a);
	arena_release(&a);
	assert_null(a.head);

	/* arena_printf written in the chunk's room, across its end, larger
	 * than a chunk, into an empty arena; each string intact and aligned
	 * allocations after it. */
	char *first = arena_printf(&a, "%s", "empty arena");
	assert_string_equal(first, "empty arena");
	char want[9000];
	char *kept[400];
	for (int i = 0; i < 400; i++) {
		int len = (i * 37) % 300;
		memset(want, 'a' + i % 26, (size_t)len);
		want[len] = '\0';
		kept[i] = arena_printf(&a, "%s%d", want, i);
		unsigned char *z = arena_alloc(&a, 3);
		assert_int_equal((uintptr_t)z % 16, 0);
		assert_true(z[0] == 0 && z[1] == 0 && z[2] == 0);
	}
	for (int i = 0; i < 400; i++) {
		int len = (i * 37) % 300;
		char tail[16];
		snprintf(tail, sizeof tail, "%d", i);
		assert_int_equal(strlen(kept[i]), (size_t)len + strlen(tail));
		assert_true(len == 0 || kept[i][len - 1] == 'a' + i % 26);
		assert_string_equal(kept[i] + len, tail);
	}
	memset(want, 'z', 8999);
	want[8999] = '\0';
	assert_string_equal(arena_printf(&a, "%s", want), want);
	assert_string_equal(first, "empty arena");
	arena_release(&a);
}

/* Forms: + and %XX decode; malformed escapes, invalid UTF-8 and NUL fail. */
static void test_urlencoded(void **state)
{
	(void)state;
	struct req r;
	req_init(&r, NULL);
	struct kv_list l = { 0 };
	const char *ok = "name=%E5%B1%B1%E7%94%B0+%E5%A4%AA%E9%83%8E&flag&empty=&a=1%3D2&&x=y";
	assert_int_equal(req_parse_urlencoded(&r, ok, strlen(ok), &l), 0);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.v[0].value, "山田 太郎");
	assert_string_equal(l.v[1].name, "flag");
	assert_string_equal(l.v[1].value, "");
	assert_string_equal(l.v[2].value, "");
	assert_string_equal(l.v[3].value, "1=2");
	assert_string_equal(l.v[4].name, "x");
	static const char *const bad[] = { "a=%ff", "a=%e5%b1", "a=%00", "a=%4", "a=%zz", "%c0%af=1" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct kv_list m = { 0 };
		assert_int_equal(req_parse_urlencoded(&r, bad[i], strlen(bad[i]), &m), -1);
	}
	req_release(&r);
}

static void test_cookies(void **state)
{
	(void)state;
	struct req r;
	req_init(&r, NULL);
	req_kv_add(&r, &r.headers, "cookie", "a=1; itbcp_session=tok; junk; b=\"q\" ");
	req_parse_cookies(&r);
	assert_string_equal(req_cookie(&r, "a"), "1");
	assert_string_equal(req_cookie(&r, "itbcp_session"), "tok");
	assert_string_equal(req_cookie(&r, "b"), "q");
	assert_null(req_cookie(&r, "junk"));
	assert_string_equal(req_header(&r, "COOKIE"), "a=1; itbcp_session=tok; junk; b=\"q\" ");
	req_release(&r);
}

/* Only paths on this site are redirect targets. */
static void test_local_path(void **state)
{
	(void)state;
	assert_true(req_local_path("/"));
	assert_true(req_local_path("/admin/users?added=x"));
	assert_false(req_local_path(NULL));
	assert_false(req_local_path(""));
	assert_false(req_local_path("//evil.example/"));
	assert_false(req_local_path("/\\evil.example/"));
	assert_false(req_local_path("https://evil.example/"));
	assert_false(req_local_path("/a\r\nSet-Cookie: x=y"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),     cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_addf_room_and_cap),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_url_encode), cmocka_unit_test(test_arena),
		cmocka_unit_test(test_urlencoded), cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_local_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
