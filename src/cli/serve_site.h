/*
 * serve_site.h — what `itbcp serve` runs for each agency it serves: the
 * web (its database, its own limits and connections), the outbox's
 * sender, the JMA watcher and the scheduled backups.  One agency for the
 * usual single plan; one per line of --agencies FILE for a shared
 * service (format/agency_list.h), each on its own database, so nothing
 * one agency's threads do reaches another's data.
 */
#ifndef ITBCP_CLI_SERVE_SITE_H
#define ITBCP_CLI_SERVE_SITE_H

#include <stdbool.h>

#include "app/app_backup_offsite.h"
#include "app/app_jma_watch.h"
#include "cli/commands.h"
#include "web/core/web.h"

struct deliver_outbox;
struct app_jma_watcher;
struct app_backup_sched;

/* The settings every agency shares (cmd_serve's options, checked). */
struct serve_settings {
	bool access_log, https, jma_watch;
	unsigned conn_max, conn_per_address;
	const char *trusted_proxy; /* an address, "" for none */
	const char *primary_url;   /* "" for none */
	const char *backup_dir;    /* NULL: no backups; with several agencies, DIR/HOST */
	long backup_every_min;
	const char *backup_key;
	const struct app_offsite *offsite; /* NULL: backup_dir is a local directory */
	bool several;                      /* more than one agency: backups per host */
};

struct serve_site {
	struct web w;
	bool web_ready;
	struct deliver_outbox *outbox;
	struct app_jma_watch jw;
	struct app_jma_watcher *watcher;
	struct app_backup_sched *backups;
	char backup_dir[4096]; /* this agency's: settings' dir, or DIR/HOST */
	struct app_offsite offsite;
};

/* Checks what can be checked before anything starts (the record key of
 * db_path; the JMA watch's settings): -1 after printing why. */
int serve_site_check(struct cli_ctx *ctx, const char *db_path, const struct serve_settings *set);

/* Opens the agency's database (host "" for a single plan) and starts its
 * threads; -1 after printing why, with nothing of it left running (the
 * scheduled backups failing to start is said and served on). */
int serve_site_start(struct cli_ctx *ctx, struct serve_site *s, const char *host,
		     const char *db_path, const struct serve_settings *set);

/* Stops what serve_site_start started (after the web face has stopped).
 * What the outbox's sender says went wrong as it stopped (a connection
 * its database closed) is printed; it is no failure of the server's, so
 * it changes nothing of serve's exit status. */
void serve_site_stop(struct cli_ctx *ctx, struct serve_site *s);

#endif
