/*
 * wal.h — who checkpoints the write-ahead log.
 *
 * SQLite copies the log back into the database file ("checkpoints") on
 * the connection whose commit makes the log pass 1,000 pages, inside that
 * commit: a copy of every page and an fsync of the database file, paid by
 * whoever happened to commit.  The check-in writer must not pay it while
 * people wait for "received", so it turns that off on its own connection
 * and checkpoints after it has answered (checkin/checkin_writer.c).  A passive
 * checkpoint never waits for readers or other writers.
 *
 * The same writer also syncs the log itself, on another thread, so that
 * the next batch is written while the disk flushes the last one: its
 * connection commits without syncing (synchronous=NORMAL, which in WAL
 * mode still syncs at checkpoints and keeps the database uncorrupted on a
 * power loss, losing only the last commits), and store_wal_sync() on a
 * file descriptor of its own makes every commit finished before the call
 * durable.  Whoever uses it tells nobody "saved" before that call returns.
 *
 * PostgreSQL the same way: the writer's connection commits with
 * synchronous_commit = off (the commit returns once its WAL is written to
 * the server's buffers, not flushed), and store_wal_sync() commits a
 * transaction of its own on a second connection (one WAL record, a
 * transactional logical message: a transaction that writes none commits
 * without waiting, wal.c), with the database's own
 * level (on, or remote_apply for the database, with or without a
 * synchronous standby).  That commit waits until the WAL up to its own
 * commit record is flushed (and, with a synchronous standby, flushed or
 * applied there too); the WAL is one sequence, so every commit finished
 * before the call is as durable as that one.
 */
#ifndef ITBCP_STORE_WAL_H
#define ITBCP_STORE_WAL_H

#include <stdbool.h>

#include "store/store.h"
#include "util/err.h"

/* Whether commits on this connection checkpoint by themselves (SQLite's
 * default: on, at 1,000 pages).  Other connections keep theirs. */
void store_wal_autocheckpoint(struct store *st, bool on);

/* A passive checkpoint: copies what no reader still needs and syncs the
 * database file.  *log_pages gets the log's size and *copied how much of
 * it is in the database now (either may be NULL).  -1 with e filled on an
 * error; a checkpoint already running elsewhere is not one (0, nothing
 * copied). */
int store_wal_checkpoint(struct store *st, int *log_pages, int *copied, struct err *e);

/* The log file of a connection, for syncing it from any thread. */
struct wal_file {
	int fd; /* -1: not open; commits on the connection sync by themselves */
	struct store *pg; /* PostgreSQL: the connection that commits to wait */
};
#define WAL_FILE_INIT { -1, NULL }

/* Opens st's log for store_wal_sync and makes st's commits leave the
 * syncing to it.  On failure (-1, e filled) st syncs every commit itself
 * as before and f stays closed. */
int store_wal_sync_by_caller(struct store *st, struct wal_file *f, struct err *e);

/* Makes every commit finished on the connection before this call durable
 * (fdatasync of its log).  Safe beside the connection's next transaction
 * on another thread.  0 when f is not open.  -1 with e filled when the
 * disk refused, or the log is no longer the database's. */
int store_wal_sync(struct wal_file *f, struct err *e);

/* Closes f (after the connection's last commit was synced). */
void store_wal_file_close(struct wal_file *f);

#endif
