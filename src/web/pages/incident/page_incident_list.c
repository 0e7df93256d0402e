/*
 * page_incident_list.c — the incidents (危機対応) and starting one
 * (§2.1.3 発動, issue 5 item 1).
 *
 *   GET  /incidents   open incidents, the start form (responders), closed ones
 *   POST /incidents   start: event type, event time, parameters, drill flag
 *
 * Starting goes through app_incident_start, which validates, takes the
 * snapshot of the plan (systems, the procedure for the time variant of the
 * event's time, the people called in under the assembly criteria) and
 * commits it with the first timeline entry; the browser is then sent to
 * the new incident's board, which says who was called and shows the
 * checklist.  The event's time defaults to now in Asia/Tokyo: in a crisis
 * the person entering it may correct it to when the quake struck (R7: the
 * clock starts then).  Earthquake parameters (intensity, area) and the
 * system hit by a cyber incident are grouped with a legend saying when
 * they apply, so the form needs no script to hide what does not apply.
 *
 *   POST /incidents/jma   (multipart/form-data) a JMA earthquake report
 *
 * fills that form from a 気象庁防災情報XML report (VXSE51 震度速報,
 * VXSE53 震源・震度に関する情報) read by app_incident_jma_parse: the quake's
 * time, the highest intensity and the area where it was observed, the
 * drill box when the report is a training one, and the areas with their
 * intensities in the description.  Nothing is started: the person checks
 * the form, chooses the event type and presses 発動.  Uploads are capped
 * at JMA_UPLOAD_MAX (413 beside the field; the server's body limit gives
 * 413 before that), and a file that is not a JMA earthquake report is
 * answered 422 with the reason beside the field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_incident.h"
#include "store/incident_store.h"
#include "store/store.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/pages/incident/page_incident.h"
#include "web/core/web.h"
#include "web/pages/views/page_views.h"

/* The largest JMA report taken from a browser (a VXSE53 with every
 * observation station is about 100 KB). */
#define JMA_UPLOAD_MAX 1000000
/* Areas listed in the description filled from a report. */
#define JMA_AREAS_LISTED 30

/* What the start form holds: the defaults, or what was posted. */
struct start_form {
	const char *event, *at, *intensity, *area, *system, *text;
	const char *observed; /* every area of an uploaded JMA report, "NAME=INT;…" */
	bool drill;
	struct page_incident_form_error err;
	const char *jma_err;  /* beside the upload field, or NULL */
	const char *jma_read; /* the notice after a report filled the form, or NULL */
};

/* One table of incidents. */
static void incident_table(struct req *r, struct incident *v, size_t n, bool open, int64_t now)
{
	page_incident_table_open(r, NULL, open ? L(r->lang, "対応中のインシデント（新しい順）", "Open incidents (newest first)")
					  : L(r->lang, "終了したインシデント（新しい順）", "Closed incidents (newest first)"));
	html(r, "<thead><tr>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	     L(r->lang, "インシデント", "Incident"), L(r->lang, "発生", "Event at"),
	     open ? L(r->lang, "経過", "Elapsed") : L(r->lang, "終了", "Closed"),
	     L(r->lang, "開始した人", "Started by"));
	for (size_t i = 0; i < n; i++) {
		const struct incident *x = &v[i];
		if ((x->state == INCIDENT_OPEN) != open)
			continue;
		html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td class=\"time\">%s</td>"
			"<td class=\"time\">%s</td><td>%s</td></tr>\n",
		     open ? page_incident_url(r, x, "") : page_incident_url(r, x, "/review"), page_incident_title(r, x),
		     page_incident_time(r, x->started_at),
		     open ? page_incident_duration(r, now - x->started_at) : page_incident_time(r, x->closed_at),
		     x->author);
	}
	html(r, "</tbody></table></div>\n");
}

/* The intensities a person can choose ("" = not an earthquake). */
static const char *const intensity_values[] = { "", "1", "2", "3", "4", "5-", "5+", "6-", "6+", "7" };
#define N_INTENSITIES (sizeof intensity_values / sizeof intensity_values[0])

/* The upload that fills the start form from a JMA report. */
static void jma_form(struct req *r, const struct start_form *f)
{
	enum lang lang = r->lang;
	html(r, "<form method=\"post\" action=\"/incidents/jma\" enctype=\"multipart/form-data\" "
		"class=\"card wide jma\">\n");
	auth_csrf_field(r);
	html(r, "<div class=\"field%s\"><label for=\"f-jma\">%s</label><p class=\"hint\" id=\"f-jma-hint\">%s</p>",
	     f->jma_err ? " bad" : "",
	     L(lang, "気象庁の地震情報（XML）から入力する（任意）", "Fill in from a JMA earthquake report (XML, optional)"),
	     L(lang, "気象庁防災情報XMLの震度速報（VXSE51）または震源・震度に関する情報（VXSE53）、1MBまで。"
		     "発生時刻・最大震度・地域を下の欄に入れます（まだ発動はしません）。",
	       "A 震度速報 (VXSE51) or 震源・震度に関する情報 (VXSE53) report, up to 1 MB. It fills in the time, "
	       "the highest intensity and the area below (nothing is started yet)."));
	if (f->jma_err)
		html(r, "<p class=\"err\" id=\"f-jma-err\">%s</p>", f->jma_err);
	html(r, "<input type=\"file\" id=\"f-jma\" name=\"jma\" accept=\".xml,application/xml,text/xml\" required");
	if (f->jma_err)
		html(r, " aria-describedby=\"f-jma-hint f-jma-err\" aria-invalid=\"true\"></div>\n");
	else
		html(r, " aria-describedby=\"f-jma-hint\"></div>\n");
	html(r, "<button type=\"submit\" class=\"minor\">%s</button>\n</form>\n",
	     L(lang, "読み込んで入力欄を埋める", "Read it and fill in the form"));
}

/* The start form. */
static void start_section(struct req *r, const struct plan *p, const struct start_form *f)
{
	enum lang lang = r->lang;
	static const char *const fields[] = { "event", "at", "intensity", "area", "system", "text", NULL };
	html(r, "<section aria-labelledby=\"h-start\">\n<h2 id=\"h-start\">%s</h2>\n<p>%s</p>\n",
	     L(lang, "計画を発動する（インシデントの開始）", "Start an incident (invoke the plan)"),
	     L(lang, "発生した危機的事象と発生日時を入力します。参集基準（§2.1.3）に当てはまれば要員は自動参集、"
		     "そうでなければ最高責任者の判断による参集として記録され、時間帯に合った対応手順が割り当てられます。",
	       "Enter the event and when it happened. If an assembly criterion (§2.1.3) is met, staff "
	       "assemble automatically; otherwise assembly is on the chief's decision. The procedure for "
	       "that time of day becomes the checklist."));
	if (p->n_events == 0) {
		html(r, "<p>%s</p>\n</section>\n", L(lang, "計画に危機的事象（§2.1.1）がありません。先に計画に追加してください。",
						    "The plan has no crisis event types (§2.1.1); add them to the plan first."));
		return;
	}
	jma_form(r, f);
	if (f->jma_read)
		page_notice(r, "ok", f->jma_read);
	page_incident_error_box(r, &f->err, fields);
	html(r, "<form method=\"post\" action=\"/incidents\" class=\"card wide\">\n");
	auth_csrf_field(r);
	const char **ev = arena_alloc(&r->arena, p->n_events * sizeof *ev);
	const char **evl = arena_alloc(&r->arena, p->n_events * sizeof *evl);
	for (size_t i = 0; i < p->n_events; i++) {
		ev[i] = p->events[i].id;
		evl[i] = lang == LANG_EN && p->events[i].name_en[0] ? p->events[i].name_en
								   : p->events[i].name;
	}
	page_incident_select(r, "f-event", "event", L(lang, "危機的事象", "Event type"), ev, evl,
			     p->n_events, f->event, page_incident_error_for(&f->err, "event"));
	const char *at_err = page_incident_error_for(&f->err, "at");
	html(r, "<div class=\"field%s\"><label for=\"f-at\">%s</label><p class=\"hint\" id=\"f-at-hint\">%s</p>",
	     at_err ? " bad" : "", L(lang, "発生日時（日本時間）", "When it happened (Japan time)"),
	     L(lang, "入力した時刻ではなく事象の発生時刻から目標復旧時間を数えます。",
	       "Recovery deadlines count from the event's time, not from when it is entered."));
	if (at_err)
		html(r, "<p class=\"err\" id=\"f-at-err\">%s</p>", at_err);
	html(r, "<input type=\"datetime-local\" id=\"f-at\" name=\"at\" value=\"%s\" required", f->at);
	if (at_err)
		html(r, " aria-describedby=\"f-at-hint f-at-err\" aria-invalid=\"true\"></div>\n");
	else
		html(r, " aria-describedby=\"f-at-hint\"></div>\n");

	html(r, "<fieldset><legend>%s</legend>\n", L(lang, "地震の場合", "For an earthquake"));
	const char **il = arena_alloc(&r->arena, N_INTENSITIES * sizeof *il);
	static const char *const en_int[] = { "", "1", "2", "3", "4", "5 lower", "5 upper",
					      "6 lower", "6 upper", "7" };
	il[0] = L(lang, "—（地震ではない）", "— (not an earthquake)");
	for (size_t i = 1; i < N_INTENSITIES; i++)
		il[i] = lang == LANG_EN ? en_int[i]
					: arena_printf(&r->arena, "震度%s",
						       crisis_intensity_label(crisis_intensity_parse(intensity_values[i])));
	page_incident_select(r, "f-intensity", "intensity", L(lang, "最大震度", "Highest seismic intensity"),
			     intensity_values, il, N_INTENSITIES, f->intensity,
			     page_incident_error_for(&f->err, "intensity"));
	page_input(r, "text", "area", L(lang, "その震度を観測した地域（例 東京都）", "Where it was observed (e.g. 東京都)"),
		   f->area, page_incident_error_for(&f->err, "area"), "off");
	if (f->observed && *f->observed) /* the uploaded report's areas, for the criteria */
		html(r, "<input type=\"hidden\" name=\"observed\" value=\"%s\">\n", f->observed);
	html(r, "</fieldset>\n<fieldset><legend>%s</legend>\n",
	     L(lang, "情報セキュリティインシデントの場合", "For an information security incident"));
	size_t ns = 1;
	const char **sv = arena_alloc(&r->arena, (p->n_systems + 1) * sizeof *sv);
	const char **sl = arena_alloc(&r->arena, (p->n_systems + 1) * sizeof *sl);
	sv[0] = "";
	sl[0] = L(lang, "—（特定のシステムではない）", "— (no one system)");
	for (size_t i = 0; i < p->n_systems; i++)
		if (p->systems[i].in_scope) {
			sv[ns] = p->systems[i].id;
			sl[ns++] = p->systems[i].name;
		}
	page_incident_select(r, "f-system", "system", L(lang, "被害を受けた情報システム", "The system hit"), sv, sl,
			     ns, f->system, page_incident_error_for(&f->err, "system"));
	html(r, "</fieldset>\n");
	page_incident_textarea(r, "f-text", "text", L(lang, "状況の説明（任意）", "What happened (optional)"),
			       f->text, page_incident_error_for(&f->err, "text"), 3);
	html(r, "<div class=\"field check\"><input type=\"checkbox\" id=\"f-drill\" name=\"drill\" value=\"1\"%s>"
		"<label for=\"f-drill\">%s</label></div>\n",
	     f->drill ? " checked" : "",
	     L(lang, "訓練として実施する（§4.1 の教育訓練の実施記録に残ります）",
	       "This is a drill (recorded as training, §4.1)"));
	html(r, "<button type=\"submit\">%s</button>\n</form>\n",
	     L(lang, "発動する", "Start the incident"));

	/* the criteria that decide automatic assembly, for the person deciding */
	html(r, "<details><summary>%s</summary>\n<ul class=\"criteria\">",
	     L(lang, "参集基準（§2.1.3）", "Assembly criteria (§2.1.3)"));
	for (size_t i = 0; i < p->n_assembly_criteria; i++) {
		const struct assembly_criterion *c = &p->assembly_criteria[i];
		const struct event_type *e = plan_event(p, c->event);
		html(r, "<li><strong>%s</strong>（%s）%s</li>", e ? e->name : c->event,
		     c->automatic ? L(lang, "自動参集", "automatic") : L(lang, "判断による", "on decision"),
		     c->condition);
	}
	html(r, "</ul></details>\n</section>\n");
}

/* The whole page; f is the start form's state. */
static int incidents_page(struct req *r, const struct start_form *f)
{
	struct incident *v = NULL;
	size_t n = 0, open = 0;
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p || store_incident_list(r->store, &v, &n, &r->err))
		return -1;
	int64_t now = app_incident_now();
	for (size_t i = 0; i < n; i++)
		open += v[i].state == INCIDENT_OPEN;
	const char *title = L(r->lang, "危機対応（インシデント）", "Incidents");
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", title,
	     L(r->lang, "危機的事象の発生時に計画を発動し、安否・参集、手順、被害と復旧、報告、振り返りを記録します。",
	       "Invoke the plan when a crisis strikes, and record safety and assembly, the checklist, "
	       "damage and recovery, reports and the review."));
	if (open)
		incident_table(r, v, n, true, now);
	else
		html(r, "<p>%s</p>\n", L(r->lang, "対応中のインシデントはありません。", "No incident is open."));
	if (page_incident_may_act(r))
		start_section(r, p, f);
	if (n > open) {
		html(r, "<section aria-labelledby=\"h-closed\">\n<h2 id=\"h-closed\">%s</h2>\n",
		     L(r->lang, "終了したインシデントと訓練", "Closed incidents and drills"));
		incident_table(r, v, n, false, now);
		html(r, "</section>\n");
	}
	page_end(r);
	for (size_t i = 0; i < n; i++)
		incident_release(&v[i]);
	free(v);
	return 0;
}

/* GET /incidents */
int page_incidents(struct req *r)
{
	struct start_form f = { .at = page_incident_time_input(r, app_incident_now()) };
	return incidents_page(r, &f);
}

/* The form filled from report q: its time, the highest intensity and the
 * first area where it was observed, drill when it is a training report,
 * and the areas with their intensities (strongest first) in the text. */
static void jma_fill(struct req *r, const struct plan *p, const struct app_incident_quake *q, struct start_form *f)
{
	enum lang lang = r->lang;
	f->event = page_views_default_event(p);
	f->at = page_incident_time_input(r, q->time);
	f->intensity = crisis_intensity_name(q->max_intensity);
	f->area = "";
	for (size_t i = 0; i < q->n_areas && !*f->area; i++)
		if (q->areas[i].intensity == q->max_intensity)
			f->area = arena_strdup(&r->arena, q->areas[i].name);
	f->drill = q->training;
	struct buf t = BUF_INIT;
	buf_addf(&t, L(lang, "気象庁「%s」より。", "From JMA's “%s”."), q->title);
	size_t listed = 0, left = 0;
	for (int rank = 9; rank >= 0; rank--)
		for (size_t i = 0; i < q->n_areas; i++) {
			if (q->areas[i].intensity != rank)
				continue;
			if (listed == JMA_AREAS_LISTED) {
				left++;
				continue;
			}
			buf_addf(&t, "%s%s %s%s", listed ? L(lang, "、", ", ") : "\n", q->areas[i].name,
				 L(lang, "震度", ""),
				 lang == LANG_EN ? crisis_intensity_name(rank) : crisis_intensity_label(rank));
			listed++;
		}
	if (left)
		buf_addf(&t, L(lang, " ほか%zu地域", " and %zu more areas"), left);
	f->text = arena_strdup(&r->arena, t.data);
	/* Every area goes with the form (hidden), so that the assembly
	 * criteria see them all when it is sent, as `--jma` does. */
	buf_reset(&t);
	for (size_t i = 0; i < q->n_areas; i++)
		if (q->areas[i].intensity >= 0 && !strpbrk(q->areas[i].name, ";=\n"))
			buf_addf(&t, "%s%s=%s", t.len ? ";" : "", q->areas[i].name,
				 crisis_intensity_name(q->areas[i].intensity));
	f->observed = arena_strdup(&r->arena, t.data);
	buf_release(&t);
	f->jma_read = arena_printf(&r->arena,
				   L(lang, "気象庁XML「%s」を読み込みました（最大震度 %s、%s）。内容を確かめ、危機的事象を選んで「発動する」を押してください。",
				     "Read JMA's “%s” (highest intensity %s, %s). Check the form, choose the event type and press “Start the incident”."),
				   q->title,
				   q->max_intensity < 0 ? "—"
				   : lang == LANG_EN    ? crisis_intensity_name(q->max_intensity)
							: crisis_intensity_label(q->max_intensity),
				   page_incident_time(r, q->time));
}

/* POST /incidents/jma: jma (a file), multipart/form-data. */
int page_incidents_jma(struct req *r)
{
	enum lang lang = r->lang;
	struct start_form f = { .at = page_incident_time_input(r, app_incident_now()) };
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p)
		return -1;
	const struct req_file *x = req_file(r, "jma");
	struct app_incident_quake q;
	struct err e = ERR_INIT;
	if (!x || x->len == 0) {
		f.jma_err = L(lang, "ファイルを選んでください。", "Choose a file.");
		r->status = 422;
	} else if (x->len > JMA_UPLOAD_MAX) {
		f.jma_err = L(lang, "ファイルが大きすぎます（1MBまで）。", "The file is too large (up to 1 MB).");
		r->status = 413;
	} else if (app_incident_jma_parse(x->data, x->len, "--jma upload", &q, lang, &e)) {
		f.jma_err = arena_printf(&r->arena, L(lang, "気象庁の地震情報（震度速報・震源・震度に関する情報）として読めません：%s",
						      "Not a JMA earthquake report (震度速報, 震源・震度に関する情報): %s"),
					 page_incident_app_error(r, &e).msg);
		r->status = 422;
	} else {
		jma_fill(r, p, &q, &f);
		app_incident_quake_release(&q);
	}
	return incidents_page(r, &f);
}

/* POST /incidents: event, at, intensity, area, system, text, drill. */
int page_incidents_start(struct req *r)
{
	struct start_form f = {
		.event = req_form_trim(r, "event"),
		.at = req_form_trim(r, "at"),
		.intensity = req_form_trim(r, "intensity"),
		.area = req_form_trim(r, "area"),
		.system = req_form_trim(r, "system"),
		.text = page_incident_form_text(r, "text"),
		.observed = req_form_trim(r, "observed"),
		.drill = req_form(r, "drill") != NULL,
	};
	bool bad = false;
	const char *at = page_incident_form_time(r, "at", &bad);
	if (bad || !at) {
		f.err = (struct page_incident_form_error){
			"at", bad ? page_incident_time_hint(r->lang)
				  : L(r->lang, "発生日時を入力してください。", "Enter when it happened.")
		};
	} else if (!*f.event) {
		f.err = (struct page_incident_form_error){ "event", L(r->lang, "危機的事象を選んでください。",
								  "Choose the event type.") };
	} else {
		struct incident_start_req q = {
			.event = f.event,
			.at = at,
			.intensity = *f.intensity ? f.intensity : NULL,
			.area = *f.area ? f.area : NULL,
			.system = *f.system ? f.system : NULL,
			.text = *f.text ? f.text : NULL,
			.jma = NULL, /* never a path from a request */
			.observed = *f.observed ? f.observed : NULL,
			.drill = f.drill,
		};
		struct incident inc = INCIDENT_INIT;
		struct err e = ERR_INIT;
		if (app_incident_start(r->web->db_path, &q, auth_actor(r), r->lang, &inc, &e) == 0) {
			req_redirect(r, arena_printf(&r->arena, "/incidents/%lld?done=started",
						     (long long)inc.id));
			incident_release(&inc);
			return 0;
		}
		f.err = page_incident_app_error(r, &e);
	}
	r->status = 422;
	return incidents_page(r, &f);
}
