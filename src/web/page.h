/*
 * page.h — the shell every HTML page shares, the small helpers pages are
 * built from, and the handlers of the route table (one file per page).
 */
#ifndef ITBCP_WEB_PAGE_H
#define ITBCP_WEB_PAGE_H

#include "store/users.h"
#include "web/req.h"
#include "web/route.h"

/* ---- the shell (layout.c) ------------------------------------------- */

/* Opens the document: head, header with navigation for r's role, the
 * language switch, and <main>.  title is already in r's language. */
void page_begin(struct req *r, const char *title);
/* Closes <main> and the document. */
void page_end(struct req *r);

/* A labelled input with its error beside it (error NULL: none).  value is
 * what the person typed (NULL: empty); autocomplete may be NULL. */
void page_input(struct req *r, const char *type, const char *name, const char *label,
		const char *value, const char *error, const char *autocomplete);
/* A message box: kind "ok" or "error". */
void page_notice(struct req *r, const char *kind, const char *text);

/* The role's name for people ("管理者" / "admin" …). */
const char *page_role_label(enum lang lang, enum user_role role);
/* A UTC "YYYY-MM-DDTHH:MM:SSZ" shown in Asia/Tokyo ("2026-04-01 18:00"),
 * in r's arena; the input unchanged when it does not parse. */
const char *page_time_jst(struct req *r, const char *utc);

/* ---- compiled-in assets (page_asset.c) ------------------------------ */

/* "/assets/NAME?v=ETAG" for a file under src/web/assets/ (cache-busting
 * URL, so the file can be cached for a year). */
const char *page_asset_url(struct req *r, const char *name);

/* ---- the handlers ---------------------------------------------------- */

page_fn page_dashboard;                           /* page_dashboard.c */
page_fn page_login_form, page_login_post, page_logout; /* page_login.c */
page_fn page_password_form, page_password_post;   /* page_account.c */
page_fn page_users, page_users_add;               /* page_users.c */
page_fn page_audit;                               /* page_audit.c */
page_fn page_asset;                               /* page_asset.c */

#endif
