/*
 * card_pdf.c — the wallet card (card.h) drawn as a PDF with cairo, pango
 * and libqrencode.
 *
 * Eight panels of 91 × 55 mm, each drawn once into a recording surface:
 *   1 cover (name, roles, QR code to the check-in address)
 *   2 「1.初動対応」 indoors / outdoors
 *   3 「2.参集基準と参集場所」
 *   4 「3-2.職場への連絡先」 with the safety-report destination
 *   5 「3-1.家族への連絡先」 (personal)
 *   6 「本人情報」 (personal)
 *   7 「4-1.災害用伝言ダイヤル171／web171」
 *   8 「4-2.携帯電話 災害用伝言板サービス」
 * The PDF holds the eight panels as card-sized pages, then two A4 pages
 * holding two copies each of the 2 × 2 fold-out: panels 1–4 on the front,
 * 5–8 on the back (columns mirrored for long-edge duplex), with cutting
 * marks at the corners and dashed fold lines.
 */
#include "render/card/card.h"

#include <qrencode.h>
#include <string.h>

#include <cairo-pdf.h>

#include "render/pdf/pdf_internal.h"
#include "util/fileio.h"

#define PANEL_W PDF_MM(91.0)
#define PANEL_H PDF_MM(55.0)
#define PAD PDF_MM(2.5)
/* Type sizes: never under 6 pt, the least that reads on a card held at
 * arm's length in a dim room (issue 16: the role text was 4.8 pt). */
#define BODY 6.5
#define SMALLER 6.0
#define N_PANELS 8

/* Drawing state for one panel. */
struct pen {
	cairo_t *cr;
	struct pdf_text *t;
	const struct card *c;
	double y;
};

/* Draws text at x, pen y, width w; advances y by its height. */
static double put(struct pen *p, const char *s, double x, double w, double size, unsigned style,
		  double grey)
{
	PangoLayout *l = pdf_text_layout(p->t, s, size, style, w);
	pdf_grey(p->cr, grey);
	pdf_show(p->cr, l, x, p->y);
	double h = pdf_layout_h(l);
	g_object_unref(l);
	p->y += h;
	return h;
}

/* The panel's title band: "1.初動対応" in bold on grey. */
static void band(struct pen *p, const char *title)
{
	PangoLayout *l = pdf_text_layout(p->t, title, 6.4, PDF_BOLD, PANEL_W - 2 * PAD);
	double h = pdf_layout_h(l) + 2.0;
	pdf_grey(p->cr, 0.85);
	cairo_rectangle(p->cr, 0, 0, PANEL_W, h + PAD / 2);
	cairo_fill(p->cr);
	pdf_grey(p->cr, 0);
	pdf_show(p->cr, l, PAD, PAD / 2 + 1.0);
	g_object_unref(l);
	p->y = h + PAD / 2 + 2.0;
}

/* A numbered list "1. …" in a column at x of width w, from pen y. */
static void numbered(struct pen *p, const char *const *items, size_t n, double x, double w)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		buf_reset(&b);
		buf_addf(&b, "%zu. %s", i + 1, items[i]);
		put(p, b.data, x, w, BODY, 0, 0);
		p->y += 0.8;
	}
	buf_release(&b);
}

/* A ruled table row of cells at widths ws (summing to the panel's inner
 * width); empty cells are left blank for writing in.  Advances pen y. */
static void row(struct pen *p, const char *const *cells, const double *ws, size_t n, double minh,
		unsigned style, double shade)
{
	double h = minh, x = PAD;
	PangoLayout *ls[6];
	for (size_t i = 0; i < n && i < 6; i++) {
		ls[i] = pdf_text_layout(p->t, cells[i], SMALLER, style, ws[i] - 2.0);
		double lh = pdf_layout_h(ls[i]) + 2.0;
		if (lh > h)
			h = lh;
	}
	cairo_set_line_width(p->cr, 0.3);
	for (size_t i = 0; i < n && i < 6; i++) {
		if (shade < 1.0) {
			pdf_grey(p->cr, shade);
			cairo_rectangle(p->cr, x, p->y, ws[i], h);
			cairo_fill(p->cr);
		}
		pdf_grey(p->cr, 0);
		pdf_show(p->cr, ls[i], x + 1.0, p->y + 1.0);
		pdf_grey(p->cr, 0.3);
		cairo_rectangle(p->cr, x, p->y, ws[i], h);
		cairo_stroke(p->cr);
		x += ws[i];
		g_object_unref(ls[i]);
	}
	p->y += h;
}

/* The QR code of url, size points square with its quiet zone, at x, y. */
static void qr(cairo_t *cr, const char *url, double x, double y, double size)
{
	QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return;
	int quiet = 3, n = q->width + 2 * quiet;
	double m = size / n;
	pdf_grey(cr, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	pdf_grey(cr, 0);
	for (int r = 0; r < q->width; r++)
		for (int col = 0; col < q->width;) {
			if (!(q->data[r * q->width + col] & 1)) {
				col++;
				continue;
			}
			int start = col;
			while (col < q->width && (q->data[r * q->width + col] & 1))
				col++;
			cairo_rectangle(cr, x + (quiet + start) * m, y + (quiet + r) * m,
					(col - start) * m + 0.01, m + 0.01);
		}
	cairo_fill(cr);
	QRcode_free(q);
}

/* Panel 1: the cover. */
static void panel_cover(struct pen *p)
{
	const struct card *c = p->c;
	double qs = PDF_MM(27.0), tw = PANEL_W - 3 * PAD - qs;
	pdf_grey(p->cr, 0.15);
	cairo_rectangle(p->cr, 0, 0, PANEL_W, PDF_MM(9.0));
	cairo_fill(p->cr);
	p->y = PDF_MM(1.8);
	put(p, c->title, PAD, PANEL_W - 2 * PAD, 9.0, PDF_BOLD, 1.0);
	p->y = PDF_MM(11.0);
	if (*c->organisation)
		put(p, c->organisation, PAD, tw, 6.0, 0, 0.2);
	p->y += 2.0;
	put(p, *c->person_name ? c->person_name : c->personal.name, PAD, tw, 9.0, PDF_BOLD, 0);
	if (*c->affiliation)
		put(p, c->affiliation, PAD, tw, BODY, 0, 0.1);
	if (*c->roles) {
		p->y += 1.5;
		put(p, c->roles, PAD, tw, SMALLER, 0, 0.25);
	}
	double qy = PDF_MM(11.0);
	if (*c->checkin_url) {
		qr(p->cr, c->checkin_url, PANEL_W - PAD - qs, qy, qs);
		double save = p->y;
		p->y = qy + qs + 0.5;
		put(p, L(c->lang, "安否報告はこちらから", "report your safety here"),
		    PANEL_W - PAD - qs - 6.0, qs + 6.0, SMALLER, PDF_CENTER | PDF_BOLD, 0);
		p->y = save;
	}
	/* The foot, below the QR code's caption, across the panel: set from
	 * the bottom edge up, as tall as its lines are. */
	const char *keep = L(c->lang, "本カードは、定期入れや財布に納め、常に携帯するようにしてください。",
			     "Keep this card in your wallet or pass case at all times.");
	double fw = PANEL_W - 2 * PAD;
	PangoLayout *kl = pdf_text_layout(p->t, keep, SMALLER, 0, fw);
	PangoLayout *ul = *c->checkin_url ? pdf_text_layout(p->t, c->checkin_url, SMALLER, 0, fw)
					  : NULL;
	p->y = PANEL_H - PAD - pdf_layout_h(kl) - (ul ? pdf_layout_h(ul) : 0);
	g_object_unref(kl);
	if (ul)
		g_object_unref(ul);
	put(p, keep, PAD, fw, SMALLER, 0, 0.25);
	if (*c->checkin_url)
		put(p, c->checkin_url, PAD, fw, SMALLER, 0, 0.35);
}

/* Panel 2: 1.初動対応, indoors and outdoors side by side. */
static void panel_actions(struct pen *p)
{
	const struct card *c = p->c;
	band(p, L(c->lang, "1.初動対応", "1. First actions"));
	double w = (PANEL_W - 3 * PAD) / 2, y0 = p->y;
	put(p, L(c->lang, "【屋内】", "[Indoors]"), PAD, w, BODY, PDF_BOLD, 0);
	numbered(p, c->indoor, c->n_indoor, PAD, w);
	p->y = y0;
	double x = 2 * PAD + w;
	put(p, L(c->lang, "【屋外】", "[Outdoors]"), x, w, BODY, PDF_BOLD, 0);
	numbered(p, c->outdoor, c->n_outdoor, x, w);
	pdf_grey(p->cr, 0.6);
	cairo_set_line_width(p->cr, 0.3);
	cairo_move_to(p->cr, PAD + w + PAD / 2, y0);
	cairo_line_to(p->cr, PAD + w + PAD / 2, PANEL_H - PAD);
	cairo_stroke(p->cr);
}

/* Panel 3: 2.参集基準と参集場所. */
static void panel_assembly(struct pen *p)
{
	const struct card *c = p->c;
	double w = PANEL_W - 2 * PAD;
	band(p, L(c->lang, "2.参集基準と参集場所", "2. When and where to assemble"));
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < c->n_criteria; i++) {
		buf_reset(&b);
		buf_addf(&b, "・%s", c->criteria[i]);
		put(p, b.data, PAD, w, BODY, 0, 0);
		p->y += 0.5;
	}
	if (!c->n_criteria)
		put(p, L(c->lang, "・〇〇（参集基準が計画にありません）",
			 "· (no assembly criteria in the plan)"), PAD, w, BODY, 0, 0.45);
	put(p, "▼", PAD, w, BODY, PDF_CENTER, 0);
	put(p, L(c->lang, "参集場所", "Assembly locations"), PAD, w, BODY, PDF_BOLD, 0);
	for (size_t i = 0; i < c->n_locations; i++) {
		const char *place = c->locations[i].place;
		bool say_online = c->locations[i].online && !strstr(place, "オンライン") &&
				  !strstr(place, "online");
		buf_reset(&b);
		if (c->lang == LANG_EN)
			buf_addf(&b, "Priority %d: %s%s", c->locations[i].priority, place,
				 say_online ? " (online)" : "");
		else
			buf_addf(&b, "第%d順位：%s%s", c->locations[i].priority, place,
				 say_online ? "（オンライン）" : "");
		put(p, b.data, PAD + 4.0, w - 4.0, BODY, 0, 0);
	}
	if (!c->n_locations)
		put(p, L(c->lang, "第1順位：〇〇（参集場所が計画にありません）",
			 "Priority 1: (no location in the plan)"), PAD + 4.0, w - 4.0, BODY, 0, 0.45);
	p->y += 1.0;
	put(p, L(c->lang, "参集場所について別途指示がある場合は、それに従う。",
		 "Follow any other instruction about where to assemble."), PAD, w, SMALLER, 0, 0.2);
	buf_release(&b);
}

/* Panel 4: 3-2.職場への連絡先 and the safety-report destination. */
static void panel_work(struct pen *p)
{
	const struct card *c = p->c;
	double iw = PANEL_W - 2 * PAD;
	band(p, L(c->lang, "3-2.職場への連絡先", "3-2. Workplace contacts"));
	double ws[4] = { iw * 0.40, iw * 0.20, iw * 0.20, iw * 0.20 };
	const char *head[4] = { L(c->lang, "所属/氏名等", "Who"), L(c->lang, "電話", "Phone"),
				L(c->lang, "携帯電話", "Mobile"), L(c->lang, "携帯メール/自宅", "Mail / home") };
	row(p, head, ws, 4, 0, PDF_BOLD, 0.9);
	struct buf b = BUF_INIT;
	size_t max = 3;
	for (size_t i = 0; i < c->n_contacts && i < max; i++) {
		const struct card_contact *ct = &c->contacts[i];
		buf_reset(&b);
		buf_adds(&b, ct->email);
		if (*ct->email && *ct->home_phone)
			buf_addc(&b, '\n');
		buf_adds(&b, ct->home_phone);
		const char *cells[4] = { ct->label, ct->phone, ct->mobile, b.data };
		row(p, cells, ws, 4, 0, 0, 1.0);
	}
	double ws2[2] = { iw * 0.22, iw * 0.78 };
	const char *rep[2] = { L(c->lang, "安否報告先", "Report safety to"),
			       *c->report_destination ? c->report_destination : "" };
	row(p, rep, ws2, 2, 9.0, PDF_BOLD, 0.95);
	const char *msg[2] = { L(c->lang, "連絡内容\n(安否/連絡手段等)", "What to report"),
			       c->message_content };
	row(p, msg, ws2, 2, 9.0, 0, 1.0);
	buf_release(&b);
}

/* Panel 5: 3-1.家族への連絡先 (personal, from the request). */
static void panel_family(struct pen *p)
{
	const struct card *c = p->c;
	const struct card_personal *ps = &c->personal;
	double iw = PANEL_W - 2 * PAD;
	band(p, L(c->lang, "3-1.家族への連絡先", "3-1. Family contacts"));
	double ws[2] = { iw * 0.5, iw * 0.5 };
	const char *head[2] = { L(c->lang, "氏名", "Name"), L(c->lang, "連絡先", "Phone") };
	row(p, head, ws, 2, 0, PDF_BOLD, 0.9);
	for (size_t i = 0; i < 3; i++) {
		const char *cells[2] = { ps->family[i].name, ps->family[i].phone };
		row(p, cells, ws, 2, 14.0, 0, 1.0);
	}
	p->y += 3.0;
	double ws2[2] = { iw * 0.3, iw * 0.7 };
	const char *meet[2] = { L(c->lang, "緊急時の集合場所", "Family meeting place"),
				ps->meeting_place };
	row(p, meet, ws2, 2, 22.0, PDF_BOLD, 0.95);
}

/* Panel 6: 本人情報 (personal, from the request). */
static void panel_self(struct pen *p)
{
	const struct card *c = p->c;
	const struct card_personal *ps = &c->personal;
	double iw = PANEL_W - 2 * PAD;
	band(p, L(c->lang, "本人情報", "About me"));
	double ws[2] = { iw * 0.3, iw * 0.7 };
	const char *rows[][2] = {
		{ L(c->lang, "氏名", "Name"), *ps->name ? ps->name : c->person_name },
		{ L(c->lang, "住所", "Address"), ps->address },
		{ L(c->lang, "携帯電話番号", "Mobile"), ps->mobile },
		{ L(c->lang, "自宅電話番号", "Home phone"), ps->home_phone },
		{ L(c->lang, "保険証番号", "Health insurance no."), ps->insurance_no },
		{ L(c->lang, "終業時の避難場所", "Shelter near work"), ps->evac_work },
		{ L(c->lang, "自宅付近の避難場所", "Shelter near home"), ps->evac_home },
		{ L(c->lang, "自由記入欄", "Notes"), ps->free_text },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		row(p, rows[i], ws, 2, 11.5, 0, 1.0);
}

/* Panel 7: 4-1.災害用伝言ダイヤル「171」／災害用伝言板「web171」. */
static void panel_171(struct pen *p)
{
	const struct card *c = p->c;
	double iw = PANEL_W - 2 * PAD;
	band(p, L(c->lang, "4-1.災害用伝言ダイヤル「171」/災害用伝言板「web171」",
		  "4-1. Disaster message dial 171 / web171"));
	double ws[3] = { iw * 0.24, iw * 0.38, iw * 0.38 };
	const char *h1[3] = { "171", L(c->lang, "伝言録音", "Record"), L(c->lang, "伝言再生", "Play") };
	row(p, h1, ws, 3, 0, PDF_BOLD, 0.9);
	const char *r1[3] = { L(c->lang, "手順", "Steps"),
			      L(c->lang, "171をダイヤル→「1」\n→連絡先の電話番号→録音\n終了「9」",
				"dial 171 → 1\n→ phone number → record\nend: 9"),
			      L(c->lang, "171をダイヤル→「2」\n→連絡先の電話番号→再生\n再生後録音「3」",
				"dial 171 → 2\n→ phone number → play\nthen record: 3") };
	row(p, r1, ws, 3, 0, 0, 1.0);
	p->y += 3.0;
	const char *h2[3] = { "web171", L(c->lang, "伝言登録", "Post"), L(c->lang, "伝言確認", "Read") };
	row(p, h2, ws, 3, 0, PDF_BOLD, 0.9);
	const char *r2[3] = { "https://www.web171.jp",
			      L(c->lang, "利用規約に同意→連絡先の電話番号\n→入力", "accept terms → phone number\n→ post"),
			      L(c->lang, "利用規約に同意→連絡先の電話番号\n→確認→返信登録",
				"accept terms → phone number\n→ read → reply") };
	row(p, r2, ws, 3, 0, 0, 1.0);
}

/* Panel 8: 4-2.携帯電話 災害用伝言板サービス. */
static void panel_boards(struct pen *p)
{
	const struct card *c = p->c;
	double iw = PANEL_W - 2 * PAD;
	band(p, L(c->lang, "4-2.携帯電話 災害用伝言板サービス", "4-2. Carriers' disaster message boards"));
	double ws[3] = { iw * 0.22, iw * 0.36, iw * 0.42 };
	const char *head[3] = { L(c->lang, "事業者", "Carrier"), "URL",
				L(c->lang, "アクセス方法", "How") };
	row(p, head, ws, 3, 0, PDF_BOLD, 0.9);
	for (size_t i = 0; i < c->n_boards; i++) {
		const char *cells[3] = { c->boards[i].carrier, c->boards[i].url, c->boards[i].access };
		row(p, cells, ws, 3, 0, 0, 1.0);
	}
}

typedef void panel_fn(struct pen *p);
static panel_fn *const panels[N_PANELS] = { panel_cover, panel_actions, panel_assembly, panel_work,
					    panel_family, panel_self,    panel_171,     panel_boards };

/* The outline of a fold-out sheet at x, y: cutting marks outside the
 * corners, dashed fold lines inside. */
static void sheet_marks(cairo_t *cr, double x, double y)
{
	double w = 2 * PANEL_W, h = 2 * PANEL_H, gap = PDF_MM(2.0), len = PDF_MM(5.0);
	cairo_set_line_width(cr, 0.3);
	pdf_grey(cr, 0);
	double xs[2] = { x, x + w }, ys[2] = { y, y + h };
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			double sx = i ? 1 : -1, sy = j ? 1 : -1;
			cairo_move_to(cr, xs[i] + sx * gap, ys[j]);
			cairo_line_to(cr, xs[i] + sx * (gap + len), ys[j]);
			cairo_move_to(cr, xs[i], ys[j] + sy * gap);
			cairo_line_to(cr, xs[i], ys[j] + sy * (gap + len));
		}
	cairo_stroke(cr);
	double dash[] = { 2.0, 2.0 };
	cairo_set_dash(cr, dash, 2, 0);
	pdf_grey(cr, 0.55);
	cairo_move_to(cr, x + PANEL_W, y);
	cairo_line_to(cr, x + PANEL_W, y + h);
	cairo_move_to(cr, x, y + PANEL_H);
	cairo_line_to(cr, x + w, y + PANEL_H);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
}

/* cairo's stream callback: appends to a struct buf. */
static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

int render_card_buf(const struct card *c, struct buf *out, struct err *e)
{
	struct pdf_text t;
	if (pdf_text_init(&t, e))
		return -1;
	cairo_surface_t *rec[N_PANELS];
	cairo_rectangle_t ext = { 0, 0, PANEL_W, PANEL_H };
	for (size_t i = 0; i < N_PANELS; i++) {
		rec[i] = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
		cairo_t *cr = cairo_create(rec[i]);
		cairo_rectangle(cr, 0, 0, PANEL_W, PANEL_H); /* nothing leaves the panel */
		cairo_clip(cr);
		struct pen pen = { cr, &t, c, 0 };
		panels[i](&pen);
		cairo_destroy(cr);
	}
	size_t start = out->len;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_buf, out, PANEL_W, PANEL_H);
	struct buf title = BUF_INIT;
	buf_addf(&title, "%s %s", c->title, *c->person_name ? c->person_name : c->personal.name);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title.data);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "itbcp");
	buf_release(&title);
	cairo_t *cr = cairo_create(s);
	for (size_t i = 0; i < N_PANELS; i++) { /* the card, panel by panel */
		cairo_set_source_surface(cr, rec[i], 0, 0);
		cairo_paint(cr);
		pdf_grey(cr, 0.7);
		cairo_set_line_width(cr, 0.5);
		cairo_rectangle(cr, 0.25, 0.25, PANEL_W - 0.5, PANEL_H - 0.5);
		cairo_stroke(cr);
		cairo_show_page(cr);
	}
	/* A4: front (panels 1-4) and back (5-8, columns mirrored), two copies. */
	double x = (PDF_A4_W - 2 * PANEL_W) / 2, gap = PDF_MM(18.0);
	double y0 = (PDF_A4_H - 4 * PANEL_H - gap) / 2;
	for (int side = 0; side < 2; side++) {
		cairo_pdf_surface_set_size(s, PDF_A4_W, PDF_A4_H);
		for (int copy = 0; copy < 2; copy++) {
			double y = y0 + copy * (2 * PANEL_H + gap);
			for (int k = 0; k < 4; k++) {
				int col = k % 2, rw = k / 2;
				if (side)
					col = 1 - col;
				cairo_set_source_surface(cr, rec[side * 4 + k], x + col * PANEL_W,
							 y + rw * PANEL_H);
				cairo_paint(cr);
			}
			sheet_marks(cr, x, y);
		}
		PangoLayout *l = pdf_text_layout(&t,
			side ? L(c->lang, "裏面（長辺とじで両面印刷）", "back (print duplex, flip on long edge)")
			     : L(c->lang, "表面　切り取って二つ折りを二回", "front: cut out, fold twice"),
			6.0, PDF_CENTER, PDF_A4_W);
		pdf_grey(cr, 0.4);
		pdf_show(cr, l, 0, PDF_MM(8.0));
		g_object_unref(l);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_status_t st = pdf_surface_close(s);
	for (size_t i = 0; i < N_PANELS; i++)
		cairo_surface_destroy(rec[i]);
	pdf_text_release(&t);
	if (st != CAIRO_STATUS_SUCCESS)
		return err_set(e, "PDF: %s", cairo_status_to_string(st));
	pdf_fix_created(out, start);
	return 0;
}

int render_card(const struct card *c, const char *path, struct err *e)
{
	struct buf out = BUF_INIT;
	int rc = render_card_buf(c, &out, e);
	if (rc == 0)
		rc = write_file_atomic(path, out.data, out.len, e);
	buf_release(&out);
	return rc;
}
