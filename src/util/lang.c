/* lang.c — see lang.h. */
#include "util/lang.h"

#include <string.h>

int lang_parse(const char *s)
{
	if (!s)
		return -1;
	if (strncmp(s, "ja", 2) == 0)
		return LANG_JA;
	if (strncmp(s, "en", 2) == 0)
		return LANG_EN;
	return -1;
}
