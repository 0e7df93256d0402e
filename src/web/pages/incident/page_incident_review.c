/*
 * page_incident_review.c — closing an incident and its post-incident
 * review (§4.2.2, issue 5 item 7).
 *
 *   GET  /incidents/{id}/review[?done=closed|saved]
 *   POST /incidents/{id}/close        evaluation, training (drills), confirm
 *   POST /incidents/{id}/review       cause, evaluation, improvements
 *   GET  /incidents/{id}/review.txt   the review as text (closed incidents)
 *
 * While the incident is open the page shows the review as it would be
 * made now (app_incident_review_build: the same code that makes it at close)
 * and, for responders, the form that closes it; closing cannot be undone,
 * so the form asks for a tick.  Closing stores the review pre-filled from
 * the record: ① the nature of the event, ② who was called and answered,
 * the roles' coverage, the steps done, late and not done, the decisions,
 * ③ per system the actual recovery time and level against RTO and RLO,
 * achieved or not, ④ the RTO/RLO gaps.  People then write the analysis
 * (cause, evaluation, other improvements) and save it, as often as they
 * like; each save is a timeline entry.  A drill is recorded as training
 * (§4.1 実施記録) by the app layer when it closes.
 */
#include <jansson.h>
#include <string.h>

#include "app/app_incident.h"
#include "rules/rules.h"
#include "store/store.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/pages/incident/page_incident.h"
#include "web/core/web.h"

/* What a failed POST brings back. */
struct rv_form {
	const char *evaluation, *training, *cause, *improvements;
	bool confirm;
	struct page_incident_form_error err;
};

/* An ISO time member as "2026-01-12 18:00", "—" when null; in r's arena. */
static const char *jtime(struct req *r, const json_t *o, const char *k)
{
	const char *s = page_incident_jstr(o, k);
	if (strlen(s) < 16)
		return "—";
	char *t = arena_strndup(&r->arena, s, 16);
	t[10] = ' ';
	return t;
}

/* 達成 / 未達 / 判定不能 for a JSON true / false / null. */
static const char *jtri(enum lang lang, const json_t *v)
{
	return json_is_true(v) ? L(lang, "達成", "met") : json_is_false(v) ? L(lang, "未達", "missed")
									  : L(lang, "判定不能", "unknown");
}

/* ① and ② of the review. */
static void review_response(struct req *r, const struct incident *inc, const json_t *rv)
{
	enum lang lang = r->lang;
	const json_t *ea = json_object_get(rv, "event_analysis"), *resp = json_object_get(rv, "response");
	const char *todo = L(lang, "（記入してください）", "(to be filled in)");
	html(r, "<section aria-labelledby=\"rv1\">\n<h2 id=\"rv1\">%s</h2>\n<dl class=\"view\"><dt>%s</dt><dd>%s</dd>"
		"<dt>%s</dt><dd>%s</dd></dl>\n</section>\n",
	     L(lang, "① 事象の分析", "① Event analysis"), L(lang, "事象の内容", "What happened"),
	     page_incident_jstr(ea, "nature"), L(lang, "原因", "Cause"), page_incident_jstr(ea, "cause")[0] ? page_incident_jstr(ea, "cause") : todo);
	html(r, "<section aria-labelledby=\"rv2\">\n<h2 id=\"rv2\">%s</h2>\n<dl class=\"view\">",
	     L(lang, "② 対応の評価", "② Evaluation of the response"));
	html(r, "<dt>%s</dt><dd>%s（%s）</dd>", L(lang, "手順", "Procedure"), page_incident_jstr(resp, "procedure"),
	     strcmp(page_incident_jstr(resp, "variant"), "weekday_day") == 0 ? page_incident_variant_label(lang, VARIANT_WEEKDAY_DAY)
							      : page_incident_variant_label(lang, VARIANT_NIGHT_HOLIDAY));
	const json_t *at = json_object_get(resp, "answer_at");
	html(r, "<dt>%s</dt><dd>%lld / %lld%s<br>25%%: %s ・ 50%%: %s ・ 75%%: %s</dd>",
	     L(lang, "安否回答", "Answered"), (long long)json_integer_value(json_object_get(resp, "answered")),
	     (long long)json_integer_value(json_object_get(resp, "called")), L(lang, "名", " called"),
	     jtime(r, at, "25"), jtime(r, at, "50"), jtime(r, at, "75"));
	html(r, "<dt>%s</dt><dd><ul class=\"plain\">", L(lang, "役割の対応者", "Who covered each role"));
	const json_t *roles = json_object_get(resp, "roles");
	for (size_t i = 0; i < json_array_size(roles); i++) {
		const json_t *x = json_array_get(roles, i);
		const char *c = page_incident_jstr(x, "cover");
		enum coverage cv = strcmp(c, "primary") == 0 ? COVER_PRIMARY
				   : strcmp(c, "deputy") == 0 ? COVER_DEPUTY
							       : COVER_NONE;
		html(r, "<li>%s: %s %s</li>", page_incident_jstr(x, "name"), page_incident_cover_label(lang, cv),
		     page_incident_jstr(x, "person")[0] ? page_incident_person_name(inc, page_incident_jstr(x, "person")) : "");
	}
	html(r, "</ul></dd><dt>%s</dt><dd>%lld / %lld", L(lang, "手順の完了", "Steps done"),
	     (long long)json_integer_value(json_object_get(resp, "steps_done")),
	     (long long)json_integer_value(json_object_get(resp, "steps_total")));
	const json_t *late = json_object_get(resp, "steps_late"), *notdone = json_object_get(resp, "steps_not_done");
	if (json_array_size(late)) {
		html(r, "<br>%s<ul class=\"plain\">", L(lang, "遅れた手順：", "Late:"));
		for (size_t i = 0; i < json_array_size(late); i++) {
			const json_t *x = json_array_get(late, i);
			html(r, "<li>%lld %s（%s %s、%s %s）</li>", (long long)json_integer_value(json_object_get(x, "no")),
			     page_incident_jstr(x, "title"), L(lang, "期限", "due"), jtime(r, x, "due_at"), L(lang, "完了", "done"),
			     jtime(r, x, "done_at"));
		}
		html(r, "</ul>");
	}
	if (json_array_size(notdone)) {
		html(r, "<br>%s<ul class=\"plain\">", L(lang, "完了しなかった手順：", "Not done:"));
		for (size_t i = 0; i < json_array_size(notdone); i++) {
			const json_t *x = json_array_get(notdone, i);
			int st = step_state_parse(page_incident_jstr(x, "state"));
			html(r, "<li>%lld %s（%s）</li>", (long long)json_integer_value(json_object_get(x, "no")),
			     page_incident_jstr(x, "title"), st >= 0 ? page_incident_step_label(lang, (enum step_state)st) : "?");
		}
		html(r, "</ul>");
	}
	html(r, "</dd>");
	const json_t *dec = json_object_get(resp, "decisions");
	if (json_array_size(dec)) {
		html(r, "<dt>%s</dt><dd><ul class=\"plain\">", L(lang, "決定事項", "Decisions"));
		for (size_t i = 0; i < json_array_size(dec); i++) {
			const json_t *x = json_array_get(dec, i);
			html(r, "<li>%s（%s）: %s</li>", jtime(r, x, "at"), page_incident_jstr(x, "author"), page_incident_jstr(x, "text"));
		}
		html(r, "</ul></dd>");
	}
	html(r, "<dt>%s</dt><dd>%s</dd></dl>\n</section>\n", L(lang, "評価", "Evaluation"),
	     page_incident_jstr(resp, "evaluation")[0] ? page_incident_jstr(resp, "evaluation") : todo);
}

/* ③ and ④ and the record. */
static void review_achievement(struct req *r, const struct plan *p, const json_t *rv)
{
	enum lang lang = r->lang;
	const json_t *ach = json_object_get(rv, "achievement"), *imp = json_object_get(rv, "improvements");
	html(r, "<section aria-labelledby=\"rv3\">\n<h2 id=\"rv3\">%s</h2>\n",
	     L(lang, "③ RTO・RLOの達成状況", "③ RTO and RLO achievement"));
	page_incident_table_open(r, NULL, L(lang, "実際の復旧時間・復旧レベルと目標", "Actual recovery time and level against the objectives"));
	html(r, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">RTO</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">RLO</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	     L(lang, "情報システム", "System"), L(lang, "復旧時刻", "Restored at"), L(lang, "復旧時間", "Took"),
	     L(lang, "RTO達成", "RTO"), L(lang, "復旧レベル", "Level"), L(lang, "RLO達成", "RLO"));
	for (size_t i = 0; i < json_array_size(ach); i++) {
		const json_t *s = json_array_get(ach, i);
		json_t *lv = json_object_get(s, "level"), *rto = json_object_get(s, "rto_hours");
		json_t *rto_ok = json_object_get(s, "rto_achieved"), *rlo_ok = json_object_get(s, "rlo_achieved");
		html(r, "<tr class=\"tier-%s\"><th scope=\"row\"><span class=\"badge\">%s</span> %s</th><td class=\"num\">%s</td>"
			"<td class=\"time\">%s</td><td class=\"num\">%s</td><td class=\"%s\">%s</td><td>%s</td>"
			"<td class=\"num\">%s</td><td class=\"%s\">%s</td></tr>\n",
		     page_incident_jstr(s, "tier"), page_incident_jstr(s, "tier"), page_incident_jstr(s, "name"),
		     json_is_integer(rto) ? arena_printf(&r->arena, L(lang, "%lld時間", "%lld h"), (long long)json_integer_value(rto)) : "—",
		     jtime(r, s, "restored_at"), page_incident_jstr(s, "recovery")[0] ? page_incident_jstr(s, "recovery") : "—",
		     json_is_false(rto_ok) ? "late" : "", jtri(lang, rto_ok), page_incident_jstr(s, "rlo")[0] ? page_incident_jstr(s, "rlo") : "—",
		     json_is_integer(lv) ? arena_printf(&r->arena, "%lld%%", (long long)json_integer_value(lv)) : "—",
		     json_is_false(rlo_ok) ? "late" : "", jtri(lang, rlo_ok));
	}
	html(r, "</tbody></table></div>\n</section>\n<section aria-labelledby=\"rv4\">\n<h2 id=\"rv4\">%s</h2>\n<ul>",
	     L(lang, "④ 改善事項", "④ Improvements"));
	const json_t *gaps = json_object_get(imp, "rto_rlo_gaps");
	for (size_t i = 0; i < json_array_size(gaps); i++)
		html(r, "<li>%s</li>", json_string_value(json_array_get(gaps, i)));
	if (!json_array_size(gaps) || app_incident_review_unjudged(rv)) {
		struct buf line = BUF_INIT;
		app_incident_review_verdict(rv, lang, &line);
		html(r, "<li>%s</li>", line.data);
		buf_release(&line);
	}
	html(r, "</ul>\n<dl class=\"view\"><dt>%s</dt><dd>%s</dd></dl>\n", L(lang, "その他の改善事項", "Other improvements"),
	     page_incident_jstr(imp, "others")[0] ? page_incident_jstr(imp, "others") : L(lang, "（記入してください）", "(to be filled in)"));
	const json_t *tr = json_object_get(rv, "training_record");
	if (tr) {
		const struct training *t = plan_training(p, page_incident_jstr(tr, "training"));
		html(r, "<p>%s <a href=\"/views/training\">%s</a>（%s）</p>\n",
		     L(lang, "訓練として記録しました（§4.1）：", "Recorded as training (§4.1):"),
		     t ? t->title : page_incident_jstr(tr, "training"), page_incident_jstr(tr, "id"));
	}
	const json_t *rec = json_object_get(rv, "record");
	html(r, "<p><small>%s %lld%s ・ %s <code class=\"hash\">%s</code></small></p>\n</section>\n",
	     L(lang, "記録", "Record:"), (long long)json_integer_value(json_object_get(rec, "entries")),
	     L(lang, "件", " entries"), L(lang, "ハッシュ", "head"), page_incident_jstr(rec, "head"));
}

/* The form that closes the incident. */
static void close_form(struct req *r, const struct incident *inc, const struct plan *p,
		       const struct rv_form *st)
{
	enum lang lang = r->lang;
	static const char *const fields[] = { "evaluation", "training", "confirm", NULL };
	html(r, "<section aria-labelledby=\"h-close\">\n<h2 id=\"h-close\">%s</h2>\n<p>%s</p>\n",
	     L(lang, "インシデントを終了する", "Close the incident"),
	     L(lang, "終了すると記録の追加はできなくなり、記録から振り返り（§4.2.2）が作られます。原因や評価は終了後にも記入できます。",
	       "Closing ends the record and makes the review (§4.2.2) from it. The cause and the evaluation can be written afterwards too."));
	page_incident_error_box(r, &st->err, fields);
	html(r, "<form method=\"post\" action=\"%s\" class=\"card wide\">", page_incident_url(r, inc, "/close"));
	auth_csrf_field(r);
	page_incident_textarea(r, "f-evaluation", "evaluation", L(lang, "対応の評価（任意）", "Evaluation of the response (optional)"),
			       st->evaluation, page_incident_error_for(&st->err, "evaluation"), 3);
	if (inc->drill) {
		size_t n = 1;
		const char **v = arena_alloc(&r->arena, (p->n_trainings + 1) * sizeof *v);
		const char **l = arena_alloc(&r->arena, (p->n_trainings + 1) * sizeof *l);
		v[0] = "";
		l[0] = L(lang, "自動（その年度の訓練、なければ新しく作る）", "Automatic (that year's drill, else a new one)");
		for (size_t i = 0; i < p->n_trainings; i++) {
			char fy[32];
			fiscal_year_label((int)p->trainings[i].fy, (int)lang, fy, sizeof fy);
			v[n] = p->trainings[i].id;
			l[n++] = arena_printf(&r->arena, "%s %s", fy, p->trainings[i].title);
		}
		page_incident_select(r, "f-training", "training", L(lang, "訓練の記録先（§4.1）", "Record the drill under (§4.1)"),
				     v, l, n, st->training, page_incident_error_for(&st->err, "training"));
	}
	const char *cerr = page_incident_error_for(&st->err, "confirm");
	html(r, "<div class=\"field check%s\"><input type=\"checkbox\" id=\"f-confirm\" name=\"confirm\" value=\"1\"%s",
	     cerr ? " bad" : "", st->confirm ? " checked" : "");
	if (cerr)
		html(r, " aria-invalid=\"true\" aria-describedby=\"f-confirm-err\"");
	html(r, "><label for=\"f-confirm\">%s</label>",
	     L(lang, "対応を終了します（元に戻せません）", "Close it (this cannot be undone)"));
	if (cerr)
		html(r, "<p class=\"err\" id=\"f-confirm-err\">%s</p>", cerr);
	html(r, "</div>\n<button type=\"submit\" class=\"danger\">%s</button></form>\n</section>\n",
	     L(lang, "終了して振り返りを作る", "Close and make the review"));
}

/* The form that fills the analysis of a closed incident's review. */
static void fill_form(struct req *r, const struct incident *inc, const json_t *rv, const struct rv_form *st,
		      bool failed)
{
	enum lang lang = r->lang;
	static const char *const fields[] = { "cause", "evaluation", "improvements", NULL };
	html(r, "<section aria-labelledby=\"h-fill\">\n<h2 id=\"h-fill\">%s</h2>\n",
	     L(lang, "分析を記入する", "Write the analysis"));
	page_incident_error_box(r, &st->err, fields);
	html(r, "<form method=\"post\" action=\"%s\" class=\"card wide\">", page_incident_url(r, inc, "/review"));
	auth_csrf_field(r);
	page_incident_textarea(r, "f-cause", "cause", L(lang, "① 原因", "① Cause"),
			       failed ? st->cause : page_incident_jstr(json_object_get(rv, "event_analysis"), "cause"),
			       page_incident_error_for(&st->err, "cause"), 3);
	page_incident_textarea(r, "f-evaluation", "evaluation", L(lang, "② 対応の評価", "② Evaluation of the response"),
			       failed ? st->evaluation : page_incident_jstr(json_object_get(rv, "response"), "evaluation"),
			       page_incident_error_for(&st->err, "evaluation"), 4);
	page_incident_textarea(r, "f-improvements", "improvements", L(lang, "④ その他の改善事項", "④ Other improvements"),
			       failed ? st->improvements : page_incident_jstr(json_object_get(rv, "improvements"), "others"),
			       page_incident_error_for(&st->err, "improvements"), 4);
	html(r, "<button type=\"submit\">%s</button></form>\n</section>\n", L(lang, "保存する", "Save"));
}

/* The page; failed: st holds what a refused POST sent. */
static int review_page(struct req *r, const struct rv_form *st, bool failed)
{
	struct incident inc = INCIDENT_INIT;
	int rc = page_incident_load(r, true, &inc);
	if (rc)
		return rc < 0 ? -1 : 0;
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p) {
		incident_release(&inc);
		return -1;
	}
	enum lang lang = r->lang;
	int64_t now = app_incident_now();
	bool closed = inc.state == INCIDENT_CLOSED;
	json_t *rv = closed && inc.review[0] ? json_loads(inc.review, 0, NULL) : app_incident_review_build(&inc, now, lang);
	if (!rv) {
		err_set(&r->err, "incident %lld: the stored review is not JSON", (long long)inc.id);
		incident_release(&inc);
		return -1;
	}
	page_incident_begin(r, &inc, ITAB_REVIEW, now);
	const char *done = req_query(r, "done");
	if (done && !failed && strcmp(done, "closed") == 0)
		page_notice(r, "ok", L(lang, "終了し、振り返りを作りました。", "Closed; the review is made."));
	else if (done && !failed && strcmp(done, "saved") == 0)
		page_notice(r, "ok", L(lang, "振り返りを保存しました。", "The review is saved."));
	html(r, "<h2 class=\"part\">%s%s</h2>\n",
	     L(lang, "危機的事象発生後の振り返り（§4.2.2）", "Post-incident review (§4.2.2)"),
	     closed ? "" : L(lang, "— 現時点の見込み", " — as it stands now"));
	if (!closed)
		html(r, "<p class=\"hint\">%s</p>\n",
		     L(lang, "まだ対応中です。終了すると、その時点の記録からこの内容で振り返りが確定します。",
		       "The incident is still open. Closing makes the review from the record as it is then."));
	else
		html(r, "<p class=\"actions\"><a class=\"button\" href=\"%s\" download>%s</a></p>\n",
		     page_incident_url(r, &inc, "/review.txt"), L(lang, "テキストで保存", "Save as text"));
	review_response(r, &inc, rv);
	review_achievement(r, p, rv);
	if (page_incident_may_act(r)) {
		if (closed)
			fill_form(r, &inc, rv, st, failed);
		else
			close_form(r, &inc, p, st);
	}
	page_end(r);
	json_decref(rv);
	incident_release(&inc);
	return 0;
}

/* GET /incidents/{id}/review */
int page_incident_review(struct req *r)
{
	struct rv_form st = { 0 };
	return review_page(r, &st, false);
}

/* POST /incidents/{id}/close: evaluation, training, confirm. */
int page_incident_close(struct req *r)
{
	struct rv_form st = {
		.evaluation = page_incident_form_text(r, "evaluation"),
		.training = req_form_trim(r, "training"),
		.confirm = req_form(r, "confirm") != NULL,
	};
	int64_t id = page_incident_url_id(r);
	if (!id) {
		route_error(r, 404, NULL);
		return 0;
	}
	if (!st.confirm) {
		st.err = (struct page_incident_form_error){ "confirm", L(r->lang, "終了してよければチェックを入れてください。",
								    "Tick the box to confirm.") };
	} else {
		struct err e = ERR_INIT;
		json_t *rv = NULL;
		if (app_incident_close(r->web->db_path, id, *st.training ? st.training : NULL,
				       *st.evaluation ? st.evaluation : NULL, auth_actor(r), r->lang, &rv, &e) == 0) {
			json_decref(rv);
			req_redirect(r, arena_printf(&r->arena, "/incidents/%lld/review?done=closed", (long long)id));
			return 0;
		}
		st.err = page_incident_app_error(r, &e);
	}
	r->status = 422;
	return review_page(r, &st, true);
}

/* POST /incidents/{id}/review: cause, evaluation, improvements. */
int page_incident_review_post(struct req *r)
{
	struct rv_form st = {
		.cause = page_incident_form_text(r, "cause"),
		.evaluation = page_incident_form_text(r, "evaluation"),
		.improvements = page_incident_form_text(r, "improvements"),
	};
	int64_t id = page_incident_url_id(r);
	if (!id) {
		route_error(r, 404, NULL);
		return 0;
	}
	struct err e = ERR_INIT;
	if (app_incident_review_fill(r->web->db_path, id, st.cause, st.evaluation, st.improvements,
				     auth_actor(r), r->lang, &e) == 0) {
		req_redirect(r, arena_printf(&r->arena, "/incidents/%lld/review?done=saved", (long long)id));
		return 0;
	}
	st.err = page_incident_app_error(r, &e);
	r->status = 422;
	return review_page(r, &st, true);
}

/* GET /incidents/{id}/review.txt */
int page_incident_review_txt(struct req *r)
{
	struct incident inc = INCIDENT_INIT;
	int rc = page_incident_load(r, true, &inc);
	if (rc)
		return rc < 0 ? -1 : 0;
	json_t *rv = inc.review[0] ? json_loads(inc.review, 0, NULL) : NULL;
	if (!rv) {
		route_error(r, 409, L(r->lang, "まだ終了していません（終了すると振り返りが作られます）。",
				      "Not closed yet (closing makes the review)."));
		incident_release(&inc);
		return 0;
	}
	app_incident_review_text(rv, r->lang, &r->out);
	r->content_type = "text/plain; charset=utf-8";
	req_set_header(r, "Content-Disposition",
		       arena_printf(&r->arena, "attachment; filename=\"incident-%lld-review.txt\"", (long long)inc.id));
	json_decref(rv);
	incident_release(&inc);
	return 0;
}
