/*
 * ra_yaml.h: a strict YAML loader and a safe scalar writer.
 *
 * The loader reads one document with libyaml's event API into a small
 * tree.  It refuses what ra's files never need and what makes YAML
 * dangerous or ambiguous: more than one document, anchors, aliases, merge
 * keys (<<), tags, nesting deeper than RA_YAML_DEPTH_MAX, duplicate keys
 * (naming both lines), non-scalar keys, files over RA_YAML_FILE_MAX and
 * scalars over RA_YAML_SCALAR_MAX.  It does no type guessing: every scalar
 * is text, and the typed getters below apply the schema the caller asks
 * for, so "No", "0755" and "2001-12-14" stay strings where strings are
 * expected, and booleans are only true and false.
 *
 * Every error has the form "file:line: path.to.key: what is wrong".
 */
#ifndef RA_YAML_H
#define RA_YAML_H

#include <stddef.h>

struct ra_buf;

#define RA_YAML_DEPTH_MAX 64
#define RA_YAML_FILE_MAX (16L * 1024 * 1024)
#define RA_YAML_SCALAR_MAX (64 * 1024)

enum ra_yaml_kind {
	RA_YAML_SCALAR,
	RA_YAML_SEQUENCE,
	RA_YAML_MAPPING
};

struct ra_yaml_node {
	enum ra_yaml_kind kind;
	unsigned long line;		/* 1-based line where the node
					   starts */
	/* scalars */
	const char *value;		/* NUL-terminated text */
	size_t len;
	int plain;			/* 1 when written without quotes */
	/* sequences and mappings */
	size_t n;			/* items, or key/value pairs */
	struct ra_yaml_node **keys;	/* mappings: the key scalars */
	struct ra_yaml_node **items;	/* sequence items, or mapping
					   values */
};

struct ra_yaml_doc {
	const char *name;		/* file name used in messages */
	struct ra_yaml_node *root;	/* NULL for an empty document */
	void *arena;			/* private */
};

/*
 * Load path; name is what messages call it (NULL: path itself).  An
 * absent file is RA_ENOTFOUND ("name: no such file").  *out is freed with
 * ra_yaml_doc_free().
 */
int ra_yaml_load_file(struct ra_yaml_doc **out, const char *path,
    const char *name);

/* Load len bytes of buf; name is what messages call it. */
int ra_yaml_load_buffer(struct ra_yaml_doc **out, const char *buf, size_t len,
    const char *name);

void ra_yaml_doc_free(struct ra_yaml_doc *doc);

/*
 * Schema helpers.  path is the dotted path shown in messages
 * ("safeguards[2].effectiveness").  Each returns 0 or RA_EINVAL with the
 * message set; none of them accept a NULL node except where said.
 */

/* The value of key in mapping map, or NULL when absent (map may be NULL). */
const struct ra_yaml_node *ra_yaml_get(const struct ra_yaml_node *map,
    const char *key);

/* 1 when node is NULL, or a plain scalar that is empty, "~" or "null". */
int ra_yaml_is_null(const struct ra_yaml_node *node);

/* RA_EINVAL unless node has the kind: "expected a mapping", ... */
int ra_yaml_expect(const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node, enum ra_yaml_kind kind, const char *path);

/*
 * Refuse keys of map that are not in known (NULL-terminated):
 * "file:7: safeguards[0]: unknown key 'efectiveness' (did you mean
 * 'effectiveness'?)".  The suggestion is the nearest known key by edit
 * distance, when it is close.
 */
int ra_yaml_check_keys(const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *map, const char *path,
    const char *const *known);

/* A scalar as text, borrowed from doc; a null scalar (or NULL) gives "". */
int ra_yaml_string(const char **out, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node, const char *path);

/*
 * A decimal integer [-+]?[0-9]+ without leading zeros, within [min, max]:
 * "expected a whole number from 1 to 5, got '05'".
 */
int ra_yaml_int(long *out, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node, const char *path, long min, long max);

/* Exactly true or false: "expected true or false, got 'yes'". */
int ra_yaml_bool(int *out, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node, const char *path);

/*
 * One of the NULL-terminated names; *out is its index.  The message lists
 * them: "expected none, documented, partial or enforced, got 'ful'".
 */
int ra_yaml_enum(int *out, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node, const char *path,
    const char *const *names);

/*
 * Append s to out as a YAML scalar that every YAML 1.1 and 1.2 reader
 * reads back as the same string: plain when that is unambiguous, otherwise
 * double-quoted with escapes (empty strings, leading or trailing space,
 * indicators, ": " and " #", and anything a YAML 1.1 reader would turn into
 * a boolean, null, number or timestamp, such as no, on, ~, 0755, 1.10,
 * 1:20, 2001-12-14).  It also quotes anything with ':', ',', '[', ']', '{'
 * or '}', so the result is safe in flow collections too.  RA_EINVAL when s
 * is not valid UTF-8, which YAML cannot carry; RA_ENOMEM.
 */
int ra_yaml_quote(struct ra_buf *out, const char *s);

#endif
