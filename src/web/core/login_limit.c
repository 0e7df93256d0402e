/*
 * login_limit.c — failed sign-ins per key in a fixed, open-addressed table
 * under one mutex, and a counter of hashes under way (login_limit.h).
 */
#include "web/core/login_limit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xalloc.h"

/* Slots looked at from a key's home slot before one is given up. */
#define PROBE 16

struct slot {
	char key[LOGIN_LIMIT_KEY_MAX + 1]; /* "" : free */
	int64_t last;                      /* the latest failure */
	unsigned count;
};

struct login_limit {
	pthread_mutex_t mu;
	pthread_cond_t turn; /* a hashing turn came free */
	unsigned hashing, hash_max;
	/* Whose hashing turns this table's sign-ins take: its own, or those
	 * of the table it shares them with (login_limit_share_turns). */
	struct login_limit *turns;
	struct slot slots[LOGIN_LIMIT_SLOTS];
};

struct login_limit *login_limit_new(unsigned hash_max)
{
	struct login_limit *l = xcalloc(1, sizeof *l);
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->turn, NULL);
	l->hash_max = hash_max ? hash_max : 1;
	l->turns = l;
	return l;
}

void login_limit_share_turns(struct login_limit *l, struct login_limit *with)
{
	l->turns = with->turns;
}

void login_limit_free(struct login_limit *l)
{
	if (!l)
		return;
	pthread_cond_destroy(&l->turn);
	pthread_mutex_destroy(&l->mu);
	free(l);
}

void login_limit_set_hash_max(struct login_limit *l, unsigned hash_max)
{
	pthread_mutex_lock(&l->mu);
	l->hash_max = hash_max ? hash_max : 1;
	pthread_mutex_unlock(&l->mu);
}

/* FNV-1a over the key as stored (cut at LOGIN_LIMIT_KEY_MAX). */
static size_t home(const char *key)
{
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; key[i] && i < LOGIN_LIMIT_KEY_MAX; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211u;
	return (size_t)(h % LOGIN_LIMIT_SLOTS);
}

static bool forgotten(const struct slot *s, int64_t now)
{
	return now - s->last >= LOGIN_FORGET;
}

/* key's slot, or NULL when it has none.  Under l->mu. */
static struct slot *login_limit_find(struct login_limit *l, const char *key)
{
	size_t h = home(key);
	for (size_t i = 0; i < PROBE; i++) {
		struct slot *s = &l->slots[(h + i) % LOGIN_LIMIT_SLOTS];
		if (s->key[0] && strncmp(s->key, key, LOGIN_LIMIT_KEY_MAX) == 0)
			return s;
	}
	return NULL;
}

/* The delay after count failures with free allowed: 0, then 1, 2, 4 …
 * seconds, at most max. */
static int64_t delay(unsigned count, unsigned free_fails, int64_t max)
{
	if (count < free_fails)
		return 0;
	unsigned over = count - free_fails;
	return over >= 30 || ((int64_t)1 << over) > max ? max : (int64_t)1 << over;
}

int64_t login_limit_wait(struct login_limit *l, const char *key, unsigned free_fails, int64_t max,
			 int64_t now)
{
	int64_t wait = 0;
	pthread_mutex_lock(&l->mu);
	const struct slot *s = login_limit_find(l, key);
	if (s && !forgotten(s, now)) {
		int64_t until = s->last + delay(s->count, free_fails, max);
		wait = until > now ? until - now : 0;
	}
	pthread_mutex_unlock(&l->mu);
	return wait;
}

unsigned login_limit_fail(struct login_limit *l, const char *key, int64_t now)
{
	pthread_mutex_lock(&l->mu);
	struct slot *s = login_limit_find(l, key);
	if (!s) {
		/* A free or forgotten slot near home, else the oldest there. */
		size_t h = home(key);
		for (size_t i = 0; i < PROBE; i++) {
			struct slot *c = &l->slots[(h + i) % LOGIN_LIMIT_SLOTS];
			if (!c->key[0] || forgotten(c, now)) {
				s = c;
				break;
			}
			if (!s || c->last < s->last)
				s = c;
		}
		snprintf(s->key, sizeof s->key, "%s", key);
		s->count = 0;
	} else if (forgotten(s, now)) {
		s->count = 0;
	}
	if (s->count < UINT32_MAX)
		s->count++;
	s->last = now;
	unsigned n = s->count;
	pthread_mutex_unlock(&l->mu);
	return n;
}

void login_limit_clear(struct login_limit *l, const char *key)
{
	pthread_mutex_lock(&l->mu);
	struct slot *s = login_limit_find(l, key);
	if (s)
		memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&l->mu);
}

bool login_limit_hash_begin(struct login_limit *l, unsigned wait_ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += wait_ms / 1000;
	until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	l = l->turns;
	pthread_mutex_lock(&l->mu);
	while (l->hashing >= l->hash_max && wait_ms &&
	       pthread_cond_timedwait(&l->turn, &l->mu, &until) == 0)
		;
	bool ok = l->hashing < l->hash_max;
	if (ok)
		l->hashing++;
	pthread_mutex_unlock(&l->mu);
	return ok;
}

void login_limit_hash_end(struct login_limit *l)
{
	l = l->turns;
	pthread_mutex_lock(&l->mu);
	if (l->hashing)
		l->hashing--;
	pthread_cond_signal(&l->turn);
	pthread_mutex_unlock(&l->mu);
}

bool login_limit_has_failed(struct login_limit *l, const char *key, int64_t now)
{
	pthread_mutex_lock(&l->mu);
	const struct slot *s = login_limit_find(l, key);
	bool failed = s && s->count && !forgotten(s, now);
	pthread_mutex_unlock(&l->mu);
	return failed;
}
