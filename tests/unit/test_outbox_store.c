/*
 * test_outbox_store.c — the outbox's rows (store/outbox_store.h): the
 * call-out is queued with the incident or not at all, one row per address
 * with the person's own link; a claimed row is not claimed again; rows of
 * a dead sender come back, those of a live one stay; sent is final.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rules/crisis.h"
#include "store/db.h"
#include "store/incident_store.h"
#include "store/outbox_store.h"
#include "store/settings_store.h"
#include "util/xalloc.h"
#include "store_fixture.h"

/* The demo plan in a new database, delivery's public_url set, p-sato with
 * a private address; an incident snapshot into inc (not stored). */
static void setup_db(struct store *st, struct incident *inc)
{
	struct err e = ERR_INIT;
	struct plan p = PLAN_INIT;
	store_fixture_demo(&p);
	assert_int_equal(store_open(st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(store_replace_plan(st, &p, &e), 0);
	assert_int_equal(db_exec(&st->db,
				 "UPDATE person SET email_private = 'home@example.net' WHERE id = 'p-sato'",
				 &e),
			 0);
	assert_int_equal(store_setting_set(st, "public_url", "https://bcp.example.go.jp/", "t", "", &e),
			 0);
	*inc = (struct incident)INCIDENT_INIT;
	inc->event = xstrdup("disaster");
	inc->event_name = xstrdup("大規模災害");
	inc->event_kind = xstrdup("disaster");
	inc->procedure = xstrdup("");
	inc->system_hit = xstrdup("");
	inc->author = xstrdup("t");
	crisis_snapshot(&p, inc, NULL);
	plan_release(&p);
}

static int64_t count(struct store *st, const char *where)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE %s", where);
	return db_int(&st->db, -1, sql, NULL);
}

/* Queued with the incident, in its transaction: rolled back, both go. */
static void test_callout_with_incident(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct incident inc;
	struct err e = ERR_INIT;
	setup_db(&st, &inc);
	size_t called = 0;
	for (size_t i = 0; i < inc.n_people; i++)
		called += inc.people[i].called;
	assert_true(called >= 10);

	json_t *c = json_object();
	assert_int_equal(store_begin(&st, &e), 0);
	assert_int_equal(store_incident_create(&st, &inc, 1000, "t", c, &e), 0);
	assert_int_equal(count(&st, "1 = 1"), (int64_t)called + 1); /* + p-sato's private */
	store_rollback(&st);
	assert_int_equal(count(&st, "1 = 1"), 0);
	assert_int_equal(db_int(&st.db, -1, "SELECT count(*) FROM incidents", NULL), 0);

	assert_int_equal(store_incident_create(&st, &inc, 1000, "t", c, &e), 0);
	json_decref(c);
	assert_int_equal(count(&st, "kind = 'callout' AND state = 'queued'"), (int64_t)called + 1);
	assert_int_equal(count(&st, "person = 'p-sato'"), 2);
	/* Each row's link is its person's own token. */
	struct outbox_msg *v;
	size_t n;
	assert_int_equal(store_outbox_list(&st, inc.id, &v, &n, &e), 0);
	for (size_t i = 0; i < n; i++) {
		char tok[STORE_TOKEN_LEN + 1], want[120];
		assert_int_equal(store_checkin_token(&st, v[i].person, tok, &e), 0);
		snprintf(want, sizeof want, "https://bcp.example.go.jp/c/%s", tok);
		assert_string_equal(v[i].link, want);
		assert_non_null(strstr(v[i].body, want));
		assert_string_equal(v[i].channel, "mail");
	}
	store_outbox_free(v, n);

	/* Added people later: the caller's transaction, just them. */
	const char *who[] = { "p-sato" };
	size_t q = 0;
	assert_int_equal(store_outbox_callout(&st, &inc, who, 1, &q, &e), 0);
	assert_int_equal(q, 2);
	store_close(&st);
	incident_release(&inc);
}

/* Claimed rows are not claimed again; recovery takes a dead owner's and
 * expired leases, not a live one's; sent is final. */
static void test_claim_recover(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct incident inc;
	struct err e = ERR_INIT;
	setup_db(&st, &inc);
	json_t *c = json_object();
	assert_int_equal(store_incident_create(&st, &inc, 1000, "t", c, &e), 0);
	json_decref(c);
	int64_t total = count(&st, "1 = 1");
	struct outbox_msg *a, *b;
	size_t na, nb, got;
	int64_t now = 2000000000;
	assert_int_equal(store_outbox_claim(&st, now, true, true, "h:1", now + 300, 3, &a, &na, &e), 0);
	assert_int_equal(na, 3);
	assert_int_equal(store_outbox_claim(&st, now, true, true, "h:2", now + 300, 3, &b, &nb, &e), 0);
	assert_int_equal(nb, 3);
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			assert_true(a[i].id != b[j].id);
	/* Mail not set up: no mail claimed. */
	struct outbox_msg *x;
	size_t nx;
	assert_int_equal(store_outbox_claim(&st, now, false, true, "h:3", now + 300, 3, &x, &nx, &e), 0);
	assert_int_equal(nx, 0);
	store_outbox_free(x, nx);

	assert_int_equal(store_outbox_sent(&st, a[0].id, now, "250 OK", &e), 0);
	assert_int_equal(store_outbox_retry(&st, a[1].id, now + 10, "451", "451 later", &e), 0);
	assert_int_equal(store_outbox_retry(&st, a[2].id, 0, "550", "550 no", &e), 0);
	assert_int_equal(count(&st, "state = 'sending'"), 3); /* b's */
	/* h:1 is dead (nothing of it is sending any more), h:2 alive. */
	const char *dead[] = { "h:1" };
	assert_int_equal(store_outbox_recover(&st, now, dead, 1, &got, &e), 0);
	assert_int_equal(got, 0);
	/* h:2 dies: its three come back, attempts kept. */
	dead[0] = "h:2";
	assert_int_equal(store_outbox_recover(&st, now, dead, 1, &got, &e), 0);
	assert_int_equal(got, 3);
	/* + a[1], queued for its retry */
	assert_int_equal(count(&st, "state = 'queued' AND attempts = 1"), 4);
	/* An expired lease comes back without naming the owner. */
	assert_int_equal(store_outbox_claim(&st, now, true, true, "other:9", now + 300, 1, &x, &nx, &e), 0);
	assert_int_equal(nx, 1);
	store_outbox_free(x, nx);
	assert_int_equal(store_outbox_recover(&st, now + 299, NULL, 0, &got, &e), 0);
	assert_int_equal(got, 0);
	assert_int_equal(store_outbox_recover(&st, now + 301, NULL, 0, &got, &e), 0);
	assert_int_equal(got, 1);
	/* Sent is final: a late mark of a row no longer sending changes nothing. */
	assert_int_equal(store_outbox_retry(&st, a[0].id, now + 10, "x", "x", &e), 0);
	assert_int_equal(count(&st, "state = 'sent'"), 1);
	assert_int_equal(count(&st, "state = 'failed'"), 1);
	assert_int_equal(count(&st, "1 = 1"), total);
	store_outbox_free(a, na);
	store_outbox_free(b, nb);
	store_close(&st);
	incident_release(&inc);
}

/* The outcomes of several claimed rows in one call: sent, retried,
 * failed, and untried (put back as before the claim, the attempt not
 * counted); a row no longer sending is left alone. */
static void test_mark_many(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct incident inc;
	struct err e = ERR_INIT;
	setup_db(&st, &inc);
	json_t *c = json_object();
	assert_int_equal(store_incident_create(&st, &inc, 1000, "t", c, &e), 0);
	json_decref(c);
	struct outbox_msg *a;
	size_t na;
	int64_t now = 2000000000;
	assert_int_equal(store_outbox_claim(&st, now, true, true, "h:1", now + 300, 4, &a, &na, &e), 0);
	assert_int_equal(na, 4);
	assert_int_equal(store_outbox_sent(&st, a[3].id, now, "250 OK", &e), 0);
	struct outbox_mark mk[] = {
		{ .id = a[0].id, .outcome = OUTBOX_SENT, .at = now + 1, .response = "250 queued" },
		{ .id = a[1].id, .outcome = OUTBOX_RETRY, .next_at = now + 10, .error = "451" },
		{ .id = a[2].id, .outcome = OUTBOX_UNTRIED },
		{ .id = a[3].id, .outcome = OUTBOX_UNTRIED }, /* already sent: stays sent */
	};
	assert_int_equal(store_outbox_mark(&st, mk, 4, &e), 0);
	char where[200];
	snprintf(where, sizeof where, "id = %lld AND state = 'sent' AND sent_at = %lld AND response = '250 queued'",
		 (long long)a[0].id, (long long)now + 1);
	assert_int_equal(count(&st, where), 1);
	snprintf(where, sizeof where, "id = %lld AND state = 'queued' AND attempts = 1 AND next_attempt_at = %lld",
		 (long long)a[1].id, (long long)now + 10);
	assert_int_equal(count(&st, where), 1);
	snprintf(where, sizeof where, "id = %lld AND state = 'queued' AND attempts = 0 AND owner = ''",
		 (long long)a[2].id);
	assert_int_equal(count(&st, where), 1);
	snprintf(where, sizeof where, "id = %lld AND state = 'sent'", (long long)a[3].id);
	assert_int_equal(count(&st, where), 1);
	assert_int_equal(count(&st, "state = 'sending'"), 0);
	assert_int_equal(store_outbox_mark(&st, mk, 0, &e), 0);
	store_outbox_free(a, na);
	store_close(&st);
	incident_release(&inc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_callout_with_incident),
		STORE_TEST(test_claim_recover),
		STORE_TEST(test_mark_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
