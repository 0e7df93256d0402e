/*
 * checkin_limit.c — failures per client key in a fixed, open-addressed
 * table under one mutex (checkin_limit.h).  The lock is held for a hash
 * and a few comparisons; only requests with a personal link take it.
 */
#include "checkin/checkin_limit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Slots looked at from a key's home slot before one is given up. */
#define PROBE 16

struct slot {
	char key[CHECKIN_LIMIT_KEY_MAX + 1]; /* "" : free */
	int64_t start;                       /* the window's first failure */
	uint32_t count;
};

struct checkin_limit {
	pthread_mutex_t mu;
	struct slot slots[CHECKIN_LIMIT_SLOTS];
};

struct checkin_limit *checkin_limit_new(void)
{
	struct checkin_limit *l = xcalloc(1, sizeof *l);
	pthread_mutex_init(&l->mu, NULL);
	return l;
}

void checkin_limit_free(struct checkin_limit *l)
{
	if (!l)
		return;
	pthread_mutex_destroy(&l->mu);
	free(l);
}

/* FNV-1a over the key as stored (cut at CHECKIN_LIMIT_KEY_MAX). */
static size_t home(const char *key)
{
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; key[i] && i < CHECKIN_LIMIT_KEY_MAX; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211u;
	return (size_t)(h % CHECKIN_LIMIT_SLOTS);
}

static bool same(const struct slot *s, const char *key)
{
	return strncmp(s->key, key, CHECKIN_LIMIT_KEY_MAX) == 0;
}

static bool expired(const struct slot *s, int64_t now)
{
	return now - s->start >= CHECKIN_FAIL_WINDOW;
}

/* key's slot, or NULL when it has none.  Under l->mu. */
static struct slot *find(struct checkin_limit *l, const char *key)
{
	size_t h = home(key);
	for (size_t i = 0; i < PROBE; i++) {
		struct slot *s = &l->slots[(h + i) % CHECKIN_LIMIT_SLOTS];
		if (s->key[0] && same(s, key))
			return s;
	}
	return NULL;
}

bool checkin_limit_over(struct checkin_limit *l, const char *key, int64_t now)
{
	pthread_mutex_lock(&l->mu);
	const struct slot *s = find(l, key);
	bool over = s && !expired(s, now) && s->count >= CHECKIN_FAIL_MAX;
	pthread_mutex_unlock(&l->mu);
	return over;
}

bool checkin_limit_fail(struct checkin_limit *l, const char *key, int64_t now)
{
	pthread_mutex_lock(&l->mu);
	struct slot *s = find(l, key);
	if (!s) {
		/* A free or expired slot near home, else the oldest window there. */
		size_t h = home(key);
		for (size_t i = 0; i < PROBE; i++) {
			struct slot *c = &l->slots[(h + i) % CHECKIN_LIMIT_SLOTS];
			if (!c->key[0] || expired(c, now)) {
				s = c;
				break;
			}
			if (!s || c->start < s->start)
				s = c;
		}
		snprintf(s->key, sizeof s->key, "%s", key);
		s->start = now;
		s->count = 0;
	} else if (expired(s, now)) {
		s->start = now;
		s->count = 0;
	}
	if (s->count < UINT32_MAX)
		s->count++;
	bool reached = s->count == CHECKIN_FAIL_MAX;
	pthread_mutex_unlock(&l->mu);
	return reached;
}
