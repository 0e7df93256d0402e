/*
 * page_delivery.c — /admin/delivery: the admin sees and changes
 * delivery's settings (deliver/deliver_config.h: the SMTP server, the
 * webhooks, the reminders, the hold) without a restart.
 *
 * One form holds every key of deliver_keys, each with its help.  POST
 * checks every changed value first, shows each error beside its field
 * with what was typed kept, and changes nothing unless all are good (422);
 * then stores each changed key with its audit entry (setting.set, by the
 * admin) and redirects back with how many changed.  A secret value (a
 * webhook's URL carries its token) is never written back into the page:
 * it is shown as its hosts, its field stays empty, and an empty field
 * keeps it (a box removes it).  The sender and the follow-up read the
 * settings at each look, so a change takes effect within a second or two;
 * only deliver_parallel waits for the next start of serve.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deliver/deliver_config.h"
#include "store/settings_store.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "util/xalloc.h"
#include "web/core/page.h"

/* What the form holds for each key: the value typed (or stored), and its
 * error. */
#define KEYS_MAX 16 /* at least deliver_n_keys */
struct delivery_form {
	const char *value[KEYS_MAX];
	const char *err[KEYS_MAX];
	bool remove[KEYS_MAX]; /* a secret key's box "remove" */
};

/* The stored value of key in r's arena ("" when not set), or NULL on a
 * database error. */
static const char *stored(struct req *r, const char *key)
{
	char *v = NULL;
	if (store_setting_get(r->store, key, &v, &r->err) < 0)
		return NULL;
	const char *out = arena_strdup(&r->arena, v ? v : "");
	free(v);
	return out;
}

/* One key's field: its label (the key), help, error, and the input. */
static void field(struct req *r, size_t i, const struct delivery_form *f, const char *now)
{
	const struct deliver_key *k = &deliver_keys[i];
	const char *err = f->err[i];
	const char *desc = err ? arena_printf(&r->arena, "f-%s-hint f-%s-err", k->name, k->name)
			       : arena_printf(&r->arena, "f-%s-hint", k->name);
	html(r, "<div class=\"field%s\"><label for=\"f-%s\">%s</label>", err ? " bad" : "", k->name,
	     k->name);
	html(r, "<p class=\"hint\" id=\"f-%s-hint\">%s</p>", k->name, L(r->lang, k->help_ja, k->help_en));
	if (err)
		html(r, "<p class=\"err\" id=\"f-%s-err\">%s</p>", k->name, err);
	if (deliver_config_secret(k->name)) {
		struct buf shown = BUF_INIT;
		deliver_config_shown(k->name, now, &shown);
		html(r, "<p>%s%s</p>", L(r->lang, "現在：", "Now: "),
		     *now ? shown.data : L(r->lang, "未設定", "not set"));
		buf_release(&shown);
		/* never the value back: empty keeps what is stored */
		html(r, "<input type=\"text\" id=\"f-%s\" name=\"%s\" value=\"\" autocomplete=\"off\" "
			"placeholder=\"%s\" aria-describedby=\"%s\" aria-invalid=\"%s\">",
		     k->name, k->name, L(r->lang, "空欄なら変更しない", "empty: unchanged"), desc,
		     err ? "true" : "false");
		html(r, "<label><input type=\"checkbox\" name=\"%s_remove\" value=\"1\"%s> %s</label>",
		     k->name, f->remove[i] ? " checked" : "",
		     L(r->lang, "削除する", "Remove it"));
	} else {
		html(r, "<input type=\"text\" id=\"f-%s\" name=\"%s\" value=\"%s\" autocomplete=\"off\" "
			"aria-describedby=\"%s\" aria-invalid=\"%s\">",
		     k->name, k->name, f->value[i] ? f->value[i] : now, desc,
		     err ? "true" : "false");
	}
	html(r, "</div>\n");
}

/* The whole page. */
static int delivery_page(struct req *r, const struct delivery_form *f, const char *done)
{
	const char *title = L(r->lang, "配信の設定", "Delivery settings");
	struct deliver_config c;
	if (deliver_config_load(r->store, &c, &r->err))
		return -1;
	bool ready = deliver_config_ready(&c);
	deliver_config_release(&c);
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n", title);
	if (done)
		page_notice(r, "ok", done);
	page_notice(r, ready ? "ok" : "error",
		    ready ? L(r->lang, "配信：設定済み。安否確認のリンクをメール・Webhookで送ります。",
			      "Delivery is set up: the check-in links are sent by mail and webhook.")
			  : L(r->lang,
			      "配信：未設定（public_url と、smtp_url・smtp_from または webhook_url が必要）。",
			      "Delivery is not set up (it needs public_url, and smtp_url with smtp_from, "
			      "or webhook_url)."));
	html(r, "<p>%s</p>\n",
	     L(r->lang,
	       "変更は保存した時点から送信と再通知に使われます（再起動は不要。deliver_parallel だけは次回の起動から）。"
	       "SMTPのパスワードはここには入れず、smtp_password_file に書いたファイルに置きます。空欄にした項目は削除され、既定値に戻ります。",
	       "A change is used by the sender and the reminders as soon as it is saved (no restart; "
	       "deliver_parallel only from the next start). The SMTP password is never entered here: "
	       "it stays in the file smtp_password_file names. An emptied field is removed and its "
	       "default applies."));
	html(r, "<form method=\"post\" action=\"/admin/delivery\" class=\"card\">\n");
	auth_csrf_field(r);
	for (size_t i = 0; i < deliver_n_keys; i++) {
		const char *now = stored(r, deliver_keys[i].name);
		if (!now)
			return -1;
		field(r, i, f, now);
	}
	html(r, "<button type=\"submit\">%s</button>\n</form>\n", L(r->lang, "保存する", "Save"));
	page_end(r);
	return 0;
}

/* GET /admin/delivery[?saved=N] */
int page_delivery(struct req *r)
{
	struct delivery_form f = { 0 };
	const char *saved = req_query(r, "saved");
	const char *done = NULL;
	if (saved && strspn(saved, "0123456789") == strlen(saved) && strlen(saved) <= 2)
		done = arena_printf(&r->arena, "%s%s%s", L(r->lang, "設定を ", "Saved "), saved,
				    L(r->lang, " 件変更しました。", " change(s)."));
	return delivery_page(r, &f, done);
}

/* POST /admin/delivery: one field per key (KEY, and KEY_remove for a
 * secret one); a key the form does not hold is left unchanged, an empty
 * field removes it (its default applies) — a secret one excepted, which
 * only its box removes. */
int page_delivery_post(struct req *r)
{
	struct delivery_form f = { 0 };
	const char *want[KEYS_MAX] = { 0 }; /* the new value of each changed key */
	bool bad = false;
	if (deliver_n_keys > KEYS_MAX)
		BUG("page_delivery: %zu keys, room for %d", deliver_n_keys, KEYS_MAX);
	for (size_t i = 0; i < deliver_n_keys; i++) {
		const char *key = deliver_keys[i].name;
		const char *now = stored(r, key);
		if (!now)
			return -1;
		/* A field the form does not hold is left as it is. */
		const char *v = req_form(r, key) ? req_form_trim(r, key) : NULL;
		if (deliver_config_secret(key)) {
			f.remove[i] = req_form(r, arena_printf(&r->arena, "%s_remove", key)) != NULL;
			if (f.remove[i])
				v = "";
			else if (v && !*v)
				v = NULL; /* empty: keep what is stored */
		}
		if (!v)
			continue;
		if (strcmp(v, now) == 0)
			continue;
		struct err e = ERR_INIT;
		if (deliver_config_check(key, v, r->lang, &e)) {
			f.err[i] = arena_strdup(&r->arena, e.msg);
			bad = true;
		}
		f.value[i] = v;
		want[i] = v;
	}
	if (bad) {
		r->status = 422;
		return delivery_page(r, &f, NULL);
	}
	int changed = 0;
	for (size_t i = 0; i < deliver_n_keys; i++) {
		if (!want[i])
			continue;
		if (deliver_config_set(r->store, deliver_keys[i].name, want[i], auth_actor(r), r->lang,
				       &r->err))
			return -1;
		changed++;
	}
	req_redirect(r, arena_printf(&r->arena, "/admin/delivery?saved=%d", changed));
	return 0;
}
