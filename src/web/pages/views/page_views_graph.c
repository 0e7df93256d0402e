/*
 * page_views_graph.c — the dependency graph of the systems (別表1,
 * system_dependencies) drawn in SVG by a small layered layout of our own.
 *
 * Why not Graphviz: render/graph/graph.h lays out DOT in-process, but behind one
 * process-wide lock and at a few milliseconds a layout, which the
 * dashboard (a page to be served at half nginx's rate during a crisis)
 * cannot pay per view.  The layout here is linear and pure: a system's
 * layer is the length of its longest chain of dependencies (layer 0 needs
 * nothing), layers are columns from left to right, and each column is
 * ordered by the average position of what its systems depend on (one
 * barycentre pass), so most arrows run straight.  Cycles (which the plan
 * check reports) are cut by capping the layer at the number of systems.
 * Each box is a link to the system's page and shows its tier; the same
 * dependencies follow as a list for screen readers and for printing.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "util/xalloc.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/svg.h"
#include "web/core/url.h"
#include "web/pages/views/page_views.h"

#define G_W 136  /* box width */
#define G_H 40   /* box height */
#define G_GAP 48 /* between columns */
#define G_VGAP 14
#define G_PAD 8

struct gnode {
	size_t sys;   /* index in p->systems */
	size_t layer;
	double order; /* barycentre key */
	size_t pos;   /* row in its column */
};

/* Column, then barycentre, then plan order. */
static int gnode_cmp(const void *a, const void *b)
{
	const struct gnode *x = a, *y = b;
	if (x->layer != y->layer)
		return x->layer < y->layer ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return (x->sys > y->sys) - (x->sys < y->sys);
}

/* The colour of a tier (the badges' colours in app.css). */
static const char *tier_colour(enum tier t)
{
	static const char *const c[] = { "#8b0000", "#b34700", "#7a5c00", "#1b6e20", "#0b57a4",
					 "#555555" };
	return t >= TIER_S && t < TIER_COUNT ? c[t] : "#555555";
}

void page_views_dependencies_section(struct req *r, const struct plan *p, size_t limit)
{
	size_t ns = p->n_systems, ne = p->n_system_dependencies;
	html(r, "<section aria-labelledby=\"h-deps\">\n<h2 id=\"h-deps\">%s</h2>\n",
	     L(r->lang, "システム間の依存関係", "Dependencies between systems"));
	/* node[s]: index + 1 into nodes, 0 when s takes no part */
	size_t *node = xcalloc(ns ? ns : 1, sizeof *node);
	struct gnode *nodes = xcalloc(ns ? ns : 1, sizeof *nodes);
	size_t *from = xcalloc(ne ? ne : 1, sizeof *from), *to = xcalloc(ne ? ne : 1, sizeof *to);
	size_t nn = 0, nedges = 0;
	for (size_t i = 0; i < ne; i++) {
		const struct system *a = plan_system(p, p->system_dependencies[i].system);
		const struct system *b = plan_system(p, p->system_dependencies[i].depends_on);
		if (!a || !b || a == b)
			continue;
		size_t ia = (size_t)(a - p->systems), ib = (size_t)(b - p->systems);
		if (!node[ia]) {
			nodes[nn] = (struct gnode){ ia, 0, 0, 0 };
			node[ia] = ++nn;
		}
		if (!node[ib]) {
			nodes[nn] = (struct gnode){ ib, 0, 0, 0 };
			node[ib] = ++nn;
		}
		from[nedges] = node[ia] - 1;
		to[nedges++] = node[ib] - 1;
	}
	if (nn == 0) {
		html(r, "<p>%s</p>\n</section>\n",
		     L(r->lang, "システム間の依存関係はまだ登録されていません。",
		       "No dependencies between systems yet."));
		goto out;
	}
	if (limit && nn > limit) {
		html(r, "<p>%zu%s <a href=\"/views/dependencies\">%s</a></p>\n</section>\n", nn,
		     L(r->lang, "システムが依存関係にあります。", " systems take part."),
		     L(r->lang, "依存関係の図を見る", "See the graph"));
		goto out;
	}
	/* Longest chain: relax every edge until nothing moves (at most nn rounds). */
	for (size_t round = 0; round < nn; round++) {
		bool moved = false;
		for (size_t i = 0; i < nedges; i++)
			if (nodes[from[i]].layer < nodes[to[i]].layer + 1 && nodes[to[i]].layer + 1 < nn) {
				nodes[from[i]].layer = nodes[to[i]].layer + 1;
				moved = true;
			}
		if (!moved)
			break;
	}
	size_t nl = 0;
	for (size_t i = 0; i < nn; i++) {
		if (nodes[i].layer + 1 > nl)
			nl = nodes[i].layer + 1;
		nodes[i].order = (double)nodes[i].sys;
	}
	/* Rows: layer 0 in plan order, then each layer by its targets' rows. */
	size_t *count = xcalloc(nl, sizeof *count);
	for (size_t l = 0; l < nl; l++) {
		for (size_t i = 0; i < nn; i++) {
			if (nodes[i].layer != l || l == 0)
				continue;
			double sum = 0;
			size_t k = 0;
			for (size_t j = 0; j < nedges; j++)
				if (from[j] == i && nodes[to[j]].layer < l) {
					sum += (double)nodes[to[j]].pos;
					k++;
				}
			nodes[i].order = k ? sum / (double)k * 1e6 + (double)nodes[i].sys
					   : 1e12 + (double)nodes[i].sys;
		}
		/* positions of layer l in the order just computed */
		size_t *idx = xcalloc(nn, sizeof *idx), m = 0;
		for (size_t i = 0; i < nn; i++)
			if (nodes[i].layer == l)
				idx[m++] = i;
		for (size_t a = 1; a < m; a++)
			for (size_t b = a; b > 0 && gnode_cmp(&nodes[idx[b - 1]], &nodes[idx[b]]) > 0; b--) {
				size_t t = idx[b];
				idx[b] = idx[b - 1];
				idx[b - 1] = t;
			}
		for (size_t a = 0; a < m; a++)
			nodes[idx[a]].pos = a;
		count[l] = m;
		free(idx);
	}
	size_t rows = 0;
	for (size_t l = 0; l < nl; l++)
		if (count[l] > rows)
			rows = count[l];
	free(count);
	int w = 2 * G_PAD + (int)nl * G_W + ((int)nl - 1) * G_GAP;
	int h = 2 * G_PAD + (int)rows * (G_H + G_VGAP) - G_VGAP;

	svg(&r->out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		     "height=\"%d\" class=\"chart graph\" aria-labelledby=\"deps-t\">"
		     "<title id=\"deps-t\">%s</title><defs><marker id=\"deps-arrow\" viewBox=\"0 0 10 10\" "
		     "refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
		     "<path d=\"M0 0L10 5L0 10z\" fill=\"#444\"/></marker></defs>",
	    w, h, w, h,
	    L(r->lang, "依存関係の図（矢印は依存先を指す）",
	      "Dependency graph (arrows point at what a system depends on)"));
	for (size_t i = 0; i < nedges; i++) {
		const struct gnode *a = &nodes[from[i]], *b = &nodes[to[i]];
		int x1 = G_PAD + (int)a->layer * (G_W + G_GAP);
		int y1 = G_PAD + (int)a->pos * (G_H + G_VGAP) + G_H / 2;
		int x2 = G_PAD + (int)b->layer * (G_W + G_GAP) + G_W;
		int y2 = G_PAD + (int)b->pos * (G_H + G_VGAP) + G_H / 2;
		if (a->layer <= b->layer) /* a cycle: draw it back along the top */
			svg(&r->out, "<path d=\"M%d %dC%d %d %d %d %d %d\" fill=\"none\" stroke=\"#444\" "
				     "stroke-dasharray=\"4 3\" marker-end=\"url(#deps-arrow)\"/>",
			    x1, y1 - G_H / 2, x1 - G_GAP, 0, x2 + G_GAP, 0, x2, y2 - G_H / 2);
		else
			svg(&r->out, "<path d=\"M%d %dC%d %d %d %d %d %d\" fill=\"none\" stroke=\"#444\" "
				     "marker-end=\"url(#deps-arrow)\"/>",
			    x1, y1, x1 - G_GAP / 2, y1, x2 + G_GAP / 2, y2, x2, y2);
	}
	for (size_t i = 0; i < nn; i++) {
		const struct gnode *g = &nodes[i];
		const struct system *s = &p->systems[g->sys];
		struct system_rto rto;
		system_rto_compute(p, s, &rto);
		int x = G_PAD + (int)g->layer * (G_W + G_GAP), y = G_PAD + (int)g->pos * (G_H + G_VGAP);
		svg(&r->out, "<a href=\"/plan/systems/%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" "
			     "height=\"%d\" rx=\"4\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"2\"/>",
		    url_encode(r, s->id), x, y, G_W, G_H, tier_colour(rto.tier));
		svg_rect(&r->out, x, y, 22, G_H, tier_colour(rto.tier));
		svg_text(&r->out, x + 11, y + 25, "middle", 13, "#fff", 0, tier_name(rto.tier));
		svg_text(&r->out, x + 28, y + 25, "start", 13, "#1a1a1a", 16, page_views_system_name(r, s));
		svg(&r->out, "</a>");
	}
	svg_close(&r->out);
	html(r, "<details><summary>%s</summary><ul>",
	     L(r->lang, "依存関係の一覧", "The dependencies as a list"));
	for (size_t i = 0; i < nedges; i++)
		html(r, "<li>%s %s %s</li>", page_views_system_name(r, &p->systems[nodes[from[i]].sys]),
		     L(r->lang, "→（依存）", "depends on"),
		     page_views_system_name(r, &p->systems[nodes[to[i]].sys]));
	html(r, "</ul></details>\n</section>\n");
out:
	free(node);
	free(nodes);
	free(from);
	free(to);
}
