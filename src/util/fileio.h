/* fileio.h — writing files so that a crash never leaves half of one. */
#ifndef ITBCP_UTIL_FILEIO_H
#define ITBCP_UTIL_FILEIO_H

#include <stddef.h>

#include "util/err.h"

/* Writes data to path through a temporary file in the same directory,
 * synced and renamed over path, then syncs the directory.  Either the
 * old file or the complete new one is there afterwards.  The new file is
 * readable by its owner only (0600) from its first byte, whatever the
 * umask: exports, documents, wallet cards and the pack hold names and
 * phone numbers. */
int write_file_atomic(const char *path, const void *data, size_t len, struct err *e);

#endif
