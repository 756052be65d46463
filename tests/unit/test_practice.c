/*
 * test_practice.c: practice.yaml and safeguards.yaml against their schema,
 * init's templates, and the next quarterly review.
 */
#include <unistd.h>

#include "ra_test.h"

#include "ra_buf.h"
#include "ra_error.h"
#include "ra_file.h"
#include "ra_practice.h"

static char dir[] = "/tmp/ra-test-practice.XXXXXX";

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[64];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

/* Write text to DIR/name and return the path (static buffer). */
static const char *
file(const char *name, const char *text)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(ra_file_write(path, text, strlen(text)), 0);
	return path;
}

static void
test_full_practice(void **state)
{
	struct ra_practice *p;
	const char *path = file("practice.yaml",
	    "id: sunrise\n"
	    "name: \"No\"\n"
	    "locations:\n"
	    "  - id: main\n"
	    "    name: Main office\n"
	    "    address: 1 Elm St\n"
	    "workforce: 6\n"
	    "security_official: {name: Ana, email: ana@example.org}\n"
	    "privacy_official:\n  name: Maria\n"
	    "assessor:\n  name: Sam\n  organization: Patel IT\n"
	    "scope:\n  in: everything\n  out: paper\n"
	    "reviews: [12, 3, 9, 6]\n"
	    "matrix: nist\n"
	    "due:\n  high: 30\n  medium: next-review\n");

	(void)state;
	if (ra_practice_load(&p, path, "practice.yaml") != 0)
		fail_msg("%s", ra_error_last());
	assert_string_equal(p->id, "sunrise");
	assert_string_equal(p->name, "No");	/* never a boolean */
	assert_int_equal(p->nlocations, 1);
	assert_string_equal(p->locations[0].address, "1 Elm St");
	assert_int_equal(p->workforce, 6);
	assert_string_equal(p->security_official.email, "ana@example.org");
	assert_string_equal(p->privacy_official.email, "");
	assert_string_equal(p->assessor.organization, "Patel IT");
	assert_string_equal(p->scope_out, "paper");
	/* Sorted, whatever the order written. */
	assert_int_equal(p->nreviews, 4);
	assert_int_equal(p->reviews[0], 3);
	assert_int_equal(p->reviews[3], 12);
	assert_string_equal(p->matrix, "nist");
	assert_int_equal(p->due_high, 30);
	assert_int_equal(p->due_medium, RA_DUE_NEXT_REVIEW);
	assert_int_equal(p->due_low, 365);	/* the default */
	ra_practice_free(p);
}

static void
test_defaults(void **state)
{
	struct ra_practice *p;
	const char *path = file("practice.yaml", "id: x\nname: X\n");

	(void)state;
	assert_int_equal(ra_practice_load(&p, path, "practice.yaml"), 0);
	assert_int_equal(p->workforce, -1);
	assert_int_equal(p->nreviews, 4);
	assert_string_equal(p->matrix, "default");
	assert_int_equal(p->due_high, RA_DUE_NEXT_REVIEW);
	assert_int_equal(p->due_medium, 180);
	ra_practice_free(p);
}

static void
expect_practice_error(const char *text, const char *message)
{
	struct ra_practice *p = NULL;
	const char *path = file("practice.yaml", text);

	assert_int_equal(ra_practice_load(&p, path, "practice.yaml"),
	    RA_EINVAL);
	assert_null(p);
	assert_string_equal(ra_error_last(), message);
}

static void
test_practice_errors(void **state)
{
	(void)state;
	expect_practice_error("",
	    "practice.yaml: the file is empty: expected at least id and name");
	expect_practice_error("id: Sun Rise\nname: S\n",
	    "practice.yaml:1: id: 'Sun Rise' is not a slug (lowercase "
	    "letters, digits, '-', '_', '.')");
	expect_practice_error("id: s\n",
	    "practice.yaml:1: name: the practice needs a name");
	expect_practice_error("id: s\nname: S\nreviews: [3, 13]\n",
	    "practice.yaml:3: reviews[1]: expected a whole number from 1 to "
	    "12, got '13'");
	expect_practice_error("id: s\nname: S\nreviews: [3, 3]\n",
	    "practice.yaml:3: reviews[1]: month 3 is listed twice");
	expect_practice_error("id: s\nname: S\ndue:\n  high: soon\n",
	    "practice.yaml:4: due.high: expected next-review or a number of "
	    "days, got 'soon'");
	expect_practice_error("id: s\nname: S\nworkforce: 0012\n",
	    "practice.yaml:3: workforce: expected a whole number from 0 to "
	    "100000, got '0012'");
	expect_practice_error("id: s\nname: S\nassessor:\n  emial: x\n",
	    "practice.yaml:4: assessor: unknown key 'emial' (did you mean "
	    "'email'?)");
	expect_practice_error("id: s\nname: S\nlocations:\n  - id: a\n"
	    "    name: A\n  - id: a\n    name: B\n",
	    "practice.yaml:6: locations[1]: duplicate location id 'a'");
}

static void
test_template_loads(void **state)
{
	struct ra_buf text = RA_BUF_INIT;
	struct ra_practice *p;
	const char *path;

	(void)state;
	/* A name YAML 1.1 would misread, with YAML's own indicators. */
	assert_int_equal(ra_practice_template(&text, "oak-st",
	    "Yes: Oak St #2 - O'Brien & Co"), 0);
	path = file("practice.yaml", text.ptr);
	if (ra_practice_load(&p, path, "practice.yaml") != 0)
		fail_msg("%s", ra_error_last());
	assert_string_equal(p->id, "oak-st");
	assert_string_equal(p->name, "Yes: Oak St #2 - O'Brien & Co");
	assert_string_equal(p->locations[0].id, "main");
	ra_practice_free(p);
	ra_buf_release(&text);
}

static void
test_next_review(void **state)
{
	struct ra_practice p;
	struct ra_date today = { 2026, 12, 4 }, next;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.reviews[0] = 3;
	p.reviews[1] = 6;
	p.reviews[2] = 9;
	p.reviews[3] = 12;
	p.nreviews = 4;
	ra_practice_next_review(&next, &p, &today);
	assert_int_equal(next.year, 2027);
	assert_int_equal(next.month, 3);
	assert_int_equal(next.day, 1);
	today.month = 4;
	ra_practice_next_review(&next, &p, &today);
	assert_int_equal(next.year, 2026);
	assert_int_equal(next.month, 6);
}

static void
test_safeguards(void **state)
{
	struct ra_safeguards *s;
	const char *path = file("safeguards.yaml",
	    "safeguards:\n"
	    "  - id: mfa\n"
	    "    name: MFA on email\n"
	    "    applies_to: [email, ehr]\n"
	    "    effectiveness: enforced\n"
	    "    evidence: console export\n"
	    "    reviewed: 2026-11-02\n"
	    "  - id: usb-block\n"
	    "    applies_to: all\n"
	    "    effectiveness: documented\n"
	    "    mitigates: [no-encryption]\n");

	(void)state;
	if (ra_safeguards_load(&s, path, "safeguards.yaml") != 0)
		fail_msg("%s", ra_error_last());
	assert_int_equal(s->n, 2);
	assert_int_equal(s->items[0].napplies_to, 2);
	assert_string_equal(s->items[0].applies_to[1], "ehr");
	assert_int_equal(s->items[0].effectiveness, RA_EFFECT_ENFORCED);
	assert_string_equal(s->items[0].reviewed, "2026-11-02");
	assert_int_equal(s->items[1].line, 8);
	assert_int_equal(s->items[1].napplies_to, 1);
	assert_string_equal(s->items[1].mitigates[0], "no-encryption");
	ra_safeguards_free(s);

	/* Empty, or the template init writes: no safeguards. */
	path = file("safeguards.yaml", "# nothing yet\n");
	assert_int_equal(ra_safeguards_load(&s, path, "safeguards.yaml"), 0);
	assert_int_equal(s->n, 0);
	ra_safeguards_free(s);
	{
		struct ra_buf t = RA_BUF_INIT;

		assert_int_equal(ra_safeguards_template(&t), 0);
		path = file("safeguards.yaml", t.ptr);
		assert_int_equal(ra_safeguards_load(&s, path,
		    "safeguards.yaml"), 0);
		assert_int_equal(s->n, 0);
		ra_safeguards_free(s);
		ra_buf_release(&t);
	}
	snprintf((char *)path, 128, "%s/none.yaml", dir);
	assert_int_equal(ra_safeguards_load(&s, path, "none.yaml"),
	    RA_ENOTFOUND);
}

static void
expect_safeguards_error(const char *text, const char *message)
{
	struct ra_safeguards *s = NULL;
	const char *path = file("safeguards.yaml", text);

	assert_int_equal(ra_safeguards_load(&s, path, "safeguards.yaml"),
	    RA_EINVAL);
	assert_null(s);
	assert_string_equal(ra_error_last(), message);
}

static void
test_safeguards_errors(void **state)
{
	(void)state;
	expect_safeguards_error("safeguards:\n  - id: a\n"
	    "    effectiveness: partial\n",
	    "safeguards.yaml:2: safeguards[0].applies_to: say what it covers: "
	    "asset ids, categories, or all");
	expect_safeguards_error("safeguards:\n  - id: a\n    applies_to: all\n",
	    "safeguards.yaml:2: safeguards[0].effectiveness: required: none, "
	    "documented, partial or enforced");
	expect_safeguards_error("safeguards:\n  - id: a\n    applies_to: all\n"
	    "    effectiveness: none\n    reviewed: 2026-13-01\n",
	    "safeguards.yaml:5: safeguards[0].reviewed: expected a date "
	    "YYYY-MM-DD, got '2026-13-01'");
	expect_safeguards_error("safeguard:\n  - id: a\n",
	    "safeguards.yaml:1: unknown key 'safeguard' (did you mean "
	    "'safeguards'?)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_practice),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_practice_errors),
		cmocka_unit_test(test_template_loads),
		cmocka_unit_test(test_next_review),
		cmocka_unit_test(test_safeguards),
		cmocka_unit_test(test_safeguards_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
