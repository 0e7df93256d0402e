/*
 * plan_json_read.c — reading and validating a plan document (import).
 *
 * Everything is checked before the plan is handed back: JSON syntax (with
 * line and column), the format name and version, unknown keys, types,
 * bounds, text length and line breaks, enum choices, dates, ids and their
 * uniqueness, keys of keyless kinds, and that every reference names an
 * element that exists.  Each problem is one line "NAME: $.path: reason";
 * reading goes on after a problem so that one run reports many (up to
 * PLAN_JSON_MAX_ERRORS).  On any problem the plan is left empty.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "format/plan_json.h"
#include "model/schema.h"
#include "rules/element_rules.h"
#include "rules/rules.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct reader {
	const char *name; /* the source, for messages */
	enum lang lang;
	struct buf *errors;
	size_t n_errors;
	struct plan *plan;
	/* plan_element_read(): problems go here, one per field, instead of
	 * into errors (NULL while reading a whole document). */
	struct plan_element_errors *sink;
};

static void sink_add(struct plan_element_errors *s, const char *path, const char *msg);

/* Appends one problem at path; after the limit, one last line says so. */
static void problem(struct reader *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void problem(struct reader *r, const char *path, const char *fmt, ...)
{
	r->n_errors++;
	if (r->sink) {
		struct buf msg = BUF_INIT;
		va_list sap;
		va_start(sap, fmt);
		buf_vaddf(&msg, fmt, sap);
		va_end(sap);
		sink_add(r->sink, path, msg.data);
		buf_release(&msg);
		return;
	}
	if (r->n_errors > PLAN_JSON_MAX_ERRORS) {
		if (r->n_errors == PLAN_JSON_MAX_ERRORS + 1)
			buf_addf(r->errors, "%s: %s\n", r->name,
				 L(r->lang, "エラーが多すぎるため、以降は省略します",
				   "too many errors; the rest are not shown"));
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	buf_addf(r->errors, "%s: %s: ", r->name, path);
	buf_vaddf(r->errors, fmt, ap);
	buf_addc(r->errors, '\n');
	va_end(ap);
}

/* A key from the input, made safe to print: at most 40 bytes, cut on a
 * character boundary and then marked "…" (a cut inside a character would
 * make the message invalid UTF-8, which the API's JSON writer drops),
 * control characters and quotes replaced.  out holds SAFE_KEY_SIZE. */
#define SAFE_KEY_MAX 40
#define SAFE_KEY_SIZE (SAFE_KEY_MAX + sizeof "…")
static void safe_key(const char *key, char out[SAFE_KEY_SIZE])
{
	size_t n = utf8_cut(key, SAFE_KEY_MAX), j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)key[i];
		out[j++] = (c < 0x20 || c == 0x7f || c == '"') ? '?' : (char)c;
	}
	if (key[n])
		for (const char *m = "…"; *m; m++)
			out[j++] = *m;
	out[j] = '\0';
}

static const char *type_name(const json_t *v, enum lang lang)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return L(lang, "オブジェクト", "an object");
	case JSON_ARRAY:
		return L(lang, "配列", "an array");
	case JSON_STRING:
		return L(lang, "文字列", "a string");
	case JSON_INTEGER:
		return L(lang, "整数", "an integer");
	case JSON_REAL:
		return L(lang, "小数", "a decimal number");
	case JSON_TRUE:
	case JSON_FALSE:
		return L(lang, "真偽値", "a boolean");
	case JSON_NULL:
		return "null";
	}
	return "?";
}

/* Text may hold line breaks (and tabs) only where the field allows them;
 * other control characters never. */
static const char *text_problem(const char *s, bool multiline, enum lang lang)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' && multiline)
			continue;
		if (*p == '\t')
			continue;
		if (*p == '\n' || *p == '\r')
			return L(lang, "改行は使えません", "line breaks are not allowed here");
		if (*p < 0x20 || *p == 0x7f)
			return L(lang, "制御文字は使えません", "control characters are not allowed");
	}
	return NULL;
}

static void set_string(void *ptr, const char *s)
{
	free(*(char **)ptr);
	*(char **)ptr = xstrdup(s);
}

/* Reads value v into field f of elem, or reports why it cannot. */
static void read_field(struct reader *r, const struct field_def *f, void *elem, const json_t *v,
		       const char *path)
{
	void *ptr = FIELD_PTR(elem, f);
	enum lang lang = r->lang;
	bool required = f->flags & FF_REQUIRED;

	if (json_is_null(v) && (f->type == F_REF || f->type == F_INT) && !required)
		return; /* stays unset */
	switch (f->type) {
	case F_ID:
	case F_REF:
		if (!json_is_string(v)) {
			problem(r, path, L(lang, "ID（文字列）を指定してください（値は%s）",
					   "must be an id (a string), not %s"),
				type_name(v, lang));
			return;
		}
		/* strlen: a NUL inside (JSON_ALLOW_NUL, the API) would hide the
		 * rest of the id from the check. */
		if (strlen(json_string_value(v)) != json_string_length(v) ||
		    !schema_id_valid(json_string_value(v))) {
			problem(r, path,
				L(lang, "IDは英小文字・数字・- _ の64文字以内です（先頭に - は不可）",
				  "an id is 1–64 characters of a-z, 0-9, - and _ (not starting with -)"));
			return;
		}
		set_string(ptr, json_string_value(v));
		return;
	case F_TEXT:
	case F_ENUM:
	case F_DATE: {
		if (!json_is_string(v)) {
			problem(r, path, L(lang, "文字列を指定してください（値は%s）",
					   "must be a string, not %s"),
				type_name(v, lang));
			return;
		}
		const char *s = json_string_value(v);
		size_t len = json_string_length(v);
		if (strlen(s) != len) {
			problem(r, path, L(lang, "NUL文字は使えません", "NUL characters are not allowed"));
			return;
		}
		if (f->type == F_ENUM) {
			for (const char *const *c = f->choices; *c; c++)
				if (strcmp(*c, s) == 0) {
					set_string(ptr, s);
					return;
				}
			struct buf list = BUF_INIT;
			for (const char *const *c = f->choices; *c; c++)
				buf_addf(&list, "%s\"%s\"", c == f->choices ? "" : ", ", *c);
			problem(r, path, L(lang, "次のいずれかを指定してください: %s",
					   "must be one of %s"),
				list.data);
			buf_release(&list);
			return;
		}
		if (f->type == F_DATE) {
			struct civil_date d;
			if (*s && civil_date_parse(s, &d)) {
				problem(r, path, L(lang, "日付は YYYY-MM-DD 形式の実在する日付です",
						   "must be a real date written YYYY-MM-DD"));
				return;
			}
		} else if (len > (size_t)f->max) {
			problem(r, path, L(lang, "長すぎます（%zuバイト、上限%lldバイト）",
					   "is too long (%zu bytes, at most %lld)"),
				len, (long long)f->max);
			return;
		} else {
			const char *why = text_problem(s, f->flags & FF_MULTILINE, lang);
			if (why) {
				problem(r, path, "%s", why);
				return;
			}
		}
		if (required && !*s) {
			problem(r, path, L(lang, "空にできません", "must not be empty"));
			return;
		}
		set_string(ptr, s);
		return;
	}
	case F_INT:
		if (!json_is_integer(v) || json_integer_value(v) < f->min ||
		    json_integer_value(v) > f->max) {
			if (json_is_integer(v))
				problem(r, path,
					L(lang, "%lld以上%lld以下の整数を指定してください（値: %lld）",
					  "must be an integer from %lld to %lld (got %lld)"),
					(long long)f->min, (long long)f->max,
					(long long)json_integer_value(v));
			else
				problem(r, path,
					L(lang, "%lld以上%lld以下の整数を指定してください（値は%s）",
					  "must be an integer from %lld to %lld, not %s"),
					(long long)f->min, (long long)f->max, type_name(v, lang));
			return;
		}
		*(int64_t *)ptr = json_integer_value(v);
		return;
	case F_BOOL:
		if (!json_is_boolean(v)) {
			problem(r, path, L(lang, "true か false を指定してください（値は%s）",
					   "must be true or false, not %s"),
				type_name(v, lang));
			return;
		}
		*(bool *)ptr = json_is_true(v);
		return;
	case F_MONTHS: {
		uint16_t set = 0;
		size_t i;
		json_t *m;
		if (!json_is_array(v)) {
			problem(r, path, L(lang, "月（1〜12）の配列を指定してください（値は%s）",
					   "must be an array of months 1–12, not %s"),
				type_name(v, lang));
			return;
		}
		json_array_foreach(v, i, m) {
			json_int_t n = json_is_integer(m) ? json_integer_value(m) : 0;
			if (n < 1 || n > 12 || (set & (1u << n))) {
				problem(r, path, L(lang, "%zu番目: 月は1〜12の整数で、重複できません",
						   "item %zu: months are integers 1–12, each once"),
					i);
				return;
			}
			set |= (uint16_t)(1u << n);
		}
		*(uint16_t *)ptr = set;
		return;
	}
	}
}

/* Reads one element object into a fresh element of kind e. */
static void read_element(struct reader *r, const struct entity_def *e, void *elem,
			 const json_t *obj, const char *path)
{
	char fpath[256];
	const char *key;
	json_t *v;
	if (!json_is_object(obj)) {
		problem(r, path, L(r->lang, "オブジェクトを指定してください（値は%s）",
				   "must be an object, not %s"),
			type_name(obj, r->lang));
		return;
	}
	json_object_foreach((json_t *)obj, key, v) {
		const struct field_def *alias = schema_field_alias(e, key);
		if (alias && json_object_get(obj, alias->name)) {
			problem(r, path, L(r->lang, "\"%s\" と \"%s\" の両方があります（\"%s\" は旧形式）",
					   "both \"%s\" and \"%s\" (\"%s\" is the older form)"),
				key, alias->name, key);
		} else if (!alias && !schema_field(e, key)) {
			char k[SAFE_KEY_SIZE];
			safe_key(key, k);
			problem(r, path, L(r->lang, "未知のキー \"%s\" があります", "unknown key \"%s\""), k);
		}
	}
	bool aliases = schema_has_aliases(e);
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		snprintf(fpath, sizeof fpath, "%s.%s", path, f->name);
		v = json_object_get(obj, f->name);
		/* an older document's key for this field */
		for (size_t a = 0; aliases && !v && a < 1; a++) {
			const char *k;
			json_t *old;
			json_object_foreach((json_t *)obj, k, old)
				if (schema_field_alias(e, k) == f) {
					v = old;
					snprintf(fpath, sizeof fpath, "%s.%s", path, k);
					break;
				}
		}
		if (!v) {
			if ((f->flags & FF_REQUIRED) && r->sink)
				problem(r, fpath, "%s", L(r->lang, "入力してください（必須）", "is required"));
			else if (f->flags & FF_REQUIRED)
				problem(r, path, L(r->lang, "必須の項目 \"%s\" がありません",
						   "missing required field \"%s\""),
					f->name);
			continue;
		}
		read_field(r, f, elem, v, fpath);
	}
}

/* The element of kind e whose id is id, or NULL. */
static const void *find_by_id(const struct entity_def *e, const struct plan *p, const char *id)
{
	const struct field_def *idf = schema_id_field(e);
	size_t n = schema_count(e, p);
	for (size_t i = 0; i < n; i++) {
		const void *elem = schema_element(e, p, i);
		if (strcmp(*(char *const *)FIELD_PTR(elem, idf), id) == 0)
			return elem;
	}
	return NULL;
}

/* The element's key as one string: its id, or its key fields joined. */
static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Ids (or keys) unique within each kind; found by sorting the keys. */
static void check_unique(struct reader *r, const struct entity_def *e)
{
	size_t n = schema_count(e, r->plan);
	if (n < 2)
		return;
	char **keys = xcalloc(n, sizeof *keys);
	for (size_t i = 0; i < n; i++) {
		struct buf k = BUF_INIT;
		schema_element_key(e, schema_element(e, r->plan, i), &k);
		keys[i] = buf_detach(&k);
	}
	qsort(keys, n, sizeof *keys, compare_strings);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(keys[i], keys[i - 1]) == 0 && (i < 2 || strcmp(keys[i], keys[i - 2]) != 0)) {
			char path[128];
			snprintf(path, sizeof path, "$.%s", e->key);
			problem(r, path, L(r->lang, "\"%s\" が重複しています", "\"%s\" appears twice"),
				keys[i]);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

/* The ids of one kind, sorted, to look references up in: a plan of
 * 100,000 people and 25,000 role holders would otherwise be 2.5 billion
 * comparisons (find_by_id for each reference). */
struct id_index {
	const struct entity_def *e;
	const char **ids; /* borrowed from the plan */
	size_t n;
};

/* The sorted ids of kind e, made at the first use of its slot (remade
 * should the slot have held another kind). */
static const struct id_index *id_index_of(struct id_index *slot, const struct entity_def *e,
					  const struct plan *p)
{
	if (slot->e == e)
		return slot;
	const struct field_def *idf = schema_id_field(e);
	free(slot->ids);
	slot->e = e;
	slot->n = schema_count(e, p);
	slot->ids = xcalloc(slot->n + 1, sizeof *slot->ids);
	for (size_t i = 0; i < slot->n; i++)
		slot->ids[i] = *(const char *const *)FIELD_PTR(schema_element(e, p, i), idf);
	qsort(slot->ids, slot->n, sizeof *slot->ids, compare_strings);
	return slot;
}

/* Every reference of kind e names an element that exists. */
static void check_references(struct reader *r, const struct entity_def *e)
{
	size_t n = schema_count(e, r->plan);
	struct id_index idx[16] = { 0 }; /* one per reference field */
	for (size_t i = 0; i < n; i++) {
		const void *elem = schema_element(e, r->plan, i);
		for (size_t j = 0, k = 0; j < e->n_fields; j++) {
			const struct field_def *f = &e->fields[j];
			if (f->type != F_REF)
				continue;
			const char *id = *(char *const *)FIELD_PTR(elem, f);
			const struct entity_def *target = schema_entity(f->ref);
			struct id_index *slot = &idx[k++ % 16];
			if (!id)
				continue;
			const struct id_index *x = id_index_of(slot, target, r->plan);
			if (!bsearch(&id, x->ids, x->n, sizeof *x->ids, compare_strings)) {
				char path[256];
				snprintf(path, sizeof path, "$.%s[%zu].%s", e->key, i, f->name);
				problem(r, path,
					L(r->lang, "\"%s\" という%sはありません（$.%s）",
					  "no %2$s with id \"%1$s\" (in $.%3$s)"),
					id, L(r->lang, target->label_ja, target->label_en), target->key);
			}
		}
	}
	for (size_t k = 0; k < 16; k++)
		free(idx[k].ids);
}

static void check_element_rules(struct reader *r, const struct entity_def *e, const void *elem,
				const char *path, bool name_it);

static void read_root(struct reader *r, const json_t *root)
{
	const char *key;
	json_t *v;
	if (!json_is_object(root)) {
		problem(r, "$", L(r->lang, "計画はJSONオブジェクトです（値は%s）",
				  "a plan is a JSON object, not %s"),
			type_name(root, r->lang));
		return;
	}
	json_object_foreach((json_t *)root, key, v) {
		if (strcmp(key, "format") && strcmp(key, "version") && !schema_entity(key)) {
			char k[SAFE_KEY_SIZE];
			safe_key(key, k);
			problem(r, "$", L(r->lang, "未知のキー \"%s\" があります", "unknown key \"%s\""), k);
		}
	}
	v = json_object_get(root, "format");
	if (!json_is_string(v) || strcmp(json_string_value(v), PLAN_JSON_FORMAT) != 0)
		problem(r, "$.format", L(r->lang, "\"%s\" ではありません（itbcpの計画ファイルではない）",
					 "is not \"%s\" (not an itbcp plan file)"),
			PLAN_JSON_FORMAT);
	v = json_object_get(root, "version");
	if (!json_is_integer(v) || json_integer_value(v) != PLAN_JSON_VERSION)
		problem(r, "$.version", L(r->lang, "このitbcpが読める版は %d です",
					  "this itbcp reads version %d"),
			PLAN_JSON_VERSION);
	if (r->n_errors)
		return; /* not our format: listing every key would only be noise */

	v = json_object_get(root, schema_organisation.key);
	if (!v)
		problem(r, "$", L(r->lang, "必須の項目 \"organisation\" がありません",
				  "missing required field \"organisation\""));
	else {
		read_element(r, &schema_organisation, &r->plan->organisation, v, "$.organisation");
		if (!r->n_errors)
			check_element_rules(r, &schema_organisation, &r->plan->organisation,
					    "$.organisation", true);
	}

	for (size_t k = 0; k < schema_n_entities; k++) {
		const struct entity_def *e = &schema_entities[k];
		char path[128];
		size_t i;
		json_t *item;
		snprintf(path, sizeof path, "$.%s", e->key);
		v = json_object_get(root, e->key);
		if (!v)
			continue;
		if (!json_is_array(v)) {
			problem(r, path, L(r->lang, "配列を指定してください（値は%s）",
					   "must be an array, not %s"),
				type_name(v, r->lang));
			continue;
		}
		if (json_array_size(v) > e->max_count) {
			problem(r, path, L(r->lang, "要素が多すぎます（%zu、上限%zu）",
					   "has too many elements (%zu, at most %zu)"),
				json_array_size(v), e->max_count);
			continue;
		}
		json_array_foreach(v, i, item) {
			char epath[160];
			snprintf(epath, sizeof epath, "%s[%zu]", path, i);
			size_t before = r->n_errors;
			void *elem = schema_append(e, r->plan);
			read_element(r, e, elem, item, epath);
			/* The same rules as the forms and the API: one function. */
			if (r->n_errors == before)
				check_element_rules(r, e, elem, epath, true);
		}
	}
	if (r->n_errors)
		return; /* references and keys of half-read elements would mislead */
	for (size_t k = 0; k < schema_n_entities; k++) {
		check_unique(r, &schema_entities[k]);
		check_references(r, &schema_entities[k]);
	}
}

int plan_json_read(const char *text, size_t len, const char *name, struct plan *out,
		   struct buf *errors, enum lang lang)
{
	struct reader r = { name, lang, errors, 0, out };
	json_error_t jerr;
	if (len > PLAN_JSON_MAX_BYTES) {
		problem(&r, "$", L(lang, "ファイルが大きすぎます（上限%uバイト）",
				   "the file is too large (at most %u bytes)"),
			PLAN_JSON_MAX_BYTES);
		return -1;
	}
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root)
		plan_init(out);
	if (!root) {
		buf_addf(errors, "%s: %s %d, %s %d: %s: %s\n", name, L(lang, "行", "line"), jerr.line,
			 L(lang, "列", "column"), jerr.column, L(lang, "JSONとして読めません", "not valid JSON"),
			 jerr.text);
		return -1;
	}
	read_root(&r, root);
	json_decref(root);
	if (r.n_errors) {
		plan_release(out); /* back to PLAN_INIT */
		return -1;
	}
	return 0;
}

int plan_json_read_file(const char *path, struct plan *out, struct buf *errors, enum lang lang)
{
	struct stat sb;
	FILE *f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		buf_addf(errors, "%s: %s\n", path,
			 f ? L(lang, "通常のファイルではありません", "not a regular file") : strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	if ((uint64_t)sb.st_size > PLAN_JSON_MAX_BYTES) {
		buf_addf(errors, "%s: %s\n", path,
			 L(lang, "ファイルが大きすぎます（上限64MiB）", "the file is too large (at most 64 MiB)"));
		fclose(f);
		return -1;
	}
	size_t size = (size_t)sb.st_size;
	char *text = xmalloc(size + 1);
	size_t got = fread(text, 1, size, f);
	int failed = ferror(f);
	fclose(f);
	if (failed || got != size) {
		buf_addf(errors, "%s: %s\n", path, L(lang, "読み込めません", "cannot be read"));
		free(text);
		return -1;
	}
	int rc = plan_json_read(text, size, path, out, errors, lang);
	free(text);
	return rc;
}

/* ---- one element (plan_element_read) -------------------------------- */

void plan_element_error_add(struct plan_element_errors *s, const char *path, const char *msg)
{
	struct plan_field_error *fe;
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
	fe = &s->v[s->n++];
	snprintf(fe->path, sizeof fe->path, "%s", path);
	/* "$.rto_hours" and "$.months" name their field; "$" names none. */
	size_t k = 0;
	if (path[0] == '$' && path[1] == '.')
		for (const char *c = path + 2; *c && *c != '.' && *c != '[' && k + 1 < sizeof fe->field;
		     c++)
			fe->field[k++] = *c;
	fe->field[k] = '\0';
	fe->message = xstrdup(msg);
}

/* The sink of problem() in element mode. */
static void sink_add(struct plan_element_errors *s, const char *path, const char *msg)
{
	plan_element_error_add(s, path, msg);
}

void plan_element_errors_release(struct plan_element_errors *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		free(errs->v[i].message);
	free(errs->v);
	*errs = (struct plan_element_errors)PLAN_ELEMENT_ERRORS_INIT;
}

const char *plan_element_error_for(const struct plan_element_errors *errs, const char *name)
{
	for (size_t i = 0; i < errs->n; i++)
		if (strcmp(errs->v[i].field, name) == 0)
			return errs->v[i].message;
	return NULL;
}

/* Where element_rules_check() reports for one element: its path in the
 * document ("$.countermeasure_steps[2]", "$" for a single element) and,
 * for the whole import, its name ("countermeasure step \"mail-1\"") so that
 * a line of the import's errors says which element it is about. */
struct rule_sink {
	struct reader *r;
	const char *path;
	const char *name; /* NULL: a single element (a form field says where) */
};

static void rule_problem(void *arg, const char *code, const char *field, const char *ja,
			 const char *en)
{
	(void)code;
	struct rule_sink *k = arg;
	char path[224];
	snprintf(path, sizeof path, "%s.%s", k->path, field);
	if (k->name)
		problem(k->r, path, "%s: %s", k->name, L(k->r->lang, ja, en));
	else
		problem(k->r, path, "%s", L(k->r->lang, ja, en));
}

/* The element rules (rules/element_rules.c) on elem of kind e, read from
 * path; name it in the messages when name_it. */
static void check_element_rules(struct reader *r, const struct entity_def *e, const void *elem,
				const char *path, bool name_it)
{
	struct buf name = BUF_INIT;
	if (name_it) {
		buf_adds(&name, L(r->lang, e->label_ja, e->label_en));
		if (e != &schema_organisation) {
			buf_adds(&name, " \"");
			schema_element_key(e, elem, &name);
			buf_adds(&name, "\"");
		}
	}
	struct rule_sink k = { r, path, name_it ? name.data : NULL };
	element_rules_check(e, elem, rule_problem, &k);
	buf_release(&name);
}

int plan_element_read(const struct plan *p, const struct entity_def *e, const json_t *obj,
		      size_t replacing, void *elem, struct plan_element_errors *errs, enum lang lang)
{
	struct reader r = { "-", lang, NULL, 0, (struct plan *)p, errs };
	memset(elem, 0, e->size);
	schema_element_defaults(e, elem);
	read_element(&r, e, elem, obj, "$");
	if (r.n_errors)
		return -1;
	check_element_rules(&r, e, elem, "$", false);
	if (e == &schema_organisation)
		return r.n_errors ? -1 : 0;

	/* References name elements of the plan. */
	for (size_t j = 0; j < e->n_fields; j++) {
		const struct field_def *f = &e->fields[j];
		if (f->type != F_REF)
			continue;
		const char *id = *(char *const *)FIELD_PTR(elem, f);
		const struct entity_def *target = schema_entity(f->ref);
		if (!id || find_by_id(target, p, id))
			continue;
		char path[128];
		snprintf(path, sizeof path, "$.%s", f->name);
		problem(&r, path, L(lang, "\"%s\" という%sはありません", "no %2$s with id \"%1$s\""), id,
			L(lang, target->label_ja, target->label_en));
	}

	/* The id (or key) is not taken by another element of the kind. */
	struct buf key = BUF_INIT, other = BUF_INIT;
	schema_element_key(e, elem, &key);
	size_t n = schema_count(e, p);
	for (size_t i = 0; i < n; i++) {
		if (i == replacing)
			continue;
		buf_reset(&other);
		schema_element_key(e, schema_element(e, p, i), &other);
		if (strcmp(key.data, other.data) != 0)
			continue;
		const struct field_def *kf = schema_id_field(e);
		for (size_t j = 0; !kf && j < e->n_fields; j++)
			if (e->fields[j].flags & FF_KEY)
				kf = &e->fields[j];
		char path[128];
		snprintf(path, sizeof path, "$.%s", kf ? kf->name : "");
		if (schema_id_field(e))
			problem(&r, path, L(lang, "ID \"%s\" は既に使われています", "the id \"%s\" is already taken"),
				key.data);
		else
			problem(&r, path, L(lang, "同じ組み合わせ（%s）が既にあります",
					    "the same combination (%s) already exists"),
				key.data);
		break;
	}
	if (replacing == PLAN_ELEMENT_NEW && n >= e->max_count)
		problem(&r, "$", L(lang, "これ以上追加できません（上限%zu）", "no more can be added (at most %zu)"),
			e->max_count);
	buf_release(&key);
	buf_release(&other);
	return r.n_errors ? -1 : 0;
}
