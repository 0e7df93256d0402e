/*
 * test_password_policy.c — the passwords an account may not have (issue
 * 15, item 8; store/password_policy.h): too short, spaces only, one piece
 * repeated, one run up or down, one of the commonest (also with digits or
 * symbols added, and in capitals or full-width letters), made of the
 * account's own names; and that ordinary good passwords, Japanese ones
 * too, pass.  Each refusal says why, in Japanese or English.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "store/password_policy.h"
#include "store/users.h"
#include "util/embedded.h"

static const char *const names[] = { "tanaka.misaki", "田中 美咲", "田中 美咲" };

/* The reason password is refused for (in lang), or NULL when it is not. */
static const char *why(const char *password, enum lang lang)
{
	static struct err e;
	memset(&e, 0, sizeof e);
	return password_policy_check(password, names, 3, lang, &e) ? e.msg : NULL;
}

static void expect_refused(const char *password, const char *ja, const char *en)
{
	const char *m = why(password, LANG_JA);
	if (!m || !strstr(m, ja))
		fail_msg("\"%s\": expected a refusal with \"%s\", got \"%s\"", password, ja,
			 m ? m : "(accepted)");
	m = why(password, LANG_EN);
	if (!m || !strstr(m, en))
		fail_msg("\"%s\": expected \"%s\", got \"%s\"", password, en, m ? m : "(accepted)");
}

static void test_what_the_review_found(void **state)
{
	(void)state;
	/* the two passwords issue 15 names */
	expect_refused("12345678", "連続した文字", "consecutive");
	expect_refused("        ", "空白だけ", "spaces only");
	expect_refused("\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80 \t    ", "空白だけ",
		       "spaces only");
}

static void test_easy_to_guess(void **state)
{
	(void)state;
	expect_refused("short", "8文字以上", "at least 8");
	expect_refused("aaaaaaaa", "繰り返し", "repeated");
	expect_refused("12121212", "繰り返し", "repeated");
	expect_refused("abcabcabc", "繰り返し", "repeated");
	expect_refused("abcdefgh", "連続", "consecutive");
	expect_refused("98765432", "連続", "consecutive");
	expect_refused("password", "よく使われる", "commonest");
	expect_refused("PassWord", "よく使われる", "commonest");
	expect_refused("sunshine2026!", "よく使われる", "commonest");
	expect_refused("iloveyou", "よく使われる", "commonest");
	/* full-width letters read as half-width */
	expect_refused("\xef\xbd\x90\xef\xbd\x81\xef\xbd\x93\xef\xbd\x93\xef\xbd\x97\xef\xbd\x8f"
		       "\xef\xbd\x92\xef\xbd\x84",
		       "よく使われる", "commonest");
}

static void test_made_of_names(void **state)
{
	(void)state;
	expect_refused("tanaka.misaki", "ユーザー名や氏名", "user name");
	expect_refused("MisakiTanaka1985!", "ユーザー名や氏名", "user name");
	expect_refused("misaki-misaki-2", "ユーザー名や氏名", "user name");
	expect_refused("田中美咲1234", "ユーザー名や氏名", "user name");
	expect_refused("itbcp-tanaka", "ユーザー名や氏名", "user name");
	/* another account's name is no reason */
	assert_null(why("suzuki.hanako", LANG_JA));
}

static void test_good_passwords_pass(void **state)
{
	(void)state;
	const char *good[] = {
		"correct horse battery staple", "misaki-own-words-42", "admin-pass-1",
		"3つの青いりんごを食べた",      "Tr0ub4dor&3x",        "1234abcd-river"
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (why(good[i], LANG_JA))
			fail_msg("\"%s\" refused: %s", good[i], why(good[i], LANG_JA));
	/* through users_check_password, with the account's names */
	struct user who = { 0 };
	struct err e = ERR_INIT;
	snprintf(who.name, sizeof who.name, "%s", "vera");
	assert_int_equal(users_check_password("viewer-pass-1", &who, LANG_JA, &e), 0);
	assert_int_equal(users_check_password("vera-vera", &who, LANG_JA, &e), -1);
	assert_int_equal(users_check_password("vera-vera", NULL, LANG_JA, &e), 0);
}

static void test_the_list(void **state)
{
	(void)state;
	/* compiled in, its source stated, a few hundred entries */
	const struct embedded_file *f = embedded_find("store/passwords/common.txt");
	assert_non_null(f);
	assert_non_null(strstr((const char *)f->data, "Openwall"));
	size_t lines = 0;
	for (size_t i = 0; i < f->len; i++)
		lines += f->data[i] == '\n';
	assert_in_range(lines, 500, 5000);
	/* its last entry is found too (no off-by-one at the end) */
	const char *end = (const char *)f->data + f->len - 1;
	const char *last = end;
	while (last > (const char *)f->data && last[-1] != '\n')
		last--;
	char entry[64];
	snprintf(entry, sizeof entry, "%.*s", (int)(end - last), last);
	assert_true(strlen(entry) >= 8);
	assert_non_null(why(entry, LANG_EN));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_what_the_review_found),
		cmocka_unit_test(test_easy_to_guess),
		cmocka_unit_test(test_made_of_names),
		cmocka_unit_test(test_good_passwords_pass),
		cmocka_unit_test(test_the_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
