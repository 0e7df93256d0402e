/*
 * totp.h — time-based one-time passwords (RFC 6238) and the base32 that
 * carries their secrets (RFC 4648), for the second factor of sign-in.
 *
 * The HMAC and the dynamic truncation are liboath's (Debian's OATH
 * Toolkit); what is ours is the window, the replay rule and the base32
 * that authenticator apps type and scan.  Pure: no clock, no database —
 * callers pass the time and the last step already used.
 *
 * Authenticator apps (Google Authenticator, Microsoft Authenticator,
 * FreeOTP …) agree on HMAC-SHA1, 6 digits and a 30-second step: those are
 * what sign-in uses.  SHA-256 and SHA-512 are here for RFC 6238's own test
 * vectors (Appendix B), which cover all three.
 */
#ifndef ITBCP_UTIL_TOTP_H
#define ITBCP_UTIL_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum totp_alg { TOTP_SHA1, TOTP_SHA256, TOTP_SHA512 };

#define TOTP_STEP_SECONDS 30
#define TOTP_DIGITS 6
#define TOTP_DIGITS_MAX 8
/* A new secret: 160 bits, RFC 4226's recommended length for SHA-1. */
#define TOTP_SECRET_LEN 20
/* The longest secret taken from an operator (SHA-512's block-worthy 64
 * bytes, as RFC 6238's SHA-512 vector uses). */
#define TOTP_SECRET_MAX 64
/* Base32 text of TOTP_SECRET_MAX bytes, unpadded, with its NUL. */
#define TOTP_BASE32_MAX 104

/* The step of Unix time t (t / 30, t ≥ 0). */
int64_t totp_step_of(int64_t t);

/* The code of step for key (n bytes, 1..TOTP_SECRET_MAX) into out
 * (digits + 1 bytes, digits 6..8), zero-padded.  0, or -1 when liboath
 * refuses (a bad length). */
int totp_code(const unsigned char *key, size_t n, int64_t step, enum totp_alg alg, unsigned digits,
	      char *out);

/* Whether code (6 digits, HMAC-SHA1) is key's for one of the steps
 * now_step - 1, now_step, now_step + 1 (a phone's clock a little off, a
 * code typed as it changed) that is later than last_step (a code once
 * used is refused: replay).  1 with *step_out the step it matched, 0
 * when not.  The codes are compared in constant time. */
int totp_match(const unsigned char *key, size_t n, const char *code, int64_t now_step,
	       int64_t last_step, int64_t *step_out);

/* Writes n bytes as RFC 4648 base32, upper case, without padding, into
 * out (cap bytes, at least (n * 8 + 4) / 5 + 1); returns the length. */
size_t totp_base32_encode(const unsigned char *in, size_t n, char *out, size_t cap);
/* Reads base32 as people and apps write it: either case, spaces and
 * hyphens between groups ignored, '=' padding only at the end.  *n
 * receives the bytes (at most cap).  -1 on any other character, bits left
 * over that are not zero, or more than cap bytes. */
int totp_base32_decode(const char *text, unsigned char *out, size_t cap, size_t *n);

#endif
