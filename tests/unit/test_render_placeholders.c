/*
 * test_render_placeholders.c — nothing unfinished prints silently.
 *
 * A plan is submitted as itbcp prints it.  Every placeholder the plan
 * document holds (〇〇, [氏名], [ ] …) must be explained by a finding of
 * `itbcp check` — the builder puts that finding's message beside it — so
 * that a planner who reads the check has seen everything the document
 * leaves open.  The demo plan, which stands for a plan that could be
 * submitted, prints no placeholder at all; the demo with every optional
 * field emptied, and a plan with nothing in it, print many, each explained.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format/plan_json.h"
#include "model/schema.h"
#include "render/doc.h"
#include "render/render.h"
#include "rules/check.h"
#include "util/buf.h"
#include "util/embedded.h"
#include "util/xalloc.h"

static void demo_plan(struct plan *p)
{
	struct buf errors = BUF_INIT;
	const struct embedded_file *f = embedded_find("demo/demo-plan.json");
	assert_non_null(f);
	if (plan_json_read((const char *)f->data, f->len, "demo", p, &errors, LANG_EN))
		fail_msg("demo plan: %s", errors.data);
	buf_release(&errors);
}

static struct render_opts opts(enum lang lang)
{
	struct render_opts o;
	render_opts_init(&o);
	o.lang = lang;
	o.today = (struct civil_date){ 2026, 6, 1 };
	return o;
}

/* True when note is the message of one of the findings in lang. */
static bool explained(const struct findings *f, const char *note, enum lang lang)
{
	for (size_t i = 0; note && i < f->n; i++)
		if (strcmp(note, lang == LANG_EN ? f->v[i].message_en : f->v[i].message_ja) == 0)
			return true;
	return false;
}

/* Appends "where: text (note)" for each placeholder nothing explains;
 * returns how many placeholders there are.  A placeholder without a note
 * is the rest of a row whose first placeholder is explained. */
static size_t unexplained(const struct doc *d, const struct findings *f, struct buf *out)
{
	size_t n = 0;
	for (size_t b = 0; b < d->n_blocks; b++) {
		const struct doc_block *bl = d->blocks[b];
		if (bl->kind == DOC_PARA && (bl->flags & DOC_PARA_PLACEHOLDER)) {
			n++;
			if (!explained(f, bl->note, d->lang))
				buf_addf(out, "paragraph %s (%s)\n", bl->text, bl->note ? bl->note : "-");
		}
		if (bl->kind == DOC_LIST)
			for (size_t i = 0; i < bl->n_items; i++)
				if (bl->items[i].flags & DOC_CELL_PLACEHOLDER) {
					n++;
					if (!explained(f, bl->items[i].note, d->lang))
						buf_addf(out, "list item %s (%s)\n", bl->items[i].text,
							 bl->items[i].note ? bl->items[i].note : "-");
				}
		if (bl->kind != DOC_TABLE)
			continue;
		const struct doc_table *t = &bl->table;
		for (size_t r = 0; r < t->n_rows; r++) {
			bool row_ok = false;
			for (size_t c = 0; c < t->rows[r].n; c++) {
				const struct doc_cell *cell = &t->rows[r].cells[c];
				if (!(cell->flags & DOC_CELL_PLACEHOLDER))
					continue;
				n++;
				if (explained(f, cell->note, d->lang))
					row_ok = true;
				else if (cell->note || !row_ok)
					buf_addf(out, "%s row %zu col %zu: %s (%s)\n", t->label, r, c,
						 cell->text, cell->note ? cell->note : "-");
			}
		}
	}
	return n;
}

/* Builds p's document in both languages; fails listing every placeholder
 * no finding explains.  Returns the number of placeholders (Japanese). */
static size_t assert_all_explained(const struct plan *p)
{
	size_t count = 0;
	for (int l = 0; l < 2; l++) {
		struct render_opts o = opts(l ? LANG_EN : LANG_JA);
		struct findings f = FINDINGS_INIT;
		plan_check(p, o.today, &f);
		struct doc d = DOC_INIT;
		plan_doc_build(p, &o, &d);
		struct buf bad = BUF_INIT;
		size_t n = unexplained(&d, &f, &bad);
		if (!l)
			count = n;
		if (bad.len)
			fail_msg("placeholders no finding explains (%s):\n%s", l ? "en" : "ja",
				 bad.data);
		buf_release(&bad);
		doc_release(&d);
		findings_release(&f);
	}
	return count;
}

/* The demo is a plan that could be submitted: no placeholder at all. */
static void test_demo_prints_no_placeholder(void **state)
{
	(void)state;
	struct plan p;
	demo_plan(&p);
	assert_all_explained(&p);
	struct render_opts o = opts(LANG_JA);
	struct findings f = FINDINGS_INIT;
	plan_check(&p, o.today, &f);
	struct doc d = DOC_INIT;
	plan_doc_build(&p, &o, &d);
	struct buf bad = BUF_INIT;
	size_t n = unexplained(&d, &f, &bad);
	if (n) {
		buf_reset(&bad);
		for (size_t i = 0; i < f.n; i++)
			buf_addf(&bad, "%s %s\n", f.v[i].code, f.v[i].element);
		fail_msg("the demo prints %zu placeholders; findings:\n%s", n, bad.data);
	}
	assert_int_equal(findings_count(&f, SEV_ERROR), 0);
	buf_release(&bad);
	doc_release(&d);
	findings_release(&f);
	plan_release(&p);
}

/* The demo with every optional text emptied and every optional number
 * unset: whatever the documents then leave open, a finding explains. */
static void test_emptied_demo_explains_every_placeholder(void **state)
{
	(void)state;
	struct plan p;
	demo_plan(&p);
	const struct entity_def *kinds[64];
	size_t nk = 0;
	kinds[nk++] = &schema_organisation;
	for (size_t k = 0; k < schema_n_entities && nk < 64; k++)
		kinds[nk++] = &schema_entities[k];
	for (size_t k = 0; k < nk; k++) {
		const struct entity_def *e = kinds[k];
		size_t n = e == &schema_organisation ? 1 : schema_count(e, &p);
		for (size_t i = 0; i < n; i++) {
			void *elem = e == &schema_organisation ? (void *)&p.organisation
							       : schema_element(e, &p, i);
			for (size_t j = 0; j < e->n_fields; j++) {
				const struct field_def *fd = &e->fields[j];
				if (fd->flags & (FF_REQUIRED | FF_KEY))
					continue;
				if (fd->type == F_TEXT) {
					char **s = FIELD_PTR(elem, fd);
					free(*s);
					*s = xstrdup("");
				} else if (fd->type == F_INT && fd->dflt == NO_VALUE) {
					*(int64_t *)FIELD_PTR(elem, fd) = NO_VALUE;
				} else if (fd->type == F_REF) {
					char **s = FIELD_PTR(elem, fd);
					free(*s);
					*s = NULL;
				}
			}
		}
	}
	assert_true(assert_all_explained(&p) > 20);
	plan_release(&p);
}

/* A plan with nothing but its organisation's name. */
static void test_empty_plan_explains_every_placeholder(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	free(p.organisation.name);
	p.organisation.name = xstrdup("空の省");
	assert_true(assert_all_explained(&p) > 10);
	plan_release(&p);
}

/* 別表1 shows the RTO the rules give a system (R1, with the planner's
 * override), the same as 表5.3-2: Cシステム is used by no priority
 * business, its RTO of 1週間 is the planner's. */
static void test_annex1_shows_the_rules_rto(void **state)
{
	(void)state;
	struct plan p;
	demo_plan(&p);
	struct render_opts o = opts(LANG_JA);
	struct doc d = DOC_INIT;
	assert_int_equal(plan_doc_table(&p, &o, "business-systems", &d), 0);
	const struct doc_table *t = doc_find_table(&d, "business-systems");
	assert_non_null(t);
	bool found = false;
	for (size_t r = t->n_head; r < t->n_rows; r++) {
		if (strcmp(t->rows[r].cells[1].text, "Cシステム") != 0)
			continue;
		found = true;
		const struct doc_cell *rto = &t->rows[r].cells[t->n_cols - 3];
		assert_false(rto->flags & DOC_CELL_PLACEHOLDER);
		assert_non_null(strstr(rto->text, "1週間"));
	}
	assert_true(found);
	doc_release(&d);
	plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_prints_no_placeholder),
		cmocka_unit_test(test_emptied_demo_explains_every_placeholder),
		cmocka_unit_test(test_empty_plan_explains_every_placeholder),
		cmocka_unit_test(test_annex1_shows_the_rules_rto),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
