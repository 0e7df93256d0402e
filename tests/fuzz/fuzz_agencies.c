/*
 * fuzz_agencies.c — libFuzzer target for the agencies file of a shared
 * service and the host a Host header names (format/agency_list.h).  Any
 * bytes are either refused with a message or give 1..AGENCY_LIST_MAX
 * agencies whose hosts are distinct, lower case, made of host characters
 * and named again by agency_host_of as they are; whatever agency_host_of
 * accepts it gives back in a form it accepts again unchanged.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "format/agency_list.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when host holds only what a host name may, lower case. */
static int plain_host(const char *host)
{
	for (const char *p = host; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			return 0;
	return host[0] != '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct agency_list l;
	struct err e = ERR_INIT;
	if (agency_list_parse(s, size, "f", LANG_EN, &l, &e)) {
		if (!e.msg[0] || strncmp(e.msg, "f", 1) != 0)
			__builtin_trap(); /* a refusal says why, naming the file */
	} else {
		if (l.n == 0 || l.n > AGENCY_LIST_MAX)
			__builtin_trap();
		for (size_t i = 0; i < l.n; i++) {
			char again[AGENCY_HOST_MAX + 1];
			if (!plain_host(l.v[i].host) || !agency_host_of(l.v[i].host, again) ||
			    strcmp(again, l.v[i].host) != 0 || !l.v[i].db[0])
				__builtin_trap();
			for (size_t j = 0; j < i; j++)
				if (strcmp(l.v[i].host, l.v[j].host) == 0)
					__builtin_trap();
		}
	}
	agency_list_release(&l);

	/* The same bytes as a Host header's value (up to a NUL). */
	char value[512];
	size_t n = size < sizeof value - 1 ? size : sizeof value - 1;
	memcpy(value, s, n);
	value[n] = '\0';
	char host[AGENCY_HOST_MAX + 1], again[AGENCY_HOST_MAX + 1];
	if (agency_host_of(value, host) &&
	    (!plain_host(host) || !agency_host_of(host, again) || strcmp(host, again) != 0))
		__builtin_trap();
	return 0;
}
