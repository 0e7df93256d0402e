/*
 * app_jma.h — a JMA report received (a file today; the feed watcher
 * next), kept and acted on as §2.1.3 says: at the plan's automatic
 * assembly criterion (e.g. 震度6弱以上 in 東京都) the incident starts by
 * itself — a drill for 訓練 and 試験 reports — and nobody has to decide.
 * Every report is kept once, with what it decided and why
 * (store/jma_store.h).  出典：気象庁.
 *
 * What it decides, in order:
 *  - a report already received (same bytes): nothing, it says which;
 *  - another kind of report (not VXSE51/52/53, VTSE41): none;
 *  - 取消: the incident its event started, if running, gets a note on
 *    its timeline for its leads (flagged); else none;
 *  - a later or corrected report of an event that started (or joined) an
 *    incident, or an aftershock: a report in a running automatic
 *    incident's areas (or meeting a criterion of its event) within the
 *    plan's aftershock window of its start: recorded on that incident's
 *    timeline (joined), and whoever the criteria it meets call and who
 *    was not yet called is called now;
 *  - VXSE51/VXSE53 meeting an automatic earthquake criterion, or VTSE41
 *    an automatic tsunami criterion, in one of its areas — or an
 *    earthquake meeting a criterion's intensity in a person's own areas:
 *    starts the incident (started, or drill) with the people the criteria
 *    met call in or ask if safe (rules/crisis.h, crisis_callout_compute);
 *  - else, when an area is 震度５弱以上未入電 or has a class not
 *    understood: judgement (a person decides; nothing starts); a tsunami
 *    warning when the plan has no tsunami criterion: judgement too;
 *  - else none, with the criteria it did not meet.
 *  - 取消 while that incident's call-out is still on hold
 *    (store/outbox_hold.h): the call-out is withdrawn and nothing is sent
 *    (flagged, with why and a note for the leads).
 */
#ifndef ITBCP_APP_APP_JMA_H
#define ITBCP_APP_APP_JMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/jma_store.h"
#include "util/err.h"
#include "util/lang.h"

struct app_jma_outcome {
	bool duplicate;        /* received before: row is that report */
	struct jma_row row;    /* as stored (release with jma_row_release) */
};

/* Ingests the JMA XML file at path (bounded, DOCTYPE refused): 0 with *out
 * filled, or -1 with e saying what is wrong with the file (then nothing
 * was stored or started).  author is who ran it, for the timeline. */
int app_jma_ingest(const char *db_path, const char *path, const char *author, enum lang lang,
		   struct app_jma_outcome *out, struct err *e);

/* The same for a report already in memory, data[0..len) (at most
 * JMA_REPORT_MAX bytes): source names where it came from (a file, or the
 * address the feed watcher fetched it from) in messages and in the kept
 * row.  app_jma_ingest reads its file and calls this. */
int app_jma_ingest_bytes(const char *db_path, const char *source, const char *data, size_t len,
			 const char *author, enum lang lang, struct app_jma_outcome *out,
			 struct err *e);

#endif
