/*
 * monotonic.h — times on the clock that only goes forward
 * (CLOCK_MONOTONIC), for the server's threads that wait with a deadline
 * (a condition variable made with pthread_condattr_setclock to match).
 */
#ifndef ITBCP_UTIL_MONOTONIC_H
#define ITBCP_UTIL_MONOTONIC_H

#include <stdint.h>
#include <time.h>

/* Milliseconds since some fixed point. */
int64_t monotonic_ms(void);

/* The time ms milliseconds from now, as a deadline for
 * pthread_cond_timedwait. */
struct timespec monotonic_after_ms(int ms);

#endif
