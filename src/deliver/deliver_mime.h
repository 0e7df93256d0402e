/*
 * deliver_mime.h — an outbox row as an Internet message (RFC 5322, MIME):
 * the bytes deliver_smtp.c hands to the server.  Pure, so the encoder and
 * the headers are unit-tested without a server.
 *
 * The message: Date, From, To, Subject (RFC 2047 encoded-words, UTF-8,
 * base64, each word at most 75 characters and never splitting a
 * character), Message-ID derived from the row (id and created_at), so a
 * message sent again after a crash carries the same one and a receiver
 * can recognise the duplicate), MIME-Version, Content-Type text/plain;
 * charset=UTF-8, Content-Transfer-Encoding base64 (lines of 76), and
 * Auto-Submitted: auto-generated (RFC 3834: no vacation replies).  Lines
 * end in CRLF.
 */
#ifndef ITBCP_DELIVER_DELIVER_MIME_H
#define ITBCP_DELIVER_DELIVER_MIME_H

#include <stdbool.h>
#include <time.h>

#include "store/outbox_store.h"
#include "util/buf.h"

/* Bytes of UTF-8 text in one encoded-word: 39 → 52 base64 characters,
 * a word of 64, "Subject: " and a word within 78. */
#define DELIVER_MIME_WORD_BYTES 39

/* Appends s as a header value: as is when it is printable ASCII without
 * "=?", else as encoded-words separated by CRLF SP (folding). */
void deliver_mime_rfc2047(const char *s, struct buf *out);

/* True when s can be used as an SMTP address: 3–254 bytes of printable
 * ASCII, one @ with something each side, none of <>()[],;:"\ or spaces. */
bool deliver_mime_address_ok(const char *s);

/* <itbcp.ID.CREATED@DOMAIN>, DOMAIN the from address's. */
void deliver_mime_message_id(const struct outbox_msg *m, const char *from, struct buf *out);

/* The whole message of m from `from`, dated now. */
void deliver_mime_compose(const struct outbox_msg *m, const char *from, time_t now, struct buf *out);

#endif
