/*
 * test_threats.c: the pair engine of ra-threats: which (threat,
 * vulnerability) pairs an asset gets, with what status, and how the
 * practice's safeguards cover them.  Most tests run on a small catalog
 * whose every rule is visible below; the last ones on the built-in one.
 */
#include "ra_test.h"

#include "ra_buf.h"
#include "ra_catalog.h"
#include "ra_error.h"
#include "ra_practice.h"
#include "ra_threats.h"

/*
 * laptop: threats theft-loss, ransomware, improper-disposal; listed
 * vulnerability no-screen-lock; rules encryption -> no-encryption,
 * mfa -> no-mfa, backup -> no-backup.
 * workstation: lists no-mfa AND has the mfa rule (a rule decides first).
 * fax: inherent device-storage.
 */
static const char small[] =
    "categories:\n"
    "  - id: laptop\n"
    "    name: Laptop\n"
    "    ephi: true\n"
    "    threats: [theft-loss, ransomware, improper-disposal]\n"
    "    vulnerabilities: [no-screen-lock]\n"
    "  - id: workstation\n"
    "    name: Workstation\n"
    "    threats: [ransomware]\n"
    "    vulnerabilities: [no-mfa]\n"
    "  - id: fax\n"
    "    name: Fax\n"
    "    threats: [improper-disposal, theft-loss]\n"
    "threats:\n"
    "  - id: theft-loss\n"
    "    name: Theft or loss\n"
    "    source: adversarial\n"
    "    likelihood: moderate\n"
    "    exposes: true\n"
    "    financial: moderate\n"
    "    downtime: low\n"
    "    retired: true\n"
    "    cite: [\"164.310(d)(1)\"]\n"
    "  - id: ransomware\n"
    "    name: Ransomware\n"
    "    source: adversarial\n"
    "    likelihood: moderate\n"
    "    exposes: true\n"
    "    financial: high\n"
    "    downtime: high\n"
    "    cite: [\"164.308(a)(7)(ii)(A)\"]\n"
    "  - id: improper-disposal\n"
    "    name: Improper disposal\n"
    "    source: accidental\n"
    "    likelihood: low\n"
    "    exposes: true\n"
    "    financial: moderate\n"
    "    downtime: none\n"
    "    disposal: true\n"
    "    retired: true\n"
    "    cite: [\"164.310(d)(2)(i)\"]\n"
    "vulnerabilities:\n"
    "  - id: no-encryption\n"
    "    name: No encryption\n"
    "    threats: [theft-loss, improper-disposal]\n"
    "    cite: [\"164.312(a)(2)(iv)\"]\n"
    "    remediation: [Turn on full-disk encryption on the device.]\n"
    "  - id: no-mfa\n"
    "    name: No MFA\n"
    "    threats: [ransomware]\n"
    "    cite: [\"164.312(d)\"]\n"
    "    remediation: [Turn on MFA for every account.]\n"
    "  - id: no-backup\n"
    "    name: No backup\n"
    "    threats: [ransomware]\n"
    "    cite: [\"164.308(a)(7)(ii)(A)\"]\n"
    "    remediation: [Back the device up every night.]\n"
    "  - id: no-screen-lock\n"
    "    name: No screen lock\n"
    "    threats: [theft-loss]\n"
    "    cite: [\"164.312(a)(2)(iii)\"]\n"
    "    remediation: [Lock the screen after five minutes.]\n"
    "  - id: device-storage\n"
    "    name: Device storage\n"
    "    threats: [improper-disposal, theft-loss]\n"
    "    cite: [\"164.310(d)(2)(i)\"]\n"
    "    remediation: [Wipe the device before it leaves.]\n"
    "safeguards:\n"
    "  - id: fde\n"
    "    name: Full-disk encryption\n"
    "    type: technical\n"
    "    mitigates: [no-encryption]\n"
    "    cite: [\"164.312(a)(2)(iv)\"]\n"
    "  - id: backup\n"
    "    name: Backups\n"
    "    type: technical\n"
    "    mitigates: [no-backup]\n"
    "    cite: [\"164.308(a)(7)(ii)(A)\"]\n"
    "rules:\n"
    "  - attribute: encryption\n"
    "    categories: [laptop]\n"
    "    vulnerability: no-encryption\n"
    "  - attribute: mfa\n"
    "    categories: [laptop, workstation]\n"
    "    vulnerability: no-mfa\n"
    "  - attribute: backup\n"
    "    categories: [laptop]\n"
    "    vulnerability: no-backup\n"
    "  - inherent: true\n"
    "    categories: [fax]\n"
    "    vulnerability: device-storage\n";

enum { ENCRYPTION, MFA, PATCHED, BACKUP, BAA };

static struct ra_catalog *
small_catalog(void)
{
	struct ra_catalog *cat = calloc(1, sizeof(*cat));

	assert_non_null(cat);
	if (ra_catalog_add_buffer(cat, small, sizeof(small) - 1,
	    "small.yaml") != 0)
		fail_msg("small catalog: %s", ra_error_last());
	return cat;
}

/* Each pair as "threat/vulnerability status safeguards effectiveness\n". */
static int
collect(void *ctx, const struct ra_pair *pair)
{
	struct ra_buf *b = ctx;

	ra_buf_printf(b, "%s/%s %s [%s] %s\n", pair->threat->id,
	    pair->vulnerability->id, ra_vuln_status_names[pair->status],
	    pair->safeguards, ra_effectiveness_names[pair->effectiveness]);
	return 0;
}

/* The pairs of one asset, as collect() writes them; caller frees. */
static char *
pairs_of(struct ra_threats *t, const struct ra_asset_view *asset, int all)
{
	struct ra_buf b = RA_BUF_INIT;
	char *s;

	assert_int_equal(ra_buf_grow(&b, 0), 0);
	if (ra_threats_asset(t, asset, all, collect, &b) != 0)
		fail_msg("%s", ra_error_last());
	s = strdup(ra_buf_cstr(&b));
	ra_buf_release(&b);
	assert_non_null(s);
	return s;
}

static void
expect_pairs(struct ra_threats *t, const struct ra_asset_view *asset,
    int all, const char *expected)
{
	char *got = pairs_of(t, asset, all);

	assert_string_equal(got, expected);
	free(got);
}

static struct ra_threats *
engine(const struct ra_catalog *cat, const struct ra_safeguards *s)
{
	struct ra_threats *t;

	if (ra_threats_new(&t, cat, s) != 0)
		fail_msg("%s", ra_error_last());
	return t;
}

static void
test_attribute_values(void **state)
{
	struct ra_catalog *cat = small_catalog();
	struct ra_threats *t = engine(cat, NULL);
	struct ra_asset_view a = {
		.id = "lap", .category = "laptop", .status = "active",
		.attributes = { "no", "partial", NULL, "", NULL }
	};

	(void)state;
	/*
	 * no and partial: present; empty and NULL: unverified; the rules'
	 * vulnerabilities come before the category's list.
	 */
	expect_pairs(t, &a, 0,
	    "theft-loss/no-encryption present [] none\n"
	    "theft-loss/no-screen-lock unverified [] none\n"
	    "ransomware/no-mfa present [] none\n"
	    "ransomware/no-backup unverified [] none\n"
	    "improper-disposal/no-encryption present [] none\n");
	a.attributes[ENCRYPTION] = "unknown";
	a.attributes[MFA] = "yes";
	a.attributes[BACKUP] = "n/a";
	/* yes: absent, left out; n/a: no pair at all. */
	expect_pairs(t, &a, 0,
	    "theft-loss/no-encryption unverified [] none\n"
	    "theft-loss/no-screen-lock unverified [] none\n"
	    "improper-disposal/no-encryption unverified [] none\n");
	/* With all, the absent pair appears; the n/a one still does not. */
	expect_pairs(t, &a, 1,
	    "theft-loss/no-encryption unverified [] none\n"
	    "theft-loss/no-screen-lock unverified [] none\n"
	    "ransomware/no-mfa absent [] none\n"
	    "improper-disposal/no-encryption unverified [] none\n");
	ra_threats_free(t);
	ra_catalog_free(cat);
}

static void
test_rule_decides_before_category_list(void **state)
{
	struct ra_catalog *cat = small_catalog();
	struct ra_threats *t = engine(cat, NULL);
	struct ra_asset_view a = {
		.id = "ws", .category = "workstation", .status = "active",
	};

	(void)state;
	/* Listed by the category and no attribute: unverified. */
	expect_pairs(t, &a, 0, "ransomware/no-mfa unverified [] none\n");
	a.attributes[MFA] = "no";
	expect_pairs(t, &a, 0, "ransomware/no-mfa present [] none\n");
	a.attributes[MFA] = "yes";
	expect_pairs(t, &a, 0, "");
	expect_pairs(t, &a, 1, "ransomware/no-mfa absent [] none\n");
	/* n/a: the category's list does not bring it back. */
	a.attributes[MFA] = "n/a";
	expect_pairs(t, &a, 1, "");
	ra_threats_free(t);
	ra_catalog_free(cat);
}

static void
test_inherent_is_present(void **state)
{
	struct ra_catalog *cat = small_catalog();
	struct ra_threats *t = engine(cat, NULL);
	struct ra_asset_view a = {
		.id = "fax-1", .category = "fax", .status = "active",
		.attributes = { "yes", "yes", "yes", "yes", "yes" }
	};

	(void)state;
	expect_pairs(t, &a, 0,
	    "improper-disposal/device-storage present [] none\n"
	    "theft-loss/device-storage present [] none\n");
	ra_threats_free(t);
	ra_catalog_free(cat);
}

static void
test_retired_and_disposed(void **state)
{
	struct ra_catalog *cat = small_catalog();
	struct ra_threats *t = engine(cat, NULL);
	struct ra_asset_view a = {
		.id = "lap", .category = "laptop", .status = "retired",
		.attributes = { "no", "no", "no", "no", "no" }
	};

	(void)state;
	/* Retired and holding no ePHI: nothing to assess. */
	expect_pairs(t, &a, 1, "");
	a.ephi = "receive;transmit";
	expect_pairs(t, &a, 1, "");
	/* Retired but still storing ePHI: theft, break-in, disposal. */
	a.ephi = "store;transmit";
	expect_pairs(t, &a, 1,
	    "theft-loss/no-encryption present [] none\n"
	    "theft-loss/no-screen-lock unverified [] none\n"
	    "improper-disposal/no-encryption present [] none\n");
	a.status = "disposed";
	expect_pairs(t, &a, 1,
	    "improper-disposal/no-encryption present [] none\n");
	a.category = "fax";
	expect_pairs(t, &a, 0,
	    "improper-disposal/device-storage present [] none\n");
	/* An empty or missing status is active. */
	a.category = "laptop";
	a.status = "";
	expect_pairs(t, &a, 0,
	    "theft-loss/no-encryption present [] none\n"
	    "theft-loss/no-screen-lock unverified [] none\n"
	    "ransomware/no-mfa present [] none\n"
	    "ransomware/no-backup present [] none\n"
	    "improper-disposal/no-encryption present [] none\n");
	ra_threats_free(t);
	ra_catalog_free(cat);
}

static void
test_unknown_category(void **state)
{
	struct ra_catalog *cat = small_catalog();
	struct ra_threats *t = engine(cat, NULL);
	struct ra_asset_view a = { .id = "x", .category = "server" };
	struct ra_buf b = RA_BUF_INIT;

	(void)state;
	assert_int_equal(ra_threats_asset(t, &a, 0, collect, &b),
	    RA_ENOTFOUND);
	assert_string_equal(ra_error_last(),
	    "no category 'server' in the catalog");
	assert_int_equal(b.len, 0);
	ra_buf_release(&b);
	ra_threats_free(t);
	ra_catalog_free(cat);
}

static int
stop_at_second(void *ctx, const struct ra_pair *pair)
{
	int *n = ctx;

	(void)pair;
	return ++*n == 2 ? 42 : 0;
}

static void
test_emit_stops(void **state)
{
	struct ra_catalog *cat = small_catalog();
	struct ra_threats *t = engine(cat, NULL);
	struct ra_asset_view a = { .id = "lap", .category = "laptop" };
	int n = 0;

	(void)state;
	assert_int_equal(ra_threats_asset(t, &a, 0, stop_at_second, &n), 42);
	assert_int_equal(n, 2);
	ra_threats_free(t);
	ra_catalog_free(cat);
}

/* Safeguards are built by hand: the loader has its own tests. */
static struct ra_safeguard practice[] = {
	{ .id = "fde", .applies_to = (char *[]){ "laptop" },
	  .napplies_to = 1, .effectiveness = RA_EFFECT_PARTIAL, .line = 2 },
	{ .id = "fde-lee", .applies_to = (char *[]){ "lap-lee" },
	  .napplies_to = 1, .effectiveness = RA_EFFECT_ENFORCED,
	  .mitigates = (char *[]){ "no-encryption" }, .nmitigates = 1,
	  .line = 6 },
	{ .id = "policy", .applies_to = (char *[]){ "all" },
	  .napplies_to = 1, .effectiveness = RA_EFFECT_DOCUMENTED,
	  .mitigates = (char *[]){ "no-encryption", "no-screen-lock" },
	  .nmitigates = 2, .line = 11 },
	/* A catalog safeguard with a local addition: the union. */
	{ .id = "backup", .applies_to = (char *[]){ "fax", "lap-lee" },
	  .napplies_to = 2, .effectiveness = RA_EFFECT_NONE,
	  .mitigates = (char *[]){ "device-storage" }, .nmitigates = 1,
	  .line = 17 },
};

static const struct ra_safeguards practice_file = {
	.name = "safeguards.yaml",
	.n = sizeof(practice) / sizeof(practice[0]),
	.items = practice
};

static void
test_safeguards_cover_and_best_wins(void **state)
{
	struct ra_catalog *cat = small_catalog();
	struct ra_threats *t = engine(cat, &practice_file);
	struct ra_asset_view lee = {
		.id = "lap-lee", .category = "laptop", .status = "active",
		.attributes = { "partial", "yes", "yes", "no", "n/a" }
	};
	struct ra_asset_view other = lee;
	struct ra_asset_view fax = { .id = "fax-1", .category = "fax" };

	(void)state;
	other.id = "lap-2";
	/*
	 * By category (fde), by id (fde-lee), by all (policy): best wins.
	 * Lee's own row says backup: no, so the backup safeguard that
	 * claims it does not count for no-backup.
	 */
	expect_pairs(t, &lee, 0,
	    "theft-loss/no-encryption present [fde;fde-lee;policy] enforced\n"
	    "theft-loss/no-screen-lock unverified [policy] documented\n"
	    "ransomware/no-backup present [] none\n"
	    "improper-disposal/no-encryption present [fde;fde-lee;policy] "
	    "enforced\n");
	/* Not named: fde-lee and backup do not cover it. */
	expect_pairs(t, &other, 0,
	    "theft-loss/no-encryption present [fde;policy] partial\n"
	    "theft-loss/no-screen-lock unverified [policy] documented\n"
	    "ransomware/no-backup present [] none\n"
	    "improper-disposal/no-encryption present [fde;policy] partial\n");
	/* The catalog's backup mitigates no-backup; locally device-storage. */
	expect_pairs(t, &fax, 0,
	    "improper-disposal/device-storage present [backup] none\n"
	    "theft-loss/device-storage present [backup] none\n");
	ra_threats_free(t);
	ra_catalog_free(cat);
}

static void
expect_new_error(struct ra_safeguard *s, const char *message)
{
	struct ra_catalog *cat = small_catalog();
	struct ra_safeguards file = { .name = "p/safeguards.yaml", .n = 2 };
	struct ra_safeguard items[2] = {
		{ .id = "fde", .applies_to = (char *[]){ "all" },
		  .napplies_to = 1, .line = 2 },
	};
	struct ra_threats *t = (struct ra_threats *)1;

	items[1] = *s;
	file.items = items;
	assert_int_equal(ra_threats_new(&t, cat, &file), RA_EINVAL);
	assert_null(t);
	assert_string_equal(ra_error_last(), message);
	ra_catalog_free(cat);
}

static void
test_safeguard_errors(void **state)
{
	struct ra_safeguard custom = {
		.id = "esu", .applies_to = (char *[]){ "all" },
		.napplies_to = 1, .line = 5
	};

	(void)state;
	expect_new_error(&custom, "p/safeguards.yaml:5: safeguards[1]: 'esu' "
	    "is not a catalog safeguard; say which vulnerabilities it "
	    "mitigates (mitigates: [...])");
	custom.mitigates = (char *[]){ "no-mfa", "no-encryptoin" };
	custom.nmitigates = 2;
	expect_new_error(&custom, "p/safeguards.yaml:5: "
	    "safeguards[1].mitigates: no vulnerability 'no-encryptoin' in "
	    "the catalog (did you mean 'no-encryption'?)");
	custom.mitigates = (char *[]){ "zzzzzzzzzzzz" };
	custom.nmitigates = 1;
	expect_new_error(&custom, "p/safeguards.yaml:5: "
	    "safeguards[1].mitigates: no vulnerability 'zzzzzzzzzzzz' in "
	    "the catalog");
	/* A catalog safeguard's own additions are checked too. */
	custom.id = "backup";
	custom.mitigates = (char *[]){ "no-bakup" };
	expect_new_error(&custom, "p/safeguards.yaml:5: "
	    "safeguards[1].mitigates: no vulnerability 'no-bakup' in the "
	    "catalog (did you mean 'no-backup'?)");
}

static void
test_unused_ids(void **state)
{
	struct ra_safeguard items[] = {
		{ .id = "fde", .applies_to = (char *[]){ "all", "laptop",
		  "lap-lee", "lap-kim" }, .napplies_to = 4, .line = 2 },
		{ .id = "backup", .applies_to = (char *[]){ "lap-le" },
		  .napplies_to = 1, .line = 7 },
	};
	const struct ra_safeguards file = {
		.name = "safeguards.yaml", .n = 2, .items = items
	};
	struct ra_catalog *cat = small_catalog();
	struct ra_threats *t = engine(cat, &file);

	(void)state;
	/* Nothing seen yet: no suggestion among assets. */
	assert_int_equal(ra_threats_unused_ids(t), RA_EINVAL);
	assert_string_equal(ra_error_last(), "safeguards.yaml:2: "
	    "safeguards[0].applies_to: no asset or category 'lap-lee'");
	assert_int_equal(ra_threats_saw_asset(t, "lap-lee"), 0);
	assert_int_equal(ra_threats_unused_ids(t), RA_EINVAL);
	/* Too far from lap-lee (3 edits in 7) to suggest it. */
	assert_string_equal(ra_error_last(), "safeguards.yaml:2: "
	    "safeguards[0].applies_to: no asset or category 'lap-kim'");
	assert_int_equal(ra_threats_saw_asset(t, "lap-kim"), 0);
	/* A typo near an asset id is suggested. */
	assert_int_equal(ra_threats_unused_ids(t), RA_EINVAL);
	assert_string_equal(ra_error_last(), "safeguards.yaml:7: "
	    "safeguards[1].applies_to: no asset or category 'lap-le' (did "
	    "you mean 'lap-lee'?)");
	assert_int_equal(ra_threats_saw_asset(t, "lap-le"), 0);
	assert_int_equal(ra_threats_unused_ids(t), 0);
	/* An id seen twice would repeat its risk_ids. */
	assert_int_equal(ra_threats_saw_asset(t, "lap-kim"), RA_EEXISTS);
	assert_string_equal(ra_error_last(), "duplicate id 'lap-kim'");
	ra_threats_free(t);
	ra_catalog_free(cat);
}

static void
test_unused_ids_suggests_a_category(void **state)
{
	struct ra_safeguard items[] = {
		{ .id = "fde", .applies_to = (char *[]){ "lapton" },
		  .napplies_to = 1, .line = 3 },
	};
	const struct ra_safeguards file = {
		.name = "safeguards.yaml", .n = 1, .items = items
	};
	struct ra_catalog *cat = small_catalog();
	struct ra_threats *t = engine(cat, &file);

	(void)state;
	assert_int_equal(ra_threats_saw_asset(t, "lap-1"), 0);
	assert_int_equal(ra_threats_unused_ids(t), RA_EINVAL);
	assert_string_equal(ra_error_last(), "safeguards.yaml:3: "
	    "safeguards[0].applies_to: no asset or category 'lapton' (did "
	    "you mean 'laptop'?)");
	/* No safeguards at all: nothing to check. */
	ra_threats_free(t);
	t = engine(cat, NULL);
	assert_int_equal(ra_threats_unused_ids(t), 0);
	ra_threats_free(t);
	ra_catalog_free(cat);
}

static struct ra_catalog *
builtin(void)
{
	struct ra_catalog *cat;

	if (ra_catalog_load_builtin(&cat) != 0 || ra_catalog_validate(cat) != 0)
		fail_msg("built-in catalog: %s", ra_error_last());
	return cat;
}

/* Every built-in category gives pairs, the same ones every time. */
static void
test_builtin_deterministic(void **state)
{
	static const char *const categories[] = {
		"ehr", "practice-management", "scheduling", "billing", "email",
		"cloud-storage", "telehealth", "patient-portal", "server",
		"workstation", "laptop", "mobile", "tablet", "removable-media",
		"backup", "network", "wifi", "mfp", "fax", "phone-system",
		"medical-device", "remote-access", "business-associate",
		"location", "paper", NULL
	};
	struct ra_catalog *cat = builtin();
	struct ra_threats *t = engine(cat, NULL);
	size_t i;

	(void)state;
	for (i = 0; categories[i] != NULL; i++) {
		struct ra_asset_view a = {
			.id = "x", .category = categories[i],
			.status = "active"
		};
		char *first = pairs_of(t, &a, 1), *second = pairs_of(t, &a, 1);

		if (*first == '\0')
			fail_msg("%s: no pairs", categories[i]);
		assert_string_equal(first, second);
		/* Nothing is absent when nothing is known. */
		assert_null(strstr(first, " absent "));
		free(first);
		free(second);
	}
	ra_threats_free(t);
	ra_catalog_free(cat);
}

static void
test_builtin_laptop(void **state)
{
	struct ra_catalog *cat = builtin();
	struct ra_threats *t = engine(cat, NULL);
	struct ra_asset_view a = {
		.id = "lap", .category = "laptop", .status = "active",
		.attributes = { "no", "n/a", "yes", "yes", "n/a" }
	};
	char *got;

	(void)state;
	got = pairs_of(t, &a, 0);
	/* The category's first threat, its rule vulnerability first. */
	assert_true(strncmp(got, "theft-loss/no-encryption present [] none\n",
	    41) == 0);
	assert_null(strstr(got, "/unpatched "));
	assert_null(strstr(got, "/no-backup "));
	assert_null(strstr(got, "/no-mfa "));
	free(got);
	got = pairs_of(t, &a, 1);
	assert_non_null(strstr(got, "ransomware/unpatched absent [] none\n"));
	assert_non_null(strstr(got, "ransomware/no-backup absent [] none\n"));
	free(got);
	a.status = "disposed";
	got = pairs_of(t, &a, 0);
	/* Disposal risk runs through sanitization, not encryption. */
	assert_string_equal(got,
	    "improper-disposal/personal-device unverified [] none\n"
	    "improper-disposal/sra-v1-4 unverified [] none\n"
	    "improper-disposal/sra-v5-5 unverified [] none\n");
	free(got);
	ra_threats_free(t);
	ra_catalog_free(cat);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attribute_values),
		cmocka_unit_test(test_rule_decides_before_category_list),
		cmocka_unit_test(test_inherent_is_present),
		cmocka_unit_test(test_retired_and_disposed),
		cmocka_unit_test(test_unknown_category),
		cmocka_unit_test(test_emit_stops),
		cmocka_unit_test(test_safeguards_cover_and_best_wins),
		cmocka_unit_test(test_safeguard_errors),
		cmocka_unit_test(test_unused_ids),
		cmocka_unit_test(test_unused_ids_suggests_a_category),
		cmocka_unit_test(test_builtin_deterministic),
		cmocka_unit_test(test_builtin_laptop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
