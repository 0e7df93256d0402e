/*
 * zip.c — see zip.h.  The format is PKWARE's APPNOTE: per entry a local
 * file header and the data, then one central directory record per entry
 * and the end-of-central-directory record.  zlib gives the CRC-32 and the
 * raw deflate stream.
 */
#include "render/office/zip.h"

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "util/xalloc.h"

#define DOS_DATE ((0u << 9) | (1u << 5) | 1u) /* 1980-01-01 */
#define DOS_TIME 0u

/* Little-endian integers. */
static void put16(struct buf *b, uint32_t v)
{
	unsigned char x[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
	buf_add(b, x, 2);
}

static void put32(struct buf *b, uint32_t v)
{
	unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };
	buf_add(b, x, 4);
}

/* data deflated raw into out; -1 when zlib fails. */
static int deflate_raw(const void *data, size_t len, struct buf *out)
{
	z_stream s;
	memset(&s, 0, sizeof s);
	if (deflateInit2(&s, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	uLong bound = deflateBound(&s, (uLong)len);
	unsigned char *dst = xmalloc(bound ? bound : 1);
	s.next_in = (Bytef *)(uintptr_t)data;
	s.avail_in = (uInt)len;
	s.next_out = dst;
	s.avail_out = (uInt)bound;
	int rc = deflate(&s, Z_FINISH);
	if (rc == Z_STREAM_END)
		buf_add(out, dst, s.total_out);
	deflateEnd(&s);
	free(dst);
	return rc == Z_STREAM_END ? 0 : -1;
}

int zip_add(struct zip *z, const char *name, const void *data, size_t len, bool compress)
{
	if (z->failed || len > UINT32_MAX / 2 || z->out.len > UINT32_MAX / 2 || z->n >= 65535) {
		z->failed = true;
		return -1;
	}
	struct buf packed = BUF_INIT;
	uint16_t method = 0;
	if (compress && len > 0 && deflate_raw(data, len, &packed) == 0 && packed.len < len)
		method = 8;
	const void *body = method ? packed.data : data;
	size_t body_len = method ? packed.len : len;

	z->v = xgrow(z->v, &z->cap, z->n + 1, sizeof *z->v);
	struct zip_entry *e = &z->v[z->n++];
	e->name = xstrdup(name);
	e->crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)data, (uInt)len);
	e->csize = (uint32_t)body_len;
	e->usize = (uint32_t)len;
	e->offset = (uint32_t)z->out.len;
	e->method = method;

	size_t nlen = strlen(name);
	put32(&z->out, 0x04034b50);
	put16(&z->out, 20);        /* version needed: 2.0 */
	put16(&z->out, 1u << 11);  /* names are UTF-8 */
	put16(&z->out, method);
	put16(&z->out, DOS_TIME);
	put16(&z->out, DOS_DATE);
	put32(&z->out, e->crc);
	put32(&z->out, e->csize);
	put32(&z->out, e->usize);
	put16(&z->out, (uint32_t)nlen);
	put16(&z->out, 0);         /* no extra field */
	buf_add(&z->out, name, nlen);
	buf_add(&z->out, body, body_len);
	buf_release(&packed);
	return 0;
}

int zip_finish(struct zip *z, struct buf *out)
{
	if (z->failed) {
		zip_release(z);
		return -1;
	}
	uint32_t cd_start = (uint32_t)z->out.len;
	for (size_t i = 0; i < z->n; i++) {
		const struct zip_entry *e = &z->v[i];
		size_t nlen = strlen(e->name);
		put32(&z->out, 0x02014b50);
		put16(&z->out, (3u << 8) | 20); /* made by: Unix, 2.0 */
		put16(&z->out, 20);
		put16(&z->out, 1u << 11);
		put16(&z->out, e->method);
		put16(&z->out, DOS_TIME);
		put16(&z->out, DOS_DATE);
		put32(&z->out, e->crc);
		put32(&z->out, e->csize);
		put32(&z->out, e->usize);
		put16(&z->out, (uint32_t)nlen);
		put16(&z->out, 0); /* extra */
		put16(&z->out, 0); /* comment */
		put16(&z->out, 0); /* disk */
		put16(&z->out, 0); /* internal attributes */
		put32(&z->out, 0100644u << 16); /* external: a regular file, rw-r--r-- */
		put32(&z->out, e->offset);
		buf_add(&z->out, e->name, nlen);
	}
	uint32_t cd_len = (uint32_t)z->out.len - cd_start;
	put32(&z->out, 0x06054b50);
	put16(&z->out, 0);
	put16(&z->out, 0);
	put16(&z->out, (uint32_t)z->n);
	put16(&z->out, (uint32_t)z->n);
	put32(&z->out, cd_len);
	put32(&z->out, cd_start);
	put16(&z->out, 0);
	buf_add(out, z->out.data, z->out.len);
	zip_release(z);
	return 0;
}

void zip_release(struct zip *z)
{
	for (size_t i = 0; i < z->n; i++)
		free(z->v[i].name);
	free(z->v);
	buf_release(&z->out);
	*z = (struct zip)ZIP_INIT;
}
