/*
 * app_incident_jma.c — a JMA earthquake report (気象庁防災情報XML,
 * VXSE51 震度速報 / VXSE53 震源・震度に関する情報) as what starting an
 * incident needs: the time of the quake, the maximum intensity and every
 * prefecture and area with its maximum intensity.
 *
 * The reading is jma/jma_report.h's (namespaces, bounds, DOCTYPE refused);
 * this file only says which reports can start an incident by hand and
 * turns one into struct app_incident_quake.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_incident.h"
#include "jma/jma_report.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* See app_incident.h. */
int app_incident_jma_file(const char *path, size_t max, struct buf *b, enum lang lang, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, "--jma %s: %s", path, strerror(errno));
	char chunk[8192];
	size_t n;
	buf_init(b, max);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_add(b, chunk, n))
			break;
	bool bad = ferror(f) != 0;
	fclose(f);
	if (b->overflow)
		return err_set(e, "--jma %s: %s", path,
			       L(lang, "ファイルが大きすぎます（上限 2 MiB）", "file too large (limit 2 MiB)"));
	if (bad)
		return err_set(e, "--jma %s: %s", path, L(lang, "読めません", "cannot be read"));
	return 0;
}

/* Fills q from a report read by jma/; -1 with a message when the report
 * cannot start an incident. */
static int quake_from(const struct jma_report *r, const char *label, struct app_incident_quake *q,
		      enum lang lang, struct err *e)
{
	if (r->info == JMA_INFO_CANCELLED)
		return err_set(e, "%s: %s", label,
			       L(lang, "取消の電文です", "the report is a cancellation"));
	if (r->type != JMA_VXSE51 && r->type != JMA_VXSE53)
		return err_set(e, "%s: %s", label,
			       L(lang, "震度の情報（Body/Intensity）がありません（VXSE51・VXSE53を指定してください）",
				 "no intensities (Body/Intensity): give a VXSE51 or VXSE53 report"));
	if (!r->origin)
		return err_set(e, "%s: %s", label,
			       L(lang, "地震の発生時刻（OriginTime / TargetDateTime）がありません",
				 "no earthquake time (OriginTime / TargetDateTime)"));
	if (r->max_intensity == JMA_INT_NONE && r->n_areas == 0)
		return err_set(e, "%s: %s", label,
			       L(lang, "震度の情報（Body/Intensity）がありません（VXSE51・VXSE53を指定してください）",
				 "no intensities (Body/Intensity): give a VXSE51 or VXSE53 report"));
	q->time = r->origin;
	q->training = r->status != JMA_STATUS_NORMAL;
	snprintf(q->title, sizeof q->title, "%s", r->title);
	/* 未入電 and classes not understood are no number: the start form
	 * leaves them for the person starting it, as an unknown intensity. */
	q->max_intensity = r->max_intensity >= 0 ? r->max_intensity : -1;
	size_t cap = 0;
	for (size_t i = 0; i < r->n_areas; i++) {
		const struct jma_area *a = &r->areas[i];
		if (a->kind != JMA_AREA_PREF && a->kind != JMA_AREA_AREA)
			continue;
		q->areas = xgrow(q->areas, &cap, q->n_areas + 1, sizeof *q->areas);
		q->areas[q->n_areas].name = xstrdup(a->name);
		q->areas[q->n_areas].intensity = a->intensity >= 0 ? a->intensity : -1;
		q->n_areas++;
	}
	return 0;
}

/* See app_incident.h. */
int app_incident_jma_parse(const char *data, size_t len, const char *label, struct app_incident_quake *q,
			   enum lang lang, struct err *e)
{
	memset(q, 0, sizeof *q);
	q->max_intensity = -1;
	struct jma_report r;
	if (jma_report_parse(data, len, label, lang, &r, e))
		return -1;
	int rc = quake_from(&r, label, q, lang, e);
	jma_report_release(&r);
	if (rc)
		app_incident_quake_release(q);
	return rc;
}

/* See app_incident.h. */
int app_incident_jma_read(const char *path, struct app_incident_quake *q, enum lang lang, struct err *e)
{
	struct buf b = BUF_INIT; /* released on every path, the unopened file's too */
	memset(q, 0, sizeof *q);
	q->max_intensity = -1;
	if (app_incident_jma_file(path, INCIDENT_JMA_MAX, &b, lang, e)) {
		buf_release(&b);
		return -1;
	}
	char label[300];
	snprintf(label, sizeof label, "--jma %s", path);
	int rc = app_incident_jma_parse(b.data, b.len, label, q, lang, e);
	buf_release(&b);
	return rc;
}

/* See app_incident.h. */
void app_incident_quake_release(struct app_incident_quake *q)
{
	for (size_t i = 0; i < q->n_areas; i++)
		free(q->areas[i].name);
	free(q->areas);
	q->areas = NULL;
	q->n_areas = 0;
}
