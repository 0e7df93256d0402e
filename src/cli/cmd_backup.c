/*
 * cmd_backup.c — `itbcp backup --to DIR` and `itbcp restore FILE` (issue
 * 17 item 1): a consistent copy while `serve` runs, and putting one back
 * only after all of it is verified.  What they do is app/app_backup.h's;
 * here are the options, the messages and the exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "app/app_backup.h"
#include "app/app_backup_offsite.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "util/monotonic.h"

/* A retention count 0..10000 from text; -1 after saying what is wrong. */
static int parse_keep(struct cli_ctx *ctx, const char *name, const char *text, int *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (!*text || *end || v < 0 || v > 10000) {
		cli_error(ctx, "%s %s: %s", name, text,
			  L(ctx->lang, "0〜10000で指定してください", "must be 0 to 10000"));
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* The facts of a copy as JSON. */
static json_t *facts_json(const struct store_backup_facts *f)
{
	return json_pack("{s:i, s:I, s:I, s:I, s:I, s:I}", "schema", f->schema, "incidents",
			 (json_int_t)f->incidents, "timeline", (json_int_t)f->timeline, "checkins",
			 (json_int_t)f->checkins, "audit", (json_int_t)f->audit, "users",
			 (json_int_t)f->users);
}

int cmd_backup(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *to = NULL, *key = NULL, *new_key = NULL, *hourly_s = NULL, *daily_s = NULL,
		   *method_s = NULL, *netrc = NULL, *ssh_key = NULL, *known_hosts = NULL;
	bool json = false;
	struct opt opts[] = { { "--to", &to, NULL },
			      { "--key", &key, NULL },
			      { "--new-key", &new_key, NULL },
			      { "--keep-hourly", &hourly_s, NULL },
			      { "--keep-daily", &daily_s, NULL },
			      { "--method", &method_s, NULL },
			      { "--netrc", &netrc, NULL },
			      { "--ssh-key", &ssh_key, NULL },
			      { "--known-hosts", &known_hosts, NULL },
			      { "--json", NULL, &json },
			      { 0 } };
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	struct err e = ERR_INIT;
	if (new_key) {
		if (to || key) {
			cli_error(ctx, "--new-key: %s",
				  L(ctx->lang, "ほかのオプションとは併用できません",
				    "cannot be combined with other options"));
			return 2;
		}
		if (app_backup_key_new(new_key, ctx->lang, &e)) {
			cli_error(ctx, "%s", e.msg);
			return 2;
		}
		printf(L(ctx->lang,
			 "鍵ファイルを作りました: %s（所有者のみ読める。バックアップとは別の場所に保管）\n",
			 "key file made: %s (owner-only; keep it away from the backups)\n"),
		       new_key);
		return 0;
	}
	if (!to) {
		cli_error(ctx, "--to DIR: %s",
			  L(ctx->lang, "保存先を指定してください", "where to is missing"));
		return 2;
	}
	bool remote = app_offsite_is_url(to);
	if (!remote && (netrc || ssh_key || known_hosts)) {
		cli_error(ctx, "--netrc, --ssh-key, --known-hosts: %s",
			  L(ctx->lang, "--to が URL のときだけです", "only with a URL for --to"));
		return 2;
	}
	struct app_backup_req req = { .db_path = ctx->db_path,
				      .dir = to,
				      .key_path = key,
				      .method = STORE_BACKUP_STEP,
				      .keep_hourly = APP_BACKUP_KEEP_HOURLY,
				      .keep_daily = APP_BACKUP_KEEP_DAILY,
				      .lang = ctx->lang };
	if ((hourly_s && parse_keep(ctx, "--keep-hourly", hourly_s, &req.keep_hourly)) ||
	    (daily_s && parse_keep(ctx, "--keep-daily", daily_s, &req.keep_daily)))
		return 2;
	if (method_s) {
		if (strcmp(method_s, "vacuum") == 0)
			req.method = STORE_BACKUP_VACUUM;
		else if (strcmp(method_s, "step") != 0) {
			cli_error(ctx, "--method %s: %s", method_s,
				  L(ctx->lang, "step か vacuum です", "must be step or vacuum"));
			return 2;
		}
	}
	/* The copy and its checks yield the CPU to a check-in burst on the
	 * same machine (bench/backup.sh): this process runs at nice 10. */
	if (getpriority(PRIO_PROCESS, 0) < 10)
		setpriority(PRIO_PROCESS, 0, 10);
	struct app_backup_result res;
	int64_t t0 = monotonic_ms();
	struct app_offsite o = { .url = to, .netrc = netrc, .ssh_key = ssh_key, .known_hosts = known_hosts };
	if (remote ? app_backup_offsite(&req, &o, &res, &e) : app_backup_run(&req, &res, &e)) {
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	if (json) {
		cli_print_json(json_pack("{s:s, s:I, s:s, s:b, s:o, s:f, s:f, s:I, s:i}", "file",
					 res.path, "bytes", (json_int_t)res.bytes, "sha256",
					 res.sha256, "encrypted", key != NULL, "counts",
					 facts_json(&res.facts), "copy_seconds", res.copy.seconds,
					 "seconds", (double)(monotonic_ms() - t0) / 1000.0, "removed",
					 (json_int_t)res.removed, "steps", res.copy.steps));
		return 0;
	}
	printf(L(ctx->lang,
		 "バックアップを保存しました: %s（%lld バイト、%s、検証済み: インシデント %lld件、チェックイン %lld件）\n",
		 "backup saved: %s (%lld bytes, %s, verified: %lld incidents, %lld check-ins)\n"),
	       res.path, (long long)res.bytes,
	       key ? L(ctx->lang, "暗号化", "encrypted") : L(ctx->lang, "暗号化なし", "not encrypted"),
	       (long long)res.facts.incidents, (long long)res.facts.checkins);
	if (res.removed)
		printf(L(ctx->lang, "保存期間を過ぎた %zu 件を削除しました\n",
			 "%zu older copies removed by the retention rule\n"),
		       res.removed);
	return 0;
}

int cmd_restore(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *file = NULL, *key = NULL;
	bool check = false, force = false, json = false;
	struct opt opts[] = { { "--key", &key, NULL },
			      { "--check", NULL, &check },
			      { "--force", NULL, &force },
			      { "--json", NULL, &json },
			      { 0 } };
	int r = opts_parse(ctx, argc, argv, opts, &file, 1, 1);
	if (r)
		return r > 0 ? 0 : 2;
	struct app_restore_req req = { .file = file,
				       .target = check ? NULL : ctx->db_path,
				       .key_path = key,
				       .force = force,
				       .lang = ctx->lang };
	struct app_restore_result res;
	struct err e = ERR_INIT;
	if (app_backup_restore(&req, &res, &e)) {
		cli_error(ctx, "%s", e.msg);
		cli_error(ctx, "%s", L(ctx->lang, "何も変更していません", "nothing was changed"));
		return 2;
	}
	if (json) {
		cli_print_json(json_pack("{s:s, s:s, s:b, s:b, s:o, s:s?}", "file", file, "created",
					 res.created, "encrypted", res.encrypted, "restored",
					 !check, "counts", facts_json(&res.facts), "kept",
					 res.kept[0] ? res.kept : NULL));
		return 0;
	}
	printf(L(ctx->lang,
		 "%s: 検証しました（%s 時点、インシデント %lld件・記録 %lld件のハッシュチェーン、チェックイン %lld件）\n",
		 "%s: verified (as of %s; the hash chains of %lld incidents, %lld entries; %lld check-ins)\n"),
	       file, res.created, (long long)res.facts.incidents, (long long)res.facts.timeline,
	       (long long)res.facts.checkins);
	if (!check)
		printf(L(ctx->lang, "復元しました: %s\n", "restored: %s\n"), ctx->db_path);
	if (res.kept[0])
		printf(L(ctx->lang, "置き換えたデータベースは %s に残しました\n",
			 "the database it replaced is kept as %s\n"),
		       res.kept);
	return 0;
}
