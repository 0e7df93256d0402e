/*
 * checkin_store.h — the durable check-in path in the database: people
 * reporting whether they are safe during an incident (migration 003's
 * incident_checkins, with 006 and 007).  The check-in writer
 * (checkin/checkin_writer.c) appends a batch of reports in one synced
 * transaction; the check-in page validates a report first with the same
 * rules.  Each accepted report is also an entry "checkin" of the
 * incident's hash-chained timeline (incident_store.h), in the same
 * transaction.
 *
 * The incident's other records are incident_store.h's; what a person's
 * own check-in page reads is checkin_view.h's; personal check-in tokens
 * are incident_store.h's (incident_tokens.c).
 */
#ifndef ITBCP_STORE_CHECKIN_STORE_H
#define ITBCP_STORE_CHECKIN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/incident.h"
#include "store/store.h"
#include "util/err.h"

struct checkin_report {
	int64_t incident;
	const char *person;  /* person id (from store_checkin_token_lookup) */
	enum checkin_status status;
	enum checkin_assembly assembly;
	int64_t eta;         /* UTC seconds, or NO_VALUE */
	const char *location;/* where the person is; NULL = "" (<= 200 bytes) */
	const char *note;    /* NULL = "" (<= 1000 bytes) */
	int64_t at;          /* when the person reported, UTC seconds */
	int64_t recorded_at; /* when recorded (the timeline entry's time); 0 = at */
	const char *author;  /* "self" for the personal link, else who entered it */
	/* The caller found the person called in this incident just before
	 * (store_checkin_whom, on the same connection): people are never
	 * taken out of an incident, so the append need not look again. */
	bool person_known;
};

enum checkin_outcome {
	CHECKIN_RECORDED = 0, /* committed and synced */
	CHECKIN_NO_INCIDENT,  /* no such incident */
	CHECKIN_CLOSED,       /* the incident is closed */
	CHECKIN_NOT_CALLED,   /* the person is not in the incident's snapshot */
	CHECKIN_BAD_INPUT,    /* a field is invalid: see field */
	CHECKIN_NOT_WRITTEN   /* the batch failed as a whole (database error) */
};

struct checkin_result {
	enum checkin_outcome outcome;
	const char *field;   /* for CHECKIN_BAD_INPUT: "status", "note" … (static) */
	int64_t id;          /* the report's id when recorded */
	int64_t seq;         /* its timeline entry */
};

/* The open incidents person was called for, newest first: up to max ids
 * into ids; returns how many, or -1 on a database error. */
int checkin_store_open_for(struct store *st, const char *person, int64_t *ids, size_t max,
			   struct err *e);

/* Checks one report's fields without the database; 0 or -1 with *field
 * naming the bad one. */
int checkin_store_check(const struct checkin_report *r, const char **field);

/* The group-commit entry point.  Appends the n reports in ONE transaction
 * (BEGIN IMMEDIATE … COMMIT; durable when this returns on a connection
 * with synchronous=FULL, and on the check-in writer's, which commits with
 * synchronous=NORMAL, once its syncer has synced the log — the writer
 * answers nobody before that, checkin_writer.c): each accepted report
 * becomes a row of incident_checkins and a timeline entry "checkin";
 * reports that fail checkin_store_check or name an unknown/closed
 * incident or a person not called are skipped with their outcome and do
 * not affect the others.  results[i] answers reports[i].
 *   returns 0: the transaction committed — every CHECKIN_RECORDED result
 *              is durable and may be answered as received;
 *   returns -1: nothing was written (e says why); every result is
 *              CHECKIN_NOT_WRITTEN — answer all of them with an error.
 * Call it from a single writer thread with its own read-write store;
 * readers on other connections see the batch all at once after commit. */
int checkin_store_append(struct store *st, const struct checkin_report *reports, size_t n,
			 struct checkin_result *results, struct err *e);

#endif
