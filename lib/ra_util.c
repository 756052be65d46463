/*
 * ra_util.c: edit distance, slugs and UTF-8 validation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ra_util.h"

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * Optimal string alignment distance: insertions, deletions,
 * substitutions and transpositions of two neighbours ("emial" is one
 * step from "email"), the typos people make in keys and categories.
 */
size_t
ra_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, result;
	size_t *base, *prev2, *prev, *row, *tmp;

	if (la == 0)
		return lb;
	if (lb == 0)
		return la;
	/* Names compared here are short; anything long is simply far. */
	if (la > 256 || lb > 256)
		return la > lb ? la : lb;
	if ((base = calloc(3 * (lb + 1), sizeof(*base))) == NULL)
		return SIZE_MAX;
	prev2 = base;
	prev = prev2 + lb + 1;
	row = prev + lb + 1;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			int ca = lower((unsigned char)a[i - 1]);
			int cb = lower((unsigned char)b[j - 1]);
			size_t best = prev[j - 1] + (ca != cb);

			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (i > 1 && j > 1 &&
			    ca == lower((unsigned char)b[j - 2]) &&
			    lower((unsigned char)a[i - 2]) == cb &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			row[j] = best;
		}
		tmp = prev2;
		prev2 = prev;
		prev = row;
		row = tmp;
	}
	result = prev[lb];
	free(base);
	return result;
}

const char *
ra_nearest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	size_t best_distance = SIZE_MAX, limit;

	limit = strlen(word) / 3;
	if (limit < 1)
		limit = 1;
	for (; *candidates != NULL; candidates++) {
		size_t d = ra_edit_distance(word, *candidates);

		if (d < best_distance) {
			best_distance = d;
			best = *candidates;
		}
	}
	return best_distance <= limit ? best : NULL;
}

int
ra_is_slug(const char *s)
{
	size_t i;

	if (s == NULL || !((s[0] >= 'a' && s[0] <= 'z') ||
	    (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		char c = s[i];

		if (i >= 64)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

size_t
ra_utf8_check(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t need, k;
		uint32_t cp;

		/* Fast path: eight ASCII bytes at a time. */
		if (c < 0x80) {
			if (i + 8 <= len) {
				uint64_t w;

				memcpy(&w, s + i, 8);
				if ((w & 0x8080808080808080ULL) == 0) {
					i += 8;
					continue;
				}
			}
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else
			return i;
		if (i + need >= len)
			return i;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += need + 1;
	}
	return len;
}

int
ra_utf8_valid(const char *s, size_t len)
{
	return ra_utf8_check(s, len) == len;
}

int
ra_streq_nocase(const char *a, const char *b)
{
	while (*a != '\0' && *b != '\0') {
		if (lower((unsigned char)*a) != lower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
	return *a == *b;
}
