/*
 * graph_deps.c — the layered layout of the dependency graph between
 * systems (graph_deps.h says what and why).  Linear in the edges for the
 * collection; the layering relaxes every edge at most n_nodes times and
 * the ordering looks at every edge once per layer, which a plan of a few
 * hundred systems pays in well under a millisecond.
 */
#include "render/graph/graph_deps.h"

#include <stdlib.h>

#include "util/xalloc.h"

/* Sorting key of a node within its column: the barycentre of its
 * targets' rows (scaled so the plan order breaks ties), or, with no
 * target in a column to its left, after every such node in plan order. */
#define ORDER_ROW_SCALE 1e6
#define ORDER_NO_TARGET 1e12

/* Column, then barycentre, then plan order (a total order, so the layout
 * does not depend on the sort's stability). */
static int node_cmp(const struct graph_deps_node *x, double ox, const struct graph_deps_node *y,
		    double oy)
{
	if (x->layer != y->layer)
		return x->layer < y->layer ? -1 : 1;
	if (ox != oy)
		return ox < oy ? -1 : 1;
	return (x->sys > y->sys) - (x->sys < y->sys);
}

void graph_deps_init(struct graph_deps *g, const struct plan *p)
{
	size_t ns = p->n_systems, ne = p->n_system_dependencies;
	*g = (struct graph_deps)GRAPH_DEPS_INIT;
	/* node_of[s]: index + 1 into g->nodes, 0 while system s takes no part */
	size_t *node_of = xcalloc(ns ? ns : 1, sizeof *node_of);
	g->nodes = xcalloc(ns ? ns : 1, sizeof *g->nodes);
	g->edges = xcalloc(ne ? ne : 1, sizeof *g->edges);
	for (size_t i = 0; i < ne; i++) {
		const struct system *a = plan_system(p, p->system_dependencies[i].system);
		const struct system *b = plan_system(p, p->system_dependencies[i].depends_on);
		if (!a || !b || a == b)
			continue;
		size_t ia = (size_t)(a - p->systems), ib = (size_t)(b - p->systems);
		if (!node_of[ia]) {
			g->nodes[g->n_nodes] = (struct graph_deps_node){ .sys = ia };
			node_of[ia] = ++g->n_nodes;
		}
		if (!node_of[ib]) {
			g->nodes[g->n_nodes] = (struct graph_deps_node){ .sys = ib };
			node_of[ib] = ++g->n_nodes;
		}
		g->edges[g->n_edges++] =
			(struct graph_deps_edge){ .from = node_of[ia] - 1, .to = node_of[ib] - 1 };
	}
	free(node_of);
}

/* Layers: the longest chain of dependencies below each node.  Relaxes
 * every edge until nothing moves; a layer never reaches n_nodes, which
 * cuts cycles and bounds the rounds. */
static void assign_layers(struct graph_deps *g)
{
	struct graph_deps_node *nd = g->nodes;
	size_t nn = g->n_nodes;
	for (size_t round = 0; round < nn; round++) {
		bool moved = false;
		for (size_t i = 0; i < g->n_edges; i++) {
			size_t f = g->edges[i].from, t = g->edges[i].to;
			if (nd[f].layer < nd[t].layer + 1 && nd[t].layer + 1 < nn) {
				nd[f].layer = nd[t].layer + 1;
				moved = true;
			}
		}
		if (!moved)
			break;
	}
	g->n_layers = 0;
	for (size_t i = 0; i < nn; i++)
		if (nd[i].layer + 1 > g->n_layers)
			g->n_layers = nd[i].layer + 1;
}

/* Rows: layer 0 in plan order, then each layer, left to right, by the
 * rows its nodes' targets already have (one barycentre pass). */
static void assign_rows(struct graph_deps *g)
{
	struct graph_deps_node *nd = g->nodes;
	size_t nn = g->n_nodes;
	double *order = xcalloc(nn, sizeof *order);
	size_t *idx = xcalloc(nn, sizeof *idx);
	g->n_rows = 0;
	for (size_t i = 0; i < nn; i++)
		order[i] = (double)nd[i].sys;
	for (size_t l = 0; l < g->n_layers; l++) {
		for (size_t i = 0; i < nn && l > 0; i++) {
			if (nd[i].layer != l)
				continue;
			double sum = 0;
			size_t k = 0;
			for (size_t j = 0; j < g->n_edges; j++) {
				const struct graph_deps_edge *e = &g->edges[j];
				if (e->from == i && nd[e->to].layer < l) {
					sum += (double)nd[e->to].row;
					k++;
				}
			}
			order[i] = k ? sum / (double)k * ORDER_ROW_SCALE + (double)nd[i].sys
				     : ORDER_NO_TARGET + (double)nd[i].sys;
		}
		/* the column's nodes, insertion-sorted by that order */
		size_t m = 0;
		for (size_t i = 0; i < nn; i++)
			if (nd[i].layer == l)
				idx[m++] = i;
		for (size_t a = 1; a < m; a++)
			for (size_t b = a; b > 0 && node_cmp(&nd[idx[b - 1]], order[idx[b - 1]], &nd[idx[b]],
							       order[idx[b]]) > 0;
			     b--) {
				size_t t = idx[b];
				idx[b] = idx[b - 1];
				idx[b - 1] = t;
			}
		for (size_t a = 0; a < m; a++)
			nd[idx[a]].row = a;
		if (m > g->n_rows)
			g->n_rows = m;
	}
	free(idx);
	free(order);
}

void graph_deps_layout(struct graph_deps *g)
{
	if (g->n_nodes == 0)
		return;
	assign_layers(g);
	assign_rows(g);
	for (size_t i = 0; i < g->n_nodes; i++) {
		struct graph_deps_node *n = &g->nodes[i];
		n->x = GRAPH_DEPS_PAD + (int)n->layer * (GRAPH_DEPS_BOX_W + GRAPH_DEPS_GAP);
		n->y = GRAPH_DEPS_PAD + (int)n->row * (GRAPH_DEPS_BOX_H + GRAPH_DEPS_VGAP);
	}
	for (size_t i = 0; i < g->n_edges; i++)
		g->edges[i].back = g->nodes[g->edges[i].from].layer <= g->nodes[g->edges[i].to].layer;
	int nl = (int)g->n_layers, rows = (int)g->n_rows;
	g->width = 2 * GRAPH_DEPS_PAD + nl * GRAPH_DEPS_BOX_W + (nl - 1) * GRAPH_DEPS_GAP;
	g->height = 2 * GRAPH_DEPS_PAD + rows * (GRAPH_DEPS_BOX_H + GRAPH_DEPS_VGAP) - GRAPH_DEPS_VGAP;
}

void graph_deps_release(struct graph_deps *g)
{
	free(g->nodes);
	free(g->edges);
	*g = (struct graph_deps)GRAPH_DEPS_INIT;
}
