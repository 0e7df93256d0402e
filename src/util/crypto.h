/*
 * crypto.h — libsodium made ready once for the whole process.
 *
 * libsodium wants sodium_init() before its first use.  It is idempotent
 * but takes a lock on every call, and the check-in writer hashes twice a
 * report (the link, the timeline entry): here it runs once.
 */
#ifndef ITBCP_UTIL_CRYPTO_H
#define ITBCP_UTIL_CRYPTO_H

/* Initialises libsodium on the first call (any thread); a failure is a
 * bug (BUG()). */
void crypto_ready(void);

#endif
