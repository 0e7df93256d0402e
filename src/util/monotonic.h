/*
 * monotonic.h — times on the clock that only goes forward
 * (CLOCK_MONOTONIC), for the server's threads that wait with a deadline
 * (a condition variable made with pthread_condattr_setclock to match).
 */
#ifndef ITBCP_UTIL_MONOTONIC_H
#define ITBCP_UTIL_MONOTONIC_H

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>

/* Milliseconds since some fixed point. */
int64_t monotonic_ms(void);

/* The time ms milliseconds from now, as a deadline for
 * pthread_cond_timedwait. */
struct timespec monotonic_after_ms(int ms);

/* Initialises c so that pthread_cond_timedwait takes monotonic_after_ms
 * deadlines (a wall-clock step must not wake or hold the server's
 * threads). */
void monotonic_cond_init(pthread_cond_t *c);

/* Blocks SIGINT and SIGTERM in the calling thread, the old mask into old:
 * around pthread_create, so that the new thread inherits the block and
 * only the thread that waits for them (sigwait) takes them. */
void monotonic_block_stop_signals(sigset_t *old);

#endif
