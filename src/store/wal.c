/*
 * wal.c — checkpointing and syncing the write-ahead log (wal.h).  On
 * PostgreSQL the server keeps its own log and checkpoints it: the
 * checkpoints do nothing there, and the sync is a commit on a connection
 * of its own (wal.h).
 */
#include "store/wal.h"
#include "store/db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

/* See wal.h. */
void store_wal_autocheckpoint(struct store *st, bool on)
{
	db_autocheckpoint(&st->db, on);
}

/* See wal.h. */
int store_wal_checkpoint(struct store *st, int *log_pages, int *copied, struct err *e)
{
	int log = 0, done = 0;
	int rc = db_checkpoint(&st->db, &log, &done, e);
	if (log_pages)
		*log_pages = log;
	if (copied)
		*copied = done;
	return rc;
}

/* See wal.h. */
int store_wal_sync_by_caller(struct store *st, struct wal_file *f, struct err *e)
{
	char path[4096];
	f->fd = -1;
	f->pg = NULL;
	if (db_engine(&st->db) == DB_PG) {
		struct store *s = xcalloc(1, sizeof *s);
		*s = (struct store)STORE_INIT;
		if (store_open(s, st->path, 0, e)) {
			free(s);
			return -1;
		}
		if (db_exec(&st->db, "SET synchronous_commit = off", e)) {
			store_close(s);
			free(s);
			return -1;
		}
		f->pg = s;
		return 0;
	}
	/* Any read makes SQLite open (or create) the log beside the database. */
	if (db_exec(&st->db, "SELECT count(*) FROM sqlite_master", e))
		return -1;
	if ((size_t)snprintf(path, sizeof path, "%s-wal", st->path) >= sizeof path)
		return err_set(e, "%s: path too long", st->path);
	/* Read-only is enough: fdatasync flushes the file, whichever
	 * descriptor names it. */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, "%s: %s", path, strerror(errno));
	if (db_exec(&st->db, "PRAGMA synchronous=NORMAL", e)) {
		close(fd);
		return -1;
	}
	f->fd = fd;
	return 0;
}

/* See wal.h. */
int store_wal_sync(struct wal_file *f, struct err *e)
{
	struct stat sb;
	if (f->pg) {
		/* The statement's own transaction must write WAL before its
		 * commit, or PostgreSQL commits it without waiting: its
		 * RecordTransactionCommit flushes and waits for the
		 * synchronous standby only when the transaction wrote WAL
		 * besides its commit record.  txid_current() alone (an id, no
		 * WAL) answered at once, and a check-in answered "received"
		 * was lost with the primary (tests/cli/pg_failover.sh saw
		 * it).  A transactional logical message is one small WAL
		 * record of the transaction, any role may write it, and it
		 * needs no table; the commit then waits as the database's
		 * synchronous_commit says, for everything the writer
		 * committed before it. */
		struct err why = ERR_INIT;
		if (db_exec(&f->pg->db, "SELECT pg_logical_emit_message(true, 'itbcp-sync', '')",
			    &why))
			return err_set(e, "write-ahead log: the waiting commit failed: %s", why.msg);
		return 0;
	}
	if (f->fd < 0)
		return 0;
	if (fdatasync(f->fd) != 0)
		return err_set(e, "write-ahead log: sync failed: %s", strerror(errno));
	/* SQLite removes the log only when the database's last connection
	 * closes, and the syncing one is open: a log with no name left means
	 * someone else removed it, and what was synced is not the database's. */
	if (fstat(f->fd, &sb) != 0 || sb.st_nlink == 0)
		return err_set(e, "write-ahead log: the file was removed behind the server's back");
	return 0;
}

/* See wal.h. */
void store_wal_file_close(struct wal_file *f)
{
	if (f->pg) {
		store_close(f->pg);
		free(f->pg);
		f->pg = NULL;
	}
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}
