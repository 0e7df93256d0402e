/*
 * deliver_outbox.c — the sender's workers (deliver_outbox.h).
 */
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "deliver/deliver_config.h"
#include "deliver/deliver_outbox.h"
#include "deliver/deliver_send.h"
#include "store/outbox_store.h"
#include "store/store_standby.h"
#include "util/monotonic.h"
#include "util/xalloc.h"

/* How often an idle worker looks for due rows: the longest a message
 * queued by another process (an incident started on the CLI or the web)
 * waits before it goes. */
#define IDLE_POLL_MS 500

struct deliver_outbox {
	char *db_path;
	bool once;
	char owner[300]; /* host:pid, written on the rows this process claims */
	pthread_mutex_t mu;
	pthread_cond_t wake;
	bool ending;
	int n_workers, running;
	pthread_t *threads;
	struct deliver_hook hook;
	bool hook_running;
	pthread_t hook_thread;
	struct deliver_stats stats;
	struct err error; /* the first worker error */
	bool failed;
	/* Two sites (issue 18): on a read-only standby nothing is claimed,
	 * marked or queued; the recovery of a dead sender's rows waits for
	 * the promotion (recover_due), and once a look has found the database
	 * writable it is not asked again (primary_seen).  Under mu. */
	bool recover_due, primary_seen;
	char host[256];
};

static int recover(struct deliver_outbox *d, const char *host, struct err *e);

/* See deliver_outbox.h. */
int64_t deliver_backoff(int64_t attempts)
{
	if (attempts >= DELIVER_MAX_ATTEMPTS)
		return 0;
	int64_t s = 10;
	for (int64_t i = 1; i < attempts && s < 900; i++)
		s *= 2;
	return s < 900 ? s : 900;
}

/* Sleeps up to ms unless ending; true when ending. */
static bool wait_ms(struct deliver_outbox *d, long ms)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&d->mu);
	while (!d->ending && pthread_cond_timedwait(&d->wake, &d->mu, &until) != ETIMEDOUT)
		;
	bool ending = d->ending;
	pthread_mutex_unlock(&d->mu);
	return ending;
}

static bool ending(struct deliver_outbox *d)
{
	pthread_mutex_lock(&d->mu);
	bool x = d->ending;
	pthread_mutex_unlock(&d->mu);
	return x;
}

/* Sends one claimed row; what came of it into *mk (error and response
 * point into res). */
static void send_one(struct deliver_outbox *d, CURL *h, const struct deliver_config *c,
		     const struct outbox_msg *m, struct deliver_result *res, struct outbox_mark *mk)
{
	if (strcmp(m->channel, "mail") == 0)
		deliver_smtp_send(h, c, m, res);
	else
		deliver_webhook_send(h, c, m, res);
	int64_t now = (int64_t)time(NULL);
	*mk = (struct outbox_mark){ .id = m->id, .at = now, .error = res->error,
				    .response = res->response };
	pthread_mutex_lock(&d->mu);
	if (res->outcome == DELIVER_SENT) {
		mk->outcome = OUTBOX_SENT;
		d->stats.sent++;
	} else {
		int64_t wait = res->outcome == DELIVER_PERMANENT ? 0 : deliver_backoff(m->attempts);
		mk->outcome = OUTBOX_RETRY;
		mk->next_at = wait ? now + wait : 0;
		if (wait)
			d->stats.retried++;
		else
			d->stats.failed++;
	}
	pthread_mutex_unlock(&d->mu);
}

/* Records what came of n sent rows, trying again for a while when the
 * database is busy (a call-out of 100,000 people is one long write
 * transaction): a row not recorded stays in sending until the next start
 * finds it and sends it again. */
static int mark(struct deliver_outbox *d, struct store *st, const struct outbox_mark *v, size_t n,
		struct err *e)
{
	int rc = store_outbox_mark(st, v, n, e);
	for (int i = 0; rc && i < DELIVER_MARK_TRIES && !ending(d); i++) {
		fprintf(stderr, "itbcp deliver: %s (%s)\n", e->msg, "trying again");
		wait_ms(d, 1000);
		*e = (struct err)ERR_INIT;
		rc = store_outbox_mark(st, v, n, e);
	}
	return rc;
}

/* Sends the n claimed rows of v and records what came of them, a few at a
 * time (DELIVER_MARK_EVERY, or sooner when DELIVER_MARK_MS have passed):
 * one transaction, one sync, for several messages.  Rows not yet tried
 * when the sender is stopped, or when half the lease has gone (a slow
 * server), are put back as they were. */
static int send_claimed(struct deliver_outbox *d, struct store *st, CURL *h,
			const struct deliver_config *c, const struct outbox_msg *v, size_t n,
			struct err *e)
{
	struct deliver_result *res = xcalloc(n, sizeof *res);
	struct outbox_mark *mk = xcalloc(n, sizeof *mk);
	int64_t claimed = monotonic_ms(), flushed = claimed;
	size_t done = 0, marked = 0;
	int rc = 0;
	for (; done < n && rc == 0; done++) {
		if (ending(d) || monotonic_ms() - claimed > DELIVER_LEASE_S * 1000 / 2)
			break;
		send_one(d, h, c, &v[done], &res[done], &mk[done]);
		if (done + 1 - marked >= DELIVER_MARK_EVERY ||
		    monotonic_ms() - flushed >= DELIVER_MARK_MS) {
			rc = mark(d, st, mk + marked, done + 1 - marked, e);
			marked = done + 1;
			flushed = monotonic_ms();
		}
	}
	for (size_t i = done; i < n; i++)
		mk[i] = (struct outbox_mark){ .id = v[i].id, .outcome = OUTBOX_UNTRIED };
	if (rc == 0)
		rc = mark(d, st, mk + marked, n - marked, e);
	free(mk);
	free(res);
	return rc;
}

/* True while st's database is a read-only standby (store_standby.h):
 * the caller waits and looks again.  The first look that finds it
 * promoted runs the recovery the start left for it.  A failed look is
 * logged and counts as a standby. */
static bool standby(struct deliver_outbox *d, struct store *st)
{
	pthread_mutex_lock(&d->mu);
	bool primary = d->primary_seen;
	pthread_mutex_unlock(&d->mu);
	if (primary)
		return false;
	struct err e = ERR_INIT;
	int rec = store_in_recovery(st, &e);
	if (rec < 0)
		fprintf(stderr, "itbcp deliver: %s\n", e.msg);
	if (rec != 0)
		return true;
	pthread_mutex_lock(&d->mu);
	bool due = d->recover_due;
	d->recover_due = false;
	d->primary_seen = true;
	pthread_mutex_unlock(&d->mu);
	if (due && recover(d, d->host, &e))
		fprintf(stderr, "itbcp deliver: %s\n", e.msg);
	return false;
}

/* Opens st again when its PostgreSQL server went away (store_standby.h);
 * false while it cannot be reached, said once per outage (*told). */
static bool reopen_if_lost(struct deliver_outbox *d, struct store *st, bool *up, bool *told)
{
	if (*up && !store_lost(st))
		return true;
	struct err e = ERR_INIT;
	store_close(st);
	*st = (struct store)STORE_INIT;
	*up = store_open(st, d->db_path, 0, &e) == 0;
	if (!*up && !*told)
		fprintf(stderr, "itbcp deliver: %s\n", e.msg);
	*told = !*up;
	return *up;
}

/* One worker: claim, send, record, until ending (or nothing due, once). */
static void *worker_main(void *arg)
{
	struct deliver_outbox *d = arg;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	CURL *h = curl_easy_init();
	int rc = h ? store_open(&st, d->db_path, 0, &e) : err_set(&e, "curl_easy_init failed");
	bool up = rc == 0, told = false;
	while (rc == 0 && !ending(d)) {
		struct deliver_config c;
		struct outbox_msg *v = NULL;
		size_t n = 0;
		if (!reopen_if_lost(d, &st, &up, &told)) {
			if (d->once)
				break;
			wait_ms(d, 1000);
			continue;
		}
		if (standby(d, &st)) {
			if (d->once)
				break;
			wait_ms(d, 1000);
			continue;
		}
		if (deliver_config_load(&st, &c, &e)) {
			rc = -1;
			break;
		}
		int64_t now = (int64_t)time(NULL);
		bool ready = deliver_config_ready(&c);
		if (ready)
			rc = store_outbox_claim(&st, now, deliver_config_mail(&c), true, d->owner,
						now + DELIVER_LEASE_S, DELIVER_CLAIM, &v, &n, &e);
		if (rc == 0 && n)
			rc = send_claimed(d, &st, h, &c, v, n, &e);
		store_outbox_free(v, n);
		deliver_config_release(&c);
		if (rc && !d->once) {
			/* A claim that waited out the busy timeout behind a long
			 * transaction: serve's sender goes on, a later claim works. */
			fprintf(stderr, "itbcp deliver: %s\n", e.msg);
			e = (struct err)ERR_INIT;
			rc = 0;
			wait_ms(d, 1000);
		} else if (rc == 0 && n == 0) {
			if (d->once)
				break;
			/* Not set up (yet): the settings are read again at the next
			 * look, so a change on /admin/delivery needs no restart. */
			wait_ms(d, ready ? IDLE_POLL_MS : 1000);
		}
	}
	store_close(&st);
	if (h)
		curl_easy_cleanup(h);
	pthread_mutex_lock(&d->mu);
	if (rc && !d->failed) {
		d->failed = true;
		d->error = e;
	}
	d->running--;
	pthread_cond_broadcast(&d->wake);
	pthread_mutex_unlock(&d->mu);
	return NULL;
}

/* One look of the hook on st, when delivery is set up; a failure is
 * logged, not fatal: delivery goes on and the next look tries again. */
static void hook_once(struct deliver_outbox *d, struct store *st)
{
	struct err e = ERR_INIT;
	struct deliver_config c;
	if (standby(d, st))
		return; /* it would queue messages: the primary's job */
	if (deliver_config_load(st, &c, &e) == 0) {
		bool ready = deliver_config_ready(&c);
		deliver_config_release(&c);
		/* Nothing is sent before delivery is set up: nothing to follow. */
		if (!ready)
			return;
		if (d->hook.fn(st, (int64_t)time(NULL), d->hook.arg, &e) >= 0)
			return;
	}
	fprintf(stderr, "itbcp deliver: %s\n", e.msg);
}

/* The hook's thread: a look every DELIVER_HOOK_MS until ending. */
static void *hook_main(void *arg)
{
	struct deliver_outbox *d = arg;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	prctl(PR_SET_NAME, "itbcp-followup"); /* as top -H shows it */
	if (store_open(&st, d->db_path, 0, &e)) {
		fprintf(stderr, "itbcp deliver: %s\n", e.msg);
		return NULL;
	}
	bool up = true, told = false;
	do
		if (reopen_if_lost(d, &st, &up, &told))
			hook_once(d, &st);
	while (!wait_ms(d, DELIVER_HOOK_MS));
	store_close(&st);
	return NULL;
}

/* True when owner ("host:pid") names a process of this host that no
 * longer runs (or this very process: it has claimed nothing yet). */
static bool owner_gone(const char *owner, const char *host)
{
	size_t hl = strlen(host);
	if (strncmp(owner, host, hl) != 0 || owner[hl] != ':')
		return false;
	char *end;
	long pid = strtol(owner + hl + 1, &end, 10);
	if (*end || pid <= 0)
		return false;
	if (pid == (long)getpid())
		return true;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Puts back the rows of senders that are gone (see deliver_outbox.h). */
static int recover(struct deliver_outbox *d, const char *host, struct err *e)
{
	struct store st = STORE_INIT;
	char **owners = NULL;
	size_t n = 0, k = 0, got = 0;
	if (store_open(&st, d->db_path, 0, e))
		return -1;
	int rc = store_outbox_owners(&st, &owners, &n, e);
	const char **dead = xcalloc(n + 1, sizeof *dead);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (owner_gone(owners[i], host))
			dead[k++] = owners[i];
	if (rc == 0)
		rc = store_outbox_recover(&st, (int64_t)time(NULL), dead, k, &got, e);
	d->stats.recovered = got;
	free(dead);
	for (size_t i = 0; i < n; i++)
		free(owners[i]);
	free(owners);
	store_close(&st);
	return rc;
}

/* See deliver_outbox.h. */
int deliver_outbox_start(struct deliver_outbox **out, const char *db_path, bool once,
			 const struct deliver_hook *hook, struct err *e)
{
	struct deliver_outbox *d = xcalloc(1, sizeof *d);
	struct store st = STORE_INIT;
	struct deliver_config c;
	char host[256] = "localhost";
	*out = NULL;
	gethostname(host, sizeof host - 1);
	host[sizeof host - 1] = '\0';
	d->db_path = xstrdup(db_path);
	d->once = once;
	snprintf(d->owner, sizeof d->owner, "%s:%ld", host, (long)getpid());
	if (store_open(&st, db_path, 0, e) || deliver_config_load(&st, &c, e)) {
		store_close(&st);
		free(d->db_path);
		free(d);
		return -1;
	}
	d->n_workers = c.parallel;
	deliver_config_release(&c);
	snprintf(d->host, sizeof d->host, "%s", host);
	pthread_mutex_init(&d->mu, NULL);
	int rec = store_in_recovery(&st, e);
	/* what is due now is queued before the first claim */
	if (hook) {
		d->hook = *hook;
		if (rec == 0)
			hook_once(d, &st);
	}
	store_close(&st);
	if (rec < 0 || (rec == 0 && recover(d, host, e))) {
		pthread_mutex_destroy(&d->mu);
		free(d->db_path);
		free(d);
		return -1;
	}
	d->recover_due = rec == 1; /* on a standby: after the promotion */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	monotonic_cond_init(&d->wake);
	d->threads = xcalloc((size_t)d->n_workers, sizeof *d->threads);
	/* The workers block SIGINT and SIGTERM, as every thread of the server
	 * does: only the thread that waits for them (sigwait) may take them. */
	sigset_t old;
	monotonic_block_stop_signals(&old);
	for (int i = 0; i < d->n_workers; i++) {
		pthread_mutex_lock(&d->mu);
		d->running++;
		pthread_mutex_unlock(&d->mu);
		if (pthread_create(&d->threads[i], NULL, worker_main, d) != 0) {
			pthread_mutex_lock(&d->mu);
			d->running--;
			pthread_mutex_unlock(&d->mu);
			d->n_workers = i;
			break;
		}
	}
	if (hook && !once)
		d->hook_running = pthread_create(&d->hook_thread, NULL, hook_main, d) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	*out = d;
	return 0;
}

/* See deliver_outbox.h. */
bool deliver_outbox_done(struct deliver_outbox *d)
{
	pthread_mutex_lock(&d->mu);
	bool done = d->running == 0;
	pthread_mutex_unlock(&d->mu);
	return done;
}

/* See deliver_outbox.h. */
int deliver_outbox_stop(struct deliver_outbox *d, struct deliver_stats *stats, struct err *e)
{
	if (!d)
		return 0;
	pthread_mutex_lock(&d->mu);
	d->ending = true;
	pthread_cond_broadcast(&d->wake);
	pthread_mutex_unlock(&d->mu);
	for (int i = 0; i < d->n_workers; i++)
		pthread_join(d->threads[i], NULL);
	if (d->hook_running)
		pthread_join(d->hook_thread, NULL);
	int rc = 0;
	if (d->failed) {
		if (e)
			*e = d->error;
		rc = -1;
	}
	if (stats)
		*stats = d->stats;
	curl_global_cleanup();
	pthread_cond_destroy(&d->wake);
	pthread_mutex_destroy(&d->mu);
	free(d->threads);
	free(d->db_path);
	free(d);
	return rc;
}
