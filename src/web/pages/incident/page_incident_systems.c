/*
 * page_incident_systems.c — damage and recovery of the systems (§2.3.2
 * steps 6–10, issue 5 item 4), and the decisions, notes and support
 * requests recorded during the incident.
 *
 *   GET  /incidents/{id}/systems[?done=system|record]
 *   GET  /incidents/{id}/systems/{system}    one system and its form
 *   POST /incidents/{id}/systems/{system}    damage, policy, target level,
 *                                             method, work state, level,
 *                                             expected time, validation ticks
 *   POST /incidents/{id}/records             kind=decision|note|request, text
 *
 * Systems are listed S tier first (the board's order) with their deadline
 * = event time + RTO (R7) and the time left or overdue, followed by the
 * recovery chart (page_incident_chart.c).  A system is declared restored
 * only with both validation ticks — data checked and function checked
 * (NIST SP 800-34's validation phase) — and a level: the app layer
 * refuses otherwise, and the form says so beside the work state.  Ticks
 * stay ticked once recorded.  Every change and every decision is a
 * timeline entry naming who made it.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app_incident.h"
#include "store/store.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/url.h"
#include "web/pages/incident/page_incident.h"
#include "web/core/web.h"

#define RECORDS_SHOWN 50 /* newest decisions and notes on the page */

/* The record form's state after a failed POST. */
struct records_state {
	const char *kind, *text;
	struct page_incident_form_error err;
};

static const char *const record_kinds[] = { "decision", "note", "request" };

/* A record kind for people. */
static const char *record_label(enum lang lang, const char *kind)
{
	if (strcmp(kind, "decision") == 0)
		return L(lang, "決定", "Decision");
	if (strcmp(kind, "request") == 0)
		return L(lang, "支援依頼", "Support request");
	return L(lang, "メモ", "Note");
}

/* "/incidents/3/systems/mail" */
static const char *system_url(struct req *r, const struct incident *inc, const char *system)
{
	return page_incident_url(r, inc, arena_printf(&r->arena, "/systems/%s", url_encode_segment(r, system)));
}

/* The systems table. */
static void systems_table(struct req *r, const struct incident *inc, const struct crisis_board *b)
{
	enum lang lang = r->lang;
	page_incident_table_open(r, "systems stack", L(lang, "復旧優先度の高い順（期限＝発生時刻＋RTO）",
					    "Highest priority first (deadline = event time + RTO)"));
	html(r, "<thead><tr>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	     L(lang, "システム", "System"), L(lang, "被害", "Damage"), L(lang, "復旧方針", "Policy"),
	     L(lang, "作業・レベル", "Work, level"), L(lang, "検証", "Validated"),
	     L(lang, "期限・残り", "Deadline, left"), L(lang, "見込み・実績", "Expected / actual"));
	for (size_t i = 0; i < b->n_systems; i++) {
		const struct crisis_system_state *x = &b->systems[i];
		const struct incident_system *s = x->s;
		html(r, "<tr class=\"tier-%s\" id=\"sys-%s\"><th scope=\"row\"><span class=\"badge\">%s</span> "
			"<a href=\"%s\">%s</a>%s<br><small>RTO %s ・ RLO %s</small></th>",
		     tier_name(s->tier), url_encode_segment(r, s->system), tier_name(s->tier),
		     system_url(r, inc, s->system), s->name, s->hit ? L(lang, "（被害対象）", " (hit)") : "",
		     s->rto_hours == NO_VALUE ? "—" : arena_printf(&r->arena, L(lang, "%lld時間", "%lld h"),
								   (long long)s->rto_hours),
		     s->rlo[0] ? s->rlo : "—");
		html(r, "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s", L(lang, "被害", "Damage"),
		     page_incident_damage_label(lang, s->damage), L(lang, "復旧方針", "Policy"),
		     page_incident_policy_label(lang, s->policy));
		if (s->target_level != NO_VALUE)
			html(r, L(lang, "<br><small>目標 平時の%lld%%</small>", "<br><small>target %lld%% of normal</small>"),
			     (long long)s->target_level);
		html(r, "</td><td data-label=\"%s\">%s", L(lang, "作業", "Work"), page_incident_work_label(lang, s->work));
		if (s->level != NO_VALUE)
			html(r, " <small>%lld%%</small>", (long long)s->level);
		html(r, "</td><td class=\"nowrap\" data-label=\"%s\">%s %s ・ %s %s</td>", L(lang, "検証", "Validated"),
		     L(lang, "データ", "data"),
		     s->validated_data ? "✓" : "—", L(lang, "機能", "function"), s->validated_function ? "✓" : "—");
		html(r, "<td class=\"time\" data-label=\"%s\">%s<br>", L(lang, "期限", "Deadline"),
		     page_incident_time(r, x->deadline));
		if (s->work == WORK_RESTORED)
			html(r, "%s", L(lang, "復旧済み", "restored"));
		else if (x->overdue)
			html(r, "<strong class=\"late\">%s %s</strong>", L(lang, "超過", "overdue"),
			     page_incident_duration(r, -x->left));
		else
			html(r, "%s %s", L(lang, "残り", "left"), page_incident_duration(r, x->left));
		html(r, "</td><td class=\"time\" data-label=\"%s\">", L(lang, "見込み・実績", "Expected / actual"));
		if (s->work == WORK_RESTORED)
			html(r, "%s %s<br><small>%s %s ・ RTO %s</small>", L(lang, "復旧", "restored"),
			     page_incident_time(r, s->restored_at), L(lang, "所要", "took"),
			     page_incident_duration(r, x->recovery), page_incident_tri_label(lang, x->rto_ok));
		else
			html(r, "%s %s", L(lang, "見込み", "expected"), page_incident_time(r, s->expected_at));
		html(r, "</td></tr>\n");
	}
	html(r, "</tbody></table></div>\n");
}

/* Decisions, notes and support requests, newest first, and their form. */
static void records_section(struct req *r, const struct incident *inc, const struct records_state *rs)
{
	enum lang lang = r->lang;
	static const char *const fields[] = { "kind", "text", NULL };
	html(r, "<section aria-labelledby=\"records\">\n<h2 id=\"records\">%s</h2>\n",
	     L(lang, "決定・メモ・支援依頼", "Decisions, notes and support requests"));
	if (inc->n_records == 0)
		html(r, "<p>%s</p>\n", L(lang, "まだ記録はありません。", "Nothing recorded yet."));
	html(r, "<ul class=\"records\">");
	for (size_t k = 0; k < inc->n_records && k < RECORDS_SHOWN; k++) {
		const struct incident_record *x = &inc->records[inc->n_records - 1 - k];
		html(r, "<li><span class=\"tag\">%s</span> <span class=\"pre\">%s</span><br><small>%s ・ %s</small></li>",
		     record_label(lang, x->kind), x->text, page_incident_time(r, x->at), x->author);
	}
	html(r, "</ul>\n");
	if (inc->n_records > RECORDS_SHOWN)
		html(r, "<p><a href=\"%s\">%s</a></p>\n", page_incident_url(r, inc, "/timeline"),
		     L(lang, "すべての記録は「記録」のページにあります。", "Every entry is on the timeline page."));
	if (!page_incident_may_act(r) || inc->state != INCIDENT_OPEN) {
		if (rs->err.msg) /* no form to show it beside */
			page_notice(r, "error", rs->err.msg);
		html(r, "</section>\n");
		return;
	}
	page_incident_error_box(r, &rs->err, fields);
	html(r, "<form method=\"post\" action=\"%s\" class=\"card wide\">", page_incident_url(r, inc, "/records"));
	auth_csrf_field(r);
	const char *labels[3] = { record_label(lang, "decision"), record_label(lang, "note"),
				  record_label(lang, "request") };
	page_incident_select(r, "f-kind", "kind", L(lang, "種類", "Kind"), record_kinds, labels, 3,
			     rs->kind ? rs->kind : "decision", page_incident_error_for(&rs->err, "kind"));
	page_incident_textarea(r, "f-text", "text", L(lang, "内容（決定は誰が何を決めたか）", "Text (for a decision: who decided what)"),
			       rs->text, page_incident_error_for(&rs->err, "text"), 3);
	html(r, "<button type=\"submit\">%s</button></form>\n</section>\n", L(lang, "記録する", "Record"));
}

/* The systems page. */
static int systems_page(struct req *r, const struct records_state *rs)
{
	struct incident inc = INCIDENT_INIT;
	struct crisis_board b = CRISIS_BOARD_INIT;
	int rc = page_incident_load(r, true, &inc);
	if (rc)
		return rc < 0 ? -1 : 0;
	int64_t now = app_incident_now();
	crisis_board_compute(&inc, now, &b);
	page_incident_begin(r, &inc, ITAB_SYSTEMS, now);
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "system") == 0)
		page_notice(r, "ok", L(r->lang, "システムの状況を記録しました。", "The system's state is recorded."));
	else if (done && strcmp(done, "record") == 0)
		page_notice(r, "ok", L(r->lang, "記録しました。", "Recorded."));
	html(r, "<section aria-labelledby=\"h-systems\">\n<h2 id=\"h-systems\">%s</h2>\n",
	     L(r->lang, "情報システムの被害と復旧", "Damage and recovery of the systems"));
	if (page_incident_may_act(r) && inc.state == INCIDENT_OPEN)
		html(r, "<p>%s</p>\n", L(r->lang, "システム名を選ぶと、被害・復旧方針・作業状況を記録できます。",
					 "Choose a system to record its damage, recovery policy and work."));
	systems_table(r, &inc, &b);
	html(r, "</section>\n<section aria-labelledby=\"h-chart\">\n<h2 id=\"h-chart\">%s</h2>\n",
	     L(r->lang, "復旧見込みと目標復旧時間（RTO）", "Projected recovery against the RTO"));
	page_incident_recovery_chart(r, &inc, &b);
	html(r, "</section>\n");
	records_section(r, &inc, rs);
	page_end(r);
	crisis_board_release(&b);
	incident_release(&inc);
	return 0;
}

/* GET /incidents/{id}/systems */
int page_incident_systems(struct req *r)
{
	struct records_state rs = { 0 };
	return systems_page(r, &rs);
}

/* POST /incidents/{id}/records: kind, text. */
int page_incident_record(struct req *r)
{
	struct records_state rs = { .kind = req_form_trim(r, "kind"), .text = page_incident_form_text(r, "text") };
	int64_t id = page_incident_url_id(r);
	if (!id) {
		route_error(r, 404, NULL);
		return 0;
	}
	bool known = false;
	for (size_t i = 0; i < 3; i++)
		known = known || strcmp(rs.kind, record_kinds[i]) == 0;
	if (!known) {
		rs.kind = NULL;
		rs.err = (struct page_incident_form_error){ "kind", L(r->lang, "種類を選んでください。", "Choose the kind.") };
	} else if (!*rs.text) {
		rs.err = (struct page_incident_form_error){ "text", L(r->lang, "内容を入力してください。", "Write the text.") };
	} else {
		struct err e = ERR_INIT;
		int64_t seq;
		if (app_incident_record(r->web->db_path, id, rs.kind, rs.text, auth_actor(r), r->lang, &seq,
					&e) == 0) {
			req_redirect(r, arena_printf(&r->arena, "/incidents/%lld/systems?done=record#records",
						     (long long)id));
			return 0;
		}
		rs.err = page_incident_app_error(r, &e);
	}
	r->status = 422;
	return systems_page(r, &rs);
}

/* ---- one system ---------------------------------------------------------------- */

/* The system form's values: from the stored state, or as posted. */
struct system_form {
	const char *damage, *policy, *target_level, *method, *state, *level, *expect, *restored_at;
	bool validated_data, validated_function;
	struct page_incident_form_error err;
};

/* A number input (0..100 %) with its label and error. */
static void percent_input(struct req *r, const char *name, const char *label, const char *value,
			  const char *error)
{
	html(r, "<div class=\"field%s\"><label for=\"f-%s\">%s</label>", error ? " bad" : "", name, label);
	if (error)
		html(r, "<p class=\"err\" id=\"f-%s-err\">%s</p>", name, error);
	html(r, "<input type=\"number\" class=\"short\" id=\"f-%s\" name=\"%s\" min=\"0\" max=\"100\" "
		"step=\"1\" inputmode=\"numeric\" value=\"%s\"",
	     name, name, value ? value : "");
	if (error)
		html(r, " aria-invalid=\"true\" aria-describedby=\"f-%s-err\"", name);
	html(r, "></div>\n");
}

/* The form of one system. */
static void system_form(struct req *r, const struct incident *inc, const struct incident_system *s,
			const struct system_form *f)
{
	enum lang lang = r->lang;
	static const char *const fields[] = { "damage", "policy", "target_level", "method", "state",
					      "level", "expect", "restored_at", "validated", NULL };
	page_incident_error_box(r, &f->err, fields);
	html(r, "<form method=\"post\" action=\"%s\" class=\"card wide\">", system_url(r, inc, s->system));
	auth_csrf_field(r);
	static const char *const dv[] = DAMAGE_NAMES;
	const char *dl[DAMAGE_COUNT];
	for (int i = 0; i < DAMAGE_COUNT; i++)
		dl[i] = page_incident_damage_label(lang, dv[i]);
	page_incident_select(r, "f-damage", "damage", L(lang, "被害状況（手順6）", "Damage (step 6)"), dv, dl,
			     DAMAGE_COUNT, f->damage, page_incident_error_for(&f->err, "damage"));
	html(r, "<fieldset><legend>%s</legend>", L(lang, "復旧方針（手順8）", "Recovery policy (step 8)"));
	static const char *const pv[] = POLICY_NAMES;
	const char *pl[POLICY_COUNT];
	for (int i = 0; i < POLICY_COUNT; i++)
		pl[i] = page_incident_policy_label(lang, pv[i]);
	page_incident_select(r, "f-policy", "policy", L(lang, "復旧する場所", "Where it comes back"), pv, pl,
			     POLICY_COUNT, f->policy, page_incident_error_for(&f->err, "policy"));
	percent_input(r, "target_level", L(lang, "目標レベル（平時に対する%）", "Target level (% of normal)"),
		      f->target_level, page_incident_error_for(&f->err, "target_level"));
	page_incident_textarea(r, "f-method", "method", L(lang, "復旧の方法", "How it is recovered"), f->method,
			       page_incident_error_for(&f->err, "method"), 2);
	html(r, "</fieldset>\n<fieldset><legend>%s</legend>", L(lang, "復旧作業（手順10）", "Recovery work (step 10)"));
	static const char *const wv[] = WORK_NAMES;
	const char *wl[WORK_COUNT];
	for (int i = 0; i < WORK_COUNT; i++)
		wl[i] = page_incident_work_label(lang, (enum work_state)i);
	page_incident_select(r, "f-state", "state", L(lang, "作業状況", "Work"), wv, wl, WORK_COUNT, f->state,
			     page_incident_error_for(&f->err, "state"));
	page_input(r, "datetime-local", "expect", L(lang, "復旧見込み（日本時間）", "Expected recovery (Japan time)"),
		   f->expect, page_incident_error_for(&f->err, "expect"), NULL);
	percent_input(r, "level", L(lang, "復旧したレベル（平時に対する%）", "Level restored (% of normal)"),
		      f->level, page_incident_error_for(&f->err, "level"));
	const char *verr = page_incident_error_for(&f->err, "validated");
	html(r, "<fieldset class=\"months%s\"><legend>%s</legend><p class=\"hint\">%s</p>", verr ? " bad" : "",
	     L(lang, "復旧の検証", "Validation"),
	     L(lang, "「復旧済み」にするには、データと機能の両方の検証が必要です。一度記録した検証は取り消せません。",
	       "Both checks are needed before “restored”. A recorded check cannot be taken back."));
	if (verr)
		html(r, "<p class=\"err\">%s</p>", verr);
	html(r, "<label><input type=\"checkbox\" name=\"validated_data\" value=\"1\"%s> %s</label>"
		"<label><input type=\"checkbox\" name=\"validated_function\" value=\"1\"%s> %s</label></fieldset>\n",
	     f->validated_data ? " checked" : "", L(lang, "データを検証した", "Data checked"),
	     f->validated_function ? " checked" : "", L(lang, "機能を検証した", "Function checked"));
	page_input(r, "datetime-local", "restored_at",
		   L(lang, "復旧した時刻（「復旧済み」のとき。空欄なら今）", "Restored at (when “restored”; empty: now)"),
		   f->restored_at, page_incident_error_for(&f->err, "restored_at"), NULL);
	html(r, "</fieldset>\n<button type=\"submit\">%s</button></form>\n", L(lang, "記録する", "Record"));
}

/* A number for a form ("" for NO_VALUE), in r's arena. */
static const char *num(struct req *r, int64_t v)
{
	return v == NO_VALUE ? "" : arena_printf(&r->arena, "%lld", (long long)v);
}

/* The page of one system; f NULL shows the stored state in the form. */
static int system_page(struct req *r, struct system_form *f)
{
	struct incident inc = INCIDENT_INIT;
	struct crisis_board b = CRISIS_BOARD_INIT;
	int rc = page_incident_load(r, true, &inc);
	if (rc)
		return rc < 0 ? -1 : 0;
	const struct incident_system *s = incident_system_find(&inc, r->params[1]);
	if (!s) {
		incident_release(&inc);
		route_error(r, 404, L(r->lang, "このインシデントにそのシステムはありません。",
				      "This incident has no such system."));
		return 0;
	}
	enum lang lang = r->lang;
	int64_t now = app_incident_now();
	crisis_board_compute(&inc, now, &b);
	const struct crisis_system_state *x = NULL;
	for (size_t i = 0; i < b.n_systems; i++)
		if (b.systems[i].s == s)
			x = &b.systems[i];
	page_incident_begin(r, &inc, ITAB_SYSTEMS, now);
	html(r, "<section aria-labelledby=\"h-one\">\n<h2 id=\"h-one\" class=\"tier-%s\"><span class=\"badge\">%s</span> %s</h2>\n"
		"<dl class=\"facts\">",
	     tier_name(s->tier), tier_name(s->tier), s->name);
	html(r, "<div><dt>%s</dt><dd>%s</dd></div><div><dt>RTO</dt><dd>%s</dd></div><div><dt>RLO</dt><dd>%s</dd></div>"
		"<div><dt>%s</dt><dd>%s</dd></div>",
	     L(lang, "運用管理主体", "Department"), s->department[0] ? s->department : "—",
	     s->rto_hours == NO_VALUE ? "—" : arena_printf(&r->arena, L(lang, "%lld時間", "%lld h"), (long long)s->rto_hours),
	     s->rlo[0] ? s->rlo : "—", L(lang, "期限（発生＋RTO）", "Deadline (event + RTO)"),
	     page_incident_time(r, x->deadline));
	if (s->work == WORK_RESTORED)
		html(r, "<div><dt>%s</dt><dd>%s（%s %s、RTO %s、RLO %s）</dd></div>", L(lang, "復旧", "Restored"),
		     page_incident_time(r, s->restored_at), L(lang, "所要", "took"), page_incident_duration(r, x->recovery),
		     page_incident_tri_label(lang, x->rto_ok), page_incident_tri_label(lang, x->rlo_ok));
	else if (x->overdue)
		html(r, "<div><dt>%s</dt><dd class=\"late\"><strong>%s %s</strong></dd></div>", L(lang, "残り", "Left"),
		     L(lang, "超過", "overdue"), page_incident_duration(r, -x->left));
	else
		html(r, "<div><dt>%s</dt><dd>%s</dd></div>", L(lang, "残り", "Left"), page_incident_duration(r, x->left));
	if (s->updated_by[0])
		html(r, "<div><dt>%s</dt><dd>%s（%s）</dd></div>", L(lang, "最終更新", "Last change"),
		     page_incident_time(r, s->updated_at), s->updated_by);
	html(r, "</dl>\n");
	struct system_form stored = {
		.damage = s->damage, .policy = s->policy, .target_level = num(r, s->target_level),
		.method = s->method, .state = work_state_name(s->work), .level = num(r, s->level),
		.expect = page_incident_time_input(r, s->expected_at),
		.restored_at = page_incident_time_input(r, s->restored_at),
		.validated_data = s->validated_data, .validated_function = s->validated_function,
	};
	if (page_incident_may_act(r) && inc.state == INCIDENT_OPEN)
		system_form(r, &inc, s, f ? f : &stored);
	else if (f && f->err.msg)
		page_notice(r, "error", f->err.msg);
	if (!page_incident_may_act(r) || inc.state != INCIDENT_OPEN)
		html(r, "<p>%s %s ・ %s %s ・ %s %s</p>\n", L(lang, "被害", "Damage"),
		     page_incident_damage_label(lang, s->damage), L(lang, "方針", "Policy"),
		     page_incident_policy_label(lang, s->policy), L(lang, "作業", "Work"),
		     page_incident_work_label(lang, s->work));
	html(r, "<p><a href=\"%s\">%s</a></p>\n</section>\n", page_incident_url(r, &inc, "/systems"),
	     L(lang, "システムの一覧へ戻る", "Back to all systems"));
	page_end(r);
	crisis_board_release(&b);
	incident_release(&inc);
	return 0;
}

/* GET /incidents/{id}/systems/{system} */
int page_incident_system(struct req *r)
{
	return system_page(r, NULL);
}

/* POST /incidents/{id}/systems/{system}: the fields of struct system_form. */
int page_incident_system_post(struct req *r)
{
	struct system_form f = {
		.damage = req_form_trim(r, "damage"), .policy = req_form_trim(r, "policy"),
		.target_level = req_form_trim(r, "target_level"), .method = page_incident_form_text(r, "method"),
		.state = req_form_trim(r, "state"), .level = req_form_trim(r, "level"),
		.expect = req_form_trim(r, "expect"), .restored_at = req_form_trim(r, "restored_at"),
		.validated_data = req_form(r, "validated_data") != NULL,
		.validated_function = req_form(r, "validated_function") != NULL,
	};
	int64_t id = page_incident_url_id(r);
	if (!id) {
		route_error(r, 404, NULL);
		return 0;
	}
	bool bad_expect = false, bad_restored = false;
	const char *expect = page_incident_form_time(r, "expect", &bad_expect);
	const char *restored = page_incident_form_time(r, "restored_at", &bad_restored);
	if (bad_expect || bad_restored) {
		f.err = (struct page_incident_form_error){ bad_expect ? "expect" : "restored_at",
						      page_incident_time_hint(r->lang) };
	} else {
		struct incident_system_req q = {
			.damage = *f.damage ? f.damage : NULL,
			.policy = *f.policy ? f.policy : NULL,
			.target_level = *f.target_level ? f.target_level : NULL,
			.method = f.method,
			.state = *f.state ? f.state : NULL,
			.level = *f.level ? f.level : NULL,
			.expected = expect,
			.restored_at = restored,
			.validated_data = f.validated_data,
			.validated_function = f.validated_function,
		};
		struct err e = ERR_INIT;
		if (app_incident_system(r->web->db_path, id, r->params[1], &q, auth_actor(r), r->lang, &e) == 0) {
			req_redirect(r, arena_printf(&r->arena, "/incidents/%lld/systems?done=system#sys-%s",
						     (long long)id, url_encode_segment(r, r->params[1])));
			return 0;
		}
		f.err = page_incident_app_error(r, &e);
	}
	r->status = 422;
	return system_page(r, &f);
}
