/*
 * app_jma_watcher.c — see app_jma_watcher.h.  A poll, then a wait on a
 * condition variable until the next one is due or the server stops; the
 * stop flag also ends a transfer under way (libcurl's progress callback).
 */
#include "app/app_jma_watcher.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "util/monotonic.h"
#include "util/xalloc.h"

struct app_jma_watcher {
	pthread_mutex_t mu;
	pthread_cond_t wake; /* ending */
	bool ending;
	atomic_int stop;     /* the same, for the transfer under way */
	unsigned long polls;
	struct app_jma_watch w;
	pthread_t thread;
};

static void *watcher_main(void *arg)
{
	struct app_jma_watcher *x = arg;
	prctl(PR_SET_NAME, "itbcp-jma"); /* as top -H shows it */
	pthread_mutex_lock(&x->mu);
	while (!x->ending) {
		pthread_mutex_unlock(&x->mu);
		/* the next poll is due an interval after this one began */
		struct timespec next = monotonic_after_ms((int)(x->w.interval * 1000));
		struct app_jma_poll p;
		struct err e = ERR_INIT;
		app_jma_watch_poll(&x->w, &p, &e); /* it logs what it did and why */
		pthread_mutex_lock(&x->mu);
		x->polls++;
		while (!x->ending && pthread_cond_timedwait(&x->wake, &x->mu, &next) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&x->mu);
	return NULL;
}

/* See app_jma_watcher.h. */
int app_jma_watcher_start(struct app_jma_watcher **out, const struct app_jma_watch *w,
			  struct err *e)
{
	struct app_jma_watcher *x = xcalloc(1, sizeof *x);
	x->w = *w;
	atomic_init(&x->stop, 0);
	x->w.stop = &x->stop;
	pthread_mutex_init(&x->mu, NULL);
	monotonic_cond_init(&x->wake);
	sigset_t old;
	monotonic_block_stop_signals(&old);
	int rc = pthread_create(&x->thread, NULL, watcher_main, x);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&x->wake);
		pthread_mutex_destroy(&x->mu);
		free(x);
		return err_set(e, "cannot start the JMA feed watcher thread");
	}
	*out = x;
	return 0;
}

/* See app_jma_watcher.h. */
unsigned long app_jma_watcher_polls(struct app_jma_watcher *x)
{
	pthread_mutex_lock(&x->mu);
	unsigned long n = x->polls;
	pthread_mutex_unlock(&x->mu);
	return n;
}

/* See app_jma_watcher.h. */
void app_jma_watcher_free(struct app_jma_watcher *x)
{
	if (!x)
		return;
	atomic_store(&x->stop, 1);
	pthread_mutex_lock(&x->mu);
	x->ending = true;
	pthread_cond_signal(&x->wake);
	pthread_mutex_unlock(&x->mu);
	pthread_join(x->thread, NULL);
	pthread_cond_destroy(&x->wake);
	pthread_mutex_destroy(&x->mu);
	free(x);
}
