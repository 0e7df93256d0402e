/*
 * test_web_plan.c — the plan's pages and its JSON API through the whole
 * web pipeline without a socket (web_test_request), on the demo plan:
 * creating a system; editing a business's RTO and seeing the system's RTO
 * and tier change on its page; a validation error answered 422 with the
 * message beside the field, the typed value kept and nothing saved; a
 * viewer refused an edit and never shown mobile numbers or e-mail; a
 * missing CSRF token refused with nothing changed; deleting a referenced
 * element refused, naming what refers to it; the API's reads, writes,
 * errors with JSON paths, and access rules; and every field of schema.c
 * having its label.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "rules/rules.h"
#include "store/store.h"
#include "store/users.h"
#include "util/buf.h"
#include "web/core/labels.h"
#include "web/core/route.h"
#include "web/core/web.h"
#include "web_client.h"

/* A fresh demo database with the users of tests/support/web_client.h. */
static int setup(void **state)
{
	(void)state;
	return web_client_setup("webplan");
}

/* Appends name=value, percent-encoded, to a form body. */
static void add(struct buf *b, const char *name, const char *value)
{
	if (b->len)
		buf_addc(b, '&');
	buf_addf(b, "%s=", name);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_')
			buf_addc(b, (char)*p);
		else
			buf_addf(b, "%%%02X", *p);
	}
}

/* The current plan, as this thread's connection reads it. */
static const struct plan *plan_now(void)
{
	struct err e = ERR_INIT;
	const struct plan *p = store_plan_cached(web_thread_store(&w, &e), &e);
	assert_non_null(p);
	return p;
}

/* The form of business biz-2 with rto_hours set to rto. */
static void biz2_form(struct buf *b, const char *csrf, const char *rto)
{
	if (csrf)
		add(b, "csrf", csrf);
	add(b, "id", "biz-2");
	add(b, "name", "優先業務2");
	add(b, "department", "dept-a");
	add(b, "environment", "省庁内");
	add(b, "rto_hours", rto);
	add(b, "rlo", "平時の70%程度の業務遂行");
}

/* Asserts the body of res contains needle. */
static void assert_has(const struct web_response *res, const char *needle)
{
	if (!strstr(res->body, needle))
		fail_msg("expected \"%s\" in the page (status %d):\n%.3000s", needle, res->status, res->body);
}

static void test_index_and_lists(void **state)
{
	(void)state;
	struct client c;
	struct web_response res = WEB_RESPONSE_INIT;
	sign_in(&c, "vera", "viewer-pass-1");
	send_req(&c, "GET", "/plan", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_has(&res, "§1.1");
	assert_has(&res, "別表1");
	assert_has(&res, "href=\"/plan/systems\"");
	/* Every kind's list answers. */
	for (size_t k = 0; k < schema_n_entities; k++) {
		char path[96];
		snprintf(path, sizeof path, "/plan/%s", schema_entities[k].key);
		send_req(&c, "GET", path, NULL, &res);
		if (res.status != 200)
			fail_msg("%s: %d", path, res.status);
	}
	send_req(&c, "GET", "/plan/systems", NULL, &res);
	assert_has(&res, "メールシステム");
	assert_has(&res, "15時間");
	assert_null(strstr(res.body, "新規追加")); /* viewers do not add */
	send_req(&c, "GET", "/plan/assessments/mail,disaster,hardware", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_has(&res, "目標対策レベル（R3）");
	/* An event's note after its 表5.2-n is a field of its page (023). */
	send_req(&c, "GET", "/plan/events/disaster", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_has(&res, "被害想定の説明");
	assert_has(&res, "上記の被害を想定するにあたり");
	send_req(&c, "GET", "/plan/nothing", NULL, &res);
	assert_int_equal(res.status, 404);
	send_req(&c, "GET", "/plan/systems/nothing", NULL, &res);
	assert_int_equal(res.status, 404);
	/* Keys are compared as they are written, without building each
	 * element's key: a number and percent-encoded Japanese in one key
	 * (the path's %25 is the key's %), a prefix or a longer key is none. */
	send_req(&c, "GET", "/plan/calendar_markers/2026%2C9%2C%25E5%259C%25B0%25E9%259C%2587%25E9%2598%25B2"
		 "%25E7%2581%25BD%25E8%25A8%2593%25E7%25B7%25B4", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_has(&res, "地震防災訓練");
	send_req(&c, "GET", "/plan/calendar_markers/2026%2C9%2C%25E5%259C%25B0", NULL, &res);
	assert_int_equal(res.status, 404);
	send_req(&c, "GET", "/plan/assessments/mail,disaster,hardwarex", NULL, &res);
	assert_int_equal(res.status, 404);
	send_req(&c, "GET", "/plan/assessments/mail,disaster", NULL, &res);
	assert_int_equal(res.status, 404);
	web_response_release(&res);
}

static void test_create_system(void **state)
{
	(void)state;
	struct client c;
	struct web_response res = WEB_RESPONSE_INIT;
	struct buf b = BUF_INIT;
	char csrf[64], loc[256];
	sign_in(&c, "pat", "planner-pass-1");
	/* the list is kept per plan revision (cache.h): made here, then changed */
	send_req(&c, "GET", "/plan/systems", NULL, &res);
	assert_null(strstr(res.body, "人事給与システム"));
	send_req(&c, "GET", "/plan/new/systems", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_has(&res, "<select id=\"f-department\"");
	assert_has(&res, "type=\"checkbox\" id=\"f-in_scope\"");
	assert_has(&res, "<textarea id=\"f-risks\"");
	csrf_of(&res, csrf);
	add(&b, "csrf", csrf);
	add(&b, "id", "hr");
	add(&b, "name", "人事給与システム");
	add(&b, "department", "dept-b");
	add(&b, "in_scope", "1");
	add(&b, "risks", "一行目\r\n二行目\r\n");
	add(&b, "rlo_percent", "");
	send_req(&c, "POST", "/plan/systems", b.data, &res);
	assert_int_equal(res.status, 303);
	assert_true(web_response_header(&res, "Location", loc, sizeof loc));
	assert_non_null(strstr(loc, "/plan/systems/hr?saved=1"));
	const struct system *s = plan_system(plan_now(), "hr");
	assert_non_null(s);
	assert_string_equal(s->name, "人事給与システム");
	assert_string_equal(s->risks, "一行目\n二行目");
	assert_int_equal(s->rlo_percent, NO_VALUE);
	assert_true(s->in_scope);

	send_req(&c, "GET", loc, NULL, &res);
	assert_int_equal(res.status, 200);
	assert_has(&res, "保存しました");
	assert_has(&res, "再計算しました");
	send_req(&c, "GET", "/plan/systems", NULL, &res);
	assert_has(&res, "人事給与システム"); /* listed, last */
	assert_true(strstr(res.body, "人事給与システム") > strstr(res.body, "Cシステム"));

	/* The audit log records who created what. */
	struct err e = ERR_INIT;
	struct audit_entry *log = NULL;
	size_t n = 0;
	assert_int_equal(users_audit_list(web_thread_store(&w, &e), 0, 1, &log, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(log[0].actor, "pat");
	assert_string_equal(log[0].action, "create");
	assert_string_equal(log[0].target, "systems/hr");
	users_audit_free(log, n);

	/* Unreferenced, it can be deleted (after a confirmation page). */
	send_req(&c, "GET", "/plan/systems/hr/delete", NULL, &res);
	assert_int_equal(res.status, 200);
	csrf_of(&res, csrf);
	buf_reset(&b);
	add(&b, "csrf", csrf);
	send_req(&c, "POST", "/plan/systems/hr/delete", b.data, &res);
	assert_int_equal(res.status, 303);
	assert_null(plan_system(plan_now(), "hr"));
	send_req(&c, "GET", "/plan/systems?deleted=1", NULL, &res);
	assert_has(&res, "削除しました");
	assert_null(strstr(res.body, "人事給与システム"));
	buf_release(&b);
	web_response_release(&res);
}

static void test_business_rto_changes_system(void **state)
{
	(void)state;
	struct client c;
	struct web_response res = WEB_RESPONSE_INIT;
	struct buf b = BUF_INIT;
	char csrf[64], loc[512];
	sign_in(&c, "pat", "planner-pass-1");
	send_req(&c, "GET", "/plan/systems/mail", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_has(&res, "<strong>15時間</strong>");
	assert_has(&res, "<span class=\"badge\">A</span>");
	assert_has(&res, "優先業務1</a>"); /* the business that sets it */

	send_req(&c, "GET", "/plan/businesses/biz-2", NULL, &res);
	assert_has(&res, "この業務が使う情報システム");
	csrf_of(&res, csrf);
	biz2_form(&b, csrf, "2");
	send_req(&c, "POST", "/plan/businesses/biz-2", b.data, &res);
	assert_int_equal(res.status, 303);
	assert_true(web_response_header(&res, "Location", loc, sizeof loc));
	assert_int_equal(plan_business(plan_now(), "biz-2")->rto_hours, 2);

	/* The page landed on lists what the save recalculated. */
	send_req(&c, "GET", loc, NULL, &res);
	assert_has(&res, "保存しました");
	assert_has(&res, "RTO 15時間 → <strong>2時間</strong>");

	send_req(&c, "GET", "/plan/systems/mail", NULL, &res);
	assert_has(&res, "<strong>2時間</strong>");
	assert_has(&res, "<span class=\"badge\">S</span>");
	assert_has(&res, "優先業務2</a>");

	/* And back, for the other tests. */
	buf_reset(&b);
	biz2_form(&b, csrf, "24");
	send_req(&c, "POST", "/plan/businesses/biz-2", b.data, &res);
	assert_int_equal(res.status, 303);
	buf_release(&b);
	web_response_release(&res);
}

static void test_validation_error(void **state)
{
	(void)state;
	struct client c;
	struct web_response res = WEB_RESPONSE_INIT;
	struct buf b = BUF_INIT;
	char csrf[64];
	sign_in(&c, "pat", "planner-pass-1");
	session_csrf(&c, csrf);
	biz2_form(&b, csrf, "3日<b>");
	send_req(&c, "POST", "/plan/businesses/biz-2", b.data, &res);
	assert_int_equal(res.status, 422);
	assert_has(&res, "<p class=\"err\" id=\"f-rto_hours-err\">");
	assert_has(&res, "整数を指定してください");
	assert_has(&res, "value=\"3日&lt;b&gt;\""); /* kept, escaped */
	assert_has(&res, "aria-invalid=\"true\"");
	assert_null(strstr(res.body, "3日<b>"));
	assert_int_equal(plan_business(plan_now(), "biz-2")->rto_hours, 24);

	/* An RTO override without its reason is refused beside the reason. */
	buf_reset(&b);
	add(&b, "csrf", csrf);
	add(&b, "id", "mail");
	add(&b, "name", "メールシステム");
	add(&b, "in_scope", "1");
	add(&b, "rto_override_hours", "6");
	add(&b, "rto_override_reason", "");
	send_req(&c, "POST", "/plan/systems/mail", b.data, &res);
	assert_int_equal(res.status, 422);
	assert_has(&res, "id=\"f-rto_override_reason-err\"");
	assert_has(&res, "理由を記入してください");
	assert_int_equal(plan_system(plan_now(), "mail")->rto_override_hours, NO_VALUE);

	/* A reference to nothing, and a taken id. */
	buf_reset(&b);
	add(&b, "csrf", csrf);
	add(&b, "id", "sys-a");
	add(&b, "name", "x");
	add(&b, "department", "dept-zz");
	send_req(&c, "POST", "/plan/systems", b.data, &res);
	assert_int_equal(res.status, 422);
	assert_has(&res, "id=\"f-department-err\"");
	assert_has(&res, "id=\"f-id-err\"");
	assert_has(&res, "既に使われています");
	buf_release(&b);
	web_response_release(&res);
}

static void test_viewer(void **state)
{
	(void)state;
	struct client c, r;
	struct web_response res = WEB_RESPONSE_INIT;
	struct buf b = BUF_INIT;
	char csrf[64];
	sign_in(&c, "vera", "viewer-pass-1");
	send_req(&c, "GET", "/plan/businesses/biz-2", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_null(strstr(res.body, "action=\"/plan/businesses/biz-2\""));
	assert_has(&res, "優先業務2");
	csrf_of(&res, csrf); /* the sign-out form's token */
	biz2_form(&b, csrf, "5");
	send_req(&c, "POST", "/plan/businesses/biz-2", b.data, &res);
	assert_int_equal(res.status, 403);
	assert_int_equal(plan_business(plan_now(), "biz-2")->rto_hours, 24);
	send_req(&c, "GET", "/plan/new/businesses", NULL, &res);
	assert_int_equal(res.status, 403);

	/* Personal data never reaches a viewer: lists, pages, the API. */
	const struct person *sato = plan_person(plan_now(), "p-sato");
	char mobile[64], email[128];
	assert_non_null(sato);
	snprintf(mobile, sizeof mobile, "%s", sato->mobile);
	snprintf(email, sizeof email, "%s", sato->email);
	assert_true(mobile[0] && email[0]);
	const char *pages[] = { "/plan/people", "/plan/people/p-sato", "/api/v1/people",
				"/api/v1/people/p-sato", "/api/v1/plan" };
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		send_req(&c, "GET", pages[i], NULL, &res);
		assert_int_equal(res.status, 200);
		if (strstr(res.body, mobile) || strstr(res.body, email) ||
		    strstr(res.body, "\"mobile\""))
			fail_msg("%s shows personal data to a viewer", pages[i]);
	}
	/* …while a responder sees it. */
	sign_in(&r, "rita", "responder-pass-1");
	send_req(&r, "GET", "/plan/people/p-sato", NULL, &res);
	assert_has(&res, mobile);
	send_req(&r, "GET", "/api/v1/people/p-sato", NULL, &res);
	assert_has(&res, email);
	send_req(&r, "POST", "/plan/businesses/biz-2", b.data, &res);
	assert_int_equal(res.status, 403);
	buf_release(&b);
	web_response_release(&res);
}

static void test_csrf_missing(void **state)
{
	(void)state;
	struct client c;
	struct web_response res = WEB_RESPONSE_INIT;
	struct buf b = BUF_INIT;
	char csrf[64];
	sign_in(&c, "pat", "planner-pass-1");
	biz2_form(&b, NULL, "5");
	send_req(&c, "POST", "/plan/businesses/biz-2", b.data, &res);
	assert_int_equal(res.status, 403);
	buf_reset(&b);
	biz2_form(&b, "forged-forged-forged-forged-forged-forged-x", "5");
	send_req(&c, "POST", "/plan/businesses/biz-2", b.data, &res);
	assert_int_equal(res.status, 403);
	send_ct(&c, "PUT", "/api/v1/businesses/biz-2", NULL,
		"{\"id\":\"biz-2\",\"name\":\"優先業務2\",\"rto_hours\":5}", "application/json", &res);
	assert_int_equal(res.status, 403);
	send_ct(&c, "DELETE", "/api/v1/systems/sys-c", NULL, NULL, NULL, &res);
	assert_int_equal(res.status, 403);
	session_csrf(&c, csrf);
	send_req(&c, "POST", "/plan/systems/sys-c/delete", "a=b", &res);
	assert_int_equal(res.status, 403);
	assert_int_equal(plan_business(plan_now(), "biz-2")->rto_hours, 24);
	assert_non_null(plan_system(plan_now(), "sys-c"));
	buf_release(&b);
	web_response_release(&res);
}

static void test_delete_referenced(void **state)
{
	(void)state;
	struct client c;
	struct web_response res = WEB_RESPONSE_INIT;
	char csrf[64], body[128];
	sign_in(&c, "pat", "planner-pass-1");
	send_req(&c, "GET", "/plan/systems/mail/delete", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_has(&res, "参照しているため削除できません");
	assert_has(&res, "業務と情報システムの関連");
	csrf_of(&res, csrf);
	snprintf(body, sizeof body, "csrf=%s", csrf);
	send_req(&c, "POST", "/plan/systems/mail/delete", body, &res);
	assert_int_equal(res.status, 409);
	assert_has(&res, "現状対策レベルとリスク");
	assert_non_null(plan_system(plan_now(), "mail"));
	/* A department with people in it cannot be deleted either. */
	send_req(&c, "POST", "/plan/departments/dept-a/delete", body, &res);
	assert_int_equal(res.status, 409);
	assert_has(&res, "担当者");
	web_response_release(&res);
}

/* The JSON body of res (new reference). */
static json_t *json_of(const struct web_response *res)
{
	json_error_t jerr;
	json_t *v = json_loads(res->body, 0, &jerr);
	if (!v)
		fail_msg("not JSON (%s): %.500s", jerr.text, res->body);
	return v;
}

/* The first error's path of a JSON error answer. */
static const char *error_path(json_t *v)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(v, "errors"), 0), "path"));
}

static void test_api(void **state)
{
	(void)state;
	struct client c;
	struct web_response res = WEB_RESPONSE_INIT;
	char hdr[128], loc[128];
	sign_in(&c, "pat", "planner-pass-1");

	send_req(NULL, "GET", "/api/v1/systems", NULL, &res);
	assert_int_equal(res.status, 401);
	json_t *v = json_of(&res);
	assert_string_equal(error_path(v), "$");
	json_decref(v);

	send_req(&c, "GET", "/api/v1/session", NULL, &res);
	assert_int_equal(res.status, 200);
	v = json_of(&res);
	assert_string_equal(json_string_value(json_object_get(v, "role")), "planner");
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s\n",
		 json_string_value(json_object_get(v, "csrf_token")));
	json_decref(v);

	send_req(&c, "GET", "/api/v1/systems", NULL, &res);
	assert_int_equal(res.status, 200);
	v = json_of(&res);
	json_t *mail = json_array_get(v, 0);
	assert_string_equal(json_string_value(json_object_get(mail, "name")), "メールシステム");
	assert_int_equal(json_integer_value(json_object_get(mail, "rto_hours")), 15);
	assert_string_equal(json_string_value(json_object_get(mail, "tier")), "A");
	assert_string_equal(json_string_value(json_object_get(mail, "rto_set_by")), "biz-1");
	json_decref(v);

	/* PUT a business's RTO; the system follows. */
	send_ct(&c, "PUT", "/api/v1/businesses/biz-1", hdr,
		"{\"id\":\"biz-1\",\"name\":\"優先業務1\",\"department\":\"dept-a\",\"rto_hours\":30}",
		"application/json", &res);
	if (res.status != 200)
		fail_msg("PUT: %d %s", res.status, res.body);
	send_req(&c, "GET", "/api/v1/systems/mail", NULL, &res);
	v = json_of(&res);
	assert_int_equal(json_integer_value(json_object_get(v, "rto_hours")), 24);
	assert_string_equal(json_string_value(json_object_get(v, "rto_set_by")), "biz-2");
	/* What a GET gives can be PUT back (derived values are read-only). */
	json_object_set_new(v, "summary", json_string("電子メール"));
	char *text = json_dumps(v, 0);
	json_decref(v);
	send_ct(&c, "PUT", "/api/v1/systems/mail", hdr, text, "application/json", &res);
	free(text);
	if (res.status != 200)
		fail_msg("PUT back: %d %s", res.status, res.body);
	assert_string_equal(plan_system(plan_now(), "mail")->summary, "電子メール");

	/* Bad JSON: 400 with a path; an invalid field: 422 with its path. */
	send_ct(&c, "PUT", "/api/v1/businesses/biz-1", hdr, "{\"id\":", "application/json", &res);
	assert_int_equal(res.status, 400);
	v = json_of(&res);
	assert_string_equal(error_path(v), "$");
	json_decref(v);
	send_ct(&c, "PUT", "/api/v1/businesses/biz-1", hdr,
		"{\"id\":\"biz-1\",\"name\":\"優先業務1\",\"rto_hours\":-3}", "application/json", &res);
	assert_int_equal(res.status, 422);
	v = json_of(&res);
	assert_string_equal(error_path(v), "$.rto_hours");
	json_decref(v);
	send_ct(&c, "PUT", "/api/v1/businesses/biz-1", hdr, "{}", "text/plain", &res);
	assert_int_equal(res.status, 415);
	assert_int_equal(plan_business(plan_now(), "biz-1")->rto_hours, 30);

	/* Create, then delete; a referenced delete is 409. */
	send_ct(&c, "POST", "/api/v1/departments", hdr,
		"{\"id\":\"dept-new\",\"name\":\"部局X\",\"kind\":\"related\"}", "application/json", &res);
	if (res.status != 201)
		fail_msg("POST: %d %s", res.status, res.body);
	assert_true(web_response_header(&res, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/api/v1/departments/dept-new");
	send_ct(&c, "DELETE", "/api/v1/systems/mail", hdr, NULL, NULL, &res);
	assert_int_equal(res.status, 409);
	send_ct(&c, "DELETE", "/api/v1/departments/dept-new", hdr, NULL, NULL, &res);
	assert_int_equal(res.status, 200);
	assert_null(plan_department(plan_now(), "dept-new"));
	send_req(&c, "GET", "/api/v1/departments/dept-new", NULL, &res);
	assert_int_equal(res.status, 404);

	/* The organisation singleton. */
	send_req(&c, "GET", "/api/v1/organisation", NULL, &res);
	assert_int_equal(res.status, 200);
	v = json_of(&res);
	assert_int_equal(json_integer_value(json_object_get(v, "tier_s_max_hours")), 3);
	json_decref(v);

	/* The export document. */
	send_req(&c, "GET", "/api/v1/plan", NULL, &res);
	assert_int_equal(res.status, 200);
	v = json_of(&res);
	assert_string_equal(json_string_value(json_object_get(v, "format")), "itbcp-plan");
	json_decref(v);

	/* Put biz-1 back. */
	send_ct(&c, "PUT", "/api/v1/businesses/biz-1", hdr,
		"{\"id\":\"biz-1\",\"name\":\"優先業務1\",\"department\":\"dept-a\",\"environment\":\"外部委託先\","
		"\"rto_hours\":3,\"rlo\":\"平時と同等の業務遂行\"}",
		"application/json", &res);
	assert_int_equal(res.status, 200);
	web_response_release(&res);
}

static void test_every_field_labelled(void **state)
{
	(void)state;
	for (size_t k = 0; k < schema_n_entities; k++) {
		const struct entity_def *e = &schema_entities[k];
		for (size_t i = 0; i < e->n_fields; i++)
			if (!label_field_known(e, e->fields[i].name))
				fail_msg("%s.%s has no label", e->key, e->fields[i].name);
		assert_non_null(label_section_of(e->key));
	}
	for (size_t i = 0; i < schema_organisation.n_fields; i++)
		if (!label_field_known(&schema_organisation, schema_organisation.fields[i].name))
			fail_msg("organisation.%s has no label", schema_organisation.fields[i].name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_field_labelled),
		cmocka_unit_test(test_index_and_lists),
		cmocka_unit_test(test_create_system),
		cmocka_unit_test(test_business_rto_changes_system),
		cmocka_unit_test(test_validation_error),
		cmocka_unit_test(test_viewer),
		cmocka_unit_test(test_csrf_missing),
		cmocka_unit_test(test_delete_referenced),
		cmocka_unit_test(test_api),
	};
	return cmocka_run_group_tests(tests, setup, web_client_teardown);
}
