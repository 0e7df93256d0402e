/*
 * message.h — the words of the messages the outbox sends (issue 14): what
 * a called person reads, Japanese first and English second, with their
 * own check-in link on a line of its own and nothing about anyone else.
 * Pure: the store composes a message with these when it queues it, so the
 * row holds exactly what was sent.
 */
#ifndef ITBCP_MODEL_MESSAGE_H
#define ITBCP_MODEL_MESSAGE_H

#include <stdbool.h>
#include <stdint.h>

struct message_text {
	char *subject; /* one line, UTF-8 */
	char *body;    /* lines ending in \n, UTF-8 */
	char *chat;    /* a short text for a chat system or SMS gateway (webhooks) */
};

/* The call-out of incident to the person named name: event is the event's
 * name, drill marks a drill, assemble whether they are called in (asked
 * whether they are safe and can come) or only asked whether they are safe
 * (安否確認 of the other staff: nothing about coming), link is the person's
 * own check-in address.  Fills out with malloc'd strings; free with
 * message_text_release. */
void message_callout(const char *name, const char *event, bool drill, bool assemble,
		     int64_t incident, const char *link, struct message_text *out);

/* The nth reminder (1, 2 …) to someone still silent: the call-out's
 * words again, marked as a reminder, with the same link. */
void message_reminder(const char *name, const char *event, bool drill, bool assemble,
		      int64_t incident, int nth, const char *link, struct message_text *out);

/* To name, a deputy: silent (a name) has not answered the call-out of
 * incident after every reminder, and holds roles (their names, joined);
 * the deputy may have to take them.  link is the deputy's own link, never
 * the silent person's. */
void message_deputy(const char *name, const char *silent, const char *roles, const char *event,
		    bool drill, int64_t incident, const char *link, struct message_text *out);

/* Peacetime (item 5), to an admin named name: a version of the plan
 * submitted by who (comment may be "") waits for approval at link. */
void message_approval(const char *name, const char *who, const char *comment, const char *link,
		      struct message_text *out);
/* To a planner named name: the annual review (R8, §4.2.3) is due in the
 * window from–to (YYYY-MM-DD), or overdue, at link. */
void message_review_due(const char *name, const char *from, const char *to, bool overdue,
			const char *link, struct message_text *out);

void message_text_release(struct message_text *m);

#endif
