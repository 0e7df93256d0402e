/*
 * jma_feed.c — see jma_feed.h.  An Atom feed walked by namespace URI and
 * local name over a libxml2 tree; the prolog check and the trimming are
 * jma_report.c's, so a feed and a report are refused alike.
 */
#include "jma/jma_feed.h"

#include <limits.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* The report's address: href of the first link whose rel is absent or
 * "alternate" (Atom's default); "" when none, or when longer than
 * JMA_FEED_LINK_MAX (a cut address would name another file). */
static char *link_of(const xmlNode *entry)
{
	for (xmlNode *c = entry->children; c; c = c->next) {
		if (!jma_xml_is(c, JMA_FEED_NS, "link"))
			continue;
		xmlChar *rel = xmlGetNoNsProp(c, (const xmlChar *)"rel");
		bool alternate = !rel || strcmp((const char *)rel, "alternate") == 0;
		xmlFree(rel);
		if (!alternate)
			continue;
		xmlChar *href = xmlGetNoNsProp(c, (const xmlChar *)"href");
		char *out = href && strlen((const char *)href) <= JMA_FEED_LINK_MAX
				    ? jma_report_trimmed((const char *)href)
				    : xstrdup("");
		xmlFree(href);
		return out;
	}
	return xstrdup("");
}

/* Fills f from the tree; -1 with e when the root is not an Atom feed. */
static int read_feed(const xmlNode *root, const char *label, enum lang lang, struct jma_feed *f,
		     struct err *e)
{
	if (!jma_xml_is(root, JMA_FEED_NS, "feed"))
		return err_set(e, "%s: %s", label,
			       L(lang, "Atom フィードではありません（Atom の名前空間の feed 要素がありません）",
				 "not an Atom feed (no feed element in the Atom namespace)"));
	f->title = jma_xml_text_of(root, JMA_FEED_NS, "title");
	f->updated = jma_xml_text_of(root, JMA_FEED_NS, "updated");
	size_t cap = 0;
	for (xmlNode *c = root->children; c; c = c->next) {
		if (!jma_xml_is(c, JMA_FEED_NS, "entry"))
			continue;
		if (f->n_entries >= JMA_FEED_ENTRIES_MAX) {
			f->cut = true;
			break;
		}
		f->entries = xgrow(f->entries, &cap, f->n_entries + 1, sizeof *f->entries);
		struct jma_feed_entry *en = &f->entries[f->n_entries++];
		en->id = jma_xml_text_of(c, JMA_FEED_NS, "id");
		en->title = jma_xml_text_of(c, JMA_FEED_NS, "title");
		en->updated = jma_xml_text_of(c, JMA_FEED_NS, "updated");
		en->author =
			jma_xml_text_of(jma_xml_child(c, JMA_FEED_NS, "author"), JMA_FEED_NS, "name");
		en->link = link_of(c);
	}
	return 0;
}

/* See jma_feed.h. */
int jma_feed_parse(const char *data, size_t len, const char *label, enum lang lang,
		   struct jma_feed *out, struct err *e)
{
	*out = (struct jma_feed)JMA_FEED_INIT;
	if (len > JMA_FEED_MAX || len > INT_MAX)
		return err_set(e, "%s: %s", label,
			       L(lang, "フィードが大きすぎます（上限 8 MiB）", "feed too large (limit 8 MiB)"));
	xmlDoc *doc = jma_xml_read(data, len, label, lang, e);
	if (!doc)
		return -1;
	int rc = read_feed(xmlDocGetRootElement(doc), label, lang, out, e);
	xmlFreeDoc(doc);
	if (rc)
		jma_feed_release(out);
	return rc;
}

/* See jma_feed.h. */
void jma_feed_release(struct jma_feed *f)
{
	for (size_t i = 0; i < f->n_entries; i++) {
		free(f->entries[i].id);
		free(f->entries[i].title);
		free(f->entries[i].updated);
		free(f->entries[i].author);
		free(f->entries[i].link);
	}
	free(f->entries);
	free(f->title);
	free(f->updated);
	*f = (struct jma_feed)JMA_FEED_INIT;
}

/* The reports read, by the code JMA puts in the file name and the title
 * the feed gives them (Control/Title). */
static const struct {
	const char *code;
	const char *title;
	enum jma_type type;
} kinds[] = {
	{ "VXSE51", "震度速報", JMA_VXSE51 },
	{ "VXSE52", "震源に関する情報", JMA_VXSE52 },
	{ "VXSE53", "震源・震度に関する情報", JMA_VXSE53 },
	{ "VTSE41", "津波警報・注意報・予報a", JMA_VTSE41 },
};

/* True when the last path segment of link has code as a whole
 * underscore-separated part: …_VXSE51_010000.xml or …_VXSE51.xml. */
static bool file_has_code(const char *link, const char *code)
{
	const char *q = strpbrk(link, "?#");
	size_t end = q ? (size_t)(q - link) : strlen(link);
	size_t start = end;
	while (start > 0 && link[start - 1] != '/')
		start--;
	size_t n = strlen(code);
	for (size_t i = start; i + n <= end; i++) {
		if (memcmp(link + i, code, n) != 0 || (i > start && link[i - 1] != '_'))
			continue;
		char after = i + n < end ? link[i + n] : '\0';
		if (after == '_' || after == '.' || after == '\0')
			return true;
	}
	return false;
}

/* See jma_feed.h. */
enum jma_type jma_feed_entry_type(const struct jma_feed_entry *en)
{
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (file_has_code(en->link, kinds[i].code))
			return kinds[i].type;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (strcmp(en->title, kinds[i].title) == 0)
			return kinds[i].type;
	return JMA_TYPE_OTHER;
}
