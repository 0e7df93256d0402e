/*
 * backup_store.c — see backup_store.h.  The copy, the facts of a copy,
 * and the backups table of migration 018.
 */
#include "store/backup_store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/db.h"
#include "store/incident_store.h"
#include "store/users.h"
#include "util/monotonic.h"
#include "util/xalloc.h"

/* Pages per sqlite3_backup_step (4 KiB each: 512 KiB), and the pause
 * between two steps that hands the CPU back to the check-in writer on a
 * small machine (bench/backup.sh measures what the copy costs a burst). */
#define COPY_STEP_PAGES 128
#define COPY_PAUSE_US 500

/* Makes dest, empty and owner-only; -1 when it exists or cannot be made. */
static int create_empty(const char *dest, struct err *e)
{
	int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return err_set(e, "%s: %s", dest, strerror(errno));
	close(fd);
	return 0;
}

/* The step-wise copy from src (inside its read transaction) into dest. */
static int copy_steps(struct db *src, const char *dest, struct store_backup_copy_stats *stats,
		      struct err *e)
{
	sqlite3 *d = NULL;
	int rc = -1;
	if (sqlite3_open_v2(dest, &d, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		err_set(e, "%s: %s", dest, d ? sqlite3_errmsg(d) : "cannot open");
		goto out;
	}
	/* The copy is thrown away when anything fails, so it needs no journal
	 * of its own; it is synced as a whole at the end. */
	sqlite3_exec(d, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF", NULL, NULL, NULL);
	sqlite3_backup *b = sqlite3_backup_init(d, "main", src->h, "main");
	if (!b) {
		err_set(e, "%s: backup: %s", dest, sqlite3_errmsg(d));
		goto out;
	}
	int r;
	do {
		r = sqlite3_backup_step(b, COPY_STEP_PAGES);
		stats->steps++;
		if (r == SQLITE_OK || r == SQLITE_BUSY || r == SQLITE_LOCKED)
			usleep(COPY_PAUSE_US);
	} while (r == SQLITE_OK || r == SQLITE_BUSY || r == SQLITE_LOCKED);
	stats->pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (r != SQLITE_DONE) {
		err_set(e, "%s: backup: %s", dest, sqlite3_errstr(r));
		goto out;
	}
	rc = 0;
out:
	sqlite3_close(d);
	return rc;
}

/* VACUUM INTO from src's snapshot. */
static int copy_vacuum(struct db *src, const char *dest, struct store_backup_copy_stats *stats,
		       struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(src, &s, "VACUUM INTO ?1", e))
		return -1;
	db_bind_text(&s, 1, dest);
	int rc = db_run(&s, e);
	db_finalize(&s);
	stats->steps = 1;
	stats->pages = db_int(src, 0, "PRAGMA page_count", NULL);
	return rc;
}

/* See backup_store.h. */
int store_backup_supported(const char *db_path, struct err *e)
{
	if (!db_target_is_pg(db_path))
		return 0;
	return err_set(e, "PostgreSQL のデータベースはまだ itbcp ではバックアップできません"
			  "（pg_dump などサーバーの機能を使ってください）/ itbcp cannot back up a "
			  "PostgreSQL database yet: use pg_dump or the server's own tools");
}

/* See backup_store.h. */
int store_backup_copy(const char *db_path, const char *dest, enum store_backup_method how,
		      struct store_backup_copy_stats *stats, struct err *e)
{
	struct db src = DB_INIT;
	int64_t t0 = monotonic_ms();
	memset(stats, 0, sizeof *stats);
	if (store_backup_supported(db_path, e))
		return -1;
	if (db_open(&src, db_path, 0, e)) /* never writes; VACUUM INTO refuses query_only */
		return -1;
	int rc = -1;
	if (create_empty(dest, e))
		goto out;
	if (how == STORE_BACKUP_VACUUM) {
		rc = copy_vacuum(&src, dest, stats, e);
	} else {
		/* One snapshot for the whole copy: the read starts here and
		 * every step reads the database as it was at this moment. */
		if (db_read_begin(&src, e) ||
		    db_int(&src, -1, "SELECT count(*) FROM sqlite_master", NULL) < 0) {
			err_set(e, "%s: cannot read the database", db_path);
			goto out;
		}
		rc = copy_steps(&src, dest, stats, e);
		db_read_end(&src);
	}
out:
	db_close(&src);
	if (rc) {
		char side[4200];
		unlink(dest);
		snprintf(side, sizeof side, "%s-journal", dest);
		unlink(side);
	}
	stats->seconds = (double)(monotonic_ms() - t0) / 1000.0;
	return rc;
}

/* See backup_store.h. */
int store_backup_facts(struct store *st, struct store_backup_facts *out, struct err *e)
{
	struct db *db = &st->db;
	memset(out, 0, sizeof *out);
	out->schema = store_schema_version(st);
	struct stmt s = STMT_INIT;
	/* integrity_check reads every page: a flipped byte inside a row or an
	 * index is found here even when the chains below still verify. */
	if (db_prepare(db, &s, "PRAGMA integrity_check(1)", e))
		return -1;
	int r = db_step(&s, e);
	snprintf(out->integrity, sizeof out->integrity, "%s",
		 r == 1 ? db_col_text(&s, 0) : "cannot be read");
	db_finalize(&s);
	if (r < 0)
		return -1;
	out->incidents = db_int(db, -1, "SELECT count(*) FROM incidents", NULL);
	out->timeline = db_int(db, -1, "SELECT count(*) FROM incident_timeline", NULL);
	out->checkins = db_int(db, -1, "SELECT count(*) FROM incident_checkins", NULL);
	out->audit = db_int(db, -1, "SELECT count(*) FROM audit_log", NULL);
	out->users = db_int(db, -1, "SELECT count(*) FROM users", NULL);
	if (strcmp(out->integrity, "ok") != 0)
		return 0; /* the chains of a damaged file prove nothing more */
	int64_t verified;
	struct timeline_check c;
	if (store_timeline_verify_all(st, &verified, &out->bad_incident, &c, e))
		return -1;
	if (out->bad_incident)
		snprintf(out->chain_reason, sizeof out->chain_reason, "entry %lld: %.120s",
			 (long long)c.bad_seq, c.reason);
	int64_t rows = 0, bad = 0;
	int v = users_audit_verify(st, &rows, &bad, e);
	if (v < 0)
		return -1;
	out->audit_bad_id = v == 1 ? 0 : (bad ? bad : -1);
	return 0;
}

/* See backup_store.h. */
bool store_backup_facts_sound(const struct store_backup_facts *f)
{
	return strcmp(f->integrity, "ok") == 0 && f->bad_incident == 0 && f->audit_bad_id == 0 &&
	       f->incidents >= 0 && f->timeline >= 0 && f->checkins >= 0 && f->audit >= 0;
}

/* See backup_store.h. */
int store_backup_take_offline(const char *path, struct err *e)
{
	sqlite3 *h = NULL;
	int rc = -1;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		err_set(e, "%s: %s", path, h ? sqlite3_errmsg(h) : "cannot open");
		goto out;
	}
	sqlite3_stmt *s = NULL;
	/* No busy timeout: a server holding it is the answer, not a wait. */
	if (sqlite3_prepare_v2(h, "PRAGMA journal_mode=DELETE", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(s, 0), "delete") == 0)
		rc = 0;
	else
		err_set(e, "%s: in use by another process", path);
	sqlite3_finalize(s);
out:
	sqlite3_close(h);
	return rc;
}

/* See backup_store.h. */
int store_backup_record(struct store *st, const struct store_backup_row *row, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_begin(&st->db, e))
		return -1;
	int rc = db_prepare(&st->db, &s,
			    "INSERT INTO backups (started, finished, target, file, bytes, sha256,"
			    " encrypted, ok, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
			    e);
	if (rc == 0) {
		db_bind_int(&s, 1, row->started);
		db_bind_int(&s, 2, row->finished);
		db_bind_text(&s, 3, row->target);
		db_bind_text(&s, 4, row->file);
		db_bind_int(&s, 5, row->bytes);
		db_bind_text(&s, 6, row->sha256);
		db_bind_int(&s, 7, row->encrypted);
		db_bind_int(&s, 8, row->ok);
		db_bind_text(&s, 9, row->message);
		rc = db_run(&s, e);
		db_finalize(&s);
	}
	if (rc == 0)
		rc = db_commit(&st->db, e);
	if (rc)
		db_rollback(&st->db);
	return rc;
}

/* See backup_store.h. */
int store_backup_live_files(struct store *st, const char *target, char ***names, size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	*names = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s,
		       "SELECT file FROM backups WHERE target = ?1 AND ok = 1 AND removed = 0"
		       " AND file <> '' ORDER BY id",
		       e))
		return -1;
	db_bind_text(&s, 1, target);
	int r;
	while ((r = db_step(&s, e)) == 1) {
		*names = xgrow(*names, &cap, *n + 1, sizeof **names);
		(*names)[(*n)++] = db_col_dup(&s, 0);
	}
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}

/* See backup_store.h. */
int store_backup_mark_removed(struct store *st, const char *target, const char *file, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_begin(&st->db, e))
		return -1;
	int rc = db_prepare(&st->db, &s,
			    "UPDATE backups SET removed = 1 WHERE target = ?1 AND file = ?2", e);
	if (rc == 0) {
		db_bind_text(&s, 1, target);
		db_bind_text(&s, 2, file);
		rc = db_run(&s, e);
		db_finalize(&s);
	}
	if (rc == 0)
		rc = db_commit(&st->db, e);
	if (rc)
		db_rollback(&st->db);
	return rc;
}

/* See backup_store.h. */
int store_backup_last(struct store *st, bool good_only, struct store_backup_row *out, struct err *e)
{
	struct stmt s = STMT_INIT;
	memset(out, 0, sizeof *out);
	if (db_prepare(&st->db, &s,
		       good_only ? "SELECT started, finished, target, file, bytes, sha256, encrypted,"
				   " ok, message FROM backups WHERE ok = 1 ORDER BY finished DESC,"
				   " id DESC LIMIT 1"
				 : "SELECT started, finished, target, file, bytes, sha256, encrypted,"
				   " ok, message FROM backups ORDER BY id DESC LIMIT 1",
		       e))
		return -1;
	int r = db_step(&s, e);
	if (r == 1) {
		out->started = db_col_int(&s, 0);
		out->finished = db_col_int(&s, 1);
		snprintf(out->target, sizeof out->target, "%s", db_col_text(&s, 2));
		snprintf(out->file, sizeof out->file, "%s", db_col_text(&s, 3));
		out->bytes = db_col_int(&s, 4);
		snprintf(out->sha256, sizeof out->sha256, "%s", db_col_text(&s, 5));
		out->encrypted = db_col_int(&s, 6) != 0;
		out->ok = db_col_int(&s, 7) != 0;
		snprintf(out->message, sizeof out->message, "%s", db_col_text(&s, 8));
	}
	db_finalize(&s);
	return r;
}
