/*
 * ra_test.h: what every cmocka unit test includes.
 */
#ifndef RA_TEST_H
#define RA_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/*
 * The public corpora (csv-spectrum, the Big List of Naughty Strings) live
 * in ../shared/corpora beside the checkout, or where RA_SHARED points.
 * Tests that need them skip() when they are absent; they are never copied
 * into the repository.
 */
static inline const char *
ra_test_shared(void)
{
	const char *s = getenv("RA_SHARED");

	return s != NULL && *s != '\0' ? s : "../shared";
}

#endif
