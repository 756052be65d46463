/*
 * test_inventory.c: reading, importing, merging, writing and checking.
 */
#include "ra_test.h"

#include "ra_buf.h"
#include "ra_csv.h"
#include "ra_error.h"
#include "ra_inventory.h"
#include "ra_schema.h"

static struct ra_inventory *
read_text(const char *text, int import, const struct ra_import_map *map)
{
	struct ra_inventory *inv = NULL;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");

	assert_non_null(fp);
	if (ra_inventory_read(&inv, fp, "t.csv", import, map) != 0)
		fail_msg("read failed: %s", ra_error_last());
	fclose(fp);
	return inv;
}

static int
read_error(const char *text, int import)
{
	struct ra_inventory *inv = NULL;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int error;

	error = ra_inventory_read(&inv, fp, "t.csv", import, NULL);
	fclose(fp);
	assert_null(inv);
	return error;
}

/* The inventory written as CSV; free() it. */
static char *
write_text(const struct ra_inventory *inv, const char *category)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	assert_int_equal(ra_inventory_write(inv, fp, category), 0);
	fclose(fp);
	return text;
}

static const char *cell(const struct ra_inventory *inv, size_t a, int c)
{
	return inv->assets[a].cells[c];
}

static void
test_read_normalises(void **state)
{
	struct ra_inventory *inv;
	char *text;

	(void)state;
	inv = read_text("name,id,category,encryption,extra\n"
	    "Laptop A,lap-a,Notebook,Y,x1\n", 0, NULL);
	assert_int_equal(inv->nassets, 1);
	assert_string_equal(cell(inv, 0, RA_COL_CATEGORY), "laptop");
	assert_string_equal(cell(inv, 0, RA_COL_ENCRYPTION), "yes");
	assert_string_equal(cell(inv, 0, RA_COL_MFA), "unknown");
	assert_string_equal(cell(inv, 0, RA_COL_STATUS), "active");
	text = write_text(inv, NULL);
	assert_string_equal(text, "id,name,category,location,owner,vendor,"
	    "ephi,records,criticality,encryption,mfa,patched,backup,baa,"
	    "status,notes,extra\nlap-a,Laptop A,laptop,,,,,,,yes,unknown,"
	    "unknown,unknown,unknown,active,,x1\n");
	free(text);
	ra_inventory_free(inv);
}

static void
test_read_errors(void **state)
{
	(void)state;
	assert_int_equal(read_error("id,name\nx,X\n", 0), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.csv:1: the header needs id, name and category columns "
	    "(found: id...)");
	assert_int_equal(read_error("id,name,category\nx,X,pc\n\nx,Y,pc\n",
	    0), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.csv:4: id: duplicate id 'x' (first at line 2)");
	assert_int_equal(read_error("id,name,category\nx,,pc\n", 0),
	    RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.csv:2: name: a name is required");
	assert_int_equal(read_error("id,name,category,mfa\nx,X,pc,sometimes\n",
	    0), RA_EINVAL);
	assert_string_equal(ra_error_last(), "t.csv:2: mfa: expected yes, no, "
	    "partial, unknown or n/a, got 'sometimes'");
	assert_int_equal(read_error("", 0), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.csv: empty file: expected a header row");
	assert_int_equal(read_error("Device,Type,Asset\nA,pc,B\n", 1),
	    RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.csv:1: columns 'Device' and 'Asset' both hold name");
}

static void
test_import_aliases_and_map(void **state)
{
	static const char *const from[] = { "Kit" };
	static const char *const to[] = { "category" };
	static const char *const vcol[] = { "category" };
	static const char *const vfrom[] = { "dell optiplex" };
	static const char *const vto[] = { "workstation" };
	struct ra_import_map map = { 1, from, to, 1, vcol, vfrom, vto };
	struct ra_inventory *inv;

	(void)state;
	inv = read_text("Asset Tag,Device Name,Kit,Encrypted?,Description\n"
	    "FD-01,Front desk,Dell OptiPlex,,spare\n"
	    ",Exam Room 2,pc,No,\n", 1, &map);
	assert_int_equal(inv->nassets, 2);
	assert_string_equal(cell(inv, 0, RA_COL_ID), "fd-01");
	assert_string_equal(cell(inv, 0, RA_COL_CATEGORY), "workstation");
	/* On import an empty cell is "not said": no default yet. */
	assert_string_equal(cell(inv, 0, RA_COL_ENCRYPTION), "");
	assert_string_equal(cell(inv, 1, RA_COL_ID), "exam-room-2");
	assert_string_equal(cell(inv, 1, RA_COL_ENCRYPTION), "no");
	/* "Description" is not the name when a name column exists. */
	assert_int_equal(ra_inventory_column(inv, "Description", 0),
	    RA_COL_COUNT);
	ra_inventory_free(inv);
	inv = read_text("Description,Type\nReception PC,pc\n", 1, NULL);
	assert_string_equal(cell(inv, 0, RA_COL_NAME), "Reception PC");
	ra_inventory_free(inv);
}

static void
test_merge(void **state)
{
	struct ra_inventory *dst, *src;
	size_t added, updated;

	(void)state;
	dst = read_text("id,name,category,owner,mfa\na,A,pc,Ann,yes\n"
	    "b,B,pc,Bob,no\n", 0, NULL);
	src = read_text("id,name,category,owner,mfa,serial\n"
	    "b,,,Barb,,S2\nc,C,laptop,,,S3\n", 1, NULL);
	assert_int_equal(ra_inventory_merge(dst, src, &added, &updated), 0);
	assert_int_equal(added, 1);
	assert_int_equal(updated, 1);
	assert_int_equal(dst->nassets, 3);
	assert_string_equal(cell(dst, 1, RA_COL_OWNER), "Barb");
	assert_string_equal(cell(dst, 1, RA_COL_NAME), "B");
	assert_string_equal(cell(dst, 1, RA_COL_MFA), "no");
	assert_string_equal(cell(dst, 2, RA_COL_MFA), "unknown");
	assert_string_equal(cell(dst, 2, RA_COL_STATUS), "active");
	assert_string_equal(cell(dst, 2,
	    (int)ra_inventory_column(dst, "serial", 0)), "S3");
	assert_string_equal(cell(dst, 0,
	    (int)ra_inventory_column(dst, "serial", 0)), "");
	/* Merging the same again changes nothing. */
	assert_int_equal(ra_inventory_merge(dst, src, &added, &updated), 0);
	assert_int_equal(added, 0);
	assert_int_equal(updated, 0);
	ra_inventory_free(src);
	ra_inventory_free(dst);
}

struct findings {
	struct ra_buf text;
};

static void
collect(void *ctx, unsigned long line, const char *id, const char *message)
{
	struct findings *f = ctx;

	ra_buf_printf(&f->text, "%lu %s %s\n", line, id != NULL ? id : "-",
	    message);
}

static void
test_check(void **state)
{
	struct findings f = { RA_BUF_INIT };
	struct ra_inventory *inv;
	size_t n;

	(void)state;
	inv = read_text("id,name,category,owner,ephi,records,criticality,"
	    "encryption,mfa,patched,backup,baa,status,vendor\n"
	    "a,A,laptop,Ann,store,10,low,yes,yes,yes,yes,n/a,active,\n"
	    "b,B,laptop,,store,,low,unknown,yes,yes,yes,n/a,active,\n"
	    "c,C,laptop,Ann,store,5,low,yes,yes,yes,yes,n/a,retired,\n"
	    "d,D,billing,Ann,transmit,5,low,yes,yes,yes,yes,no,active,Acme\n"
	    "e,E,laptop,Ann,store,5,low,yes,yes,yes,yes,n/a,disposed,\n",
	    0, NULL);
	n = ra_inventory_check(inv, collect, &f);
	assert_string_equal(ra_buf_cstr(&f.text),
	    "3 b holds ePHI but has no records count\n"
	    "3 b has no owner\n"
	    "3 b encryption is unknown\n"
	    "4 c is retired but still stores ePHI: sanitize or dispose of it\n"
	    "5 d vendor Acme handles ePHI without a BAA\n"
	    "6 e is disposed but still lists ePHI use\n"
	    "0 - lists no active location asset: the practice-wide risks "
	    "(policies, training, contingency, facility) are assessed on "
	    "one\n");
	assert_int_equal(n, 7);
	ra_buf_release(&f.text);
	ra_inventory_free(inv);
}

static void
test_starter(void **state)
{
	struct ra_inventory *inv, *again;
	char *text, *text2;
	size_t i;

	(void)state;
	assert_int_equal(ra_inventory_starter(&inv, "inventory.csv"), 0);
	assert_true(inv->nassets >= 10);
	for (i = 0; i < inv->nassets; i++)
		assert_true(ra_schema_is_category(cell(inv, i,
		    RA_COL_CATEGORY)));
	/* What init writes reads back to the same bytes. */
	text = write_text(inv, NULL);
	again = read_text(text, 0, NULL);
	text2 = write_text(again, NULL);
	assert_string_equal(text, text2);
	free(text);
	free(text2);
	ra_inventory_free(again);
	ra_inventory_free(inv);
}

/* Every naughty string is a usable asset name: stored and read back. */
static void
test_naughty_names(void **state)
{
	struct ra_buf path = RA_BUF_INIT, expect = RA_BUF_INIT;
	struct ra_inventory *inv, *back;
	char *line = NULL, *text, *text2;
	size_t cap = 0, n = 0, i;
	ssize_t len;
	FILE *fp;

	(void)state;
	ra_buf_printf(&path, "%s/corpora/big-list-of-naughty-strings/blns.txt",
	    ra_test_shared());
	if ((fp = fopen(path.ptr, "r")) == NULL) {
		ra_buf_release(&path);
		skip();
	}
	assert_int_equal(ra_inventory_new(&inv, "t.csv"), 0);
	while ((len = getline(&line, &cap, fp)) != -1) {
		char id[32];
		size_t index;

		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '#' || memchr(line, '\0', (size_t)len) != NULL)
			continue;
		ra_schema_normalise(&expect, RA_COL_NAME, line);
		if (expect.len == 0)
			continue;
		snprintf(id, sizeof(id), "n%zu", n++);
		assert_int_equal(ra_inventory_append(inv, id, &index), 0);
		if (ra_inventory_set(inv, index, RA_COL_NAME, line) != 0 ||
		    ra_inventory_set(inv, index, RA_COL_CATEGORY, "pc") != 0)
			continue;	/* invalid UTF-8 is refused later */
		ra_inventory_fill_defaults(inv, index);
	}
	fclose(fp);
	text = write_text(inv, NULL);
	back = read_text(text, 0, NULL);
	assert_int_equal(back->nassets, inv->nassets);
	/* Names come back as stored, or with the formula guard in front. */
	for (i = 0; i < inv->nassets; i++) {
		const char *name = cell(inv, i, RA_COL_NAME);

		ra_buf_truncate(&expect, 0);
		if (ra_csv_guard_needed(name, strlen(name)))
			ra_csv_guard(&expect, name, strlen(name));
		else
			ra_buf_adds(&expect, name);
		assert_string_equal(cell(back, i, RA_COL_NAME),
		    ra_buf_cstr(&expect));
	}
	/* Written, read and written again: the same bytes, no apostrophes
	 * piling up in front of formulas. */
	text2 = write_text(back, NULL);
	assert_string_equal(text, text2);
	if (n <= 400)
		fail_msg("only %zu naughty strings read", n);
	free(text);
	free(text2);
	free(line);
	ra_buf_release(&path);
	ra_buf_release(&expect);
	ra_inventory_free(back);
	ra_inventory_free(inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_normalises),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_import_aliases_and_map),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_starter),
		cmocka_unit_test(test_naughty_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
