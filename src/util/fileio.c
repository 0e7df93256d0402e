/* fileio.c — see fileio.h. */
#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xalloc.h"

int write_file_atomic(const char *path, const void *data, size_t len, struct err *e)
{
	struct buf tmp = BUF_INIT;
	int fd = -1, rc = -1;
	buf_addf(&tmp, "%s.tmp-XXXXXX", path);
	/* mkstemp opens with O_CREAT | O_EXCL and mode 0600 (POSIX.1-2008):
	 * the file is the owner's alone from its first byte */
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		err_set(e, "%s: %s", path, strerror(errno));
		goto out;
	}
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err_set(e, "%s: %s", path, strerror(errno));
			goto out;
		}
		p += n;
		left -= (size_t)n;
	}
	/* Owner only (issue 17 item 5): exports and documents hold names,
	 * phone numbers and addresses; mkstemp made it 0600 already, and
	 * fchmod keeps it so whatever the umask. */
	if (fchmod(fd, 0600) || fsync(fd)) {
		err_set(e, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (close(fd)) {
		fd = -1;
		err_set(e, "%s: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp.data, path)) {
		err_set(e, "%s: %s", path, strerror(errno));
		goto out;
	}
	/* The rename itself is durable only once the directory is synced. */
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc)
		unlink(tmp.data);
	buf_release(&tmp);
	return rc;
}
