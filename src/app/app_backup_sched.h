/*
 * app_backup_sched.h — `itbcp serve --backup-dir DIR`: a backup
 * (app_backup_run) at start and then every interval, on a thread of its
 * own (itbcp-backup), until the server stops.  A failed one is logged and
 * recorded (the dashboard and `itbcp check` show it); the server goes on.
 */
#ifndef ITBCP_APP_APP_BACKUP_SCHED_H
#define ITBCP_APP_APP_BACKUP_SCHED_H

#include <stdio.h>

#include "app/app_backup.h"
#include "app/app_backup_offsite.h"

struct app_backup_sched;

/* Starts the thread with a copy of req (its strings must outlive it),
 * every interval_s seconds, logging one line per backup to log; with
 * offsite (not NULL, copied likewise) each copy goes to its URL instead of
 * req->dir.  Call from the main thread (SIGINT and SIGTERM stay blocked
 * on it).  -1 with e filled. */
int app_backup_sched_start(struct app_backup_sched **out, const struct app_backup_req *req,
			   const struct app_offsite *offsite, long interval_s, FILE *log,
			   struct err *e);

/* Stops the thread (a backup under way is finished first) and frees x
 * (NULL is fine). */
void app_backup_sched_free(struct app_backup_sched *x);

#endif
