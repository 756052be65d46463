/*
 * ra_practice.h: practice.yaml and safeguards.yaml, loaded and validated
 * against their schema (ra-files(5)), and the commented practice.yaml
 * that `ra-inventory init` writes.
 */
#ifndef RA_PRACTICE_H
#define RA_PRACTICE_H

#include <stddef.h>

#include "ra_date.h"

struct ra_buf;

struct ra_person {
	char *name;
	char *email;
	char *organization;		/* assessor only */
};

struct ra_location {
	char *id;			/* may be "" */
	char *name;
	char *address;
};

/* Due-date rule for one level: days, or RA_DUE_NEXT_REVIEW. */
#define RA_DUE_NEXT_REVIEW (-1L)

struct ra_practice {
	char *id;
	char *name;
	size_t nlocations;
	struct ra_location *locations;
	long workforce;			/* -1 when not given */
	struct ra_person security_official;
	struct ra_person privacy_official;
	struct ra_person assessor;
	char *scope_in;
	char *scope_out;
	int reviews[12];		/* months, ascending */
	size_t nreviews;
	char *matrix;			/* "default", "nist" or a file
					   name */
	long due_high, due_medium, due_low;
};

/*
 * Load and validate practice.yaml at path (name is what messages call it).
 * RA_ENOTFOUND when absent; RA_EINVAL with "file:line: key: ..." when a
 * value is wrong.  Defaults: reviews 3, 6, 9, 12; matrix default; due
 * high next-review, medium 180, low 365.
 */
int ra_practice_load(struct ra_practice **out, const char *path,
    const char *name);

void ra_practice_free(struct ra_practice *p);

/*
 * The date of the next quarterly review strictly after today: the first
 * day of the next review month.
 */
void ra_practice_next_review(struct ra_date *out, const struct ra_practice *p,
    const struct ra_date *today);

/*
 * Append the practice.yaml that init writes: every key, short comments,
 * values quoted where YAML could misread them.
 */
int ra_practice_template(struct ra_buf *out, const char *id, const char *name);

enum ra_effectiveness {
	RA_EFFECT_NONE,
	RA_EFFECT_DOCUMENTED,	/* a policy on paper only */
	RA_EFFECT_PARTIAL,
	RA_EFFECT_ENFORCED	/* a technical control */
};

/* "none", "documented", "partial", "enforced", NULL-terminated. */
extern const char *const ra_effectiveness_names[];

struct ra_safeguard {
	char *id;
	char *name;
	char **applies_to;		/* asset ids, categories or "all" */
	size_t napplies_to;
	enum ra_effectiveness effectiveness;
	char *evidence;
	char **mitigates;		/* vulnerability ids */
	size_t nmitigates;
	char *reviewed;			/* YYYY-MM-DD or "" */
	char *notes;
	unsigned long line;		/* where it starts in the file */
};

struct ra_safeguards {
	char *name;			/* file name used in messages */
	size_t n;
	struct ra_safeguard *items;
};

/*
 * Load and validate safeguards.yaml.  An absent file is RA_ENOTFOUND; an
 * empty file or "safeguards: []" gives no safeguards.  Duplicate ids are
 * refused with both lines.
 */
int ra_safeguards_load(struct ra_safeguards **out, const char *path,
    const char *name);

void ra_safeguards_free(struct ra_safeguards *s);

/* The commented safeguards.yaml that init writes. */
int ra_safeguards_template(struct ra_buf *out);

#endif
