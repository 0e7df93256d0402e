/*
 * wal.h — who checkpoints the write-ahead log.
 *
 * SQLite copies the log back into the database file ("checkpoints") on
 * the connection whose commit makes the log pass 1,000 pages, inside that
 * commit: a copy of every page and an fsync of the database file, paid by
 * whoever happened to commit.  The check-in writer must not pay it while
 * people wait for "received", so it turns that off on its own connection
 * and checkpoints after it has answered (web/checkin_writer.c).  A passive
 * checkpoint never waits for readers or other writers.
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

#endif
