/*
 * cmd_serve.c — `itbcp serve [--listen ADDR:PORT] [--threads N]
 * [--max-connections N] [--max-per-address N] [--access-log] [--https]
 * [--trusted-proxy ADDR]`: the web face, until SIGINT or SIGTERM.
 * --https and --trusted-proxy are for a TLS-terminating proxy in front
 * (web/core/forwarded.h).  The connection limits (web.h) are
 * raised for a benchmark from one address or lowered for a small host;
 * behind a reverse proxy every client has the proxy's address, so
 * --max-per-address must then be as large as --max-connections.  The
 * database must exist (itbcp init) and is migrated at start; each worker
 * thread then opens its own connection.
 * The outbox's sender runs inside it too (deliver/deliver_outbox.h),
 * sending once delivery is set up (itbcp deliver show: public_url and a
 * channel; the settings are read at each look), and stops after the web
 * face.  With --jma-watch (or ITBCP_JMA_WATCH=1)
 * JMA's Atom feed is watched on a thread of its own meanwhile
 * (app/app_jma_watcher.h).  With --backup-dir DIR a backup is taken at
 * start and every --backup-every minutes (default 60) on a thread of its
 * own (app/app_backup_sched.h), encrypted with --backup-key FILE; a URL
 * for --backup-dir sends each copy off-site (app/app_backup_offsite.h)
 * with --backup-netrc, --backup-ssh-key and --backup-known-hosts.
 * --primary-url URL names the primary site for a standby's pages (two
 * sites, issue 18: web/core/standby.h): against a PostgreSQL hot standby
 * the server serves read-only and links to URL, and takes writes once
 * the standby is promoted, without a restart.
 * --agencies FILE serves several agencies, each from its own database and
 * at its own host name (format/agency_list.h; cli/serve_site.h runs each
 * one's threads); --db is then not used.
 * Every option may also come from the environment, ITBCP_ and its name
 * (ITBCP_LISTEN, ITBCP_BACKUP_DIR, ITBCP_HTTPS=1 …; cli/opts.h), which is
 * how the Debian package's unit passes /etc/itbcp/itbcp.conf.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_backup.h"
#include "app/app_jma_fetch.h"
#include "app/app_jma_share.h"
#include "app/app_jma_watch.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/serve_site.h"
#include "format/agency_list.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "web/core/forwarded.h"
#include "web/core/web.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"

/* True when url can be the primary's address on a standby's pages: http
 * or https, printable, no space or quote (it goes into an attribute and a
 * Link header), shorter than struct web keeps. */
static bool primary_url_ok(const char *url)
{
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return false;
	if (strlen(url) >= sizeof((struct web *)0)->primary_url)
		return false;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '<' || *p == '>')
			return false;
	return true;
}

/* Reads the value of a count option into *out, min..max; -1 after saying
 * what is wrong. */
static int parse_count(struct cli_ctx *ctx, const char *name, const char *text, long min, long max,
		       long *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (!*text || *end || v < min || v > max) {
		cli_error(ctx, "%s %s: %s %ld〜%ld / %ld to %ld", name, text,
			  L(ctx->lang, "範囲外です:", "out of range:"), min, max, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* The agencies to serve into *out: those of the file at path (read whole,
 * at most AGENCY_FILE_MAX bytes), or with no path the one database of
 * --db at any host.  -1 after printing why. */
static int load_agencies(struct cli_ctx *ctx, const char *path, struct agency_list *out)
{
	*out = (struct agency_list){ NULL, 0 };
	if (!path) {
		out->v = xcalloc(1, sizeof *out->v);
		out->v[0].db = xstrdup(ctx->db_path);
		out->n = 1;
		return 0;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		cli_error(ctx, "--agencies %s: %s", path, strerror(errno));
		return -1;
	}
	struct buf text = BUF_INIT;
	char chunk[8192];
	size_t n;
	while (text.len <= AGENCY_FILE_MAX && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&text, chunk, n);
	bool bad = ferror(f);
	fclose(f);
	struct err e = ERR_INIT;
	int rc = bad ? err_set(&e, "%s: %s", path, L(ctx->lang, "読めません", "cannot be read"))
		     : agency_list_parse(text.data ? text.data : "", text.len, path, ctx->lang, out,
					 &e);
	buf_release(&text);
	if (rc) {
		agency_list_release(out);
		cli_error(ctx, "--agencies %s", e.msg);
	}
	return rc;
}

/* Starts every agency of list, serves them all until SIGINT or SIGTERM
 * and stops them; the command's exit status. */
static int serve_sites(struct cli_ctx *ctx, const struct agency_list *list,
		       const struct serve_settings *set, const char *listen, unsigned threads)
{
	for (size_t i = 0; i < list->n; i++)
		if (serve_site_check(ctx, list->v[i].db, set))
			return 2;
	if (set->jma_watch)
		app_jma_fetch_global_init();
	if (set->jma_watch && list->n > 1) {
		/* The agencies' watchers poll together: one fetch of the feed and
		 * of each report for all of them (app/app_jma_share.h). */
		struct app_jma_watch jw = { .db_path = list->v[0].db };
		struct err je = ERR_INIT;
		if (app_jma_watch_settings(&jw, NULL, NULL, NULL, &je) == 0)
			app_jma_share_window(jw.interval * 1000 / 2);
	}
	struct serve_site *sites = xcalloc(list->n, sizeof *sites);
	struct web **webs = xcalloc(list->n, sizeof *webs);
	size_t started = 0;
	int rc = 0;
	for (; started < list->n; started++) {
		if (serve_site_start(ctx, &sites[started], list->v[started].host, list->v[started].db,
				     set)) {
			rc = 2;
			break;
		}
		webs[started] = &sites[started].w;
	}
	if (rc == 0) {
		if (list->n > 1 || list->v[0].host[0])
			for (size_t i = 0; i < list->n; i++)
				fprintf(stderr, "itbcp serve: %s %s: %s\n",
					L(ctx->lang, "機関", "agency"), list->v[i].host, list->v[i].db);
		struct err e = ERR_INIT;
		if (web_serve(webs, list->n, listen, threads, &e)) {
			cli_error(ctx, "%s", e.msg);
			rc = 2;
		}
	}
	while (started > 0)
		serve_site_stop(ctx, &sites[--started]);
	if (set->jma_watch && list->n > 1) {
		unsigned long shared, fetched;
		app_jma_share_counts(&shared, &fetched);
		fprintf(stderr, "itbcp jma watch: %s %lu, %s %lu\n",
			L(ctx->lang, "気象庁への取得", "fetched from JMA"), fetched,
			L(ctx->lang, "機関間で共有した応答", "answers shared between the agencies"),
			shared);
		app_jma_share_clear();
	}
	if (set->jma_watch)
		app_jma_fetch_global_cleanup();
	free(webs);
	free(sites);
	return rc;
}

int cmd_serve(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *listen = DEFAULT_LISTEN, *threads_s = NULL, *max_s = NULL, *per_s = NULL;
	const char *proxy = NULL, *primary_url = NULL, *agencies = NULL;
	bool access_log = false, jma_watch = false, https = false;
	const char *backup_dir = NULL, *backup_every_s = NULL, *backup_key = NULL;
	const char *backup_netrc = NULL, *backup_ssh_key = NULL, *backup_known_hosts = NULL;
	/* Each also from ITBCP_LISTEN, ITBCP_BACKUP_DIR … (cli/opts.h): the
	 * Debian package's unit runs plain `itbcp serve` with
	 * /etc/itbcp/itbcp.conf as its environment. */
	struct opt opts[] = { { "--listen", &listen, NULL, true },
			      { "--threads", &threads_s, NULL, true },
			      { "--access-log", NULL, &access_log, true },
			      { "--jma-watch", NULL, &jma_watch, true },
			      { "--max-connections", &max_s, NULL, true },
			      { "--max-per-address", &per_s, NULL, true },
			      { "--https", NULL, &https, true },
			      { "--trusted-proxy", &proxy, NULL, true },
			      { "--primary-url", &primary_url, NULL, true },
			      { "--agencies", &agencies, NULL, true },
			      { "--backup-dir", &backup_dir, NULL, true },
			      { "--backup-every", &backup_every_s, NULL, true },
			      { "--backup-key", &backup_key, NULL, true },
			      { "--backup-netrc", &backup_netrc, NULL, true },
			      { "--backup-ssh-key", &backup_ssh_key, NULL, true },
			      { "--backup-known-hosts", &backup_known_hosts, NULL, true },
			      { 0 } };
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	/* At least 4 even on a 2-core machine, so one slow page (a board read
	 * during a burst) does not hold up half the server; at most 8. */
	long threads = ncpu < 4 ? 4 : ncpu > 8 ? 8 : ncpu;
	if (threads_s) {
		char *end;
		threads = strtol(threads_s, &end, 10);
		if (*end || threads < 1 || threads > 64) {
			cli_error(ctx, "--threads %s: %s", threads_s,
				  L(ctx->lang, "1〜64で指定してください", "must be 1 to 64"));
			return 2;
		}
	}
	long conn_max = WEB_CONN_MAX, per_address = WEB_CONN_PER_ADDRESS;
	if ((max_s && parse_count(ctx, "--max-connections", max_s, 16, 1000000, &conn_max)) ||
	    (per_s && parse_count(ctx, "--max-per-address", per_s, 1, 1000000, &per_address)))
		return 2;
	if (per_address > conn_max) {
		cli_error(ctx, "--max-per-address %ld: %s", per_address,
			  L(ctx->lang, "--max-connections 以下にしてください",
			    "must not exceed --max-connections"));
		return 2;
	}
	char proxy_addr[46] = "";
	if (proxy && !forwarded_address(proxy, strlen(proxy), proxy_addr)) {
		cli_error(ctx, "--trusted-proxy %s: %s", proxy,
			  L(ctx->lang, "IPアドレス（例: 127.0.0.1）で指定してください",
			    "must be an IP address (e.g. 127.0.0.1)"));
		return 2;
	}
	if (primary_url && !primary_url_ok(primary_url)) {
		cli_error(ctx, "--primary-url %s: %s", primary_url,
			  L(ctx->lang, "http:// または https:// で始まる URL で指定してください",
			    "must be a URL starting with http:// or https://"));
		return 2;
	}
	long backup_every = 60;
	if (backup_every_s &&
	    parse_count(ctx, "--backup-every", backup_every_s, 1, 10080, &backup_every))
		return 2;
	if ((backup_every_s || backup_key || backup_netrc || backup_ssh_key || backup_known_hosts) &&
	    !backup_dir) {
		cli_error(ctx, "--backup-*: %s",
			  L(ctx->lang, "--backup-dir が必要です", "need --backup-dir"));
		return 2;
	}
	if (backup_key) { /* a bad key file stops the start, not the first backup */
		unsigned char k[APP_BACKUP_KEY_BYTES];
		struct err ke = ERR_INIT;
		if (app_backup_key_load(backup_key, k, ctx->lang, &ke)) {
			cli_error(ctx, "%s", ke.msg);
			return 2;
		}
	}
	struct app_offsite off = { .url = backup_dir, .netrc = backup_netrc,
				   .ssh_key = backup_ssh_key, .known_hosts = backup_known_hosts };
	bool offsite = backup_dir && app_offsite_is_url(backup_dir);
	if (!offsite && (backup_netrc || backup_ssh_key || backup_known_hosts)) {
		cli_error(ctx, "--backup-netrc, --backup-ssh-key, --backup-known-hosts: %s",
			  L(ctx->lang, "--backup-dir が URL のときだけです",
			    "only with a URL for --backup-dir"));
		return 2;
	}
	if (offsite) {
		struct err oe = ERR_INIT;
		if (app_offsite_check(&off, ctx->lang, &oe)) {
			cli_error(ctx, "%s", oe.msg);
			return 2;
		}
	}
	/* Several agencies: each has its own address at the primary site too,
	 * so the primary's address is a pattern with the agency's host in it. */
	if (agencies && primary_url && (!strstr(primary_url, "{host}") ||
					strstr(strstr(primary_url, "{host}") + 6, "{host}"))) {
		cli_error(ctx, "--primary-url %s: %s", primary_url,
			  L(ctx->lang,
			    "--agencies と使うときは、機関のホスト名の位置に {host} を1つ書いてください"
			    "（例 https://{host}.primary.example.jp）",
			    "with --agencies, write {host} once where the agency's host name goes "
			    "(e.g. https://{host}.primary.example.jp)"));
		return 2;
	}
	struct agency_list list;
	if (load_agencies(ctx, agencies, &list))
		return 2;
	struct serve_settings set = {
		.access_log = access_log, .https = https, .jma_watch = jma_watch,
		.conn_max = (unsigned)conn_max, .conn_per_address = (unsigned)per_address,
		.trusted_proxy = proxy_addr, .primary_url = primary_url ? primary_url : "",
		.backup_dir = backup_dir, .backup_every_min = backup_every,
		.backup_key = backup_key, .offsite = offsite ? &off : NULL, .several = agencies != NULL,
	};
	int rc = serve_sites(ctx, &list, &set, listen, (unsigned)threads);
	agency_list_release(&list);
	return rc;
}
