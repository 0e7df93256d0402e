/*
 * graph_deps.h — the layout of the dependency graph between systems
 * (別表1's system_dependencies): which column and row each system's box
 * takes, and where.  Pure (no HTTP, no Graphviz, no lock), so a page can
 * draw it on every view and a unit test can check it.
 *
 * Why not Graphviz (graph.h): its layout runs behind one process-wide
 * lock and takes a few milliseconds, which the dashboard (a page served
 * at half nginx's rate during a crisis) cannot pay per view.  This layout
 * is a small layered one of our own: a system's layer is the length of
 * its longest chain of dependencies (layer 0 needs nothing), layers are
 * columns from left to right, and each column is ordered by the average
 * row of what its systems depend on (one barycentre pass), so most arrows
 * run straight.  Cycles (which the plan check reports) are cut by capping
 * the layer at the number of systems, so the layout always ends.
 *
 * Two steps, so a caller that only wants the count (the dashboard shows a
 * link instead of a large graph) does not pay for the layout:
 * graph_deps_init() collects the systems that take part and the edges,
 * graph_deps_layout() places them.
 */
#ifndef ITBCP_RENDER_GRAPH_GRAPH_DEPS_H
#define ITBCP_RENDER_GRAPH_GRAPH_DEPS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/plan.h"

/* The geometry, in SVG user units. */
#define GRAPH_DEPS_BOX_W 136 /* a system's box */
#define GRAPH_DEPS_BOX_H 40
#define GRAPH_DEPS_GAP 48    /* between columns */
#define GRAPH_DEPS_VGAP 14   /* between rows */
#define GRAPH_DEPS_PAD 8     /* around the drawing */

/* A system that depends on another or is depended on. */
struct graph_deps_node {
	size_t sys;   /* index in p->systems */
	size_t layer; /* column, 0 = leftmost (depends on nothing drawn) */
	size_t row;   /* row in its column, 0 = top */
	int x, y;     /* top-left corner of its box */
};

/* "from depends on to", as indexes into nodes.  back: the edge does not
 * run leftwards (part of a cycle), so it is drawn back along the top. */
struct graph_deps_edge {
	size_t from, to;
	bool back;
};

struct graph_deps {
	struct graph_deps_node *nodes; /* in order of first appearance in the edges */
	size_t n_nodes;
	struct graph_deps_edge *edges; /* in plan order, without self-loops and */
	size_t n_edges;                /* dependencies on unknown systems */
	size_t n_layers, n_rows;       /* n_rows: of the tallest column */
	int width, height;             /* of the whole drawing; 0 before the layout */
};
#define GRAPH_DEPS_INIT { 0 }

/* Fills g (which need not be initialised) with p's systems that take part
 * in a dependency and the edges between them, all at layer 0, row 0.
 * Release with graph_deps_release(). */
void graph_deps_init(struct graph_deps *g, const struct plan *p);

/* Places g's nodes (layer, row, x, y), marks the back edges and sets the
 * drawing's size.  Nothing when g has no node. */
void graph_deps_layout(struct graph_deps *g);

/* Frees what g holds and leaves it empty (GRAPH_DEPS_INIT); twice is harmless. */
void graph_deps_release(struct graph_deps *g);

#endif
