/*
 * ra_matrix.c: loading and checking risk matrices (see ra_matrix.h; the
 * format is in ra-files(5)).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "ra_buf.h"
#include "ra_error.h"
#include "ra_matrix.h"
#include "ra_util.h"
#include "ra_yaml.h"

const char *const ra_plan_level_names[] = { "low", "medium", "high", NULL };

void
ra_matrix_free(struct ra_matrix *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nlevels; i++)
		free(m->levels[i]);
	free(m->name);
	free(m->description);
	free(m);
}

int
ra_matrix_risk(const struct ra_matrix *m, int likelihood, int impact)
{
	assert(likelihood >= 0 && likelihood < RA_LEVEL_COUNT);
	assert(impact >= 0 && impact < RA_LEVEL_COUNT);
	return m->grid[likelihood][impact];
}

int
ra_matrix_level_parse(const struct ra_matrix *m, const char *s)
{
	size_t i;

	for (i = 0; i < m->nlevels; i++)
		if (strcmp(m->levels[i], s) == 0)
			return (int)i;
	return -1;
}

/* "a, b or c" of a NULL-terminated list. */
static int
list_text(struct ra_buf *out, const char *const *names)
{
	size_t i, n;
	int error = 0;

	for (n = 0; names[n] != NULL; n++)
		;
	for (i = 0; i < n && error == 0; i++) {
		if (i > 0)
			error = ra_buf_adds(out, i + 1 == n ? " or " : ", ");
		if (error == 0)
			error = ra_buf_adds(out, names[i]);
	}
	return error;
}

int
ra_matrix_levels_text(struct ra_buf *out, const struct ra_matrix *m)
{
	return list_text(out, (const char *const *)m->levels);
}

/* The loader's state. */
struct loader {
	struct ra_matrix *m;
	const struct ra_yaml_doc *doc;
	struct ra_buf path;
	struct ra_buf what;
};

/* Set the path shown in messages: "key", or "key[i]" when i >= 0. */
static const char *
path_of(struct loader *l, const char *section, const char *key, long i)
{
	char digits[24];
	size_t n = sizeof(digits);

	/* Built by hand: it runs for every cell, printf would double the
	 * start-up time of ra-score. */
	ra_buf_truncate(&l->path, 0);
	ra_buf_adds(&l->path, section);
	if (key != NULL) {
		ra_buf_addch(&l->path, '.');
		ra_buf_adds(&l->path, key);
	}
	if (i >= 0) {
		digits[--n] = ']';
		do
			digits[--n] = (char)('0' + i % 10);
		while ((i /= 10) > 0);
		digits[--n] = '[';
		ra_buf_add(&l->path, digits + n, sizeof(digits) - n);
	}
	return ra_buf_cstr(&l->path);
}

static int
load_levels(struct loader *l, const struct ra_yaml_node *node,
    unsigned long line)
{
	struct ra_matrix *m = l->m;
	const char *value;
	size_t i, j;
	int error;

	if (ra_yaml_is_null(node))
		return ra_error_at(RA_EINVAL, l->doc->name, line, "risk",
		    "required: the risk levels, lowest first");
	if ((error = ra_yaml_expect(l->doc, node, RA_YAML_SEQUENCE,
	    "risk")) < 0)
		return error;
	if (node->n == 0 || node->n > RA_MATRIX_LEVELS_MAX)
		return ra_error_at(RA_EINVAL, l->doc->name, node->line, "risk",
		    "expected 1 to %d risk levels, lowest first, found %zu",
		    RA_MATRIX_LEVELS_MAX, node->n);
	for (i = 0; i < node->n; i++) {
		const struct ra_yaml_node *item = node->items[i];

		path_of(l, "risk", NULL, (long)i);
		if ((error = ra_yaml_string(&value, l->doc, item,
		    ra_buf_cstr(&l->path))) < 0)
			return error;
		if (!ra_is_slug(value))
			return ra_error_at(RA_EINVAL, l->doc->name, item->line,
			    ra_buf_cstr(&l->path), "'%s' is not a level name "
			    "(lowercase letters, digits, '-', '_', '.')",
			    value);
		for (j = 0; j < i; j++)
			if (strcmp(m->levels[j], value) == 0)
				return ra_error_at(RA_EINVAL, l->doc->name,
				    item->line, ra_buf_cstr(&l->path),
				    "'%s' is listed twice", value);
		if ((m->levels[i] = ra_strdup(value)) == NULL)
			return ra_error_set(RA_ENOMEM, "out of memory");
		m->nlevels = i + 1;
	}
	return 0;
}

/* Refuse an unknown level name: "unknown level 'x' (expected ...)". */
static int
unknown_level(struct loader *l, unsigned long line, const char *value,
    const char *const *names)
{
	ra_buf_truncate(&l->what, 0);
	if (list_text(&l->what, names) < 0)
		return RA_ENOMEM;
	return ra_error_at(RA_EINVAL, l->doc->name, line,
	    ra_buf_cstr(&l->path), "unknown level '%s' (expected %s)", value,
	    ra_buf_cstr(&l->what));
}

static int
load_grid(struct loader *l, const struct ra_yaml_node *node,
    unsigned long line)
{
	struct ra_matrix *m = l->m;
	const struct ra_yaml_node *rows[RA_LEVEL_COUNT] = { NULL };
	const char *value;
	size_t i, k;
	int error, lk, im, risk;

	if (ra_yaml_is_null(node))
		return ra_error_at(RA_EINVAL, l->doc->name, line, "grid",
		    "required: for each likelihood level, the risk at each "
		    "impact level");
	if ((error = ra_yaml_expect(l->doc, node, RA_YAML_MAPPING,
	    "grid")) < 0)
		return error;
	for (i = 0; i < node->n; i++) {
		const struct ra_yaml_node *key = node->keys[i];

		if ((lk = ra_level_parse(key->value)) < 0) {
			ra_buf_truncate(&l->what, 0);
			list_text(&l->what, ra_level_names);
			return ra_error_at(RA_EINVAL, l->doc->name, key->line,
			    "grid", "unknown likelihood level '%s' (expected "
			    "%s)", key->value, ra_buf_cstr(&l->what));
		}
		rows[lk] = node->items[i];
	}
	for (lk = 0; lk < RA_LEVEL_COUNT; lk++) {
		const struct ra_yaml_node *row = rows[lk];

		if (row == NULL)
			return ra_error_at(RA_EINVAL, l->doc->name, line,
			    "grid", "no row for likelihood '%s'",
			    ra_level_names[lk]);
		path_of(l, "grid", ra_level_names[lk], -1);
		if ((error = ra_yaml_expect(l->doc, row, RA_YAML_SEQUENCE,
		    ra_buf_cstr(&l->path))) < 0)
			return error;
		if (row->n != RA_LEVEL_COUNT)
			return ra_error_at(RA_EINVAL, l->doc->name, row->line,
			    ra_buf_cstr(&l->path), "expected %d risk levels, "
			    "one for each impact level from very-low to "
			    "very-high, found %zu", RA_LEVEL_COUNT, row->n);
		for (k = 0; k < RA_LEVEL_COUNT; k++) {
			const struct ra_yaml_node *cell = row->items[k];

			path_of(l, "grid", ra_level_names[lk], (long)k);
			if ((error = ra_yaml_string(&value, l->doc, cell,
			    ra_buf_cstr(&l->path))) < 0)
				return error;
			if ((risk = ra_matrix_level_parse(m, value)) < 0)
				return unknown_level(l, cell->line, value,
				    (const char *const *)m->levels);
			m->grid[lk][k] = risk;
		}
	}
	/* Risk never decreases as likelihood or impact increases. */
	for (lk = 0; lk < RA_LEVEL_COUNT; lk++)
		for (im = 0; im < RA_LEVEL_COUNT; im++) {
			const struct ra_yaml_node *cell = rows[lk]->items[im];

			path_of(l, "grid", ra_level_names[lk], im);
			if (im > 0 && m->grid[lk][im] < m->grid[lk][im - 1])
				return ra_error_at(RA_EINVAL, l->doc->name,
				    cell->line, ra_buf_cstr(&l->path),
				    "'%s' is lower than '%s' at impact %s: "
				    "risk must not decrease as impact "
				    "increases",
				    m->levels[m->grid[lk][im]],
				    m->levels[m->grid[lk][im - 1]],
				    ra_level_names[im - 1]);
			if (lk > 0 && m->grid[lk][im] < m->grid[lk - 1][im])
				return ra_error_at(RA_EINVAL, l->doc->name,
				    cell->line, ra_buf_cstr(&l->path), "'%s' "
				    "is lower than '%s' at likelihood %s: risk "
				    "must not decrease as likelihood increases",
				    m->levels[m->grid[lk][im]],
				    m->levels[m->grid[lk - 1][im]],
				    ra_level_names[lk - 1]);
		}
	return 0;
}

static int
load_collapse(struct loader *l, const struct ra_yaml_node *node,
    unsigned long line)
{
	struct ra_matrix *m = l->m;
	const struct ra_yaml_node *to[RA_MATRIX_LEVELS_MAX] = { NULL };
	size_t i;
	int error, level, plan;

	if (ra_yaml_is_null(node))
		return ra_error_at(RA_EINVAL, l->doc->name, line, "collapse",
		    "required: each risk level as low, medium or high");
	if ((error = ra_yaml_expect(l->doc, node, RA_YAML_MAPPING,
	    "collapse")) < 0)
		return error;
	for (i = 0; i < node->n; i++) {
		const struct ra_yaml_node *key = node->keys[i];

		if ((level = ra_matrix_level_parse(m, key->value)) < 0) {
			ra_buf_truncate(&l->what, 0);
			ra_matrix_levels_text(&l->what, m);
			return ra_error_at(RA_EINVAL, l->doc->name, key->line,
			    "collapse", "unknown risk level '%s' (expected "
			    "%s)", key->value, ra_buf_cstr(&l->what));
		}
		to[level] = node->items[i];
	}
	for (i = 0; i < m->nlevels; i++) {
		if (to[i] == NULL)
			return ra_error_at(RA_EINVAL, l->doc->name, line,
			    "collapse", "no entry for risk level '%s'",
			    m->levels[i]);
		path_of(l, "collapse", m->levels[i], -1);
		if ((error = ra_yaml_enum(&plan, l->doc, to[i],
		    ra_buf_cstr(&l->path), ra_plan_level_names)) < 0)
			return error;
		m->collapse[i] = plan;
		if (i > 0 && plan < m->collapse[i - 1])
			return ra_error_at(RA_EINVAL, l->doc->name,
			    to[i]->line, ra_buf_cstr(&l->path), "'%s' is lower "
			    "than '%s' for %s: the collapse must not decrease "
			    "as risk increases", ra_plan_level_names[plan],
			    ra_plan_level_names[m->collapse[i - 1]],
			    m->levels[i - 1]);
	}
	return 0;
}

/* The line of key in map (where a message about a missing part points). */
static unsigned long
key_line(const struct ra_yaml_node *map, const char *key)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->value, key) == 0)
			return map->keys[i]->line;
	return map->line;
}

static int
load_doc(struct ra_matrix *m, const struct ra_yaml_doc *doc)
{
	static const char *const keys[] = {
		"name", "description", "risk", "grid", "collapse", NULL
	};
	const struct ra_yaml_node *root = doc->root, *node;
	struct loader l;
	const char *value;
	int error;

	l.m = m;
	l.doc = doc;
	ra_buf_init(&l.path);
	ra_buf_init(&l.what);
	if (root == NULL) {
		error = ra_error_at(RA_EINVAL, doc->name, 0, NULL, "the file "
		    "is empty: expected risk, grid and collapse");
		goto done;
	}
	if ((error = ra_yaml_expect(doc, root, RA_YAML_MAPPING, "")) < 0 ||
	    (error = ra_yaml_check_keys(doc, root, "", keys)) < 0)
		goto done;
	if ((node = ra_yaml_get(root, "name")) != NULL) {
		if ((error = ra_yaml_string(&value, doc, node, "name")) < 0)
			goto done;
		if (value[0] != '\0') {
			free(m->name);
			if ((m->name = ra_strdup(value)) == NULL) {
				error = ra_error_set(RA_ENOMEM,
				    "out of memory");
				goto done;
			}
		}
	}
	value = "";
	if ((node = ra_yaml_get(root, "description")) != NULL &&
	    (error = ra_yaml_string(&value, doc, node, "description")) < 0)
		goto done;
	if ((m->description = ra_strdup(value)) == NULL) {
		error = ra_error_set(RA_ENOMEM, "out of memory");
		goto done;
	}
	if ((error = load_levels(&l, ra_yaml_get(root, "risk"),
	    root->line)) < 0 ||
	    (error = load_grid(&l, ra_yaml_get(root, "grid"),
	    key_line(root, "grid"))) < 0 ||
	    (error = load_collapse(&l, ra_yaml_get(root, "collapse"),
	    key_line(root, "collapse"))) < 0)
		goto done;
done:
	ra_buf_release(&l.path);
	ra_buf_release(&l.what);
	return error;
}

static int
matrix_new(struct ra_matrix **out, const char *name)
{
	struct ra_matrix *m;

	*out = NULL;
	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->name = ra_strdup(name)) == NULL) {
		free(m);
		return ra_error_set(RA_ENOMEM, "out of memory");
	}
	*out = m;
	return 0;
}

/* The matrix of a parsed document (or of a load that failed: error). */
static int
from_doc(struct ra_matrix **out, int error, struct ra_yaml_doc *doc,
    const char *name)
{
	struct ra_matrix *m = NULL;

	if (error == 0 && (error = matrix_new(&m, name)) == 0)
		error = load_doc(m, doc);
	ra_yaml_doc_free(doc);
	if (error < 0) {
		ra_matrix_free(m);
		return error;
	}
	*out = m;
	return 0;
}

int
ra_matrix_load_buffer(struct ra_matrix **out, const char *text, size_t len,
    const char *name)
{
	struct ra_yaml_doc *doc = NULL;
	int error;

	assert(out != NULL && text != NULL && name != NULL);
	*out = NULL;
	error = ra_yaml_load_buffer(&doc, text, len, name);
	return from_doc(out, error, doc, name);
}

int
ra_matrix_load_file(struct ra_matrix **out, const char *path,
    const char *name)
{
	struct ra_yaml_doc *doc = NULL;
	int error;

	assert(out != NULL && path != NULL);
	*out = NULL;
	if (name == NULL)
		name = path;
	error = ra_yaml_load_file(&doc, path, name);
	return from_doc(out, error, doc, name);
}

