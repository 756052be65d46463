/*
 * test_score.c: the scoring rules of SCORE.md one factor at a time, their
 * monotonicity, the assessor's overrides, the basis and the register
 * filter (columns appended or filled, unknown columns kept, errors).
 */
#include "ra_test.h"

#include "ra_buf.h"
#include "ra_catalog.h"
#include "ra_error.h"
#include "ra_matrix.h"
#include "ra_score.h"

/* Threats with known levels, added to the built-in catalog. */
static const char local[] =
    "threats:\n"
    "  - id: t-mod\n"
    "    name: Moderate\n"
    "    source: adversarial\n"
    "    likelihood: moderate\n"
    "    exposes: true\n"
    "    financial: low\n"
    "    downtime: moderate\n"
    "    cite: [\"164.308(a)(1)\"]\n"
    "  - id: t-quiet\n"
    "    name: Quiet\n"
    "    source: accidental\n"
    "    likelihood: very-low\n"
    "    exposes: false\n"
    "    financial: very-low\n"
    "    downtime: none\n"
    "    cite: [\"164.308(a)(1)\"]\n"
    "  - id: t-top\n"
    "    name: Top\n"
    "    source: adversarial\n"
    "    likelihood: very-high\n"
    "    exposes: false\n"
    "    financial: high\n"
    "    downtime: high\n"
    "    cite: [\"164.308(a)(1)\"]\n";

struct fixture {
	struct ra_catalog *cat;
	struct ra_matrix *matrix;
	struct ra_scorer *scorer;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(ra_catalog_load_builtin(&f->cat), 0);
	assert_int_equal(ra_catalog_add_buffer(f->cat, local,
	    sizeof(local) - 1, "local.yaml"), 0);
	assert_int_equal(ra_matrix_builtin(&f->matrix, "default"), 0);
	assert_int_equal(ra_scorer_new(&f->scorer, f->cat, f->matrix), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	ra_scorer_free(f->scorer);
	ra_matrix_free(f->matrix);
	ra_catalog_free(f->cat);
	free(f);
	return 0;
}

static struct ra_score_input
input(const char *threat)
{
	struct ra_score_input in;

	memset(&in, 0, sizeof(in));
	in.threat_id = threat;
	in.vulnerability_id = "v";
	in.vulnerability_status = "present";
	in.safeguards = "";
	in.effectiveness = "none";
	in.records = "100";
	in.criticality = "medium";
	in.likelihood = "";
	in.impact = "";
	return in;
}

static struct ra_score
score(struct fixture *f, const struct ra_score_input *in)
{
	struct ra_score sc;

	if (ra_score_row(&sc, f->scorer, in, "r.csv", 2) != 0)
		fail_msg("%s", ra_error_last());
	return sc;
}

static char *
basis(struct fixture *f, const struct ra_score_input *in)
{
	struct ra_buf b = RA_BUF_INIT;
	struct ra_score sc = score(f, in);

	assert_int_equal(ra_score_basis(&b, f->scorer, &sc, in), 0);
	return ra_buf_detach(&b);
}

static void
expect_basis(struct fixture *f, const struct ra_score_input *in,
    const char *expected)
{
	char *b = basis(f, in);

	assert_string_equal(b, expected);
	free(b);
}

static void
test_likelihood_factors(void **state)
{
	static const struct {
		const char *status, *effectiveness;
		int likelihood;
	} cases[] = {
		/* base moderate (2) */
		{ "present", "none", 3 },
		{ "unverified", "none", 3 },
		{ "absent", "none", 2 },
		{ "", "none", 3 },		/* not given: as unverified */
		{ NULL, NULL, 3 },		/* columns absent */
		{ "present", "", 3 },		/* not given: none */
		{ "present", "documented", 2 },	/* back to base */
		{ "present", "partial", 1 },
		{ "present", "enforced", 0 },	/* base - 2 */
		{ "absent", "documented", 1 },
		{ "absent", "partial", 0 },
		{ "absent", "enforced", 0 },	/* -1, floored */
	};
	struct fixture *f = *state;
	struct ra_score_input in;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ra_score sc;

		in = input("t-mod");
		in.vulnerability_status = cases[i].status;
		in.effectiveness = cases[i].effectiveness;
		sc = score(f, &in);
		if (sc.likelihood != cases[i].likelihood)
			fail_msg("case %zu: likelihood %d, expected %d", i,
			    sc.likelihood, cases[i].likelihood);
		assert_false(sc.likelihood_set);
	}
	/* Clamped at the top. */
	in = input("t-top");
	assert_int_equal(score(f, &in).likelihood, RA_LEVEL_VERY_HIGH);
	assert_int_equal(score(f, &in).likelihood_sum, 5);
}

static void
test_effectiveness_is_monotone(void **state)
{
	static const char *const statuses[] = {
		"absent", "unverified", "present", ""
	};
	static const char *const effects[] = {
		"none", "documented", "partial", "enforced"
	};
	static const char *const threats[] = { "t-mod", "t-quiet", "t-top",
		"phishing", "ransomware", "theft-loss" };
	struct fixture *f = *state;
	size_t t, s, e;

	for (t = 0; t < sizeof(threats) / sizeof(threats[0]); t++)
		for (s = 0; s < 4; s++) {
			int previous = RA_LEVEL_VERY_HIGH + 1;

			for (e = 0; e < 4; e++) {
				struct ra_score_input in = input(threats[t]);
				int l;

				in.vulnerability_status = statuses[s];
				in.effectiveness = effects[e];
				l = score(f, &in).likelihood;
				/* More effective never scores higher. */
				assert_true(l <= previous);
				previous = l;
				/* A present weakness never scores lower. */
				in.vulnerability_status = "absent";
				assert_true(score(f, &in).likelihood <= l);
			}
		}
}

static void
test_records(void **state)
{
	static const struct {
		const char *records;
		int impact;
	} cases[] = {
		{ "0", RA_LEVEL_VERY_LOW },
		{ "1", RA_LEVEL_MODERATE },
		{ "499", RA_LEVEL_MODERATE },
		{ "500", RA_LEVEL_HIGH },
		{ "9999", RA_LEVEL_HIGH },
		{ "10000", RA_LEVEL_VERY_HIGH },
		{ "99999999999999999999", RA_LEVEL_VERY_HIGH },
		{ "", RA_LEVEL_HIGH },	/* not known: 500 or more */
		{ NULL, RA_LEVEL_HIGH },
	};
	struct fixture *f = *state;
	size_t i;
	int previous = -1;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ra_score_input in = input("t-mod");
		struct ra_score sc;

		in.records = cases[i].records;
		in.criticality = "low";		/* operational: low */
		sc = score(f, &in);
		assert_int_equal(sc.records_level, cases[i].impact);
		/* financial low, operational low: records decide. */
		assert_int_equal(sc.impact, cases[i].impact < RA_LEVEL_LOW ?
		    RA_LEVEL_LOW : cases[i].impact);
		if (i < 7)
			assert_true(sc.impact >= previous);
		previous = sc.impact;
	}
}

static void
test_records_only_when_exposed(void **state)
{
	struct fixture *f = *state;
	struct ra_score_input in = input("t-quiet");
	struct ra_score sc;

	in.records = "50000";
	sc = score(f, &in);
	assert_int_equal(sc.records_level, -1);
	assert_int_equal(sc.operational, -1);
	assert_int_equal(sc.impact, RA_LEVEL_VERY_LOW);	/* financial */
}

static void
test_operational(void **state)
{
	static const struct {
		const char *criticality;
		int operational;
	} cases[] = {
		{ "low", RA_LEVEL_LOW },	/* downtime moderate - 1 */
		{ "medium", RA_LEVEL_MODERATE },
		{ "", RA_LEVEL_MODERATE },	/* not given: medium */
		{ NULL, RA_LEVEL_MODERATE },
		{ "high", RA_LEVEL_HIGH },
	};
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ra_score_input in = input("t-mod");
		struct ra_score sc;

		in.records = "0";
		in.criticality = cases[i].criticality;
		sc = score(f, &in);
		assert_int_equal(sc.operational, cases[i].operational);
		assert_int_equal(sc.impact, cases[i].operational);
	}
	{
		/* downtime high + criticality high: very-high. */
		struct ra_score_input in = input("t-top");

		in.criticality = "high";
		assert_int_equal(score(f, &in).impact, RA_LEVEL_VERY_HIGH);
		in.criticality = "low";
		/* financial high still holds it at high. */
		assert_int_equal(score(f, &in).impact, RA_LEVEL_HIGH);
	}
}

static void
test_assessor_overrides(void **state)
{
	struct fixture *f = *state;
	struct ra_score_input in = input("t-mod");
	struct ra_score sc;

	in.likelihood = "very-low";
	in.impact = "very-high";
	sc = score(f, &in);
	assert_int_equal(sc.likelihood, RA_LEVEL_VERY_LOW);
	assert_int_equal(sc.impact, RA_LEVEL_VERY_HIGH);
	assert_true(sc.likelihood_set && sc.impact_set);
	assert_int_equal(sc.score, 5);
	expect_basis(f, &in, "likelihood very-low: set by the assessor; "
	    "impact very-high: set by the assessor; risk low");
	/* One of the two: the other is derived. */
	in.likelihood = "";
	expect_basis(f, &in, "likelihood high: t-mod base moderate, v present "
	    "+1, no safeguard; impact very-high: set by the assessor; risk "
	    "high");
	/* A level an earlier run derived, as its basis shows, is derived
	 * again; one the basis does not account for is the assessor's. */
	in.likelihood = "high";
	in.impact = "moderate";
	in.basis = "likelihood high: t-mod base moderate, v present +1, no "
	    "safeguard; impact moderate: financial moderate; risk medium";
	sc = score(f, &in);
	assert_false(sc.likelihood_set);
	assert_false(sc.impact_set);
	assert_int_equal(sc.impact, RA_LEVEL_MODERATE);
	in.likelihood = "low";
	sc = score(f, &in);
	assert_true(sc.likelihood_set);
	assert_int_equal(sc.likelihood, RA_LEVEL_LOW);
	in.basis = "likelihood low: set by the assessor; impact moderate: x";
	assert_true(score(f, &in).likelihood_set);
}

static void
test_risk_and_score(void **state)
{
	struct fixture *f = *state;
	int l, i;

	for (l = 0; l < 5; l++)
		for (i = 0; i < 5; i++) {
			struct ra_score_input in = input("t-mod");
			struct ra_score sc;

			in.likelihood = ra_level_names[l];
			in.impact = ra_level_names[i];
			sc = score(f, &in);
			assert_int_equal(sc.risk,
			    ra_matrix_risk(f->matrix, l, i));
			assert_int_equal(sc.score, (l + 1) * (i + 1));
		}
}

static void
test_basis(void **state)
{
	struct fixture *f = *state;
	struct ra_score_input in = input("ransomware");

	/* SCORE.md's example, word for word. */
	in.vulnerability_id = "unpatched";
	in.records = "14000";
	expect_basis(f, &in, "likelihood high: ransomware base moderate, "
	    "unpatched present +1, no safeguard; impact very-high: 14000 "
	    "records; risk high");

	in = input("t-mod");
	in.vulnerability_status = "";
	in.safeguards = "mfa;training";
	in.effectiveness = "partial";
	in.records = "";
	in.criticality = "";
	expect_basis(f, &in, "likelihood low: t-mod base moderate, v status "
	    "not given, counted as unverified +1, safeguards mfa;training "
	    "partial -2; impact high: records not known, counted as 500 or "
	    "more; risk low");

	in = input("t-mod");
	in.vulnerability_status = "absent";
	in.safeguards = "mfa";
	in.effectiveness = "enforced";
	in.records = "1";
	in.criticality = "high";
	expect_basis(f, &in, "likelihood very-low: t-mod base moderate, v "
	    "absent, safeguard mfa enforced -3, floored at very-low; impact "
	    "high: downtime moderate +1 for criticality high; risk low");

	in = input("t-top");
	in.effectiveness = "documented";
	in.criticality = "";
	expect_basis(f, &in, "likelihood very-high: t-top base very-high, v "
	    "present +1, effectiveness documented -1; impact high: financial "
	    "high and downtime high (criticality not given, counted as "
	    "medium); risk high");

	in = input("t-top");
	expect_basis(f, &in, "likelihood very-high: t-top base very-high, v "
	    "present +1, no safeguard, capped at very-high; impact high: "
	    "financial high and downtime high; risk high");
}

static void
test_explain(void **state)
{
	struct fixture *f = *state;
	struct ra_score_input in = input("ransomware");
	struct ra_buf b = RA_BUF_INIT;
	struct ra_score sc;

	in.vulnerability_id = "unpatched";
	in.records = "14000";
	sc = score(f, &in);
	assert_int_equal(ra_score_explain(&b, f->scorer, &sc, &in), 0);
	assert_string_equal(b.ptr,
	    "  likelihood high (3)\n"
	    "    threat ransomware base likelihood: moderate (2)\n"
	    "    vulnerability unpatched: present +1\n"
	    "    safeguards: none listed, effectiveness none +0\n"
	    "    2 + 1 + 0 = 3: high (3)\n"
	    "  impact very-high (4), the highest of:\n"
	    "    records: 14000 (10,000 or more): very-high (4)\n"
	    "    financial: threat ransomware: high (3)\n"
	    "    operational: downtime high (3) + 0 for criticality medium = "
	    "3: high (3)\n"
	    "  risk high: matrix default at likelihood high, impact very-high "
	    "(plan level high)\n"
	    "  score 20 = (3 + 1) x (4 + 1)\n");
	ra_buf_release(&b);
}

static void
expect_row_error(struct fixture *f, const struct ra_score_input *in,
    const char *message)
{
	struct ra_score sc;

	assert_int_equal(ra_score_row(&sc, f->scorer, in, "r.csv", 12),
	    RA_EINVAL);
	assert_string_equal(ra_error_last(), message);
}

static void
test_row_errors(void **state)
{
	struct fixture *f = *state;
	struct ra_score_input in;

	in = input("meteor");
	expect_row_error(f, &in, "r.csv:12: threat_id: no threat 'meteor' in "
	    "the catalog");
	in = input("");
	expect_row_error(f, &in, "r.csv:12: threat_id: empty value");
	in = input("t-mod");
	in.impact = "hgih";
	expect_row_error(f, &in, "r.csv:12: impact: unknown level 'hgih'");
	in = input("t-mod");
	in.likelihood = "High";
	expect_row_error(f, &in, "r.csv:12: likelihood: unknown level 'High'");
	in = input("t-mod");
	in.vulnerability_status = "maybe";
	expect_row_error(f, &in, "r.csv:12: vulnerability_status: expected "
	    "present, unverified or absent, got 'maybe'");
	in = input("t-mod");
	in.effectiveness = "full";
	expect_row_error(f, &in, "r.csv:12: effectiveness: expected none, "
	    "documented, partial or enforced, got 'full'");
	in = input("t-mod");
	in.records = "1,200";
	expect_row_error(f, &in, "r.csv:12: records: expected a whole number, "
	    "got '1,200'");
	in = input("t-mod");
	in.criticality = "vital";
	expect_row_error(f, &in, "r.csv:12: criticality: expected low, medium "
	    "or high, got 'vital'");
}

/* Run the filter over text; return its output, or NULL with the error. */
static char *
filter(struct fixture *f, const char *text, int min_risk, int explain,
    int *error)
{
	struct ra_score_options o = { min_risk, -1, explain };
	char *buf = NULL;
	size_t len = 0;
	FILE *in, *out;

	in = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	out = open_memstream(&buf, &len);
	assert_non_null(in);
	assert_non_null(out);
	*error = ra_score_register(f->scorer, in, "r.csv", out, &o);
	fclose(in);
	fclose(out);
	return buf;
}

static void
test_register(void **state)
{
	struct fixture *f = *state;
	char *out;
	int error;

	/* Appended at the end, unknown columns kept in their place. */
	out = filter(f, "zz,risk_id,asset_id,threat_id,vulnerability_id,"
	    "records\r\n"
	    "\"a,\"\"b\"\"\",x/t-mod/v,x,t-mod,v,0\r\n", 0, 0, &error);
	assert_int_equal(error, 0);
	assert_string_equal(out, "zz,risk_id,asset_id,threat_id,"
	    "vulnerability_id,records,likelihood,impact,risk,score,basis\n"
	    "\"a,\"\"b\"\"\",x/t-mod/v,x,t-mod,v,0,high,moderate,medium,12,"
	    "\"likelihood high: t-mod base moderate, v status not given, "
	    "counted as unverified +1, no safeguard; impact moderate: "
	    "downtime moderate (criticality not given, counted as medium); "
	    "risk medium\"\n");
	free(out);

	/* Filled where the columns exist; an assessor's value kept. */
	out = filter(f, "risk_id,likelihood,asset_id,threat_id,"
	    "vulnerability_id,basis,impact,score,risk,note\n"
	    "x/t-quiet/v,,x,t-quiet,v,old,high,,,=1\n", 0, 0, &error);
	assert_int_equal(error, 0);
	assert_true(strncmp(out, "risk_id,likelihood,asset_id,threat_id,"
	    "vulnerability_id,basis,impact,score,risk,note\n", 84) == 0);
	assert_non_null(strstr(out, "x/t-quiet/v,low,x,t-quiet,v,\"likelihood "
	    "low: t-quiet base very-low, v status not given, counted as "
	    "unverified +1, no safeguard; impact high: set by the assessor; "
	    "risk low\",high,8,low,'=1\n"));
	free(out);

	/* --min keeps rows at or above the level. */
	out = filter(f, "risk_id,asset_id,threat_id,vulnerability_id\n"
	    "a,a,t-quiet,v\nb,b,t-top,v\n", 2, 0, &error);
	assert_int_equal(error, 0);
	assert_non_null(strstr(out, "\nb,b,t-top,v,very-high,high,high,20,"));
	assert_null(strstr(out, "\na,"));
	free(out);
}

static void
test_register_errors(void **state)
{
	struct fixture *f = *state;
	char *out;
	int error;

	out = filter(f, "risk_id,asset_id,vulnerability_id\n", 0, 0, &error);
	assert_int_equal(error, RA_EINVAL);
	assert_string_equal(ra_error_last(), "r.csv:1: no 'threat_id' column");
	free(out);
	out = filter(f, "", 0, 0, &error);
	assert_int_equal(error, RA_EINVAL);
	assert_string_equal(ra_error_last(), "r.csv: empty input: expected a "
	    "register with a header line");
	free(out);
	out = filter(f, "risk_id,asset_id,threat_id,vulnerability_id,impact\n"
	    "a,a,t-mod,v,high\n\nb,b,t-mod,v,hgih\n", 0, 0, &error);
	assert_int_equal(error, RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "r.csv:4: impact: unknown level 'hgih'");
	free(out);
	out = filter(f, "risk_id,asset_id,threat_id,vulnerability_id\n"
	    "a,,t-mod,v\n", 0, 0, &error);
	assert_int_equal(error, RA_EINVAL);
	assert_string_equal(ra_error_last(), "r.csv:2: asset_id: empty value");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_likelihood_factors),
		cmocka_unit_test(test_effectiveness_is_monotone),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_records_only_when_exposed),
		cmocka_unit_test(test_operational),
		cmocka_unit_test(test_assessor_overrides),
		cmocka_unit_test(test_risk_and_score),
		cmocka_unit_test(test_basis),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_row_errors),
		cmocka_unit_test(test_register),
		cmocka_unit_test(test_register_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
