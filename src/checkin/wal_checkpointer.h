/*
 * wal_checkpointer.h — copies the write-ahead log back into the database
 * on a thread of its own while the check-in writer goes on writing.
 *
 * Why: the writer used to checkpoint between batches every 100 ms of a
 * burst, and nothing was committed meanwhile.  Measured with 256
 * connections: 91 checkpoints in 10 s, 10 ms each on average (29 ms at
 * most), so every tenth of a second every waiting phone waited ~10 ms
 * more — the largest part of the burst's p99.  This thread does that copy
 * (a passive checkpoint: it never waits for the writer or readers) on its
 * own connection, at most every WAL_CHECKPOINTER_MS while commits come.
 *
 * What it cannot do is start the log again from its beginning: SQLite
 * does that only when a write transaction begins right after a complete
 * checkpoint, and a busy writer always appends during one.  So the log
 * grows through a long burst, and the writer restarts it itself when it
 * has been idle for a moment (the queue ran dry) or when this thread last
 * saw the log longer than WAL_RESTART_PAGES (checkin_writer.c); either way
 * this thread has already copied most of it.
 */
#ifndef ITBCP_CHECKIN_WAL_CHECKPOINTER_H
#define ITBCP_CHECKIN_WAL_CHECKPOINTER_H

#include "util/err.h"

/* At most one checkpoint this often (each syncs the log and the file). */
#define WAL_CHECKPOINTER_MS 50

struct wal_checkpointer;

/* Opens its own connection to db_path and starts the thread.  -1 with e
 * filled. */
int wal_checkpointer_start(struct wal_checkpointer **out, const char *db_path, struct err *e);

/* Tells it that something was committed: a checkpoint is due. */
void wal_checkpointer_poke(struct wal_checkpointer *c);

/* The log's length in pages at its last checkpoint (0 before the first). */
int wal_checkpointer_log_pages(struct wal_checkpointer *c);

/* Checkpoints it ran, for logs and tests. */
unsigned long wal_checkpointer_runs(struct wal_checkpointer *c);

/* Stops the thread (a checkpoint under way finishes first), closes its
 * connection and frees c (NULL is fine). */
void wal_checkpointer_free(struct wal_checkpointer *c);

#endif
