/*
 * pack_ticks.h — the ticks file of the offline crisis pack (issue 17,
 * item 4): what a phone exports after the responders ticked the pack's
 * checklist while the server was gone, and what `itbcp incident
 * import-ticks` (and the web's upload) read back.
 *
 *   {"format": "itbcp-ticks", "version": 1,
 *    "pack": "0123456789abcdef",             the pack's id (render/pack)
 *    "procedure": "proc-disaster-night",     the procedure ticked
 *    "ticks": [{"item": "dn-01",              a step of that procedure
 *               "at": "2026-01-12T00:41:07Z", when it was ticked
 *               "by": "佐藤"}]}               who typed their name ("" allowed)
 *
 * The pack's script (render/pack/pack.js) writes exactly this.  The
 * reader is strict, since the file comes from a phone, a mail or a USB
 * stick: bounded size and counts, no key it does not know, ids shaped as
 * the plan's, times ISO 8601 with an offset, names UTF-8 without control
 * characters.  It knows nothing of the incident: whether each step is
 * one of the incident's and whether the times are sane for it is the
 * import's check (app/app_incident_pack.c).
 */
#ifndef ITBCP_FORMAT_PACK_TICKS_H
#define ITBCP_FORMAT_PACK_TICKS_H

#include <stddef.h>
#include <stdint.h>

#include "model/schema.h"
#include "util/err.h"
#include "util/lang.h"

#define PACK_TICKS_FORMAT "itbcp-ticks"
#define PACK_TICKS_VERSION 1
#define PACK_TICKS_MAX_BYTES (256u * 1024) /* a larger file is refused */
#define PACK_TICKS_MAX 1000                /* ticks in one file */
#define PACK_TICK_BY_MAX 100               /* bytes of a name */
#define PACK_ID_LEN 16                     /* hex digits of a pack's id */

struct pack_tick {
	char item[SCHEMA_ID_MAX + 1]; /* a procedure step's id */
	int64_t at;                   /* UTC seconds */
	char *by;                     /* never NULL once read; "" when not typed */
};

struct pack_ticks {
	char pack[PACK_ID_LEN + 1];
	char procedure[SCHEMA_ID_MAX + 1];
	struct pack_tick *ticks;
	size_t n;
};

#define PACK_TICKS_INIT \
	{               \
		0       \
	}

/* Reads len bytes at data (name stands for the source in messages, e.g.
 * the file's path): 0 with *out filled (release it), or -1 with one
 * message "NAME: $.path: reason" in e and *out empty. */
int pack_ticks_parse(const char *data, size_t len, const char *name, enum lang lang,
		     struct pack_ticks *out, struct err *e);
void pack_ticks_release(struct pack_ticks *t);

#endif
