/*
 * test_deliver_mime.c — the pure parts of delivery: the RFC 2047 encoder
 * of the Subject, the message's bytes (deliver_mime.h), the address check,
 * the back-off schedule (deliver_outbox.h) and the call-out's words
 * (model/message.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "deliver/deliver_mime.h"
#include "deliver/deliver_outbox.h"
#include "model/message.h"
#include "util/buf.h"

/* Decodes the encoded-words of a folded header value back into text;
 * fails the test on anything that is not a well-formed word. */
static void decode_words(const char *v, struct buf *out)
{
	const char *p = v;
	while (*p) {
		assert_int_equal(strncmp(p, "=?UTF-8?B?", 10), 0);
		const char *end = strstr(p + 10, "?=");
		assert_non_null(end);
		size_t wlen = (size_t)(end + 2 - p);
		assert_true(wlen <= 75); /* RFC 2047 §2 */
		unsigned char bin[128];
		size_t n = 0;
		assert_int_equal(sodium_base642bin(bin, sizeof bin, p + 10, (size_t)(end - p - 10), NULL,
						   &n, NULL, sodium_base64_VARIANT_ORIGINAL),
				 0);
		/* Each word holds whole characters: it is valid UTF-8 alone. */
		bin[n] = 0;
		for (size_t i = 0; i < n;) {
			size_t l = bin[i] >= 0xF0 ? 4 : bin[i] >= 0xE0 ? 3 : bin[i] >= 0xC0 ? 2 : 1;
			assert_true(i + l <= n);
			for (size_t k = 1; k < l; k++)
				assert_int_equal(bin[i + k] & 0xC0, 0x80);
			i += l;
		}
		buf_add(out, bin, n);
		p = end + 2;
		if (*p) {
			assert_int_equal(strncmp(p, "\r\n ", 3), 0); /* folded */
			p += 3;
		}
	}
}

static void test_rfc2047_ascii_as_is(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	deliver_mime_rfc2047("Check in: earthquake", &b);
	assert_string_equal(b.data, "Check in: earthquake");
	buf_reset(&b);
	/* Text that looks like an encoded-word is encoded, not passed on. */
	deliver_mime_rfc2047("=?x?=", &b);
	assert_string_equal(b.data, "=?UTF-8?B?PT94Pz0=?=");
	buf_release(&b);
}

static void test_rfc2047_japanese_round_trip(void **state)
{
	(void)state;
	const char *texts[] = {
		"【安否確認】大規模災害：安否と参集の可否を報告してください / Check in: 大規模災害",
		"震", "ａ", "a震", "😀😀😀😀😀😀😀😀😀😀😀😀", "abc\xe9\x9c\x87\xf0\x9f\x98\x80xyz",
		"控えめな件名 with ASCII  and  spaces",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct buf enc = BUF_INIT, dec = BUF_INIT;
		deliver_mime_rfc2047(texts[i], &enc);
		/* "Subject: " and the first word fit in 78 columns, as does each
		 * folded line. */
		const char *line = enc.data;
		for (;;) {
			const char *nl = strstr(line, "\r\n");
			size_t len = nl ? (size_t)(nl - line) : strlen(line);
			assert_true(len + (line == enc.data ? 9 : 0) <= 78);
			if (!nl)
				break;
			line = nl + 2;
		}
		decode_words(enc.data, &dec);
		assert_string_equal(dec.data, texts[i]);
		buf_release(&enc);
		buf_release(&dec);
	}
}

static void test_rfc2047_word_sizes(void **state)
{
	(void)state;
	/* 13 three-byte characters = 39 bytes: one word; 14: two. */
	struct buf b = BUF_INIT;
	deliver_mime_rfc2047("あいうえおかきくけこさしす", &b);
	assert_null(strstr(b.data, "\r\n"));
	buf_reset(&b);
	deliver_mime_rfc2047("あいうえおかきくけこさしすせ", &b);
	assert_non_null(strstr(b.data, "\r\n "));
	assert_null(strstr(strstr(b.data, "\r\n ") + 3, "\r\n"));
	buf_release(&b);
}

static void test_address_ok(void **state)
{
	(void)state;
	assert_true(deliver_mime_address_ok("a@b"));
	assert_true(deliver_mime_address_ok("ichiro.sato+bcp@example.go.jp"));
	const char *bad[] = { "", "ab", "@example.jp", "a@", "a@@b", "a b@c", "a@b\r\nRCPT TO:<x@y>",
			      "<a@b>", "a@b,c@d", "山田@example.jp", "a\"b@c" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(deliver_mime_address_ok(bad[i]));
}

static void test_compose(void **state)
{
	(void)state;
	struct outbox_msg m = { .id = 42, .incident = 7, .kind = "callout", .person = "p-a",
				.channel = "mail", .address = "a@example.go.jp",
				.subject = "【安否確認】テスト", .body = "本文\nhttps://x/c/T\n",
				.created_at = 1700000000 };
	struct buf b = BUF_INIT, body = BUF_INIT;
	deliver_mime_compose(&m, "bcp@example.go.jp", 0, &b);
	assert_non_null(strstr(b.data, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
	assert_non_null(strstr(b.data, "\r\nMessage-ID: <itbcp.42.1700000000@example.go.jp>\r\n"));
	assert_non_null(strstr(b.data, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
	assert_non_null(strstr(b.data, "\r\nContent-Transfer-Encoding: base64\r\n"));
	assert_non_null(strstr(b.data, "\r\nX-Itbcp-Incident: 7\r\n"));
	/* No bare LF anywhere. */
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\n')
			assert_int_equal(b.data[i - 1], '\r');
	/* The body decodes to the text with CRLF line ends. */
	const char *p = strstr(b.data, "\r\n\r\n") + 4;
	for (; *p; p++)
		if (*p != '\r' && *p != '\n')
			buf_addc(&body, *p);
	unsigned char bin[256];
	size_t n = 0;
	assert_int_equal(sodium_base642bin(bin, sizeof bin - 1, body.data, body.len, NULL, &n, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	bin[n] = 0;
	assert_string_equal((char *)bin, "本文\r\nhttps://x/c/T\r\n");
	buf_release(&b);
	buf_release(&body);
}

static void test_backoff_schedule(void **state)
{
	(void)state;
	const int64_t want[] = { 10, 20, 40, 80, 160, 320, 640, 900, 900, 900, 900 };
	for (int64_t a = 1; a < DELIVER_MAX_ATTEMPTS; a++)
		assert_int_equal(deliver_backoff(a), want[a - 1]);
	assert_int_equal(DELIVER_MAX_ATTEMPTS, 12);
	assert_int_equal(deliver_backoff(DELIVER_MAX_ATTEMPTS), 0); /* give up */
	assert_int_equal(deliver_backoff(1000), 0);
}

static void test_callout_words(void **state)
{
	(void)state;
	struct message_text t;
	message_callout("山田 太郎", "大規模災害", true, 3, "https://x/c/TOKEN", &t);
	assert_string_equal(t.subject, "【訓練】【安否確認】大規模災害：安否と参集の可否を報告して"
				       "ください / [DRILL] Check in: 大規模災害");
	assert_non_null(strstr(t.body, "\n\nhttps://x/c/TOKEN\n\n")); /* a line of its own */
	assert_true(strstr(t.body, "報告してください") < strstr(t.body, "Open the link"));
	assert_non_null(strstr(t.chat, "https://x/c/TOKEN"));
	message_text_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc2047_ascii_as_is),
		cmocka_unit_test(test_rfc2047_japanese_round_trip),
		cmocka_unit_test(test_rfc2047_word_sizes),
		cmocka_unit_test(test_address_ok),
		cmocka_unit_test(test_compose),
		cmocka_unit_test(test_backoff_schedule),
		cmocka_unit_test(test_callout_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
