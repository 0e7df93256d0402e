/*
 * app_version.c — whether the draft is the plan's approved version.
 *
 * The documents differ by it: a draft carries the appendix's 「ガイドライン
 * の参照先」 boxes for its authors, the approved version (第N版) is what
 * the agency issues and does without them (README, "Documents").  The
 * draft is the approved version when its interchange document has the
 * same SHA-256 as the one approved, so nothing is stored to say so.
 * app_plan_versions gives the documents their control besides: every
 * approved version with its date and comment, for the cover and 改定履歴.
 */
#include "app/app_version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format/plan_json.h"
#include "store/version_store.h"
#include "util/sha256.h"
#include "util/xalloc.h"

int app_draft_version(struct store *st, const struct plan *p, int64_t *number, struct err *e)
{
	struct plan_version cur;
	*number = 0;
	int n = version_current(st, &cur, e);
	if (n <= 0)
		return n;
	char *doc = plan_json_write(p);
	unsigned char h[SHA256_BYTES];
	sha256(h, doc, strlen(doc));
	free(doc);
	static const char digits[] = "0123456789abcdef";
	char hex[2 * SHA256_BYTES + 1];
	for (size_t i = 0; i < SHA256_BYTES; i++) {
		hex[2 * i] = digits[h[i] >> 4];
		hex[2 * i + 1] = digits[h[i] & 15];
	}
	hex[2 * SHA256_BYTES] = '\0';
	int same = strcmp(hex, cur.hash) == 0;
	if (same)
		*number = cur.number;
	version_release(&cur);
	return same;
}

int app_draft_version_at(const char *db_path, const struct plan *p, int64_t *number,
			 struct err *e)
{
	struct store st = STORE_INIT;
	*number = 0;
	if (store_open(&st, db_path, 0, e))
		return -1;
	int rc = app_draft_version(&st, p, number, e);
	store_close(&st);
	return rc;
}

/* The day in Asia/Tokyo of a UTC time "YYYY-MM-DDTHH:MM:SSZ" (a decision
 * at 20:00 UTC is the next morning in Tokyo: the document's date is the
 * agency's).  The UTC day when at fails to parse (never, from the store). */
static struct civil_date tokyo_day(const char *at)
{
	struct tm tm = { 0 };
	struct civil_date d = { 1970, 1, 1 };
	if (sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return d;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm) + 9 * 3600;
	struct tm out;
	if (!gmtime_r(&t, &out))
		return d;
	d.y = out.tm_year + 1900;
	d.m = out.tm_mon + 1;
	d.d = out.tm_mday;
	return d;
}

int app_plan_versions(struct store *st, const struct plan *p, struct render_version **out,
		      size_t *n, int64_t *version, struct err *e)
{
	*out = NULL;
	*n = 0;
	*version = 0;
	struct plan_version *all;
	size_t n_all;
	if (version_list(st, &all, &n_all, e))
		return -1;
	size_t approved = 0;
	for (size_t i = 0; i < n_all; i++)
		approved += all[i].state == VERSION_APPROVED;
	struct render_version *v = approved ? xcalloc(approved, sizeof *v) : NULL;
	size_t k = approved;
	/* version_list is newest first; the documents want the oldest first. */
	for (size_t i = 0; i < n_all; i++) {
		if (all[i].state != VERSION_APPROVED)
			continue;
		k--;
		v[k].number = all[i].number;
		v[k].date = tokyo_day(all[i].decided_at);
		v[k].comment = xstrdup(all[i].comment ? all[i].comment : "");
	}
	version_list_free(all, n_all);
	int64_t number;
	if (app_draft_version(st, p, &number, e) < 0) {
		app_plan_versions_free(v, approved);
		return -1;
	}
	*out = v;
	*n = approved;
	*version = number;
	return 0;
}

int app_plan_versions_at(const char *db_path, const struct plan *p, struct render_version **out,
			 size_t *n, int64_t *version, struct err *e)
{
	struct store st = STORE_INIT;
	*out = NULL;
	*n = 0;
	*version = 0;
	if (store_open(&st, db_path, 0, e))
		return -1;
	int rc = app_plan_versions(&st, p, out, n, version, e);
	store_close(&st);
	return rc;
}

void app_plan_versions_free(struct render_version *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].comment);
	free(v);
}
