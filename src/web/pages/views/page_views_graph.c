/*
 * page_views_graph.c — the dependency graph of the systems (別表1,
 * system_dependencies) drawn in SVG.  The layout (which column and row
 * each system takes, and why not Graphviz) is render/graph/graph_deps.h;
 * this page only draws it: each box is a link to the system's page and
 * shows its tier, an arrow points at what a system depends on (dashed and
 * back along the top for an edge of a cycle), and the same dependencies
 * follow as a list for screen readers and for printing.
 */
#include "render/graph/graph_deps.h"
#include "rules/rules.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/svg.h"
#include "web/core/url.h"
#include "web/pages/views/page_views.h"

/* Short names for the layout's geometry, as the drawing uses it. */
#define G_W GRAPH_DEPS_BOX_W
#define G_H GRAPH_DEPS_BOX_H
#define G_GAP GRAPH_DEPS_GAP
#define TIER_BADGE_W 22 /* the coloured strip with the tier's letter */
#define TEXT_BASELINE 25 /* below the box's top, for 13-unit text */
#define NAME_X (TIER_BADGE_W + 6) /* the system's name, after the strip */

/* The colour of a tier (the badges' colours in app.css). */
static const char *tier_colour(enum tier t)
{
	static const char *const c[] = { "#8b0000", "#b34700", "#7a5c00", "#1b6e20", "#0b57a4",
					 "#555555" };
	return t >= TIER_S && t < TIER_COUNT ? c[t] : "#555555";
}

void page_views_dependencies_section(struct req *r, const struct plan *p, size_t limit)
{
	html(r, "<section aria-labelledby=\"h-deps\">\n<h2 id=\"h-deps\">%s</h2>\n",
	     L(r->lang, "システム間の依存関係", "Dependencies between systems"));
	struct graph_deps g;
	graph_deps_init(&g, p);
	if (g.n_nodes == 0) {
		html(r, "<p>%s</p>\n</section>\n",
		     L(r->lang, "システム間の依存関係はまだ登録されていません。",
		       "No dependencies between systems yet."));
		goto out;
	}
	if (limit && g.n_nodes > limit) {
		html(r, "<p>%zu%s <a href=\"/views/dependencies\">%s</a></p>\n</section>\n", g.n_nodes,
		     L(r->lang, "システムが依存関係にあります。", " systems take part."),
		     L(r->lang, "依存関係の図を見る", "See the graph"));
		goto out;
	}
	graph_deps_layout(&g);
	svg(&r->out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		     "height=\"%d\" class=\"chart graph\" aria-labelledby=\"deps-t\">"
		     "<title id=\"deps-t\">%s</title><defs><marker id=\"deps-arrow\" viewBox=\"0 0 10 10\" "
		     "refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
		     "<path d=\"M0 0L10 5L0 10z\" fill=\"#444\"/></marker></defs>",
	    g.width, g.height, g.width, g.height,
	    L(r->lang, "依存関係の図（矢印は依存先を指す）",
	      "Dependency graph (arrows point at what a system depends on)"));
	/* from the left edge of the dependent's box to the right edge of
	 * what it depends on */
	for (size_t i = 0; i < g.n_edges; i++) {
		const struct graph_deps_node *a = &g.nodes[g.edges[i].from];
		const struct graph_deps_node *b = &g.nodes[g.edges[i].to];
		int x1 = a->x, y1 = a->y + G_H / 2;
		int x2 = b->x + G_W, y2 = b->y + G_H / 2;
		if (g.edges[i].back) /* a cycle: draw it back along the top */
			svg(&r->out, "<path d=\"M%d %dC%d %d %d %d %d %d\" fill=\"none\" stroke=\"#444\" "
				     "stroke-dasharray=\"4 3\" marker-end=\"url(#deps-arrow)\"/>",
			    x1, y1 - G_H / 2, x1 - G_GAP, 0, x2 + G_GAP, 0, x2, y2 - G_H / 2);
		else
			svg(&r->out, "<path d=\"M%d %dC%d %d %d %d %d %d\" fill=\"none\" stroke=\"#444\" "
				     "marker-end=\"url(#deps-arrow)\"/>",
			    x1, y1, x1 - G_GAP / 2, y1, x2 + G_GAP / 2, y2, x2, y2);
	}
	for (size_t i = 0; i < g.n_nodes; i++) {
		const struct system *s = &p->systems[g.nodes[i].sys];
		struct system_rto rto;
		system_rto_compute(p, s, &rto);
		int x = g.nodes[i].x, y = g.nodes[i].y;
		svg(&r->out, "<a href=\"/plan/systems/%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" "
			     "height=\"%d\" rx=\"4\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"2\"/>",
		    url_encode(r, s->id), x, y, G_W, G_H, tier_colour(rto.tier));
		svg_rect(&r->out, x, y, TIER_BADGE_W, G_H, tier_colour(rto.tier));
		svg_text(&r->out, x + TIER_BADGE_W / 2, y + TEXT_BASELINE, "middle", 13, "#fff", 0, tier_name(rto.tier));
		svg_text(&r->out, x + NAME_X, y + TEXT_BASELINE, "start", 13, "#1a1a1a", 16, page_views_system_name(r, s));
		svg(&r->out, "</a>");
	}
	svg_close(&r->out);
	html(r, "<details><summary>%s</summary><ul>",
	     L(r->lang, "依存関係の一覧", "The dependencies as a list"));
	for (size_t i = 0; i < g.n_edges; i++)
		html(r, "<li>%s %s %s</li>",
		     page_views_system_name(r, &p->systems[g.nodes[g.edges[i].from].sys]),
		     L(r->lang, "→（依存）", "depends on"),
		     page_views_system_name(r, &p->systems[g.nodes[g.edges[i].to].sys]));
	html(r, "</ul></details>\n</section>\n");
out:
	graph_deps_release(&g);
}
