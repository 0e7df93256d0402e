/*
 * test_graph_deps.c — the layout of the dependency graph between systems
 * (render/graph/graph_deps.h): a chain takes one column per link, in
 * order; systems outside any dependency are left out and a lone pair is
 * placed; a cycle ends (its layers capped) and is drawn back; no two
 * boxes overlap, also on a larger plan; the drawing holds every box.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/plan.h"
#include "model/schema.h"
#include "render/graph/graph_deps.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* A plan with systems s0..s(n-1) and the dependencies "a>b,c>d" (a
 * depends on b; digits name systems; "" for none). */
static void make_plan(struct plan *p, size_t n, const char *deps)
{
	plan_init(p);
	const struct entity_def *se = schema_entity("systems");
	p->systems = xcalloc(n, sizeof *p->systems);
	for (size_t i = 0; i < n; i++) {
		schema_element_defaults(se, &p->systems[i]);
		char id[32];
		snprintf(id, sizeof id, "s%zu", i);
		free(p->systems[i].id);
		p->systems[i].id = xstrdup(id);
	}
	p->n_systems = n;
	size_t cap = strlen(deps) / 2 + 1;
	p->system_dependencies = xcalloc(cap, sizeof *p->system_dependencies);
	for (const char *q = deps; *q;) {
		unsigned a, b;
		int used = 0;
		assert_int_equal(sscanf(q, "%u>%u%n", &a, &b, &used), 2);
		char ida[32], idb[32];
		snprintf(ida, sizeof ida, "s%u", a);
		snprintf(idb, sizeof idb, "s%u", b);
		struct system_dependency *d = &p->system_dependencies[p->n_system_dependencies++];
		d->system = xstrdup(ida);
		d->depends_on = xstrdup(idb);
		q += used;
		if (*q == ',')
			q++;
	}
}

/* The node of system index sys; fails when it is not drawn. */
static const struct graph_deps_node *node_of(const struct graph_deps *g, size_t sys)
{
	for (size_t i = 0; i < g->n_nodes; i++)
		if (g->nodes[i].sys == sys)
			return &g->nodes[i];
	fail_msg("system %zu is not in the layout", sys);
	return NULL;
}

/* Every box inside the drawing, no two boxes overlapping, and no two
 * nodes in the same column and row. */
static void assert_no_overlap(const struct graph_deps *g)
{
	for (size_t i = 0; i < g->n_nodes; i++) {
		const struct graph_deps_node *a = &g->nodes[i];
		assert_true(a->x >= GRAPH_DEPS_PAD && a->y >= GRAPH_DEPS_PAD);
		assert_true(a->x + GRAPH_DEPS_BOX_W <= g->width - GRAPH_DEPS_PAD);
		assert_true(a->y + GRAPH_DEPS_BOX_H <= g->height - GRAPH_DEPS_PAD);
		assert_true(a->layer < g->n_layers && a->row < g->n_rows);
		for (size_t j = i + 1; j < g->n_nodes; j++) {
			const struct graph_deps_node *b = &g->nodes[j];
			assert_false(a->layer == b->layer && a->row == b->row);
			bool apart = a->x + GRAPH_DEPS_BOX_W <= b->x || b->x + GRAPH_DEPS_BOX_W <= a->x ||
				     a->y + GRAPH_DEPS_BOX_H <= b->y || b->y + GRAPH_DEPS_BOX_H <= a->y;
			if (!apart)
				fail_msg("boxes of s%zu and s%zu overlap", a->sys, b->sys);
		}
	}
}

/* A depends on B depends on C: three columns, C leftmost, and every
 * arrow runs leftwards (none drawn back). */
static void test_chain(void **state)
{
	(void)state;
	struct plan p;
	make_plan(&p, 3, "0>1,1>2");
	struct graph_deps g;
	graph_deps_init(&g, &p);
	graph_deps_layout(&g);
	assert_int_equal(g.n_nodes, 3);
	assert_int_equal(g.n_edges, 2);
	assert_int_equal(g.n_layers, 3);
	assert_int_equal(g.n_rows, 1);
	assert_int_equal(node_of(&g, 2)->layer, 0);
	assert_int_equal(node_of(&g, 1)->layer, 1);
	assert_int_equal(node_of(&g, 0)->layer, 2);
	assert_true(node_of(&g, 2)->x < node_of(&g, 1)->x);
	assert_true(node_of(&g, 1)->x < node_of(&g, 0)->x);
	for (size_t i = 0; i < g.n_edges; i++)
		assert_false(g.edges[i].back);
	assert_int_equal(g.width, 2 * GRAPH_DEPS_PAD + 3 * GRAPH_DEPS_BOX_W + 2 * GRAPH_DEPS_GAP);
	assert_int_equal(g.height, 2 * GRAPH_DEPS_PAD + GRAPH_DEPS_BOX_H);
	assert_no_overlap(&g);
	graph_deps_release(&g);
	graph_deps_release(&g); /* twice is harmless */
	plan_release(&p);
}

/* The longest chain decides: s0 needs s1 and s3, s1 needs s2, so s0 sits
 * right of s1 though s3 is in the first column. */
static void test_longest_chain(void **state)
{
	(void)state;
	struct plan p;
	make_plan(&p, 4, "0>3,0>1,1>2");
	struct graph_deps g;
	graph_deps_init(&g, &p);
	graph_deps_layout(&g);
	assert_int_equal(node_of(&g, 3)->layer, 0);
	assert_int_equal(node_of(&g, 2)->layer, 0);
	assert_int_equal(node_of(&g, 1)->layer, 1);
	assert_int_equal(node_of(&g, 0)->layer, 2);
	/* the first column in plan order */
	assert_int_equal(node_of(&g, 2)->row, 0);
	assert_int_equal(node_of(&g, 3)->row, 1);
	assert_no_overlap(&g);
	graph_deps_release(&g);
	plan_release(&p);
}

/* A system with no dependency is not drawn; one that only is depended on
 * is placed in the first column; self-loops and unknown systems are
 * ignored. */
static void test_unconnected(void **state)
{
	(void)state;
	struct plan p;
	make_plan(&p, 4, "3>1,2>2,0>9");
	struct graph_deps g;
	graph_deps_init(&g, &p);
	assert_int_equal(g.n_nodes, 2);
	assert_int_equal(g.n_edges, 1);
	assert_int_equal(g.width, 0); /* not laid out yet */
	graph_deps_layout(&g);
	for (size_t i = 0; i < g.n_nodes; i++)
		assert_true(g.nodes[i].sys == 1 || g.nodes[i].sys == 3);
	assert_int_equal(node_of(&g, 1)->layer, 0);
	assert_int_equal(node_of(&g, 3)->layer, 1);
	assert_no_overlap(&g);
	graph_deps_release(&g);
	plan_release(&p);

	/* no dependency at all: nothing to draw, and the layout is a no-op */
	make_plan(&p, 2, "");
	graph_deps_init(&g, &p);
	graph_deps_layout(&g);
	assert_int_equal(g.n_nodes, 0);
	assert_int_equal(g.width, 0);
	graph_deps_release(&g);
	plan_release(&p);
}

/* A cycle ends (layers stay below the number of nodes), every system of
 * it is placed without overlap, and at least one of its edges is drawn
 * back. */
static void test_cycle(void **state)
{
	(void)state;
	struct plan p;
	make_plan(&p, 4, "0>1,1>2,2>0,3>0");
	struct graph_deps g;
	graph_deps_init(&g, &p);
	graph_deps_layout(&g);
	assert_int_equal(g.n_nodes, 4);
	size_t back = 0;
	for (size_t i = 0; i < g.n_nodes; i++)
		assert_true(g.nodes[i].layer < g.n_nodes);
	for (size_t i = 0; i < g.n_edges; i++)
		back += g.edges[i].back;
	assert_true(back >= 1);
	assert_no_overlap(&g);
	graph_deps_release(&g);
	plan_release(&p);

	/* two systems depending on each other */
	make_plan(&p, 2, "0>1,1>0");
	graph_deps_init(&g, &p);
	graph_deps_layout(&g);
	assert_int_equal(g.n_layers, 2);
	assert_true(g.edges[0].back != g.edges[1].back);
	assert_no_overlap(&g);
	graph_deps_release(&g);
	plan_release(&p);
}

/* A column is ordered by where its targets are: s2 needs the lower of
 * the first column's systems, s3 the upper, so s3 comes first. */
static void test_barycentre(void **state)
{
	(void)state;
	struct plan p;
	make_plan(&p, 4, "2>1,3>0");
	struct graph_deps g;
	graph_deps_init(&g, &p);
	graph_deps_layout(&g);
	assert_int_equal(node_of(&g, 0)->row, 0);
	assert_int_equal(node_of(&g, 1)->row, 1);
	assert_int_equal(node_of(&g, 3)->row, 0);
	assert_int_equal(node_of(&g, 2)->row, 1);
	assert_no_overlap(&g);
	graph_deps_release(&g);
	plan_release(&p);
}

/* A larger tangled plan (every system depends on two others, cycles
 * included): placed without overlap, deterministic. */
static void test_large(void **state)
{
	(void)state;
	enum { N = 60 };
	struct buf deps = BUF_INIT;
	for (unsigned i = 0; i < N; i++)
		buf_addf(&deps, "%s%u>%u,%u>%u", i ? "," : "", i, (i * 7 + 3) % N, i, (i * 13 + 5) % N);
	struct plan p;
	make_plan(&p, N, deps.data);
	struct graph_deps g, g2;
	graph_deps_init(&g, &p);
	graph_deps_layout(&g);
	assert_no_overlap(&g);
	graph_deps_init(&g2, &p);
	graph_deps_layout(&g2);
	assert_int_equal(g.n_nodes, g2.n_nodes);
	assert_memory_equal(g.nodes, g2.nodes, g.n_nodes * sizeof *g.nodes);
	graph_deps_release(&g);
	graph_deps_release(&g2);
	plan_release(&p);
	buf_release(&deps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain),   cmocka_unit_test(test_longest_chain),
		cmocka_unit_test(test_unconnected), cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_barycentre),  cmocka_unit_test(test_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
