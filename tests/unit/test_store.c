/*
 * test_store.c — the database: migrations agree with schema.c, an older
 * database upgrades without loss, a plan survives the store unchanged,
 * a failed replace changes nothing, and an audit log chained with the old
 * hash (BLAKE2b, before migration 010) still verifies after the upgrade.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format/plan_json.h"
#include "model/schema.h"
#include "store/db.h"
#include "store/jma_feed_store.h"
#include "store/store.h"
#include "store/users.h"
#include "util/chain.h"
#include "store_fixture.h"

/* Fails the test unless a and b are the same plan: the same export. */
static void assert_same_plan(const struct plan *a, const struct plan *b)
{
	char *ja = plan_json_write(a), *jb = plan_json_write(b);
	assert_string_equal(ja, jb);
	free(ja);
	free(jb);
}

/* Every kind's table has exactly pos (or singleton) and the schema's fields. */
static void test_tables_match_schema(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(store_schema_version(&st), store_schema_latest());
	struct buf cols = BUF_INIT;
	for (size_t k = 0; k <= schema_n_entities; k++) {
		const struct entity_def *ent = k < schema_n_entities ? &schema_entities[k] : &schema_organisation;
		struct buf want = BUF_INIT;
		buf_adds(&want, k < schema_n_entities ? "pos" : "singleton");
		for (size_t i = 0; i < ent->n_fields; i++)
			buf_addf(&want, ",%s", ent->fields[i].name);
		assert_int_equal(db_table_columns(&st.db, ent->table, &cols, &e), 0);
		if (strcmp(cols.data, want.data) != 0)
			fail_msg("table %s has columns %s, schema.c %s", ent->table, cols.data, want.data);
		buf_release(&want);
	}
	buf_release(&cols);
	store_close(&st);
}

static void test_plan_survives_store(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	struct plan a = PLAN_INIT, b = PLAN_INIT;
	store_fixture_demo(&a);
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_true(store_plan_empty(&st));
	if (store_replace_plan(&st, &a, &e))
		fail_msg("%s", e.msg);
	assert_false(store_plan_empty(&st));
	store_close(&st);
	assert_int_equal(store_open(&st, store_db_path, 0, &e), 0);
	assert_int_equal(store_load_plan(&st, &b, &e), 0);
	store_close(&st);
	assert_same_plan(&a, &b);
	plan_release(&a);
	plan_release(&b);
}

/* A plan whose reference is broken fails at commit: the old plan stays. */
static void test_failed_replace_changes_nothing(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	struct plan a = PLAN_INIT, bad = PLAN_INIT, after = PLAN_INIT;
	store_fixture_demo(&a);
	store_fixture_demo(&bad);
	free(bad.systems[0].department);
	bad.systems[0].department = strdup("no-such-department");
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(store_replace_plan(&st, &a, &e), 0);
	assert_int_equal(store_replace_plan(&st, &bad, &e), -1);
	assert_non_null(strstr(e.msg, "FOREIGN KEY"));
	assert_int_equal(store_load_plan(&st, &after, &e), 0);
	assert_same_plan(&a, &after);
	store_close(&st);
	plan_release(&a);
	plan_release(&bad);
	plan_release(&after);
}

#define OLD_SCHEMA_LEND                                                                   \
	"ALTER TABLE person ADD COLUMN email_private TEXT NOT NULL DEFAULT '';"            \
	"ALTER TABLE organisation ADD COLUMN aftershock_window_hours INTEGER;"             \
	"ALTER TABLE person ADD COLUMN own_areas TEXT NOT NULL DEFAULT '';"                \
	"ALTER TABLE assembly_criterion ADD COLUMN hazard TEXT NOT NULL DEFAULT '';"       \
	"ALTER TABLE assembly_criterion ADD COLUMN min_tsunami TEXT NOT NULL DEFAULT '';"  \
	"ALTER TABLE assembly_criterion ADD COLUMN areas TEXT NOT NULL DEFAULT '';"        \
	"ALTER TABLE assembly_criterion ADD COLUMN roles TEXT NOT NULL DEFAULT '';"        \
	"ALTER TABLE assembly_criterion ADD COLUMN call TEXT NOT NULL DEFAULT '';"        \
	"ALTER TABLE assembly_criterion ADD COLUMN ask_everyone INTEGER;"                   \
	"ALTER TABLE organisation ADD COLUMN classification TEXT NOT NULL DEFAULT '';"      \
	"ALTER TABLE organisation ADD COLUMN policy_statement TEXT NOT NULL DEFAULT '';"    \
	"ALTER TABLE organisation ADD COLUMN venue_note TEXT NOT NULL DEFAULT '';"         \
	"ALTER TABLE event_type ADD COLUMN damage_note TEXT NOT NULL DEFAULT '';"
#define OLD_SCHEMA_TAKE_BACK                                                          \
	"UPDATE assembly_criterion SET area = areas;"                                  \
	"ALTER TABLE person DROP COLUMN email_private;"                                \
	"ALTER TABLE organisation DROP COLUMN aftershock_window_hours;"                \
	"ALTER TABLE organisation DROP COLUMN classification;"                         \
	"ALTER TABLE organisation DROP COLUMN policy_statement;"                       \
	"ALTER TABLE organisation DROP COLUMN venue_note;"                             \
	"ALTER TABLE event_type DROP COLUMN damage_note;"                              \
	"ALTER TABLE person DROP COLUMN own_areas;"                                    \
	"ALTER TABLE assembly_criterion DROP COLUMN hazard;"                           \
	"ALTER TABLE assembly_criterion DROP COLUMN min_tsunami;"                      \
	"ALTER TABLE assembly_criterion DROP COLUMN areas;"                            \
	"ALTER TABLE assembly_criterion DROP COLUMN roles;"                            \
	"ALTER TABLE assembly_criterion DROP COLUMN call;"                             \
	"ALTER TABLE assembly_criterion DROP COLUMN ask_everyone;"

/* A database made at schema version 1 opens with the newest binary and
 * keeps its plan. */
static void test_upgrade_from_version_1(void **state)
{
	(void)state;
	STORE_SQLITE_ONLY("an upgrade from SQLite's schema 1; PostgreSQL starts at its baseline");
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	struct plan a = PLAN_INIT, b = PLAN_INIT;
	store_fixture_demo(&a);
	assert_int_equal(store_open_at_version(&st, store_db_path, 1, &e), 0);
	assert_int_equal(store_schema_version(&st), 1);
	/* This binary writes the fields of 014 and 015 too: lend them to the old
	 * tables for the write, keep the one area where version 1 kept it,
	 * and take them away again, as a version-1 database holds the plan. */
	assert_int_equal(db_exec(&st.db, OLD_SCHEMA_LEND, &e), 0);
	assert_int_equal(store_replace_plan(&st, &a, &e), 0);
	assert_int_equal(db_exec(&st.db, OLD_SCHEMA_TAKE_BACK, &e), 0);
	store_close(&st);
	assert_int_equal(store_open(&st, store_db_path, 0, &e), 0);
	assert_int_equal(store_schema_version(&st), store_schema_latest());
	assert_int_equal(store_load_plan(&st, &b, &e), 0);
	store_close(&st);
	/* A version-1 plan has no classification marking (020): none after. */
	assert_string_equal(b.organisation.classification, "");
	free(a.organisation.classification);
	a.organisation.classification = strdup("");
	/* Nor notes after 表5.2-n (023): each event's is empty after. */
	for (size_t i = 0; i < b.n_events; i++) {
		assert_string_equal(b.events[i].damage_note, "");
		free(a.events[i].damage_note);
		a.events[i].damage_note = strdup("");
	}
	assert_same_plan(&a, &b);
	plan_release(&a);
	plan_release(&b);
}

/* The cached plan is read once, and again after a write by this
 * connection or by another. */
static void test_plan_cache(void **state)
{
	(void)state;
	struct store st = STORE_INIT, other = STORE_INIT;
	struct err e = ERR_INIT;
	struct plan a = PLAN_INIT;
	store_fixture_demo(&a);
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(store_replace_plan(&st, &a, &e), 0);
	const struct plan *p1 = store_plan_cached(&st, &e);
	assert_non_null(p1);
	assert_int_equal(p1->n_systems, a.n_systems);
	assert_ptr_equal(store_plan_cached(&st, &e), p1); /* unchanged: not read again */

	/* Another connection (another thread, or the CLI) replaces the plan. */
	free(a.systems[0].name);
	a.systems[0].name = strdup("改名システム");
	assert_int_equal(store_open(&other, store_db_path, 0, &e), 0);
	assert_int_equal(store_replace_plan(&other, &a, &e), 0);
	store_close(&other);
	const struct plan *p2 = store_plan_cached(&st, &e);
	assert_string_equal(p2->systems[0].name, "改名システム");

	/* This connection writes: read again too. */
	free(a.systems[0].name);
	a.systems[0].name = strdup("再改名");
	assert_int_equal(store_replace_plan(&st, &a, &e), 0);
	assert_string_equal(store_plan_cached(&st, &e)->systems[0].name, "再改名");
	store_close(&st);
	plan_release(&a);
}

static void test_newer_database_refused(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(db_exec(&st.db,
				 store_fixture_pg() ? "UPDATE itbcp_schema SET version = 999"
						    : "PRAGMA user_version = 999",
				 &e),
			 0);
	store_close(&st);
	assert_int_equal(store_open(&st, store_db_path, 0, &e), -1);
	assert_non_null(strstr(e.msg, "newer itbcp"));
}

static void test_missing_database(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	if (store_fixture_pg()) {
		/* A database the cluster does not have: libpq's refusal. */
		char absent[300];
		snprintf(absent, sizeof absent, "%s_absent", store_db_path);
		assert_int_equal(store_open(&st, absent, 0, &e), -1);
		assert_non_null(strstr(e.msg, "does not exist"));
		return;
	}
	assert_int_equal(store_open(&st, store_db_path, 0, &e), -1);
	assert_non_null(strstr(e.msg, "no such database"));
	assert_int_equal(access(store_db_path, F_OK), -1);
}

/* The audit link as versions before migration 010 wrote it, written
 * again here from its description so the test does not lean on users.c:
 * BLAKE2b-256 over the previous hash (hex text) and the row's fields, each
 * preceded by its length as 8 bytes little-endian. */
static void old_audit_hash(const char *const f[6], char out[CHAIN_HEX])
{
	crypto_generichash_state h;
	unsigned char d[32];
	crypto_generichash_init(&h, NULL, 0, sizeof d);
	for (int i = 0; i < 6; i++) {
		unsigned char len[8];
		size_t n = strlen(f[i]);
		for (int k = 0; k < 8; k++)
			len[k] = (unsigned char)((uint64_t)n >> (8 * k));
		crypto_generichash_update(&h, len, sizeof len);
		crypto_generichash_update(&h, (const unsigned char *)f[i], n);
	}
	crypto_generichash_final(&h, d, sizeof d);
	sodium_bin2hex(out, CHAIN_HEX, d, sizeof d);
}

/* Appends an audit row the way the old version did: its INSERT, which
 * names no hash_alg, and its BLAKE2b link to prev (updated to the row's
 * hash). */
static void old_audit_row(struct store *st, const char *at, const char *actor, const char *action,
			  const char *target, char prev[CHAIN_HEX])
{
	const char *f[6] = { prev, at, actor, action, target, "" };
	char hash[CHAIN_HEX];
	struct stmt s = STMT_INIT;
	struct err e = ERR_INIT;
	old_audit_hash(f, hash);
	assert_int_equal(db_prepare(&st->db, &s,
				    "INSERT INTO audit_log (at, actor, action, target, detail, "
				    "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, '', ?5, ?6)",
				    &e),
			 0);
	db_bind_text(&s, 1, at);
	db_bind_text(&s, 2, actor);
	db_bind_text(&s, 3, action);
	db_bind_text(&s, 4, target);
	db_bind_text(&s, 5, prev);
	db_bind_text(&s, 6, hash);
	assert_int_equal(db_run(&s, &e), 0);
	db_finalize(&s);
	memcpy(prev, hash, CHAIN_HEX);
}

/* A database whose audit log was written before migration 010 (BLAKE2b)
 * opens with this version, verifies whole, goes on with SHA-256 rows on
 * the same chain, and still shows a changed old row. */
static void test_audit_log_from_before_sha256(void **state)
{
	(void)state;
	STORE_SQLITE_ONLY("an audit log written at SQLite's schema 9; PostgreSQL starts at its baseline");
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	int64_t rows, bad;
	char prev[CHAIN_HEX] = CHAIN_GENESIS, last_old[CHAIN_HEX];
	assert_true(sodium_init() >= 0);
	assert_int_equal(store_open_at_version(&st, store_db_path, 9, &e), 0);
	old_audit_row(&st, "2025-04-01T09:00:00Z", "cli:admin", "user.add", "sato", prev);
	old_audit_row(&st, "2025-04-01T09:05:00Z", "sato", "create", "systems/mail", prev);
	old_audit_row(&st, "2025-04-02T10:00:00Z", "sato", "update", "systems/mail", prev);
	memcpy(last_old, prev, CHAIN_HEX);
	store_close(&st);

	assert_int_equal(store_open(&st, store_db_path, 0, &e), 0);
	assert_int_equal(store_schema_version(&st), store_schema_latest());
	assert_int_equal(users_audit_verify(&st, &rows, &bad, &e), 1);
	assert_int_equal(rows, 3);
	assert_int_equal(db_int(&st.db, -1, "SELECT count(*) FROM audit_log WHERE hash_alg = 'blake2b'",
				NULL),
			 3);
	/* New rows are SHA-256 links (util/chain.h) on the same chain. */
	assert_int_equal(users_audit_add(&st, "sato", "delete", "systems/mail", "", &e), 0);
	assert_int_equal(users_audit_add(&st, "sato", "create", "systems/web", "x", &e), 0);
	assert_int_equal(users_audit_verify(&st, &rows, &bad, &e), 1);
	assert_int_equal(rows, 5);
	assert_int_equal(db_int(&st.db, -1, "SELECT count(*) FROM audit_log WHERE hash_alg = 'sha256'",
				NULL),
			 2);
	assert_int_equal(db_int(&st.db, -1, "SELECT id FROM audit_log WHERE prev_hash = ?1", last_old),
			 4);

	/* A BLAKE2b row after the change is refused, even with a good link. */
	char head[CHAIN_HEX];
	struct stmt s = STMT_INIT;
	assert_int_equal(db_prepare(&st.db, &s, "SELECT hash FROM audit_log WHERE id = 5", &e), 0);
	assert_int_equal(db_step(&s, &e), 1);
	memcpy(head, db_col_text(&s, 0), CHAIN_HEX);
	db_finalize(&s);
	old_audit_row(&st, "2025-04-03T10:00:00Z", "sato", "update", "systems/web", head);
	assert_int_equal(users_audit_verify(&st, &rows, &bad, &e), 0);
	assert_int_equal(bad, 6);

	/* Behind the triggers' back: an old row changed is found. */
	assert_int_equal(db_exec(&st.db,
				 "DROP TRIGGER audit_log_no_update;"
				 "UPDATE audit_log SET target = 'suzuki' WHERE id = 1",
				 &e),
			 0);
	assert_int_equal(users_audit_verify(&st, &rows, &bad, &e), 0);
	assert_int_equal(bad, 1);
	assert_int_equal(rows, 0);
	store_close(&st);
}

/* The JMA feed watcher's memory: an entry is seen by its id or its
 * address; a poll handled whole replaces the validators, one that was not
 * keeps those of the last whole one. */
static void test_jma_feed_memory(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	char *lm, *etag;
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(jma_feed_store_seen(&st, "urn:a", "https://h/a.xml", &e), 0);
	assert_int_equal(jma_feed_store_add(&st, "f", "urn:a", "https://h/a.xml", "VXSE53", "refused",
					    0, "not ours", &e),
			 0);
	assert_int_equal(jma_feed_store_seen(&st, "urn:a", "https://h/other.xml", &e), 1);
	assert_int_equal(jma_feed_store_seen(&st, "", "https://h/a.xml", &e), 1);
	assert_int_equal(jma_feed_store_seen(&st, "", "https://h/b.xml", &e), 0);

	assert_int_equal(jma_feed_store_validators(&st, "f", &lm, &etag, &e), 0);
	assert_string_equal(lm, "");
	assert_string_equal(etag, "");
	free(lm);
	free(etag);
	assert_int_equal(jma_feed_store_polled(&st, "f", "Mon, 07 Dec 2026 04:00:00 GMT", "\"e1\"",
					       "ok", &e),
			 0);
	assert_int_equal(jma_feed_store_polled(&st, "f", NULL, NULL, "partial", &e), 0);
	assert_int_equal(jma_feed_store_validators(&st, "f", &lm, &etag, &e), 0);
	assert_string_equal(lm, "Mon, 07 Dec 2026 04:00:00 GMT");
	assert_string_equal(etag, "\"e1\"");
	free(lm);
	free(etag);
	assert_int_equal(jma_feed_store_polled(&st, "f", "Tue, 08 Dec 2026 04:00:00 GMT", NULL, "ok",
					       &e),
			 0);
	assert_int_equal(jma_feed_store_validators(&st, "f", &lm, &etag, &e), 0);
	assert_string_equal(lm, "Tue, 08 Dec 2026 04:00:00 GMT");
	assert_string_equal(etag, "");
	free(lm);
	free(etag);
	store_close(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_tables_match_schema),
		STORE_TEST(test_plan_survives_store),
		STORE_TEST(test_failed_replace_changes_nothing),
		STORE_TEST(test_upgrade_from_version_1),
		STORE_TEST(test_plan_cache),
		STORE_TEST(test_newer_database_refused),
		STORE_TEST(test_missing_database),
		STORE_TEST(test_audit_log_from_before_sha256),
		STORE_TEST(test_jma_feed_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
