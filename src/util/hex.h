/*
 * hex.h — hexadecimal digits, for percent-decoding and stored hashes.
 */
#ifndef ITBCP_UTIL_HEX_H
#define ITBCP_UTIL_HEX_H

/* The value of hex digit c (either case), or -1. */
int hex_value(char c);

#endif
