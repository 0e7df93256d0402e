/*
 * page_plan.c — every part of the plan, viewable and editable, in the
 * appendix's order (issue 4, item 3).
 *
 *   GET  /plan                      the sections §1.1 … 別表1 and their kinds
 *   GET  /plan/organisation         the organisation (§1.1, 表5.3-3 bounds)
 *   POST /plan/organisation
 *   GET  /plan/{kind}               a kind's elements (?field=id filters,
 *                                   systems ?tier=S…E|none,
 *                                   ?q= search, ?page=N: web/core/paging.h)
 *   GET  /plan/new/{kind}           a form for a new one
 *   POST /plan/{kind}               … created
 *   GET  /plan/{kind}/{key}         one element: derived values, form
 *   POST /plan/{kind}/{key}         … saved
 *   GET  /plan/{kind}/{key}/delete  asks to confirm
 *   POST /plan/{kind}/{key}/delete  … deleted (refused while referred to)
 *   POST /plan/{kind}/{key}/move    one place up or down (dir=up|down)
 *
 * Nothing here knows one kind from another except through schema.c and
 * labels.c: forms and tables are generated (form.c), derived values come
 * from page_plan_derived.c.  A posted form goes through the one validator
 * (plan_element_read) and, when valid, element_store saves it with its
 * audit entry in one durable transaction before the browser is sent to
 * the element's page, which then says 保存しました and what the save
 * recalculated.  Viewers never see personal fields (FF_PERSONAL).  Each
 * page ends with the documents that belong to it (page_documents.c).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "format/plan_json.h"
#include "rules/rules.h"
#include "store/element_store.h"
#include "store/store.h"
#include "util/numfmt.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "web/core/auth.h"
#include "web/core/form.h"
#include "web/core/html.h"
#include "web/core/labels.h"
#include "web/core/cache.h"
#include "web/core/page.h"
#include "web/core/paging.h"
#include "web/core/url.h"
#include "web/pages/plan/page_plan_derived.h"
#include "web/core/plan_target.h"

#define LIST_MAX_COLUMNS 5
#define CELL_MAX_BYTES 90

/* True when r's person may change the plan. */
static bool may_edit(const struct req *r)
{
	return r->signed_in && r->session.user.role >= ROLE_PLANNER;
}

/* The pages' kinds (the organisation has routes of its own) and their 404
 * pages. */
static const struct plan_target_style pages = {
	.refuse = route_error,
	.no_kind_ja = "この種類の要素はありません。",
	.no_kind_en = "There is no such kind of element.",
	.no_element_ja = "この要素は見つかりません（削除された可能性があります）。",
	.no_element_en = "This element was not found (it may have been deleted).",
};

/* "§5.3 RTO・RLO・復旧優先度" for kind key (in r's arena), or "". */
static const char *section_title(struct req *r, const char *key)
{
	const struct label_section *s = label_section_of(key);
	if (!s)
		return "";
	return arena_printf(&r->arena, "%s%s %s", strcmp(s->no, "別表1") ? "§" : "", s->no,
			    L(r->lang, s->ja, s->en));
}

/* The breadcrumb: 計画 › section › kind [› element]. */
static void breadcrumb(struct req *r, const struct entity_def *e, const char *here)
{
	html(r, "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/plan\">%s</a>",
	     L(r->lang, "現在位置", "Breadcrumb"), L(r->lang, "計画", "Plan"));
	if (e && e != &schema_organisation)
		html(r, " › %s › <a href=\"/plan/%s\">%s</a>", section_title(r, e->key), e->key,
		     label_kind(r->lang, e));
	if (here)
		html(r, " › <span aria-current=\"page\">%s</span>", here);
	html(r, "</nav>\n");
}

/* A cell's text cut to CELL_MAX_BYTES on a character boundary (r's arena). */
static const char *cut(struct req *r, const char *s)
{
	size_t n = utf8_cut(s, CELL_MAX_BYTES);
	return s[n] ? arena_printf(&r->arena, "%.*s…", (int)n, s) : s;
}

/* ---- GET /plan ---------------------------------------------------------- */

/* GET /plan */
int page_plan_index(struct req *r)
{
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p)
		return -1;
	const char *title = L(r->lang, "計画の内容", "The plan");
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", title,
	     L(r->lang, "ガイドライン付録の章立てに沿って、計画の各部分を表示・編集します。",
	       "Every part of the plan, in the order of the guideline's appendix."));
	for (size_t i = 0; i < label_n_sections; i++) {
		const struct label_section *s = &label_sections[i];
		html(r, "<section class=\"sect\"><h2>%s%s %s</h2><ul>", strcmp(s->no, "別表1") ? "§" : "",
		     s->no, L(r->lang, s->ja, s->en));
		for (size_t k = 0; k < LABEL_SECTION_KINDS && s->kinds[k]; k++) {
			const struct entity_def *e = schema_entity(s->kinds[k]);
			if (e == &schema_organisation)
				html(r, "<li><a href=\"/plan/organisation\">%s</a></li>", label_kind(r->lang, e));
			else
				html(r, "<li><a href=\"/plan/%s\">%s</a> <small>(%zu)</small></li>", e->key,
				     label_kind(r->lang, e), schema_count(e, p));
		}
		html(r, "</ul></section>\n");
	}
	page_documents_links(r, p, NULL, NULL);
	page_end(r);
	return 0;
}

/* ---- GET /plan/{kind} ----------------------------------------------------- */

/* The filters of a list: ?field=id for each reference field, and the
 * systems list's ?tier= (R2, derived).  Read once per request by
 * read_filter, not per row: a list of 2,000 rows looked each field up in
 * the query again for every row. */
struct list_filter {
	int tier; /* LIST_TIER_ANY, TIER_NONE ("none": in scope, no tier) or a tier */
	const struct field_def **ref; /* the reference fields asked for … (r's arena) */
	const char **want;            /* … and the id each must hold */
	size_t nref;
};
#define LIST_TIER_ANY (-2)

/* Reads the systems list's ?tier= into *lf: S … E, or "none", the
 * in-scope systems of that tier as the dashboard's tier board counts them.
 * 0, or -1 after answering 400 for any other value.  Other kinds ignore
 * it, as they ignore any parameter they do not know. */
static int read_filter(struct req *r, const struct entity_def *e, struct list_filter *lf)
{
	*lf = (struct list_filter){ .tier = LIST_TIER_ANY };
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		const char *want = f->type == F_REF ? req_query(r, f->name) : NULL;
		if (!want)
			continue;
		if (!lf->ref) {
			lf->ref = arena_alloc(&r->arena, e->n_fields * sizeof *lf->ref);
			lf->want = arena_alloc(&r->arena, e->n_fields * sizeof *lf->want);
		}
		lf->ref[lf->nref] = f;
		lf->want[lf->nref++] = want;
	}
	const char *t = req_query(r, "tier");
	if (!t || strcmp(e->key, "systems") != 0)
		return 0;
	if (strcmp(t, "none") == 0) {
		lf->tier = TIER_NONE;
		return 0;
	}
	lf->tier = tier_parse(t);
	if (lf->tier == TIER_NONE || strcmp(t, tier_name(lf->tier)) != 0) {
		route_error(r, 400,
			    L(r->lang, "tier には S・A・B・C・D・E・none のいずれかを指定してください。",
			      "tier must be one of S, A, B, C, D, E or none."));
		return -1;
	}
	return 0;
}

/* True when elem passes the list's filters: ?field=id, and for systems
 * ?tier= (in scope, of that tier). */
static bool passes_filters(struct req *r, const struct plan *p, const struct list_filter *lf,
			   const void *elem)
{
	for (size_t i = 0; i < lf->nref; i++) {
		const char *have = *(char *const *)FIELD_PTR(elem, lf->ref[i]);
		if (!have || strcmp(lf->want[i], have) != 0)
			return false;
	}
	if (lf->tier != LIST_TIER_ANY) {
		const struct system *s = elem;
		struct system_rto rto;
		cache_system_rto(r, p, s, &rto); /* derived once per plan revision */
		return s->in_scope && (int)rto.tier == lf->tier;
	}
	return true;
}

/* The columns a list shows: the key or name first, then short fields;
 * personal fields only for those who may see them.  Returns the count. */
static size_t list_columns(struct req *r, const struct entity_def *e, const struct field_def **cols,
			   size_t max)
{
	size_t n = 0, plain = 0;
	bool keyed = schema_id_field(e) != NULL;
	for (size_t i = 0; i < e->n_fields && n < max; i++) {
		const struct field_def *f = &e->fields[i];
		if (f->type == F_ID || (f->flags & FF_KEY))
			continue; /* the first column shows it */
		if (keyed && (strcmp(f->name, "name") == 0 || strcmp(f->name, "title") == 0))
			continue;
		if (f->flags & FF_PERSONAL) {
			if (form_may_see_personal(r))
				cols[n++] = f;
			continue;
		}
		if ((f->flags & FF_MULTILINE) && (keyed || plain > 0))
			continue;
		if (plain >= LIST_MAX_COLUMNS)
			continue;
		cols[n++] = f;
		plain++;
	}
	return n;
}

/* The derived columns of a list's kind: header cells, then per element. */
static void derived_head(struct req *r, const struct entity_def *e)
{
	if (!strcmp(e->key, "systems"))
		html(r, "<th scope=\"col\">RTO</th><th scope=\"col\">%s</th>", L(r->lang, "優先度", "Tier"));
	else if (!strcmp(e->key, "assessments"))
		html(r, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>", L(r->lang, "目標", "Target"),
		     L(r->lang, "ギャップ", "Gap"));
	else if (!strcmp(e->key, "countermeasure_steps"))
		html(r, "<th scope=\"col\">%s</th>", L(r->lang, "予算（千円）", "Budget (k¥)"));
}

static void derived_cells(struct req *r, const struct plan *p, const struct entity_def *e,
			  const void *elem)
{
	if (!strcmp(e->key, "systems")) {
		struct system_rto rto;
		cache_system_rto(r, p, elem, &rto); /* derived once per plan revision */
		html(r, "<td class=\"num\">%s</td><td class=\"tier-%s\"><span class=\"badge\">%s</span></td>",
		     page_plan_derived_hours_text(r, rto.hours), rto.tier == TIER_NONE ? "none" : tier_name(rto.tier),
		     tier_name(rto.tier));
	} else if (!strcmp(e->key, "assessments")) {
		const struct assessment *a = elem;
		const struct system *s = plan_system(p, a->system);
		int64_t target = NO_VALUE;
		if (s) {
			struct system_rto rto;
			cache_system_rto(r, p, s, &rto);
			target = target_level(p, a->event, a->component, rto.tier);
		}
		if (target == NO_VALUE || a->current_level == NO_VALUE)
			html(r, "<td class=\"num\">—</td><td class=\"num\">—</td>");
		else
			html(r, "<td class=\"num\">%lld</td><td class=\"num%s\">%lld</td>", (long long)target,
			     target > a->current_level ? " gap" : "", (long long)(target - a->current_level));
	} else if (!strcmp(e->key, "countermeasure_steps")) {
		char n[NUMFMT_MAX];
		html(r, "<td class=\"num\">%s</td>",
		     numfmt_thousands(page_plan_derived_step_budget(p, elem), n));
	}
}

/* The texts a search of kind e's list looks in, per element (paging.h):
 * its name, its key (a kind with ids) and the cells of the columns
 * cols[0..ncols).  Made once per thread, plan revision, language and sight
 * of personal fields (the cells depend on them) and kept in the cache, so
 * that a search of 2,000 people is a scan of prepared bytes instead of
 * 2,000 rows' cells made again on every view.  Borrowed until the next
 * store_plan_cached() on this thread; when it cannot be kept (p is not the
 * thread's plan) it is made into *own, which the caller releases. */
static const struct paging_index *list_index(struct req *r, const struct plan *p,
					     const struct entity_def *e,
					     const struct field_def *const *cols, size_t ncols,
					     struct paging_index *own)
{
	const char *key = arena_printf(&r->arena, "index:%s:%s:%d", e->key,
				       r->lang == LANG_EN ? "en" : "ja", form_may_see_personal(r) ? 1 : 0);
	const struct paging_index *kept = cache_obj_get(r, p, key);
	if (kept)
		return kept;
	struct paging_index *x = xmalloc(sizeof *x);
	*x = (struct paging_index)PAGING_INDEX_INIT;
	for (size_t i = 0, n = schema_count(e, p); i < n; i++) {
		const void *elem = schema_element(e, p, i);
		paging_index_text(x, form_name(r, p, e, elem));
		if (schema_id_field(e))
			paging_index_text(x, form_key(r, e, elem));
		for (size_t c = 0; c < ncols; c++)
			paging_index_text(x, form_display(r, p, cols[c], elem));
		paging_index_row(x);
	}
	if (cache_obj_put(r, p, key, x, paging_index_bytes(x), paging_index_free))
		return x;
	*own = *x;
	free(x);
	return own;
}

/* The rows of a page of a list: the indices (into the kind's elements) of
 * the matching rows the page shows, and how many match in all.  Found in
 * one pass per request (list_count), so that the table is made from these
 * rows alone instead of matching every row of the list a second time. */
struct list_rows {
	size_t shown[PAGING_SIZE];
	size_t n_shown;
	size_t total;
};

static void list_body(struct req *r, const struct plan *p, const struct entity_def *e,
		      const struct paging *pg, const struct field_def *const *cols, size_t ncols,
		      const struct list_rows *rows, size_t n, const char *path);

/* Finds the elements of kind e that pass lf and pg's search into *rows and
 * counts them into pg (paging_count); called once per request.  A search
 * looks in the list's prepared texts (list_index), from one matching row
 * to the next (paging_index_next).  Counted before anything is written,
 * so that a page past the end is refused: 0, or -1 after answering 404. */
static int list_count(struct req *r, const struct plan *p, const struct entity_def *e,
		      const struct list_filter *lf, struct paging *pg,
		      const struct field_def *const *cols, size_t ncols, struct list_rows *rows)
{
	struct paging_index own = PAGING_INDEX_INIT;
	const struct paging_index *x = pg->q ? list_index(r, p, e, cols, ncols, &own) : NULL;
	size_t n = schema_count(e, p);
	rows->n_shown = rows->total = 0;
	for (size_t i = x ? paging_index_next(x, 0, pg) : 0; i < n;
	     i = x ? paging_index_next(x, i + 1, pg) : i + 1) {
		if (!passes_filters(r, p, lf, schema_element(e, p, i)))
			continue;
		if (paging_shows(pg, rows->total++))
			rows->shown[rows->n_shown++] = i;
	}
	paging_index_release(&own);
	return paging_count(r, pg, rows->total);
}

/* The list of kind e's elements in p, with its filters, search, pages and
 * links.  0, or -1 after answering a 404 for a page past the end. */
static int list_page(struct req *r, const struct plan *p, const struct entity_def *e,
		     const struct list_filter *lf, struct paging *pg)
{
	const struct field_def *cols[32];
	size_t ncols = list_columns(r, e, cols, 32);
	size_t n = schema_count(e, p);
	/* The search form, the table and the pager are made once per thread,
	 * plan revision, language, sight of personal fields and query (the
	 * last few searches only: cache.h): a page of 100 rows costs far more
	 * than copying it.  A page kept was counted when it was made. */
	const char *key = paging_cache_key(
		r, pg,
		arena_printf(&r->arena, "list:%s:%d", e->key, form_may_see_personal(r) ? 1 : 0));
	size_t len;
	bool kept = cache_get(r, key, &len) != NULL;
	struct list_rows *rows = arena_alloc(&r->arena, sizeof *rows);
	if (!kept && list_count(r, p, e, lf, pg, cols, ncols, rows) < 0)
		return -1;
	const char *path = arena_printf(&r->arena, "/plan/%s", e->key);
	const char *title = label_kind(r->lang, e);
	page_begin(r, title);
	breadcrumb(r, NULL, NULL);
	html(r, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", title, section_title(r, e->key));
	if (req_query(r, "deleted"))
		page_notice(r, "ok", L(r->lang, "削除しました。", "Deleted."));
	if (req_query(r, "moved"))
		page_notice(r, "ok", L(r->lang, "並べ替えました。", "Moved."));

	/* Filters in force, and the link to add one with them. */
	struct buf q = BUF_INIT;
	for (size_t i = 0; i < lf->nref; i++) {
		const char *name = lf->ref[i]->name, *want = lf->want[i];
		buf_addf(&q, "%s%s=%s", q.len ? "&" : "?", name, url_encode(r, want));
		html(r, "<p class=\"filter\">%s: %s <a href=\"/plan/%s\">%s</a></p>\n",
		     label_field(r->lang, e, name), want, e->key,
		     L(r->lang, "（絞り込みを解除）", "(show all)"));
	}
	if (lf->tier != LIST_TIER_ANY)
		html(r, "<p class=\"filter\">%s: %s %s <a href=\"/plan/%s\">%s</a></p>\n",
		     L(r->lang, "復旧優先度", "Recovery tier"),
		     lf->tier == TIER_NONE ? L(r->lang, "なし", "none") : tier_name(lf->tier),
		     L(r->lang, "（対象システムのみ）", "(systems in scope)"), e->key,
		     L(r->lang, "（絞り込みを解除）", "(show all)"));
	if (may_edit(r))
		html(r, "<p><a class=\"button\" href=\"/plan/new/%s%s\">%s</a></p>\n", e->key, q.data,
		     L(r->lang, "＋ 新規追加", "+ Add"));
	buf_release(&q);
	const char *body = cache_get(r, key, &len);
	if (body) {
		buf_add(&r->out, body, len);
	} else {
		/* (dropped meanwhile, when the day changed: the same plan, so the
		 * same count, and the page is not past the end) */
		if (kept)
			list_count(r, p, e, lf, pg, cols, ncols, rows);
		size_t mark = r->out.len;
		list_body(r, p, e, pg, cols, ncols, rows, n, path);
		cache_put(r, key, r->out.data + mark, r->out.len - mark);
	}
	page_documents_links(r, p, e, NULL);
	page_end(r);
	return 0;
}

/* The search form, the table of the page pg of kind e's elements (n in
 * all; rows: the page's matching rows and their count) with the columns
 * cols[0..ncols), and the pager. */
static void list_body(struct req *r, const struct plan *p, const struct entity_def *e,
		      const struct paging *pg, const struct field_def *const *cols, size_t ncols,
		      const struct list_rows *rows, size_t n, const char *path)
{
	/* a search box only where a list is long enough to need one */
	if (n > PAGING_SIZE / 5 || pg->q)
		paging_search_form(r, pg, path,
				   L(r->lang, "名称・ID・表の文字で絞り込む", "Find by name, ID or text"));

	html(r, "<div class=\"scroll\"><table class=\"list\">\n<thead><tr><th scope=\"col\">%s</th>",
	     schema_id_field(e) ? L(r->lang, "名称", "Name") : L(r->lang, "項目", "Entry"));
	for (size_t c = 0; c < ncols; c++)
		html(r, "<th scope=\"col\">%s</th>", label_field(r->lang, e, cols[c]->name));
	derived_head(r, e);
	html(r, "</tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < rows->n_shown; k++) {
		const void *elem = schema_element(e, p, rows->shown[k]);
		html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s</a>", form_element_url(r, e, elem),
		     cut(r, form_name(r, p, e, elem)));
		if (schema_id_field(e))
			html(r, "<br><small>%s</small>", form_key(r, e, elem));
		html(r, "</th>");
		for (size_t c = 0; c < ncols; c++) {
			const struct field_def *f = cols[c];
			/* the class is markup: a literal, never through %s (escaped) */
			if (f->type == F_INT)
				html(r, "<td class=\"num\">%s</td>", cut(r, form_display(r, p, f, elem)));
			else
				html(r, "<td>%s</td>", cut(r, form_display(r, p, f, elem)));
		}
		derived_cells(r, p, e, elem);
		html(r, "</tr>\n");
	}
	if (rows->total == 0)
		html(r, "<tr><td colspan=\"%zu\">%s</td></tr>\n", ncols + 3,
		     pg->q ? L(r->lang, "該当するものはありません。", "Nothing matches.")
			   : L(r->lang, "まだありません。", "None yet."));
	html(r, "</tbody></table></div>\n");
	paging_nav(r, pg, path);
}

/* GET /plan/{kind} */
int page_plan_list(struct req *r)
{
	struct plan_target t;
	if (!plan_target_kind(r, &pages, &t))
		return t.rc;
	struct paging pg;
	struct list_filter lf;
	if (paging_read(r, &pg) == 0 && read_filter(r, t.e, &lf) == 0)
		list_page(r, t.p, t.e, &lf, &pg);
	return 0; /* a refused ?page=, ?q= or ?tier= has its 4xx page */
}

/* ---- one element ---------------------------------------------------------- */

/* Links to the lists of elements that refer to elem (filtered to it). */
static void related(struct req *r, const struct plan *p, const struct entity_def *e, const void *elem)
{
	const struct field_def *idf = schema_id_field(e);
	if (!idf)
		return;
	const char *id = *(char *const *)FIELD_PTR(elem, idf);
	bool any = false;
	for (size_t k = 0; k < schema_n_entities; k++) {
		const struct entity_def *o = &schema_entities[k];
		for (size_t j = 0; j < o->n_fields; j++) {
			const struct field_def *f = &o->fields[j];
			if (f->type != F_REF || strcmp(f->ref, e->key) != 0)
				continue;
			size_t count = 0;
			for (size_t i = 0, n = schema_count(o, p); i < n; i++) {
				const char *ref = *(char *const *)FIELD_PTR(schema_element(o, p, i), f);
				count += ref && strcmp(ref, id) == 0;
			}
			if (!any)
				html(r, "<section aria-labelledby=\"rel-h\"><h2 id=\"rel-h\">%s</h2><ul class=\"related\">",
				     L(r->lang, "関連する要素", "Related elements"));
			any = true;
			html(r, "<li><a href=\"/plan/%s?%s=%s\">%s（%s）</a> %zu",
			     o->key, f->name, url_encode(r, id), label_kind(r->lang, o),
			     label_field(r->lang, o, f->name), count);
			if (may_edit(r))
				html(r, " · <a href=\"/plan/new/%s?%s=%s\">%s</a>", o->key, f->name,
				     url_encode(r, id), L(r->lang, "追加", "add"));
			html(r, "</li>");
		}
	}
	if (any)
		html(r, "</ul></section>\n");
}

/* The read-only view of elem, for those who may not edit. */
static void view_fields(struct req *r, const struct plan *p, const struct entity_def *e,
			const void *elem)
{
	html(r, "<dl class=\"view\">");
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		if ((f->flags & FF_PERSONAL) && !form_may_see_personal(r))
			continue;
		html(r, "<dt>%s</dt><dd>%s</dd>", label_field(r->lang, e, f->name),
		     form_display(r, p, f, elem));
	}
	html(r, "</dl>\n");
}

/* The page of one element (or the organisation): notices, derived values,
 * the form (or the view), and its actions.  errs and from_post re-show a
 * refused form; message is a refusal not tied to a field (may be NULL). */
static void element_page(struct req *r, const struct plan *p, const struct entity_def *e,
			 const void *elem, bool from_post, const struct plan_element_errors *errs,
			 const char *message)
{
	bool org = e == &schema_organisation;
	const char *name = org ? label_kind(r->lang, e) : form_name(r, p, e, elem);
	const char *action = org ? "/plan/organisation" : form_element_url(r, e, elem);
	page_begin(r, name);
	breadcrumb(r, e, name);
	html(r, "<h1>%s<small class=\"kind\">%s</small></h1>\n", name,
	     org ? section_title(r, "organisation") : label_kind(r->lang, e));
	if (req_query(r, "saved") && !from_post) {
		page_notice(r, "ok", L(r->lang, "保存しました。", "Saved."));
		page_plan_derived_recalc_summary(r, p, req_query(r, "rc"));
	}
	if (message)
		html(r, "<div class=\"notice error pre\" role=\"alert\">%s</div>\n", message);
	if (errs && errs->n)
		page_notice(r, "error", L(r->lang, "入力内容を確認してください。保存していません。",
					  "Please check what you entered. Nothing was saved."));
	page_plan_derived_section(r, p, e, elem);
	if (may_edit(r)) {
		html(r, "<form method=\"post\" action=\"%s\" class=\"edit\" novalidate>", action);
		auth_csrf_field(r);
		form_fields(r, p, e, from_post ? NULL : elem, from_post, errs);
		html(r, "<p><button type=\"submit\">%s</button></p></form>\n", L(r->lang, "保存", "Save"));
		if (!org) {
			html(r, "<div class=\"actions\"><form method=\"post\" action=\"%s/move\">", action);
			auth_csrf_field(r);
			html(r, "<button type=\"submit\" name=\"dir\" value=\"up\" class=\"minor\">%s</button> "
				"<button type=\"submit\" name=\"dir\" value=\"down\" class=\"minor\">%s</button></form>",
			     L(r->lang, "↑ 上へ", "↑ Up"), L(r->lang, "↓ 下へ", "↓ Down"));
			html(r, "<a class=\"danger\" href=\"%s/delete\">%s</a></div>\n", action,
			     L(r->lang, "削除…", "Delete…"));
		}
	} else {
		view_fields(r, p, e, elem);
	}
	if (!org)
		related(r, p, e, elem);
	page_documents_links(r, p, org ? NULL : e, org ? NULL : elem);
	page_end(r);
}

/* GET /plan/{kind}/{key} */
int page_plan_element(struct req *r)
{
	struct plan_target t;
	if (!plan_target_element(r, &pages, &t))
		return t.rc;
	element_page(r, t.p, t.e, t.elem, false, NULL, NULL);
	return 0;
}

/* GET /plan/organisation */
int page_plan_org(struct req *r)
{
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p)
		return -1;
	element_page(r, p, &schema_organisation, &p->organisation, false, NULL, NULL);
	return 0;
}

/* The form of a new element of kind e, with ?field=value pre-filled. */
static void new_page(struct req *r, const struct plan *p, const struct entity_def *e, bool from_post,
		     const struct plan_element_errors *errs, const char *message)
{
	const char *title = arena_printf(&r->arena, "%s%s", label_kind(r->lang, e),
					 L(r->lang, "の追加", ": add"));
	void *fresh = xcalloc(1, e->size);
	schema_element_defaults(e, fresh);
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		const char *q = req_query(r, f->name);
		if (q && (f->type == F_REF || f->type == F_ENUM || f->type == F_TEXT)) {
			char **s = FIELD_PTR(fresh, f);
			free(*s);
			*s = xstrdup(q);
		}
	}
	page_begin(r, title);
	breadcrumb(r, e, L(r->lang, "追加", "Add"));
	html(r, "<h1>%s</h1>\n", title);
	if (message)
		html(r, "<div class=\"notice error pre\" role=\"alert\">%s</div>\n", message);
	if (errs && errs->n)
		page_notice(r, "error", L(r->lang, "入力内容を確認してください。保存していません。",
					  "Please check what you entered. Nothing was saved."));
	html(r, "<form method=\"post\" action=\"/plan/%s\" class=\"edit\" novalidate>", e->key);
	auth_csrf_field(r);
	form_fields(r, p, e, fresh, from_post, errs);
	html(r, "<p><button type=\"submit\">%s</button></p></form>\n", L(r->lang, "追加する", "Add"));
	page_end(r);
	schema_element_release(e, fresh);
	free(fresh);
}

/* GET /plan/new/{kind} */
int page_plan_new(struct req *r)
{
	struct plan_target t;
	if (!plan_target_kind(r, &pages, &t))
		return t.rc;
	new_page(r, t.p, t.e, false, NULL, NULL);
	return 0;
}

/* Sends the browser to url ("…?saved=1", "…?deleted=1") with what the
 * change recalculated since snapshot. */
static void to_changed(struct req *r, const char *snapshot, const char *url)
{
	const struct plan *after = store_plan_cached(r->store, &r->err);
	const char *diff = after ? page_plan_derived_recalc_diff(r, snapshot, after) : "";
	req_redirect(r, arena_printf(&r->arena, "%s&rc=%s", url, url_encode(r, diff)));
}

/* Validates the posted form as kind e against p (replacing: index or
 * PLAN_ELEMENT_NEW) into elem; 0 when valid. */
static int validate_post(struct req *r, const struct plan *p, const struct entity_def *e,
			 size_t replacing, void *elem, struct plan_element_errors *errs)
{
	json_t *obj = form_to_json(r, e);
	int rc = plan_element_read(p, e, obj, replacing, elem, errs, r->lang);
	json_decref(obj);
	return rc;
}

/* Shows the posted form of t again, refused: errs (may be NULL) or a
 * message not tied to a field (may be NULL). */
static void refused_form(struct req *r, const struct plan_target *t,
			 const struct plan_element_errors *errs, const char *message)
{
	if (t->elem)
		element_page(r, t->p, t->e, t->elem, true, errs, message);
	else
		new_page(r, t->p, t->e, true, errs, message);
}

/* Saves the posted form as a new element of kind t->e (t->elem NULL) or
 * over t->elem (element t->index, or the organisation), then sends the
 * browser to its page; a refused form is shown again (422, or 409). */
static int save(struct req *r, const struct plan_target *t)
{
	const struct entity_def *e = t->e;
	struct plan_element_errors errs = PLAN_ELEMENT_ERRORS_INIT;
	struct err err = ERR_INIT;
	void *elem = xcalloc(1, e->size);
	int rc = 0;
	if (validate_post(r, t->p, e, t->elem ? t->index : PLAN_ELEMENT_NEW, elem, &errs)) {
		r->status = 422;
		refused_form(r, t, &errs, NULL);
		goto out;
	}
	const char *snapshot = page_plan_derived_recalc_snapshot(r, t->p);
	int s = plan_target_store(r, t, elem, &err);
	if (s == 1) {
		r->status = 409;
		refused_form(r, t, NULL, err.msg);
	} else if (s < 0) {
		r->err = err;
		rc = -1;
	} else {
		const char *url =
			e == &schema_organisation
				? "/plan/organisation?saved=1"
				: arena_printf(&r->arena, "%s?saved=1", form_element_url(r, e, elem));
		to_changed(r, snapshot, url);
	}
out:
	plan_element_errors_release(&errs);
	schema_element_release(e, elem);
	free(elem);
	return rc;
}

/* POST /plan/{kind} */
int page_plan_create(struct req *r)
{
	struct plan_target t;
	if (!plan_target_kind(r, &pages, &t))
		return t.rc;
	return save(r, &t);
}

/* POST /plan/{kind}/{key} */
int page_plan_update(struct req *r)
{
	struct plan_target t;
	if (!plan_target_element(r, &pages, &t))
		return t.rc;
	return save(r, &t);
}

/* POST /plan/organisation */
int page_plan_org_post(struct req *r)
{
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p)
		return -1;
	struct plan_target t = { .e = &schema_organisation, .p = p, .elem = &p->organisation };
	return save(r, &t);
}

/* The page that asks to confirm the deletion of elem, or says who refers
 * to it. */
static void delete_form_page(struct req *r, const struct plan *p, const struct entity_def *e,
			     const void *elem)
{
	const char *name = form_name(r, p, e, elem);
	const char *title = L(r->lang, "削除の確認", "Confirm deletion");
	struct buf refs = BUF_INIT;
	size_t n = element_referrers(p, e, elem, r->lang, &refs, 20);
	page_begin(r, title);
	breadcrumb(r, e, name);
	html(r, "<h1>%s</h1>\n", title);
	if (n) {
		html(r, "<div class=\"notice error pre\" role=\"alert\">%s\n%s</div>\n",
		     L(r->lang, "次の要素が参照しているため削除できません。先にこれらを変更または削除してください:",
		       "It cannot be deleted while these refer to it; change or delete them first:"),
		     refs.data);
	} else {
		html(r, "<p>%s「%s」%s</p>\n", label_kind(r->lang, e), name,
		     L(r->lang, "を削除します。元に戻せません（監査ログには残ります）。",
		       ": this deletes it and cannot be undone (the audit log keeps a record)."));
		html(r, "<form method=\"post\" action=\"%s/delete\">", form_element_url(r, e, elem));
		auth_csrf_field(r);
		html(r, "<button type=\"submit\" class=\"danger\">%s</button></form>\n",
		     L(r->lang, "削除する", "Delete"));
	}
	html(r, "<p><a href=\"%s\">%s</a></p>\n", form_element_url(r, e, elem),
	     L(r->lang, "戻る", "Back"));
	buf_release(&refs);
	page_end(r);
}

/* GET /plan/{kind}/{key}/delete */
int page_plan_delete_form(struct req *r)
{
	struct plan_target t;
	if (!plan_target_element(r, &pages, &t))
		return t.rc;
	delete_form_page(r, t.p, t.e, t.elem);
	return 0;
}

/* Deletes elem (of kind e in p) and sends the browser to its list; a 409
 * page while other elements refer to it. */
static int delete_element(struct req *r, const struct plan *p, const struct entity_def *e,
			  const void *elem)
{
	struct err err = ERR_INIT;
	const char *snapshot = page_plan_derived_recalc_snapshot(r, p);
	int s = element_store_delete(r->store, p, e, elem, auth_actor(r), r->lang, &err);
	if (s < 0) {
		r->err = err;
		return -1;
	}
	if (s == 1) {
		r->status = 409;
		const char *title = L(r->lang, "削除できません", "Cannot delete");
		page_begin(r, title);
		breadcrumb(r, e, form_name(r, p, e, elem));
		html(r, "<h1>%s</h1>\n<div class=\"notice error pre\" role=\"alert\">%s</div>\n", title, err.msg);
		html(r, "<p><a href=\"%s\">%s</a></p>\n", form_element_url(r, e, elem),
		     L(r->lang, "戻る", "Back"));
		page_end(r);
		return 0;
	}
	to_changed(r, snapshot, arena_printf(&r->arena, "/plan/%s?deleted=1", e->key));
	return 0;
}

/* POST /plan/{kind}/{key}/delete */
int page_plan_delete(struct req *r)
{
	struct plan_target t;
	if (!plan_target_element(r, &pages, &t))
		return t.rc;
	return delete_element(r, t.p, t.e, t.elem);
}

/* POST /plan/{kind}/{key}/move */
int page_plan_move(struct req *r)
{
	struct plan_target t;
	if (!plan_target_element(r, &pages, &t))
		return t.rc;
	const char *dir = req_form(r, "dir");
	int d = dir && strcmp(dir, "up") == 0 ? -1 : dir && strcmp(dir, "down") == 0 ? 1 : 0;
	if (element_store_move(r->store, t.e, t.elem, d, auth_actor(r), &r->err) < 0)
		return -1;
	req_redirect(r, arena_printf(&r->arena, "/plan/%s?moved=1", t.e->key));
	return 0;
}
