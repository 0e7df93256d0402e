/*
 * agency_list.c — parsing the agencies file of a shared service, and the
 * host a request names (agency_list.h).
 */
#include "format/agency_list.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* A character a host name may hold, once lowered. */
static bool host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Lowers s[0..n) into out when it is a host name: labels of 1..63
 * characters, none starting or ending with '-', no final '.' (the caller
 * has dropped one), at most AGENCY_HOST_MAX in all. */
static bool host_normal(const char *s, size_t n, char out[AGENCY_HOST_MAX + 1])
{
	if (n == 0 || n > AGENCY_HOST_MAX)
		return false;
	size_t label = 0;
	for (size_t i = 0; i < n; i++) {
		char c = lower(s[i]);
		if (!host_char(c))
			return false;
		if (c == '.') {
			if (label == 0 || out[i - 1] == '-')
				return false;
			label = 0;
		} else {
			if ((label == 0 && c == '-') || ++label > 63)
				return false;
		}
		out[i] = c;
	}
	if (label == 0 || out[n - 1] == '-')
		return false;
	out[n] = '\0';
	return true;
}

bool agency_host_of(const char *value, char out[AGENCY_HOST_MAX + 1])
{
	out[0] = '\0';
	if (!value)
		return false;
	size_t n = strlen(value);
	const char *colon = memchr(value, ':', n);
	if (colon) { /* a port: digits only, and only one colon */
		const char *p = colon + 1;
		if (!*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 5)
			return false;
		n = (size_t)(colon - value);
	}
	if (n > 0 && value[n - 1] == '.')
		n--;
	if (!host_normal(value, n, out)) {
		out[0] = '\0';
		return false;
	}
	return true;
}

/* The next field of line[*i..n) (spaces and tabs between), or NULL. */
static const char *field(const char *line, size_t n, size_t *i, size_t *len)
{
	while (*i < n && (line[*i] == ' ' || line[*i] == '\t'))
		(*i)++;
	if (*i >= n)
		return NULL;
	size_t start = *i;
	while (*i < n && line[*i] != ' ' && line[*i] != '\t')
		(*i)++;
	*len = *i - start;
	return line + start;
}

/* Checks one listed line and adds it; -1 with e filled. */
static int add_line(struct agency_list *out, const char *line, size_t n, const char *name,
		    unsigned no, enum lang lang, struct err *e)
{
	size_t i = 0, hl = 0, dl = 0, xl = 0;
	const char *host = field(line, n, &i, &hl);
	const char *db = field(line, n, &i, &dl);
	const char *extra = field(line, n, &i, &xl);
	if (!db || extra)
		return err_set(e, "%s:%u: %s", name, no,
			       L(lang, "「ホスト名 データベース」の2つを書いてください",
				 "expected two fields: HOST DATABASE"));
	char h[AGENCY_HOST_MAX + 1];
	if (hl > 1 && host[hl - 1] == '.') /* a fully qualified name: the same host */
		hl--;
	if (!host_normal(host, hl, h))
		return err_set(e, "%s:%u: %.*s: %s", name, no, (int)(hl > 80 ? 80 : hl), host,
			       L(lang, "ホスト名として使えません（英数字・ハイフン・ドット、ポートなし）",
				 "not a host name (letters, digits, '-' and '.', no port)"));
	if (dl > AGENCY_DB_MAX)
		return err_set(e, "%s:%u: %s %d %s", name, no,
			       L(lang, "データベースの指定が長すぎます（上限", "the database is longer than"),
			       AGENCY_DB_MAX, L(lang, "バイト）", "bytes"));
	for (size_t k = 0; k < dl; k++)
		if ((unsigned char)db[k] < 0x20 || db[k] == 0x7f)
			return err_set(e, "%s:%u: %s", name, no,
				       L(lang, "データベースの指定に制御文字があります",
					 "the database holds a control character"));
	for (size_t k = 0; k < out->n; k++)
		if (strcmp(out->v[k].host, h) == 0)
			return err_set(e, "%s:%u: %s: %s %u", name, no, h,
				       L(lang, "同じホスト名が既にあります: 行", "listed already on line"),
				       out->v[k].line);
	if (out->n == AGENCY_LIST_MAX)
		return err_set(e, "%s:%u: %s %d", name, no,
			       L(lang, "機関の数が上限を超えています:", "more agencies than the limit:"),
			       AGENCY_LIST_MAX);
	out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
	struct agency *a = &out->v[out->n++];
	memcpy(a->host, h, sizeof h);
	a->db = xstrndup(db, dl);
	a->line = no;
	return 0;
}

int agency_list_parse(const char *text, size_t len, const char *name, enum lang lang,
		      struct agency_list *out, struct err *e)
{
	*out = (struct agency_list){ NULL, 0 };
	if (len > AGENCY_FILE_MAX)
		return err_set(e, "%s: %s %u %s", name,
			       L(lang, "ファイルが大きすぎます（上限", "the file is larger than"),
			       AGENCY_FILE_MAX, L(lang, "バイト）", "bytes"));
	if (memchr(text, '\0', len))
		return err_set(e, "%s: %s", name,
			       L(lang, "テキストファイルではありません（NUL があります）",
				 "not a text file (it holds a NUL)"));
	unsigned no = 0;
	for (size_t p = 0; p < len;) {
		const char *nl = memchr(text + p, '\n', len - p);
		size_t n = nl ? (size_t)(nl - (text + p)) : len - p;
		const char *line = text + p;
		p += n + (nl ? 1 : 0);
		no++;
		if (n && line[n - 1] == '\r')
			n--;
		size_t i = 0;
		while (i < n && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == n || line[i] == '#')
			continue;
		if (add_line(out, line, n, name, no, lang, e))
			return -1;
	}
	if (out->n == 0)
		return err_set(e, "%s: %s", name,
			       L(lang, "機関が1つも書かれていません", "lists no agency"));
	return 0;
}

void agency_list_release(struct agency_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].db);
	free(l->v);
	*l = (struct agency_list){ NULL, 0 };
}
