/*
 * test_people_import.c — people in bulk: reading CSV (UTF-8 with and
 * without BOM, Shift_JIS/CP932, quoted fields holding commas, quotes and
 * line breaks) and XLSX (shared strings with furigana left out, inline
 * strings, a DTD refused), the diff against the demo plan (added, changed
 * field by field, removed, errors with row and column: a bad e-mail, an
 * unknown department, a duplicate id, a missing required column), and
 * the preview then apply over HTTP with a multipart upload, the audit
 * entry, a stale preview refused, and the size cap; and a person the
 * import removes loses their check-in link in the same apply (issue 15).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "app/app.h"
#include "app/people_import.h"
#include "format/plan_json.h"
#include "store/incident_store.h"
#include "store/store.h"
#include "store/users.h"
#include "util/buf.h"
#include "web/core/route.h"
#include "web/core/web.h"
#include "web_client.h"

/* A fresh demo database with the users of tests/support/web_client.h. */
static int setup(void **state)
{
	(void)state;
	return web_client_setup("people");
}

/* The demo plan, loaded from the test database. */
static void load_demo(struct plan *p)
{
	struct err e = ERR_INIT;
	*p = (struct plan)PLAN_INIT;
	assert_int_equal(store_load_plan(web_thread_store(&w, &e), p, &e), 0);
}

/* Reads text and compares it with the demo plan. */
static void diff_of(const char *text, size_t len, bool remove, struct people_table *t,
		    struct people_diff *d)
{
	struct err e = ERR_INIT;
	struct plan p;
	if (people_table_read(text, len, t, LANG_JA, &e))
		fail_msg("%s", e.msg);
	load_demo(&p);
	people_diff_compute(t, &p, remove, LANG_JA, d);
	plan_release(&p);
}

static void test_csv_bom_quotes(void **state)
{
	(void)state;
	const char csv[] = "\xEF\xBB\xBF" "id,氏名,所属,役職,携帯電話,備考\r\n"
			   "P-Sato,佐藤 一郎,部局A,\"部局A長, 兼務\",090-1111-2222,\"複数行\n\"\"備考\"\"\"\r\n"
			   "\r\n"
			   "p-new,\"新人, 花子\",dept-b,,,\n";
	struct people_table t;
	struct people_diff d;
	diff_of(csv, sizeof csv - 1, false, &t, &d);
	assert_string_equal(t.encoding, "UTF-8 (BOM)");
	assert_int_equal(t.n, 4);
	assert_string_equal(t.v[1].cells[3], "部局A長, 兼務");
	assert_string_equal(t.v[1].cells[5], "複数行\n\"備考\"");
	assert_int_equal(t.v[3].line, 4);
	assert_int_equal(d.n_err, 0);
	assert_int_equal(d.n_ignored, 1);
	assert_string_equal(d.ignored[0], "備考");
	assert_int_equal(d.added, 1);
	assert_int_equal(d.changed, 1);
	/* the change: title and mobile, old → new; the id lower-cased */
	const struct people_change *c = &d.v[0];
	assert_int_equal(c->kind, PEOPLE_CHANGE);
	assert_string_equal(c->person.id, "p-sato");
	assert_int_equal(c->row, 2);
	assert_int_equal(c->nf, 2);
	assert_string_equal(c->f[0].field, "title");
	assert_string_equal(c->f[0].old_value, "部局A長");
	assert_string_equal(c->f[0].new_value, "部局A長, 兼務");
	assert_string_equal(c->f[1].field, "mobile");
	assert_true(c->f[1].personal);
	assert_string_equal(d.v[1].person.name, "新人, 花子");
	assert_string_equal(d.v[1].person.department, "dept-b");
	assert_int_equal(d.v[1].row, 4);
	/* the normalised CSV reads back to the same table */
	char *norm = people_table_csv(&t);
	struct people_table t2;
	struct err e = ERR_INIT;
	assert_int_equal(people_table_read_csv(norm, strlen(norm), &t2, LANG_JA, &e), 0);
	assert_int_equal(t2.n, t.n);
	assert_string_equal(t2.v[1].cells[5], "複数行\n\"備考\"");
	assert_int_equal(t2.v[3].line, 4);
	free(norm);
	people_table_release(&t2);
	people_diff_release(&d);
	people_table_release(&t);
}

static void test_csv_cp932(void **state)
{
	(void)state;
	const char utf8[] = "職員番号,氏名,部局,メールアドレス\r\np-cp,漢字 太郎,部局B,taro@example.go.jp\r\n";
	char out[512], *in = (char *)utf8, *o = out;
	size_t left = sizeof utf8 - 1, room = sizeof out;
	iconv_t cd = iconv_open("CP932", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &left, &o, &room) != (size_t)-1);
	iconv_close(cd);
	struct people_table t;
	struct people_diff d;
	diff_of(out, sizeof out - room, false, &t, &d);
	assert_string_equal(t.encoding, "CP932");
	assert_int_equal(d.n_err, 0);
	assert_int_equal(d.added, 1);
	assert_string_equal(d.v[0].person.name, "漢字 太郎");
	assert_string_equal(d.v[0].person.department, "dept-b");
	assert_string_equal(d.v[0].person.email, "taro@example.go.jp");
	people_diff_release(&d);
	people_table_release(&t);
}

/* The private address (migration 014): read under its Japanese header,
 * checked as an address. */
static void test_private_email(void **state)
{
	(void)state;
	const char csv[] = "職員番号,氏名,メールアドレス,私用メールアドレス\n"
			   "p-x,X,x@example.go.jp,x@home.example.net\n"
			   "p-y,Y,y@example.go.jp,not-an-address\n";
	struct people_table t;
	struct people_diff d;
	diff_of(csv, sizeof csv - 1, false, &t, &d);
	assert_int_equal(d.n_err, 1);
	assert_int_equal(d.err[0].row, 3);
	assert_string_equal(d.err[0].column, "私用メールアドレス");
	assert_string_equal(d.v[0].person.email_private, "x@home.example.net");
	people_diff_release(&d);
	people_table_release(&t);
}

static void test_errors(void **state)
{
	(void)state;
	const char csv[] = "id,name,department,email,mobile\n"
			   "p-a,A,dept-a,a@example.go.jp,\n"
			   "p-b,B,dept-a,not-an-address,\n"
			   "p-c,C,no-dept,,\n"
			   "p-a,A again,,,\n"
			   "Bad Id!,D,,,\n"
			   "p-e,,,,abc\n";
	struct people_table t;
	struct people_diff d;
	diff_of(csv, sizeof csv - 1, false, &t, &d);
	assert_int_equal(d.n_err, 6);
	assert_int_equal(d.err[0].row, 3);
	assert_string_equal(d.err[0].column, "email");
	assert_non_null(strstr(d.err[0].reason, "メールアドレス"));
	assert_int_equal(d.err[1].row, 4);
	assert_string_equal(d.err[1].column, "department");
	assert_int_equal(d.err[2].row, 5);
	assert_non_null(strstr(d.err[2].reason, "重複"));
	assert_int_equal(d.err[3].row, 6);
	assert_string_equal(d.err[3].column, "id");
	assert_int_equal(d.err[4].row, 7);
	assert_string_equal(d.err[4].column, "name");
	assert_int_equal(d.err[5].row, 7);
	assert_string_equal(d.err[5].column, "mobile");
	people_diff_release(&d);
	people_table_release(&t);
	/* a required column missing; an unclosed quote; removal of a role holder */
	diff_of("氏名,所属\n誰か,部局A\n", 24, false, &t, &d);
	assert_int_equal(d.n_err, 1);
	assert_non_null(strstr(d.err[0].reason, "職員番号"));
	people_diff_release(&d);
	people_table_release(&t);
	struct err e = ERR_INIT;
	assert_int_equal(people_table_read("id,name\n\"open,x\n", 16, &t, LANG_EN, &e), -1);
	assert_non_null(strstr(e.msg, "not closed"));
	diff_of("id,name\np-new,New\n", 18, true, &t, &d);
	assert_true(d.n_err > 0); /* the demo's role holders cannot be removed */
	assert_int_equal(d.err[0].row, 0);
	people_diff_release(&d);
	people_table_release(&t);
	/* bytes that are neither UTF-8 nor CP932 */
	assert_int_equal(people_table_read("id,name\n\x81\x7f\xff\n", 12, &t, LANG_JA, &e), -1);
}

/* The change of field in d's change of person id, or NULL. */
static const struct people_field_change *change_of(const struct people_diff *d, const char *id,
						   const char *field)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].kind == PEOPLE_CHANGE && strcmp(d->v[i].person.id, id) == 0)
			for (size_t f = 0; f < d->v[i].nf; f++)
				if (strcmp(d->v[i].f[f].field, field) == 0)
					return &d->v[i].f[f];
	return NULL;
}

/* An extension column (内線) is not the phone number: with the number
 * beside it or alone, it is listed as ignored and the number is kept. */
static void test_extension_is_not_the_phone(void **state)
{
	(void)state;
	struct people_table t;
	struct people_diff d;
	const char both[] = "職員番号,氏名,電話番号,内線\np-sato,佐藤 一郎,03-0000-1001,1001\n";
	diff_of(both, sizeof both - 1, false, &t, &d);
	assert_int_equal(d.n_err, 0);
	assert_int_equal(d.unchanged, 1);
	assert_null(change_of(&d, "p-sato", "phone"));
	assert_int_equal(d.n_ignored, 1);
	assert_string_equal(d.ignored[0], "内線");
	people_diff_release(&d);
	people_table_release(&t);
	const char alone[] = "職員番号,氏名,内線\np-sato,佐藤 一郎,1001\n";
	diff_of(alone, sizeof alone - 1, false, &t, &d);
	assert_int_equal(d.n_err, 0);
	assert_null(change_of(&d, "p-sato", "phone"));
	people_diff_release(&d);
	people_table_release(&t);
}

/* Full-width numbers are stored as ASCII, so that tel: links dial them;
 * the same number typed either way is no change. */
static void test_full_width_phone_normalised(void **state)
{
	(void)state;
	struct people_table t;
	struct people_diff d;
	const char csv[] = "職員番号,氏名,携帯電話,電話番号\n"
			   "p-sato,佐藤 一郎,０９０－１２３４－５６７８,０３ー００００ー１００１\n";
	diff_of(csv, sizeof csv - 1, false, &t, &d);
	assert_int_equal(d.n_err, 0);
	const struct people_field_change *m = change_of(&d, "p-sato", "mobile");
	assert_non_null(m);
	assert_string_equal(m->new_value, "090-1234-5678");
	assert_null(change_of(&d, "p-sato", "phone")); /* 03-0000-1001 already */
	people_diff_release(&d);
	people_table_release(&t);
}

/* ---- a tiny zip writer for XLSX fixtures -------------------------------- */

/* Appends a little-endian integer of n bytes. */
static void le(struct buf *b, unsigned long v, int n)
{
	for (int i = 0; i < n; i++)
		buf_addc(b, (char)((v >> (8 * i)) & 0xff));
}

struct zfile {
	const char *name, *data;
};

/* A zip of files, each deflated. */
static void make_zip(struct buf *z, const struct zfile *f, size_t n)
{
	unsigned long off[8], crc[8], csz[8];
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(f[i].data);
		size_t cap = compressBound((uLong)len) + 64;
		unsigned char *out = malloc(cap);
		z_stream s;
		memset(&s, 0, sizeof s);
		assert_int_equal(deflateInit2(&s, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
		s.next_in = (Bytef *)f[i].data;
		s.avail_in = (uInt)len;
		s.next_out = out;
		s.avail_out = (uInt)cap;
		assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
		csz[i] = cap - s.avail_out;
		deflateEnd(&s);
		crc[i] = crc32(0, (const Bytef *)f[i].data, (uInt)len);
		off[i] = z->len;
		le(z, 0x04034b50, 4);
		le(z, 20, 2); le(z, 0, 2); le(z, 8, 2); le(z, 0, 2); le(z, 0, 2);
		le(z, crc[i], 4); le(z, csz[i], 4); le(z, len, 4);
		le(z, strlen(f[i].name), 2); le(z, 0, 2);
		buf_adds(z, f[i].name);
		buf_add(z, out, csz[i]);
		free(out);
	}
	size_t cd = z->len;
	for (size_t i = 0; i < n; i++) {
		le(z, 0x02014b50, 4);
		le(z, 20, 2); le(z, 20, 2); le(z, 0, 2); le(z, 8, 2); le(z, 0, 2); le(z, 0, 2);
		le(z, crc[i], 4); le(z, csz[i], 4); le(z, strlen(f[i].data), 4);
		le(z, strlen(f[i].name), 2); le(z, 0, 2); le(z, 0, 2); le(z, 0, 2); le(z, 0, 2);
		le(z, 0, 4); le(z, off[i], 4);
		buf_adds(z, f[i].name);
	}
	size_t cdl = z->len - cd;
	le(z, 0x06054b50, 4);
	le(z, 0, 2); le(z, 0, 2); le(z, n, 2); le(z, n, 2);
	le(z, cdl, 4); le(z, cd, 4); le(z, 0, 2);
}

static const char sheet_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	"<c r=\"C1\" t=\"inlineStr\"><is><t>電話番号</t></is></c></row>"
	"<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>p-x1</t></is></c><c r=\"B3\" t=\"s\"><v>2</v></c>"
	"<c r=\"C3\"><v>0312345678</v></c></row>"
	"</sheetData></worksheet>";
static const char shared_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<si><t>職員番号</t></si><si><t>氏名</t></si>"
	"<si><r><t>高橋</t></r><r><t xml:space=\"preserve\"> 三郎</t></r>"
	"<rPh sb=\"0\" eb=\"2\"><t>タカハシ</t></rPh></si></sst>";

static void test_xlsx(void **state)
{
	(void)state;
	struct buf z = BUF_INIT;
	struct zfile files[] = { { "xl/sharedStrings.xml", shared_xml },
				 { "xl/worksheets/sheet1.xml", sheet_xml } };
	make_zip(&z, files, 2);
	struct people_table t;
	struct people_diff d;
	diff_of(z.data, z.len, false, &t, &d);
	assert_string_equal(t.encoding, "XLSX");
	assert_int_equal(d.n_err, 0);
	assert_int_equal(d.added, 1);
	assert_string_equal(d.v[0].person.name, "高橋 三郎"); /* furigana left out */
	assert_string_equal(d.v[0].person.phone, "0312345678");
	assert_int_equal(d.v[0].row, 3);
	people_diff_release(&d);
	people_table_release(&t);
	buf_release(&z);
	/* a DTD (entity tricks) is refused */
	struct buf z2 = BUF_INIT;
	struct zfile evil[] = { { "xl/worksheets/sheet1.xml",
				  "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]>"
				  "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&a;</t></is>"
				  "</c></row></sheetData></worksheet>" } };
	make_zip(&z2, evil, 1);
	struct err e = ERR_INIT;
	assert_int_equal(people_table_read(z2.data, z2.len, &t, LANG_JA, &e), -1);
	/* a damaged zip */
	z2.data[z2.len - 10] ^= 0x55;
	assert_int_equal(people_table_read(z2.data, z2.len - 30, &t, LANG_JA, &e), -1);
	buf_release(&z2);
}

/* The sheet read as a stream reads what the tree did: entities and
 * CDATA in text, empty rows (<row/>) and cells (<c/>), a shared string
 * index out of range as an empty cell, furigana left out of inline rich
 * text too. */
static void test_xlsx_stream(void **state)
{
	(void)state;
	struct buf z = BUF_INIT;
	struct zfile files[] = {
		{ "xl/sharedStrings.xml", "<sst><si><t>id</t></si><si><t>氏名</t></si></sst>" },
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c><c/><c t=\"s\"><v>1</v></c>"
		  "</row><row r=\"2\"/><row r=\"4\"><c t=\"inlineStr\"><is><t>p-a&amp;b</t></is></c>"
		  "<c t=\"s\"><v>7</v></c><c t=\"inlineStr\"><is><r><t><![CDATA[伊藤]]></t></r>"
		  "<rPh><t>イトウ</t></rPh><r><t xml:space=\"preserve\"> 四郎&#x3042;</t></r></is></c></row>"
		  "</sheetData></worksheet>" },
	};
	make_zip(&z, files, 2);
	struct people_table t;
	struct err e = ERR_INIT;
	assert_int_equal(people_table_read(z.data, z.len, &t, LANG_JA, &e), 0);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.v[0].n, 3);
	assert_string_equal(t.v[0].cells[0], "id");
	assert_null(t.v[0].cells[1]);
	assert_string_equal(t.v[0].cells[2], "氏名");
	assert_int_equal(t.v[1].line, 2);
	assert_int_equal(t.v[1].n, 0);
	assert_int_equal(t.v[2].line, 4);
	assert_string_equal(t.v[2].cells[0], "p-a&b");
	assert_null(t.v[2].cells[1]);
	assert_string_equal(t.v[2].cells[2], "伊藤 四郎あ");
	assert_int_equal(t.cells, 6);
	people_table_release(&t);
	buf_release(&z);
}

/* ---- limits in all (issue 15 item 4) ------------------------------------ */

/* people_table_read of text refuses it, with a message holding want. */
static void refused(const char *data, size_t len, const char *want)
{
	struct people_table t;
	struct err e = ERR_INIT;
	assert_int_equal(people_table_read(data, len, &t, LANG_JA, &e), -1);
	if (!strstr(e.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, want);
}

/* Rows, cells and text are bounded in all, not only per cell: a 4 KB
 * XLSX whose 60,000 cells each name one 4,000-byte shared string would
 * be 240 MB of text; a sheet of empty cells <c/> a million cells. */
static void test_limits_in_all(void **state)
{
	(void)state;
	/* rows: the header and 20,000 people is one row too many */
	struct buf csv = BUF_INIT;
	buf_adds(&csv, "id,氏名\r\n");
	for (int i = 0; i < PEOPLE_IMPORT_MAX_ROWS; i++)
		buf_addf(&csv, "p-%d,名前\r\n", i);
	refused(csv.data, csv.len, "行が多すぎます（20000行まで）");
	/* 20,000 rows in all are read */
	struct people_table t;
	struct err e = ERR_INIT;
	size_t cut = (size_t)(strstr(csv.data, "p-19999,") - csv.data);
	assert_int_equal(people_table_read(csv.data, cut, &t, LANG_JA, &e), 0);
	assert_int_equal(t.n, PEOPLE_IMPORT_MAX_ROWS);
	people_table_release(&t);
	/* cells: 5,001 rows of 200 empty cells (1 MB of commas) */
	buf_reset(&csv);
	for (int i = 0; i <= 5000; i++) {
		for (int j = 0; j < PEOPLE_IMPORT_MAX_COLS - 1; j++)
			buf_addc(&csv, ',');
		buf_adds(&csv, "\n");
	}
	refused(csv.data, csv.len, "ファイル全体のセルか文字が多すぎます（セル1000000個、文字8MiBまで）");
	/* columns: 200 cells and a comma that ends the file were 201 columns
	 * (fuzz_people_csv; tests/fuzz/corpus/people_csv/201_columns.csv) */
	buf_reset(&csv);
	buf_adds(&csv, "id,氏名\r\np-1,X");
	for (int j = 2; j < PEOPLE_IMPORT_MAX_COLS; j++)
		buf_adds(&csv, ",x");
	assert_int_equal(people_table_read(csv.data, csv.len, &t, LANG_JA, &e), 0);
	assert_int_equal(t.v[1].n, PEOPLE_IMPORT_MAX_COLS);
	people_table_release(&t);
	buf_addc(&csv, ',');
	refused(csv.data, csv.len, "2行目：列が多すぎます（200列まで）");
	buf_release(&csv);

	/* text: one shared string of 4,000 bytes named by 600 × 100 cells */
	struct buf sst = BUF_INIT, sheet = BUF_INIT, z = BUF_INIT;
	buf_adds(&sst, "<sst><si><t>id</t></si><si><t>name</t></si><si><t>");
	for (int i = 0; i < 4000; i++)
		buf_addc(&sst, 'x');
	buf_adds(&sst, "</t></si></sst>");
	buf_adds(&sheet, "<worksheet><sheetData><row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c></row>");
	for (int i = 0; i < 600; i++) {
		buf_adds(&sheet, "<row>");
		for (int j = 0; j < 100; j++)
			buf_adds(&sheet, "<c t=\"s\"><v>2</v></c>");
		buf_adds(&sheet, "</row>");
	}
	buf_adds(&sheet, "</sheetData></worksheet>");
	struct zfile bomb[] = { { "xl/sharedStrings.xml", sst.data },
				{ "xl/worksheets/sheet1.xml", sheet.data } };
	make_zip(&z, bomb, 2);
	assert_true(z.len < 8192);
	refused(z.data, z.len, "ファイル全体のセルか文字が多すぎます");
	/* cells: a sheet of 6,000 rows of 199 empty cells each */
	buf_reset(&sheet);
	buf_reset(&z);
	buf_adds(&sheet, "<worksheet><sheetData>");
	for (int i = 0; i < 6000; i++) {
		buf_adds(&sheet, "<row>");
		for (int j = 0; j < PEOPLE_IMPORT_MAX_COLS - 1; j++)
			buf_adds(&sheet, "<c/>");
		buf_adds(&sheet, "</row>");
	}
	buf_adds(&sheet, "</sheetData></worksheet>");
	struct zfile empty[] = { { "xl/worksheets/sheet1.xml", sheet.data } };
	make_zip(&z, empty, 1);
	refused(z.data, z.len, "ファイル全体のセルか文字が多すぎます");
	buf_release(&sst);
	buf_release(&sheet);
	buf_release(&z);
}

/* What is staged is only what the import reads (the header, and the
 * columns understood below it), and it gives the same diff as the file
 * read whole: preview and apply agree. */
static void test_keep_known(void **state)
{
	(void)state;
	const char csv[] = "職員名簿（令和8年4月1日）\r\n"
			   "\r\n"
			   "備考,id,住所,氏名,メール,役職\r\n"
			   "長い備考,p-sato,東京都千代田区,佐藤 一郎,bad@@x,部局A長（兼）\r\n"
			   ",p-new9,どこか,新規 九郎,,主事\r\n"
			   "メモだけ,,,,,\r\n";
	struct people_table t;
	struct people_diff d1, d2;
	struct plan p;
	struct err e = ERR_INIT;
	char h1[PEOPLE_DIGEST_HEX], h2[PEOPLE_DIGEST_HEX];
	/* the title row is text, so it is the header: no id column */
	diff_of(csv, sizeof csv - 1, false, &t, &d1);
	assert_true(d1.n_err > 0);
	people_diff_release(&d1);
	people_table_release(&t);
	/* without it, the header is row 3 (rows keep their numbers) */
	char *text = strdup(csv);
	size_t title = (size_t)(strstr(csv, "\r\n") - csv);
	memmove(text, text + title, sizeof csv - title);
	diff_of(text, strlen(text), true, &t, &d1);
	people_diff_digest(&d1, h1);
	assert_int_equal(d1.n_err, 1);
	assert_int_equal(d1.err[0].row, 4);
	people_table_keep_known(&t);
	char *staged = people_table_csv(&t);
	assert_string_equal(staged, "\r\n\r\nid,氏名,メール,役職,備考,住所\r\n"
				    "p-sato,佐藤 一郎,bad@@x,部局A長（兼）\r\n"
				    "p-new9,新規 九郎,,主事\r\n\r\n");
	struct people_table t2;
	assert_int_equal(people_table_read_staged(staged, strlen(staged), &t2, LANG_JA, &e), 0);
	load_demo(&p);
	people_diff_compute(&t2, &p, true, LANG_JA, &d2);
	plan_release(&p);
	people_diff_digest(&d2, h2);
	assert_string_equal(h1, h2);
	assert_int_equal(d2.n_ignored, 2);
	assert_string_equal(d2.ignored[0], "備考");
	assert_int_equal(d2.added, d1.added);
	free(staged);
	free(text);
	people_diff_release(&d1);
	people_diff_release(&d2);
	people_table_release(&t);
	people_table_release(&t2);

	/* an XLSX whose first cell starts with U+FEFF: staged, the BOM is
	 * quoted, or reading the CSV back would drop it and find an id column
	 * the preview did not (the preview's errors, the apply's none) */
	struct buf z = BUF_INIT;
	struct zfile files[] = { { "xl/worksheets/sheet1.xml",
				   "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>\xEF\xBB\xBFid</t></is></c>"
				   "</row><row><c t=\"inlineStr\"><is><t>p-bom</t></is></c></row></sheetData></worksheet>" } };
	make_zip(&z, files, 1);
	diff_of(z.data, z.len, false, &t, &d1);
	assert_int_equal(d1.n_err, 2); /* no id, no name: "\uFEFFid" is not "id" */
	people_diff_digest(&d1, h1);
	people_table_keep_known(&t);
	staged = people_table_csv(&t);
	assert_int_equal(staged[0], '"');
	assert_int_equal(people_table_read_staged(staged, strlen(staged), &t2, LANG_JA, &e), 0);
	load_demo(&p);
	people_diff_compute(&t2, &p, false, LANG_JA, &d2);
	plan_release(&p);
	people_diff_digest(&d2, h2);
	assert_string_equal(h1, h2);
	free(staged);
	buf_release(&z);
	people_diff_release(&d1);
	people_diff_release(&d2);
	people_table_release(&t);
	people_table_release(&t2);
}

/* A multipart body with the CSRF token, a file and optional fields. */
static void multipart(struct buf *b, const char *csrf, const char *filename, const char *data,
		      size_t len, bool remove)
{
	buf_addf(b, "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", csrf);
	if (remove)
		buf_adds(b, "--XyZ\r\nContent-Disposition: form-data; name=\"remove_missing\"\r\n\r\n1\r\n");
	buf_addf(b, "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
		    "Content-Type: text/csv\r\n\r\n", filename);
	buf_add(b, data, len);
	buf_adds(b, "\r\n--XyZ--\r\n");
}

/* The value of the hidden input name in body, into out (128 bytes). */
static void hidden(const char *body, const char *name, char *out)
{
	char needle[64];
	snprintf(needle, sizeof needle, "name=\"%s\" value=\"", name);
	const char *p = strstr(body, needle);
	assert_non_null(p);
	p += strlen(needle);
	snprintf(out, 128, "%.*s", (int)strcspn(p, "\""), p);
}

/* Changes 佐藤's title in the plan (someone else editing). */
static void retitle(struct plan *p)
{
	for (size_t i = 0; i < p->n_people; i++)
		if (strcmp(p->people[i].id, "p-sato") == 0) {
			free(p->people[i].title);
			p->people[i].title = strdup("別の役職");
		}
}

static void test_http_preview_apply(void **state)
{
	(void)state;
	struct client pat, vera;
	struct web_response res = WEB_RESPONSE_INIT;
	char csrf[64], token[128], digest[128];
	sign_in(&pat, "pat", "planner-pass-1");
	sign_in(&vera, "vera", "viewer-pass-1");
	send_req(&vera, "GET", "/people/import", NULL, &res);
	assert_int_equal(res.status, 403);
	send_req(&pat, "GET", "/people/import", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "enctype=\"multipart/form-data\""));
	csrf_of(&res, csrf);

	/* a file with an error: preview lists it, offers no apply */
	const char bad[] = "id,氏名,メール\r\np-sato,佐藤 一郎,bad@@x\r\n";
	struct buf b = BUF_INIT;
	multipart(&b, csrf, "hr.csv", bad, sizeof bad - 1, false);
	send_raw(&pat, "POST", "/people/import", "multipart/form-data; boundary=XyZ", b.data, b.len, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "<tr><td class=\"num\">2</td><td>メール</td>"));
	assert_null(strstr(res.body, "/people/import/apply"));

	/* a good file: preview, then apply */
	const char good[] = "id,氏名,所属,役職\r\np-sato,佐藤 一郎,部局A,部局A長（兼）\r\np-new1,新規 一郎,dept-b,主査\r\n";
	buf_reset(&b);
	multipart(&b, csrf, "C:\\hr\\people.csv", good, sizeof good - 1, false);
	send_raw(&pat, "POST", "/people/import", "multipart/form-data; boundary=XyZ", b.data, b.len, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "<p class=\"lead\">people.csv（UTF-8）</p>"));
	assert_non_null(strstr(res.body, "<del>部局A長</del></td><td>→ <ins>部局A長（兼）</ins>"));
	assert_non_null(strstr(res.body, "<th scope=\"row\">p-new1</th><td>新規 一郎</td><td>部局B</td>"));
	hidden(res.body, "token", token);
	hidden(res.body, "digest", digest);
	/* nothing applied yet */
	struct plan p;
	load_demo(&p);
	assert_null(plan_person(&p, "p-new1"));
	size_t before = p.n_people;
	plan_release(&p);
	/* a wrong token, a missing CSRF token: refused */
	struct buf f = BUF_INIT;
	buf_addf(&f, "csrf=%s&token=nope&digest=%s", csrf, digest);
	send_req(&pat, "POST", "/people/import/apply", f.data, &res);
	assert_int_equal(res.status, 409);
	buf_reset(&f);
	buf_addf(&f, "token=%s&digest=%s", token, digest);
	send_req(&pat, "POST", "/people/import/apply", f.data, &res);
	assert_int_equal(res.status, 403);
	buf_reset(&f);
	buf_addf(&f, "csrf=%s&token=%s&digest=%s", csrf, token, digest);
	send_req(&pat, "POST", "/people/import/apply", f.data, &res);
	assert_int_equal(res.status, 303);
	load_demo(&p);
	assert_int_equal(p.n_people, before + 1);
	assert_string_equal(plan_person(&p, "p-new1")->department, "dept-b");
	assert_string_equal(plan_person(&p, "p-sato")->title, "部局A長（兼）");
	assert_string_equal(plan_person(&p, "p-sato")->mobile, "090-0000-1001"); /* column absent: kept */
	plan_release(&p);
	/* applied once only */
	send_req(&pat, "POST", "/people/import/apply", f.data, &res);
	assert_int_equal(res.status, 409);
	/* the audit log has it */
	struct err e = ERR_INIT;
	struct audit_entry *v;
	size_t n;
	assert_int_equal(users_audit_list(web_thread_store(&w, &e), 0, 5, &v, &n, &e), 0);
	assert_string_equal(v[0].action, "people.import");
	assert_string_equal(v[0].actor, "pat");
	assert_non_null(strstr(v[0].detail, "added=1 changed=1 removed=0"));
	users_audit_free(v, n);

	/* one bad row does not hide the others: both shown, the good applied */
	const char mixed[] =
		"id,氏名,役職,メール\r\np-new2,新規 二郎,主事,\r\np-sato,佐藤 一郎,別,bad@@x\r\n";
	buf_reset(&b);
	multipart(&b, csrf, "mixed.csv", mixed, sizeof mixed - 1, false);
	send_raw(&pat, "POST", "/people/import", "multipart/form-data; boundary=XyZ", b.data, b.len,
		 &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "<tr><td class=\"num\">3</td><td>メール</td>"));
	assert_non_null(strstr(res.body, "<th scope=\"row\">p-new2</th>"));
	assert_non_null(strstr(res.body, "エラーの行を除いて反映する"));
	assert_non_null(strstr(res.body, "enctype=\"multipart/form-data\"")); /* or fix the file */
	hidden(res.body, "token", token);
	hidden(res.body, "digest", digest);
	buf_reset(&f);
	buf_addf(&f, "csrf=%s&token=%s&digest=%s", csrf, token, digest);
	send_req(&pat, "POST", "/people/import/apply", f.data, &res);
	assert_int_equal(res.status, 303);
	load_demo(&p);
	assert_non_null(plan_person(&p, "p-new2"));
	assert_string_equal(plan_person(&p, "p-sato")->title, "部局A長（兼）"); /* bad row: untouched */
	plan_release(&p);

	/* a preview that went stale: the plan changed before apply */
	const char again[] = "id,氏名,役職\r\np-sato,佐藤 一郎,部局A長\r\n";
	buf_reset(&b);
	multipart(&b, csrf, "again.csv", again, sizeof again - 1, false);
	send_raw(&pat, "POST", "/people/import", "multipart/form-data; boundary=XyZ", b.data, b.len, &res);
	hidden(res.body, "token", token);
	hidden(res.body, "digest", digest);
	edit_plan(retitle);
	buf_reset(&f);
	buf_addf(&f, "csrf=%s&token=%s&digest=%s", csrf, token, digest);
	send_req(&pat, "POST", "/people/import/apply", f.data, &res);
	assert_int_equal(res.status, 409);
	assert_non_null(strstr(res.body, "確認の後に計画の担当者が変わりました"));
	load_demo(&p);
	assert_string_equal(plan_person(&p, "p-sato")->title, "別の役職");
	plan_release(&p);

	/* malformed multipart: 400; oversized body: 413 */
	send_raw(&pat, "POST", "/people/import", "multipart/form-data; boundary=XyZ", "garbage", 7, &res);
	assert_int_equal(res.status, 400);
	size_t big = w.body_max + 1;
	char *huge = calloc(1, big);
	send_raw(&pat, "POST", "/people/import", "multipart/form-data; boundary=XyZ", huge, big, &res);
	assert_int_equal(res.status, 413);
	free(huge);
	/* no file chosen */
	buf_reset(&b);
	buf_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n--XyZ--\r\n", csrf);
	send_raw(&pat, "POST", "/people/import", "multipart/form-data; boundary=XyZ", b.data, b.len, &res);
	assert_int_equal(res.status, 422);
	buf_release(&b);
	buf_release(&f);
	web_response_release(&res);
}

/* An import that removes a person revokes their check-in link with the
 * removal; the people kept keep theirs. */
static void test_removal_revokes_link(void **state)
{
	(void)state;
	struct client pat;
	struct web_response res = WEB_RESPONSE_INIT;
	struct err e = ERR_INIT;
	struct store *st = web_thread_store(&w, &e);
	char csrf[64], token[128], digest[128], who[64];
	char gone[STORE_TOKEN_LEN + 1], kept[STORE_TOKEN_LEN + 1];
	assert_int_equal(store_checkin_token(st, "p-yamada", gone, &e), 0);
	assert_int_equal(store_checkin_token(st, "p-sato", kept, &e), 0);
	/* everyone but p-yamada, with "remove the people not in the file" */
	struct plan p;
	struct buf csv = BUF_INIT, b = BUF_INIT, f = BUF_INIT;
	load_demo(&p);
	buf_adds(&csv, "id,氏名\r\n");
	for (size_t i = 0; i < p.n_people; i++)
		if (strcmp(p.people[i].id, "p-yamada") != 0)
			buf_addf(&csv, "%s,%s\r\n", p.people[i].id, p.people[i].name);
	plan_release(&p);
	sign_in(&pat, "pat", "planner-pass-1");
	send_req(&pat, "GET", "/people/import", NULL, &res);
	csrf_of(&res, csrf);
	multipart(&b, csrf, "all-but-one.csv", csv.data, csv.len, true);
	send_raw(&pat, "POST", "/people/import", "multipart/form-data; boundary=XyZ", b.data, b.len,
		 &res);
	assert_int_equal(res.status, 200);
	hidden(res.body, "token", token);
	hidden(res.body, "digest", digest);
	buf_addf(&f, "csrf=%s&token=%s&digest=%s", csrf, token, digest);
	send_req(&pat, "POST", "/people/import/apply", f.data, &res);
	assert_int_equal(res.status, 303);
	load_demo(&p);
	assert_null(plan_person(&p, "p-yamada"));
	plan_release(&p);
	assert_int_equal(store_checkin_token_lookup(st, gone, who, sizeof who, &e), 0);
	assert_int_equal(store_checkin_token_lookup(st, kept, who, sizeof who, &e), 1);
	assert_string_equal(who, "p-sato");
	buf_release(&csv);
	buf_release(&b);
	buf_release(&f);
	web_response_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_bom_quotes),
		cmocka_unit_test(test_csv_cp932),
		cmocka_unit_test(test_private_email),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_xlsx_stream),
		cmocka_unit_test(test_limits_in_all),
		cmocka_unit_test(test_keep_known),
		cmocka_unit_test(test_http_preview_apply),
		cmocka_unit_test(test_removal_revokes_link),
		cmocka_unit_test(test_extension_is_not_the_phone),
		cmocka_unit_test(test_full_width_phone_normalised),
	};
	return cmocka_run_group_tests(tests, setup, web_client_teardown);
}
