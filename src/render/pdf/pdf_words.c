/*
 * pdf_words.c — where a short Japanese label may break: between words,
 * never inside one (「現状対策レ/ベル」, 「必要予算（千/円）」).
 *
 * Pango breaks Japanese between any two characters, as a paragraph
 * should; a column header of two or three lines reads badly that way.
 * Without a dictionary, a word is guessed from the scripts: a run of
 * katakana with the letters and digits after it (レベル, ステップ1), a
 * run of ASCII or full-width letters and digits (RTO, 2026), kanji in
 * pairs (必要/予算, 運用/継続/計画; an odd run ends in a three: 実施/担当者)
 * with up to two hiragana after them (見直し, 支える), an opening bracket
 * with what follows it and a closing one or a comma with what precedes
 * it (（千円）).  Each word of two characters or more becomes an
 * allow-breaks=false attribute, so pango breaks only between them.
 */
#include "render/pdf/pdf_internal.h"

#include <string.h>

enum cls { OTHER, KANA, ALNUM, HIRA, KANJI, OPEN, CLOSE };

/* The next code point of s[*i..n), advancing *i (a bad byte is itself). */
static unsigned next_cp(const char *s, size_t n, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s + *i;
	size_t left = n - *i;
	if (u[0] < 0x80 || left < 2) {
		(*i)++;
		return u[0];
	}
	if ((u[0] & 0xe0) == 0xc0) {
		*i += 2;
		return (u[0] & 0x1fu) << 6 | (u[1] & 0x3fu);
	}
	if ((u[0] & 0xf0) == 0xe0 && left >= 3) {
		*i += 3;
		return (u[0] & 0x0fu) << 12 | (u[1] & 0x3fu) << 6 | (u[2] & 0x3fu);
	}
	if ((u[0] & 0xf8) == 0xf0 && left >= 4) {
		*i += 4;
		return (u[0] & 0x07u) << 18 | (u[1] & 0x3fu) << 12 | (u[2] & 0x3fu) << 6 |
		       (u[3] & 0x3fu);
	}
	(*i)++;
	return u[0];
}

static enum cls cls_of(unsigned c)
{
	if ((c >= 0x30a1 && c <= 0x30fa) || c == 0x30fc || (c >= 0x31f0 && c <= 0x31ff) ||
	    (c >= 0xff66 && c <= 0xff9f))
		return KANA;
	if ((c < 0x80 && ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) ||
	    (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a))
		return ALNUM;
	if (c >= 0x3041 && c <= 0x3096)
		return HIRA;
	if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || c == 0x3005)
		return KANJI;
	if (c == '(' || c == '[' || c == 0xff08 || c == 0xff3b || c == 0x300c || c == 0x300e ||
	    c == 0x3010 || c == 0x3014)
		return OPEN;
	if (c == ')' || c == ']' || c == 0xff09 || c == 0xff3d || c == 0x300d || c == 0x300f ||
	    c == 0x3011 || c == 0x3015 || c == 0x3001 || c == 0x3002 || c == 0x30fb ||
	    c == 0xff0c || c == ',' || c == '.')
		return CLOSE;
	return OTHER;
}

/* The text's code points, classes and byte offsets; at most 256 of them
 * (a label; anything longer is left to pango). */
#define MAX_CP 256

void pdf_words_attrs(PangoAttrList *al, const char *text, size_t len)
{
	enum cls c[MAX_CP];
	size_t at[MAX_CP + 1];
	size_t n = 0;
	for (size_t i = 0; i < len && n < MAX_CP;) {
		at[n] = i;
		unsigned cp = next_cp(text, len, &i);
		if (cp == '\n' || cp == ' ')
			c[n] = OTHER;
		else
			c[n] = cls_of(cp);
		n++;
		at[n] = i;
	}
	if (n < 2 || n == MAX_CP)
		return;
	/* join[k]: no break between code points k - 1 and k */
	bool join[MAX_CP] = { false };
	for (size_t k = 1; k < n; k++) {
		enum cls a = c[k - 1], b = c[k];
		join[k] = (a == KANA && (b == KANA || b == ALNUM)) || (a == ALNUM && b == ALNUM) ||
			  a == OPEN || (b == CLOSE && a != OTHER);
	}
	/* kanji runs in pairs (a last three whole), with their okurigana */
	for (size_t k = 0; k < n;) {
		if (c[k] != KANJI) {
			k++;
			continue;
		}
		size_t e = k;
		while (e < n && c[e] == KANJI)
			e++;
		for (size_t j = k + 1; j < e; j++)
			join[j] = (j - k) % 2 == 1 || ((e - k) % 2 == 1 && j == e - 1);
		size_t h = e;
		while (h < n && c[h] == HIRA)
			h++;
		if (h > e && h - e <= 2)
			for (size_t j = e; j < h; j++)
				join[j] = true;
		k = e;
	}
	for (size_t k = 0; k < n;) {
		size_t e = k + 1;
		while (e < n && join[e])
			e++;
		if (e - k >= 2) {
			PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
			a->start_index = (guint)at[k];
			a->end_index = (guint)at[e];
			pango_attr_list_insert(al, a);
		}
		k = e;
	}
}
