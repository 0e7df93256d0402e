/*
 * people_import.c — people lists from HR systems (people_import.h).
 *
 * Three stages, each bounded: decoding (BOM, UTF-8, CP932 via iconv(3),
 * UTF-16 with a BOM; or XLSX, unzipped here with zlib and read as a
 * stream with libxml2's xmlTextReader), splitting CSV into rows (RFC 4180: quoted fields may hold
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
#include <libxml/xmlreader.h>
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

/* Sets cell col of row (growing it with empty cells; an empty cell is
 * NULL, so that a sheet of empty cells costs a pointer each).  -1, with
 * nothing set, when the table would pass PEOPLE_IMPORT_MAX_CELLS cells or
 * PEOPLE_IMPORT_MAX_TEXT bytes of text in all: the limits per cell and
 * per row alone let a few KB of XLSX expand to hundreds of MB. */
static int set_cell(struct people_table *t, struct people_row *row, size_t col, const char *s,
		    size_t n)
{
	size_t grow = col >= row->n ? col + 1 - row->n : 0;
	size_t old = col < row->n && row->cells[col] ? strlen(row->cells[col]) : 0;
	if (grow > PEOPLE_IMPORT_MAX_CELLS - t->cells ||
	    n > PEOPLE_IMPORT_MAX_TEXT - (t->text - old))
		return -1;
	if (grow) {
		row->cells = xrealloc(row->cells, (col + 1) * sizeof *row->cells);
		for (size_t j = row->n; j <= col; j++)
			row->cells[j] = NULL;
		row->n = col + 1;
		t->cells += grow;
	}
	free(row->cells[col]);
	row->cells[col] = n ? xmemdupz(s, n) : NULL;
	t->text = t->text - old + n;
	return 0;
}

/* The message for a table past its cells or text in all (set_cell). */
static int too_much(struct err *e, enum lang lang, size_t line)
{
	return err_set(e, L(lang, "%zu行目：ファイル全体のセルか文字が多すぎます（セル%d個、文字%uMiBまで）。",
			    "row %zu: too many cells or too much text in the file (%d cells, %u MiB at most)."),
		       line, PEOPLE_IMPORT_MAX_CELLS, PEOPLE_IMPORT_MAX_TEXT >> 20);
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
		if ((cell.len || quoted_cell || col) && set_cell(t, row, col, cell.data, cell.len)) {
			too_much(e, lang, row->line);
			goto out;
		}
		col++;
		/* what ends the cell */
		if (i >= n)
			break;
		if (s[i] == ',') {
			i++;
			if (i == n) { /* a trailing comma: one more empty cell */
				if (col >= PEOPLE_IMPORT_MAX_COLS) { /* found by fuzz_people_csv */
					err_set(e, L(lang, "%zu行目：列が多すぎます（%d列まで）。",
						     "row %zu: too many columns (%d at most)."),
						row->line, PEOPLE_IMPORT_MAX_COLS);
					goto out;
				}
				if (set_cell(t, row, col, "", 0)) {
					too_much(e, lang, row->line);
					goto out;
				}
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

/* Reads CSV; upload: data came from outside (the byte cap applies). */
static int read_csv(const char *data, size_t len, struct people_table *out, bool upload,
		    enum lang lang, struct err *e)
{
	*out = (struct people_table)PEOPLE_TABLE_INIT;
	struct buf conv = BUF_INIT;
	const char *s = data;
	size_t n = len;
	if (upload && len > PEOPLE_IMPORT_MAX_BYTES)
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

int people_table_read_csv(const char *data, size_t len, struct people_table *out,
			  enum lang lang, struct err *e)
{
	return read_csv(data, len, out, true, lang, e);
}

/* The staged text is ours: people_table_csv() of a table that was within
 * every limit, which the same limits still bound (its cells and text are
 * those of the table), but its bytes may be more than an upload's (the
 * 8 MiB of an XLSX's text, quotes doubled). */
int people_table_read_staged(const char *data, size_t len, struct people_table *out,
			     enum lang lang, struct err *e)
{
	return read_csv(data, len, out, false, lang, e);
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
			/* quoted: what would end or split the cell, a row's only
			 * cell when empty (so that the row stays), and a BOM
			 * that would open the text (the reader would drop it) */
			bool bom = !b.len && strncmp(c, "\xEF\xBB\xBF", 3) == 0;
			if (strpbrk(c, ",\"\r\n") || (j == 0 && t->v[i].n == 1 && !c[0]) || bom) {
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

/* ---- XLSX: the XML, read as a stream ------------------------------------ */

/* The parts are read node by node (xmlTextReader), never as a tree: a tree
 * of a 16 MiB sheet of empty cells takes some 40 times that in memory,
 * while a stream holds one node, and what it keeps is the table, within
 * its limits. */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* libxml2's one-time set-up, before any thread parses. */
static void xml_init(void)
{
	xmlInitParser();
}

/* A reader over s[0..n) that never uses the network, substitutes no
 * entity and loads no DTD; NULL when s declares a DTD at all (refused
 * before libxml2 sees it: entity tricks) or is too large.  xml_next()
 * refuses a DTD found while reading as well. */
static xmlTextReaderPtr xml_reader(const char *s, size_t n)
{
	pthread_once(&xml_once, xml_init);
	if (n > INT32_MAX)
		return NULL;
	for (const char *p = s; (p = memchr(p, '<', n - (size_t)(p - s))); p++)
		if (n - (size_t)(p - s) >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0)
			return NULL;
	return xmlReaderForMemory(s, (int)n, NULL, NULL,
				  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* One node of the stream. */
struct xml_node {
	int type, depth;
	bool empty;        /* an element without content (<c/>): no end follows */
	const char *name;  /* local name, any namespace */
	const char *value; /* the text of a text node */
};

/* Reads the next node: 1, 0 at the end, -1 when the XML is malformed or
 * declares a DTD. */
static int xml_next(xmlTextReaderPtr rd, struct xml_node *nd)
{
	int r = xmlTextReaderRead(rd);
	if (r != 1)
		return r == 0 ? 0 : -1;
	nd->type = xmlTextReaderNodeType(rd);
	if (nd->type == XML_READER_TYPE_DOCUMENT_TYPE || nd->type == XML_READER_TYPE_ENTITY ||
	    nd->type == XML_READER_TYPE_ENTITY_REFERENCE)
		return -1;
	nd->depth = xmlTextReaderDepth(rd);
	nd->empty = nd->type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(rd) == 1;
	const xmlChar *name = xmlTextReaderConstLocalName(rd);
	nd->name = name ? (const char *)name : "";
	nd->value = NULL;
	if (nd->type == XML_READER_TYPE_TEXT || nd->type == XML_READER_TYPE_CDATA ||
	    nd->type == XML_READER_TYPE_WHITESPACE ||
	    nd->type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
		const xmlChar *v = xmlTextReaderConstValue(rd);
		nd->value = v ? (const char *)v : "";
	}
	return 1;
}

/* True when nd opens an element named name with content. */
static bool xml_opens(const struct xml_node *nd, const char *name)
{
	return nd->type == XML_READER_TYPE_ELEMENT && !nd->empty && strcmp(nd->name, name) == 0;
}

/* The text of rich text (<si>, <is>): every <t>, furigana (<rPh>) left
 * out.  Fed node by node; depths are -1 when closed. */
struct rich_text {
	int t_depth, rph_depth;
};
#define RICH_TEXT_INIT { -1, -1 }

/* Follows nd; the text to keep, or NULL. */
static const char *rich_text_step(struct rich_text *rt, const struct xml_node *nd)
{
	if (nd->type == XML_READER_TYPE_ELEMENT) {
		if (rt->rph_depth < 0 && xml_opens(nd, "rPh"))
			rt->rph_depth = nd->depth;
		else if (rt->t_depth < 0 && xml_opens(nd, "t"))
			rt->t_depth = nd->depth;
	} else if (nd->type == XML_READER_TYPE_END_ELEMENT) {
		if (nd->depth == rt->rph_depth)
			rt->rph_depth = -1;
		else if (nd->depth == rt->t_depth)
			rt->t_depth = -1;
	} else if (nd->value && rt->t_depth >= 0 && rt->rph_depth < 0) {
		return nd->value;
	}
	return NULL;
}

/* The shared strings: their text one after another in one buffer, each
 * cut at PEOPLE_IMPORT_MAX_CELL + 1 bytes (a cell that uses a longer one
 * is refused as too long). */
struct shared {
	struct buf text;
	size_t *off;
	size_t n, cap;
};

/* Reads xl/sharedStrings.xml.  -1 when malformed or past the limits (no
 * more strings than cells, no more text than the table's). */
static int shared_read(const char *x, size_t n, struct shared *ss)
{
	xmlTextReaderPtr rd = xml_reader(x, n);
	if (!rd)
		return -1;
	struct xml_node nd;
	struct rich_text rt = RICH_TEXT_INIT;
	int si_depth = -1, r;
	while ((r = xml_next(rd, &nd)) == 1) {
		if (si_depth < 0 && nd.depth == 1 && nd.type == XML_READER_TYPE_ELEMENT &&
		    strcmp(nd.name, "si") == 0) {
			if (ss->n >= PEOPLE_IMPORT_MAX_CELLS)
				break;
			ss->off = xgrow(ss->off, &ss->cap, ss->n + 2, sizeof *ss->off);
			ss->off[ss->n++] = ss->text.len;
			ss->off[ss->n] = ss->text.len;
			if (!nd.empty)
				si_depth = nd.depth;
			rt = (struct rich_text)RICH_TEXT_INIT;
			continue;
		}
		if (si_depth < 0)
			continue;
		if (nd.type == XML_READER_TYPE_END_ELEMENT && nd.depth == si_depth) {
			si_depth = -1;
			continue;
		}
		const char *v = rich_text_step(&rt, &nd);
		if (v) {
			size_t have = ss->text.len - ss->off[ss->n - 1], add = strlen(v);
			if (add > PEOPLE_IMPORT_MAX_CELL + 1 - have)
				add = PEOPLE_IMPORT_MAX_CELL + 1 - have;
			if (ss->text.len + add > PEOPLE_IMPORT_MAX_TEXT)
				break;
			buf_add(&ss->text, v, add);
			ss->off[ss->n] = ss->text.len;
		}
	}
	xmlFreeTextReader(rd);
	return r == 0 ? 0 : -1;
}

static void shared_release(struct shared *ss)
{
	buf_release(&ss->text);
	free(ss->off);
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

/* Where the sheet's stream is: in which row and cell, and what the cell
 * has so far. */
struct sheet_pos {
	bool in_data;             /* inside <sheetData> */
	struct people_row *row;   /* the open <row>, or NULL */
	size_t last_line;
	long next_col;
	bool in_cell;             /* inside <c> */
	long col;
	bool shared_ref;          /* t="s": <v> is an index into the shared strings */
	int v_depth, is_depth;    /* the open <v> and <is>, or -1 */
	struct rich_text rt;
	struct buf v, cell;
};

/* Opens a row (nd is <row>).  -1 with e filled when its number is out of
 * order or past the limit. */
static int sheet_row(xmlTextReaderPtr rd, const struct xml_node *nd, struct sheet_pos *sp,
		     struct people_table *t, const char *damaged, enum lang lang, struct err *e)
{
	xmlChar *rattr = xmlTextReaderGetAttribute(rd, (const xmlChar *)"r");
	size_t line = rattr ? strtoul((const char *)rattr, NULL, 10) : sp->last_line + 1;
	xmlFree(rattr);
	if (line <= sp->last_line || line > PEOPLE_IMPORT_MAX_ROWS)
		return line > PEOPLE_IMPORT_MAX_ROWS
			       ? err_set(e, L(lang, "行が多すぎます（%d行まで）。", "Too many rows (%d at most)."),
					 PEOPLE_IMPORT_MAX_ROWS)
			       : err_set(e, "%s", damaged);
	sp->last_line = line;
	struct people_row *row = add_row(t, line);
	sp->row = nd->empty ? NULL : row; /* <row/>: no cells, no end */
	sp->next_col = 0;
	return 0;
}

/* The message for a cell past its limits. */
static int cell_too_large(struct err *e, enum lang lang, size_t line)
{
	return err_set(e, L(lang, "%zu行目：列が多すぎるか、セルが長すぎます。",
			    "row %zu: too many columns, or a cell too long."), line);
}

/* Closes the open cell: its text goes into the row. */
static int sheet_cell_close(struct sheet_pos *sp, struct people_table *t, enum lang lang,
			    struct err *e)
{
	sp->in_cell = false;
	if (sp->col < 0 || sp->col >= PEOPLE_IMPORT_MAX_COLS || sp->cell.len > PEOPLE_IMPORT_MAX_CELL)
		return cell_too_large(e, lang, sp->row->line);
	if (set_cell(t, sp->row, (size_t)sp->col, sp->cell.data, sp->cell.len))
		return too_much(e, lang, sp->row->line);
	sp->next_col = sp->col + 1;
	return 0;
}

/* Opens a cell (nd is <c>); a cell without content is closed at once. */
static int sheet_cell(xmlTextReaderPtr rd, const struct xml_node *nd, struct sheet_pos *sp,
		      struct people_table *t, enum lang lang, struct err *e)
{
	xmlChar *ref = xmlTextReaderGetAttribute(rd, (const xmlChar *)"r");
	xmlChar *type = xmlTextReaderGetAttribute(rd, (const xmlChar *)"t");
	sp->col = ref ? col_of((const char *)ref) : sp->next_col;
	sp->shared_ref = type && strcmp((const char *)type, "s") == 0;
	xmlFree(ref);
	xmlFree(type);
	sp->in_cell = true;
	sp->v_depth = sp->is_depth = -1;
	buf_reset(&sp->cell);
	return nd->empty ? sheet_cell_close(sp, t, lang, e) : 0;
}

/* Closes <v>: a shared string's index, or the value itself. */
static void sheet_v_close(struct sheet_pos *sp, const struct shared *ss)
{
	sp->v_depth = -1;
	if (sp->shared_ref) {
		char *end;
		unsigned long ix = strtoul(sp->v.len ? sp->v.data : "", &end, 10);
		if (sp->v.len && !*end && ix < ss->n)
			buf_add(&sp->cell, ss->text.data + ss->off[ix], ss->off[ix + 1] - ss->off[ix]);
	} else {
		buf_add(&sp->cell, sp->v.data, sp->v.len);
	}
}

/* Reads the first worksheet's rows into t. */
static int sheet_read(const char *x, size_t n, const struct shared *ss, struct people_table *t,
		      const char *damaged, enum lang lang, struct err *e)
{
	xmlTextReaderPtr rd = xml_reader(x, n);
	if (!rd)
		return err_set(e, "%s", damaged);
	struct sheet_pos sp = { .v = BUF_INIT, .cell = BUF_INIT };
	struct xml_node nd;
	int r, rc = -1;
	while ((r = xml_next(rd, &nd)) == 1) {
		bool el = nd.type == XML_READER_TYPE_ELEMENT;
		bool end = nd.type == XML_READER_TYPE_END_ELEMENT;
		if (!sp.in_data) {
			sp.in_data = nd.depth == 1 && xml_opens(&nd, "sheetData");
		} else if (!sp.row) {
			if (el && nd.depth == 2 && strcmp(nd.name, "row") == 0 &&
			    sheet_row(rd, &nd, &sp, t, damaged, lang, e))
				goto out;
			if (end && nd.depth == 1)
				sp.in_data = false;
		} else if (!sp.in_cell) {
			if (el && nd.depth == 3 && strcmp(nd.name, "c") == 0 &&
			    sheet_cell(rd, &nd, &sp, t, lang, e))
				goto out;
			if (end && nd.depth == 2)
				sp.row = NULL;
		} else if (end && nd.depth == 3) {
			if (sheet_cell_close(&sp, t, lang, e))
				goto out;
		} else if (sp.v_depth >= 0) {
			if (end && nd.depth == sp.v_depth)
				sheet_v_close(&sp, ss);
			else if (nd.value)
				buf_adds(&sp.v, nd.value);
		} else if (sp.is_depth >= 0) {
			const char *v = rich_text_step(&sp.rt, &nd);
			if (end && nd.depth == sp.is_depth)
				sp.is_depth = -1;
			else if (v)
				buf_adds(&sp.cell, v);
		} else if (nd.depth == 4 && xml_opens(&nd, "v")) {
			sp.v_depth = nd.depth;
			buf_reset(&sp.v);
		} else if (nd.depth == 4 && xml_opens(&nd, "is")) {
			sp.is_depth = nd.depth;
			sp.rt = (struct rich_text)RICH_TEXT_INIT;
		}
		/* a cell's text stops growing at its limit, whatever the XML holds */
		if (sp.cell.len > PEOPLE_IMPORT_MAX_CELL || sp.v.len > PEOPLE_IMPORT_MAX_CELL) {
			cell_too_large(e, lang, sp.row ? sp.row->line : sp.last_line);
			goto out;
		}
	}
	if (r == 0)
		rc = 0;
	else
		err_set(e, "%s", damaged);
out:
	xmlFreeTextReader(rd);
	buf_release(&sp.v);
	buf_release(&sp.cell);
	return rc;
}

/* Reads an XLSX workbook's first sheet into t. */
static int xlsx_read(const char *data, size_t len, struct people_table *t, enum lang lang,
		     struct err *e)
{
	const unsigned char *z = (const unsigned char *)data;
	struct zentry en;
	struct shared ss = { BUF_INIT, NULL, 0, 0 };
	size_t xl;
	int rc = -1;
	const char *damaged = L(lang, "XLSXファイルを読み取れません（壊れているか、大きすぎます）。",
				"The XLSX file cannot be read (damaged or too large).");
	t->encoding = "XLSX";
	if (zip_find(z, len, "xl/sharedStrings.xml", NULL, &en) == 0) {
		char *x = zip_read(z, len, &en, &xl);
		int r = x ? shared_read(x, xl, &ss) : -1;
		free(x);
		if (r) {
			err_set(e, "%s", damaged);
			goto out;
		}
	}
	if (zip_find(z, len, "xl/worksheets/sheet1.xml", NULL, &en) &&
	    zip_find(z, len, NULL, "xl/worksheets/", &en)) {
		err_set(e, "%s", L(lang, "XLSXファイルにシートがありません。", "The XLSX file has no sheet."));
		goto out;
	}
	char *x = zip_read(z, len, &en, &xl);
	if (!x) {
		err_set(e, "%s", damaged);
		goto out;
	}
	rc = sheet_read(x, xl, &ss, t, damaged, lang, e);
	free(x);
out:
	shared_release(&ss);
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

/* Moves the cells of row's columns keep[0..nk) to its first columns, in
 * that order, and frees the rest. */
static void row_keep(struct people_row *row, const size_t *keep, size_t nk)
{
	char **cells = nk ? xcalloc(nk, sizeof *cells) : NULL;
	size_t m = 0;
	for (size_t k = 0; k < nk; k++)
		if (keep[k] < row->n) {
			cells[k] = row->cells[keep[k]];
			row->cells[keep[k]] = NULL;
			if (cells[k])
				m = k + 1;
		}
	for (size_t j = 0; j < row->n; j++)
		free(row->cells[j]);
	free(row->cells);
	row->cells = cells;
	row->n = m;
	if (!m) {
		free(cells);
		row->cells = NULL;
	}
}

/* See people_import.h.  The header row keeps every cell with text (the
 * columns understood first, in their order, then the others, so that
 * map_header() finds the same columns, the same duplicates and lists the
 * same ignored ones); every other row only the columns understood, in
 * the same order. */
void people_table_keep_known(struct people_table *t)
{
	size_t h = find_header(t);
	size_t *keep = NULL, nk = 0;
	if (h < t->n) {
		const struct people_row *hr = &t->v[h];
		keep = xcalloc(hr->n + 1, sizeof *keep);
		for (size_t j = 0; j < hr->n; j++)
			if (column_of(hr->cells[j]) >= 0)
				keep[nk++] = j;
		size_t n = nk;
		for (size_t j = 0; j < hr->n; j++)
			if (hr->cells[j] && hr->cells[j][0] && column_of(hr->cells[j]) < 0)
				keep[n++] = j;
		row_keep(&t->v[h], keep, n);
	}
	t->cells = t->text = 0;
	for (size_t i = 0; i < t->n; i++) {
		struct people_row *row = &t->v[i];
		if (i != h)
			row_keep(row, keep, i > h && h < t->n ? nk : 0);
		t->cells += row->n;
		for (size_t j = 0; j < row->n; j++)
			t->text += row->cells[j] ? strlen(row->cells[j]) : 0;
	}
	free(keep);
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
