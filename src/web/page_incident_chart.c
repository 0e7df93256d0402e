/*
 * page_incident_chart.c — the recovery time chart of an incident (issue 5
 * item 4), drawn in SVG by the server.
 *
 * One row per system, S tier first: a bar from the event's time to the
 * recovery — the actual time once restored, else the projected time the
 * responders entered — and a black mark at the RTO deadline (event time +
 * RTO, R7).  The bar is green when restored in time, blue when projected
 * in time, red when late or projected late; a system without a
 * projection shows a grey bar up to now.  A dashed line marks now.  The
 * time axis counts hours from the event, on a scale chosen so that there
 * are at most six ticks.  The chart is 360 units wide (about one pixel a
 * unit on a phone, so 11-unit text stays legible); every figure is in its
 * <desc> and in the table above it, for screen readers and for print.
 */
#include <string.h>

#include "util/buf.h"
#include "web/html.h"
#include "web/page.h"
#include "web/page_incident.h"
#include "web/svg.h"

#define CW 360      /* chart width */
#define CX0 8       /* left of the time axis */
#define CX1 352     /* right of the time axis */
#define CTOP 22     /* first row */
#define CROW 40     /* row height */
#define CLEG 56     /* legend height: three rows */

#define COL_OK "#1b6e20"
#define COL_PLAN "#0b57a4"
#define COL_LATE "#b00020"
#define COL_NONE "#c8c8c8"
#define COL_TEXT "#1a1a1a"
#define COL_NOW "#b34700"

/* The x of time t on the axis from t0 to t1. */
static int xat(int64_t t, int64_t t0, int64_t t1)
{
	if (t < t0)
		t = t0;
	if (t > t1)
		t = t1;
	return CX0 + (int)((t - t0) * (CX1 - CX0) / (t1 - t0));
}

/* How a system stands, for the row's colour and words. */
struct row_state {
	const char *colour;
	const char *words;
	int64_t end; /* the bar's end: restored, projected, or now */
};

static struct row_state row_state(struct req *r, const struct crisis_system_state *x, int64_t now)
{
	enum lang lang = r->lang;
	const struct incident_system *s = x->s;
	struct row_state st;
	if (s->work == WORK_RESTORED && s->restored_at != NO_VALUE) {
		st.end = s->restored_at;
		bool late = x->rto_ok == 0;
		st.colour = late ? COL_LATE : COL_OK;
		st.words = late ? L(lang, "復旧（期限超過）", "restored late") : L(lang, "復旧（期限内）", "restored in time");
	} else if (s->expected_at != NO_VALUE) {
		st.end = s->expected_at;
		bool late = x->deadline != NO_VALUE && s->expected_at > x->deadline;
		st.colour = late || x->overdue ? COL_LATE : COL_PLAN;
		st.words = x->overdue ? L(lang, "期限超過", "overdue")
			   : late     ? L(lang, "期限超過の見込み", "projected late")
				      : L(lang, "期限内の見込み", "projected in time");
	} else {
		st.end = now;
		st.colour = COL_NONE;
		st.words = x->overdue ? L(lang, "期限超過・見込み未定", "overdue, no projection")
				      : L(lang, "見込み未定", "no projection");
	}
	return st;
}

/* The hours between ticks: at most six ticks over span seconds. */
static int64_t tick_hours(int64_t span)
{
	static const int64_t steps[] = { 1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 2160, 8760 };
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (span / (steps[i] * 3600) <= 6)
			return steps[i];
	return 8760;
}

void incident_recovery_chart(struct req *r, const struct incident *inc, const struct crisis_board *b)
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
			 incident_time(r, x->deadline),
			 x->s->work == WORK_RESTORED ? L(lang, "復旧", "restored") : L(lang, "見込み", "expected"),
			 x->s->work == WORK_RESTORED ? incident_time(r, x->s->restored_at)
						     : incident_time(r, x->s->expected_at),
			 st.words);
	}
	int h = CTOP + (int)b->n_systems * CROW + CLEG;
	svg_open(&r->out, "recovery", "chart recovery", CW, h,
		 L(lang, "復旧見込みとRTO期限（システム別）", "Projected recovery against the RTO deadline, per system"),
		 desc.data);
	buf_release(&desc);

	/* the time axis: hours after the event */
	int64_t step = tick_hours(t1 - t0);
	for (int64_t k = 0; t0 + k * step * 3600 <= t1; k++) {
		int x = xat(t0 + k * step * 3600, t0, t1);
		svg(&r->out, "<line x1=\"%d\" y1=\"16\" x2=\"%d\" y2=\"%d\" stroke=\"#e0e0e0\"/>", x, x,
		    CTOP + (int)b->n_systems * CROW);
		const char *label = k == 0 ? L(lang, "発生", "event")
					   : arena_printf(&r->arena, L(lang, "%lld時間", "+%lld h"),
							  (long long)(k * step));
		svg_text(&r->out, x, 12, k == 0 ? "start" : "middle", 11, "#555555", 0, label);
	}
	for (size_t i = 0; i < b->n_systems; i++) {
		const struct crisis_system_state *x = &b->systems[i];
		struct row_state st = row_state(r, x, now);
		int y = CTOP + (int)i * CROW;
		svg_text(&r->out, CX0, y + 13, "start", 12, COL_TEXT, 22,
			 arena_printf(&r->arena, "%s %s", tier_name(x->s->tier), x->s->name));
		svg_text(&r->out, CX1, y + 13, "end", 11, strcmp(st.colour, COL_LATE) == 0 ? COL_LATE : "#333333", 22, st.words);
		int xe = xat(st.end, t0, t1);
		svg_rect(&r->out, CX0, y + 19, xe - CX0 > 2 ? xe - CX0 : 2, 12, st.colour);
		if (x->deadline != NO_VALUE) {
			int xd = xat(x->deadline, t0, t1);
			svg(&r->out, "<rect x=\"%d\" y=\"%d\" width=\"3\" height=\"20\" fill=\"%s\"/>", xd - 1,
			    y + 15, COL_TEXT);
		}
	}
	int xn = xat(now, t0, t1);
	svg(&r->out, "<line x1=\"%d\" y1=\"16\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" "
		     "stroke-dasharray=\"4 3\"/>",
	    xn, xn, CTOP + (int)b->n_systems * CROW, COL_NOW);

	/* legend: two rows of swatches */
	int ly = CTOP + (int)b->n_systems * CROW + 8;
	static const struct {
		const char *colour, *ja, *en;
	} leg[] = {
		{ COL_OK, "復旧（期限内）", "restored in time" },
		{ COL_PLAN, "見込み（期限内）", "projected in time" },
		{ COL_LATE, "超過・超過見込み", "late or projected late" },
		{ COL_NONE, "見込み未定", "no projection" },
	};
	for (int k = 0; k < 4; k++) {
		int lx = CX0 + (k % 2) * 176, yy = ly + (k / 2) * 16;
		svg_rect(&r->out, lx, yy, 12, 10, leg[k].colour);
		svg_text(&r->out, lx + 16, yy + 9, "start", 11, COL_TEXT, 0, L(lang, leg[k].ja, leg[k].en));
	}
	svg(&r->out, "<rect x=\"%d\" y=\"%d\" width=\"3\" height=\"10\" fill=\"%s\"/>", CX0 + 4, ly + 32, COL_TEXT);
	svg_text(&r->out, CX0 + 16, ly + 41, "start", 11, COL_TEXT, 0, L(lang, "RTO期限", "RTO deadline"));
	svg(&r->out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" "
		     "stroke-dasharray=\"4 3\"/>",
	    CX0 + 182, ly + 32, CX0 + 182, ly + 42, COL_NOW);
	svg_text(&r->out, CX0 + 192, ly + 41, "start", 11, COL_TEXT, 0,
		 inc->state == INCIDENT_CLOSED ? L(lang, "終了時刻", "closed") : L(lang, "現在", "now"));
	svg_close(&r->out);
}
