/*
 * cmd_user.c — `itbcp user add NAME --role ROLE` and `itbcp user list`:
 * accounts from the command line, so the first admin exists before anyone
 * can sign in to the web face.
 *
 * The password is never an argument (it would show in `ps` and the shell
 * history): it is read from standard input with --password-stdin or when
 * standard input is not a terminal, else asked twice on the terminal with
 * echo off.  The audit log names the actor "cli:LOGIN".
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/opts.h"
#include "cli/cli.h"
#include "store/users.h"
#include "util/buf.h"

/* Reads one line (without its end) into b; -1 at end of input. */
static int read_line(FILE *in, struct buf *b)
{
	int c, any = 0;
	buf_reset(b);
	while ((c = fgetc(in)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		buf_addc(b, (char)c);
	}
	while (b->len && b->data[b->len - 1] == '\r')
		b->data[--b->len] = '\0';
	return any ? 0 : -1;
}

/* Asks for a password on the terminal with echo off; -1 when cancelled. */
static int prompt_password(const char *prompt, struct buf *b)
{
	FILE *tty = fopen("/dev/tty", "r+");
	if (!tty)
		return -1;
	struct termios old, quiet;
	int fd = fileno(tty);
	bool restore = tcgetattr(fd, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	fputs(prompt, tty);
	fflush(tty);
	int r = read_line(tty, b);
	fputs("\n", tty);
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &old);
	fclose(tty);
	return r;
}

/* The password for a new user into pw; -1 (message printed) on failure. */
static int get_password(struct cli_ctx *ctx, bool from_stdin, struct buf *pw)
{
	/* Its messages have always named `itbcp user` alone, not the
	 * subcommand; kept so, since scripts may match them. */
	struct cli_ctx user = *ctx;
	user.sub = NULL;
	if (from_stdin || !isatty(STDIN_FILENO)) {
		if (read_line(stdin, pw) == 0)
			return 0;
		cli_error(&user, "%s",
			  L(ctx->lang, "標準入力にパスワードがありません", "no password on standard input"));
		return -1;
	}
	struct buf again = BUF_INIT;
	int r = -1;
	if (prompt_password(L(ctx->lang, "パスワード: ", "Password: "), pw) == 0 &&
	    prompt_password(L(ctx->lang, "パスワード（確認）: ", "Password again: "), &again) == 0) {
		if (strcmp(pw->data, again.data) == 0)
			r = 0;
		else
			cli_error(&user, "%s",
				  L(ctx->lang, "パスワードが一致しません", "the passwords differ"));
	} else {
		cli_error(&user, "%s",
			  L(ctx->lang, "パスワードを読めません", "cannot read the password"));
	}
	buf_release(&again);
	return r;
}

/* "cli:LOGIN" for the audit log, into out. */
static void cli_actor(char *out, size_t n)
{
	struct passwd *pw = getpwuid(getuid());
	snprintf(out, n, "cli:%s", pw && pw->pw_name ? pw->pw_name : "?");
}

/* user add NAME --role ROLE [--password-stdin] [--display-name TEXT] */
static int user_add(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL, *role_s = NULL, *display = "";
	bool from_stdin = false;
	struct opt opts[] = { { "--role", &role_s, NULL },
			      { "--display-name", &display, NULL },
			      { "--password-stdin", NULL, &from_stdin },
			      { 0 } };
	int r = opts_parse(ctx, argc, argv, opts, &name, 1, 1);
	if (r)
		return r > 0 ? 0 : 2;
	/* Past the options (whose errors name `itbcp user`), the messages
	 * name the subcommand: "itbcp user add: …". */
	ctx->sub = "add";
	struct err e = ERR_INIT;
	enum user_role role = users_role_parse(role_s);
	if (!role_s || role == ROLE_NONE) {
		cli_error(ctx, "--role %s",
			  L(ctx->lang, "は admin, planner, responder, viewer のいずれかです",
			    "must be admin, planner, responder or viewer"));
		return 2;
	}
	if (users_check_name(name, ctx->lang, &e)) {
		cli_error(ctx, "%s: %s", name, e.msg);
		return 2;
	}
	struct buf pw = BUF_INIT;
	struct store st = STORE_INIT;
	char actor[96];
	int rc = 2;
	if (get_password(ctx, from_stdin, &pw))
		goto out;
	if (users_check_password(pw.data, ctx->lang, &e)) {
		cli_error(ctx, "%s", e.msg);
		goto out;
	}
	if (store_open(&st, ctx->db_path, 0, &e)) {
		cli_error(ctx, "%s", e.msg);
		goto out;
	}
	cli_actor(actor, sizeof actor);
	r = users_add(&st, name, display, role, pw.data, actor, &e);
	if (r < 0) {
		cli_error(ctx, "%s", e.msg);
	} else if (r == 1) {
		cli_error(ctx, "%s: %s", name,
			  L(ctx->lang, "このユーザー名は既に使われています", "this user name is taken"));
	} else {
		printf("%s: %s (%s)\n", name, L(ctx->lang, "ユーザーを追加しました", "user added"),
		       users_role_name(role));
		rc = 0;
	}
out:
	store_close(&st);
	if (pw.cap)
		memset(pw.data, 0, pw.cap);
	buf_release(&pw);
	return rc;
}

/* user list */
static int user_list(struct cli_ctx *ctx, int argc, char **argv)
{
	int r = opts_parse(ctx, argc, argv, NULL, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	ctx->sub = "list"; /* as in user_add */
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	struct user *v = NULL;
	size_t n = 0;
	if (store_open(&st, ctx->db_path, 0, &e) || users_list(&st, &v, &n, &e)) {
		cli_error(ctx, "%s", e.msg);
		store_close(&st);
		return 2;
	}
	for (size_t i = 0; i < n; i++)
		printf("%s\t%s\t%s%s\n", v[i].name, users_role_name(v[i].role), v[i].created_at,
		       v[i].disabled ? "\tdisabled" : "");
	free(v);
	store_close(&st);
	return 0;
}

int cmd_user(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return user_add(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return user_list(ctx, argc - 1, argv + 1);
	if (cli_wants_help(argc, argv)) {
		cli_usage(ctx, stdout);
		return 0;
	}
	cli_error(ctx, "%s",
		  L(ctx->lang, "add か list を指定してください", "expected add or list"));
	cli_usage(ctx, stderr);
	return 2;
}
