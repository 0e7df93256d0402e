/*
 * page_incident_board.c — the incident board (状況ボード, issue 5 item 2).
 *
 *   GET /incidents/{id}[?done=started][&auto=1]
 *
 * Who has answered and how (safe / injured / cannot act), who is on the
 * way and when they arrive, who is silent — per assembly location (§2.1.4)
 * with the names, and per crisis role with who covers it (the holder, else
 * a deputy, else nobody); the times at which 25, 50 and 75 % of those
 * called had answered; the systems against their deadlines, S tier first;
 * the checklist at a glance.
 *
 * It is the page everyone reloads during the first hour, while the
 * check-ins arrive in bursts, so it reads only what the board needs
 * (store_incident_load_board: each person's first and latest report, not
 * every report) and the cached plan (for phone numbers).  Its one form is
 * for responders who take a call from someone without their link:
 *
 *   POST /incidents/{id}/checkins   person, status, assembly, eta, location, note
 *
 * enters that person's report through app_incident_checkin with the
 * signed-in user as its author (the timeline and the board say it was
 * entered for the person); a bad field is answered 422 with the board and
 * the message beside the field, nothing written; success is 303 back to
 * the board.  The form is left out while the page refreshes itself
 * (?auto=1), which would wipe what is being typed.
 * The order is the phone's (issue 16 item 15): the totals and the roles
 * nobody covers come first, and every other part — the form, the roles
 * table, the locations with their people, the systems, the checklist —
 * is a <details> that folds away (no script: its heading is the summary).
 * From 60em of screen the stylesheet keeps every fold open, so a desktop
 * shows the whole board as before.  A fold opens by itself when a link
 * names something inside it (#proxy) and the form's opens after a refused
 * post.
 * Phone numbers, where people are and their notes are personal
 * (§2.2.2 contact lists are for the responders): viewers see the status
 * only.  ?auto=1 adds a Refresh header (the same as a meta refresh, and
 * no script), chosen by the person so that the page does not move
 * under a screen reader unasked (WCAG 2.2.1).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_deliver.h"
#include "app/app_incident.h"
#include "render/card/card_qr.h"
#include "store/outbox_hold.h"
#include "store/outbox_store.h"
#include "store/store.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/svg.h"
#include "web/core/url.h"
#include "web/pages/incident/page_incident.h"
#include "web/core/web.h"

/* Opens a part of the board that folds away on a phone: a section whose
 * heading (h-ID) is the summary of a <details>, open when open is true.
 * note (may be NULL) follows the heading in the summary: a count that says
 * whether it is worth opening. */
static void fold_begin(struct req *r, const char *id, const char *title, const char *note, bool open)
{
	html(r, "<section id=\"%s\" class=\"fold\" aria-labelledby=\"h-%s\">\n<details%s><summary>"
		"<h2 id=\"h-%s\">%s</h2>",
	     id, id, open ? " open" : "", id, title);
	if (note)
		html(r, " <span class=\"note\">%s</span>", note);
	html(r, "</summary>\n");
}

/* Closes what fold_begin opened. */
static void fold_end(struct req *r)
{
	html(r, "</details>\n</section>\n");
}

/* The roles a person holds, by name. */
static const char *person_roles(struct req *r, const struct incident *inc,
				const struct incident_person *p)
{
	return page_incident_role_names(r, inc, p->roles);
}

/* Where a person stands, for people: "移動中（到着予定 19:10）". */
static const char *presence_text(struct req *r, const struct crisis_person_state *ps)
{
	const char *s = page_incident_presence_label(r->lang, ps->presence);
	if (ps->presence == PRESENCE_ON_THE_WAY && ps->latest)
		return arena_printf(&r->arena, L(r->lang, "%s（到着予定 %s）", "%s (arriving %s)"), s,
				    page_incident_time(r, ps->latest->eta));
	return s;
}

/* The contact cell: work phone and mobile as tel: links. */
static void phones(struct req *r, const struct plan *p, const char *person)
{
	const struct person *x = plan_person(p, person);
	html(r, "<td class=\"tel\" data-label=\"%s\">", L(r->lang, "連絡先", "Phone"));
	if (x && x->phone[0])
		html(r, "<a href=\"tel:%s\">%s</a> <small>%s</small><br>", x->phone, x->phone,
		     L(r->lang, "職場", "work"));
	if (x && x->mobile[0])
		html(r, "<a href=\"tel:%s\">%s</a> <small>%s</small>", x->mobile, x->mobile,
		     L(r->lang, "携帯", "mobile"));
	html(r, "</td>");
}

/* What the outbox holds for the incident's people (issue 14), sorted by
 * person: the board's "連絡" column. */
struct sent_index {
	struct outbox_person *v;
	size_t n;
};

static int by_person(const void *key, const void *elem)
{
	return strcmp(key, ((const struct outbox_person *)elem)->person);
}

/* The "連絡 / Sent" cell: whether the person's messages went and when;
 * no addresses (they are personal), only counts and the time. */
static void sent_cell(struct req *r, const struct sent_index *si, const char *person)
{
	enum lang lang = r->lang;
	const struct outbox_person *o =
		si->n ? bsearch(person, si->v, si->n, sizeof *si->v, by_person) : NULL;
	html(r, "<td class=\"sent\" data-label=\"%s\">", L(lang, "連絡", "Sent"));
	if (!o)
		html(r, "—");
	else if (o->failed)
		html(r, "<strong>%s %d/%d</strong>", L(lang, "送信失敗", "failed"), o->failed, o->total);
	else if (o->waiting)
		html(r, "%s %d/%d", L(lang, "送信待ち", "waiting"), o->sent, o->total);
	else
		html(r, "%s %d/%d", L(lang, "送信済み", "sent"), o->sent, o->total);
	if (o && o->last_sent_at != NO_VALUE)
		html(r, " <small>%s</small>", page_incident_time(r, o->last_sent_at));
	/* the follow-up of a silent person (issue 14): reminders, deputies */
	if (o && o->reminders)
		html(r, "<br><small>%s</small>",
		     arena_printf(&r->arena, L(lang, "再通知 %d回", "%d reminder(s)"), o->reminders));
	if (o && o->deputies_told)
		html(r, "<br><small>%s</small>", L(lang, "代理者に連絡済み", "deputies told"));
	html(r, "</td>");
}

/* One person's row. */
static void person_row(struct req *r, const struct incident *inc, const struct plan *p,
		       const struct crisis_person_state *ps, bool personal,
		       const struct sent_index *si)
{
	const struct checkin *c = ps->latest;
	enum lang lang = r->lang;
	html(r, "<tr class=\"%s\"><th scope=\"row\">%s</th><td class=\"roles\" data-label=\"%s\">%s</td>",
	     presence_name(ps->presence), ps->person->name, L(lang, "役割", "Role"),
	     person_roles(r, inc, ps->person));
	html(r, "<td data-label=\"%s\">%s</td>", L(lang, "安否", "Safety"),
	     c ? page_incident_status_label(lang, c->status) : "—");
	html(r, "<td data-label=\"%s\">%s</td><td class=\"time\" data-label=\"%s\">%s", L(lang, "参集", "Assembly"),
	     presence_text(r, ps), L(lang, "報告", "Reported"), c ? page_incident_time(r, c->at) : "—");
	if (c && strcmp(c->author, "self") != 0)
		html(r, " <small>%s</small>",
		     arena_printf(&r->arena, L(lang, "（%s が代理入力）", "(entered by %s)"), c->author));
	if (personal && c && (c->location[0] || c->note[0]))
		html(r, "<br><small>%s%s%s</small>", c->location, c->location[0] && c->note[0] ? " / " : "",
		     c->note);
	html(r, "</td>");
	sent_cell(r, si, ps->person->person);
	if (personal)
		phones(r, p, ps->person->person);
	html(r, "</tr>\n");
}

/* "呼出 8・回答 3・無事 2 …" for a group. */
static void group_counts(struct req *r, const struct crisis_group *g)
{
	enum lang lang = r->lang;
	html(r, "<ul class=\"counts\"><li>%s <strong>%zu/%zu</strong></li><li>%s %zu</li><li>%s %zu</li>"
		"<li>%s %zu</li><li>%s %zu</li><li>%s %zu</li><li>%s %zu</li><li>%s %zu</li></ul>\n",
	     L(lang, "回答", "answered"), g->answered, g->called, L(lang, "無事", "safe"), g->safe,
	     L(lang, "負傷", "injured"), g->injured, L(lang, "対応不可", "cannot act"), g->cannot_act,
	     L(lang, "参集済み", "on site"), g->presence[PRESENCE_ON_SITE],
	     L(lang, "移動中", "on the way"), g->presence[PRESENCE_ON_THE_WAY],
	     L(lang, "オンライン", "online"), g->presence[PRESENCE_ONLINE],
	     L(lang, "未回答", "silent"), g->presence[PRESENCE_SILENT]);
}

/* The people table's head. */
static void people_head(struct req *r, const char *caption, bool personal)
{
	page_incident_table_open(r, "people stack", caption);
	html(r, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
	     L(r->lang, "氏名", "Name"), L(r->lang, "役割", "Role"),
	     L(r->lang, "安否", "Safety"), L(r->lang, "参集", "Assembly"),
	     L(r->lang, "報告", "Reported"), L(r->lang, "連絡", "Sent"));
	if (personal)
		html(r, "<th scope=\"col\">%s</th>", L(r->lang, "連絡先", "Phone"));
	html(r, "</tr></thead>\n<tbody>\n");
}

/* Per assembly location: the counts and the people, the silent first. */
static void locations(struct req *r, const struct incident *inc, const struct crisis_board *b,
		      const struct plan *p, bool personal, const struct sent_index *si)
{
	fold_begin(r, "loc", L(r->lang, "参集場所別の安否・参集（§2.1.4）", "Safety and assembly by location (§2.1.4)"),
		   arena_printf(&r->arena, L(r->lang, "%zu か所", "%zu places"), b->n_locations), false);
	for (size_t i = 0; i < b->n_locations; i++) {
		const struct crisis_group *g = &b->locations[i];
		html(r, "<h3 id=\"loc-%zu\">%s</h3>\n", i + 1,
		     g->name[0] ? g->name : L(r->lang, "（参集場所の定めなし）", "(no assembly location)"));
		group_counts(r, g);
		people_head(r, arena_printf(&r->arena, L(r->lang, "%s の要員（未回答の人が先）",
							  "People for %s (silent first)"),
					    g->name[0] ? g->name : "—"),
			    personal);
		for (int silent = 1; silent >= 0; silent--)
			for (size_t k = 0; k < b->n_people; k++) {
				const struct crisis_person_state *ps = &b->people[k];
				if (!ps->person->called || ps->person->ask != ASK_ASSEMBLE ||
				    strcmp(ps->person->location, g->key) != 0 ||
				    (ps->presence == PRESENCE_SILENT) != (silent == 1))
					continue;
				person_row(r, inc, p, ps, personal, si);
			}
		html(r, "</tbody></table></div>\n");
	}
	fold_end(r);
}

/* The board's state of person id, or NULL. */
static const struct crisis_person_state *state_of(const struct incident *inc,
						  const struct crisis_board *b, const char *id)
{
	const struct incident_person *p = incident_person_find(inc, id);
	return p ? &b->people[p - inc->people] : NULL;
}

/* Every holder of role g, the holder first, each with where they stand. */
static void holders(struct req *r, const struct incident *inc, const struct crisis_board *b,
		    const struct crisis_group *g)
{
	enum lang lang = r->lang;
	html(r, "<ul class=\"plain\">");
	for (size_t k = 0; k < inc->n_holders; k++) {
		const struct incident_holder *h = &inc->holders[k];
		if (strcmp(h->role, g->key) != 0)
			continue;
		const struct crisis_person_state *ps = state_of(inc, b, h->person);
		html(r, "<li>%s <small>%s</small>: %s</li>", page_incident_person_name(inc, h->person),
		     h->rank == 0 ? L(lang, "担当者", "holder")
				  : arena_printf(&r->arena, L(lang, "代理者%lld", "deputy %lld"), (long long)h->rank),
		     ps ? presence_text(r, ps) : "—");
	}
	html(r, "</ul>");
}

/* Per role: who covers it, and every holder with their state. */
static void roles(struct req *r, const struct incident *inc, const struct crisis_board *b)
{
	enum lang lang = r->lang;
	fold_begin(r, "roles", L(lang, "役割ごとの対応者（担当者、いなければ代理者）", "Who covers each role (holder, else a deputy)"),
		   arena_printf(&r->arena, L(lang, "%zu 役割", "%zu roles"), b->n_roles), false);
	html(r, "<p>%s</p>\n",
	     L(lang, "回答して対応できる人のうち、担当者を先に、次に代理者を順位の順に選びます。誰も対応できない役割は「対応者なし」です。",
	       "Of those who answered and can act, the holder first, then the deputies in their order. A role nobody can take shows “nobody”."));
	page_incident_table_open(r, "roles stack", L(lang, "役割別の対応者と回答", "Roles: who covers them, who answered"));
	html(r, "<thead><tr><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	     L(lang, "役割", "Role"), L(lang, "対応者", "Covered by"),
	     L(lang, "担当者・代理者の状況", "Holder and deputies"), L(lang, "回答", "Answered"));
	for (size_t i = 0; i < b->n_roles; i++) {
		const struct crisis_group *g = &b->roles[i];
		html(r, "<tr class=\"cover-%s\"><th scope=\"row\">%s</th><td class=\"cover\" data-label=\"%s\"><strong>%s</strong>",
		     coverage_name(g->cover), g->name, L(lang, "対応者", "Covered by"),
		     page_incident_cover_label(lang, g->cover));
		if (g->cover_person)
			html(r, "<br>%s", page_incident_person_name(inc, g->cover_person));
		html(r, "</td><td data-label=\"%s\">", L(lang, "担当者・代理者", "Holder and deputies"));
		holders(r, inc, b, g);
		html(r, "</td><td class=\"num\" data-label=\"%s\">%zu/%zu</td></tr>\n", L(lang, "回答", "Answered"),
		     g->answered, g->called);
	}
	html(r, "</tbody></table></div>\n");
	fold_end(r);
}

/* The roles nobody can take now (対応者なし), first on the board after the
 * totals: what a lead must act on, never folded away. */
static void uncovered(struct req *r, const struct incident *inc, const struct crisis_board *b)
{
	enum lang lang = r->lang;
	size_t n = 0;
	for (size_t i = 0; i < b->n_roles; i++)
		n += b->roles[i].cover == COVER_NONE;
	html(r, "<section id=\"uncovered\" aria-labelledby=\"h-uncovered\">\n<h2 id=\"h-uncovered\">%s "
		"<small>%zu</small></h2>\n",
	     L(lang, "対応者のいない役割", "Roles nobody covers"), n);
	if (n == 0) {
		html(r, "<p>%s</p>\n</section>\n",
		     L(lang, "すべての役割に対応者（担当者または代理者）がいます。",
		       "Every role is covered (by its holder or a deputy)."));
		return;
	}
	html(r, "<ul class=\"uncovered\">\n");
	for (size_t i = 0; i < b->n_roles; i++) {
		const struct crisis_group *g = &b->roles[i];
		if (g->cover != COVER_NONE)
			continue;
		html(r, "<li><strong>%s</strong> <small>%s %zu/%zu</small>", g->name,
		     L(lang, "回答", "answered"), g->answered, g->called);
		holders(r, inc, b, g);
		html(r, "</li>\n");
	}
	html(r, "</ul>\n</section>\n");
}

/* The answer-rate times of one population (first answers). */
static void answer_times(struct req *r, const struct incident *inc, const int64_t at[3])
{
	enum lang lang = r->lang;
	static const char *const pct[3] = { "25", "50", "75" };
	html(r, "<dl class=\"facts\">");
	for (int k = 0; k < 3; k++)
		html(r, "<div><dt>%s%%%s</dt><dd>%s</dd></div>", pct[k], L(lang, "が回答した時刻", " answered at"),
		     at[k] == NO_VALUE ? L(lang, "未到達", "not yet")
				       : arena_printf(&r->arena, "%s（%s %s）", page_incident_time(r, at[k]),
						      L(lang, "発生から", "after"),
						      page_incident_duration(r, at[k] - inc->started_at)));
	html(r, "</dl>\n");
}

/* Totals and the answer-rate times. */
static void summary(struct req *r, const struct incident *inc, const struct crisis_board *b)
{
	enum lang lang = r->lang;
	size_t safe = 0, injured = 0, cannot = 0, pres[PRESENCE_COUNT] = { 0 };
	for (size_t i = 0; i < b->n_locations; i++) {
		safe += b->locations[i].safe;
		injured += b->locations[i].injured;
		cannot += b->locations[i].cannot_act;
		for (int k = 0; k < PRESENCE_COUNT; k++)
			pres[k] += b->locations[i].presence[k];
	}
	html(r, "<section aria-labelledby=\"h-sum\">\n<h2 id=\"h-sum\">%s</h2>\n"
		"<p class=\"big\">%s <strong>%zu</strong> / %zu%s</p>\n",
	     L(lang, "参集要員の安否・参集の状況", "Called in: safety and assembly"), L(lang, "回答", "Answered"),
	     b->answered, b->called, L(lang, "名（参集要員）", " people called in"));
	struct crisis_group all = { .called = b->called, .answered = b->answered, .safe = safe,
				    .injured = injured, .cannot_act = cannot };
	memcpy(all.presence, pres, sizeof pres);
	group_counts(r, &all);
	answer_times(r, inc, b->answer_at);
	html(r, "</section>\n");
}

/* The staff asked only whether they are safe (安否確認), apart from those
 * called in: the counts, their answer-rate times, and by name those who
 * are hurt or cannot act (the silent are counted: there may be
 * thousands). */
static void safety_only(struct req *r, const struct incident *inc, const struct crisis_board *b,
			const struct plan *p, bool personal, const struct sent_index *si)
{
	enum lang lang = r->lang;
	if (!b->asked)
		return;
	fold_begin(r, "asked", L(lang, "安否確認（参集対象外の職員）", "Safety check of the other staff (not called in)"),
		   arena_printf(&r->arena, L(lang, "回答 %zu/%zu", "answered %zu/%zu"), b->asked_answered, b->asked),
		   false);
	html(r, "<p class=\"big\">%s <strong>%zu</strong> / %zu%s</p>\n", L(lang, "回答", "Answered"),
	     b->asked_answered, b->asked, L(lang, "名（安否確認）", " people asked"));
	html(r, "<ul class=\"counts\"><li>%s %zu</li><li>%s %zu</li><li>%s %zu</li><li>%s %zu</li></ul>\n",
	     L(lang, "無事", "safe"), b->asked_safe, L(lang, "負傷", "injured"), b->asked_injured,
	     L(lang, "対応不可", "cannot act"), b->asked_cannot_act, L(lang, "未回答", "silent"),
	     b->asked - b->asked_answered);
	answer_times(r, inc, b->asked_answer_at);
	if (b->asked_injured + b->asked_cannot_act) {
		people_head(r, L(lang, "負傷・対応不可と回答した人", "Those who reported injured or unable to act"),
			    personal);
		for (size_t k = 0; k < b->n_people; k++) {
			const struct crisis_person_state *ps = &b->people[k];
			if (ps->person->ask == ASK_SAFETY && ps->latest && ps->latest->status != CHECKIN_SAFE)
				person_row(r, inc, p, ps, personal, si);
		}
		html(r, "</tbody></table></div>\n");
	}
	fold_end(r);
}

/* The systems at a glance, S tier first. */
static void systems(struct req *r, const struct incident *inc, const struct crisis_board *b)
{
	enum lang lang = r->lang;
	size_t late = 0;
	for (size_t i = 0; i < b->n_systems; i++)
		late += b->systems[i].overdue && b->systems[i].s->work != WORK_RESTORED;
	fold_begin(r, "sys", L(lang, "情報システムの被害と復旧", "Systems: damage and recovery"),
		   arena_printf(&r->arena, L(lang, "%zu システム・期限超過 %zu", "%zu systems, %zu overdue"),
				b->n_systems, late),
		   false);
	page_incident_table_open(r, "stack", L(lang, "復旧優先度の高い順。期限＝発生時刻＋RTO", "Highest priority first; deadline = event time + RTO"));
	html(r, "<thead><tr><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	     L(lang, "システム", "System"), L(lang, "被害", "Damage"), L(lang, "作業", "Work"),
	     L(lang, "期限", "Deadline"), L(lang, "残り", "Left"));
	for (size_t i = 0; i < b->n_systems; i++) {
		const struct crisis_system_state *x = &b->systems[i];
		html(r, "<tr class=\"tier-%s\"><th scope=\"row\"><span class=\"badge\">%s</span> "
			"<a href=\"%s\">%s</a></th><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			"<td class=\"time\" data-label=\"%s\">%s</td>",
		     tier_name(x->s->tier), tier_name(x->s->tier),
		     page_incident_url(r, inc, arena_printf(&r->arena, "/systems/%s", url_encode_segment(r, x->s->system))),
		     x->s->name, L(lang, "被害", "Damage"), page_incident_damage_label(lang, x->s->damage),
		     L(lang, "作業", "Work"), page_incident_work_label(lang, x->s->work), L(lang, "期限", "Deadline"),
		     page_incident_time(r, x->deadline));
		if (x->s->work == WORK_RESTORED)
			html(r, "<td data-label=\"%s\">%s</td>", L(lang, "残り", "Left"), L(lang, "復旧済み", "restored"));
		else if (x->overdue)
			html(r, "<td class=\"late\" data-label=\"%s\"><strong>%s %s</strong></td>", L(lang, "残り", "Left"),
			     L(lang, "超過", "overdue"), page_incident_duration(r, -x->left));
		else
			html(r, "<td class=\"time\" data-label=\"%s\">%s</td>", L(lang, "残り", "Left"),
			     page_incident_duration(r, x->left));
		html(r, "</tr>\n");
	}
	html(r, "</tbody></table></div>\n");
	fold_end(r);
}

/* The checklist at a glance. */
static void steps(struct req *r, const struct incident *inc, const struct crisis_board *b)
{
	fold_begin(r, "steps", L(r->lang, "手順（チェックリスト）", "Checklist"),
		   arena_printf(&r->arena, L(r->lang, "完了 %zu/%zu", "%zu/%zu done"), b->steps_done, inc->n_steps),
		   false);
	html(r, "<p>%s %zu/%zu・%s %zu ・<a href=\"%s\">%s</a></p>\n<ol class=\"steps-mini\">",
	     inc->procedure_title[0] ? inc->procedure_title : L(r->lang, "（手順なし）", "(no procedure)"),
	     b->steps_done, inc->n_steps, L(r->lang, "実施中", "started"), b->steps_started,
	     page_incident_url(r, inc, "/steps"), L(r->lang, "手順を進める", "Work the checklist"));
	for (size_t i = 0; i < inc->n_steps; i++) {
		const struct incident_step *s = &inc->steps[i];
		html(r, "<li value=\"%lld\" class=\"st-%s\">%s <span class=\"tag\">%s</span></li>", (long long)s->no,
		     step_state_name(s->state), s->title, page_incident_step_label(r->lang, s->state));
	}
	html(r, "</ol>\n");
	fold_end(r);
}

/* What starting called in: the notice after POST /incidents. */
static void started_notice(struct req *r, const struct incident *inc, const struct crisis_board *b,
			   const struct plan *p)
{
	const char *how = L(r->lang, "最高責任者の判断による参集", "assembly on the chief's decision");
	for (size_t i = 0; inc->automatic && i < p->n_assembly_criteria; i++)
		if (strcmp(p->assembly_criteria[i].id, inc->criterion) == 0)
			how = arena_printf(&r->arena, L(r->lang, "自動参集（%s）", "automatic assembly (%s)"),
					   p->assembly_criteria[i].condition);
	page_notice(r, "ok",
		    arena_printf(&r->arena,
				 L(r->lang, "発動しました。%s。%zu名を招集し（ほかに%zu名へ安否確認）、「%s」（%s、%zu手順）をチェックリストにしました。",
				   "Started: %s. %zu people called in (and %zu more asked if safe); the checklist is “%s” (%s, %zu steps)."),
				 how, b->called, b->asked,
				 inc->procedure_title[0] ? inc->procedure_title : L(r->lang, "手順なし", "none"),
				 page_incident_variant_label(r->lang, inc->variant), inc->n_steps));
}

/* The hold before the call-out (issue 14 item 2): while held, the time
 * left and when it goes, and for responders 「今すぐ送信」 and 「停止」;
 * once stopped (or withdrawn by JMA's 取消), that nothing was sent, and a
 * button to send after all.  The time is the server's clock, as the
 * sender's: not the incident clock (ITBCP_NOW) of the record. */
static void hold_section(struct req *r, const struct incident *inc, enum outbox_hold hold,
			 int64_t until)
{
	enum lang lang = r->lang;
	if (inc->state != INCIDENT_OPEN || (hold != HOLD_HELD && hold != HOLD_STOPPED &&
					    hold != HOLD_WITHDRAWN))
		return;
	bool act = page_incident_may_act(r);
	html(r, "<section id=\"hold\" class=\"card wide\" aria-labelledby=\"h-hold\">\n<h2 id=\"h-hold\">%s</h2>\n",
	     hold == HOLD_HELD ? L(lang, "安否確認の一斉送信は保留中です", "The call-out is on hold")
			       : L(lang, "安否確認の一斉送信は止まっています", "The call-out was stopped"));
	if (hold == HOLD_HELD) {
		int64_t left = until - (int64_t)time(NULL);
		if (left < 0)
			left = 0;
		char at[24];
		crisis_time_short(until, at, sizeof at);
		html(r, "<p class=\"big\">%s <strong class=\"countdown\">%s</strong>%s</p>\n"
			"<p class=\"hint\">%s</p>\n",
		     L(lang, "送信まであと", "Sending in"),
		     arena_printf(&r->arena, L(lang, "%lld分%02lld秒", "%lld min %02lld s"),
				  (long long)(left / 60), (long long)(left % 60)),
		     arena_printf(&r->arena, L(lang, "（%s に全員へ送信）", " (to everyone called, at %s)"), at),
		     L(lang, "この間に誤報と分かれば「停止」で送信を取り止められます。気象庁の取消が届けば自動で取り止めます。このページは保留中10秒ごとに更新されます。",
		       "If this is a false alarm, “Stop” withdraws it before anything is sent; a withdrawal (取消) from JMA stops it by itself. The page refreshes every 10 s while on hold."));
	} else {
		html(r, "<p>%s</p>\n",
		     hold == HOLD_WITHDRAWN
			     ? L(lang, "気象庁の取消により、一斉送信を取り止めました。誰にも送信していません。",
				 "JMA withdrew the report: the call-out was withdrawn and nothing was sent.")
			     : L(lang, "保留中に停止されました。誰にも送信していません。",
				 "It was stopped while on hold: nothing was sent."));
	}
	if (act) {
		html(r, "<form method=\"post\" action=\"%s\" class=\"actions\">", page_incident_url(r, inc, "/hold"));
		auth_csrf_field(r);
		html(r, "<button type=\"submit\" name=\"action\" value=\"send\">%s</button>\n",
		     hold == HOLD_HELD ? L(lang, "今すぐ送信", "Send now") : L(lang, "全員に送信する", "Send to everyone after all"));
		if (hold == HOLD_HELD)
			html(r, "<button type=\"submit\" name=\"action\" value=\"stop\" class=\"danger\">%s</button>\n",
			     L(lang, "停止（送信しない）", "Stop (send nothing)"));
		html(r, "</form>\n");
	}
	html(r, "</section>\n");
}

/* The proxy check-in form's state: what was posted, and its error. */
struct proxy_form {
	const char *person, *status, *assembly, *eta, *location, *note;
	struct page_incident_form_error err;
};

/* The person select: everyone called, the silent first, each with where
 * they stand now. */
static void person_select(struct req *r, const struct crisis_board *b, const struct proxy_form *f)
{
	size_t n = 1;
	const char **v = arena_alloc(&r->arena, (b->n_people + 1) * sizeof *v);
	const char **l = arena_alloc(&r->arena, (b->n_people + 1) * sizeof *l);
	v[0] = "";
	l[0] = L(r->lang, "— 選んでください —", "— choose —");
	for (int silent = 1; silent >= 0; silent--)
		for (size_t k = 0; k < b->n_people; k++) {
			const struct crisis_person_state *ps = &b->people[k];
			if (!ps->person->called || (ps->presence == PRESENCE_SILENT) != (silent == 1))
				continue;
			v[n] = ps->person->person;
			l[n++] = arena_printf(&r->arena, "%s%s%s — %s", ps->person->name,
					      ps->person->department[0] ? L(r->lang, "・", ", ") : "",
					      ps->person->department, presence_text(r, ps));
		}
	page_incident_select(r, "f-person", "person", L(r->lang, "報告した人", "Who reported"), v, l, n,
			     f->person, page_incident_error_for(&f->err, "person"));
}

/* The form a responder fills in for someone who phoned in (§2.3.2 step 1,
 * for those who cannot use their own link).  While the page refreshes
 * itself only a link to the still page is shown. */
static void proxy_section(struct req *r, const struct incident *inc, const struct crisis_board *b,
			  const struct proxy_form *f, bool auto_refresh)
{
	enum lang lang = r->lang;
	static const char *const fields[] = { "person", "status", "assembly", "eta", "location", "note", NULL };
	static const char *const sv[] = CHECKIN_STATUS_NAMES;
	static const char *const av[] = { "", "yes", "online", "no" };
	/* open again after a refused post, so the message beside the field shows */
	fold_begin(r, "proxy", L(lang, "電話などで受けた安否の代理入力", "Enter a report received by phone"),
		   NULL, f->err.msg != NULL);
	if (auto_refresh) {
		html(r, "<p>%s <a href=\"%s\">%s</a></p>\n</details>\n</section>\n",
		     L(lang, "自動更新中は入力欄を表示しません（入力中の内容が消えるため）。",
		       "The form is hidden while the page refreshes itself (it would wipe what you type)."),
		     page_incident_url(r, inc, "#proxy"),
		     L(lang, "自動更新を止めて入力する", "Stop refreshing and enter a report"));
		return;
	}
	html(r, "<p class=\"hint\">%s</p>\n",
	     arena_printf(&r->arena,
			  L(lang, "本人用の安否報告リンクを使えない人から電話などで受けた内容を入力します。記録者は %s として残ります。",
			    "For someone who cannot use their own check-in link and reports by phone or in person. "
			    "The record names you (%s) as the one who entered it."),
			  auth_actor(r)));
	page_incident_error_box(r, &f->err, fields);
	html(r, "<form method=\"post\" action=\"%s\" class=\"card wide\">\n", page_incident_url(r, inc, "/checkins"));
	auth_csrf_field(r);
	person_select(r, b, f);
	const char *sl[] = { page_incident_status_label(lang, CHECKIN_SAFE), page_incident_status_label(lang, CHECKIN_INJURED),
			     page_incident_status_label(lang, CHECKIN_CANNOT_ACT) };
	page_incident_select(r, "f-status", "status", L(lang, "安否", "Safety"), sv, sl, 3,
			     f->status && *f->status ? f->status : "safe", page_incident_error_for(&f->err, "status"));
	const char *al[] = { L(lang, "安否に従う（対応不可なら参集しない）", "from the safety (cannot act: will not assemble)"),
			     L(lang, "参集する", "will assemble"), L(lang, "オンラインで参加", "joins online"),
			     L(lang, "参集しない", "will not assemble") };
	page_incident_select(r, "f-assembly", "assembly", L(lang, "参集", "Assembly"), av, al, 4, f->assembly,
			     page_incident_error_for(&f->err, "assembly"));
	const char *eta_err = page_incident_error_for(&f->err, "eta");
	html(r, "<div class=\"field%s\"><label for=\"f-eta\">%s</label>", eta_err ? " bad" : "",
	     L(lang, "到着予定（日本時間、任意）", "Expected arrival (Japan time, optional)"));
	if (eta_err)
		html(r, "<p class=\"err\" id=\"f-eta-err\">%s</p>", eta_err);
	html(r, "<input type=\"datetime-local\" id=\"f-eta\" name=\"eta\" value=\"%s\"", f->eta ? f->eta : "");
	if (eta_err)
		html(r, " aria-invalid=\"true\" aria-describedby=\"f-eta-err\"");
	html(r, "></div>\n");
	page_input(r, "text", "location", L(lang, "現在地（任意）", "Where they are (optional)"), f->location,
		   page_incident_error_for(&f->err, "location"), "off");
	page_incident_textarea(r, "f-note", "note", L(lang, "メモ（任意）", "Note (optional)"), f->note,
			       page_incident_error_for(&f->err, "note"), 2);
	/* The same form's person, sent elsewhere: no second list of everyone. */
	html(r, "<button type=\"submit\">%s</button>\n"
		"<button type=\"submit\" class=\"secondary\" formaction=\"%s\" formnovalidate>%s</button>\n"
		"<button type=\"submit\" class=\"secondary\" formaction=\"%s\" formnovalidate>%s</button>\n"
		"</form>\n</details>\n</section>\n",
	     L(lang, "安否を記録する", "Record the report"), page_incident_url(r, inc, "/resend"),
	     L(lang, "この人に安否報告リンクを再送", "Send this person their link again"),
	     page_incident_url(r, inc, "/qr"),
	     L(lang, "この人のリンクをQRコードで表示", "Show this person's link as a QR code"));
}

/* The board, with the proxy form's state f. */
static int board_page(struct req *r, const struct proxy_form *f)
{
	struct incident inc = INCIDENT_INIT;
	struct crisis_board b = CRISIS_BOARD_INIT;
	int rc = page_incident_load(r, true, &inc);
	if (rc)
		return rc < 0 ? -1 : 0;
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p) {
		incident_release(&inc);
		return -1;
	}
	bool personal = page_incident_may_see_personal(r);
	bool auto_refresh = inc.state == INCIDENT_OPEN && req_query(r, "auto") &&
			    strcmp(req_query(r, "auto"), "1") == 0;
	int64_t now = app_incident_now();
	enum outbox_hold hold;
	int64_t hold_until;
	if (store_hold_get(r->store, inc.id, &hold, &hold_until, &r->err)) {
		incident_release(&inc);
		return -1;
	}
	crisis_board_compute(&inc, now, &b);
	/* while held the countdown is what matters: fresh every 10 s */
	if (inc.state == INCIDENT_OPEN && hold == HOLD_HELD)
		req_set_header(r, "Refresh", "10");
	else if (auto_refresh)
		req_set_header(r, "Refresh", "60");
	page_incident_begin(r, &inc, ITAB_BOARD, now);
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "started") == 0)
		started_notice(r, &inc, &b, p);
	if (done && strcmp(done, "resent") == 0) {
		const struct incident_person *who = incident_person_find(&inc, req_query(r, "person"));
		page_notice(r, "ok",
			    arena_printf(&r->arena, L(r->lang, "%s さんに安否報告リンクを再送します（%s件）。",
						      "Sending %s their check-in link again (%s)."),
					 who ? who->name : "—", req_query(r, "n") ? req_query(r, "n") : "?"));
	}
	if (done && strcmp(done, "hold-sent") == 0)
		page_notice(r, "ok", arena_printf(&r->arena, L(r->lang, "安否確認の一斉送信を始めました（%s件）。", "The call-out is being sent (%s messages)."),
						  req_query(r, "n") ? req_query(r, "n") : "?"));
	if (done && strcmp(done, "hold-stopped") == 0)
		page_notice(r, "ok", L(r->lang, "一斉送信を停止しました。誰にも送信していません。",
				       "The call-out was stopped: nothing was sent."));
	hold_section(r, &inc, hold, hold_until);
	if (done && strcmp(done, "checkin") == 0) {
		const struct incident_person *who = incident_person_find(&inc, req_query(r, "person"));
		page_notice(r, "ok",
			    who ? arena_printf(&r->arena, L(r->lang, "%s さんの安否を記録しました（代理入力）。",
							     "Recorded the report of %s (entered for them)."),
					       who->name)
				: L(r->lang, "安否を記録しました（代理入力）。", "Recorded the report (entered for them)."));
	}
	html(r, "<p class=\"asof\">%s %s ・ ", L(r->lang, "表示時刻", "As of"), page_incident_time(r, now));
	if (inc.state != INCIDENT_OPEN)
		html(r, "%s", L(r->lang, "終了したインシデントの最終状態です。", "The final state of a closed incident."));
	else if (auto_refresh)
		html(r, "%s <a href=\"%s\">%s</a>", L(r->lang, "1分ごとに自動更新しています。", "Refreshing every minute."),
		     page_incident_url(r, &inc, ""), L(r->lang, "自動更新を止める", "Stop refreshing"));
	else
		html(r, "<a href=\"%s\">%s</a>", page_incident_url(r, &inc, "?auto=1"),
		     L(r->lang, "1分ごとに自動更新する", "Refresh every minute"));
	html(r, "</p>\n");
	if (!personal)
		html(r, "<p class=\"hint\">%s</p>\n",
		     L(r->lang, "連絡先・所在・メモは対応要員以上の権限で表示されます。",
		       "Phone numbers, whereabouts and notes are shown to responders only."));
	struct sent_index si = { NULL, 0 };
	if (store_outbox_people(r->store, inc.id, &si.v, &si.n, &r->err)) {
		crisis_board_release(&b);
		incident_release(&inc);
		return -1;
	}
	summary(r, &inc, &b);
	uncovered(r, &inc, &b);
	if (inc.state == INCIDENT_OPEN && page_incident_may_act(r))
		proxy_section(r, &inc, &b, f, auto_refresh);
	roles(r, &inc, &b);
	locations(r, &inc, &b, p, personal, &si);
	safety_only(r, &inc, &b, p, personal, &si);
	store_outbox_people_free(si.v, si.n);
	systems(r, &inc, &b);
	steps(r, &inc, &b);
	page_end(r);
	crisis_board_release(&b);
	incident_release(&inc);
	return 0;
}

/* GET /incidents/{id} */
int page_incident_board(struct req *r)
{
	struct proxy_form f = { 0 };
	return board_page(r, &f);
}

/* POST /incidents/{id}/checkins: person, status, assembly, eta, location,
 * note.  Each field is checked here first (the person must have been
 * called), then by app_incident_checkin, which writes the report and its
 * timeline entry in one transaction with the signed-in user as author. */
int page_incident_checkin_post(struct req *r)
{
	enum lang lang = r->lang;
	struct proxy_form f = {
		.person = req_form_trim(r, "person"),
		.status = req_form_trim(r, "status"),
		.assembly = req_form_trim(r, "assembly"),
		.eta = req_form_trim(r, "eta"),
		.location = req_form_trim(r, "location"),
		.note = page_incident_form_text(r, "note"),
	};
	struct incident inc = INCIDENT_INIT;
	int rc = page_incident_load(r, true, &inc);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (inc.state != INCIDENT_OPEN) {
		incident_release(&inc);
		route_error(r, 409, L(lang, "このインシデントは終了しています。記録の追加はできません。",
				      "This incident is closed: nothing more can be recorded."));
		return 0;
	}
	const struct incident_person *who = incident_person_find(&inc, f.person);
	bool bad_eta = false;
	const char *eta = page_incident_form_time(r, "eta", &bad_eta);
	if (!*f.person)
		f.err = (struct page_incident_form_error){ "person", L(lang, "報告した人を選んでください。",
								   "Choose who reported.") };
	else if (!who || !who->called)
		f.err = (struct page_incident_form_error){ "person", L(lang, "このインシデントで招集された人ではありません。",
								   "Not among the people called for this incident.") };
	else if (checkin_status_parse(f.status) < 0)
		f.err = (struct page_incident_form_error){ "status", L(lang, "安否を選んでください。",
								   "Choose the safety status.") };
	else if (*f.assembly && checkin_assembly_parse(f.assembly) < 0)
		f.err = (struct page_incident_form_error){ "assembly", L(lang, "参集の選択肢から選んでください。",
								     "Choose one of the assembly options.") };
	else if (bad_eta)
		f.err = (struct page_incident_form_error){ "eta", page_incident_time_hint(lang) };
	else {
		struct incident_checkin_req q = {
			.person = f.person,
			.status = f.status,
			.assembly = *f.assembly ? f.assembly : NULL,
			.eta = eta,
			.location = *f.location ? f.location : NULL,
			.note = *f.note ? f.note : NULL,
		};
		struct checkin_result res;
		struct err e = ERR_INIT;
		if (app_incident_checkin(r->web->db_path, inc.id, &q, auth_actor(r), lang, &res, &e) == 0) {
			req_redirect(r, page_incident_url(r, &inc, arena_printf(&r->arena, "?done=checkin&person=%s#proxy",
									 url_encode(r, f.person))));
			incident_release(&inc);
			return 0;
		}
		f.err = page_incident_app_error(r, &e);
	}
	incident_release(&inc);
	r->status = 422;
	return board_page(r, &f);
}

/* POST /incidents/{id}/resend: person (the proxy form's select).  Queues
 * the person's call-out again with a note on the timeline
 * (app_deliver_resend); a person not called, or nowhere to send, is
 * answered 422 with the board and the reason beside the select. */
int page_incident_resend_post(struct req *r)
{
	struct proxy_form f = { .person = req_form_trim(r, "person") };
	struct incident inc = INCIDENT_INIT;
	int rc = page_incident_load(r, true, &inc);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct err e = ERR_INIT;
	size_t queued = 0;
	if (!*f.person) {
		f.err = (struct page_incident_form_error){ "person", L(r->lang, "送る相手を選んでください。",
								   "Choose whom to send it to.") };
	} else if (app_deliver_resend(r->web->db_path, inc.id, f.person, auth_actor(r), r->lang, &queued,
				      &e) == 0) {
		req_redirect(r, page_incident_url(r, &inc,
						  arena_printf(&r->arena, "?done=resent&person=%s&n=%zu#proxy",
							       url_encode(r, f.person), queued)));
		incident_release(&inc);
		return 0;
	} else {
		f.err = (struct page_incident_form_error){ "person", arena_printf(&r->arena, "%s", e.msg) };
	}
	incident_release(&inc);
	r->status = 422;
	return board_page(r, &f);
}

/* POST /incidents/{id}/hold: action send (「今すぐ送信」, or send after a
 * stop) or stop (「停止」).  Ends the hold through app_deliver_hold, with
 * a note on the timeline naming who pressed; 303 back to the board, or
 * 409 with the reason when there is no hold to end any more. */
int page_incident_hold_post(struct req *r)
{
	const char *action = req_form_trim(r, "action");
	bool send = strcmp(action, "send") == 0;
	if (!send && strcmp(action, "stop") != 0) {
		route_error(r, 400, L(r->lang, "送信か停止を選んでください。", "Choose send or stop."));
		return 0;
	}
	int64_t id = page_incident_url_id(r);
	if (!id) {
		route_error(r, 404, L(r->lang, "そのインシデントはありません。", "No such incident."));
		return 0;
	}
	struct err e = ERR_INIT;
	size_t queued = 0;
	if (app_deliver_hold(r->web->db_path, id, send, auth_actor(r), r->lang, &queued, &e)) {
		route_error(r, 409, e.msg);
		return 0;
	}
	req_redirect(r, send ? arena_printf(&r->arena, "/incidents/%lld?done=hold-sent&n=%zu", (long long)id, queued)
			     : arena_printf(&r->arena, "/incidents/%lld?done=hold-stopped", (long long)id));
	return 0;
}

/* POST /incidents/{id}/qr: person (the proxy form's select).  Shows the
 * person's own check-in link as a QR code, for them to read with their
 * phone from the responder's screen (issue 14 item 4), and the link as
 * text to read out.  A POST, not a GET: the link is a credential, so it
 * must not sit in a URL (history, logs) and the CSRF token keeps another
 * site from opening it; only responders reach it (the route), and
 * app_deliver_link puts who showed whose link on the timeline.  A person
 * not called is answered 422 with the board and the reason. */
int page_incident_qr_post(struct req *r)
{
	struct proxy_form f = { .person = req_form_trim(r, "person") };
	struct incident inc = INCIDENT_INIT;
	int rc = page_incident_load(r, true, &inc);
	if (rc)
		return rc < 0 ? -1 : 0;
	enum lang lang = r->lang;
	struct err e = ERR_INIT;
	char *link = NULL;
	struct buf d = BUF_INIT;
	int size = 0;
	if (!*f.person) {
		f.err = (struct page_incident_form_error){ "person", L(lang, "表示する人を選んでください。",
								   "Choose whose link to show.") };
	} else if (app_deliver_link(r->web->db_path, inc.id, f.person, auth_actor(r), lang, &link, &e)) {
		f.err = (struct page_incident_form_error){ "person", arena_printf(&r->arena, "%s", e.msg) };
	} else if (card_qr_path(link, &d, &size)) {
		f.err = (struct page_incident_form_error){ "person", L(lang, "このリンクはQRコードにできません。",
								   "This link cannot be made a QR code.") };
	} else {
		const struct incident_person *who = incident_person_find(&inc, f.person);
		const char *name = who ? who->name : f.person;
		page_incident_begin(r, &inc, ITAB_BOARD, app_incident_now());
		html(r, "<section aria-labelledby=\"h-qr\" class=\"qr-show\">\n<h2 id=\"h-qr\">%s</h2>\n<p>%s</p>\n",
		     arena_printf(&r->arena, L(lang, "%s さんの安否報告リンク", "%s's check-in link"), name),
		     L(lang, "本人のスマートフォンのカメラでこのQRコードを読み取ってもらってください。リンクは本人専用です。ほかの人には見せないでください。",
		       "Let them read this QR code with their own phone's camera. The link is theirs alone: show it to nobody else."));
		svg_open(&r->out, "qr", "qr", size, size,
			 arena_printf(&r->arena, L(lang, "%s さんの安否報告リンクのQRコード", "QR code of %s's check-in link"), name),
			 NULL);
		svg(&r->out, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
			    "<path d=\"%s\" fill=\"#000\" shape-rendering=\"crispEdges\"/>",
		    size, size, d.data ? d.data : "");
		svg_close(&r->out);
		html(r, "<p class=\"hint\">%s <code class=\"link\">%s</code></p>\n"
			"<p><a href=\"%s\">%s</a></p>\n</section>\n",
		     L(lang, "読み取れないときは、このアドレスを伝えてください：", "If it cannot be read, give them this address:"), link,
		     page_incident_url(r, &inc, "#proxy"), L(lang, "ボードに戻る", "Back to the board"));
		page_end(r);
		buf_release(&d);
		free(link);
		incident_release(&inc);
		return 0;
	}
	buf_release(&d);
	free(link);
	incident_release(&inc);
	r->status = 422;
	return board_page(r, &f);
}
