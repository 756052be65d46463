/*
 * gen-catalog: a build-time program, not part of libra.  It loads and
 * validates lib/catalog/catalog.yaml with the library's own loader and
 * writes the result as C static data (ra_catalog_builtin_data), from which
 * ra_catalog_load_builtin() builds the in-memory catalog in microseconds
 * instead of parsing YAML at every start.  A catalog that does not load
 * or validate fails the build with the loader's file:line message.
 *
 * usage: gen-catalog catalog.yaml > catalog_data.c
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "ra_catalog.h"
#include "ra_error.h"
#include "c-literal.h"

/* A named array of string literals; prints nothing when empty. */
static void
strings(const char *name, size_t i, const struct ra_strings *list)
{
	size_t k;

	if (list->n == 0)
		return;
	printf("static char *%s%zu[] = {", name, i);
	for (k = 0; k < list->n; k++) {
		printf(k > 0 ? ",\n\t" : "\n\t");
		c_literal(list->items[k]);
	}
	printf("\n};\n");
}

static void
ref(const char *field, const char *name, size_t i,
    const struct ra_strings *list)
{
	if (list->n == 0)
		printf("\t\t.%s = { NULL, 0 },\n", field);
	else
		printf("\t\t.%s = { %s%zu, %zu },\n", field, name, i, list->n);
}

static void
text(const char *field, const char *s)
{
	printf("\t\t.%s = ", field);
	c_literal(s);
	printf(",\n");
}

static void
origin(const struct ra_origin *o)
{
	printf("\t\t.origin = { \"<built-in catalog>\", %lu }\n\t},\n",
	    o->line);
}

int
main(int argc, char **argv)
{
	struct ra_catalog *cat;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: gen-catalog catalog.yaml\n");
		return 2;
	}
	if ((cat = calloc(1, sizeof(*cat))) == NULL)
		err(2, NULL);
	if (ra_catalog_add_file(cat, argv[1], argv[1]) < 0 ||
	    ra_catalog_validate(cat) < 0)
		errx(2, "%s", ra_error_last());

	printf("/* Generated from %s by gen-catalog: do not edit. */\n"
	    "#include <stddef.h>\n\n#include \"ra_catalog.h\"\n\n"
	    "extern const struct ra_catalog ra_catalog_builtin_data;\n\n",
	    argv[1]);

	for (i = 0; i < cat->ncategories; i++) {
		strings("category_threats", i, &cat->categories[i].threats);
		strings("category_vulnerabilities", i,
		    &cat->categories[i].vulnerabilities);
		strings("category_cite", i, &cat->categories[i].cite);
	}
	printf("static struct ra_category categories[] = {\n");
	for (i = 0; i < cat->ncategories; i++) {
		const struct ra_category *c = &cat->categories[i];

		printf("\t{\n");
		text("id", c->id);
		text("name", c->name);
		printf("\t\t.ephi = %d,\n", c->ephi);
		ref("threats", "category_threats", i, &c->threats);
		ref("vulnerabilities", "category_vulnerabilities", i,
		    &c->vulnerabilities);
		ref("cite", "category_cite", i, &c->cite);
		origin(&c->origin);
	}
	printf("};\n\n");

	for (i = 0; i < cat->nthreats; i++)
		strings("threat_cite", i, &cat->threats[i].cite);
	printf("static struct ra_threat threats[] = {\n");
	for (i = 0; i < cat->nthreats; i++) {
		const struct ra_threat *t = &cat->threats[i];

		printf("\t{\n");
		text("id", t->id);
		text("name", t->name);
		printf("\t\t.source = %d,\n\t\t.hicp = %d,\n"
		    "\t\t.likelihood = %d,\n\t\t.exposes = %d,\n"
		    "\t\t.financial = %d,\n\t\t.downtime = %d,\n"
		    "\t\t.disposal = %d,\n\t\t.retired = %d,\n",
		    (int)t->source, t->hicp, (int)t->likelihood, t->exposes,
		    (int)t->financial, t->downtime, t->disposal, t->retired);
		ref("cite", "threat_cite", i, &t->cite);
		text("description", t->description);
		origin(&t->origin);
	}
	printf("};\n\n");

	for (i = 0; i < cat->nvulnerabilities; i++) {
		strings("vulnerability_threats", i,
		    &cat->vulnerabilities[i].threats);
		strings("vulnerability_cite", i, &cat->vulnerabilities[i].cite);
		strings("vulnerability_remediation", i,
		    &cat->vulnerabilities[i].remediation);
	}
	printf("static struct ra_vulnerability vulnerabilities[] = {\n");
	for (i = 0; i < cat->nvulnerabilities; i++) {
		const struct ra_vulnerability *v = &cat->vulnerabilities[i];

		printf("\t{\n");
		text("id", v->id);
		text("name", v->name);
		text("sra", v->sra);
		ref("threats", "vulnerability_threats", i, &v->threats);
		ref("cite", "vulnerability_cite", i, &v->cite);
		ref("remediation", "vulnerability_remediation", i,
		    &v->remediation);
		origin(&v->origin);
	}
	printf("};\n\n");

	for (i = 0; i < cat->nsafeguards; i++) {
		strings("safeguard_mitigates", i,
		    &cat->safeguards[i].mitigates);
		strings("safeguard_cite", i, &cat->safeguards[i].cite);
		strings("safeguard_hicp", i, &cat->safeguards[i].hicp);
	}
	printf("static struct ra_catalog_safeguard safeguards[] = {\n");
	for (i = 0; i < cat->nsafeguards; i++) {
		const struct ra_catalog_safeguard *s = &cat->safeguards[i];

		printf("\t{\n");
		text("id", s->id);
		text("name", s->name);
		printf("\t\t.type = %d,\n", (int)s->type);
		ref("mitigates", "safeguard_mitigates", i, &s->mitigates);
		ref("cite", "safeguard_cite", i, &s->cite);
		ref("hicp", "safeguard_hicp", i, &s->hicp);
		origin(&s->origin);
	}
	printf("};\n\n");

	for (i = 0; i < cat->nrules; i++)
		strings("rule_categories", i, &cat->rules[i].categories);
	printf("static struct ra_rule rules[] = {\n");
	for (i = 0; i < cat->nrules; i++) {
		const struct ra_rule *r = &cat->rules[i];

		printf("\t{\n\t\t.attribute = %d,\n", r->attribute);
		ref("categories", "rule_categories", i, &r->categories);
		text("vulnerability", r->vulnerability);
		origin(&r->origin);
	}
	printf("};\n\n");

	printf("const struct ra_catalog ra_catalog_builtin_data = {\n"
	    "\t.categories = categories, .ncategories = %zu,\n"
	    "\t.threats = threats, .nthreats = %zu,\n"
	    "\t.vulnerabilities = vulnerabilities, .nvulnerabilities = %zu,\n"
	    "\t.safeguards = safeguards, .nsafeguards = %zu,\n"
	    "\t.rules = rules, .nrules = %zu,\n"
	    "\t.files = { NULL, 0 }\n};\n", cat->ncategories, cat->nthreats,
	    cat->nvulnerabilities, cat->nsafeguards, cat->nrules);
	ra_catalog_free(cat);
	if (fflush(stdout) != 0 || ferror(stdout))
		errx(2, "write error");
	return 0;
}
