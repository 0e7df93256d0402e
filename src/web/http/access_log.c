/*
 * access_log.c — the access log's line (access_log.h).
 */
#include "web/http/access_log.h"

#include <string.h>

#include "util/logesc.h"

/* See access_log.h. */
void access_log_path(struct buf *out, const char *path)
{
	if (!path) {
		buf_addc(out, '-');
		return;
	}
	if (strncmp(path, "/c/", 3) == 0) {
		/* The token is the segment after /c/; what follows it (a
		 * trailing part that is not a route) is logged as usual. */
		const char *tok = path + 3;
		size_t n = strcspn(tok, "/");
		buf_adds(out, "/c/");
		logesc_append(out, tok, n < ACCESS_LOG_TOKEN_KEEP ? n : ACCESS_LOG_TOKEN_KEEP,
			      ACCESS_LOG_FIELD_MAX);
		if (n > ACCESS_LOG_TOKEN_KEEP)
			buf_adds(out, "…");
		path = tok + n;
	}
	logesc_append(out, path, strlen(path), ACCESS_LOG_FIELD_MAX);
}

/* See access_log.h. */
void access_log_write(FILE *f, const char *client, const char *method, const char *path,
		      unsigned status, size_t bytes)
{
	struct buf line = BUF_INIT;
	if (client)
		logesc_append(&line, client, strlen(client), 64);
	else
		buf_addc(&line, '-');
	buf_addc(&line, ' ');
	if (method)
		logesc_append(&line, method, strlen(method), 32);
	else
		buf_addc(&line, '-');
	buf_addc(&line, ' ');
	access_log_path(&line, path);
	buf_addf(&line, " %u %zu\n", status, bytes);
	/* One write (stderr is unbuffered), so lines of several threads
	 * do not interleave. */
	fwrite(line.data, 1, line.len, f);
	buf_release(&line);
}
