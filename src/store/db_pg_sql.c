/*
 * db_pg_sql.c — SQLite's placeholders in PostgreSQL's spelling.
 *
 * The store writes parameters as ?N (or a bare ?, which SQLite numbers one
 * past the highest so far); PostgreSQL wants $N.  The rewrite runs once,
 * when a statement is prepared, and leaves alone what is not a parameter:
 * a ? inside a string literal ('…'; not E'…' with backslash escapes), a quoted name ("…"), a
 * dollar-quoted body ($$…$$, $tag$…$tag$) or a comment (-- …, / * … * /).
 */
#include "store/db_pg.h"

#include <string.h>

/* Where the quoted part that starts at s ends (past its closing quote q;
 * a doubled quote stays inside), or the end of the text. */
static const char *skip_quoted(const char *s, char q)
{
	for (s++; *s; s++) {
		if (*s == q) {
			if (s[1] != q)
				return s + 1;
			s++;
		}
	}
	return s;
}

/* Where the dollar-quoted body that starts at s ends, or NULL when s is
 * not the start of one ($1 is a parameter, not a tag). */
static const char *skip_dollar(const char *s)
{
	size_t n = 1;
	while (s[n] == '_' || (s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
	       (n > 1 && s[n] >= '0' && s[n] <= '9'))
		n++;
	if (s[n] != '$')
		return NULL;
	n++; /* the tag is s[0 .. n) */
	for (const char *t = s + n; *t; t++)
		if (*t == '$' && strncmp(t, s, n) == 0)
			return t + n;
	return s + strlen(s);
}

int dbpg_sql_translate(const char *sql, struct buf *out, int *nparams, struct err *e)
{
	int highest = 0;
	const char *s = sql;
	while (*s) {
		const char *end = NULL;
		if (*s == '\'' || *s == '"') {
			end = skip_quoted(s, *s);
		} else if (s[0] == '-' && s[1] == '-') {
			end = s + strcspn(s, "\n");
		} else if (s[0] == '/' && s[1] == '*') {
			const char *c = strstr(s + 2, "*/");
			end = c ? c + 2 : s + strlen(s);
		} else if (*s == '$') {
			end = skip_dollar(s);
		} else if (*s == '?') {
			int n = 0, digits = 0;
			s++;
			for (; *s >= '0' && *s <= '9'; s++, digits++) {
				if (n > DBPG_MAX_PARAMS)
					break;
				n = n * 10 + (*s - '0');
			}
			if (digits == 0)
				n = highest + 1;
			if (n < 1 || n > DBPG_MAX_PARAMS)
				return err_set(e, "database: prepare: parameter ?%d out of range", n);
			if (n > highest)
				highest = n;
			buf_addf(out, "$%d", n);
			continue;
		}
		if (end) {
			buf_add(out, s, (size_t)(end - s));
			s = end;
		} else {
			buf_addc(out, *s++);
		}
	}
	*nparams = highest;
	return 0;
}
