/*
 * wal.c — checkpointing the write-ahead log (wal.h).
 */
#include "store/wal.h"

#include <sqlite3.h>

/* See wal.h. */
void store_wal_autocheckpoint(struct store *st, bool on)
{
	sqlite3_wal_autocheckpoint(st->db.h, on ? 1000 : 0);
}

/* See wal.h. */
int store_wal_checkpoint(struct store *st, int *log_pages, int *copied, struct err *e)
{
	int log = 0, done = 0;
	int rc = sqlite3_wal_checkpoint_v2(st->db.h, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
	if (log_pages)
		*log_pages = log;
	if (copied)
		*copied = done;
	if (rc == SQLITE_OK || rc == SQLITE_BUSY)
		return 0;
	return err_set(e, "checkpoint: %s", sqlite3_errmsg(st->db.h));
}
