/*
 * pack.c — the offline crisis pack's page (pack.h): the head with its
 * Content-Security-Policy, the pack's id, the header and the navigation,
 * and the one writer every section uses (pack_internal.h).
 *
 * The id is the SHA-256 of the sections as written (not of the date in
 * the header), so a pack made again from the same plan keeps its ticks
 * in the browser.  The style and the script are files compiled in
 * (render/pack/pack.css, pack.js: util/embedded.h); their hashes go into
 * the policy, so that nothing else could run even if something slipped
 * past the escaping.
 */
#include "render/pack/pack.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/schema.h"
#include "render/pack/pack_internal.h"
#include "rules/rules.h"
#include "util/embedded.h"
#include "util/sha256.h"
#include "util/xalloc.h"

/* ---- the writer ------------------------------------------------------------ */

void pw_raw(struct pw *w, const char *lit)
{
	buf_adds(w->out, lit);
}

void pw_f(struct pw *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			buf_addc(w->out, *p);
			continue;
		}
		p++;
		if (*p == '%') {
			buf_addc(w->out, '%');
		} else if (*p == 's') {
			render_html_text(w->out, va_arg(ap, const char *));
		} else if (*p == 'd') {
			buf_add_int(w->out, va_arg(ap, int));
		} else if (*p == 'u') {
			buf_add_int(w->out, va_arg(ap, unsigned));
		} else if (p[0] == 'l' && p[1] == 'l' && p[2] == 'd') {
			buf_add_int(w->out, va_arg(ap, long long));
			p += 2;
		} else if (p[0] == 'z' && p[1] == 'u') {
			buf_add_int(w->out, (long long)va_arg(ap, size_t));
			p += 1;
		} else {
			BUG("pw_f: conversion %%%c", *p);
		}
	}
	va_end(ap);
}

void pw_lines(struct pw *w, const char *s)
{
	const char *p = s ? s : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		struct buf line = BUF_INIT;
		buf_add(&line, p, n);
		render_html_text(w->out, line.data);
		buf_release(&line);
		p += n;
		if (*p == '\n') {
			if (p[1])
				PW_RAW(w, "<br>");
			p++;
		}
	}
}

void pw_tel(struct pw *w, const char *label, const char *number)
{
	if (!number || !*number)
		return;
	/* the link is the dialable part only: digits and a leading '+';
	 * full-width digits (０–９, U+FF10–FF19) as ASCII */
	char dial[48];
	size_t n = 0;
	for (const unsigned char *q = (const unsigned char *)number; *q && n + 1 < sizeof dial; q++) {
		if (*q >= '0' && *q <= '9')
			dial[n++] = (char)*q;
		else if (*q == '+' && n == 0)
			dial[n++] = '+';
		else if (q[0] == 0xEF && q[1] == 0xBC && q[2] >= 0x90 && q[2] <= 0x99) {
			dial[n++] = (char)('0' + (q[2] - 0x90));
			q += 2;
		}
	}
	dial[n] = '\0';
	if (n)
		PW_F(w, " <span class=\"s\">%s</span> <a href=\"tel:%s\">%s</a>", label, dial, number);
	else
		PW_F(w, " <span class=\"s\">%s</span> %s", label, number);
}

bool pw_shows(const struct pw *w, const char *field)
{
	const struct field_def *f = schema_field(schema_entity("people"), field);
	if (!f)
		BUG("people.%s is not in the schema", field);
	return w->personal || !(f->flags & FF_PERSONAL);
}

/* ---- the page ---------------------------------------------------------------- */

/* The base64 SHA-256 of an embedded file's bytes into out, for the
 * policy's 'sha256-…' source. */
static void csp_hash(const struct embedded_file *f, char *out, size_t n)
{
	unsigned char d[SHA256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(SHA256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	sha256(d, f->data, f->len);
	sodium_bin2base64(b64, sizeof b64, d, sizeof d, sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, n, "%s", b64);
}

/* An embedded file that must be there (the Makefile compiles it in). */
static const struct embedded_file *asset(const char *name)
{
	const struct embedded_file *f = embedded_find(name);
	if (!f)
		BUG("%s is not compiled in", name);
	return f;
}

/* See pack.h. */
void render_pack(const struct plan *p, const struct render_opts *o, struct buf *out)
{
	const struct embedded_file *css = asset("render/pack/pack.css");
	const struct embedded_file *js = asset("render/pack/pack.js");
	enum lang lang = o->lang;

	/* the sections first, for the id */
	struct buf body = BUF_INIT;
	struct pw bw = { &body, lang, o->personal };
	pack_procedures(&bw, p);
	pack_roles(&bw, p);
	pack_contacts(&bw, p);
	pack_assembly(&bw, p);
	pack_systems(&bw, p);
	unsigned char d[SHA256_BYTES];
	char hexd[2 * SHA256_BYTES + 1];
	sha256(d, body.data, body.len);
	sodium_bin2hex(hexd, sizeof hexd, d, sizeof d);
	hexd[RENDER_PACK_ID_LEN] = '\0';

	char css_h[64], js_h[64], date[64];
	csp_hash(css, css_h, sizeof css_h);
	csp_hash(js, js_h, sizeof js_h);
	wareki_date(o->today, lang, date, sizeof date);
	const struct organisation *org = &p->organisation;
	const char *org_name = lang == LANG_EN && org->name_en[0] ? org->name_en : org->name;
	const char *title = L(lang, "オフライン対応パック", "Offline crisis pack");

	struct pw w = { out, lang, o->personal };
	PW_F(&w,
	     "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	     "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
	     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	     "style-src 'sha256-%s'; script-src 'sha256-%s'; base-uri 'none'; form-action 'none'\">"
	     "<meta name=\"referrer\" content=\"no-referrer\">"
	     "<title>%s %s</title><style>",
	     L(lang, "ja", "en"), css_h, js_h, title, org_name);
	buf_add(out, css->data, css->len); /* trusted: compiled in */
	PW_F(&w,
	     "</style></head>\n<body data-pack=\"%s\" data-public=\"%d\">"
	     "<header><h1>%s</h1><p class=\"meta\">%s ・ %s %s ・ ID %s</p>",
	     hexd, !o->personal, title,
	     org->plan_title[0] && strstr(org->plan_title, org_name) ? org->plan_title : org_name,
	     L(lang, "作成", "made"), date, hexd);
	if (o->personal)
		PW_F(&w, "<p class=\"warn\">%s</p>",
		     L(lang, "個人の連絡先（携帯電話・自宅・メール）を含みます。端末の紛失に注意し、不要になったら削除してください。",
		       "Holds personal contact data (mobile, home phone, e-mail): keep the device safe and "
		       "delete the file when it is no longer needed."));
	else
		PW_F(&w, "<p class=\"pub\">%s</p>",
		     L(lang, "配布用：個人の電話番号・メールアドレスは含みません。",
		       "For wide distribution: no personal phone numbers or e-mail addresses."));
	PW_F(&w,
	     "</header><nav><a href=\"#proc\">%s</a><a href=\"#roles\">%s</a><a href=\"#contacts\">%s</a>"
	     "<a href=\"#assembly\">%s</a><a href=\"#systems\">%s</a></nav>\n<main>",
	     L(lang, "手順", "Procedures"), L(lang, "役割", "Roles"), L(lang, "連絡先", "Contacts"),
	     L(lang, "参集", "Assembly"), L(lang, "システム", "Systems"));
	buf_add(out, body.data, body.len); /* escaped by construction above */
	buf_release(&body);
	PW_RAW(&w, "</main>\n<script>");
	buf_add(out, js->data, js->len); /* trusted: compiled in */
	PW_RAW(&w, "</script></body></html>\n");
}
