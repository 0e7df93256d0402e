/*
 * record_key.c — the record key's file (record_key.h): where it is, read
 * strictly, made once.
 */
#include "store/record_key.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/db.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/xalloc.h"

/* Set once at start (store_record_key_file_set), read by every thread. */
static char *key_file_override;

void store_record_key_file_set(const char *path)
{
	free(key_file_override);
	key_file_override = path && *path ? xstrdup(path) : NULL;
}

char *store_record_key_file(const char *db_path)
{
	if (key_file_override)
		return xstrdup(key_file_override);
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s.record-key", db_path);
	return buf_detach(&b);
}

/* Reads the seed from path: 1, 0 when there is no file, -1 with e. */
static int seed_read(const char *path, unsigned char seed[STORE_RECORD_KEY_BYTES], struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0)
		return err_set(e, "記録の鍵 / record key %s: %s", path, strerror(errno));
	struct stat sb;
	int rc = -1;
	ssize_t got = 0;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		err_set(e, "記録の鍵 / record key %s: 通常のファイルではありません / not a regular file",
			path);
	} else if (sb.st_mode & 077) {
		err_set(e, "記録の鍵 / record key %s: 所有者以外も読めます（chmod 600） / others than its "
			   "owner can read it (chmod 600 it)", path);
	} else if (sb.st_size != STORE_RECORD_KEY_BYTES ||
		   (got = read(fd, seed, STORE_RECORD_KEY_BYTES)) != STORE_RECORD_KEY_BYTES) {
		err_set(e, "記録の鍵 / record key %s: ちょうど32バイトでなければなりません / must be "
			   "exactly 32 bytes", path);
	} else {
		rc = 1;
	}
	close(fd);
	return rc;
}

/* Syncs the directory that holds path, so that a new name survives a
 * crash: the key must be on disk before a signature made with it commits. */
static int dir_sync(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	int fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Makes a new seed at path: written whole and synced under a temporary
 * name, then linked to path (link fails when another process made it
 * first: 0, and the caller reads theirs).  1 made, -1 with e. */
static int seed_make(const char *path, unsigned char seed[STORE_RECORD_KEY_BYTES], struct err *e)
{
	struct buf tmp = BUF_INIT;
	buf_addf(&tmp, "%s.XXXXXX", path);
	int fd = mkstemp(tmp.data); /* 0600 */
	if (fd < 0) {
		err_set(e, "記録の鍵 / record key %s: %s", path, strerror(errno));
		buf_release(&tmp);
		return -1;
	}
	crypto_ready();
	randombytes_buf(seed, STORE_RECORD_KEY_BYTES);
	int rc = write(fd, seed, STORE_RECORD_KEY_BYTES) == STORE_RECORD_KEY_BYTES && fsync(fd) == 0
			 ? 0 : -1;
	int saved = errno;
	close(fd);
	if (rc == 0 && link(tmp.data, path) != 0) {
		saved = errno;
		rc = saved == EEXIST ? 1 : -1;
	}
	unlink(tmp.data);
	buf_release(&tmp);
	if (rc == 1) /* someone else's is there: use it */
		return 0;
	if (rc == 0 && dir_sync(path) != 0) {
		saved = errno;
		rc = -1;
	}
	if (rc != 0) {
		sodium_memzero(seed, STORE_RECORD_KEY_BYTES);
		return err_set(e, "記録の鍵 / record key %s: %s", path, strerror(saved));
	}
	return 1;
}

/* A PostgreSQL database has no file to sit beside: its key file must be
 * named.  -1 with e when it is not. */
int store_record_key_named(const char *db_path, struct err *e)
{
	if (key_file_override || !db_target_is_pg(db_path))
		return 0;
	return err_set(e, "記録の鍵 / record key: PostgreSQL では鍵のファイルを ITBCP_RECORD_KEY で"
			  "指定してください / on PostgreSQL, name the key file with ITBCP_RECORD_KEY");
}

int store_record_key_obtain(const char *db_path, unsigned char seed[STORE_RECORD_KEY_BYTES],
			    int *made, struct err *e)
{
	*made = 0;
	if (store_record_key_named(db_path, e))
		return -1;
	char *path = store_record_key_file(db_path);
	int rc = -1;
	*made = 0;
	for (int tries = 0; tries < 2 && rc < 0; tries++) {
		int r = seed_read(path, seed, e);
		if (r < 0)
			break;
		if (r == 1) {
			rc = 0;
			break;
		}
		r = seed_make(path, seed, e);
		if (r < 0)
			break;
		if (r == 1) {
			*made = 1;
			rc = 0;
		}
		/* r == 0: made by another process meanwhile; read it */
	}
	free(path);
	return rc;
}

int store_record_key_public(const char *db_path, unsigned char pk[STORE_RECORD_KEY_BYTES],
			    struct err *e)
{
	unsigned char seed[STORE_RECORD_KEY_BYTES], sk[crypto_sign_SECRETKEYBYTES];
	/* On PostgreSQL without ITBCP_RECORD_KEY there is no file to read, as
	 * on SQLite when none is beside the database: verifying needs only the
	 * public keys in record_keys, and says nothing of this machine's key.
	 * Writing still asks for it (store_record_key_obtain). */
	if (!key_file_override && db_target_is_pg(db_path))
		return 0;
	char *path = store_record_key_file(db_path);
	int r = seed_read(path, seed, e);
	free(path);
	if (r != 1)
		return r;
	crypto_ready();
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(sk, sizeof sk);
	return 1;
}

int64_t store_record_key_known(struct store *st, const unsigned char pk[STORE_RECORD_KEY_BYTES],
			       struct err *e)
{
	struct stmt q = STMT_INIT;
	if (db_prepare(&st->db, &q,
		       "SELECT max(id) FROM record_keys WHERE public_key = ?1", e))
		return -1;
	db_bind_blob(&q, 1, pk, STORE_RECORD_KEY_BYTES);
	int r = db_step(&q, e);
	int64_t id = r == 1 ? db_col_int_or(&q, 0, 0) : 0;
	db_finalize(&q);
	return r < 0 ? -1 : id;
}
