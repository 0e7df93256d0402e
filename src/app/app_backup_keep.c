/*
 * app_backup_keep.c — which backups a directory keeps (app_backup.h): the
 * newest copy of each of the last keep_hourly hours that have one, and of
 * each of the last keep_daily days (Asia/Tokyo's, the agency's), like a
 * grandfather–father–son rotation.  Pure: the caller lists and removes.
 */
#include "app/app_backup.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xalloc.h"

#define JST_OFFSET (9 * 3600)

/* See app_backup.h.  itbcp-YYYYMMDDTHHMMSSZ[-N].itbcp-backup */
int64_t app_backup_name_time(const char *name)
{
	const char *pre = "itbcp-";
	size_t lp = strlen(pre), ls = strlen(APP_BACKUP_SUFFIX), n = strlen(name);
	if (n < lp + 16 + ls || strncmp(name, pre, lp) != 0 ||
	    strcmp(name + n - ls, APP_BACKUP_SUFFIX) != 0)
		return -1;
	const char *t = name + lp;
	for (int i = 0; i < 16; i++) {
		bool digit = t[i] >= '0' && t[i] <= '9';
		if ((i == 8 && t[i] != 'T') || (i == 15 && t[i] != 'Z') || (i != 8 && i != 15 && !digit))
			return -1;
	}
	/* after the time: nothing, or -N with N a number */
	const char *rest = t + 16, *end = name + n - ls;
	if (rest != end) {
		if (*rest != '-' || rest + 1 == end)
			return -1;
		for (const char *c = rest + 1; c < end; c++)
			if (*c < '0' || *c > '9')
				return -1;
	}
	struct tm tm = { 0 };
	char f[5] = { 0 };
	memcpy(f, t, 4);
	tm.tm_year = atoi(f) - 1900;
	memset(f, 0, sizeof f);
	memcpy(f, t + 4, 2);
	tm.tm_mon = atoi(f) - 1;
	memcpy(f, t + 6, 2);
	tm.tm_mday = atoi(f);
	memcpy(f, t + 9, 2);
	tm.tm_hour = atoi(f);
	memcpy(f, t + 11, 2);
	tm.tm_min = atoi(f);
	memcpy(f, t + 13, 2);
	tm.tm_sec = atoi(f);
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	return (int64_t)timegm(&tm);
}

struct dated {
	size_t i;
	int64_t t;
	long seq; /* 1, or N of a "-N" name: the Nth copy of that second */
};

/* Newest first; in the same second, the later copy first. */
static int dated_cmp(const void *a, const void *b)
{
	const struct dated *x = a, *y = b;
	if (x->t != y->t)
		return x->t > y->t ? -1 : 1;
	return x->seq == y->seq ? 0 : x->seq > y->seq ? -1 : 1;
}

/* N of itbcp-…Z-N.itbcp-backup, 1 without one (the name is a backup's). */
static long name_seq(const char *name)
{
	const char *z = name + strlen("itbcp-") + 15;
	return z[1] == '-' ? strtol(z + 2, NULL, 10) : 1;
}

/* See app_backup.h. */
void app_backup_keep(const char *const *names, size_t n, int keep_hourly, int keep_daily, bool *keep)
{
	struct dated *v = xcalloc(n ? n : 1, sizeof *v);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t t = app_backup_name_time(names[i]);
		keep[i] = t < 0 || (keep_hourly <= 0 && keep_daily <= 0);
		if (t >= 0)
			v[m++] = (struct dated){ i, t, name_seq(names[i]) };
	}
	qsort(v, m, sizeof *v, dated_cmp);
	int hours = 0, days = 0;
	int64_t last_hour = INT64_MIN, last_day = INT64_MIN;
	for (size_t k = 0; k < m; k++) {
		int64_t hour = (v[k].t + JST_OFFSET) / 3600, day = (v[k].t + JST_OFFSET) / 86400;
		if (k == 0)
			keep[v[k].i] = true;
		if (hour != last_hour) {
			last_hour = hour;
			if (hours < keep_hourly) {
				keep[v[k].i] = true;
				hours++;
			}
		}
		if (day != last_day) {
			last_day = day;
			if (days < keep_daily) {
				keep[v[k].i] = true;
				days++;
			}
		}
	}
	free(v);
}
