/*
 * page_incident.c — the pieces every incident page uses (page_incident.h):
 * loading the incident of the URL, the header with its facts and the
 * sub-navigation, the words for the crisis enums in both languages,
 * times in Asia/Tokyo, and the app layer's CLI-worded messages turned
 * into errors beside a form's fields.
 */
#include <jansson.h>
#include "web/pages/incident/page_incident.h"

#include <stdlib.h>
#include <string.h>

#include "store/incident_store.h"
#include "util/buf.h"
#include "web/core/html.h"
#include "web/core/page.h"

/* ---- the incident of the URL ------------------------------------------ */

int64_t page_incident_url_id(const struct req *r)
{
	const char *s = r->n_params ? r->params[0] : "";
	char *end;
	/* digits only: "+3", " 3" or "03" would name the same incident twice */
	if (s[0] < '1' || s[0] > '9' || strlen(s) > 18)
		return 0;
	long long id = strtoll(s, &end, 10);
	return *end || id <= 0 ? 0 : id;
}

int page_incident_load(struct req *r, bool board, struct incident *inc)
{
	int64_t id = page_incident_url_id(r);
	memset(inc, 0, sizeof *inc);
	if (!id) {
		route_error(r, 404, L(r->lang, "そのようなインシデントはありません。", "There is no such incident."));
		return 1;
	}
	int rc = board ? store_incident_load_board(r->store, id, inc, &r->err)
		       : store_incident_load(r->store, id, inc, &r->err);
	if (rc < 0) {
		incident_release(inc);
		return -1;
	}
	if (rc == 1) {
		incident_release(inc);
		route_error(r, 404, L(r->lang, "そのようなインシデントはありません。", "There is no such incident."));
		return 1;
	}
	return 0;
}

bool page_incident_may_act(const struct req *r)
{
	return r->signed_in && r->session.user.role >= ROLE_RESPONDER;
}

bool page_incident_may_see_personal(const struct req *r)
{
	return r->signed_in && r->session.user.role >= ROLE_RESPONDER;
}

const char *page_incident_title(struct req *r, const struct incident *inc)
{
	return arena_printf(&r->arena, "#%lld %s%s", (long long)inc->id, inc->event_name,
			    inc->drill ? L(r->lang, "（訓練）", " (drill)") : "");
}

const char *page_incident_url(struct req *r, const struct incident *inc, const char *suffix)
{
	return arena_printf(&r->arena, "/incidents/%lld%s", (long long)inc->id, suffix);
}

/* One fact of the header: <div><dt>…</dt><dd>…</dd></div>. */
static void fact(struct req *r, const char *name, const char *value)
{
	html(r, "<div><dt>%s</dt><dd>%s</dd></div>", name, value);
}

void page_incident_begin(struct req *r, const struct incident *inc, enum page_incident_tab tab,
			 int64_t now)
{
	static const struct {
		const char *suffix, *ja, *en;
	} tabs[ITAB_COUNT] = {
		{ "", "状況ボード", "Board" },
		{ "/steps", "手順", "Checklist" },
		{ "/systems", "被害・復旧", "Damage and recovery" },
		{ "/report", "報告", "Reports" },
		{ "/timeline", "記録", "Timeline" },
		{ "/review", "終了・振り返り", "Close and review" },
	};
	enum lang lang = r->lang;
	const char *title = page_incident_title(r, inc);
	page_begin(r, arena_printf(&r->arena, "%s — %s", L(lang, tabs[tab].ja, tabs[tab].en), title));
	html(r, "<p class=\"crumbs\"><a href=\"/incidents\">%s</a></p>\n",
	     L(lang, "危機対応（インシデント一覧）", "Incidents"));
	html(r, "<h1>%s <span class=\"state %s\">%s</span></h1>\n", title,
	     inc->state == INCIDENT_OPEN ? "open" : "closed",
	     inc->state == INCIDENT_OPEN ? L(lang, "対応中", "open") : L(lang, "終了", "closed"));
	html(r, "<dl class=\"facts\">");
	fact(r, L(lang, "発生", "Event at"), page_incident_time(r, inc->started_at));
	if (inc->state == INCIDENT_OPEN)
		fact(r, L(lang, "経過", "Elapsed"), page_incident_duration(r, now - inc->started_at));
	else
		fact(r, L(lang, "終了", "Closed"),
		     arena_printf(&r->arena, "%s（%s %s）", page_incident_time(r, inc->closed_at),
				  L(lang, "所要", "after"),
				  page_incident_duration(r, inc->closed_at - inc->started_at)));
	fact(r, L(lang, "時間帯", "Time of day"), page_incident_variant_label(lang, inc->variant));
	fact(r, L(lang, "参集", "Assembly"),
	     inc->automatic ? L(lang, "自動参集（参集基準に該当）", "automatic (criterion met)")
			    : L(lang, "最高責任者の判断による", "on the chief's decision"));
	if (inc->intensity[0] || inc->area[0])
		fact(r, L(lang, "震度・地域", "Intensity, area"),
		     arena_printf(&r->arena, "%s%s %s", inc->intensity[0] ? L(lang, "震度", "") : "",
				  lang == LANG_EN ? inc->intensity
						  : crisis_intensity_label(crisis_intensity_parse(inc->intensity)),
				  inc->area));
	if (inc->system_hit[0]) {
		const struct incident_system *s = incident_system_find(inc, inc->system_hit);
		fact(r, L(lang, "被害を受けたシステム", "System hit"), s ? s->name : inc->system_hit);
	}
	html(r, "</dl>\n<nav class=\"tabs\" aria-label=\"%s\"><ul>",
	     L(lang, "このインシデントのページ", "Pages of this incident"));
	for (int i = 0; i < ITAB_COUNT; i++) {
		const char *label = L(lang, tabs[i].ja, tabs[i].en);
		if (i == ITAB_REVIEW && inc->state == INCIDENT_CLOSED)
			label = L(lang, "振り返り", "Review");
		if (i == (int)tab)
			html(r, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>",
			     page_incident_url(r, inc, tabs[i].suffix), label);
		else
			html(r, "<li><a href=\"%s\">%s</a></li>", page_incident_url(r, inc, tabs[i].suffix), label);
	}
	html(r, "</ul></nav>\n");
}

/* ---- words --------------------------------------------------------------- */

const char *page_incident_damage_label(enum lang lang, const char *damage)
{
	static const char *const keys[] = DAMAGE_NAMES;
	static const char *const ja[] = { "確認中", "被害なし", "一部機能低下", "停止", "損壊" };
	static const char *const en[] = { "being assessed", "no damage", "degraded", "down",
					  "destroyed" };
	int k = incident_enum_parse(keys, DAMAGE_COUNT, damage);
	return k < 0 ? damage : L(lang, ja[k], en[k]);
}

const char *page_incident_policy_label(enum lang lang, const char *policy)
{
	if (strcmp(policy, "affected_site") == 0)
		return L(lang, "被災拠点で復旧", "at the affected site");
	if (strcmp(policy, "alternate_site") == 0)
		return L(lang, "代替拠点で復旧", "at the alternate site");
	return L(lang, "未決定", "not decided");
}

const char *page_incident_work_label(enum lang lang, enum work_state w)
{
	static const char *const ja[] = { "未着手", "復旧作業中", "検証中", "復旧済み" };
	static const char *const en[] = { "not started", "in progress", "validating", "restored" };
	return w >= 0 && w < WORK_COUNT ? L(lang, ja[w], en[w]) : "?";
}

const char *page_incident_step_label(enum lang lang, enum step_state s)
{
	static const char *const ja[] = { "未着手", "実施中", "完了" };
	static const char *const en[] = { "pending", "started", "done" };
	return s >= 0 && s < STEP_STATE_COUNT ? L(lang, ja[s], en[s]) : "?";
}

const char *page_incident_status_label(enum lang lang, enum checkin_status s)
{
	static const char *const ja[] = { "無事", "負傷", "対応不可" };
	static const char *const en[] = { "safe", "injured", "cannot act" };
	return s >= 0 && s < CHECKIN_STATUS_COUNT ? L(lang, ja[s], en[s]) : "?";
}

const char *page_incident_presence_label(enum lang lang, enum presence p)
{
	static const char *const ja[] = { "未回答", "参集済み", "移動中", "オンライン参加",
					  "参集不可" };
	static const char *const en[] = { "silent", "on site", "on the way", "online",
					  "unavailable" };
	return p >= 0 && p < PRESENCE_COUNT ? L(lang, ja[p], en[p]) : "?";
}

const char *page_incident_cover_label(enum lang lang, enum coverage c)
{
	switch (c) {
	case COVER_PRIMARY: return L(lang, "担当者", "holder");
	case COVER_DEPUTY: return L(lang, "代理者", "deputy");
	default: return L(lang, "対応者なし", "nobody");
	}
}

const char *page_incident_variant_label(enum lang lang, enum time_variant v)
{
	return v == VARIANT_WEEKDAY_DAY ? L(lang, "平日日中", "weekday daytime")
					: L(lang, "夜間・休日", "night or holiday");
}

const char *page_incident_tri_label(enum lang lang, int v)
{
	return v > 0 ? L(lang, "達成", "met") : v == 0 ? L(lang, "未達", "missed")
						       : L(lang, "判定前", "not yet known");
}

const char *page_incident_role_name(const struct incident *inc, const char *role)
{
	for (size_t i = 0; i < inc->n_holders; i++)
		if (strcmp(inc->holders[i].role, role) == 0)
			return inc->holders[i].role_name;
	return role;
}

const char *page_incident_role_names(struct req *r, const struct incident *inc, const char *roles)
{
	struct buf b = BUF_INIT;
	for (const char *p = roles; p && *p;) {
		size_t n = strcspn(p, "\n");
		char *id = arena_strndup(&r->arena, p, n);
		if (*id)
			buf_addf(&b, "%s%s", b.len ? L(r->lang, "、", ", ") : "",
				 page_incident_role_name(inc, id));
		p += n + (p[n] == '\n');
	}
	const char *s = arena_strdup(&r->arena, b.data);
	buf_release(&b);
	return s;
}

const char *page_incident_person_name(const struct incident *inc, const char *person)
{
	const struct incident_person *p = incident_person_find(inc, person);
	return p ? p->name : person;
}

const char *page_incident_jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* ---- times ----------------------------------------------------------------- */

const char *page_incident_time(struct req *r, int64_t t)
{
	char s[40];
	if (t == NO_VALUE)
		return "—";
	crisis_time_short(t, s, sizeof s);
	return arena_strdup(&r->arena, s);
}

const char *page_incident_duration(struct req *r, int64_t seconds)
{
	char s[32];
	if (seconds == NO_VALUE)
		return "—";
	crisis_duration(seconds, s, sizeof s);
	return arena_strdup(&r->arena, s);
}

const char *page_incident_time_input(struct req *r, int64_t t)
{
	char s[40];
	if (t == NO_VALUE)
		return "";
	crisis_time_iso(t, s, sizeof s);
	s[16] = '\0'; /* "2026-01-12T18:00" */
	return arena_strdup(&r->arena, s);
}

const char *page_incident_form_time(struct req *r, const char *name, bool *bad)
{
	const char *v = req_form_trim(r, name);
	int64_t t;
	if (!*v)
		return NULL;
	if (strlen(v) > 40) {
		*bad = true;
		return NULL;
	}
	/* datetime-local sends no offset: the agency's clock is Asia/Tokyo */
	const char *tp = strchr(v, 'T') ? strchr(v, 'T') : strchr(v, ' ');
	bool offset = tp && (strchr(tp, '+') || strchr(tp, '-') || strchr(tp, 'Z'));
	const char *iso = offset ? v : arena_printf(&r->arena, "%s+09:00", v);
	if (crisis_time_parse(iso, &t)) {
		*bad = true;
		return NULL;
	}
	return iso;
}

const char *page_incident_time_hint(enum lang lang)
{
	return L(lang, "日時は 2026-01-12 18:00 の形で入力してください（日本時間）。",
		 "Give a date and time like 2026-01-12 18:00 (Japan time).");
}

/* ---- forms -------------------------------------------------------------------- */

/* True when the text s[0..n) names a CLI option or command. */
static bool names_cli(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if ((s[i] == '-' && s[i + 1] == '-') || (i + 5 < n && strncmp(s + i, "itbcp ", 6) == 0))
			return true;
	return false;
}

struct page_incident_form_error page_incident_app_error(struct req *r, const struct err *e)
{
	struct page_incident_form_error out = { NULL, NULL };
	const char *m = e->msg;
	const char *colon = strstr(m, ": ");
	bool opt = m[0] == '-' && m[1] == '-';
	bool word = strncmp(m, "TEXT:", 5) == 0 || strncmp(m, "TITLE:", 6) == 0;
	if (colon && (opt || word)) {
		const char *f = opt ? m + 2 : m;
		size_t n = strcspn(f, " :/");
		char *field = arena_strndup(&r->arena, f, n);
		for (char *p = field; *p; p++)
			*p = *p == '-' ? '_' : (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
		out.field = field;
		m = colon + 2;
	}
	/* drop "（--validated data と …）" and " (see itbcp incident show)" */
	struct buf b = BUF_INIT;
	while (*m) {
		const char *open = NULL, *close = NULL;
		size_t skip = 0;
		if (strncmp(m, "（", 3) == 0 && (close = strstr(m, "）"))) {
			open = m;
			skip = (size_t)(close - m) + 3;
		} else if (strncmp(m, " (", 2) == 0 && (close = strchr(m, ')'))) {
			open = m;
			skip = (size_t)(close - m) + 1;
		}
		if (open && names_cli(open, skip)) {
			m += skip;
			continue;
		}
		buf_addc(&b, *m++);
	}
	out.msg = arena_strdup(&r->arena, b.data);
	buf_release(&b);
	return out;
}

const char *page_incident_error_for(const struct page_incident_form_error *err, const char *field)
{
	if (!err || !err->msg || !err->field || !field)
		return NULL;
	return strcmp(err->field, field) == 0 ? err->msg : NULL;
}

void page_incident_error_box(struct req *r, const struct page_incident_form_error *err,
			     const char *const *fields)
{
	if (!err || !err->msg)
		return;
	for (size_t i = 0; err->field && fields && fields[i]; i++)
		if (strcmp(fields[i], err->field) == 0) {
			page_notice(r, "error", L(r->lang, "入力内容を確認してください。",
						  "Please check what was entered."));
			return;
		}
	page_notice(r, "error", err->msg);
}

void page_incident_textarea(struct req *r, const char *id, const char *name, const char *label,
			    const char *value, const char *error, int rows)
{
	html(r, "<div class=\"field%s\"><label for=\"%s\">%s</label>", error ? " bad" : "", id, label);
	if (error)
		html(r, "<p class=\"err\" id=\"%s-err\">%s</p>", id, error);
	html(r, "<textarea id=\"%s\" name=\"%s\" rows=\"%d\"", id, name, rows);
	if (error)
		html(r, " aria-invalid=\"true\" aria-describedby=\"%s-err\"", id);
	html(r, ">%s</textarea></div>\n", value ? value : "");
}

const char *page_incident_form_text(struct req *r, const char *name)
{
	const char *v = req_form_trim(r, name);
	char *out = arena_alloc(&r->arena, strlen(v) + 1);
	size_t k = 0;
	for (const char *p = v; *p; p++) {
		if (*p == '\r') {
			out[k++] = '\n';
			if (p[1] == '\n')
				p++;
		} else {
			out[k++] = *p;
		}
	}
	out[k] = '\0';
	return out;
}

void page_incident_select(struct req *r, const char *id, const char *name, const char *label,
			  const char *const *values, const char *const *labels, size_t n,
			  const char *selected, const char *error)
{
	html(r, "<div class=\"field%s\"><label for=\"%s\">%s</label>", error ? " bad" : "", id, label);
	if (error)
		html(r, "<p class=\"err\" id=\"%s-err\">%s</p>", id, error);
	html(r, "<select id=\"%s\" name=\"%s\"", id, name);
	if (error)
		html(r, " aria-invalid=\"true\" aria-describedby=\"%s-err\"", id);
	html(r, ">");
	for (size_t i = 0; i < n; i++)
		html(r, "<option value=\"%s\"%s>%s</option>", values[i],
		     selected && strcmp(selected, values[i]) == 0 ? " selected" : "", labels[i]);
	html(r, "</select></div>\n");
}

void page_incident_table_open(struct req *r, const char *cls, const char *caption)
{
	html(r, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s\"><table class=\"%s\">\n"
		"<caption>%s</caption>\n",
	     caption, cls ? cls : "", caption);
}
