/*
 * test_users_admin.c — what an admin does to an account, in the store
 * (issue 15, item 3; store/users.h): disabling ends the account's sessions
 * in the same transaction and refuses its sign-in; the last enabled admin
 * is kept; a reset sets a temporary password that must be changed and
 * ends every session, and changing it clears that; ending sessions counts
 * them; tying to a person checks the plan, and a session of a tied
 * account names the person in the records, cut to fit the incident
 * timeline's author (100 bytes) however long the name; every action has
 * its audit row, and the chain stays whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "model/schema.h"
#include "store/element_store.h"
#include "store/store.h"
#include "store/users.h"
#include "store_fixture.h"
#include "util/utf8.h"

static struct store st;

/* A demo database with admin "root" and planner "tanaka". */
static void open_demo(void)
{
	struct plan p = PLAN_INIT;
	struct err e = ERR_INIT;
	st = (struct store)STORE_INIT;
	store_fixture_demo(&p);
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(store_replace_plan(&st, &p, &e), 0);
	plan_release(&p);
	assert_int_equal(users_add(&st, "root", "", ROLE_ADMIN, NULL, "root-pass-word-1", "t", &e), 0);
	assert_int_equal(
		users_add(&st, "tanaka", "田中 美咲", ROLE_PLANNER, NULL, "blue-kettle-9", "t", &e), 0);
}

/* The newest audit row's action and detail: "action detail". */
static const char *last_audit(void)
{
	static char out[256];
	struct audit_entry *v;
	size_t n;
	struct err e = ERR_INIT;
	assert_int_equal(users_audit_list(&st, 0, 1, &v, &n, &e), 0);
	assert_int_equal(n, 1);
	snprintf(out, sizeof out, "%s %s %s %s", v[0].actor, v[0].action, v[0].target, v[0].detail);
	users_audit_free(v, n);
	return out;
}

/* Signs name in with password; 1 when it worked (token into tok). */
static int sign_in(const char *name, const char *password, char *tok)
{
	struct user u;
	struct err e = ERR_INIT;
	int ok = users_authenticate(&st, name, password, &u, &e);
	assert_int_not_equal(ok, -1);
	if (ok)
		assert_int_equal(users_sign_in(&st, &u, NULL, tok, &e), 0);
	return ok;
}

/* 1 when tok is a live session (its actor into actor, may be NULL). */
static int live(const char *tok, struct user_session *s)
{
	struct user_session x;
	struct err e = ERR_INIT;
	return users_session_find(&st, tok, s ? s : &x, &e);
}

static void test_disable_enable(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	char t1[USERS_TOKEN_LEN + 1], t2[USERS_TOKEN_LEN + 1];
	open_demo();
	assert_int_equal(sign_in("tanaka", "blue-kettle-9", t1), 1);
	assert_int_equal(sign_in("tanaka", "blue-kettle-9", t2), 1);
	assert_int_equal(users_set_disabled(&st, "tanaka", true, "root", LANG_EN, &e), 0);
	assert_string_equal(last_audit(), "root user.disable tanaka ");
	assert_int_equal(live(t1, NULL), 0);
	assert_int_equal(live(t2, NULL), 0);
	assert_int_equal(users_session_count(&st, 2), 0); /* deleted, not only refused */
	assert_int_equal(sign_in("tanaka", "blue-kettle-9", t1), 0);
	assert_int_equal(users_set_disabled(&st, "tanaka", false, "root", LANG_EN, &e), 0);
	assert_string_equal(last_audit(), "root user.enable tanaka ");
	assert_int_equal(sign_in("tanaka", "blue-kettle-9", t1), 1);
	/* nobody: refused, nothing written */
	assert_int_equal(users_set_disabled(&st, "nobody", true, "root", LANG_EN, &e), 1);
	assert_non_null(strstr(e.msg, "no such user"));
	assert_string_equal(last_audit(), "tanaka session.login tanaka ");
	store_close(&st);
}

static void test_last_admin_kept(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	open_demo();
	assert_int_equal(users_set_disabled(&st, "root", true, "cli", LANG_JA, &e), 1);
	assert_non_null(strstr(e.msg, "有効な管理者が他にいない"));
	assert_int_equal(users_set_role(&st, "root", ROLE_VIEWER, "cli", LANG_EN, &e), 1);
	assert_non_null(strstr(e.msg, "last enabled admin"));
	/* with a second admin, the first may go */
	assert_int_equal(users_set_role(&st, "tanaka", ROLE_ADMIN, "cli", LANG_EN, &e), 0);
	assert_string_equal(last_audit(), "cli user.role tanaka role=admin was=planner");
	assert_int_equal(users_set_disabled(&st, "root", true, "cli", LANG_EN, &e), 0);
	/* and now tanaka is the last one */
	assert_int_equal(users_set_role(&st, "tanaka", ROLE_PLANNER, "cli", LANG_EN, &e), 1);
	store_close(&st);
}

static void test_reset_and_sessions(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct user_session s;
	char t1[USERS_TOKEN_LEN + 1], t2[USERS_TOKEN_LEN + 1];
	int64_t ended = -1;
	open_demo();
	assert_int_equal(sign_in("tanaka", "blue-kettle-9", t1), 1);
	assert_int_equal(sign_in("tanaka", "blue-kettle-9", t2), 1);
	assert_int_equal(users_end_sessions(&st, "tanaka", "root", LANG_EN, &ended, &e), 0);
	assert_int_equal(ended, 2);
	assert_string_equal(last_audit(), "root user.sessions.end tanaka sessions=2");
	assert_int_equal(live(t1, NULL), 0);
	/* the policy applies to a temporary password too */
	assert_int_equal(users_reset_password(&st, "tanaka", "12345678", "root", LANG_EN, &e), 1);
	assert_int_equal(users_reset_password(&st, "tanaka", "Tanaka-2026!", "root", LANG_EN, &e), 1);
	assert_int_equal(sign_in("tanaka", "blue-kettle-9", t1), 1);
	assert_int_equal(users_reset_password(&st, "tanaka", "temp-word-7781", "root", LANG_EN, &e), 0);
	assert_string_equal(last_audit(), "root user.password.reset tanaka ");
	assert_int_equal(live(t1, NULL), 0);
	assert_int_equal(sign_in("tanaka", "blue-kettle-9", t1), 0);
	assert_int_equal(sign_in("tanaka", "temp-word-7781", t1), 1);
	assert_int_equal(live(t1, &s), 1);
	assert_true(s.user.must_change_password);
	assert_int_equal(users_set_password(&st, s.user.id, "own-words-here-5", t1, s.actor, &e), 0);
	assert_int_equal(live(t1, &s), 1); /* this session goes on */
	assert_false(s.user.must_change_password);
	store_close(&st);
}

static void test_person_names_the_actor(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct user_session s;
	struct user u;
	char tok[USERS_TOKEN_LEN + 1];
	open_demo();
	assert_int_equal(users_set_person(&st, "tanaka", "p-nobody", "root", LANG_EN, &e), 1);
	assert_non_null(strstr(e.msg, "no such person"));
	assert_int_equal(users_set_person(&st, "tanaka", "p-tanaka", "root", LANG_EN, &e), 0);
	assert_string_equal(last_audit(), "root user.person tanaka person=p-tanaka");
	assert_int_equal(users_find(&st, "tanaka", &u, &e), 1);
	assert_string_equal(u.person, "p-tanaka");
	assert_string_equal(u.person_name, "田中 美咲");
	assert_int_equal(sign_in("tanaka", "blue-kettle-9", tok), 1);
	assert_int_equal(live(tok, &s), 1);
	assert_string_equal(s.actor, "田中 美咲 (tanaka)");
	/* users_add with a person checks it too */
	assert_int_equal(users_add(&st, "x1", "", ROLE_VIEWER, "p-nobody", "blue-kettle-9", "t", &e), 2);
	assert_int_equal(users_find(&st, "x1", &u, &e), 0);

	/* a name of 200 bytes: cut at a character, the login whole, <= 100 bytes */
	struct plan p = PLAN_INIT;
	store_fixture_demo(&p);
	struct person longname = p.people[0]; /* every field, then a new id and name */
	char name[201];
	size_t k = 0;
	while (k + 3 <= 200) {
		memcpy(name + k, "長", 3);
		k += 3;
	}
	name[k] = '\0';
	longname.id = "p-long";
	longname.name = name;
	int ins = element_store_insert(&st, schema_entity("people"), &longname, "t", "long",
				       LANG_EN, &e);
	if (ins != 0)
		fail_msg("insert: %d %s", ins, e.msg);
	plan_release(&p);
	assert_int_equal(users_set_person(&st, "tanaka", "p-long", "root", LANG_EN, &e), 0);
	assert_int_equal(live(tok, &s), 1);
	assert_true(strlen(s.actor) <= 100);
	assert_true(utf8_valid(s.actor, strlen(s.actor)));
	size_t n = strlen(s.actor);
	assert_true(n > 9 && strcmp(s.actor + n - 9, " (tanaka)") == 0);
	/* untie: the login alone */
	assert_int_equal(users_set_person(&st, "tanaka", NULL, "root", LANG_EN, &e), 0);
	assert_int_equal(live(tok, &s), 1);
	assert_string_equal(s.actor, "tanaka");
	int64_t rows, bad;
	assert_int_equal(users_audit_verify(&st, &rows, &bad, &e), 1);
	store_close(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_disable_enable),
		STORE_TEST(test_last_admin_kept),
		STORE_TEST(test_reset_and_sessions),
		STORE_TEST(test_person_names_the_actor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
