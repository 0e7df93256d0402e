/*
 * app_copy.c — `itbcp copy` (app_copy.h): which databases may be copied
 * into which, and the file made for a new SQLite target.  The copy itself
 * is the store's (store_copy.c).
 */
#include "app/app_copy.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"

/* Removes a SQLite database this copy made, with its -wal and -shm. */
static void remove_made(const char *path)
{
	static const char *const sides[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		struct buf b = BUF_INIT;
		buf_addf(&b, "%s%s", path, sides[i]);
		unlink(b.data);
		buf_release(&b);
	}
}

/* -1 with e when from and to name one database. */
static int check_distinct(const char *from, const char *to, struct err *e)
{
	struct stat a, b;
	if (!strcmp(from, to) ||
	    (stat(from, &a) == 0 && stat(to, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino))
		return err_set(e,
			       "%s: コピー元とコピー先が同じです / the source and the target are "
			       "the same database",
			       to);
	return 0;
}

/* Opens the target: made when it is a SQLite file that is missing
 * (*created), else probed first, so that a database at another schema
 * version is refused before anything migrates it. */
static int open_target(const char *to, int schema, struct store *dst, bool *created, struct err *e)
{
	struct stat sb;
	bool pg = store_target_is_pg(to);
	if (!pg && lstat(to, &sb) != 0) {
		if (errno != ENOENT)
			return err_set(e, "%s", strerror(errno));
		*created = true;
		return store_open(dst, to, STORE_CREATE, e);
	}
	if (!pg && !S_ISREG(sb.st_mode))
		return err_set(e, "通常のファイルではありません / not a regular file");
	int v = 0;
	if (store_copy_probe(to, &v, e))
		return -1;
	if (v != 0 && v != schema)
		return err_set(e,
			       "スキーマの版が違います（コピー元 %d、コピー先 %d） / the "
			       "schema versions differ (source %d, target %d)",
			       schema, v, schema, v);
	return store_open(dst, to, 0, e);
}

/* See app_copy.h. */
int app_copy(const char *from, const char *to, struct store_copy_result *res, bool *created,
	     struct err *e)
{
	struct store src = STORE_INIT, dst = STORE_INIT;
	*created = false;
	if (!*to)
		return err_set(e, "--to: コピー先が空です / the target is empty text");
	if (strlen(to) > APP_COPY_TARGET_MAX)
		return err_set(e,
			       "--to: コピー先は %d バイトまでです / the target is longer than %d "
			       "bytes",
			       APP_COPY_TARGET_MAX, APP_COPY_TARGET_MAX);
	if (check_distinct(from, to, e))
		return -1;
	if (store_open(&src, from, 0, e))
		return -1;
	int rc = open_target(to, store_schema_version(&src), &dst, created, e);
	if (rc) { /* say which of the two databases the message is about */
		char msg[sizeof e->msg];
		snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
		err_set(e, "コピー先 / the target %s: %s", to, msg);
	}
	if (rc == 0)
		rc = store_copy(&src, &dst, res, e);
	store_close(&dst);
	store_close(&src);
	if (rc && *created)
		remove_made(to);
	return rc;
}
