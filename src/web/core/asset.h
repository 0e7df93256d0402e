/*
 * asset.h — the compiled-in assets (page_asset.c) as the server's fast
 * path (server.c) needs them: each one's name, bytes, type and ETag, the
 * same page_asset() answers with.
 */
#ifndef ITBCP_WEB_CORE_ASSET_H
#define ITBCP_WEB_CORE_ASSET_H

#include <stdbool.h>
#include <stddef.h>

struct asset_info {
	const char *name;           /* below /assets/, e.g. "app.css" */
	const unsigned char *data;  /* the embedded bytes (static) */
	size_t len;
	const char *content_type;
	const char *etag;           /* quoted, static */
};

/* The Cache-Control of an asset (its URLs carry ?v=ETAG). */
#define ASSET_CACHE_CONTROL "public, max-age=31536000, immutable"

/* How many assets are compiled in; fills *out for index i < that count. */
size_t asset_count(void);
void asset_get(size_t i, struct asset_info *out);
/* The index of the asset the URL name (what follows "/assets/") names,
 * or -1 when it is not a plain name or not compiled in. */
int asset_lookup(const char *name);

#endif
