/*
 * timeline_rows.c — rows and their timeline entries, each without the
 * other (timeline_rows.h).
 */
#include "store/timeline_rows.h"

#include <stdio.h>

#include "store/db.h"

/* Each part names what is missing and its seq; the first (lowest seq)
 * is reported.  (People called in during an incident, incident_callout.c,
 * are one "called" entry with a note row beside it, for the leads.)  The rows' seq columns and the timeline's primary key
 * (incident, seq) make each part an index lookup per row. */
static const char MISSING_SQL[] =
	"SELECT seq, what FROM ("
	" SELECT c.seq AS seq, 'a check-in row has no timeline entry' AS what"
	"  FROM incident_checkins c WHERE c.incident = ?1 AND NOT EXISTS"
	"  (SELECT 1 FROM incident_timeline t WHERE t.incident = ?1 AND t.seq = c.seq"
	"   AND t.kind = 'checkin')"
	" UNION ALL"
	" SELECT r.seq, 'a ' || r.kind || ' row has no timeline entry'"
	"  FROM incident_records r WHERE r.incident = ?1 AND NOT EXISTS"
	"  (SELECT 1 FROM incident_timeline t WHERE t.incident = ?1 AND t.seq = r.seq"
	"   AND (t.kind = r.kind OR (r.kind = 'note' AND t.kind = 'called')))"
	" UNION ALL"
	" SELECT p.seq, 'a tick taken in from the pack has no timeline entry'"
	"  FROM incident_pack_ticks p WHERE p.incident = ?1 AND NOT EXISTS"
	"  (SELECT 1 FROM incident_timeline t WHERE t.incident = ?1 AND t.seq = p.seq)"
	" UNION ALL"
	" SELECT t.seq, 'the check-in entry has no check-in row'"
	"  FROM incident_timeline t WHERE t.incident = ?1 AND t.kind = 'checkin' AND NOT EXISTS"
	"  (SELECT 1 FROM incident_checkins c WHERE c.incident = ?1 AND c.seq = t.seq)"
	" UNION ALL"
	" SELECT t.seq, 'the ' || t.kind || ' entry has no row'"
	"  FROM incident_timeline t WHERE t.incident = ?1"
	"  AND t.kind IN ('decision', 'note', 'request') AND NOT EXISTS"
	"  (SELECT 1 FROM incident_records r WHERE r.incident = ?1 AND r.seq = t.seq)"
	") AS missing ORDER BY seq LIMIT 1"; /* the alias: PostgreSQL wants one */

int timeline_rows_check(struct store *st, int64_t incident, struct timeline_check *out,
			struct err *e)
{
	if (out->bad_seq)
		return 0;
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s, MISSING_SQL, e))
		return -1;
	db_bind_int(&s, 1, incident);
	int r = db_step(&s, e);
	if (r == 1) {
		out->bad_seq = db_col_int(&s, 0);
		snprintf(out->reason, sizeof out->reason, "%s (seq %lld)", db_col_text(&s, 1),
			 (long long)out->bad_seq);
	}
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}
