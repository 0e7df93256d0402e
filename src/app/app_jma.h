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
 *  - a later or corrected report of an event that started an incident:
 *    recorded on that incident's timeline (joined);
 *  - VXSE51/VXSE53 meeting an automatic criterion of an event of the plan
 *    in one of its areas: starts that event's incident (started, or drill);
 *  - else, when an area is 震度５弱以上未入電 or has a class not
 *    understood: judgement (a person decides; nothing starts);
 *  - else none, with the criterion it did not meet.
 * Not yet (issue 14): tsunami criteria (VTSE41 is kept and shown, starts
 * nothing), the hold before the call-out, calling again on a stronger
 * aftershock, and sending anything.
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
