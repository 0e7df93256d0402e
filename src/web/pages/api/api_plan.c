/*
 * api_plan.c — the JSON API of the plan (issue 4, item 8; doc/openapi.yaml).
 *
 *   GET    /api/v1/session          who is signed in, and the CSRF token
 *   GET    /api/v1/plan             the whole plan (the export document)
 *   GET|PUT /api/v1/organisation    the organisation: one object, not a kind
 *   GET    /api/v1/{kind}           the elements of a kind (?field=id filters)
 *   POST   /api/v1/{kind}           a new element                → 201
 *   GET    /api/v1/{kind}/{key}     one element
 *   PUT    /api/v1/{kind}/{key}     replaces it                  → 200
 *   DELETE /api/v1/{kind}/{key}     deletes it (409 while referred to)
 *
 * Any other method on these paths is a 405 of the route table (route.c),
 * whatever the role.  tests/cli/web_api.sh checks every answer against
 * doc/openapi.yaml (tests/cli/openapi_check.mjs).
 *
 * The same rules as the pages: the same validator (plan_element_read), the
 * same storage with its audit entry (element_store), the same roles
 * (viewers read without personal fields, planners and admins write).  The
 * pipeline (route.c, ROUTE_API) answers 401 without a session, takes the
 * CSRF token of a state-changing call from the X-CSRF-Token header and
 * writes every refusal as {"errors":[{"path":"$","message":"…"}]}.
 * Elements are the objects of the export document, plus read-only derived
 * values (systems: rto_hours, tier … as `itbcp systems --json`), which a
 * PUT or POST may send back and are ignored.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "format/plan_json.h"
#include "rules/rules.h"
#include "store/element_store.h"
#include "store/store.h"
#include "util/xalloc.h"
#include "web/core/auth.h"
#include "web/core/form.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/url.h"
#include "web/pages/plan/page_plan_derived.h"
#include "web/core/plan_target.h"

/* Derived values the API adds to elements; never read from a request. */
static const char *const read_only_keys[] = { "rto_hours",       "rto_derived_hours", "rto_set_by",
					      "rto_overridden",  "tier",              "tier_derived",
					      "tier_overridden", "department_name",   "target_level",
					      "gap",             "budget_total_kyen", NULL };

/* Answers status with obj (stolen) as the body. */
static void reply(struct req *r, int status, json_t *obj)
{
	char *text = json_dumps(obj, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(obj);
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	buf_reset(&r->out);
	if (text) {
		buf_adds(&r->out, text);
		buf_addc(&r->out, '\n');
	}
	free(text);
}

/* {"errors":[{"path":"$","message":…}]} with status. */
static void reply_error(struct req *r, int status, const char *message)
{
	json_t *one = json_object(), *arr = json_array(), *root = json_object();
	json_object_set_new(one, "path", json_string("$"));
	json_object_set_new(one, "message", json_string(message));
	json_array_append_new(arr, one);
	json_object_set_new(root, "errors", arr);
	reply(r, status, root);
}

/* Every problem of a refused element, with status. */
static void reply_errors(struct req *r, int status, const struct plan_element_errors *errs)
{
	json_t *arr = json_array(), *root = json_object();
	for (size_t i = 0; i < errs->n; i++) {
		json_t *one = json_object();
		json_object_set_new(one, "path", json_string(errs->v[i].path));
		json_object_set_new(one, "message", json_string(errs->v[i].message));
		json_array_append_new(arr, one);
	}
	json_object_set_new(root, "errors", arr);
	reply(r, status, root);
}

/* An integer, or null for NO_VALUE. */
static json_t *int_or_null(int64_t v)
{
	return v == NO_VALUE ? json_null() : json_integer(v);
}

/* elem as a JSON object: its fields (personal ones only when personal),
 * then the derived values of its kind. */
static json_t *element_json(const struct plan *p, const struct entity_def *e, const void *elem,
			    bool personal)
{
	json_t *o = json_object();
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		if ((f->flags & FF_PERSONAL) && !personal)
			continue;
		json_object_set_new(o, f->name, plan_json_field_value(f, elem));
	}
	if (!strcmp(e->key, "systems")) {
		const struct system *s = elem;
		const struct department *d = plan_department(p, s->department);
		struct system_rto rto;
		system_rto_compute(p, s, &rto);
		json_object_set_new(o, "department_name", d ? json_string(d->name) : json_null());
		json_object_set_new(o, "rto_hours", int_or_null(rto.hours));
		json_object_set_new(o, "rto_derived_hours", int_or_null(rto.derived_hours));
		json_object_set_new(o, "rto_set_by", rto.set_by ? json_string(rto.set_by->id) : json_null());
		json_object_set_new(o, "rto_overridden", json_boolean(rto.rto_overridden));
		json_object_set_new(o, "tier", rto.tier == TIER_NONE ? json_null() : json_string(tier_name(rto.tier)));
		json_object_set_new(o, "tier_derived", rto.derived_tier == TIER_NONE
							       ? json_null()
							       : json_string(tier_name(rto.derived_tier)));
		json_object_set_new(o, "tier_overridden", json_boolean(rto.tier_overridden));
	} else if (!strcmp(e->key, "assessments")) {
		const struct assessment *a = elem;
		int64_t target = page_plan_derived_assessment_target(p, a);
		json_object_set_new(o, "target_level", int_or_null(target));
		json_object_set_new(o, "gap", target == NO_VALUE || a->current_level == NO_VALUE
						      ? json_null()
						      : json_integer(target - a->current_level));
	} else if (!strcmp(e->key, "countermeasure_steps")) {
		json_object_set_new(o, "budget_total_kyen", json_integer(page_plan_derived_step_budget(p, elem)));
	}
	return o;
}

/* The API's kinds (the organisation has routes of its own) and its 404
 * answers. */
static const struct plan_target_style api = {
	.refuse = reply_error,
	.no_kind_ja = "この種類の要素はありません",
	.no_kind_en = "no such kind of element",
	.no_element_ja = "この要素は見つかりません",
	.no_element_en = "no such element",
};

/* The request's body as a JSON value without the read-only keys that are
 * not fields of kind e; NULL with a 400 answer (and the line and column)
 * when it is not JSON.  Valid JSON that is not an element is the
 * validator's to refuse (422): a bare value (JSON_DECODE_ANY), and a
 * \u0000, let in (JSON_ALLOW_NUL) for the field that holds it; jansson
 * cannot hold one in a key, so such a key is refused here, 422 too. */
static json_t *request_json(struct req *r, const struct entity_def *e)
{
	json_error_t jerr;
	json_t *v = json_loadb(r->body ? r->body : "", r->body_len,
			       JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
	if (!v && json_error_code(&jerr) == json_error_null_byte_in_key) {
		reply_error(r, 422,
			    arena_printf(&r->arena,
					 L(r->lang, "キーに NUL 文字（\\u0000）は使えません（%d行 %d列）",
					   "a key cannot hold a NUL character (\\u0000) (line %d, column %d)"),
					 jerr.line, jerr.column));
		return NULL;
	}
	if (!v) {
		reply_error(r, 400,
			    arena_printf(&r->arena, L(r->lang, "JSONとして読めません（%d行 %d列）: %s",
						      "not valid JSON (line %d, column %d): %s"),
					 jerr.line, jerr.column, jerr.text));
		return NULL;
	}
	if (json_is_object(v))
		for (const char *const *k = read_only_keys; *k; k++)
			if (!schema_field(e, *k))
				json_object_del(v, *k);
	return v;
}

/* GET /api/v1/session */
int api_session(struct req *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "user", json_string(r->session.user.name));
	json_object_set_new(o, "display_name", json_string(r->session.user.display_name));
	json_object_set_new(o, "role", json_string(users_role_name(r->session.user.role)));
	json_object_set_new(o, "csrf_token", json_string(r->session.csrf));
	reply(r, 200, o);
	return 0;
}

/* GET /api/v1/plan */
int api_plan(struct req *r)
{
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p)
		return -1;
	char *text = plan_json_write(p);
	r->content_type = "application/json; charset=utf-8";
	if (form_may_see_personal(r)) {
		buf_adds(&r->out, text);
		free(text);
		return 0;
	}
	/* Viewers get the document without the personal fields. */
	json_t *root = json_loads(text, 0, NULL);
	free(text);
	if (!root)
		return err_set(&r->err, "export did not parse");
	json_t *people = json_object_get(root, "people"), *person;
	size_t i;
	const struct entity_def *pe = schema_entity("people");
	json_array_foreach(people, i, person) {
		for (size_t k = 0; k < pe->n_fields; k++)
			if (pe->fields[k].flags & FF_PERSONAL)
				json_object_del(person, pe->fields[k].name);
	}
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	buf_adds(&r->out, text ? text : "{}");
	buf_addc(&r->out, '\n');
	free(text);
	return 0;
}

/* True when elem passes the ?field=id filters of the request. */
static bool passes(struct req *r, const struct entity_def *e, const void *elem)
{
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		const char *want = f->type == F_REF ? req_query(r, f->name) : NULL;
		const char *have = want ? *(char *const *)FIELD_PTR(elem, f) : NULL;
		if (want && (!have || strcmp(want, have) != 0))
			return false;
	}
	return true;
}

/* GET /api/v1/{kind} */
int api_list(struct req *r)
{
	struct plan_target t;
	if (!plan_target_kind(r, &api, &t))
		return t.rc;
	const struct entity_def *e = t.e;
	const struct plan *p = t.p;
	bool personal = form_may_see_personal(r);
	json_t *arr = json_array();
	for (size_t i = 0, n = schema_count(e, p); i < n; i++) {
		const void *elem = schema_element(e, p, i);
		if (passes(r, e, elem))
			json_array_append_new(arr, element_json(p, e, elem, personal));
	}
	reply(r, 200, arr);
	return 0;
}

/* GET /api/v1/{kind}/{key} */
int api_get(struct req *r)
{
	struct plan_target t;
	if (!plan_target_element(r, &api, &t))
		return t.rc;
	reply(r, 200, element_json(t.p, t.e, t.elem, form_may_see_personal(r)));
	return 0;
}

/* Answers a saved element: status, its JSON as it is now stored. */
static int reply_saved(struct req *r, const struct entity_def *e, const char *key, int status)
{
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p)
		return -1;
	const void *elem = e == &schema_organisation ? &p->organisation : form_find(p, e, key, NULL);
	if (!elem)
		return err_set(&r->err, "saved element %s/%s not found", e->key, key);
	if (status == 201)
		req_set_header(r, "Location",
			       arena_printf(&r->arena, "/api/v1/%s/%s", e->key, url_encode(r, key)));
	reply(r, status, element_json(p, e, elem, true));
	return 0;
}

/* Validates the body as kind e (replacing: index or PLAN_ELEMENT_NEW) into
 * elem; 0 when valid, else the answer (400 or 422) is made. */
static int validate_body(struct req *r, const struct plan *p, const struct entity_def *e,
			 size_t replacing, void *elem)
{
	json_t *v = request_json(r, e);
	if (!v)
		return -1;
	struct plan_element_errors errs = PLAN_ELEMENT_ERRORS_INIT;
	int rc = plan_element_read(p, e, v, replacing, elem, &errs, r->lang);
	json_decref(v);
	if (rc)
		reply_errors(r, 422, &errs);
	plan_element_errors_release(&errs);
	return rc;
}

/* Validates the body as an element of t->e and saves it: new (t->elem
 * NULL, answered 201) or over t->elem (answered 200); the answer is the
 * element as stored, or the refusal. */
static int save(struct req *r, const struct plan_target *t)
{
	const struct entity_def *e = t->e;
	void *elem = xcalloc(1, e->size);
	struct err err = ERR_INIT;
	int rc = 0;
	if (validate_body(r, t->p, e, t->elem ? t->index : PLAN_ELEMENT_NEW, elem))
		goto out;
	int s = plan_target_store(r, t, elem, &err);
	if (s == 1)
		reply_error(r, 409, err.msg);
	else if (s < 0) {
		r->err = err;
		rc = -1;
	} else
		rc = reply_saved(r, e, e == &schema_organisation ? "" : form_key(r, e, elem),
				 t->elem ? 200 : 201);
out:
	schema_element_release(e, elem);
	free(elem);
	return rc;
}

/* POST /api/v1/{kind} */
int api_create(struct req *r)
{
	struct plan_target t;
	if (!plan_target_kind(r, &api, &t))
		return t.rc;
	return save(r, &t);
}

/* PUT /api/v1/{kind}/{key} */
int api_put(struct req *r)
{
	struct plan_target t;
	if (!plan_target_element(r, &api, &t))
		return t.rc;
	return save(r, &t);
}

/* GET /api/v1/organisation */
int api_organisation(struct req *r)
{
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p)
		return -1;
	reply(r, 200, element_json(p, &schema_organisation, &p->organisation, true));
	return 0;
}

/* PUT /api/v1/organisation */
int api_organisation_put(struct req *r)
{
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p)
		return -1;
	struct plan_target t = { .e = &schema_organisation, .p = p, .elem = &p->organisation };
	return save(r, &t);
}

/* DELETE /api/v1/{kind}/{key} */
int api_delete(struct req *r)
{
	struct plan_target t;
	if (!plan_target_element(r, &api, &t))
		return t.rc;
	struct err err = ERR_INIT;
	const char *key = form_key(r, t.e, t.elem);
	int s = element_store_delete(r->store, t.p, t.e, t.elem, auth_actor(r), r->lang, &err);
	if (s == 1) {
		reply_error(r, 409, err.msg);
		return 0;
	}
	if (s < 0) {
		r->err = err;
		return -1;
	}
	json_t *o = json_object();
	json_object_set_new(o, "deleted", json_string(arena_printf(&r->arena, "%s/%s", t.e->key, key)));
	reply(r, 200, o);
	return 0;
}
