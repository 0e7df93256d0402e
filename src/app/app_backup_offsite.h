/*
 * app_backup_offsite.h — `itbcp backup --to URL` (issue 17 item 2): a
 * backup made as app_backup_run makes one, in a private directory beside
 * the database, then sent to another site with libcurl (sftp://, https://;
 * http:// only to this machine's loopback), read back and compared byte
 * for byte by SHA-256 before it counts as good, and the retention rule
 * applied there by deleting what it lets go.
 *
 * Credentials never pass through the command line, the logs or the
 * database: a URL with a password in it is refused; the password is read
 * by libcurl from a netrc file (--netrc) and the SSH key from its file
 * (--ssh-key), both refused when others than their owner can read them;
 * the server's SSH host key is checked against --known-hosts.
 */
#ifndef ITBCP_APP_APP_BACKUP_OFFSITE_H
#define ITBCP_APP_APP_BACKUP_OFFSITE_H

#include "app/app_backup.h"

struct app_offsite {
	const char *url;         /* the remote directory */
	const char *netrc;       /* NULL: none */
	const char *ssh_key;     /* sftp: the private key file */
	const char *known_hosts; /* sftp: required */
	long timeout_s;          /* each transfer, default 600 */
};

/* True when s looks like a URL (has "://"). */
bool app_offsite_is_url(const char *s);

/* Checks o before anything is sent: the URL (scheme, no password, http://
 * only to loopback), the credential files (owner-only), known_hosts for
 * sftp://.  -1 with e saying what is wrong. */
int app_offsite_check(const struct app_offsite *o, enum lang lang, struct err *e);

/* Backs up req->db_path to o->url (req->dir is ignored); records the
 * attempt with the URL as its target.  res->path is the remote URL of the
 * copy.  0 when it arrived and was read back whole. */
int app_backup_offsite(const struct app_backup_req *req, const struct app_offsite *o,
		       struct app_backup_result *res, struct err *e);

#endif
