/*
 * cmd_deliver.c — `itbcp deliver set|show|run|list`: delivery of the
 * outbox's messages (issue 14): its settings, a sender run from the
 * command line, and what was sent to whom when.
 *
 * Settings are written straight to the database, each with an audit
 * entry (setting.set): whoever may run itbcp on the database file is its
 * administrator.  A password is never given here, only the path of a file
 * holding it (smtp_password_file).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_followup.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "deliver/deliver_config.h"
#include "deliver/deliver_outbox.h"
#include "store/outbox_store.h"
#include "store/settings_store.h"

static int sub_set(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *as = NULL, *ops[3] = { 0 };
	struct opt opts[] = { { "--as", &as, NULL }, { 0 } };
	ctx->sub = "set";
	int r = opts_parse(ctx, argc, argv, opts, ops, 2, 2);
	if (r)
		return r > 0 ? 0 : 2;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	int rc = store_open(&st, ctx->db_path, 0, &e);
	if (rc == 0)
		rc = deliver_config_set(&st, ops[0], ops[1], cli_author(as), ctx->lang, &e);
	store_close(&st);
	if (rc) {
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	printf("%s %s\n", ops[0],
	       *ops[1] ? L(ctx->lang, "を設定しました", "set")
		       : L(ctx->lang, "を削除しました", "removed"));
	return 0;
}

static int cmd_deliver_sub_show(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false;
	struct opt opts[] = { { "--json", NULL, &json }, { 0 } };
	ctx->sub = "show";
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	struct deliver_config c;
	if (store_open(&st, ctx->db_path, 0, &e) || deliver_config_load(&st, &c, &e)) {
		store_close(&st);
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	/* the follow-up's settings are read where they are acted on
	 * (app/app_followup.c, store/outbox_hold.c): shown as stored */
	char *extra[3] = { NULL, NULL, NULL };
#define STR_(x) #x
#define STR(x) STR_(x)
	static const char *const extra_default[3] = { STR(APP_REMIND_INTERVAL_DEFAULT),
						      STR(APP_REMIND_COUNT_DEFAULT), "0" };
	for (size_t i = 0; i < 3 && 8 + i < deliver_n_keys; i++)
		if (store_setting_get(&st, deliver_keys[8 + i].name, &extra[i], &e) < 0) {
			cli_error(ctx, "%s", e.msg);
			extra[i] = NULL;
		}
	store_close(&st);
	const char *vals[11] = { c.public_url, c.smtp_url,           c.smtp_tls,    c.smtp_from,
				 c.smtp_user,  c.smtp_password_file, c.webhook_url, NULL };
	char par[16];
	snprintf(par, sizeof par, "%d", c.parallel);
	vals[7] = par;
	for (size_t i = 0; i < 3; i++)
		vals[8 + i] = extra[i] ? extra[i] : extra_default[i];
	json_t *o = json ? json_object() : NULL;
	for (size_t i = 0; i < deliver_n_keys && i < sizeof vals / sizeof vals[0]; i++) {
		if (o)
			json_object_set_new(o, deliver_keys[i].name, cli_json_str(vals[i]));
		else
			printf("%-19s %s\n%-19s   %s\n", deliver_keys[i].name,
			       vals[i] ? vals[i] : L(ctx->lang, "（未設定）", "(not set)"), "",
			       L(ctx->lang, deliver_keys[i].help_ja, deliver_keys[i].help_en));
	}
	for (size_t i = 0; i < 3; i++)
		free(extra[i]);
	bool ready = deliver_config_ready(&c);
	if (o) {
		json_object_set_new(o, "ready", json_boolean(ready));
		cli_print_json(o);
	} else {
		printf("%s\n",
		       ready ? L(ctx->lang, "配信：設定済み", "delivery: set up")
			     : L(ctx->lang,
				 "配信：未設定（public_url と smtp_url・smtp_from または webhook_url が必要）",
				 "delivery: not set up (needs public_url, and smtp_url with smtp_from, or webhook_url)"));
	}
	deliver_config_release(&c);
	return 0;
}

static int sub_run(struct cli_ctx *ctx, int argc, char **argv)
{
	bool once = false;
	struct opt opts[] = { { "--once", NULL, &once }, { 0 } };
	ctx->sub = "run";
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	/* SIGINT and SIGTERM stop it cleanly: blocked here, before the
	 * workers start (they inherit the mask), and waited for below. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	static const struct deliver_hook followup = { app_followup_hook, NULL };
	struct deliver_outbox *d;
	struct deliver_stats s = { 0 };
	struct err e = ERR_INIT;
	if (deliver_outbox_start(&d, ctx->db_path, once, &followup, &e)) {
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	struct timespec tick = { 0, 200 * 1000000L };
	while (!deliver_outbox_done(d) && sigtimedwait(&sigs, NULL, &tick) < 0)
		;
	int rc = deliver_outbox_stop(d, &s, &e);
	if (rc)
		cli_error(ctx, "%s", e.msg);
	printf(L(ctx->lang, "送信 %lu、再試行待ち %lu、失敗 %lu、送信中から戻した %lu\n",
		 "sent %lu, to retry %lu, failed %lu, put back from sending %lu\n"),
	       s.sent, s.retried, s.failed, s.recovered);
	return rc ? 2 : 0;
}

/* A time as local ISO 8601, or "-". */
static void when(char *out, size_t n, int64_t t)
{
	if (t == NO_VALUE) {
		snprintf(out, n, "-");
		return;
	}
	time_t x = (time_t)t;
	struct tm tm;
	localtime_r(&x, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%S%z", &tm);
}

static int cmd_deliver_sub_list(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false;
	const char *inc_s = NULL;
	struct opt opts[] = { { "--json", NULL, &json }, { "--incident", &inc_s, NULL }, { 0 } };
	ctx->sub = "list";
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	int64_t inc = NO_VALUE;
	if (inc_s) {
		char *end;
		long long x = strtoll(inc_s, &end, 10);
		if (*end || end == inc_s || x < 1) {
			cli_error(ctx, "--incident %s: %s", inc_s,
				  L(ctx->lang, "事案の番号（1以上）を指定してください",
				    "must be an incident number (1 or more)"));
			return 2;
		}
		inc = x;
	}
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	struct outbox_msg *v = NULL;
	size_t n = 0;
	int rc = store_open(&st, ctx->db_path, 0, &e);
	if (rc == 0)
		rc = store_outbox_list(&st, inc, &v, &n, &e);
	store_close(&st);
	if (rc) {
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	json_t *arr = json ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		const struct outbox_msg *m = &v[i];
		if (arr) {
			json_t *o = json_pack(
				"{s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:s, s:s}",
				"id", (json_int_t)m->id, "incident", cli_json_int(m->incident),
				"kind", m->kind, "person", m->person, "channel", m->channel,
				"address", m->address, "state", m->state, "attempts",
				(json_int_t)m->attempts, "created_at", (json_int_t)m->created_at,
				"sent_at", cli_json_int(m->sent_at), "last_error", m->last_error,
				"response", m->response);
			json_array_append_new(arr, o);
			continue;
		}
		char sent[40];
		when(sent, sizeof sent, m->sent_at);
		printf("%-12s %-7s %-40s %-9s %s %s%s%s\n", m->person, m->channel, m->address,
		       m->state, sent, m->response, m->last_error[0] ? " — " : "", m->last_error);
	}
	store_outbox_free(v, n);
	if (arr)
		cli_print_json(arr);
	return 0;
}

int cmd_deliver(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_usage(ctx, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "set") == 0)
		return sub_set(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return cmd_deliver_sub_show(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "run") == 0)
		return sub_run(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return cmd_deliver_sub_list(ctx, argc - 1, argv + 1);
	cli_error(ctx, "%s: %s", argv[1],
		  L(ctx->lang, "そのようなサブコマンドはありません", "no such subcommand"));
	cli_usage(ctx, stderr);
	return 2;
}
