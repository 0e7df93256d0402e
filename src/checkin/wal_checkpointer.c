/*
 * wal_checkpointer.c — the background checkpoint thread
 * (wal_checkpointer.h): sleeps until poked, checkpoints, then lets at
 * least WAL_CHECKPOINTER_MS pass before the next one.
 */
#include "checkin/wal_checkpointer.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "store/store.h"
#include "store/wal.h"
#include "util/monotonic.h"
#include "util/xalloc.h"

struct wal_checkpointer {
	pthread_mutex_t mu;
	pthread_cond_t wake;  /* poked, or ending */
	bool due;             /* something committed since the last checkpoint began */
	bool ending;
	int log_pages;        /* at the last checkpoint */
	unsigned long runs;
	pthread_t thread;
	struct store st;      /* its own connection: reads the log, writes the file */
};

/* The thread: a checkpoint when one is due, then the pause. */
static void *checkpointer_main(void *arg)
{
	struct wal_checkpointer *c = arg;
	bool told = false;
	prctl(PR_SET_NAME, "itbcp-ckpt"); /* as top -H and perf show it */
	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->due && !c->ending)
			pthread_cond_wait(&c->wake, &c->mu);
		if (c->ending)
			break;
		c->due = false;
		pthread_mutex_unlock(&c->mu);

		struct err e = ERR_INIT;
		int log = 0;
		if (store_wal_checkpoint(&c->st, &log, NULL, &e) && !told) {
			fprintf(stderr, "itbcp serve: background %s\n", e.msg);
			told = true; /* once; the next one retries */
		}

		pthread_mutex_lock(&c->mu);
		c->log_pages = log;
		c->runs++;
		/* The pause: pokes during it only mark the next one due. */
		struct timespec until = monotonic_after_ms(WAL_CHECKPOINTER_MS);
		while (!c->ending && pthread_cond_timedwait(&c->wake, &c->mu, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* See wal_checkpointer.h. */
int wal_checkpointer_start(struct wal_checkpointer **out, const char *db_path, struct err *e)
{
	struct wal_checkpointer *c = xcalloc(1, sizeof *c);
	c->st = (struct store)STORE_INIT;
	if (store_open(&c->st, db_path, 0, e)) {
		free(c);
		return -1;
	}
	pthread_mutex_init(&c->mu, NULL);
	monotonic_cond_init(&c->wake);
	if (pthread_create(&c->thread, NULL, checkpointer_main, c) != 0) {
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->mu);
		store_close(&c->st);
		free(c);
		return err_set(e, "cannot start the checkpoint thread");
	}
	*out = c;
	return 0;
}

/* See wal_checkpointer.h. */
void wal_checkpointer_poke(struct wal_checkpointer *c)
{
	pthread_mutex_lock(&c->mu);
	if (!c->due) {
		c->due = true;
		pthread_cond_signal(&c->wake);
	}
	pthread_mutex_unlock(&c->mu);
}

/* See wal_checkpointer.h. */
int wal_checkpointer_log_pages(struct wal_checkpointer *c)
{
	pthread_mutex_lock(&c->mu);
	int n = c->log_pages;
	pthread_mutex_unlock(&c->mu);
	return n;
}

/* See wal_checkpointer.h. */
unsigned long wal_checkpointer_runs(struct wal_checkpointer *c)
{
	pthread_mutex_lock(&c->mu);
	unsigned long n = c->runs;
	pthread_mutex_unlock(&c->mu);
	return n;
}

/* See wal_checkpointer.h. */
void wal_checkpointer_free(struct wal_checkpointer *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	c->ending = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->mu);
	store_close(&c->st);
	free(c);
}
