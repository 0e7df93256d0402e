/*
 * page_documents_card.c — the wallet card (別表2 災害用携行カード) of one
 * person, from the web (issue 4, item 5).
 *
 *   GET  /documents/card/{person}   the form for the personal part
 *   POST /documents/card/{person}   … the card as PDF, made from this request
 *
 * The card joins what the plan says about the person (roles, assembly
 * criteria and places, workplace contacts: card_from_plan) with a personal
 * part the person types: family contacts, address, insurance number and
 * so on.  That part lives only in this request: it is not stored, not
 * cached (cache.h), not logged (the access log has the path only, and the
 * audit log names the person and who made the card, never what was typed),
 * and the answer is marked no-store.  The QR code carries the person's own
 * check-in address /c/TOKEN (store_checkin_token), on ITBCP_BASE_URL when
 * set (the address people reach the server at), else on the Host this
 * request came to.  Planners and admins only: the check-in address is a
 * credential (whoever holds it reports as that person).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/card/card.h"
#include "store/incident_store.h"
#include "store/store.h"
#include "store/users.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/url.h"
#include "web/core/web.h"

/* What card.c accepts per personal field (its PERSONAL_MAX_BYTES). */
#define CARD_FIELD_MAX 500
#define CARD_FAMILY 3

/* The single-line fields of the personal part, in the card's order. */
static const struct {
	const char *name, *ja, *en, *type, *autocomplete;
	size_t off;
} fields[] = {
	{ "name", "氏名（カードに印字する名前）", "Name (as printed on the card)", "text", "name",
	  offsetof(struct card_personal, name) },
	{ "address", "住所", "Address", "text", "street-address", offsetof(struct card_personal, address) },
	{ "mobile", "携帯電話", "Mobile phone", "tel", "tel", offsetof(struct card_personal, mobile) },
	{ "home_phone", "自宅電話", "Home phone", "tel", "tel", offsetof(struct card_personal, home_phone) },
	{ "insurance_no", "保険証番号", "Health insurance number", "text", "off",
	  offsetof(struct card_personal, insurance_no) },
	{ "meeting_place", "家族との緊急時の集合場所", "Where the family meets in an emergency", "text", "off",
	  offsetof(struct card_personal, meeting_place) },
	{ "evac_work", "就業時の避難場所", "Evacuation place at work", "text", "off",
	  offsetof(struct card_personal, evac_work) },
	{ "evac_home", "自宅付近の避難場所", "Evacuation place near home", "text", "off",
	  offsetof(struct card_personal, evac_home) },
};
#define N_FIELDS (sizeof fields / sizeof fields[0])

/* What was refused, field by field (NULL: fine). */
struct card_errors {
	const char *field[N_FIELDS];
	const char *family_name[CARD_FAMILY], *family_phone[CARD_FAMILY];
	const char *free_text;
	size_t n;
};

/* The person the route names, of the cached plan (into *p).  NULL when
 * the handler returns *rc at once: 0 with a 404 page (the plan has no such
 * person), -1 with r->err set (the plan could not be read). */
static const struct person *route_person(struct req *r, const struct plan **p, int *rc)
{
	*rc = 0;
	*p = store_plan_cached(r->store, &r->err);
	if (!*p) {
		*rc = -1;
		return NULL;
	}
	const struct person *who = plan_person(*p, r->params[0]);
	if (!who)
		route_error(r, 404, L(r->lang, "この担当者は計画にいません。", "There is no such person in the plan."));
	return who;
}

/* A multi-line input with its error beside it. */
static void text_area(struct req *r, const char *name, const char *label, const char *value,
		      const char *error)
{
	html(r, "<div class=\"field%s\"><label for=\"f-%s\">%s</label>", error ? " bad" : "", name, label);
	if (error)
		html(r, "<p class=\"err\" id=\"f-%s-err\">%s</p>", name, error);
	html(r, "<textarea id=\"f-%s\" name=\"%s\" rows=\"3\"", name, name);
	if (error)
		html(r, " aria-invalid=\"true\" aria-describedby=\"f-%s-err\"", name);
	html(r, ">%s</textarea></div>\n", value ? value : "");
}

/* The form; with errs (after a POST) it shows what was typed and each
 * message beside its field. */
static void card_form(struct req *r, const struct person *who, const struct card_errors *errs)
{
	bool post = errs != NULL;
	const char *title = L(r->lang, "災害用携行カード（別表2）", "Wallet card (別表2)");
	page_begin(r, title);
	html(r, "<p class=\"crumb\"><a href=\"/documents\">%s</a> › <a href=\"/plan/people/%s\">%s</a></p>\n"
		"<h1>%s<small class=\"kind\">%s</small></h1>\n",
	     L(r->lang, "文書の出力", "Documents"), url_encode(r, who->id), who->name, title, who->name);
	html(r, "<p class=\"lead\">%s</p>\n",
	     L(r->lang, "計画から参集基準・参集場所・職場の連絡先・安否報告用のQRコードを入れ、下の本人情報を加えてPDFを作ります。"
			"本人情報はこのPDFを作るためだけに使い、サーバーには保存も記録もしません。両面印刷して折りたたむと名刺大になります。",
		"The card takes the assembly criteria and places, workplace contacts and a QR code for the safety "
		"report from the plan, and adds the personal part below. The personal part is used for this PDF "
		"only: the server neither stores nor logs it. Print double-sided and fold to card size."));
	if (post && errs->n)
		page_notice(r, "error", L(r->lang, "入力内容を確認してください。PDFは作成していません。",
					  "Please check what you entered. No PDF was made."));
	html(r, "<form method=\"post\" action=\"/documents/card/%s\" class=\"edit\" novalidate>",
	     url_encode(r, who->id));
	auth_csrf_field(r);
	html(r, "<fieldset><legend>%s</legend>\n", L(r->lang, "本人情報", "About you"));
	for (size_t i = 0; i < N_FIELDS; i++)
		page_input(r, fields[i].type, fields[i].name, L(r->lang, fields[i].ja, fields[i].en),
			   post ? req_form(r, fields[i].name) : i == 0 ? who->name : NULL,
			   post ? errs->field[i] : NULL, fields[i].autocomplete);
	html(r, "</fieldset>\n<fieldset><legend>%s</legend>\n",
	     L(r->lang, "家族の連絡先（3-1）", "Family contacts (3-1)"));
	for (int k = 0; k < CARD_FAMILY; k++) {
		const char *n = arena_printf(&r->arena, "family%d_name", k + 1);
		const char *ph = arena_printf(&r->arena, "family%d_phone", k + 1);
		page_input(r, "text", n, arena_printf(&r->arena, L(r->lang, "家族%dの氏名", "Family member %d: name"), k + 1),
			   post ? req_form(r, n) : NULL, post ? errs->family_name[k] : NULL, "off");
		page_input(r, "tel", ph, arena_printf(&r->arena, L(r->lang, "家族%dの電話番号", "Family member %d: phone"), k + 1),
			   post ? req_form(r, ph) : NULL, post ? errs->family_phone[k] : NULL, "off");
	}
	html(r, "</fieldset>\n");
	text_area(r, "free_text", L(r->lang, "自由記入欄（持病・常用薬など）", "Notes (conditions, medication …)"),
		  post ? req_form(r, "free_text") : NULL, post ? errs->free_text : NULL);
	bool contacts = !post || req_form(r, "contacts_personal");
	html(r, "<div class=\"field check\"><input type=\"checkbox\" id=\"f-contacts_personal\" "
		"name=\"contacts_personal\" value=\"1\"%s><label for=\"f-contacts_personal\">%s</label></div>\n",
	     contacts ? " checked" : "",
	     L(r->lang, "職場の連絡先に携帯電話・自宅電話も載せる", "Show the workplace contacts' mobile and home numbers"));
	html(r, "<p><button type=\"submit\">%s</button></p></form>\n", L(r->lang, "PDFを作成", "Make the PDF"));
	page_end(r);
}

/* GET /documents/card/{person} */
int page_card_form(struct req *r)
{
	const struct plan *p;
	int rc;
	const struct person *who = route_person(r, &p, &rc);
	if (who)
		card_form(r, who, NULL);
	return rc;
}

/* Checks one typed value: NULL when fine, else the message. */
static const char *check_value(struct req *r, const char *s, bool multiline)
{
	if (strlen(s) > CARD_FIELD_MAX)
		return arena_printf(&r->arena, L(r->lang, "%d バイト（全角なら約%d文字）までです。",
						 "At most %d bytes (about %d Japanese characters)."),
				    CARD_FIELD_MAX, CARD_FIELD_MAX / 3);
	for (const char *q = s; *q; q++) {
		unsigned char c = (unsigned char)*q;
		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7f)
			return L(r->lang, "制御文字は使えません。", "Control characters are not allowed.");
	}
	return NULL;
}

/* Reads and checks the posted personal part into c; errs gets what is refused. */
static void read_personal(struct req *r, struct card *c, struct card_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	for (size_t i = 0; i < N_FIELDS; i++) {
		const char *v = req_form_trim(r, fields[i].name);
		if ((errs->field[i] = check_value(r, v, false)))
			errs->n++;
		*(const char **)(void *)((char *)&c->personal + fields[i].off) = card_strdup(c, v);
	}
	for (int k = 0; k < CARD_FAMILY; k++) {
		const char *n = req_form_trim(r, arena_printf(&r->arena, "family%d_name", k + 1));
		const char *ph = req_form_trim(r, arena_printf(&r->arena, "family%d_phone", k + 1));
		if ((errs->family_name[k] = check_value(r, n, false)))
			errs->n++;
		if ((errs->family_phone[k] = check_value(r, ph, false)))
			errs->n++;
		c->personal.family[k].name = card_strdup(c, n);
		c->personal.family[k].phone = card_strdup(c, ph);
	}
	const char *t = req_form_trim(r, "free_text");
	if ((errs->free_text = check_value(r, t, true)))
		errs->n++;
	/* CR LF from the browser: one line break each */
	char *nt = arena_strdup(&r->arena, t), *w = nt;
	for (const char *q = t; *q; q++)
		if (*q != '\r')
			*w++ = *q;
	*w = '\0';
	c->personal.free_text = card_strdup(c, nt);
}

/* The check-in address of token on the address people reach us at
 * (r's arena). */
static const char *checkin_url(struct req *r, const char *token)
{
	/* One agency of several (serve --agencies): its own host name is
	 * where its people reach it; the process-wide ITBCP_BASE_URL would
	 * send every agency's cards to one of them. */
	if (r->web && r->web->host[0])
		return arena_printf(&r->arena, "%s://%s/c/%s", r->secure ? "https" : "http",
				    r->web->host, token);
	const char *base = getenv("ITBCP_BASE_URL");
	if (base && *base) {
		size_t n = strlen(base);
		while (n && base[n - 1] == '/')
			n--;
		return arena_printf(&r->arena, "%.*s/c/%s", (int)n, base, token);
	}
	/* The Host header, when it is a plain host[:port] (it is the signed-in
	 * planner's own browser that sent it). */
	const char *host = req_header(r, "Host");
	if (!host || !*host || strlen(host) > 255 ||
	    strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") != strlen(host))
		host = "127.0.0.1:8080";
	return arena_printf(&r->arena, "http://%s/c/%s", host, token);
}

/* POST /documents/card/{person} */
int page_card_post(struct req *r)
{
	const struct plan *p;
	int rc;
	const struct person *who = route_person(r, &p, &rc);
	if (!who)
		return rc;
	struct card c;
	struct card_errors errs;
	card_defaults(&c, r->lang);
	read_personal(r, &c, &errs);
	if (errs.n) {
		r->status = 422;
		card_form(r, who, &errs);
		goto out;
	}
	/* The token may be written now (a person's first): p and who stay
	 * valid, as nothing here calls store_plan_cached() again. */
	const char *id = who->id;
	char token[STORE_TOKEN_LEN + 1];
	if (store_checkin_token(r->store, id, token, &r->err) ||
	    card_from_plan(&c, p, id, req_form(r, "contacts_personal") != NULL,
			   checkin_url(r, token), &r->err) ||
	    render_card_buf(&c, &r->out, &r->err) ||
	    users_audit_add(r->store, auth_actor(r), "document.card", id, "", &r->err)) {
		rc = -1;
		goto out;
	}
	page_attachment(r, "pdf", arena_printf(&r->arena, "itbcp-card-%s", id),
			arena_printf(&r->arena, "%s_%s", L(r->lang, "携行カード", "wallet-card"), who->name));
	req_set_header(r, "Cache-Control", "no-store");
out:
	card_release(&c);
	return rc;
}
