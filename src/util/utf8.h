/*
 * utf8.h — UTF-8 validation and display width for aligned terminal tables.
 *
 * Width follows East Asian Width: Wide and Fullwidth characters (kanji,
 * kana, full-width forms) take two columns, combining marks none, the
 * rest one.  Ambiguous characters (○ ● ▼ …) count as one, as most
 * terminals draw them.
 */
#ifndef ITBCP_UTIL_UTF8_H
#define ITBCP_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);
/* Decodes one character at s (valid UTF-8 assumed); returns its length. */
size_t utf8_decode(const char *s, uint32_t *cp);
/* Columns a code point takes in a terminal. */
int utf8_cp_width(uint32_t cp);
/* Columns the string takes. */
size_t utf8_width(const char *s);

#endif
