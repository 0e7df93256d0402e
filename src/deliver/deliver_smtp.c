/*
 * deliver_smtp.c — one message by SMTP with libcurl (deliver_send.h):
 * smtp:// with STARTTLS optional or required (smtp_tls), smtps://, AUTH
 * with smtp_user and the password read from smtp_password_file at each
 * message (so a changed password needs no restart, and none is kept in
 * memory between messages).  A 5xx answer (other than to AUTH) means this
 * address will never take it: failed for good.  Everything else — a
 * network error, 4xx, a refused login — is tried again later.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "deliver/deliver_mime.h"
#include "deliver/deliver_send.h"
#include "util/buf.h"

/* The message being uploaded and how far. */
struct upload {
	const struct buf *b;
	size_t off;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb, left = u->b->len - u->off;
	if (n > left)
		n = left;
	memcpy(dst, u->b->data + u->off, n);
	u->off += n;
	return n;
}

/* Keeps the server's last reply line (not the closing 221) in resp. */
static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	(void)h;
	char *resp = arg;
	if (type != CURLINFO_HEADER_IN || size < 3 || strncmp(data, "221", 3) == 0)
		return 0;
	size_t n = size < 199 ? size : 199;
	while (n && (data[n - 1] == '\r' || data[n - 1] == '\n'))
		n--;
	memcpy(resp, data, n);
	resp[n] = '\0';
	return 0;
}

/* The password from the file into pw (at most n - 1 bytes, the final
 * newline dropped); -1 when it cannot be read. */
static int read_password(const char *path, char *pw, size_t n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t k = fread(pw, 1, n - 1, f);
	fclose(f);
	pw[k] = '\0';
	while (k && (pw[k - 1] == '\n' || pw[k - 1] == '\r'))
		pw[--k] = '\0';
	return 0;
}

/* See deliver_send.h. */
void deliver_smtp_send(CURL *h, const struct deliver_config *c, const struct outbox_msg *m,
		       struct deliver_result *out)
{
	char from[300], to[300], pw[257] = "";
	struct buf msg = BUF_INIT;
	struct curl_slist *rcpt = NULL;
	memset(out, 0, sizeof *out);
	out->outcome = DELIVER_RETRY;
	if (!deliver_config_mail(c)) {
		snprintf(out->error, sizeof out->error, "mail is not set up (smtp_url, smtp_from)");
		return;
	}
	if (!deliver_mime_address_ok(m->address)) {
		out->outcome = DELIVER_PERMANENT;
		snprintf(out->error, sizeof out->error, "not a usable e-mail address");
		return;
	}
	if (c->smtp_password_file && *c->smtp_password_file &&
	    read_password(c->smtp_password_file, pw, sizeof pw)) {
		snprintf(out->error, sizeof out->error, "smtp_password_file cannot be read");
		return;
	}
	snprintf(from, sizeof from, "<%s>", c->smtp_from);
	snprintf(to, sizeof to, "<%s>", m->address);
	rcpt = curl_slist_append(NULL, to);
	deliver_mime_compose(m, c->smtp_from, time(NULL), &msg);
	struct upload up = { &msg, 0 };

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, c->smtp_url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_USE_SSL,
			 c->smtp_tls && strcmp(c->smtp_tls, "required") == 0 ? (long)CURLUSESSL_ALL
									     : (long)CURLUSESSL_TRY);
	if (c->smtp_user && *c->smtp_user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, c->smtp_user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, pw);
	}
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg.len);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, DELIVER_CONNECT_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, DELIVER_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, out->response);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);

	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK) {
		out->outcome = DELIVER_SENT;
	} else {
		snprintf(out->error, sizeof out->error, "%s (SMTP %ld)", curl_easy_strerror(rc), code);
		/* 5xx to the message or the address: it will never go.  Not to
		 * AUTH (530, 534, 535): that is the settings, fixable. */
		if (code >= 500 && code < 600 && code != 530 && code != 534 && code != 535 &&
		    rc != CURLE_LOGIN_DENIED)
			out->outcome = DELIVER_PERMANENT;
	}
	/* Done with the password: it is not kept in memory between messages. */
	curl_easy_setopt(h, CURLOPT_PASSWORD, "");
	sodium_memzero(pw, sizeof pw);
	curl_slist_free_all(rcpt);
	buf_release(&msg);
}
