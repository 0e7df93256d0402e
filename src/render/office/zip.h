/*
 * zip.h — a small ZIP archive writer for the document formats (.odt).
 *
 * Entries are stored or deflated (zlib, raw deflate) into memory, in the
 * order added — an OpenDocument file needs its "mimetype" entry first and
 * stored.  Every entry carries the same fixed timestamp (1980-01-01), so
 * the same content always gives the same bytes.  No ZIP64: an archive and
 * each entry stay under 2 GiB, and under 65,535 entries (zip_add refuses
 * more).
 */
#ifndef ITBCP_RENDER_OFFICE_ZIP_H
#define ITBCP_RENDER_OFFICE_ZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct zip_entry {
	char *name;
	uint32_t crc, csize, usize, offset;
	uint16_t method; /* 0 stored, 8 deflated */
};

struct zip {
	struct buf out; /* local headers and data so far */
	struct zip_entry *v;
	size_t n, cap;
	bool failed;
};

#define ZIP_INIT { BUF_INIT, NULL, 0, 0, false }

/* Adds name with data[0..len), deflated when compress (and smaller). -1
 * (and the archive marked failed) past the limits above. */
int zip_add(struct zip *z, const char *name, const void *data, size_t len, bool compress);
/* Writes the central directory and hands the archive to out (appended);
 * z is released.  -1 if an earlier zip_add failed. */
int zip_finish(struct zip *z, struct buf *out);
/* Frees z without finishing. */
void zip_release(struct zip *z);

#endif
