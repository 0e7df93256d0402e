/*
 * timeline_rows.h — the incident's record against the rows it records
 * (issue 15, item 12).  A hash chain proves that no entry was changed; it
 * cannot prove that none was taken off its end.  Every check-in, every
 * decision, note and request, and every tick taken in from the offline
 * pack is a row that names the timeline entry written with it (its seq),
 * in the same transaction: so a row without its entry, or an entry of
 * those kinds without its row, means the record lost (or gained) a part.
 * Private to src/store/.
 */
#ifndef ITBCP_STORE_TIMELINE_ROWS_H
#define ITBCP_STORE_TIMELINE_ROWS_H

#if !defined(ITBCP_IN_store) && !defined(ITBCP_IN_tests)
#error "store/timeline_rows.h belongs to src/store/"
#endif

#include <stdint.h>

#include "store/incident_store.h"
#include "store/store.h"
#include "util/err.h"

/* Compares the incident's rows with its timeline.  When they disagree,
 * out->bad_seq is the lowest seq concerned and out->reason says which row
 * or entry is missing; out is left alone when they agree (or when the
 * chain is broken already).  0, or -1 on a database error. */
int timeline_rows_check(struct store *st, int64_t incident, struct timeline_check *out,
			struct err *e);

#endif
