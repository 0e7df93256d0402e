/*
 * page_incident_chart.c — the recovery time chart of an incident (issue 5
 * item 4), drawn in SVG by the server.
 *
 * One row per system, S tier first: a bar from the event's time to the
 * recovery — the actual time once restored, else the projected time the
 * responders entered — and a black mark with a pointer at the RTO
 * deadline (event time + RTO, R7).  The bar is green when restored in
 * time, blue when projected in time, red when late or projected late; a
 * system without a projection shows a grey bar up to now.  A dashed line
 * marks now (or the close).  The time axis counts hours from the event
 * on a logarithmic scale, x ∝ log(1 + hours): a plan whose slowest RTO is a
 * week (168 h) drew its 2-hour systems as a tick at zero on a linear axis;
 * on this one the first hours take a fifth of the width, so the nearest
 * deadlines — the ones a responder acts on first — are the widest apart.
 * Ticks are labelled only where a label fits beside the last one.
 *
 * The chart is drawn twice, and the stylesheet shows one (no script):
 *   - narrow, for phones: 360 units wide (about a pixel a unit on a
 *     phone), each system's name and state on a line above its bar;
 *   - wide, from 40rem of screen and in print: 880 units scaled to the
 *     page's width, the names and states in a column on the left, the
 *     bars beside them on shaded rows, more ticks, and the legend.
 * Both are escaped by construction (svg.h); every figure is also in the
 * <desc> and in the table above the chart, for screen readers and print.
 */
#include <math.h>
#include <string.h>

#include "util/buf.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/pages/incident/page_incident.h"
#include "web/core/svg.h"

#define COL_OK "#1b6e20"
#define COL_PLAN "#0b57a4"
#define COL_LATE "#b00020"
#define COL_NONE "#8a8a8a" /* 3.4:1 against white: a graphic still seen (WCAG 1.4.11) */
#define COL_TEXT "#1a1a1a"
#define COL_MUTED "#4d4d4d"
#define COL_GRID "#d9d9d9"
#define COL_SHADE "#f3f5f8"
#define COL_NOW "#b34700"

/* The geometry of one drawing. */
struct layout {
	const char *id, *cls;
	int w;        /* viewBox width */
	int x0, x1;   /* the time axis */
	int top, row; /* first row, row height */
	bool wide;    /* names in a left column (else above the bars) */
};

static const struct layout NARROW = { "recovery-n", "chart recovery narrow", 360, 8, 352, 22, 46,
				      false };
static const struct layout WIDE = { "recovery-w", "chart recovery wide", 880, 250, 864, 34, 46, true };

/* The x of time t on the axis from t0 to t1: log(1 + hours) scaled to
 * the axis (the top of the file says why). */
static int xat(const struct layout *g, int64_t t, int64_t t0, int64_t t1)
{
	if (t < t0)
		t = t0;
	if (t > t1)
		t = t1;
	double f = log1p((double)(t - t0) / 3600.0) / log1p((double)(t1 - t0) / 3600.0);
	return g->x0 + (int)lround(f * (g->x1 - g->x0));
}

/* How a system stands, for the row's colour and words. */
struct row_state {
	const char *colour;
	const char *words;
	bool late;
	int64_t end; /* the bar's end: restored, projected, or now */
};

static struct row_state row_state(struct req *r, const struct crisis_system_state *x, int64_t now)
{
	enum lang lang = r->lang;
	const struct incident_system *s = x->s;
	struct row_state st;
	if (s->work == WORK_RESTORED && s->restored_at != NO_VALUE) {
		st.end = s->restored_at;
		st.late = x->rto_ok == 0;
		st.colour = st.late ? COL_LATE : COL_OK;
		st.words = st.late ? L(lang, "復旧（期限超過）", "restored late") : L(lang, "復旧（期限内）", "restored in time");
	} else if (s->expected_at != NO_VALUE) {
		st.end = s->expected_at;
		bool late = x->deadline != NO_VALUE && s->expected_at > x->deadline;
		st.late = late || x->overdue;
		st.colour = st.late ? COL_LATE : COL_PLAN;
		st.words = x->overdue ? L(lang, "期限超過", "overdue")
			   : late     ? L(lang, "期限超過の見込み", "projected late")
				      : L(lang, "期限内の見込み", "projected in time");
	} else {
		st.end = now;
		st.late = x->overdue;
		st.colour = COL_NONE;
		st.words = x->overdue ? L(lang, "期限超過・見込み未定", "overdue, no projection")
				      : L(lang, "見込み未定", "no projection");
	}
	return st;
}

/* The hours a tick may mark, in order (the log axis spaces them out). */
static const int64_t tick_at[] = { 1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 2160, 8760 };

/* The colour of a tier's badge (the stylesheet's --s … --e). */
static const char *tier_colour(enum tier t)
{
	static const char *const c[] = { "#8b0000", "#b34700", "#7a5c00", "#1b6e20", "#0b57a4", "#555555" };
	return (int)t >= 0 && (int)t < 6 ? c[t] : "#555555";
}

/* The deadline mark: a bar across the row with a pointer above it. */
static void deadline_mark(struct buf *b, int x, int y0, int y1)
{
	svg(b, "<rect x=\"%d\" y=\"%d\" width=\"3\" height=\"%d\" fill=\"%s\"/>", x - 1, y0, y1 - y0, COL_TEXT);
	svg(b, "<path d=\"M%d %dh10l-5 6z\" fill=\"%s\"/>", x - 4, y0 - 6, COL_TEXT);
}

/* One drawing of the chart with geometry g, from t0 to t1. */
static void draw(struct req *r, const struct layout *g, const struct incident *inc,
		 const struct crisis_board *b, int64_t t0, int64_t t1, int64_t now, const char *desc)
{
	enum lang lang = r->lang;
	struct buf *o = &r->out;
	int n = (int)b->n_systems;
	int bottom = g->top + n * g->row;
	int legend_y = bottom + (g->wide ? 30 : 10);
	int h = legend_y + (g->wide ? 44 : 56);
	svg_open(o, g->id, g->cls, g->w, h,
		 L(lang, "復旧見込みとRTO期限（システム別）", "Projected recovery against the RTO deadline, per system"),
		 desc);

	/* rows: shading (wide), so that the eye goes from a name to its bar */
	if (g->wide)
		for (int i = 0; i < n; i += 2)
			svg_rect(o, 0, g->top + i * g->row, g->w, g->row, COL_SHADE);

	/* the time axis: hours after the event, a tick where the label fits
	 * (its half-width beside the last label's, the first after 発生
	 * clear of that word), a grid line for every tick */
	int fs = g->wide ? 13 : 11;
	svg(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>", g->x0, g->top - 6, g->x0,
	    bottom, COL_GRID);
	svg_text(o, g->x0, g->top - 10, "start", fs, COL_MUTED, 0, L(lang, "発生", "event"));
	int last_right = g->x0 + 2 * fs + 4; /* 発生 is two characters */
	for (size_t k = 0; k < sizeof tick_at / sizeof tick_at[0]; k++) {
		if (t0 + tick_at[k] * 3600 > t1)
			break;
		int x = xat(g, t0 + tick_at[k] * 3600, t0, t1);
		const char *label = tick_at[k] % 24 == 0 && tick_at[k] >= 48
					    ? arena_printf(&r->arena, L(lang, "%lld日", "+%lld d"),
							   (long long)(tick_at[k] / 24))
					    : arena_printf(&r->arena, L(lang, "%lld時間", "+%lld h"),
							   (long long)tick_at[k]);
		int half = (int)strlen(label) * fs / 4 + 2; /* ~ half a label: UTF-8 counts 3 per 全角 */
		if (x - half < last_right || x + half > g->w)
			continue;
		svg(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>", x, g->top - 6, x,
		    bottom, COL_GRID);
		svg_text(o, x, g->top - 10, "middle", fs, COL_MUTED, 0, label);
		last_right = x + half + 4;
	}

	for (int i = 0; i < n; i++) {
		const struct crisis_system_state *x = &b->systems[i];
		struct row_state st = row_state(r, x, now);
		int y = g->top + i * g->row;
		const char *state_fill = st.late ? COL_LATE : COL_MUTED;
		int bar_y, bar_h;
		if (g->wide) {
			svg_rect(o, 6, y + 10, 22, 20, tier_colour(x->s->tier));
			svg_text(o, 17, y + 25, "middle", 14, "#ffffff", 0, tier_name(x->s->tier));
			svg_text(o, 36, y + 20, "start", 15, COL_TEXT, 26, x->s->name);
			svg_text(o, 36, y + 38, "start", 12, state_fill, 30, st.words);
			bar_y = y + 14;
			bar_h = 18;
		} else {
			svg_rect(o, g->x0, y + 2, 16, 15, tier_colour(x->s->tier));
			svg_text(o, g->x0 + 8, y + 14, "middle", 11, "#ffffff", 0, tier_name(x->s->tier));
			svg_text(o, g->x0 + 22, y + 14, "start", 12, COL_TEXT, 24, x->s->name);
			svg_text(o, g->x1, y + 14, "end", 11, state_fill, 18, st.words);
			bar_y = y + 27;
			bar_h = 12;
		}
		int xe = xat(g, st.end, t0, t1);
		svg_rect(o, g->x0, bar_y, xe - g->x0 > 2 ? xe - g->x0 : 2, bar_h, st.colour);
		if (x->deadline != NO_VALUE)
			deadline_mark(o, xat(g, x->deadline, t0, t1), bar_y - 3, bar_y + bar_h + 4);
	}
	/* now: across the plot (wide); on a phone only across each bar, so
	 * that it does not run through the names above them */
	int xn = xat(g, now, t0, t1);
	for (int i = 0; i < (g->wide ? 1 : n); i++)
		svg(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" "
		       "stroke-dasharray=\"4 3\"/>",
		    xn, g->wide ? g->top - 4 : g->top + i * g->row + 22, xn,
		    g->wide ? bottom + 4 : g->top + i * g->row + 43, COL_NOW);
	if (g->wide)
		svg_text(o, xn, bottom + 18, xn > g->w - 120 ? "end" : "start", 12, COL_NOW, 0,
			 arena_printf(&r->arena, "%s %s",
				      inc->state == INCIDENT_CLOSED ? L(lang, "終了", "closed") : L(lang, "現在", "now"),
				      page_incident_time(r, now)));

	/* the legend: the four bar colours, the deadline, now */
	static const struct {
		const char *colour, *ja, *en;
	} leg[] = {
		{ COL_OK, "復旧（期限内）", "restored in time" },
		{ COL_PLAN, "見込み（期限内）", "projected in time" },
		{ COL_LATE, "超過・超過見込み", "late or projected late" },
		{ COL_NONE, "見込み未定", "no projection" },
	};
	int colw = g->wide ? 210 : 176, per_row = g->wide ? 3 : 2, lrow = g->wide ? 22 : 16;
	for (int k = 0; k < 6; k++) {
		int lx = g->x0 - (g->wide ? g->x0 - 6 : 0) + (k % per_row) * colw;
		int yy = legend_y + (k / per_row) * lrow;
		const char *label;
		if (k < 4) {
			svg_rect(o, lx, yy, 14, 11, leg[k].colour);
			label = L(lang, leg[k].ja, leg[k].en);
		} else if (k == 4) {
			svg(o, "<rect x=\"%d\" y=\"%d\" width=\"3\" height=\"13\" fill=\"%s\"/>", lx + 5, yy - 1, COL_TEXT);
			label = L(lang, "RTO期限（発生時刻＋RTO）", "RTO deadline (event + RTO)");
		} else {
			svg(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" "
			       "stroke-dasharray=\"4 3\"/>",
			    lx + 6, yy - 1, lx + 6, yy + 12, COL_NOW);
			label = inc->state == INCIDENT_CLOSED ? L(lang, "終了時刻", "closed") : L(lang, "現在", "now");
		}
		svg_text(o, lx + 20, yy + 10, "start", fs, COL_TEXT, 0, label);
	}
	svg_close(o);
}

void page_incident_recovery_chart(struct req *r, const struct incident *inc, const struct crisis_board *b)
{
	enum lang lang = r->lang;
	if (b->n_systems == 0) {
		html(r, "<p>%s</p>\n", L(lang, "対象の情報システムがありません。", "No systems."));
		return;
	}
	int64_t t0 = inc->started_at, now = b->now, t1 = now;
	if (inc->state == INCIDENT_CLOSED && inc->closed_at != NO_VALUE)
		now = t1 = inc->closed_at;
	for (size_t i = 0; i < b->n_systems; i++) {
		const struct crisis_system_state *x = &b->systems[i];
		struct row_state st = row_state(r, x, now);
		if (x->deadline != NO_VALUE && x->deadline > t1)
			t1 = x->deadline;
		if (st.end > t1)
			t1 = st.end;
	}
	if (t1 - t0 < 3600)
		t1 = t0 + 3600;
	t1 += (t1 - t0) / 20; /* room after the last mark */

	struct buf desc = BUF_INIT;
	for (size_t i = 0; i < b->n_systems; i++) {
		const struct crisis_system_state *x = &b->systems[i];
		struct row_state st = row_state(r, x, now);
		buf_addf(&desc, L(lang, "%s%s（%s）: 期限 %s、%s %s、%s", "%s%s (%s): deadline %s, %s %s, %s"),
			 i ? L(lang, "。", ". ") : "", x->s->name, tier_name(x->s->tier),
			 page_incident_time(r, x->deadline),
			 x->s->work == WORK_RESTORED ? L(lang, "復旧", "restored") : L(lang, "見込み", "expected"),
			 x->s->work == WORK_RESTORED ? page_incident_time(r, x->s->restored_at)
						     : page_incident_time(r, x->s->expected_at),
			 st.words);
	}
	html(r, "<p class=\"hint\">%s</p>\n",
	     L(lang, "時間軸は対数目盛です：発生直後の数時間を広く、数日先を狭く描きます。",
	       "The time axis is logarithmic: the first hours after the event are drawn wide, days later narrow."));
	draw(r, &NARROW, inc, b, t0, t1, now, desc.data);
	draw(r, &WIDE, inc, b, t0, t1, now, desc.data);
	buf_release(&desc);
}
