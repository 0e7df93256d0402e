/*
 * app_backup.h — backups that survive the disaster they are for (issue 17
 * item 1): `itbcp backup`, `itbcp restore`, and `serve`'s scheduled copy.
 *
 * A backup is one file, itbcp-YYYYMMDDTHHMMSSZ.itbcp-backup, made readable
 * by its owner only:
 *
 *   "ITBCPBK1\n"                      9 bytes, what the file is
 *   payload                           the SQLite copy, or with a key file
 *                                     libsodium secretstream (XChaCha20-
 *                                     Poly1305): its 24-byte header, then
 *                                     64 KiB pieces, the last tagged FINAL
 *   manifest                          JSON: time, schema, counts, sizes,
 *                                     SHA-256 of the payload as stored and
 *                                     of the database inside
 *   manifest length                   4 bytes, big-endian
 *   "ITBCPBK1"                        8 bytes: the file is whole
 *
 * The manifest is at the end so the copy is written in one pass; the
 * checksum covers every stored byte of the payload.  A copy is checked
 * before it is packed (integrity check, every incident's hash chain, the
 * audit log's chain) and again, all of it, before a restore replaces
 * anything.
 */
#ifndef ITBCP_APP_APP_BACKUP_H
#define ITBCP_APP_APP_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/backup_store.h"
#include "util/err.h"
#include "util/lang.h"

#define APP_BACKUP_KEY_BYTES 32
#define APP_BACKUP_SUFFIX ".itbcp-backup"
/* The retention rule's defaults: the newest copy of each of the last 48
 * hours that have one, and of each of the last 30 days (Asia/Tokyo). */
#define APP_BACKUP_KEEP_HOURLY 48
#define APP_BACKUP_KEEP_DAILY 30
/* A last good backup older than this is stale (`itbcp check`). */
#define APP_BACKUP_STALE_HOURS 25

struct app_backup_req {
	const char *db_path;
	const char *dir;      /* where the copy goes (made 0700 when missing) */
	const char *key_path; /* NULL: not encrypted */
	enum store_backup_method method;
	int keep_hourly, keep_daily; /* 0 and 0: keep everything */
	enum lang lang;
	bool no_record;       /* the caller records the attempt (off-site) */
};

struct app_backup_result {
	char path[4096];      /* the copy made */
	int64_t bytes;
	char sha256[65];      /* of the payload as stored */
	struct store_backup_facts facts;
	struct store_backup_copy_stats copy;
	size_t removed;       /* old copies removed by the retention rule */
};

/* Takes a backup of req->db_path into req->dir, applies the retention rule
 * there and records the attempt in the database (good or not).  0 when the
 * copy is made, verified, synced and renamed into place. */
int app_backup_run(const struct app_backup_req *req, struct app_backup_result *res,
		   struct err *e);

/* Reads a 32-byte key file that only its owner can read. */
int app_backup_key_load(const char *path, unsigned char key[APP_BACKUP_KEY_BYTES], enum lang lang,
			struct err *e);
/* Makes a new key file at path (must not exist), owner-only. */
int app_backup_key_new(const char *path, enum lang lang, struct err *e);

struct app_restore_req {
	const char *file;
	const char *target;   /* the database to write; NULL: check only */
	const char *key_path;
	bool force;           /* replace an existing target (kept beside) */
	enum lang lang;
};

struct app_restore_result {
	char created[32];     /* the manifest's time (UTC) */
	int schema;
	bool encrypted;
	struct store_backup_facts facts;
	char kept[4096];      /* the replaced database, kept as this name */
};

/* Verifies the backup file (format, checksum, decryption, SQLite
 * integrity, every incident's chain, the audit chain, the counts of the
 * manifest) on a temporary copy beside the target, then syncs it and
 * renames it over the target.  On any failure nothing is changed. */
int app_backup_restore(const struct app_restore_req *req, struct app_restore_result *res,
		       struct err *e);

/* The retention rule over the names of a directory: keep[i] false for a
 * copy to remove.  Names that are not backups are always kept; the newest
 * copy is always kept.  Pure. */
void app_backup_keep(const char *const *names, size_t n, int keep_hourly, int keep_daily,
		     bool *keep);
/* The time of a backup's name, or -1 when name is not a backup's. */
int64_t app_backup_name_time(const char *name);

#endif
