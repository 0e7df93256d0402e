/*
 * jma_report.h — one report of JMA's 防災情報XML, read into plain data:
 * the earthquake reports (VXSE51 震度速報, VXSE52 震源に関する情報, VXSE53
 * 震源・震度に関する情報) and the tsunami warnings (VTSE41 津波警報・注意報
 * ・予報).  出典：気象庁 — whatever shows a report's content credits JMA.
 *
 * The report is outside input (a feed, an upload, a file), so:
 *  - it is bounded (JMA_REPORT_MAX bytes, JMA_AREAS_MAX areas, each text
 *    cut at a whole UTF-8 character);
 *  - a document type declaration is refused before libxml2 sees the bytes
 *    (no DTD, no entity declarations: an internal entity expanded a few
 *    thousand times turns a 100 KB file into hundreds of MB), and libxml2
 *    runs with network access off and entities never substituted;
 *  - elements are matched by namespace URI and local name, never by the
 *    prefix the sender chose, and every value is trimmed (JMA's own
 *    samples carry "4 " in MaxInt).
 *
 * What is read is what deciding needs: the kind of report, whether it is
 * real (通常), a drill (訓練) or a test (試験), whether it is issued,
 * corrected or withdraws an earlier one (取消), the event it belongs to
 * (EventID, Serial), the times, and per area its intensity or tsunami
 * level.  An intensity that could not be read as one of JMA's ten classes
 * is kept as written and marked JMA_INT_UNKNOWN; 「震度５弱以上未入電」
 * (a station that reported nothing although its neighbours shook at 5- or
 * more) is JMA_INT_UNREPORTED: both go to a person, never to a threshold.
 */
#ifndef ITBCP_JMA_JMA_REPORT_H
#define ITBCP_JMA_JMA_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "util/err.h"
#include "util/lang.h"

#define JMA_REPORT_MAX (2u << 20) /* bytes of one report */
#define JMA_AREAS_MAX 4096        /* areas (prefectures, areas, cities, coasts) kept */
#define JMA_TEXT_MAX 1024         /* bytes of one text value kept */

enum jma_type {
	JMA_TYPE_OTHER, /* a well-formed report of another kind (e.g. VPWW54) */
	JMA_VXSE51,     /* 震度速報 */
	JMA_VXSE52,     /* 震源に関する情報 */
	JMA_VXSE53,     /* 震源・震度に関する情報 */
	JMA_VTSE41,     /* 津波警報・注意報・予報 */
};

enum jma_status {
	JMA_STATUS_NORMAL,   /* 通常: a real report */
	JMA_STATUS_TRAINING, /* 訓練: starts drills only */
	JMA_STATUS_TEST,     /* 試験: starts drills only */
};

enum jma_info {
	JMA_INFO_ISSUED,    /* 発表 */
	JMA_INFO_CORRECTED, /* 訂正: replaces the report of the same event */
	JMA_INFO_CANCELLED, /* 取消: withdraws what the same event started */
};

/* Intensity: the rank of rules/crisis.h (0 = 震度0 … 9 = 震度7), or: */
#define JMA_INT_NONE (-1)       /* no intensity given */
#define JMA_INT_UNREPORTED (-2) /* 震度５弱以上未入電: for a person to judge */
#define JMA_INT_UNKNOWN (-3)    /* written, but not one of JMA's classes */

enum jma_tsunami {
	JMA_TSUNAMI_NONE,     /* 津波なし, or a warning lifted (解除) */
	JMA_TSUNAMI_FORECAST, /* 津波予報（若干の海面変動） */
	JMA_TSUNAMI_ADVISORY, /* 津波注意報 */
	JMA_TSUNAMI_WARNING,  /* 津波警報 */
	JMA_TSUNAMI_MAJOR,    /* 大津波警報 */
	JMA_TSUNAMI_UNKNOWN,  /* a code not known: for a person to judge */
};

enum jma_area_kind {
	JMA_AREA_PREF,  /* 都道府県 */
	JMA_AREA_AREA,  /* 地震情報／細分区域 */
	JMA_AREA_CITY,  /* 市町村 */
	JMA_AREA_COAST, /* 津波予報区 */
};

struct jma_area {
	enum jma_area_kind kind;
	char *name;  /* as JMA writes it: 静岡県中部 */
	char *code;  /* JMA's area code, "" when absent */
	char *pref;  /* the prefecture it lies in ("" for prefectures and coasts) */
	int intensity;         /* JMA_INT_* or a rank; earthquake areas */
	enum jma_tsunami tsunami; /* coasts */
	char *raw;   /* the intensity or category as written */
};

struct jma_report {
	enum jma_type type;
	enum jma_status status;
	enum jma_info info;
	char *title;      /* Head/Title */
	char *headline;   /* Head/Headline/Text */
	char *event_id;   /* Head/EventID: the same for every report of one event;
			   * "" when absent (JMA always sends one; a hand-made
			   * file may not, and cannot then be tied to others) */
	int serial;       /* Head/Serial, -1 when empty */
	int64_t reported; /* Head/ReportDateTime, UTC seconds; 0 when absent */
	int64_t origin;   /* Body/Earthquake/OriginTime, else TargetDateTime; 0 when neither */
	int max_intensity; /* Observation/MaxInt: a rank or JMA_INT_* */
	bool unreported;  /* some area is 震度５弱以上未入電 */
	char *hypocenter; /* 震央地名, "" when not given */
	char *magnitude;  /* as written (jmx_eb:Magnitude's description, else its value) */
	char *body_text;  /* Body/Text (a withdrawal's reason), "" when none */
	struct jma_area *areas;
	size_t n_areas;
	bool areas_cut;   /* more than JMA_AREAS_MAX areas: the rest were not kept */
};
#define JMA_REPORT_INIT { 0 }

/* Reads data[0..len).  0 with *out filled (release it), or -1 with e
 * saying what is wrong, starting with label ("FILE", "feed entry …"), in
 * lang; *out is then empty.  A report of another kind is not an error:
 * its type is JMA_TYPE_OTHER. */
int jma_report_parse(const char *data, size_t len, const char *label, enum lang lang,
		     struct jma_report *out, struct err *e);
void jma_report_release(struct jma_report *r);

/* Refuses a document type declaration anywhere before the root element,
 * by looking at the bytes, so that libxml2 never parses a DTD or an
 * entity declaration: -1 when there is one (<!DOCTYPE, <!ENTITY, <![CDATA[
 * before the root), 0 when there is none.  Shared with jma_feed.c, so a
 * feed is refused exactly as a report is. */
int jma_report_refuse_doctype(const char *data, size_t len);
/* The one way JMA's XML (reports and feeds) is read: len bytes of data,
 * a DOCTYPE or entity declaration refused before libxml2 sees them, no
 * network, no error printing.  The document (free it with xmlFreeDoc),
 * or NULL with e saying what is wrong, prefixed by label. */
xmlDoc *jma_xml_read(const char *data, size_t len, const char *label, enum lang lang,
		     struct err *e);
/* A copy of s without the white space around it (ASCII and U+3000), cut
 * at JMA_TEXT_MAX bytes on a character boundary.  The caller frees it. */
char *jma_report_trimmed(const char *s);
/* Elements by namespace URI and local name, for reports and feeds alike:
 * true when n is an element called name in namespace ns; n's first child
 * element called name in ns, or NULL; the text of that child, trimmed
 * (jma_report_trimmed), "" when n or the child is absent (the caller frees
 * it). */
bool jma_xml_is(const xmlNode *n, const char *ns, const char *name);
xmlNode *jma_xml_child(const xmlNode *n, const char *ns, const char *name);
char *jma_xml_text_of(const xmlNode *n, const char *ns, const char *name);

/* 通常 | 訓練 | 試験, and 発表 | 訂正 | 取消: JMA's own words. */
const char *jma_status_name(enum jma_status s);
const char *jma_info_name(enum jma_info i);
/* "VXSE51" … "" for JMA_TYPE_OTHER. */
const char *jma_type_code(enum jma_type t);
/* 「大津波警報」… in lang. */
const char *jma_tsunami_label(enum jma_tsunami t, enum lang lang);
/* The highest tsunami level of the report's coasts. */
enum jma_tsunami jma_report_max_tsunami(const struct jma_report *r);

#endif
