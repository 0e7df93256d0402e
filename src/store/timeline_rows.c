/*
 * timeline_rows.c — rows and their timeline entries, each without the
 * other (timeline_rows.h).
 */
#include "store/timeline_rows.h"

#include <stdio.h>

#include "store/db.h"

/* Each part names what is missing and its seq; the first (lowest seq)
 * is reported.  (People called in during an incident, incident_callout.c,
 * are one "called" entry with a note row beside it, for the leads.)
 * Records, pack ticks and their entries are few, and each is an index
 * lookup per row (the timeline's and incident_records' primary keys,
 * (incident, seq)).  Check-in rows and their entries are the whole record
 * (143,000 after a long burst) and incident_checkins has no index on seq
 * (a second index would cost every check-in of a burst): as NOT EXISTS per
 * row, SQLite scanned every check-in row of the incident for each check-in
 * entry, and PostgreSQL, before its statistics had seen a burst, joined
 * the two in nested loops — quadratic, 77 s of CPU for 40,000 check-ins,
 * hours for 143,000.  As EXCEPT, each engine sorts or hashes each side
 * once, whatever its statistics say (seq is NOT NULL, and only the least
 * seq matters, so EXCEPT's dropping of duplicates changes nothing). */
static const char MISSING_SQL[] =
	"SELECT seq, what FROM ("
	" SELECT seq, 'a check-in row has no timeline entry' AS what FROM"
	"  (SELECT c.seq AS seq FROM incident_checkins c WHERE c.incident = ?1"
	"   EXCEPT SELECT t.seq FROM incident_timeline t WHERE t.incident = ?1"
	"   AND t.kind = 'checkin') AS rows_alone"
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
	" SELECT seq, 'the check-in entry has no check-in row' FROM"
	"  (SELECT t.seq AS seq FROM incident_timeline t WHERE t.incident = ?1"
	"   AND t.kind = 'checkin'"
	"   EXCEPT SELECT c.seq FROM incident_checkins c WHERE c.incident = ?1) AS entries_alone"
	" UNION ALL"
	" SELECT t.seq, 'the ' || t.kind || ' entry has no row'"
	"  FROM incident_timeline t WHERE t.incident = ?1"
	"  AND t.kind IN ('decision', 'note', 'request') AND NOT EXISTS"
	"  (SELECT 1 FROM incident_records r WHERE r.incident = ?1 AND r.seq = t.seq)"
	") AS missing ORDER BY seq LIMIT 1"; /* the aliases: PostgreSQL wants them */

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
