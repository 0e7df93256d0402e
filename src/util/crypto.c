/* crypto.c — see crypto.h. */
#include "util/crypto.h"

#include <pthread.h>
#include <sodium.h>

#include "util/xalloc.h"

static void init_once(void)
{
	if (sodium_init() < 0)
		BUG("libsodium cannot be initialised");
}

void crypto_ready(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init_once);
}
