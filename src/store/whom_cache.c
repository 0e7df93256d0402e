/*
 * whom_cache.c — the writer's memory of personal links (whom_cache.h).
 *
 * An open-addressing table (linear probing, at most half full) of found
 * answers.  The key is the link and the incident the form named; the
 * slot is chosen by SipHash of both under a key drawn when the cache is
 * made.  Each entry holds its three strings in one allocation.  The table
 * grows by doubling up to WHOM_CACHE_MAX entries; past that it starts
 * again empty (an agency with more people called than that pays the
 * reads, as without the cache).
 */
#include "store/whom_cache.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/checkin_view.h"
#include "store/incident_store.h"
#include "util/crypto.h"
#include "util/xalloc.h"

#define WHOM_CACHE_FIRST 1024   /* slots at first */
#define WHOM_CACHE_MAX 65536    /* entries at most (the table: twice as many slots) */

struct entry {
	char *strings;          /* person, name, event_name, each NUL-ended; NULL: empty slot */
	uint64_t hash;
	int64_t asked;          /* the incident the form named, 0: none */
	char token[STORE_TOKEN_LEN];
	/* the answer besides its strings */
	int64_t incident, started_at;
	size_t n_open;
	bool drill, safety_only;
};

struct whom_cache {
	struct entry *slots;
	size_t cap, used;       /* cap: a power of two */
	unsigned char key[crypto_shorthash_KEYBYTES];
	int64_t version;
	bool have_version;
	unsigned long hits, misses, forgets;
};

struct whom_cache *whom_cache_new(void)
{
	crypto_ready();
	struct whom_cache *c = xcalloc(1, sizeof *c);
	c->cap = WHOM_CACHE_FIRST;
	c->slots = xcalloc(c->cap, sizeof *c->slots);
	randombytes_buf(c->key, sizeof c->key);
	return c;
}

/* Empties every slot, keeping the table's size. */
static void forget_all(struct whom_cache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->slots[i].strings);
	memset(c->slots, 0, c->cap * sizeof *c->slots);
	c->used = 0;
}

void whom_cache_free(struct whom_cache *c)
{
	if (!c)
		return;
	forget_all(c);
	free(c->slots);
	sodium_memzero(c->key, sizeof c->key);
	free(c);
}

void whom_cache_counts(const struct whom_cache *c, unsigned long *hits, unsigned long *misses,
		       unsigned long *forgets)
{
	*hits = c->hits;
	*misses = c->misses;
	*forgets = c->forgets;
}

void whom_cache_at_version(struct whom_cache *c, int64_t version)
{
	if (c->have_version && version == c->version && version >= 0)
		return;
	if (c->used) {
		forget_all(c);
		c->forgets++;
	}
	c->version = version;
	c->have_version = true;
}

/* The keyed hash of a link (exactly STORE_TOKEN_LEN bytes) and the
 * incident named. */
static uint64_t key_hash(const struct whom_cache *c, const char *token, int64_t asked)
{
	unsigned char in[STORE_TOKEN_LEN + sizeof asked], out[crypto_shorthash_BYTES];
	uint64_t h;
	memcpy(in, token, STORE_TOKEN_LEN);
	memcpy(in + STORE_TOKEN_LEN, &asked, sizeof asked);
	crypto_shorthash(out, in, sizeof in, c->key);
	memcpy(&h, out, sizeof h);
	return h;
}

/* Whether q's link has a link's length (the cache holds no other). */
static bool link_length(const struct checkin_whom *q)
{
	return q->token && strnlen(q->token, STORE_TOKEN_LEN + 1) == STORE_TOKEN_LEN;
}

/* The slot holding (token, asked), or the empty slot where it would go. */
static struct entry *find(struct whom_cache *c, const char *token, int64_t asked, uint64_t h)
{
	size_t mask = c->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct entry *s = &c->slots[i];
		if (!s->strings)
			return s;
		if (s->hash == h && s->asked == asked &&
		    sodium_memcmp(s->token, token, STORE_TOKEN_LEN) == 0)
			return s;
	}
}

bool whom_cache_get(struct whom_cache *c, struct checkin_whom *q)
{
	if (!link_length(q)) {
		c->misses++;
		return false;
	}
	struct entry *s = find(c, q->token, q->incident, key_hash(c, q->token, q->incident));
	if (!s->strings) {
		c->misses++;
		return false;
	}
	const char *person = s->strings;
	const char *name = person + strlen(person) + 1;
	const char *event_name = name + strlen(name) + 1;
	q->found = true;
	q->incident = s->incident;
	q->n_open = s->n_open;
	q->drill = s->drill;
	q->safety_only = s->safety_only;
	q->started_at = s->started_at;
	/* Each string came from the same field of q, so it fits. */
	memcpy(q->person, person, strlen(person) + 1);
	memcpy(q->name, name, strlen(name) + 1);
	memcpy(q->event_name, event_name, strlen(event_name) + 1);
	c->hits++;
	return true;
}

/* Doubles the table, placing every entry again. */
static void grow(struct whom_cache *c)
{
	struct entry *old = c->slots;
	size_t old_cap = c->cap;
	c->cap *= 2;
	c->slots = xcalloc(c->cap, sizeof *c->slots);
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].strings)
			*find(c, old[i].token, old[i].asked, old[i].hash) = old[i];
	free(old);
}

void whom_cache_put(struct whom_cache *c, int64_t asked, const struct checkin_whom *q)
{
	if (!q->found || !link_length(q))
		return;
	if (c->used >= WHOM_CACHE_MAX) {
		forget_all(c);
		c->forgets++;
	} else if (2 * (c->used + 1) > c->cap) {
		grow(c);
	}
	uint64_t h = key_hash(c, q->token, asked);
	struct entry *s = find(c, q->token, asked, h);
	if (s->strings)
		return; /* held already */
	size_t np = strlen(q->person) + 1, nn = strlen(q->name) + 1;
	size_t ne = strlen(q->event_name) + 1;
	char *strings = xmalloc(np + nn + ne);
	memcpy(strings, q->person, np);
	memcpy(strings + np, q->name, nn);
	memcpy(strings + np + nn, q->event_name, ne);
	*s = (struct entry){ .strings = strings, .hash = h, .asked = asked,
			     .incident = q->incident, .started_at = q->started_at,
			     .n_open = q->n_open, .drill = q->drill,
			     .safety_only = q->safety_only };
	memcpy(s->token, q->token, STORE_TOKEN_LEN);
	c->used++;
}
