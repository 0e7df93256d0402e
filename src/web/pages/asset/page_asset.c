/*
 * page_asset.c — the compiled-in files under src/web/assets/ at /assets/.
 *
 * Each is served from the binary's memory with an ETag (a BLAKE2b prefix
 * of its bytes) and cached for a year: pages link to "/assets/NAME?v=ETAG",
 * so a new build changes the URL.  A name is looked up only when it is a
 * plain relative path (letters, digits, . _ - and single slashes, no dot
 * segments), so no URL can reach anything but an asset.
 */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "util/embedded.h"
#include "util/xalloc.h"
#include "web/core/asset.h"
#include "web/core/page.h"
#include "web/core/route.h"

#define ASSET_PREFIX "web/assets/"
#define ASSETS_MAX 64

/* The ETags, computed once from the compiled-in bytes (immutable after). */
static struct {
	const struct embedded_file *f;
	char etag[20]; /* "\"" 16 hex "\"" */
} etags[ASSETS_MAX];
static size_t n_etags;
static pthread_once_t etags_once = PTHREAD_ONCE_INIT;

/* Fills etags[] for every embedded asset. */
static void compute_etags(void)
{
	if (sodium_init() < 0)
		return;
	for (size_t i = 0; i < embedded_n_files && n_etags < ASSETS_MAX; i++) {
		const struct embedded_file *f = &embedded_files[i];
		if (strncmp(f->name, ASSET_PREFIX, strlen(ASSET_PREFIX)) != 0)
			continue;
		unsigned char h[8];
		char hex[17];
		crypto_generichash(h, sizeof h, f->data, f->len, NULL, 0);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		etags[n_etags].f = f;
		etags[n_etags].etag[0] = '"';
		memcpy(etags[n_etags].etag + 1, hex, 16);
		etags[n_etags].etag[17] = '"';
		etags[n_etags].etag[18] = '\0';
		n_etags++;
	}
}

/* The entry of an asset by its name below assets/, or -1. */
static int find_asset(const char *name)
{
	pthread_once(&etags_once, compute_etags);
	size_t plen = strlen(ASSET_PREFIX);
	for (size_t i = 0; i < n_etags; i++)
		if (strcmp(etags[i].f->name + plen, name) == 0)
			return (int)i;
	return -1;
}

const char *page_asset_url(struct req *r, const char *name)
{
	int i = find_asset(name);
	if (i < 0)
		BUG("asset %s is not compiled in", name);
	/* The ETag without its quotes. */
	return arena_printf(&r->arena, "/assets/%s?v=%.16s", name, etags[i].etag + 1);
}

/* True for a plain relative asset name. */
static bool name_ok(const char *s)
{
	if (!*s || *s == '/' || *s == '.')
		return false;
	for (const char *p = s; *p; p++) {
		char c = *p;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			     c == '-' || c == '_';
		if (plain)
			continue;
		if (c == '.' && p[1] != '.' && p[-1] != '/')
			continue;
		if (c == '/' && p[1] && p[1] != '/' && p[1] != '.')
			continue;
		return false;
	}
	return true;
}

/* The Content-Type of a file name. */
static const char *content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".woff2", "font/woff2" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* GET /assets/NAME: the file, or 304 when the browser has it. */
int page_asset(struct req *r)
{
	const char *name = r->params[0];
	int i = name_ok(name) ? find_asset(name) : -1;
	if (i < 0) {
		route_error(r, name_ok(name) ? 404 : 400, NULL);
		return 0;
	}
	const char *etag = etags[i].etag;
	req_set_header(r, "ETag", etag);
	req_set_header(r, "Cache-Control", ASSET_CACHE_CONTROL);
	const char *inm = req_header(r, "If-None-Match");
	if (inm && strstr(inm, etag)) {
		r->status = 304;
		r->static_body = (const unsigned char *)"";
		r->static_len = 0;
		return 0;
	}
	r->content_type = content_type(name);
	r->static_body = etags[i].f->data;
	r->static_len = etags[i].f->len;
	return 0;
}

size_t asset_count(void)
{
	pthread_once(&etags_once, compute_etags);
	return n_etags;
}

void asset_get(size_t i, struct asset_info *out)
{
	pthread_once(&etags_once, compute_etags);
	if (i >= n_etags)
		BUG("asset %zu of %zu", i, n_etags);
	const char *name = etags[i].f->name + strlen(ASSET_PREFIX);
	*out = (struct asset_info){ name, etags[i].f->data, etags[i].f->len, content_type(name),
				    etags[i].etag };
}

int asset_lookup(const char *name)
{
	return name_ok(name) ? find_asset(name) : -1;
}
