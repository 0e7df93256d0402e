/*
 * page_documents.c — where the plan's documents are offered (issue 4,
 * item 5): GET /documents lists every file there is, and the plan pages
 * link the files that belong to them (page_documents_links).
 *
 * The files themselves are made by page_download.c (plan, tables,
 * figures, calendar) and page_documents_card.c (the wallet card).  What a
 * role is offered is what it may download:
 *   viewer      every document, without personal data;
 *   responder   also with personal contact data (?personal=1, audited);
 *   planner+    also the wallet cards, which carry each person's check-in
 *               link (a credential: whoever holds it reports as that person).
 */
#include <string.h>

#include "model/schema.h"
#include "render/render.h"
#include "rules/rules.h"
#include "store/store.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/url.h"

/* People listed on /documents for their cards; more: the people list. */
#define CARD_LIST_MAX 50

/* The formats of the whole plan, with what each is for. */
static const struct {
	const char *ext, *name, *ja, *en;
} plan_formats[] = {
	{ "pdf", "PDF", "印刷・配布用（A4、目次・しおり付き）", "to print and hand out (A4, contents, bookmarks)" },
	{ "odt", "ODT", "編集用（LibreOffice・Word で開けます）", "to edit (opens in LibreOffice and Word)" },
	{ "xlsx", "Excel", "すべての表（1表1シート）", "every table, a sheet each" },
	{ "html", "HTML", "ブラウザで読む・印刷する", "to read or print in a browser" },
	{ "md", "Markdown", "版どうしの比較用テキスト", "plain text for comparing versions" },
};

/* True when r's person may download personal contact data. */
static bool may_personal(const struct req *r)
{
	return r->signed_in && r->session.user.role >= ROLE_RESPONDER;
}

/* True when r's person may make wallet cards. */
static bool may_card(const struct req *r)
{
	return r->signed_in && r->session.user.role >= ROLE_PLANNER;
}

/* "CSV · Excel" links of table name (with personal data when personal). */
static void table_links(struct req *r, const char *name, bool personal)
{
	const char *q = personal ? "?personal=1" : "";
	html(r, "<a href=\"/documents/table/%s/csv%s\">CSV</a> · "
		"<a href=\"/documents/table/%s/xlsx%s\">Excel</a>",
	     name, q, name, q);
}

/* The fiscal years of the plan's training calendar, ascending, into fy
 * (at most n); how many. */
static size_t plan_fys(const struct plan *p, int *fy, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < p->n_trainings + p->n_calendar_markers; i++) {
		int64_t y = i < p->n_trainings ? p->trainings[i].fy
					       : p->calendar_markers[i - p->n_trainings].fy;
		if (y == NO_VALUE || y < 2000 || y > 2200)
			continue;
		size_t j = 0;
		while (j < k && fy[j] < y)
			j++;
		if ((j < k && fy[j] == y) || k == n)
			continue;
		memmove(fy + j + 1, fy + j, (k - j) * sizeof *fy);
		fy[j] = (int)y;
		k++;
	}
	return k;
}

/* The section of the whole plan. */
static void plan_section(struct req *r)
{
	html(r, "<section aria-labelledby=\"h-doc-plan\"><h2 id=\"h-doc-plan\">%s</h2>\n<ul class=\"downloads\">",
	     L(r->lang, "計画書（全体）", "The whole plan"));
	for (size_t i = 0; i < sizeof plan_formats / sizeof plan_formats[0]; i++)
		html(r, "<li><a href=\"/documents/plan/%s\">%s</a> <small>%s</small></li>",
		     plan_formats[i].ext, plan_formats[i].name,
		     L(r->lang, plan_formats[i].ja, plan_formats[i].en));
	html(r, "</ul>\n");
	if (may_personal(r)) {
		html(r, "<p>%s</p><ul class=\"downloads\">",
		     L(r->lang, "個人の連絡先（携帯電話・自宅電話・電子メール）を含む版（取扱注意。出力は監査ログに記録されます）:",
		       "With personal contact data (mobile, home phone, e-mail; handle with care, downloads are audited):"));
		for (size_t i = 0; i < sizeof plan_formats / sizeof plan_formats[0]; i++)
			html(r, "<li><a href=\"/documents/plan/%s?personal=1\">%s%s</a></li>",
			     plan_formats[i].ext, plan_formats[i].name,
			     L(r->lang, "（個人情報あり）", " (personal data)"));
		html(r, "</ul>\n");
	}
	html(r, "</section>\n");
}

/* The section of the tables: a list, not a table, so that on a phone the
 * links wrap under their names instead of leaving the screen. */
static void tables_section(struct req *r)
{
	html(r, "<section aria-labelledby=\"h-doc-tables\"><h2 id=\"h-doc-tables\">%s</h2>\n<ul class=\"downloads\">",
	     L(r->lang, "表", "Tables"));
	for (size_t i = 0; render_table_names[i]; i++) {
		const char *name = render_table_names[i];
		html(r, "<li>%s%s", page_table_title(r, name), L(r->lang, "：", ": "));
		table_links(r, name, false);
		if (strcmp(name, "contacts") == 0 && may_personal(r)) {
			html(r, " · %s%s", L(r->lang, "個人情報を含む版", "with personal data"), L(r->lang, "：", ": "));
			table_links(r, name, true);
		}
		html(r, "</li>");
	}
	html(r, "</ul>\n</section>\n");
}

/* The section of the figures and the calendar. */
static void figures_section(struct req *r, const struct plan *p)
{
	html(r, "<section aria-labelledby=\"h-doc-fig\"><h2 id=\"h-doc-fig\">%s</h2>\n<ul class=\"downloads\">",
	     L(r->lang, "図と教育訓練の予定", "Figures and the training calendar"));
	html(r, "<li><a href=\"/documents/figure/command\">%s</a> <small>SVG</small></li>",
	     L(r->lang, "図2.2-1 指揮命令系統", "Figure 2.2-1 Command structure"));
	for (size_t i = 0; i < p->n_events; i++) {
		const struct event_type *ev = &p->events[i];
		if (!page_event_has_flow(p, ev->id))
			continue;
		if (r->lang == LANG_EN)
			html(r, "<li><a href=\"/documents/figure/flow?event=%s\">Figure 2.3-1 Overall flow (%s)</a> "
				"<small>SVG</small></li>",
			     url_encode(r, ev->id), ev->name_en && ev->name_en[0] ? ev->name_en : ev->name);
		else
			html(r, "<li><a href=\"/documents/figure/flow?event=%s\">図2.3-1 全体フロー（%s）</a> "
				"<small>SVG</small></li>",
			     url_encode(r, ev->id), ev->name);
	}
	html(r, "<li><a href=\"/documents/calendar\">%s</a> <small>%s</small></li>",
	     L(r->lang, "教育訓練計画（全年度）", "Training plan (every fiscal year)"),
	     L(r->lang, "iCalendar（予定表に取り込めます）", "iCalendar, for calendar apps"));
	int fy[16];
	size_t n = plan_fys(p, fy, sizeof fy / sizeof fy[0]);
	for (size_t i = 0; i < n; i++) {
		char label[32];
		fiscal_year_label(fy[i], (int)r->lang, label, sizeof label);
		html(r, "<li><a href=\"/documents/calendar?fy=%d\">%s %s</a> <small>iCalendar</small></li>", fy[i],
		     L(r->lang, "教育訓練計画", "Training plan"), label);
	}
	html(r, "</ul>\n</section>\n");
}

/* The section of the wallet cards. */
static void cards_section(struct req *r, const struct plan *p)
{
	html(r, "<section aria-labelledby=\"h-doc-card\"><h2 id=\"h-doc-card\">%s</h2>\n",
	     L(r->lang, "災害用携行カード（別表2）", "Wallet cards (別表2)"));
	if (!may_card(r)) {
		html(r, "<p>%s</p>\n</section>\n",
		     L(r->lang, "携行カードは本人の安否報告用アドレスを含むため、計画担当者が作成して配布します。",
		       "Wallet cards carry each person's own check-in address, so planners make and hand them out."));
		return;
	}
	html(r, "<p>%s</p>\n<ul class=\"downloads\">",
	     L(r->lang, "担当者を選び、家族の連絡先などの本人情報を入力してPDFを作成します。本人情報は保存されません。",
	       "Pick a person and type the personal part (family contacts …) to make the PDF. The personal part is not stored."));
	for (size_t i = 0; i < p->n_people && i < CARD_LIST_MAX; i++)
		html(r, "<li><a href=\"/documents/card/%s\">%s</a></li>", url_encode(r, p->people[i].id),
		     p->people[i].name[0] ? p->people[i].name : p->people[i].id);
	html(r, "</ul>\n");
	if (p->n_people > CARD_LIST_MAX)
		html(r, "<p><a href=\"/plan/people\">%s（%zu）</a></p>\n",
		     L(r->lang, "すべての担当者（各担当者のページから作成できます）", "Every person (each person's page has the card)"),
		     p->n_people);
	html(r, "</section>\n");
}

/* The section of the offline crisis pack (render/pack). */
static void pack_section(struct req *r)
{
	html(r, "<section aria-labelledby=\"h-doc-pack\"><h2 id=\"h-doc-pack\">%s</h2>\n<p>%s</p>\n"
		"<ul class=\"downloads\">",
	     L(r->lang, "オフライン対応パック", "Offline crisis pack"),
	     L(r->lang, "手順（チェックリスト）・役割・連絡先・参集・システムを1つのHTMLファイルにしたものです。"
			"サーバーもネットワークも使えないときに、USBメモリやメールの添付からスマートフォンで開けます。"
			"付けたチェックは書き出して、手順のページで記録に取り込めます。",
		"Procedures (a checklist), roles, contacts, assembly and systems in one HTML file that opens on a phone "
		"from a USB stick or a mail attachment when the server and the network are gone. Its ticks can be "
		"exported and taken into the record on the checklist page."));
	if (may_personal(r))
		html(r, "<li><a href=\"/documents/pack\">%s</a> <small>%s</small></li>",
		     L(r->lang, "オフライン対応パック（連絡先すべて）", "Offline crisis pack (every contact)"),
		     L(r->lang, "個人の連絡先を含みます（記録されます）", "holds personal contact data (logged)"));
	html(r, "<li><a href=\"/documents/pack?public=1\">%s</a> <small>%s</small></li></ul>\n</section>\n",
	     L(r->lang, "オフライン対応パック（配布用）", "Offline crisis pack (for wide distribution)"),
	     L(r->lang, "個人の電話番号・メールを除きます", "no personal numbers or e-mail"));
}

/* GET /documents */
int page_documents(struct req *r)
{
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p)
		return -1;
	const char *title = L(r->lang, "文書の出力", "Documents");
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", title,
	     may_personal(r)
		     ? L(r->lang, "計画をガイドライン付録の様式で出力します。言語は画面の言語（日本語・English）に従います。",
			 "The plan in the guideline appendix's layout, in the language of this page (日本語 / English).")
		     : L(r->lang, "計画をガイドライン付録の様式で出力します。言語は画面の言語に従います。個人の連絡先は含まれません。",
			 "The plan in the guideline appendix's layout, in the language of this page. Personal contact data is left out."));
	plan_section(r);
	tables_section(r);
	figures_section(r, p);
	pack_section(r);
	cards_section(r, p);
	page_end(r);
	return 0;
}

/* ---- links on the plan pages ------------------------------------------------ */

/* The tables that belong to the elements of kind key, NULL-terminated. */
static const char *const *tables_of(const char *key)
{
	static const struct {
		const char *kind;
		const char *tables[3];
	} map[] = {
		{ "systems", { "systems", "business-systems", NULL } },
		{ "system_dependencies", { "systems", NULL } },
		{ "businesses", { "rto", "business-systems", NULL } },
		{ "business_systems", { "business-systems", "rto", NULL } },
		{ "people", { "contacts", NULL } },
		{ "departments", { "contacts", NULL } },
		{ "assessments", { "risks", NULL } },
		{ "countermeasure_steps", { "budget", NULL } },
		{ "countermeasure_items", { "budget", NULL } },
		{ "trainings", { "training", NULL } },
		{ "calendar_markers", { "training", NULL } },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].kind, key) == 0)
			return map[i].tables;
	return NULL;
}

void page_documents_links(struct req *r, const struct plan *p, const struct entity_def *e,
			  const void *elem)
{
	const char *key = e ? e->key : "plan";
	const struct field_def *idf = e && elem ? schema_id_field(e) : NULL;
	const char *id = idf ? *(char *const *)FIELD_PTR(elem, idf) : NULL;
	const char *const *tables = tables_of(key);
	bool command = !strcmp(key, "roles") || !strcmp(key, "role_holders");
	bool flow = !strcmp(key, "procedures") || !strcmp(key, "procedure_steps") ||
		    !strcmp(key, "step_roles") || (!strcmp(key, "events") && id);
	bool calendar = !strcmp(key, "trainings") || !strcmp(key, "calendar_markers");
	bool card = !strcmp(key, "people") && id && may_card(r);
	bool whole = !strcmp(key, "plan");
	if (!tables && !command && !flow && !calendar && !card && !whole)
		return;
	html(r, "<section class=\"docs\" aria-labelledby=\"h-docs\"><h2 id=\"h-docs\">%s</h2><ul class=\"downloads\">",
	     L(r->lang, "文書の出力", "Documents"));
	if (whole)
		html(r, "<li>%s%s<a href=\"/documents/plan/pdf\">PDF</a> · <a href=\"/documents/plan/odt\">ODT</a> · "
			"<a href=\"/documents/plan/xlsx\">Excel</a> · <a href=\"/documents/plan/html\">HTML</a> · "
			"<a href=\"/documents/plan/md\">Markdown</a></li>",
		     L(r->lang, "計画書（全体）", "The whole plan"), L(r->lang, "：", ": "));
	for (size_t i = 0; tables && tables[i]; i++) {
		html(r, "<li>%s%s", page_table_title(r, tables[i]), L(r->lang, "：", ": "));
		table_links(r, tables[i], false);
		if (strcmp(tables[i], "contacts") == 0 && may_personal(r)) {
			html(r, " · %s%s", L(r->lang, "個人情報を含む版", "with personal data"), L(r->lang, "：", ": "));
			table_links(r, tables[i], true);
		}
		html(r, "</li>");
	}
	if (command)
		html(r, "<li><a href=\"/documents/figure/command\">%s</a> <small>SVG</small></li>",
		     L(r->lang, "図2.2-1 指揮命令系統", "Figure 2.2-1 Command structure"));
	if (flow) {
		const char *ev = !strcmp(key, "events") ? id : NULL;
		if (!ev || page_event_has_flow(p, ev))
			html(r, "<li><a href=\"/documents/figure/flow%s%s\">%s</a> <small>SVG</small></li>",
			     ev ? "?event=" : "", ev ? url_encode(r, ev) : "",
			     L(r->lang, "図2.3-1 全体フロー", "Figure 2.3-1 Overall flow"));
	}
	if (calendar)
		html(r, "<li><a href=\"/documents/calendar\">%s</a> <small>iCalendar</small></li>",
		     L(r->lang, "教育訓練計画", "Training plan"));
	if (card)
		html(r, "<li><a href=\"/documents/card/%s\">%s</a> <small>PDF</small></li>", url_encode(r, id),
		     L(r->lang, "災害用携行カード（別表2）を作成", "Make the wallet card (別表2)"));
	html(r, "<li><a href=\"/documents\">%s</a></li></ul></section>\n",
	     L(r->lang, "すべての文書", "Every document"));
}
