/* cmd_plan_io.c — init, import and export: the plan as a whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "util/fileio.h"

int cmd_init(struct cli_ctx *ctx, int argc, char **argv)
{
	bool demo = false, force = false;
	struct opt opts[] = { { "--demo", NULL, &demo }, { "--force", NULL, &force }, { 0 } };
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	struct err e = ERR_INIT;
	if (app_init(ctx->db_path, demo, force, ctx->lang, &e)) {
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	printf("%s: %s\n", ctx->db_path,
	       demo ? L(ctx->lang, "デモ計画を作成しました", "created with the demo plan")
		    : L(ctx->lang, "データベースを作成しました", "database ready"));
	return 0;
}

int cmd_import(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *file = NULL;
	int r = opts_parse(ctx, argc, argv, NULL, &file, 1, 1);
	if (r)
		return r > 0 ? 0 : 2;
	struct buf errors = BUF_INIT;
	int rc = 0;
	if (app_import(ctx->db_path, file, ctx->lang, &errors)) {
		fputs(errors.data, stderr);
		cli_error(ctx, "%s",
			  L(ctx->lang, "取り込みませんでした（データベースは変更されていません）",
			    "nothing imported (the database is unchanged)"));
		rc = 2;
	} else {
		printf("%s: %s\n", file, L(ctx->lang, "計画を取り込みました", "plan imported"));
	}
	buf_release(&errors);
	return rc;
}

int cmd_export(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *out = NULL;
	struct opt opts[] = { { "-o", &out, NULL }, { 0 } };
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	struct err e = ERR_INIT;
	char *text = app_export(ctx->db_path, &e);
	if (!text) {
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	int rc = 0;
	if (out) {
		if (write_file_atomic(out, text, strlen(text), &e)) {
			cli_error(ctx, "%s", e.msg);
			rc = 2;
		}
	} else if (fputs(text, stdout) == EOF || fflush(stdout) == EOF) {
		rc = 2;
	}
	free(text);
	return rc;
}
