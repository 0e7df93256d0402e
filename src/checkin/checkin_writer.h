/*
 * checkin_writer.h — group commit for check-in reports: one writer thread
 * with its own read-write connection appends everything queued in one
 * synced transaction (checkin_store_append), then tells each report's
 * waiter how it went.
 *
 * Why: a durable commit costs an fsync; one per report caps the server at
 * the disk's fsync rate (doc/performance.md: 0.07× nginx).  Here the handler
 * that accepts a report queues it and returns at once; the server suspends
 * that connection (MHD_suspend_connection), so the pool thread serves
 * others meanwhile; the writer commits whatever has gathered — as soon as
 * anything is queued, without waiting to gather more — and only then
 * calls each job's done(), which resumes the connection, whose answer is
 * then built from the job's result.  So a person is told "received" only
 * after their report is committed and synced, and the fsync is shared by
 * every report that arrived while the previous batch was being written.
 * The sync runs on a thread of its own, beside the next batch's writing
 * (checkin_writer.c).
 *
 * A job belongs to its submitter (the web request's arena holds it) and
 * must stay alive until done() has been called; the writer reads the
 * report's strings until then and touches nothing of the job afterwards.
 */
#ifndef ITBCP_CHECKIN_CHECKIN_WRITER_H
#define ITBCP_CHECKIN_CHECKIN_WRITER_H

#include <stdatomic.h>
#include <stdbool.h>

#include "store/checkin_view.h"
#include "store/checkin_store.h"
#include "util/err.h"

/* Most reports in one transaction; more wait for the next batch. */
#define CHECKIN_BATCH_MAX 1024

struct checkin_job {
	struct checkin_report report; /* strings borrowed from the submitter */
	/* A report through a personal link has whom.token set and leaves
	 * report.person and report.incident to the writer, which resolves the
	 * token first (store_checkin_whom; whom.incident in: the incident the
	 * form named, 0 for none) and answers CHECKIN_NOT_CALLED when it is
	 * nobody's (whom.found false) or names no incident the person may
	 * report on (whom.incident 0).  Without a token (a responder's entry)
	 * the report is complete as it is. */
	struct checkin_whom whom;
	struct checkin_result result; /* valid once finished is true */
	atomic_bool finished;
	/* Called once on the writer thread when result is final (committed
	 * and synced, or refused, or not written).  Must not block; after it
	 * returns the writer never touches the job again. */
	void (*done)(void *arg);
	void *done_arg;
	struct checkin_job *next;     /* the queue's link (writer's) */
	bool appended;                /* went to the append (writer's) */
};

struct checkin_writer;

/* Opens its own connection to db_path and starts the thread.  *out gets
 * the writer (free with checkin_writer_free).  -1 with e filled. */
int checkin_writer_start(struct checkin_writer **out, const char *db_path, struct err *e);

/* Queues job (its report filled, done set).  false when the writer is
 * draining: the job was not queued, done will not be called, and the
 * caller answers that the report was not recorded. */
bool checkin_writer_submit(struct checkin_writer *w, struct checkin_job *job);

/* Stops taking jobs, commits every job already queued, calls their
 * done(), and ends the thread.  Later submits return false.  Idempotent. */
void checkin_writer_drain(struct checkin_writer *w);

/* Drains when not yet done, closes the connection and frees w (NULL is
 * fine).  Only when no one can call checkin_writer_submit any more. */
void checkin_writer_free(struct checkin_writer *w);

/* What the writer has done so far, for logs and tests. */
struct checkin_writer_counts {
	unsigned long batches, reports;
	unsigned long syncs;      /* that confirmed them: one may cover several batches */
	unsigned long link_hits;  /* personal links answered from memory (store/whom_cache.h), */
	unsigned long link_reads; /* read from the database, */
	unsigned long link_forgets; /* and times that memory was dropped */
};
void checkin_writer_counts(struct checkin_writer *w, struct checkin_writer_counts *out);

/* Runs job to its end on the calling thread, for a face without a writer
 * (the test path): appended directly on st, one transaction. */
void checkin_job_run_now(struct store *st, struct checkin_job *job);

#endif
