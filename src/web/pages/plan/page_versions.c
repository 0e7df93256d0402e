/*
 * page_versions.c — versions of the plan (策定・改訂): the list, submitting
 * the draft for approval, and the admin's approval or rejection.
 *
 * GET /versions shows the current version (第N版, approver, date) and
 * whether the draft has changed since, the pending submission with the
 * admin's approve and reject forms, the form that submits the draft
 * (planners, while nothing is pending), the history of every submission,
 * and the form that picks two states to compare (page_versions_diff.c).
 * Submitting stores the draft's interchange document (plan_json_write) as
 * it is at that moment; editing goes on on the draft.  Approval is for
 * ROLE_ADMIN (see version_store.h for why).  Every POST redirects back to
 * the list (so a reload does nothing twice) and is in the audit log.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "format/plan_json.h"
#include "store/store.h"
#include "store/version_store.h"
#include "util/utf8.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"

#define COMMENT_MAX 2000 /* bytes of a comment or a reason */

const char *page_version_label(struct req *r, const struct plan_version *v)
{
	if (v->state == VERSION_APPROVED)
		return arena_printf(&r->arena, L(r->lang, "第%lld版", "Version %lld"),
				    (long long)v->number);
	return arena_printf(&r->arena, L(r->lang, "提出%lld（%s）", "Submission %lld (%s)"),
			    (long long)v->id,
			    v->state == VERSION_PENDING ? L(r->lang, "承認待ち", "pending")
							: L(r->lang, "差し戻し", "rejected"));
}

/* SHA-256 (hex) of the draft's interchange document into hex (65 bytes);
 * -1 when the plan cannot be read. */
static int draft_hash(struct req *r, char *hex)
{
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p)
		return -1;
	char *doc = plan_json_write(p);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)doc, strlen(doc));
	sodium_bin2hex(hex, 65, h, sizeof h);
	free(doc);
	return 0;
}

/* The current version and how the draft stands against it. */
static int current_box(struct req *r)
{
	struct plan_version cur;
	int n = version_current(r->store, &cur, &r->err);
	if (n < 0)
		return -1;
	html(r, "<section aria-labelledby=\"h-current\">\n<h2 id=\"h-current\">%s</h2>\n",
	     L(r->lang, "現在の版", "Current version"));
	if (n == 0) {
		html(r, "<p>%s</p>\n", L(r->lang, "承認された版はまだありません（策定前）。",
					 "No version has been approved yet (not established)."));
	} else {
		char hex[65];
		if (draft_hash(r, hex)) {
			version_release(&cur);
			return -1;
		}
		html(r, "<p class=\"lead\"><strong>%s</strong> %s %s（%s）</p>\n",
		     page_version_label(r, &cur), L(r->lang, "承認", "approved"),
		     page_time_jst(r, cur.decided_at), cur.decided_by);
		if (strcmp(hex, cur.hash) == 0)
			html(r, "<p>%s</p>\n", L(r->lang, "下書きはこの版と同じです。",
						 "The draft is the same as this version."));
		else
			html(r, "<p>%s <a href=\"/versions/compare?from=%lld&amp;to=draft\">%s</a></p>\n",
			     L(r->lang, "下書きはこの版から変更されています。",
			       "The draft has changed since this version."),
			     (long long)cur.id, L(r->lang, "変更点を見る", "See the changes"));
	}
	html(r, "</section>\n");
	version_release(&cur);
	return 0;
}

/* A textarea with its label and error. */
static void textarea(struct req *r, const char *name, const char *label, const char *value,
		     const char *error, bool required)
{
	html(r, "<div class=\"field%s\"><label for=\"f-%s\">%s</label>", error ? " bad" : "", name,
	     label);
	if (error)
		html(r, "<p class=\"err\" id=\"f-%s-err\">%s</p>", name, error);
	html(r, "<textarea id=\"f-%s\" name=\"%s\" rows=\"3\"%s%s>%s</textarea></div>\n", name, name,
	     required ? " required" : "", error ? " aria-invalid=\"true\"" : "", value ? value : "");
}

/* The pending submission, with the admin's forms. */
static void pending_box(struct req *r, const struct plan_version *v, const char *reason_err)
{
	html(r, "<section aria-labelledby=\"h-pending\" class=\"card\">\n<h2 id=\"h-pending\">%s</h2>\n"
		"<p>%s %s（%s）<br>%s</p>\n",
	     L(r->lang, "承認待ちの提出", "Waiting for approval"), page_version_label(r, v),
	     page_time_jst(r, v->submitted_at), v->submitted_by, v->comment);
	html(r, "<p><a href=\"/versions/compare?from=%s&amp;to=%lld\">%s</a></p>\n", "current",
	     (long long)v->id, L(r->lang, "現在の版との差を見る", "Compare with the current version"));
	if (r->session.user.role >= ROLE_ADMIN) {
		html(r, "<form method=\"post\" action=\"/versions/%lld/approve\">", (long long)v->id);
		auth_csrf_field(r);
		html(r, "<button type=\"submit\">%s</button></form>\n",
		     L(r->lang, "承認して版にする", "Approve as a new version"));
		html(r, "<form method=\"post\" action=\"/versions/%lld/reject\">", (long long)v->id);
		auth_csrf_field(r);
		textarea(r, "reason", L(r->lang, "差し戻す理由", "Reason for rejecting"), NULL,
			 reason_err, true);
		html(r, "<button type=\"submit\" class=\"secondary\">%s</button></form>\n",
		     L(r->lang, "差し戻す", "Reject"));
	} else {
		html(r, "<p>%s</p>\n", L(r->lang, "管理者の承認を待っています。",
					 "An administrator will approve or reject it."));
	}
	html(r, "</section>\n");
}

/* The history table and the compare form. */
static void history(struct req *r, const struct plan_version *v, size_t n)
{
	html(r, "<section aria-labelledby=\"h-history\">\n<h2 id=\"h-history\">%s</h2>\n",
	     L(r->lang, "改訂履歴", "History"));
	if (n == 0) {
		html(r, "<p>%s</p>\n</section>\n", L(r->lang, "まだ提出はありません。", "Nothing submitted yet."));
		return;
	}
	html(r, "<div class=\"scroll\"><table>\n<caption>%s</caption>\n<thead><tr>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	     L(r->lang, "提出と承認（新しい順）", "Submissions and decisions (newest first)"),
	     L(r->lang, "版", "Version"), L(r->lang, "提出", "Submitted"),
	     L(r->lang, "決定", "Decided"), L(r->lang, "比較", "Compare"));
	for (size_t i = 0; i < n; i++) {
		html(r, "<tr><th scope=\"row\">%s</th><td>%s<br><small>%s</small>", page_version_label(r, &v[i]),
		     v[i].submitted_by, page_time_jst(r, v[i].submitted_at));
		if (v[i].comment[0])
			html(r, "<br>%s", v[i].comment);
		html(r, "</td><td>");
		if (v[i].state != VERSION_PENDING)
			html(r, "%s<br><small>%s</small>", v[i].decided_by, page_time_jst(r, v[i].decided_at));
		if (v[i].state == VERSION_REJECTED && v[i].reason[0])
			html(r, "<br>%s%s", L(r->lang, "理由：", "Reason: "), v[i].reason);
		html(r, "</td><td><a href=\"/versions/compare?from=%lld&amp;to=draft\">%s</a>",
		     (long long)v[i].id, L(r->lang, "下書きと", "with draft"));
		if (i + 1 < n)
			html(r, "<br><a href=\"/versions/compare?from=%lld&amp;to=%lld\">%s</a>",
			     (long long)v[i + 1].id, (long long)v[i].id, L(r->lang, "一つ前と", "with previous"));
		html(r, "</td></tr>\n");
	}
	html(r, "</tbody></table></div>\n");
	/* any two states */
	html(r, "<form method=\"get\" action=\"/versions/compare\" class=\"card\">\n<h3>%s</h3>\n",
	     L(r->lang, "二つの版を比べる", "Compare two versions"));
	for (int k = 0; k < 2; k++) {
		const char *name = k ? "to" : "from";
		html(r, "<div class=\"field\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"%s\">",
		     name, k ? L(r->lang, "新", "New") : L(r->lang, "旧", "Old"), name, name);
		if (k)
			html(r, "<option value=\"draft\" selected>%s</option>", L(r->lang, "下書き（現在）", "Draft (now)"));
		for (size_t i = 0; i < n; i++)
			html(r, "<option value=\"%lld\"%s>%s</option>", (long long)v[i].id,
			     !k && i == 0 ? " selected" : "", page_version_label(r, &v[i]));
		html(r, "</select></div>\n");
	}
	html(r, "<button type=\"submit\">%s</button></form>\n</section>\n", L(r->lang, "比べる", "Compare"));
}

/* The whole page; comment and the errors are what a failed POST kept. */
static int versions_page(struct req *r, const char *done, const char *comment,
			 const char *comment_err, const char *reason_err)
{
	struct plan_version *v;
	size_t n;
	if (version_list(r->store, &v, &n, &r->err))
		return -1;
	const char *title = L(r->lang, "計画の版（策定・改訂）", "Plan versions");
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n", title);
	if (done)
		page_notice(r, "ok", done);
	if (current_box(r)) {
		version_list_free(v, n);
		return -1;
	}
	const struct plan_version *pending = NULL;
	for (size_t i = 0; i < n && !pending; i++)
		if (v[i].state == VERSION_PENDING)
			pending = &v[i];
	if (pending)
		pending_box(r, pending, reason_err);
	else if (r->session.user.role >= ROLE_PLANNER) {
		html(r, "<section aria-labelledby=\"h-submit\">\n<h2 id=\"h-submit\">%s</h2>\n<p>%s</p>\n"
			"<form method=\"post\" action=\"/versions/submit\" class=\"card\">",
		     L(r->lang, "承認を申請する", "Submit for approval"),
		     L(r->lang, "現在の下書きをそのまま保存し、管理者の承認を求めます。申請後も下書きの編集を続けられます。",
		       "Saves the draft as it is now and asks an administrator to approve it. "
		       "You can go on editing the draft."));
		auth_csrf_field(r);
		textarea(r, "comment", L(r->lang, "改訂の内容（コメント）", "What changed (comment)"),
			 comment, comment_err, false);
		html(r, "<button type=\"submit\">%s</button></form>\n</section>\n",
		     L(r->lang, "申請する", "Submit"));
	}
	history(r, v, n);
	page_end(r);
	version_list_free(v, n);
	return 0;
}

/* GET /versions[?done=submitted|approved|rejected] */
int page_versions(struct req *r)
{
	const char *d = req_query(r, "done"), *done = NULL;
	if (d && strcmp(d, "submitted") == 0)
		done = L(r->lang, "承認を申請しました。", "Submitted for approval.");
	else if (d && strcmp(d, "approved") == 0)
		done = L(r->lang, "承認し、新しい版にしました。", "Approved as a new version.");
	else if (d && strcmp(d, "rejected") == 0)
		done = L(r->lang, "差し戻しました。", "Rejected.");
	return versions_page(r, done, NULL, NULL, NULL);
}

/* True when a comment or reason is too long. */
static bool text_bad(const char *s)
{
	return strlen(s) > COMMENT_MAX;
}

/* POST /versions/submit: comment. */
int page_versions_submit(struct req *r)
{
	const char *comment = req_form_trim(r, "comment");
	if (text_bad(comment)) {
		r->status = 422;
		return versions_page(r, NULL, comment,
				     L(r->lang, "コメントが長すぎます（2000バイトまで）。",
				       "The comment is too long (2000 bytes at most)."), NULL);
	}
	if (store_plan_empty(r->store)) {
		r->status = 409;
		return versions_page(r, NULL, comment,
				     L(r->lang, "計画がまだありません。", "There is no plan yet."), NULL);
	}
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p)
		return -1;
	char *doc = plan_json_write(p);
	int rc = version_submit(r->store, doc, auth_actor(r), comment, NULL, &r->err);
	free(doc);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		r->status = 409;
		return versions_page(r, NULL, comment,
				     L(r->lang, "承認待ちの提出があります。先に承認か差し戻しをしてください。",
				       "A submission is already waiting; it must be decided first."), NULL);
	}
	req_redirect(r, "/versions?done=submitted");
	return 0;
}

/* The submission id of /versions/{id}/…, or -1. */
static int64_t param_id(struct req *r)
{
	char *end;
	long long id = r->n_params ? strtoll(r->params[0], &end, 10) : -1;
	return r->n_params && *end == '\0' && id > 0 ? id : -1;
}

/* Approves or rejects /versions/{id}. */
static int decide(struct req *r, bool approve)
{
	int64_t id = param_id(r);
	if (id < 0) {
		route_error(r, 404, NULL);
		return 0;
	}
	const char *reason = approve ? "" : req_form_trim(r, "reason");
	if (!approve && (!reason[0] || text_bad(reason))) {
		r->status = 422;
		return versions_page(r, NULL, NULL, NULL,
				     reason[0] ? L(r->lang, "理由が長すぎます（2000バイトまで）。",
						   "The reason is too long (2000 bytes at most).")
					       : L(r->lang, "差し戻す理由を書いてください。",
						   "Write why it is rejected."));
	}
	int rc = version_decide(r->store, id, approve, auth_actor(r), reason, NULL, &r->err);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		route_error(r, 409, L(r->lang, "この提出は既に決定済みか、存在しません。",
				      "This submission is already decided, or does not exist."));
		return 0;
	}
	req_redirect(r, approve ? "/versions?done=approved" : "/versions?done=rejected");
	return 0;
}

/* POST /versions/{id}/approve */
int page_versions_approve(struct req *r)
{
	return decide(r, true);
}

/* POST /versions/{id}/reject: reason. */
int page_versions_reject(struct req *r)
{
	return decide(r, false);
}
