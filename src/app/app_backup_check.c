/*
 * app_backup_check.c — what `itbcp check` says about the database itself
 * beside the plan (issue 17): a backup that is stale or missing, a last
 * attempt that failed, and a database file that others than its owner
 * can read.  A stale backup is an error, as an overdue review is: both
 * are a promise of the plan that has lapsed.
 */
#include "app/app_backup_check.h"

#include <stdio.h>
#include <sys/stat.h>

#include "app/app_backup.h"
#include "store/backup_store.h"
#include "store/store.h"

/* See app_backup_check.h. */
void app_backup_findings(const char *db_path, int64_t now, struct findings *f)
{
	struct stat sb;
	char ja[768], en[768];
	if (stat(db_path, &sb) == 0 && (sb.st_mode & 077)) {
		snprintf(ja, sizeof ja,
			 "データベースファイル %s を所有者以外も読み書きできます（%03o）。連絡先と記録を守るため chmod 600 にしてください",
			 db_path, (unsigned)(sb.st_mode & 0777));
		snprintf(en, sizeof en,
			 "the database file %s can be read or written by others than its owner (%03o): chmod 600 it to keep the contacts and records private",
			 db_path, (unsigned)(sb.st_mode & 0777));
		findings_add(f, SEV_WARNING, "db-readable-by-others", "§4", "database", db_path, ja, en);
	}
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	struct store_backup_row good, last;
	if (store_open(&st, db_path, STORE_READONLY, &e)) {
		store_close(&st);
		return;
	}
	int g = store_backup_last(&st, true, &good, &e);
	int l = store_backup_last(&st, false, &last, &e);
	store_close(&st);
	if (g < 0 || l < 0)
		return;
	if (g == 0) {
		findings_add(
			f, SEV_INFO, "backup-none", "§4", "backups", "バックアップ / backups",
			"バックアップの記録がありません（itbcp backup --to DIR、または itbcp serve --backup-dir DIR）",
			"no backup has been recorded (itbcp backup --to DIR, or itbcp serve --backup-dir DIR)");
	} else if (now - good.finished > APP_BACKUP_STALE_HOURS * 3600) {
		long long hours = (long long)((now - good.finished) / 3600);
		snprintf(ja, sizeof ja,
			 "最後の正常なバックアップは %lld 時間前です（%d 時間を超えると古いとみなします）: %.200s/%.200s",
			 hours, APP_BACKUP_STALE_HOURS, good.target, good.file);
		snprintf(en, sizeof en,
			 "the last good backup is %lld hours old (older than %d hours is stale): %.200s/%.200s",
			 hours, APP_BACKUP_STALE_HOURS, good.target, good.file);
		findings_add(f, SEV_ERROR, "backup-stale", "§4", "backups",
			     "バックアップ / backups", ja, en);
	}
	if (l == 1 && !last.ok) {
		snprintf(ja, sizeof ja, "最後のバックアップは失敗しました: %.400s", last.message);
		snprintf(en, sizeof en, "the last backup failed: %.400s", last.message);
		findings_add(f, SEV_WARNING, "backup-failed", "§4", "backups",
			     "バックアップ / backups", ja, en);
	}
}
