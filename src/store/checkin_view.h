/*
 * checkin_view.h — what a person's own check-in page (/c/TOKEN) shows,
 * read in one query: the open incidents they are called for, their name
 * as in each incident's snapshot, and their own latest report.
 *
 * It reads nothing about anybody else, so the page cannot show it.  The
 * incident core (incident_store.h) has the writes and the token lookup;
 * this is the page's read, kept apart so it costs one indexed query per
 * page view during a burst instead of loading whole incidents.
 */
#ifndef ITBCP_STORE_CHECKIN_VIEW_H
#define ITBCP_STORE_CHECKIN_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/incident.h"
#include "store/store.h"
#include "store/whom_cache.h"
#include "util/err.h"

/* The most incidents one page lists (a person is rarely called for two). */
#define CHECKIN_VIEW_MAX 8

/* One open incident the person is called for.  Strings are owned
 * (checkin_view_release); never NULL once loaded. */
struct checkin_view {
	int64_t incident;
	char *event_name;   /* "大規模災害" */
	bool drill;
	int64_t started_at; /* the event's time (UTC seconds) */
	char *name;         /* the person's name in the snapshot */
	char *location;     /* their first assembly location, "" when none */
	bool safety_only;   /* only asked whether they are safe, not called in */
	bool reported;      /* they have reported: last holds the latest */
	struct checkin last;/* status, assembly, eta, location, note, at (person/author unset) */
};

/* The open incidents person is called for, newest first, up to max into
 * out; returns how many, or -1 on a database error (e filled).  Works on
 * a read-only store. */
int store_checkin_view(struct store *st, const char *person, struct checkin_view *out, size_t max,
		       struct err *e);
/* Frees what v owns; v may be released twice. */
void checkin_view_release(struct checkin_view *v);

/* What a request to a check-in link needs to know before it answers. */
struct checkin_access {
	bool found;              /* the token is someone's */
	char person[256];        /* whose, when found */
	struct checkin_view v[CHECKIN_VIEW_MAX]; /* their open incidents, when found */
	size_t n;
};

/* Reads, in one read transaction, the person of token
 * (store_checkin_token_lookup) and when found, their view
 * (store_checkin_view).  One transaction: one lock on the write-ahead log
 * and one refill of the page cache after the writer's commits, instead of
 * one per query.  0 (release out->v with checkin_access_release), or -1
 * with e filled. */
int store_checkin_access(struct store *st, const char *token, struct checkin_access *out,
			 struct err *e);
void checkin_access_release(struct checkin_access *a);

/* Whom a report through a personal link is from, and on what: resolved by
 * the group-commit writer on its own connection, whose page cache its own
 * commits keep warm, so that the request thread answers a report without
 * reading the database at all (checkin/checkin_writer.h).  Fixed-size fields:
 * the writer fills them for a request waiting on another thread. */
struct checkin_whom {
	const char *token;  /* in: from the link */
	int64_t incident;   /* in: the incident the form named (0: none named);
			     * out: the one reported on (0: none taken) */
	bool found;         /* out: the token is someone's */
	size_t n_open;      /* out: open incidents the person is called for */
	char person[256];   /* out, when found: their id, */
	char name[256];     /* their name in the incident's snapshot, */
	char event_name[256]; /* and of the incident taken: its event's name, */
	bool drill;
	int64_t started_at; /* the event's time (UTC seconds) */
	bool safety_only;   /* only asked whether they are safe there (015) */
};

/* Resolves each of the n queries in one read transaction: the token's
 * person; the incident named if it is open and they are called for it,
 * or when none is named, their only such incident (with several, or none,
 * incident stays 0).  0, or -1 with e filled (the queries then say
 * nothing: found false).  cache (NULL: none) answers the questions it
 * has answered before, while no other connection has committed anything
 * (store/whom_cache.h). */
int store_checkin_whom(struct store *st, struct whom_cache *cache, struct checkin_whom *const *q,
		       size_t n, struct err *e);

#endif
