/*
 * ics.c — the training calendar (§4.1) as iCalendar, written with libical.
 *
 * Nothing is escaped here: every text goes into a libical property and
 * libical escapes (\, ; , newline) and folds lines when it writes.  UIDs
 * are "<training id>.<YYYY-MM>.training@<org>.itbcp" and
 * "marker.<YYYY-MM>.<label hash>@<org>.itbcp", where <org> is a hash of
 * the organisation's name: stable across exports, distinct between
 * agencies that share a calendar.  A marker has no id of its own, so
 * renaming one gives it a new UID.
 */
#include "render/ics.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "render/doc.h"
#include "rules/rules.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* 32-bit FNV-1a of s: short, stable identifiers from names. */
static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	return h;
}

/* Day of the week of a date, 0 = Sunday. */
static int weekday(int y, int m, int d)
{
	struct civil_date c = { y, m, d };
	int64_t days = civil_date_days(c); /* 1970-01-01 was a Thursday */
	return (int)(((days % 7) + 7 + 4) % 7);
}

/* True for the holidays of a month's first days that ics_event_day skips.
 * (Their substitute days never matter: when one falls on a Sunday, the
 * 1st of the month is a weekday.) */
static bool early_holiday(int m, int d)
{
	return (m == 1 && d <= 3) /* 年末年始の休日 */ || (m == 5 && d >= 3 && d <= 5) ||
	       (m == 11 && d == 3);
}

void ics_event_day(int fy, int m, int *year, int *day)
{
	int y = m >= 4 ? fy : fy + 1;
	int d = 1;
	while (weekday(y, m, d) == 0 || weekday(y, m, d) == 6 || early_holiday(m, d))
		d++;
	*year = y;
	*day = d;
}

/* The training type as the appendix's plan names it. */
static const char *type_label(const char *type, enum lang lang)
{
	static const struct {
		const char *key, *ja, *en;
	} types[] = {
		{ "desk_check", "手順書確認訓練", "Procedure desk check" },
		{ "scenario", "シナリオ訓練", "Scenario exercise" },
		{ "unannounced", "非提示型訓練", "Unannounced exercise" },
		{ "recovery", "システムリカバリ訓練", "System recovery drill" },
		{ "switchover", "システム切り替え訓練", "System switch-over drill" },
		{ "new_staff", "新規配属者教育", "New staff education" },
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(type, types[i].key) == 0)
			return L(lang, types[i].ja, types[i].en);
	return L(lang, "その他", "Other");
}

/* An all-day DATE value. */
static struct icaltimetype ical_date(int y, int m, int d)
{
	struct icaltimetype t = icaltime_null_date();
	t.year = y;
	t.month = m;
	t.day = d;
	return t;
}

/* Adds an all-day event on the day for month m of fiscal year fy. */
static void add_event(icalcomponent *cal, struct icaltimetype stamp, const char *uid, int fy,
		      int m, const char *summary, const char *description, const char *category)
{
	int y, d;
	ics_event_day(fy, m, &y, &d);
	struct icaltimetype start = ical_date(y, m, d);
	struct icaltimetype end = start;
	icaltime_adjust(&end, 1, 0, 0, 0);
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(start));
	icalcomponent_add_property(ev, icalproperty_new_dtend(end));
	icalcomponent_add_property(ev, icalproperty_new_summary(summary));
	if (*description)
		icalcomponent_add_property(ev, icalproperty_new_description(description));
	icalcomponent_add_property(ev, icalproperty_new_categories(category));
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_component(cal, ev);
}

/* Appends "label: value\n" when value is not empty. */
static void add_line(struct buf *b, const char *label, const char *value)
{
	if (*value)
		buf_addf(b, "%s: %s\n", label, value);
}

/* DTSTAMP: now, or ITBCP_TODAY at midnight UTC (doc_fixed_time). */
static struct icaltimetype stamp_now(void)
{
	icaltimezone *utc = icaltimezone_get_utc_timezone();
	time_t t;
	if (!doc_fixed_time(&t))
		t = time(NULL);
	return icaltime_from_timet_with_zone(t, 0, utc);
}

char *render_ics(const struct plan *p, int64_t fy, enum lang lang, struct err *e)
{
	char org[16];
	struct buf uid = BUF_INIT, text = BUF_INIT, summary = BUF_INIT;
	snprintf(org, sizeof org, "%08x", (unsigned)fnv1a(p->organisation.name));
	struct icaltimetype stamp = stamp_now();

	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//itbcp//IT-BCP training plan//JA"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	buf_addf(&text, "%s %s", p->organisation.name, L(lang, "教育訓練計画", "training plan"));
	icalproperty *name = icalproperty_new_x(text.data);
	icalproperty_set_x_name(name, "X-WR-CALNAME");
	icalcomponent_add_property(cal, name);

	for (size_t i = 0; i < p->n_trainings; i++) {
		const struct training *t = &p->trainings[i];
		if (fy != NO_VALUE && t->fy != fy)
			continue;
		char fy_label[64];
		fiscal_year_label((int)t->fy, lang, fy_label, sizeof fy_label);
		for (int m = 1; m <= 12; m++) {
			if (!(t->months & (1u << m)))
				continue;
			int y, d;
			ics_event_day((int)t->fy, m, &y, &d);
			buf_reset(&uid);
			buf_addf(&uid, "%s.%04d-%02d.training@%s.itbcp", t->id, y, m, org);
			buf_reset(&summary);
			buf_adds(&summary, *t->title ? t->title : type_label(t->type, lang));
			buf_reset(&text);
			buf_addf(&text, L(lang, "%s教育訓練計画 No.%lld\n", "%s training plan, no. %lld\n"),
				 fy_label, (long long)t->no);
			add_line(&text, L(lang, "種類", "Type"), type_label(t->type, lang));
			add_line(&text, L(lang, "教育訓練方法", "Method"), t->method);
			add_line(&text, L(lang, "受講対象", "Audience"), t->audience);
			add_line(&text, L(lang, "企画者", "Planner"), t->planner);
			add_line(&text, L(lang, "備考", "Remarks"), t->remarks);
			buf_addf(&text, L(lang, "実施時期: %d月（日付は目安です）",
					  "Held in: month %d (the day is indicative)"), m);
			add_event(cal, stamp, uid.data, (int)t->fy, m, summary.data, text.data,
				  L(lang, "教育訓練", "Training"));
		}
	}
	for (size_t i = 0; i < p->n_calendar_markers; i++) {
		const struct calendar_marker *mk = &p->calendar_markers[i];
		if ((fy != NO_VALUE && mk->fy != fy) || mk->month < 1 || mk->month > 12)
			continue;
		int m = (int)mk->month, y, d;
		ics_event_day((int)mk->fy, m, &y, &d);
		buf_reset(&uid);
		buf_addf(&uid, "marker.%04d-%02d.%08x@%s.itbcp", y, m, (unsigned)fnv1a(mk->label), org);
		buf_reset(&summary);
		buf_addf(&summary, "▼ %s", mk->label);
		char fy_label[64];
		fiscal_year_label((int)mk->fy, lang, fy_label, sizeof fy_label);
		buf_reset(&text);
		buf_addf(&text, L(lang, "%s教育訓練計画の予定（▼）", "%s training plan: scheduled (▼)"),
			 fy_label);
		add_event(cal, stamp, uid.data, (int)mk->fy, m, summary.data, text.data,
			  L(lang, "予定", "Schedule"));
	}

	char *out = NULL;
	char *s = icalcomponent_as_ical_string_r(cal);
	if (s) {
		out = xstrdup(s);
		icalmemory_free_buffer(s);
	} else {
		err_set(e, "libical: %s", icalerror_strerror(icalerrno));
	}
	icalcomponent_free(cal);
	buf_release(&uid);
	buf_release(&text);
	buf_release(&summary);
	return out;
}

int render_ics_buf(const struct plan *p, const char *fy, enum lang lang, struct buf *out,
		   struct err *e)
{
	int64_t year = NO_VALUE;
	if (fy) {
		char *end;
		long long v = strtoll(fy, &end, 10);
		if (*fy < '0' || *fy > '9' || *end || v < 1900 || v > 9999)
			return err_set(e, L(lang, "年度は西暦の4桁で指定してください（例: 2026）: %s",
					    "give the fiscal year as four digits (e.g. 2026): %s"),
				       fy);
		year = v;
	}
	char *text = render_ics(p, year, lang, e);
	if (!text)
		return -1;
	buf_adds(out, text);
	free(text);
	return 0;
}
