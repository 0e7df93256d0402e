/*
 * store.c — opening the database, migrations, and the plan as a whole.
 *
 * Migrations are the files src/store/migrations/NNN_name.sql compiled into
 * the binary; the database's PRAGMA user_version is the number of the last
 * one applied.  Each pending migration runs in its own transaction together
 * with the version bump, so a crash leaves either the old or the new schema.
 *
 * PostgreSQL has its own files, src/store/migrations/pg/NNN_name.sql.  The
 * lowest-numbered one is the baseline (022_baseline.sql: the net effect of
 * SQLite's 001–022), applied alone to an empty database; every later
 * SQLite migration has a PostgreSQL one of the same number, and a number
 * with one but not the other is refused.  The version is kept by this
 * runner, not by the files: the one-row table itbcp_schema (singleton 1,
 * version), made when missing, written in each migration's transaction.
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/schema.h"
#include "store/db.h"
#include "store/incident_store.h"
#include "store/plan_sql.h"
#include "store/record_sign.h"
#include "store/store_standby.h"
#include "util/buf.h"
#include "util/embedded.h"
#include "util/xalloc.h"

#define MIGRATION_PREFIX "store/migrations/"
#define PG_MIGRATION_PREFIX "store/migrations/pg/"
/* SQLite's baseline, NNN.sql: schema NNN made at once (scripts/sqlite-baseline.sh). */
#define BASELINE_PREFIX "store/migrations/baseline/"

/* The number of an embedded migration file under prefix, or -1 if it is
 * not one. */
static int migration_number_in(const struct embedded_file *f, const char *prefix)
{
	size_t plen = strlen(prefix);
	if (strncmp(f->name, prefix, plen) != 0)
		return -1;
	const char *s = f->name + plen;
	int n = 0, digits = 0;
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		n = n * 10 + (*s - '0');
	return digits == 3 ? n : -1;
}

/* The number of an embedded SQLite migration, or -1. */
static int migration_number(const struct embedded_file *f)
{
	return migration_number_in(f, MIGRATION_PREFIX);
}

/* The embedded migration number v under prefix, or NULL. */
static const struct embedded_file *migration_file(const char *prefix, int v)
{
	for (size_t i = 0; i < embedded_n_files; i++)
		if (migration_number_in(&embedded_files[i], prefix) == v)
			return &embedded_files[i];
	return NULL;
}

int store_schema_latest(void)
{
	int latest = 0;
	for (size_t i = 0; i < embedded_n_files; i++) {
		int n = migration_number(&embedded_files[i]);
		if (n > latest)
			latest = n;
	}
	return latest;
}

bool store_target_is_pg(const char *target)
{
	return db_target_is_pg(target);
}

int store_begin(struct store *st, struct err *e)
{
	return db_begin(&st->db, e);
}

int store_commit(struct store *st, struct err *e)
{
	return db_commit(&st->db, e);
}

void store_rollback(struct store *st)
{
	db_rollback(&st->db);
}

int store_schema_version(struct store *st)
{
	if (db_engine(&st->db) == DB_PG) /* 0 before the runner made the table */
		return (int)db_int(&st->db, 0,
				   "SELECT version FROM itbcp_schema WHERE singleton = 1", NULL);
	return (int)db_int(&st->db, 0, "PRAGMA user_version", NULL);
}

/* The baseline of PostgreSQL's migrations: the lowest number under pg/,
 * 0 when the binary has none. */
static int pg_baseline(void)
{
	int low = 0;
	for (size_t i = 0; i < embedded_n_files; i++) {
		int n = migration_number_in(&embedded_files[i], PG_MIGRATION_PREFIX);
		if (n > 0 && (low == 0 || n < low))
			low = n;
	}
	return low;
}

/* Applies PostgreSQL's migration v (file f) in one transaction with the
 * version, unless another process did meanwhile: db_begin's advisory lock
 * makes the look at the version and the migration one step. */
static int migrate_pg_one(struct store *st, const struct embedded_file *f, int v,
			  struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_begin(&st->db, e))
		return -1;
	if (store_schema_version(st) >= v)
		return db_commit(&st->db, e);
	int rc = db_exec(&st->db, (const char *)f->data, e);
	if (rc == 0)
		rc = db_prepare(&st->db, &s,
				"INSERT INTO itbcp_schema (singleton, version) VALUES (1, ?1) "
				"ON CONFLICT (singleton) DO UPDATE SET version = excluded.version",
				e);
	if (rc == 0) {
		db_bind_int(&s, 1, v);
		rc = db_run(&s, e);
	}
	db_finalize(&s);
	if (rc == 0)
		rc = db_commit(&st->db, e);
	if (rc) {
		char msg[sizeof e->msg];
		snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
		db_rollback(&st->db);
		return err_set(e, "PostgreSQL: migration %s failed: %s", f->name, msg);
	}
	return 0;
}

/* On a hot standby nothing can be written, migrations included: they
 * reach it from the primary by replication.  So the standby's schema
 * must already be the one asked for; an older one is refused with what
 * to do (upgrade the primary's itbcp first), a newer one as on a
 * primary. */
static int standby_schema_check(struct store *st, int target, struct err *e)
{
	int current = store_schema_version(st);
	if (current > store_schema_latest())
		return err_set(e, "PostgreSQL: made by a newer itbcp (schema %d, this one knows %d)",
			       current, store_schema_latest());
	if (current < target)
		return err_set(e,
			       "PostgreSQL: this server is a read-only standby at schema %d and this "
			       "itbcp needs %d: start the primary's itbcp of this version first (its "
			       "migrations reach the standby by replication)",
			       current, target);
	return 0;
}

/* PostgreSQL's migrations up to target: the baseline on an empty database,
 * then each pair's pg/ half (see the top of this file); on a standby, only
 * a check that they were applied on the primary. */
static int migrate_pg(struct store *st, int target, struct err *e)
{
	int standby = store_in_recovery(st, e);
	if (standby < 0)
		return -1;
	if (standby)
		return standby_schema_check(st, target, e);
	int base = pg_baseline();
	if (base == 0)
		return err_set(e, "PostgreSQL: this itbcp has no PostgreSQL schema "
				  "(src/store/migrations/pg/)");
	if (db_begin(&st->db, e) ||
	    db_exec(&st->db,
		    "CREATE TABLE IF NOT EXISTS itbcp_schema (singleton integer PRIMARY KEY "
		    "CHECK (singleton = 1), version integer NOT NULL)",
		    e) ||
	    db_commit(&st->db, e)) {
		db_rollback(&st->db);
		return -1;
	}
	int current = store_schema_version(st);
	if (current > store_schema_latest())
		return err_set(e, "PostgreSQL: made by a newer itbcp (schema %d, this one knows %d)",
			       current, store_schema_latest());
	if (current == 0 && target < base)
		return err_set(e, "PostgreSQL: schema %d asked for; PostgreSQL starts at %03d",
			       target, base);
	for (int v = current == 0 ? base : current + 1; v <= target; v++) {
		const struct embedded_file *f = migration_file(PG_MIGRATION_PREFIX, v);
		bool lite = migration_file(MIGRATION_PREFIX, v) != NULL;
		if (!f && !lite)
			continue; /* a number not handed out, on both sides */
		if (!f || (!lite && v != base))
			BUG("migration %03d is only in %s", v, f ? "migrations/pg/" : "migrations/");
		if (migrate_pg_one(st, f, v, e))
			return -1;
	}
	return 0;
}

/* Runs SQLite migration (or baseline) file f and sets the version to v,
 * in one transaction, so a crash leaves the old or the new schema: 0, or
 * -1 with e naming the file, nothing changed. */
static int apply_sqlite(struct store *st, const struct embedded_file *f, int v, struct err *e)
{
	char bump[64];
	snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v);
	if (db_begin(&st->db, e))
		return -1;
	if (db_exec(&st->db, (const char *)f->data, e) || db_exec(&st->db, bump, e) ||
	    db_commit(&st->db, e)) {
		char msg[sizeof e->msg];
		snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
		db_rollback(&st->db);
		return err_set(e, "%s: migration %s failed: %s", st->path, f->name, msg);
	}
	return 0;
}

/* The newest SQLite baseline at or below target, or NULL (its number in
 * *version). */
static const struct embedded_file *baseline_for(int target, int *version)
{
	const struct embedded_file *best = NULL;
	*version = 0;
	for (size_t i = 0; i < embedded_n_files; i++) {
		int n = migration_number_in(&embedded_files[i], BASELINE_PREFIX);
		if (n > *version && n <= target) {
			best = &embedded_files[i];
			*version = n;
		}
	}
	return best;
}

/* A new SQLite database (version 0, nothing in it) made at the newest
 * baseline at or below target in one transaction: the schema and rows
 * migrations 001–NNN would leave, without running them — each ALTER of
 * the chain made SQLite parse the whole schema again, ~0.35 s of CPU a new
 * database under the sanitizers (session 15).  test_store_baseline.c
 * checks the file against the chain.  Returns the version it is at now:
 * the baseline's, or 0 when there is none to use (a database with
 * anything in it takes the chain, which refuses what it cannot run). */
static int migrate_from_baseline(struct store *st, int target, struct err *e)
{
	int version;
	const struct embedded_file *f = baseline_for(target, &version);
	if (!f || db_int(&st->db, -1, "SELECT count(*) FROM sqlite_schema", NULL) != 0)
		return 0;
	return apply_sqlite(st, f, version, e) ? -1 : version;
}

/* Applies migrations after the current version up to `target`; a new
 * database starts from the baseline unless by_chain (the test of the
 * baseline, which makes the database the long way to compare). */
static int migrate(struct store *st, int target, bool by_chain, struct err *e)
{
	if (db_engine(&st->db) == DB_PG)
		return migrate_pg(st, target, e);
	int current = store_schema_version(st);
	if (current > store_schema_latest())
		return err_set(e, "%s: made by a newer itbcp (schema %d, this one knows %d)",
			       st->path, current, store_schema_latest());
	if (current == 0 && !by_chain && (current = migrate_from_baseline(st, target, e)) < 0)
		return -1;
	for (int v = current + 1; v <= target; v++) {
		const struct embedded_file *f = migration_file(MIGRATION_PREFIX, v);
		if (!f)
			BUG("migration %03d is missing from the binary", v);
		if (apply_sqlite(st, f, v, e))
			return -1;
	}
	return 0;
}

static int open_at(struct store *st, const char *path, unsigned flags, int version,
		   bool by_chain, struct err *e)
{
	struct stat sb;
	if (!(flags & STORE_CREATE) && !db_target_is_pg(path) && stat(path, &sb) != 0)
		return err_set(e, "%s: no such database (create it with: itbcp --db %s init)",
			       path, path);
	unsigned dbflags = (flags & STORE_READONLY) ? DB_READONLY : 0;
	if (flags & STORE_CREATE)
		dbflags |= DB_CREATE;
	if (db_open(&st->db, path, dbflags, e))
		return -1;
	st->path = xstrdup(path);
	if (!(flags & STORE_READONLY) && migrate(st, version, by_chain, e)) {
		store_close(st);
		return -1;
	}
	return 0;
}

int store_open(struct store *st, const char *path, unsigned flags, struct err *e)
{
	return open_at(st, path, flags, store_schema_latest(), false, e);
}

int store_open_at_version(struct store *st, const char *path, int version, struct err *e)
{
	int rc = open_at(st, path, STORE_CREATE, version, false, e);
	st->unsigned_writes = rc == 0 && version < store_schema_latest();
	return rc;
}

int store_open_by_migrations(struct store *st, const char *path, struct err *e)
{
	return open_at(st, path, STORE_CREATE, store_schema_latest(), true, e);
}

/* Frees what was derived from the cached plan. */
static void drop_derived(struct store *st)
{
	if (st->derived && st->derived_free)
		st->derived_free(st->derived);
	st->derived = NULL;
	st->derived_free = NULL;
}

void store_plan_set_derived(struct store *st, void *data, void (*free_fn)(void *))
{
	drop_derived(st);
	st->derived = data;
	st->derived_free = free_fn;
}

void *store_plan_derived(const struct store *st)
{
	return st->derived;
}

void store_close(struct store *st)
{
	drop_derived(st);
	if (st->cache) {
		plan_release(st->cache);
		free(st->cache);
		st->cache = NULL;
	}
	st->cache_revision = -1;
	record_sign_release(st);
	db_close(&st->db);
	free(st->path);
	st->path = NULL;
}

bool store_plan_empty(struct store *st)
{
	return db_int(&st->db, 0, "SELECT count(*) FROM organisation", NULL) == 0;
}

/* Sets field f of elem from column col of the current row. */
static void load_field(const struct field_def *f, void *elem, struct stmt *s, int col)
{
	void *ptr = FIELD_PTR(elem, f);
	switch (f->type) {
	case F_ID:
	case F_TEXT:
	case F_ENUM:
	case F_DATE:
		free(*(char **)ptr);
		*(char **)ptr = db_col_dup(s, col);
		break;
	case F_REF:
		free(*(char **)ptr);
		{
			/* an unset reference stays NULL, not "" */
			const char *ref = db_col_opt(s, col);
			*(char **)ptr = ref ? xstrdup(ref) : NULL;
		}
		break;
	case F_INT:
		*(int64_t *)ptr = db_col_int_or(s, col, NO_VALUE);
		break;
	case F_BOOL:
		*(bool *)ptr = db_col_int(s, col) != 0;
		break;
	case F_MONTHS:
		*(uint16_t *)ptr = (uint16_t)db_col_int(s, col);
		break;
	}
}

/* Reads every row of kind e into p. */
static int load_kind(struct store *st, const struct entity_def *e, struct plan *p, struct err *e_)
{
	struct buf sql = BUF_INIT;
	struct stmt s = STMT_INIT;
	int rc = -1, r;
	plan_sql_select(e, &sql);
	if (db_prepare(&st->db, &s, sql.data, e_))
		goto out;
	while ((r = db_step(&s, e_)) == 1) {
		void *elem = e == &schema_organisation ? &p->organisation : schema_append(e, p);
		for (size_t i = 0; i < e->n_fields; i++)
			load_field(&e->fields[i], elem, &s, (int)i);
	}
	rc = r;
out:
	db_finalize(&s);
	buf_release(&sql);
	return rc;
}

/* The plan revision (005_plan_revision.sql), or -1 when the database has
 * none (a read-only store of an older schema): then every change reloads. */
static int64_t plan_revision(struct store *st)
{
	return db_int(&st->db, -1, "SELECT n FROM plan_revision WHERE singleton = 1", NULL);
}

/* Reads the plan into p and its revision into *rev, in one snapshot. */
static int load_plan_at(struct store *st, struct plan *p, int64_t *rev, struct err *e)
{
	plan_init(p);
	/* One read transaction, so the plan is one consistent snapshot. */
	if (db_read_begin(&st->db, e))
		return -1;
	if (rev)
		*rev = plan_revision(st);
	int rc = load_kind(st, &schema_organisation, p, e);
	for (size_t k = 0; rc == 0 && k < schema_n_entities; k++)
		rc = load_kind(st, &schema_entities[k], p, e);
	db_read_end(&st->db);
	if (rc)
		plan_release(p);
	return rc;
}

int store_load_plan(struct store *st, struct plan *p, struct err *e)
{
	return load_plan_at(st, p, NULL, e);
}

const struct plan *store_plan_cached(struct store *st, struct err *e)
{
	/* data_version moves on commits by other connections, total_changes
	 * on this connection's own writes: together they say "changed". */
	int64_t version = db_data_version(&st->db);
	int64_t changes = db_total_changes(&st->db);
	/* PostgreSQL has no data_version (-1): there, every call asks
	 * plan_revision, one indexed read. */
	if (st->cache && version >= 0 && version == st->cache_data_version &&
	    changes == st->cache_changes)
		return st->cache;
	/* Something was committed; the plan only when its revision moved. */
	if (st->cache && st->cache_revision >= 0 && plan_revision(st) == st->cache_revision) {
		st->cache_data_version = version;
		st->cache_changes = changes;
		return st->cache;
	}
	struct plan *p = xcalloc(1, sizeof *p);
	int64_t rev = -1;
	if (load_plan_at(st, p, &rev, e)) {
		free(p);
		return NULL;
	}
	drop_derived(st);
	if (st->cache) {
		plan_release(st->cache);
		free(st->cache);
	}
	st->cache = p;
	st->cache_data_version = version;
	st->cache_changes = changes;
	st->cache_revision = rev;
	st->cache_loads++;
	return p;
}

/* A plan kind's rows go in up to INSERT_BATCH_ROWS to a statement, and at
 * most INSERT_MAX_PARAMS values (the limit of the placeholder rewrite,
 * db_pg_sql.c, and SQLite's old default), as itbcp copy does
 * (copy_rows.c).  On PostgreSQL a statement is a round trip, and the plan
 * revision is written once per statement (migration 024): one row to a
 * statement made an import of 11,000 rows cost the server 1.5 s. */
#define INSERT_BATCH_ROWS 100
#define INSERT_MAX_PARAMS 999

/* Binds element k of kind e of p as the row at parameter first (its pos,
 * then its fields). */
static void bind_row(struct stmt *s, int first, const struct entity_def *e, const struct plan *p,
		     size_t k)
{
	const void *elem = schema_element(e, p, k);
	db_bind_int(s, first, e == &schema_organisation ? 1 : (int64_t)k);
	for (size_t i = 0; i < e->n_fields; i++)
		plan_sql_bind_field(s, first + 1 + (int)i, &e->fields[i], elem);
}

/* Inserts every element of kind e of p, in batches (INSERT_BATCH_ROWS). */
static int insert_kind(struct store *st, const struct entity_def *e, const struct plan *p,
		       struct err *e_)
{
	struct buf sql = BUF_INIT;
	struct stmt s = STMT_INIT;
	size_t n = schema_count(e, p), per_row = e->n_fields + 1;
	size_t per_batch = INSERT_MAX_PARAMS / per_row;
	if (per_batch > INSERT_BATCH_ROWS)
		per_batch = INSERT_BATCH_ROWS;
	if (per_batch == 0)
		BUG("plan table %s has more columns than one statement may bind", e->table);
	size_t prepared = 0; /* the rows s was prepared for */
	int rc = -1;
	for (size_t k = 0; k < n;) {
		size_t rows = n - k < per_batch ? n - k : per_batch;
		if (rows != prepared) {
			db_finalize(&s);
			buf_reset(&sql);
			plan_sql_insert_rows(e, rows, &sql);
			if (db_prepare(&st->db, &s, sql.data, e_))
				goto out;
			prepared = rows;
		}
		db_reset(&s);
		for (size_t r = 0; r < rows; r++)
			bind_row(&s, (int)(r * per_row) + 1, e, p, k + r);
		if (db_step(&s, e_) < 0)
			goto out;
		k += rows;
	}
	rc = 0;
out:
	db_finalize(&s);
	buf_release(&sql);
	return rc;
}

int store_replace_plan(struct store *st, const struct plan *p, struct err *e)
{
	if (db_begin(&st->db, e))
		return -1;
	/* References are checked at commit, so elements may refer forward
	 * (a role reporting to a role listed after it). */
	if (db_exec(&st->db,
		    db_engine(&st->db) == DB_PG ? "SET CONSTRAINTS ALL DEFERRED"
						: "PRAGMA defer_foreign_keys = ON",
		    e))
		goto fail;
	for (size_t k = schema_n_entities; k-- > 0;) {
		struct buf sql = BUF_INIT;
		buf_addf(&sql, "DELETE FROM \"%s\"", schema_entities[k].table);
		int r = db_exec(&st->db, sql.data, e);
		buf_release(&sql);
		if (r)
			goto fail;
	}
	if (db_exec(&st->db, "DELETE FROM organisation", e))
		goto fail;
	if (insert_kind(st, &schema_organisation, p, e))
		goto fail;
	for (size_t k = 0; k < schema_n_entities; k++)
		if (insert_kind(st, &schema_entities[k], p, e))
			goto fail;
	/* Whoever the new plan leaves out loses their check-in link with it. */
	if (store_checkin_tokens_revoke_gone(st, e))
		goto fail;
	if (db_commit(&st->db, e))
		goto fail;
	return 0;
fail:
	db_rollback(&st->db);
	return -1;
}
