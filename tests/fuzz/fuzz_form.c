/*
 * fuzz_form.c — libFuzzer target for the urlencoded parser of forms and
 * query strings (req_parse_urlencoded, web/core/req.h).  Any bytes are
 * either refused or give pairs that are UTF-8 without NUL; a refusal has
 * a cause in the input (a '%' escape, a NUL or bytes that are not UTF-8);
 * and the pairs, encoded again by url_encode (web/core/url.h) and parsed,
 * are the same pairs: the encoder's output always parses back to what it
 * encoded.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/utf8.h"
#include "web/core/req.h"
#include "web/core/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct req r;
	req_init(&r, NULL);
	struct kv_list l = { 0 };
	if (req_parse_urlencoded(&r, s, size, &l)) {
		/* refused: only an escape, a NUL or invalid UTF-8 may be why */
		if (!memchr(s, '%', size) && !memchr(s, '\0', size) && utf8_valid(s, size))
			__builtin_trap();
		req_release(&r);
		return 0;
	}
	size_t amps = 0;
	for (size_t i = 0; i < size; i++)
		amps += s[i] == '&';
	if (l.n > amps + 1)
		__builtin_trap();
	struct buf again = BUF_INIT;
	for (size_t i = 0; i < l.n; i++) {
		const char *nm = l.v[i].name, *v = l.v[i].value;
		if (!utf8_valid(nm, strlen(nm)) || !utf8_valid(v, strlen(v)))
			__builtin_trap();
		buf_addf(&again, "%s%s=%s", i ? "&" : "", url_encode(&r, nm), url_encode(&r, v));
	}
	struct kv_list l2 = { 0 };
	if (req_parse_urlencoded(&r, again.data ? again.data : "", again.len, &l2))
		__builtin_trap(); /* our own encoding refused */
	/* an empty name with an empty value ("=") is dropped only when the
	 * whole pair is empty, which the encoder never writes */
	if (l2.n != l.n)
		__builtin_trap();
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.v[i].name, l2.v[i].name) || strcmp(l.v[i].value, l2.v[i].value))
			__builtin_trap();
	buf_release(&again);
	req_release(&r);
	return 0;
}
