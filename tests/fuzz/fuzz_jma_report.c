/*
 * fuzz_jma_report.c — libFuzzer target for jma/jma_report.h: any bytes
 * are either a report (released without a leak) or refused with a
 * message; never a crash, a hang or an unbounded allocation.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "jma/jma_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jma_report r;
	struct err e = ERR_INIT;
	if (jma_report_parse((const char *)data, size, "fuzz", LANG_JA, &r, &e) == 0) {
		/* touch what a caller reads */
		size_t n = strlen(r.event_id) + strlen(r.title);
		for (size_t i = 0; i < r.n_areas; i++)
			n += strlen(r.areas[i].name) + strlen(r.areas[i].raw);
		(void)n;
		jma_report_release(&r);
	} else if (!e.msg[0]) {
		__builtin_trap(); /* refused without saying why */
	}
	return 0;
}
