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
/* The length of s's longest prefix of at most max bytes that does not end
 * inside a character: where to cut a text for a message or a cell, so
 * that what is shown stays UTF-8 (a JSON writer drops a string that is
 * not). */
size_t utf8_cut(const char *s, size_t max);
/* Columns a code point takes in a terminal. */
int utf8_cp_width(uint32_t cp);
/* Columns the string takes. */
size_t utf8_width(const char *s);

#endif
