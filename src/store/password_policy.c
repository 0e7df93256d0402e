/*
 * password_policy.c — which passwords an account may have (issue 15, item
 * 8; password_policy.h).
 *
 * Besides the length (8 characters, 256 bytes at most, valid UTF-8), a
 * password is refused when it is easy to guess in the ways people guess
 * first (NIST SP 800-63B §5.1.1.2): spaces only; one short piece repeated
 * ("aaaaaaaa", "12121212"); one run up or down ("12345678", "abcdefgh",
 * "87654321"); one of the commonest passwords, also with digits or
 * symbols added at its end ("password", "sunshine2026!"); or made of the
 * account's own names (its user name, full name and its person's name in
 * the plan, in any order, with digits and symbols around: "tanaka.taro",
 * "Taro1985!", "田中太郎田中太郎").  Letters are compared without regard to
 * case, and full-width letters and digits as their half-width forms.
 *
 * The list is src/store/passwords/common.txt, compiled in (tools/embed.c);
 * its first lines say where it comes from.  It is read in place: a check
 * walks its lines, a few hundred, once per password set, which costs far
 * less than the argon2id hash that follows.
 */
#include "store/password_policy.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "util/embedded.h"
#include "util/utf8.h"

#define LIST_NAME "store/passwords/common.txt"
#define MAX_CP 256 /* a password has at most 256 bytes, so at most 256 characters */
#define MAX_PARTS 24
#define MIN_PART 2 /* name pieces shorter than this are not looked for */
#define REPEAT_UNIT_MAX 4

/* cp as compared: ASCII and full-width letters lower case, full-width
 * ASCII as ASCII, the ideographic space as a space. */
static uint32_t fold(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		cp -= 0xFEE0;
	else if (cp == 0x3000)
		cp = ' ';
	if (cp >= 'A' && cp <= 'Z')
		cp += 'a' - 'A';
	return cp;
}

/* True for what is a letter of a name here: not an ASCII digit, symbol or
 * space (after fold), nor the Japanese middle dot and long-name comma. */
static bool name_letter(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z');
	return cp != 0x30FB && cp != 0xFF65 && cp != 0x3001;
}

/* s decoded and folded into out (at most max); the count. */
static size_t decode(const char *s, uint32_t *out, size_t max)
{
	size_t n = 0;
	while (*s && n < max) {
		uint32_t cp;
		s += utf8_decode(s, &cp);
		out[n++] = fold(cp);
	}
	return n;
}

static bool only_spaces(const uint32_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] != ' ' && v[i] != '\t')
			return false;
	return true;
}

/* True when v is one piece of up to REPEAT_UNIT_MAX characters repeated. */
static bool repeated(const uint32_t *v, size_t n)
{
	for (size_t u = 1; u <= REPEAT_UNIT_MAX && u < n; u++) {
		if (n % u)
			continue;
		size_t i = u;
		while (i < n && v[i] == v[i - u])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/* True when every character is the one before plus one, or every one the
 * one before minus one. */
static bool run(const uint32_t *v, size_t n)
{
	bool up = true, down = true;
	for (size_t i = 1; i < n; i++) {
		up &= v[i] == v[i - 1] + 1;
		down &= v[i] + 1 == v[i - 1];
	}
	return n > 1 && (up || down);
}

/* True when the ASCII characters v[0..n) equal a line of the list. */
static bool listed(const uint32_t *v, size_t n)
{
	const struct embedded_file *f = embedded_find(LIST_NAME);
	if (!f || n == 0)
		return false;
	const char *p = (const char *)f->data, *end = p + f->len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
		if (len == n && p[0] != '#') {
			size_t i = 0;
			while (i < n && fold((unsigned char)p[i]) == v[i])
				i++;
			if (i == n)
				return true;
		}
		p += len + 1;
	}
	return false;
}

/* The commonest passwords, as they are or with digits and symbols added
 * at the end ("password1!", "sunshine2026"). */
static bool common(const uint32_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] >= 0x80)
			return false; /* the list is ASCII */
	if (listed(v, n))
		return true;
	size_t k = n;
	while (k > 0 && !(v[k - 1] >= 'a' && v[k - 1] <= 'z'))
		k--;
	return k > 0 && k < n && listed(v, k);
}

struct parts {
	uint32_t cp[MAX_PARTS][USERS_POLICY_NAME_MAX];
	size_t len[MAX_PARTS];
	size_t n;
};

/* Adds the pieces of name (split at whatever is not a name letter) that
 * are at least MIN_PART long. */
static void add_parts(struct parts *ps, const char *name)
{
	uint32_t v[MAX_CP];
	size_t n = decode(name, v, MAX_CP);
	for (size_t i = 0; i < n;) {
		while (i < n && !name_letter(v[i]))
			i++;
		size_t start = i;
		while (i < n && name_letter(v[i]))
			i++;
		size_t len = i - start;
		if (len >= MIN_PART && len <= USERS_POLICY_NAME_MAX && ps->n < MAX_PARTS) {
			memcpy(ps->cp[ps->n], v + start, len * sizeof *v);
			ps->len[ps->n++] = len;
		}
	}
}

/* True when the name letters of v, digits and symbols left out, are
 * pieces of the names one after another (any order, any repeats). */
static bool made_of_names(const uint32_t *v, size_t n, const struct parts *ps)
{
	uint32_t l[MAX_CP];
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (name_letter(v[i]))
			l[m++] = v[i];
	if (m == 0 || ps->n == 0)
		return false;
	/* ok[i]: l[0..i) is made of pieces. */
	bool ok[MAX_CP + 1] = { true };
	for (size_t i = 0; i < m; i++) {
		if (!ok[i])
			continue;
		for (size_t k = 0; k < ps->n; k++) {
			size_t len = ps->len[k];
			if (i + len <= m && memcmp(l + i, ps->cp[k], len * sizeof *l) == 0)
				ok[i + len] = true;
		}
	}
	return ok[m];
}

int password_policy_check(const char *password, const char *const *names, size_t n_names,
			  enum lang lang, struct err *e)
{
	size_t bytes = strlen(password);
	if (bytes > USERS_POLICY_BYTES_MAX || !utf8_valid(password, bytes))
		return err_set(e, "%s",
			       L(lang, "パスワードが長すぎるか、不正な文字を含みます",
				 "the password is too long or holds invalid characters"));
	uint32_t v[MAX_CP];
	size_t n = decode(password, v, MAX_CP);
	if (n < USERS_POLICY_CHARS_MIN)
		return err_set(e, "%s",
			       L(lang, "パスワードは8文字以上にしてください",
				 "a password has at least 8 characters"));
	if (only_spaces(v, n))
		return err_set(e, "%s",
			       L(lang, "空白だけのパスワードは使えません",
				 "a password of spaces only is refused"));
	if (repeated(v, n) || run(v, n))
		return err_set(e, "%s",
			       L(lang,
				 "同じ文字の繰り返しや連続した文字（12345678、abcdefgh など）は"
				 "推測されやすいため使えません",
				 "repeated or consecutive characters (such as 12345678 or abcdefgh) "
				 "are easy to guess and refused"));
	if (common(v, n))
		return err_set(e, "%s",
			       L(lang,
				 "よく使われるパスワードの一覧にあるため使えません。"
				 "他人が推測しにくい言葉を選んでください",
				 "this is on the list of the commonest passwords; choose words "
				 "others would not guess"));
	struct parts ps = { .n = 0 };
	add_parts(&ps, "itbcp");
	for (size_t i = 0; i < n_names; i++)
		if (names[i])
			add_parts(&ps, names[i]);
	if (made_of_names(v, n, &ps))
		return err_set(e, "%s",
			       L(lang, "ユーザー名や氏名からなるパスワードは使えません",
				 "a password made of the user name or the person's name is "
				 "refused"));
	return 0;
}
