/*
 * graph.h — the appendix's figures drawn from the plan with Graphviz.
 *
 * 図2.2-1 (the command structure of the crisis roles) and 図2.3-1 (the
 * overall flow of one event type's response procedures) are written as
 * DOT text from the plan, laid out by Graphviz's library in-process (no
 * `dot` command is run) and returned as SVG.  Every piece of plan text
 * goes into the DOT text through graph_dot_string() and nowhere else;
 * Graphviz escapes it again for SVG.  Labels name a CJK font
 * (GRAPH_FONT) so that Japanese is measured and drawn correctly.
 *
 * Graphviz keeps global state and is not thread-safe: every call here
 * takes one process-wide lock, and the Graphviz context is created once
 * and kept for the life of the process.
 */
#ifndef ITBCP_RENDER_GRAPH_GRAPH_H
#define ITBCP_RENDER_GRAPH_GRAPH_H

#include <stddef.h>

#include "model/plan.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lang.h"

#define GRAPH_FONT "Noto Sans CJK JP"

/* How the lines of a label are justified. */
enum graph_just { GRAPH_CENTER, GRAPH_LEFT };

/* Appends s to b as a DOT double-quoted string, quotes included — the one
 * way plan text enters DOT: '"' and '\\' are escaped, '\n' becomes a
 * centred or left-justified line break, other control characters become
 * spaces.  (Labels are plain strings on purpose: HTML-like and record
 * labels leak memory in every layout in Graphviz 2.42.) */
void graph_dot_string(struct buf *b, const char *s, enum graph_just just);

/* s with line breaks ('\n') added so no line is wider than cols display
 * columns (a kanji counts two), breaking Latin text at spaces and never
 * starting a line with closing punctuation.  Existing '\n' are kept.
 * free() the result. */
char *graph_wrap(const char *s, size_t cols);

/* Lays DOT text out with the "dot" engine and renders it as SVG: the
 * text from "<svg" to the end (no XML declaration, DOCTYPE or comments
 * before it), NUL-terminated; free() it.  NULL with e filled on error. */
char *graph_render_svg(const char *dot, struct err *e);

/* 図2.2-1: the roles of structure "crisis" with their holders, reports_to
 * as command lines, related departments, contractors and CSIRT beside the
 * roles that deal with them.  The DOT text (free()), never NULL. */
char *graph_command_dot(const struct plan *p, enum lang lang);
/* The same as SVG (free()); NULL with e filled when the plan has no crisis
 * roles or Graphviz fails, e's message saying so in lang. */
char *graph_command_svg(const struct plan *p, enum lang lang, struct err *e);

/* 図2.3-1: the overall flow of event event_id (an event type's id): one
 * column per procedure of that event (time variants side by side), its
 * steps as numbered boxes in order with their responsible roles; for a
 * security event, the CSIRT as a contact.  DOT text (free()), or NULL
 * when the event does not exist or has no procedure steps. */
char *graph_flow_dot(const struct plan *p, const char *event_id, enum lang lang);
/* The same as SVG (free()); NULL with e filled as above. */
char *graph_flow_svg(const struct plan *p, const char *event_id, enum lang lang, struct err *e);

/* `render figure WHICH`: WHICH "command" (図2.2-1) or "flow" (図2.3-1 of
 * event_id; NULL: the first event type that has procedure steps) as SVG
 * appended to out.  -1 with e filled (in lang) otherwise. */
int graph_figure_buf(const struct plan *p, const char *which, const char *event_id,
		     enum lang lang, struct buf *out, struct err *e);

/* A role's name shortened for small labels: ja strips the appendix's long
 * prefixes (情報システムの運用を継続する…, …作業を実施する), en uses
 * name_en.  Writes into out (size n). */
void graph_role_short(const struct role *r, enum lang lang, char *out, size_t n);

#endif
