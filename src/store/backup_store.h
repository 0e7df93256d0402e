/*
 * backup_store.h — a consistent copy of the database while others write
 * (issue 17 item 1), what a copy holds, and the record of backups taken
 * (migration 018).
 *
 * The copy is SQLite's online backup API in small steps from a read
 * transaction held for the whole copy: in WAL mode a reader never blocks
 * the check-in writer, and holding one snapshot means the copy is never
 * restarted by the writes that go on meanwhile (the log only grows until
 * the copy ends, since the checkpointer cannot pass the snapshot).
 * VACUUM INTO is kept as the other way for bench/backup.sh to compare.
 * What to do with the copy (manifest, encryption, retention) is app/'s.
 */
#ifndef ITBCP_STORE_BACKUP_STORE_H
#define ITBCP_STORE_BACKUP_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

enum store_backup_method { STORE_BACKUP_STEP, STORE_BACKUP_VACUUM };

struct store_backup_copy_stats {
	int64_t pages;     /* pages copied */
	int steps;         /* sqlite3_backup_step calls */
	double seconds;    /* wall time of the copy */
};

/* Copies the database at db_path, as one snapshot, into dest, which must
 * not exist; dest is made readable by its owner only.  It is not synced:
 * the copy is a step on the way (app/ checks it, packs it into a file it
 * syncs, and removes it), and a sync of a whole database would hold up
 * the check-in syncer's flushes of the log behind it on the same disk.
 * On failure dest is removed and e says why. */
/* 0 when db_path is a database itbcp can back up (a SQLite file); -1 with
 * e for a PostgreSQL one: its backups are pg_dump's and the server's own
 * business, not yet itbcp's. */
int store_backup_supported(const char *db_path, struct err *e);
int store_backup_copy(const char *db_path, const char *dest, enum store_backup_method how,
		      struct store_backup_copy_stats *stats, struct err *e);

/* What a copy holds and whether it is sound, read from an open store. */
struct store_backup_facts {
	int schema;
	int64_t incidents, timeline, checkins, audit, users;
	char integrity[160];  /* "ok", or SQLite's first complaint */
	int64_t bad_incident; /* first incident whose chain breaks, 0: none */
	char chain_reason[160];
	int64_t audit_bad_id; /* first audit row that breaks, 0: none */
};
/* Counts, PRAGMA integrity_check, every incident's timeline chain and
 * the audit log's chain.  0 with out filled (the findings are in out),
 * -1 when the database cannot be read at all. */
int store_backup_facts(struct store *st, struct store_backup_facts *out, struct err *e);
/* True when the facts say the copy is whole. */
bool store_backup_facts_sound(const struct store_backup_facts *f);

/* Makes sure nobody has the database at path open, and folds its
 * write-ahead log into it (journal mode DELETE, which SQLite grants only
 * to the one connection there is): afterwards the file alone is the whole
 * database and can be replaced by a rename.  -1 with e saying why (in
 * use: a server is running). */
int store_backup_take_offline(const char *path, struct err *e);

/* One backup taken, as recorded. */
struct store_backup_row {
	int64_t started, finished; /* Unix seconds */
	char target[512], file[256], sha256[65], message[512];
	int64_t bytes;
	bool encrypted, ok;
};
/* Records an attempt (one row, its own synced transaction). */
int store_backup_record(struct store *st, const struct store_backup_row *row, struct err *e);
/* The files of good copies recorded for target and not yet removed
 * there, malloc'd, into *names (free each and the array).  0 or -1. */
int store_backup_live_files(struct store *st, const char *target, char ***names, size_t *n,
			    struct err *e);
/* Notes that file at target was removed there (one synced transaction). */
int store_backup_mark_removed(struct store *st, const char *target, const char *file,
			      struct err *e);
/* The newest attempt (good_only: the newest good one) into out: 1 found,
 * 0 none, -1 error. */
int store_backup_last(struct store *st, bool good_only, struct store_backup_row *out,
		      struct err *e);

#endif
