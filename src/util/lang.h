/*
 * lang.h — the two languages of every page, document and message.
 *
 * Japanese is the first language, English the second.  Strings that a
 * person reads are written as pairs at the place they are used:
 *     L(lang, "保存しました", "Saved")
 * so both languages stay side by side and neither can be forgotten.
 */
#ifndef ITBCP_UTIL_LANG_H
#define ITBCP_UTIL_LANG_H

enum lang { LANG_JA = 0, LANG_EN = 1 };

#define L(lang, ja, en) ((lang) == LANG_EN ? (en) : (ja))

/* "ja" or "en" (anything starting with "en"); -1 otherwise. */
int lang_parse(const char *s);

#endif
