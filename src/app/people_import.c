/*
 * people_import.c — people lists from HR systems (people_import.h).
 *
 * Three stages, each bounded: decoding (BOM, UTF-8, CP932 via iconv(3),
 * UTF-16 with a BOM; or XLSX, unzipped here with zlib and parsed with
 * libxml2), splitting CSV into rows (RFC 4180: quoted fields may hold
 * commas, quotes and line breaks), and comparing the rows with the plan
 * (people_diff_compute).  The XLSX reader reads only what a sheet of text
 * needs: the zip's central directory, xl/sharedStrings.xml and the first
 * worksheet (xl/worksheets/sheet1.xml, else the first by name), each part
 * inflated to at most PEOPLE_XLSX_MAX_PART bytes; phonetic runs (<rPh>,
 * furigana) are left out of shared strings.
 */
#include "app/people_import.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <strings.h>
#include <iconv.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>
#include <zlib.h>

#include "model/schema.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* A copy of s[0..n) with a NUL after (malloc'ed). */
static char *xmemdupz(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* ---- the table --------------------------------------------------------- */

void people_table_release(struct people_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t j = 0; j < t->v[i].n; j++)
			free(t->v[i].cells[j]);
		free(t->v[i].cells);
	}
	free(t->v);
	*t = (struct people_table)PEOPLE_TABLE_INIT;
}

/* Appends an empty row numbered line. */
static struct people_row *add_row(struct people_table *t, size_t line)
{
	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
	struct people_row *row = &t->v[t->n++];
	*row = (struct people_row){ NULL, 0, line };
	return row;
}

/* Sets cell col of row (growing it with empty cells). */
static void set_cell(struct people_row *row, size_t col, const char *s, size_t n)
{
	if (col >= row->n) {
		row->cells = xrealloc(row->cells, (col + 1) * sizeof *row->cells);
		for (size_t j = row->n; j <= col; j++)
			row->cells[j] = NULL;
		row->n = col + 1;
	}
	free(row->cells[col]);
	row->cells[col] = xmemdupz(s, n);
}

/* ---- CSV --------------------------------------------------------------- */

/* Splits UTF-8 CSV text into t.  -1 with e filled when a limit is passed
 * or a quote is left open. */
static int csv_split(const char *s, size_t n, struct people_table *t, enum lang lang,
		     struct err *e)
{
	struct buf cell = BUF_INIT;
	size_t i = 0, line = 1, col = 0;
	struct people_row *row = NULL;
	bool quoted_cell = false;
	int rc = -1;
	while (i <= n) {
		/* one cell */
		buf_reset(&cell);
		quoted_cell = false;
		if (i < n && s[i] == '"') {
			quoted_cell = true;
			size_t start_line = line;
			i++;
			for (;;) {
				if (i >= n) {
					err_set(e, L(lang, "%zu行目：引用符（\"）が閉じられていません。",
						     "row %zu: a quote (\") is not closed."), start_line);
					goto out;
				}
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						buf_addc(&cell, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				buf_addc(&cell, s[i++]);
			}
			/* text after the closing quote, up to the separator, is kept */
			while (i < n && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
				buf_addc(&cell, s[i++]);
		} else {
			while (i < n && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
				buf_addc(&cell, s[i++]);
		}
		if (cell.len > PEOPLE_IMPORT_MAX_CELL) {
			err_set(e, L(lang, "%zu行目：セルが長すぎます（%dバイトまで）。",
				     "row %zu: a cell is too long (%d bytes at most)."),
				line, PEOPLE_IMPORT_MAX_CELL);
			goto out;
		}
		if (!row) {
			if (t->n >= PEOPLE_IMPORT_MAX_ROWS) {
				err_set(e, L(lang, "行が多すぎます（%d行まで）。", "Too many rows (%d at most)."),
					PEOPLE_IMPORT_MAX_ROWS);
				goto out;
			}
			row = add_row(t, t->n + 1);
		}
		if (col >= PEOPLE_IMPORT_MAX_COLS) {
			err_set(e, L(lang, "%zu行目：列が多すぎます（%d列まで）。",
				     "row %zu: too many columns (%d at most)."),
				row->line, PEOPLE_IMPORT_MAX_COLS);
			goto out;
		}
		if (cell.len || quoted_cell || col)
			set_cell(row, col, cell.data, cell.len);
		col++;
		/* what ends the cell */
		if (i >= n)
			break;
		if (s[i] == ',') {
			i++;
			if (i == n) { /* a trailing comma: one more empty cell */
				set_cell(row, col, "", 0);
				break;
			}
			continue;
		}
		/* end of record: \r\n, \n or \r */
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			i++;
		i++;
		line++;
		row = NULL;
		col = 0;
		if (i >= n)
			break;
	}
	rc = 0;
out:
	buf_release(&cell);
	return rc;
}

/* Converts s[0..n) from charset to UTF-8 into out; -1 when it does not
 * convert (invalid bytes for that charset). */
static int to_utf8(const char *charset, const char *s, size_t n, struct buf *out)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return -1;
	char tmp[4096];
	char *in = (char *)s;
	size_t left = n;
	int rc = 0;
	while (left > 0) {
		char *o = tmp;
		size_t room = sizeof tmp;
		size_t r = iconv(cd, &in, &left, &o, &room);
		buf_add(out, tmp, sizeof tmp - room);
		if (r == (size_t)-1 && errno != E2BIG) {
			rc = -1;
			break;
		}
	}
	iconv_close(cd);
	return rc;
}

int people_table_read_csv(const char *data, size_t len, struct people_table *out,
			  enum lang lang, struct err *e)
{
	*out = (struct people_table)PEOPLE_TABLE_INIT;
	struct buf conv = BUF_INIT;
	const char *s = data;
	size_t n = len;
	if (len > PEOPLE_IMPORT_MAX_BYTES)
		return err_set(e, L(lang, "ファイルが大きすぎます（5MiBまで）。",
				    "The file is too large (5 MiB at most)."));
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
		out->encoding = "UTF-8 (BOM)";
	} else if (n >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0)) {
		if (to_utf8(s[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", s + 2, n - 2, &conv))
			goto bad_encoding;
		s = conv.data;
		n = conv.len;
		out->encoding = "UTF-16";
	} else if (utf8_valid(s, n)) {
		out->encoding = "UTF-8";
	} else {
		if (to_utf8("CP932", s, n, &conv))
			goto bad_encoding;
		s = conv.data;
		n = conv.len;
		out->encoding = "CP932";
	}
	if (!utf8_valid(s, n) || memchr(s, '\0', n))
		goto bad_encoding;
	int rc = csv_split(s, n, out, lang, e);
	buf_release(&conv);
	if (rc)
		people_table_release(out);
	return rc;
bad_encoding:
	buf_release(&conv);
	return err_set(e, L(lang, "文字コードを読み取れません（UTF-8 または Shift_JIS の CSV にしてください）。",
			    "The text encoding is not readable (use CSV in UTF-8 or Shift_JIS)."));
}

char *people_table_csv(const struct people_table *t)
{
	struct buf b = BUF_INIT;
	size_t line = 1;
	for (size_t i = 0; i < t->n; i++) {
		for (; line < t->v[i].line; line++)
			buf_adds(&b, "\r\n");
		for (size_t j = 0; j < t->v[i].n; j++) {
			const char *c = t->v[i].cells[j] ? t->v[i].cells[j] : "";
			if (j)
				buf_addc(&b, ',');
			if (strpbrk(c, ",\"\r\n") || (j == 0 && t->v[i].n == 1 && !c[0])) {
				buf_addc(&b, '"');
				for (const char *p = c; *p; p++) {
					if (*p == '"')
						buf_addc(&b, '"');
					buf_addc(&b, *p);
				}
				buf_addc(&b, '"');
			} else {
				buf_adds(&b, c);
			}
		}
		buf_adds(&b, "\r\n");
		line++;
	}
	return buf_detach(&b);
}

/* ---- XLSX: the zip container ------------------------------------------ */

struct zentry {
	const char *name;
	size_t name_len;
	unsigned method;
	size_t csize, usize, offset;
};

/* Little-endian integers from the zip's bytes. */
static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}
static size_t le32(const unsigned char *p)
{
	return (size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 | (size_t)p[3] << 24;
}

/* Finds the central directory entry named name; 0 when found. */
static int zip_find(const unsigned char *z, size_t len, const char *name, const char *prefix,
		    struct zentry *out)
{
	if (len < 22)
		return -1;
	size_t eocd = SIZE_MAX;
	size_t lowest = len > 22 + 65535 ? len - 22 - 65535 : 0;
	for (size_t i = len - 22 + 1; i-- > lowest;)
		if (z[i] == 0x50 && z[i + 1] == 0x4b && z[i + 2] == 5 && z[i + 3] == 6) {
			eocd = i;
			break;
		}
	if (eocd == SIZE_MAX)
		return -1;
	size_t count = le16(z + eocd + 10), cd = le32(z + eocd + 16);
	const char *best = NULL;
	for (size_t k = 0, p = cd; k < count; k++) {
		if (p > len || len - p < 46 || le32(z + p) != 0x02014b50)
			return -1;
		size_t nl = le16(z + p + 28), xl = le16(z + p + 30), cl = le16(z + p + 32);
		if (len - p - 46 < nl)
			return -1;
		const char *nm = (const char *)z + p + 46;
		bool match = name ? (nl == strlen(name) && memcmp(nm, name, nl) == 0)
				  : (nl > strlen(prefix) && memcmp(nm, prefix, strlen(prefix)) == 0 &&
				     nl >= 4 && memcmp(nm + nl - 4, ".xml", 4) == 0 &&
				     !memchr(nm + strlen(prefix), '/', nl - strlen(prefix)));
		/* with a prefix: the first by name */
		if (match && (name || !best || strncmp(nm, best, nl) < 0)) {
			best = nm;
			*out = (struct zentry){ nm, nl, le16(z + p + 10), le32(z + p + 20),
						le32(z + p + 24), le32(z + p + 42) };
			if (name)
				return 0;
		}
		p += 46 + nl + xl + cl;
	}
	return best ? 0 : -1;
}

/* The entry's bytes, inflated, capped (NUL-terminated; free()); NULL when
 * the zip is damaged, the method unknown or the part too large. */
static char *zip_read(const unsigned char *z, size_t len, const struct zentry *en, size_t *out_len)
{
	size_t p = en->offset;
	if (p > len || len - p < 30 || le32(z + p) != 0x04034b50)
		return NULL;
	size_t start = p + 30 + le16(z + p + 26) + le16(z + p + 28);
	if (start > len || len - start < en->csize || en->usize > PEOPLE_XLSX_MAX_PART)
		return NULL;
	if (en->method == 0) {
		*out_len = en->csize;
		return xmemdupz((const char *)z + start, en->csize);
	}
	if (en->method != 8)
		return NULL;
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
		return NULL;
	size_t cap = en->usize + 1 > 1 ? en->usize + 1 : 65536;
	char *out = xmalloc(cap + 1);
	size_t n = 0;
	zs.next_in = (Bytef *)(z + start);
	zs.avail_in = (uInt)en->csize;
	int r;
	do {
		if (n == cap) {
			if (cap >= PEOPLE_XLSX_MAX_PART)
				break;
			cap = cap * 2 > PEOPLE_XLSX_MAX_PART ? PEOPLE_XLSX_MAX_PART : cap * 2;
			out = xrealloc(out, cap + 1);
		}
		zs.next_out = (Bytef *)out + n;
		zs.avail_out = (uInt)(cap - n);
		r = inflate(&zs, Z_NO_FLUSH);
		n = cap - zs.avail_out;
	} while (r == Z_OK);
	inflateEnd(&zs);
	if (r != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	out[n] = '\0';
	*out_len = n;
	return out;
}

/* ---- XLSX: the XML ------------------------------------------------------ */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* libxml2's one-time set-up, before any thread parses. */
static void xml_init(void)
{
	xmlInitParser();
}

/* Parses XML safely: no network, no entity substitution, no DTD loading,
 * and a document that declares a DTD at all is refused. */
static xmlDocPtr xml_parse(const char *s, size_t n)
{
	pthread_once(&xml_once, xml_init);
	if (n > INT32_MAX)
		return NULL;
	/* no DTD at all: refused before libxml2 sees it (entity tricks) */
	for (const char *p = s; (p = memchr(p, '<', n - (size_t)(p - s))); p++)
		if (n - (size_t)(p - s) >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0)
			return NULL;
	xmlDocPtr d = xmlReadMemory(s, (int)n, NULL, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (d && d->intSubset) {
		xmlFreeDoc(d);
		return NULL;
	}
	return d;
}

/* True when node is an element named name (any namespace). */
static bool is_el(xmlNodePtr node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

/* Appends the text of every <t> under node, skipping <rPh> (furigana). */
static void collect_t(xmlNodePtr node, struct buf *b)
{
	for (xmlNodePtr c = node->children; c; c = c->next) {
		if (is_el(c, "rPh"))
			continue;
		if (is_el(c, "t")) {
			xmlChar *t = xmlNodeGetContent(c);
			if (t)
				buf_adds(b, (const char *)t);
			xmlFree(t);
		} else if (c->type == XML_ELEMENT_NODE) {
			collect_t(c, b);
		}
	}
}

/* Column index of a cell reference ("B12" → 1); -1 when malformed. */
static long col_of(const char *ref)
{
	long c = 0;
	size_t k = 0;
	for (; ref[k] >= 'A' && ref[k] <= 'Z'; k++) {
		c = c * 26 + (ref[k] - 'A' + 1);
		if (c > PEOPLE_IMPORT_MAX_COLS)
			return -1;
	}
	return k ? c - 1 : -1;
}

/* Reads an XLSX workbook's first sheet into t. */
static int xlsx_read(const char *data, size_t len, struct people_table *t, enum lang lang,
		     struct err *e)
{
	const unsigned char *z = (const unsigned char *)data;
	struct zentry en;
	char **shared = NULL;
	size_t n_shared = 0, cap_shared = 0, xl;
	xmlDocPtr d = NULL;
	int rc = -1;
	const char *damaged = L(lang, "XLSXファイルを読み取れません（壊れているか、大きすぎます）。",
				"The XLSX file cannot be read (damaged or too large).");
	t->encoding = "XLSX";
	if (zip_find(z, len, "xl/sharedStrings.xml", NULL, &en) == 0) {
		char *x = zip_read(z, len, &en, &xl);
		d = x ? xml_parse(x, xl) : NULL;
		free(x);
		if (!d) {
			err_set(e, "%s", damaged);
			goto out;
		}
		xmlNodePtr root = xmlDocGetRootElement(d);
		for (xmlNodePtr si = root ? root->children : NULL; si; si = si->next) {
			if (!is_el(si, "si"))
				continue;
			struct buf b = BUF_INIT;
			collect_t(si, &b);
			shared = xgrow(shared, &cap_shared, n_shared + 1, sizeof *shared);
			shared[n_shared++] = buf_detach(&b);
		}
		xmlFreeDoc(d);
		d = NULL;
	}
	if (zip_find(z, len, "xl/worksheets/sheet1.xml", NULL, &en) &&
	    zip_find(z, len, NULL, "xl/worksheets/", &en)) {
		err_set(e, "%s", L(lang, "XLSXファイルにシートがありません。", "The XLSX file has no sheet."));
		goto out;
	}
	char *x = zip_read(z, len, &en, &xl);
	d = x ? xml_parse(x, xl) : NULL;
	free(x);
	if (!d) {
		err_set(e, "%s", damaged);
		goto out;
	}
	xmlNodePtr root = xmlDocGetRootElement(d), data_el = NULL;
	for (xmlNodePtr c = root ? root->children : NULL; c && !data_el; c = c->next)
		if (is_el(c, "sheetData"))
			data_el = c;
	size_t last_line = 0;
	for (xmlNodePtr rw = data_el ? data_el->children : NULL; rw; rw = rw->next) {
		if (!is_el(rw, "row"))
			continue;
		xmlChar *rattr = xmlGetProp(rw, (const xmlChar *)"r");
		size_t line = rattr ? strtoul((const char *)rattr, NULL, 10) : last_line + 1;
		xmlFree(rattr);
		if (line <= last_line || line > PEOPLE_IMPORT_MAX_ROWS) {
			err_set(e, "%s", line > PEOPLE_IMPORT_MAX_ROWS
						 ? L(lang, "行が多すぎます。", "Too many rows.")
						 : damaged);
			goto out;
		}
		last_line = line;
		struct people_row *row = add_row(t, line);
		long next_col = 0;
		for (xmlNodePtr c = rw->children; c; c = c->next) {
			if (!is_el(c, "c"))
				continue;
			xmlChar *ref = xmlGetProp(c, (const xmlChar *)"r");
			xmlChar *type = xmlGetProp(c, (const xmlChar *)"t");
			long col = ref ? col_of((const char *)ref) : next_col;
			struct buf v = BUF_INIT;
			for (xmlNodePtr k = c->children; k; k = k->next) {
				if (is_el(k, "v")) {
					xmlChar *s = xmlNodeGetContent(k);
					if (type && strcmp((const char *)type, "s") == 0) {
						char *end;
						unsigned long ix = strtoul(s ? (const char *)s : "", &end, 10);
						if (s && !*end && ix < n_shared)
							buf_adds(&v, shared[ix]);
					} else if (s) {
						buf_adds(&v, (const char *)s);
					}
					xmlFree(s);
				} else if (is_el(k, "is")) {
					collect_t(k, &v);
				}
			}
			xmlFree(ref);
			xmlFree(type);
			if (col < 0 || col >= PEOPLE_IMPORT_MAX_COLS || v.len > PEOPLE_IMPORT_MAX_CELL) {
				buf_release(&v);
				err_set(e, L(lang, "%zu行目：列が多すぎるか、セルが長すぎます。",
					     "row %zu: too many columns, or a cell too long."), line);
				goto out;
			}
			set_cell(row, (size_t)col, v.data, v.len);
			next_col = col + 1;
			buf_release(&v);
		}
	}
	rc = 0;
out:
	if (d)
		xmlFreeDoc(d);
	for (size_t i = 0; i < n_shared; i++)
		free(shared[i]);
	free(shared);
	return rc;
}

int people_table_read(const char *data, size_t len, struct people_table *out, enum lang lang,
		      struct err *e)
{
	if (len > PEOPLE_IMPORT_MAX_BYTES)
		return err_set(e, L(lang, "ファイルが大きすぎます（5MiBまで）。",
				    "The file is too large (5 MiB at most)."));
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
		*out = (struct people_table)PEOPLE_TABLE_INIT;
		if (xlsx_read(data, len, out, lang, e)) {
			people_table_release(out);
			return -1;
		}
		/* cells must be text we can keep */
		for (size_t i = 0; i < out->n; i++)
			for (size_t j = 0; j < out->v[i].n; j++) {
				const char *c = out->v[i].cells[j];
				if (c && !utf8_valid(c, strlen(c))) {
					people_table_release(out);
					return err_set(e, "%s", L(lang, "XLSXの文字を読み取れません。",
								  "The XLSX text is not readable."));
				}
			}
		return 0;
	}
	return people_table_read_csv(data, len, out, lang, e);
}

/* ---- columns ------------------------------------------------------------ */

/* The columns' places in people_columns.  Id and name come first because
 * they are the required ones; the department is resolved to its id. */
enum people_col {
	COL_ID,
	COL_NAME,
	COL_DEPARTMENT,
	COL_TITLE,
	COL_CONTACT_ROLE,
	COL_PHONE,
	COL_ALT_SITE_PHONE,
	COL_MOBILE,
	COL_HOME_PHONE,
	COL_EMAIL,
	COL_EMAIL_PRIVATE,
	N_COLUMNS
};
/* A file must have the columns before this one (id and name). */
#define N_REQUIRED_COLUMNS (COL_NAME + 1)

static const char *const n_id[] = { "id", "職員番号", "職員ID", "職員id", "社員番号", "個人ID", "ID番号", NULL };
static const char *const n_name[] = { "name", "氏名", "名前", "職員名", NULL };
static const char *const n_dept[] = { "department", "所属", "部局", "部署", "所属部局", "所属部署", NULL };
static const char *const n_title[] = { "title", "役職", "職名", NULL };
static const char *const n_role[] = { "contact_role", "role", "役割", NULL };
/* Not "内線": an extension is not a number to dial from outside, and an
 * HR export often has both; an extension column is ignored (listed). */
static const char *const n_phone[] = { "phone", "電話番号", "電話", "勤務先電話番号", NULL };
static const char *const n_alt[] = { "alt_site_phone", "代替拠点電話番号", "代替拠点の電話番号", NULL };
static const char *const n_mobile[] = { "mobile", "携帯電話", "携帯電話番号", "携帯", NULL };
static const char *const n_home[] = { "home_phone", "自宅電話番号", "自宅電話", NULL };
static const char *const n_email[] = { "email", "e-mail", "mail", "メールアドレス", "電子メール", "メール", NULL };
static const char *const n_email_private[] = { "email_private", "private_email", "私用メール", "私用メールアドレス", "個人メール", NULL };

const struct people_column people_columns[N_COLUMNS] = {
	[COL_ID] = { "id", n_id, "職員番号" },
	[COL_NAME] = { "name", n_name, "氏名" },
	[COL_DEPARTMENT] = { "department", n_dept, "所属" },
	[COL_TITLE] = { "title", n_title, "役職" },
	[COL_CONTACT_ROLE] = { "contact_role", n_role, "役割" },
	[COL_PHONE] = { "phone", n_phone, "電話番号" },
	[COL_ALT_SITE_PHONE] = { "alt_site_phone", n_alt, "代替拠点電話番号" },
	[COL_MOBILE] = { "mobile", n_mobile, "携帯電話" },
	[COL_HOME_PHONE] = { "home_phone", n_home, "自宅電話番号" },
	[COL_EMAIL] = { "email", n_email, "メールアドレス" },
	[COL_EMAIL_PRIVATE] = { "email_private", n_email_private, "私用メールアドレス" },
};
const size_t people_n_columns = N_COLUMNS;

/* The ideographic space (U+3000) that Japanese text pads with, in UTF-8. */
#define IDEOGRAPHIC_SPACE "\xE3\x80\x80"
#define IDEOGRAPHIC_SPACE_LEN (sizeof IDEOGRAPHIC_SPACE - 1)

/* s without surrounding spaces (ASCII and the ideographic space),
 * malloc'ed. */
static char *trim(const char *s)
{
	if (!s)
		return xstrdup("");
	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (strncmp(s, IDEOGRAPHIC_SPACE, IDEOGRAPHIC_SPACE_LEN) == 0)
			s += IDEOGRAPHIC_SPACE_LEN;
		else
			break;
	}
	size_t n = strlen(s);
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
			n--;
		else if (n >= IDEOGRAPHIC_SPACE_LEN &&
			 memcmp(s + n - IDEOGRAPHIC_SPACE_LEN, IDEOGRAPHIC_SPACE, IDEOGRAPHIC_SPACE_LEN) == 0)
			n -= IDEOGRAPHIC_SPACE_LEN;
		else
			break;
	}
	return xmemdupz(s, n);
}

/* The column a header names, or -1. */
static int column_of(const char *header)
{
	char *h = trim(header);
	int found = -1;
	for (size_t c = 0; c < N_COLUMNS && found < 0; c++)
		for (size_t k = 0; people_columns[c].names[k]; k++)
			if (strcasecmp(h, people_columns[c].names[k]) == 0) {
				found = (int)c;
				break;
			}
	free(h);
	return found;
}

/* ---- checking one value ------------------------------------------------- */

/* The longest e-mail address (RFC 5321's limit on a path, less the
 * angle brackets). */
#define EMAIL_MAX 254

/* True when s looks like an e-mail address (one @, a dot in the domain,
 * no spaces or control characters). */
static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strlen(s) > EMAIL_MAX)
		return false;
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || !dot[1])
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == ',' || *p == '<' || *p == '>' || *p == '"')
			return false;
	return true;
}

/* Full-width digits (０-９), as Japanese forms often hold them. */
#define FULLWIDTH_DIGIT_0 0xFF10
#define FULLWIDTH_DIGIT_9 0xFF19
/* The dashes and brackets people type in phone numbers beside ASCII ones. */
static const uint32_t phone_marks[] = {
	0xFF0D, /* － full-width hyphen-minus */
	0x2010, /* ‐ hyphen */
	0x2212, /* − minus sign */
	0x30FC, /* ー the katakana long vowel mark, typed for a dash */
	0xFF08, /* （ */
	0xFF09, /* ） */
};
/* Words for an extension, skipped whole. */
#define PHONE_EXT_JA "内線"
#define PHONE_EXT_EN "ext"

/* True when s is a phone number as people write them: digits (ASCII or
 * full-width), + - ( ) spaces, 内線 / ext. */
static bool phone_ok(const char *s)
{
	bool digit = false;
	for (const char *p = s; *p;) {
		uint32_t cp;
		size_t n = utf8_decode(p, &cp);
		bool ext_ja = strncmp(p, PHONE_EXT_JA, strlen(PHONE_EXT_JA)) == 0;
		bool ext_en = strncmp(p, PHONE_EXT_EN, strlen(PHONE_EXT_EN)) == 0;
		bool mark = strchr("+-() .#/x", (int)cp) != NULL;
		for (size_t k = 0; k < sizeof phone_marks / sizeof phone_marks[0] && !mark; k++)
			mark = cp == phone_marks[k];
		if ((cp >= '0' && cp <= '9') || (cp >= FULLWIDTH_DIGIT_0 && cp <= FULLWIDTH_DIGIT_9))
			digit = true;
		else if (!mark && !ext_ja && !ext_en)
			return false;
		if (ext_ja)
			n = strlen(PHONE_EXT_JA);
		else if (ext_en)
			n = strlen(PHONE_EXT_EN);
		p += n;
	}
	return digit;
}

/* The department with this id, else with this name; NULL when none. */
static const struct department *find_department(const struct plan *p, const char *v)
{
	const struct department *d = plan_department(p, v);
	for (size_t i = 0; !d && i < p->n_departments; i++)
		if (strcmp(p->departments[i].name, v) == 0)
			d = &p->departments[i];
	return d;
}

/* ---- people --------------------------------------------------------------- */

/* The field of struct person named name. */
static char **person_field(struct person *pp, const char *name)
{
	const struct field_def *f = schema_field(schema_entity("people"), name);
	return (char **)FIELD_PTR(pp, f);
}

/* True when a person is named by another element (role holder, reviewer). */
static bool person_in_use(const struct plan *p, const char *id)
{
	for (size_t i = 0; i < p->n_role_holders; i++)
		if (strcmp(p->role_holders[i].person, id) == 0)
			return true;
	for (size_t i = 0; i < p->n_reviews; i++)
		if (p->reviews[i].reviewer && strcmp(p->reviews[i].reviewer, id) == 0)
			return true;
	return false;
}

/* Frees the strings of a person built here. */
static void person_free(struct person *pp)
{
	schema_element_release(schema_entity("people"), pp);
}

/* Copies a plan person (every field). */
static void person_copy(struct person *dst, const struct person *src)
{
	const struct entity_def *e = schema_entity("people");
	for (size_t i = 0; i < e->n_fields; i++) {
		const char *s = *(char *const *)FIELD_PTR(src, &e->fields[i]);
		*(char **)FIELD_PTR(dst, &e->fields[i]) = s ? xstrdup(s) : NULL;
	}
}

/* ---- the diff ------------------------------------------------------------ */

/* Adds an error (counted beyond the cap). */
static void add_error(struct people_diff *d, size_t row, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add_error(struct people_diff *d, size_t row, const char *column, const char *fmt, ...)
{
	if (d->n_err >= PEOPLE_MAX_ERRORS) {
		d->more_errors++;
		return;
	}
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	d->err = xgrow(d->err, &d->err_cap, d->n_err + 1, sizeof *d->err);
	d->err[d->n_err++] = (struct people_error){ row, column ? column : "", buf_detach(&b) };
}

/* Every error so far, kept and counted, so a step can tell whether it
 * added one. */
static size_t n_errors(const struct people_diff *d)
{
	return d->n_err + d->more_errors;
}

/* A new change entry. */
static struct people_change *add_change(struct people_diff *d, enum people_change_kind kind,
					size_t row)
{
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof *d->v);
	struct people_change *c = &d->v[d->n++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->row = row;
	return c;
}

/* The header as understood: the row, and for each of people_columns the
 * file column that holds it (-1: the file has none). */
struct header {
	const struct people_row *row;
	int where[N_COLUMNS];
};

/* The header cell of column c (which the file has), for error messages. */
/* A phone number as stored: full-width digits, dashes, brackets and
 * spaces (０９０－１２３４－５６７８, as Japanese forms hold them) made
 * ASCII, so that a tel: link dials it; the rest (内線, ext) kept.
 * malloc'ed. */
static char *phone_normalise(const char *s)
{
	struct buf b = BUF_INIT;
	for (const char *p = s; *p;) {
		uint32_t cp;
		size_t n = utf8_decode(p, &cp);
		if (!n)
			n = 1;
		if (cp >= FULLWIDTH_DIGIT_0 && cp <= FULLWIDTH_DIGIT_9)
			buf_addc(&b, (char)('0' + (cp - FULLWIDTH_DIGIT_0)));
		else if (cp == 0xFF0D || cp == 0x2010 || cp == 0x2212 || cp == 0x30FC)
			buf_addc(&b, '-');
		else if (cp == 0xFF08)
			buf_addc(&b, '(');
		else if (cp == 0xFF09)
			buf_addc(&b, ')');
		else if (cp == 0x3000)
			buf_addc(&b, ' ');
		else
			buf_add(&b, p, n);
		p += n;
	}
	return buf_detach(&b);
}

static const char *header_cell(const struct header *h, enum people_col c)
{
	return h->row->cells[h->where[c]];
}

/* Step 1: the header is the first row with any text (HR exports often
 * start with a title or blank rows).  Its index in t, or t->n when the
 * file has no text at all. */
static size_t find_header(const struct people_table *t)
{
	size_t h = 0;
	for (; h < t->n; h++)
		for (size_t j = 0; j < t->v[h].n; j++)
			if (t->v[h].cells[j] && t->v[h].cells[j][0])
				return h;
	return h;
}

/* Step 2: which file column means which field.  A second column meaning
 * the same field is an error (which one to trust?); a header not
 * understood is listed in d->ignored; a missing required column is an
 * error.  False when there was an error: the rows cannot be read. */
static bool map_header(const struct people_row *row, struct header *h, struct people_diff *d,
		       enum lang lang)
{
	h->row = row;
	for (size_t c = 0; c < N_COLUMNS; c++)
		h->where[c] = -1;
	for (size_t j = 0; j < row->n; j++) {
		int c = column_of(row->cells[j]);
		if (c >= 0 && h->where[c] >= 0) {
			add_error(d, row->line, row->cells[j], "%s",
				  L(lang, "同じ意味の列が二つあります。", "Two columns mean the same field."));
		} else if (c >= 0) {
			h->where[c] = (int)j;
		} else if (row->cells[j] && row->cells[j][0]) {
			d->ignored = xrealloc(d->ignored, (d->n_ignored + 1) * sizeof *d->ignored);
			d->ignored[d->n_ignored++] = xstrdup(row->cells[j]);
		}
	}
	for (size_t c = 0; c < N_REQUIRED_COLUMNS; c++)
		if (h->where[c] < 0)
			add_error(d, row->line, people_columns[c].names[0],
				  L(lang, "必須の列「%s」（%s）がありません。",
				    "The required column \"%s\" (%s) is missing."),
				  people_columns[c].ja, people_columns[c].names[0]);
	return d->n_err == 0;
}

/* Step 3: the row's value for each column, trimmed ("" where the file
 * has no such column or cell); the id with ASCII letters lower-cased, as
 * ids are.  False when the row is blank (skipped, as spreadsheets leave
 * blank rows).  val[] is the caller's to free. */
static bool row_values(const struct header *h, const struct people_row *row, char *val[N_COLUMNS])
{
	bool any = false;
	for (size_t c = 0; c < N_COLUMNS; c++) {
		int j = h->where[c];
		val[c] = trim(j >= 0 && (size_t)j < row->n ? row->cells[j] : NULL);
		any = any || val[c][0];
	}
	for (char *q = val[COL_ID]; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return any;
}

/* The ids of the rows accepted so far, for duplicates and removals. */
struct id_list {
	char **v;
	size_t n;
};

/* True when ids holds id. */
static bool id_listed(const struct id_list *ids, const char *id)
{
	for (size_t k = 0; k < ids->n; k++)
		if (strcmp(ids->v[k], id) == 0)
			return true;
	return false;
}

/* Step 4a: the id is there, is an id (the plan reader's rule) and is not
 * a row's above. */
static void check_id(const struct header *h, const struct people_row *row, const char *id,
		     const struct id_list *seen, struct people_diff *d, enum lang lang)
{
	const char *col = header_cell(h, COL_ID);
	if (!id[0])
		add_error(d, row->line, col, "%s", L(lang, "IDがありません。", "The id is empty."));
	else if (!schema_id_valid(id))
		add_error(d, row->line, col,
			  L(lang, "IDは英数字・- _ の%d文字以内です。",
			    "An id is up to %d of a-z, 0-9, - and _."),
			  SCHEMA_ID_MAX);
	else if (id_listed(seen, id))
		add_error(d, row->line, col,
			  L(lang, "ID「%s」が重複しています。", "The id \"%s\" appears twice."), id);
}

/* Step 4b: every other field is there when required, fits the schema
 * (no line breaks, not too long) and has its own format (e-mail, phone,
 * a department of the plan).  The department found, or NULL. */
static const struct department *check_fields(const struct header *h,
					     const struct people_row *row, char *const val[N_COLUMNS],
					     const struct plan *p, struct people_diff *d,
					     enum lang lang)
{
	const struct entity_def *pe = schema_entity("people");
	const struct department *dept = NULL;
	if (!val[COL_NAME][0])
		add_error(d, row->line, header_cell(h, COL_NAME), "%s",
			  L(lang, "氏名がありません。", "The name is empty."));
	for (size_t c = COL_ID + 1; c < N_COLUMNS; c++) {
		if (h->where[c] < 0)
			continue;
		const char *col = header_cell(h, (enum people_col)c);
		const struct field_def *f = schema_field(pe, people_columns[c].field);
		const char *v = val[c];
		if (!v[0])
			continue;
		if (strpbrk(v, "\r\n\t")) {
			add_error(d, row->line, col, "%s",
				  L(lang, "改行やタブは使えません。", "Line breaks and tabs are not allowed."));
			continue;
		}
		if (f->type == F_TEXT && (int64_t)strlen(v) > f->max) {
			add_error(d, row->line, col,
				  L(lang, "長すぎます（%lldバイトまで）。", "Too long (%lld bytes at most)."),
				  (long long)f->max);
			continue;
		}
		if (c == COL_EMAIL || c == COL_EMAIL_PRIVATE) {
			if (!email_ok(v))
				add_error(d, row->line, col,
					  L(lang, "メールアドレスの形式が正しくありません（%s）。",
					    "Not an e-mail address (%s)."), v);
		} else if (c == COL_PHONE || c == COL_ALT_SITE_PHONE || c == COL_MOBILE ||
			   c == COL_HOME_PHONE) {
			if (!phone_ok(v))
				add_error(d, row->line, col,
					  L(lang, "電話番号の形式が正しくありません（%s）。",
					    "Not a phone number (%s)."), v);
		} else if (c == COL_DEPARTMENT) {
			dept = find_department(p, v);
			if (!dept)
				add_error(d, row->line, col,
					  L(lang, "所属「%s」が計画にありません（部局のIDか名称）。",
					    "No department \"%s\" in the plan (its id or name)."), v);
		}
	}
	return dept;
}

/* Step 5: the person after the import — the file's columns over the
 * plan's values (a column the file lacks keeps what the plan has; an
 * empty cell empties the field), the department as its id.  *np is the
 * caller's (person_free). */
static void person_after(const struct header *h, char *const val[N_COLUMNS],
			 const struct department *dept, const struct person *old, struct person *np)
{
	memset(np, 0, sizeof *np);
	if (old)
		person_copy(np, old);
	else
		schema_element_defaults(schema_entity("people"), np);
	for (size_t c = 0; c < N_COLUMNS; c++) {
		if (h->where[c] < 0)
			continue;
		char **fp = person_field(np, people_columns[c].field);
		free(*fp);
		if (c == COL_DEPARTMENT)
			*fp = dept ? xstrdup(dept->id) : NULL;
		else if (c == COL_PHONE || c == COL_ALT_SITE_PHONE || c == COL_MOBILE || c == COL_HOME_PHONE)
			*fp = phone_normalise(val[c]);
		else
			*fp = xstrdup(val[c]);
	}
}

/* Step 6: np against the plan's person old (NULL: a new person): added,
 * changed (the fields that differ, old → new), or unchanged.  Takes np. */
static void diff_person(const struct person *old, struct person *np, size_t line,
			struct people_diff *d)
{
	if (!old) {
		struct people_change *ch = add_change(d, PEOPLE_ADD, line);
		ch->person = *np;
		d->added++;
		return;
	}
	const struct entity_def *pe = schema_entity("people");
	struct people_field_change *fc = xcalloc(pe->n_fields, sizeof *fc);
	size_t nf = 0;
	for (size_t k = 0; k < pe->n_fields; k++) {
		const struct field_def *f = &pe->fields[k];
		const char *a = *(char *const *)FIELD_PTR(old, f);
		const char *b = *(char *const *)FIELD_PTR(np, f);
		if (strcmp(a ? a : "", b ? b : "") == 0)
			continue;
		fc[nf++] = (struct people_field_change){ f->name, (f->flags & FF_PERSONAL) != 0,
							 xstrdup(a ? a : ""), xstrdup(b ? b : "") };
	}
	if (!nf) {
		d->unchanged++;
		free(fc);
		person_free(np);
		return;
	}
	struct people_change *ch = add_change(d, PEOPLE_CHANGE, line);
	ch->person = *np;
	ch->f = fc;
	ch->nf = nf;
	d->changed++;
}

/* Step 7 (remove_missing): the plan's people the file does not list are
 * removed, unless another element names them (a role holder, a
 * reviewer): removing them would break the plan, so that is an error. */
static void add_removals(const struct plan *p, const struct id_list *seen,
			 struct people_diff *d, enum lang lang)
{
	for (size_t i = 0; i < p->n_people; i++) {
		const struct person *pp = &p->people[i];
		if (id_listed(seen, pp->id))
			continue;
		if (person_in_use(p, pp->id)) {
			add_error(d, 0, "",
				  L(lang, "「%s」（%s）は役割の担当者または見直しの実施者のため、削除できません。",
				    "%s (%s) holds a role or made a review and cannot be removed."),
				  pp->name, pp->id);
			continue;
		}
		struct people_change *ch = add_change(d, PEOPLE_REMOVE, 0);
		person_copy(&ch->person, pp);
		d->removed++;
	}
}

void people_diff_compute(const struct people_table *t, const struct plan *p, bool remove_missing,
			 enum lang lang, struct people_diff *d)
{
	memset(d, 0, sizeof *d);
	size_t h = find_header(t);
	if (h == t->n) {
		add_error(d, 0, "", "%s", L(lang, "ファイルに行がありません。", "The file has no rows."));
		return;
	}
	struct header hdr;
	if (!map_header(&t->v[h], &hdr, d, lang))
		return;
	struct id_list seen = { xcalloc(t->n, sizeof *seen.v), 0 };
	for (size_t i = h + 1; i < t->n; i++) {
		const struct people_row *row = &t->v[i];
		char *val[N_COLUMNS];
		if (row_values(&hdr, row, val)) {
			/* a row with any error is reported and left out of the diff */
			size_t before = n_errors(d);
			check_id(&hdr, row, val[COL_ID], &seen, d, lang);
			const struct department *dept = check_fields(&hdr, row, val, p, d, lang);
			if (n_errors(d) == before) {
				seen.v[seen.n++] = xstrdup(val[COL_ID]);
				const struct person *old = plan_person(p, val[COL_ID]);
				struct person np;
				person_after(&hdr, val, dept, old, &np);
				diff_person(old, &np, row->line, d);
			}
		}
		for (size_t c = 0; c < N_COLUMNS; c++)
			free(val[c]);
	}
	if (remove_missing && d->n_err == 0)
		add_removals(p, &seen, d, lang);
	for (size_t k = 0; k < seen.n; k++)
		free(seen.v[k]);
	free(seen.v);
}

/* See people_import.h. */
void people_diff_digest(const struct people_diff *d, char hex[PEOPLE_DIGEST_HEX])
{
	crypto_generichash_state st;
	unsigned char h[32];
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	for (size_t i = 0; i < d->n; i++) {
		const struct people_change *c = &d->v[i];
		unsigned char k = (unsigned char)c->kind;
		crypto_generichash_update(&st, &k, 1);
		crypto_generichash_update(&st, (const unsigned char *)c->person.id,
					  strlen(c->person.id) + 1);
		for (size_t f = 0; f < c->nf; f++) {
			crypto_generichash_update(&st, (const unsigned char *)c->f[f].field,
						  strlen(c->f[f].field) + 1);
			crypto_generichash_update(&st, (const unsigned char *)c->f[f].old_value,
						  strlen(c->f[f].old_value) + 1);
			crypto_generichash_update(&st, (const unsigned char *)c->f[f].new_value,
						  strlen(c->f[f].new_value) + 1);
		}
	}
	/* and where the errors are: applying the good rows of a file with
	 * errors is allowed only from a preview that showed those errors */
	for (size_t i = 0; i < d->n_err; i++) {
		char where[64];
		int n = snprintf(where, sizeof where, "E%zu", d->err[i].row);
		crypto_generichash_update(&st, (const unsigned char *)where, (size_t)n + 1);
		crypto_generichash_update(&st, (const unsigned char *)d->err[i].column,
					  strlen(d->err[i].column) + 1);
	}
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(hex, 65, h, sizeof h);
}
