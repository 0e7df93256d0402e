/*
 * numfmt.h — an integer as people read it, a comma every three digits
 * ("54,300", "-1,500"): the one way every face writes an amount (the plan
 * document's 千円 in every format, `itbcp budget`, the web's budget figures).
 * What a program reads (JSON, the API) keeps plain numbers.
 */
#ifndef ITBCP_UTIL_NUMFMT_H
#define ITBCP_UTIL_NUMFMT_H

#include <stdint.h>

/* Room for INT64_MIN, "-9,223,372,036,854,775,808", and its NUL. */
#define NUMFMT_MAX 28

/* v with a comma every three digits into out; returns out. */
char *numfmt_thousands(int64_t v, char out[NUMFMT_MAX]);

#endif
