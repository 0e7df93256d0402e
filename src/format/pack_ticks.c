/*
 * pack_ticks.c — reading the offline pack's ticks file (pack_ticks.h).
 *
 * One pass over the JSON, refusing at the first problem with its path:
 * the file is small and a person reads the message, so one clear reason
 * is worth more than a list.  Nothing is kept from a refused file.
 */
#include "format/pack_ticks.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rules/crisis.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Refuses with "NAME: PATH: reason" (the reason in both languages' order
 * of lang); returns -1. */
static int refuse(struct err *e, const char *name, const char *path, enum lang lang, const char *ja,
		  const char *en)
{
	return err_set(e, "%s: %s: %s", name, path, L(lang, ja, en));
}

/* True when every key of o is one of the NULL-terminated list; *bad gets
 * the first that is not. */
static bool only_keys(json_t *o, const char *const *known, const char **bad)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		bool ok = false;
		for (size_t i = 0; known[i] && !ok; i++)
			ok = strcmp(k, known[i]) == 0;
		if (!ok) {
			*bad = k;
			return false;
		}
	}
	(void)v;
	return true;
}

/* A name a person typed on the phone: UTF-8, at most PACK_TICK_BY_MAX
 * bytes, no control characters. */
static bool name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n > PACK_TICK_BY_MAX || !utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* One tick, ticks[i]. */
static int read_tick(json_t *t, size_t i, const char *name, enum lang lang, struct pack_tick *out,
		     struct err *e)
{
	static const char *const keys[] = { "item", "at", "by", NULL };
	char path[64];
	const char *bad;
	snprintf(path, sizeof path, "$.ticks[%zu]", i);
	if (!json_is_object(t))
		return refuse(e, name, path, lang, "オブジェクトではありません", "not an object");
	if (!only_keys(t, keys, &bad))
		return err_set(e, "%s: %s.%s: %s", name, path, bad,
			       L(lang, "知らない項目です", "unknown key"));
	json_t *item = json_object_get(t, "item"), *at = json_object_get(t, "at"),
	       *by = json_object_get(t, "by");
	snprintf(path, sizeof path, "$.ticks[%zu].item", i);
	if (!json_is_string(item) || !schema_id_valid(json_string_value(item)))
		return refuse(e, name, path, lang, "手順のIDではありません", "not a step id");
	snprintf(out->item, sizeof out->item, "%s", json_string_value(item));
	snprintf(path, sizeof path, "$.ticks[%zu].at", i);
	if (!json_is_string(at) || json_string_length(at) > 40 ||
	    crisis_time_parse(json_string_value(at), &out->at))
		return refuse(e, name, path, lang,
			      "ISO 8601 の時刻（例 2026-01-12T09:40:00+09:00）ではありません",
			      "not an ISO 8601 time (e.g. 2026-01-12T09:40:00+09:00)");
	snprintf(path, sizeof path, "$.ticks[%zu].by", i);
	if (by && !json_is_string(by))
		return refuse(e, name, path, lang, "文字列ではありません", "not a string");
	const char *who = by ? json_string_value(by) : "";
	if (by && (json_string_length(by) != strlen(who) || !name_ok(who)))
		return refuse(e, name, path, lang, "100バイト以内の、制御文字を含まない名前にしてください",
			      "must be a name of at most 100 bytes without control characters");
	out->by = xstrdup(who);
	return 0;
}

/* See pack_ticks.h. */
int pack_ticks_parse(const char *data, size_t len, const char *name, enum lang lang,
		     struct pack_ticks *out, struct err *e)
{
	static const char *const keys[] = { "format", "version", "pack", "procedure", "ticks", NULL };
	memset(out, 0, sizeof *out);
	if (len > PACK_TICKS_MAX_BYTES)
		return err_set(e, "%s: %s (%zu > %u)", name,
			       L(lang, "チェックのファイルが大きすぎます", "the ticks file is too large"),
			       len, PACK_TICKS_MAX_BYTES);
	json_error_t jerr;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return err_set(e, "%s:%d: %s (%s)", name, jerr.line,
			       L(lang, "JSON として読めません", "not valid JSON"), jerr.text);
	int rc = -1;
	const char *bad;
	json_t *v, *ticks;
	if (!json_is_object(root)) {
		refuse(e, name, "$", lang, "オブジェクトではありません", "not an object");
		goto out;
	}
	if (!only_keys(root, keys, &bad)) {
		err_set(e, "%s: $.%s: %s", name, bad, L(lang, "知らない項目です", "unknown key"));
		goto out;
	}
	v = json_object_get(root, "format");
	if (!json_is_string(v) || strcmp(json_string_value(v), PACK_TICKS_FORMAT) != 0) {
		refuse(e, name, "$.format", lang,
		       "オフライン対応パックのチェックのファイル（itbcp-ticks）ではありません",
		       "not a ticks file of the offline pack (itbcp-ticks)");
		goto out;
	}
	v = json_object_get(root, "version");
	if (!json_is_integer(v) || json_integer_value(v) != PACK_TICKS_VERSION) {
		refuse(e, name, "$.version", lang, "対応していない版です（1のみ）",
		       "unsupported version (only 1)");
		goto out;
	}
	v = json_object_get(root, "pack");
	const char *pk = json_is_string(v) ? json_string_value(v) : "";
	bool hex = strlen(pk) == PACK_ID_LEN;
	for (const char *p = pk; hex && *p; p++)
		hex = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
	if (!hex) {
		refuse(e, name, "$.pack", lang, "パックのID（16桁の16進数）ではありません",
		       "not a pack id (16 hex digits)");
		goto out;
	}
	memcpy(out->pack, pk, PACK_ID_LEN + 1);
	v = json_object_get(root, "procedure");
	if (!json_is_string(v) || !schema_id_valid(json_string_value(v))) {
		refuse(e, name, "$.procedure", lang, "手順のIDではありません", "not a procedure id");
		goto out;
	}
	snprintf(out->procedure, sizeof out->procedure, "%s", json_string_value(v));
	ticks = json_object_get(root, "ticks");
	if (!json_is_array(ticks)) {
		refuse(e, name, "$.ticks", lang, "配列ではありません", "not an array");
		goto out;
	}
	if (json_array_size(ticks) > PACK_TICKS_MAX) {
		err_set(e, "%s: $.ticks: %s (%zu > %d)", name,
			L(lang, "チェックが多すぎます", "too many ticks"), json_array_size(ticks),
			PACK_TICKS_MAX);
		goto out;
	}
	out->ticks = xcalloc(json_array_size(ticks) + 1, sizeof *out->ticks);
	for (size_t i = 0; i < json_array_size(ticks); i++) {
		if (read_tick(json_array_get(ticks, i), i, name, lang, &out->ticks[i], e))
			goto out;
		out->n++;
	}
	rc = 0;
out:
	json_decref(root);
	if (rc)
		pack_ticks_release(out);
	return rc;
}

/* See pack_ticks.h. */
void pack_ticks_release(struct pack_ticks *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->ticks[i].by);
	free(t->ticks);
	memset(t, 0, sizeof *t);
}
