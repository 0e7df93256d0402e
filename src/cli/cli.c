/*
 * cli.c — `itbcp [--db FILE] [--lang ja|en] COMMAND [ARGS]`.
 *
 * The global options may stand anywhere before a "--"; they are taken out
 * of argv before the command sees it.  The database is named by --db, else
 * ITBCP_DB, else itbcp.db in the current directory.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "store/record_key.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define ITBCP_VERSION "0.1.0"

static void print_overview(enum lang lang, FILE *out)
{
	fprintf(out, "%s\n\n", L(lang, "使い方: itbcp [--db ファイル] [--lang ja|en] コマンド [引数]",
				"usage: itbcp [--db FILE] [--lang ja|en] COMMAND [ARGS]"));
	fprintf(out, "%s\n", L(lang, "情報システム運用継続計画（IT-BCP）の作成・点検・運用",
			       "Write, check and run an IT service continuity plan (IT-BCP)"));
	fprintf(out, "\n%s\n", L(lang, "コマンド:", "commands:"));
	for (const struct cli_command *c = commands_table; c->name; c++) {
		if (!c->help_ja)
			continue; /* hidden */
		size_t w = utf8_width(c->usage);
		fprintf(out, "  %s%*s  %s\n", c->usage, w < 28 ? (int)(28 - w) : 0, "",
			L(lang, c->help_ja, c->help_en));
	}
	fprintf(out, "\n%s\n", L(lang,
		"各コマンドの説明: itbcp コマンド --help   データベース: --db または ITBCP_DB（既定 itbcp.db）",
		"help on a command: itbcp COMMAND --help   database: --db or ITBCP_DB (default itbcp.db)"));
}

void cli_usage(const struct cli_ctx *ctx, FILE *out)
{
	const struct cli_command *c = ctx->cmd;
	fprintf(out, "%s itbcp %s\n", L(ctx->lang, "使い方:", "usage:"), c->usage);
	if (c->help_ja)
		fprintf(out, "%s\n", L(ctx->lang, c->help_ja, c->help_en));
	if (c->options)
		fprintf(out, "\n%s", c->options);
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	}
	return false;
}

void cli_error(const struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	fputs("itbcp", stderr);
	if (ctx->cmd)
		fprintf(stderr, " %s", ctx->cmd->name);
	if (ctx->cmd && ctx->sub)
		fprintf(stderr, " %s", ctx->sub);
	fputs(": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_main(int argc, char **argv)
{
	struct cli_ctx ctx = { 0 };
	const char *env_lang = getenv("ITBCP_LANG");
	ctx.db_path = getenv("ITBCP_DB");
	ctx.lang = lang_parse(env_lang) == LANG_EN ? LANG_EN : LANG_JA;
	if (!ctx.db_path || !*ctx.db_path)
		ctx.db_path = "itbcp.db";
	/* The record key's file (store/record_key.h), once, before any store
	 * is opened: unset, each database's DB.record-key. */
	store_record_key_file_set(getenv("ITBCP_RECORD_KEY"));

	/* Take the global options out of argv, wherever they stand. */
	char **args = xcalloc((size_t)argc + 1, sizeof *args);
	int n = 0;
	bool rest = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!rest && strcmp(a, "--") == 0)
			rest = true;
		if (!rest && (strcmp(a, "--db") == 0 || strcmp(a, "--lang") == 0)) {
			if (i + 1 >= argc || !*argv[i + 1]) {
				cli_error(&ctx, "%s %s", a,
					  L(ctx.lang, "には値が必要です", "needs a value"));
				free(args);
				return 2;
			}
			const char *v = argv[++i];
			if (a[2] == 'd') {
				ctx.db_path = v;
			} else if (lang_parse(v) < 0) {
				cli_error(&ctx, "--lang: %s: %s", v,
					  L(ctx.lang, "ja か en を指定してください", "must be ja or en"));
				free(args);
				return 2;
			} else {
				ctx.lang = (enum lang)lang_parse(v);
			}
			continue;
		}
		args[n++] = argv[i];
	}

	int status = 0;
	if (n == 0 || strcmp(args[0], "--help") == 0 || strcmp(args[0], "-h") == 0 ||
	    strcmp(args[0], "help") == 0) {
		const char *topic = n > 1 ? args[1] : NULL;
		const struct cli_command *c = commands_table;
		while (topic && c->name && strcmp(c->name, topic) != 0)
			c++;
		if (topic && c->name) {
			ctx.cmd = c;
			cli_usage(&ctx, stdout);
		} else {
			print_overview(ctx.lang, n == 0 ? stderr : stdout);
			status = n == 0 ? 2 : 0;
		}
	} else if (strcmp(args[0], "--version") == 0) {
		printf("itbcp %s\n", ITBCP_VERSION);
	} else {
		const struct cli_command *c = commands_table;
		while (c->name && strcmp(c->name, args[0]) != 0)
			c++;
		if (!c->name) {
			cli_error(&ctx, "%s: %s", args[0],
				  L(ctx.lang, "そのようなコマンドはありません（itbcp help で一覧）",
				    "no such command (itbcp help lists them)"));
			status = 2;
		} else {
			ctx.cmd = c;
			status = c->fn(&ctx, n, args);
		}
	}
	free(args);
	return status;
}

int cmd_version(struct cli_ctx *ctx, int argc, char **argv)
{
	int r = opts_parse(ctx, argc, argv, NULL, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	printf("itbcp %s\n", ITBCP_VERSION);
	return 0;
}

int cli_load_plan(const struct cli_ctx *ctx, struct plan *p)
{
	struct err e = ERR_INIT;
	if (app_load_plan(ctx->db_path, p, &e)) {
		cli_error(ctx, "%s", e.msg);
		return -1;
	}
	return 0;
}

void cli_print_json(json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(v);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		free(s);
	}
}

json_t *cli_json_int(int64_t v)
{
	return v == NO_VALUE ? json_null() : json_integer(v);
}

json_t *cli_json_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* See cli.h. */
const char *cli_author(const char *as)
{
	const char *u = getenv("USER");
	return as ? as : (u && *u ? u : "unknown");
}
