/*
 * ra_catalog.c: loading, merging, validating and looking up the threat
 * catalog (see ra_catalog.h; the format is in ra-files(5)).  The built-in
 * catalog is built from precompiled data in ra_catalog_builtin.c.
 */
#include <stdlib.h>
#include <string.h>

#include "ra_buf.h"
#include "ra_catalog.h"
#include "ra_error.h"
#include "ra_schema.h"
#include "ra_util.h"
#include "ra_yaml.h"

const char *const ra_threat_source_names[] = {
	"adversarial", "accidental", "structural", "environmental", NULL
};

const char *const ra_safeguard_type_names[] = {
	"policy", "manual", "technical", NULL
};

static const char *const downtime_names[] = {
	"none", "low", "moderate", "high", NULL
};

static const char *const attribute_names[] = {
	"encryption", "mfa", "patched", "backup", "baa", NULL
};

int
ra_strings_has(const struct ra_strings *list, const char *s)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (strcmp(list->items[i], s) == 0)
			return 1;
	return 0;
}

static void
strings_release(struct ra_strings *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->n = 0;
}

static int
strings_add(struct ra_strings *list, const char *s)
{
	char **items, *copy;

	if ((copy = ra_strdup(s)) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	items = realloc(list->items, (list->n + 1) * sizeof(*items));
	if (items == NULL) {
		free(copy);
		return ra_error_set(RA_ENOMEM, "out of memory");
	}
	items[list->n++] = copy;
	list->items = items;
	return 0;
}

static void
category_release(struct ra_category *c)
{
	free(c->id);
	free(c->name);
	strings_release(&c->threats);
	strings_release(&c->vulnerabilities);
	strings_release(&c->cite);
}

static void
threat_release(struct ra_threat *t)
{
	free(t->id);
	free(t->name);
	free(t->description);
	strings_release(&t->cite);
}

static void
vulnerability_release(struct ra_vulnerability *v)
{
	free(v->id);
	free(v->name);
	free(v->sra);
	strings_release(&v->threats);
	strings_release(&v->cite);
	strings_release(&v->remediation);
}

static void
safeguard_release(struct ra_catalog_safeguard *s)
{
	free(s->id);
	free(s->name);
	strings_release(&s->mitigates);
	strings_release(&s->cite);
	strings_release(&s->hicp);
}

static void
rule_release(struct ra_rule *r)
{
	strings_release(&r->categories);
	free(r->vulnerability);
}

void
ra_catalog_free(struct ra_catalog *cat)
{
	size_t i;

	if (cat == NULL)
		return;
	for (i = 0; i < cat->ncategories; i++)
		category_release(&cat->categories[i]);
	for (i = 0; i < cat->nthreats; i++)
		threat_release(&cat->threats[i]);
	for (i = 0; i < cat->nvulnerabilities; i++)
		vulnerability_release(&cat->vulnerabilities[i]);
	for (i = 0; i < cat->nsafeguards; i++)
		safeguard_release(&cat->safeguards[i]);
	for (i = 0; i < cat->nrules; i++)
		rule_release(&cat->rules[i]);
	free(cat->categories);
	free(cat->threats);
	free(cat->vulnerabilities);
	free(cat->safeguards);
	free(cat->rules);
	strings_release(&cat->files);
	free(cat);
}

/* The parse state of one file. */
struct loader {
	struct ra_catalog *cat;
	const struct ra_yaml_doc *doc;
	const char *file;		/* owned by cat->files */
	struct ra_buf path;
};

static const char *
at(struct loader *l, const char *section, size_t i, const char *key)
{
	ra_buf_truncate(&l->path, 0);
	if (key != NULL)
		ra_buf_printf(&l->path, "%s[%zu].%s", section, i, key);
	else
		ra_buf_printf(&l->path, "%s[%zu]", section, i);
	return ra_buf_cstr(&l->path);
}

/* A required non-empty text value; optional ones may be empty. */
static int
text(struct loader *l, char **out, const struct ra_yaml_node *item,
    const char *section, size_t i, const char *key, int required)
{
	const struct ra_yaml_node *node = ra_yaml_get(item, key);
	const char *value = "";
	int error;

	if (node != NULL && (error = ra_yaml_string(&value, l->doc, node,
	    at(l, section, i, key))) < 0)
		return error;
	if (required && value[0] == '\0')
		return ra_error_at(RA_EINVAL, l->file, node != NULL ?
		    node->line : item->line, at(l, section, i, key),
		    "required");
	if ((*out = ra_strdup(value)) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	return 0;
}

static int
id(struct loader *l, char **out, const struct ra_yaml_node *item,
    const char *section, size_t i)
{
	int error;

	if ((error = text(l, out, item, section, i, "id", 1)) < 0)
		return error;
	if (!ra_is_slug(*out))
		return ra_error_at(RA_EINVAL, l->file, item->line,
		    at(l, section, i, "id"), "'%s' is not a slug (lowercase "
		    "letters, digits, '-', '_', '.')", *out);
	return 0;
}

/* A list of strings: a sequence of scalars (or one scalar). */
static int
list(struct loader *l, struct ra_strings *out, const struct ra_yaml_node *item,
    const char *section, size_t i, const char *key, int required)
{
	const struct ra_yaml_node *node = ra_yaml_get(item, key);
	struct ra_buf item_path = RA_BUF_INIT;
	const char *value;
	size_t k, n;
	int error = 0;

	strings_release(out);
	if (ra_yaml_is_null(node)) {
		if (required)
			return ra_error_at(RA_EINVAL, l->file, item->line,
			    at(l, section, i, key), "required");
		return 0;
	}
	if (node->kind == RA_YAML_MAPPING)
		return ra_yaml_expect(l->doc, node, RA_YAML_SEQUENCE,
		    at(l, section, i, key));
	n = node->kind == RA_YAML_SEQUENCE ? node->n : 1;
	for (k = 0; k < n && error == 0; k++) {
		const struct ra_yaml_node *v = node->kind == RA_YAML_SEQUENCE ?
		    node->items[k] : node;

		ra_buf_truncate(&item_path, 0);
		ra_buf_printf(&item_path, "%s[%zu]", at(l, section, i, key), k);
		if ((error = ra_yaml_string(&value, l->doc, v,
		    item_path.ptr)) == 0)
			error = strings_add(out, value);
	}
	if (error == 0 && required && out->n == 0)
		error = ra_error_at(RA_EINVAL, l->file, node->line,
		    at(l, section, i, key), "must not be empty");
	ra_buf_release(&item_path);
	return error;
}

static int
enumerated(struct loader *l, int *out, const struct ra_yaml_node *item,
    const char *section, size_t i, const char *key, const char *const *names)
{
	const struct ra_yaml_node *node = ra_yaml_get(item, key);

	if (ra_yaml_is_null(node))
		return ra_error_at(RA_EINVAL, l->file, item->line,
		    at(l, section, i, key), "required");
	return ra_yaml_enum(out, l->doc, node, at(l, section, i, key), names);
}

static int
flag(struct loader *l, int *out, const struct ra_yaml_node *item,
    const char *section, size_t i, const char *key)
{
	const struct ra_yaml_node *node = ra_yaml_get(item, key);

	*out = 0;
	if (ra_yaml_is_null(node))
		return 0;
	return ra_yaml_bool(out, l->doc, node, at(l, section, i, key));
}

/* Check the item's keys and that it is a mapping. */
static int
entry(struct loader *l, const struct ra_yaml_node *item, const char *section,
    size_t i, const char *const *keys)
{
	int error;

	if ((error = ra_yaml_expect(l->doc, item, RA_YAML_MAPPING,
	    at(l, section, i, NULL))) < 0)
		return error;
	return ra_yaml_check_keys(l->doc, item, at(l, section, i, NULL), keys);
}

static int
load_category(struct loader *l, struct ra_category *c,
    const struct ra_yaml_node *item, size_t i)
{
	static const char *const keys[] = {
		"id", "name", "ephi", "threats", "vulnerabilities", "cite",
		"description", NULL
	};
	int error;

	c->origin.file = l->file;
	c->origin.line = item->line;
	if ((error = entry(l, item, "categories", i, keys)) < 0 ||
	    (error = id(l, &c->id, item, "categories", i)) < 0 ||
	    (error = text(l, &c->name, item, "categories", i, "name", 1)) < 0 ||
	    (error = flag(l, &c->ephi, item, "categories", i, "ephi")) < 0 ||
	    (error = list(l, &c->threats, item, "categories", i, "threats",
	    1)) < 0 ||
	    (error = list(l, &c->vulnerabilities, item, "categories", i,
	    "vulnerabilities", 0)) < 0 ||
	    (error = list(l, &c->cite, item, "categories", i, "cite", 0)) < 0)
		return error;
	if (!ra_schema_is_category(c->id))
		return ra_error_at(RA_EINVAL, l->file, item->line,
		    at(l, "categories", i, "id"), "'%s' is not a category ra "
		    "knows (see ra-files(5))", c->id);
	return 0;
}

static int
load_threat(struct loader *l, struct ra_threat *t,
    const struct ra_yaml_node *item, size_t i)
{
	static const char *const keys[] = {
		"id", "name", "source", "hicp", "likelihood", "exposes",
		"financial", "downtime", "disposal", "retired", "cite",
		"description", NULL
	};
	const struct ra_yaml_node *node;
	int error, v;
	long hicp = 0;

	t->origin.file = l->file;
	t->origin.line = item->line;
	if ((error = entry(l, item, "threats", i, keys)) < 0 ||
	    (error = id(l, &t->id, item, "threats", i)) < 0 ||
	    (error = text(l, &t->name, item, "threats", i, "name", 1)) < 0 ||
	    (error = text(l, &t->description, item, "threats", i,
	    "description", 0)) < 0 ||
	    (error = list(l, &t->cite, item, "threats", i, "cite", 1)) < 0 ||
	    (error = flag(l, &t->exposes, item, "threats", i, "exposes")) < 0 ||
	    (error = flag(l, &t->disposal, item, "threats", i,
	    "disposal")) < 0 ||
	    (error = flag(l, &t->retired, item, "threats", i,
	    "retired")) < 0)
		return error;
	if ((error = enumerated(l, &v, item, "threats", i, "source",
	    ra_threat_source_names)) < 0)
		return error;
	t->source = (enum ra_threat_source)v;
	if ((error = enumerated(l, &v, item, "threats", i, "likelihood",
	    ra_level_names)) < 0)
		return error;
	t->likelihood = (enum ra_level)v;
	if ((error = enumerated(l, &v, item, "threats", i, "financial",
	    ra_level_names)) < 0)
		return error;
	t->financial = (enum ra_level)v;
	if ((error = enumerated(l, &v, item, "threats", i, "downtime",
	    downtime_names)) < 0)
		return error;
	t->downtime = v == 0 ? RA_DOWNTIME_NONE : v;
	node = ra_yaml_get(item, "hicp");
	if (!ra_yaml_is_null(node) && (error = ra_yaml_int(&hicp, l->doc,
	    node, at(l, "threats", i, "hicp"), 1, 5)) < 0)
		return error;
	t->hicp = (int)hicp;
	return 0;
}

static int
load_vulnerability(struct loader *l, struct ra_vulnerability *v,
    const struct ra_yaml_node *item, size_t i)
{
	static const char *const keys[] = {
		"id", "name", "sra", "threats", "cite", "remediation",
		"description", NULL
	};
	int error;

	v->origin.file = l->file;
	v->origin.line = item->line;
	if ((error = entry(l, item, "vulnerabilities", i, keys)) < 0 ||
	    (error = id(l, &v->id, item, "vulnerabilities", i)) < 0 ||
	    (error = text(l, &v->name, item, "vulnerabilities", i, "name",
	    1)) < 0 ||
	    (error = text(l, &v->sra, item, "vulnerabilities", i, "sra",
	    0)) < 0 ||
	    (error = list(l, &v->threats, item, "vulnerabilities", i,
	    "threats", 1)) < 0 ||
	    (error = list(l, &v->cite, item, "vulnerabilities", i, "cite",
	    1)) < 0 ||
	    (error = list(l, &v->remediation, item, "vulnerabilities", i,
	    "remediation", 1)) < 0)
		return error;
	return 0;
}

static int
load_safeguard(struct loader *l, struct ra_catalog_safeguard *s,
    const struct ra_yaml_node *item, size_t i)
{
	static const char *const keys[] = {
		"id", "name", "type", "mitigates", "cite", "hicp",
		"description", NULL
	};
	int error, v;

	s->origin.file = l->file;
	s->origin.line = item->line;
	if ((error = entry(l, item, "safeguards", i, keys)) < 0 ||
	    (error = id(l, &s->id, item, "safeguards", i)) < 0 ||
	    (error = text(l, &s->name, item, "safeguards", i, "name", 1)) < 0 ||
	    (error = list(l, &s->mitigates, item, "safeguards", i,
	    "mitigates", 1)) < 0 ||
	    (error = list(l, &s->cite, item, "safeguards", i, "cite", 1)) < 0 ||
	    (error = list(l, &s->hicp, item, "safeguards", i, "hicp", 0)) < 0 ||
	    (error = enumerated(l, &v, item, "safeguards", i, "type",
	    ra_safeguard_type_names)) < 0)
		return error;
	s->type = (enum ra_safeguard_type)v;
	return 0;
}

static int
load_rule(struct loader *l, struct ra_rule *r, const struct ra_yaml_node *item,
    size_t i)
{
	static const char *const keys[] = {
		"attribute", "inherent", "categories", "vulnerability", NULL
	};
	const struct ra_yaml_node *node;
	int error, inherent, v;

	r->origin.file = l->file;
	r->origin.line = item->line;
	r->attribute = -1;
	if ((error = entry(l, item, "rules", i, keys)) < 0 ||
	    (error = list(l, &r->categories, item, "rules", i, "categories",
	    1)) < 0 ||
	    (error = text(l, &r->vulnerability, item, "rules", i,
	    "vulnerability", 1)) < 0 ||
	    (error = flag(l, &inherent, item, "rules", i, "inherent")) < 0)
		return error;
	node = ra_yaml_get(item, "attribute");
	if (inherent == !ra_yaml_is_null(node))
		return ra_error_at(RA_EINVAL, l->file, item->line,
		    at(l, "rules", i, NULL), "a rule has either an attribute "
		    "or inherent: true");
	if (!inherent) {
		if ((error = ra_yaml_enum(&v, l->doc, node,
		    at(l, "rules", i, "attribute"), attribute_names)) < 0)
			return error;
		r->attribute = RA_COL_ENCRYPTION + v;
	}
	return 0;
}

/*
 * Grow an array of entries by one and return the new slot, or the slot of
 * the entry with the same id (released first) when it exists.
 */
static void *
slot(void **array, size_t *n, size_t size, const char *new_id,
    size_t id_offset, void (*release)(void *))
{
	char *base = *array, *p;
	size_t i;

	for (i = 0; new_id != NULL && i < *n; i++) {
		p = base + i * size;
		if (strcmp(*(char **)(p + id_offset), new_id) == 0) {
			release(p);
			memset(p, 0, size);
			return p;
		}
	}
	if ((p = realloc(base, (*n + 1) * size)) == NULL)
		return NULL;
	*array = p;
	p += (*n)++ * size;
	memset(p, 0, size);
	return p;
}

#define SECTION(name, type, field, count, loader_fn, release_fn)	\
static int								\
add_##name(struct loader *l, const struct ra_yaml_node *list_node)	\
{									\
	size_t i;							\
	int error;							\
									\
	if (ra_yaml_is_null(list_node))					\
		return 0;						\
	if ((error = ra_yaml_expect(l->doc, list_node,			\
	    RA_YAML_SEQUENCE, #field)) < 0)				\
		return error;						\
	for (i = 0; i < list_node->n; i++) {				\
		type tmp, *dst;						\
									\
		memset(&tmp, 0, sizeof(tmp));				\
		if ((error = loader_fn(l, &tmp, list_node->items[i],	\
		    i)) < 0) {						\
			release_fn(&tmp);				\
			return error;					\
		}							\
		dst = slot((void **)&l->cat->field, &l->cat->count,	\
		    sizeof(type), tmp.id, offsetof(type, id),		\
		    (void (*)(void *))release_fn);			\
		if (dst == NULL) {					\
			release_fn(&tmp);				\
			return ra_error_set(RA_ENOMEM, "out of memory"); \
		}							\
		*dst = tmp;						\
	}								\
	return 0;							\
}

SECTION(categories, struct ra_category, categories, ncategories,
    load_category, category_release)
SECTION(threats, struct ra_threat, threats, nthreats, load_threat,
    threat_release)
SECTION(vulnerabilities, struct ra_vulnerability, vulnerabilities,
    nvulnerabilities, load_vulnerability, vulnerability_release)
SECTION(safeguards, struct ra_catalog_safeguard, safeguards, nsafeguards,
    load_safeguard, safeguard_release)

static int
add_rules(struct loader *l, const struct ra_yaml_node *list_node)
{
	struct ra_rule *rules;
	size_t i;
	int error;

	if (ra_yaml_is_null(list_node))
		return 0;
	if ((error = ra_yaml_expect(l->doc, list_node, RA_YAML_SEQUENCE,
	    "rules")) < 0)
		return error;
	for (i = 0; i < list_node->n; i++) {
		struct ra_rule tmp;

		memset(&tmp, 0, sizeof(tmp));
		if ((error = load_rule(l, &tmp, list_node->items[i], i)) < 0) {
			rule_release(&tmp);
			return error;
		}
		rules = realloc(l->cat->rules,
		    (l->cat->nrules + 1) * sizeof(*rules));
		if (rules == NULL) {
			rule_release(&tmp);
			return ra_error_set(RA_ENOMEM, "out of memory");
		}
		rules[l->cat->nrules++] = tmp;
		l->cat->rules = rules;
	}
	return 0;
}

static int
add_doc(struct ra_catalog *cat, const struct ra_yaml_doc *doc)
{
	static const char *const keys[] = {
		"categories", "threats", "vulnerabilities", "safeguards",
		"rules", NULL
	};
	struct loader l;
	const struct ra_yaml_node *root = doc->root;
	int error;

	if ((error = strings_add(&cat->files, doc->name)) < 0)
		return error;
	l.cat = cat;
	l.doc = doc;
	l.file = cat->files.items[cat->files.n - 1];
	ra_buf_init(&l.path);
	if (root == NULL)
		goto done;
	if ((error = ra_yaml_expect(doc, root, RA_YAML_MAPPING, "")) < 0 ||
	    (error = ra_yaml_check_keys(doc, root, "", keys)) < 0 ||
	    (error = add_categories(&l, ra_yaml_get(root, "categories"))) < 0 ||
	    (error = add_threats(&l, ra_yaml_get(root, "threats"))) < 0 ||
	    (error = add_vulnerabilities(&l, ra_yaml_get(root,
	    "vulnerabilities"))) < 0 ||
	    (error = add_safeguards(&l, ra_yaml_get(root, "safeguards"))) < 0 ||
	    (error = add_rules(&l, ra_yaml_get(root, "rules"))) < 0)
		goto done;
done:
	ra_buf_release(&l.path);
	return error;
}

int
ra_catalog_add_buffer(struct ra_catalog *cat, const char *buf, size_t len,
    const char *name)
{
	struct ra_yaml_doc *doc;
	int error;

	if ((error = ra_yaml_load_buffer(&doc, buf, len, name)) < 0)
		return error;
	error = add_doc(cat, doc);
	ra_yaml_doc_free(doc);
	return error;
}

int
ra_catalog_add_file(struct ra_catalog *cat, const char *path, const char *name)
{
	struct ra_yaml_doc *doc;
	int error;

	if ((error = ra_yaml_load_file(&doc, path, name)) < 0)
		return error;
	error = add_doc(cat, doc);
	ra_yaml_doc_free(doc);
	return error;
}

#define FIND(fn, type, field, count)					\
const type *								\
fn(const struct ra_catalog *cat, const char *key)			\
{									\
	size_t i;							\
									\
	for (i = 0; i < cat->count; i++)				\
		if (strcmp(cat->field[i].id, key) == 0)			\
			return &cat->field[i];				\
	return NULL;							\
}

FIND(ra_catalog_category, struct ra_category, categories, ncategories)
FIND(ra_catalog_threat, struct ra_threat, threats, nthreats)
FIND(ra_catalog_vulnerability, struct ra_vulnerability, vulnerabilities,
    nvulnerabilities)
FIND(ra_catalog_safeguard, struct ra_catalog_safeguard, safeguards,
    nsafeguards)

static int
missing(const struct ra_origin *o, const char *what, const char *kind,
    const char *key)
{
	return ra_error_at(RA_EINVAL, o->file, o->line, what,
	    "no %s '%s' in the catalog", kind, key);
}

/* 1 when vulnerability v can apply to an asset of category c. */
static int
applies_to_category(const struct ra_catalog *cat, const struct ra_category *c,
    const char *v)
{
	size_t r;

	if (ra_strings_has(&c->vulnerabilities, v))
		return 1;
	for (r = 0; r < cat->nrules; r++)
		if (strcmp(cat->rules[r].vulnerability, v) == 0 &&
		    ra_strings_has(&cat->rules[r].categories, c->id))
			return 1;
	return 0;
}

int
ra_catalog_validate(const struct ra_catalog *cat)
{
	size_t i, k, t;

	for (i = 0; ra_schema_categories[i] != NULL; i++)
		if (ra_catalog_category(cat, ra_schema_categories[i]) == NULL)
			return ra_error_set(RA_EINVAL, "the catalog does not "
			    "define category '%s'", ra_schema_categories[i]);
	for (i = 0; i < cat->ncategories; i++) {
		const struct ra_category *c = &cat->categories[i];

		for (k = 0; k < c->threats.n; k++) {
			const char *th = c->threats.items[k];
			int enabled = 0;

			if (ra_catalog_threat(cat, th) == NULL)
				return missing(&c->origin, c->id, "threat", th);
			for (t = 0; t < cat->nvulnerabilities && !enabled; t++)
				enabled = ra_strings_has(
				    &cat->vulnerabilities[t].threats, th) &&
				    applies_to_category(cat, c,
				    cat->vulnerabilities[t].id);
			if (!enabled)
				return ra_error_at(RA_EINVAL, c->origin.file,
				    c->origin.line, c->id, "threat '%s' is "
				    "enabled by no vulnerability of this "
				    "category", th);
		}
		for (k = 0; k < c->vulnerabilities.n; k++)
			if (ra_catalog_vulnerability(cat,
			    c->vulnerabilities.items[k]) == NULL)
				return missing(&c->origin, c->id,
				    "vulnerability",
				    c->vulnerabilities.items[k]);
	}
	for (i = 0; i < cat->nvulnerabilities; i++) {
		const struct ra_vulnerability *v = &cat->vulnerabilities[i];

		for (k = 0; k < v->threats.n; k++)
			if (ra_catalog_threat(cat, v->threats.items[k]) == NULL)
				return missing(&v->origin, v->id, "threat",
				    v->threats.items[k]);
	}
	for (i = 0; i < cat->nsafeguards; i++) {
		const struct ra_catalog_safeguard *s = &cat->safeguards[i];

		for (k = 0; k < s->mitigates.n; k++)
			if (ra_catalog_vulnerability(cat,
			    s->mitigates.items[k]) == NULL)
				return missing(&s->origin, s->id,
				    "vulnerability", s->mitigates.items[k]);
	}
	for (i = 0; i < cat->nrules; i++) {
		const struct ra_rule *r = &cat->rules[i];

		if (ra_catalog_vulnerability(cat, r->vulnerability) == NULL)
			return missing(&r->origin, "vulnerability",
			    "vulnerability", r->vulnerability);
		for (k = 0; k < r->categories.n; k++)
			if (ra_catalog_category(cat,
			    r->categories.items[k]) == NULL)
				return missing(&r->origin, "categories",
				    "category", r->categories.items[k]);
	}
	return 0;
}
