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
#include "store/outbox_hold.h"
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

/* The report's areas as the criteria read them (rules/crisis.h), borrowed
 * from r: for an earthquake report the areas with an intensity, for a
 * tsunami report the coasts under an advisory or more.  *unclear is set
 * when some area is 未入電 or its class is not understood. */
static struct crisis_observed *observed_of(const struct jma_report *r, enum crisis_hazard *h,
					   size_t *n, bool *unclear)
{
	struct crisis_observed *v = xcalloc(r->n_areas + 1, sizeof *v);
	*n = 0;
	*h = r->type == JMA_VTSE41 ? HAZARD_TSUNAMI : HAZARD_EARTHQUAKE;
	*unclear = r->unreported;
	for (size_t i = 0; i < r->n_areas; i++) {
		const struct jma_area *a = &r->areas[i];
		int level;
		if (*h == HAZARD_TSUNAMI) {
			if (a->kind != JMA_AREA_COAST)
				continue;
			if (a->tsunami == JMA_TSUNAMI_UNKNOWN)
				*unclear = true;
			level = a->tsunami == JMA_TSUNAMI_ADVISORY ? CRISIS_TSUNAMI_ADVISORY
				: a->tsunami == JMA_TSUNAMI_WARNING ? CRISIS_TSUNAMI_WARNING
				: a->tsunami == JMA_TSUNAMI_MAJOR   ? CRISIS_TSUNAMI_MAJOR
								    : -1;
		} else {
			if (a->kind == JMA_AREA_COAST)
				continue;
			if (a->intensity == JMA_INT_UNREPORTED || a->intensity == JMA_INT_UNKNOWN)
				*unclear = true;
			level = a->intensity;
		}
		if (level < 0)
			continue;
		v[*n] = (struct crisis_observed){ a->name, a->code, a->pref, level };
		(*n)++;
	}
	return v;
}

/* The automatic criteria of hazard h in words, for a report that met
 * none; false when the plan has none of that hazard. */
static bool criteria_words(const struct plan *p, enum crisis_hazard h, struct buf *b,
			   enum lang lang)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_assembly_criteria; i++) {
		const struct assembly_criterion *c = &p->assembly_criteria[i];
		int min = crisis_criterion_threshold(c);
		if (!c->automatic || crisis_hazard_of(c) != h || min < 0)
			continue;
		buf_adds(b, n++ ? L(lang, "、", ", ") : "");
		size_t before = b->len;
		crisis_list_join(c->areas, L(lang, "・", "/"), b);
		if (b->len == before)
			buf_adds(b, L(lang, "全域", "anywhere"));
		if (h == HAZARD_TSUNAMI)
			buf_addf(b, " %s%s", crisis_tsunami_label(min, lang), L(lang, "以上", " or more"));
		else
			buf_addf(b, " %s%s%s", L(lang, "震度", "intensity "), crisis_intensity_label(min),
				 L(lang, "以上", " or more"));
	}
	if (!n)
		buf_adds(b, h == HAZARD_TSUNAMI ? L(lang, "計画に津波による自動参集の基準がありません",
						    "the plan has no automatic criterion by tsunami level")
						: L(lang, "計画に震度による自動参集の基準がありません",
						    "the plan has no automatic criterion by intensity"));
	return n > 0;
}

/* The report's strongest level in words: 震度6弱, 津波警報. */
static const char *level_words(enum crisis_hazard h, int level, enum lang lang)
{
	if (h == HAZARD_TSUNAMI)
		return level > 0 ? crisis_tsunami_label(level, lang) : L(lang, "津波予報以下", "forecast or less");
	return level >= 0 ? crisis_intensity_label(level) : "—";
}

/* The report's time: its origin, else when it was reported, else now. */
static int64_t report_time(const struct jma_report *r)
{
	return r->origin ? r->origin : r->reported ? r->reported : app_incident_now();
}

/* The open incident an aftershock joins: started automatically, a drill
 * exactly when the report is, within the plan's window before the report,
 * with an area of the report in its criterion's areas (or the report
 * meets a criterion of its event).  The newest such, 0 when none, -1 on
 * error. */
static int64_t aftershock_of(const char *db_path, const struct plan *p, const struct jma_report *r,
			     enum crisis_hazard h, const struct crisis_observed *obs, size_t n,
			     struct err *e)
{
	int64_t window = p->organisation.aftershock_window_hours;
	if (window == NO_VALUE || window < 0)
		window = 6;
	int64_t at = report_time(r);
	bool drill = r->status != JMA_STATUS_NORMAL;
	struct store st = STORE_INIT;
	struct incident *v = NULL;
	size_t nv = 0;
	int64_t found = 0;
	if (store_open(&st, db_path, 0, e) || store_incident_list(&st, &v, &nv, e)) {
		store_close(&st);
		return -1;
	}
	store_close(&st);
	for (size_t i = 0; i < nv && !found; i++) { /* newest first */
		const struct incident *inc = &v[i];
		if (inc->state != INCIDENT_OPEN || !inc->automatic || inc->drill != drill ||
		    at < inc->started_at || at - inc->started_at > window * 3600)
			continue;
		const struct assembly_criterion *c = NULL;
		for (size_t k = 0; k < p->n_assembly_criteria && !c; k++)
			if (strcmp(p->assembly_criteria[k].id, inc->criterion) == 0)
				c = &p->assembly_criteria[k];
		for (size_t k = 0; k < n && !found; k++)
			if (c && crisis_area_in(&obs[k], c->areas))
				found = inc->id;
		for (size_t k = 0; k < p->n_assembly_criteria && !found; k++)
			if (strcmp(p->assembly_criteria[k].event, inc->event) == 0 &&
			    crisis_criterion_met(&p->assembly_criteria[k], h, obs, n) >= 0)
				found = inc->id;
	}
	for (size_t i = 0; i < nv; i++)
		incident_release(&v[i]);
	free(v);
	return found;
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

/* A withdrawal (取消) of the report that started incident id while its
 * call-out is held: the call-out is withdrawn, nothing is sent, with a
 * note for the leads (store_hold_end).  1 withdrawn (why, *incident
 * filled), 0 not held (nothing done), -1 error. */
static int withdraw_hold(const char *db_path, int64_t id, const struct jma_report *r,
			 const char *author, enum lang lang, struct buf *why, int64_t *incident,
			 struct err *e)
{
	struct store st = STORE_INIT;
	struct buf note = BUF_INIT;
	size_t q;
	if (store_open(&st, db_path, 0, e))
		return -1;
	buf_addf(&note, L(lang, "気象庁が「%s」（EventID %s）を取り消したため、保留中だった安否確認の一斉送信を取り止めました。参集を続けるか判断してください。出典：気象庁",
			  "JMA withdrew \"%s\" (EventID %s): the call-out that was on hold is withdrawn, nothing was sent. Decide whether the response goes on. Source: JMA (出典：気象庁)"),
		 r->title, r->event_id);
	int rc = store_hold_end(&st, id, HOLD_WITHDRAWN, note.data, app_incident_now(), author, &q, e);
	buf_release(&note);
	store_close(&st);
	if (rc == 0) {
		buf_addf(why, L(lang, "取消：保留中の一斉送信を取り止めました（インシデント %lld）",
				"withdrawal: the call-out on hold was withdrawn (incident %lld)"),
			 (long long)id);
		*incident = id;
		return 1;
	}
	return rc < 0 ? -1 : 0;
}

/* A report that joins running incident id — a later report of the event
 * that started it, or an aftershock (by_window) — noted on its timeline
 * for its leads; whoever the criteria it meets call and who is not yet
 * called (or was only asked if safe and is now called in) is called now,
 * with the note, in one transaction (store_incident_add_people).  Fills
 * why, *incident and *decision. */
static int join(const char *db_path, const struct jma_report *r, const struct plan *p, int64_t id,
		bool by_window, enum crisis_hazard h, const struct crisis_observed *obs, size_t n,
		const char *author, enum lang lang, struct buf *why, int64_t *incident,
		const char **decision, struct err *e)
{
	struct store st = STORE_INIT;
	struct incident inc = INCIDENT_INIT;
	int rc = -1;
	if (store_open(&st, db_path, 0, e))
		return -1;
	int lr = store_incident_load(&st, id, &inc, e);
	if (lr != 0) {
		if (lr > 0)
			err_set(e, "incident %lld: no such incident", (long long)id);
		store_close(&st);
		return -1;
	}
	if (inc.state != INCIDENT_OPEN) {
		buf_addf(why, "%s%s %lld%s",
			 L(lang, "同じ地震の続報ですが、インシデントは終了済みです",
			   "a later report of the same event, but the incident is closed"),
			 L(lang, "（インシデント", " (incident"), (long long)id, L(lang, "）", ")"));
		store_close(&st);
		incident_release(&inc);
		return 0;
	}
	struct crisis_callout co;
	crisis_callout_compute(p, NULL, h, obs, n, &co);
	struct incident_person *add;
	struct incident_holder *hs;
	size_t na, nh;
	crisis_people_to_add(p, &inc, &co, &add, &na, &hs, &nh);
	size_t called = 0, asked = 0;
	for (size_t i = 0; i < na; i++)
		if (add[i].ask == ASK_SAFETY)
			asked++;
		else
			called++;

	struct buf note = BUF_INIT;
	if (by_window)
		buf_addf(&note, L(lang, "余震「%s」（EventID %s、最大 %s）：同じ地域で発生から%lld時間以内。",
				  "Aftershock \"%s\" (EventID %s, max %s): in the same area within %lld hours of the start. "),
			 r->title, r->event_id,
			 h == HAZARD_TSUNAMI ? jma_tsunami_label(jma_report_max_tsunami(r), lang)
			 : r->max_intensity >= 0
				 ? crisis_intensity_label(r->max_intensity)
				 : intensity_shown(r->max_intensity),
			 (long long)(p->organisation.aftershock_window_hours == NO_VALUE
					     ? 6 : p->organisation.aftershock_window_hours));
	else
		buf_addf(&note, L(lang, "続報「%s」（%s、EventID %s、最大震度 %s）。",
				  "Later report \"%s\" (%s, EventID %s, max intensity %s). "),
			 r->title, jma_info_name(r->info), r->event_id, intensity_shown(r->max_intensity));
	int first = crisis_intensity_parse(inc.intensity);
	if (h == HAZARD_EARTHQUAKE && co.level >= 0 && first >= 0 && co.level > first)
		buf_addf(&note, L(lang, "最初より強い揺れです（震度%s＞震度%s）。", "Stronger than the first (%s > %s). "),
			 crisis_intensity_label(co.level), crisis_intensity_label(first));
	if (na)
		buf_addf(&note, L(lang, "まだ呼んでいない人を呼び出しました：参集 %zu名、安否確認 %zu名。",
				  "Called those not yet called: %zu called in, %zu asked if safe. "),
			 called, asked);
	buf_adds(&note, L(lang, "出典：気象庁", "Source: JMA (出典：気象庁)"));

	int64_t seq;
	int64_t now = app_incident_now();
	if (na ? store_incident_add_people(&st, id, add, na, hs, nh, note.data, now, author, &seq, e)
	       : store_incident_record_add(&st, id, "note", note.data, now, author, &seq, e))
		goto out;
	*incident = id;
	*decision = "joined";
	if (by_window)
		buf_addf(why, L(lang, "余震：インシデント %lld に加えました", "aftershock: joined incident %lld"),
			 (long long)id);
	else
		buf_addf(why, L(lang, "同じ地震の続報：記録に加えました（インシデント %lld）",
				"a later report of the same event: added to the record (incident %lld)"),
			 (long long)id);
	if (na)
		buf_addf(why, L(lang, "。まだ呼んでいない %zu名を参集、%zu名に安否確認", "; called %zu more in, asked %zu more if safe"),
			 called, asked);
	rc = 0;
out:
	buf_release(&note);
	crisis_people_free(add, na, hs, nh);
	crisis_callout_release(&co);
	incident_release(&inc);
	store_close(&st);
	return rc;
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
	int64_t incident = 0, aftershock = 0;
	int rc = 0;
	enum crisis_hazard h;
	size_t n_obs;
	bool unclear;
	struct crisis_observed *obs = observed_of(r, &h, &n_obs, &unclear);

	if (r->type == JMA_TYPE_OTHER) {
		buf_adds(&why, L(lang, "地震・津波の情報ではありません（扱うのは VXSE51・VXSE52・VXSE53・VTSE41）",
				 "not an earthquake or tsunami report (VXSE51, VXSE52, VXSE53, VTSE41 are read)"));
	} else if (r->info == JMA_INFO_CANCELLED && earlier &&
		   (rc = withdraw_hold(db_path, earlier, r, author, lang, &why, &incident, e)) != 0) {
		decision = "flagged";
		rc = rc < 0 ? -1 : 0;
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
	} else if (earlier || (aftershock = aftershock_of(db_path, p, r, h, obs, n_obs, e)) > 0) {
		rc = join(db_path, r, p, earlier ? earlier : aftershock, !earlier, h, obs, n_obs,
			  author, lang, &why, &incident, &decision, e);
	} else if (aftershock < 0) {
		rc = -1;
	} else if (r->type == JMA_VXSE52) {
		buf_adds(&why, L(lang, "震源の情報のみ（震度なし）：参考として記録",
				 "epicentre only (no intensities): kept for reference"));
	} else {
		struct crisis_callout co;
		crisis_callout_compute(p, NULL, h, obs, n_obs, &co);
		const struct assembly_criterion *c = co.criterion;
		bool tsunami = h == HAZARD_TSUNAMI;
		if (c) {
			/* the bytes read once: what starts the incident is
			 * what is kept, even if the file changes meanwhile;
			 * a tsunami report gives its time and coasts instead */
			char at[40];
			crisis_time_iso(report_time(r), at, sizeof at);
			struct buf text = BUF_INIT, src = BUF_INIT;
			const char *top = "";
			for (size_t i = 0; tsunami && i < n_obs; i++) {
				buf_addf(&text, "%s%s %s", i ? "\n" : "", obs[i].name,
					 crisis_tsunami_label(obs[i].level, lang));
				if (obs[i].level == co.level && !*top)
					top = obs[i].name;
			}
			if (tsunami)
				buf_addf(&text, "\n%s", L(lang, "出典：気象庁", "Source: JMA (出典：気象庁)"));
			buf_addf(&src, "jma:%s", r->title);
			struct incident_start_req q = { .event = co.event,
							.jma = tsunami ? NULL : path,
							.jma_data = tsunami ? NULL : bytes->data,
							.jma_len = tsunami ? 0 : bytes->len,
							.at = tsunami ? at : NULL,
							.area = tsunami ? top : NULL,
							.text = tsunami ? text.data : NULL,
							.source = tsunami ? src.data : NULL,
							.obs = obs, .n_obs = n_obs, .hazard = h,
							.drill = r->status != JMA_STATUS_NORMAL };
			struct incident inc;
			if (app_incident_start(db_path, &q, author, lang, &inc, e)) {
				rc = -1;
			} else {
				incident = inc.id;
				decision = q.drill ? "drill" : "started";
				size_t called = 0, asked = 0;
				for (size_t i = 0; i < inc.n_people; i++)
					if (inc.people[i].ask == ASK_SAFETY)
						asked++;
					else
						called++;
				if (co.office)
					buf_addf(&why, L(lang, "参集基準「%s」を満たしました（%s）：インシデント %lld を開始（%s）。参集 %zu名、安否確認 %zu名",
							 "met the criterion \"%s\" (%s): incident %lld started (%s); %zu called in, %zu asked if safe"),
						 c->condition, level_words(h, co.level, lang), (long long)inc.id,
						 q.drill ? L(lang, "訓練", "drill") : L(lang, "実際の対応", "real"),
						 called, asked);
				else
					buf_addf(&why, L(lang, "職員の居住地等で震度%s：インシデント %lld を開始（%s）。安否確認 %zu名（参集基準「%s」の地域は基準未満）",
							 "intensity %s where staff live or work: incident %lld started (%s); %zu asked if safe (the criterion \"%s\" is not met in its own areas)"),
						 level_words(h, co.level, lang), (long long)inc.id,
						 q.drill ? L(lang, "訓練", "drill") : L(lang, "実際の対応", "real"),
						 asked, c->condition);
				incident_release(&inc);
			}
			buf_release(&text);
			buf_release(&src);
		} else if (unclear) {
			decision = "judgement";
			buf_adds(&why, tsunami ? L(lang, "読めない津波の区分があります：担当者が判断してください（自動では始めません）",
						   "a tsunami category is not understood: a person decides (nothing starts by itself)")
					       : L(lang, "震度５弱以上未入電、または読めない震度があります：担当者が判断してください（自動では始めません）",
						   "an area is 震度５弱以上未入電 (no report) or has an intensity not understood: a person decides (nothing starts by itself)"));
		} else if (tsunami) {
			int top = jma_report_max_tsunami(r);
			buf_addf(&why, L(lang, "津波（最大 %s）：参集基準（", "tsunami (highest: %s): below the criteria ("),
				 jma_tsunami_label(top, lang));
			bool any = criteria_words(p, h, &why, lang);
			buf_adds(&why, L(lang, "）に達していません", ")"));
			/* without any tsunami criterion a warning is still for a person */
			if (!any && top >= JMA_TSUNAMI_WARNING)
				decision = "judgement";
		} else {
			buf_addf(&why, L(lang, "最大震度 %s：参集基準（", "max intensity %s: below the criteria ("),
				 intensity_shown(r->max_intensity));
			criteria_words(p, h, &why, lang);
			buf_adds(&why, L(lang, "）に達していません", ")"));
		}
		crisis_callout_release(&co);
	}
	free(obs);
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
