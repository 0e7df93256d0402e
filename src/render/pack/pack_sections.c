/*
 * pack_sections.c — what the offline crisis pack holds, one function per
 * section (pack_internal.h): the procedures as a checklist, the crisis
 * roles with holders and deputies, every contact, the assembly criteria
 * and locations, the systems in recovery order.
 *
 * Everything comes from the plan and the rules (R1/R2 through
 * system_rto_compute, the time variants as crisis.h defines them);
 * nothing is computed here that the rules already compute, except the
 * recovery order, which is the pack's own reading of the dependencies
 * (see pack_systems).  Joins walk the plan's arrays: a pack is made once,
 * and even a plan of 500 systems and 2,000 people takes milliseconds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/pack/pack_internal.h"
#include "rules/crisis.h"
#include "rules/rules.h"
#include "util/xalloc.h"

/* ---- procedures: the checklist ------------------------------------------------ */

/* The time variant of a procedure in words, with when it applies. */
static const char *variant_label(enum lang lang, const char *v)
{
	if (strcmp(v, "night_holiday") == 0)
		return L(lang, "夜間・休日（平日8:30〜18:15以外、土日祝、年末年始）",
			 "night/holiday (outside weekdays 8:30–18:15, weekends, holidays, year end)");
	if (strcmp(v, "weekday_day") == 0)
		return L(lang, "平日昼間（8:30〜18:15）", "weekday daytime (8:30–18:15)");
	return L(lang, "時間帯によらない", "at any time");
}

static int by_no(const void *a, const void *b)
{
	const struct procedure_step *x = *(const struct procedure_step *const *)a;
	const struct procedure_step *y = *(const struct procedure_step *const *)b;
	return x->no < y->no ? -1 : x->no > y->no;
}

/* The roles responsible for step s, by name, joined by "、". */
static void step_roles(struct pw *w, const struct plan *p, const struct procedure_step *s)
{
	bool any = false;
	for (size_t i = 0; i < p->n_step_roles; i++) {
		if (strcmp(p->step_roles[i].step, s->id) != 0)
			continue;
		const struct role *r = plan_role(p, p->step_roles[i].role);
		if (!any)
			PW_F(w, "<p class=\"s\">%s", L(w->lang, "担当：", "Who: "));
		else
			PW_RAW(w, "、");
		PW_F(w, "%s", r ? (w->lang == LANG_EN && r->name_en[0] ? r->name_en : r->name) : "");
		any = true;
	}
	if (any)
		PW_RAW(w, "</p>");
}

/* Each non-empty line of text as an <li>. */
static void line_items(struct pw *w, const char *text)
{
	for (const char *q = text; *q;) {
		size_t len = strcspn(q, "\n");
		if (len) {
			char *line = xmalloc(len + 1);
			memcpy(line, q, len);
			line[len] = '\0';
			PW_F(w, "<li>%s</li>", line);
			free(line);
		}
		q += len + (q[len] == '\n');
	}
}

/* One procedure: its steps in 項番 order, each a box to tick. */
static void procedure(struct pw *w, const struct plan *p, const struct procedure *pr)
{
	const struct procedure_step **v = xcalloc(p->n_procedure_steps + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < p->n_procedure_steps; i++)
		if (strcmp(p->procedure_steps[i].procedure, pr->id) == 0)
			v[n++] = &p->procedure_steps[i];
	qsort(v, n, sizeof *v, by_no);
	PW_F(w,
	     "<details data-p=\"%s\" id=\"p-%s\"><summary>%s <span class=\"s\">%s</span> "
	     "<span class=\"n t\"></span></summary><div><ol class=\"k\">",
	     pr->id, pr->id, pr->title, variant_label(w->lang, pr->variant));
	for (size_t i = 0; i < n; i++) {
		const struct procedure_step *s = v[i];
		PW_F(w,
		     "<li><label class=\"c\"><input type=\"checkbox\" data-i=\"%s\"><span>%lld. %s</span>"
		     "</label><div class=\"t\"></div>",
		     s->id, (long long)s->no, s->title);
		step_roles(w, p, s);
		if (s->actions[0]) {
			PW_RAW(w, "<ul>");
			line_items(w, s->actions);
			PW_RAW(w, "</ul>");
		}
		if (s->documents[0])
			PW_F(w, "<p class=\"s\">%s%s</p>", L(w->lang, "参照：", "See: "), s->documents);
		PW_RAW(w, "</li>");
	}
	PW_F(w,
	     "</ol><button type=\"button\" data-x=\"1\">%s</button>"
	     "<textarea readonly hidden aria-label=\"%s\"></textarea></div></details>",
	     L(w->lang, "この手順のチェックを書き出す", "Export the ticks of this procedure"),
	     L(w->lang, "書き出したチェック（コピーしてメールでも送れます）",
	       "The ticks exported (copy them into a mail if the file cannot be sent)"));
	free(v);
}

void pack_procedures(struct pw *w, const struct plan *p)
{
	enum lang lang = w->lang;
	PW_F(w,
	     "<section id=\"proc\"><h2>%s</h2><p class=\"s\">%s</p>"
	     "<p id=\"nostore\" class=\"warn\" hidden>%s</p><noscript><p class=\"warn\">%s</p></noscript>"
	     "<label for=\"who\">%s</label><input type=\"text\" id=\"who\" maxlength=\"24\" "
	     "autocomplete=\"name\">",
	     L(lang, "対応手順とチェックリスト", "Procedures and checklist"),
	     L(lang,
	       "事象の種類と時間帯の手順を開き、済んだ手順にチェックを付けてください。チェックはこの端末のブラウザに残ります。"
	       "サーバーが使えるようになったら「書き出す」で作ったファイルを取り込むと（itbcp incident import-ticks、または手順のページ）、"
	       "インシデントの記録に加わります。",
	       "Open the procedure of the event and the time of day, and tick each step when it is done. "
	       "The ticks stay in this device's browser. When the server is back, export them and take "
	       "the file in (itbcp incident import-ticks, or the checklist page): they join the incident's record."),
	     L(lang, "この表示ではチェックを保存できません。ファイルをブラウザ（Safari、Chrome など）で開いてください。",
	       "Ticks cannot be kept in this viewer: open the file in a browser (Safari, Chrome …)."),
	     L(lang, "JavaScript が無効なため、チェックは保存されません。手順は読めます。",
	       "JavaScript is off: the procedures can be read, but ticks are not kept."),
	     L(lang, "記録者（あなたの名前。チェックに添えます）", "Your name (kept with each tick)"));
	for (size_t e = 0; e < p->n_events; e++) {
		const struct event_type *ev = &p->events[e];
		bool any = false;
		for (size_t i = 0; i < p->n_procedures; i++) {
			if (strcmp(p->procedures[i].event, ev->id) != 0)
				continue;
			if (!any)
				PW_F(w, "<h3>%s</h3>",
				     lang == LANG_EN && ev->name_en[0] ? ev->name_en : ev->name);
			any = true;
			procedure(w, p, &p->procedures[i]);
		}
	}
	PW_RAW(w, "</section>\n");
}

/* ---- roles with holders and deputies --------------------------------------------- */

static const char *role_name(const struct pw *w, const struct role *r)
{
	return w->lang == LANG_EN && r->name_en[0] ? r->name_en : r->name;
}

/* A person's name with the numbers to call them on. */
static void person_line(struct pw *w, const struct person *pe)
{
	PW_F(w, "<b>%s</b>", pe->name);
	if (pe->title[0])
		PW_F(w, " <span class=\"s\">%s</span>", pe->title);
	pw_tel(w, L(w->lang, "職場", "work"), pe->phone);
	if (pw_shows(w, "mobile"))
		pw_tel(w, L(w->lang, "携帯", "mobile"), pe->mobile);
}

void pack_roles(struct pw *w, const struct plan *p)
{
	enum lang lang = w->lang;
	PW_F(w, "<section id=\"roles\"><h2>%s</h2>",
	     L(lang, "役割と担当者（正・副）", "Roles, holders and deputies"));
	for (size_t i = 0; i < p->n_roles; i++) {
		const struct role *r = &p->roles[i];
		if (strcmp(r->structure, "crisis") != 0)
			continue;
		PW_F(w, "<div class=\"card\" id=\"r-%s\"><p><b>%s</b>", r->id, role_name(w, r));
		const struct role *up = plan_role(p, r->reports_to);
		if (up)
			PW_F(w, " <span class=\"s\">%s %s</span>",
			     L(lang, "報告先：", "reports to"), role_name(w, up));
		PW_RAW(w, "</p>");
		if (r->duties[0]) {
			PW_RAW(w, "<p class=\"s\">");
			pw_lines(w, r->duties);
			PW_RAW(w, "</p>");
		}
		/* holders by rank: 正 first, then 副1, 副2 … */
		for (int64_t rank = 0, shown = 0;; rank++) {
			bool more = false;
			for (size_t h = 0; h < p->n_role_holders; h++) {
				const struct role_holder *rh = &p->role_holders[h];
				if (strcmp(rh->role, r->id) != 0)
					continue;
				more |= rh->rank > rank;
				if (rh->rank != rank)
					continue;
				const struct person *pe = plan_person(p, rh->person);
				if (!pe)
					continue;
				if (rank == 0)
					PW_F(w, "<p>%s ", L(lang, "正", "Holder"));
				else
					PW_F(w, "<p>%s%lld ", L(lang, "副", "Deputy "), (long long)rank);
				person_line(w, pe);
				PW_RAW(w, "</p>");
				shown++;
			}
			if (!more) {
				if (!shown)
					PW_F(w, "<p class=\"warn\">%s</p>",
					     L(lang, "担当者がいません", "Nobody holds this role"));
				break;
			}
		}
		PW_RAW(w, "</div>");
	}
	PW_RAW(w, "</section>\n");
}

/* ---- contacts ------------------------------------------------------------------- */

/* One person's card: every number and address the pack may show. */
static void contact(struct pw *w, const struct person *pe)
{
	enum lang lang = w->lang;
	PW_F(w, "<div class=\"card\"><p><b>%s</b>", pe->name);
	if (pe->title[0] || pe->contact_role[0])
		PW_F(w, " <span class=\"s\">%s%s%s</span>", pe->title,
		     pe->title[0] && pe->contact_role[0] ? "・" : "", pe->contact_role);
	PW_RAW(w, "</p><p>");
	pw_tel(w, L(lang, "職場", "work"), pe->phone);
	pw_tel(w, L(lang, "代替拠点", "alternate site"), pe->alt_site_phone);
	if (pw_shows(w, "mobile"))
		pw_tel(w, L(lang, "携帯", "mobile"), pe->mobile);
	if (pw_shows(w, "home_phone"))
		pw_tel(w, L(lang, "自宅", "home"), pe->home_phone);
	PW_RAW(w, "</p>");
	const char *mails[2] = { pw_shows(w, "email") ? pe->email : "",
				 pw_shows(w, "email_private") ? pe->email_private : "" };
	for (int i = 0; i < 2; i++)
		if (mails[i][0])
			PW_F(w, "<p><a href=\"mailto:%s\">%s</a></p>", mails[i], mails[i]);
	PW_RAW(w, "</div>");
}

void pack_contacts(struct pw *w, const struct plan *p)
{
	enum lang lang = w->lang;
	const struct organisation *o = &p->organisation;
	PW_F(w, "<section id=\"contacts\"><h2>%s</h2>", L(lang, "連絡先", "Contacts"));
	if (o->report_destination[0])
		PW_F(w, "<p><b>%s</b> %s</p>", L(lang, "危機的事象発生時の報告先：", "Report to:"),
		     o->report_destination);
	if (o->fallback_channels[0]) {
		PW_F(w, "<p><b>%s</b><br>",
		     L(lang, "通常の連絡手段が使えないとき：", "When the usual channels fail:"));
		pw_lines(w, o->fallback_channels);
		PW_RAW(w, "</p>");
	}
	for (size_t d = 0; d <= p->n_departments; d++) {
		const struct department *dep = d < p->n_departments ? &p->departments[d] : NULL;
		bool any = false;
		for (size_t i = 0; i < p->n_people; i++) {
			const struct person *pe = &p->people[i];
			/* the last round: people of no department (or of one the
			 * plan does not have) */
			if (dep ? !pe->department || strcmp(pe->department, dep->id) != 0
				: pe->department && plan_department(p, pe->department))
				continue;
			if (!any)
				PW_F(w, "<h3>%s</h3>", dep ? dep->name : L(lang, "その他", "Others"));
			any = true;
			contact(w, pe);
		}
	}
	PW_RAW(w, "</section>\n");
}

/* ---- assembly criteria and locations ------------------------------------------- */

void pack_assembly(struct pw *w, const struct plan *p)
{
	enum lang lang = w->lang;
	PW_F(w, "<section id=\"assembly\"><h2>%s</h2>",
	     L(lang, "参集基準と参集場所", "Assembly criteria and locations"));
	for (size_t i = 0; i < p->n_assembly_criteria; i++) {
		const struct assembly_criterion *c = &p->assembly_criteria[i];
		const struct event_type *ev = plan_event(p, c->event);
		PW_F(w, "<div class=\"card\"><p><b>%s</b> %s</p><p>",
		     ev ? (lang == LANG_EN && ev->name_en[0] ? ev->name_en : ev->name) : "",
		     c->automatic ? L(lang, "【自動参集】", "[automatic]")
				  : L(lang, "【最高責任者の判断】", "[on the chief's decision]"));
		pw_lines(w, c->condition);
		PW_RAW(w, "</p>");
		int th = crisis_criterion_threshold(c);
		if (th >= 0) {
			const char *level = crisis_hazard_of(c) == HAZARD_TSUNAMI
						    ? crisis_tsunami_label(th, lang)
						    : crisis_intensity_label(th);
			PW_F(w, "<p class=\"s\">%s%s%s", L(lang, "基準：", "Threshold: "),
			     crisis_hazard_of(c) == HAZARD_TSUNAMI ? "" : L(lang, "震度", "intensity "),
			     level);
			if (c->areas[0]) {
				struct buf areas = BUF_INIT;
				crisis_list_join(c->areas, "、", &areas);
				PW_F(w, " ・ %s%s", L(lang, "地域：", "areas: "), areas.data);
				buf_release(&areas);
			}
			PW_RAW(w, "</p>");
		}
		const char *who =
			strcmp(c->call, "everyone") == 0 ? L(lang, "全員", "everyone")
			: strcmp(c->call, "nobody") == 0
				? L(lang, "なし（安否確認のみ）", "nobody (a safety check only)")
				: NULL;
		PW_F(w, "<p class=\"s\">%s", L(lang, "参集：", "Called in: "));
		if (who) {
			PW_F(w, "%s", who);
		} else if (!c->roles[0]) {
			PW_F(w, "%s",
			     L(lang, "危機対応の全役割の担当者", "the holders of every crisis role"));
		} else {
			const char *s = c->roles;
			char id[128];
			bool first = true;
			while (crisis_list_next(&s, id, sizeof id)) {
				const struct role *r = plan_role(p, id);
				PW_F(w, "%s%s", first ? "" : "、", r ? role_name(w, r) : id);
				first = false;
			}
		}
		if (c->ask_everyone)
			PW_F(w, " ・ %s",
			     L(lang, "ほかの職員には安否確認", "everyone else asked if safe"));
		PW_RAW(w, "</p></div>");
	}
	PW_F(w, "<h3>%s</h3>",
	     L(lang, "参集場所（役割ごと、優先順）", "Assembly locations (per role, in order)"));
	for (size_t i = 0; i < p->n_roles; i++) {
		const struct role *r = &p->roles[i];
		bool any = false;
		for (int64_t prio = 1; prio <= 9; prio++)
			for (size_t k = 0; k < p->n_assembly_locations; k++) {
				const struct assembly_location *l = &p->assembly_locations[k];
				if (strcmp(l->role, r->id) != 0 || l->priority != prio)
					continue;
				if (!any)
					PW_F(w, "<div class=\"card\"><p><b>%s</b></p><ol>",
					     role_name(w, r));
				any = true;
				PW_F(w, "<li>%s%s</li>", l->place,
				     l->online ? L(lang, "（オンライン）", " (online)") : "");
			}
		if (any)
			PW_RAW(w, "</ol></div>");
	}
	PW_RAW(w, "</section>\n");
}

/* ---- systems in recovery order ---------------------------------------------------- */

/* A system of the list with what orders it. */
struct sys_row {
	const struct system *s;
	size_t pos; /* in the plan */
	size_t idx; /* in rows before sorting */
	struct system_rto rto;
	int64_t need;  /* hours by which it is needed: its RTO, or sooner when a
			* system depending on it (at any distance) has a shorter one */
	int64_t depth; /* the longest chain of dependencies below it */
};

static int row_cmp(const void *a, const void *b)
{
	const struct sys_row *x = a, *y = b;
	if (x->need != y->need)
		return x->need < y->need ? -1 : 1;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	if (x->rto.tier != y->rto.tier)
		return x->rto.tier < y->rto.tier ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The index in rows of system id, or -1. */
static long row_of(const struct sys_row *rows, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].s->id, id) == 0)
			return (long)i;
	return -1;
}

void pack_systems(struct pw *w, const struct plan *p)
{
	enum lang lang = w->lang;
	struct sys_row *rows = xcalloc(p->n_systems + 1, sizeof *rows);
	size_t n = 0;
	for (size_t i = 0; i < p->n_systems; i++) {
		if (!p->systems[i].in_scope)
			continue;
		struct sys_row *r = &rows[n++];
		r->s = &p->systems[i];
		r->pos = i;
		system_rto_compute(p, r->s, &r->rto);
		r->need = r->rto.hours == NO_VALUE ? INT64_MAX : r->rto.hours;
	}
	/* the dependencies as index pairs (dependent, dependency) */
	size_t ne = 0;
	long(*edge)[2] = xcalloc(p->n_system_dependencies + 1, sizeof *edge);
	for (size_t i = 0; i < p->n_system_dependencies; i++) {
		long a = row_of(rows, n, p->system_dependencies[i].system);
		long b = row_of(rows, n, p->system_dependencies[i].depends_on);
		if (a >= 0 && b >= 0 && a != b) {
			edge[ne][0] = a;
			edge[ne][1] = b;
			ne++;
		}
	}
	/* relax until nothing changes: a dependency is needed as soon as its
	 * most urgent dependent, and sits below it; n rounds bound a cycle
	 * (itbcp check reports cycles as errors) */
	for (size_t round = 0; round <= n; round++) {
		bool changed = false;
		for (size_t k = 0; k < ne; k++) {
			struct sys_row *a = &rows[edge[k][0]], *b = &rows[edge[k][1]];
			if (a->need < b->need) {
				b->need = a->need;
				changed = true;
			}
			if (a->depth <= b->depth && round < n) {
				a->depth = b->depth + 1;
				changed = true;
			}
		}
		if (!changed)
			break;
	}
	/* names of the dependencies, before sorting moves the rows */
	char **deps = xcalloc(n + 1, sizeof *deps);
	for (size_t i = 0; i < n; i++) {
		struct buf b = BUF_INIT;
		for (size_t k = 0; k < ne; k++)
			if ((size_t)edge[k][0] == i)
				buf_addf(&b, "%s%s", b.len ? "、" : "", rows[edge[k][1]].s->name);
		deps[i] = buf_detach(&b);
		rows[i].idx = i;
	}
	qsort(rows, n, sizeof *rows, row_cmp);

	PW_F(w, "<section id=\"systems\"><h2>%s</h2><p class=\"s\">%s</p><ol>",
	     L(lang, "システムと復旧の順序", "Systems in recovery order"),
	     L(lang,
	       "必要になる時間（RTO。依存されているシステムは、依存元のうち最も短いRTO）の短い順。依存先は先に復旧させます。"
	       "区分は復旧優先度（表5.3-3）。",
	       "By the hours within which each is needed (its RTO, or the shortest RTO of the systems "
	       "that depend on it): recover dependencies first. The letter is the recovery tier (表5.3-3)."));
	for (size_t i = 0; i < n; i++) {
		const struct sys_row *r = &rows[i];
		size_t orig = r->idx;
		PW_F(w, "<li><span class=\"tier\">%s</span> <b>%s</b> ", tier_name(r->rto.tier),
		     r->s->name);
		if (r->rto.hours == NO_VALUE)
			PW_F(w, "%s", L(lang, "RTO 未設定", "no RTO"));
		else
			PW_F(w, "RTO %lld%s", (long long)r->rto.hours, L(lang, "時間", " h"));
		if (r->need != INT64_MAX && r->need != r->rto.hours)
			PW_F(w, " <span class=\"t\">%s%lld%s</span>",
			     L(lang, "（依存元のため", " (needed within "), (long long)r->need,
			     L(lang, "時間以内）", " h by its dependents)"));
		const struct department *dep = plan_department(p, r->s->department);
		if (dep || r->s->rlo[0]) {
			PW_RAW(w, "<br><span class=\"s\">");
			if (dep)
				PW_F(w, "%s", dep->name);
			if (r->s->rlo[0])
				PW_F(w, "%sRLO %s", dep ? " ・ " : "", r->s->rlo);
			PW_RAW(w, "</span>");
		}
		if (deps[orig][0])
			PW_F(w, "<br><span class=\"s\">%s%s</span>",
			     L(lang, "依存先：", "depends on: "), deps[orig]);
		for (size_t k = 0; k < p->n_business_systems; k++) {
			const struct business_system *bs = &p->business_systems[k];
			if (strcmp(bs->system, r->s->id) != 0 || !bs->alt_means[0])
				continue;
			const struct business *bz = plan_business(p, bs->business);
			PW_F(w, "<br><span class=\"s\">%s%s：%s</span>",
			     L(lang, "代替手段 ", "fallback "), bz ? bz->name : "", bs->alt_means);
		}
		PW_RAW(w, "</li>");
	}
	PW_RAW(w, "</ol></section>\n");
	for (size_t i = 0; i < n; i++)
		free(deps[i]);
	free(deps);
	free(edge);
	free(rows);
}
