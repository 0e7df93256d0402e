/*
 * page_incident_report.c — the reports of an incident (§2.3.2 steps 11
 * and 12, issue 5 item 5): the situation report (被害状況・復旧状況報告)
 * and the recovery-completion notice (復旧完了報告).
 *
 *   GET /incidents/{id}/report[?kind=situation|completion]   the page
 *   GET /incidents/{id}/report.txt[?kind=…]                  text/plain, for mail
 *   GET /incidents/{id}/report.pdf[?kind=…]                  PDF
 *
 * The text is the app layer's (app_incident_report_text), the same the CLI
 * prints, so the page, the mail and `itbcp incident report` say the same
 * thing; the page shows it as it will be sent.  The PDF is built from the
 * app layer's JSON of the report (app_incident_report_json) as a struct doc
 * (render/doc.h) and typeset by render_pdf_buf.  The reporter named is
 * the person signed in; the time is now.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/app_incident.h"
#include "render/doc.h"
#include "render/pdf/pdf.h"
#include "store/store.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/pages/incident/page_incident.h"

/* The kind asked for: "situation" (default) or "completion"; NULL (and a
 * 400 answer in r) when the query names another. */
static const char *report_kind(struct req *r)
{
	const char *k = req_query(r, "kind");
	if (!k || strcmp(k, "situation") == 0)
		return "situation";
	if (strcmp(k, "completion") == 0)
		return "completion";
	route_error(r, 400, L(r->lang, "報告の種類は situation か completion です。",
			      "The kind of report is situation or completion."));
	return NULL;
}

/* The report's title. */
/* The title every format of the report carries (app_incident.h). */
static const char *report_title(enum lang lang, const char *kind)
{
	return app_incident_report_title(kind, lang);
}

/* The kind of report asked for (*kind), the incident and its board at
 * now: 0, 1 (r holds the answer: 400, 404), -1. */
static int load(struct req *r, const char **kind, struct incident *inc, struct crisis_board *b)
{
	if (!(*kind = report_kind(r)))
		return 1;
	int rc = page_incident_load(r, true, inc);
	if (rc)
		return rc;
	crisis_board_compute(inc, app_incident_now(), b);
	return 0;
}

/* GET /incidents/{id}/report */
int page_incident_report(struct req *r)
{
	const char *kind;
	struct incident inc = INCIDENT_INIT;
	struct crisis_board b = CRISIS_BOARD_INIT;
	int rc = load(r, &kind, &inc, &b);
	if (rc)
		return rc < 0 ? -1 : 0;
	enum lang lang = r->lang;
	struct buf text = BUF_INIT;
	app_incident_report_text(&inc, &b, kind, auth_actor(r), lang, &text);
	page_incident_begin(r, &inc, ITAB_REPORT, b.now);
	html(r, "<nav class=\"tabs minor\" aria-label=\"%s\"><ul>", L(lang, "報告の種類", "Kind of report"));
	for (int k = 0; k < 2; k++) {
		const char *kk = k ? "completion" : "situation";
		const char *href = page_incident_url(r, &inc, k ? "/report?kind=completion" : "/report");
		if (strcmp(kind, kk) == 0)
			html(r, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>", href, report_title(lang, kk));
		else
			html(r, "<li><a href=\"%s\">%s</a></li>", href, report_title(lang, kk));
	}
	html(r, "</ul></nav>\n");
	html(r, "<section aria-labelledby=\"h-report\">\n<h2 id=\"h-report\">%s</h2>\n<p>%s%s</p>\n",
	     report_title(lang, kind), L(lang, "報告先：", "To: "),
	     inc.report_destination[0] ? inc.report_destination : L(lang, "（計画に定めなし）", "(not set in the plan)"));
	html(r, "<p class=\"actions\"><a class=\"button\" href=\"%s\" download>%s</a>"
		"<a class=\"button\" href=\"%s\" download>%s</a></p>\n",
	     page_incident_url(r, &inc, arena_printf(&r->arena, "/report.txt?kind=%s", kind)),
	     L(lang, "テキストで保存（メール用）", "Save as text (for mail)"),
	     page_incident_url(r, &inc, arena_printf(&r->arena, "/report.pdf?kind=%s", kind)),
	     L(lang, "PDFで保存", "Save as PDF"));
	html(r, "<pre class=\"report\">%s</pre>\n</section>\n", text.data);
	page_end(r);
	buf_release(&text);
	crisis_board_release(&b);
	incident_release(&inc);
	return 0;
}

/* Content-Disposition for a download named incident-ID-KIND.EXT. */
static void attachment(struct req *r, const struct incident *inc, const char *kind, const char *ext)
{
	req_set_header(r, "Content-Disposition",
		       arena_printf(&r->arena, "attachment; filename=\"incident-%lld-%s.%s\"",
				    (long long)inc->id, kind, ext));
}

/* GET /incidents/{id}/report.txt */
int page_incident_report_txt(struct req *r)
{
	const char *kind;
	struct incident inc = INCIDENT_INIT;
	struct crisis_board b = CRISIS_BOARD_INIT;
	int rc = load(r, &kind, &inc, &b);
	if (rc)
		return rc < 0 ? -1 : 0;
	app_incident_report_text(&inc, &b, kind, auth_actor(r), r->lang, &r->out);
	r->content_type = "text/plain; charset=utf-8";
	attachment(r, &inc, kind, "txt");
	crisis_board_release(&b);
	incident_release(&inc);
	return 0;
}

/* ---- the PDF --------------------------------------------------------------- */

/* An ISO time member as "2026-01-12 18:00" (into out), "—" when null. */
static const char *report_jtime(const json_t *o, const char *k, char out[20])
{
	const char *s = page_incident_jstr(o, k);
	if (strlen(s) < 16)
		return "—";
	memcpy(out, s, 16);
	out[10] = ' ';
	out[16] = '\0';
	return out;
}

/* "15時間" / "15 h", or "—". */
static const char *jhours(const json_t *o, const char *k, enum lang lang, char out[32])
{
	json_t *v = json_object_get(o, k);
	if (!json_is_integer(v))
		return "—";
	snprintf(out, 32, "%lld%s", (long long)json_integer_value(v), L(lang, "時間", " h"));
	return out;
}

/* A percentage member as "50%", or "—". */
static const char *jpct(const json_t *o, const char *k, char out[16])
{
	json_t *v = json_object_get(o, k);
	if (!json_is_integer(v))
		return "—";
	snprintf(out, 16, "%lld%%", (long long)json_integer_value(v));
	return out;
}

/* The situation report's body. */
static void pdf_situation(struct doc *d, const json_t *rep, const struct crisis_board *b, enum lang lang)
{
	const json_t *sys = json_object_get(rep, "systems");
	char t1[20], t2[20], h[32], p[16];
	static const unsigned w3[] = { 1, 4, 3 }, w4[] = { 3, 3, 2, 4 };
	doc_add_heading(d, 2, "1.", L(lang, "被害状況", "Damage"));
	struct doc_table *t = &doc_add_table(d, "", L(lang, "情報システムの被害状況", "Damage of the systems"), 3, w3)->table;
	doc_table_head(t);
	doc_cell(t, L(lang, "優先度", "Tier"));
	doc_cell(t, L(lang, "情報システム", "System"));
	doc_cell(t, L(lang, "被害状況", "Damage"));
	for (size_t i = 0; i < json_array_size(sys); i++) {
		const json_t *s = json_array_get(sys, i);
		doc_table_row(t);
		doc_cell(t, page_incident_jstr(s, "tier"));
		doc_cell(t, page_incident_jstr(s, "name"));
		doc_cell(t, page_incident_jstr(s, "damage_label"));
	}
	doc_add_heading(d, 2, "2.", L(lang, "復旧方針", "Recovery policy"));
	t = &doc_add_table(d, "", L(lang, "復旧方針（手順8）", "Recovery policy (step 8)"), 4, w4)->table;
	doc_table_head(t);
	doc_cell(t, L(lang, "情報システム", "System"));
	doc_cell(t, L(lang, "方針", "Policy"));
	doc_cell(t, L(lang, "目標レベル", "Target level"));
	doc_cell(t, L(lang, "方法", "Method"));
	for (size_t i = 0; i < json_array_size(sys); i++) {
		const json_t *s = json_array_get(sys, i);
		doc_table_row(t);
		doc_cell(t, page_incident_jstr(s, "name"));
		doc_cell(t, page_incident_jstr(s, "policy_label"));
		doc_cell(t, jpct(s, "target_level", p));
		doc_cell(t, page_incident_jstr(s, "method"));
	}
	const json_t *dec = json_object_get(rep, "decisions");
	if (json_array_size(dec)) {
		struct doc_block *l = doc_add_list(d, false);
		for (size_t i = 0; i < json_array_size(dec); i++) {
			const json_t *x = json_array_get(dec, i);
			struct buf s = BUF_INIT;
			buf_addf(&s, "%s %s（%s）: %s", L(lang, "決定", "Decision"),
				 report_jtime(x, "at", t1), page_incident_jstr(x, "author"),
				 page_incident_jstr(x, "text"));
			doc_list_item(l, s.data);
			buf_release(&s);
		}
	}
	doc_add_heading(d, 2, "3.", L(lang, "復旧見込み", "Expected recovery"));
	t = &doc_add_table(d, "", L(lang, "復旧見込みと期限（期限＝発生時刻＋RTO）", "Expected recovery and deadline (event time + RTO)"), 5, NULL)->table;
	doc_table_head(t);
	doc_cell(t, L(lang, "情報システム", "System"));
	doc_cell(t, "RTO");
	doc_cell(t, L(lang, "期限", "Deadline"));
	doc_cell(t, L(lang, "作業状況", "Work"));
	doc_cell(t, L(lang, "見込み・復旧", "Expected / restored"));
	for (size_t i = 0; i < json_array_size(sys); i++) {
		const json_t *s = json_array_get(sys, i);
		bool restored = strcmp(page_incident_jstr(s, "work"), "restored") == 0;
		doc_table_row(t);
		doc_cell(t, page_incident_jstr(s, "name"));
		doc_cell(t, jhours(s, "rto_hours", lang, h));
		doc_cell(t, report_jtime(s, "deadline", t1));
		doc_cell(t, page_incident_work_label(lang, (enum work_state)work_state_parse(page_incident_jstr(s, "work"))));
		struct doc_cell *c = doc_cellf(t, "%s %s%s", restored ? L(lang, "復旧", "restored") : L(lang, "見込み", "expected"),
					       report_jtime(s, restored ? "restored_at" : "expected_at", t2),
					       json_is_true(json_object_get(s, "overdue")) ? L(lang, "【期限超過】", " [OVERDUE]") : "");
		if (json_is_true(json_object_get(s, "overdue")))
			c->flags |= DOC_CELL_EMPH;
	}
	doc_add_heading(d, 2, "4.", L(lang, "支援依頼", "Requests for support"));
	const json_t *req = json_object_get(rep, "support_requests");
	struct doc_block *l = doc_add_list(d, false);
	for (size_t i = 0; i < json_array_size(req); i++)
		doc_list_item(l, page_incident_jstr(json_array_get(req, i), "text"));
	if (!json_array_size(req))
		doc_list_item(l, L(lang, "なし", "none"));
	doc_add_heading(d, 2, "5.", L(lang, "要員の状況", "Staff"));
	doc_add_paraf(d, L(lang, "安否回答 %zu/%zu名", "Answered: %zu of %zu called"), b->answered, b->called);
	l = NULL;
	for (size_t i = 0; i < b->n_roles; i++)
		if (b->roles[i].cover == COVER_NONE) {
			if (!l)
				l = doc_add_list(d, false);
			struct buf s = BUF_INIT;
			buf_addf(&s, "%s: %s", b->roles[i].name,
				 L(lang, "対応可能な担当者・代理者なし", "no holder or deputy available"));
			doc_list_item(l, s.data);
			buf_release(&s);
		}
}

/* The completion notice's body. */
static void pdf_completion(struct doc *d, const json_t *rep, const struct incident *inc, enum lang lang)
{
	const json_t *sys = json_object_get(rep, "systems");
	char t1[20], p[16];
	doc_add_para(d, L(lang, "次の情報システムの復旧（データ・機能の検証済み）を報告します。",
			  "The following systems are restored, with data and function validated."));
	struct doc_table *t = &doc_add_table(d, "", L(lang, "復旧した情報システム", "Systems restored"), 6, NULL)->table;
	doc_table_head(t);
	doc_cell(t, L(lang, "情報システム", "System"));
	doc_cell(t, L(lang, "復旧時刻", "Restored at"));
	doc_cell(t, L(lang, "所要時間", "Took"));
	doc_cell(t, L(lang, "レベル", "Level"));
	doc_cell(t, "RLO");
	doc_cell(t, L(lang, "RTO", "RTO"));
	for (size_t i = 0; i < json_array_size(sys); i++) {
		const json_t *s = json_array_get(sys, i);
		json_t *ok = json_object_get(s, "rto_achieved");
		doc_table_row(t);
		doc_cell(t, page_incident_jstr(s, "name"));
		doc_cell(t, report_jtime(s, "restored_at", t1));
		doc_cell(t, page_incident_jstr(s, "recovery"));
		doc_cell(t, jpct(s, "level", p));
		doc_cell(t, page_incident_jstr(s, "rlo"));
		doc_cell(t, json_is_true(ok) ? L(lang, "達成", "met") : json_is_false(ok) ? L(lang, "未達", "missed") : "—");
	}
	if (!json_array_size(sys))
		doc_add_para(d, L(lang, "（復旧済みのシステムはまだありません）", "(no system is restored yet)"));
	const json_t *pend = json_object_get(rep, "not_restored");
	if (json_array_size(pend)) {
		doc_add_para(d, L(lang, "未復旧のシステム：", "Not yet restored:"));
		struct doc_block *l = doc_add_list(d, false);
		for (size_t i = 0; i < json_array_size(pend); i++) {
			const struct incident_system *s = incident_system_find(inc, json_string_value(json_array_get(pend, i)));
			doc_list_item(l, s ? s->name : json_string_value(json_array_get(pend, i)));
		}
	}
}

/* GET /incidents/{id}/report.pdf */
int page_incident_report_pdf(struct req *r)
{
	const char *kind;
	struct incident inc = INCIDENT_INIT;
	struct crisis_board b = CRISIS_BOARD_INIT;
	int rc = load(r, &kind, &inc, &b);
	if (rc)
		return rc < 0 ? -1 : 0;
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p) {
		crisis_board_release(&b);
		incident_release(&inc);
		return -1;
	}
	enum lang lang = r->lang;
	json_t *rep = app_incident_report_json(&inc, &b, kind, lang);
	struct doc d = DOC_INIT;
	char now[20];
	doc_init(&d, lang);
	doc_set(&d.meta.title, report_title(lang, kind));
	doc_set(&d.meta.subtitle, page_incident_title(r, &inc));
	doc_set(&d.meta.organisation, lang == LANG_EN && p->organisation.name_en[0] ? p->organisation.name_en
										    : p->organisation.name);
	doc_set(&d.meta.date, report_jtime(rep, "at", now));
	doc_set(&d.meta.running_header, arena_printf(&r->arena, "%s %s", report_title(lang, kind), page_incident_title(r, &inc)));
	doc_set(&d.meta.footer, "");
	/* One page or two: no title page, no contents; the title on top. */
	d.meta.sheet = true;
	doc_add_heading(&d, 1, "", report_title(lang, kind));
	doc_add_para(&d, page_incident_title(r, &inc));
	doc_add_paraf(&d, "%s: %s", L(lang, "報告先", "To"),
		      inc.report_destination[0] ? inc.report_destination : "-");
	doc_add_paraf(&d, "%s: %s  %s: %s", L(lang, "報告日時", "Date"), now, L(lang, "報告者", "From"), auth_actor(r));
	/* The event as the text version states it (intensity, area, system). */
	struct buf ev = BUF_INIT;
	app_incident_event_line(&inc, lang, &ev);
	if (ev.len && ev.data[ev.len - 1] == '\n')
		ev.data[--ev.len] = '\0';
	doc_add_paraf(&d, "%s: #%lld %s", L(lang, "事象", "Event"), (long long)inc.id, ev.data);
	buf_release(&ev);
	doc_add_paraf(&d, "%s: %s", L(lang, "経過時間", "Elapsed"), page_incident_jstr(rep, "elapsed"));
	if (strcmp(kind, "completion") == 0)
		pdf_completion(&d, rep, &inc, lang);
	else
		pdf_situation(&d, rep, &b, lang);
	struct buf line = BUF_INIT;
	app_incident_record_line(&inc, lang, &line);
	doc_add_paraf(&d, "%s", line.data);
	buf_release(&line);
	json_decref(rep);
	struct buf pdf = BUF_INIT;
	rc = render_pdf_buf(&d, &pdf, NULL, &r->err);
	doc_release(&d);
	if (rc == 0) {
		buf_add(&r->out, pdf.data, pdf.len);
		r->content_type = "application/pdf";
		attachment(r, &inc, kind, "pdf");
	}
	buf_release(&pdf);
	crisis_board_release(&b);
	incident_release(&inc);
	return rc;
}
