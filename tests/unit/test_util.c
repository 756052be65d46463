/*
 * test_util.c: edit distance, suggestions, slugs, UTF-8 validation.
 */
#include "ra_test.h"

#include "ra_util.h"

static void
test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(ra_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(ra_edit_distance("", "abc"), 3);
	assert_int_equal(ra_edit_distance("Laptop", "laptop"), 0);
	/* A swap of neighbours is one typo, not two. */
	assert_int_equal(ra_edit_distance("emial", "email"), 1);
	assert_int_equal(ra_edit_distance("ca", "abc"), 3);
}

static void
test_nearest(void **state)
{
	static const char *const keys[] = {
		"effectiveness", "applies_to", "evidence", NULL
	};

	(void)state;
	assert_string_equal(ra_nearest("efectiveness", keys), "effectiveness");
	assert_string_equal(ra_nearest("applies-to", keys), "applies_to");
	assert_null(ra_nearest("colour", keys));
}

static void
test_slug(void **state)
{
	(void)state;
	assert_true(ra_is_slug("laptop-dr-lee"));
	assert_true(ra_is_slug("2nd-floor.printer_1"));
	assert_false(ra_is_slug("-laptop"));
	assert_false(ra_is_slug("Laptop"));
	assert_false(ra_is_slug("laptop dr lee"));
	assert_false(ra_is_slug(""));
}

static void
test_utf8(void **state)
{
	(void)state;
	assert_true(ra_utf8_valid("plain ascii, long enough", 24));
	assert_true(ra_utf8_valid("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	    14));
	/* overlong */
	assert_false(ra_utf8_valid("\xc0\xaf", 2));
	/* surrogate */
	assert_false(ra_utf8_valid("\xed\xa0\x80", 3));
	/* > U+10FFFF */
	assert_false(ra_utf8_valid("\xf4\x90\x80\x80", 4));
	/* truncated */
	assert_false(ra_utf8_valid("abc\xe2\x82", 5));
	assert_int_equal(ra_utf8_check("abcdefghij\xff", 11), 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_nearest),
		cmocka_unit_test(test_slug),
		cmocka_unit_test(test_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
