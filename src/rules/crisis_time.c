/*
 * crisis_time.c — times of a crisis: ISO 8601 parsing, Asia/Tokyo display,
 * Japanese national holidays and the time variant of §2.3.1 (crisis.h).
 *
 * Holidays follow the 国民の祝日に関する法律 as amended up to the 2021
 * Olympic shifts, for 2000–2099: fixed days, the "Happy Monday" days, the
 * equinoxes by the usual approximation (exact for 1980–2099), 振替休日
 * (before 2007 only a Sunday holiday's Monday; since 2007 the next day
 * that is not a holiday) and 国民の休日 (a day between two holidays).
 * Japan keeps no daylight saving, so Tokyo time is UTC+9.
 */
#include <stdio.h>
#include <string.h>

#include "rules/crisis.h"
#include "rules/rules_internal.h"

#define JST (9 * 3600)
#define DAY 86400

/* Floor division for possibly negative seconds. */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/* The value of n ASCII digits at s, or -1. */
static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* See crisis.h. */
int crisis_time_parse(const char *s, int64_t *out)
{
	if (!s || strlen(s) < 17 || strlen(s) > 32)
		return -1;
	int y = num(s, 4), mo = num(s + 5, 2), d = num(s + 8, 2);
	if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
		return -1;
	int h = num(s + 11, 2), mi = num(s + 14, 2), sec = 0;
	const char *p = s + 16;
	if (*p == ':') {
		sec = num(p + 1, 2);
		p += 3;
	}
	if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 || !civil_date_valid(y, mo, d) ||
	    h > 23 || mi > 59 || sec > 59)
		return -1;
	int off;
	if (strcmp(p, "Z") == 0) {
		off = 0;
	} else if ((p[0] == '+' || p[0] == '-') && strlen(p) == 6 && p[3] == ':') {
		int oh = num(p + 1, 2), om = num(p + 4, 2);
		if (oh < 0 || om < 0 || oh > 14 || om > 59)
			return -1;
		off = (oh * 60 + om) * 60 * (p[0] == '-' ? -1 : 1);
	} else {
		return -1;
	}
	int64_t days = civil_date_days((struct civil_date){ y, mo, d });
	*out = days * DAY + h * 3600 + mi * 60 + sec - off;
	return 0;
}

/* Splits t (UTC) into the Tokyo date and seconds of the day. */
static struct civil_date jst_split(int64_t t, int64_t *secs)
{
	int64_t l = t + JST;
	int64_t days = floor_div(l, DAY);
	*secs = l - days * DAY;
	return rules_date_from_days(days);
}

/* See crisis.h. */
struct civil_date crisis_jst_date(int64_t t)
{
	int64_t secs;
	return jst_split(t, &secs);
}

/* See crisis.h. */
void crisis_time_iso(int64_t t, char *out, size_t n)
{
	int64_t s;
	struct civil_date d = jst_split(t, &s);
	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d+09:00", d.y, d.m, d.d, (int)(s / 3600),
		 (int)(s / 60 % 60), (int)(s % 60));
}

/* See crisis.h. */
/* Writes v as exactly `width` decimal digits at p (v in range). */
static char *put_digits(char *p, int v, int width)
{
	for (int i = width - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + width;
}

void crisis_time_short(int64_t t, char *out, size_t n)
{
	int64_t s;
	struct civil_date d = jst_split(t, &s);
	if (d.y < 0 || d.y > 9999) { /* never for a real incident; keep printf's form */
		snprintf(out, n, "%04d-%02d-%02d %02d:%02d", d.y, d.m, d.d, (int)(s / 3600),
			 (int)(s / 60 % 60));
		return;
	}
	/* Without printf: the check-in answer shows two of these. */
	char text[17], *p = text; /* "YYYY-MM-DD HH:MM" */
	p = put_digits(p, d.y, 4);
	*p++ = '-';
	p = put_digits(p, d.m, 2);
	*p++ = '-';
	p = put_digits(p, d.d, 2);
	*p++ = ' ';
	p = put_digits(p, (int)(s / 3600), 2);
	*p++ = ':';
	p = put_digits(p, (int)(s / 60 % 60), 2);
	if (n == 0)
		return;
	size_t len = (size_t)(p - text) < n ? (size_t)(p - text) : n - 1;
	memcpy(out, text, len);
	out[len] = '\0';
}

/* See crisis.h. */
void crisis_duration(int64_t seconds, char *out, size_t n)
{
	const char *sign = seconds < 0 ? "-" : "";
	int64_t a = seconds < 0 ? -seconds : seconds;
	snprintf(out, n, "%s%lld:%02d", sign, (long long)(a / 3600), (int)(a / 60 % 60));
}

/* See crisis.h. */
int civil_weekday(struct civil_date d)
{
	int64_t days = civil_date_days(d); /* 1970-01-01 was a Thursday (4) */
	int64_t w = (days % 7 + 7 + 4) % 7;
	return (int)w;
}

/* The day of month of the n-th Monday of month m of year y. */
static int nth_monday(int y, int m, int n)
{
	int w = civil_weekday((struct civil_date){ y, m, 1 });
	int first = 1 + (8 - w) % 7; /* w = 1 (Monday) gives 1 */
	return first + 7 * (n - 1);
}

/* Vernal (spring) and autumnal equinox days, valid 1980–2099. */
static int vernal_equinox(int y)
{
	return (int)(20.8431 + 0.242194 * (y - 1980)) - (y - 1980) / 4;
}
static int autumnal_equinox(int y)
{
	return (int)(23.2488 + 0.242194 * (y - 1980)) - (y - 1980) / 4;
}

/* The 国民の祝日 itself on d (no substitute, no sandwiched day), or NULL. */
static const char *statutory_holiday(struct civil_date d)
{
	int y = d.y, m = d.m, day = d.d;
	if (y < 2000 || y > 2099)
		return NULL;
	switch (m) {
	case 1:
		if (day == 1)
			return "元日";
		if (day == nth_monday(y, 1, 2))
			return "成人の日";
		break;
	case 2:
		if (day == 11)
			return "建国記念の日";
		if (day == 23 && y >= 2020)
			return "天皇誕生日";
		break;
	case 3:
		if (day == vernal_equinox(y))
			return "春分の日";
		break;
	case 4:
		if (day == 29)
			return y >= 2007 ? "昭和の日" : "みどりの日";
		break;
	case 5:
		if (y == 2019 && day == 1)
			return "天皇の即位の日";
		if (day == 3)
			return "憲法記念日";
		if (day == 4 && y >= 2007)
			return "みどりの日";
		if (day == 5)
			return "こどもの日";
		break;
	case 7:
		if (y == 2020 && day == 23)
			return "海の日";
		if (y == 2021 && day == 22)
			return "海の日";
		if (y == 2020 && day == 24)
			return "スポーツの日";
		if (y == 2021 && day == 23)
			return "スポーツの日";
		if (y != 2020 && y != 2021 &&
		    day == (y <= 2002 ? 20 : nth_monday(y, 7, 3)))
			return "海の日";
		break;
	case 8:
		if (y >= 2016 && day == (y == 2020 ? 10 : y == 2021 ? 8 : 11))
			return "山の日";
		break;
	case 9:
		if (day == (y <= 2002 ? 15 : nth_monday(y, 9, 3)))
			return "敬老の日";
		if (day == autumnal_equinox(y))
			return "秋分の日";
		break;
	case 10:
		if (y == 2019 && day == 22)
			return "即位礼正殿の儀";
		if (y != 2020 && y != 2021 && day == nth_monday(y, 10, 2))
			return y >= 2020 ? "スポーツの日" : "体育の日";
		break;
	case 11:
		if (day == 3)
			return "文化の日";
		if (day == 23)
			return "勤労感謝の日";
		break;
	case 12:
		if (day == 23 && y <= 2018)
			return "天皇誕生日";
		break;
	default:
		break;
	}
	return NULL;
}

/* The date n days after d. */
static struct civil_date add_days(struct civil_date d, int n)
{
	return rules_date_from_days(civil_date_days(d) + n);
}

/* See crisis.h. */
const char *jp_holiday_name(struct civil_date d)
{
	const char *name = statutory_holiday(d);
	if (name)
		return name;
	if (d.y < 2000 || d.y > 2099)
		return NULL;
	/* 振替休日: walk back over the holidays just before d to a Sunday. */
	if (d.y >= 2007) {
		for (int k = 1; k < 8; k++) {
			struct civil_date p = add_days(d, -k);
			if (!statutory_holiday(p))
				break;
			if (civil_weekday(p) == 0)
				return "振替休日";
		}
	} else {
		struct civil_date p = add_days(d, -1);
		if (civil_weekday(p) == 0 && statutory_holiday(p))
			return "振替休日";
	}
	/* 国民の休日: both neighbours are holidays (not on a Sunday before 2007). */
	if (statutory_holiday(add_days(d, -1)) && statutory_holiday(add_days(d, 1)) &&
	    (d.y >= 2007 || civil_weekday(d) != 0))
		return "国民の休日";
	return NULL;
}

/* See crisis.h. */
bool jp_closed_day(struct civil_date d)
{
	int w = civil_weekday(d);
	if (w == 0 || w == 6)
		return true;
	if ((d.m == 12 && d.d >= 29) || (d.m == 1 && d.d <= 3))
		return true;
	return jp_holiday_name(d) != NULL;
}

/* See crisis.h. */
enum time_variant crisis_time_variant(int64_t t)
{
	int64_t secs;
	struct civil_date d = jst_split(t, &secs);
	int64_t minutes = secs / 60;
	if (jp_closed_day(d) || minutes < CRISIS_DAY_FROM_MIN || minutes >= CRISIS_DAY_TO_MIN)
		return VARIANT_NIGHT_HOLIDAY;
	return VARIANT_WEEKDAY_DAY;
}
