/*
 * graph_flow.c — 図2.3-1 全体の対応の流れ: the overall flow of one event.
 *
 * The event's occurrence at the top; under it one column per procedure
 * of the event (夜間・休日 and 平日昼間 side by side, or the one procedure
 * of an event handled the same at any time), each a chain of numbered
 * boxes in step order under a heading: "N. title" and the responsible
 * roles in short form.  Boxes of the same position fall on one level, so
 * the columns can be read across.  Swimlanes by role were tried on paper and left
 * out: the appendix's steps involve up to eight roles each, which turns
 * lanes into a grid of repeated boxes.  For a security event the CSIRT
 * (departments of kind csirt) is added as a contact beside the first
 * step, as §2.3.1's note asks.
 */
#include "render/graph/graph.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xalloc.h"

#define STEP_COLS 30
#define ROLE_COLS 34 /* the roles line, after "担当: " */

/* The steps of procedure proc_id in ascending no (plan order for equal
 * numbers); *n receives the count.  free() the array (borrowed items). */
static const struct procedure_step **steps_of(const struct plan *p, const char *proc_id, size_t *n)
{
	const struct procedure_step **v = xcalloc(p->n_procedure_steps + 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < p->n_procedure_steps; i++)
		if (strcmp(p->procedure_steps[i].procedure, proc_id) == 0)
			v[k++] = &p->procedure_steps[i];
	/* insertion sort: stable, and procedures are short */
	for (size_t i = 1; i < k; i++) {
		const struct procedure_step *s = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1]->no > s->no; j--)
			v[j] = v[j - 1];
		v[j] = s;
	}
	*n = k;
	return v;
}

/* The heading of a procedure's column. */
static const char *variant_label(const struct procedure *pr, enum lang lang)
{
	if (strcmp(pr->variant, "night_holiday") == 0)
		return L(lang, "夜間・休日に発生した場合", "At night or on a holiday");
	if (strcmp(pr->variant, "weekday_day") == 0)
		return L(lang, "平日昼間に発生した場合", "On a weekday, in working hours");
	return *pr->title ? pr->title : L(lang, "対応の流れ", "Response");
}

/* Appends to text the responsible roles of step s in short form, wrapped
 * between names at ROLE_COLS, or "all" when every crisis role takes part;
 * nothing when the step names no role. */
static void step_roles(struct buf *text, const struct plan *p, const struct procedure_step *s,
		       enum lang lang)
{
	size_t n_crisis = 0, n_step = 0;
	for (size_t i = 0; i < p->n_roles; i++)
		if (strcmp(p->roles[i].structure, "crisis") == 0)
			n_crisis++;
	const char *sep = L(lang, "・", ", ");
	struct buf names = BUF_INIT;
	size_t line_w = 0;
	for (size_t i = 0; i < p->n_step_roles; i++) {
		if (strcmp(p->step_roles[i].step, s->id) != 0)
			continue;
		const struct role *r = plan_role(p, p->step_roles[i].role);
		if (!r)
			continue;
		char shortname[256];
		graph_role_short(r, lang, shortname, sizeof shortname);
		size_t w = utf8_width(shortname);
		if (n_step++) {
			buf_adds(&names, sep);
			line_w += utf8_width(sep);
			if (line_w + w > ROLE_COLS) {
				if (lang == LANG_EN)
					names.data[--names.len] = '\0'; /* the space after ',' */
				buf_addc(&names, '\n');
				line_w = 0;
			}
		}
		buf_adds(&names, shortname);
		line_w += w;
	}
	if (n_step > 0) {
		buf_adds(text, L(lang, "\n担当: ", "\nBy: "));
		buf_adds(text, n_crisis > 1 && n_step >= n_crisis ? L(lang, "全員", "all roles")
								  : names.data);
	}
	buf_release(&names);
}

char *graph_flow_dot(const struct plan *p, const char *event_id, enum lang lang)
{
	const struct event_type *ev = plan_event(p, event_id);
	if (!ev)
		return NULL;
	struct buf b = BUF_INIT;
	size_t total = 0;

	buf_adds(&b, "digraph flow {\n"
		     "\tgraph [rankdir=TB, nodesep=0.35, ranksep=0.22, pad=0.1, "
		     "fontname=\"" GRAPH_FONT "\", fontsize=11];\n"
		     "\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", "
		     "color=\"#3b5b92\", fontname=\"" GRAPH_FONT "\", fontsize=10, "
		     "margin=\"0.12,0.05\", width=2.6];\n"
		     "\tedge [color=\"#3b5b92\", arrowsize=0.6];\n");
	struct buf start = BUF_INIT;
	buf_addf(&start, L(lang, "%s 発生", "%s occurs"),
		 lang == LANG_EN && *ev->name_en ? ev->name_en : ev->name);
	buf_adds(&b, "\tstart [shape=ellipse, fillcolor=\"#fde8e8\", color=\"#aa3333\", label=");
	graph_dot_string(&b, start.data, GRAPH_CENTER);
	buf_adds(&b, "];\n");
	buf_release(&start);

	for (size_t k = 0; k < p->n_procedures; k++) {
		const struct procedure *pr = &p->procedures[k];
		if (strcmp(pr->event, ev->id) != 0)
			continue;
		size_t n;
		const struct procedure_step **steps = steps_of(p, pr->id, &n);
		if (n == 0) {
			free(steps);
			continue;
		}
		total += n;
		/* the column's heading; a cluster would draw a frame, but
		 * clusters leak memory in every layout in Graphviz 2.42 */
		buf_addf(&b, "\th%zu [fillcolor=\"#3b5b92\", fontcolor=white, style=filled, label=", k);
		char *head = graph_wrap(variant_label(pr, lang), STEP_COLS);
		graph_dot_string(&b, head, GRAPH_CENTER);
		free(head);
		buf_addf(&b, "];\n\tstart -> h%zu;\n\th%zu -> p%zu_0;\n", k, k, k);
		for (size_t i = 0; i < n; i++) {
			struct buf text = BUF_INIT;
			buf_addf(&text, "%lld. %s", (long long)steps[i]->no, steps[i]->title);
			char *w = graph_wrap(text.data, STEP_COLS);
			buf_reset(&text);
			buf_adds(&text, w);
			free(w);
			step_roles(&text, p, steps[i], lang);
			buf_addf(&b, "\tp%zu_%zu [label=", k, i);
			graph_dot_string(&b, text.data, GRAPH_CENTER);
			buf_adds(&b, "];\n");
			buf_release(&text);
			if (i > 0)
				buf_addf(&b, "\tp%zu_%zu -> p%zu_%zu;\n", k, i - 1, k, i);
		}
		/* chains from one node keep step i of every column on one
		 * level by themselves, with no rank constraints */
		free(steps);
	}
	/* security incidents: the CSIRT as a contact (§2.3.1) */
	if (strcmp(ev->kind, "security") == 0 && total > 0) {
		for (size_t d = 0; d < p->n_departments; d++) {
			if (strcmp(p->departments[d].kind, "csirt") != 0)
				continue;
			struct buf text = BUF_INIT;
			buf_addf(&text, L(lang, "連絡先: %s", "Contact: %s"), p->departments[d].name);
			buf_addf(&b, "\tc%zu [style=\"rounded,dashed\", color=\"#666666\", fillcolor=white, "
				     "label=", d);
			graph_dot_string(&b, text.data, GRAPH_CENTER);
			buf_adds(&b, "];\n");
			buf_release(&text);
			buf_addf(&b, "\tstart -> c%zu [style=dashed, dir=none, color=\"#666666\"];\n"
				     "\t{ rank=same; start; c%zu; }\n", d, d);
		}
	}
	buf_adds(&b, "}\n");
	if (total == 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

char *graph_flow_svg(const struct plan *p, const char *event_id, enum lang lang, struct err *e)
{
	char *dot = graph_flow_dot(p, event_id, lang);
	if (!dot) {
		if (!plan_event(p, event_id))
			err_set(e, L(lang, "事象「%s」はありません", "no event type '%s'"),
				event_id ? event_id : "");
		else
			err_set(e, "%s",
				L(lang, "この事象の対応手順（手順の項目）がありません",
				  "this event type has no procedure steps"));
		return NULL;
	}
	char *svg = graph_render_svg(dot, e);
	free(dot);
	return svg;
}

int graph_figure_buf(const struct plan *p, const char *which, const char *event_id,
		     enum lang lang, struct buf *out, struct err *e)
{
	char *svg = NULL;
	if (which && strcmp(which, "command") == 0) {
		svg = graph_command_svg(p, lang, e);
	} else if (which && strcmp(which, "flow") == 0) {
		for (size_t i = 0; !event_id && i < p->n_events; i++) {
			char *dot = graph_flow_dot(p, p->events[i].id, lang);
			if (dot)
				event_id = p->events[i].id;
			free(dot);
		}
		if (!event_id)
			return err_set(e, "%s", L(lang, "対応手順のある事象がありません",
						  "no event type has procedure steps"));
		svg = graph_flow_svg(p, event_id, lang, e);
	} else {
		return err_set(e, L(lang, "図は command か flow です: %s",
				    "the figures are command and flow: %s"),
			       which ? which : "");
	}
	if (!svg)
		return -1;
	buf_adds(out, svg);
	free(svg);
	return 0;
}
