/*
 * test_date.c: calendar parsing and arithmetic.
 */
#include "ra_test.h"

#include "ra_date.h"
#include "ra_error.h"

static void
test_parse_valid(void **state)
{
	struct ra_date d;

	(void)state;
	assert_int_equal(ra_date_parse(&d, "2024-02-29"), 0);
	assert_int_equal(d.year, 2024);
	assert_int_equal(d.month, 2);
	assert_int_equal(d.day, 29);
}

static void
test_parse_invalid(void **state)
{
	static const char *bad[] = {
		"2023-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
		"26-01-01", "2026-1-01", "2026-01-01x", "", "2026/01/01",
		"1899-12-31", NULL
	};
	struct ra_date d;
	size_t i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		assert_int_equal(ra_date_parse(&d, bad[i]), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "expected a date YYYY-MM-DD, got '1899-12-31'");
}

static void
test_days_round_trip(void **state)
{
	struct ra_date d = { 1970, 1, 1 }, e;
	long n;

	(void)state;
	assert_int_equal(ra_date_to_days(&d), 0);
	for (n = -800000; n < 800000; n += 97) {
		ra_date_from_days(&e, n);
		assert_int_equal(ra_date_to_days(&e), n);
	}
}

static void
test_add_and_compare(void **state)
{
	struct ra_date a = { 2026, 12, 4 }, b;
	char s[11];

	(void)state;
	ra_date_add_days(&b, &a, 180);
	ra_date_format(s, &b);
	assert_string_equal(s, "2027-06-02");
	ra_date_add_days(&b, &a, -365);
	ra_date_format(s, &b);
	assert_string_equal(s, "2025-12-04");
	assert_true(ra_date_cmp(&b, &a) < 0);
	assert_true(ra_date_cmp(&a, &b) > 0);
	assert_int_equal(ra_date_cmp(&a, &a), 0);
	assert_int_equal(ra_date_days_in_month(1900, 2), 28);
	assert_int_equal(ra_date_days_in_month(2000, 2), 29);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_days_round_trip),
		cmocka_unit_test(test_add_and_compare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
