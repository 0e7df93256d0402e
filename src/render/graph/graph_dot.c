/*
 * graph_dot.c — what both figures share: the DOT string escape, label
 * wrapping, short role names, and the one call into Graphviz that turns
 * DOT text into SVG.
 *
 * Graphviz (2.42 in Debian 12) has process-wide state (its error hook,
 * the plugin registry, pango's font map) and is not thread-safe, so
 * graph_render_svg() holds one mutex for the whole layout and render.
 * The context is created on first use and kept: creating one reads the
 * plugin configuration and leaks a little each time in this version.
 */
#include "render/graph/graph.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gvc.h>

#include "util/utf8.h"
#include "util/xalloc.h"

void graph_dot_string(struct buf *b, const char *s, enum graph_just just)
{
	const char *nl = just == GRAPH_LEFT ? "\\l" : "\\n";
	buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)*p);
		} else if (*p == '\n') {
			buf_adds(b, nl);
		} else if (*p < 0x20 || *p == 0x7f) {
			buf_addc(b, ' ');
		} else {
			buf_addc(b, (char)*p);
		}
	}
	/* a left-justified label needs \l after its last line as well */
	if (just == GRAPH_LEFT && *s)
		buf_adds(b, nl);
	buf_addc(b, '"');
}

/* True for characters a line must not start with (行頭禁則). */
static bool closing_punct(uint32_t cp)
{
	static const uint32_t set[] = {
		0x3001, 0x3002, 0xff0c, 0xff0e, 0xff09, 0x300d, 0x300f, 0x3011, 0x3015,
		0x3009, 0x300b, 0x30fb, 0x30fc, 0xff1f, 0xff01, 0xff1a, 0xff1b, 0x3063,
		0x3083, 0x3085, 0x3087, 0x30c3, 0x30e3, 0x30e5, 0x30e7, ')',    ',',
		'.',    ':',    ';',    '!',    '?',    ']',
	};
	for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
		if (set[i] == cp)
			return true;
	return false;
}

/* Appends line[0..n) to out without trailing spaces. */
static void add_trimmed(struct buf *out, const char *line, size_t n)
{
	while (n > 0 && line[n - 1] == ' ')
		n--;
	buf_add(out, line, n);
}

/* True for hiragana: a hiragana followed by anything else ends a phrase
 * (情報システムの|運用を|継続する), the best place to break a line. */
static bool hiragana(uint32_t cp)
{
	return cp >= 0x3041 && cp <= 0x309f;
}

/* True when a line may break between prev and cp, and *preferred set when
 * that break falls between two phrases (after hiragana, after 、・）
 * or before （「). */
static bool may_break(uint32_t prev, uint32_t cp, bool *preferred)
{
	*preferred = false;
	if (closing_punct(cp))
		return false;
	if (prev == 0x3001 || prev == 0x30fb || prev == 0xff09 || prev == 0x300d ||
	    cp == 0xff08 || cp == 0x300c || (hiragana(prev) && !hiragana(cp) && cp != ' ')) {
		*preferred = true;
		return true;
	}
	return utf8_cp_width(cp) == 2 || utf8_cp_width(prev) == 2 || prev == ' ';
}

/* Wraps one line (no '\n' inside) into out. */
static void wrap_line(struct buf *out, const char *s, size_t len, size_t cols)
{
	struct buf line = BUF_INIT;
	size_t w = 0;       /* width of line */
	size_t brk = 0;     /* offset in line where a break is allowed, 0 = none */
	size_t pbrk = 0;    /* the same for a break between phrases */
	size_t pbrk_w = 0;  /* width of line before pbrk */
	uint32_t prev = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, &cp);
		size_t cw = (size_t)utf8_cp_width(cp);
		bool preferred;
		if (line.len > 0 && may_break(prev, cp, &preferred)) {
			brk = line.len;
			if (preferred) {
				pbrk = line.len;
				pbrk_w = w;
			}
		}
		if (w + cw > cols && line.len > 0 && !closing_punct(cp)) {
			/* between phrases when that keeps at least half a line */
			size_t at = pbrk && 2 * pbrk_w >= cols ? pbrk : brk ? brk : line.len;
			add_trimmed(out, line.data, at);
			buf_addc(out, '\n');
			size_t k = at;
			while (k < line.len && line.data[k] == ' ')
				k++;
			struct buf rest = BUF_INIT;
			buf_add(&rest, line.data + k, line.len - k);
			buf_release(&line);
			line = rest;
			w = utf8_width(line.data);
			brk = pbrk = pbrk_w = 0;
		}
		if (!(line.len == 0 && cp == ' ')) {
			buf_add(&line, s + i, n);
			w += cw;
		}
		prev = cp;
		i += n;
	}
	add_trimmed(out, line.data, line.len);
	buf_release(&line);
}

char *graph_wrap(const char *s, size_t cols)
{
	struct buf out = BUF_INIT;
	if (cols < 4)
		cols = 4;
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		wrap_line(&out, s, len, cols);
		if (!nl)
			break;
		buf_addc(&out, '\n');
		s = nl + 1;
	}
	return buf_detach(&out);
}

/* If s starts with prefix, returns what follows it; else s. */
static const char *skip_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(s, prefix, n) == 0 ? s + n : s;
}

void graph_role_short(const struct role *r, enum lang lang, char *out, size_t n)
{
	struct buf b = BUF_INIT;
	if (lang == LANG_EN && r->name_en && *r->name_en) {
		buf_adds(&b, r->name_en);
	} else {
		const char *s = r->name;
		size_t len = strlen(s);
		if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
			s++;
			len -= 2;
		}
		struct buf tmp = BUF_INIT;
		buf_add(&tmp, s, len);
		s = tmp.data;
		s = skip_prefix(s, "情報システムの運用を継続する");
		s = skip_prefix(s, "情報システム運用継続計画の発動に伴う");
		s = skip_prefix(s, "情報システムの");
		const char *rest = skip_prefix(s, "作業を実施する");
		if (rest != s) {
			if (strcmp(rest, "責任者") == 0 || strcmp(rest, "担当者") == 0)
				buf_adds(&b, "作業");
			s = rest;
		}
		buf_adds(&b, *s ? s : r->name);
		buf_release(&tmp);
	}
	/* copy whole characters only */
	size_t len = b.len < n ? b.len : (n ? n - 1 : 0);
	while (len > 0 && len < b.len && ((unsigned char)b.data[len] & 0xc0) == 0x80)
		len--;
	if (n) {
		memcpy(out, b.data, len);
		out[len] = '\0';
	}
	buf_release(&b);
}

/* ---- Graphviz ---------------------------------------------------------- */

static pthread_mutex_t graph_lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *graph_gvc;        /* guarded by graph_lock, kept for the process */
static struct buf graph_errors = BUF_INIT; /* guarded by graph_lock: Graphviz's messages */

/* Graphviz's error hook: keeps the messages of the current call. */
static int graph_error_hook(char *msg)
{
	if (graph_errors.len < 1024)
		buf_adds(&graph_errors, msg);
	return 0;
}

char *graph_render_svg(const char *dot, struct err *e)
{
	char *svg = NULL;
	char *data = NULL;
	unsigned int len = 0;
	Agraph_t *g = NULL;
	bool laid_out = false;

	pthread_mutex_lock(&graph_lock);
	buf_reset(&graph_errors);
	agseterr(AGERR);
	agseterrf(graph_error_hook);
	if (!graph_gvc)
		graph_gvc = gvContext();
	g = agmemread(dot);
	if (!g) {
		err_set(e, "graphviz: cannot read the graph: %s", graph_errors.data);
		goto out;
	}
	if (gvLayout(graph_gvc, g, "dot") != 0) {
		err_set(e, "graphviz: layout failed: %s", graph_errors.data);
		goto out;
	}
	laid_out = true;
	if (gvRenderData(graph_gvc, g, "svg", &data, &len) != 0 || !data) {
		err_set(e, "graphviz: SVG rendering failed: %s", graph_errors.data);
		goto out;
	}
	const char *start = strstr(data, "<svg");
	if (!start) {
		err_set(e, "graphviz: no <svg> in the output");
		goto out;
	}
	svg = xstrndup(start, len - (size_t)(start - data));
out:
	if (data)
		gvFreeRenderData(data);
	if (laid_out)
		gvFreeLayout(graph_gvc, g);
	if (g)
		agclose(g);
	buf_release(&graph_errors);
	pthread_mutex_unlock(&graph_lock);
	return svg;
}
