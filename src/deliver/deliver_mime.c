/*
 * deliver_mime.c — an outbox row as an Internet message (deliver_mime.h).
 */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deliver/deliver_mime.h"
#include "util/xalloc.h"

/* Appends base64 (with padding) of the n bytes at p. */
static void b64(struct buf *out, const void *p, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *tmp = xmalloc(len);
	sodium_bin2base64(tmp, len, p, n, sodium_base64_VARIANT_ORIGINAL);
	buf_adds(out, tmp);
	free(tmp);
}

/* Length of the UTF-8 sequence starting with byte c (1 for a stray byte). */
static size_t seq_len(unsigned char c)
{
	return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* See deliver_mime.h. */
void deliver_mime_rfc2047(const char *s, struct buf *out)
{
	size_t n = strlen(s);
	bool ascii = !strstr(s, "=?");
	for (size_t i = 0; ascii && i < n; i++)
		ascii = (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f;
	if (ascii) {
		buf_add(out, s, n);
		return;
	}
	for (size_t i = 0; i < n;) {
		size_t k = 0;
		while (i + k < n) {
			size_t l = seq_len((unsigned char)s[i + k]);
			if (i + k + l > n)
				l = n - i - k;
			if (k + l > DELIVER_MIME_WORD_BYTES)
				break;
			k += l;
		}
		if (i)
			buf_adds(out, "\r\n ");
		buf_adds(out, "=?UTF-8?B?");
		b64(out, s + i, k);
		buf_adds(out, "?=");
		i += k;
	}
}

/* See deliver_mime.h. */
bool deliver_mime_address_ok(const char *s)
{
	size_t n = strlen(s);
	const char *at = strchr(s, '@');
	if (n < 3 || n > 254 || !at || at == s || !at[1] || strchr(at + 1, '@'))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f || strchr("<>()[],;:\"\\", c))
			return false;
	}
	return true;
}

/* See deliver_mime.h. */
void deliver_mime_message_id(const struct outbox_msg *m, const char *from, struct buf *out)
{
	const char *at = strchr(from, '@');
	buf_addf(out, "<itbcp.%lld.%lld@%s>", (long long)m->id, (long long)m->created_at,
		 at && at[1] ? at + 1 : "localhost");
}

/* The RFC 5322 date of t (UTC), in English whatever the locale. */
static void date(struct buf *out, time_t t)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mo[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	gmtime_r(&t, &tm);
	buf_addf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000", wd[tm.tm_wday], tm.tm_mday,
		 mo[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* See deliver_mime.h. */
void deliver_mime_compose(const struct outbox_msg *m, const char *from, time_t now, struct buf *out)
{
	struct buf body = BUF_INIT, enc = BUF_INIT;
	buf_adds(out, "Date: ");
	date(out, now);
	buf_addf(out, "\r\nFrom: %s\r\nTo: %s\r\nSubject: ", from, m->address);
	deliver_mime_rfc2047(m->subject, out);
	buf_adds(out, "\r\nMessage-ID: ");
	deliver_mime_message_id(m, from, out);
	buf_adds(out, "\r\nMIME-Version: 1.0\r\n"
		      "Content-Type: text/plain; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: base64\r\n"
		      "Auto-Submitted: auto-generated\r\n");
	if (m->incident != NO_VALUE)
		buf_addf(out, "X-Itbcp-Incident: %lld\r\n", (long long)m->incident);
	buf_adds(out, "\r\n");
	/* The body's lines end in CRLF before it is encoded (RFC 2045 §6.8). */
	for (const char *p = m->body; *p; p++) {
		if (*p == '\n' && (p == m->body || p[-1] != '\r'))
			buf_addc(&body, '\r');
		buf_addc(&body, *p);
	}
	b64(&enc, body.data, body.len);
	for (size_t i = 0; i < enc.len; i += 76) {
		buf_add(out, enc.data + i, enc.len - i < 76 ? enc.len - i : 76);
		buf_adds(out, "\r\n");
	}
	buf_release(&body);
	buf_release(&enc);
}
