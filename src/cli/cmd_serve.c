/*
 * cmd_serve.c — `itbcp serve [--listen ADDR:PORT] [--threads N]`: the web
 * face, until SIGINT or SIGTERM.  The database must exist (itbcp init) and
 * is migrated at start; each worker thread then opens its own connection.
 * With --jma-watch (or ITBCP_JMA_WATCH=1) JMA's Atom feed is watched on a
 * thread of its own meanwhile (app/app_jma_watcher.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <string.h>

#include "app/app_jma_fetch.h"
#include "app/app_jma_watcher.h"
#include "cli/opts.h"
#include "cli/cli.h"
#include "web/core/web.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"

int cmd_serve(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *listen = DEFAULT_LISTEN, *threads_s = NULL;
	bool access_log = false, jma_watch = false;
	struct opt opts[] = { { "--listen", &listen, NULL },
			      { "--threads", &threads_s, NULL },
			      { "--access-log", NULL, &access_log },
			      { "--jma-watch", NULL, &jma_watch },
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
	const char *env = getenv("ITBCP_JMA_WATCH");
	jma_watch = jma_watch || (env && strcmp(env, "1") == 0);
	struct err e = ERR_INIT;
	struct app_jma_watch jw = { .db_path = ctx->db_path, .author = "jma-watch",
				    .lang = ctx->lang, .log = stderr };
	if (jma_watch && app_jma_watch_settings(&jw, NULL, NULL, NULL, &e)) {
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	struct web w;
	if (web_init(&w, ctx->db_path, &e)) {
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	w.access_log = access_log;
	/* Started after the database is opened and migrated (web_init), so
	 * its first poll finds its tables. */
	struct app_jma_watcher *watcher = NULL;
	if (jma_watch) {
		app_jma_fetch_global_init();
		if (app_jma_watcher_start(&watcher, &jw, &e)) {
			cli_error(ctx, "%s", e.msg);
			web_release(&w);
			app_jma_fetch_global_cleanup();
			return 2;
		}
		fprintf(stderr, "itbcp jma watch: %s %s, %s %ld %s%s\n",
			L(ctx->lang, "監視します", "watching"), jw.feed, L(ctx->lang, "間隔", "every"),
			jw.interval, L(ctx->lang, "秒", "s"),
			L(ctx->lang, "（出典：気象庁）", " (source: JMA, 出典：気象庁)"));
	}
	int rc = web_serve(&w, listen, (unsigned)threads, &e);
	if (rc)
		cli_error(ctx, "%s", e.msg);
	if (watcher) {
		app_jma_watcher_free(watcher);
		app_jma_fetch_global_cleanup();
	}
	web_release(&w);
	return rc ? 2 : 0;
}
