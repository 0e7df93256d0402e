/*
 * jma_report.c — see jma_report.h.  The fixed paths of JMA's schema,
 * walked by namespace URI and local name over a libxml2 tree.
 */
#include "jma/jma_report.h"

#include <limits.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "rules/crisis.h"
#include "util/xalloc.h"

/* The namespaces of the parts of a report (JMA's schema, fixed). */
#define NS_REPORT "http://xml.kishou.go.jp/jmaxml1/"
#define NS_HEAD "http://xml.kishou.go.jp/jmaxml1/informationBasis1/"
#define NS_SEIS "http://xml.kishou.go.jp/jmaxml1/body/seismology1/"
#define NS_EB "http://xml.kishou.go.jp/jmaxml1/elementBasis1/"

/* Control/Title names the kind of report (Head/Title may be a variant:
 * 「遠地地震に関する情報」 is a VXSE53). */
static const struct {
	const char *control_title;
	enum jma_type type;
	const char *code;
} types[] = {
	{ "震度速報", JMA_VXSE51, "VXSE51" },
	{ "震源に関する情報", JMA_VXSE52, "VXSE52" },
	{ "震源・震度に関する情報", JMA_VXSE53, "VXSE53" },
	{ "津波警報・注意報・予報a", JMA_VTSE41, "VTSE41" },
};

/* 警報等情報要素／津波警報・注意報・予報: the codes JMA defines. */
static const struct {
	const char *code;
	enum jma_tsunami level;
} tsunami_codes[] = {
	{ "00", JMA_TSUNAMI_NONE },     /* 津波なし */
	{ "50", JMA_TSUNAMI_NONE },     /* 警報解除 */
	{ "60", JMA_TSUNAMI_NONE },     /* 津波注意報解除 */
	{ "51", JMA_TSUNAMI_WARNING },  /* 津波警報 */
	{ "52", JMA_TSUNAMI_MAJOR },    /* 大津波警報 */
	{ "53", JMA_TSUNAMI_MAJOR },    /* 大津波警報：発表 */
	{ "62", JMA_TSUNAMI_ADVISORY }, /* 津波注意報 */
	{ "71", JMA_TSUNAMI_FORECAST }, /* 津波予報（若干の海面変動） */
	{ "72", JMA_TSUNAMI_FORECAST },
	{ "73", JMA_TSUNAMI_FORECAST },
};

/* Control/Status and Head/InfoType, in the order of their enums. */
static const char *const status_words[] = { "通常", "訓練", "試験" };
static const char *const info_words[] = { "発表", "訂正", "取消" };

/* The index of word in words[0..n), or -1. */
static int word_index(const char *const *words, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(words[i], word) == 0)
			return (int)i;
	return -1;
}

/* See jma_report.h. */
bool jma_xml_is(const xmlNode *n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, ns) == 0 && strcmp((const char *)n->name, name) == 0;
}

/* See jma_report.h. */
xmlNode *jma_xml_child(const xmlNode *n, const char *ns, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (jma_xml_is(c, ns, name))
			return c;
	return NULL;
}

/* The next sibling of n with n's namespace and name, or NULL. */
static xmlNode *next_same(const xmlNode *n)
{
	for (xmlNode *c = n->next; c; c = c->next)
		if (jma_xml_is(c, (const char *)n->ns->href, (const char *)n->name))
			return c;
	return NULL;
}

/* Length of the white space (ASCII or U+3000) that s begins with. */
static size_t space_at(const unsigned char *s, size_t len)
{
	if (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		return 1;
	if (len >= 3 && s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* See jma_report.h. */
char *jma_report_trimmed(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len = strlen(str), k;
	while ((k = space_at(s, len)) != 0) {
		s += k;
		len -= k;
	}
	for (;;) {
		if (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
			    s[len - 1] == '\r'))
			len--;
		else if (len >= 3 && s[len - 3] == 0xe3 && s[len - 2] == 0x80 && s[len - 1] == 0x80)
			len -= 3;
		else
			break;
	}
	if (len > JMA_TEXT_MAX) {
		len = JMA_TEXT_MAX;
		while (len && (s[len] & 0xc0) == 0x80)
			len--;
	}
	return xstrndup((const char *)s, len);
}

/* The text of n (see jma_report_trimmed); "" for NULL.  The caller frees it. */
static char *text(const xmlNode *n)
{
	xmlChar *raw = n ? xmlNodeGetContent(n) : NULL;
	if (!raw)
		return xstrdup("");
	char *out = jma_report_trimmed((const char *)raw);
	xmlFree(raw);
	return out;
}

/* See jma_report.h. */
char *jma_xml_text_of(const xmlNode *n, const char *ns, const char *name)
{
	return text(jma_xml_child(n, ns, name));
}

/* See jma_report.h. */
int jma_report_refuse_doctype(const char *data, size_t len)
{
	size_t i = 0;
	while (i < len) {
		const char *lt = memchr(data + i, '<', len - i);
		if (!lt)
			return 0;
		i = (size_t)(lt - data);
		if (i + 1 >= len)
			return 0;
		char c = data[i + 1];
		if (c == '?') { /* the XML declaration or a processing instruction */
			const char *end = NULL;
			for (size_t j = i + 2; j + 1 < len; j++)
				if (data[j] == '?' && data[j + 1] == '>') {
					end = data + j + 2;
					break;
				}
			if (!end)
				return 0; /* libxml2 will call it malformed */
			i = (size_t)(end - data);
		} else if (c == '!') {
			if (len - i >= 4 && memcmp(data + i, "<!--", 4) == 0) {
				const char *end = NULL;
				for (size_t j = i + 4; j + 2 < len; j++)
					if (memcmp(data + j, "-->", 3) == 0) {
						end = data + j + 3;
						break;
					}
				if (!end)
					return 0;
				i = (size_t)(end - data);
			} else {
				return -1; /* <!DOCTYPE, <!ENTITY, <![CDATA[ before the root */
			}
		} else {
			return 0; /* the root element: no DTD can follow it */
		}
	}
	return 0;
}

/* Appends an area to r (unless JMA_AREAS_MAX are kept: then marks the cut). */
static struct jma_area *add_area(struct jma_report *r, size_t *cap, enum jma_area_kind kind,
				 const xmlNode *n, const char *ns, const char *pref)
{
	if (r->n_areas >= JMA_AREAS_MAX) {
		r->areas_cut = true;
		return NULL;
	}
	r->areas = xgrow(r->areas, cap, r->n_areas + 1, sizeof *r->areas);
	struct jma_area *a = &r->areas[r->n_areas++];
	memset(a, 0, sizeof *a);
	a->kind = kind;
	a->name = jma_xml_text_of(n, ns, "Name");
	a->code = jma_xml_text_of(n, ns, "Code");
	a->pref = xstrdup(pref ? pref : "");
	a->intensity = JMA_INT_NONE;
	a->raw = xstrdup("");
	return a;
}

/* The intensity an element gives: its MaxInt, or 未入電 from its
 * Condition; raw receives what was written. */
static int intensity_of(const xmlNode *n, char **raw)
{
	char *cond = jma_xml_text_of(n, NS_SEIS, "Condition");
	char *mi = jma_xml_text_of(n, NS_SEIS, "MaxInt");
	int v;
	if (strstr(cond, "未入電")) {
		v = JMA_INT_UNREPORTED;
		free(mi);
		mi = cond;
		cond = NULL;
	} else if (!mi[0]) {
		v = JMA_INT_NONE;
	} else {
		v = crisis_intensity_parse(mi);
		if (v < 0)
			v = JMA_INT_UNKNOWN;
	}
	free(cond);
	free(*raw);
	*raw = mi;
	return v;
}

/* Notes an area's intensity in the report's summary. */
static void note_intensity(struct jma_report *r, int v)
{
	if (v == JMA_INT_UNREPORTED)
		r->unreported = true;
}

/* Body/Intensity/Observation: prefectures, their areas and cities. */
static void read_intensity(struct jma_report *r, const xmlNode *body)
{
	const xmlNode *obs =
		jma_xml_child(jma_xml_child(body, NS_SEIS, "Intensity"), NS_SEIS, "Observation");
	if (!obs)
		return;
	char *raw = NULL;
	r->max_intensity = intensity_of(obs, &raw);
	free(raw);
	size_t cap = 0;
	for (xmlNode *p = jma_xml_child(obs, NS_SEIS, "Pref"); p; p = next_same(p)) {
		struct jma_area *pa = add_area(r, &cap, JMA_AREA_PREF, p, NS_SEIS, NULL);
		if (!pa)
			return;
		pa->intensity = intensity_of(p, &pa->raw);
		note_intensity(r, pa->intensity);
		char *pref = xstrdup(pa->name);
		for (xmlNode *a = jma_xml_child(p, NS_SEIS, "Area"); a; a = next_same(a)) {
			struct jma_area *aa = add_area(r, &cap, JMA_AREA_AREA, a, NS_SEIS, pref);
			if (!aa)
				break;
			aa->intensity = intensity_of(a, &aa->raw);
			note_intensity(r, aa->intensity);
			for (xmlNode *c = jma_xml_child(a, NS_SEIS, "City"); c; c = next_same(c)) {
				struct jma_area *ca = add_area(r, &cap, JMA_AREA_CITY, c, NS_SEIS, pref);
				if (!ca)
					break;
				ca->intensity = intensity_of(c, &ca->raw);
				note_intensity(r, ca->intensity);
			}
		}
		free(pref);
	}
}

/* The level a tsunami category gives: by JMA's code, else by its name. */
static enum jma_tsunami tsunami_level(const char *code, const char *name)
{
	for (size_t i = 0; i < sizeof tsunami_codes / sizeof *tsunami_codes; i++)
		if (strcmp(code, tsunami_codes[i].code) == 0)
			return tsunami_codes[i].level;
	if (strstr(name, "解除") || strcmp(name, "津波なし") == 0)
		return JMA_TSUNAMI_NONE;
	if (strstr(name, "大津波警報"))
		return JMA_TSUNAMI_MAJOR;
	if (strstr(name, "津波警報"))
		return JMA_TSUNAMI_WARNING;
	if (strstr(name, "津波注意報"))
		return JMA_TSUNAMI_ADVISORY;
	return JMA_TSUNAMI_UNKNOWN;
}

/* Body/Tsunami/Forecast/Item: one coast each, with its category. */
static void read_tsunami(struct jma_report *r, const xmlNode *body)
{
	const xmlNode *fc = jma_xml_child(jma_xml_child(body, NS_SEIS, "Tsunami"), NS_SEIS, "Forecast");
	size_t cap = r->n_areas;
	for (xmlNode *it = jma_xml_child(fc, NS_SEIS, "Item"); it; it = next_same(it)) {
		struct jma_area *a = add_area(r, &cap, JMA_AREA_COAST,
					      jma_xml_child(it, NS_SEIS, "Area"), NS_SEIS, NULL);
		if (!a)
			return;
		const xmlNode *kind =
			jma_xml_child(jma_xml_child(it, NS_SEIS, "Category"), NS_SEIS, "Kind");
		char *name = jma_xml_text_of(kind, NS_SEIS, "Name");
		char *code = jma_xml_text_of(kind, NS_SEIS, "Code");
		a->tsunami = tsunami_level(code, name);
		free(a->raw);
		a->raw = name;
		free(code);
	}
}

/* Body/Earthquake: the time, the epicentre and the magnitude. */
static void read_earthquake(struct jma_report *r, const xmlNode *body)
{
	const xmlNode *eq = jma_xml_child(body, NS_SEIS, "Earthquake");
	char *t = jma_xml_text_of(eq, NS_SEIS, "OriginTime");
	int64_t v;
	if (t[0] && crisis_time_parse(t, &v) == 0)
		r->origin = v;
	free(t);
	free(r->hypocenter);
	r->hypocenter = jma_xml_text_of(
		jma_xml_child(jma_xml_child(eq, NS_SEIS, "Hypocenter"), NS_SEIS, "Area"), NS_SEIS, "Name");
	const xmlNode *m = jma_xml_child(eq, NS_EB, "Magnitude");
	xmlChar *desc = m ? xmlGetProp(m, (const xmlChar *)"description") : NULL;
	free(r->magnitude);
	r->magnitude = desc && desc[0] ? jma_report_trimmed((const char *)desc) : text(m);
	xmlFree(desc);
}

/* Reads the Serial: digits only, -1 when empty or not a number. */
static int serial_of(const char *s)
{
	if (!s[0] || strlen(s) > 6)
		return -1;
	int v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* Fills r from the tree; -1 with e when the tree is not a JMA report or a
 * required part is wrong. */
static int read_report(const xmlNode *root, const char *label, enum lang lang,
		       struct jma_report *r, struct err *e)
{
	if (!jma_xml_is(root, NS_REPORT, "Report"))
		return err_set(e, "%s: %s", label,
			       L(lang, "気象庁防災情報XMLではありません（Report 要素がありません）",
				 "not a JMA XML report (no Report element in JMA's namespace)"));
	const xmlNode *control = jma_xml_child(root, NS_REPORT, "Control");
	const xmlNode *head = jma_xml_child(root, NS_HEAD, "Head");
	const xmlNode *body = jma_xml_child(root, NS_SEIS, "Body");
	if (!control || !head)
		return err_set(e, "%s: %s", label,
			       L(lang, "Control または Head がありません", "no Control or Head part"));
	char *s = jma_xml_text_of(control, NS_REPORT, "Title");
	r->type = JMA_TYPE_OTHER;
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (strcmp(s, types[i].control_title) == 0)
			r->type = types[i].type;
	free(s);

	s = jma_xml_text_of(control, NS_REPORT, "Status");
	int k = word_index(status_words, sizeof status_words / sizeof *status_words, s);
	if (k < 0)
		err_set(e, "%s: Control/Status 「%s」: %s", label, s,
			L(lang, "通常・訓練・試験のいずれでもありません", "is none of 通常, 訓練, 試験"));
	free(s);
	if (k < 0)
		return -1;
	r->status = (enum jma_status)k;

	s = jma_xml_text_of(head, NS_HEAD, "InfoType");
	k = word_index(info_words, sizeof info_words / sizeof *info_words, s);
	if (k < 0)
		err_set(e, "%s: Head/InfoType 「%s」: %s", label, s,
			L(lang, "発表・訂正・取消のいずれでもありません", "is none of 発表, 訂正, 取消"));
	free(s);
	if (k < 0)
		return -1;
	r->info = (enum jma_info)k;

	r->title = jma_xml_text_of(head, NS_HEAD, "Title");
	r->headline = jma_xml_text_of(jma_xml_child(head, NS_HEAD, "Headline"), NS_HEAD, "Text");
	r->event_id = jma_xml_text_of(head, NS_HEAD, "EventID");
	s = jma_xml_text_of(head, NS_HEAD, "Serial");
	r->serial = serial_of(s);
	free(s);
	int64_t t;
	s = jma_xml_text_of(head, NS_HEAD, "ReportDateTime");
	if (s[0] && crisis_time_parse(s, &t) == 0)
		r->reported = t;
	free(s);
	s = jma_xml_text_of(head, NS_HEAD, "TargetDateTime");
	if (s[0] && crisis_time_parse(s, &t) == 0)
		r->origin = t;
	free(s);

	r->hypocenter = xstrdup("");
	r->magnitude = xstrdup("");
	r->body_text = jma_xml_text_of(body, NS_SEIS, "Text");
	r->max_intensity = JMA_INT_NONE;
	if (r->type == JMA_TYPE_OTHER || r->info == JMA_INFO_CANCELLED)
		return 0;
	read_earthquake(r, body);
	if (r->type == JMA_VXSE51 || r->type == JMA_VXSE53)
		read_intensity(r, body);
	if (r->type == JMA_VTSE41)
		read_tsunami(r, body);
	return 0;
}

/* See jma_report.h. */
xmlDoc *jma_xml_read(const char *data, size_t len, const char *label, enum lang lang, struct err *e)
{
	if (len > INT_MAX) {
		err_set(e, "%s: %s", label, L(lang, "大きすぎます", "too large"));
		return NULL;
	}
	if (jma_report_refuse_doctype(data, len)) {
		err_set(e, "%s: %s", label,
			L(lang, "文書型宣言（DOCTYPE）や実体宣言を含む XML は受け付けません",
			  "XML with a document type (DOCTYPE) or entity declaration is refused"));
		return NULL;
	}
	xmlDoc *doc = xmlReadMemory(data, (int)len, NULL, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		err_set(e, "%s: %s", label,
			L(lang, "XMLとして読めません（整形式ではありません）", "not well-formed XML"));
		return NULL;
	}
	if (doc->intSubset) { /* refused above; a second lock on the same door */
		err_set(e, "%s: %s", label, L(lang, "DOCTYPE は受け付けません", "DOCTYPE refused"));
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* See jma_report.h. */
int jma_report_parse(const char *data, size_t len, const char *label, enum lang lang,
		     struct jma_report *out, struct err *e)
{
	*out = (struct jma_report)JMA_REPORT_INIT;
	if (len > JMA_REPORT_MAX || len > INT_MAX)
		return err_set(e, "%s: %s", label,
			       L(lang, "大きすぎます（上限 2 MiB）", "too large (limit 2 MiB)"));
	xmlDoc *doc = jma_xml_read(data, len, label, lang, e);
	if (!doc)
		return -1;
	int rc = read_report(xmlDocGetRootElement(doc), label, lang, out, e);
	xmlFreeDoc(doc);
	if (rc)
		jma_report_release(out);
	return rc;
}

/* See jma_report.h. */
void jma_report_release(struct jma_report *r)
{
	for (size_t i = 0; i < r->n_areas; i++) {
		free(r->areas[i].name);
		free(r->areas[i].code);
		free(r->areas[i].pref);
		free(r->areas[i].raw);
	}
	free(r->areas);
	free(r->title);
	free(r->headline);
	free(r->event_id);
	free(r->hypocenter);
	free(r->magnitude);
	free(r->body_text);
	*r = (struct jma_report)JMA_REPORT_INIT;
}

/* See jma_report.h. */
const char *jma_status_name(enum jma_status s)
{
	return (size_t)s < sizeof status_words / sizeof *status_words ? status_words[s] : "";
}

/* See jma_report.h. */
const char *jma_info_name(enum jma_info i)
{
	return (size_t)i < sizeof info_words / sizeof *info_words ? info_words[i] : "";
}

/* See jma_report.h. */
const char *jma_type_code(enum jma_type t)
{
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (types[i].type == t)
			return types[i].code;
	return "";
}

/* See jma_report.h. */
const char *jma_tsunami_label(enum jma_tsunami t, enum lang lang)
{
	switch (t) {
	case JMA_TSUNAMI_NONE: return L(lang, "津波なし・解除", "none or lifted");
	case JMA_TSUNAMI_FORECAST: return L(lang, "津波予報", "tsunami forecast");
	case JMA_TSUNAMI_ADVISORY: return L(lang, "津波注意報", "tsunami advisory");
	case JMA_TSUNAMI_WARNING: return L(lang, "津波警報", "tsunami warning");
	case JMA_TSUNAMI_MAJOR: return L(lang, "大津波警報", "major tsunami warning");
	case JMA_TSUNAMI_UNKNOWN: break;
	}
	return L(lang, "不明な区分", "unknown category");
}

/* See jma_report.h. */
enum jma_tsunami jma_report_max_tsunami(const struct jma_report *r)
{
	enum jma_tsunami max = JMA_TSUNAMI_NONE;
	bool unknown = false;
	for (size_t i = 0; i < r->n_areas; i++) {
		if (r->areas[i].kind != JMA_AREA_COAST)
			continue;
		if (r->areas[i].tsunami == JMA_TSUNAMI_UNKNOWN)
			unknown = true;
		else if (r->areas[i].tsunami > max)
			max = r->areas[i].tsunami;
	}
	return max == JMA_TSUNAMI_NONE && unknown ? JMA_TSUNAMI_UNKNOWN : max;
}
