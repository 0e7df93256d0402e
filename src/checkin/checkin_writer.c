/*
 * checkin_writer.c — the group-commit writer thread (checkin_writer.h).
 *
 * A FIFO of jobs under one mutex.  The thread sleeps until something is
 * queued, takes up to CHECKIN_BATCH_MAX jobs at once, looks up the
 * personal links among them in one read (store_checkin_whom: cheap here,
 * since no other connection's commits cool this connection's page cache
 * during a burst, and mostly answered from the writer's memory of links,
 * store/whom_cache.h), and appends their reports in one transaction while
 * new jobs queue behind.  Measured on this kind of machine, committing as soon
 * as anything is queued beat waiting a millisecond to gather more
 * (doc/performance.md): the queue fills by itself while a commit is written.
 *
 * The commit does not sync: a second thread, the syncer, does
 * (store_wal_sync: fdatasync of the log), and only then finishes the
 * batch's jobs, whose connections answer.  While the disk flushes one
 * batch — about 1.3 ms here, as long as the writer's own work on ~100
 * reports — the writer already writes the next; one sync covers every
 * batch committed before it began.  Measured: with the sync inside the
 * commit the writer spent nearly half its time waiting for the disk and
 * was the server's bottleneck.  If the log cannot be opened for syncing,
 * the connection keeps synchronous=FULL and the syncer syncs nothing.
 * On PostgreSQL the writer commits with synchronous_commit = off and the
 * syncer's sync is a commit on a connection of its own that waits as the
 * database says (a standby included), which covers every commit before
 * it (store/wal.h).
 *
 * The write-ahead log is never checkpointed inside a commit (store/wal.h):
 * SQLite would do it in the COMMIT of the batch that fills the log, before
 * anyone of that batch is answered.  A thread of its own copies the log
 * into the database while the writer writes (wal_checkpointer.h); the
 * writer only starts the log again from its beginning, which SQLite does
 * when a write transaction begins right after a complete checkpoint: so
 * the writer checkpoints what is left once the queue has been dry for
 * IDLE_CHECKPOINT_MS, or, through a long burst, once the log has passed
 * WAL_RESTART_PAGES (without that it grows without end: measured 70 MB in
 * ten seconds of burst).
 */
#include "checkin/checkin_writer.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>

#include "store/store.h"
#include "store/store_standby.h"
#include "store/wal.h"
#include "store/whom_cache.h"
#include "util/monotonic.h"
#include "util/xalloc.h"
#include "checkin/wal_checkpointer.h"

#define IDLE_CHECKPOINT_MS 20
/* The log's length (64 MB of 4 KB pages, ~9 s of the fastest burst
 * measured) past which the writer restarts it between two batches, and
 * the least time between two such restarts (the checkpointer's view of
 * the length is that old). */
#define WAL_RESTART_PAGES 16384
#define WAL_RESTART_GAP_MS 1000

/* Batches committed, waiting for the syncer. */
struct sync_queue {
	pthread_mutex_t mu;
	pthread_cond_t wake;         /* something committed, or the writer ended */
	struct checkin_job *head, *tail;
	bool ended;                  /* the writer has handed over its last batch */
	pthread_t thread;
	struct wal_file wal;         /* the writer's log (store/wal.h); not open: commits sync */
	unsigned long syncs;
	bool failed;                 /* a sync failed: nothing confirmed until reconnect() */
	bool busy;                   /* syncing a list taken from the queue */
};

struct checkin_writer {
	pthread_mutex_t mu;
	pthread_cond_t wake;         /* something queued, or draining */
	struct checkin_job *head, *tail;
	bool draining;               /* no more submits; finish the queue */
	bool joined;
	pthread_t thread;
	struct store st;             /* the writer's own read-write connection */
	char *db_path;
	/* PostgreSQL: the server may go away and come back (reconnect());
	 * connected is false after a reconnection failed, told once it was
	 * said on stderr */
	bool pg, connected, told_down;
	struct wal_checkpointer *ckpt; /* copies the log back meanwhile */
	unsigned long batches, reports;
	unsigned long link_hits, link_reads, link_forgets; /* its whom_cache's counts */
	struct sync_queue sq;
};

/* Scratch for one batch: what store_checkin_whom and checkin_store_append
 * take, and the writer's memory of links (NULL on the test path). */
struct batch_space {
	struct checkin_report *reports;
	struct checkin_result *results;
	struct checkin_whom **whom;
	struct whom_cache *links;
};

/* Whether job j goes to the append; if not, its result says why.
 * resolved: the batch's tokens were looked up. */
static bool admitted(struct checkin_job *j, bool resolved)
{
	if (!j->whom.token)
		return true;
	if (!resolved || !j->whom.found || !j->whom.incident) {
		j->result = (struct checkin_result){
			resolved ? CHECKIN_NOT_CALLED : CHECKIN_NOT_WRITTEN, NULL, 0, 0
		};
		return false;
	}
	j->report.person = j->whom.person;
	j->report.incident = j->whom.incident;
	j->report.person_known = true; /* whom found them called there */
	return true;
}

/* Writes a batch (a list of jobs) on st: resolves the personal links in
 * one read, then appends what they admit in one transaction (synced by
 * its commit, or by the syncer after it).  Sets every job's result;
 * finishes none. */
static void write_jobs(struct store *st, struct checkin_job *batch, struct batch_space *sp)
{
	struct err e = ERR_INIT;
	size_t nq = 0, m = 0;
	for (struct checkin_job *j = batch; j; j = j->next)
		if (j->whom.token)
			sp->whom[nq++] = &j->whom;
	bool resolved = nq == 0 || store_checkin_whom(st, sp->links, sp->whom, nq, &e) == 0;
	if (!resolved)
		fprintf(stderr, "itbcp serve: %zu check-in links not looked up: %s\n", nq, e.msg);
	for (struct checkin_job *j = batch; j; j = j->next)
		if ((j->appended = admitted(j, resolved)))
			sp->reports[m++] = j->report;
	if (m && checkin_store_append(st, sp->reports, m, sp->results, &e))
		fprintf(stderr, "itbcp serve: %zu check-in reports not written: %s\n", m, e.msg);
	m = 0;
	for (struct checkin_job *j = batch; j; j = j->next)
		if (j->appended)
			j->result = sp->results[m++];
}

/* Finishes each job of a list: its result is final. */
static void finish_jobs(struct checkin_job *list)
{
	for (struct checkin_job *j = list, *next; j; j = next) {
		next = j->next; /* read before done(): the job may be freed by it */
		atomic_store_explicit(&j->finished, true, memory_order_release);
		j->done(j->done_arg);
	}
}

/* Appends the list first … last to the queue head/tail (its lock held). */
static void queue_append(struct checkin_job **head, struct checkin_job **tail,
			 struct checkin_job *first, struct checkin_job *last)
{
	if (*tail)
		(*tail)->next = first;
	else
		*head = first;
	*tail = last;
}

/* Hands a committed batch (first … last) to the syncer; first NULL: the
 * writer's last word. */
static void hand_to_syncer(struct sync_queue *q, struct checkin_job *first,
			   struct checkin_job *last)
{
	pthread_mutex_lock(&q->mu);
	if (first)
		queue_append(&q->head, &q->tail, first, last);
	else
		q->ended = true;
	pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->mu);
}

/* The syncer thread: syncs the log for everything committed so far, then
 * finishes those jobs.  A failed sync turns the written reports into "not
 * recorded" (they may be in the database, but nobody is told so), and so
 * does every sync after it: Linux may report a failed write-back once and
 * then drop the pages, so a later sync that succeeds proves nothing about
 * the commits before it, on which the later ones build.  Only a restart
 * (after the disk is looked at) confirms check-ins again. */
static void *syncer_main(void *arg)
{
	struct sync_queue *q = arg;
	prctl(PR_SET_NAME, "itbcp-sync"); /* as top -H and perf show it */
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (!q->head && !q->ended)
			pthread_cond_wait(&q->wake, &q->mu);
		if (!q->head)
			break;
		struct checkin_job *list = q->head;
		q->head = q->tail = NULL;
		q->busy = true;
		bool failed = q->failed;
		pthread_mutex_unlock(&q->mu);

		struct err e = ERR_INIT;
		if (!failed && store_wal_sync(&q->wal, &e)) {
			fprintf(stderr,
				"itbcp serve: check-ins are no longer confirmed: %s; restart the "
				"server once the disk is checked\n",
				e.msg);
			failed = true;
		}
		for (struct checkin_job *j = list; failed && j; j = j->next)
			if (j->appended)
				j->result = (struct checkin_result){ CHECKIN_NOT_WRITTEN, NULL, 0, 0 };
		finish_jobs(list);

		pthread_mutex_lock(&q->mu);
		q->failed = failed;
		q->busy = false;
		q->syncs++;
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* Waits on w->wake (w->mu held) at most ms milliseconds; true when the
 * time ran out. */
static bool wait_ms(struct checkin_writer *w, int ms)
{
	struct timespec t = monotonic_after_ms(ms);
	return pthread_cond_timedwait(&w->wake, &w->mu, &t) == ETIMEDOUT;
}

/* A passive checkpoint on the writer's connection; a failure is logged
 * once (the next one retries). */
static void checkpoint(struct checkin_writer *w, bool *told)
{
	/* PostgreSQL keeps its own log, and its connection here may be closed
	 * (the server lost, not back yet: reconnect()). */
	if (w->pg)
		return;
	struct err e = ERR_INIT;
	if (store_wal_checkpoint(&w->st, NULL, NULL, &e) && !*told) {
		fprintf(stderr, "itbcp serve: %s\n", e.msg);
		*told = true;
	}
}

/* The writer thread: batches until drained. */
/* True when the syncer has failed (under its lock). */
static bool sync_failed(struct sync_queue *q)
{
	pthread_mutex_lock(&q->mu);
	bool failed = q->failed;
	pthread_mutex_unlock(&q->mu);
	return failed;
}

/* PostgreSQL only: the server went away (a connection lost, a sync
 * failed) and may be back.  First every job already handed to the syncer
 * is finished — answered by a sync on the old connections, or refused
 * since it failed — so that no report committed before the loss is ever
 * confirmed by a sync on a new connection (a restarted server may not
 * hold it).  Then both connections are opened anew and confirming
 * resumes.  false (said once on stderr) while the server cannot be
 * reached; the caller refuses its batch. */
static bool reconnect(struct checkin_writer *w)
{
	struct sync_queue *q = &w->sq;
	pthread_mutex_lock(&q->mu);
	while (q->head || q->busy) { /* only this thread hands work over */
		pthread_mutex_unlock(&q->mu);
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
		pthread_mutex_lock(&q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	struct err e = ERR_INIT;
	store_close(&w->st);
	w->st = (struct store)STORE_INIT;
	store_wal_file_close(&q->wal);
	q->wal = (struct wal_file)WAL_FILE_INIT;
	w->connected = store_open(&w->st, w->db_path, 0, &e) == 0;
	if (w->connected && store_wal_sync_by_caller(&w->st, &q->wal, &e)) {
		store_close(&w->st);
		w->st = (struct store)STORE_INIT;
		w->connected = false;
	}
	if (!w->connected) {
		if (!w->told_down)
			fprintf(stderr, "itbcp serve: check-ins are refused until the database is back: %s\n",
				e.msg);
		w->told_down = true;
		return false;
	}
	pthread_mutex_lock(&q->mu);
	q->failed = false;
	pthread_mutex_unlock(&q->mu);
	fprintf(stderr, "itbcp serve: the database is back: check-ins are confirmed again\n");
	w->told_down = false;
	return true;
}

static void *writer_main(void *arg)
{
	struct checkin_writer *w = arg;
	prctl(PR_SET_NAME, "itbcp-writer"); /* as top -H and perf show it */
	struct batch_space sp = {
		xmalloc(CHECKIN_BATCH_MAX * sizeof *sp.reports),
		xmalloc(CHECKIN_BATCH_MAX * sizeof *sp.results),
		xmalloc(CHECKIN_BATCH_MAX * sizeof *sp.whom),
		whom_cache_new(),
	};
	int64_t last_checkpoint = monotonic_ms();
	bool dirty = false, told = false;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !w->draining) {
			if (!dirty) {
				pthread_cond_wait(&w->wake, &w->mu);
				continue;
			}
			/* Idle: checkpoint once nothing has come for a while.  At
			 * once would be between two batches of a burst, whenever the
			 * queue is empty for a moment, and the checkpoint's syncs
			 * (~4 ms) would hold the next batch back (measured: every
			 * 10 ms). */
			if (wait_ms(w, IDLE_CHECKPOINT_MS) && !w->head && !w->draining) {
				pthread_mutex_unlock(&w->mu);
				checkpoint(w, &told);
				last_checkpoint = monotonic_ms();
				dirty = false;
				pthread_mutex_lock(&w->mu);
			}
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

		bool down = false;
		if (w->pg && (!w->connected || store_lost(&w->st) || sync_failed(&w->sq))) {
			/* The links held were read from the server that was
			 * lost; the next may be a promoted standby, without
			 * the last changes, whose whom_version may come to the
			 * number held with other changes: forget them. */
			whom_cache_at_version(sp.links, -1);
			down = !reconnect(w);
		}
		if (down) {
			for (struct checkin_job *j = batch; j; j = j->next) {
				j->appended = false;
				j->result = (struct checkin_result){ CHECKIN_NOT_WRITTEN, NULL, 0, 0 };
			}
		} else {
			write_jobs(&w->st, batch, &sp);
		}
		hand_to_syncer(&w->sq, batch, last); /* answered once synced */
		wal_checkpointer_poke(w->ckpt);
		dirty = true;
		if (wal_checkpointer_log_pages(w->ckpt) >= WAL_RESTART_PAGES &&
		    monotonic_ms() - last_checkpoint >= WAL_RESTART_GAP_MS) {
			checkpoint(w, &told);
			last_checkpoint = monotonic_ms();
			dirty = false;
		}

		pthread_mutex_lock(&w->mu);
		w->batches++;
		w->reports += n;
		whom_cache_counts(sp.links, &w->link_hits, &w->link_reads, &w->link_forgets);
	}
	pthread_mutex_unlock(&w->mu);
	hand_to_syncer(&w->sq, NULL, NULL);
	free(sp.reports);
	free(sp.results);
	free(sp.whom);
	whom_cache_free(sp.links);
	return NULL;
}

/* Frees what checkin_writer_start made, its threads ended. */
static void destroy(struct checkin_writer *w)
{
	wal_checkpointer_free(w->ckpt);
	store_close(&w->st); /* after the last sync: the syncer has ended */
	store_wal_file_close(&w->sq.wal);
	free(w->db_path);
	pthread_cond_destroy(&w->sq.wake);
	pthread_mutex_destroy(&w->sq.mu);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->mu);
	free(w);
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
	w->db_path = xstrdup(db_path);
	w->pg = store_is_pg(&w->st);
	w->connected = true;
	store_wal_autocheckpoint(&w->st, false);
	if (wal_checkpointer_start(&w->ckpt, db_path, e)) {
		store_close(&w->st);
		free(w->db_path);
		free(w);
		return -1;
	}
	struct err why = ERR_INIT;
	w->sq.wal = (struct wal_file)WAL_FILE_INIT;
	if (store_wal_sync_by_caller(&w->st, &w->sq.wal, &why))
		fprintf(stderr, "itbcp serve: check-in commits sync one by one: %s\n", why.msg);
	pthread_mutex_init(&w->mu, NULL);
	monotonic_cond_init(&w->wake); /* wait_ms counts on CLOCK_MONOTONIC */
	pthread_mutex_init(&w->sq.mu, NULL);
	pthread_cond_init(&w->sq.wake, NULL);
	if (pthread_create(&w->sq.thread, NULL, syncer_main, &w->sq) != 0) {
		destroy(w);
		return err_set(e, "cannot start the check-in syncer thread");
	}
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		hand_to_syncer(&w->sq, NULL, NULL);
		pthread_join(w->sq.thread, NULL);
		destroy(w);
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
		queue_append(&w->head, &w->tail, job, job);
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
	if (join) {
		pthread_join(w->thread, NULL);    /* it hands over its last batch, */
		pthread_join(w->sq.thread, NULL); /* which is synced and finished */
	}
}

/* See checkin_writer.h. */
void checkin_writer_free(struct checkin_writer *w)
{
	if (!w)
		return;
	checkin_writer_drain(w);
	destroy(w);
}

/* See checkin_writer.h. */
void checkin_writer_counts(struct checkin_writer *w, struct checkin_writer_counts *out)
{
	pthread_mutex_lock(&w->mu);
	out->batches = w->batches;
	out->reports = w->reports;
	out->link_hits = w->link_hits;
	out->link_reads = w->link_reads;
	out->link_forgets = w->link_forgets;
	pthread_mutex_unlock(&w->mu);
	pthread_mutex_lock(&w->sq.mu);
	out->syncs = w->sq.syncs;
	pthread_mutex_unlock(&w->sq.mu);
}

/* See checkin_writer.h. */
void checkin_job_run_now(struct store *st, struct checkin_job *job)
{
	struct checkin_report report;
	struct checkin_result result;
	struct checkin_whom *whom;
	struct batch_space sp = { &report, &result, &whom, NULL };
	job->next = NULL;
	write_jobs(st, job, &sp);
	atomic_store_explicit(&job->finished, true, memory_order_release);
}
