/*
 * checkin_row.h — one check-in report read from a row, the same way
 * wherever a query returns one (the board's load, the check-in page's
 * view).  Private to src/store/ (it takes a struct stmt), like db.h.
 */
#ifndef ITBCP_STORE_CHECKIN_ROW_H
#define ITBCP_STORE_CHECKIN_ROW_H

#if !defined(ITBCP_IN_store) && !defined(ITBCP_IN_tests)
#error "store/checkin_row.h belongs to src/store/"
#endif

#include <stdint.h>

#include "model/incident.h"
#include "store/db.h"

/* Reads columns col … col + 6 of s — incident_checkins' id, status,
 * assembly, eta, location, note, at, in that order — into c, for
 * incident.  A status or assembly the database should never hold reads
 * as the most careful one (cannot act, not assembling).  c's strings are
 * the caller's (checkin_release). */
void checkin_row_read(struct stmt *s, int col, int64_t incident, struct checkin *c);

#endif
