/*
 * page_threads.h — a few threads that make the staff's pages, away from
 * the threads that read the phones' check-ins.
 *
 * Why: libmicrohttpd gives each of its threads a share of the
 * connections, and a page made on one of them holds up every connection
 * of that share until it is done.  A board view costs ~3 ms, a situation
 * report PDF ~110 ms; made on a request thread during a burst, each stalls
 * a quarter of the phones (measured: the burst's p99 rose 5–9 ms while
 * the board was read, its maximum to 155 ms during a PDF).  So the server
 * suspends such a request's connection, queues it here, and a page thread
 * runs the pipeline and resumes the connection (server.c) — the same way a
 * check-in waits for the writer.
 *
 * A job belongs to its submitter and stays alive until run() returns;
 * run() is called once, on a page thread, in the order jobs were queued.
 */
#ifndef ITBCP_WEB_HTTP_PAGE_THREADS_H
#define ITBCP_WEB_HTTP_PAGE_THREADS_H

#include <stdbool.h>

#include "util/err.h"

struct page_job {
	void (*run)(struct page_job *job);
	struct page_job *next; /* the queue's link (page_threads.c's) */
};

struct page_threads;

/* Starts n threads (n ≥ 1).  *out gets them (free with
 * page_threads_free).  -1 with e filled when a thread cannot start. */
int page_threads_start(struct page_threads **out, unsigned n, struct err *e);

/* Queues job.  false when draining: the job was not queued and run() will
 * not be called; the caller does the work itself. */
bool page_threads_submit(struct page_threads *p, struct page_job *job);

/* Stops taking jobs, runs every job already queued, and ends the threads.
 * Later submits return false.  Idempotent. */
void page_threads_drain(struct page_threads *p);

/* Drains when not yet done and frees p (NULL is fine). */
void page_threads_free(struct page_threads *p);

/* Jobs run so far, for logs and tests. */
unsigned long page_threads_runs(struct page_threads *p);

#endif
