/*
 * app_backup_offsite.c — see app_backup_offsite.h.  One libcurl handle per
 * transfer: the upload, the read-back, each deletion.
 */
#include "app/app_backup_offsite.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#define OFFSITE_TIMEOUT 600

bool app_offsite_is_url(const char *s)
{
	return strstr(s, "://") != NULL;
}

/* Checks the URL: its scheme, no password, a path of plain characters
 * ending the directory; http:// only to loopback. */
static int check_url(const char *url, enum lang lang, struct err *e)
{
	bool sftp = strncmp(url, "sftp://", 7) == 0, https = strncmp(url, "https://", 8) == 0,
	     http = strncmp(url, "http://", 7) == 0;
	if (!sftp && !https && !http)
		return err_set(e, "%s: %s", url,
			       L(lang, "送り先は sftp:// か https:// です",
				 "the URL must be sftp:// or https://"));
	const char *host = strstr(url, "://") + 3;
	const char *path = strchr(host, '/');
	size_t hl = path ? (size_t)(path - host) : strlen(host);
	const char *at = memchr(host, '@', hl);
	if (at && memchr(host, ':', (size_t)(at - host)))
		return err_set(
			e, "%s",
			L(lang, "URL にパスワードを書かないでください（プロセス一覧に見えます）。--netrc で渡してください",
			  "a password in the URL would show in the process list: give it with --netrc"));
	if (http) {
		const char *h = at ? at + 1 : host;
		if (strncmp(h, "127.0.0.1", 9) != 0 && strncmp(h, "[::1]", 5) != 0 &&
		    strncmp(h, "localhost", 9) != 0)
			return err_set(e, "%s: %s", url,
				       L(lang, "http:// はこのマシン（ループバック）宛てだけです。https:// を使ってください",
					 "http:// is only for this machine's loopback: use https://"));
	}
	if (!path || strlen(url) > 1000)
		return err_set(e, "%s: %s", url,
			       L(lang, "送り先のディレクトリがありません", "no directory in the URL"));
	for (const char *c = path; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || strchr("/._-~", *c)))
			return err_set(e, "%s: %s", url,
				       L(lang, "ディレクトリ名には英数字と / . _ - ~ だけを使ってください",
					 "the directory may hold only letters, digits and / . _ - ~"));
	return 0;
}

/* A credential file must be a regular file only its owner can read. */
static int check_private(const char *path, const char *what, enum lang lang, struct err *e)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return err_set(e, "%s %s: %s", what, path, strerror(errno));
	if (!S_ISREG(sb.st_mode) || (sb.st_mode & 077))
		return err_set(e, "%s %s: %s", what, path,
			       L(lang, "所有者だけが読める通常のファイルにしてください（chmod 600）",
				 "must be a regular file only its owner can read (chmod 600)"));
	return 0;
}

/* See app_backup_offsite.h. */
int app_offsite_check(const struct app_offsite *o, enum lang lang, struct err *e)
{
	if (check_url(o->url, lang, e) || (o->netrc && check_private(o->netrc, "--netrc", lang, e)) ||
	    (o->ssh_key && check_private(o->ssh_key, "--ssh-key", lang, e)))
		return -1;
	if (strncmp(o->url, "sftp://", 7) == 0 && !o->known_hosts)
		return err_set(e, "%s",
			       L(lang, "sftp:// には --known-hosts（相手のホスト鍵）が必要です",
				 "sftp:// needs --known-hosts (the server's host key)"));
	return 0;
}

/* A handle with what every transfer to o shares; errbuf gets curl's word. */
static CURL *handle(const struct app_offsite *o, const char *url, char *errbuf)
{
	CURL *c = curl_easy_init();
	if (!c)
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout_s > 0 ? o->timeout_s : OFFSITE_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "sftp,https,http");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	if (o->netrc) {
		curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
		curl_easy_setopt(c, CURLOPT_NETRC_FILE, o->netrc);
	}
	if (strncmp(url, "sftp://", 7) == 0) {
		curl_easy_setopt(c, CURLOPT_SSH_AUTH_TYPES,
				 (long)(CURLSSH_AUTH_PUBLICKEY | CURLSSH_AUTH_PASSWORD));
		if (o->ssh_key) {
			curl_easy_setopt(c, CURLOPT_SSH_PRIVATE_KEYFILE, o->ssh_key);
			curl_easy_setopt(c, CURLOPT_SSH_PUBLIC_KEYFILE, "");
		}
		curl_easy_setopt(c, CURLOPT_SSH_KNOWNHOSTS, o->known_hosts);
		curl_easy_setopt(c, CURLOPT_FTP_CREATE_MISSING_DIRS, (long)CURLFTP_CREATE_DIR);
	}
	return c;
}

/* Runs c; -1 with curl's reason (never a credential: the URL has none). */
static int perform(CURL *c, const char *what, const char *url, const char *errbuf, struct err *e)
{
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		return 0;
	return err_set(e, "%s %s: %s", what, url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
}

struct digest {
	struct sha256 h;
	int64_t n, max;
};

static size_t on_data(char *p, size_t size, size_t nmemb, void *arg)
{
	struct digest *d = arg;
	size_t n = size * nmemb;
	if (d->n + (int64_t)n > d->max)
		return 0; /* more than was sent: wrong, and stop reading */
	sha256_update(&d->h, p, n);
	d->n += (int64_t)n;
	return n;
}

/* The SHA-256 of a local file into out. */
static int file_digest(const char *path, unsigned char out[SHA256_BYTES], int64_t *size, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, "%s: %s", path, strerror(errno));
	struct sha256 h;
	sha256_init(&h);
	unsigned char b[65536];
	size_t n;
	*size = 0;
	while ((n = fread(b, 1, sizeof b, f)) > 0) {
		sha256_update(&h, b, n);
		*size += (int64_t)n;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return err_set(e, "%s: read error", path);
	sha256_final(&h, out);
	return 0;
}

/* The remote path of name for an sftp "rm" (the URL's path; "/~/" is the
 * home directory, which the command names relatively). */
static void sftp_path(const char *url, const char *name, struct buf *out)
{
	const char *path = strchr(strstr(url, "://") + 3, '/');
	if (strncmp(path, "/~/", 3) == 0)
		path += 3;
	buf_addf(out, "rm \"%s%s%s\"", path, path[0] && path[strlen(path) - 1] == '/' ? "" : "/", name);
}

/* Deletes name in the remote directory base. */
static int remote_delete(const struct app_offsite *o, const char *base, const char *name, struct err *e)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct buf url = BUF_INIT, cmd = BUF_INIT;
	buf_addf(&url, "%s%s%s", base, base[strlen(base) - 1] == '/' ? "" : "/", name);
	CURL *c = NULL;
	struct curl_slist *q = NULL;
	int rc;
	if (strncmp(base, "sftp://", 7) == 0) {
		/* A quote command runs before a transfer: list nothing, rm. */
		c = handle(o, base, errbuf);
		sftp_path(base, name, &cmd);
		q = curl_slist_append(NULL, cmd.data);
		curl_easy_setopt(c, CURLOPT_QUOTE, q);
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	} else {
		c = handle(o, url.data, errbuf);
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "DELETE");
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	}
	rc = perform(c, "delete", url.data, errbuf, e);
	curl_slist_free_all(q);
	curl_easy_cleanup(c);
	buf_release(&url);
	buf_release(&cmd);
	return rc;
}

/* Applies the retention rule to the copies recorded at the URL. */
static size_t remote_retention(const struct app_backup_req *req, const struct app_offsite *o,
			       const char *made)
{
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	char **names = NULL;
	size_t n = 0, removed = 0;
	if (store_open(&st, req->db_path, 0, &e) ||
	    store_backup_live_files(&st, o->url, &names, &n, &e)) {
		fprintf(stderr, "itbcp backup: %s\n", e.msg);
		store_close(&st);
		return 0;
	}
	bool *keep = xcalloc(n ? n : 1, sizeof *keep);
	app_backup_keep((const char *const *)names, n, req->keep_hourly, req->keep_daily, keep);
	for (size_t i = 0; i < n; i++) {
		if (!keep[i] && strcmp(names[i], made) != 0) {
			if (remote_delete(o, o->url, names[i], &e) == 0 &&
			    store_backup_mark_removed(&st, o->url, names[i], &e) == 0)
				removed++;
			else
				fprintf(stderr, "itbcp backup: %s\n", e.msg);
		}
		free(names[i]);
	}
	free(names);
	free(keep);
	store_close(&st);
	return removed;
}

/* Sends the file at path to url and reads it back; 0 when what is there
 * has the local file's SHA-256. */
static int send_and_verify(const struct app_offsite *o, const char *path, const char *url,
			   enum lang lang, struct err *e)
{
	unsigned char local[SHA256_BYTES], remote[SHA256_BYTES];
	int64_t size;
	if (file_digest(path, local, &size, e))
		return -1;
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, "%s: %s", path, strerror(errno));
	char errbuf[CURL_ERROR_SIZE] = "";
	CURL *c = handle(o, url, errbuf);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READDATA, f);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
	int rc = perform(c, "upload", url, errbuf, e);
	curl_easy_cleanup(c);
	fclose(f);
	if (rc)
		return -1;
	struct digest d = { .n = 0, .max = size };
	sha256_init(&d.h);
	errbuf[0] = '\0';
	c = handle(o, url, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &d);
	rc = perform(c, "read back", url, errbuf, e);
	curl_easy_cleanup(c);
	if (rc)
		return -1;
	sha256_final(&d.h, remote);
	if (d.n != size || memcmp(local, remote, SHA256_BYTES) != 0)
		return err_set(e, "%s: %s (%lld / %lld)", url,
			       L(lang, "送った内容と読み戻した内容が一致しません",
				 "what was read back differs from what was sent"),
			       (long long)d.n, (long long)size);
	return 0;
}

/* Records the off-site attempt under the URL. */
static void record_offsite(const struct app_backup_req *req, const struct app_offsite *o,
			   int64_t started, bool ok, const char *file,
			   const struct app_backup_result *res, const char *message)
{
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	struct store_backup_row row;
	memset(&row, 0, sizeof row);
	row.started = started;
	row.finished = (int64_t)time(NULL);
	snprintf(row.target, sizeof row.target, "%.511s", o->url);
	snprintf(row.file, sizeof row.file, "%.255s", ok ? file : "");
	row.bytes = ok ? res->bytes : 0;
	snprintf(row.sha256, sizeof row.sha256, "%s", ok ? res->sha256 : "");
	row.encrypted = req->key_path != NULL;
	row.ok = ok;
	snprintf(row.message, sizeof row.message, "%.511s", message ? message : "");
	if (store_open(&st, req->db_path, 0, &e) || store_backup_record(&st, &row, &e))
		fprintf(stderr, "itbcp backup: %s\n", e.msg);
	store_close(&st);
}

/* See app_backup_offsite.h. */
int app_backup_offsite(const struct app_backup_req *req, const struct app_offsite *o,
		       struct app_backup_result *res, struct err *e)
{
	enum lang lang = req->lang;
	memset(res, 0, sizeof *res);
	/* One spelling of the directory (with its final /), so the record of
	 * what is there finds every copy sent to it. */
	char dir[1024];
	struct app_offsite site = *o;
	if (strlen(o->url) + 2 > sizeof dir)
		return err_set(e, "%s", L(lang, "URL が長すぎます", "the URL is too long"));
	snprintf(dir, sizeof dir, "%s%s", o->url,
		 o->url[0] && o->url[strlen(o->url) - 1] == '/' ? "" : "/");
	site.url = dir;
	o = &site;
	if (app_offsite_check(o, lang, e))
		return -1;
	int64_t started = (int64_t)time(NULL);
	/* The copy is made in a private directory beside the database. */
	char stage[4096];
	snprintf(stage, sizeof stage, "%s", req->db_path);
	char *slash = strrchr(stage, '/');
	size_t used = slash ? (size_t)(slash - stage + 1) : 0;
	snprintf(stage + used, sizeof stage - used, ".itbcp-offsite-%ld", (long)getpid());
	struct app_backup_req local = *req;
	local.dir = stage;
	local.keep_hourly = 0;
	local.keep_daily = 0;
	local.no_record = true;
	/* Counted by libcurl, and safe from any thread since 7.84 (Debian 12
	 * has 7.88): serve's backup thread and the JMA watcher may both. */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int rc = app_backup_run(&local, res, e);
	char file[256] = "";
	if (rc == 0) {
		const char *base = strrchr(res->path, '/');
		snprintf(file, sizeof file, "%.255s", base ? base + 1 : res->path);
		struct buf url = BUF_INIT;
		buf_addf(&url, "%s%s%s", o->url, o->url[strlen(o->url) - 1] == '/' ? "" : "/", file);
		rc = send_and_verify(o, res->path, url.data, lang, e);
		unlink(res->path);
		snprintf(res->path, sizeof res->path, "%s", url.data);
		buf_release(&url);
	}
	rmdir(stage);
	record_offsite(req, o, started, rc == 0, file, res, rc == 0 ? NULL : e->msg);
	if (rc == 0 && (req->keep_hourly > 0 || req->keep_daily > 0))
		res->removed = remote_retention(req, o, file);
	curl_global_cleanup();
	return rc;
}
