/*
 * deliver_webhook.c — one message as a JSON POST (deliver_send.h), for a
 * chat system or an SMS gateway the agency already has:
 *     {"text": …, "person": …, "link": …, "incident": N|null, "kind": …, "id": …}
 * id is the mail's Message-ID, so a receiver can drop a duplicate after a
 * crash (it is also sent as the header Idempotency-Key).  2xx is
 * accepted; 4xx other than 408 and 429 will never be: failed for good;
 * anything else is tried again.  Redirects are not followed.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deliver/deliver_mime.h"
#include "deliver/deliver_send.h"
#include "util/buf.h"

/* Keeps the first bytes of the answer's body. */
static size_t write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct buf *b = arg;
	size_t n = size * nmemb;
	if (b->len < 160)
		buf_add(b, data, n < 160 - b->len ? n : 160 - b->len);
	return n;
}

/* See deliver_send.h. */
void deliver_webhook_send(CURL *h, const struct deliver_config *c, const struct outbox_msg *m,
			  struct deliver_result *out)
{
	struct buf id = BUF_INIT, answer = BUF_INIT, idem = BUF_INIT;
	memset(out, 0, sizeof *out);
	out->outcome = DELIVER_RETRY;
	deliver_mime_message_id(m, c->smtp_from ? c->smtp_from : "itbcp@localhost", &id);
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s}", "text", m->body, "person",
			      m->person, "link", m->link, "incident",
			      m->incident == NO_VALUE ? json_null() : json_integer(m->incident),
			      "kind", m->kind, "id", id.data);
	char *body = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!body) {
		out->outcome = DELIVER_PERMANENT;
		snprintf(out->error, sizeof out->error, "text is not valid UTF-8");
		buf_release(&id);
		return;
	}
	buf_addf(&idem, "Idempotency-Key: %s", id.data);
	struct curl_slist *hdr =
		curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
	hdr = curl_slist_append(hdr, idem.data);

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, m->address);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "itbcp");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, DELIVER_CONNECT_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, DELIVER_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);

	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	/* The answer as one line: status and the start of its body. */
	snprintf(out->response, sizeof out->response, "HTTP %ld %s", code, answer.data);
	for (char *p = out->response; *p; p++)
		if (*p == '\r' || *p == '\n' || *p == '\t')
			*p = ' ';
	if (rc != CURLE_OK)
		snprintf(out->error, sizeof out->error, "%s", curl_easy_strerror(rc));
	else if (code >= 200 && code < 300)
		out->outcome = DELIVER_SENT;
	else {
		snprintf(out->error, sizeof out->error, "HTTP status %ld", code);
		if (code >= 400 && code < 500 && code != 408 && code != 429)
			out->outcome = DELIVER_PERMANENT;
	}
	curl_slist_free_all(hdr);
	free(body);
	buf_release(&id);
	buf_release(&idem);
	buf_release(&answer);
}
