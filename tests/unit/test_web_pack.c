/*
 * test_web_pack.c — the offline crisis pack on the web (issue 17 item 4):
 * GET /documents/pack (whole for responders and above, public for viewers
 * and on ?public=1) and POST /incidents/{id}/ticks (the ticks exported
 * from the pack, as a file or pasted, taken in once, refused whole).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_incident.h"
#include "util/buf.h"
#include "web/core/web.h"
#include "web_client.h"

static struct client responder, viewer;

static int setup(void **state)
{
	(void)state;
	setenv("ITBCP_NOW", "2026-01-12T04:00+09:00", 1);
	web_client_setup("webpack");
	sign_in(&responder, "rita", "responder-pass-1");
	sign_in(&viewer, "vera", "viewer-pass-1");
	return 0;
}

/* The pack a viewer gets has no personal number; a responder's has them,
 * unless asked for the public one; the documents page offers both. */
static void test_download(void **state)
{
	(void)state;
	struct web_response res = WEB_RESPONSE_INIT;
	char cd[256];
	send_req(&viewer, "GET", "/documents/pack", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "data-public=\"1\""));
	assert_non_null(strstr(res.body, "03-0000-1001"));
	assert_null(strstr(res.body, "090-0000-1001"));
	assert_true(web_response_header(&res, "Content-Disposition", cd, sizeof cd));
	assert_non_null(strstr(cd, "attachment; filename=\"itbcp-pack.html\""));
	send_req(&responder, "GET", "/documents/pack", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "data-public=\"0\""));
	assert_non_null(strstr(res.body, "090-0000-1001"));
	send_req(&responder, "GET", "/documents/pack?public=1", NULL, &res);
	assert_null(strstr(res.body, "090-0000-1001"));
	send_req(&responder, "GET", "/documents/pack?public=yes", NULL, &res);
	assert_int_equal(res.status, 400);
	send_req(&responder, "GET", "/documents", NULL, &res);
	assert_non_null(strstr(res.body, "href=\"/documents/pack\""));
	send_req(&viewer, "GET", "/documents", NULL, &res);
	assert_null(strstr(res.body, "href=\"/documents/pack\""));
	assert_non_null(strstr(res.body, "href=\"/documents/pack?public=1\""));
	web_response_release(&res);
}

/* Appends s percent-encoded for a form body. */
static void form_escape(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
			buf_addc(b, (char)*p);
		else
			buf_addf(b, "%%%02X", *p);
}

/* POSTs the ticks text as c (pasted); the status, Location into loc. */
static int post_ticks(struct client *c, const char *json, struct web_response *res, char *loc)
{
	char csrf[64];
	session_csrf(c, csrf);
	struct buf body = BUF_INIT;
	buf_addf(&body, "csrf=%s&text=", csrf);
	form_escape(&body, json);
	send_req(c, "POST", "/incidents/1/ticks", body.data, res);
	buf_release(&body);
	loc[0] = '\0';
	web_response_header(res, "Location", loc, 256);
	return res->status;
}

#define TICKS(proc, item, at)                                                                           \
	"{\"format\":\"itbcp-ticks\",\"version\":1,\"pack\":\"0123456789abcdef\",\"procedure\":\"" proc \
	"\",\"ticks\":[{\"item\":\"" item "\",\"at\":\"" at "\",\"by\":\"佐藤\"}]}"

/* The ticks join the record once, marked as from the pack; a bad file is
 * refused whole beside the form; a viewer may not; the record verifies. */
static void test_ticks(void **state)
{
	(void)state;
	struct web_response res = WEB_RESPONSE_INIT;
	struct incident inc = INCIDENT_INIT;
	struct err e = ERR_INIT;
	char loc[256];
	struct incident_start_req sr = {
		.event = "disaster", .at = "2026-01-12T03:00+09:00", .intensity = "6-", .area = "東京都"
	};
	assert_int_equal(app_incident_start(db_path, &sr, "tester", LANG_JA, &inc, &e), 0);
	assert_string_equal(inc.procedure, "proc-disaster-night");
	incident_release(&inc);

	send_req(&responder, "GET", "/incidents/1/steps", NULL, &res);
	assert_non_null(strstr(res.body, "action=\"/incidents/1/ticks\""));
	send_req(&viewer, "GET", "/incidents/1/steps", NULL, &res);
	assert_null(strstr(res.body, "action=\"/incidents/1/ticks\""));

	const char *good = TICKS("proc-disaster-night", "dn-03", "2026-01-12T03:20:00+09:00");
	assert_int_equal(post_ticks(&viewer, good, &res, loc), 403);
	assert_int_equal(post_ticks(&responder,
				    TICKS("proc-disaster-night", "nope", "2026-01-12T03:20:00+09:00"),
				    &res, loc),
			 422);
	assert_non_null(strstr(res.body, "id=\"ticks-err\""));
	assert_non_null(strstr(res.body, "nope"));
	assert_int_equal(post_ticks(&responder, "{", &res, loc), 422);
	assert_int_equal(post_ticks(&responder, "", &res, loc), 422);

	assert_int_equal(post_ticks(&responder, good, &res, loc), 303);
	assert_non_null(strstr(loc, "done=ticks&n=1&skip=0"));
	assert_int_equal(post_ticks(&responder, good, &res, loc), 303);
	assert_non_null(strstr(loc, "done=ticks&n=0&skip=1"));

	/* the same as a file upload (multipart), with another tick */
	char csrf[64];
	session_csrf(&responder, csrf);
	struct buf mp = BUF_INIT;
	buf_addf(&mp,
		 "--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
		 "--B\r\nContent-Disposition: form-data; name=\"ticks\"; filename=\"t.json\"\r\n"
		 "Content-Type: application/json\r\n\r\n%s\r\n--B--\r\n",
		 csrf, TICKS("proc-disaster-night", "dn-04", "2026-01-12T03:25:00+09:00"));
	send_raw(&responder, "POST", "/incidents/1/ticks", "multipart/form-data; boundary=B",
		 mp.data, mp.len, &res);
	buf_release(&mp);
	assert_int_equal(res.status, 303);

	assert_int_equal(app_incident_load(db_path, 1, LANG_JA, &inc, &e), 0);
	for (size_t i = 0; i < inc.n_steps; i++) {
		const struct incident_step *s = &inc.steps[i];
		bool ticked = !strcmp(s->step, "dn-03") || !strcmp(s->step, "dn-04");
		assert_int_equal(s->state == STEP_DONE, ticked);
		if (ticked)
			assert_string_equal(s->taken_by, "佐藤");
	}
	incident_release(&inc);
	send_req(&viewer, "GET", "/incidents/1/timeline", NULL, &res);
	assert_non_null(strstr(res.body, "オフライン対応パックから入力"));
	struct timeline_check chk;
	assert_int_equal(app_incident_verify(db_path, 1, LANG_JA, &chk, &e), 0);
	assert_int_equal(chk.bad_seq, 0);
	assert_int_equal(chk.entries, 3); /* start, two ticks */
	web_response_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_download),
		cmocka_unit_test(test_ticks),
	};
	return cmocka_run_group_tests(tests, setup, web_client_teardown);
}
