/*
 * fuzz_jma_feed.c — libFuzzer target for jma/jma_feed.h: any bytes are
 * either a feed (released without a leak, every entry's fields readable
 * and bounded) or refused with a message; never a crash, a hang or an
 * unbounded allocation.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "jma/jma_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jma_feed f;
	struct err e = ERR_INIT;
	if (jma_feed_parse((const char *)data, size, "fuzz", LANG_JA, &f, &e) == 0) {
		if (f.n_entries > JMA_FEED_ENTRIES_MAX)
			__builtin_trap(); /* the bound did not hold */
		for (size_t i = 0; i < f.n_entries; i++) {
			const struct jma_feed_entry *en = &f.entries[i];
			if (strlen(en->link) > JMA_FEED_LINK_MAX || strlen(en->title) > JMA_TEXT_MAX)
				__builtin_trap();
			(void)jma_feed_entry_type(en);
			(void)(strlen(en->id) + strlen(en->updated) + strlen(en->author));
		}
		jma_feed_release(&f);
	} else if (!e.msg[0]) {
		__builtin_trap(); /* refused without saying why */
	}
	return 0;
}
