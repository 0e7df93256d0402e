/*
 * people_check.h — what both people-import targets (fuzz_people_csv.c,
 * fuzz_people_xlsx.c) assert of app/people_import.h, included by each.
 *
 * A refusal has a message.  A table read is within every limit (rows,
 * columns, cells, text, a cell's bytes; each cell UTF-8) and its counts
 * are right.  And what the web page stages is what it previewed: the
 * table cut to the columns the import reads (people_table_keep_known),
 * written as CSV and read back by the apply (people_table_read_staged),
 * gives the same diff — the same digest — against a small plan as the
 * file read whole, with and without removing the people it lacks.
 */
#ifndef ITBCP_FUZZ_PEOPLE_CHECK_H
#define ITBCP_FUZZ_PEOPLE_CHECK_H

#include <stdlib.h>
#include <string.h>

#include "app/people_import.h"
#include "format/plan_json.h"
#include "util/utf8.h"

/* Two departments, three people, one of them holding a role. */
static const char people_check_plan[] =
	"{\"format\":\"itbcp-plan\",\"version\":1,\"organisation\":{\"name\":\"試験庁\"},"
	"\"departments\":[{\"id\":\"dept-a\",\"name\":\"部局A\",\"kind\":\"it\"},"
	"{\"id\":\"dept-b\",\"name\":\"部局B\",\"kind\":\"it\"}],"
	"\"people\":[{\"id\":\"p-sato\",\"name\":\"佐藤 一郎\",\"department\":\"dept-a\","
	"\"title\":\"部局A長\",\"phone\":\"03-0000-1001\",\"email\":\"ichiro.sato@example.go.jp\"},"
	"{\"id\":\"p-suzuki\",\"name\":\"鈴木 花子\",\"department\":\"dept-a\"},"
	"{\"id\":\"p-yamada\",\"name\":\"山田 太郎\",\"department\":\"dept-b\",\"mobile\":\"090-0000-1003\"}],"
	"\"roles\":[{\"id\":\"chief\",\"name\":\"統括\",\"structure\":\"promotion\"}],"
	"\"role_holders\":[{\"role\":\"chief\",\"person\":\"p-sato\",\"rank\":0}]}";

static struct plan people_check_p;

/* The plan, read once. */
static const struct plan *people_check_the_plan(void)
{
	static int done;
	if (!done) {
		struct buf errors = BUF_INIT;
		if (plan_json_read(people_check_plan, sizeof people_check_plan - 1, "fuzz",
				   &people_check_p, &errors, LANG_JA))
			__builtin_trap(); /* the fixture itself */
		buf_release(&errors);
		done = 1;
	}
	return &people_check_p;
}

/* The digest of t's diff against the plan. */
static void people_check_digest(const struct people_table *t, bool remove,
				char hex[PEOPLE_DIGEST_HEX])
{
	struct people_diff d;
	people_diff_compute(t, people_check_the_plan(), remove, LANG_JA, &d);
	people_diff_digest(&d, hex);
	people_diff_release(&d);
}

/* Reads data[0..size) as the upload page does and asserts the above. */
static void people_check(const char *data, size_t size)
{
	struct people_table t;
	struct err e = ERR_INIT;
	if (people_table_read(data, size, &t, LANG_EN, &e)) {
		if (!e.msg[0])
			__builtin_trap(); /* refused without saying why */
		return;
	}
	if (t.n > PEOPLE_IMPORT_MAX_ROWS || t.cells > PEOPLE_IMPORT_MAX_CELLS ||
	    t.text > PEOPLE_IMPORT_MAX_TEXT)
		__builtin_trap();
	size_t cells = 0, text = 0;
	for (size_t i = 0; i < t.n; i++) {
		if (t.v[i].n > PEOPLE_IMPORT_MAX_COLS || (i && t.v[i].line <= t.v[i - 1].line) ||
		    t.v[i].line > PEOPLE_IMPORT_MAX_ROWS)
			__builtin_trap();
		cells += t.v[i].n;
		for (size_t j = 0; j < t.v[i].n; j++) {
			const char *c = t.v[i].cells[j];
			size_t n = c ? strlen(c) : 0;
			if (n > PEOPLE_IMPORT_MAX_CELL || (c && !utf8_valid(c, n)) || (c && !n))
				__builtin_trap();
			text += n;
		}
	}
	if (cells != t.cells || text != t.text)
		__builtin_trap();
	char whole[2][PEOPLE_DIGEST_HEX], staged[2][PEOPLE_DIGEST_HEX];
	people_check_digest(&t, false, whole[0]);
	people_check_digest(&t, true, whole[1]);
	people_table_keep_known(&t);
	char *csv = people_table_csv(&t);
	struct people_table s;
	if (people_table_read_staged(csv, strlen(csv), &s, LANG_EN, &e))
		__builtin_trap(); /* staged, and the apply could not read it */
	people_check_digest(&s, false, staged[0]);
	people_check_digest(&s, true, staged[1]);
	if (strcmp(whole[0], staged[0]) || strcmp(whole[1], staged[1]))
		__builtin_trap(); /* apply would see other changes than the preview */
	if (s.text > t.text || s.cells > t.cells)
		__builtin_trap();
	free(csv);
	people_table_release(&s);
	people_table_release(&t);
}

#endif
