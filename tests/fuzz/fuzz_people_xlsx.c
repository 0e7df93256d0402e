/*
 * fuzz_people_xlsx.c — libFuzzer target for the XLSX side of the people
 * import (app/people_import.h).  Mutated zip bytes rarely get past the
 * container, so the input is the XML itself: the worksheet, then, after a
 * line "--sharedStrings--", the shared strings; the target stores them in
 * a zip (no compression) as xl/worksheets/sheet1.xml and
 * xl/sharedStrings.xml and reads that.  The properties are
 * people_check.h's.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "people_check.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Appends v as a little-endian integer of n bytes. */
static void le(struct buf *b, size_t v, int n)
{
	for (int i = 0; i < n; i++)
		buf_addc(b, (char)((v >> (8 * i)) & 0xff));
}

/* A zip of the parts, stored (method 0; the reader checks no CRC). */
static void zip(struct buf *z, const char *const name[], const char *const part[],
		const size_t len[], int n)
{
	size_t off[2];
	for (int i = 0; i < n; i++) {
		off[i] = z->len;
		le(z, 0x04034b50, 4);
		le(z, 20, 2); le(z, 0, 2); le(z, 0, 2); le(z, 0, 2); le(z, 0, 2);
		le(z, 0, 4); le(z, len[i], 4); le(z, len[i], 4);
		le(z, strlen(name[i]), 2); le(z, 0, 2);
		buf_adds(z, name[i]);
		buf_add(z, part[i], len[i]);
	}
	size_t cd = z->len;
	for (int i = 0; i < n; i++) {
		le(z, 0x02014b50, 4);
		le(z, 20, 2); le(z, 20, 2); le(z, 0, 2); le(z, 0, 2); le(z, 0, 2); le(z, 0, 2);
		le(z, 0, 4); le(z, len[i], 4); le(z, len[i], 4);
		le(z, strlen(name[i]), 2); le(z, 0, 2); le(z, 0, 2); le(z, 0, 2); le(z, 0, 2);
		le(z, 0, 4); le(z, off[i], 4);
		buf_adds(z, name[i]);
	}
	size_t cdl = z->len - cd;
	le(z, 0x06054b50, 4);
	le(z, 0, 2); le(z, 0, 2); le(z, (size_t)n, 2); le(z, (size_t)n, 2);
	le(z, cdl, 4); le(z, cd, 4); le(z, 0, 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n--sharedStrings--\n";
	const char *s = (const char *)data;
	const char *cut = NULL;
	for (size_t i = 0; i + sizeof sep - 1 <= size && !cut; i++)
		if (memcmp(s + i, sep, sizeof sep - 1) == 0)
			cut = s + i;
	const char *const name[2] = { "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml" };
	const char *const part[2] = { s, cut ? cut + sizeof sep - 1 : NULL };
	const size_t len[2] = { cut ? (size_t)(cut - s) : size,
				cut ? size - (size_t)(cut - s) - (sizeof sep - 1) : 0 };
	struct buf z = BUF_INIT;
	zip(&z, name, part, len, cut ? 2 : 1);
	people_check(z.data, z.len);
	buf_release(&z);
	return 0;
}
