/*
 * serve_site.c — one agency's part of `itbcp serve` (serve_site.h).
 */
#include "cli/serve_site.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app_backup.h"
#include "app/app_backup_sched.h"
#include "app/app_followup.h"
#include "app/app_jma_watcher.h"
#include "cli/cli.h"
#include "deliver/deliver_outbox.h"
#include "store/record_key.h"

int serve_site_check(struct cli_ctx *ctx, const char *db_path, const struct serve_settings *set)
{
	/* A record key file that cannot be used stops the start, not the
	 * first check-in batch of a crisis (store/record_key.h). */
	unsigned char pk[STORE_RECORD_KEY_BYTES];
	struct err e = ERR_INIT;
	if (store_record_key_named(db_path, &e) || store_record_key_public(db_path, pk, &e) < 0) {
		cli_error(ctx, "%s", e.msg);
		return -1;
	}
	struct app_jma_watch jw = { .db_path = db_path };
	if (set->jma_watch && app_jma_watch_settings(&jw, NULL, NULL, NULL, &e)) {
		cli_error(ctx, "%s", e.msg);
		return -1;
	}
	return 0;
}

/* The outbox's sender starts whether or not delivery is set up: its
 * workers read the settings at each look and send nothing until it is
 * (so setting it up on /admin/delivery, or with itbcp deliver set, needs
 * no restart).  -1 after printing why. */
static int start_delivery(struct cli_ctx *ctx, struct serve_site *s)
{
	static const struct deliver_hook followup = { app_followup_hook, NULL };
	struct err e = ERR_INIT;
	if (deliver_outbox_start(&s->outbox, s->w.db_path, false, &followup, &e)) {
		cli_error(ctx, "%s", e.msg);
		s->outbox = NULL;
		return -1;
	}
	return 0;
}

/* Where this agency's backups go: the directory (or URL) given, or with
 * several agencies a folder of it named by the host, so that no two
 * agencies' copies mix and each keeps its own count. */
static int backup_target(struct cli_ctx *ctx, struct serve_site *s, const char *host,
			 const struct serve_settings *set)
{
	int n = set->several ? snprintf(s->backup_dir, sizeof s->backup_dir, "%s/%s",
					set->backup_dir, host)
			     : snprintf(s->backup_dir, sizeof s->backup_dir, "%s", set->backup_dir);
	if (n < 0 || (size_t)n >= sizeof s->backup_dir) {
		cli_error(ctx, "--backup-dir: %s", L(ctx->lang, "長すぎます", "too long"));
		return -1;
	}
	/* The parent of DIR/HOST: made here (0700), as a single plan's DIR
	 * is made by the backup itself. */
	if (set->several && !set->offsite && mkdir(set->backup_dir, 0700) != 0 && errno != EEXIST) {
		cli_error(ctx, "%s: %s", set->backup_dir, strerror(errno));
		return -1;
	}
	if (set->offsite) {
		s->offsite = *set->offsite;
		s->offsite.url = s->backup_dir;
	}
	return 0;
}

/* The agency's primary address on a standby's pages (--primary-url):
 * the URL given, with {host} (cmd_serve checked there is one when there
 * are several agencies) replaced by the agency's host.  -1 after saying
 * the result is too long. */
static int primary_url_for(struct cli_ctx *ctx, struct serve_site *s, const char *host,
			   const char *url)
{
	const char *at = *host ? strstr(url, "{host}") : NULL;
	int n = at ? snprintf(s->w.primary_url, sizeof s->w.primary_url, "%.*s%s%s",
			      (int)(at - url), url, host, at + 6)
		   : snprintf(s->w.primary_url, sizeof s->w.primary_url, "%s", url);
	if (n < 0 || (size_t)n >= sizeof s->w.primary_url) {
		cli_error(ctx, "--primary-url %s (%s): %s", url, host,
			  L(ctx->lang, "長すぎます", "too long"));
		return -1;
	}
	return 0;
}

int serve_site_start(struct cli_ctx *ctx, struct serve_site *s, const char *host,
		     const char *db_path, const struct serve_settings *set)
{
	struct err e = ERR_INIT;
	memset(s, 0, sizeof *s);
	if (web_init(&s->w, db_path, &e)) {
		cli_error(ctx, "%s%s%s", host, *host ? ": " : "", e.msg);
		return -1;
	}
	s->web_ready = true;
	snprintf(s->w.host, sizeof s->w.host, "%s", host);
	s->w.access_log = set->access_log;
	s->w.conn_max = set->conn_max;
	s->w.conn_per_address = set->conn_per_address;
	s->w.https = set->https;
	snprintf(s->w.trusted_proxy, sizeof s->w.trusted_proxy, "%s", set->trusted_proxy);
	if (primary_url_for(ctx, s, host, set->primary_url))
		goto fail;
	if (atomic_load(&s->w.standby))
		fprintf(stderr, "itbcp serve: %s%s%s\n", host, *host ? ": " : "",
			L(ctx->lang, "データベースは待機系（ホットスタンバイ）です: 読み取り専用で提供し、"
				     "昇格すると書き込みを受け付けます",
			  "the database is a hot standby: serving read-only until it is promoted"));
	if (start_delivery(ctx, s))
		goto fail;
	/* Started after the database is opened and migrated (web_init), so
	 * its first poll finds its tables. */
	if (set->jma_watch) {
		s->jw = (struct app_jma_watch){ .db_path = s->w.db_path, .author = "jma-watch",
						.lang = ctx->lang, .log = stderr };
		if (app_jma_watch_settings(&s->jw, NULL, NULL, NULL, &e) ||
		    app_jma_watcher_start(&s->watcher, &s->jw, &e)) {
			cli_error(ctx, "%s", e.msg);
			goto fail;
		}
		fprintf(stderr, "itbcp jma watch: %s%s%s %s, %s %ld %s%s\n", host, *host ? ": " : "",
			L(ctx->lang, "監視します", "watching"), s->jw.feed,
			L(ctx->lang, "間隔", "every"), s->jw.interval, L(ctx->lang, "秒", "s"),
			L(ctx->lang, "（出典：気象庁）", " (source: JMA, 出典：気象庁)"));
	}
	if (set->backup_dir) {
		if (backup_target(ctx, s, host, set))
			goto fail;
		struct app_backup_req br = { .db_path = s->w.db_path, .dir = s->backup_dir,
					     .key_path = set->backup_key,
					     .method = STORE_BACKUP_STEP,
					     .keep_hourly = APP_BACKUP_KEEP_HOURLY,
					     .keep_daily = APP_BACKUP_KEEP_DAILY, .lang = ctx->lang };
		if (app_backup_sched_start(&s->backups, &br, set->offsite ? &s->offsite : NULL,
					   set->backup_every_min * 60, stderr, &e))
			cli_error(ctx, "%s", e.msg); /* the server still serves */
	}
	return 0;
fail:
	serve_site_stop(ctx, s);
	return -1;
}

void serve_site_stop(struct cli_ctx *ctx, struct serve_site *s)
{
	app_backup_sched_free(s->backups);
	s->backups = NULL;
	struct err e = ERR_INIT;
	if (s->outbox && deliver_outbox_stop(s->outbox, NULL, &e))
		cli_error(ctx, "%s", e.msg);
	s->outbox = NULL;
	app_jma_watcher_free(s->watcher);
	s->watcher = NULL;
	if (s->web_ready)
		web_release(&s->w);
	s->web_ready = false;
}
