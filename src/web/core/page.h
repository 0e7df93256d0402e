/*
 * page.h — the shell every HTML page shares, the small helpers pages are
 * built from, and the handlers of the route table (one file per page).
 */
#ifndef ITBCP_WEB_CORE_PAGE_H
#define ITBCP_WEB_CORE_PAGE_H

#include "store/users.h"
#include "web/core/req.h"
#include "web/core/route.h"

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
page_fn page_login_code_form, page_login_code_post;  /* page_login_code.c */
page_fn page_totp, page_totp_start, page_totp_confirm; /* page_totp.c */
page_fn page_password_form, page_password_post;   /* page_account.c */
page_fn page_users, page_users_add;               /* page_users.c */
page_fn page_user, page_user_role, page_user_person; /* page_user.c */
page_fn page_user_password, page_user_logout, page_user_disable, page_user_enable;
page_fn page_user_totp_reset;
page_fn page_audit;                               /* page_audit.c */
page_fn page_delivery, page_delivery_post;        /* page_delivery.c */
page_fn page_asset;                               /* page_asset.c */
page_fn page_plan_index, page_plan_list, page_plan_element; /* page_plan.c */
page_fn page_plan_new, page_plan_create, page_plan_update;
page_fn page_plan_delete_form, page_plan_delete, page_plan_move;
page_fn page_plan_org, page_plan_org_post;
page_fn api_session, api_plan, api_list, api_create;         /* api_plan.c */
page_fn api_get, api_put, api_delete, api_organisation, api_organisation_put;

/* ---- views (page_views*.c): figures drawn from the plan ------------- */

page_fn page_views_findings, page_views_gaps, page_views_training; /* page_views.c */
page_fn page_views_dependencies;

/* ---- versions of the plan (page_versions*.c) ------------------------- */

struct plan_version;
/* "第3版" / "提出5（承認待ち）", in r's arena. */
const char *page_version_label(struct req *r, const struct plan_version *v);
page_fn page_versions, page_versions_submit, page_versions_approve; /* page_versions.c */
page_fn page_versions_reject;
page_fn page_versions_compare;                    /* page_versions_diff.c */

/* ---- people in bulk (page_people.c) ---------------------------------- */

page_fn page_people, page_people_upload, page_people_apply;

/* ---- a person's own check-in link (page_checkin.c) ------------------- */

page_fn page_checkin_form, page_checkin_post;

/* ---- documents (page_documents*.c, page_download.c) ------------------ */

page_fn page_documents;                           /* page_documents.c */
page_fn page_download_plan, page_download_table;  /* page_download.c */
page_fn page_download_figure, page_download_calendar, page_download_pack;
page_fn page_card_form, page_card_post;           /* page_documents_card.c */
/* Makes r's answer a file to save: the media type of ext ("pdf", "csv" …)
 * and Content-Disposition: attachment with ascii_base.ext for old clients
 * and name.ext in UTF-8 (RFC 6266 filename*). */
void page_attachment(struct req *r, const char *ext, const char *ascii_base, const char *name);
/* A table of render_table_names for people ("表5.3-1 業務のRTO…"), in r's
 * language (static or r's arena). */
const char *page_table_title(struct req *r, const char *name);
/* True when event event_id has procedure steps (図2.3-1 can be drawn). */
bool page_event_has_flow(const struct plan *p, const char *event_id);
/* The "文書の出力" box of a plan page: the files that belong to elements
 * of kind e (NULL: the whole plan), and to elem when not NULL. */
struct entity_def;
void page_documents_links(struct req *r, const struct plan *p, const struct entity_def *e,
			  const void *elem);

/* ---- running the plan in a crisis (page_incident*.c) ----------------- */

page_fn page_incidents, page_incidents_start, page_incidents_jma; /* page_incident_list.c */
page_fn page_incident_board, page_incident_checkin_post, page_incident_resend_post,
	page_incident_hold_post, page_incident_qr_post; /* page_incident_board.c */
page_fn page_incident_steps, page_incident_step_add, page_incident_step_post; /* …_steps.c */
page_fn page_incident_ticks_post; /* …_steps.c: the offline pack's ticks */
page_fn page_incident_systems, page_incident_system, page_incident_system_post; /* …_systems.c */
page_fn page_incident_record;
page_fn page_incident_report, page_incident_report_txt, page_incident_report_pdf; /* …_report.c */
page_fn page_incident_timeline;                   /* page_incident_timeline.c */
page_fn page_incident_review, page_incident_review_post, page_incident_review_txt; /* …_review.c */
page_fn page_incident_close;

#endif
