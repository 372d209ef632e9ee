/*
 * banned.h - turn unbounded string functions into build errors.
 *
 * Included last by sm.h, after every system header.  Use sm_strlcpy,
 * sm_strlcat, sm_snprintf or struct sm_buf instead.
 */
#ifndef SM_BANNED_H
#define SM_BANNED_H

#define SM_BANNED(func) sorry_##func##_is_banned_use_libsm

#undef strcpy
#define strcpy(x, y) SM_BANNED(strcpy)
#undef strcat
#define strcat(x, y) SM_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) SM_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) SM_BANNED(strncat)
#undef sprintf
#define sprintf(...) SM_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) SM_BANNED(vsprintf)
#undef gets
#define gets(x) SM_BANNED(gets)

#endif
