/*
 * ics.h — the training plan of §4.1 as an iCalendar file (RFC 5545).
 *
 * One all-day VEVENT per training per month it is held in, in that
 * month's fiscal-year calendar year (April–December of FY, January–March
 * of FY+1), on the month's first working day; one per ▼ marker (plan
 * review, earthquake drill) likewise.  UIDs are derived from the plan's
 * ids (and the organisation's name), so importing a newer file updates
 * the events instead of adding copies.  Written with libical, which
 * escapes and folds the text.
 */
#ifndef ITBCP_RENDER_ICS_H
#define ITBCP_RENDER_ICS_H

#include <stdint.h>

#include "model/plan.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lang.h"

/* The calendar for fiscal year fy (NO_VALUE: every fiscal year in the
 * plan) as iCalendar text with CRLF line ends; free() it.  DTSTAMP is now,
 * or ITBCP_TODAY at 00:00 UTC when that is set (reproducible files).
 * NULL with e filled if libical fails. */
char *render_ics(const struct plan *p, int64_t fy, enum lang lang, struct err *e);

/* The same for the CLI: fy is NULL (every fiscal year) or the Gregorian
 * year of April in digits ("2026"); the text is appended to out.  -1 with
 * e filled for a bad fy or a libical failure. */
int render_ics_buf(const struct plan *p, const char *fy, enum lang lang, struct buf *out,
		   struct err *e);

/* The day an event of month m (1..12) of fiscal year fy is put on: the
 * first weekday of the month that is not a national holiday of the
 * month's first days (年末年始 1–3 Jan, 3–5 May, 3 Nov).  Writes the
 * calendar year and day. */
void ics_event_day(int fy, int m, int *year, int *day);

#endif
