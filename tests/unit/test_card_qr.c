/*
 * test_card_qr.c — a QR code as SVG path data (render/card/card_qr.h):
 * the square's side is a QR version's (21 + 4k modules) plus the quiet
 * zone, the three finder patterns sit in their corners inside it, every
 * run stays inside the square, and text too long for a QR code is refused
 * with nothing written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "render/card/card_qr.h"

static void test_link(void **state)
{
	(void)state;
	struct buf d = BUF_INIT;
	int size = 0;
	const char *link = "https://bcp.example.go.jp/c/AbCdEfGhIjKlMnOpQrStUvWxYz012345";
	assert_int_equal(card_qr_path(link, &d, &size), 0);
	int modules = size - 2 * CARD_QR_QUIET;
	assert_true(modules >= 21 && (modules - 21) % 4 == 0);
	/* finder patterns: a run of 7 dark modules on the first row of the
	 * code at its left and right edges, and on the 7th row of the
	 * bottom-left one */
	char want[64];
	snprintf(want, sizeof want, "M%d %dh7v1h-7z", CARD_QR_QUIET, CARD_QR_QUIET);
	assert_non_null(strstr(d.data, want));
	snprintf(want, sizeof want, "M%d %dh7v1h-7z", size - CARD_QR_QUIET - 7, CARD_QR_QUIET);
	assert_non_null(strstr(d.data, want));
	snprintf(want, sizeof want, "M%d %dh7v1h-7z", CARD_QR_QUIET, size - CARD_QR_QUIET - 1);
	assert_non_null(strstr(d.data, want));
	/* every run inside the code */
	const char *p = d.data;
	int x, y, w, w2, n;
	while (sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &w, &w2, &n) == 4) {
		assert_int_equal(w, w2);
		assert_true(x >= CARD_QR_QUIET && y >= CARD_QR_QUIET);
		assert_true(x + w <= size - CARD_QR_QUIET && y < size - CARD_QR_QUIET);
		p += n;
	}
	assert_int_equal(*p, '\0');
	buf_release(&d);
}

static void test_too_long(void **state)
{
	(void)state;
	static char big[4000];
	memset(big, 'a', sizeof big - 1);
	struct buf d = BUF_INIT;
	int size = -7;
	assert_int_equal(card_qr_path(big, &d, &size), -1);
	assert_int_equal(d.len, 0);
	assert_int_equal(size, -7);
	buf_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_too_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
