/*
 * test_schema.c: value normalisation of the inventory's columns.
 */
#include "ra_test.h"

#include "ra_buf.h"
#include "ra_error.h"
#include "ra_schema.h"

static void
expect(enum ra_column column, const char *in, const char *want)
{
	struct ra_buf out = RA_BUF_INIT;

	if (ra_schema_normalise(&out, column, in) != 0)
		fail_msg("'%s' refused: %s", in, ra_error_last());
	assert_string_equal(ra_buf_cstr(&out), want);
	ra_buf_release(&out);
}

static void
refuse(enum ra_column column, const char *in, const char *message)
{
	struct ra_buf out = RA_BUF_INIT;

	assert_int_equal(ra_schema_normalise(&out, column, in), RA_EINVAL);
	assert_string_equal(ra_error_last(), message);
	ra_buf_release(&out);
}

static void
test_attributes(void **state)
{
	static const char *yes[] = { "yes", "Y", "TRUE", "x", " On ", "1",
		"enabled", NULL };
	static const char *no[] = { "No", "n", "FALSE", "0", "none", NULL };
	size_t i;

	(void)state;
	for (i = 0; yes[i] != NULL; i++)
		expect(RA_COL_ENCRYPTION, yes[i], "yes");
	for (i = 0; no[i] != NULL; i++)
		expect(RA_COL_MFA, no[i], "no");
	expect(RA_COL_PATCHED, "Partially", "partial");
	expect(RA_COL_BACKUP, "", "unknown");
	expect(RA_COL_BACKUP, "?", "unknown");
	expect(RA_COL_BAA, "N/A", "n/a");
	expect(RA_COL_BAA, "not applicable", "n/a");
	refuse(RA_COL_ENCRYPTION, "maybe",
	    "expected yes, no, partial, unknown or n/a, got 'maybe'");
}

static void
test_categories(void **state)
{
	(void)state;
	expect(RA_COL_CATEGORY, "Laptop", "laptop");
	expect(RA_COL_CATEGORY, "EMR", "ehr");
	expect(RA_COL_CATEGORY, "Desktop", "workstation");
	expect(RA_COL_CATEGORY, "iPhone", "mobile");
	expect(RA_COL_CATEGORY, "  Multifunction   Printer ", "mfp");
	expect(RA_COL_CATEGORY, "Router", "network");
	expect(RA_COL_CATEGORY, "business associate", "business-associate");
	refuse(RA_COL_CATEGORY, "labtop",
	    "unknown category 'labtop' (did you mean 'laptop'?)");
	refuse(RA_COL_CATEGORY, "", "a category is required");
}

static void
test_ephi(void **state)
{
	(void)state;
	expect(RA_COL_EPHI, "transmit; Store", "store;transmit");
	expect(RA_COL_EPHI, "create,receive,maintain", "create;receive;store");
	expect(RA_COL_EPHI, "Yes", "create;receive;store;transmit");
	expect(RA_COL_EPHI, "none", "");
	expect(RA_COL_EPHI, "", "");
	refuse(RA_COL_EPHI, "print", "expected any of "
	    "create;receive;store;transmit, got 'print'");
	assert_true(ra_schema_ephi_has("create;store", "store"));
	assert_false(ra_schema_ephi_has("create;transmit", "store"));
}

static void
test_records_and_levels(void **state)
{
	(void)state;
	expect(RA_COL_RECORDS, "1,200", "1200");
	expect(RA_COL_RECORDS, "12 000", "12000");
	expect(RA_COL_RECORDS, "007", "7");
	expect(RA_COL_RECORDS, "0", "0");
	expect(RA_COL_RECORDS, "", "");
	refuse(RA_COL_RECORDS, "~1200",
	    "expected a whole number of patients, got '~1200'");
	refuse(RA_COL_RECORDS, "-5",
	    "expected a whole number of patients, got '-5'");
	expect(RA_COL_CRITICALITY, "Moderate", "medium");
	expect(RA_COL_CRITICALITY, "H", "high");
	refuse(RA_COL_CRITICALITY, "urgent",
	    "expected low, medium or high, got 'urgent'");
	expect(RA_COL_STATUS, "", "active");
	expect(RA_COL_STATUS, "Decommissioned", "retired");
	expect(RA_COL_STATUS, "shredded", "disposed");
}

static void
test_ids_and_text(void **state)
{
	struct ra_buf out = RA_BUF_INIT;

	(void)state;
	expect(RA_COL_ID, " laptop-dr-lee ", "laptop-dr-lee");
	refuse(RA_COL_ID, "", "an id is required");
	expect(RA_COL_NAME, "  Dr. Lee's laptop ", "Dr. Lee's laptop");
	expect(RA_COL_NOTES, "  kept\nexactly ", "  kept\nexactly ");
	ra_schema_slugify(&out, "Front Desk PC #2");
	assert_string_equal(ra_buf_cstr(&out), "front-desk-pc-2");
	ra_schema_slugify(&out, "--==--");
	assert_string_equal(ra_buf_cstr(&out), "");
	assert_int_equal(ra_schema_column("baa"), RA_COL_BAA);
	assert_int_equal(ra_schema_column("serial"), -1);
	ra_buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_ephi),
		cmocka_unit_test(test_records_and_levels),
		cmocka_unit_test(test_ids_and_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
