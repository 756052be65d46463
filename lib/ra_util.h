/*
 * ra_util.h: small text helpers shared by the modules.
 */
#ifndef RA_UTIL_H
#define RA_UTIL_H

#include <stddef.h>

/* Levenshtein distance between a and b (bytes, case-insensitive for ASCII). */
size_t ra_edit_distance(const char *a, const char *b);

/*
 * The candidate nearest to word, or NULL when none is close enough to be
 * worth suggesting (distance more than a third of the word, at least 1).
 * candidates is NULL-terminated.
 */
const char *ra_nearest(const char *word, const char *const *candidates);

/* 1 when s is a slug: [a-z0-9] then [a-z0-9._-]*, at most 64 bytes. */
int ra_is_slug(const char *s);

/* 1 when the len bytes at s are valid UTF-8 (no overlongs or surrogates). */
int ra_utf8_valid(const char *s, size_t len);

/* Offset of the first invalid UTF-8 byte, or len when all are valid. */
size_t ra_utf8_check(const char *s, size_t len);

/* ASCII case-insensitive equality. */
int ra_streq_nocase(const char *a, const char *b);

#endif
