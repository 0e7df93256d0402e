/*
 * crisis_remind.c — who of those called is reminded, and when their
 * deputies are told (rules/crisis.h, issue 14 item 4).  Pure: the app
 * feeds it each silent person's state and queues what it says.
 */
#include <string.h>

#include "rules/crisis.h"

/* See crisis.h. */
enum crisis_remind crisis_remind_next(const struct crisis_remind_state *s, int64_t interval,
				      int count, int64_t now, int64_t *due_at)
{
	int64_t due = INT64_MAX;
	enum crisis_remind what = REMIND_DONE;
	if (s->answered || s->deputies_told || interval <= 0 || count < 0) {
		what = REMIND_DONE;
	} else {
		/* after the last message, one interval: a reminder while any
		 * are left, else the deputies */
		due = s->last_at > INT64_MAX - interval ? INT64_MAX : s->last_at + interval;
		if (now < due)
			what = REMIND_WAIT;
		else
			what = s->reminders < count ? REMIND_PERSON : REMIND_DEPUTIES;
	}
	if (due_at)
		*due_at = due;
	return what;
}

/* True when id is among the n of v. */
static bool among(const char *const *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], id) == 0)
			return true;
	return false;
}

/* Whether person is called in inc. */
static bool called(const struct incident *inc, const char *person)
{
	const struct incident_person *p = incident_person_find(inc, person);
	return p && p->called;
}

/* See crisis.h. */
size_t crisis_deputies(const struct incident *inc, const char *person, const char **out,
		       size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < inc->n_holders; i++) {
		const struct incident_holder *mine = &inc->holders[i];
		if (strcmp(mine->person, person) != 0)
			continue;
		/* the next rank in line after theirs with someone called */
		int64_t next = INT64_MAX;
		for (size_t k = 0; k < inc->n_holders; k++) {
			const struct incident_holder *h = &inc->holders[k];
			if (strcmp(h->role, mine->role) == 0 && h->rank > mine->rank &&
			    h->rank < next && strcmp(h->person, person) != 0 && called(inc, h->person))
				next = h->rank;
		}
		for (size_t k = 0; k < inc->n_holders && n < max && next != INT64_MAX; k++) {
			const struct incident_holder *h = &inc->holders[k];
			if (strcmp(h->role, mine->role) == 0 && h->rank == next &&
			    strcmp(h->person, person) != 0 && !among(out, n, h->person) &&
			    called(inc, h->person))
				out[n++] = h->person;
		}
	}
	return n;
}
