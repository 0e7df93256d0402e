/*
 * app_jma_fetch.c — see app_jma_fetch.h.  libcurl's easy interface, one
 * handle per GET (a poll makes a handful, a minute apart: no pool to keep).
 */
#include "app/app_jma_fetch.h"

#include <curl/curl.h>
#include <string.h>
#include <strings.h>

#define USER_AGENT "itbcp-jma-watch/0.1 (+https://www.data.jma.go.jp/developer/xml/)"

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct app_jma_fetch *f = arg;
	if (buf_add(&f->body, p, size * n))
		return 0; /* over the cap: libcurl ends the transfer */
	return size * n;
}

/* Keeps the value of header name (case-insensitive) into out, trimmed. */
static void header_value(const char *line, size_t len, const char *name, char *out, size_t cap)
{
	size_t nl = strlen(name);
	if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return;
	const char *v = line + nl + 1;
	const char *end = line + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	size_t vl = (size_t)(end - v);
	if (vl >= cap)
		vl = 0; /* too long to be a validator we send back */
	memcpy(out, v, vl);
	out[vl] = '\0';
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct app_jma_fetch *f = arg;
	size_t len = size * n;
	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) /* a new response (after 100 Continue) */
		f->last_modified[0] = f->etag[0] = '\0';
	header_value(p, len, "Last-Modified", f->last_modified, sizeof f->last_modified);
	header_value(p, len, "ETag", f->etag, sizeof f->etag);
	return len;
}

static int on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	(void)dt, (void)dn, (void)ut, (void)un;
	struct app_jma_fetch *f = arg;
	return f->stop && atomic_load(f->stop) ? 1 : 0;
}

/* See app_jma_fetch.h. */
int app_jma_fetch(const char *url, size_t max, const char *ims, const char *inm, long timeout,
		  atomic_int *stop, enum lang lang, struct app_jma_fetch *f, struct err *e)
{
	buf_init(&f->body, max);
	f->status = 0;
	f->last_modified[0] = f->etag[0] = '\0';
	f->stop = stop;
	CURL *c = curl_easy_init();
	if (!c)
		return err_set(e, "%s: %s", url, L(lang, "libcurl を初期化できません", "libcurl did not start"));
	struct curl_slist *hdr = NULL;
	char line[APP_JMA_VALIDATOR_MAX + 32];
	if (ims && ims[0]) {
		snprintf(line, sizeof line, "If-Modified-Since: %s", ims);
		hdr = curl_slist_append(hdr, line);
	}
	if (inm && inm[0]) {
		snprintf(line, sizeof line, "If-None-Match: %s", inm);
		hdr = curl_slist_append(hdr, line);
	}
	long connect = timeout < APP_JMA_CONNECT_MAX ? timeout : APP_JMA_CONNECT_MAX;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, connect);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* what libcurl can decode; the cap counts decoded bytes */
	curl_easy_setopt(c, CURLOPT_USERAGENT, USER_AGENT);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, f);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, f);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdr);
	if (f->body.overflow || rc == CURLE_FILESIZE_EXCEEDED)
		return err_set(e, "%s: %s %zu %s", url, L(lang, "応答が大きすぎます（上限", "answer too large (limit"),
			       max, L(lang, "バイト）", "bytes)"));
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return err_set(e, "%s: %s %ld %s", url, L(lang, "時間切れ（", "timed out after"), timeout,
			       L(lang, "秒）", "s"));
	if (rc == CURLE_ABORTED_BY_CALLBACK)
		return err_set(e, "%s: %s", url, L(lang, "停止のため中断しました", "stopped"));
	if (rc != CURLE_OK)
		return err_set(e, "%s: %s", url, curl_easy_strerror(rc));
	return 0;
}

/* See app_jma_fetch.h. */
void app_jma_fetch_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* See app_jma_fetch.h. */
void app_jma_fetch_global_cleanup(void)
{
	curl_global_cleanup();
}
