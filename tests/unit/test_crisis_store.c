/*
 * test_crisis_store.c — incidents in the database (store/incident_store.h):
 * an incident round-trips with its snapshot; the batch append records
 * what it may and refuses the rest; the timeline verifies, refuses UPDATE
 * and DELETE, and a row altered behind the triggers' back breaks the
 * chain at exactly that entry; a chain rewritten and rehashed without the
 * record key is named by the signature it breaks, and one signed again
 * with a key of the rewriter's own by the key file; an older record's
 * entries are reported unsigned; a long record's check-in rows changed
 * deep inside are named by seq; check-in tokens are stable, found, and
 * rotate; closing a drill adds a training record to the plan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "app/app_incident.h"
#include "format/plan_json.h"
#include "rules/crisis.h"
#include "store/checkin_store.h"
#include "store/checkin_view.h"
#include "store/db.h"
#include "store/incident_store.h"
#include "store/record_sign.h"
#include "store/whom_cache.h"
#include "util/embedded.h"
#include "util/xalloc.h"

#include "store_fixture.h"

static char db_path[256];
static struct store st;

#define OLD_SHIM_ADD "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER)"
#define OLD_SHIM_DROP "DROP TABLE settings"

/* A fresh database at schema `version` holding the demo plan and one
 * incident (id 1). */
static void make_db(int version)
{
	struct err e = ERR_INIT;
	struct plan p = PLAN_INIT;
	struct buf errors = BUF_INIT;
	if (store_fixture_target(db_path, sizeof db_path, "crisis"))
		fail_msg("no database for the test");
	const struct embedded_file *f = embedded_find("demo/demo-plan.json");
	if (plan_json_read((const char *)f->data, f->len, "demo", &p, &errors, LANG_EN))
		fail_msg("%s", errors.data);
	buf_release(&errors);
	st = (struct store)STORE_INIT;
	if (store_open_at_version(&st, db_path, version, &e))
		fail_msg("%s", e.msg);
	/* Today's code writes the incident (and, at the newest schema, the
	 * plan: an older one lacks the plan fields of 014 and 015, and the
	 * upgrade tests need only the incident, made from p).  Before 014 the
	 * settings table the call-out reads is there for the write only, and
	 * dropped again below, so the file is what that version made. */
	bool before_014 = version < 14;
	if (before_014 && db_exec(&st.db, OLD_SHIM_ADD, &e))
		fail_msg("%s", e.msg);
	if (version >= 15 && store_replace_plan(&st, &p, &e))
		fail_msg("%s", e.msg);

	struct incident inc = INCIDENT_INIT;
	inc.event = xstrdup("disaster");
	inc.event_name = xstrdup("大規模災害");
	inc.event_kind = xstrdup("disaster");
	crisis_time_parse("2026-01-18T18:00+09:00", &inc.started_at);
	inc.entered_at = inc.started_at + 600;
	inc.variant = crisis_time_variant(inc.started_at);
	inc.procedure = xstrdup("proc-disaster-night");
	inc.system_hit = xstrdup("");
	inc.drill = true;
	inc.author = xstrdup("tester");
	crisis_snapshot(&p, &inc, NULL);
	json_t *content = json_pack("{s:s}", "event", "disaster");
	if (store_incident_create(&st, &inc, inc.entered_at, "tester", content, &e))
		fail_msg("%s", e.msg);
	json_decref(content);
	assert_int_equal(inc.id, 1);
	if (before_014 && db_exec(&st.db, OLD_SHIM_DROP, &e))
		fail_msg("%s", e.msg);
	incident_release(&inc);
	plan_release(&p);
}

static int setup(void **state)
{
	(void)state;
	make_db(store_schema_latest());
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(&st);
	store_fixture_remove(db_path);
	return 0;
}

/* A report from person at minute m after the demo incident's start. */
static struct checkin_report report(const char *person, enum checkin_status s, int m)
{
	int64_t start;
	crisis_time_parse("2026-01-18T18:00+09:00", &start);
	return (struct checkin_report){ .incident = 1, .person = person, .status = s,
					.assembly = ASSEMBLY_YES, .eta = NO_VALUE, .location = "自宅",
					.note = "", .at = start + m * 60, .author = "self" };
}

static void expect_whole(void)
{
	struct timeline_check chk;
	struct err e = ERR_INIT;
	assert_int_equal(store_timeline_verify(&st, 1, &chk, &e), 0);
	if (chk.bad_seq)
		fail_msg("chain broken at %lld: %s", (long long)chk.bad_seq, chk.reason);
}

/* People added to a running incident (an aftershock): a link, a row, an
 * entry "called" and a note, together; one only asked if safe and then
 * called in keeps their report; nothing at all for an incident that is
 * not there. */
static void test_add_people(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct incident_person yamada = { .person = "p-yamada", .name = "山田", .department = "X",
					  .location = "", .roles = "", .called = true,
					  .ask = ASK_SAFETY };
	int64_t seq = 0, at = 1800000000;
	int64_t people = db_int(&st.db, -1, "SELECT count(*) FROM incident_people", NULL);
	int64_t tokens = db_int(&st.db, -1, "SELECT count(*) FROM checkin_tokens", NULL);
	assert_int_equal(store_incident_add_people(&st, 99, &yamada, 1, NULL, 0, "n", at, "tester",
						   &seq, &e),
			 -1);
	assert_int_equal(db_int(&st.db, -1, "SELECT count(*) FROM incident_people", NULL), people);
	assert_int_equal(db_int(&st.db, -1, "SELECT count(*) FROM checkin_tokens", NULL), tokens);

	assert_int_equal(store_incident_add_people(&st, 1, &yamada, 1, NULL, 0, "余震", at, "tester",
						   &seq, &e),
			 0);
	assert_int_equal(db_int(&st.db, -1, "SELECT count(*) FROM checkin_tokens", NULL), tokens + 1);
	struct incident inc = INCIDENT_INIT;
	assert_int_equal(store_incident_load(&st, 1, &inc, &e), 0);
	const struct incident_person *y = incident_person_find(&inc, "p-yamada");
	assert_non_null(y);
	assert_int_equal(y->ask, ASK_SAFETY);
	assert_int_equal(y->called_at, at);
	assert_int_equal(inc.n_people, (size_t)people + 1);
	assert_int_equal(inc.last_seq, seq);
	assert_string_equal(inc.records[inc.n_records - 1].text, "余震");
	incident_release(&inc);
	expect_whole();

	struct checkin_report rep = report("p-yamada", CHECKIN_SAFE, 30);
	struct checkin_result res;
	assert_int_equal(checkin_store_append(&st, &rep, 1, &res, &e), 0);
	assert_int_equal(res.outcome, CHECKIN_RECORDED);

	/* called in now: the same row, the report kept; a holder added */
	struct incident_holder h = { .role = "role-worker", .role_name = "W", .person = "p-yamada",
				     .rank = 5 };
	yamada.ask = ASK_ASSEMBLE;
	yamada.location = "本庁舎";
	assert_int_equal(store_incident_add_people(&st, 1, &yamada, 1, &h, 1, "強い余震", at + 60,
						   "tester", &seq, &e),
			 0);
	assert_int_equal(store_incident_load(&st, 1, &inc, &e), 0);
	y = incident_person_find(&inc, "p-yamada");
	assert_int_equal(y->ask, ASK_ASSEMBLE);
	assert_string_equal(y->location, "本庁舎");
	assert_int_equal(inc.n_people, (size_t)people + 1);
	struct crisis_board b;
	crisis_board_compute(&inc, at + 120, &b);
	const struct crisis_person_state *ps = &b.people[y - inc.people];
	assert_non_null(ps->latest);
	assert_int_equal(ps->latest->status, CHECKIN_SAFE);
	crisis_board_release(&b);
	assert_string_equal(inc.holders[inc.n_holders - 1].person, "p-yamada");
	incident_release(&inc);
	expect_whole();
}

static void test_roundtrip(void **state)
{
	(void)state;
	struct incident inc;
	struct err e = ERR_INIT;
	assert_int_equal(store_incident_load(&st, 1, &inc, &e), 0);
	assert_string_equal(inc.event, "disaster");
	assert_true(inc.drill);
	assert_int_equal(inc.variant, VARIANT_NIGHT_HOLIDAY);
	assert_int_equal(inc.n_systems, 4);
	assert_int_equal(inc.n_steps, 13);
	assert_int_equal(inc.n_people, 15);
	assert_int_equal(inc.n_holders, 16);
	assert_int_equal(inc.last_seq, 1);
	struct incident_system *mail = incident_system_find(&inc, "mail");
	assert_int_equal(mail->rto_hours, 15);
	assert_int_equal(mail->tier, TIER_A);
	assert_int_equal(mail->level, NO_VALUE);
	incident_release(&inc);
	assert_int_equal(store_incident_load(&st, 99, &inc, &e), 1);
	expect_whole();
}

static void test_batch_append(void **state)
{
	(void)state;
	struct checkin_report r[6] = {
		report("p-sato", CHECKIN_SAFE, 3),	 report("p-suzuki", CHECKIN_INJURED, 5),
		report("p-nobody", CHECKIN_SAFE, 6),	 report("p-ito", CHECKIN_SAFE, 7),
		report("p-kato", CHECKIN_SAFE, 8),	 report("p-sato", CHECKIN_CANNOT_ACT, 9),
	};
	r[3].note = "\x01" "bad";
	r[4].incident = 7;
	/* Everything the canonical writer escapes (verify holds it to jansson). */
	r[1].note = "quote \" back \\ tab\t nl\n slash / 無事 del\x7f";
	r[1].location = "駅 \"東口\"";
	r[1].eta = 1768730400;
	struct checkin_result res[6];
	struct err e = ERR_INIT;
	assert_int_equal(checkin_store_append(&st, r, 6, res, &e), 0);
	assert_int_equal(res[0].outcome, CHECKIN_RECORDED);
	assert_int_equal(res[1].outcome, CHECKIN_RECORDED);
	assert_int_equal(res[2].outcome, CHECKIN_NOT_CALLED);
	assert_int_equal(res[3].outcome, CHECKIN_BAD_INPUT);
	assert_string_equal(res[3].field, "note");
	assert_int_equal(res[4].outcome, CHECKIN_NO_INCIDENT);
	assert_int_equal(res[5].outcome, CHECKIN_RECORDED);
	assert_int_equal(res[0].seq, 2);
	assert_int_equal(res[1].seq, 3);
	assert_int_equal(res[5].seq, 4);

	struct incident inc;
	assert_int_equal(store_incident_load(&st, 1, &inc, &e), 0);
	assert_int_equal(inc.n_checkins, 3); /* every report kept */
	struct crisis_board b;
	crisis_board_compute(&inc, inc.started_at + 3600, &b);
	assert_int_equal(b.answered, 2);
	const struct incident_person *sato = incident_person_find(&inc, "p-sato");
	const struct crisis_person_state *ps = &b.people[sato - inc.people];
	assert_int_equal(ps->latest->status, CHECKIN_CANNOT_ACT); /* the latest counts */
	assert_int_equal(ps->first_at, inc.started_at + 180);
	crisis_board_release(&b);
	incident_release(&inc);
	expect_whole();

	/* The board's lighter load gives the same board. */
	struct checkin_report more[3] = { report("p-sato", CHECKIN_SAFE, 1),
					  report("p-sato", CHECKIN_INJURED, 20),
					  report("p-ito", CHECKIN_SAFE, 30) };
	assert_int_equal(checkin_store_append(&st, more, 3, res, &e), 0);
	struct incident full, light;
	struct crisis_board bf, bl;
	assert_int_equal(store_incident_load(&st, 1, &full, &e), 0);
	assert_int_equal(store_incident_load_board(&st, 1, &light, &e), 0);
	assert_int_equal(full.n_checkins, 6);
	assert_int_equal(light.n_checkins, 4); /* sato: earliest + latest; suzuki; ito */
	crisis_board_compute(&full, full.started_at + 3600, &bf);
	crisis_board_compute(&light, light.started_at + 3600, &bl);
	assert_int_equal(bf.answered, bl.answered);
	for (int k = 0; k < 3; k++)
		assert_int_equal(bf.answer_at[k], bl.answer_at[k]);
	for (size_t i = 0; i < bf.n_people; i++) {
		assert_int_equal(bf.people[i].first_at, bl.people[i].first_at);
		assert_int_equal(bf.people[i].latest ? bf.people[i].latest->id : 0,
				 bl.people[i].latest ? bl.people[i].latest->id : 0);
	}
	assert_int_equal(bl.people[incident_person_find(&light, "p-sato") - light.people].first_at,
			 light.started_at + 60);
	crisis_board_release(&bf);
	crisis_board_release(&bl);
	incident_release(&full);
	incident_release(&light);

	/* A closed incident refuses further reports. */
	json_t *c = json_object();
	assert_int_equal(store_incident_close(&st, 1, "{}", r[0].at + 7200, "tester", c, NULL, NULL, &e), 0);
	json_decref(c);
	assert_int_equal(checkin_store_append(&st, r, 1, res, &e), 0);
	assert_int_equal(res[0].outcome, CHECKIN_CLOSED);
	expect_whole();
}

static void test_append_only(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	assert_int_equal(db_exec(&st.db, "UPDATE incident_timeline SET author = 'x' WHERE seq = 1", &e), -1);
	assert_non_null(strstr(e.msg, "append-only"));
	assert_int_equal(db_exec(&st.db, "DELETE FROM incident_timeline WHERE seq = 1", &e), -1);
	assert_int_equal(db_int(&st.db, 0, "SELECT count(*) FROM incident_timeline", NULL), 1);
	expect_whole();
}

static void test_tamper_detected(void **state)
{
	(void)state;
	struct checkin_report r[3] = { report("p-sato", CHECKIN_SAFE, 1),
				       report("p-suzuki", CHECKIN_INJURED, 2),
				       report("p-tanaka", CHECKIN_SAFE, 3) };
	struct checkin_result res[3];
	struct err e = ERR_INIT;
	assert_int_equal(checkin_store_append(&st, r, 3, res, &e), 0);
	expect_whole();
	/* Pages of the record, newest first (the timeline page's read). */
	struct timeline_entry *pg;
	size_t np;
	assert_int_equal(store_timeline_page(&st, 1, 0, 2, &pg, &np, &e), 0);
	assert_int_equal(np, 2);
	assert_int_equal(pg[0].seq, 4);
	assert_int_equal(pg[1].seq, 3);
	assert_string_equal(pg[0].kind, "checkin");
	for (size_t i = 0; i < np; i++)
		timeline_entry_release(&pg[i]);
	free(pg);
	assert_int_equal(store_timeline_page(&st, 1, 3, 10, &pg, &np, &e), 0);
	assert_int_equal(np, 2);
	assert_int_equal(pg[0].seq, 2);
	assert_int_equal(pg[1].seq, 1);
	for (size_t i = 0; i < np; i++)
		timeline_entry_release(&pg[i]);
	free(pg);
	/* Behind the triggers' back: turn 'injured' into 'safe' in entry 3. */
	assert_int_equal(store_fixture_drop_trigger(&st.db, "incident_timeline",
						    "incident_timeline_no_update"),
			 0);
	assert_int_equal(db_exec(&st.db,
				 "UPDATE incident_timeline SET content = replace(content, 'injured', 'safe') "
				 "WHERE incident = 1 AND seq = 3",
				 &e),
			 0);
	struct timeline_check chk;
	assert_int_equal(store_timeline_verify(&st, 1, &chk, &e), 0);
	assert_int_equal(chk.bad_seq, 3);
	assert_int_equal(chk.entries, 4);
	/* Rewriting the hash too does not help: the next entry's link breaks. */
	struct timeline_entry *v;
	size_t n;
	assert_int_equal(store_timeline_load(&st, 1, &v, &n, &e), 0);
	struct buf canon = BUF_INIT;
	char h[65], sql[256];
	store_timeline_canonical(&v[2], &canon);
	store_timeline_hash(v[2].prev_hash, &canon, h);
	snprintf(sql, sizeof sql, "UPDATE incident_timeline SET hash = '%s' WHERE incident = 1 AND seq = 3", h);
	assert_int_equal(db_exec(&st.db, sql, &e), 0);
	assert_int_equal(store_timeline_verify(&st, 1, &chk, &e), 0);
	assert_int_equal(chk.bad_seq, 4);
	buf_release(&canon);
	for (size_t i = 0; i < n; i++)
		timeline_entry_release(&v[i]);
	free(v);
	/* A deleted middle entry is a gap. */
	assert_int_equal(store_fixture_drop_trigger(&st.db, "incident_timeline",
						    "incident_timeline_no_delete"),
			 0);
	assert_int_equal(db_exec(&st.db,
				 "DELETE FROM incident_timeline WHERE incident = 1 AND seq = 2",
				 &e),
			 0);
	assert_int_equal(store_timeline_verify(&st, 1, &chk, &e), 0);
	assert_int_equal(chk.bad_seq, 3);
}

/* Entries from..n of v rewritten into the database as their rewriter
 * would: each hash recomputed from the previous one, so the chain links. */
static void rehash_from(struct timeline_entry *v, size_t n, size_t from)
{
	struct err e = ERR_INIT;
	struct buf canon = BUF_INIT;
	for (size_t i = from; i < n; i++) {
		if (i > 0)
			snprintf(v[i].prev_hash, 65, "%s", v[i - 1].hash);
		buf_reset(&canon);
		store_timeline_canonical(&v[i], &canon);
		store_timeline_hash(v[i].prev_hash, &canon, v[i].hash);
		struct stmt q = STMT_INIT;
		if (db_prepare(&st.db, &q,
			       "UPDATE incident_timeline SET content = ?1, prev_hash = ?2, "
			       "hash = ?3 WHERE incident = 1 AND seq = ?4",
			       &e))
			fail_msg("%s", e.msg);
		db_bind_text(&q, 1, v[i].content);
		db_bind_text(&q, 2, v[i].prev_hash);
		db_bind_text(&q, 3, v[i].hash);
		db_bind_int(&q, 4, v[i].seq);
		int rc = db_run(&q, &e);
		db_finalize(&q);
		if (rc)
			fail_msg("%s", e.msg);
	}
	buf_release(&canon);
}

/* Whoever can write the file but not read the record key: an entry
 * changed and every hash after it recomputed links again, and the
 * signature of the next signed entry names it.  Signing again with a key
 * of one's own, added to record_keys, verifies in the store, and the key
 * file (app_incident_verify) names it. */
static void test_rewrite_without_key(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct checkin_report r[3] = { report("p-sato", CHECKIN_SAFE, 1),
				       report("p-suzuki", CHECKIN_INJURED, 2),
				       report("p-tanaka", CHECKIN_SAFE, 3) };
	struct checkin_result res[3];
	assert_int_equal(checkin_store_append(&st, r, 3, res, &e), 0);
	assert_int_equal(checkin_store_append(&st, r, 1, res, &e), 0);
	/* One signature per transaction: the incident (1), the batch (4), the last (5). */
	char *signed_seqs = store_fixture_column(&st.db, "SELECT seq FROM timeline_signatures "
							 "WHERE incident = 1 ORDER BY seq");
	assert_string_equal(signed_seqs, "1,4,5");
	free(signed_seqs);
	struct timeline_check chk;
	assert_int_equal(store_timeline_verify(&st, 1, &chk, &e), 0);
	assert_int_equal(chk.bad_seq, 0);
	assert_int_equal(chk.signed_entries, 5);
	assert_int_equal(chk.unsigned_entries, 0);
	assert_int_equal(chk.key_id, 1);

	struct timeline_entry *v;
	size_t n;
	assert_int_equal(store_timeline_load(&st, 1, &v, &n, &e), 0);
	assert_int_equal(n, 5);
	char *c = v[2].content; /* entry 3: p-suzuki injured */
	assert_non_null(strstr(c, "injured"));
	v[2].content = xstrdup("{\"person\":\"p-suzuki\",\"status\":\"safe\"}");
	free(c);
	assert_int_equal(store_fixture_drop_trigger(&st.db, "incident_timeline",
						    "incident_timeline_no_update"),
			 0);
	rehash_from(v, n, 2);
	assert_int_equal(store_timeline_verify(&st, 1, &chk, &e), 0);
	assert_int_equal(chk.bad_seq, 4);
	assert_non_null(strstr(chk.reason, "the signature of entry 4 does not verify with record key #1: "
					   "entries 2-4 were changed after they were signed"));

	/* Signed again with a key of the rewriter's own. */
	unsigned char pk[32], sk[64], msg[RECORD_SIGN_MSG], sig[64];
	crypto_sign_keypair(pk, sk);
	struct stmt q = STMT_INIT;
	assert_int_equal(store_fixture_drop_trigger(&st.db, "timeline_signatures",
						    "timeline_signatures_no_delete"),
			 0);
	assert_int_equal(db_exec(&st.db, "DELETE FROM timeline_signatures", &e), 0);
	assert_int_equal(db_prepare(&st.db, &q, "INSERT INTO record_keys (id, public_key, made_at, "
				    "reason) VALUES (2, ?1, 0, 'the key file was missing')", &e), 0);
	db_bind_blob(&q, 1, pk, 32);
	assert_int_equal(db_run(&q, &e), 0);
	db_finalize(&q);
	assert_int_equal(db_prepare(&st.db, &q, "INSERT INTO timeline_signatures (incident, seq, key, "
				    "sig) VALUES (1, ?1, 2, ?2)", &e), 0);
	assert_true(record_sign_message(1, 5, v[4].hash, msg));
	crypto_sign_detached(sig, NULL, msg, sizeof msg, sk);
	db_bind_int(&q, 1, 5);
	db_bind_blob(&q, 2, sig, 64);
	assert_int_equal(db_run(&q, &e), 0);
	db_finalize(&q);
	assert_int_equal(store_timeline_verify(&st, 1, &chk, &e), 0);
	assert_int_equal(chk.bad_seq, 0); /* the database alone cannot tell */
	assert_int_equal(chk.key_id, 2);
	assert_memory_equal(chk.key, pk, 32);
	assert_int_equal(app_incident_verify(db_path, 1, LANG_EN, &chk, &e), 0);
	assert_int_equal(chk.key_file, -1);
	assert_int_equal(chk.bad_seq, 5);
	assert_non_null(strstr(chk.reason, "the last signature is by record key #2, not by the key "
					   "file's (#1)"));
	for (size_t i = 0; i < n; i++)
		timeline_entry_release(&v[i]);
	free(v);
}

/* A long record (1,500 check-ins, as a burst leaves it) whose rows were
 * changed deep inside, behind the timeline's back: verify still names the
 * exact entry, a check-in entry left without its row or a row left
 * without its entry.  (Both are found by one pass over each side, not a
 * search of every row per entry: timeline_rows.c.) */
static void test_long_record_rows(void **state)
{
	(void)state;
	enum { BATCH = 500, BATCHES = 3 };
	static struct checkin_report r[BATCH];
	static struct checkin_result res[BATCH];
	struct err e = ERR_INIT;
	for (int b = 0; b < BATCHES; b++) {
		for (int i = 0; i < BATCH; i++)
			r[i] = report(i % 2 ? "p-sato" : "p-suzuki", CHECKIN_SAFE, b * BATCH + i);
		assert_int_equal(checkin_store_append(&st, r, BATCH, res, &e), 0);
		assert_int_equal(res[BATCH - 1].outcome, CHECKIN_RECORDED);
	}
	struct timeline_check chk;
	assert_int_equal(store_timeline_verify(&st, 1, &chk, &e), 0);
	assert_int_equal(chk.bad_seq, 0);
	assert_int_equal(chk.entries, 1 + BATCH * BATCHES);
	/* the row of entry 1,218 moved to a seq no entry has */
	assert_int_equal(db_exec(&st.db,
				 "UPDATE incident_checkins SET seq = seq + 100000 WHERE incident = 1 AND seq = 1218",
				 &e),
			 0);
	assert_int_equal(store_timeline_verify(&st, 1, &chk, &e), 0);
	assert_int_equal(chk.bad_seq, 1218);
	assert_string_equal(chk.reason, "the check-in entry has no check-in row (seq 1218)");
	/* put back (the least seq found below says it is), then a row of its
	 * own beyond the last entry, named by its seq */
	assert_int_equal(db_exec(&st.db,
				 "UPDATE incident_checkins SET seq = 1218 WHERE incident = 1 AND seq = 101218",
				 &e),
			 0);
	assert_int_equal(db_exec(&st.db,
				 "INSERT INTO incident_checkins (incident, person, status, assembly, at, seq) "
				 "VALUES (1, 'p-sato', 'safe', 'yes', 0, 104999)",
				 &e),
			 0);
	assert_int_equal(store_timeline_verify(&st, 1, &chk, &e), 0);
	assert_int_equal(chk.bad_seq, 104999);
	assert_string_equal(chk.reason, "a check-in row has no timeline entry (seq 104999)");
}

static void test_canonical_form(void **state)
{
	(void)state;
	struct timeline_entry t = { .seq = 2, .incident = 1, .at = 1768726800, .author = "佐藤 \"一郎\"",
				    .kind = "checkin", .content = "{\"a\":1,\"b\":\"無事\"}" };
	struct buf b = BUF_INIT;
	store_timeline_canonical(&t, &b);
	assert_string_equal(b.data, "{\"at\":1768726800,\"author\":\"佐藤 \\\"一郎\\\"\",\"content\":"
				    "{\"a\":1,\"b\":\"無事\"},\"incident\":1,\"kind\":\"checkin\",\"seq\":2}");
	char h1[65], h2[65];
	store_timeline_hash("0000000000000000000000000000000000000000000000000000000000000000", &b, h1);
	store_timeline_hash("1000000000000000000000000000000000000000000000000000000000000000", &b, h2);
	assert_int_equal(strlen(h1), 64);
	assert_string_not_equal(h1, h2);
	/* Known answers (Python: sha256(prev bytes + canonical UTF-8)): records
	 * written by any version must verify in every later one. */
	assert_string_equal(h1, "b8fcdc2b048e5465728245fb6976c86f7a056c86684681bfe3ea0bbc08649cdf");
	assert_string_equal(h2, "e0cb0c990cad40f4398899ff920ed3cafffe9e89353b6f0eede9e41017269a20");
	char h3[65];
	store_timeline_hash("1000000000000000000000000000000000000000000000000000000000000000", &b, h3);
	assert_string_equal(h3, h2);
	store_timeline_hash("10000000000000000000000000000000000000000000000000000000000000", &b, h3);
	assert_string_equal(h3, h2); /* short: the rest is zeros, as libsodium decoded it */
	/* A malformed previous hash (not hex, odd, too long) stands for all
	 * 0xff bytes, which no real entry hashes to. */
	static const char *const bad_prev[] = {
		"zz", "1", "10000000000000000000000000000000000000000000000000000000000000000000"
	};
	for (size_t i = 0; i < sizeof bad_prev / sizeof bad_prev[0]; i++) {
		store_timeline_hash(bad_prev[i], &b, h3);
		assert_string_equal(h3,
				    "07b09a19daca3aaafea014368ef63ff376b19e166fdf3414e63722f6e304b4b2");
	}

	/* Strings are written as jansson's compact dump writes them. */
	const char *odd = "c\x01\x1f\b\f\r\n\t\"\\/\x7f é 無事";
	json_t *j = json_string(odd);
	char *want = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
	t.author = (char *)odd;
	t.content = "null";
	buf_reset(&b);
	store_timeline_canonical(&t, &b);
	char *got = strstr(b.data, "\"author\":") + strlen("\"author\":");
	assert_int_equal(strncmp(got, want, strlen(want)), 0);
	assert_string_equal(got + strlen(want), ",\"content\":null,\"incident\":1,\"kind\":\"checkin\",\"seq\":2}");
	free(want);
	json_decref(j);

	/* Integers as "%lld" writes them, at the edges too (buf_add_int). */
	const long long ints[] = { 0, -1, 7, -42, 1768726800, INT64_MAX, INT64_MIN };
	for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
		char want_i[32];
		snprintf(want_i, sizeof want_i, "%lld", ints[i]);
		buf_reset(&b);
		buf_add_int(&b, ints[i]);
		assert_string_equal(b.data, want_i);
	}
	buf_release(&b);
}

static void test_tokens(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	char t1[STORE_TOKEN_LEN + 1], t2[STORE_TOKEN_LEN + 1], t3[STORE_TOKEN_LEN + 1];
	char who[64];
	assert_int_equal(store_checkin_token(&st, "p-sato", t1, &e), 0);
	assert_int_equal(strlen(t1), STORE_TOKEN_LEN);
	assert_int_equal(store_checkin_token(&st, "p-sato", t2, &e), 0);
	assert_string_equal(t1, t2); /* stable: the wallet card keeps working */
	assert_int_equal(store_checkin_token(&st, "p-suzuki", t3, &e), 0);
	assert_string_not_equal(t1, t3);
	assert_int_equal(store_checkin_token_lookup(&st, t1, who, sizeof who, &e), 1);
	assert_string_equal(who, "p-sato");
	assert_int_equal(store_checkin_token_lookup(&st, t3, who, sizeof who, &e), 1);
	assert_string_equal(who, "p-suzuki");
	int64_t ids[4];
	assert_int_equal(checkin_store_open_for(&st, who, ids, 4, &e), 1);
	assert_int_equal(ids[0], 1);
	assert_int_equal(checkin_store_open_for(&st, "p-nobody", ids, 4, &e), 0);
	/* One character off, wrong length, junk: not found. */
	char bad[STORE_TOKEN_LEN + 1];
	memcpy(bad, t1, sizeof bad);
	bad[5] = bad[5] == 'A' ? 'B' : 'A';
	assert_int_equal(store_checkin_token_lookup(&st, bad, who, sizeof who, &e), 0);
	assert_string_equal(who, "");
	assert_int_equal(store_checkin_token_lookup(&st, "short", who, sizeof who, &e), 0);
	assert_int_equal(store_checkin_token_lookup(&st, "../../etc/passwd", who, sizeof who, &e), 0);
	/* Rotation: the old token stops working, the new one works. */
	assert_int_equal(store_checkin_token_rotate(&st, "p-sato", t2, &e), 0);
	assert_string_not_equal(t1, t2);
	assert_int_equal(store_checkin_token_lookup(&st, t1, who, sizeof who, &e), 0);
	assert_int_equal(store_checkin_token_lookup(&st, t2, who, sizeof who, &e), 1);
	assert_int_equal(store_checkin_token(&st, "p-sato", t3, &e), 0);
	assert_string_equal(t2, t3);
	/* What the group-commit writer asks of a batch of links: whose, and
	 * on which incident (named, or the only one open for them). */
	struct checkin_whom named = { .token = t2, .incident = 1 };
	struct checkin_whom unnamed = { .token = t2 };
	struct checkin_whom other = { .token = t2, .incident = 7 };
	struct checkin_whom rotated = { .token = t1, .incident = 1 };
	struct checkin_whom junk = { .token = "../../etc/passwd", .incident = 1 };
	struct checkin_whom *q[] = { &named, &unnamed, &other, &rotated, &junk };
	assert_int_equal(store_checkin_whom(&st, NULL, q, 5, &e), 0);
	assert_true(named.found);
	assert_string_equal(named.person, "p-sato");
	assert_int_equal(named.incident, 1);
	assert_int_equal(named.n_open, 1);
	assert_string_not_equal(named.name, "");
	assert_string_not_equal(named.event_name, "");
	assert_true(named.drill);
	assert_true(unnamed.found);
	assert_int_equal(unnamed.incident, 1);
	assert_string_equal(unnamed.name, named.name);
	assert_true(other.found);
	assert_int_equal(other.incident, 0); /* not an incident of theirs */
	assert_false(rotated.found);
	assert_int_equal(rotated.incident, 0);
	assert_false(junk.found);
}

/* Asks store_checkin_whom one question on st through cache. */
static struct checkin_whom ask(struct whom_cache *cache, const char *token, int64_t incident)
{
	struct err e = ERR_INIT;
	struct checkin_whom q = { .token = token, .incident = incident };
	struct checkin_whom *qs[] = { &q };
	assert_int_equal(store_checkin_whom(&st, cache, qs, 1, &e), 0);
	return q;
}

static void expect_counts(struct whom_cache *c, unsigned long hits, unsigned long misses,
			  unsigned long forgets)
{
	unsigned long h, m, f;
	whom_cache_counts(c, &h, &m, &f);
	assert_int_equal(h, hits);
	assert_int_equal(m, misses);
	assert_int_equal(f, forgets);
}

/* The writer's memory of links answers what the database would, and
 * forgets as soon as another connection commits (SQLite) or changes what
 * an answer reads (PostgreSQL's whom_version, migration 025): a rotated
 * link stops working and a closed incident stops taking reports at the
 * next batch.  The writer's own check-ins make it forget on neither. */
static void test_whom_cache(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct whom_cache *c = whom_cache_new();
	char t1[STORE_TOKEN_LEN + 1], t2[STORE_TOKEN_LEN + 1];
	assert_int_equal(store_checkin_token(&st, "p-sato", t1, &e), 0);

	struct checkin_whom plain = ask(NULL, t1, 1);
	struct checkin_whom first = ask(c, t1, 1);
	expect_counts(c, 0, 1, 0);
	struct checkin_whom again = ask(c, t1, 1);
	expect_counts(c, 1, 1, 0);
	for (const struct checkin_whom *q = &first;; q = &again) {
		assert_true(q->found);
		assert_int_equal(q->incident, 1);
		assert_int_equal(q->n_open, plain.n_open);
		assert_string_equal(q->person, "p-sato");
		assert_string_equal(q->name, plain.name);
		assert_string_equal(q->event_name, plain.event_name);
		assert_int_equal(q->drill, plain.drill);
		assert_int_equal(q->started_at, plain.started_at);
		if (q == &again)
			break;
	}
	/* Another question about the same link is its own entry. */
	assert_int_equal(ask(c, t1, 0).incident, 1);
	assert_int_equal(ask(c, t1, 0).incident, 1);
	assert_int_equal(ask(c, t1, 7).incident, 0);
	expect_counts(c, 2, 3, 0);
	/* Unknown links are read every time, never kept. */
	char bad[STORE_TOKEN_LEN + 1];
	memcpy(bad, t1, sizeof bad);
	bad[3] = bad[3] == 'A' ? 'B' : 'A';
	assert_false(ask(c, bad, 1).found);
	assert_false(ask(c, bad, 1).found);
	assert_false(ask(c, "short", 1).found);
	expect_counts(c, 2, 6, 0);

	/* The writer's own check-ins change no answer: still from memory. */
	struct checkin_report r = report("p-sato", CHECKIN_SAFE, 5);
	struct checkin_result res;
	assert_int_equal(checkin_store_append(&st, &r, 1, &res, &e), 0);
	assert_int_equal(res.outcome, CHECKIN_RECORDED);
	assert_true(ask(c, t1, 1).found);
	expect_counts(c, 3, 6, 0);

	/* Another connection rotates the link: the old one is unknown at once. */
	struct store other = STORE_INIT;
	assert_int_equal(store_open(&other, db_path, 0, &e), 0);
	assert_int_equal(store_checkin_token_rotate(&other, "p-sato", t2, &e), 0);
	assert_false(ask(c, t1, 1).found);
	expect_counts(c, 3, 7, 1);
	assert_true(ask(c, t2, 1).found);
	assert_int_equal(ask(c, t2, 1).incident, 1);
	expect_counts(c, 4, 8, 1);
	/* … closes the incident: the link still leads to the person, to no
	 * incident. */
	json_t *content = json_object();
	assert_int_equal(store_incident_close(&other, 1, "{}", 2000000000, "tester", content, NULL,
					      NULL, &e),
			 0);
	json_decref(content);
	struct checkin_whom closed = ask(c, t2, 1);
	assert_true(closed.found);
	assert_int_equal(closed.incident, 0);
	assert_int_equal(closed.n_open, 0);
	expect_counts(c, 4, 9, 2);
	store_close(&other);
	whom_cache_free(c);
}

/* A person called after their link was kept (an aftershock's call-out,
 * by another connection) is on the incident at the very next batch; a
 * report of theirs, written by the writer's connection, keeps the answer
 * in memory. */
static void test_whom_cache_called(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct whom_cache *c = whom_cache_new();
	char ty[STORE_TOKEN_LEN + 1];
	assert_int_equal(store_checkin_token(&st, "p-yamada", ty, &e), 0);
	struct checkin_whom before = ask(c, ty, 1);
	assert_true(before.found);
	assert_string_equal(before.person, "p-yamada");
	assert_int_equal(before.incident, 0); /* not called */
	assert_int_equal(before.n_open, 0);
	assert_int_equal(ask(c, ty, 1).incident, 0);
	expect_counts(c, 1, 1, 0);

	struct store other = STORE_INIT;
	assert_int_equal(store_open(&other, db_path, 0, &e), 0);
	struct incident_person yamada = { .person = "p-yamada",
					  .name = "山田",
					  .department = "X",
					  .location = "",
					  .roles = "",
					  .called = true,
					  .ask = ASK_SAFETY };
	int64_t seq = 0;
	assert_int_equal(store_incident_add_people(&other, 1, &yamada, 1, NULL, 0, "余震",
						   1800000000, "tester", &seq, &e),
			 0);
	store_close(&other);
	struct checkin_whom called = ask(c, ty, 1);
	assert_true(called.found);
	assert_int_equal(called.incident, 1);
	assert_int_equal(called.n_open, 1);
	assert_string_equal(called.name, "山田");
	assert_true(called.safety_only);
	expect_counts(c, 1, 2, 1);

	struct checkin_report r = report("p-yamada", CHECKIN_SAFE, 30);
	struct checkin_result res;
	assert_int_equal(checkin_store_append(&st, &r, 1, &res, &e), 0);
	assert_int_equal(res.outcome, CHECKIN_RECORDED);
	assert_int_equal(ask(c, ty, 1).incident, 1);
	expect_counts(c, 2, 2, 1);
	whom_cache_free(c);
}

/* The table itself: thousands of links held and found, the oldest
 * forgotten all at once past WHOM_CACHE_MAX, and a version change. */
static void test_whom_cache_table(void **state)
{
	(void)state;
	enum { N = 70000 };
	static char tokens[N][STORE_TOKEN_LEN + 1];
	struct whom_cache *c = whom_cache_new();
	whom_cache_at_version(c, 1);
	for (int i = 0; i < N; i++) {
		snprintf(tokens[i], sizeof tokens[i], "%0*d", STORE_TOKEN_LEN, i);
		struct checkin_whom q = { .token = tokens[i], .found = true, .incident = 1,
					  .n_open = 1 };
		snprintf(q.person, sizeof q.person, "p-%d", i);
		snprintf(q.name, sizeof q.name, "名前 %d", i);
		snprintf(q.event_name, sizeof q.event_name, "事象");
		whom_cache_put(c, 0, &q);
	}
	unsigned long hits, misses, forgets;
	whom_cache_counts(c, &hits, &misses, &forgets);
	assert_int_equal(forgets, 1); /* at 65,536 held */
	for (int i = 0; i < N; i++) {
		struct checkin_whom q = { .token = tokens[i] };
		bool held = whom_cache_get(c, &q);
		assert_int_equal(held, i >= 65536);
		if (!held)
			continue;
		char want[32];
		snprintf(want, sizeof want, "p-%d", i);
		assert_string_equal(q.person, want);
		snprintf(want, sizeof want, "名前 %d", i);
		assert_string_equal(q.name, want);
		assert_int_equal(q.incident, 1);
	}
	whom_cache_at_version(c, 1); /* the same: kept */
	struct checkin_whom q = { .token = tokens[N - 1] };
	assert_true(whom_cache_get(c, &q));
	whom_cache_at_version(c, 2);
	assert_false(whom_cache_get(c, &q));
	whom_cache_counts(c, &hits, &misses, &forgets);
	assert_int_equal(forgets, 2);
	whom_cache_free(c);
}

static void test_close_drill_training(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct training tr = { .id = "tr-x", .fy = 2025, .no = 9, .title = "訓練", .type = "scenario",
			       .method = "", .audience = "", .months = 1u << 1, .planner = "", .remarks = "" };
	struct training_record rec = { .id = "trr-x", .training = "tr-x", .date = "2026-01-18",
				       .participants = 3, .evaluation = "良好" };
	json_t *c = json_object();
	assert_int_equal(store_incident_close(&st, 1, "{\"x\":1}", 2000000000, "tester", c, &tr, &rec, &e), 0);
	/* Closing twice is refused and changes nothing. */
	assert_int_equal(store_incident_close(&st, 1, "{}", 2000000001, "tester", c, NULL, NULL, &e), -1);
	json_decref(c);
	struct plan p = PLAN_INIT;
	assert_int_equal(store_load_plan(&st, &p, &e), 0);
	assert_non_null(plan_training(&p, "tr-x"));
	assert_string_equal(p.training_records[p.n_training_records - 1].id, "trr-x");
	plan_release(&p);
	struct incident inc;
	assert_int_equal(store_incident_load(&st, 1, &inc, &e), 0);
	assert_int_equal(inc.state, INCIDENT_CLOSED);
	assert_string_equal(inc.review, "{\"x\":1}");
	assert_int_equal(inc.last_seq, 2);
	incident_release(&inc);
	expect_whole();
	/* The plan's own import replaces plan tables, never the incident. */
	p = (struct plan)PLAN_INIT;
	plan_init(&p);
	assert_int_equal(store_replace_plan(&st, &p, &e), 0);
	plan_release(&p);
	assert_int_equal(store_incident_load(&st, 1, &inc, &e), 0);
	assert_int_equal(inc.n_systems, 4);
	incident_release(&inc);
	expect_whole();
}

/* A database made by the schema before 006 (incident_checkins with
 * CHECK (… IN (…))) opens, is migrated, and keeps every check-in with its
 * id; the rebuilt table still refuses bad values, 007 finds each person's
 * latest and earliest report, and the board read (which walks the people)
 * gives them. */
static void test_upgrade_keeps_checkins(void **state)
{
	(void)state;
	STORE_SQLITE_ONLY("an upgrade from SQLite's schema 5; PostgreSQL starts at its baseline");
	struct err e = ERR_INIT;
	char path[80];
	snprintf(path, sizeof path, "/tmp/itbcp-test-crisis-up-%d.db", (int)getpid());
	unlink(path);
	struct store old = STORE_INIT;
	assert_int_equal(store_open_at_version(&old, path, 5, &e), 0);
	assert_int_equal(store_schema_version(&old), 5);
	assert_int_equal(
		db_exec(&old.db,
			"INSERT INTO incidents (id, event, started_at, entered_at, variant) "
			"VALUES (1, 'disaster', 1000, 1000, 'weekday_day');"
			"INSERT INTO incident_people (incident, person, pos, name) VALUES "
			"(1, 'p-a', 0, 'A'), (1, 'p-b', 1, 'B'), (1, 'p-c', 2, 'C');"
			"INSERT INTO incident_checkins (id, incident, person, status, assembly, eta, "
			"location, note, at, author, seq) VALUES "
			"(3, 1, 'p-a', 'safe', 'yes', NULL, '自宅', '', 1300, 'self', 2),"
			"(7, 1, 'p-b', 'injured', 'no', 1900, '', 'x', 1200, 'self', 3),"
			"(8, 1, 'p-a', 'cannot_act', 'online', NULL, '', '', 1100, 'self', 4),"
			"(9, 1, 'p-a', 'safe', 'online', NULL, '', '', 1500, 'self', 5)",
			&e),
		0);
	store_close(&old);

	struct store up = STORE_INIT;
	assert_int_equal(store_open(&up, path, 0, &e), 0);
	assert_int_equal(store_schema_version(&up), store_schema_latest());
	assert_int_equal(db_int(&up.db, -1, "SELECT count(*) FROM incident_checkins", NULL), 4);
	assert_int_equal(db_int(&up.db, -1,
				"SELECT group_concat(id || person || status || assembly || "
				"ifnull(eta, '-') || at || seq, ',') = '3p-asafeyes-13002,"
				"7p-binjuredno190012003,8p-acannot_actonline-11004,"
				"9p-asafeonline-15005' FROM incident_checkins",
				NULL),
			 1);
	assert_int_equal(db_int(&up.db, -1,
				"SELECT count(*) FROM sqlite_master WHERE tbl_name = "
				"'incident_checkins' AND sql LIKE '% IN (%'",
				NULL),
			 0);
	/* 007: the indexes by person gave way to each person's latest and
	 * earliest report on their row. */
	assert_int_equal(db_int(&up.db, -1,
				"SELECT group_concat(name, ',') = 'incident_checkins_incident' FROM "
				"sqlite_master WHERE type = 'index' AND tbl_name = 'incident_checkins'",
				NULL),
			 1);
	assert_int_equal(db_int(&up.db, -1,
				"SELECT group_concat(person || ':' || ifnull(last_checkin, '-') || '/' "
				"|| ifnull(first_checkin, '-') || '@' || ifnull(first_at, '-'), ',') = "
				"'p-a:9/8@1100,p-b:7/7@1200,p-c:-/-@-' FROM incident_people ORDER BY pos",
				NULL),
			 1);
	assert_int_equal(db_int(&up.db, -1, "PRAGMA foreign_key_check", NULL), -1);
	assert_int_not_equal(db_exec(&up.db,
				     "INSERT INTO incident_checkins (incident, person, status, "
				     "assembly, at, seq) VALUES (1, 'p-a', 'fine', 'yes', 1, 9)",
				     NULL),
			     0);
	assert_int_not_equal(db_exec(&up.db,
				     "INSERT INTO incident_checkins (incident, person, status, "
				     "assembly, at, seq) VALUES (1, 'p-a', 'safe', 'maybe', 1, 9)",
				     NULL),
			     0);

	struct incident full, light;
	assert_int_equal(store_incident_load(&up, 1, &full, &e), 0);
	assert_int_equal(store_incident_load_board(&up, 1, &light, &e), 0);
	assert_int_equal(full.n_checkins, 4);
	assert_int_equal(light.n_checkins, 3); /* a: 8 (earliest) + 9 (latest); b: 7 */
	assert_int_equal(light.checkins[0].id, 7);
	assert_int_equal(light.checkins[1].id, 8);
	assert_int_equal(light.checkins[2].id, 9);
	struct crisis_board bf, bl;
	crisis_board_compute(&full, 5000, &bf);
	crisis_board_compute(&light, 5000, &bl);
	assert_int_equal(bf.answered, 2);
	assert_int_equal(bf.answered, bl.answered);
	for (size_t i = 0; i < bf.n_people; i++) {
		assert_int_equal(bf.people[i].first_at, bl.people[i].first_at);
		assert_int_equal(bf.people[i].latest ? bf.people[i].latest->id : 0,
				 bl.people[i].latest ? bl.people[i].latest->id : 0);
	}
	crisis_board_release(&bf);
	crisis_board_release(&bl);
	incident_release(&full);
	incident_release(&light);
	store_close(&up);
	store_fixture_remove(path);
}

/* The first column of the first row of sql, as text ("" when NULL); the
 * answer lives until the next call. */
static const char *db_text_or(struct store *s, const char *sql)
{
	static char out[8192];
	struct stmt q = STMT_INIT;
	struct err e = ERR_INIT;
	out[0] = '\0';
	if (db_prepare(&s->db, &q, sql, &e))
		fail_msg("%s", e.msg);
	if (db_step(&q, &e) == 1 && db_col_text(&q, 0))
		snprintf(out, sizeof out, "%s", db_col_text(&q, 0));
	db_finalize(&q);
	return out;
}

/* 009: the timeline, the people of an incident and the check-in links,
 * rebuilt WITHOUT ROWID, keep every row; the chain still verifies, the
 * timeline still refuses UPDATE and DELETE, and the links still open. */
static void test_upgrade_without_rowid(void **state)
{
	(void)state;
	STORE_SQLITE_ONLY("an upgrade from SQLite's schema 8 (WITHOUT ROWID); PostgreSQL starts at its baseline");
	struct err e = ERR_INIT;
	char t1[STORE_TOKEN_LEN + 1], t2[STORE_TOKEN_LEN + 1], who[64];
	make_db(8);
	assert_int_equal(store_checkin_token(&st, "p-sato", t1, &e), 0);
	assert_int_equal(store_checkin_token(&st, "p-suzuki", t2, &e), 0);
	struct checkin_report reps[3] = { report("p-sato", CHECKIN_SAFE, 5),
					  report("p-suzuki", CHECKIN_INJURED, 7),
					  report("p-sato", CHECKIN_CANNOT_ACT, 9) };
	struct checkin_result res[3];
	assert_int_equal(checkin_store_append(&st, reps, 3, res, &e), 0);
	assert_int_equal(res[2].outcome, CHECKIN_RECORDED);
	int64_t people = db_int(&st.db, -1, "SELECT count(*) FROM incident_people", NULL);
	assert_true(people > 0);
	char *before = xstrdup(db_text_or(&st, "SELECT group_concat(seq || hash, ',') FROM "
					       "(SELECT seq, hash FROM incident_timeline ORDER BY seq)"));
	store_close(&st);

	st = (struct store)STORE_INIT;
	assert_int_equal(store_open(&st, db_path, 0, &e), 0);
	assert_int_equal(store_schema_version(&st), store_schema_latest());
	assert_int_equal(db_int(&st.db, -1,
				"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
				"('incident_timeline', 'incident_people', 'checkin_tokens') AND sql "
				"LIKE '%WITHOUT ROWID'",
				NULL),
			 3);
	assert_string_equal(db_text_or(&st, "SELECT group_concat(seq || hash, ',') FROM "
					    "(SELECT seq, hash FROM incident_timeline ORDER BY seq)"),
			    before);
	free(before);
	assert_int_equal(db_int(&st.db, -1, "SELECT count(*) FROM incident_people", NULL), people);
	assert_int_equal(db_int(&st.db, -1,
				"SELECT last_checkin = (SELECT max(id) FROM incident_checkins WHERE "
				"person = 'p-sato') FROM incident_people WHERE person = 'p-sato'",
				NULL),
			 1);
	expect_whole();
	/* Written before signing existed: reported unsigned, not as a fault. */
	struct timeline_check chk;
	assert_int_equal(store_timeline_verify(&st, 1, &chk, &e), 0);
	assert_int_equal(chk.unsigned_entries, 4);
	assert_int_equal(chk.signed_entries, 0);
	assert_int_equal(db_exec(&st.db, "UPDATE incident_timeline SET author = 'x'", &e), -1);
	assert_non_null(strstr(e.msg, "append-only"));
	assert_int_equal(db_exec(&st.db, "DELETE FROM incident_timeline", &e), -1);
	assert_int_equal(store_checkin_token_lookup(&st, t1, who, sizeof who, &e), 1);
	assert_string_equal(who, "p-sato");
	assert_int_equal(store_checkin_token_lookup(&st, t2, who, sizeof who, &e), 1);
	assert_string_equal(who, "p-suzuki");
	/* Rotating rewrites the key of the link's row: the old one is gone. */
	char t3[STORE_TOKEN_LEN + 1];
	assert_int_equal(store_checkin_token_rotate(&st, "p-sato", t3, &e), 0);
	assert_int_equal(store_checkin_token_lookup(&st, t1, who, sizeof who, &e), 0);
	assert_int_equal(store_checkin_token_lookup(&st, t3, who, sizeof who, &e), 1);
	assert_int_equal(db_int(&st.db, -1, "SELECT count(*) FROM checkin_tokens", NULL), 2);
	/* And the writer's path still records. */
	struct checkin_report again = report("p-suzuki", CHECKIN_SAFE, 11);
	assert_int_equal(checkin_store_append(&st, &again, 1, res, &e), 0);
	assert_int_equal(res[0].outcome, CHECKIN_RECORDED);
	expect_whole();
	/* The first signed entry vouches through the chain for those before. */
	assert_int_equal(store_timeline_verify(&st, 1, &chk, &e), 0);
	assert_int_equal(chk.unsigned_entries, 0);
	assert_int_equal(chk.signed_entries, 5);
	teardown(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
		cmocka_unit_test(test_upgrade_without_rowid),
		cmocka_unit_test_setup_teardown(test_add_people, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_append, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rewrite_without_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_record_rows, setup, teardown),
		cmocka_unit_test(test_canonical_form),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whom_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whom_cache_called, setup, teardown),
		cmocka_unit_test(test_whom_cache_table),
		cmocka_unit_test_setup_teardown(test_close_drill_training, setup, teardown),
		cmocka_unit_test(test_upgrade_keeps_checkins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
