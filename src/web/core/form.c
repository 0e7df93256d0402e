/*
 * form.c — plan elements in URLs and HTML forms (form.h).
 *
 * Every input is generated from the field's type: a select for references
 * (options from the plan) and enums (labels from labels.c), a checkbox for
 * booleans, twelve checkboxes for months (April first, the fiscal year's
 * order), a textarea for multi-line text, date and numeric inputs.  Each
 * input has its label; a message goes beside its field and is tied to it
 * by aria-describedby.
 */
#include "web/core/form.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/element_store.h"
#include "store/store.h"
#include "web/core/html.h"
#include "web/core/labels.h"
#include "web/core/url.h"

/* What a key part keeps unencoded: not '~' (unlike URL_UNRESERVED), so
 * that the keys in URLs stay as they have always been written. */
#define KEY_KEEP "-_."

/* The URL key of elem into b. */
static void key_of(const struct entity_def *e, const void *elem, struct buf *b)
{
	const struct field_def *idf = schema_id_field(e);
	if (idf) {
		url_encode_buf(b, *(char *const *)FIELD_PTR(elem, idf), KEY_KEEP);
		return;
	}
	bool first = true;
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		if (!(f->flags & FF_KEY))
			continue;
		if (!first)
			buf_addc(b, ',');
		first = false;
		const void *ptr = FIELD_PTR(elem, f);
		if (f->type == F_INT) {
			buf_addf(b, "%lld", (long long)*(const int64_t *)ptr);
		} else {
			const char *s = *(char *const *)ptr;
			url_encode_buf(b, s ? s : "", KEY_KEEP);
		}
	}
}

const char *form_key(struct req *r, const struct entity_def *e, const void *elem)
{
	struct buf b = BUF_INIT;
	key_of(e, elem, &b);
	const char *k = arena_strdup(&r->arena, b.data);
	buf_release(&b);
	return k;
}

const char *form_element_url(struct req *r, const struct entity_def *e, const void *elem)
{
	return arena_printf(&r->arena, "/plan/%s/%s", e->key, url_encode(r, form_key(r, e, elem)));
}

const char *form_finding_url(struct req *r, const char *element)
{
	size_t n = strcspn(element, "/");
	char *kind = arena_strndup(&r->arena, element, n);
	const struct entity_def *e = form_kind(kind);
	if (!e)
		return strcmp(kind, "organisation") == 0 ? "/plan/organisation" : "/plan";
	if (!element[n])
		return arena_printf(&r->arena, "/plan/%s", e->key);
	/* The parts after the kind are the key's fields in the schema's
	 * order, raw: each is encoded as key_of() encodes it and they are
	 * joined by ',' (not '/', which would make a path of their own). */
	struct buf key = BUF_INIT;
	for (const char *p = element + n + 1;;) {
		size_t m = strcspn(p, "/");
		char *part = arena_strndup(&r->arena, p, m);
		url_encode_buf(&key, part, KEY_KEEP);
		p += m;
		if (!*p++)
			break;
		buf_addc(&key, ',');
	}
	/* A finding about an element that is missing (an assessment, a damage
	 * assumption not written yet) leads to the form that adds it, with its
	 * key's fields filled in. */
	const struct plan *p = schema_id_field(e) ? NULL : store_plan_cached(r->store, &r->err);
	if (p && !form_find(p, e, key.data, NULL)) {
		struct buf q = BUF_INIT;
		const char *part = element + n + 1;
		for (size_t j = 0; j < e->n_fields; j++) {
			if (!(e->fields[j].flags & FF_KEY))
				continue;
			size_t m = strcspn(part, "/");
			buf_addf(&q, "%s%s=%s", q.len ? "&" : "?", e->fields[j].name,
				 url_encode(r, arena_strndup(&r->arena, part, m)));
			part += m;
			if (!*part)
				break;
			part++;
		}
		buf_release(&key);
		const char *url = arena_printf(&r->arena, "/plan/new/%s%s", e->key, q.len ? q.data : "");
		buf_release(&q);
		return url;
	}
	const char *url = arena_printf(&r->arena, "/plan/%s/%s", e->key, url_encode(r, key.data));
	buf_release(&key);
	return url;
}

/* k past the encoding of s as key_of() writes it (url_encode_buf with
 * KEY_KEEP), or NULL where k differs from it. */
static const char *past_encoded(const char *k, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		    strchr(KEY_KEEP, *c)) {
			if (*k++ != (char)*c)
				return NULL;
		} else if (k[0] != '%' || k[1] != hex[*c >> 4] || k[2] != hex[*c & 15]) {
			return NULL;
		} else {
			k += 3;
		}
	}
	return k;
}

/* True when key_of(e, elem) is key, compared as it would be written and
 * given up at the first difference: form_find walks a whole kind (2,000
 * assessments for each link of a page of findings), and building every
 * key to compare it was most of that page's time. */
static bool key_is(const struct entity_def *e, const void *elem, const char *key)
{
	const struct field_def *idf = schema_id_field(e);
	if (idf) {
		const char *id = *(char *const *)FIELD_PTR(elem, idf);
		const char *end = past_encoded(key, id ? id : "");
		return end && !*end;
	}
	bool first = true;
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		if (!(f->flags & FF_KEY))
			continue;
		if (!first && *key++ != ',')
			return false;
		first = false;
		const void *ptr = FIELD_PTR(elem, f);
		if (f->type == F_INT) {
			char num[24];
			int n = snprintf(num, sizeof num, "%lld", (long long)*(const int64_t *)ptr);
			if (strncmp(key, num, (size_t)n) != 0)
				return false;
			key += n;
		} else {
			const char *v = *(char *const *)ptr;
			key = past_encoded(key, v ? v : "");
			if (!key)
				return false;
		}
	}
	return !*key;
}

const void *form_find(const struct plan *p, const struct entity_def *e, const char *key,
		      size_t *index)
{
	size_t n = schema_count(e, p);
	for (size_t i = 0; i < n; i++) {
		const void *elem = schema_element(e, p, i);
		if (key_is(e, elem, key)) {
			if (index)
				*index = i;
			return elem;
		}
	}
	return NULL;
}

const struct entity_def *form_kind(const char *key)
{
	const struct entity_def *e = schema_entity(key);
	return e == &schema_organisation ? NULL : e;
}

bool form_may_see_personal(const struct req *r)
{
	return r->signed_in && r->session.user.role >= ROLE_RESPONDER;
}

/* ---- form → JSON ----------------------------------------------------- */

/* s with full-width digits, minus and comma made ASCII and white space and
 * thousands separators dropped, in r's arena. */
static const char *ascii_number(struct req *r, const char *s)
{
	struct buf b = BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99) { /* ０-９ */
			buf_addc(&b, (char)('0' + (p[2] - 0x90)));
			p += 2;
		} else if (p[0] == 0xef && p[1] == 0xbc && (p[2] == 0x8d || p[2] == 0x8c)) { /* －， */
			if (p[2] == 0x8d)
				buf_addc(&b, '-');
			p += 2;
		} else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) { /* ideographic space */
			p += 2;
		} else if (*p != ',' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
			buf_addc(&b, (char)*p);
		}
	}
	const char *out = arena_strdup(&r->arena, b.data);
	buf_release(&b);
	return out;
}

/* An integer from a form, or a string the validator will refuse. */
static json_t *int_value(struct req *r, const char *v)
{
	const char *s = ascii_number(r, v);
	char *end;
	errno = 0;
	long long n = strtoll(s, &end, 10);
	if (*s && *end == '\0' && errno == 0 && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
		return json_integer(n);
	return json_string(v);
}

/* Multi-line text as the browser sent it (CR LF) with LF line breaks. */
static const char *unix_lines(struct req *r, const char *s)
{
	char *out = arena_strdup(&r->arena, s);
	size_t k = 0;
	for (size_t i = 0; out[i]; i++) {
		if (out[i] == '\r') {
			if (out[i + 1] != '\n')
				out[k++] = '\n';
			continue;
		}
		out[k++] = out[i];
	}
	/* trailing blank lines go */
	while (k && (out[k - 1] == '\n' || out[k - 1] == ' '))
		k--;
	out[k] = '\0';
	return out;
}

json_t *form_to_json(struct req *r, const struct entity_def *e)
{
	json_t *obj = json_object();
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		bool required = f->flags & FF_REQUIRED;
		if (f->type == F_BOOL) {
			const char *v = req_form(r, f->name);
			json_object_set_new(obj, f->name, json_boolean(v && *v && strcmp(v, "0") != 0));
			continue;
		}
		if (f->type == F_MONTHS) {
			json_t *arr = json_array();
			for (size_t k = 0; k < r->form.n; k++)
				if (strcmp(r->form.v[k].name, f->name) == 0 && r->form.v[k].value[0])
					json_array_append_new(arr, int_value(r, r->form.v[k].value));
			json_object_set_new(obj, f->name, arr);
			continue;
		}
		const char *raw = req_form(r, f->name);
		if (!raw)
			continue;
		const char *v = (f->type == F_TEXT && (f->flags & FF_MULTILINE))
					? unix_lines(r, raw)
					: req_form_trim(r, f->name);
		switch (f->type) {
		case F_INT:
			if (!*ascii_number(r, v)) {
				if (!required)
					json_object_set_new(obj, f->name, json_null());
				continue;
			}
			json_object_set_new(obj, f->name, int_value(r, v));
			break;
		case F_REF:
			if (!*v) {
				if (!required)
					json_object_set_new(obj, f->name, json_null());
				continue;
			}
			json_object_set_new(obj, f->name, json_string(v));
			break;
		default:
			if (!*v && required && f->type != F_TEXT)
				continue; /* "is required" rather than "must be one of" */
			json_object_set_new(obj, f->name, json_string(v));
			break;
		}
	}
	return obj;
}

/* ---- display --------------------------------------------------------- */

/* The element of kind key whose id is id, or NULL. */
static const void *find_id(const struct plan *p, const char *key, const char *id)
{
	const struct entity_def *te = schema_entity(key);
	const struct field_def *idf = te ? schema_id_field(te) : NULL;
	if (!idf || !id)
		return NULL;
	for (size_t i = 0, n = schema_count(te, p); i < n; i++) {
		const void *x = schema_element(te, p, i);
		if (strcmp(*(char *const *)FIELD_PTR(x, idf), id) == 0)
			return x;
	}
	return NULL;
}

const char *form_name(struct req *r, const struct plan *p, const struct entity_def *e,
		      const void *elem)
{
	struct buf b = BUF_INIT;
	element_display_name(p, e, elem, &b);
	const char *s = arena_strdup(&r->arena, b.data);
	buf_release(&b);
	return s;
}

/* "4月" / "Apr" */
static const char *month_name(enum lang lang, int m)
{
	static const char *const ja[] = { "1月", "2月", "3月", "4月", "5月", "6月",
					   "7月", "8月", "9月", "10月", "11月", "12月" };
	static const char *const en[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	return lang == LANG_EN ? en[m - 1] : ja[m - 1];
}

const char *form_display(struct req *r, const struct plan *p, const struct field_def *f,
			 const void *elem)
{
	const void *ptr = FIELD_PTR(elem, f);
	switch (f->type) {
	case F_ID:
	case F_TEXT:
	case F_DATE: {
		const char *s = *(char *const *)ptr;
		return s ? s : "";
	}
	case F_ENUM: {
		const char *s = *(char *const *)ptr;
		return s ? label_choice(r->lang, f->name, s) : "";
	}
	case F_REF: {
		const char *id = *(char *const *)ptr;
		const void *t = find_id(p, f->ref, id);
		if (!id)
			return "—";
		return t ? form_name(r, p, schema_entity(f->ref), t) : id;
	}
	case F_INT: {
		int64_t v = *(const int64_t *)ptr;
		return v == NO_VALUE ? "—" : arena_printf(&r->arena, "%lld", (long long)v);
	}
	case F_BOOL:
		return *(const bool *)ptr ? L(r->lang, "はい", "yes") : L(r->lang, "いいえ", "no");
	case F_MONTHS: {
		uint16_t set = *(const uint16_t *)ptr;
		struct buf b = BUF_INIT;
		for (int k = 0; k < 12; k++) {
			int m = (k + 3) % 12 + 1; /* April first */
			if (set & (1u << m))
				buf_addf(&b, "%s%s", b.len ? ", " : "", month_name(r->lang, m));
		}
		const char *s = arena_strdup(&r->arena, b.len ? b.data : "—");
		buf_release(&b);
		return s;
	}
	}
	return "";
}

/* ---- form inputs ----------------------------------------------------- */

/* The value field f shows: what was posted, or elem's value as text. */
static const char *input_value(struct req *r, const struct field_def *f, const void *elem,
			       bool from_post)
{
	if (from_post) {
		const char *v = req_form(r, f->name);
		return v ? v : "";
	}
	if (!elem)
		return "";
	const void *ptr = FIELD_PTR(elem, f);
	switch (f->type) {
	case F_INT:
		return *(const int64_t *)ptr == NO_VALUE
			       ? ""
			       : arena_printf(&r->arena, "%lld", (long long)*(const int64_t *)ptr);
	case F_BOOL:
		return *(const bool *)ptr ? "1" : "";
	case F_MONTHS:
		return "";
	default: {
		const char *s = *(char *const *)ptr;
		return s ? s : "";
	}
	}
}

/* True when month m is ticked (posted or in elem). */
static bool month_set(struct req *r, const struct field_def *f, const void *elem, bool from_post,
		      int m)
{
	if (from_post) {
		for (size_t k = 0; k < r->form.n; k++)
			if (strcmp(r->form.v[k].name, f->name) == 0 && atoi(r->form.v[k].value) == m)
				return true;
		return false;
	}
	return elem && (*(const uint16_t *)FIELD_PTR(elem, f) & (1u << m));
}

/* The label, "required" mark, hint and error of field f. */
static void field_head(struct req *r, const struct entity_def *e, const struct field_def *f,
		       const char *error)
{
	const char *hint = label_hint(r->lang, e, f->name);
	html(r, "<label for=\"f-%s\">%s", f->name, label_field(r->lang, e, f->name));
	if (f->flags & FF_REQUIRED)
		html(r, " <span class=\"req\">%s</span>", L(r->lang, "必須", "required"));
	html(r, "</label>");
	if (hint)
		html(r, "<p class=\"hint\" id=\"f-%s-hint\">%s</p>", f->name, hint);
	if (error)
		html(r, "<p class=\"err\" id=\"f-%s-err\">%s</p>", f->name, error);
}

/* aria-describedby for an input with an optional hint and error. */
static void input_aria(struct req *r, const struct entity_def *e, const struct field_def *f,
		       const char *error)
{
	bool hint = label_hint(r->lang, e, f->name) != NULL;
	if (error)
		html(r, " aria-invalid=\"true\"");
	if (hint && error)
		html(r, " aria-describedby=\"f-%s-hint f-%s-err\"", f->name, f->name);
	else if (hint)
		html(r, " aria-describedby=\"f-%s-hint\"", f->name);
	else if (error)
		html(r, " aria-describedby=\"f-%s-err\"", f->name);
}

/* A select of the elements of the kind f refers to. */
static void ref_select(struct req *r, const struct plan *p, const struct entity_def *e,
		       const struct field_def *f, const char *value, const char *error)
{
	const struct entity_def *te = schema_entity(f->ref);
	const struct field_def *idf = schema_id_field(te);
	html(r, "<select id=\"f-%s\" name=\"%s\"", f->name, f->name);
	input_aria(r, e, f, error);
	html(r, ">");
	html(r, "<option value=\"\">%s</option>",
	     (f->flags & FF_REQUIRED) ? L(r->lang, "選択してください", "Choose …")
				      : L(r->lang, "（なし）", "(none)"));
	bool found = !*value;
	for (size_t i = 0, n = schema_count(te, p); i < n; i++) {
		const void *x = schema_element(te, p, i);
		const char *id = *(char *const *)FIELD_PTR(x, idf);
		bool sel = strcmp(id, value) == 0;
		found |= sel;
		html(r, "<option value=\"%s\"%s>%s</option>", id, sel ? " selected" : "",
		     form_name(r, p, te, x));
	}
	if (!found) /* a value posted that is not in the plan: keep it visible */
		html(r, "<option value=\"%s\" selected>%s</option>", value, value);
	html(r, "</select>");
}

/* A select of f's choices. */
static void enum_select(struct req *r, const struct entity_def *e, const struct field_def *f,
			const char *value, const char *error)
{
	html(r, "<select id=\"f-%s\" name=\"%s\"", f->name, f->name);
	input_aria(r, e, f, error);
	html(r, ">");
	bool found = false;
	for (const char *const *c = f->choices; *c; c++) {
		bool sel = strcmp(*c, value) == 0;
		found |= sel;
		html(r, "<option value=\"%s\"%s>%s</option>", *c, sel ? " selected" : "",
		     label_choice(r->lang, f->name, *c));
	}
	if (!found && *value)
		html(r, "<option value=\"%s\" selected>%s</option>", value, value);
	html(r, "</select>");
}

/* One field's input, label, hint and error. */
static void one_field(struct req *r, const struct plan *p, const struct entity_def *e,
		      const struct field_def *f, const void *elem, bool from_post, const char *error)
{
	const char *value = input_value(r, f, elem, from_post);
	if (f->type == F_BOOL) {
		bool on = from_post ? (*value && strcmp(value, "0") != 0)
				    : (elem ? *(const bool *)FIELD_PTR(elem, f) : f->dflt != 0);
		html(r, "<div class=\"field check%s\">", error ? " bad" : "");
		if (error)
			html(r, "<p class=\"err\" id=\"f-%s-err\">%s</p>", f->name, error);
		html(r, "<input type=\"checkbox\" id=\"f-%s\" name=\"%s\" value=\"1\"%s", f->name, f->name,
		     on ? " checked" : "");
		input_aria(r, e, f, error);
		html(r, "> <label for=\"f-%s\">%s</label>", f->name, label_field(r->lang, e, f->name));
		const char *hint = label_hint(r->lang, e, f->name);
		if (hint)
			html(r, "<p class=\"hint\" id=\"f-%s-hint\">%s</p>", f->name, hint);
		html(r, "</div>\n");
		return;
	}
	if (f->type == F_MONTHS) {
		html(r, "<fieldset class=\"field months%s\"><legend>%s</legend>", error ? " bad" : "",
		     label_field(r->lang, e, f->name));
		if (error)
			html(r, "<p class=\"err\" id=\"f-%s-err\">%s</p>", f->name, error);
		for (int k = 0; k < 12; k++) {
			int m = (k + 3) % 12 + 1;
			html(r, "<label><input type=\"checkbox\" name=\"%s\" value=\"%d\"%s> %s</label>",
			     f->name, m, month_set(r, f, elem, from_post, m) ? " checked" : "",
			     month_name(r->lang, m));
		}
		html(r, "</fieldset>\n");
		return;
	}
	html(r, "<div class=\"field%s\">", error ? " bad" : "");
	field_head(r, e, f, error);
	switch (f->type) {
	case F_REF:
		ref_select(r, p, e, f, value, error);
		break;
	case F_ENUM:
		enum_select(r, e, f, value, error);
		break;
	case F_TEXT:
		if (f->flags & FF_MULTILINE) {
			html(r, "<textarea id=\"f-%s\" name=\"%s\" rows=\"4\"", f->name, f->name);
			input_aria(r, e, f, error);
			html(r, ">%s</textarea>", value);
			break;
		}
		html(r, "<input type=\"text\" id=\"f-%s\" name=\"%s\" value=\"%s\" maxlength=\"%lld\"",
		     f->name, f->name, value, (long long)f->max);
		if (f->flags & FF_REQUIRED)
			html(r, " required");
		if (strncmp(f->name, "email", 5) == 0)
			html(r, " autocomplete=\"off\" inputmode=\"email\"");
		else if (strstr(f->name, "phone") || strcmp(f->name, "mobile") == 0)
			html(r, " autocomplete=\"off\" inputmode=\"tel\"");
		input_aria(r, e, f, error);
		html(r, ">");
		break;
	case F_ID:
		html(r, "<input type=\"text\" id=\"f-%s\" name=\"%s\" value=\"%s\" required "
			"autocapitalize=\"off\" spellcheck=\"false\" maxlength=\"64\"",
		     f->name, f->name, value);
		input_aria(r, e, f, error);
		html(r, ">");
		break;
	case F_INT:
		html(r, "<input type=\"text\" inputmode=\"numeric\" id=\"f-%s\" name=\"%s\" value=\"%s\" "
			"class=\"short\"",
		     f->name, f->name, value);
		input_aria(r, e, f, error);
		html(r, ">");
		break;
	case F_DATE:
		html(r, "<input type=\"date\" id=\"f-%s\" name=\"%s\" value=\"%s\" class=\"short\"",
		     f->name, f->name, value);
		input_aria(r, e, f, error);
		html(r, ">");
		break;
	default:
		break;
	}
	html(r, "</div>\n");
}

void form_fields(struct req *r, const struct plan *p, const struct entity_def *e,
		 const void *elem, bool from_post, const struct plan_element_errors *errs)
{
	/* Messages that belong to no field of the form come first. */
	if (errs && errs->n) {
		bool any = false;
		for (size_t i = 0; i < errs->n; i++) {
			if (errs->v[i].field[0] && schema_field(e, errs->v[i].field))
				continue;
			if (!any)
				html(r, "<ul class=\"notice error\" role=\"alert\">");
			any = true;
			html(r, "<li>%s</li>", errs->v[i].message);
		}
		if (any)
			html(r, "</ul>\n");
	}
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		one_field(r, p, e, f, elem, from_post, errs ? plan_element_error_for(errs, f->name) : NULL);
	}
}

/* What an update changed (form.h). */
void form_change_summary(const struct entity_def *e, const void *old, const void *now,
			 struct buf *out)
{
	for (size_t i = 0; i < e->n_fields && out->len < 300; i++) {
		const struct field_def *f = &e->fields[i];
		const void *a = FIELD_PTR(old, f), *b = FIELD_PTR(now, f);
		bool same;
		switch (f->type) {
		case F_INT:
			same = *(const int64_t *)a == *(const int64_t *)b;
			break;
		case F_BOOL:
			same = *(const bool *)a == *(const bool *)b;
			break;
		case F_MONTHS:
			same = *(const uint16_t *)a == *(const uint16_t *)b;
			break;
		default: {
			const char *x = *(char *const *)a, *y = *(char *const *)b;
			same = (!x && !y) || (x && y && strcmp(x, y) == 0);
		}
		}
		if (same)
			continue;
		buf_addf(out, "%s%s", out->len ? ", " : "", f->name);
		if (f->type == F_INT) {
			int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
			if (x == NO_VALUE)
				buf_addf(out, " —→%lld", (long long)y);
			else if (y == NO_VALUE)
				buf_addf(out, " %lld→—", (long long)x);
			else
				buf_addf(out, " %lld→%lld", (long long)x, (long long)y);
		}
	}
	if (!out->len)
		buf_adds(out, "-");
}

