/*
 * test_token_revoke.c — a person's check-in link dies with the person
 * (issue 15, item 6): deleting a person (the web form's and the API's
 * element_store_delete) or leaving them out of an imported plan
 * (store_replace_plan) revokes their token in the same transaction, and a
 * new person given the same id gets a new link, never the old one.  A
 * person kept by an import keeps their link (printed wallet cards).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "model/schema.h"
#include "store/element_store.h"
#include "store/incident_store.h"
#include "store/store.h"
#include "store_fixture.h"

/* The index of person id in p. */
static size_t person_at(const struct plan *p, const char *id)
{
	for (size_t i = 0; i < p->n_people; i++)
		if (strcmp(p->people[i].id, id) == 0)
			return i;
	fail_msg("no person %s in the demo", id);
	return 0;
}

/* The person of token, "" when it is nobody's. */
static const char *whose(struct store *st, const char *token)
{
	static char who[64];
	struct err e = ERR_INIT;
	assert_int_not_equal(store_checkin_token_lookup(st, token, who, sizeof who, &e), -1);
	return who;
}

static void test_delete_revokes(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct plan p = PLAN_INIT;
	struct err e = ERR_INIT;
	char t1[STORE_TOKEN_LEN + 1], t2[STORE_TOKEN_LEN + 1], other[STORE_TOKEN_LEN + 1];
	const struct entity_def *pe = schema_entity("people");
	store_fixture_demo(&p);
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(store_replace_plan(&st, &p, &e), 0);
	/* p-yamada is referred to by nothing in the demo, so can be deleted. */
	struct person yamada = p.people[person_at(&p, "p-yamada")];
	assert_int_equal(store_checkin_token(&st, "p-yamada", t1, &e), 0);
	assert_int_equal(store_checkin_token(&st, "p-sato", other, &e), 0);
	assert_string_equal(whose(&st, t1), "p-yamada");

	assert_int_equal(element_store_delete(&st, &p, pe, &yamada, "test", LANG_EN, &e), 0);
	assert_string_equal(whose(&st, t1), "");          /* dead at once */
	assert_string_equal(whose(&st, other), "p-sato"); /* others untouched */

	/* Someone new under the same id: a new link; the old one stays dead. */
	assert_int_equal(element_store_insert(&st, pe, &yamada, "test", "山田", LANG_EN, &e), 0);
	assert_int_equal(store_checkin_token(&st, "p-yamada", t2, &e), 0);
	assert_string_not_equal(t1, t2);
	assert_string_equal(whose(&st, t1), "");
	assert_string_equal(whose(&st, t2), "p-yamada");
	store_close(&st);
	plan_release(&p);
}

static void test_import_revokes_only_the_left_out(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct plan p = PLAN_INIT;
	struct err e = ERR_INIT;
	char t1[STORE_TOKEN_LEN + 1], t2[STORE_TOKEN_LEN + 1], kept[STORE_TOKEN_LEN + 1];
	store_fixture_demo(&p);
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(store_replace_plan(&st, &p, &e), 0);
	assert_int_equal(store_checkin_token(&st, "p-yamada", t1, &e), 0);
	assert_int_equal(store_checkin_token(&st, "p-sato", kept, &e), 0);

	/* The same plan again: everyone stays, and so do their links. */
	assert_int_equal(store_replace_plan(&st, &p, &e), 0);
	assert_string_equal(whose(&st, t1), "p-yamada");
	assert_string_equal(whose(&st, kept), "p-sato");

	/* A plan without p-yamada: their link dies, p-sato's stays. */
	size_t i = person_at(&p, "p-yamada");
	struct person gone = p.people[i];
	memmove(&p.people[i], &p.people[i + 1], (p.n_people - i - 1) * sizeof *p.people);
	p.n_people--;
	assert_int_equal(store_replace_plan(&st, &p, &e), 0);
	assert_string_equal(whose(&st, t1), "");
	assert_string_equal(whose(&st, kept), "p-sato");

	/* Back in a later plan: a new link. */
	p.people[p.n_people++] = gone;
	assert_int_equal(store_replace_plan(&st, &p, &e), 0);
	assert_int_equal(store_checkin_token(&st, "p-yamada", t2, &e), 0);
	assert_string_not_equal(t1, t2);
	assert_string_equal(whose(&st, t1), "");
	assert_string_equal(whose(&st, t2), "p-yamada");
	store_close(&st);
	plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_delete_revokes),
		STORE_TEST(test_import_revokes_only_the_left_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
