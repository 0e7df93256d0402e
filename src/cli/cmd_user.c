/*
 * cmd_user.c — `itbcp user add NAME --role ROLE`, `itbcp user list` and
 * what an admin does to an account (issue 15): `user disable|enable NAME`,
 * `user role NAME ROLE`, `user reset-password NAME` (a temporary password
 * to change at the next sign-in), `user logout NAME` (ends every session)
 * and `user person NAME PERSON|--none` (ties the account to a person of
 * the plan), `user totp NAME --secret-file F` and `user reset-totp NAME`
 * (the second factor, cmd_user_totp.c).  Accounts from the command line, so the first admin exists
 * before anyone can sign in to the web face, and an admin locked out of
 * the web can be let in again from the server.  Each change and its audit
 * row are one transaction (store/users.h).
 *
 * The password is never an argument (it would show in `ps` and the shell
 * history): it is read from standard input with --password-stdin or when
 * standard input is not a terminal, else asked twice on the terminal with
 * echo off.  The audit log names the actor "cli:LOGIN".
 */
#include <jansson.h>
#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cmd_user_totp.h"
#include "cli/opts.h"
#include "cli/cli.h"
#include "store/totp_store.h"
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

/* user add NAME --role ROLE [--password-stdin] [--display-name TEXT]
 * [--person ID] [--totp-secret-file FILE] */
static int user_add(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL, *role_s = NULL, *display = "", *person = NULL, *totp = NULL;
	bool from_stdin = false;
	unsigned char key[TOTP_SECRET_MAX];
	size_t key_len = 0;
	struct opt opts[] = { { "--role", &role_s, NULL },
			      { "--display-name", &display, NULL },
			      { "--person", &person, NULL },
			      { "--totp-secret-file", &totp, NULL },
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
	/* The secret is read (and refused) before anything is written. */
	if (totp && (cmd_user_totp_secret_file(ctx, totp, key, &key_len) ||
		     key_len < TOTP_STORE_SECRET_MIN)) {
		if (key_len)
			cli_error(ctx, "%s: %s", totp,
				  L(ctx->lang, "秘密鍵が短すぎます（16バイト以上）",
				    "the secret is too short (16 bytes at least)"));
		return 2;
	}
	struct buf pw = BUF_INIT;
	struct store st = STORE_INIT;
	struct user who = { 0 };
	char actor[96];
	int rc = 2;
	snprintf(who.name, sizeof who.name, "%s", name);
	snprintf(who.display_name, sizeof who.display_name, "%s", display);
	if (get_password(ctx, from_stdin, &pw))
		goto out;
	if (store_open(&st, ctx->db_path, 0, &e)) {
		cli_error(ctx, "%s", e.msg);
		goto out;
	}
	if (person && *person) {
		int found = users_person_name(&st, person, who.person_name,
					      sizeof who.person_name, &e);
		if (found <= 0) {
			cli_error(ctx, "--person %s: %s", person,
				  found < 0 ? e.msg
					    : L(ctx->lang, "計画にこの人物はいません",
						"no such person in the plan"));
			goto out;
		}
	}
	if (users_check_password(pw.data, &who, ctx->lang, &e)) {
		cli_error(ctx, "%s", e.msg);
		goto out;
	}
	cli_actor(actor, sizeof actor);
	r = users_add(&st, name, display, role, person, pw.data, actor, &e);
	if (r < 0) {
		cli_error(ctx, "%s", e.msg);
	} else if (r == 1) {
		cli_error(ctx, "%s: %s", name,
			  L(ctx->lang, "このユーザー名は既に使われています", "this user name is taken"));
	} else if (r == 2) {
		cli_error(ctx, "--person %s: %s", person,
			  L(ctx->lang, "計画にこの人物はいません", "no such person in the plan"));
	} else if (totp && totp_store_provision(&st, name, key, key_len, actor, ctx->lang, &e)) {
		cli_error(ctx, "%s", e.msg);
	} else {
		printf("%s: %s (%s%s)\n", name, L(ctx->lang, "ユーザーを追加しました", "user added"),
		       users_role_name(role),
		       totp ? L(ctx->lang, "、二要素認証あり", ", second factor set") : "");
		rc = 0;
	}
out:
	sodium_memzero(key, sizeof key);
	store_close(&st);
	if (pw.cap)
		memset(pw.data, 0, pw.cap);
	buf_release(&pw);
	return rc;
}

/* user list [--json]: one line per account, tab-separated: name, role,
 * created, then "disabled", "must-change-password", "totp" (an active
 * second factor) and "person=ID" when they hold (the first three columns as they always were). */
static int user_list(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false;
	struct opt opts[] = { { "--json", NULL, &json }, { 0 } };
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
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
	json_t *a = json ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		if (a) {
			json_array_append_new(
			    a, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:o, s:o, s:I}", "name",
					 v[i].name, "display_name", v[i].display_name, "role",
					 users_role_name(v[i].role), "created_at", v[i].created_at,
					 "disabled", v[i].disabled, "must_change_password",
					 v[i].must_change_password, "totp", v[i].totp_active, "person",
					 v[i].person[0] ? json_string(v[i].person) : json_null(),
					 "person_name",
					 v[i].person_name[0] ? json_string(v[i].person_name) : json_null(),
					 "sessions", (json_int_t)users_session_count(&st, v[i].id)));
			continue;
		}
		printf("%s\t%s\t%s%s%s%s", v[i].name, users_role_name(v[i].role), v[i].created_at,
		       v[i].disabled ? "\tdisabled" : "",
		       v[i].must_change_password ? "\tmust-change-password" : "",
		       v[i].totp_active ? "\ttotp" : "");
		if (v[i].person[0])
			printf("\tperson=%s", v[i].person);
		printf("\n");
	}
	if (a)
		cli_print_json(a);
	free(v);
	store_close(&st);
	return 0;
}

/* What one admin action needs: the account named by the first operand,
 * the open store, the actor.  Opens them; 0, or the exit status. */
struct action {
	struct store st;
	struct err e;
	char actor[96];
	const char *name;
};

static int action_open(struct cli_ctx *ctx, struct action *a)
{
	if (store_open(&a->st, ctx->db_path, 0, &a->e)) {
		cli_error(ctx, "%s", a->e.msg);
		return 2;
	}
	cli_actor(a->actor, sizeof a->actor);
	return 0;
}

/* The exit status of a store action's rc, with its message. */
static int action_close(struct cli_ctx *ctx, struct action *a, int rc, const char *done)
{
	if (rc == 0)
		printf("%s: %s\n", a->name, done);
	else
		cli_error(ctx, "%s", a->e.msg);
	store_close(&a->st);
	return rc == 0 ? 0 : 2;
}

/* user disable NAME / user enable NAME */
static int user_disable(struct cli_ctx *ctx, int argc, char **argv, bool disabled)
{
	struct action a = { STORE_INIT, ERR_INIT, "", NULL };
	int r = opts_parse(ctx, argc, argv, NULL, &a.name, 1, 1);
	if (r)
		return r > 0 ? 0 : 2;
	ctx->sub = disabled ? "disable" : "enable";
	if ((r = action_open(ctx, &a)))
		return r;
	r = users_set_disabled(&a.st, a.name, disabled, a.actor, ctx->lang, &a.e);
	return action_close(ctx, &a, r,
			    disabled ? L(ctx->lang, "利用を停止しました（ログインはすべて終了）",
					 "disabled (every session ended)")
				     : L(ctx->lang, "利用を再開しました", "enabled"));
}

/* user role NAME ROLE */
static int user_role(struct cli_ctx *ctx, int argc, char **argv)
{
	struct action a = { STORE_INIT, ERR_INIT, "", NULL };
	const char *ops[2] = { NULL, NULL };
	int r = opts_parse(ctx, argc, argv, NULL, ops, 2, 2);
	if (r)
		return r > 0 ? 0 : 2;
	ctx->sub = "role";
	a.name = ops[0];
	enum user_role role = users_role_parse(ops[1]);
	if (role == ROLE_NONE) {
		cli_error(ctx, "%s %s", ops[1],
			  L(ctx->lang, "は admin, planner, responder, viewer のいずれかです",
			    "must be admin, planner, responder or viewer"));
		return 2;
	}
	if ((r = action_open(ctx, &a)))
		return r;
	r = users_set_role(&a.st, a.name, role, a.actor, ctx->lang, &a.e);
	return action_close(ctx, &a, r, users_role_name(role));
}

/* user reset-password NAME [--password-stdin] */
static int user_reset_password(struct cli_ctx *ctx, int argc, char **argv)
{
	struct action a = { STORE_INIT, ERR_INIT, "", NULL };
	bool from_stdin = false;
	struct opt opts[] = { { "--password-stdin", NULL, &from_stdin }, { 0 } };
	int r = opts_parse(ctx, argc, argv, opts, &a.name, 1, 1);
	if (r)
		return r > 0 ? 0 : 2;
	struct buf pw = BUF_INIT;
	if (get_password(ctx, from_stdin, &pw)) {
		buf_release(&pw);
		return 2;
	}
	ctx->sub = "reset-password";
	if ((r = action_open(ctx, &a)) == 0) {
		r = users_reset_password(&a.st, a.name, pw.data, a.actor, ctx->lang, &a.e);
		r = action_close(ctx, &a, r,
				 L(ctx->lang,
				   "仮のパスワードを設定しました（次のログインで変更が必要。ログインはすべて終了）",
				   "temporary password set (to be changed at the next sign-in; every "
				   "session ended)"));
	}
	if (pw.cap)
		memset(pw.data, 0, pw.cap);
	buf_release(&pw);
	return r;
}

/* user logout NAME */
static int user_logout(struct cli_ctx *ctx, int argc, char **argv)
{
	struct action a = { STORE_INIT, ERR_INIT, "", NULL };
	int r = opts_parse(ctx, argc, argv, NULL, &a.name, 1, 1);
	if (r)
		return r > 0 ? 0 : 2;
	ctx->sub = "logout";
	if ((r = action_open(ctx, &a)))
		return r;
	int64_t n = 0;
	r = users_end_sessions(&a.st, a.name, a.actor, ctx->lang, &n, &a.e);
	char done[96];
	snprintf(done, sizeof done, "%s %lld", L(ctx->lang, "終了したログイン:", "sessions ended:"),
		 (long long)n);
	return action_close(ctx, &a, r, done);
}

/* user person NAME PERSON | user person NAME --none */
static int user_person(struct cli_ctx *ctx, int argc, char **argv)
{
	struct action a = { STORE_INIT, ERR_INIT, "", NULL };
	const char *ops[2] = { NULL, NULL };
	bool none = false;
	struct opt opts[] = { { "--none", NULL, &none }, { 0 } };
	int r = opts_parse(ctx, argc, argv, opts, ops, 1, 2);
	if (r)
		return r > 0 ? 0 : 2;
	ctx->sub = "person";
	a.name = ops[0];
	if (none == (ops[1] != NULL)) {
		cli_error(ctx, "%s", L(ctx->lang, "人物ID か --none のどちらかを指定してください",
				       "give a person id or --none"));
		return 2;
	}
	if ((r = action_open(ctx, &a)))
		return r;
	r = users_set_person(&a.st, a.name, none ? NULL : ops[1], a.actor, ctx->lang, &a.e);
	return action_close(ctx, &a, r,
			    none ? L(ctx->lang, "人物の紐付けを解除しました", "untied from its person")
				 : ops[1]);
}

int cmd_user(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *sub = argc >= 2 ? argv[1] : "";
	if (strcmp(sub, "add") == 0)
		return user_add(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return user_list(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0)
		return user_disable(ctx, argc - 1, argv + 1, sub[0] == 'd');
	if (strcmp(sub, "role") == 0)
		return user_role(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "reset-password") == 0)
		return user_reset_password(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "logout") == 0)
		return user_logout(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "person") == 0)
		return user_person(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "totp") == 0)
		return cmd_user_totp(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "reset-totp") == 0)
		return cmd_user_reset_totp(ctx, argc - 1, argv + 1);
	if (cli_wants_help(argc, argv)) {
		cli_usage(ctx, stdout);
		return 0;
	}
	cli_error(ctx, "%s",
		  L(ctx->lang,
		    "add, list, disable, enable, role, reset-password, logout, person, totp, reset-totp のいずれかを指定してください",
		    "expected add, list, disable, enable, role, reset-password, logout, person, totp or reset-totp"));
	cli_usage(ctx, stderr);
	return 2;
}
