/*
 * fuzz_plan_json.c — libFuzzer target for the plan import
 * (format/plan_json.h): any bytes are either a valid plan, which writes
 * back out and reads again to the same bytes (export → import → export is
 * the identity the README promises), or refused with at least one
 * message; never a crash, a leak or a hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format/plan_json.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan p = PLAN_INIT;
	struct buf errors = BUF_INIT;
	if (plan_json_read((const char *)data, size, "fuzz", &p, &errors, LANG_EN) == 0) {
		char *once = plan_json_write(&p);
		struct plan q = PLAN_INIT;
		struct buf again = BUF_INIT;
		if (plan_json_read(once, strlen(once), "again", &q, &again, LANG_EN) != 0)
			__builtin_trap(); /* what we wrote, we must read */
		char *twice = plan_json_write(&q);
		if (strcmp(once, twice) != 0)
			__builtin_trap(); /* the round trip is not the identity */
		free(twice);
		free(once);
		plan_release(&q);
		buf_release(&again);
		plan_release(&p);
	} else if (errors.len == 0) {
		__builtin_trap(); /* refused without saying why */
	}
	buf_release(&errors);
	return 0;
}
