/*
 * c-literal.h: for the build-time generators gen-catalog and gen-matrices
 * only (not part of libra): print a string as a C string literal.
 */
#ifndef RA_C_LITERAL_H
#define RA_C_LITERAL_H

#include <stdio.h>

/*
 * One C string literal, every byte that could surprise escaped: quotes,
 * backslashes, '?' (no trigraph can form), controls and non-ASCII.
 */
static inline void
c_literal(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	putchar('"');
	for (; *u != '\0'; u++) {
		if (*u == '\\' || *u == '"' || *u == '?')
			printf("\\%c", *u);
		else if (*u < 0x20 || *u >= 0x7f)
			printf("\\%03o", *u);
		else
			putchar(*u);
	}
	putchar('"');
}

#endif
