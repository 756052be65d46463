/*
 * ra_schema.h: the inventory's columns and the values each may hold, and
 * the normalisation that turns what people type into those values.
 *
 * Pure: no I/O.  Every normaliser returns 0 with *out pointing at a static
 * canonical string (or writing into a buffer), or RA_EINVAL with a message
 * that names the accepted values but not the position; callers add
 * "file:line: column: " with ra_error_wrap().  ra-files(5) documents every
 * spelling accepted here.
 */
#ifndef RA_SCHEMA_H
#define RA_SCHEMA_H

#include <stddef.h>

struct ra_buf;

enum ra_column {
	RA_COL_ID,
	RA_COL_NAME,
	RA_COL_CATEGORY,
	RA_COL_LOCATION,
	RA_COL_OWNER,
	RA_COL_VENDOR,
	RA_COL_EPHI,
	RA_COL_RECORDS,
	RA_COL_CRITICALITY,
	RA_COL_ENCRYPTION,
	RA_COL_MFA,
	RA_COL_PATCHED,
	RA_COL_BACKUP,
	RA_COL_BAA,
	RA_COL_STATUS,
	RA_COL_NOTES,
	RA_COL_COUNT
};

/* The column names in file order, NULL-terminated. */
extern const char *const ra_schema_columns[];

/* The categories of DESIGN.md, NULL-terminated. */
extern const char *const ra_schema_categories[];

/* The security attributes' values: yes no partial unknown n/a. */
extern const char *const ra_schema_attribute_values[];

/* The column index of name, or -1 for a column ra does not know. */
int ra_schema_column(const char *name);

/* 1 for encryption, mfa, patched, backup and baa. */
int ra_schema_is_attribute(enum ra_column column);

/* 1 when name is a known category. */
int ra_schema_is_category(const char *name);

/*
 * Normalise value for column into out (cleared first): trimmed text for
 * free-text columns, the canonical spelling for the others.  Free-text
 * columns (name, location, owner, vendor) are trimmed of surrounding
 * spaces; notes are kept exactly.  The id must be a slug; an empty id or
 * name is refused here only when required is set.
 */
int ra_schema_normalise(struct ra_buf *out, enum ra_column column,
    const char *value);

/*
 * A slug made from text: lowercase ASCII letters and digits, every other
 * run of bytes one '-', trimmed, at most 64 bytes.  Empty when text has
 * no letter or digit.
 */
int ra_schema_slugify(struct ra_buf *out, const char *text);

/* 1 when the normalised ephi value includes the use ("store", ...). */
int ra_schema_ephi_has(const char *ephi, const char *use);

#endif
