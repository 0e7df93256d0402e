/*
 * app_jma.c — see app_jma.h.  Reads and decides first, then acts (start
 * an incident, or a note on one), then keeps the report with what was
 * done.  The report is kept after the act, in its own transaction: a
 * crash between the two leaves an incident without its report row, and
 * the same file ingested again would start a second one — the outbox
 * (issue 14) closes that by queuing in the same transaction.
 */
#include "app/app_jma.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_incident.h"
#include "jma/jma_report.h"
#include "rules/crisis.h"
#include "util/buf.h"
#include "util/sha256.h"
#include "util/xalloc.h"

/* The report's maximum intensity as shown: "6-", 未入電, 不明, or "". */
static const char *intensity_shown(int v)
{
	if (v == JMA_INT_UNREPORTED)
		return "未入電";
	if (v == JMA_INT_UNKNOWN)
		return "不明";
	return crisis_intensity_name(v);
}

/* The earthquake areas with a numeric intensity, as the criteria see
 * them; *unclear is set when some area is 未入電 or not understood. */
static struct incident_area *areas_of(const struct jma_report *r, size_t *n, bool *unclear)
{
	struct incident_area *v = xcalloc(r->n_areas ? r->n_areas : 1, sizeof *v);
	*n = 0;
	*unclear = r->unreported;
	for (size_t i = 0; i < r->n_areas; i++) {
		const struct jma_area *a = &r->areas[i];
		if (a->kind == JMA_AREA_COAST)
			continue;
		if (a->intensity == JMA_INT_UNREPORTED || a->intensity == JMA_INT_UNKNOWN)
			*unclear = true;
		if (a->intensity < 0)
			continue;
		v[*n].name = a->name; /* borrowed from r */
		v[*n].intensity = a->intensity;
		(*n)++;
	}
	return v;
}

/* The first automatic criterion, of any event of the plan, that the
 * areas meet (rules/crisis.h decides per event), or NULL. */
static const struct assembly_criterion *criterion_met(const struct plan *p,
						      const struct incident_area *areas, size_t n)
{
	for (size_t i = 0; i < p->n_events; i++) {
		const struct assembly_criterion *m = crisis_assembly_match(p, p->events[i].id, areas, n);
		if (m)
			return m;
	}
	return NULL;
}

/* The automatic criteria in words, for a report that met none. */
static void criteria_words(const struct plan *p, struct buf *b, enum lang lang)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_assembly_criteria; i++) {
		const struct assembly_criterion *c = &p->assembly_criteria[i];
		if (!c->automatic || crisis_intensity_parse(c->min_intensity) < 0)
			continue;
		buf_addf(b, "%s%s %s%s", n++ ? L(lang, "、", ", ") : "",
			 c->area && *c->area ? c->area : L(lang, "全域", "anywhere"),
			 L(lang, "震度", "intensity "), crisis_intensity_label(crisis_intensity_parse(c->min_intensity)));
		buf_adds(b, L(lang, "以上", " or more"));
	}
	if (!n)
		buf_adds(b, L(lang, "計画に震度による自動参集の基準がありません",
			      "the plan has no automatic criterion by intensity"));
}

/* Adds note to incident id's timeline for its leads.  Returns the
 * decision (noted_decision, or "none" when the incident is closed) and
 * says which in why; *incident is set when noted. */
static const char *note_on(const char *db_path, int64_t id, const char *note, const char *author,
			   enum lang lang, const char *noted_decision, const char *noted,
			   const char *closed, struct buf *why, int64_t *incident)
{
	int64_t seq;
	struct err ne = ERR_INIT;
	bool ok = app_incident_record(db_path, id, "note", note, author, lang, &seq, &ne) == 0;
	buf_addf(why, "%s%s %lld%s", ok ? noted : closed, L(lang, "（インシデント", " (incident"),
		 (long long)id, L(lang, "）", ")"));
	if (!ok)
		return "none";
	*incident = id;
	return noted_decision;
}

/* Decides what r (bytes, from path) does and does it, with p the plan
 * and earlier the incident an earlier report of its event started (0:
 * none); fills row's decision, reason, incident. */
static int decide(const char *db_path, const char *path, const struct buf *bytes,
		  const struct jma_report *r, const struct plan *p, int64_t earlier,
		  const char *author, enum lang lang, struct jma_row *row, struct err *e)
{
	struct buf why = BUF_INIT;
	const char *decision = "none";
	int64_t incident = 0;
	int rc = 0;

	if (r->type == JMA_TYPE_OTHER) {
		buf_adds(&why, L(lang, "地震・津波の情報ではありません（扱うのは VXSE51・VXSE52・VXSE53・VTSE41）",
				 "not an earthquake or tsunami report (VXSE51, VXSE52, VXSE53, VTSE41 are read)"));
	} else if (r->info == JMA_INFO_CANCELLED && earlier) {
		struct buf note = BUF_INIT;
		buf_addf(&note, L(lang, "気象庁が「%s」（EventID %s）を取り消しました。参集を続けるか判断してください。出典：気象庁",
				  "JMA withdrew \"%s\" (EventID %s). Decide whether the response goes on. Source: JMA (出典：気象庁)"),
			 r->title, r->event_id);
		decision = note_on(db_path, earlier, note.data, author, lang, "flagged",
				   L(lang, "取消：統括者向けに記録しました", "withdrawal: noted for the leads"),
				   L(lang, "取消：インシデントは終了済みです", "withdrawal: the incident is closed"),
				   &why, &incident);
		buf_release(&note);
	} else if (r->info == JMA_INFO_CANCELLED) {
		buf_adds(&why, L(lang, "取消：この地震で始めた参集はありません",
				 "withdrawal: nothing was started for this event"));
	} else if (earlier) {
		struct buf note = BUF_INIT;
		buf_addf(&note, L(lang, "続報「%s」（%s、EventID %s、最大震度 %s）。出典：気象庁",
				  "Later report \"%s\" (%s, EventID %s, max intensity %s). Source: JMA (出典：気象庁)"),
			 r->title, jma_info_name(r->info), r->event_id, intensity_shown(r->max_intensity));
		decision = note_on(db_path, earlier, note.data, author, lang, "joined",
				   L(lang, "同じ地震の続報：記録に加えました",
				     "a later report of the same event: added to the record"),
				   L(lang, "同じ地震の続報ですが、インシデントは終了済みです",
				     "a later report of the same event, but the incident is closed"),
				   &why, &incident);
		buf_release(&note);
	} else if (r->type == JMA_VXSE52) {
		buf_adds(&why, L(lang, "震源の情報のみ（震度なし）：参考として記録",
				 "epicentre only (no intensities): kept for reference"));
	} else if (r->type == JMA_VTSE41) {
		buf_addf(&why, L(lang, "津波（最大 %s）：津波による参集基準はまだ扱えません。担当者が判断してください",
				 "tsunami (highest: %s): criteria by tsunami level are not read yet; a person decides"),
			 jma_tsunami_label(jma_report_max_tsunami(r), lang));
		decision = jma_report_max_tsunami(r) > JMA_TSUNAMI_FORECAST ? "judgement" : "none";
	} else {
		size_t n;
		bool unclear;
		struct incident_area *areas = areas_of(r, &n, &unclear);
		const struct assembly_criterion *c = criterion_met(p, areas, n);
		free(areas);
		if (c) {
			/* the bytes read once: what starts the incident is
			 * what is kept, even if the file changes meanwhile */
			struct incident_start_req q = { .event = c->event, .jma = path,
							.jma_data = bytes->data,
							.jma_len = bytes->len,
							.drill = r->status != JMA_STATUS_NORMAL };
			struct incident inc;
			if (app_incident_start(db_path, &q, author, lang, &inc, e)) {
				rc = -1;
			} else {
				incident = inc.id;
				decision = q.drill ? "drill" : "started";
				buf_addf(&why, L(lang, "参集基準「%s」を満たしました：インシデント %lld を開始（%s）",
						 "met the criterion \"%s\": incident %lld started (%s)"),
					 c->condition, (long long)inc.id,
					 q.drill ? L(lang, "訓練", "drill") : L(lang, "実際の対応", "real"));
				incident_release(&inc);
			}
		} else if (unclear) {
			decision = "judgement";
			buf_adds(&why, L(lang, "震度５弱以上未入電、または読めない震度があります：担当者が判断してください（自動では始めません）",
					 "an area is 震度５弱以上未入電 (no report) or has an intensity not understood: a person decides (nothing starts by itself)"));
		} else {
			buf_addf(&why, L(lang, "最大震度 %s：参集基準（", "max intensity %s: below the criteria ("),
				 intensity_shown(r->max_intensity));
			criteria_words(p, &why, lang);
			buf_adds(&why, L(lang, "）に達していません", ")"));
		}
	}
	row->decision = xstrdup(decision);
	row->reason = buf_detach(&why);
	row->incident = incident;
	return rc;
}

/* See app_jma.h. */
int app_jma_ingest_bytes(const char *db_path, const char *path, const char *data, size_t len,
			 const char *author, enum lang lang, struct app_jma_outcome *out,
			 struct err *e)
{
	memset(out, 0, sizeof *out);
	/* A read-only view of the caller's bytes, as decide() reads them;
	 * never grown nor released here. */
	const struct buf bytes = { .data = (char *)data, .len = len };
	struct jma_report r = JMA_REPORT_INIT;
	char label[300];
	snprintf(label, sizeof label, "%s", path);
	if (jma_report_parse(bytes.data, bytes.len, label, lang, &r, e))
		return -1;
	unsigned char d[SHA256_BYTES];
	sha256(d, bytes.data, bytes.len);
	char digest[JMA_DIGEST_HEX];
	sodium_bin2hex(digest, sizeof digest, d, sizeof d);

	/* What deciding needs, read on one connection, closed again before
	 * acting: starting an incident opens its own. */
	struct store st = STORE_INIT;
	struct plan p = PLAN_INIT;
	int64_t earlier = 0;
	int rc = -1;
	if (store_open(&st, db_path, 0, e))
		goto out;
	int64_t seen = jma_store_find_digest(&st, digest, e);
	if (seen < 0)
		goto out;
	if (seen > 0) {
		out->duplicate = true;
		rc = jma_store_get(&st, seen, &out->row, e);
		goto out;
	}
	if ((r.event_id[0] && (earlier = jma_store_event_incident(&st, r.event_id, e)) < 0) ||
	    store_load_plan(&st, &p, e))
		goto out;
	store_close(&st);

	struct jma_row *row = &out->row;
	row->source = xstrdup(path);
	row->digest = xstrdup(digest);
	row->type = xstrdup(jma_type_code(r.type));
	row->status = xstrdup(jma_status_name(r.status));
	row->info = xstrdup(jma_info_name(r.info));
	row->event_id = xstrdup(r.event_id);
	row->serial = r.serial;
	row->title = xstrdup(r.title);
	row->max_intensity = xstrdup(intensity_shown(r.max_intensity));
	if (decide(db_path, path, &bytes, &r, &p, earlier, author, lang, row, e))
		goto out;
	if (store_open(&st, db_path, 0, e) || jma_store_add(&st, row, bytes.data, bytes.len, e))
		goto out;
	rc = 0;
out:
	store_close(&st);
	plan_release(&p);
	if (rc)
		jma_row_release(&out->row);
	jma_report_release(&r);
	return rc;
}

/* See app_jma.h. */
int app_jma_ingest(const char *db_path, const char *path, const char *author, enum lang lang,
		   struct app_jma_outcome *out, struct err *e)
{
	struct buf bytes = BUF_INIT;
	memset(out, 0, sizeof *out);
	int rc = app_incident_jma_file(path, JMA_REPORT_MAX, &bytes, lang, e) ||
			 app_jma_ingest_bytes(db_path, path, bytes.data, bytes.len, author, lang, out, e)
		 ? -1
		 : 0;
	buf_release(&bytes);
	return rc;
}
