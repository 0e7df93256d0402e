/*
 * page_checkin.c — a person's own check-in page, /c/TOKEN (issue 5): in a
 * crisis each person called in reports whether they are safe, whether
 * and when they can reach their assembly location, where they are and a
 * short note.  Every report is kept; the latest counts.
 *
 * Who may use it.  The token in the URL is the credential: 160 bits from
 * an HMAC under the database's secret (store/incident_tokens.c), printed
 * on the person's wallet card and sent in their call-out.  There is no
 * sign-in, and the form carries no CSRF token: a forged cross-site POST
 * would need the token, which only the person holds, so a CSRF cookie
 * would protect nothing and would only make the form fail for a person
 * whose phone dropped the cookie in the hours between opening the page
 * and sending it.  The pipeline's headers keep the token in place
 * (Referrer-Policy: same-origin, Cache-Control: no-store).  Unknown and
 * malformed tokens get the same 404 as any unknown page; every such
 * failure is counted per client address (per /64 for IPv6, in memory:
 * checkin/checkin_limit.h).  An address with CHECKIN_FAIL_MAX failures in
 * CHECKIN_FAIL_WINDOW is logged once and gets 429 for every wrong link
 * until its window ends, but a right link from it always works: an office
 * behind one NAT shares an address, and a few mistyped links there must
 * not lock out everyone else in a crisis.  (The limit was never what kept
 * a link secret: 160 random bits are.)  Over the limit, a report's link
 * is looked up on the request's own thread before it is queued, so that a
 * flood of wrong links from that address never reaches the writer; below
 * it, the hot path reads nothing.  The page shows the
 * person's own name and reports and nothing about anybody else.
 *
 * Durability.  The POST handler validates and then writes nothing: it
 * leaves a job (r->pending) for the check-in writer, which commits it in
 * a batch, and a second thread syncs the log (fdatasync) after the
 * commit; only then does checkin_answer() build "受け付けました /
 * received" (checkin/checkin_writer.h).
 *
 * Speed.  A report that is well formed is answered without reading the
 * database on the request's thread: the writer looks the token up, with
 * the person's incidents, on its own connection just before the batch's
 * commit (store_checkin_whom), and the answer page is built from what it
 * found.  Only a report with a mistake in it takes the slower way that
 * reads the person first, to show the form again with their details.
 *
 * Size.  One small screen for a phone on a congested network: no script,
 * no images, its own 1.4 KB stylesheet (compiled in, cached for a year),
 * the form itself under 2 KB.
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_incident.h"
#include "rules/crisis.h"
#include "store/checkin_store.h"
#include "store/checkin_view.h"
#include "store/incident_store.h"
#include "checkin/checkin_limit.h"
#include "checkin/checkin_writer.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/standby.h"
#include "web/core/web.h"

/* What a valid token led to: the person and their open incidents
 * (released by person_release). */
struct person_page {
	const char *token;
	struct checkin_access a;
};

/* What the form sent (or "" for a fresh form), and the problem of each
 * field (NULL: none). */
struct form {
	const char *incident, *status, *assembly, *eta, *location, *note;
	const char *eta_day; /* "today" or "tomorrow" once asked, else "" (in err: asked) */
};

/* A report waiting for the writer: the job first, so the job's address
 * is the struct's (the writer fills job.whom with what the answer page
 * shows).  In r's arena. */
struct pending_checkin {
	struct checkin_job job;
	const char *token;
	struct form typed; /* what was sent, to offer sending it again */
};

static void person_release(struct person_page *pp)
{
	checkin_access_release(&pp->a);
}

/* ---- words ------------------------------------------------------------- */

static const char *status_label(enum lang lang, enum checkin_status s)
{
	switch (s) {
	case CHECKIN_SAFE: return L(lang, "無事", "Safe");
	case CHECKIN_INJURED: return L(lang, "負傷", "Injured");
	default: return L(lang, "対応できない", "Cannot act");
	}
}

static const char *assembly_label(enum lang lang, enum checkin_assembly a)
{
	switch (a) {
	case ASSEMBLY_YES: return L(lang, "参集できる", "I can come");
	case ASSEMBLY_ONLINE: return L(lang, "オンラインで参加", "I join online");
	default: return L(lang, "参集できない", "I cannot come");
	}
}

/* "2026-01-12 18:00" in Asia/Tokyo, in r's arena. */
static const char *jst(struct req *r, int64_t t)
{
	char b[32];
	crisis_time_short(t, b, sizeof b);
	return arena_strdup(&r->arena, b);
}

/* ---- the token, the rate limit, the person ------------------------------ */

/* The rate limit's key for the client: its address, IPv6 by /64 (one
 * household or phone holds a whole /64), "local" on the test path. */
static const char *client_key(struct req *r)
{
	const char *a = r->client;
	struct in6_addr a6;
	char t[INET6_ADDRSTRLEN];
	if (!a || !*a)
		return "local";
	if (!strchr(a, ':') || inet_pton(AF_INET6, a, &a6) != 1)
		return a;
	if (IN6_IS_ADDR_V4MAPPED(&a6) && inet_ntop(AF_INET, &a6.s6_addr[12], t, sizeof t))
		return arena_strdup(&r->arena, t);
	memset(&a6.s6_addr[8], 0, 8);
	if (!inet_ntop(AF_INET6, &a6, t, sizeof t))
		return a;
	return arena_printf(&r->arena, "%s/64", t);
}

/* A link that is nobody's: counted against the client, then the same 404
 * as any unknown page, or 429 once the client is over its limit.  late:
 * the answer of a resumed request, whose pipeline headers are set already
 * and are kept (route_error clears them). */
static void unknown_link(struct req *r, const char *key, bool late)
{
	int64_t now = (int64_t)time(NULL);
	if (checkin_limit_fail(r->web->checkin_limit, key, now))
		fprintf(stderr,
			"itbcp serve: %d wrong check-in links from %s within %d minutes: "
			"its wrong links get 429 until then (right links still work)\n",
			CHECKIN_FAIL_MAX, key, CHECKIN_FAIL_WINDOW / 60);
	size_t headers = r->out_headers.n;
	if (!checkin_limit_over(r->web->checkin_limit, key, now)) {
		route_error(r, 404, NULL); /* the same page as any unknown path */
		if (late)
			r->out_headers.n = headers;
		return;
	}
	route_error(r, 429,
		    L(r->lang,
		      "誤ったリンクでのアクセスが続いています。届いたリンクをそのまま開いてください"
		      "（正しいリンクはいつでも使えます）。",
		      "Too many attempts with wrong links. Open the link you were sent exactly as "
		      "it is (a right link always works)."));
	if (late)
		r->out_headers.n = headers;
	req_set_header(r, "Retry-After", "600");
}

/* The check at the top of the form and of a report with a mistake: the
 * token, then the incidents the person is called for; a wrong token
 * counts against the client.  0: pp is filled (release it).  1: r holds
 * the answer (404, or 429 over the limit).  -1: database error. */
static int open_person(struct req *r, struct person_page *pp)
{
	memset(pp, 0, sizeof *pp);
	pp->token = r->params[0];
	if (store_checkin_access(r->store, pp->token, &pp->a, &r->err))
		return -1;
	if (!pp->a.found) {
		unknown_link(r, client_key(r), false);
		return 1;
	}
	return 0;
}

/* ---- the page's shell --------------------------------------------------- */

/* The stylesheet's URL: the same for the life of the process (the asset
 * is compiled in), so made once instead of on every answer. */
static const char *css_url(struct req *r)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	static char url[256];
	static atomic_bool ready;
	if (atomic_load_explicit(&ready, memory_order_acquire))
		return url;
	pthread_mutex_lock(&mu);
	if (!atomic_load_explicit(&ready, memory_order_relaxed)) {
		const char *u = page_asset_url(r, "checkin.css");
		size_t n = strlen(u);
		if (n >= sizeof url) {
			pthread_mutex_unlock(&mu);
			return u;
		}
		memcpy(url, u, n + 1);
		atomic_store_explicit(&ready, true, memory_order_release);
	}
	pthread_mutex_unlock(&mu);
	return url;
}

/* Opens the document: its own stylesheet, no navigation (the person is not
 * signed in), the language switch back to this link. */
static void shell_begin(struct req *r, const char *token, const char *title)
{
	enum lang lang = r->lang;
	html(r,
	     "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	     "<meta name=\"robots\" content=\"noindex\">\n"
	     "<title>%s</title>\n<link rel=\"stylesheet\" href=\"%s\">\n</head>\n<body>\n<main>\n",
	     lang == LANG_EN ? "en" : "ja", title, css_url(r));
	if (lang == LANG_EN)
		html(r,
		     "<a class=\"lang\" href=\"/c/%s?lang=ja\" lang=\"ja\" "
		     "hreflang=\"ja\">日本語</a>\n",
		     token);
	else
		html(r,
		     "<a class=\"lang\" href=\"/c/%s?lang=en\" lang=\"en\" "
		     "hreflang=\"en\">English</a>\n",
		     token);
	html(r, "<h1>%s</h1>\n", title);
	standby_banner(r);
}

static void shell_end(struct req *r)
{
	html(r, "</main>\n</body>\n</html>\n");
}

/* The action of the form: this link, keeping English when chosen (the
 * language cookie may be blocked). */
static const char *form_action(struct req *r, const char *token)
{
	return arena_printf(&r->arena, "/c/%s%s", token, r->lang == LANG_EN ? "?lang=en" : "");
}

/* "大規模災害（訓練） 2026-01-12 18:00 発生". */
static void incident_line(struct req *r, const char *event_name, bool drill, int64_t started_at)
{
	html(r, "%s%s <small>%s %s</small>", event_name,
	     drill ? L(r->lang, "（訓練）", " (drill)") : "", jst(r, started_at),
	     L(r->lang, "発生", "happened"));
}

/* "参集できる（到着予定 2026-01-12 19:30）", in r's arena. */
static const char *assembly_words(struct req *r, enum checkin_assembly a, int64_t eta)
{
	if (a != ASSEMBLY_YES || eta == NO_VALUE)
		return assembly_label(r->lang, a);
	return arena_printf(&r->arena, "%s（%s %s）", assembly_label(r->lang, a),
			    L(r->lang, "到着予定", "arriving"), jst(r, eta));
}

/* ---- the form ----------------------------------------------------------- */

/* One radio button of name with value, checked when typed says so. */
static void radio(struct req *r, const char *name, const char *value, const char *typed,
		  const char *label, bool required, const char *err_id)
{
	html(r, "<label><input type=\"radio\" name=\"%s\" value=\"%s\"%s%s", name, value,
	     typed && strcmp(typed, value) == 0 ? " checked" : "", required ? " required" : "");
	if (err_id)
		html(r, " aria-describedby=\"%s\"", err_id);
	html(r, ">%s</label>\n", label);
}

/* The attributes of a field in error, tying it to its message. */
static void invalid_attrs(struct req *r, const char *name, const char *err)
{
	if (err)
		html(r, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
}

/* The error beside a field, with its id for aria-describedby. */
static void field_error(struct req *r, const char *id, const char *msg)
{
	if (msg)
		html(r, "<p class=\"err\" id=\"%s\">%s</p>\n", id, msg);
}

/* The whole form page: the person, their incidents, the fields with what
 * was typed and each field's error beside it. */
static void form_page(struct req *r, const struct person_page *pp, const struct form *typed,
		      const struct form *err)
{
	enum lang lang = r->lang;
	static const struct form none = { 0 };
	if (!err)
		err = &none;
	shell_begin(r, pp->token, L(lang, "安否・参集の報告", "Safety and assembly report"));
	html(r, "<p>%s%s</p>\n", pp->a.v[0].name, L(lang, " さん", ""));
	if (err->incident || err->status || err->assembly || err->eta || err->location || err->note)
		html(r, "<p class=\"bad\" role=\"alert\">%s</p>\n",
		     L(lang, "送信できませんでした。赤字の説明を見て、直してから送ってください。",
		       "Not sent. Please correct what is marked in red, then send again."));
	html(r, "<form method=\"post\" action=\"%s\">\n", form_action(r, pp->token));

	/* The incident: one line, or a choice when several are open. */
	if (pp->a.n == 1) {
		html(r, "<p class=\"inc\">");
		incident_line(r, pp->a.v[0].event_name, pp->a.v[0].drill, pp->a.v[0].started_at);
		html(r, "</p>\n<input type=\"hidden\" name=\"incident\" value=\"%lld\">\n",
		     (long long)pp->a.v[0].incident);
	} else {
		html(r, "<fieldset><legend>%s</legend>\n", L(lang, "報告する事案", "Incident"));
		field_error(r, "e-incident", err->incident);
		for (size_t i = 0; i < pp->a.n; i++) {
			char id[24];
			snprintf(id, sizeof id, "%lld", (long long)pp->a.v[i].incident);
			bool on = typed->incident && *typed->incident
				      ? strcmp(typed->incident, id) == 0
				      : i == 0;
			html(r, "<label><input type=\"radio\" name=\"incident\" value=\"%s\"%s>",
			     id, on ? " checked" : "");
			incident_line(r, pp->a.v[i].event_name, pp->a.v[i].drill,
				      pp->a.v[i].started_at);
			html(r, "</label>\n");
		}
		html(r, "</fieldset>\n");
	}
	for (size_t i = 0; i < pp->a.n; i++) {
		const struct checkin_view *v = &pp->a.v[i];
		if (!v->reported)
			continue;
		html(r, "<p class=\"last\">%s %s: %s・%s</p>\n",
		     L(lang, "前回の報告", "Your last report"), jst(r, v->last.at),
		     status_label(lang, v->last.status),
		     assembly_words(r, v->last.assembly, v->last.eta));
	}

	html(r, "<fieldset><legend>%s</legend>\n", L(lang, "あなたの状況", "Are you safe?"));
	field_error(r, "e-status", err->status);
	const char *es = err->status ? "e-status" : NULL;
	radio(r, "status", "safe", typed->status, status_label(lang, CHECKIN_SAFE), true, es);
	radio(r, "status", "injured", typed->status, status_label(lang, CHECKIN_INJURED), false,
	      es);
	radio(r, "status", "cannot_act", typed->status, status_label(lang, CHECKIN_CANNOT_ACT),
	      false, es);
	html(r, "</fieldset>\n");

	/* Staff asked only whether they are safe (安否確認) are not asked to
	 * come: no assembly question, "will not assemble" sent for them. */
	bool safety_only = true;
	for (size_t i = 0; i < pp->a.n; i++)
		safety_only &= pp->a.v[i].safety_only;
	const char *place = pp->a.v[0].location;
	if (safety_only)
		html(r, "<p class=\"hint\">%s</p>\n<input type=\"hidden\" name=\"assembly\" value=\"no\">\n",
		     L(lang, "参集の必要はありません。安否だけお知らせください。",
		       "You are not called in: please just tell us whether you are safe."));
	else if (*place)
		html(r, "<fieldset><legend>%s%s%s</legend>\n",
		     L(lang, "参集場所（", "Assembly at "), place, L(lang, "）へ", ""));
	else
		html(r, "<fieldset><legend>%s</legend>\n", L(lang, "参集", "Assembly"));
	if (!safety_only) {
		field_error(r, "e-assembly", err->assembly);
		const char *ea = err->assembly ? "e-assembly" : NULL;
		radio(r, "assembly", "yes", typed->assembly, assembly_label(lang, ASSEMBLY_YES), false, ea);
		html(r, "<div class=\"f\"><label for=\"f-eta\">%s</label>",
		     L(lang, "到着予定時刻（参集できる場合）", "Arrival time (if you can come)"));
		field_error(r, "e-eta", err->eta);
		html(r, "<input type=\"time\" id=\"f-eta\" name=\"eta\" value=\"%s\"", typed->eta);
		invalid_attrs(r, "eta", err->eta);
		html(r, "></div>\n");
		if (err->eta_day) {
			/* asked: which day the past time of day means */
			html(r, "<div class=\"f\" role=\"group\" aria-labelledby=\"e-eta\">");
			radio(r, "eta_day", "today", typed->eta_day,
			      L(lang, "今日（もう過ぎた時刻）", "Today (a time already past)"), false,
			      NULL);
			radio(r, "eta_day", "tomorrow", typed->eta_day, L(lang, "明日", "Tomorrow"),
			      false, NULL);
			html(r, "</div>\n");
		}
		radio(r, "assembly", "online", typed->assembly, assembly_label(lang, ASSEMBLY_ONLINE),
		      false, ea);
		radio(r, "assembly", "no", typed->assembly, assembly_label(lang, ASSEMBLY_NO), false, ea);
		html(r, "</fieldset>\n");
	}

	html(r, "<div class=\"f\"><label for=\"f-location\">%s</label>",
	     L(lang, "現在地", "Where you are now"));
	field_error(r, "e-location", err->location);
	html(r,
	     "<input type=\"text\" id=\"f-location\" name=\"location\" maxlength=\"%d\" "
	     "value=\"%s\"",
	     INCIDENT_LOCATION_MAX, typed->location);
	invalid_attrs(r, "location", err->location);
	html(r, "></div>\n");
	html(r, "<div class=\"f\"><label for=\"f-note\">%s</label>",
	     L(lang, "連絡事項（任意）", "Note (optional)"));
	field_error(r, "e-note", err->note);
	html(r, "<textarea id=\"f-note\" name=\"note\" rows=\"3\" maxlength=\"%d\"",
	     INCIDENT_NOTE_MAX);
	invalid_attrs(r, "note", err->note);
	html(r, ">%s</textarea></div>\n", typed->note);
	html(r, "<button type=\"submit\">%s</button>\n</form>\n", L(lang, "送信する", "Send"));
	shell_end(r);
}

/* The page for a person with no open incident to report on. */
static void nothing_page(struct req *r, const struct person_page *pp, const char *message)
{
	shell_begin(r, pp->token, L(r->lang, "安否・参集の報告", "Safety and assembly report"));
	html(r, "<p class=\"bad\" role=\"alert\">%s</p>\n", message);
	html(r, "<p><a href=\"/c/%s\">%s</a></p>\n", pp->token,
	     L(r->lang, "このページを開き直す", "Open this page again"));
	shell_end(r);
}

/* 409: the incident is closed, or the person was not called for it (one
 * answer for both, so it tells nothing about the incident). */
static void not_taking(struct req *r, const struct person_page *pp)
{
	r->status = 409;
	nothing_page(r, pp,
		     L(r->lang,
		       "この事案への報告は受け付けていません（対応が終了したか、"
		       "招集の対象ではありません）。",
		       "This incident is not taking your reports (it has closed, or you were not "
		       "called for it)."));
}

/* ---- checking what was sent ------------------------------------------- */

/* NULL when s (valid UTF-8: the pipeline checked) fits max bytes and has
 * no control characters (newlines and tabs allowed when multiline); else
 * the message for the person. */
static const char *text_problem(enum lang lang, const char *s, size_t max, bool multiline)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) || c == 0x7f)
			return L(lang, "使えない制御文字が含まれています。",
				 "This holds control characters.");
	}
	if (n <= max)
		return NULL;
	return max == INCIDENT_NOTE_MAX
		   ? L(lang, "長すぎます。全角で約330文字（1000バイト）までにしてください。",
		       "Too long: at most 1,000 bytes (about 330 Japanese characters).")
		   : L(lang, "長すぎます。全角で約66文字（200バイト）までにしてください。",
		       "Too long: at most 200 bytes (about 66 Japanese characters).");
}

/* s with CRLF and lone CR as LF (browsers send textarea lines as CRLF),
 * in r's arena. */
static const char *unix_lines(struct req *r, const char *s)
{
	char *out = arena_alloc(&r->arena, strlen(s) + 1), *o = out;
	for (const char *p = s; *p; p++) {
		if (*p == '\r') {
			*o++ = '\n';
			if (p[1] == '\n')
				p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

/* ETA_ASK: the ETA is a time of day already past by more than an hour,
 * and nobody said which day it is. */
#define ETA_ASK (-2)
/* How far ahead an ETA after midnight typed the evening before is taken
 * as tomorrow's without asking: a call-in's journey, not a day's. */
#define ETA_NEXT_DAY (6 * 3600)

/* The ETA "HH:MM" (also "H:MM", "HHMM", "HH:MM:SS" with the seconds
 * ignored, and the full-width digits and colon Japanese phones may type)
 * as a time in Asia/Tokyo: today's when it is ahead of now or at most an
 * hour behind (on the way, a little late); tomorrow's when that is at
 * most ETA_NEXT_DAY ahead (00:25 typed at 23:45: across midnight, an
 * arrival 40 minutes away, not one 23 hours ago); a time further back
 * (21:00 typed at 23:04) may be a slip or tomorrow, so it is ETA_ASK
 * unless day says "today" or "tomorrow".  UTC seconds, or -1 when it is
 * no time of day. */
static int64_t parse_eta(const char *s, const char *day, int64_t now)
{
	static const char digits[] = "0123456789";
	char a[12];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char c = (char)*p;
		/* U+FF10..U+FF19 and U+FF1A are EF BC 90..9A in UTF-8 */
		if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x9A) {
			c = p[2] == 0x9A ? ':' : (char)('0' + (p[2] - 0x90));
			p += 2;
		}
		if (n + 1 >= sizeof a || !strchr("0123456789:", c))
			return -1;
		a[n++] = c;
	}
	a[n] = '\0';
	int h = -1, m = -1;
	size_t dl = strspn(a, digits);
	if (dl == 4 && !a[4]) {
		h = (a[0] - '0') * 10 + (a[1] - '0');
		m = (a[2] - '0') * 10 + (a[3] - '0');
	} else if ((dl == 1 || dl == 2) && a[dl] == ':') {
		const char *q = a + dl + 1;
		h = dl == 1 ? a[0] - '0' : (a[0] - '0') * 10 + (a[1] - '0');
		if (strspn(q, digits) == 2 &&
		    (!q[2] || (q[2] == ':' && strspn(q + 3, digits) == 2 && !q[5])))
			m = (q[0] - '0') * 10 + (q[1] - '0');
	}
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	const int64_t jst_offset = 9 * 3600;
	int64_t today = (now + jst_offset) / 86400 * 86400 - jst_offset; /* 00:00 JST */
	int64_t t = today + h * 3600 + m * 60;
	if (t >= now - 3600 || strcmp(day, "today") == 0)
		return t;
	if (strcmp(day, "tomorrow") == 0 || t + 86400 <= now + ETA_NEXT_DAY)
		return t + 86400;
	return ETA_ASK;
}

/* The form's values, trimmed, "" when absent. */
static void read_form(struct req *r, struct form *f)
{
	f->incident = req_form_trim(r, "incident");
	f->status = req_form_trim(r, "status");
	f->assembly = req_form_trim(r, "assembly");
	f->eta = req_form_trim(r, "eta");
	f->eta_day = req_form_trim(r, "eta_day");
	f->location = req_form_trim(r, "location");
	f->note = unix_lines(r, req_form_trim(r, "note"));
}

/* The incident id the form names: digits only, as our form sends it;
 * 0 when it is no such id. */
static int64_t incident_id(const char *s)
{
	size_t n = strspn(s, "0123456789");
	if (n == 0 || n > 15 || s[n])
		return 0;
	return strtoll(s, NULL, 10);
}

/* Checks f into rep (incident, status, assembly, eta, location, note) and
 * err.  With the person (pp) the incident must be one of theirs (*inc);
 * without (pp NULL: a report on its way to the writer, which checks that)
 * it need only be an incident id.  Returns 0, or the status to answer:
 * 400 for what no form of ours sends (too long, control characters,
 * unknown words), else 422. */
static int check_form(struct req *r, const struct person_page *pp, const struct form *f,
		      int64_t now, struct checkin_report *rep, const struct checkin_view **inc,
		      struct form *err)
{
	enum lang lang = r->lang;
	bool malformed = false;
	const struct checkin_view *chosen = NULL;
	memset(err, 0, sizeof *err);
	rep->incident = 0;
	if (!pp) {
		rep->incident = incident_id(f->incident);
	} else if (!*f->incident && pp->a.n == 1) {
		chosen = &pp->a.v[0];
	} else {
		for (size_t i = 0; i < pp->a.n && !chosen; i++) {
			char id[24];
			snprintf(id, sizeof id, "%lld", (long long)pp->a.v[i].incident);
			if (strcmp(id, f->incident) == 0)
				chosen = &pp->a.v[i];
		}
	}
	if (chosen)
		rep->incident = chosen->incident;
	if (inc)
		*inc = chosen;
	if (!rep->incident) {
		err->incident = L(lang, "報告する事案を選んでください。", "Choose the incident.");
		malformed = *f->incident != '\0';
	}
	int s = checkin_status_parse(f->status);
	if (s < 0) {
		err->status = L(lang, "状況を選んでください。", "Choose how you are.");
		malformed |= *f->status != '\0';
	}
	int a = checkin_assembly_parse(f->assembly);
	if (a < 0 && !*f->assembly && s == CHECKIN_CANNOT_ACT)
		a = ASSEMBLY_NO; /* cannot act: cannot come either, unless said otherwise */
	if (a < 0) {
		err->assembly =
		    L(lang, "参集できるかどうかを選んでください。", "Choose whether you can come.");
		malformed |= *f->assembly != '\0';
	}
	rep->eta = NO_VALUE;
	if (*f->eta_day && strcmp(f->eta_day, "today") != 0 && strcmp(f->eta_day, "tomorrow") != 0) {
		malformed = true; /* no form of ours sends another word */
		err->eta = L(lang, "到着日を選んでください。", "Choose the day.");
	} else if (*f->eta && a == ASSEMBLY_YES) {
		rep->eta = parse_eta(f->eta, f->eta_day, now);
		if (rep->eta == ETA_ASK) {
			rep->eta = NO_VALUE;
			err->eta = L(lang,
				     "この時刻はもう過ぎています。今日のこの時刻（到着済み・遅れ）か、"
				     "明日のこの時刻かを選んでください。",
				     "That time has passed today. Choose whether you mean today (already "
				     "there, or late) or tomorrow.");
			err->eta_day = "ask";
		} else if (rep->eta < 0) {
			rep->eta = NO_VALUE;
			err->eta = L(lang, "到着予定時刻は 14:30 のように入力してください。",
				     "Give the arrival time like 14:30.");
		}
	}
	if ((err->location = text_problem(lang, f->location, INCIDENT_LOCATION_MAX, false)))
		malformed = true;
	if ((err->note = text_problem(lang, f->note, INCIDENT_NOTE_MAX, true)))
		malformed = true;
	if (err->incident || err->status || err->assembly || err->eta || err->location || err->note)
		return malformed ? 400 : 422;
	rep->status = (enum checkin_status)s;
	rep->assembly = (enum checkin_assembly)a;
	rep->location = f->location;
	rep->note = f->note;
	return 0;
}

/* ---- answers after the writer -------------------------------------------- */

/* "受け付けました": what was recorded, and when. */
static void received_page(struct req *r, const struct pending_checkin *p)
{
	enum lang lang = r->lang;
	const struct checkin_report *rep = &p->job.report;
	const struct checkin_whom *w = &p->job.whom;
	shell_begin(r, p->token, L(lang, "受け付けました", "Received"));
	if (lang == LANG_EN)
		html(r,
		     "<p class=\"ok\" role=\"status\">%s, your report was recorded at %s (Japan "
		     "time).</p>\n",
		     w->name, jst(r, rep->at));
	else
		html(r, "<p class=\"ok\" role=\"status\">%s さんの報告を記録しました（%s）。</p>\n",
		     w->name, jst(r, rep->at));
	html(r, "<dl>\n<dt>%s</dt><dd>", L(lang, "事案", "Incident"));
	incident_line(r, w->event_name, w->drill, w->started_at);
	html(r, "</dd>\n");
	html(r, "<dt>%s</dt><dd>%s</dd>\n", L(lang, "状況", "You are"),
	     status_label(lang, rep->status));
	if (!w->safety_only) /* not called in: nothing to say about coming */
		html(r, "<dt>%s</dt><dd>%s</dd>\n", L(lang, "参集", "Assembly"),
		     assembly_words(r, rep->assembly, rep->eta));
	if (rep->location && *rep->location)
		html(r, "<dt>%s</dt><dd>%s</dd>\n", L(lang, "現在地", "Where"), rep->location);
	if (rep->note && *rep->note)
		html(r, "<dt>%s</dt><dd class=\"note\">%s</dd>\n", L(lang, "連絡事項", "Note"),
		     rep->note);
	html(r, "</dl>\n<p>%s</p>\n",
	     L(lang,
	       "状況が変わったら、もう一度報告してください。最新の報告が有効になり、"
	       "これまでの報告もすべて記録に残ります。",
	       "If anything changes, report again: your latest report counts, and every report "
	       "stays on the record."));
	html(r, "<p><a href=\"%s\">%s</a></p>\n", form_action(r, p->token),
	     L(lang, "もう一度報告する", "Report again"));
	shell_end(r);
}

/* Not recorded (a database failure, or the server stopping): the same
 * report offered again in hidden fields, one button to resend. */
static void retry_page(struct req *r, const struct pending_checkin *p)
{
	enum lang lang = r->lang;
	const struct form *t = &p->typed;
	shell_begin(r, p->token, L(lang, "記録できませんでした", "Not recorded"));
	html(r, "<p class=\"bad\" role=\"alert\">%s</p>\n",
	     L(lang, "報告はまだ記録されていません。少し待ってから、もう一度送信してください。",
	       "Your report has not been recorded yet. Wait a moment, then send it again."));
	html(r, "<form method=\"post\" action=\"%s\">\n", form_action(r, p->token));
	html(r,
	     "<input type=\"hidden\" name=\"incident\" value=\"%s\">"
	     "<input type=\"hidden\" name=\"status\" value=\"%s\">"
	     "<input type=\"hidden\" name=\"assembly\" value=\"%s\">"
	     "<input type=\"hidden\" name=\"eta\" value=\"%s\">"
	     "<input type=\"hidden\" name=\"eta_day\" value=\"%s\">"
	     "<input type=\"hidden\" name=\"location\" value=\"%s\">"
	     "<input type=\"hidden\" name=\"note\" value=\"%s\">\n",
	     t->incident, t->status, t->assembly, t->eta, t->eta_day, t->location, t->note);
	html(r, "<button type=\"submit\">%s</button>\n</form>\n",
	     L(lang, "もう一度送信する", "Send again"));
	shell_end(r);
}

/* r->resume of a POST: the answer once the writer has finished the job.
 * The pipeline's headers are set already, so this builds the body and the
 * status only (route_error would drop them; unknown_link keeps them). */
static void checkin_answer(struct req *r)
{
	struct pending_checkin *p = (struct pending_checkin *)r->pending;
	switch (p->job.result.outcome) {
	case CHECKIN_RECORDED:
		r->status = 200;
		received_page(r, p);
		return;
	case CHECKIN_NOT_CALLED:
		if (!p->job.whom.found) { /* the writer found the link nobody's */
			unknown_link(r, client_key(r), true);
			return;
		}
		/* fall through */
	case CHECKIN_NO_INCIDENT:
	case CHECKIN_CLOSED: {
		/* The incident is closed, or not one the person is called for:
		 * the same answer as when that is known at once. */
		struct person_page pp = { .token = p->token };
		not_taking(r, &pp);
		return;
	}
	case CHECKIN_BAD_INPUT: /* checked before queuing: not expected */
	case CHECKIN_NOT_WRITTEN:
	default:
		r->status = 503;
		req_set_header(r, "Retry-After", "5");
		retry_page(r, p);
		return;
	}
}

/* ---- the handlers ------------------------------------------------------ */

/* GET /c/{token}: the form. */
int page_checkin_form(struct req *r)
{
	struct person_page pp;
	int k = open_person(r, &pp); /* security: the token, failures counted */
	if (k)
		return k < 0 ? -1 : 0;
	static const struct form empty = { "", "", "", "", "", "", "" };
	if (pp.a.n == 0)
		nothing_page(r, &pp,
			     L(r->lang, "現在、あなたに報告をお願いしている事案はありません。",
			       "No incident is asking you for a report just now."));
	else
		form_page(r, &pp, &empty, NULL);
	person_release(&pp);
	return 0;
}

/* Hands the checked report rep (what was typed: f) to the writer, which
 * resolves the link (job.whom) and commits it; checkin_answer answers. */
static void queue_report(struct req *r, const struct form *f, const struct checkin_report *rep,
			 int64_t now)
{
	struct pending_checkin *p = arena_alloc(&r->arena, sizeof *p);
	memset(p, 0, sizeof *p);
	p->token = r->params[0];
	p->typed = *f;
	p->job.report = *rep;
	p->job.report.at = now;
	p->job.report.recorded_at = now;
	p->job.report.author = "self";
	p->job.whom.token = p->token;
	p->job.whom.incident = rep->incident;
	r->pending = &p->job;
	r->resume = checkin_answer;
}

/* A report with a mistake in it (or naming no incident): the person read
 * first, then the form again with each field's problem — or, when the
 * person's own incidents settle it, the report after all. */
static int post_with_person(struct req *r, const struct form *f, int64_t now)
{
	struct person_page pp;
	int k = open_person(r, &pp); /* security: the token, failures counted */
	if (k)
		return k < 0 ? -1 : 0;
	struct form err;
	struct checkin_report rep = { 0 };
	const struct checkin_view *inc;
	int status = pp.a.n ? check_form(r, &pp, f, now, &rep, &inc, &err) : 0;
	if (pp.a.n == 0 || (status == 400 && err.incident && *f->incident)) {
		/* A closed incident, or one the person was not called for. */
		not_taking(r, &pp);
	} else if (status) {
		r->status = status;
		form_page(r, &pp, f, &err);
	} else {
		queue_report(r, f, &rep, now);
	}
	person_release(&pp);
	return 0;
}

/* 503 for a report sent to a standby site (issue 18, two sites): nothing
 * can be written here.  In the phone's own page, not the staff's: what
 * happened, and the same link at the primary to send it again.  (The
 * link is not checked: the answer is the same for any link, so it tells
 * nothing, and a standby keeps no count it could write.) */
static void standby_page(struct req *r, const char *token)
{
	const char *link = standby_primary_link(r);
	r->status = 503;
	req_set_header(r, "Retry-After", STANDBY_RETRY_AFTER);
	if (link)
		req_set_header(r, "Link", arena_printf(&r->arena, "<%s>; rel=\"alternate\"", link));
	shell_begin(r, token, L(r->lang, "記録できませんでした", "Not recorded"));
	html(r, "<p class=\"bad\" role=\"alert\">%s</p>\n",
	     L(r->lang,
	       "このサイトは待機系（読み取り専用）のため、報告を記録できません。"
	       "主系のリンクから、もう一度送信してください。",
	       "This site is a read-only standby and cannot record your report. Send it again "
	       "from the link on the primary."));
	if (link)
		html(r, "<p><a href=\"%s\">%s</a></p>\n", link,
		     L(r->lang, "主系で報告する", "Report on the primary"));
	else
		html(r, "<p>%s</p>\n",
		     L(r->lang, "少し待ってから、届いたリンクをもう一度開いてください。",
		       "Wait a little, then open the link you were sent again."));
	shell_end(r);
}

/* POST /c/{token}: checks the report and hands it to the writer; the
 * answer comes from checkin_answer once it is committed. */
int page_checkin_post(struct req *r)
{
	if (!store_checkin_token_wellformed(r->params[0])) {
		unknown_link(r, client_key(r), false);
		return 0;
	}
	if (standby_now(r)) {
		standby_page(r, r->params[0]);
		return 0;
	}
	/* security: an address over its limit of wrong links has its link
	 * checked here, so its wrong ones never reach the writer; a right one
	 * goes on as from anyone (only the in-memory check on the hot path). */
	if (checkin_limit_over(r->web->checkin_limit, client_key(r), (int64_t)time(NULL))) {
		char who[128];
		int found = store_checkin_token_lookup(r->store, r->params[0], who, sizeof who,
						       &r->err);
		if (found < 0)
			return -1;
		if (!found) {
			unknown_link(r, client_key(r), false);
			return 0;
		}
	}
	struct form f, err;
	struct checkin_report rep = { 0 };
	int64_t now = app_incident_now();
	read_form(r, &f);
	if (check_form(r, NULL, &f, now, &rep, NULL, &err))
		return post_with_person(r, &f, now);
	queue_report(r, &f, &rep, now);
	return 0;
}
