/*
 * ra_level.c: NIST SP 800-30 level names.
 */
#include <string.h>

#include "ra_level.h"

const char *const ra_level_names[] = {
	"very-low", "low", "moderate", "high", "very-high", NULL
};

int
ra_level_parse(const char *s)
{
	int i;

	for (i = 0; i < RA_LEVEL_COUNT; i++)
		if (strcmp(ra_level_names[i], s) == 0)
			return i;
	return -1;
}

int
ra_level_clamp(int level)
{
	if (level < RA_LEVEL_VERY_LOW)
		return RA_LEVEL_VERY_LOW;
	if (level > RA_LEVEL_VERY_HIGH)
		return RA_LEVEL_VERY_HIGH;
	return level;
}
