/*
 * app_jma_share.c — the answers of JMA kept for a moment and shared by
 * several agencies' watchers (app_jma_share.h).
 */
#include "app/app_jma_share.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/monotonic.h"
#include "util/xalloc.h"

struct kept {
	char *url;        /* NULL: a free slot */
	bool fetching;    /* a watcher is fetching it now: the others wait for its answer */
	bool whole;       /* holds a 200 answer (else only the fetch under way) */
	int64_t at_ms;    /* monotonic time it was fetched, or last confirmed by a 304 */
	char *body;
	size_t len;
	char last_modified[APP_JMA_VALIDATOR_MAX];
	char etag[APP_JMA_VALIDATOR_MAX];
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done = PTHREAD_COND_INITIALIZER; /* a fetch under way ended */
static long window;           /* ms; 0: off */
static struct kept kept[APP_JMA_SHARE_ENTRIES];
static unsigned long n_shared, n_fetched;

void app_jma_share_window(long window_ms)
{
	pthread_mutex_lock(&mu);
	window = window_ms > 0 ? window_ms : 0;
	pthread_mutex_unlock(&mu);
}

/* The slot of url, or NULL.  Under mu. */
static struct kept *find(const char *url)
{
	for (size_t i = 0; i < APP_JMA_SHARE_ENTRIES; i++)
		if (kept[i].url && strcmp(kept[i].url, url) == 0)
			return &kept[i];
	return NULL;
}

static void drop(struct kept *k)
{
	free(k->url);
	free(k->body);
	memset(k, 0, sizeof *k);
}

/* True when the caller's validators are the kept answer's own (each one
 * the caller sent equal to the kept one, and at least one sent). */
static bool same_validators(const struct kept *k, const char *ims, const char *inm)
{
	bool any = false;
	if (ims && *ims) {
		if (strcmp(ims, k->last_modified) != 0)
			return false;
		any = true;
	}
	if (inm && *inm) {
		if (strcmp(inm, k->etag) != 0)
			return false;
		any = true;
	}
	return any;
}

/* Fills f from k, as 304 or 200 for the caller's validators. */
static void answer_from(const struct kept *k, const char *ims, const char *inm, size_t max,
			struct app_jma_fetch *f)
{
	buf_init(&f->body, max);
	memcpy(f->last_modified, k->last_modified, sizeof f->last_modified);
	memcpy(f->etag, k->etag, sizeof f->etag);
	if (same_validators(k, ims, inm)) {
		f->status = 304;
		return;
	}
	f->status = 200;
	buf_add(&f->body, k->body, k->len);
}

/* A slot for url, marked as being fetched: a free one, else the oldest
 * not being fetched; NULL when every slot is being fetched.  Under mu. */
static struct kept *claim(const char *url)
{
	struct kept *k = NULL;
	for (size_t i = 0; i < APP_JMA_SHARE_ENTRIES; i++) {
		if (!kept[i].url) {
			k = &kept[i];
			break;
		}
		if (!kept[i].fetching && (!k || kept[i].at_ms < k->at_ms))
			k = &kept[i];
	}
	if (!k)
		return NULL;
	drop(k);
	k->url = xstrdup(url);
	k->fetching = true;
	return k;
}

/* Keeps f's 200 answer in k.  Under mu. */
static void keep(struct kept *k, const struct app_jma_fetch *f, int64_t now)
{
	free(k->body);
	k->whole = true;
	k->at_ms = now;
	k->len = f->body.len;
	k->body = xmalloc(k->len ? k->len : 1);
	if (k->len)
		memcpy(k->body, f->body.data, k->len);
	memcpy(k->last_modified, f->last_modified, sizeof k->last_modified);
	memcpy(k->etag, f->etag, sizeof k->etag);
}

int app_jma_fetch_shared(const char *url, size_t max, const char *ims, const char *inm,
			 long timeout, atomic_int *stop, enum lang lang, struct app_jma_fetch *f,
			 struct err *e)
{
	pthread_mutex_lock(&mu);
	long w = window;
	if (!w) {
		pthread_mutex_unlock(&mu);
		return app_jma_fetch(url, max, ims, inm, timeout, stop, lang, f, e);
	}
	/* Another watcher fetching the same: wait for its answer (it ends
	 * within its own timeout, the same as ours). */
	struct kept *k;
	while ((k = find(url)) && k->fetching)
		pthread_cond_wait(&done, &mu);
	if (k && k->whole && monotonic_ms() - k->at_ms < w && k->len <= max) {
		answer_from(k, ims, inm, max, f);
		f->stop = stop;
		n_shared++;
		pthread_mutex_unlock(&mu);
		return 0;
	}
	if (!k)
		k = claim(url);
	else
		k->fetching = true;
	pthread_mutex_unlock(&mu);
	int rc = app_jma_fetch(url, max, ims, inm, timeout, stop, lang, f, e);
	pthread_mutex_lock(&mu);
	n_fetched++;
	if (k) {
		if (rc == 0 && f->status == 200 && !f->body.overflow)
			keep(k, f, monotonic_ms());
		else if (rc == 0 && f->status == 304 && k->whole && same_validators(k, ims, inm))
			k->at_ms = monotonic_ms(); /* unchanged since the kept answer */
		k->fetching = false;
		if (!k->whole)
			drop(k); /* nothing to share: the next watcher asks itself */
		pthread_cond_broadcast(&done);
	}
	pthread_mutex_unlock(&mu);
	return rc;
}

void app_jma_share_counts(unsigned long *shared, unsigned long *fetched)
{
	pthread_mutex_lock(&mu);
	*shared = n_shared;
	*fetched = n_fetched;
	pthread_mutex_unlock(&mu);
}

void app_jma_share_clear(void)
{
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < APP_JMA_SHARE_ENTRIES; i++)
		if (!kept[i].fetching)
			drop(&kept[i]);
	window = 0;
	pthread_mutex_unlock(&mu);
}
