/*
 * plan_json_write.c — the plan as the interchange document (export).
 *
 * Deterministic by construction: objects list their fields in schema
 * order, arrays their elements in plan order, and jansson keeps insertion
 * order, so the same plan always gives the same bytes.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "format/plan_json.h"
#include "model/schema.h"
#include "util/xalloc.h"

json_t *plan_json_field_value(const struct field_def *f, const void *elem)
{
	const void *ptr = FIELD_PTR(elem, f);
	switch (f->type) {
	case F_ID:
	case F_TEXT:
	case F_ENUM:
	case F_DATE: {
		/* Never NULL in a plan (schema_element_defaults, the store's NOT
		 * NULL columns); "" rather than a missing key if it ever were. */
		const char *s = *(char *const *)ptr;
		return json_string(s ? s : "");
	}
	case F_REF: {
		const char *s = *(char *const *)ptr;
		return s ? json_string(s) : json_null();
	}
	case F_INT: {
		int64_t v = *(const int64_t *)ptr;
		return v == NO_VALUE ? json_null() : json_integer(v);
	}
	case F_BOOL:
		return json_boolean(*(const bool *)ptr);
	case F_MONTHS: {
		json_t *a = json_array();
		uint16_t m = *(const uint16_t *)ptr;
		for (int i = 1; i <= 12; i++)
			if (m & (1u << i))
				json_array_append_new(a, json_integer(i));
		return a;
	}
	}
	BUG("field type %d", (int)f->type);
}

static json_t *element_object(const struct entity_def *e, const void *elem)
{
	json_t *o = json_object();
	for (size_t i = 0; i < e->n_fields; i++)
		json_object_set_new(o, e->fields[i].name, plan_json_field_value(&e->fields[i], elem));
	return o;
}

char *plan_json_write(const struct plan *p)
{
	json_t *root = json_object();
	json_object_set_new(root, "format", json_string(PLAN_JSON_FORMAT));
	json_object_set_new(root, "version", json_integer(PLAN_JSON_VERSION));
	json_object_set_new(root, schema_organisation.key,
			    element_object(&schema_organisation, &p->organisation));
	for (size_t k = 0; k < schema_n_entities; k++) {
		const struct entity_def *e = &schema_entities[k];
		json_t *a = json_array();
		size_t n = schema_count(e, p);
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, element_object(e, schema_element(e, p, i)));
		json_object_set_new(root, e->key, a);
	}
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text)
		BUG("json_dumps failed");
	size_t n = strlen(text);
	char *out = xmalloc(n + 2);
	memcpy(out, text, n);
	out[n] = '\n';
	out[n + 1] = '\0';
	free(text);
	return out;
}
