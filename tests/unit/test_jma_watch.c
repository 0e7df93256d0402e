/*
 * test_jma_watch.c — the settings of the JMA feed watcher
 * (app_jma_watch_settings): an option wins over the environment, the
 * environment over the default; JMA's own host is polled at most once a
 * minute, another server as often as every second; a wrong value names
 * the option or variable it came from.  The polls themselves are tested
 * against a local HTTP server in tests/cli/jma_watch.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_jma_watch.h"

static int setup(void **state)
{
	(void)state;
	unsetenv("ITBCP_JMA_FEED");
	unsetenv("ITBCP_JMA_INTERVAL");
	return 0;
}

static void defaults(void **state)
{
	(void)state;
	struct app_jma_watch w = { .lang = LANG_EN };
	struct err e = ERR_INIT;
	assert_int_equal(app_jma_watch_settings(&w, NULL, NULL, NULL, &e), 0);
	assert_string_equal(w.feed, "https://www.data.jma.go.jp/developer/xml/feed/eqvol.xml");
	assert_int_equal(w.interval, 60);
	assert_int_equal(w.timeout, 30);
}

static void option_over_environment(void **state)
{
	(void)state;
	struct app_jma_watch w = { .lang = LANG_EN };
	struct err e = ERR_INIT;
	setenv("ITBCP_JMA_FEED", "http://127.0.0.1:8000/feed.xml", 1);
	setenv("ITBCP_JMA_INTERVAL", "5", 1);
	assert_int_equal(app_jma_watch_settings(&w, NULL, NULL, "2", &e), 0);
	assert_string_equal(w.feed, "http://127.0.0.1:8000/feed.xml");
	assert_int_equal(w.interval, 5);
	assert_int_equal(w.timeout, 2);
	assert_int_equal(app_jma_watch_settings(&w, "https://mirror.example.jp/eqvol_l.xml", "1", NULL, &e), 0);
	assert_string_equal(w.feed, "https://mirror.example.jp/eqvol_l.xml");
	assert_int_equal(w.interval, 1);
	setup(NULL);
}

/* JMA's host: no less than a minute, whatever the feed's path or port. */
static void jma_once_a_minute(void **state)
{
	(void)state;
	struct app_jma_watch w = { .lang = LANG_EN };
	struct err e = ERR_INIT;
	assert_int_equal(app_jma_watch_settings(&w, NULL, "59", NULL, &e), -1);
	assert_non_null(strstr(e.msg, "--interval 59"));
	assert_non_null(strstr(e.msg, "60"));
	assert_int_equal(app_jma_watch_settings(&w, "https://www.data.jma.go.jp/developer/xml/feed/eqvol_l.xml",
						"600", NULL, &e), 0);
	assert_int_equal(w.interval, 600);
	assert_int_equal(app_jma_watch_settings(&w, "https://WWW.DATA.JMA.GO.JP:443/x.xml", "1", NULL, &e), -1);
	setenv("ITBCP_JMA_INTERVAL", "30", 1);
	assert_int_equal(app_jma_watch_settings(&w, NULL, NULL, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "ITBCP_JMA_INTERVAL 30"));
	setup(NULL);
	/* a host that only ends in jma.go.jp's letters is another host */
	assert_int_equal(app_jma_watch_settings(&w, "http://notjma.go.jp/f.xml", "1", NULL, &e), 0);
}

static void refused(void **state)
{
	(void)state;
	struct app_jma_watch w = { .lang = LANG_EN };
	struct err e = ERR_INIT;
	const char *feeds[] = { "ftp://h/f.xml", "file:///etc/passwd", "www.data.jma.go.jp/f.xml",
				"https://host-without-path" };
	for (size_t i = 0; i < sizeof feeds / sizeof *feeds; i++) {
		assert_int_equal(app_jma_watch_settings(&w, feeds[i], NULL, NULL, &e), -1);
		assert_non_null(strstr(e.msg, "--feed"));
	}
	setenv("ITBCP_JMA_FEED", "gopher://h/", 1);
	assert_int_equal(app_jma_watch_settings(&w, NULL, NULL, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "ITBCP_JMA_FEED gopher://h/"));
	setup(NULL);
	const char *intervals[] = { "0", "-5", "abc", "60s", "86401", "" };
	for (size_t i = 0; i < sizeof intervals / sizeof *intervals; i++)
		if (intervals[i][0])
			assert_int_equal(app_jma_watch_settings(&w, "http://h/f", intervals[i], NULL, &e), -1);
	assert_int_equal(app_jma_watch_settings(&w, "http://h/f", NULL, "0", &e), -1);
	assert_non_null(strstr(e.msg, "--timeout 0"));
	assert_int_equal(app_jma_watch_settings(&w, "http://h/f", NULL, "301", &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(defaults, setup),
		cmocka_unit_test_setup(option_over_environment, setup),
		cmocka_unit_test_setup(jma_once_a_minute, setup),
		cmocka_unit_test_setup(refused, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
