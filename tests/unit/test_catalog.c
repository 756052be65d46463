/*
 * test_catalog.c: the built-in catalog is complete and consistent, and a
 * practice's catalog.yaml extends and overrides it with strict errors.
 */
#include "ra_test.h"

#include "ra_catalog.h"
#include "ra_error.h"
#include "ra_schema.h"

static struct ra_catalog *
builtin(void)
{
	struct ra_catalog *cat;

	if (ra_catalog_load_builtin(&cat) != 0)
		fail_msg("built-in catalog: %s", ra_error_last());
	return cat;
}

static void
test_builtin_is_consistent(void **state)
{
	struct ra_catalog *cat = builtin();

	(void)state;
	if (ra_catalog_validate(cat) != 0)
		fail_msg("%s", ra_error_last());
	assert_int_equal(cat->ncategories, 25);
	ra_catalog_free(cat);
}

/* 1 when vulnerability v can apply to some category. */
static int
reachable(const struct ra_catalog *cat, const char *v)
{
	size_t i;

	for (i = 0; i < cat->ncategories; i++)
		if (ra_strings_has(&cat->categories[i].vulnerabilities, v))
			return 1;
	for (i = 0; i < cat->nrules; i++)
		if (strcmp(cat->rules[i].vulnerability, v) == 0)
			return 1;
	return 0;
}

static void
test_every_sra_vulnerability(void **state)
{
	/* The HHS SRA Tool 3.6's 40, per section. */
	static const int per_section[] = { 5, 4, 4, 10, 7, 4, 6 };
	struct ra_catalog *cat = builtin();
	char id[16], sra[16];
	size_t s, k, count = 0;

	(void)state;
	for (s = 0; s < 7; s++)
		for (k = 1; k <= (size_t)per_section[s]; k++) {
			const struct ra_vulnerability *v;

			snprintf(id, sizeof(id), "sra-v%zu-%zu", s + 1, k);
			snprintf(sra, sizeof(sra), "SRA-V%zu.%zu", s + 1, k);
			v = ra_catalog_vulnerability(cat, id);
			if (v == NULL)
				fail_msg("missing %s", id);
			assert_string_equal(v->sra, sra);
			if (!reachable(cat, id))
				fail_msg("%s applies to no category", id);
			count++;
		}
	assert_int_equal(count, 40);
	ra_catalog_free(cat);
}

static void
test_every_entry_is_complete(void **state)
{
	static const char *const technical[] = {
		"no-encryption", "no-mfa", "unpatched", "unsupported-os",
		"no-backup", "untested-restore", "no-baa", "shared-accounts",
		"default-passwords", "guest-wifi-not-segmented", "rdp-exposed",
		"no-screen-lock", "no-offboarding", NULL
	};
	static const char *const threats[] = {
		"phishing", "ransomware", "theft-loss", "medical-device-attack",
		"former-employee", "vendor-breach", "paper-exposure", NULL
	};
	struct ra_catalog *cat = builtin();
	size_t i, k;

	(void)state;
	for (i = 0; i < cat->nvulnerabilities; i++) {
		const struct ra_vulnerability *v = &cat->vulnerabilities[i];

		assert_true(v->remediation.n > 0);
		assert_true(v->cite.n > 0);
		for (k = 0; k < v->remediation.n; k++)
			/* Imperative, concrete: a sentence, not a slogan. */
			assert_true(strlen(v->remediation.items[k]) > 30);
	}
	for (i = 0; technical[i] != NULL; i++) {
		int mitigated = 0;

		if (ra_catalog_vulnerability(cat, technical[i]) == NULL)
			fail_msg("missing vulnerability %s", technical[i]);
		for (k = 0; k < cat->nsafeguards; k++)
			mitigated |= ra_strings_has(
			    &cat->safeguards[k].mitigates, technical[i]);
		if (!mitigated)
			fail_msg("no safeguard mitigates %s", technical[i]);
	}
	for (i = 0; threats[i] != NULL; i++)
		if (ra_catalog_threat(cat, threats[i]) == NULL)
			fail_msg("missing threat %s", threats[i]);
	for (i = 0; i < cat->ncategories; i++)
		assert_true(cat->categories[i].threats.n > 0);
	/* HICP's five threats are all there. */
	for (k = 1; k <= 5; k++) {
		int found = 0;

		for (i = 0; i < cat->nthreats; i++)
			found |= cat->threats[i].hicp == (int)k;
		if (!found)
			fail_msg("no threat for HICP threat %zu", k);
	}
	ra_catalog_free(cat);
}

static const char local[] =
    "threats:\n"
    "  - id: phishing\n"
    "    name: Phishing, as this practice sees it\n"
    "    source: adversarial\n"
    "    likelihood: very-high\n"
    "    exposes: true\n"
    "    financial: high\n"
    "    downtime: low\n"
    "    cite: [\"164.308(a)(5)(i)\"]\n"
    "  - id: drone\n"
    "    name: A drone films the front desk\n"
    "    source: adversarial\n"
    "    likelihood: very-low\n"
    "    exposes: true\n"
    "    financial: low\n"
    "    downtime: none\n"
    "    cite: [\"164.310(a)(1)\"]\n";

static void
test_local_overrides_and_extends(void **state)
{
	struct ra_catalog *cat = builtin();
	size_t before = cat->nthreats;
	const struct ra_threat *t;

	(void)state;
	assert_int_equal(ra_catalog_add_buffer(cat, local, sizeof(local) - 1,
	    "catalog.yaml"), 0);
	assert_int_equal(cat->nthreats, before + 1);
	t = ra_catalog_threat(cat, "phishing");
	assert_string_equal(t->name, "Phishing, as this practice sees it");
	assert_int_equal(t->likelihood, RA_LEVEL_VERY_HIGH);
	assert_string_equal(t->origin.file, "catalog.yaml");
	assert_int_equal(t->origin.line, 2);
	t = ra_catalog_threat(cat, "drone");
	assert_int_equal(t->downtime, RA_DOWNTIME_NONE);
	assert_int_equal(ra_catalog_validate(cat), 0);
	ra_catalog_free(cat);
}

static void
expect_error(const char *text, const char *message)
{
	struct ra_catalog *cat = builtin();
	int error;

	error = ra_catalog_add_buffer(cat, text, strlen(text), "catalog.yaml");
	if (error == 0)
		error = ra_catalog_validate(cat);
	assert_int_equal(error, RA_EINVAL);
	assert_string_equal(ra_error_last(), message);
	ra_catalog_free(cat);
}

static void
test_local_errors(void **state)
{
	(void)state;
	expect_error("threats:\n  - id: x\n    name: X\n    source: alien\n"
	    "    cite: [\"164.308(a)(1)\"]\n",
	    "catalog.yaml:4: threats[0].source: expected adversarial, "
	    "accidental, structural or environmental, got 'alien'");
	expect_error("vulnerabilities:\n  - id: v\n    name: V\n"
	    "    threats: [meteor]\n    cite: [\"164.308(a)(1)\"]\n"
	    "    remediation: [Do a thing that is concrete enough.]\n",
	    "catalog.yaml:2: v: no threat 'meteor' in the catalog");
	expect_error("vulnerabilities:\n  - id: v\n    name: V\n"
	    "    threats: [phishing]\n    cite: [\"164.308(a)(1)\"]\n",
	    "catalog.yaml:2: vulnerabilities[0].remediation: required");
	expect_error("categories:\n  - id: toaster\n    name: T\n"
	    "    threats: [fire]\n",
	    "catalog.yaml:2: categories[0].id: 'toaster' is not a category "
	    "ra knows (see ra-files(5))");
	expect_error("rules:\n  - attribute: colour\n    categories: [laptop]\n"
	    "    vulnerability: no-encryption\n",
	    "catalog.yaml:2: rules[0].attribute: expected encryption, mfa, "
	    "patched, backup or baa, got 'colour'");
	expect_error("safeguards:\n  - id: s\n    name: S\n"
	    "    type: technical\n"
	    "    mitigates: [nothing-here]\n    cite: [\"164.312(b)\"]\n",
	    "catalog.yaml:2: s: no vulnerability 'nothing-here' in the "
	    "catalog");
	expect_error("threat:\n  - id: x\n",
	    "catalog.yaml:1: unknown key 'threat' (did you mean 'threats'?)");
}

/* Equal lists of strings. */
static void
same_strings(const struct ra_strings *a, const struct ra_strings *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++)
		assert_string_equal(a->items[i], b->items[i]);
}

/*
 * The built-in catalog is compiled from catalog.yaml at build time
 * (gen-catalog): it must be exactly what loading the YAML gives.
 */
static void
test_builtin_is_the_yaml(void **state)
{
	const char *top = getenv("RA_TOP");
	struct ra_catalog *cat = builtin(), *yaml;
	char path[4096];
	size_t i;

	(void)state;
	snprintf(path, sizeof(path), "%s/lib/catalog/catalog.yaml",
	    top != NULL && *top != '\0' ? top : ".");
	if ((yaml = calloc(1, sizeof(*yaml))) == NULL)
		fail();
	if (ra_catalog_add_file(yaml, path, "<built-in catalog>") != 0) {
		ra_catalog_free(yaml);
		ra_catalog_free(cat);
		skip();
	}
	assert_int_equal(cat->ncategories, yaml->ncategories);
	for (i = 0; i < cat->ncategories; i++) {
		const struct ra_category *a = &cat->categories[i];
		const struct ra_category *b = &yaml->categories[i];

		assert_string_equal(a->id, b->id);
		assert_string_equal(a->name, b->name);
		assert_int_equal(a->ephi, b->ephi);
		same_strings(&a->threats, &b->threats);
		same_strings(&a->vulnerabilities, &b->vulnerabilities);
		same_strings(&a->cite, &b->cite);
		assert_string_equal(a->origin.file, b->origin.file);
		assert_int_equal(a->origin.line, b->origin.line);
	}
	assert_int_equal(cat->nthreats, yaml->nthreats);
	for (i = 0; i < cat->nthreats; i++) {
		const struct ra_threat *a = &cat->threats[i];
		const struct ra_threat *b = &yaml->threats[i];

		assert_string_equal(a->id, b->id);
		assert_string_equal(a->name, b->name);
		assert_string_equal(a->description, b->description);
		assert_int_equal(a->source, b->source);
		assert_int_equal(a->hicp, b->hicp);
		assert_int_equal(a->likelihood, b->likelihood);
		assert_int_equal(a->exposes, b->exposes);
		assert_int_equal(a->financial, b->financial);
		assert_int_equal(a->downtime, b->downtime);
		assert_int_equal(a->disposal, b->disposal);
		assert_int_equal(a->retired, b->retired);
		same_strings(&a->cite, &b->cite);
		assert_int_equal(a->origin.line, b->origin.line);
	}
	assert_int_equal(cat->nvulnerabilities, yaml->nvulnerabilities);
	for (i = 0; i < cat->nvulnerabilities; i++) {
		const struct ra_vulnerability *a = &cat->vulnerabilities[i];
		const struct ra_vulnerability *b = &yaml->vulnerabilities[i];

		assert_string_equal(a->id, b->id);
		assert_string_equal(a->name, b->name);
		assert_string_equal(a->sra, b->sra);
		same_strings(&a->threats, &b->threats);
		same_strings(&a->cite, &b->cite);
		same_strings(&a->remediation, &b->remediation);
		assert_int_equal(a->origin.line, b->origin.line);
	}
	assert_int_equal(cat->nsafeguards, yaml->nsafeguards);
	for (i = 0; i < cat->nsafeguards; i++) {
		const struct ra_catalog_safeguard *a = &cat->safeguards[i];
		const struct ra_catalog_safeguard *b = &yaml->safeguards[i];

		assert_string_equal(a->id, b->id);
		assert_string_equal(a->name, b->name);
		assert_int_equal(a->type, b->type);
		same_strings(&a->mitigates, &b->mitigates);
		same_strings(&a->cite, &b->cite);
		same_strings(&a->hicp, &b->hicp);
	}
	assert_int_equal(cat->nrules, yaml->nrules);
	for (i = 0; i < cat->nrules; i++) {
		assert_int_equal(cat->rules[i].attribute,
		    yaml->rules[i].attribute);
		assert_string_equal(cat->rules[i].vulnerability,
		    yaml->rules[i].vulnerability);
		same_strings(&cat->rules[i].categories,
		    &yaml->rules[i].categories);
	}
	ra_catalog_free(yaml);
	ra_catalog_free(cat);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_is_consistent),
		cmocka_unit_test(test_builtin_is_the_yaml),
		cmocka_unit_test(test_every_sra_vulnerability),
		cmocka_unit_test(test_every_entry_is_complete),
		cmocka_unit_test(test_local_overrides_and_extends),
		cmocka_unit_test(test_local_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
