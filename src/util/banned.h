/*
 * banned.h — functions this code base does not call, refused by the
 * compiler.  The Makefile force-includes this header first in every file
 * of src/ (-include), as git does with its banned.h, so no file can
 * forget it.
 *
 * Why each is banned: strcpy, strcat, sprintf and vsprintf write without a
 * bound; strncpy and strncat look bounded but leave a string unterminated
 * or take a bound that is not the buffer's size; gets cannot be used
 * safely at all; strtok keeps hidden state shared between threads.  Use
 * struct buf (util/buf.h), snprintf, or strtok_r.
 *
 * The system headers that declare them are included first, so their own
 * declarations are read before the names are taken away.
 */
#ifndef ITBCP_UTIL_BANNED_H
#define ITBCP_UTIL_BANNED_H

#include <stdio.h>
#include <string.h>

#define BANNED(func) sorry_##func##_is_banned_use_struct_buf

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef strtok
#define strtok(x, y) BANNED(strtok)

#endif
