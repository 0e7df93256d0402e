/*
 * deliver_config.c — the settings of delivery (deliver_config.h): one
 * table of keys, each value checked at the edge before it is stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deliver/deliver_config.h"
#include "deliver/deliver_mime.h"
#include "store/settings_store.h"

const struct deliver_key deliver_keys[] = {
	{ "public_url", "安否報告リンクの公開アドレス（https://…、リンクは …/c/TOKEN）",
	  "the public address of the check-in links (https://…; a link is …/c/TOKEN)" },
	{ "smtp_url", "SMTPサーバー（smtp://host:587 または smtps://host:465）",
	  "the SMTP server (smtp://host:587 or smtps://host:465)" },
	{ "smtp_tls", "smtp:// のSTARTTLS：optional（既定）または required",
	  "STARTTLS on smtp://: optional (default) or required" },
	{ "smtp_from", "差出人のメールアドレス", "the sender's e-mail address" },
	{ "smtp_user", "SMTP認証のアカウント", "the SMTP AUTH account" },
	{ "smtp_password_file", "SMTP認証のパスワードを入れたファイル（パスワードは保存しない）",
	  "a file holding the SMTP AUTH password (the password is never stored)" },
	{ "webhook_url", "Webhookの送信先 http(s)://…（空白で区切って複数）",
	  "webhook addresses http(s)://… (several, separated by spaces)" },
	{ "deliver_parallel", "同時に使う接続数 1〜16（既定 4）",
	  "connections used at once, 1 to 16 (default 4)" },
	{ "remind_interval", "未回答の人への再通知の間隔（秒、既定 600＝10分、0 で再通知も代理者への連絡もしない）",
	  "seconds between reminders to those still silent (default 600 = 10 min; 0: no reminders, no deputies)" },
	{ "remind_count", "再通知の回数 0〜10（既定 2）。その次の間隔で代理者に知らせる",
	  "reminders, 0 to 10 (default 2); one interval after the last, the deputies are told" },
	{ "callout_hold", "発動から一斉送信までの保留（秒、0〜1800、既定 0＝保留なし）。保留中はボードで停止できる",
	  "seconds the call-out waits after the start, 0 to 1800 (default 0: none); it can be stopped on the board meanwhile" },
	{ "witness_to", "記録の確認値（各記録の最後の項目とハッシュ）を送る先：メールアドレスか http(s):// のWebhook",
	  "where the record's check values (each record's last entry and hash) go: an e-mail address or an http(s):// webhook" },
	{ "witness_interval", "記録の確認値を送る間隔（秒、1〜86400、既定 3600）。変わったときだけ送る",
	  "seconds between the check values sent, 1 to 86400 (default 3600); sent only when they changed" },
};
const size_t deliver_n_keys = sizeof deliver_keys / sizeof deliver_keys[0];

/* See deliver_config.h. */
void deliver_config_release(struct deliver_config *c)
{
	free(c->public_url);
	free(c->smtp_url);
	free(c->smtp_tls);
	free(c->smtp_from);
	free(c->smtp_user);
	free(c->smtp_password_file);
	free(c->webhook_url);
	memset(c, 0, sizeof *c);
}

/* See deliver_config.h. */
int deliver_config_load(struct store *st, struct deliver_config *c, struct err *e)
{
	char **slots[] = { &c->public_url, &c->smtp_url,           &c->smtp_tls,   &c->smtp_from,
			   &c->smtp_user,  &c->smtp_password_file, &c->webhook_url };
	char *par = NULL;
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
		if (store_setting_get(st, deliver_keys[i].name, slots[i], e) < 0)
			goto fail;
	if (store_setting_get(st, "deliver_parallel", &par, e) < 0)
		goto fail;
	c->parallel = par ? atoi(par) : DELIVER_PARALLEL_DEFAULT;
	if (c->parallel < 1 || c->parallel > DELIVER_PARALLEL_MAX)
		c->parallel = DELIVER_PARALLEL_DEFAULT;
	free(par);
	return 0;
fail:
	deliver_config_release(c);
	return -1;
}

/* See deliver_config.h. */
bool deliver_config_mail(const struct deliver_config *c)
{
	return c->smtp_url && *c->smtp_url && c->smtp_from && *c->smtp_from;
}

/* See deliver_config.h. */
bool deliver_config_ready(const struct deliver_config *c)
{
	return c->public_url && *c->public_url &&
	       (deliver_config_mail(c) || (c->webhook_url && *c->webhook_url));
}

/* True when s is n bytes of printable ASCII without spaces. */
static bool plain(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

/* True when the n bytes at s are a URL of one of the schemes (NULL-ended
 * list) with a host, and no credentials, query or fragment. */
static bool url_ok(const char *s, size_t n, const char *const *schemes)
{
	if (n > 200 || !plain(s, n))
		return false;
	for (size_t i = 0; schemes[i]; i++) {
		size_t k = strlen(schemes[i]);
		if (n > k && strncmp(s, schemes[i], k) == 0) {
			const char *host = s + k;
			size_t hl = n - k;
			if (!hl || host[0] == '/' || memchr(host, '@', hl) || memchr(host, '#', hl))
				return false;
			return true;
		}
	}
	return false;
}

/* Checks value for a known key; -1 with what is wrong in e. */
static int check(const char *key, const char *v, enum lang lang, struct err *e)
{
	static const char *const web[] = { "http://", "https://", NULL };
	static const char *const smtp[] = { "smtp://", "smtps://", NULL };
	size_t n = strlen(v);
	if (strcmp(key, "public_url") == 0) {
		if (!url_ok(v, n, web) || strchr(v, '?'))
			return err_set(
				e, "public_url %s: %s", v,
				L(lang, "http:// か https:// で始まるアドレスを指定してください（? # @ 空白なし、200バイトまで）",
				  "must be an http:// or https:// address (no ? # @ or spaces, 200 bytes at most)"));
	} else if (strcmp(key, "smtp_url") == 0) {
		if (!url_ok(v, n, smtp))
			return err_set(
				e, "smtp_url %s: %s", v,
				L(lang, "smtp://ホスト:ポート か smtps://ホスト:ポート を指定してください（認証情報はURLに書かず smtp_user と smtp_password_file に）",
				  "must be smtp://host:port or smtps://host:port (credentials go in smtp_user and smtp_password_file, not the URL)"));
	} else if (strcmp(key, "smtp_tls") == 0) {
		if (strcmp(v, "optional") != 0 && strcmp(v, "required") != 0)
			return err_set(e, "smtp_tls %s: %s", v,
				       L(lang, "optional か required です",
					 "must be optional or required"));
	} else if (strcmp(key, "smtp_from") == 0) {
		if (!deliver_mime_address_ok(v))
			return err_set(e, "smtp_from %s: %s", v,
				       L(lang, "メールアドレスではありません",
					 "is not an e-mail address"));
	} else if (strcmp(key, "smtp_user") == 0) {
		if (n > 128 || !plain(v, n))
			return err_set(
				e, "smtp_user: %s",
				L(lang, "128バイトまでの英数字・記号（空白なし）で指定してください",
				  "must be up to 128 printable ASCII characters without spaces"));
	} else if (strcmp(key, "smtp_password_file") == 0) {
		if (v[0] != '/' || n > 4000)
			return err_set(e, "smtp_password_file %s: %s", v,
				       L(lang, "絶対パスで指定してください", "must be an absolute path"));
		if (access(v, R_OK) != 0)
			return err_set(e, "smtp_password_file %s: %s", v,
				       L(lang, "読めません", "cannot be read"));
	} else if (strcmp(key, "webhook_url") == 0) {
		if (n > 2000)
			return err_set(e, "webhook_url: %s",
				       L(lang, "2000バイトまでです", "is 2000 bytes at most"));
		for (const char *h = v; *h;) {
			size_t k = strcspn(h, " ");
			if (k && !url_ok(h, k, web))
				return err_set(e, "webhook_url %.*s: %s", (int)(k > 200 ? 200 : k), h,
					       L(lang, "http:// か https:// で始まるアドレスではありません",
						 "is not an http:// or https:// address"));
			h += k;
			h += strspn(h, " ");
		}
	} else if (strcmp(key, "remind_interval") == 0 || strcmp(key, "remind_count") == 0 ||
		   strcmp(key, "callout_hold") == 0) {
		long max = strcmp(key, "remind_count") == 0 ? DELIVER_REMIND_COUNT_MAX
			   : strcmp(key, "callout_hold") == 0 ? DELIVER_HOLD_MAX
							       : DELIVER_REMIND_INTERVAL_MAX;
		char *end;
		long x = strtol(v, &end, 10);
		if (*end || end == v || x < 0 || x > max)
			return err_set(e, "%s %s: %s%ld%s", key, v,
				       L(lang, "0〜", "must be an integer from 0 to "), max,
				       L(lang, "の整数です", ""));
	} else if (strcmp(key, "witness_to") == 0) {
		if (strncmp(v, "http", 4) == 0 ? !url_ok(v, n, web) : !deliver_mime_address_ok(v))
			return err_set(e, "witness_to %s: %s", v,
				       L(lang, "メールアドレスか http:// / https:// のアドレスを指定してください",
					 "must be an e-mail address or an http:// or https:// address"));
	} else if (strcmp(key, "witness_interval") == 0) {
		char *end;
		long x = strtol(v, &end, 10);
		if (*end || end == v || x < 1 || x > DELIVER_REMIND_INTERVAL_MAX)
			return err_set(e, "witness_interval %s: %s", v,
				       L(lang, "1〜86400の整数です", "must be an integer from 1 to 86400"));
	} else if (strcmp(key, "deliver_parallel") == 0) {
		char *end;
		long x = strtol(v, &end, 10);
		if (*end || end == v || x < 1 || x > DELIVER_PARALLEL_MAX)
			return err_set(e, "deliver_parallel %s: %s", v,
				       L(lang, "1〜16の整数です", "must be an integer from 1 to 16"));
	}
	return 0;
}

/* See deliver_config.h. */
int deliver_config_check(const char *key, const char *value, enum lang lang, struct err *e)
{
	size_t i = 0;
	while (i < deliver_n_keys && strcmp(deliver_keys[i].name, key) != 0)
		i++;
	if (i == deliver_n_keys)
		return err_set(e, "%s: %s", key,
			       L(lang, "設定項目にありません（itbcp deliver show で一覧）",
				 "is not a setting (itbcp deliver show lists them)"));
	return *value ? check(key, value, lang, e) : 0;
}

/* See deliver_config.h. */
bool deliver_config_secret(const char *key)
{
	return strcmp(key, "webhook_url") == 0;
}

/* See deliver_config.h. */
void deliver_config_shown(const char *key, const char *value, struct buf *out)
{
	if (!deliver_config_secret(key)) {
		buf_adds(out, value);
		return;
	}
	bool first = true;
	for (const char *h = value; *h;) {
		size_t k = strcspn(h, " ");
		const char *host = strstr(h, "://");
		if (k && host && host < h + k) {
			host += 3;
			size_t hl = strcspn(host, "/ ");
			if (!first)
				buf_adds(out, " ");
			first = false;
			buf_add(out, h, (size_t)(host - h) + hl);
			if (host + hl < h + k)
				buf_adds(out, "/…");
		}
		h += k;
		h += strspn(h, " ");
	}
}

/* See deliver_config.h. */
int deliver_config_set(struct store *st, const char *key, const char *value, const char *actor,
		       enum lang lang, struct err *e)
{
	if (deliver_config_check(key, value, lang, e))
		return -1;
	/* The audit entry says what changed; a password file's path is no
	 * secret, a webhook's token is. */
	struct buf shown = BUF_INIT;
	deliver_config_shown(key, value, &shown);
	int rc = store_setting_set(st, key, value, actor, *value ? shown.data : "(removed)", e);
	buf_release(&shown);
	return rc;
}
