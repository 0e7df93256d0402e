/*
 * lsan.h — LSAN_IGNORE_BEGIN() / LSAN_IGNORE_END(): what this thread
 * allocates between them is never reported as a leak by LeakSanitizer.
 * For a library's own leak inside one call we make (render/pdf/pdf.c:
 * cairo finishing a PDF), narrower than a suppression file can say
 * without full stacks.  Nothing at all outside an AddressSanitizer build.
 */
#ifndef ITBCP_UTIL_LSAN_H
#define ITBCP_UTIL_LSAN_H

#if defined(__SANITIZE_ADDRESS__)
#define ITBCP_HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ITBCP_HAVE_LSAN 1
#endif
#endif

#ifdef ITBCP_HAVE_LSAN
#include <sanitizer/lsan_interface.h>
#define LSAN_IGNORE_BEGIN() __lsan_disable()
#define LSAN_IGNORE_END() __lsan_enable()
#else
#define LSAN_IGNORE_BEGIN() ((void)0)
#define LSAN_IGNORE_END() ((void)0)
#endif

#endif
