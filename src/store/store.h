/*
 * store.h — the plan's storage: one SQLite file, migrated on open.
 *
 * Every SQL statement of the product lives in src/store/.  Other modules
 * see plans (model/plan.h) and small result structs, never SQL.
 */
#ifndef ITBCP_STORE_STORE_H
#define ITBCP_STORE_STORE_H

#include <stdbool.h>

#include "model/plan.h"
#include "store/db_handle.h"
#include "util/err.h"

struct store {
	struct db db;
	char *path;
	/* store_plan_cached(): the plan as last read, and what it was read at */
	struct plan *cache;
	int64_t cache_data_version, cache_changes;
	int64_t cache_revision; /* plan_revision.n (005_plan_revision.sql), -1: none */
	unsigned long cache_loads; /* how many times the plan was read (tests) */
	/* store_plan_set_derived(): what a face derived from cache */
	void *derived;
	void (*derived_free)(void *);
	/* the record key, once a write has needed it (record_sign.c) */
	struct record_signer *signer;
	/* store_open_at_version below the newest: writes as an older itbcp
	 * made them, unsigned (the upgrade tests; the schema has no keys) */
	bool unsigned_writes;
};
#define STORE_INIT { DB_INIT, NULL, NULL, 0, 0, -1, 0, NULL, NULL, NULL, false }

#define STORE_CREATE 0x1u   /* create the file when missing */
#define STORE_READONLY 0x2u /* no migrations, no writes */

/* Opens (and with STORE_CREATE creates) the database at path and brings
 * its schema up to date: pending migrations run in order, each in its own
 * transaction; a new SQLite database starts from the newest baseline
 * (migrations/baseline/NNN.sql: what 001–NNN leave) in one.  A file made
 * by a newer itbcp is refused. */
int store_open(struct store *st, const char *path, unsigned flags, struct err *e);
void store_close(struct store *st);

/* Whether target names a PostgreSQL database (a postgresql:// or
 * postgres:// URI) rather than a SQLite file. */
bool store_target_is_pg(const char *target);

/* A transaction spanning several store calls, for a use case that must
 * change them together (app/): store_commit makes it durable (synced)
 * before it returns 0; store_rollback never fails loudly.  They nest as
 * db.h's do (a savepoint inside a transaction). */
int store_begin(struct store *st, struct err *e);
int store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st);

/* The schema version of the open database, and the newest this binary knows. */
int store_schema_version(struct store *st);
int store_schema_latest(void);
/* Test hook: open with migrations up to `version` only (an older database,
 * whose timeline writes are unsigned, as that version's were). */
int store_open_at_version(struct store *st, const char *path, int version, struct err *e);
/* Test hook: a new database made by every migration in turn, not from
 * the baseline (store.c: migrate_from_baseline), to compare the two. */
int store_open_by_migrations(struct store *st, const char *path, struct err *e);

/* Reads the whole plan into p (p must be empty: PLAN_INIT). */
int store_load_plan(struct store *st, struct plan *p, struct err *e);
/* Replaces the whole plan by p in one transaction, committed and synced
 * before it returns 0; on failure nothing has changed. */
int store_replace_plan(struct store *st, const struct plan *p, struct err *e);
/* The whole plan, read again only when the plan has changed since the
 * last call (a commit by this connection or by any other that touched a
 * plan table: the plan_revision counter of 005_plan_revision.sql; commits
 * to other tables — check-ins, sessions, the audit log — cost one SELECT,
 * not a reload).  Borrowed: valid until the next call on this store or
 * store_close().  For the web server, whose threads each keep one store,
 * so a page view costs one PRAGMA instead of reading every table. */
const struct plan *store_plan_cached(struct store *st, struct err *e);
/* What a face derived from the cached plan (the web's rendered dashboard,
 * its documents) kept beside it: set replaces (and frees) what was there;
 * get returns it, or NULL.  free_fn(data) runs as soon as the plan is read
 * again or the store closes, so derived data is never older than the plan
 * it came from.  Owned by the store once set. */
void store_plan_set_derived(struct store *st, void *data, void (*free_fn)(void *));
void *store_plan_derived(const struct store *st);
/* True when the database holds no plan yet (no organisation row). */
bool store_plan_empty(struct store *st);

#endif
