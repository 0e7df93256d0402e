/*
 * app_backup_check.h — findings about the database itself for `itbcp
 * check` (issue 17): stale or missing backups, a failed last attempt, a
 * database file readable by others.
 */
#ifndef ITBCP_APP_APP_BACKUP_CHECK_H
#define ITBCP_APP_APP_BACKUP_CHECK_H

#include <stdint.h>

#include "rules/check.h"

/* Appends the findings about db_path as of now (Unix seconds) to f. */
void app_backup_findings(const char *db_path, int64_t now, struct findings *f);

#endif
