/*
 * pack_internal.h — what the files of the offline pack share: the one
 * writer, escaped by construction, and the sections (pack_sections.c).
 *
 * Markup enters the output only through PW_RAW (string literals alone:
 * the macro pastes "" around its argument) and PW_F, whose format must be
 * a literal too and whose every %s is HTML-escaped; pw_lines escapes text
 * with its line breaks as <br>, pw_tel writes a tel: link from the digits
 * of a number alone.
 */
#ifndef ITBCP_RENDER_PACK_PACK_INTERNAL_H
#define ITBCP_RENDER_PACK_PACK_INTERNAL_H

#include <stdbool.h>

#include "model/plan.h"
#include "render/render.h"
#include "util/buf.h"
#include "util/lang.h"

struct pw {
	struct buf *out;
	enum lang lang;
	bool personal; /* the full pack: personal fields shown */
};

void pw_raw(struct pw *w, const char *lit);
#define PW_RAW(w, lit) pw_raw((w), "" lit "")
/* printf with %s escaped; %d %u %lld %zu as numbers, %% (nothing else). */
void pw_f(struct pw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define PW_F(w, fmt, ...) pw_f((w), "" fmt "", __VA_ARGS__)
/* s escaped, '\n' as <br>. */
void pw_lines(struct pw *w, const char *s);
/* label and a tel: link to number (nothing when number is empty). */
void pw_tel(struct pw *w, const char *label, const char *number);
/* Whether the pack shows field name of a person (not personal, or the
 * full pack). */
bool pw_shows(const struct pw *w, const char *field);

/* The sections, in the order of the page (pack_sections.c). */
void pack_procedures(struct pw *w, const struct plan *p);
void pack_roles(struct pw *w, const struct plan *p);
void pack_contacts(struct pw *w, const struct plan *p);
void pack_assembly(struct pw *w, const struct plan *p);
void pack_systems(struct pw *w, const struct plan *p);

#endif
