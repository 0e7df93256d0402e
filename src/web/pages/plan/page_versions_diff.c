/*
 * page_versions_diff.c — comparing two states of the plan, section by
 * section in the appendix's order: what was added, changed (field by
 * field, old → new) and removed.
 *
 * GET /versions/compare?from=A&to=B, where A and B are a submission's id,
 * "current" (the latest 第N版; an empty plan before the first) or "draft"
 * (the plan being edited).  Snapshots are parsed back with plan_json_read
 * into two plans and compared kind by kind with schema.c's field table:
 * elements are matched by their id, or for kinds without one by their key
 * fields (an assessment by system, event and component), so a renamed
 * system is "changed", not "removed and added".  Derived values that moved
 * as a consequence (a system's RTO and tier, R1/R2) are listed with §5.3.
 * Fields are named by their labels and choices by theirs (labels.c), as
 * on the forms.  Personal fields (FF_PERSONAL) show only "changed" to
 * those below the responder role, as everywhere else.
 */
#include <stdlib.h>
#include <string.h>

#include "format/plan_json.h"
#include "model/schema.h"
#include "rules/rules.h"
#include "store/store.h"
#include "store/version_store.h"
#include "util/xalloc.h"
#include "web/core/html.h"
#include "web/core/labels.h"
#include "web/core/page.h"

/* The appendix's order: each section and the kinds it holds. */
static const struct {
	const char *sec, *ja, *en;
	const char *kinds[5];
} sections[] = {
	{ "§1.1–1.2", "目的・基本方針", "Purpose and basic policy", { "organisation", "policies" } },
	{ "§1.3", "対象範囲", "Scope", { "systems" } },
	{ "§1.4", "推進体制", "Promotion structure", { "departments", "people", "roles", "role_holders" } },
	{ "§2.1", "危機的事象と参集", "Events and assembly",
	  { "events", "assembly_criteria", "assembly_locations" } },
	{ "§2.3", "対応手順", "Response procedures", { "procedures", "procedure_steps", "step_roles" } },
	{ "§3.1", "現状の対策レベルとリスク", "Current levels and risks", { "assessments" } },
	{ "§3.2", "事前対策計画", "Pre-countermeasure plan",
	  { "countermeasure_steps", "countermeasure_items" } },
	{ "§4.1", "教育訓練", "Training", { "trainings", "calendar_markers", "training_records" } },
	{ "§4.2", "見直し", "Reviews", { "reviews", "review_answers" } },
	{ "§5.2", "被害想定", "Damage assumptions", { "damage_assumptions" } },
	{ "§5.3・別表1", "RTO・RLO・復旧優先度", "RTO, RLO and priority",
	  { "businesses", "business_systems", "system_dependencies" } },
	{ "§5.4", "構成要素と対策レベル", "Components and levels",
	  { "components", "level_descriptions", "target_levels" } },
};
#define N_SECTIONS (sizeof sections / sizeof sections[0])

/* One side of the comparison. */
struct side {
	struct plan plan;     /* parsed snapshot (owned) */
	const struct plan *p; /* what is compared: &plan, or the cached draft */
	const char *label;
};

/* A field's value as text, in r's arena ("" for unset). */
static const char *field_text(struct req *r, const struct field_def *f, const void *elem)
{
	const void *ptr = FIELD_PTR(elem, f);
	switch (f->type) {
	case F_ID:
	case F_TEXT:
	case F_ENUM:
	case F_DATE:
	case F_REF: {
		const char *s = *(char *const *)ptr;
		return s ? s : "";
	}
	case F_INT: {
		int64_t v = *(const int64_t *)ptr;
		return v == NO_VALUE ? "" : arena_printf(&r->arena, "%lld", (long long)v);
	}
	case F_BOOL:
		return *(const bool *)ptr ? L(r->lang, "はい", "yes") : L(r->lang, "いいえ", "no");
	case F_MONTHS: {
		uint16_t m = *(const uint16_t *)ptr;
		struct buf b = BUF_INIT;
		for (int i = 1; i <= 12; i++)
			if (m & (1u << i))
				buf_addf(&b, "%s%d", b.len ? "," : "", i);
		const char *s = arena_strdup(&r->arena, b.data);
		buf_release(&b);
		return s;
	}
	}
	return "";
}

/* The name of the element of kind key with id in p, or id. */
static const char *ref_name(const struct plan *p, const char *kind, const char *id)
{
	const struct entity_def *e = schema_entity(kind);
	const struct field_def *fid = e ? schema_id_field(e) : NULL;
	const struct field_def *fn = e ? schema_field(e, "name") : NULL;
	if (!fid || !fn || !id)
		return id ? id : "";
	size_t n = schema_count(e, p);
	for (size_t i = 0; i < n; i++) {
		const void *el = schema_element(e, p, i);
		if (strcmp(*(char *const *)FIELD_PTR(el, fid), id) == 0)
			return *(char *const *)FIELD_PTR(el, fn);
	}
	return id;
}

/* The element's match key: its id, or its key fields joined by "\x1f". */
static char *elem_key(struct req *r, const struct entity_def *e, const void *elem)
{
	const struct field_def *fid = schema_id_field(e);
	if (fid)
		return arena_strdup(&r->arena, *(char *const *)FIELD_PTR(elem, fid));
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < e->n_fields; i++)
		if (e->fields[i].flags & FF_KEY)
			buf_addf(&b, "%s\x1f", field_text(r, &e->fields[i], elem));
	char *k = arena_strdup(&r->arena, b.data);
	buf_release(&b);
	return k;
}

/* The element for people: name or title (with its key fields' names for
 * kinds without an id: "メールシステム / 大規模災害 / ハードウェア"). */
static const char *elem_label(struct req *r, const struct entity_def *e, const struct plan *p,
			      const void *elem)
{
	if (e == &schema_organisation)
		return L(r->lang, "組織と方針", "Organisation");
	static const char *const names[] = { "name", "title", "label", NULL };
	const struct field_def *fid = schema_id_field(e);
	for (size_t k = 0; names[k]; k++) {
		const struct field_def *f = schema_field(e, names[k]);
		if (f && f->type == F_TEXT && fid) {
			const char *s = *(char *const *)FIELD_PTR(elem, f);
			if (s && s[0])
				return s;
		}
	}
	if (fid)
		return *(char *const *)FIELD_PTR(elem, fid);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		if (!(f->flags & FF_KEY))
			continue;
		const char *v = field_text(r, f, elem);
		if (f->type == F_REF)
			v = ref_name(p, f->ref, v);
		buf_addf(&b, "%s%s", b.len ? " / " : "", v);
	}
	const char *s = arena_strdup(&r->arena, b.data);
	buf_release(&b);
	return s;
}

struct keyed {
	const char *key;
	size_t i;
};

/* By key. */
static int keyed_cmp(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->key, ((const struct keyed *)b)->key);
}

/* The elements of kind e in p, sorted by key (xcalloc'ed; free()). */
static struct keyed *keyed_list(struct req *r, const struct entity_def *e, const struct plan *p,
				size_t *n)
{
	*n = schema_count(e, p);
	struct keyed *k = xcalloc(*n ? *n : 1, sizeof *k);
	for (size_t i = 0; i < *n; i++)
		k[i] = (struct keyed){ elem_key(r, e, schema_element(e, p, i)), i };
	qsort(k, *n, sizeof *k, keyed_cmp);
	return k;
}

/* Index of key in the sorted list, or -1. */
static long keyed_find(const struct keyed *k, size_t n, const char *key)
{
	struct keyed q = { key, 0 };
	const struct keyed *x = bsearch(&q, k, n, sizeof *k, keyed_cmp);
	return x ? (long)x->i : -1;
}

/* A field's value for people: an enum's choice by its label ("6-" →
 * "震度6弱"), "—" for empty, else the text itself. */
static const char *value_label(struct req *r, const struct field_def *f, const char *v)
{
	if (!v[0])
		return "—";
	return f->type == F_ENUM ? label_choice(r->lang, f->name, v) : v;
}

/* Writes the changed fields of a and b as table rows, each named by its
 * label (labels.c, as on the forms); how many differ. */
static size_t field_changes(struct req *r, const struct entity_def *e, const void *a,
			    const void *b, bool write)
{
	size_t n = 0;
	bool personal_ok = r->session.user.role >= ROLE_RESPONDER;
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		const char *x = field_text(r, f, a), *y = field_text(r, f, b);
		if (strcmp(x, y) == 0)
			continue;
		n++;
		if (!write)
			continue;
		const char *label = label_field(r->lang, e, f->name);
		if ((f->flags & FF_PERSONAL) && !personal_ok)
			html(r, "<tr><th scope=\"row\">%s</th><td colspan=\"2\">%s</td></tr>", label,
			     L(r->lang, "（個人情報のため非表示）変更あり", "changed (personal data hidden)"));
		else
			html(r, "<tr><th scope=\"row\">%s</th><td><del>%s</del></td><td>→ <ins>%s</ins></td></tr>",
			     label, value_label(r, f, x), value_label(r, f, y));
	}
	return n;
}

/* Counts of one section. */
struct tally {
	size_t added, changed, removed;
};

/* Compares kind e between the sides; writes its entries into the page
 * when write, and adds to t. */
static void diff_kind(struct req *r, const struct entity_def *e, const struct side *A,
		      const struct side *B, struct tally *t)
{
	size_t na, nb;
	struct keyed *ka = keyed_list(r, e, A->p, &na), *kb = keyed_list(r, e, B->p, &nb);
	const char *label = r->lang == LANG_EN ? e->label_en : e->label_ja;
	/* added and changed, in B's plan order */
	size_t nbe = schema_count(e, B->p);
	for (size_t i = 0; i < nbe; i++) {
		const void *eb = schema_element(e, B->p, i);
		long ia = keyed_find(ka, na, elem_key(r, e, eb));
		if (ia < 0) {
			t->added++;
			html(r, "<li class=\"add\"><span class=\"tag\">%s</span> %s：%s</li>\n",
			     L(r->lang, "追加", "added"), label, elem_label(r, e, B->p, eb));
			continue;
		}
		const void *ea = schema_element(e, A->p, (size_t)ia);
		if (!field_changes(r, e, ea, eb, false))
			continue;
		t->changed++;
		html(r, "<li class=\"chg\"><span class=\"tag\">%s</span> %s：%s"
			"<table class=\"diff\"><tbody>",
		     L(r->lang, "変更", "changed"), label, elem_label(r, e, B->p, eb));
		field_changes(r, e, ea, eb, true);
		html(r, "</tbody></table></li>\n");
	}
	size_t nae = schema_count(e, A->p);
	for (size_t i = 0; i < nae; i++) {
		const void *ea = schema_element(e, A->p, i);
		if (keyed_find(kb, nb, elem_key(r, e, ea)) >= 0)
			continue;
		t->removed++;
		html(r, "<li class=\"del\"><span class=\"tag\">%s</span> %s：%s</li>\n",
		     L(r->lang, "削除", "removed"), label, elem_label(r, e, A->p, ea));
	}
	free(ka);
	free(kb);
}

/* Systems whose effective RTO or tier moved (R1, R2). */
static size_t derived_changes(struct req *r, const struct side *A, const struct side *B)
{
	size_t n = 0;
	for (size_t i = 0; i < B->p->n_systems; i++) {
		const struct system *sb = &B->p->systems[i];
		const struct system *sa = plan_system(A->p, sb->id);
		if (!sa)
			continue;
		struct system_rto ra, rb;
		system_rto_compute(A->p, sa, &ra);
		system_rto_compute(B->p, sb, &rb);
		if (ra.hours == rb.hours && ra.tier == rb.tier)
			continue;
		n++;
		html(r, "<li class=\"chg\"><span class=\"tag\">%s</span> %s：RTO %s → %s%s, %s %s → %s</li>\n",
		     L(r->lang, "結果", "result"), sb->name,
		     ra.hours == NO_VALUE ? "—" : arena_printf(&r->arena, "%lld", (long long)ra.hours),
		     rb.hours == NO_VALUE ? "—" : arena_printf(&r->arena, "%lld", (long long)rb.hours),
		     L(r->lang, "時間", " h"), L(r->lang, "優先度", "tier"), tier_name(ra.tier),
		     tier_name(rb.tier));
	}
	return n;
}

/* Fills side s from "draft", "current" or a submission id; 1 when it names
 * nothing (r answered 404), -1 on error. */
static int load_side(struct req *r, const char *which, struct side *s)
{
	s->plan = (struct plan)PLAN_INIT;
	s->p = &s->plan;
	if (!which || strcmp(which, "draft") == 0) {
		s->p = store_plan_cached(r->store, &r->err);
		s->label = L(r->lang, "下書き（現在）", "Draft (now)");
		return s->p ? 0 : -1;
	}
	int64_t id = 0;
	if (strcmp(which, "current") == 0) {
		struct plan_version cur;
		int n = version_current(r->store, &cur, &r->err);
		if (n < 0)
			return -1;
		id = cur.id;
		version_release(&cur);
		if (n == 0) {
			s->label = L(r->lang, "（版なし）", "(no version)");
			return 0; /* an empty plan: everything is new */
		}
	} else {
		char *end;
		id = strtoll(which, &end, 10);
		if (*end || id <= 0) {
			route_error(r, 404, NULL);
			return 1;
		}
	}
	struct plan_version v;
	char *doc = NULL;
	int rc = version_get(r->store, id, &v, &doc, &r->err);
	if (rc) {
		if (rc == 1)
			route_error(r, 404, NULL);
		return rc;
	}
	s->label = page_version_label(r, &v);
	version_release(&v);
	struct buf errors = BUF_INIT;
	rc = plan_json_read(doc, strlen(doc), s->label, &s->plan, &errors, r->lang);
	if (rc)
		err_set(&r->err, "snapshot %lld does not read back: %.200s", (long long)id, errors.data);
	buf_release(&errors);
	free(doc);
	return rc;
}

/* GET /versions/compare?from=…&to=… */
int page_versions_compare(struct req *r)
{
	struct side A, B;
	memset(&A, 0, sizeof A);
	memset(&B, 0, sizeof B);
	int rc = load_side(r, req_query(r, "from") ? req_query(r, "from") : "current", &A);
	if (rc == 0)
		rc = load_side(r, req_query(r, "to"), &B);
	/* the draft is borrowed from the store's cache: read it last */
	if (rc == 0 && A.p != &A.plan)
		A.p = store_plan_cached(r->store, &r->err);
	if (rc) {
		plan_release(&A.plan);
		plan_release(&B.plan);
		return rc < 0 ? -1 : 0;
	}
	const char *title = L(r->lang, "版の比較", "Comparing versions");
	page_begin(r, title);
	html(r, "<p class=\"crumb\"><a href=\"/versions\">%s</a></p>\n<h1>%s</h1>\n"
		"<p class=\"lead\">%s → %s</p>\n",
	     L(r->lang, "計画の版", "Plan versions"), title, A.label, B.label);
	struct tally all = { 0, 0, 0 };
	for (size_t k = 0; k < N_SECTIONS; k++) {
		/* each section is written to the page, then dropped if nothing differs */
		size_t mark = r->out.len;
		struct tally t = { 0, 0, 0 };
		html(r, "<section><h2>%s %s</h2>\n<ul class=\"changes\">\n", sections[k].sec,
		     r->lang == LANG_EN ? sections[k].en : sections[k].ja);
		for (size_t j = 0; j < 5 && sections[k].kinds[j]; j++) {
			const struct entity_def *e = schema_entity(sections[k].kinds[j]);
			if (e)
				diff_kind(r, e, &A, &B, &t);
		}
		size_t derived = strcmp(sections[k].kinds[0], "businesses") == 0
					 ? derived_changes(r, &A, &B) : 0;
		if (t.added + t.changed + t.removed + derived == 0) {
			r->out.len = mark;
			r->out.data[mark] = '\0';
			continue;
		}
		html(r, "</ul>\n<p class=\"sum\">%s %zu・%s %zu・%s %zu</p></section>\n",
		     L(r->lang, "追加", "added"), t.added, L(r->lang, "変更", "changed"), t.changed,
		     L(r->lang, "削除", "removed"), t.removed);
		all.added += t.added;
		all.changed += t.changed;
		all.removed += t.removed;
	}
	if (all.added + all.changed + all.removed == 0)
		page_notice(r, "ok", L(r->lang, "違いはありません。", "No differences."));
	page_end(r);
	plan_release(&A.plan);
	plan_release(&B.plan);
	return 0;
}
