/*
 * app_jma_watch.c — see app_jma_watch.h.  One poll: the feed by
 * conditional GET, the entries of interest oldest first, each report
 * fetched once and handed to app_jma_ingest_bytes.
 *
 * The order of writes: a report is taken in (its jma_reports row, and
 * whatever it started, committed) before the entry is remembered as
 * fetched.  A crash between the two makes the next poll fetch that one
 * file again; the ingest then sees the same bytes ("received before") and
 * starts nothing twice.
 */
#include "app/app_jma_watch.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/app_jma.h"
#include "app/app_jma_fetch.h"
#include "app/app_jma_share.h"
#include "jma/jma_feed.h"
#include "jma/jma_report.h"
#include "store/jma_feed_store.h"
#include "store/store_standby.h"
#include "util/buf.h"

/* One line on w->log: the time (UTC), who speaks, what happened. */
__attribute__((format(printf, 2, 3))) static void say(const struct app_jma_watch *w,
						       const char *fmt, ...)
{
	if (!w->log)
		return;
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	va_list ap;
	va_start(ap, fmt);
	flockfile(w->log); /* one whole line among the server's other threads' */
	fprintf(w->log, "%s itbcp jma watch: ", when);
	vfprintf(w->log, fmt, ap);
	fputc('\n', w->log);
	fflush(w->log);
	funlockfile(w->log);
	va_end(ap);
}

/* scheme://host[:port]/ of a URL: its length, 0 when it has none. */
static size_t origin_len(const char *url)
{
	const char *s = strstr(url, "://");
	if (!s)
		return 0;
	const char *slash = strchr(s + 3, '/');
	return slash ? (size_t)(slash - url) + 1 : 0;
}

/* True when link lies on the feed's own scheme, host and port. */
static bool same_origin(const char *feed, const char *link)
{
	size_t n = origin_len(feed);
	return n && origin_len(link) == n && strncasecmp(feed, link, n) == 0;
}

/* Remembers an entry as fetched; logs when it cannot (the next poll
 * then fetches it again, and the ingest says "received before"). */
static void remember(const struct app_jma_watch *w, struct store *st,
		     const struct jma_feed_entry *en, enum jma_type t, const char *outcome,
		     int64_t report, const char *reason)
{
	struct err e = ERR_INIT;
	if (jma_feed_store_add(st, w->feed, en->id, en->link, jma_type_code(t), outcome, report,
			       reason, &e))
		say(w, "%s: %s", en->link, e.msg);
}

/* One entry of interest not fetched before: fetch, read, take in. */
static void take_entry(const struct app_jma_watch *w, struct store *st,
		       const struct jma_feed_entry *en, enum jma_type t, struct app_jma_poll *out)
{
	enum lang lang = w->lang;
	if (!same_origin(w->feed, en->link)) {
		char why[300];
		snprintf(why, sizeof why, "%s",
			 L(lang, "フィードと別のサーバーにある報告は取得しません",
			   "a report on another server than the feed's is not fetched"));
		say(w, "%s (%s): %s", en->link, en->title, why);
		remember(w, st, en, t, "refused", 0, why);
		out->refused++;
		return;
	}
	struct app_jma_fetch f;
	struct err e = ERR_INIT;
	if (app_jma_fetch_shared(en->link, JMA_REPORT_MAX, NULL, NULL, w->timeout, w->stop, lang, &f,
				 &e)) {
		say(w, "%s (%s): %s — %s", en->link, en->title, e.msg,
		    L(lang, "次回の取得で再試行します", "will retry at the next poll"));
		out->failed++;
		goto out;
	}
	if (f.status != 200) {
		say(w, "%s (%s): HTTP %ld — %s", en->link, en->title, f.status,
		    L(lang, "次回の取得で再試行します", "will retry at the next poll"));
		out->failed++;
		goto out;
	}
	/* Read first, to tell a report that cannot be read (remembered:
	 * its bytes would be refused again) from a failure to act on one
	 * (not remembered: the next poll tries again). */
	struct jma_report r;
	if (jma_report_parse(f.body.data, f.body.len, en->link, lang, &r, &e)) {
		say(w, "%s (%s): %s — %s", en->link, en->title, e.msg,
		    L(lang, "取り込みません（再取得しません）", "not taken in (not fetched again)"));
		remember(w, st, en, t, "refused", 0, e.msg);
		out->refused++;
		goto out;
	}
	jma_report_release(&r);
	struct app_jma_outcome o;
	if (app_jma_ingest_bytes(w->db_path, en->link, f.body.data, f.body.len, w->author, lang, &o,
				 &e)) {
		say(w, "%s (%s): %s — %s", en->link, en->title, e.msg,
		    L(lang, "次回の取得で再試行します", "will retry at the next poll"));
		out->failed++;
		goto out;
	}
	say(w, "%s: %s %s %s %s EventID %s: %s — %s%s", en->link, o.row.type[0] ? o.row.type : "-",
	    o.row.status, o.row.info, o.row.title, o.row.event_id[0] ? o.row.event_id : "-",
	    o.duplicate ? L(lang, "受信済み", "received before") : o.row.decision, o.row.reason,
	    L(lang, "（出典：気象庁）", " (source: JMA, 出典：気象庁)"));
	remember(w, st, en, t, "ingested", o.row.id, o.row.decision);
	out->ingested++;
	jma_row_release(&o.row);
out:
	buf_release(&f.body);
}

/* See app_jma_watch.h. */
int app_jma_watch_poll(const struct app_jma_watch *w, struct app_jma_poll *out, struct err *e)
{
	enum lang lang = w->lang;
	memset(out, 0, sizeof *out);
	struct store st = STORE_INIT;
	struct jma_feed feed = JMA_FEED_INIT;
	struct app_jma_fetch f = { .body = BUF_INIT };
	char *ims = NULL, *inm = NULL;
	char status[160];
	int rc = -1;
	bool told = false;   /* the failure is logged already */
	bool stopped = false; /* told to stop before every entry was seen to */
	if (store_open(&st, w->db_path, 0, e))
		goto out;
	/* A read-only standby (two sites, issue 18) would fetch and then fail
	 * to keep what it fetched: its primary polls; after a promotion the
	 * next poll is this site's. */
	int standby = store_in_recovery(&st, e);
	if (standby) {
		if (standby > 0) {
			say(w, "%s: %s", w->feed,
			    L(lang, "待機系のため取得しません（主系が取得します）",
			      "not polled on a standby (the primary polls)"));
			rc = 0;
		}
		goto out;
	}
	if (jma_feed_store_validators(&st, w->feed, &ims, &inm, e))
		goto out;
	if (app_jma_fetch_shared(w->feed, JMA_FEED_MAX, ims, inm, w->timeout, w->stop, lang, &f, e)) {
		snprintf(status, sizeof status, "%s", L(lang, "取得できません", "not fetched"));
		goto failed;
	}
	if (f.status == 304) {
		out->not_modified = true;
		say(w, "%s: %s", w->feed,
		    L(lang, "更新なし（304）：取得するものはありません", "not modified (304): nothing to fetch"));
		rc = jma_feed_store_polled(&st, w->feed, NULL, NULL, "304", e);
		goto out;
	}
	if (f.status != 200) {
		err_set(e, "%s: HTTP %ld", w->feed, f.status);
		snprintf(status, sizeof status, "HTTP %ld", f.status);
		goto failed;
	}
	if (jma_feed_parse(f.body.data, f.body.len, w->feed, lang, &feed, e)) {
		snprintf(status, sizeof status, "%s", L(lang, "フィードとして読めません", "not a feed"));
		goto failed;
	}
	out->entries = (unsigned)feed.n_entries;
	if (feed.cut)
		say(w, "%s: %s %d %s", w->feed, L(lang, "項目が多すぎます：先頭の", "too many entries: the first"),
		    JMA_FEED_ENTRIES_MAX, L(lang, "件だけ読みます", "are read"));
	/* Oldest first (JMA lists the newest first), so that the reports of
	 * one event are taken in in the order JMA issued them. */
	for (size_t k = feed.n_entries; k-- > 0;) {
		const struct jma_feed_entry *en = &feed.entries[k];
		enum jma_type t = jma_feed_entry_type(en);
		if (t == JMA_TYPE_OTHER)
			continue;
		out->of_interest++;
		if (!en->link[0]) {
			say(w, "%s: %s「%s」(%s): %s", w->feed, L(lang, "項目", "entry"), en->title, en->id,
			    L(lang, "報告のアドレス（link）がありません", "no report address (link)"));
			out->refused++;
			continue;
		}
		int seen = jma_feed_store_seen(&st, en->id, en->link, e);
		if (seen < 0)
			goto out;
		if (seen) {
			out->seen++;
			continue;
		}
		if (w->stop && atomic_load(w->stop)) {
			stopped = true; /* the rest at the next start: keep no validators */
			break;
		}
		take_entry(w, &st, en, t, out);
	}
	snprintf(status, sizeof status,
		 "HTTP 200: %u entries, %u of interest, %u taken in, %u refused, %u failed",
		 out->entries, out->of_interest, out->ingested, out->refused, out->failed);
	say(w, "%s: %s %u, %s %u, %s %u, %s %u, %s %u, %s %u", w->feed, L(lang, "項目", "entries"),
	    out->entries, L(lang, "対象", "of interest"), out->of_interest,
	    L(lang, "取得済み", "fetched before"), out->seen, L(lang, "今回取り込み", "taken in now"),
	    out->ingested, L(lang, "拒否", "refused"), out->refused,
	    L(lang, "失敗（次回再試行）", "failed (retried next time)"), out->failed);
	/* The validators are kept only when every report is in, so that a
	 * report that failed is asked for again even if the feed is not
	 * modified meanwhile. */
	rc = jma_feed_store_polled(&st, w->feed, out->failed || stopped ? NULL : f.last_modified,
				   f.etag, status, e);
	goto out;
failed:
	told = true;
	say(w, "%s — %s", e->msg,
	    L(lang, "何も開始しません。次の間隔で再試行します", "nothing started; will retry at the next interval"));
	{
		struct err pe = ERR_INIT;
		char line[sizeof status + sizeof e->msg + 2];
		snprintf(line, sizeof line, "%s: %s", status, e->msg);
		jma_feed_store_polled(&st, w->feed, NULL, NULL, line, &pe);
	}
out:
	if (rc && !told) /* the database: say so, as the feed's failures are */
		say(w, "%s — %s", e->msg,
		    L(lang, "次の間隔で再試行します", "will retry at the next interval"));
	store_close(&st);
	jma_feed_release(&feed);
	buf_release(&f.body);
	free(ims);
	free(inm);
	return rc;
}

/* Seconds from s, 1..max, or -1. */
static long seconds(const char *s, long max)
{
	char *end;
	long v = strtol(s, &end, 10);
	return s[0] && !*end && v >= 1 && v <= max ? v : -1;
}

/* True when url's host is JMA's own: jma.go.jp or a name under it, in any
 * case, whatever the user part, the port or a final dot. */
static bool jma_host(const char *url)
{
	const char *h = strstr(url, "://") + 3; /* checked by the caller */
	size_t n = strcspn(h, "/?#");
	const char *at = memchr(h, '@', n);
	if (at) {
		n -= (size_t)(at + 1 - h);
		h = at + 1;
	}
	const char *colon = memchr(h, ':', n);
	if (colon)
		n = (size_t)(colon - h);
	while (n && h[n - 1] == '.')
		n--;
	return (n == 9 && strncasecmp(h, "jma.go.jp", 9) == 0) ||
	       (n > 10 && strncasecmp(h + n - 10, ".jma.go.jp", 10) == 0);
}

/* See app_jma_watch.h. */
int app_jma_watch_settings(struct app_jma_watch *w, const char *feed, const char *interval,
			   const char *timeout, struct err *e)
{
	enum lang lang = w->lang;
	const char *feed_from = "--feed", *interval_from = "--interval";
	if (!feed && (feed = getenv("ITBCP_JMA_FEED")) && *feed)
		feed_from = "ITBCP_JMA_FEED";
	if (!feed || !*feed)
		feed = APP_JMA_FEED_DEFAULT;
	if (!interval && (interval = getenv("ITBCP_JMA_INTERVAL")) && *interval)
		interval_from = "ITBCP_JMA_INTERVAL";
	if (strlen(feed) > JMA_FEED_LINK_MAX ||
	    (strncmp(feed, "https://", 8) != 0 && strncmp(feed, "http://", 7) != 0) ||
	    !origin_len(feed))
		return err_set(e, "%s %s: %s", feed_from, feed,
			       L(lang, "http:// か https:// で始まるフィードのアドレスを指定してください",
				 "give the feed's address, starting with http:// or https://"));
	bool jma = jma_host(feed);
	long min = jma ? APP_JMA_INTERVAL_JMA_MIN : 1;
	long iv = APP_JMA_INTERVAL_DEFAULT;
	if (interval && *interval && ((iv = seconds(interval, APP_JMA_INTERVAL_MAX)) < min))
		return err_set(e, "%s %s: %s %ld %s %d %s%s", interval_from, interval,
			       L(lang, "間隔は", "the interval must be"), min,
			       L(lang, "〜", "to"), APP_JMA_INTERVAL_MAX,
			       L(lang, "秒で指定してください", "seconds"),
			       jma ? L(lang, "（気象庁のフィードは毎分更新のため、1分未満の間隔は受け付けません）",
				       " (JMA updates its feed once a minute and asks for no more)")
				   : "");
	long to = APP_JMA_TIMEOUT_DEFAULT;
	if (timeout && (to = seconds(timeout, 300)) < 0)
		return err_set(e, "--timeout %s: %s", timeout,
			       L(lang, "1〜300秒で指定してください", "must be 1 to 300 seconds"));
	w->feed = feed;
	w->interval = iv;
	w->timeout = to;
	return 0;
}
