/*
 * agency_list.h — the list of agencies one itbcp service serves, and the
 * host name a request names (issue 18, item 5).
 *
 * A shared service (a ministry's, a prefecture's for its towns) runs one
 * `itbcp serve --agencies FILE`.  Each agency has a database of its own
 * (an SQLite file, or a PostgreSQL database) and a host name of its own;
 * a request is served from the database of the host it names, and from
 * no other.  The file is plain text, one agency a line:
 *
 *     # host                    database
 *     soumu.bcp.example.jp      /var/lib/itbcp/soumu.db
 *     town-a.bcp.example.jp     postgresql://itbcp@db.example.jp/town_a
 *
 * Blank lines and lines starting with '#' are skipped; host and database
 * are separated by spaces or tabs.  A host is a DNS name or an IPv4
 * address (letters, digits, '-' and '.', compared without case, no
 * port); each appears once.  Everything is bounded (AGENCY_*) and every
 * refusal names the line.
 */
#ifndef ITBCP_FORMAT_AGENCY_LIST_H
#define ITBCP_FORMAT_AGENCY_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "util/lang.h"

#define AGENCY_HOST_MAX 253      /* a DNS name's longest */
#define AGENCY_DB_MAX 1024       /* a path or a postgresql:// URL */
#define AGENCY_LIST_MAX 256      /* agencies in one service */
#define AGENCY_FILE_MAX (1u << 20)

struct agency {
	char host[AGENCY_HOST_MAX + 1]; /* lower case */
	char *db;                       /* owned */
	unsigned line;                  /* in the file, for messages */
};

struct agency_list {
	struct agency *v;
	size_t n;
};

/* Parses text[0..len) (the file named name, for messages) into *out
 * (empty first; release it either way).  -1 with e saying what and on
 * which line, in lang, when anything is wrong or no agency is listed. */
int agency_list_parse(const char *text, size_t len, const char *name, enum lang lang,
		      struct agency_list *out, struct err *e);
void agency_list_release(struct agency_list *l);

/* The host a Host header's value names, lower case and without the port
 * or a final '.', into out: false when value is not a host name of the
 * form an agency's can take (an IPv6 literal, a stray character, too
 * long), which no agency is then served for. */
bool agency_host_of(const char *value, char out[AGENCY_HOST_MAX + 1]);

#endif
