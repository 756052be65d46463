/*
 * ra_catalog_builtin.c: ra_catalog_load_builtin().
 *
 * lib/catalog/catalog.yaml is loaded and validated at build time by
 * gen-catalog, which writes it as C static data (ra_catalog_builtin_data,
 * build/gen/catalog_data.c).  Here that data is copied into an ordinary
 * heap catalog, which a practice's catalog.yaml may then extend and
 * override like any other: no YAML is parsed at run time.  This file is
 * kept apart so that gen-catalog itself links without the data it makes.
 */
#include <stdlib.h>
#include <string.h>

#include "ra_buf.h"
#include "ra_catalog.h"
#include "ra_error.h"
#include "ra_file.h"

extern const struct ra_catalog ra_catalog_builtin_data;

#define BUILTIN_NAME "<built-in catalog>"

static int
copy_text(char **out, const char *s)
{
	return (*out = ra_strdup(s)) == NULL ? -1 : 0;
}

static int
copy_strings(struct ra_strings *out, const struct ra_strings *in)
{
	size_t i;

	out->n = 0;
	if (in->n == 0)
		return 0;
	if ((out->items = calloc(in->n, sizeof(*out->items))) == NULL)
		return -1;
	for (i = 0; i < in->n; i++) {
		if (copy_text(&out->items[i], in->items[i]) < 0)
			return -1;
		out->n = i + 1;
	}
	return 0;
}

static int
copy_category(struct ra_category *c, const struct ra_category *in)
{
	c->ephi = in->ephi;
	c->origin.line = in->origin.line;
	return copy_text(&c->id, in->id) < 0 ||
	    copy_text(&c->name, in->name) < 0 ||
	    copy_strings(&c->threats, &in->threats) < 0 ||
	    copy_strings(&c->vulnerabilities, &in->vulnerabilities) < 0 ||
	    copy_strings(&c->cite, &in->cite) < 0 ? -1 : 0;
}

static int
copy_threat(struct ra_threat *t, const struct ra_threat *in)
{
	*t = *in;
	t->id = t->name = t->description = NULL;
	memset(&t->cite, 0, sizeof(t->cite));
	return copy_text(&t->id, in->id) < 0 ||
	    copy_text(&t->name, in->name) < 0 ||
	    copy_text(&t->description, in->description) < 0 ||
	    copy_strings(&t->cite, &in->cite) < 0 ? -1 : 0;
}

static int
copy_vulnerability(struct ra_vulnerability *v,
    const struct ra_vulnerability *in)
{
	v->origin.line = in->origin.line;
	return copy_text(&v->id, in->id) < 0 ||
	    copy_text(&v->name, in->name) < 0 ||
	    copy_text(&v->sra, in->sra) < 0 ||
	    copy_strings(&v->threats, &in->threats) < 0 ||
	    copy_strings(&v->cite, &in->cite) < 0 ||
	    copy_strings(&v->remediation, &in->remediation) < 0 ? -1 : 0;
}

static int
copy_safeguard(struct ra_catalog_safeguard *s,
    const struct ra_catalog_safeguard *in)
{
	s->type = in->type;
	s->origin.line = in->origin.line;
	return copy_text(&s->id, in->id) < 0 ||
	    copy_text(&s->name, in->name) < 0 ||
	    copy_strings(&s->mitigates, &in->mitigates) < 0 ||
	    copy_strings(&s->cite, &in->cite) < 0 ||
	    copy_strings(&s->hicp, &in->hicp) < 0 ? -1 : 0;
}

static int
copy_rule(struct ra_rule *r, const struct ra_rule *in)
{
	r->attribute = in->attribute;
	r->origin.line = in->origin.line;
	return copy_strings(&r->categories, &in->categories) < 0 ||
	    copy_text(&r->vulnerability, in->vulnerability) < 0 ? -1 : 0;
}

/*
 * Allocate n zeroed entries of size bytes at *array and copy each; the
 * count is kept at what was filled so ra_catalog_free() can undo it.
 */
#define COPY(field, count, fn)						\
	do {								\
		const struct ra_catalog *d = &ra_catalog_builtin_data;	\
		size_t i_;						\
									\
		if (d->count > 0 && (cat->field = calloc(d->count,	\
		    sizeof(*cat->field))) == NULL)			\
			goto nomem;					\
		for (i_ = 0; i_ < d->count; i_++) {			\
			cat->count = i_ + 1;				\
			if (fn(&cat->field[i_], &d->field[i_]) < 0)	\
				goto nomem;				\
			cat->field[i_].origin.file = file;		\
		}							\
	} while (0)

int
ra_catalog_load_builtin(struct ra_catalog **out)
{
	struct ra_catalog *cat;
	const char *file;

	*out = NULL;
	if ((cat = calloc(1, sizeof(*cat))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	if ((cat->files.items = calloc(1, sizeof(char *))) == NULL ||
	    (cat->files.items[0] = ra_strdup(BUILTIN_NAME)) == NULL)
		goto nomem;
	cat->files.n = 1;
	file = cat->files.items[0];
	COPY(categories, ncategories, copy_category);
	COPY(threats, nthreats, copy_threat);
	COPY(vulnerabilities, nvulnerabilities, copy_vulnerability);
	COPY(safeguards, nsafeguards, copy_safeguard);
	COPY(rules, nrules, copy_rule);
	*out = cat;
	return 0;
nomem:
	ra_catalog_free(cat);
	return ra_error_set(RA_ENOMEM, "out of memory");
}

int
ra_catalog_open(const struct ra_catalog **out, struct ra_catalog **owned,
    const char *path, const char *name, int required)
{
	struct ra_catalog *cat;
	int error;

	*out = NULL;
	*owned = NULL;
	if (path == NULL || (!required && !ra_file_exists(path))) {
		*out = &ra_catalog_builtin_data;
		return 0;
	}
	if ((error = ra_catalog_load_builtin(&cat)) < 0)
		return error;
	if ((error = ra_catalog_add_file(cat, path, name)) < 0 ||
	    (error = ra_catalog_validate(cat)) < 0) {
		ra_catalog_free(cat);
		return error;
	}
	*out = *owned = cat;
	return 0;
}
