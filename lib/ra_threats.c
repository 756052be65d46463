/*
 * ra_threats.c: the pairs of an asset (see ra_threats.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ra_buf.h"
#include "ra_error.h"
#include "ra_schema.h"
#include "ra_threats.h"
#include "ra_util.h"

const char *const ra_vuln_status_names[] = {
	"absent", "unverified", "present", NULL
};

/* A practice safeguard with the vulnerabilities it mitigates resolved. */
struct applied {
	const struct ra_safeguard *safeguard;
	const struct ra_vulnerability **mitigates;
	size_t nmitigates;
};

struct candidate {
	const struct ra_vulnerability *vulnerability;
	enum ra_vuln_status status;
	int excluded;			/* a rule said n/a:
					   no pair at all */
	int refuted;			/* the asset's attribute says no */
};

struct ra_threats {
	const struct ra_catalog *cat;
	const struct ra_safeguards *safeguards;
	struct applied *applied;
	size_t napplied;
	struct ra_strings seen;		/* asset ids seen, in input
					   order */
	size_t seen_cap;
	size_t *slots;			/* hash index into seen: i + 1,
					   0 free */
	size_t nslots;			/* a power of two, or 0 */
	struct candidate *candidates;	/* scratch for one asset */
	size_t ncandidates_max;
	struct ra_buf joined;
};

void
ra_threats_free(struct ra_threats *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->napplied; i++)
		free(t->applied[i].mitigates);
	free(t->applied);
	for (i = 0; i < t->seen.n; i++)
		free(t->seen.items[i]);
	free(t->seen.items);
	free(t->slots);
	free(t->candidates);
	ra_buf_release(&t->joined);
	free(t);
}

static int
add_mitigated(struct applied *a, const struct ra_vulnerability *v)
{
	const struct ra_vulnerability **list;
	size_t i;

	for (i = 0; i < a->nmitigates; i++)
		if (a->mitigates[i] == v)
			return 0;
	list = realloc(a->mitigates, (a->nmitigates + 1) * sizeof(*list));
	if (list == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	list[a->nmitigates++] = v;
	a->mitigates = list;
	return 0;
}

static int
resolve(struct ra_threats *t, struct applied *a, size_t index)
{
	const struct ra_safeguard *s = a->safeguard;
	const struct ra_catalog_safeguard *known;
	const struct ra_vulnerability *v;
	const char *file = t->safeguards->name;
	char path[64];
	size_t k;
	int error;

	known = ra_catalog_safeguard(t->cat, s->id);
	snprintf(path, sizeof(path), "safeguards[%zu]", index);
	if (known == NULL && s->nmitigates == 0)
		return ra_error_at(RA_EINVAL, file, s->line, path,
		    "'%s' is not a catalog safeguard; say which "
		    "vulnerabilities it mitigates (mitigates: [...])", s->id);
	for (k = 0; known != NULL && k < known->mitigates.n; k++) {
		v = ra_catalog_vulnerability(t->cat, known->mitigates.items[k]);
		if (v != NULL && (error = add_mitigated(a, v)) < 0)
			return error;
	}
	for (k = 0; k < s->nmitigates; k++) {
		v = ra_catalog_vulnerability(t->cat, s->mitigates[k]);
		if (v == NULL) {
			const char *near;
			const char **ids;
			size_t i;

			snprintf(path, sizeof(path),
			    "safeguards[%zu].mitigates", index);
			if ((ids = calloc(t->cat->nvulnerabilities + 1,
			    sizeof(*ids))) == NULL)
				return ra_error_set(RA_ENOMEM, "out of memory");
			for (i = 0; i < t->cat->nvulnerabilities; i++)
				ids[i] = t->cat->vulnerabilities[i].id;
			near = ra_nearest(s->mitigates[k], ids);
			error = ra_error_at(RA_EINVAL, file, s->line, path,
			    near != NULL ? "no vulnerability '%s' in the "
			    "catalog (did you mean '%s'?)" : "no vulnerability "
			    "'%s' in the catalog", s->mitigates[k], near);
			free(ids);
			return error;
		}
		if ((error = add_mitigated(a, v)) < 0)
			return error;
	}
	return 0;
}

int
ra_threats_new(struct ra_threats **out, const struct ra_catalog *cat,
    const struct ra_safeguards *safeguards)
{
	struct ra_threats *t;
	size_t i, most = 0;
	int error = 0;

	*out = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	t->cat = cat;
	t->safeguards = safeguards;
	for (i = 0; i < cat->ncategories; i++)
		if (cat->categories[i].vulnerabilities.n > most)
			most = cat->categories[i].vulnerabilities.n;
	t->ncandidates_max = most + cat->nrules;
	t->candidates = calloc(t->ncandidates_max + 1, sizeof(*t->candidates));
	if (t->candidates == NULL)
		goto nomem;
	if (safeguards != NULL && safeguards->n > 0) {
		t->applied = calloc(safeguards->n, sizeof(*t->applied));
		if (t->applied == NULL)
			goto nomem;
		for (i = 0; i < safeguards->n; i++) {
			t->applied[i].safeguard = &safeguards->items[i];
			t->napplied = i + 1;
			if ((error = resolve(t, &t->applied[i], i)) < 0)
				goto fail;
		}
	}
	*out = t;
	return 0;
nomem:
	error = ra_error_set(RA_ENOMEM, "out of memory");
fail:
	ra_threats_free(t);
	return error;
}

/* The status a rule gives from an attribute value; -1: not applicable. */
static int
attribute_status(const char *value)
{
	if (value == NULL || value[0] == '\0' || strcmp(value, "unknown") == 0)
		return RA_VULN_UNVERIFIED;
	if (strcmp(value, "yes") == 0)
		return RA_VULN_ABSENT;
	if (strcmp(value, "n/a") == 0)
		return -1;
	return RA_VULN_PRESENT;		/* no, partial */
}

static int
has_candidate(const struct candidate *c, size_t n,
    const struct ra_vulnerability *v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i].vulnerability == v)
			return 1;
	return 0;
}

/* The vulnerabilities that apply to the asset, rules first. */
static size_t
candidates(struct ra_threats *t, const struct ra_category *category,
    const struct ra_asset_view *asset)
{
	const struct ra_catalog *cat = t->cat;
	struct candidate *c = t->candidates;
	size_t i, n = 0;
	int status;

	for (i = 0; i < cat->nrules; i++) {
		const struct ra_rule *r = &cat->rules[i];
		const struct ra_vulnerability *v;

		if (!ra_strings_has(&r->categories, category->id))
			continue;
		if (r->attribute < 0)
			status = RA_VULN_PRESENT;
		else
			status = attribute_status(
			    asset->attributes[r->attribute -
			    RA_COL_ENCRYPTION]);
		v = ra_catalog_vulnerability(cat, r->vulnerability);
		if (v == NULL || has_candidate(c, n, v))
			continue;
		/*
		 * n/a is kept as an excluded candidate so that the
		 * category's list cannot bring V back as unverified.
		 */
		c[n].vulnerability = v;
		c[n].excluded = status < 0;
		/*
		 * "no" in the asset's own row outranks a safeguard that claims
		 * the category: a control this asset lacks does not cover it.
		 */
		c[n].refuted = r->attribute >= 0 && asset->attributes[
		    r->attribute - RA_COL_ENCRYPTION] != NULL && strcmp(
		    asset->attributes[r->attribute - RA_COL_ENCRYPTION],
		    "no") == 0;
		c[n].status = status < 0 ? RA_VULN_ABSENT :
		    (enum ra_vuln_status)status;
		n++;
	}
	for (i = 0; i < category->vulnerabilities.n; i++) {
		const struct ra_vulnerability *v = ra_catalog_vulnerability(cat,
		    category->vulnerabilities.items[i]);

		if (v == NULL || has_candidate(c, n, v))
			continue;
		c[n].vulnerability = v;
		c[n].status = RA_VULN_UNVERIFIED;
		c[n].excluded = 0;
		c[n].refuted = 0;
		n++;
	}
	return n;
}

static int
covers(const struct ra_safeguard *s, const struct ra_asset_view *asset)
{
	size_t i;

	for (i = 0; i < s->napplies_to; i++)
		if (strcmp(s->applies_to[i], "all") == 0 ||
		    strcmp(s->applies_to[i], asset->category) == 0 ||
		    strcmp(s->applies_to[i], asset->id) == 0)
			return 1;
	return 0;
}

static int
mitigates(const struct applied *a, const struct ra_vulnerability *v)
{
	size_t i;

	for (i = 0; i < a->nmitigates; i++)
		if (a->mitigates[i] == v)
			return 1;
	return 0;
}

/* Fill the pair's safeguards and effectiveness. */
static int
apply(struct ra_threats *t, const struct ra_asset_view *asset,
    const struct candidate *c, struct ra_pair *pair)
{
	size_t i;
	int error;

	ra_buf_truncate(&t->joined, 0);
	if ((error = ra_buf_grow(&t->joined, 0)) < 0)
		return error;
	pair->effectiveness = RA_EFFECT_NONE;
	for (i = 0; i < t->napplied && !c->refuted; i++) {
		const struct applied *a = &t->applied[i];

		if (!mitigates(a, pair->vulnerability) ||
		    !covers(a->safeguard, asset))
			continue;
		if (t->joined.len > 0)
			ra_buf_addch(&t->joined, ';');
		if ((error = ra_buf_adds(&t->joined, a->safeguard->id)) < 0)
			return error;
		if (a->safeguard->effectiveness > pair->effectiveness)
			pair->effectiveness = a->safeguard->effectiveness;
	}
	pair->safeguards = ra_buf_cstr(&t->joined);
	return 0;
}

int
ra_threats_asset(struct ra_threats *t, const struct ra_asset_view *asset,
    int all, int (*emit)(void *ctx, const struct ra_pair *pair), void *ctx)
{
	const struct ra_category *category;
	int disposed, retired, error;
	size_t i, k, n;

	category = ra_catalog_category(t->cat, asset->category);
	if (category == NULL)
		return ra_error_set(RA_ENOTFOUND, "no category '%s' in the "
		    "catalog", asset->category);
	disposed = asset->status != NULL &&
	    strcmp(asset->status, "disposed") == 0;
	retired = asset->status != NULL &&
	    strcmp(asset->status, "retired") == 0;
	/* Out of use and holding nothing: no risk to assess. */
	if (retired && (asset->ephi == NULL ||
	    !ra_schema_ephi_has(asset->ephi, "store")))
		return 0;
	n = candidates(t, category, asset);
	for (i = 0; i < category->threats.n; i++) {
		const struct ra_threat *threat = ra_catalog_threat(t->cat,
		    category->threats.items[i]);

		if (threat == NULL || (disposed && !threat->disposal) ||
		    (retired && !threat->retired))
			continue;
		for (k = 0; k < n; k++) {
			struct ra_pair pair;

			if (t->candidates[k].excluded ||
			    !ra_strings_has(&t->candidates[k].vulnerability->
			    threats, threat->id))
				continue;
			if (t->candidates[k].status == RA_VULN_ABSENT && !all)
				continue;
			pair.threat = threat;
			pair.vulnerability = t->candidates[k].vulnerability;
			pair.status = t->candidates[k].status;
			if ((error = apply(t, asset, &t->candidates[k],
			    &pair)) < 0)
				return error;
			if ((error = emit(ctx, &pair)) != 0)
				return error;
		}
	}
	return 0;
}

/* FNV-1a: the ids are short slugs. */
static size_t
hash_id(const char *s)
{
	size_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot of id in the index: where it is, or the free one it would take. */
static size_t
seen_slot(const struct ra_threats *t, const char *id)
{
	size_t i = hash_id(id) & (t->nslots - 1);

	while (t->slots[i] != 0 && strcmp(t->seen.items[t->slots[i] - 1],
	    id) != 0)
		i = (i + 1) & (t->nslots - 1);
	return i;
}

/* 1 when ra_threats_saw_asset() was called with id. */
static int
seen_has(const struct ra_threats *t, const char *id)
{
	return t->nslots > 0 && t->slots[seen_slot(t, id)] != 0;
}

/* Double the index (kept at most half full) and put every id back. */
static int
seen_grow(struct ra_threats *t)
{
	size_t *old = t->slots, n = t->nslots, i;

	t->nslots = n > 0 ? n * 2 : 64;
	if ((t->slots = calloc(t->nslots, sizeof(*t->slots))) == NULL) {
		t->slots = old;
		t->nslots = n;
		return ra_error_set(RA_ENOMEM, "out of memory");
	}
	for (i = 0; i < t->seen.n; i++)
		t->slots[seen_slot(t, t->seen.items[i])] = i + 1;
	free(old);
	return 0;
}

int
ra_threats_saw_asset(struct ra_threats *t, const char *id)
{
	char **items, *copy;
	int error;

	if (seen_has(t, id))
		return ra_error_set(RA_EEXISTS, "duplicate id '%s'", id);
	if (2 * (t->seen.n + 1) > t->nslots && (error = seen_grow(t)) < 0)
		return error;
	if (t->seen.n == t->seen_cap) {
		size_t cap = t->seen_cap > 0 ? t->seen_cap * 2 : 64;

		if ((items = realloc(t->seen.items, cap * sizeof(*items))) ==
		    NULL)
			return ra_error_set(RA_ENOMEM, "out of memory");
		t->seen.items = items;
		t->seen_cap = cap;
	}
	if ((copy = ra_strdup(id)) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	t->slots[seen_slot(t, id)] = t->seen.n + 1;
	t->seen.items[t->seen.n++] = copy;
	return 0;
}

int
ra_threats_unused_ids(const struct ra_threats *t)
{
	size_t i, k;

	for (i = 0; i < t->napplied; i++) {
		const struct ra_safeguard *s = t->applied[i].safeguard;

		for (k = 0; k < s->napplies_to; k++) {
			const char *name = s->applies_to[k];
			const char *near;
			char path[64];

			if (strcmp(name, "all") == 0 ||
			    ra_schema_is_category(name) ||
			    seen_has(t, name))
				continue;
			snprintf(path, sizeof(path),
			    "safeguards[%zu].applies_to", i);
			near = ra_nearest(name, ra_schema_categories);
			if (near == NULL && t->seen.n > 0) {
				const char **ids = calloc(t->seen.n + 1,
				    sizeof(*ids));

				if (ids == NULL)
					return ra_error_set(RA_ENOMEM,
					    "out of memory");
				memcpy(ids, t->seen.items,
				    t->seen.n * sizeof(*ids));
				near = ra_nearest(name, ids);
				free(ids);
				if (near != NULL)
					return ra_error_at(RA_EINVAL,
					    t->safeguards->name, s->line, path,
					    "no asset or category '%s' (did "
					    "you mean '%s'?)", name, near);
			}
			return ra_error_at(RA_EINVAL, t->safeguards->name,
			    s->line, path, near != NULL ? "no asset or "
			    "category '%s' (did you mean '%s'?)" : "no asset "
			    "or category '%s'", name, near);
		}
	}
	return 0;
}
