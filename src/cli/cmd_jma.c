/*
 * cmd_jma.c — `itbcp jma ingest FILE…` and `itbcp jma list`: JMA reports
 * (気象庁防災情報XML) taken in by hand, each kept once with what it
 * decided and why (app/app_jma.h); `itbcp jma watch`: JMA's Atom feed
 * polled and each report of interest taken in the same way
 * (app/app_jma_watch.h).  Every line that shows a report's
 * content credits JMA: 出典：気象庁.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_jma.h"
#include "app/app_jma_fetch.h"
#include "app/app_jma_watch.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "rules/crisis.h"

#define JMA_FILES_MAX 64

static json_t *row_json(const struct jma_row *r, bool duplicate)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "id",
			      (json_int_t)r->id, "type", r->type, "status", r->status, "info", r->info,
			      "event_id", r->event_id, "title", r->title, "max_intensity",
			      r->max_intensity, "decision", r->decision, "reason", r->reason,
			      "source", r->source, "duplicate", duplicate, "credit", "出典：気象庁");
	json_object_set_new(o, "serial", r->serial >= 0 ? json_integer(r->serial) : json_null());
	json_object_set_new(o, "incident", r->incident ? json_integer(r->incident) : json_null());
	return o;
}

/* One line for a person: what the report was, what it did, why. */
static void row_line(const struct jma_row *r, bool duplicate, enum lang lang)
{
	printf("%s #%lld %s %s %s %s EventID %s: %s — %s%s\n", r->source, (long long)r->id,
	       r->type[0] ? r->type : "-", r->status, r->info, r->title,
	       r->event_id[0] ? r->event_id : "-", duplicate ? L(lang, "受信済み", "received before") : r->decision,
	       r->reason, L(lang, "（出典：気象庁）", " (source: JMA, 出典：気象庁)"));
}

static int sub_ingest(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false;
	const char *as = NULL;
	const char *files[JMA_FILES_MAX] = { 0 };
	struct opt opts[] = { { "--json", NULL, &json }, { "--as", &as, NULL }, { 0 } };
	ctx->sub = "ingest";
	int r = opts_parse(ctx, argc, argv, opts, files, 1, JMA_FILES_MAX);
	if (r)
		return r > 0 ? 0 : 2;
	int status = 0;
	json_t *arr = json ? json_array() : NULL;
	for (size_t i = 0; i < JMA_FILES_MAX && files[i]; i++) {
		struct app_jma_outcome o;
		struct err e = ERR_INIT;
		if (app_jma_ingest(ctx->db_path, files[i], cli_author(as), ctx->lang, &o, &e)) {
			cli_error(ctx, "%s", e.msg);
			status = 2; /* this file changed nothing; the others go on */
			continue;
		}
		if (arr)
			json_array_append_new(arr, row_json(&o.row, o.duplicate));
		else
			row_line(&o.row, o.duplicate, ctx->lang);
		jma_row_release(&o.row);
	}
	if (arr)
		cli_print_json(arr);
	return status;
}

static int cmd_jma_sub_list(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false;
	struct opt opts[] = { { "--json", NULL, &json }, { 0 } };
	ctx->sub = "list";
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	struct jma_row *rows = NULL;
	int n = -1;
	if (store_open(&st, ctx->db_path, 0, &e) == 0)
		n = jma_store_list(&st, 1000, &rows, &e);
	store_close(&st);
	if (n < 0) {
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	json_t *arr = json ? json_array() : NULL;
	for (int i = 0; i < n; i++) {
		if (arr)
			json_array_append_new(arr, row_json(&rows[i], false));
		else
			row_line(&rows[i], false, ctx->lang);
		jma_row_release(&rows[i]);
	}
	free(rows);
	if (arr)
		cli_print_json(arr);
	return 0;
}

/* Set by SIGINT or SIGTERM during `jma watch`: the loop ends after the
 * report being taken in (a transfer under way is aborted). */
static atomic_int watch_stop;

static void on_stop(int sig)
{
	(void)sig;
	atomic_store(&watch_stop, 1);
}

/* Sleeps until the monotonic time until, or until told to stop. */
static void sleep_until(const struct timespec *until)
{
	while (!atomic_load(&watch_stop)) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > until->tv_sec ||
		    (now.tv_sec == until->tv_sec && now.tv_nsec >= until->tv_nsec))
			return;
		struct timespec step = { 0, 200 * 1000 * 1000 }; /* a stop is seen within 0.2 s */
		nanosleep(&step, NULL);
	}
}

/* `jma watch [--feed URL] [--interval S] [--timeout S] [--once]`: polls
 * until SIGINT or SIGTERM (exit 0), or once (exit 0 when the feed was read
 * and every report of interest taken in; 1 when the feed or a report
 * failed or was refused — logged, and the next run tries again). */
static int sub_watch(struct cli_ctx *ctx, int argc, char **argv)
{
	bool once = false;
	const char *feed = NULL, *interval = NULL, *timeout = NULL, *as = NULL;
	struct opt opts[] = { { "--feed", &feed, NULL },	 { "--interval", &interval, NULL },
			      { "--timeout", &timeout, NULL }, { "--once", NULL, &once },
			      { "--as", &as, NULL },		 { 0 } };
	ctx->sub = "watch";
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	struct err e = ERR_INIT;
	struct app_jma_watch w = { .db_path = ctx->db_path,
				   .author = as ? as : "jma-watch",
				   .lang = ctx->lang,
				   .log = stderr,
				   .stop = &watch_stop };
	if (app_jma_watch_settings(&w, feed, interval, timeout, &e)) {
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	struct store st = STORE_INIT; /* the database must exist: say so before polling */
	if (store_open(&st, ctx->db_path, 0, &e)) {
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	store_close(&st);
	atomic_store(&watch_stop, 0);
	struct sigaction sa = { .sa_handler = on_stop };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	app_jma_fetch_global_init();
	if (!once)
		fprintf(stderr, "itbcp jma watch: %s %s, %s %ld %s%s\n", L(ctx->lang, "監視します", "watching"),
			w.feed, L(ctx->lang, "間隔", "every"), w.interval, L(ctx->lang, "秒", "s"),
			L(ctx->lang, "（出典：気象庁）", " (source: JMA, 出典：気象庁)"));
	int status = 0;
	do {
		struct timespec next;
		clock_gettime(CLOCK_MONOTONIC, &next);
		next.tv_sec += w.interval;
		struct app_jma_poll p;
		e = (struct err)ERR_INIT;
		int rc = app_jma_watch_poll(&w, &p, &e); /* it logs what it did and why */
		if (once)
			status = rc || p.failed || p.refused ? 1 : 0;
		else
			sleep_until(&next);
	} while (!once && !atomic_load(&watch_stop));
	app_jma_fetch_global_cleanup();
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return status;
}

int cmd_jma(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_usage(ctx, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "ingest") == 0)
		return sub_ingest(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return cmd_jma_sub_list(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "watch") == 0)
		return sub_watch(ctx, argc - 1, argv + 1);
	cli_error(ctx, "%s: %s", argv[1],
		  L(ctx->lang, "そのようなサブコマンドはありません", "no such subcommand"));
	cli_usage(ctx, stderr);
	return 2;
}
