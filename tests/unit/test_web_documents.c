/*
 * test_web_documents.c — the documents of the plan through the whole web
 * pipeline (web_test_request): what /documents offers each role, the
 * files' types, magic bytes and Japanese file names (RFC 6266 filename*),
 * personal data only for responders and above (and audited), clear 4xx
 * for what does not exist, a second download served from the cache, and
 * the wallet card: planners only, its errors beside the fields, and the
 * personal part in no table, file or log afterwards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "store/db.h"
#include "store/store.h"
#include "store/users.h"
#include "util/buf.h"
#include "web/core/route.h"
#include "web/core/web.h"
#include "web_client.h"

static struct client vera, rita, pat;

/* A demo database with a viewer, a responder and a planner signed in, all
 * of them browsing at bcp.example.go.jp (the host the wallet card's QR
 * code points at). */
static int setup(void **state)
{
	(void)state;
	web_client_host("bcp.example.go.jp");
	web_client_setup("documents");
	sign_in(&vera, "vera", "viewer-pass-1");
	sign_in(&rita, "rita", "responder-pass-1");
	sign_in(&pat, "pat", "planner-pass-1");
	return 0;
}

/* The header name of res, asserted present (static buffer). */
static const char *header(const struct web_response *res, const char *name)
{
	static char v[1024];
	if (!web_response_header(res, name, v, sizeof v))
		fail_msg("no %s header", name);
	return v;
}

/* The file name of a Content-Disposition's filename*=UTF-8''…, decoded. */
static const char *utf8_filename(const struct web_response *res)
{
	static char out[512];
	const char *p = strstr(header(res, "Content-Disposition"), "filename*=UTF-8''");
	assert_non_null(p);
	size_t k = 0;
	for (p += strlen("filename*=UTF-8''"); *p && *p != ';' && k + 1 < sizeof out; p++) {
		unsigned v;
		if (*p == '%' && sscanf(p + 1, "%2x", &v) == 1) {
			out[k++] = (char)v;
			p += 2;
		} else {
			out[k++] = *p;
		}
	}
	out[k] = '\0';
	return out;
}

/* Where the bytes of needle[0..nn) start in hay[0..hn), or NULL. */
static const char *find_bytes(const char *hay, size_t hn, const char *needle, size_t nn)
{
	for (size_t i = 0; nn && i + nn <= hn; i++)
		if (memcmp(hay + i, needle, nn) == 0)
			return hay + i;
	return NULL;
}

/* True when the database (or its WAL) holds the bytes of s. */
static bool db_holds(const char *s)
{
	const char *suffix[] = { "", "-wal" };
	bool found = false;
	for (size_t i = 0; i < 2 && !found; i++) {
		char path[sizeof db_path + 8];
		snprintf(path, sizeof path, "%s%s", db_path, suffix[i]);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		struct buf b = BUF_INIT;
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_add(&b, chunk, n);
		fclose(f);
		found = find_bytes(b.data, b.len, s, strlen(s)) != NULL;
		buf_release(&b);
	}
	return found;
}

/* What /documents offers: everything without personal data to a viewer,
 * the personal versions to a responder, the wallet cards to a planner. */
static void test_documents_page(void **state)
{
	(void)state;
	struct web_response res = WEB_RESPONSE_INIT;
	send_req(&vera, "GET", "/documents", NULL, &res);
	assert_int_equal(res.status, 200);
	for (const char *s = "pdf\0odt\0xlsx\0html\0md\0"; *s; s += strlen(s) + 1) {
		char href[64];
		snprintf(href, sizeof href, "href=\"/documents/plan/%s\"", s);
		assert_non_null(strstr(res.body, href));
	}
	assert_non_null(strstr(res.body, "href=\"/documents/table/business-systems/csv\""));
	assert_non_null(strstr(res.body, "href=\"/documents/table/rto/xlsx\""));
	assert_non_null(strstr(res.body, "href=\"/documents/figure/command\""));
	assert_non_null(strstr(res.body, "href=\"/documents/figure/flow?event=disaster\""));
	assert_non_null(strstr(res.body, "href=\"/documents/calendar?fy=2026\""));
	assert_non_null(strstr(res.body, "個人の連絡先は含まれません"));
	assert_null(strstr(res.body, "personal=1"));
	assert_null(strstr(res.body, "/documents/card/"));

	send_req(&rita, "GET", "/documents", NULL, &res);
	assert_non_null(strstr(res.body, "href=\"/documents/plan/pdf?personal=1\""));
	assert_non_null(strstr(res.body, "href=\"/documents/table/contacts/csv?personal=1\""));
	assert_null(strstr(res.body, "/documents/card/"));

	send_req(&pat, "GET", "/documents", NULL, &res);
	assert_non_null(strstr(res.body, "href=\"/documents/card/p-sato\""));

	/* the plan pages link what belongs to them */
	send_req(&vera, "GET", "/plan/systems", NULL, &res);
	assert_non_null(strstr(res.body, "href=\"/documents/table/systems/csv\""));
	send_req(&vera, "GET", "/plan/trainings", NULL, &res);
	assert_non_null(strstr(res.body, "href=\"/documents/calendar\""));
	send_req(&vera, "GET", "/plan", NULL, &res);
	assert_non_null(strstr(res.body, "href=\"/documents/plan/pdf\""));
	send_req(&vera, "GET", "/", NULL, &res);
	assert_non_null(strstr(res.body, "href=\"/documents\""));
	send_req(&pat, "GET", "/plan/people/p-sato", NULL, &res);
	assert_non_null(strstr(res.body, "href=\"/documents/card/p-sato\""));
	send_req(&vera, "GET", "/plan/people/p-sato", NULL, &res);
	assert_null(strstr(res.body, "/documents/card/"));

	/* signed out: to the sign-in page */
	struct client nobody = { "", "", "ja" };
	send_req(&nobody, "GET", "/documents/plan/md", NULL, &res);
	assert_int_equal(res.status, 303);
	web_response_release(&res);
}

/* Each kind of file: type, magic bytes, Japanese and ASCII file names. */
static void test_downloads(void **state)
{
	(void)state;
	struct web_response res = WEB_RESPONSE_INIT;
	send_req(&vera, "GET", "/documents/table/rto/csv", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_string_equal(header(&res, "Content-Type"), "text/csv; charset=utf-8");
	assert_non_null(strstr(header(&res, "Content-Disposition"),
			       "attachment; filename=\"itbcp-table-rto.csv\"; filename*=UTF-8''%E8%A1%A8"));
	assert_string_equal(utf8_filename(&res), "表5.3-1_業務のRTOと代替手段.csv");
	assert_memory_equal(res.body, "\xef\xbb\xbf", 3); /* BOM, for Excel */
	assert_non_null(strstr(res.body, "メール"));

	send_req(&vera, "GET", "/documents/table/business-systems/xlsx", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_string_equal(header(&res, "Content-Type"),
			    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_memory_equal(res.body, "PK\x03\x04", 4);

	send_req(&vera, "GET", "/documents/plan/odt", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_string_equal(header(&res, "Content-Type"), "application/vnd.oasis.opendocument.text");
	assert_memory_equal(res.body, "PK\x03\x04", 4);
	assert_non_null(find_bytes(res.body, res.body_len, "application/vnd.oasis.opendocument.text", 39));
	assert_string_equal(utf8_filename(&res), "情報システム運用継続計画.odt");

	/* a second download of the same plan: the same bytes, from the cache */
	send_req(&vera, "GET", "/documents/plan/md", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_string_equal(header(&res, "Content-Type"), "text/markdown; charset=utf-8");
	char *first = strdup(res.body);
	send_req(&vera, "GET", "/documents/plan/md", NULL, &res);
	assert_string_equal(res.body, first);
	free(first);

	send_req(&vera, "GET", "/documents/figure/command", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_string_equal(header(&res, "Content-Type"), "image/svg+xml");
	assert_memory_equal(res.body, "<svg", 4);
	assert_string_equal(utf8_filename(&res), "図2.2-1_指揮命令系統.svg");
	send_req(&vera, "GET", "/documents/figure/command?lang=en", NULL, &res);
	assert_string_equal(utf8_filename(&res), "Figure_2.2-1_Command_structure.svg");
	send_req(&vera, "GET", "/documents/figure/flow?event=disaster&lang=ja", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(header(&res, "Content-Disposition"), "filename=\"itbcp-figure-2.3-1-disaster.svg\""));

	send_req(&vera, "GET", "/documents/calendar?fy=2026", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_string_equal(header(&res, "Content-Type"), "text/calendar; charset=utf-8");
	assert_memory_equal(res.body, "BEGIN:VCALENDAR", 15);
	assert_string_equal(utf8_filename(&res), "教育訓練計画_令和8年度.ics");

	/* what does not exist, or is malformed */
	static const struct {
		const char *target;
		int status;
	} bad[] = {
		{ "/documents/plan/doc", 404 },
		{ "/documents/table/nope/csv", 404 },
		{ "/documents/table/rto/pdf", 404 },
		{ "/documents/figure/other", 404 },
		{ "/documents/figure/flow?event=nope", 404 },
		{ "/documents/calendar?fy=20x6", 400 },
		{ "/documents/calendar?fy=1999", 400 },
		{ "/documents/plan/md?personal=yes", 400 },
		{ "/documents/card/p-sato", 403 }, /* a viewer */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		send_req(&vera, "GET", bad[i].target, NULL, &res);
		if (res.status != bad[i].status)
			fail_msg("%s: %d, not %d", bad[i].target, res.status, bad[i].status);
		assert_string_equal(header(&res, "Content-Type"), "text/html; charset=utf-8");
	}
	web_response_release(&res);
}

/* Personal contact data: never for a viewer; for a responder on asking,
 * written to the audit log. */
static void test_personal(void **state)
{
	(void)state;
	struct web_response res = WEB_RESPONSE_INIT;
	send_req(&vera, "GET", "/documents/table/contacts/csv", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "03-0000-1201")); /* work phone */
	assert_null(strstr(res.body, "090-0000-1201")); /* mobile */
	send_req(&vera, "GET", "/documents/table/contacts/csv?personal=1", NULL, &res);
	assert_int_equal(res.status, 403);
	assert_null(strstr(res.body, "090-0000-1201"));
	send_req(&vera, "GET", "/documents/plan/md?personal=1", NULL, &res);
	assert_int_equal(res.status, 403);
	send_req(&vera, "GET", "/documents/plan/md", NULL, &res);
	assert_null(strstr(res.body, "090-0000"));

	send_req(&rita, "GET", "/documents/table/contacts/csv?personal=1", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "090-0000-1201"));
	assert_non_null(strstr(header(&res, "Content-Disposition"),
			       "filename=\"itbcp-table-contacts-personal.csv\""));
	/* the download without personal data is still without it (another cache key) */
	send_req(&rita, "GET", "/documents/table/contacts/csv", NULL, &res);
	assert_null(strstr(res.body, "090-0000-1201"));

	struct err e = ERR_INIT;
	struct audit_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(users_audit_list(web_thread_store(&w, &e), 0, 5, &v, &n, &e), 0);
	assert_true(n >= 1);
	assert_string_equal(v[0].action, "document.personal");
	assert_string_equal(v[0].actor, "rita");
	assert_string_equal(v[0].target, "table.contacts.csv");
	users_audit_free(v, n);
	web_response_release(&res);
}

/* The wallet card: a planner's form, errors beside the fields with what
 * was typed kept, then a PDF; the personal part stored nowhere. */
static void test_card(void **state)
{
	(void)state;
	static const char marker[] = "秘密の住所マーカー";
	struct web_response res = WEB_RESPONSE_INIT;
	char csrf[64], body[2048];
	send_req(&rita, "GET", "/documents/card/p-sato", NULL, &res);
	assert_int_equal(res.status, 403);
	send_req(&pat, "GET", "/documents/card/nobody", NULL, &res);
	assert_int_equal(res.status, 404);
	send_req(&pat, "GET", "/documents/card/p-sato", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "name=\"family1_phone\""));
	assert_non_null(strstr(res.body, "value=\"佐藤 一郎\"")); /* the name, from the plan */
	csrf_of(&res, csrf);

	/* without the CSRF token: refused */
	send_req(&pat, "POST", "/documents/card/p-sato", "name=x", &res);
	assert_int_equal(res.status, 403);

	/* too long: the form again, the message beside the field, nothing made */
	struct buf longv = BUF_INIT;
	buf_addrep(&longv, "a", 501);
	snprintf(body, sizeof body, "csrf=%s&name=%%E4%%BD%%90%%E8%%97%%A4&address=%s&family1_name=%%3Cb%%3E",
		 csrf, longv.data);
	buf_release(&longv);
	send_req(&pat, "POST", "/documents/card/p-sato", body, &res);
	assert_int_equal(res.status, 422);
	assert_non_null(strstr(res.body, "id=\"f-address-err\""));
	assert_non_null(strstr(res.body, "aria-invalid=\"true\" aria-describedby=\"f-address-err\""));
	assert_non_null(strstr(res.body, "value=\"佐藤\""));
	assert_non_null(strstr(res.body, "value=\"&lt;b&gt;\"")); /* kept, escaped */
	assert_string_equal(header(&res, "Content-Type"), "text/html; charset=utf-8");

	/* the card */
	struct buf b = BUF_INIT;
	buf_addf(&b, "csrf=%s&name=%%E4%%BD%%90%%E8%%97%%A4&family1_name=%%E8%%8A%%B1&"
		     "family1_phone=090-1111-2222&contacts_personal=1&address=",
		 csrf);
	for (const unsigned char *p = (const unsigned char *)marker; *p; p++)
		buf_addf(&b, "%%%02X", *p);
	send_req(&pat, "POST", "/documents/card/p-sato", b.data, &res);
	buf_release(&b);
	assert_int_equal(res.status, 200);
	assert_string_equal(header(&res, "Content-Type"), "application/pdf");
	assert_string_equal(header(&res, "Cache-Control"), "no-store");
	assert_memory_equal(res.body, "%PDF-", 5);
	assert_true(res.body_len > 10000);
	assert_string_equal(utf8_filename(&res), "携行カード_佐藤_一郎.pdf");

	/* stored nowhere: not in the database file, not in the audit log */
	assert_false(db_holds(marker));
	assert_false(db_holds("090-1111-2222"));
	struct err e = ERR_INIT;
	struct audit_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(users_audit_list(web_thread_store(&w, &e), 0, 1, &v, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].action, "document.card");
	assert_string_equal(v[0].target, "p-sato");
	assert_string_equal(v[0].detail, "");
	users_audit_free(v, n);
	web_response_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_documents_page),
		cmocka_unit_test(test_downloads),
		cmocka_unit_test(test_personal),
		cmocka_unit_test(test_card),
	};
	return cmocka_run_group_tests(tests, setup, web_client_teardown);
}
