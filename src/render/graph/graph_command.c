/*
 * graph_command.c — 図2.2-1 危機的事象発生時の体制: the command structure.
 *
 * One box per role of structure "crisis", with its holders under the
 * role's name (rank 0 first, deputies marked); an arrow from each role to
 * those that report to it (reports_to), so commands flow down the page.
 * Departments outside the IT department (kind related, contractor, csirt,
 * other) stand beside the role that deals with them, joined by a dashed
 * line: the roles their own people hold (the contractor's staff hold the
 * 委託先 role, the CSIRT's the incident handler's deputy), or else the
 * top of the structure, the chief: beside it for related departments and
 * contractors, above it for other bodies (headquarters, which the chief
 * reports to).
 */
#include "render/graph/graph.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Columns a role's name is wrapped at. */
#define GRAPH_COMMAND_ROLE_COLS 24

/* True when r is a role of the crisis structure. */
static bool is_crisis(const struct role *r)
{
	return r && strcmp(r->structure, "crisis") == 0;
}

/* Index of the crisis role with id in p->roles, or -1. */
static long crisis_index(const struct plan *p, const char *id)
{
	if (!id)
		return -1;
	for (size_t i = 0; i < p->n_roles; i++)
		if (is_crisis(&p->roles[i]) && strcmp(p->roles[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* The label of role r: its name wrapped, then one line per holder in rank order ("name（title）",
 * deputies prefixed), or the appendix's placeholder when nobody holds it. */
static void role_label(struct buf *b, const struct plan *p, const struct role *r, enum lang lang)
{
	const char *name = lang == LANG_EN && *r->name_en ? r->name_en : r->name;
	char *wrapped = graph_wrap(name, GRAPH_COMMAND_ROLE_COLS);
	struct buf text = BUF_INIT;
	buf_adds(&text, wrapped);
	free(wrapped);
	size_t name_len = text.len;
	/* holders by rank: ranks are small integers, so scan rank by rank */
	int64_t max_rank = -1;
	for (size_t i = 0; i < p->n_role_holders; i++)
		if (strcmp(p->role_holders[i].role, r->id) == 0 && p->role_holders[i].rank > max_rank)
			max_rank = p->role_holders[i].rank;
	for (int64_t rank = 0; rank <= max_rank; rank++) {
		for (size_t i = 0; i < p->n_role_holders; i++) {
			const struct role_holder *h = &p->role_holders[i];
			if (h->rank != rank || strcmp(h->role, r->id) != 0)
				continue;
			const struct person *who = plan_person(p, h->person);
			if (!who)
				continue;
			buf_addc(&text, '\n');
			if (rank > 0)
				buf_adds(&text, L(lang, "代理: ", "Deputy: "));
			buf_adds(&text, who->name);
			if (*who->title)
				buf_addf(&text, L(lang, "（%s）", " (%s)"), who->title);
		}
	}
	if (text.len == name_len)
		buf_adds(&text, L(lang, "\n[担当者所属]・[氏名]", "\n[department] [name]"));
	graph_dot_string(b, text.data, GRAPH_CENTER);
	buf_release(&text);
}

/* What a department outside the IT department is called in the figure. */
static const char *kind_label(const char *kind, enum lang lang)
{
	if (strcmp(kind, "related") == 0)
		return L(lang, "関係部局", "related department");
	if (strcmp(kind, "contractor") == 0)
		return L(lang, "委託先", "contractor");
	if (strcmp(kind, "csirt") == 0)
		return "CSIRT";
	return L(lang, "関係機関", "related body");
}

char *graph_command_dot(const struct plan *p, enum lang lang)
{
	struct buf b = BUF_INIT;
	long root = -1;

	buf_adds(&b, "digraph command {\n"
		     "\tgraph [rankdir=TB, nodesep=0.3, ranksep=0.45, pad=0.1, fontname=\"" GRAPH_FONT
		     "\"];\n"
		     "\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", "
		     "color=\"#3b5b92\", fontname=\"" GRAPH_FONT "\", fontsize=10, "
		     "margin=\"0.12,0.06\"];\n"
		     "\tedge [color=\"#3b5b92\", arrowsize=0.7];\n");
	for (size_t i = 0; i < p->n_roles; i++) {
		const struct role *r = &p->roles[i];
		if (!is_crisis(r))
			continue;
		if (root < 0 && crisis_index(p, r->reports_to) < 0)
			root = (long)i;
		buf_addf(&b, "\tr%zu [label=", i);
		role_label(&b, p, r, lang);
		buf_adds(&b, "];\n");
	}
	for (size_t i = 0; i < p->n_roles; i++) {
		long up = is_crisis(&p->roles[i]) ? crisis_index(p, p->roles[i].reports_to) : -1;
		if (up >= 0)
			buf_addf(&b, "\tr%ld -> r%zu;\n", up, i);
	}

	/* departments outside IT, beside the roles that deal with them */
	for (size_t d = 0; d < p->n_departments && root >= 0; d++) {
		const struct department *dep = &p->departments[d];
		if (strcmp(dep->kind, "it") == 0)
			continue;
		char *wrapped = graph_wrap(dep->name, GRAPH_COMMAND_ROLE_COLS);
		struct buf text = BUF_INIT;
		buf_addf(&text, "%s\n(%s)", wrapped, kind_label(dep->kind, lang));
		free(wrapped);
		buf_addf(&b, "\td%zu [style=\"rounded,dashed\", color=\"#666666\", "
			     "fillcolor=white, label=", d);
		graph_dot_string(&b, text.data, GRAPH_CENTER);
		buf_adds(&b, "];\n");
		buf_release(&text);

		long first = -1;
		for (size_t i = 0; i < p->n_roles; i++) {
			if (!is_crisis(&p->roles[i]))
				continue;
			bool held = false;
			for (size_t h = 0; h < p->n_role_holders && !held; h++) {
				const struct role_holder *rh = &p->role_holders[h];
				const struct person *who = plan_person(p, rh->person);
				held = strcmp(rh->role, p->roles[i].id) == 0 && who && who->department &&
				       strcmp(who->department, dep->id) == 0;
			}
			if (!held)
				continue;
			if (first < 0)
				first = (long)i;
			buf_addf(&b, "\tr%zu -> d%zu [style=dashed, dir=none, color=\"#666666\"];\n", i, d);
		}
		if (first >= 0) {
			buf_addf(&b, "\t{ rank=same; r%ld; d%zu; }\n", first, d);
		} else if (strcmp(dep->kind, "other") == 0) {
			/* headquarters and the like: above the chief */
			buf_addf(&b, "\td%zu -> r%ld [style=dashed, dir=none, color=\"#666666\"];\n", d, root);
		} else {
			buf_addf(&b, "\tr%ld -> d%zu [style=dashed, dir=none, color=\"#666666\"];\n"
				     "\t{ rank=same; r%ld; d%zu; }\n", root, d, root, d);
		}
	}
	buf_adds(&b, "}\n");
	return buf_detach(&b);
}

char *graph_command_svg(const struct plan *p, enum lang lang, struct err *e)
{
	bool any = false;
	for (size_t i = 0; i < p->n_roles && !any; i++)
		any = is_crisis(&p->roles[i]);
	if (!any) {
		err_set(e, "%s", L(lang, "危機的事象発生時の体制の役割（structure: crisis）がありません",
				   "the plan has no crisis roles (structure: crisis)"));
		return NULL;
	}
	char *dot = graph_command_dot(p, lang);
	char *svg = graph_render_svg(dot, e);
	free(dot);
	return svg;
}
