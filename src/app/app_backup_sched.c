/*
 * app_backup_sched.c — see app_backup_sched.h.  A backup, then a wait on a
 * condition variable until the next one is due or the server stops (the
 * JMA watcher's pattern, app_jma_watcher.c).
 */
#include "app/app_backup_sched.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/monotonic.h"
#include "util/xalloc.h"

struct app_backup_sched {
	pthread_mutex_t mu;
	pthread_cond_t wake;
	bool ending;
	long interval_s;
	FILE *log;
	struct app_backup_req req;
	struct app_offsite offsite;
	bool remote;
	pthread_t thread;
};

static void *sched_main(void *arg)
{
	struct app_backup_sched *x = arg;
	prctl(PR_SET_NAME, "itbcp-backup");
	/* This thread alone at nice 10 (Linux gives each thread its own): the
	 * copy and its checks yield the CPU to the check-in writer. */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
	pthread_mutex_lock(&x->mu);
	while (!x->ending) {
		pthread_mutex_unlock(&x->mu);
		struct timespec next = monotonic_after_ms((int)(x->interval_s * 1000));
		struct app_backup_result res;
		struct err e = ERR_INIT;
		enum lang lang = x->req.lang;
		int rc = x->remote ? app_backup_offsite(&x->req, &x->offsite, &res, &e)
				   : app_backup_run(&x->req, &res, &e);
		if (rc == 0)
			fprintf(x->log, "itbcp backup: %s %s (%lld %s, %.2f s)\n",
				L(lang, "保存しました", "saved"), res.path, (long long)res.bytes,
				L(lang, "バイト", "bytes"), res.copy.seconds);
		else
			fprintf(x->log, "itbcp backup: %s: %s\n", L(lang, "失敗しました", "failed"),
				e.msg);
		fflush(x->log);
		pthread_mutex_lock(&x->mu);
		while (!x->ending && pthread_cond_timedwait(&x->wake, &x->mu, &next) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&x->mu);
	return NULL;
}

/* See app_backup_sched.h. */
int app_backup_sched_start(struct app_backup_sched **out, const struct app_backup_req *req,
			   const struct app_offsite *offsite, long interval_s, FILE *log,
			   struct err *e)
{
	struct app_backup_sched *x = xcalloc(1, sizeof *x);
	x->req = *req;
	if (offsite) {
		x->offsite = *offsite;
		x->remote = true;
	}
	x->interval_s = interval_s;
	x->log = log;
	pthread_mutex_init(&x->mu, NULL);
	monotonic_cond_init(&x->wake);
	sigset_t old;
	monotonic_block_stop_signals(&old);
	int rc = pthread_create(&x->thread, NULL, sched_main, x);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&x->wake);
		pthread_mutex_destroy(&x->mu);
		free(x);
		return err_set(e, "cannot start the backup thread");
	}
	*out = x;
	return 0;
}

/* See app_backup_sched.h. */
void app_backup_sched_free(struct app_backup_sched *x)
{
	if (!x)
		return;
	pthread_mutex_lock(&x->mu);
	x->ending = true;
	pthread_cond_signal(&x->wake);
	pthread_mutex_unlock(&x->mu);
	pthread_join(x->thread, NULL);
	pthread_cond_destroy(&x->wake);
	pthread_mutex_destroy(&x->mu);
	free(x);
}
