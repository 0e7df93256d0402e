/*
 * pack.h — the offline crisis pack (オフライン対応パック, issue 17 item 4):
 * the plan as one self-contained HTML file for the responders' phones,
 * for when the server and the network are gone.
 *
 * It holds the procedure of every event type and time variant as a
 * checklist, the crisis roles with their holders and deputies, every
 * contact, the assembly criteria and locations, and the in-scope systems
 * in recovery order with RTO, tier, RLO and dependencies.  A small inline
 * script keeps each tick in the browser (localStorage) and exports the
 * ticks of a procedure as the file format/pack_ticks.h reads back into an
 * incident's record.  No external resource and no request of any kind: a
 * Content-Security-Policy meta allows only the page's own style and
 * script, by their SHA-256 (default-src 'none').
 *
 * With o->personal false (`itbcp pack --public`, a viewer's download)
 * the fields the schema marks personal (mobile, home phone, e-mail) are
 * left out, for wide distribution.  Text is escaped by construction, as
 * in render/html.c.
 */
#ifndef ITBCP_RENDER_PACK_PACK_H
#define ITBCP_RENDER_PACK_PACK_H

#include "model/plan.h"
#include "render/render.h"
#include "util/buf.h"

/* Length of a pack's id: the first 16 hex digits of the SHA-256 of its
 * content (the same plan, language and variant give the same id, on any
 * day), which keys the ticks in the browser and names the pack in them. */
#define RENDER_PACK_ID_LEN 16

/* Appends the pack of plan p to out, in o->lang, dated o->today. */
void render_pack(const struct plan *p, const struct render_opts *o, struct buf *out);

#endif
