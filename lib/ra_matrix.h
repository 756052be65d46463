/*
 * ra_matrix.h: risk matrices: likelihood x impact -> risk level, and the
 * collapse of a matrix's risk levels to the three levels (low, medium,
 * high) that the report and the plan speak.
 *
 * A matrix is data, not code.  Its likelihood and impact axes are the five
 * NIST SP 800-30 levels that the scoring derives (ra_level.h); its risk
 * levels are its own, lowest first.  The built-in `default` (NIST SP 800-30
 * Table I-2 collapsed to low, medium, high) and `nist` (Table I-2 itself)
 * are lib/matrices/default.yaml and nist.yaml, embedded at build time; any
 * other is loaded from a matrix.yaml in the same format (ra-files(5)).
 * Loading refuses a missing cell, an unknown level and a grid in which
 * risk decreases as likelihood or impact increases, naming file and line.
 * Lookups are pure.
 */
#ifndef RA_MATRIX_H
#define RA_MATRIX_H

#include <stddef.h>

#include "ra_level.h"

/* Most risk levels a matrix may have. */
#define RA_MATRIX_LEVELS_MAX 16

/* The three levels of the report and the plan. */
enum ra_plan_level {
	RA_PLAN_LOW,
	RA_PLAN_MEDIUM,
	RA_PLAN_HIGH
};

/* "low", "medium", "high", NULL-terminated. */
extern const char *const ra_plan_level_names[];

struct ra_matrix {
	char *name;			/* "default", "nist", or as given */
	char *description;		/* may be "" */
	size_t nlevels;			/* risk levels,
					   1..RA_MATRIX_LEVELS_MAX */
	char *levels[RA_MATRIX_LEVELS_MAX + 1];	/* lowest first,
						   NULL-ended */
	/* grid[likelihood][impact]: index into levels. */
	int grid[RA_LEVEL_COUNT][RA_LEVEL_COUNT];
	/* collapse[risk]: an enum ra_plan_level. */
	int collapse[RA_MATRIX_LEVELS_MAX];
};

/*
 * One of the built-in matrices by name ("default" or "nist").
 * RA_ENOTFOUND when there is none of that name.  Free with
 * ra_matrix_free().
 */
int ra_matrix_builtin(struct ra_matrix **out, const char *name);

/*
 * Load the matrix file at path; name is what messages call it (NULL: path
 * itself) and becomes the matrix's name unless the file has a `name:`.
 * RA_ENOTFOUND when absent; RA_EINVAL with "file:line: key: what" when
 * wrong.
 */
int ra_matrix_load_file(struct ra_matrix **out, const char *path,
    const char *name);

/* The same for len bytes of text (used for the built-ins and tests). */
int ra_matrix_load_buffer(struct ra_matrix **out, const char *text,
    size_t len, const char *name);

void ra_matrix_free(struct ra_matrix *m);

/* The risk level index for likelihood and impact (both 0..4). */
int ra_matrix_risk(const struct ra_matrix *m, int likelihood, int impact);

/* The index of the risk level called s, or -1. */
int ra_matrix_level_parse(const struct ra_matrix *m, const char *s);

/*
 * Append the matrix's risk levels to out as "low, medium or high", for
 * messages.  0 or RA_ENOMEM.
 */
struct ra_buf;
int ra_matrix_levels_text(struct ra_buf *out, const struct ra_matrix *m);

#endif
