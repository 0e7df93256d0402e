/*
 * page_account.h — what the account pages share (page_users.c, page_user.c):
 * how an account's person and state are shown.
 */
#ifndef ITBCP_WEB_PAGES_ACCOUNT_PAGE_ACCOUNT_H
#define ITBCP_WEB_PAGES_ACCOUNT_PAGE_ACCOUNT_H

#include <stddef.h>

#include "store/users.h"
#include "web/core/req.h"

/* What every password form says of the policy (password_policy.h). */
#define PAGE_ACCOUNT_PASSWORD_HINT(lang)                                                                   \
	L(lang,                                                                               \
	  "よく使われるパスワード、同じ文字の繰り返しや連続、ユーザー名や氏名からなるものは使えません。", \
	  "Common passwords, repeated or consecutive characters, and passwords made of the user " \
	  "name or the person's name are refused.")

/* The name of person id in the plan into out (size n): 1 when the plan
 * has that person, 0 when not, -1 when the plan cannot be read. */
int page_account_person_name(struct req *r, const char *id, char *out, size_t n);
/* Writes the account's person: "佐藤 一郎（p-sato）", a note when the
 * person has left the plan, "—" when none. */
void page_account_person_cell(struct req *r, const struct user *u);
/* "有効" / "停止中" …, with "パスワード変更待ち" after a reset; in r's arena. */
const char *page_account_user_state(struct req *r, const struct user *u);

#endif
