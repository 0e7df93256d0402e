/*
 * standby.c — a read-only standby site's banner, refusal and promotion
 * check (standby.h).  The flag lives in struct web (web.h), shared by
 * every thread: web_thread_store sets it when a connection opens, and
 * standby_now clears it once a look finds the server promoted.
 */
#include "web/core/standby.h"

#include <stdio.h>
#include <string.h>

#include "store/store_standby.h"
#include "util/monotonic.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/route.h"
#include "web/core/url.h"
#include "web/core/web.h"

/* How often a standby asks its server whether it was promoted. */
#define STANDBY_LOOK_MS 1000

/* See standby.h. */
bool standby_now(struct req *r)
{
	struct web *w = r->web;
	if (!atomic_load(&w->standby))
		return false;
	long long now = monotonic_ms(), seen = atomic_load(&w->standby_seen_ms);
	/* one thread looks per second; the others answer from the flag */
	if (!r->store || now - seen < STANDBY_LOOK_MS ||
	    !atomic_compare_exchange_strong(&w->standby_seen_ms, &seen, now))
		return true;
	struct err e = ERR_INIT;
	int rec = store_in_recovery(r->store, &e);
	if (rec == 0)
		standby_set(w, false);
	return rec != 0; /* a failed look keeps the site read-only */
}

/* See standby.h. */
void standby_set(struct web *w, bool standby)
{
	bool was = atomic_exchange(&w->standby, standby);
	if (was && !standby)
		fprintf(stderr, "itbcp serve: the database was promoted: this site takes writes now\n");
	else if (!was && standby && atomic_load(&w->standby_seen_ms) != 0)
		fprintf(stderr, "itbcp serve: the database is a standby now: serving read-only\n");
	atomic_store(&w->standby_seen_ms, monotonic_ms());
}

/* See standby.h. */
const char *standby_primary_link(struct req *r)
{
	const char *base = r->web->primary_url;
	if (!base[0])
		return NULL;
	size_t n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	if (strncmp(r->path, "/c/", 3) == 0)
		return arena_printf(&r->arena, "%.*s%s", (int)n, base, url_encode(r, r->path));
	return arena_printf(&r->arena, "%.*s/", (int)n, base);
}

/* The banner's sentence in r's language. */
static const char *banner_text(const struct req *r)
{
	return L(r->lang,
		 "このサイトは読み取り専用の待機系です。計画と危機対応の状況は見られますが、"
		 "変更・安否の報告・ログインは主系で行ってください。",
		 "This site is a read-only standby: the plan and the incident boards can be "
		 "read here; changes, check-in reports and sign-in are made on the primary.");
}

/* See standby.h. */
void standby_banner(struct req *r)
{
	if (!atomic_load(&r->web->standby))
		return;
	const char *link = standby_primary_link(r);
	html(r, "<p class=\"notice standby\" role=\"note\"><strong>%s</strong> %s",
	     L(r->lang, "待機系（読み取り専用）", "Standby (read-only)"), banner_text(r));
	if (link)
		html(r, " <a href=\"%s\">%s</a>", link, L(r->lang, "主系へ", "Go to the primary"));
	html(r, "</p>\n");
}

/* See standby.h. */
void standby_refuse(struct req *r)
{
	const char *link = standby_primary_link(r);
	if (strncmp(r->path, "/api/", 5) == 0) {
		const char *msg = arena_printf(&r->arena, "%s%s%s", banner_text(r), link ? " " : "",
					       link ? link : "");
		route_error(r, 503, msg);
	} else {
		/* route_error's page carries the banner (page_begin) */
		route_error(r, 503,
			    L(r->lang,
			      "この操作は待機系では受け付けられません。主系で行うか、"
			      "待機系が主系に切り替わってから、もう一度送ってください。",
			      "This cannot be done on a standby: do it on the primary, or send "
			      "it again once this site has been promoted."));
	}
	req_set_header(r, "Retry-After", STANDBY_RETRY_AFTER);
	if (link)
		req_set_header(r, "Link", arena_printf(&r->arena, "<%s>; rel=\"alternate\"", link));
}
