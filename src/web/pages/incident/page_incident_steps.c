/*
 * page_incident_steps.c — the incident's checklist (§2.3.2 対応手順, issue
 * 5 item 3): each step of the procedure taken at start, with its
 * responsible roles, its state, who took it and when, and its note.
 *
 *   GET  /incidents/{id}/steps[?done=start|done|note|added]
 *   POST /incidents/{id}/steps/{step}   action=start|done|note, note
 *   POST /incidents/{id}/steps          add a step: title, roles, actions, due
 *   POST /incidents/{id}/ticks          the offline pack's ticks: a file (ticks)
 *                                       or its text pasted (text)
 *
 * "Take and start" is one action: the app layer records the first person
 * to start a step as the one who took it.  Every change is a timeline
 * entry with its author (app_incident_step / app_incident_add_step); the
 * browser is sent back to the step (#s-ID) so that a reload does nothing
 * twice.  A refused change shows the page again with the message in that
 * step's form.  Each step is a list item rather than a table row, so its
 * form fits a phone.
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

/* What a failed POST brings back to the page. */
struct steps_state {
	const char *step;      /* the step whose form failed, or NULL */
	const char *note;      /* what was typed there */
	struct page_incident_form_error err;
	bool add_failed;       /* the add form failed: show its values */
	bool ticks_failed;     /* the pack's ticks were refused: the message is err */
	const char *title, *actions, *due;
	const char *const *roles; /* role ids ticked (NULL-terminated) */
};

/* True when role is among the ticked ones. */
static bool ticked(const struct steps_state *st, const char *role)
{
	for (size_t i = 0; st->roles && st->roles[i]; i++)
		if (strcmp(st->roles[i], role) == 0)
			return true;
	return false;
}

/* One step: what it is, where it stands, and its form. */
static void step_item(struct req *r, const struct incident *inc, const struct incident_step *s,
		      int64_t now, const struct steps_state *st, bool act)
{
	enum lang lang = r->lang;
	bool late = crisis_step_late(s, now);
	const char *sid = url_encode_segment(r, s->step);
	html(r, "<li class=\"step st-%s\" id=\"s-%s\">\n<h3><span class=\"no\">%lld</span> %s "
		"<span class=\"tag\">%s</span>",
	     step_state_name(s->state), sid, (long long)s->no, s->title,
	     page_incident_step_label(lang, s->state));
	if (late)
		html(r, " <span class=\"tag late\">%s</span>", L(lang, "遅延", "late"));
	if (s->added)
		html(r, " <span class=\"tag\">%s</span>", L(lang, "追加", "added"));
	html(r, "</h3>\n<p class=\"roles\">%s %s</p>\n", L(lang, "担当：", "Responsible:"),
	     s->roles[0] ? page_incident_role_names(r, inc, s->roles) : L(lang, "（定めなし）", "(none given)"));
	if (s->actions[0])
		html(r, "<details><summary>%s</summary><p class=\"pre\">%s</p></details>\n",
		     L(lang, "実施内容", "What to do"), s->actions);
	if (s->started_at != NO_VALUE || s->due_at != NO_VALUE) {
		html(r, "<p class=\"meta\">");
		if (s->started_at != NO_VALUE)
			html(r, "%s %s（%s）", L(lang, "開始", "Started"), page_incident_time(r, s->started_at),
			     s->taken_by);
		if (s->done_at != NO_VALUE)
			html(r, " ・ %s %s", L(lang, "完了", "done"), page_incident_time(r, s->done_at));
		if (s->due_at != NO_VALUE)
			html(r, " ・ %s %s", L(lang, "期限", "due"), page_incident_time(r, s->due_at));
		html(r, "</p>\n");
	}
	if (s->note[0])
		html(r, "<p class=\"note\"><strong>%s</strong> <span class=\"pre\">%s</span></p>\n",
		     L(lang, "メモ：", "Note:"), s->note);
	if (!act)
		goto out;
	bool mine = st->step && strcmp(st->step, s->step) == 0;
	const char *err = mine ? st->err.msg : NULL;
	html(r, "<form method=\"post\" action=\"%s\" class=\"stepform\">",
	     page_incident_url(r, inc, arena_printf(&r->arena, "/steps/%s", sid)));
	auth_csrf_field(r);
	const char *nid = arena_printf(&r->arena, "n-%s", sid);
	page_incident_textarea(r, nid, "note",
			       arena_printf(&r->arena, L(lang, "手順%lldのメモ", "Note on step %lld"), (long long)s->no),
			       mine ? st->note : NULL, err, 2);
	html(r, "<div class=\"actions\">");
	if (s->state == STEP_PENDING)
		html(r, "<button type=\"submit\" name=\"action\" value=\"start\">%s</button>",
		     L(lang, "担当して開始", "Take and start"));
	if (s->state != STEP_DONE)
		html(r, "<button type=\"submit\" name=\"action\" value=\"done\">%s</button>",
		     L(lang, "完了にする", "Mark done"));
	html(r, "<button type=\"submit\" name=\"action\" value=\"note\" class=\"minor\">%s</button></div></form>\n",
	     L(lang, "メモだけ記録", "Record the note only"));
out:
	html(r, "</li>\n");
}

/* The form that adds a step during the incident. */
static void add_form(struct req *r, const struct incident *inc, const struct steps_state *st)
{
	enum lang lang = r->lang;
	const struct page_incident_form_error *err = st->add_failed ? &st->err : NULL;
	static const char *const fields[] = { "title", "roles", "actions", "due", NULL };
	html(r, "<section aria-labelledby=\"h-add\">\n<h2 id=\"h-add\">%s</h2>\n<p>%s</p>\n",
	     L(lang, "手順を追加する", "Add a step"),
	     L(lang, "計画の手順にない作業が必要になったときに追加します（記録に残ります）。",
	       "For work the plan's procedure does not list (it is recorded)."));
	if (err)
		page_incident_error_box(r, err, fields);
	html(r, "<form method=\"post\" action=\"%s\" class=\"card wide\">", page_incident_url(r, inc, "/steps"));
	auth_csrf_field(r);
	page_input(r, "text", "title", L(lang, "手順の名前", "Title"), err ? st->title : NULL,
		   page_incident_error_for(err, "title"), "off");
	const char *roles_err = page_incident_error_for(err, "roles");
	html(r, "<fieldset class=\"months%s\"><legend>%s</legend>", roles_err ? " bad" : "",
	     L(lang, "担当する役割", "Responsible roles"));
	if (roles_err)
		html(r, "<p class=\"err\">%s</p>", roles_err);
	size_t k = 0;
	for (size_t i = 0; i < inc->n_holders; i++) {
		const struct incident_holder *h = &inc->holders[i];
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(inc->holders[j].role, h->role) == 0;
		if (seen)
			continue;
		k++;
		html(r, "<label><input type=\"checkbox\" name=\"roles\" value=\"%s\" id=\"f-role-%zu\"%s> %s</label>",
		     h->role, k, err && ticked(st, h->role) ? " checked" : "", h->role_name);
	}
	html(r, "</fieldset>\n");
	page_incident_textarea(r, "f-actions", "actions", L(lang, "実施内容（任意）", "What to do (optional)"),
			       err ? st->actions : NULL, page_incident_error_for(err, "actions"), 3);
	page_input(r, "datetime-local", "due", L(lang, "期限（任意、日本時間）", "Due (optional, Japan time)"),
		   err ? st->due : NULL, page_incident_error_for(err, "due"), NULL);
	html(r, "<button type=\"submit\">%s</button></form>\n</section>\n", L(lang, "追加する", "Add"));
}

/* The form that takes in the ticks exported from the offline pack. */
static void ticks_form(struct req *r, const struct incident *inc, const struct steps_state *st)
{
	enum lang lang = r->lang;
	html(r, "<section aria-labelledby=\"h-ticks\">\n<h2 id=\"h-ticks\">%s</h2>\n<p>%s</p>\n",
	     L(lang, "オフライン対応パックのチェックを取り込む", "Take in the ticks of the offline pack"),
	     L(lang, "パックで「書き出す」を押して作ったファイルを選ぶか、その内容を貼り付けます。"
		     "チェックはパックから入力されたものとして記録に加わり、まだ完了していない手順はチェックの時刻で完了になります。"
		     "同じチェックは二度取り込まれません。",
	       "Choose the file the pack's Export button made, or paste its text. Each tick joins the record "
	       "marked as entered from the pack; a step not yet done becomes done at the tick's time. A tick "
	       "is never taken in twice."));
	if (st->ticks_failed)
		html(r, "<p class=\"err\" role=\"alert\" id=\"ticks-err\">%s</p>\n", st->err.msg);
	html(r, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" class=\"card wide\">",
	     page_incident_url(r, inc, "/ticks"));
	auth_csrf_field(r);
	html(r, "<div class=\"f\"><label for=\"f-ticks\">%s</label>"
		"<input type=\"file\" id=\"f-ticks\" name=\"ticks\" accept=\".json,application/json\"></div>",
	     L(lang, "チェックのファイル（itbcp-ticks …json）", "The ticks file (itbcp-ticks …json)"));
	page_incident_textarea(r, "f-ticks-text", "text",
			       L(lang, "または、書き出した内容の貼り付け", "or the exported text, pasted"),
			       NULL, NULL, 3);
	html(r, "<button type=\"submit\">%s</button></form>\n</section>\n", L(lang, "取り込む", "Take in"));
}

/* The whole page. */
static int steps_page(struct req *r, const struct steps_state *st)
{
	struct incident inc = INCIDENT_INIT;
	int rc = page_incident_load(r, true, &inc);
	if (rc)
		return rc < 0 ? -1 : 0;
	int64_t now = app_incident_now();
	bool act = page_incident_may_act(r) && inc.state == INCIDENT_OPEN;
	page_incident_begin(r, &inc, ITAB_STEPS, now);
	const char *done = req_query(r, "done");
	if (done && !st->err.msg) {
		const char *msg = strcmp(done, "start") == 0 ? L(r->lang, "手順を開始しました。", "The step is started.")
				  : strcmp(done, "done") == 0 ? L(r->lang, "手順を完了にしました。", "The step is done.")
				  : strcmp(done, "note") == 0 ? L(r->lang, "メモを記録しました。", "The note is recorded.")
				  : strcmp(done, "added") == 0 ? L(r->lang, "手順を追加しました。", "The step is added.")
							       : NULL;
		if (msg)
			page_notice(r, "ok", msg);
		if (strcmp(done, "ticks") == 0) {
			const char *n = req_query(r, "n"), *k = req_query(r, "skip");
			long long added = n ? strtoll(n, NULL, 10) : 0, skipped = k ? strtoll(k, NULL, 10) : 0;
			page_notice(r, "ok", arena_printf(&r->arena,
							  L(r->lang, "パックのチェックを %lld件 記録しました（取り込み済みで省略 %lld件）。",
							    "%lld ticks of the pack recorded (%lld taken in before, skipped)."),
							  added, skipped));
		}
	}
	if (st->err.msg && (!act || (!st->add_failed && !st->step && !st->ticks_failed)))
		page_notice(r, "error", st->err.msg); /* no form to show it beside */
	else if (st->err.msg && st->step)
		page_notice(r, "error", L(r->lang, "手順を記録できませんでした。その手順のメッセージを確認してください。",
					  "The step could not be recorded; see the message at the step."));
	html(r, "<section aria-labelledby=\"h-list\">\n<h2 id=\"h-list\">%s</h2>\n<p>%s（%s）</p>\n",
	     L(r->lang, "手順（チェックリスト）", "Checklist"),
	     inc.procedure_title[0] ? inc.procedure_title : L(r->lang, "計画に手順がありません", "The plan has no procedure"),
	     page_incident_variant_label(r->lang, inc.variant));
	html(r, "<ol class=\"steplist\">\n");
	for (size_t i = 0; i < inc.n_steps; i++)
		step_item(r, &inc, &inc.steps[i], now, st, act);
	html(r, "</ol>\n</section>\n");
	if (act) {
		add_form(r, &inc, st);
		ticks_form(r, &inc, st);
	}
	page_end(r);
	incident_release(&inc);
	return 0;
}

/* GET /incidents/{id}/steps */
int page_incident_steps(struct req *r)
{
	struct steps_state st = { 0 };
	return steps_page(r, &st);
}

/* POST /incidents/{id}/steps/{step}: action=start|done|note, note. */
int page_incident_step_post(struct req *r)
{
	struct steps_state st = { .step = r->params[1], .note = page_incident_form_text(r, "note") };
	const char *action = req_form_trim(r, "action");
	bool start = strcmp(action, "start") == 0, done = strcmp(action, "done") == 0;
	int64_t id = page_incident_url_id(r);
	if (!id) {
		route_error(r, 404, NULL);
		return 0;
	}
	if (!start && !done && strcmp(action, "note") != 0) {
		route_error(r, 400, L(r->lang, "操作（開始・完了・メモ）を選んでください。",
				      "Choose what to do (start, done, note)."));
		return 0;
	}
	if (!start && !done && !*st.note) {
		st.err = (struct page_incident_form_error){ "note", L(r->lang, "メモを入力してください。",
								 "Write the note.") };
	} else {
		struct err e = ERR_INIT;
		if (app_incident_step(r->web->db_path, id, st.step, start, done, *st.note ? st.note : NULL,
				      NULL, auth_actor(r), r->lang, &e) == 0) {
			req_redirect(r, arena_printf(&r->arena, "/incidents/%lld/steps?done=%s#s-%s",
						     (long long)id, action, url_encode_segment(r, st.step)));
			return 0;
		}
		st.err = page_incident_app_error(r, &e);
	}
	r->status = 422;
	return steps_page(r, &st);
}

/* POST /incidents/{id}/steps: title, roles (several), actions, due. */
int page_incident_step_add(struct req *r)
{
	struct steps_state st = {
		.add_failed = true,
		.title = req_form_trim(r, "title"),
		.actions = page_incident_form_text(r, "actions"),
		.due = req_form_trim(r, "due"),
	};
	int64_t id = page_incident_url_id(r);
	if (!id) {
		route_error(r, 404, NULL);
		return 0;
	}
	/* the ticked roles, as the list the page shows again and as "a,b" */
	size_t n = 0;
	for (size_t i = 0; i < r->form.n; i++)
		n += strcmp(r->form.v[i].name, "roles") == 0;
	const char **roles = arena_alloc(&r->arena, (n + 1) * sizeof *roles);
	struct buf joined = BUF_INIT;
	n = 0;
	bool comma = false;
	for (size_t i = 0; i < r->form.n; i++)
		if (strcmp(r->form.v[i].name, "roles") == 0) {
			roles[n++] = r->form.v[i].value;
			comma = comma || strchr(r->form.v[i].value, ',');
			buf_addf(&joined, "%s%s", joined.len ? "," : "", r->form.v[i].value);
		}
	st.roles = roles;
	bool bad = false;
	const char *due = page_incident_form_time(r, "due", &bad);
	if (!*st.title) {
		st.err = (struct page_incident_form_error){ "title", L(r->lang, "手順の名前を入力してください。",
								  "Give the step a title.") };
	} else if (bad) {
		st.err = (struct page_incident_form_error){ "due", page_incident_time_hint(r->lang) };
	} else if (comma) { /* a role id never holds a comma: the list would split it */
		st.err = (struct page_incident_form_error){ "roles", L(r->lang, "役割の指定が正しくありません。",
								  "A role is not valid.") };
	} else {
		struct err e = ERR_INIT;
		char *sid = NULL;
		if (app_incident_add_step(r->web->db_path, id, st.title, n ? joined.data : NULL,
					  *st.actions ? st.actions : NULL, due, auth_actor(r), r->lang,
					  &sid, &e) == 0) {
			req_redirect(r, arena_printf(&r->arena, "/incidents/%lld/steps?done=added#s-%s",
						     (long long)id, url_encode_segment(r, sid)));
			free(sid);
			buf_release(&joined);
			return 0;
		}
		st.err = page_incident_app_error(r, &e);
	}
	buf_release(&joined);
	r->status = 422;
	return steps_page(r, &st);
}

/* POST /incidents/{id}/ticks: the ticks file of the offline pack (ticks),
 * or its text (text), taken in by app_incident_import_ticks. */
int page_incident_ticks_post(struct req *r)
{
	struct steps_state st = { .ticks_failed = true };
	int64_t id = page_incident_url_id(r);
	if (!id) {
		route_error(r, 404, NULL);
		return 0;
	}
	const struct req_file *f = req_file(r, "ticks");
	const char *text = req_form_trim(r, "text");
	const char *data = NULL, *name = NULL;
	size_t len = 0;
	if (f && f->len) {
		data = f->data;
		len = f->len;
		name = f->filename[0] ? f->filename : "ticks";
	} else if (*text) {
		data = text;
		len = strlen(text);
		name = L(r->lang, "貼り付けた内容", "the pasted text");
	}
	if (!data) {
		st.err = (struct page_incident_form_error){
			"ticks", L(r->lang, "チェックのファイルを選ぶか、内容を貼り付けてください。",
				   "Choose the ticks file or paste its text.") };
	} else {
		struct err e = ERR_INIT;
		struct app_ticks_result res;
		if (app_incident_import_ticks(r->web->db_path, id, data, len, name, auth_actor(r), r->lang,
					      &res, &e) == 0) {
			req_redirect(r, arena_printf(&r->arena, "/incidents/%lld/steps?done=ticks&n=%zu&skip=%zu",
						     (long long)id, res.added, res.already));
			return 0;
		}
		st.err = (struct page_incident_form_error){ "ticks", arena_strdup(&r->arena, e.msg) };
	}
	r->status = 422;
	return steps_page(r, &st);
}
