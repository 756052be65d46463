/*
 * test_matrix.c: the built-in matrices cell for cell against NIST SP
 * 800-30 Rev. 1 Table I-2, and the matrix.yaml loader: every error it
 * names, with file and line.
 */
#include "ra_test.h"

#include "ra_buf.h"
#include "ra_error.h"
#include "ra_matrix.h"

enum { VL, L, M, H, VH };

/*
 * Table I-2 as NIST prints it (REFERENCE.md 3.3, SCORE.md): rows are
 * likelihood very-low..very-high, columns impact very-low..very-high.
 */
static const int table_i2[5][5] = {
	/* VL */ { VL, VL, VL, L, L },
	/* L  */ { VL, L, L, L, M },
	/* M  */ { VL, L, M, M, H },
	/* H  */ { VL, L, M, H, VH },
	/* VH */ { VL, L, M, H, VH },
};

static const char *const nist_names[] = {
	"very-low", "low", "moderate", "high", "very-high"
};

static struct ra_matrix *
builtin(const char *name)
{
	struct ra_matrix *m;

	if (ra_matrix_builtin(&m, name) != 0)
		fail_msg("%s: %s", name, ra_error_last());
	return m;
}

static void
test_nist_is_table_i2(void **state)
{
	struct ra_matrix *m = builtin("nist");
	int l, i, cells = 0;

	(void)state;
	assert_string_equal(m->name, "nist");
	assert_int_equal(m->nlevels, 5);
	for (l = 0; l < 5; l++)
		assert_string_equal(m->levels[l], nist_names[l]);
	for (l = 0; l < 5; l++)
		for (i = 0; i < 5; i++) {
			int risk = ra_matrix_risk(m, l, i);

			if (risk != table_i2[l][i])
				fail_msg("likelihood %s, impact %s: %s, NIST "
				    "says %s", nist_names[l], nist_names[i],
				    m->levels[risk],
				    nist_names[table_i2[l][i]]);
			cells++;
		}
	assert_int_equal(cells, 25);
	/* The collapse: VL, L -> low; M -> medium; H, VH -> high. */
	assert_int_equal(m->collapse[VL], RA_PLAN_LOW);
	assert_int_equal(m->collapse[L], RA_PLAN_LOW);
	assert_int_equal(m->collapse[M], RA_PLAN_MEDIUM);
	assert_int_equal(m->collapse[H], RA_PLAN_HIGH);
	assert_int_equal(m->collapse[VH], RA_PLAN_HIGH);
	ra_matrix_free(m);
}

static void
test_default_is_table_i2_collapsed(void **state)
{
	static const int collapse[5] = { 0, 0, 1, 2, 2 };
	static const char *const three[] = { "low", "medium", "high" };
	struct ra_matrix *m = builtin("default");
	int l, i;

	(void)state;
	assert_string_equal(m->name, "default");
	assert_int_equal(m->nlevels, 3);
	for (l = 0; l < 3; l++) {
		assert_string_equal(m->levels[l], three[l]);
		assert_int_equal(m->collapse[l], l);
	}
	for (l = 0; l < 5; l++)
		for (i = 0; i < 5; i++)
			assert_int_equal(ra_matrix_risk(m, l, i),
			    collapse[table_i2[l][i]]);
	assert_int_equal(ra_matrix_level_parse(m, "medium"), 1);
	assert_int_equal(ra_matrix_level_parse(m, "moderate"), -1);
	ra_matrix_free(m);
}

static void
test_unknown_builtin(void **state)
{
	struct ra_matrix *m;

	(void)state;
	assert_int_equal(ra_matrix_builtin(&m, "iso"), RA_ENOTFOUND);
	assert_null(m);
	assert_string_equal(ra_error_last(),
	    "no built-in matrix 'iso' (expected default or nist)");
}

/* A 2-level matrix: everything low except high likelihood and impact. */
static const char two[] =
    "name: two\n"
    "risk: [low, high]\n"
    "grid:\n"
    "  very-low:  [low, low, low, low, low]\n"
    "  low:       [low, low, low, low, low]\n"
    "  moderate:  [low, low, low, low, high]\n"
    "  high:      [low, low, low, high, high]\n"
    "  very-high: [low, low, high, high, high]\n"
    "collapse: {low: low, high: high}\n";

static void
test_custom_matrix(void **state)
{
	struct ra_matrix *m;
	struct ra_buf text = RA_BUF_INIT;

	(void)state;
	assert_int_equal(ra_matrix_load_buffer(&m, two, sizeof(two) - 1,
	    "matrix.yaml"), 0);
	assert_string_equal(m->name, "two");
	assert_string_equal(m->description, "");
	assert_int_equal(ra_matrix_risk(m, VH, M), 1);
	assert_int_equal(ra_matrix_risk(m, M, H), 0);
	assert_int_equal(m->collapse[1], RA_PLAN_HIGH);
	assert_int_equal(ra_matrix_levels_text(&text, m), 0);
	assert_string_equal(text.ptr, "low or high");
	ra_buf_release(&text);
	ra_matrix_free(m);
}

static void
test_name_defaults_to_file(void **state)
{
	static const char text[] =
	    "risk: [only]\n"
	    "grid:\n"
	    "  very-low: [only, only, only, only, only]\n"
	    "  low: [only, only, only, only, only]\n"
	    "  moderate: [only, only, only, only, only]\n"
	    "  high: [only, only, only, only, only]\n"
	    "  very-high: [only, only, only, only, only]\n"
	    "collapse:\n  only: medium\n";
	struct ra_matrix *m;

	(void)state;
	assert_int_equal(ra_matrix_load_buffer(&m, text, sizeof(text) - 1,
	    "mine.yaml"), 0);
	assert_string_equal(m->name, "mine.yaml");
	assert_int_equal(m->collapse[0], RA_PLAN_MEDIUM);
	ra_matrix_free(m);
}

static void
expect_error(const char *text, const char *message)
{
	struct ra_matrix *m = NULL;

	assert_int_equal(ra_matrix_load_buffer(&m, text, strlen(text),
	    "matrix.yaml"), RA_EINVAL);
	assert_null(m);
	assert_string_equal(ra_error_last(), message);
}

/* two with line k (1-based) replaced by line. */
static char *
edit(int k, const char *line)
{
	struct ra_buf b = RA_BUF_INIT;
	const char *p = two, *nl;
	int n = 1;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (n == k) {
			if (line != NULL) {
				ra_buf_adds(&b, line);
				ra_buf_addch(&b, '\n');
			}
		} else
			ra_buf_add(&b, p, (size_t)(nl - p) + 1);
		p = nl + 1;
		n++;
	}
	return ra_buf_detach(&b);
}

static void
expect_edit(int k, const char *line, const char *message)
{
	char *text = edit(k, line);

	expect_error(text, message);
	free(text);
}

static void
test_errors(void **state)
{
	(void)state;
	expect_error("", "matrix.yaml: the file is empty: expected risk, grid "
	    "and collapse");
	expect_edit(1, "nme: two", "matrix.yaml:1: unknown key 'nme' (did "
	    "you mean 'name'?)");
	expect_edit(2, NULL, "matrix.yaml:1: risk: required: the risk levels, "
	    "lowest first");
	expect_edit(2, "risk: []", "matrix.yaml:2: risk: expected 1 to 16 "
	    "risk levels, lowest first, found 0");
	expect_edit(2, "risk: [low, low]", "matrix.yaml:2: risk[1]: 'low' is "
	    "listed twice");
	expect_edit(2, "risk: [Low, high]", "matrix.yaml:2: risk[0]: 'Low' is "
	    "not a level name (lowercase letters, digits, '-', '_', '.')");
	/* A missing cell, a missing row, an extra row, an unknown level. */
	expect_edit(6, "  moderate:  [low, low, low, high]", "matrix.yaml:6: "
	    "grid.moderate: expected 5 risk levels, one for each impact level "
	    "from very-low to very-high, found 4");
	expect_edit(6, NULL, "matrix.yaml:3: grid: no row for likelihood "
	    "'moderate'");
	expect_edit(6, "  medium:  [low, low, low, low, high]",
	    "matrix.yaml:6: grid: unknown likelihood level 'medium' (expected "
	    "very-low, low, moderate, high or very-high)");
	expect_edit(6, "  moderate:  [low, low, meduim, low, high]",
	    "matrix.yaml:6: grid.moderate[2]: unknown level 'meduim' "
	    "(expected low or high)");
	expect_edit(6, "  moderate:  [low, low, low, low, ~]",
	    "matrix.yaml:6: grid.moderate[4]: unknown level '' (expected low "
	    "or high)");
	/* Not monotone: along a row, and down a column. */
	expect_edit(6, "  moderate:  [low, high, low, low, high]",
	    "matrix.yaml:6: grid.moderate[2]: 'low' is lower than 'high' at "
	    "impact low: risk must not decrease as impact increases");
}

static void
test_monotone_down_a_column(void **state)
{
	(void)state;
	/* moderate has high at impact very-high; high has low there. */
	expect_edit(7, "  high:      [low, low, low, high, low]",
	    "matrix.yaml:7: grid.high[4]: 'low' is lower than 'high' at "
	    "impact high: risk must not decrease as impact increases");
	expect_edit(7, "  high:      [low, low, low, low, low]",
	    "matrix.yaml:7: grid.high[4]: 'low' is lower than 'high' at "
	    "likelihood moderate: risk must not decrease as likelihood "
	    "increases");
}

static void
test_collapse_errors(void **state)
{
	(void)state;
	expect_edit(9, NULL, "matrix.yaml:1: collapse: required: each risk "
	    "level as low, medium or high");
	expect_edit(9, "collapse: {low: low}", "matrix.yaml:9: collapse: no "
	    "entry for risk level 'high'");
	expect_edit(9, "collapse: {low: low, hihg: high}", "matrix.yaml:9: "
	    "collapse: unknown risk level 'hihg' (expected low or high)");
	expect_edit(9, "collapse: {low: low, high: severe}", "matrix.yaml:9: "
	    "collapse.high: expected low, medium or high, got 'severe'");
	expect_edit(9, "collapse: {low: high, high: low}", "matrix.yaml:9: "
	    "collapse.high: 'low' is lower than 'high' for low: the collapse "
	    "must not decrease as risk increases");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nist_is_table_i2),
		cmocka_unit_test(test_default_is_table_i2_collapsed),
		cmocka_unit_test(test_unknown_builtin),
		cmocka_unit_test(test_custom_matrix),
		cmocka_unit_test(test_name_defaults_to_file),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_monotone_down_a_column),
		cmocka_unit_test(test_collapse_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
