/*
 * page_download.c — the plan's documents as files (issue 4, item 5).
 *
 *   GET /documents/plan/{fmt}            the whole plan: html pdf md odt xlsx
 *   GET /documents/table/{name}/{fmt}    one table of render_table_names: csv xlsx
 *   GET /documents/figure/command        図2.2-1 as SVG
 *   GET /documents/figure/flow[?event=]  図2.3-1 of one event type as SVG
 *   GET /documents/calendar[?fy=YYYY]    the training plan (§4.1) as iCalendar
 *   GET /documents/pack[?public=1]       the offline crisis pack (render/pack/pack.h)
 *
 * Every file is made by the same public functions `itbcp render` calls
 * (render.h, pdf.h, odt.h, xlsx.h, graph.h, ics.h), in the page's
 * language, and sent as an attachment with its type and a Japanese file
 * name (RFC 6266 filename*, with an ASCII fallback for old clients).
 *
 * Who gets what: every signed-in role gets every document without
 * personal data (mobile, home phone, e-mail); ?personal=1 adds it for
 * responders and above (a viewer asking gets 403), and is written to the
 * audit log.  The offline pack is the exception: it is made for the
 * responders, so responders and above get it whole (with every contact,
 * audited) unless they ask for ?public=1, and viewers get the public one.
 * A file is made once per worker thread and plan (cache.h):
 * a second download of an unchanged plan costs a copy, not a PDF layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_version.h"
#include "render/graph/graph.h"
#include "render/ics.h"
#include "render/office/odt.h"
#include "render/pdf/pdf.h"
#include "render/render.h"
#include "render/office/xlsx.h"
#include "render/pack/pack.h"
#include "store/store.h"
#include "store/users.h"
#include "util/xalloc.h"
#include "web/core/auth.h"
#include "web/core/cache.h"
#include "web/core/html.h"
#include "web/core/page.h"

/* The formats and their media types. */
static const struct {
	const char *ext, *type;
} formats[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "pdf", "application/pdf" },
	{ "md", "text/markdown; charset=utf-8" },
	{ "odt", "application/vnd.oasis.opendocument.text" },
	{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	{ "csv", "text/csv; charset=utf-8" },
	{ "svg", "image/svg+xml" },
	{ "ics", "text/calendar; charset=utf-8" },
};

/* The media type of extension ext (one of formats[]). */
static const char *media_type(const char *ext)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].ext, ext) == 0)
			return formats[i].type;
	BUG("no media type for .%s", ext);
}

/* True when s is one of the NULL-terminated list. */
static bool one_of(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* ---- the answer's headers ------------------------------------------------ */

/* name made safe as a file name: path separators, characters Windows
 * refuses, control characters and spaces become '_' (r's arena). */
static const char *safe_name(struct req *r, const char *name)
{
	char *s = arena_strdup(&r->arena, name);
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || strchr("/\\:*?\"<>| ", *p))
			*p = '_';
	return s;
}

void page_attachment(struct req *r, const char *ext, const char *ascii_base, const char *name)
{
	r->content_type = media_type(ext);
	struct buf b = BUF_INIT;
	/* filename=: an ASCII fallback, letters, digits, '-', '_' and '.' only */
	buf_adds(&b, "attachment; filename=\"");
	for (const char *p = ascii_base; *p; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '-' || c == '_' || c == '.';
		buf_addc(&b, ok ? c : '_');
	}
	buf_addf(&b, ".%s\"; filename*=UTF-8''", ext);
	/* filename*: the name for people, percent-encoded (RFC 8187 attr-char kept) */
	const char *full = arena_printf(&r->arena, "%s.%s", safe_name(r, name), ext);
	for (const unsigned char *p = (const unsigned char *)full; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p))
			buf_addc(&b, (char)*p);
		else
			buf_addf(&b, "%%%02X", *p);
	}
	req_set_header(r, "Content-Disposition", arena_strdup(&r->arena, b.data));
	buf_release(&b);
}

/* ---- shared steps ------------------------------------------------------------ */

/* Reads ?personal=: false when absent, true for "1"; otherwise r answered
 * (400, or 403 for a role that may not see personal data) and *done. */
static bool want_personal(struct req *r, bool *done)
{
	const char *q = req_query(r, "personal");
	*done = false;
	if (!q || strcmp(q, "0") == 0)
		return false;
	if (strcmp(q, "1") != 0) {
		route_error(r, 400, L(r->lang, "personal は 0 か 1 です。", "personal is 0 or 1."));
		*done = true;
		return false;
	}
	if (r->session.user.role < ROLE_RESPONDER) {
		route_error(r, 403, L(r->lang, "個人の連絡先を含む文書は対応要員以上の役割の方だけが出力できます。",
				      "Documents with personal contact data are for responders and above."));
		*done = true;
		return false;
	}
	return true;
}

/* Records a download of personal data in the audit log (who, what). */
static int audit_personal(struct req *r, const char *what)
{
	return users_audit_add(r->store, auth_actor(r), "document.personal", what, "", &r->err);
}

/* The cached bytes of key into the answer: true when there were any. */
static bool from_cache(struct req *r, const char *key)
{
	size_t len;
	const char *data = cache_get(r, key, &len);
	if (!data)
		return false;
	buf_add(&r->out, data, len);
	return true;
}

/* The render options of this request. */
static void opts_of(struct req *r, bool personal, struct render_opts *o)
{
	render_opts_init(o);
	o->lang = r->lang;
	o->personal = personal;
}

/* The plan of this thread, or NULL (-1 into *rc). */
static const struct plan *plan_of(struct req *r, int *rc)
{
	const struct plan *p = store_plan_cached(r->store, &r->err);
	*rc = p ? 0 : -1;
	return p;
}

/* The plan for a document that may hold personal data, *personal from
 * ?personal= (want_personal); NULL when the handler returns *rc at once:
 * 0 with r answered (400, 403), -1 with r->err set. */
static const struct plan *document_plan(struct req *r, bool *personal, int *rc)
{
	bool done;
	*personal = want_personal(r, &done);
	if (done) {
		*rc = 0;
		return NULL;
	}
	return plan_of(r, rc);
}

/* Sends the document as an attachment (ascii, title: see page_attachment),
 * its title marked when it holds personal data, and that download (what)
 * written to the audit log first; -1 when the log could not be written. */
static int document_attachment(struct req *r, const char *fmt, bool personal, const char *what,
			       const char *ascii, const char *title)
{
	if (personal && audit_personal(r, what))
		return -1;
	page_attachment(r, fmt, ascii,
			arena_printf(&r->arena, "%s%s", title,
				     personal ? L(r->lang, "（個人情報を含む）", " (with personal data)")
					      : ""));
	return 0;
}

/* ---- GET /documents/plan/{fmt} ------------------------------------------------ */

/* Whether the plan shows the 「ガイドラインの参照先」 boxes: ?guideline=1 or
 * 0, else in a draft and not when the plan is the approved version (第N版,
 * version > 0).  1 with *refs set; 0 with r answered (400). */
static int guideline_refs(struct req *r, int64_t version, bool *refs)
{
	const char *q = req_query(r, "guideline");
	if (q && (strcmp(q, "0") == 0 || strcmp(q, "1") == 0)) {
		*refs = strcmp(q, "1") == 0;
		return 1;
	}
	if (q) {
		route_error(r, 400, L(r->lang, "guideline は 0 か 1 です。", "guideline is 0 or 1."));
		return 0;
	}
	*refs = version == 0;
	return 1;
}

/* Writes the whole plan as fmt into r->out, with the document control of
 * o_versions (versions, n_versions and version set). */
static int make_plan(struct req *r, const struct plan *p, const char *fmt, bool personal,
		     bool refs, const struct render_opts *o_versions)
{
	struct render_opts o;
	opts_of(r, personal, &o);
	o.guideline_refs = refs;
	o.versions = o_versions->versions;
	o.n_versions = o_versions->n_versions;
	o.version = o_versions->version;
	if (strcmp(fmt, "xlsx") == 0)
		return render_xlsx_buf(p, "all", &o, &r->out, &r->err);
	struct doc d;
	plan_doc_build(p, &o, &d);
	int rc = 0;
	if (strcmp(fmt, "html") == 0)
		render_html(&d, &r->out);
	else if (strcmp(fmt, "md") == 0)
		render_markdown(&d, &r->out);
	else if (strcmp(fmt, "odt") == 0)
		rc = render_odt(&d, &r->out, &r->err);
	else
		rc = render_pdf_buf(&d, &r->out, NULL, &r->err);
	doc_release(&d);
	return rc;
}

int page_download_plan(struct req *r)
{
	static const char *const fmts[] = { "html", "pdf", "md", "odt", "xlsx", NULL };
	const char *fmt = r->params[0];
	if (!one_of(fmt, fmts)) {
		route_error(r, 404, L(r->lang, "計画書は html・pdf・md・odt・xlsx で出力できます。",
				      "The plan comes as html, pdf, md, odt or xlsx."));
		return 0;
	}
	bool personal;
	int rc;
	const struct plan *p = document_plan(r, &personal, &rc);
	if (!p)
		return rc;
	struct render_opts vo;
	struct render_version *versions;
	render_opts_init(&vo);
	if (app_plan_versions(r->store, p, &versions, &vo.n_versions, &vo.version, &r->err))
		return -1;
	vo.versions = versions;
	bool refs;
	if ((rc = guideline_refs(r, vo.version, &refs)) <= 0) {
		app_plan_versions_free(versions, vo.n_versions);
		return rc;
	}
	/* Approving a version changes no plan table, so the cache (dropped
	 * when the plan changes) keys the boxes and the versions too. */
	const char *key = arena_printf(&r->arena, "doc:plan:%s:%s:%d:%d:%lld:%zu", fmt,
				       L(r->lang, "ja", "en"), personal, refs,
				       (long long)vo.version, vo.n_versions);
	rc = 0;
	if (!from_cache(r, key)) {
		rc = make_plan(r, p, fmt, personal, refs, &vo);
		if (!rc)
			cache_put(r, key, r->out.data, r->out.len);
	}
	app_plan_versions_free(versions, vo.n_versions);
	if (rc)
		return -1;
	return document_attachment(r, fmt, personal, arena_printf(&r->arena, "plan.%s", fmt),
				   personal ? "itbcp-plan-personal" : "itbcp-plan",
				   L(r->lang, "情報システム運用継続計画", "IT continuity plan"));
}

/* ---- GET /documents/table/{name}/{fmt} ------------------------------------------ */

/* The part of a "日本語 / English" help line for lang (r's arena): the
 * English part is what follows the last "/" after which all is ASCII
 * (the Japanese part may hold "/" of its own: "（全年度）/ training …"). */
static const char *help_part(struct req *r, const char *help)
{
	const char *sep = NULL;
	for (const char *q = strchr(help, '/'); q; q = strchr(q + 1, '/')) {
		const char *t = q + 1;
		while (*t && (unsigned char)*t < 0x80)
			t++;
		if (!*t) {
			sep = q;
			break;
		}
	}
	if (!sep)
		return help;
	if (r->lang == LANG_EN) {
		const char *en = sep + 1 + strspn(sep + 1, " ");
		char *s = arena_strdup(&r->arena, en);
		if (s[0] >= 'a' && s[0] <= 'z')
			s[0] = (char)(s[0] - 'a' + 'A');
		return s;
	}
	size_t n = (size_t)(sep - help);
	while (n && help[n - 1] == ' ')
		n--;
	return arena_strndup(&r->arena, help, n);
}

const char *page_table_title(struct req *r, const char *name)
{
	for (size_t i = 0; render_table_names[i]; i++)
		if (strcmp(render_table_names[i], name) == 0)
			return help_part(r, render_table_help[i]);
	return name;
}

int page_download_table(struct req *r)
{
	static const char *const fmts[] = { "csv", "xlsx", NULL };
	const char *name = r->params[0], *fmt = r->params[1];
	if (!one_of(name, render_table_names) || !one_of(fmt, fmts)) {
		route_error(r, 404, L(r->lang, "その表または形式はありません（表は CSV か xlsx で出力できます）。",
				      "No such table or format (tables come as csv or xlsx)."));
		return 0;
	}
	bool personal;
	int rc;
	const struct plan *p = document_plan(r, &personal, &rc);
	if (!p)
		return rc;
	const char *key = arena_printf(&r->arena, "doc:table:%s:%s:%s:%d", name, fmt,
				       L(r->lang, "ja", "en"), personal);
	if (!from_cache(r, key)) {
		struct render_opts o;
		opts_of(r, personal, &o);
		if (strcmp(fmt, "xlsx") == 0) {
			if (render_xlsx_buf(p, name, &o, &r->out, &r->err))
				return -1;
		} else {
			struct doc d;
			if (plan_doc_table(p, &o, name, &d))
				BUG("table %s listed but not built", name);
			const struct doc_table *t = doc_find_table(&d, name);
			if (!t)
				BUG("table %s not built", name);
			render_csv(t, &r->out);
			doc_release(&d);
		}
		cache_put(r, key, r->out.data, r->out.len);
	}
	return document_attachment(
		r, fmt, personal, arena_printf(&r->arena, "table.%s.%s", name, fmt),
		arena_printf(&r->arena, "itbcp-table-%s%s", name, personal ? "-personal" : ""),
		page_table_title(r, name));
}

/* ---- GET /documents/figure/{which} ----------------------------------------------- */

bool page_event_has_flow(const struct plan *p, const char *event_id)
{
	for (size_t i = 0; i < p->n_procedures; i++) {
		if (strcmp(p->procedures[i].event, event_id) != 0)
			continue;
		for (size_t k = 0; k < p->n_procedure_steps; k++)
			if (strcmp(p->procedure_steps[k].procedure, p->procedures[i].id) == 0)
				return true;
	}
	return false;
}

/* True when the plan has a role of the crisis structure (図2.2-1 has something to draw). */
static bool has_crisis_roles(const struct plan *p)
{
	for (size_t i = 0; i < p->n_roles; i++)
		if (strcmp(p->roles[i].structure, "crisis") == 0)
			return true;
	return false;
}

int page_download_figure(struct req *r)
{
	const char *which = r->params[0];
	int rc;
	const struct plan *p = plan_of(r, &rc);
	if (!p)
		return rc;
	const char *event = NULL, *ascii, *name;
	if (strcmp(which, "command") == 0) {
		if (!has_crisis_roles(p)) {
			route_error(r, 404, L(r->lang, "危機的事象発生時の体制の役割がまだありません。",
					      "The plan has no roles of the crisis structure yet."));
			return 0;
		}
		ascii = "itbcp-figure-2.2-1-command";
		name = L(r->lang, "図2.2-1 指揮命令系統", "Figure 2.2-1 Command structure");
	} else if (strcmp(which, "flow") == 0) {
		event = req_query(r, "event");
		for (size_t i = 0; !event && i < p->n_events; i++)
			if (page_event_has_flow(p, p->events[i].id))
				event = p->events[i].id;
		const struct event_type *ev = event ? plan_event(p, event) : NULL;
		if (!ev || !page_event_has_flow(p, event)) {
			route_error(r, 404, L(r->lang, "その危機的事象には対応手順の項目がありません。",
					      "That event type has no procedure steps."));
			return 0;
		}
		ascii = arena_printf(&r->arena, "itbcp-figure-2.3-1-%s", event);
		name = arena_printf(&r->arena, "%s %s", L(r->lang, "図2.3-1 全体フロー", "Figure 2.3-1 Overall flow"),
				    r->lang == LANG_EN && ev->name_en && ev->name_en[0] ? ev->name_en : ev->name);
	} else {
		route_error(r, 404, L(r->lang, "図は command（図2.2-1）と flow（図2.3-1）です。",
				      "The figures are command (図2.2-1) and flow (図2.3-1)."));
		return 0;
	}
	const char *key = arena_printf(&r->arena, "doc:figure:%s:%s:%s", which, event ? event : "",
				       L(r->lang, "ja", "en"));
	if (!from_cache(r, key)) {
		if (graph_figure_buf(p, which, event, r->lang, &r->out, &r->err))
			return -1;
		cache_put(r, key, r->out.data, r->out.len);
	}
	page_attachment(r, "svg", ascii, name);
	return 0;
}

/* ---- GET /documents/calendar[?fy=YYYY] ------------------------------------------- */

int page_download_calendar(struct req *r)
{
	const char *fy = req_query(r, "fy");
	if (fy && (strlen(fy) != 4 || strspn(fy, "0123456789") != 4 || atoi(fy) < 2000 ||
		   atoi(fy) > 2200)) {
		route_error(r, 400, L(r->lang, "fy は年度の西暦4桁です（令和8年度=2026）。",
				      "fy is the fiscal year's four digits (FY2026 = 2026)."));
		return 0;
	}
	int rc;
	const struct plan *p = plan_of(r, &rc);
	if (!p)
		return rc;
	const char *key = arena_printf(&r->arena, "doc:calendar:%s:%s", fy ? fy : "all",
				       L(r->lang, "ja", "en"));
	if (!from_cache(r, key)) {
		if (render_ics_buf(p, fy, r->lang, &r->out, &r->err))
			return -1;
		cache_put(r, key, r->out.data, r->out.len);
	}
	char label[32] = "";
	if (fy)
		fiscal_year_label(atoi(fy), (int)r->lang, label, sizeof label);
	page_attachment(r, "ics",
			arena_printf(&r->arena, "itbcp-training%s%s", fy ? "-" : "", fy ? fy : ""),
			arena_printf(&r->arena, "%s%s%s", L(r->lang, "教育訓練計画", "Training plan"),
				     fy ? " " : "", label));
	return 0;
}

/* ---- GET /documents/pack ------------------------------------------------------------ */

int page_download_pack(struct req *r)
{
	const char *q = req_query(r, "public");
	if (q && strcmp(q, "0") != 0 && strcmp(q, "1") != 0) {
		route_error(r, 400, L(r->lang, "public は 0 か 1 です。", "public is 0 or 1."));
		return 0;
	}
	bool personal = r->session.user.role >= ROLE_RESPONDER && !(q && strcmp(q, "1") == 0);
	int rc;
	const struct plan *p = plan_of(r, &rc);
	if (!p)
		return rc;
	const char *key = arena_printf(&r->arena, "doc:pack:%s:%d", L(r->lang, "ja", "en"), personal);
	if (!from_cache(r, key)) {
		struct render_opts o;
		opts_of(r, personal, &o);
		render_pack(p, &o, &r->out);
		cache_put(r, key, r->out.data, r->out.len);
	}
	return document_attachment(r, "html", personal, "pack.html",
				   personal ? "itbcp-pack-personal" : "itbcp-pack",
				   L(r->lang, "オフライン対応パック", "Offline crisis pack"));
}
