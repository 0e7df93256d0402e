/*
 * page_audit.c — the audit log for admins: every change with who and
 * when, newest first, 100 to a page, and whether the hash chain is whole.
 */
#include <stdlib.h>
#include <string.h>

#include "web/core/html.h"
#include "web/core/page.h"

#define AUDIT_PAGE 100

/* GET /admin/audit[?before=ID] */
int page_audit(struct req *r)
{
	const char *before_s = req_query(r, "before");
	long long before = 0;
	if (before_s) {
		char *end;
		before = strtoll(before_s, &end, 10);
		if (*end || before < 0) {
			route_error(r, 400, NULL);
			return 0;
		}
	}
	int64_t rows, bad;
	int whole = users_audit_verify(r->store, &rows, &bad, &r->err);
	if (whole < 0)
		return -1;
	struct audit_entry *v;
	size_t n;
	if (users_audit_list(r->store, before, AUDIT_PAGE, &v, &n, &r->err))
		return -1;

	const char *title = L(r->lang, "監査ログ", "Audit log");
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n", title);
	if (whole)
		page_notice(r, "ok",
			    arena_printf(&r->arena,
					 L(r->lang, "記録 %lld 件：改ざんは検出されませんでした（ハッシュ連鎖を検証済み）。",
					   "%lld entries: the hash chain verifies, nothing was altered."),
					 (long long)rows));
	else
		page_notice(r, "error",
			    arena_printf(&r->arena,
					 L(r->lang, "記録 #%lld でハッシュ連鎖が一致しません。改ざんの可能性があります。",
					   "The hash chain breaks at entry #%lld: the log may have been altered."),
					 (long long)bad));
	html(r, "<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">#</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	     L(r->lang, "日時（日本時間）", "Time (JST)"), L(r->lang, "実行者", "Who"),
	     L(r->lang, "操作", "Action"), L(r->lang, "対象", "Target"),
	     L(r->lang, "内容", "Detail"));
	for (size_t i = 0; i < n; i++)
		html(r, "<tr><td>%lld</td><td class=\"time\">%s</td><td>%s</td><td><code>%s</code></td>"
			"<td>%s</td><td>%s</td></tr>\n",
		     (long long)v[i].id, page_time_jst(r, v[i].at), v[i].actor, v[i].action,
		     v[i].target, v[i].detail);
	html(r, "</tbody></table></div>\n");
	if (n == AUDIT_PAGE && v[n - 1].id > 1)
		html(r, "<p><a href=\"/admin/audit?before=%lld\">%s</a></p>\n",
		     (long long)v[n - 1].id, L(r->lang, "さらに古い記録", "Older entries"));
	if (n == 0)
		html(r, "<p>%s</p>\n", L(r->lang, "記録はありません。", "No entries."));
	page_end(r);
	users_audit_free(v, n);
	return 0;
}
