/*
 * ra_catalog.h: the threat catalog: asset categories, threats,
 * vulnerabilities, safeguards, and the rules that turn inventory attributes
 * into vulnerabilities.
 *
 * The built-in catalog is lib/catalog/catalog.yaml, embedded in the
 * library at build time, so the tools need no installed data file.  A
 * practice's catalog.yaml (or --catalog FILE) in the same format adds
 * entries and replaces built-in ones with the same id.  Loading validates
 * the format with file:line messages; ra_catalog_validate() then checks
 * that every id referenced exists.  The format is in ra-files(5).
 */
#ifndef RA_CATALOG_H
#define RA_CATALOG_H

#include <stddef.h>

#include "ra_level.h"

struct ra_strings {
	char **items;
	size_t n;
};

/* Where an entry was defined, for messages. */
struct ra_origin {
	const char *file;		/* borrowed from the catalog */
	unsigned long line;
};

struct ra_category {
	char *id;
	char *name;
	int ephi;			/* assets of it normally hold ePHI */
	struct ra_strings threats;
	struct ra_strings vulnerabilities;
	struct ra_strings cite;
	struct ra_origin origin;
};

enum ra_threat_source {
	RA_SOURCE_ADVERSARIAL,
	RA_SOURCE_ACCIDENTAL,
	RA_SOURCE_STRUCTURAL,
	RA_SOURCE_ENVIRONMENTAL
};

extern const char *const ra_threat_source_names[];

/* Downtime is none or low..high; none is -1. */
#define RA_DOWNTIME_NONE (-1)

struct ra_threat {
	char *id;
	char *name;
	enum ra_threat_source source;
	int hicp;			/* HICP 2023 threat 1..5, 0 for none */
	enum ra_level likelihood;	/* base likelihood, small practice */
	int exposes;			/* can disclose the asset's
					   records */
	enum ra_level financial;	/* financial consequence */
	int downtime;			/* RA_DOWNTIME_NONE or a level */
	int disposal;			/* still applies to disposed
					   assets */
	int retired;			/* applies to retired assets that
					   still store ePHI */
	struct ra_strings cite;
	char *description;
	struct ra_origin origin;
};

struct ra_vulnerability {
	char *id;
	char *name;
	char *sra;			/* "SRA-V4.6" or "" */
	struct ra_strings threats;
	struct ra_strings cite;
	struct ra_strings remediation;
	struct ra_origin origin;
};

enum ra_safeguard_type {
	RA_SAFEGUARD_POLICY,
	RA_SAFEGUARD_MANUAL,
	RA_SAFEGUARD_TECHNICAL
};

extern const char *const ra_safeguard_type_names[];

struct ra_catalog_safeguard {
	char *id;
	char *name;
	enum ra_safeguard_type type;
	struct ra_strings mitigates;
	struct ra_strings cite;
	struct ra_strings hicp;
	struct ra_origin origin;
};

struct ra_rule {
	int attribute;			/* RA_COL_ENCRYPTION.. or -1
					   (inherent) */
	struct ra_strings categories;
	char *vulnerability;
	struct ra_origin origin;
};

struct ra_catalog {
	struct ra_category *categories;
	size_t ncategories;
	struct ra_threat *threats;
	size_t nthreats;
	struct ra_vulnerability *vulnerabilities;
	size_t nvulnerabilities;
	struct ra_catalog_safeguard *safeguards;
	size_t nsafeguards;
	struct ra_rule *rules;
	size_t nrules;
	struct ra_strings files;	/* names of the files loaded */
};

/* A catalog holding the built-in entries.  Free with ra_catalog_free(). */
int ra_catalog_load_builtin(struct ra_catalog **out);

/*
 * The catalog a tool works with.  When path names no file (and required
 * is 0) it is the built-in catalog itself, read-only and shared, made at
 * build time: nothing is copied, parsed or freed, so a tool starts at once.
 * Otherwise it is a copy of the built-in catalog extended by the file and
 * validated; *owned is set to that copy, for ra_catalog_free(), and is
 * NULL for the built-in one.  A missing file with required set is
 * RA_ENOTFOUND.
 */
int ra_catalog_open(const struct ra_catalog **out, struct ra_catalog **owned,
    const char *path, const char *name, int required);

/*
 * Add the entries of the catalog file at path (name: what messages call
 * it); an entry whose id exists replaces it, a rule is added.  Categories
 * must be ones ra knows (ra-files(5)).  RA_ENOTFOUND when absent.
 */
int ra_catalog_add_file(struct ra_catalog *cat, const char *path,
    const char *name);

/* The same for len bytes of text (used for the built-in catalog and tests). */
int ra_catalog_add_buffer(struct ra_catalog *cat, const char *text,
    size_t len, const char *name);

/*
 * Check the whole catalog: every id referenced exists, every known
 * category is defined and has threats, every category threat is enabled
 * by a vulnerability that can apply to the category, every vulnerability
 * has a remediation and a citation.  The first problem is RA_EINVAL with
 * the file and line of the entry that refers to the missing id.
 */
int ra_catalog_validate(const struct ra_catalog *cat);

/* Lookups by id; NULL when absent.  Binary search after validate/sort. */
const struct ra_category *ra_catalog_category(const struct ra_catalog *cat,
    const char *id);
const struct ra_threat *ra_catalog_threat(const struct ra_catalog *cat,
    const char *id);
const struct ra_vulnerability *ra_catalog_vulnerability(
    const struct ra_catalog *cat, const char *id);
const struct ra_catalog_safeguard *ra_catalog_safeguard(
    const struct ra_catalog *cat, const char *id);

/* 1 when list holds s. */
int ra_strings_has(const struct ra_strings *list, const char *s);

void ra_catalog_free(struct ra_catalog *cat);

#endif
