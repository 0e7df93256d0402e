/*
 * numfmt.c — integers with thousands separators (numfmt.h).
 */
#include "util/numfmt.h"

#include <stdio.h>

char *numfmt_thousands(int64_t v, char out[NUMFMT_MAX])
{
	/* Digits of |v| (as unsigned: INT64_MIN too), a comma every three. */
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	size_t o = 0;
	if (v < 0)
		out[o++] = '-';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out;
}
