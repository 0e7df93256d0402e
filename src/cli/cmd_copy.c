/*
 * cmd_copy.c — `itbcp copy --to TARGET` (issue 18, item 3): the whole
 * database of --db copied into an empty one, SQLite or PostgreSQL either
 * way, verified before it is committed.  What it does is app/app_copy.h's
 * and store/store_copy.h's; here are the option, the messages and the
 * exit status.  `--to` as in `backup --to`: the source is --db, as for
 * every command.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app/app_copy.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "store/record_key.h"

/* What to do about the record key (record_key.h): it is a file, not a
 * row, so the copy does not carry it.  Said when the source has one
 * beside it and $ITBCP_RECORD_KEY does not already name one for both. */
static void say_record_key(const struct cli_ctx *ctx, const char *to)
{
	const char *env = getenv("ITBCP_RECORD_KEY");
	if (env && *env)
		return;
	unsigned char pk[STORE_RECORD_KEY_BYTES];
	struct err e = ERR_INIT;
	if (store_record_key_public(ctx->db_path, pk, &e) != 1)
		return;
	char *from_key = store_record_key_file(ctx->db_path);
	if (store_target_is_pg(to)) {
		printf(L(ctx->lang,
			 "記録の鍵: コピー先で記録するときは ITBCP_RECORD_KEY=%s を設定してください"
			 "（同じ鍵で署名を続けます。別の鍵なら新しい鍵として記録に残ります）\n",
			 "the record key: set ITBCP_RECORD_KEY=%s when recording into the target "
			 "(signing goes on with the same key; another key is recorded as a new one)\n"),
		       from_key);
	} else {
		char *to_key = store_record_key_file(to);
		printf(L(ctx->lang,
			 "記録の鍵: 同じ鍵で署名を続けるには %s を %s にコピーしてください（モード 0600）\n",
			 "the record key: copy %s to %s (mode 0600) to go on signing with the same "
			 "key\n"),
		       from_key, to_key);
		free(to_key);
	}
	free(from_key);
}

/* itbcp copy --to TARGET [--json]: 0 copied, 2 refused (nothing changed in the target). */
int cmd_copy(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *to = NULL;
	bool json = false;
	struct opt opts[] = { { "--to", &to, NULL }, { "--json", NULL, &json }, { 0 } };
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	if (!to) {
		cli_error(ctx, "%s",
			  L(ctx->lang, "--to でコピー先を指定してください", "give the target with --to"));
		cli_usage(ctx, stderr);
		return 2;
	}
	struct store_copy_result res;
	struct err e = ERR_INIT;
	bool created = false;
	if (app_copy(ctx->db_path, to, &res, &created, &e)) {
		cli_error(ctx, "%s", e.msg);
		cli_error(ctx, "%s",
			  L(ctx->lang, "コピー先は何も変更していません",
			    "nothing was changed in the target"));
		return 2;
	}
	if (json) {
		cli_print_json(json_pack("{s:s, s:s, s:b, s:i, s:I, s:I, s:I, s:I, s:I}", "from",
					 ctx->db_path, "to", to, "created", created, "schema",
					 res.schema, "tables", (json_int_t)res.tables, "rows",
					 (json_int_t)res.rows, "sequences", (json_int_t)res.sequences,
					 "incidents_verified", (json_int_t)res.incidents,
					 "audit_verified", (json_int_t)res.audit));
		return 0;
	}
	printf(L(ctx->lang,
		 "検証しました: 全 %zu 表の行が元と一致、事案 %lld 件の記録、監査ログ %lld 件の連鎖\n",
		 "verified: the rows of all %zu tables read back equal, the records of %lld "
		 "incidents, the audit log's chain of %lld entries\n"),
	       res.tables, (long long)res.incidents, (long long)res.audit);
	printf(L(ctx->lang, "コピーしました: %s → %s（スキーマ %d、%lld 行）\n",
		 "copied: %s → %s (schema %d, %lld rows)\n"),
	       ctx->db_path, to, res.schema, (long long)res.rows);
	say_record_key(ctx, to);
	return 0;
}
