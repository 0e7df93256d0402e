/*
 * plan_json.h — the plan interchange format ("itbcp-plan", version 1).
 *
 * The whole plan as one JSON document; doc/plan-format.md describes it.
 * Export is deterministic (fields in schema order, elements in plan
 * order), so export → import → export gives identical bytes.  Import
 * validates everything before anything is used: on any error the plan
 * given is left empty (as PLAN_INIT) and every problem (up to a limit) is
 * reported as "NAME: $.json.path: reason", one per line.  The plan passed
 * in must be empty (PLAN_INIT, or released).
 */
#ifndef ITBCP_FORMAT_PLAN_JSON_H
#define ITBCP_FORMAT_PLAN_JSON_H

#include <stddef.h>

#include "model/plan.h"
#include "util/buf.h"
#include "util/lang.h"

#define PLAN_JSON_FORMAT "itbcp-plan"
#define PLAN_JSON_VERSION 1
#define PLAN_JSON_MAX_BYTES (64u << 20) /* a larger file is refused */
#define PLAN_JSON_MAX_ERRORS 50

/* Reads and validates the file at path (name used in messages).  0 with
 * *out filled, or -1 with messages appended to errors and *out empty. */
int plan_json_read_file(const char *path, struct plan *out, struct buf *errors, enum lang lang);
/* The same for text in memory; name stands for the source in messages. */
int plan_json_read(const char *text, size_t len, const char *name, struct plan *out,
		   struct buf *errors, enum lang lang);

/* The plan as the interchange document, ending in a newline; free() it. */
char *plan_json_write(const struct plan *p);

#endif
