/*
 * app_incident_jma.c — reads a JMA earthquake report (気象庁防災情報XML,
 * VXSE51 震度速報 / VXSE53 震源・震度に関する情報) to start an incident:
 * the time of the quake, the maximum intensity and every prefecture and
 * area with its maximum intensity.
 *
 * The file is outside input: it is read with a size cap, parsed by libxml2
 * with network access off (XML_PARSE_NONET), without entity substitution
 * (no XML_PARSE_NOENT) and without loading a DTD, and only element names
 * and text are used.  Namespaces are ignored: elements are matched by
 * local name along the report's fixed paths.
 */
#include <errno.h>
#include <limits.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_incident.h"
#include "util/xalloc.h"

/* The first element child of n named name, or NULL. */
static xmlNode *child(xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/* The next element sibling of n with n's name, or NULL. */
static xmlNode *next_same(xmlNode *n)
{
	for (xmlNode *c = n->next; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, (const char *)n->name) == 0)
			return c;
	return NULL;
}

/* The trimmed text of n into out ("" when n is NULL). */
static void text_of(xmlNode *n, char *out, size_t size)
{
	out[0] = '\0';
	if (!n)
		return;
	xmlChar *t = xmlNodeGetContent(n);
	if (!t)
		return;
	const char *s = (const char *)t;
	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t' ||
		       s[len - 1] == '\r'))
		len--;
	snprintf(out, size, "%.*s", (int)len, s);
	xmlFree(t);
}

/* Reads at most max bytes of path into b; -1 when larger or unreadable. */
static int read_capped(const char *path, size_t max, struct buf *b, enum lang lang, struct err *e)
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

/* Adds an area with its MaxInt to q. */
static void add_area(struct app_incident_quake *q, size_t *cap, xmlNode *n)
{
	char name[256], maxint[32];
	text_of(child(n, "Name"), name, sizeof name);
	text_of(child(n, "MaxInt"), maxint, sizeof maxint);
	if (!name[0])
		return;
	q->areas = xgrow(q->areas, cap, q->n_areas + 1, sizeof *q->areas);
	q->areas[q->n_areas].name = xstrdup(name);
	q->areas[q->n_areas].intensity = crisis_intensity_parse(maxint);
	q->n_areas++;
}

/* Fills q from the parsed report; -1 with a message when it is not an
 * earthquake intensity report. */
static int read_report(xmlNode *root, struct app_incident_quake *q, const char *label, enum lang lang,
		       struct err *e)
{
	char buf[256];
	if (!root || strcmp((const char *)root->name, "Report") != 0)
		return err_set(e, "%s: %s", label,
			       L(lang, "気象庁防災情報XMLではありません", "not a JMA XML report"));
	xmlNode *control = child(root, "Control"), *head = child(root, "Head"),
		*body = child(root, "Body");
	text_of(child(control, "Status"), buf, sizeof buf);
	q->training = strcmp(buf, "訓練") == 0;
	text_of(child(head, "Title"), q->title, sizeof q->title);
	text_of(child(head, "InfoType"), buf, sizeof buf);
	if (strcmp(buf, "取消") == 0)
		return err_set(e, "%s: %s", label,
			       L(lang, "取消の電文です", "the report is a cancellation"));
	text_of(child(child(body, "Earthquake"), "OriginTime"), buf, sizeof buf);
	if (!buf[0])
		text_of(child(head, "TargetDateTime"), buf, sizeof buf);
	if (crisis_time_parse(buf, &q->time))
		return err_set(e, "%s: %s", label,
			       L(lang, "地震の発生時刻（OriginTime / TargetDateTime）がありません",
				 "no earthquake time (OriginTime / TargetDateTime)"));
	xmlNode *obs = child(child(body, "Intensity"), "Observation");
	if (!obs)
		return err_set(e, "%s: %s", label,
			       L(lang, "震度の情報（Body/Intensity）がありません（VXSE51・VXSE53を指定してください）",
				 "no intensities (Body/Intensity): give a VXSE51 or VXSE53 report"));
	text_of(child(obs, "MaxInt"), buf, sizeof buf);
	q->max_intensity = crisis_intensity_parse(buf);
	size_t cap = 0;
	for (xmlNode *pref = child(obs, "Pref"); pref; pref = next_same(pref)) {
		add_area(q, &cap, pref);
		for (xmlNode *a = child(pref, "Area"); a; a = next_same(a))
			add_area(q, &cap, a);
	}
	return 0;
}

/* See app_incident.h. */
int app_incident_jma_parse(const char *data, size_t len, const char *label, struct app_incident_quake *q,
			   enum lang lang, struct err *e)
{
	memset(q, 0, sizeof *q);
	q->max_intensity = -1;
	if (len > INCIDENT_JMA_MAX || len > INT_MAX)
		return err_set(e, "%s: %s", label,
			       L(lang, "大きすぎます", "too large"));
	xmlDoc *doc = xmlReadMemory(data, (int)len, NULL, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		return err_set(e, "%s: %s", label,
			       L(lang, "XMLとして読めません", "not well-formed XML"));
	int rc = read_report(xmlDocGetRootElement(doc), q, label, lang, e);
	xmlFreeDoc(doc);
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
	if (read_capped(path, INCIDENT_JMA_MAX, &b, lang, e)) {
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
