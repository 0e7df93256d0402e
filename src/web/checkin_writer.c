/*
 * checkin_writer.c — the group-commit writer thread (checkin_writer.h).
 *
 * A FIFO of jobs under one mutex.  The thread sleeps until something is
 * queued, takes up to CHECKIN_BATCH_MAX jobs at once, and appends their
 * reports in one transaction while new jobs queue behind.  Measured on
 * this kind of machine, committing as soon as anything is queued beat
 * waiting a millisecond to gather more (PERFORMANCE.md): the queue fills
 * by itself while an fsync is in progress.
 *
 * The write-ahead log is checkpointed by this thread too, but never
 * inside a commit (store/wal.h): SQLite would do it in the COMMIT of the
 * batch that fills the log, before anyone of that batch is answered.
 * Here a passive checkpoint runs after a batch has been answered, at most
 * every CHECKPOINT_EVERY_MS during a burst and at once when the queue
 * runs dry.  It has to be this thread: the log starts again from its
 * beginning only when a write transaction begins right after a complete
 * checkpoint, so a checkpointer beside a busy writer lets it grow without
 * end (measured: 70 MB in ten seconds of burst).
 */
#include "web/checkin_writer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "store/store.h"
#include "store/wal.h"
#include "util/xalloc.h"

#define CHECKPOINT_EVERY_MS 100

struct checkin_writer {
	pthread_mutex_t mu;
	pthread_cond_t wake;         /* something queued, or draining */
	struct checkin_job *head, *tail;
	bool draining;               /* no more submits; finish the queue */
	bool joined;
	pthread_t thread;
	struct store st;             /* the writer's own read-write connection */
	unsigned long batches, reports;
};

/* Finishes one job: the result, then done() (after which the job may be
 * gone). */
static void finish(struct checkin_job *job, const struct checkin_result *res)
{
	job->result = *res;
	atomic_store_explicit(&job->finished, true, memory_order_release);
	job->done(job->done_arg);
}

/* Appends one batch (a list of n jobs) and finishes each job. */
static void write_batch(struct checkin_writer *w, struct checkin_job *batch, size_t n,
			struct checkin_report *reports, struct checkin_result *results)
{
	struct err e = ERR_INIT;
	size_t i = 0;
	for (struct checkin_job *j = batch; j; j = j->next)
		reports[i++] = j->report;
	if (store_checkins_append(&w->st, reports, n, results, &e))
		fprintf(stderr, "itbcp serve: %zu check-in reports not written: %s\n", n, e.msg);
	i = 0;
	for (struct checkin_job *j = batch, *next; j; j = next) {
		next = j->next; /* read before done(): the job may be freed by it */
		finish(j, &results[i++]);
	}
}

/* Milliseconds on a clock that only goes forward. */
static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A passive checkpoint on the writer's connection; a failure is logged
 * once (the next one retries). */
static void checkpoint(struct checkin_writer *w, bool *told)
{
	struct err e = ERR_INIT;
	if (store_wal_checkpoint(&w->st, NULL, NULL, &e) && !*told) {
		fprintf(stderr, "itbcp serve: %s\n", e.msg);
		*told = true;
	}
}

/* The writer thread: batches until drained. */
static void *writer_main(void *arg)
{
	struct checkin_writer *w = arg;
	struct checkin_report *reports = xmalloc(CHECKIN_BATCH_MAX * sizeof *reports);
	struct checkin_result *results = xmalloc(CHECKIN_BATCH_MAX * sizeof *results);
	int64_t last_checkpoint = now_ms();
	bool dirty = false, told = false;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !w->draining) {
			if (dirty) { /* idle: nobody waits for the checkpoint now */
				pthread_mutex_unlock(&w->mu);
				checkpoint(w, &told);
				last_checkpoint = now_ms();
				dirty = false;
				pthread_mutex_lock(&w->mu);
				continue;
			}
			pthread_cond_wait(&w->wake, &w->mu);
		}
		if (!w->head)
			break; /* draining and nothing left */
		/* Take up to CHECKIN_BATCH_MAX from the front. */
		struct checkin_job *batch = w->head, *last = w->head;
		size_t n = 1;
		while (last->next && n < CHECKIN_BATCH_MAX) {
			last = last->next;
			n++;
		}
		w->head = last->next;
		if (!w->head)
			w->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&w->mu);

		write_batch(w, batch, n, reports, results); /* answered when it returns */
		dirty = true;
		if (now_ms() - last_checkpoint >= CHECKPOINT_EVERY_MS) {
			checkpoint(w, &told);
			last_checkpoint = now_ms();
			dirty = false;
		}

		pthread_mutex_lock(&w->mu);
		w->batches++;
		w->reports += n;
	}
	pthread_mutex_unlock(&w->mu);
	free(reports);
	free(results);
	return NULL;
}

/* See checkin_writer.h. */
int checkin_writer_start(struct checkin_writer **out, const char *db_path, struct err *e)
{
	struct checkin_writer *w = xcalloc(1, sizeof *w);
	w->st = (struct store)STORE_INIT;
	if (store_open(&w->st, db_path, 0, e)) {
		free(w);
		return -1;
	}
	store_wal_autocheckpoint(&w->st, false);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		store_close(&w->st);
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return err_set(e, "cannot start the check-in writer thread");
	}
	*out = w;
	return 0;
}

/* See checkin_writer.h. */
bool checkin_writer_submit(struct checkin_writer *w, struct checkin_job *job)
{
	atomic_store_explicit(&job->finished, false, memory_order_relaxed);
	job->next = NULL;
	pthread_mutex_lock(&w->mu);
	bool ok = !w->draining;
	if (ok) {
		if (w->tail)
			w->tail->next = job;
		else
			w->head = job;
		w->tail = job;
		pthread_cond_signal(&w->wake);
	}
	pthread_mutex_unlock(&w->mu);
	return ok;
}

/* See checkin_writer.h. */
void checkin_writer_drain(struct checkin_writer *w)
{
	pthread_mutex_lock(&w->mu);
	w->draining = true;
	bool join = !w->joined;
	w->joined = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->mu);
	if (join)
		pthread_join(w->thread, NULL);
}

/* See checkin_writer.h. */
void checkin_writer_free(struct checkin_writer *w)
{
	if (!w)
		return;
	checkin_writer_drain(w);
	store_close(&w->st);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

/* See checkin_writer.h. */
void checkin_writer_counts(struct checkin_writer *w, unsigned long *batches, unsigned long *reports)
{
	pthread_mutex_lock(&w->mu);
	*batches = w->batches;
	*reports = w->reports;
	pthread_mutex_unlock(&w->mu);
}

/* See checkin_writer.h. */
void checkin_job_run_now(struct store *st, struct checkin_job *job)
{
	struct err e = ERR_INIT;
	struct checkin_result res;
	if (store_checkins_append(st, &job->report, 1, &res, &e))
		fprintf(stderr, "itbcp: check-in report not written: %s\n", e.msg);
	job->result = res;
	atomic_store_explicit(&job->finished, true, memory_order_release);
}
