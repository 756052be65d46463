/*
 * ra_level.h: the five NIST SP 800-30 Rev. 1 levels, as files write them.
 */
#ifndef RA_LEVEL_H
#define RA_LEVEL_H

enum ra_level {
	RA_LEVEL_VERY_LOW,
	RA_LEVEL_LOW,
	RA_LEVEL_MODERATE,
	RA_LEVEL_HIGH,
	RA_LEVEL_VERY_HIGH
};

#define RA_LEVEL_COUNT 5

/* "very-low", "low", "moderate", "high", "very-high", NULL-terminated. */
extern const char *const ra_level_names[];

/* The level named s, or -1. */
int ra_level_parse(const char *s);

/* s's level clamped into [very-low, very-high]. */
int ra_level_clamp(int level);

#endif
