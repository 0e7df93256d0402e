/*
 * app_backup.c — see app_backup.h: making a backup file from a copy of the
 * database (store/backup_store.h), and restoring one.  Every file made
 * here is created owner-only (open(…, 0600)), never chmod'ed afterwards,
 * and reaches its name by a rename after fsync, so a crash leaves either
 * nothing or a whole file.
 */
#include "app/app_backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/record_heads.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#define MAGIC_HEAD "ITBCPBK1\n"
#define MAGIC_HEAD_LEN 9
#define MAGIC_TAIL "ITBCPBK1"
#define MAGIC_TAIL_LEN 8
#define MANIFEST_MAX 65536
#define FORMAT_VERSION 1
#define PIECE 65536
/* The packed file is flushed every SYNC_EVERY bytes rather than once at
 * the end: a single fsync of hundreds of MB would queue the check-in
 * syncer's flushes of the log behind it (bench/backup.sh). */
#define SYNC_EVERY (8 << 20)
#define SS_HEADER crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define SS_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define SQLITE_MAGIC "SQLite format 3"

/* ---- small file helpers --------------------------------------------------- */

/* Writes all of p; -1 with errno set. */
static int write_all(int fd, const void *p, size_t n)
{
	const unsigned char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads exactly n bytes unless the file ends: the count read, -1 on error. */
static ssize_t read_full(int fd, void *p, size_t n)
{
	unsigned char *c = p;
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, c + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* The directory of path into dir (".", when it has none). */
static void dir_of(const char *path, char *dir, size_t size)
{
	snprintf(dir, size, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, size, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
}

/* fsync of a directory, so that a rename in it is durable. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static void hex_of(const unsigned char d[SHA256_BYTES], char out[65])
{
	sodium_bin2hex(out, 65, d, SHA256_BYTES);
}

/* UTC "YYYY-MM-DDTHH:MM:SSZ" and the file-name form "YYYYMMDDTHHMMSSZ". */
static void utc_text(int64_t t, char iso[32], char name[32])
{
	struct tm tm;
	time_t tt = (time_t)t;
	gmtime_r(&tt, &tm);
	strftime(iso, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	strftime(name, 32, "%Y%m%dT%H%M%SZ", &tm);
}

/* ---- the key file ----------------------------------------------------------- */

/* See app_backup.h. */
int app_backup_key_load(const char *path, unsigned char key[APP_BACKUP_KEY_BYTES], enum lang lang,
			struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return err_set(e, "%s: %s", path, strerror(errno));
	struct stat sb;
	int rc = -1;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		err_set(e, "%s: %s", path,
			L(lang, "鍵ファイルが通常のファイルではありません",
			  "the key file is not a regular file"));
	} else if (sb.st_mode & 077) {
		err_set(e, "%s: %s", path,
			L(lang, "鍵ファイルが所有者以外からも読めます（chmod 600 にしてください）",
			  "the key file can be read by others than its owner (chmod 600 it)"));
	} else if (sb.st_size != APP_BACKUP_KEY_BYTES ||
		   read_full(fd, key, APP_BACKUP_KEY_BYTES) != APP_BACKUP_KEY_BYTES) {
		err_set(e, "%s: %s", path,
			L(lang, "鍵ファイルはちょうど32バイトでなければなりません",
			  "a key file must be exactly 32 bytes"));
	} else {
		rc = 0;
	}
	close(fd);
	return rc;
}

/* See app_backup.h. */
int app_backup_key_new(const char *path, enum lang lang, struct err *e)
{
	unsigned char key[APP_BACKUP_KEY_BYTES];
	crypto_ready();
	randombytes_buf(key, sizeof key);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return err_set(e, "%s: %s", path, strerror(errno));
	int rc = write_all(fd, key, sizeof key) || fsync(fd) ? -1 : 0;
	int saved = errno;
	close(fd);
	sodium_memzero(key, sizeof key);
	if (rc) {
		unlink(path);
		return err_set(e, "%s: %s", path, strerror(saved));
	}
	(void)lang;
	return 0;
}

/* ---- making a backup ------------------------------------------------------- */

/* The manifest of a copy. */
static json_t *manifest_new(int64_t created, const struct store_backup_facts *f, bool encrypted,
			    int64_t db_bytes, const char *db_sha, int64_t payload_bytes,
			    const char *payload_sha, json_t *heads)
{
	char iso[32], name[32];
	utc_text(created, iso, name);
	json_t *m = json_pack("{s:s, s:i, s:s, s:I, s:i, s:{s:I, s:I, s:I, s:I, s:I}, s:b, s:I, s:s,"
			 " s:I, s:s}",
			 "format", "itbcp-backup", "version", FORMAT_VERSION, "created", iso,
			 "created_unix", (json_int_t)created, "schema", f->schema, "counts",
			 "incidents", (json_int_t)f->incidents, "timeline", (json_int_t)f->timeline,
			 "checkins", (json_int_t)f->checkins, "audit", (json_int_t)f->audit,
			 "users", (json_int_t)f->users, "encrypted", encrypted, "db_bytes",
			 (json_int_t)db_bytes, "db_sha256", db_sha, "payload_bytes",
			 (json_int_t)payload_bytes, "payload_sha256", payload_sha);
	/* Each record's last entry and the record key leave the database
	 * here too (store/record_heads.h); restore checks them. */
	json_object_update(m, heads);
	return m;
}

/* Packs the plain copy at src into the new file dst: head, payload
 * (encrypted with key when given), manifest, tail; synced. */
static int pack(const char *src, const char *dst, const unsigned char *key, int64_t created,
		const struct store_backup_facts *f, json_t *heads, struct app_backup_result *res,
		struct err *e)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return err_set(e, "%s: %s", src, strerror(errno));
	int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		close(in);
		return err_set(e, "%s: %s", dst, strerror(errno));
	}
	struct stat sb;
	fstat(in, &sb);
	int64_t total = sb.st_size, done = 0, payload = 0;
	struct sha256 hdb, hpay;
	sha256_init(&hdb);
	sha256_init(&hpay);
	unsigned char *plain = xmalloc(PIECE), *cipher = xmalloc(PIECE + SS_ABYTES);
	crypto_secretstream_xchacha20poly1305_state ss;
	int rc = -1;
	if (write_all(out, MAGIC_HEAD, MAGIC_HEAD_LEN))
		goto io;
	if (key) {
		unsigned char hdr[SS_HEADER];
		crypto_ready();
		crypto_secretstream_xchacha20poly1305_init_push(&ss, hdr, key);
		if (write_all(out, hdr, sizeof hdr))
			goto io;
		sha256_update(&hpay, hdr, sizeof hdr);
		payload += (int64_t)sizeof hdr;
	}
	do {
		size_t want = total - done < PIECE ? (size_t)(total - done) : PIECE;
		ssize_t got = read_full(in, plain, want);
		if (got != (ssize_t)want) {
			err_set(e, "%s: %s", src, got < 0 ? strerror(errno) : "changed while packed");
			goto out;
		}
		done += got;
		sha256_update(&hdb, plain, (size_t)got);
		const unsigned char *w = plain;
		size_t wn = (size_t)got;
		if (key) {
			unsigned long long cn;
			unsigned char tag =
				done == total ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
					      : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
			crypto_secretstream_xchacha20poly1305_push(&ss, cipher, &cn, plain,
								   (size_t)got, NULL, 0, tag);
			w = cipher;
			wn = (size_t)cn;
		}
		if (write_all(out, w, wn))
			goto io;
		sha256_update(&hpay, w, wn);
		payload += (int64_t)wn;
		if (payload % SYNC_EVERY < (int64_t)wn && fdatasync(out))
			goto io;
	} while (done < total);
	unsigned char d[SHA256_BYTES];
	char db_sha[65];
	sha256_final(&hdb, d);
	hex_of(d, db_sha);
	sha256_final(&hpay, d);
	hex_of(d, res->sha256);
	json_t *m = manifest_new(created, f, key != NULL, total, db_sha, payload, res->sha256, heads);
	char *text = json_dumps(m, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(m);
	size_t tl = strlen(text);
	unsigned char len[4] = { (unsigned char)(tl >> 24), (unsigned char)(tl >> 16),
				 (unsigned char)(tl >> 8), (unsigned char)tl };
	int bad = write_all(out, text, tl) || write_all(out, len, 4) ||
		  write_all(out, MAGIC_TAIL, MAGIC_TAIL_LEN);
	free(text);
	if (bad || fsync(out))
		goto io;
	res->bytes = MAGIC_HEAD_LEN + payload + (int64_t)tl + 4 + MAGIC_TAIL_LEN;
	rc = 0;
	goto out;
io:
	err_set(e, "%s: %s", dst, strerror(errno));
out:
	sodium_memzero(plain, PIECE);
	free(plain);
	free(cipher);
	close(in);
	if (close(out) && rc == 0)
		rc = err_set(e, "%s: %s", dst, strerror(errno));
	if (rc)
		unlink(dst);
	return rc;
}

/* Removes what the retention rule lets go in dir, never the copy just
 * made (path), whatever the clock said before; the count removed. */
static size_t apply_retention(const char *dir, const char *path, int hourly, int daily)
{
	const char *made = strrchr(path, '/');
	made = made ? made + 1 : path;
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	char **names = NULL;
	size_t n = 0, cap = 0, removed = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (app_backup_name_time(de->d_name) < 0)
			continue;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	bool *keep = xcalloc(n ? n : 1, sizeof *keep);
	app_backup_keep((const char *const *)names, n, hourly, daily, keep);
	for (size_t i = 0; i < n; i++) {
		if (!keep[i] && strcmp(names[i], made) != 0) {
			struct buf p = BUF_INIT;
			buf_addf(&p, "%s/%s", dir, names[i]);
			if (unlink(p.data) == 0)
				removed++;
			buf_release(&p);
		}
		free(names[i]);
	}
	if (removed)
		sync_dir(dir);
	free(names);
	free(keep);
	return removed;
}

/* Records the attempt; a failure to record is only reported on stderr,
 * since the copy itself is what matters. */
static void record(const struct app_backup_req *req, int64_t started, bool ok,
		   const struct app_backup_result *res, const char *message)
{
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	struct store_backup_row row;
	memset(&row, 0, sizeof row);
	row.started = started;
	row.finished = (int64_t)time(NULL);
	snprintf(row.target, sizeof row.target, "%.511s", req->dir);
	const char *slash = strrchr(res->path, '/');
	snprintf(row.file, sizeof row.file, "%.255s", ok ? (slash ? slash + 1 : res->path) : "");
	row.bytes = ok ? res->bytes : 0;
	snprintf(row.sha256, sizeof row.sha256, "%s", ok ? res->sha256 : "");
	row.encrypted = req->key_path != NULL;
	row.ok = ok;
	snprintf(row.message, sizeof row.message, "%.511s", message ? message : "");
	if (store_open(&st, req->db_path, 0, &e) || store_backup_record(&st, &row, &e))
		fprintf(stderr, "itbcp backup: %s\n", e.msg);
	store_close(&st);
}

/* See app_backup.h. */
int app_backup_run(const struct app_backup_req *req, struct app_backup_result *res, struct err *e)
{
	enum lang lang = req->lang;
	unsigned char key[APP_BACKUP_KEY_BYTES];
	memset(res, 0, sizeof *res);
	int64_t started = (int64_t)time(NULL);
	if (req->key_path && app_backup_key_load(req->key_path, key, lang, e))
		return -1; /* nothing was tried: not an attempt to record */
	struct stat sb;
	if (store_backup_supported(req->db_path, e))
		return -1;
	if (stat(req->db_path, &sb) != 0)
		return err_set(e, "%s: %s", req->db_path,
			       L(lang, "データベースがありません", "no such database"));
	if (mkdir(req->dir, 0700) != 0 && errno != EEXIST)
		return err_set(e, "%s: %s", req->dir, strerror(errno));
	char iso[32], stamp[32];
	utc_text(started, iso, stamp);
	struct buf copy = BUF_INIT, tmp = BUF_INIT;
	json_t *heads = NULL;
	int rc = -1;
	/* A name of its own even for two copies in one second. */
	for (int k = 1; k < 100; k++) {
		if (k == 1)
			snprintf(res->path, sizeof res->path, "%s/itbcp-%s%s", req->dir, stamp,
				 APP_BACKUP_SUFFIX);
		else
			snprintf(res->path, sizeof res->path, "%s/itbcp-%s-%d%s", req->dir, stamp,
				 k, APP_BACKUP_SUFFIX);
		if (access(res->path, F_OK) != 0)
			break;
	}
	buf_addf(&copy, "%s.db-tmp", res->path);
	buf_addf(&tmp, "%s.tmp", res->path);
	if (store_backup_copy(req->db_path, copy.data, req->method, &res->copy, e))
		goto out;
	/* The copy is checked before it is kept: a damaged database would
	 * otherwise be copied faithfully over the good ones. */
	struct store c = STORE_INIT;
	if (store_open(&c, copy.data, 0, e) || store_backup_facts(&c, &res->facts, e) ||
	    store_record_heads(&c, &heads, e)) {
		store_close(&c);
		goto out;
	}
	store_close(&c);
	if (!store_backup_facts_sound(&res->facts)) {
		err_set(e, "%s: %s (%s%s%s)", req->db_path,
			L(lang, "データベースが損なわれているため、バックアップしません",
			  "the database is damaged, so it is not backed up"),
			res->facts.integrity, res->facts.bad_incident ? "; incident chain: " : "",
			res->facts.bad_incident ? res->facts.chain_reason : "");
		goto out;
	}
	if (pack(copy.data, tmp.data, req->key_path ? key : NULL, started, &res->facts, heads, res, e))
		goto out;
	if (rename(tmp.data, res->path) != 0) {
		err_set(e, "%s: %s", res->path, strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	sync_dir(req->dir);
	rc = 0;
	if (req->keep_hourly > 0 || req->keep_daily > 0)
		res->removed = apply_retention(req->dir, res->path, req->keep_hourly, req->keep_daily);
out:
	unlink(copy.data);
	sodium_memzero(key, sizeof key);
	if (!req->no_record)
		record(req, started, rc == 0, res, rc == 0 ? NULL : e->msg);
	json_decref(heads);
	buf_release(&copy);
	buf_release(&tmp);
	return rc;
}

/* ---- restoring --------------------------------------------------------------- */

/* The manifest's fields a restore relies on. */
struct manifest {
	int version, schema;
	bool encrypted;
	int64_t created, db_bytes, payload_bytes;
	int64_t incidents, timeline, checkins, audit, users;
	char db_sha[65], payload_sha[65], created_iso[32];
	json_t *heads; /* {"record_key", "records"}, NULL from an itbcp before them */
};

/* Reads and checks the head, tail and manifest of the backup at fd (size
 * bytes); -1 with why (foreign, cut short, too new). */
static int read_manifest(int fd, const char *file, int64_t size, struct manifest *m, enum lang lang,
			 struct err *e)
{
	char head[MAGIC_HEAD_LEN], tail[4 + MAGIC_TAIL_LEN];
	memset(m, 0, sizeof *m);
	if (size < MAGIC_HEAD_LEN || pread(fd, head, MAGIC_HEAD_LEN, 0) != MAGIC_HEAD_LEN ||
	    memcmp(head, MAGIC_HEAD, MAGIC_HEAD_LEN) != 0)
		return err_set(e, "%s: %s", file,
			       L(lang, "itbcp のバックアップファイルではありません",
				 "not an itbcp backup file"));
	if (size < MAGIC_HEAD_LEN + 4 + MAGIC_TAIL_LEN ||
	    pread(fd, tail, sizeof tail, size - (off_t)sizeof tail) != (ssize_t)sizeof tail ||
	    memcmp(tail + 4, MAGIC_TAIL, MAGIC_TAIL_LEN) != 0)
		return err_set(e, "%s: %s", file,
			       L(lang, "バックアップが途中で切れているか壊れています（末尾がありません）",
				 "the backup is cut short or damaged (its end is missing)"));
	const unsigned char *l = (const unsigned char *)tail;
	uint32_t ml = (uint32_t)l[0] << 24 | (uint32_t)l[1] << 16 | (uint32_t)l[2] << 8 | l[3];
	if (ml == 0 || ml > MANIFEST_MAX || (int64_t)ml > size - MAGIC_HEAD_LEN - (int64_t)sizeof tail)
		return err_set(e, "%s: %s", file,
			       L(lang, "バックアップのマニフェストが壊れています",
				 "the backup's manifest is damaged"));
	char *text = xmalloc(ml + 1);
	off_t at = size - (off_t)sizeof tail - ml;
	int rc = -1;
	json_t *j = NULL;
	if (pread(fd, text, ml, at) != (ssize_t)ml)
		goto bad;
	text[ml] = '\0';
	j = json_loadb(text, ml, JSON_REJECT_DUPLICATES, NULL);
	const char *format = NULL, *created = NULL, *dsha = NULL, *psha = NULL;
	json_int_t ver = 0, schema = 0, cu = 0, db = 0, pb = 0, inc = 0, tl = 0, ci = 0, au = 0, us = 0;
	int enc = 0;
	if (!j ||
	    json_unpack(j,
			"{s:s, s:I, s:s, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I}, s:b,"
			" s:I, s:s, s:I, s:s}",
			"format", &format, "version", &ver, "created", &created, "created_unix", &cu,
			"schema", &schema, "counts", "incidents", &inc, "timeline", &tl, "checkins",
			&ci, "audit", &au, "users", &us, "encrypted", &enc, "db_bytes", &db,
			"db_sha256", &dsha, "payload_bytes", &pb, "payload_sha256", &psha) != 0 ||
	    strcmp(format, "itbcp-backup") != 0 || strlen(dsha) != 64 || strlen(psha) != 64)
		goto bad;
	if (ver > FORMAT_VERSION || schema > store_schema_latest()) {
		err_set(e, "%s: %s (%s %lld, %s %d)", file,
			L(lang, "新しい itbcp で作られたバックアップです。この版では復元できません",
			  "the backup was made by a newer itbcp and this one cannot restore it"),
			L(lang, "スキーマ", "schema"), (long long)schema,
			L(lang, "この版は", "this one knows"), store_schema_latest());
		goto out;
	}
	if (pb != size - MAGIC_HEAD_LEN - (int64_t)ml - (int64_t)sizeof tail || pb < 0 || db < 0)
		goto bad;
	m->version = (int)ver;
	m->schema = (int)schema;
	m->encrypted = enc != 0;
	m->created = cu;
	m->db_bytes = db;
	m->payload_bytes = pb;
	m->incidents = inc;
	m->timeline = tl;
	m->checkins = ci;
	m->audit = au;
	m->users = us;
	snprintf(m->db_sha, sizeof m->db_sha, "%s", dsha);
	snprintf(m->payload_sha, sizeof m->payload_sha, "%s", psha);
	snprintf(m->created_iso, sizeof m->created_iso, "%s", created);
	json_t *recs = json_object_get(j, "records");
	if (recs) {
		if (!json_is_array(recs) || !json_object_get(j, "record_key"))
			goto bad;
		m->heads = json_pack("{s:O, s:O}", "record_key", json_object_get(j, "record_key"),
				     "records", recs);
	}
	rc = 0;
	goto out;
bad:
	err_set(e, "%s: %s", file,
		L(lang, "バックアップのマニフェストが壊れています", "the backup's manifest is damaged"));
out:
	json_decref(j);
	free(text);
	return rc;
}

/* Streams the payload of fd into the new file out: checks the stored
 * bytes' checksum, decrypts with key when the backup is encrypted, checks
 * the database's checksum and size. */
static int unpack(int fd, const char *file, const struct manifest *m, const unsigned char *key,
		  int out, const char *outname, enum lang lang, struct err *e)
{
	struct sha256 hpay, hdb;
	sha256_init(&hpay);
	sha256_init(&hdb);
	crypto_secretstream_xchacha20poly1305_state ss;
	unsigned char *in = xmalloc(PIECE + SS_ABYTES), *plain = xmalloc(PIECE);
	int64_t left = m->payload_bytes, written = 0;
	int rc = -1;
	bool final = !m->encrypted;
	if (lseek(fd, MAGIC_HEAD_LEN, SEEK_SET) < 0)
		goto io;
	if (m->encrypted) {
		unsigned char hdr[SS_HEADER];
		if (left < (int64_t)sizeof hdr || read_full(fd, hdr, sizeof hdr) != sizeof hdr)
			goto cut;
		sha256_update(&hpay, hdr, sizeof hdr);
		left -= (int64_t)sizeof hdr;
		crypto_ready();
		if (crypto_secretstream_xchacha20poly1305_init_pull(&ss, hdr, key) != 0)
			goto wrongkey;
	}
	size_t piece = m->encrypted ? PIECE + SS_ABYTES : PIECE;
	while (left > 0) {
		size_t want = left < (int64_t)piece ? (size_t)left : piece;
		ssize_t got = read_full(fd, in, want);
		if (got != (ssize_t)want)
			goto cut;
		left -= got;
		sha256_update(&hpay, in, want);
		const unsigned char *w = in;
		size_t wn = want;
		if (m->encrypted) {
			unsigned long long pn;
			unsigned char tag;
			if (final)
				goto damaged; /* bytes after the last piece */
			if (crypto_secretstream_xchacha20poly1305_pull(&ss, plain, &pn, &tag, in,
								       want, NULL, 0) != 0)
				goto wrongkey;
			final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
			w = plain;
			wn = (size_t)pn;
		}
		sha256_update(&hdb, w, wn);
		if (write_all(out, w, wn)) {
			err_set(e, "%s: %s", outname, strerror(errno));
			goto out;
		}
		written += (int64_t)wn;
	}
	unsigned char d[SHA256_BYTES];
	char hex[65];
	sha256_final(&hpay, d);
	hex_of(d, hex);
	if (strcmp(hex, m->payload_sha) != 0)
		goto damaged;
	if (!final)
		goto cut;
	sha256_final(&hdb, d);
	hex_of(d, hex);
	if (strcmp(hex, m->db_sha) != 0 || written != m->db_bytes)
		goto damaged;
	rc = 0;
	goto out;
io:
	err_set(e, "%s: %s", file, strerror(errno));
	goto out;
cut:
	err_set(e, "%s: %s", file,
		L(lang, "バックアップが途中で切れています", "the backup is cut short"));
	goto out;
wrongkey:
	/* A wrong key and a damaged piece look the same to the cipher; the
	 * checksum tells them apart when the stored bytes are whole. */
	{
		unsigned char rest[PIECE];
		while (left > 0) {
			ssize_t got = read_full(fd, rest, left < PIECE ? (size_t)left : PIECE);
			if (got <= 0)
				break;
			sha256_update(&hpay, rest, (size_t)got);
			left -= got;
		}
		unsigned char dd[SHA256_BYTES];
		char hh[65];
		sha256_final(&hpay, dd);
		hex_of(dd, hh);
		if (left == 0 && strcmp(hh, m->payload_sha) == 0) {
			err_set(e, "%s: %s", file,
				L(lang, "復号できません：鍵が違います",
				  "cannot decrypt: the key is not the one it was made with"));
			goto out;
		}
	}
damaged:
	err_set(e, "%s: %s", file,
		L(lang, "チェックサムが一致しません：バックアップが壊れています",
		  "the checksum does not match: the backup is damaged"));
out:
	sodium_memzero(plain, PIECE);
	free(plain);
	free(in);
	return rc;
}

/* Checks the restored database at path against the manifest. */
static int check_restored(const char *path, const char *file, const struct manifest *m,
			  struct app_restore_result *res, enum lang lang, struct err *e)
{
	char magic[16] = { 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read_full(fd, magic, 16) != 16 || memcmp(magic, SQLITE_MAGIC, 15) != 0) {
		if (fd >= 0)
			close(fd);
		return err_set(e, "%s: %s", file,
			       L(lang, "中身が SQLite のデータベースではありません",
				 "what it holds is not an SQLite database"));
	}
	close(fd);
	struct store st = STORE_INIT;
	struct err oe = ERR_INIT;
	/* Opening migrates a copy from an older itbcp to this one's schema,
	 * in the temporary file, before anything is replaced. */
	if (store_open(&st, path, 0, &oe) || store_backup_facts(&st, &res->facts, &oe)) {
		store_close(&st);
		return err_set(e, "%s: %s: %s", file,
			       L(lang, "データベースとして読めません", "cannot be read as a database"),
			       oe.msg);
	}
	json_t *heads = NULL;
	if (m->heads && store_record_heads(&st, &heads, &oe)) {
		store_close(&st);
		return err_set(e, "%s: %s", file, oe.msg);
	}
	store_close(&st);
	int heads_differ = m->heads && !json_equal(heads, m->heads);
	json_decref(heads);
	const struct store_backup_facts *f = &res->facts;
	if (strcmp(f->integrity, "ok") != 0)
		return err_set(e, "%s: %s: %s", file,
			       L(lang, "SQLite の整合性検査に失敗しました",
				 "SQLite's integrity check failed"),
			       f->integrity);
	if (f->bad_incident)
		return err_set(e, "%s: %s %lld: %s", file,
			       L(lang, "インシデントの記録のハッシュチェーンが切れています",
				 "an incident record's hash chain is broken:"),
			       (long long)f->bad_incident, f->chain_reason);
	if (f->audit_bad_id)
		return err_set(e, "%s: %s %lld", file,
			       L(lang, "監査ログのハッシュチェーンが切れています",
				 "the audit log's hash chain is broken at row"),
			       (long long)f->audit_bad_id);
	if (f->incidents != m->incidents || f->timeline != m->timeline ||
	    f->checkins != m->checkins || f->audit != m->audit || f->users != m->users)
		return err_set(e, "%s: %s", file,
			       L(lang, "件数がマニフェストと一致しません",
				 "the counts differ from the manifest"));
	if (heads_differ)
		return err_set(e, "%s: %s", file,
			       L(lang, "記録の最後の項目とハッシュ（または記録の鍵）がマニフェストと一致しません",
				 "the records' last entries and hashes (or the record key) differ from the manifest"));
	return 0;
}

/* See app_backup.h. */
int app_backup_restore(const struct app_restore_req *req, struct app_restore_result *res, struct err *e)
{
	enum lang lang = req->lang;
	memset(res, 0, sizeof *res);
	int fd = open(req->file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, "%s: %s", req->file, strerror(errno));
	struct stat sb;
	struct manifest m = { 0 };
	unsigned char key[APP_BACKUP_KEY_BYTES];
	struct buf tmp = BUF_INIT;
	int out = -1, rc = -1;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		err_set(e, "%s: %s", req->file,
			L(lang, "通常のファイルではありません", "not a regular file"));
		goto out;
	}
	if (read_manifest(fd, req->file, sb.st_size, &m, lang, e))
		goto out;
	snprintf(res->created, sizeof res->created, "%s", m.created_iso);
	res->schema = m.schema;
	res->encrypted = m.encrypted;
	if (m.encrypted && !req->key_path) {
		err_set(e, "%s: %s", req->file,
			L(lang, "暗号化されています：--key で鍵ファイルを指定してください",
			  "it is encrypted: give the key file with --key"));
		goto out;
	}
	if (m.encrypted && app_backup_key_load(req->key_path, key, lang, e))
		goto out;
	struct stat tb;
	bool exists = req->target && stat(req->target, &tb) == 0;
	if (req->target && !exists) {
		/* A log left beside a missing database would be read into the
		 * restored one at its first open, and corrupt it. */
		struct buf side = BUF_INIT;
		buf_addf(&side, "%s-wal", req->target);
		bool stale = stat(side.data, &tb) == 0;
		buf_release(&side);
		if (stale) {
			err_set(e, "%s-wal: %s", req->target,
				L(lang, "データベースのない古いログがあります。確かめて取り除いてから復元してください",
				  "a log without its database is there: look at it and remove it first"));
			goto out;
		}
	}
	if (exists && !req->force) {
		err_set(e, "%s: %s", req->target,
			L(lang, "すでにあります。置き換えるには --force（元のファイルは横に残します）",
			  "exists already; --force replaces it (the old file is kept beside it)"));
		goto out;
	}
	/* The temporary copy lives beside the target, so the rename that
	 * replaces it stays on one file system; a check only writes it beside
	 * the backup file. */
	char dir[4096];
	dir_of(req->target ? req->target : req->file, dir, sizeof dir);
	buf_addf(&tmp, "%s/.itbcp-restore-%ld.tmp", dir, (long)getpid());
	out = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		err_set(e, "%s: %s", tmp.data, strerror(errno));
		goto out;
	}
	int ur = unpack(fd, req->file, &m, key, out, tmp.data, lang, e);
	if (ur == 0 && fsync(out) != 0)
		ur = err_set(e, "%s: %s", tmp.data, strerror(errno));
	close(out);
	out = -1;
	if (ur || check_restored(tmp.data, req->file, &m, res, lang, e))
		goto out;
	if (!req->target) {
		rc = 0;
		goto out;
	}
	/* Migrations may have written the temporary copy: sync it again. */
	out = open(tmp.data, O_RDONLY | O_CLOEXEC);
	if (out < 0 || fsync(out) != 0) {
		err_set(e, "%s: %s", tmp.data, strerror(errno));
		goto out;
	}
	if (exists) {
		if (store_backup_take_offline(req->target, e)) {
			char msg[sizeof e->msg];
			snprintf(msg, sizeof msg, "%s", e->msg);
			err_set(e, "%s (%s)", msg,
				L(lang, "itbcp serve を止めてから復元してください",
				  "stop itbcp serve before restoring"));
			goto out;
		}
		char iso[32], stamp[32];
		utc_text((int64_t)time(NULL), iso, stamp);
		snprintf(res->kept, sizeof res->kept, "%s.replaced-%s", req->target, stamp);
		if (link(req->target, res->kept) != 0) {
			err_set(e, "%s: %s", res->kept, strerror(errno));
			res->kept[0] = '\0';
			goto out;
		}
	}
	if (rename(tmp.data, req->target) != 0) {
		err_set(e, "%s: %s", req->target, strerror(errno));
		goto out;
	}
	sync_dir(dir);
	rc = 0;
out:
	if (out >= 0)
		close(out);
	if (tmp.data)
		unlink(tmp.data);
	close(fd);
	sodium_memzero(key, sizeof key);
	json_decref(m.heads);
	buf_release(&tmp);
	return rc;
}
