/*
 * cmd_user_totp.c — see cmd_user_totp.h.
 *
 * The secret is never an argument (`ps` and the shell history would keep
 * it): it comes from a file the operator made, base32 as authenticator
 * apps show it.  Nothing here prints it.  The audit log names the actor
 * "cli:LOGIN", as every `itbcp user` command does.
 */
#include "cli/cmd_user_totp.h"

#include <errno.h>
#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/opts.h"
#include "store/totp_store.h"

#define SECRET_FILE_MAX 1024

int cmd_user_totp_secret_file(struct cli_ctx *ctx, const char *path, unsigned char *key, size_t *n)
{
	char text[SECRET_FILE_MAX + 2];
	FILE *f = fopen(path, "r");
	*n = 0;
	if (!f) {
		cli_error(ctx, "%s: %s", path, strerror(errno));
		return -1;
	}
	size_t len = fread(text, 1, sizeof text - 1, f);
	bool err = ferror(f) != 0;
	fclose(f);
	text[len] = '\0';
	int rc = -1;
	if (err) {
		cli_error(ctx, "%s: %s", path, L(ctx->lang, "読めません", "cannot be read"));
	} else if (len > SECRET_FILE_MAX) {
		cli_error(ctx, "%s: %s", path,
			  L(ctx->lang, "1KiBを超えています（base32の秘密鍵1行のファイルです）",
			    "is over 1 KiB (it holds one line: the base32 secret)"));
	} else {
		/* one line: its end (LF or CRLF) is not part of the secret */
		size_t line = strcspn(text, "\r\n");
		bool more = memchr(text, '\0', len) || text[line + strspn(text + line, "\r\n")];
		text[line] = '\0';
		if (more)
			cli_error(ctx, "%s: %s", path,
				  L(ctx->lang, "秘密鍵は1行に書いてください",
				    "the secret must be one line"));
		else if (totp_base32_decode(text, key, TOTP_SECRET_MAX, n))
			cli_error(ctx, "%s: %s", path,
				  L(ctx->lang, "base32（A–Z と 2–7）の秘密鍵ではありません（64バイトまで）",
				    "is not a base32 secret (A-Z and 2-7, up to 64 bytes)"));
		else
			rc = 0;
	}
	sodium_memzero(text, sizeof text);
	return rc;
}

/* "cli:LOGIN" for the audit log, into out. */
static void actor_of(char *out, size_t n)
{
	struct passwd *pw = getpwuid(getuid());
	snprintf(out, n, "cli:%s", pw && pw->pw_name ? pw->pw_name : "?");
}

int cmd_user_totp(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL, *file = NULL;
	struct opt opts[] = { { "--secret-file", &file, NULL }, { 0 } };
	int r = opts_parse(ctx, argc, argv, opts, &name, 1, 1);
	if (r)
		return r > 0 ? 0 : 2;
	ctx->sub = "totp";
	if (!file) {
		cli_error(ctx, "%s",
			  L(ctx->lang, "--secret-file FILE を指定してください",
			    "give --secret-file FILE"));
		return 2;
	}
	unsigned char key[TOTP_SECRET_MAX];
	size_t n = 0;
	if (cmd_user_totp_secret_file(ctx, file, key, &n))
		return 2;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	char actor[96];
	actor_of(actor, sizeof actor);
	r = store_open(&st, ctx->db_path, 0, &e)
		    ? -1
		    : totp_store_provision(&st, name, key, n, actor, ctx->lang, &e);
	sodium_memzero(key, sizeof key);
	store_close(&st);
	if (r) {
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	printf("%s: %s\n", name,
	       L(ctx->lang, "二要素認証を設定しました（ログインはすべて終了）",
		 "second factor set (every session ended)"));
	return 0;
}

int cmd_user_reset_totp(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL;
	int r = opts_parse(ctx, argc, argv, NULL, &name, 1, 1);
	if (r)
		return r > 0 ? 0 : 2;
	ctx->sub = "reset-totp";
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	char actor[96];
	actor_of(actor, sizeof actor);
	r = store_open(&st, ctx->db_path, 0, &e) ? -1
						 : totp_store_reset(&st, name, actor, ctx->lang, &e);
	store_close(&st);
	if (r) {
		cli_error(ctx, "%s", e.msg);
		return 2;
	}
	printf("%s: %s\n", name,
	       L(ctx->lang, "二要素認証を解除しました（ログインはすべて終了）",
		 "second factor reset (every session ended)"));
	return 0;
}
