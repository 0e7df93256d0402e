/*
 * jma_feed.h — one of JMA's Atom feeds (気象庁防災情報XML, PULL型), read
 * into plain data: for each entry its id, title (震度速報, 震源・震度に関す
 * る情報, 津波警報・注意報・予報a …), updated, author and the address of
 * the report's XML.  The feeds are https://www.data.jma.go.jp/developer/
 * xml/feed/eqvol.xml (地震火山, updated every minute, at least the last ten
 * minutes) and eqvol_l.xml (updated hourly, the last few days).
 * 出典：気象庁.
 *
 * The feed is outside input, so it is read as a report is
 * (jma_report.h): bounded (JMA_FEED_MAX bytes, JMA_FEED_ENTRIES_MAX
 * entries, each value trimmed and cut at a whole UTF-8 character), a
 * document type or entity declaration refused before libxml2 sees the
 * bytes (jma_report_refuse_doctype, the same check), network access off,
 * elements matched by the Atom namespace URI and local name, never by
 * prefix.  No network, no database: app/app_jma_watch.c fetches and
 * decides.
 */
#ifndef ITBCP_JMA_JMA_FEED_H
#define ITBCP_JMA_JMA_FEED_H

#include <stdbool.h>
#include <stddef.h>

#include "jma/jma_report.h"
#include "util/err.h"
#include "util/lang.h"

#define JMA_FEED_NS "http://www.w3.org/2005/Atom"
#define JMA_FEED_MAX (8u << 20)     /* bytes of one feed (eqvol_l.xml is well under 1 MiB) */
#define JMA_FEED_ENTRIES_MAX 4096   /* entries kept; the rest are cut and said so */
#define JMA_FEED_LINK_MAX 1000      /* bytes of a report's address; a longer one is dropped */

struct jma_feed_entry {
	char *id;      /* atom:id (JMA: the report's address, or urn:uuid:…) */
	char *title;   /* 震度速報 … */
	char *updated; /* as written, e.g. 2024-01-01T07:12:00Z */
	char *author;  /* author/name, 気象庁 or the office */
	char *link;    /* the report's address: href of the first link whose
			* rel is absent or "alternate"; "" when none (or too long) */
};

struct jma_feed {
	char *title;
	char *updated;
	struct jma_feed_entry *entries;
	size_t n_entries;
	bool cut; /* more than JMA_FEED_ENTRIES_MAX entries: the rest were not kept */
};
#define JMA_FEED_INIT { 0 }

/* Reads data[0..len).  0 with *out filled (release it), or -1 with e
 * saying what is wrong, starting with label (the feed's address), in
 * lang; *out is then empty.  An entry without an id, a title or a link is
 * kept with "" there (the caller decides to skip it). */
int jma_feed_parse(const char *data, size_t len, const char *label, enum lang lang,
		   struct jma_feed *out, struct err *e);
void jma_feed_release(struct jma_feed *f);

/* Which of the reports read (jma_report.h) an entry announces, by the
 * type code in its link's file name (…_0_VXSE51_010000.xml) or, failing
 * that, by its title: JMA_VXSE51, _VXSE52, _VXSE53, _VTSE41, or
 * JMA_TYPE_OTHER for every other report (volcanoes, weather …). */
enum jma_type jma_feed_entry_type(const struct jma_feed_entry *en);

#endif
