/*
 * test_csv.c: the strict CSV reader (line numbers, every error and its
 * message, chunk boundaries) and the guarded writer, plus the public
 * corpora csv-spectrum and the Big List of Naughty Strings when present.
 */
#include "ra_test.h"

#include <dirent.h>

#include "ra_buf.h"
#include "ra_csv.h"
#include "ra_error.h"

#define NAME "t.csv"
#define MIB (1024 * 1024)

static FILE *
mem_in(const char *s, size_t len)
{
	FILE *fp;

	if (len == 0)
		fp = tmpfile();		/* fmemopen may refuse size 0 */
	else
		fp = fmemopen((void *)(uintptr_t)s, len, "r");
	assert_non_null(fp);
	return fp;
}

/* Append one row as "line:f1|f2|...\n", CR and LF shown as \r and \n. */
static void
dump_row(struct ra_buf *out, const struct ra_csv_row *row)
{
	size_t i, j;

	assert_int_equal(ra_buf_printf(out, "%lu:", row->line), 0);
	for (i = 0; i < row->nfields; i++) {
		assert_int_equal(strlen(row->fields[i]), row->lens[i]);
		if (i > 0)
			assert_int_equal(ra_buf_addch(out, '|'), 0);
		for (j = 0; j < row->lens[i]; j++) {
			char c = row->fields[i][j];

			if (c == '\r')
				assert_int_equal(ra_buf_adds(out, "\\r"), 0);
			else if (c == '\n')
				assert_int_equal(ra_buf_adds(out, "\\n"), 0);
			else
				assert_int_equal(ra_buf_addch(out, c), 0);
		}
	}
	assert_int_equal(ra_buf_addch(out, '\n'), 0);
}

/* Read everything into out; return the last code (0 at a clean end). */
static int
read_dump(const char *s, size_t len, struct ra_buf *out)
{
	struct ra_csv_reader *r;
	const struct ra_csv_row *row;
	FILE *fp = mem_in(s, len);
	int rc;

	assert_int_equal(ra_csv_reader_new(&r, fp, NAME), 0);
	assert_string_equal(ra_csv_reader_name(r), NAME);
	rc = ra_csv_reader_header(r, &row);
	if (rc == 1) {
		dump_row(out, row);
		while ((rc = ra_csv_reader_next(r, &row)) == 1)
			dump_row(out, row);
	}
	ra_csv_reader_free(r);
	fclose(fp);
	return rc;
}

static void
expect_read(const char *s, size_t len, int code, const char *dump,
    const char *msg)
{
	struct ra_buf out = RA_BUF_INIT;

	ra_error_clear();
	assert_int_equal(read_dump(s, len, &out), code);
	assert_string_equal(ra_buf_cstr(&out), dump);
	if (msg != NULL)
		assert_string_equal(ra_error_last(), msg);
	ra_buf_release(&out);
}

#define EXPECT(lit, code, dump, msg) \
	expect_read(lit, sizeof(lit) - 1, code, dump, msg)

static void
test_simple(void **state)
{
	static const char in[] = "id,name\n1,alice\n2,bob\n";
	struct ra_csv_reader *r;
	const struct ra_csv_row *row;
	FILE *fp;

	(void)state;
	EXPECT("id,name\n1,alice\n2,bob\n", 0,
	    "1:id|name\n2:1|alice\n3:2|bob\n", NULL);
	/* No final line end. */
	EXPECT("id,name\n1,alice", 0, "1:id|name\n2:1|alice\n", NULL);
	/* Empty fields, a trailing comma is one more empty field. */
	EXPECT("a,b,c\n,,\n1,,\n", 0, "1:a|b|c\n2:||\n3:1||\n", NULL);

	fp = mem_in(in, sizeof(in) - 1);
	assert_int_equal(ra_csv_reader_new(&r, fp, "inventory.csv"), 0);
	assert_int_equal(ra_csv_reader_column(r, "id"), -1);
	assert_int_equal(ra_csv_reader_header(r, &row), 1);
	assert_int_equal(row->nfields, 2);
	assert_int_equal(ra_csv_reader_column(r, "id"), 0);
	assert_int_equal(ra_csv_reader_column(r, "name"), 1);
	assert_int_equal(ra_csv_reader_column(r, "Name"), -1);
	assert_int_equal(ra_csv_reader_column(r, "nam"), -1);
	assert_int_equal(ra_csv_reader_next(r, &row), 1);
	assert_string_equal(row->fields[1], "alice");
	assert_int_equal(ra_csv_reader_next(r, &row), 1);
	assert_int_equal(ra_csv_reader_next(r, &row), 0);
	assert_null(row);
	assert_int_equal(ra_csv_reader_next(r, &row), 0);
	ra_csv_reader_free(r);
	fclose(fp);
	ra_csv_reader_free(NULL);
}

static void
test_empty(void **state)
{
	(void)state;
	EXPECT("", 0, "", NULL);
	EXPECT("\n\r\n\r\n", 0, "", NULL);
	EXPECT("\xef\xbb\xbf", 0, "", NULL);
	EXPECT("a,b\n", 0, "1:a|b\n", NULL);
	EXPECT("a,b\n\n\n", 0, "1:a|b\n", NULL);
}

static void
test_line_ends(void **state)
{
	(void)state;
	/* CRLF, with blank lines counted. */
	EXPECT("a,b\r\n\r\n1,2\r\n\r\n\r\n3,4", 0,
	    "1:a|b\n3:1|2\n6:3|4\n", NULL);
	/* Lone CR. */
	EXPECT("a,b\r\r1,2\r3,4\r", 0, "1:a|b\n3:1|2\n4:3|4\n", NULL);
	/* LF, blank lines before the header too. */
	EXPECT("\n\na,b\n\n1,2\n", 0, "3:a|b\n5:1|2\n", NULL);
	/* Mixed LF, CRLF and CR; LF then CR CR is two blank lines. */
	EXPECT("a,b\n1,2\r\n3,4\r5,6\n\r\r7,8\n", 0,
	    "1:a|b\n2:1|2\n3:3|4\n4:5|6\n7:7|8\n", NULL);
}

static void
test_quoted(void **state)
{
	(void)state;
	EXPECT("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n"
	    "\"l1\r\nl2\",\"cr\ronly\"\n5,6\n", 0,
	    "1:a|b\n2:x,y|say \"hi\"\n3:l1\\r\\nl2|cr\\ronly\n6:5|6\n",
	    NULL);
	/* Quoted empty fields and a quoted header. */
	EXPECT("\"a\",\"b\"\n\"\",\"\"\n", 0, "1:a|b\n2:|\n", NULL);
	/* Blank lines inside a quoted field are data and shift lines. */
	EXPECT("a\n\"\n\n\"\nx\n", 0, "1:a\n2:\\n\\n\n5:x\n", NULL);
	/* A quoted field ending in CR, then LF: CR is data, LF ends. */
	EXPECT("a\n\"x\r\"\ny\n", 0, "1:a\n2:x\\r\n4:y\n", NULL);
}

static void
test_whitespace(void **state)
{
	(void)state;
	EXPECT("a,b\n  x , \ty\t\n", 0, "1:a|b\n2:  x | \ty\t\n", NULL);
	EXPECT(" a ,b\n1,2\n", 0, "1: a |b\n2:1|2\n", NULL);
}

static void
test_bom(void **state)
{
	(void)state;
	EXPECT("\xef\xbb\xbfid,name\n1,x\n", 0, "1:id|name\n2:1|x\n", NULL);
	EXPECT("\xef\xbb\xbf\"id\",name\n1,x\n", 0, "1:id|name\n2:1|x\n",
	    NULL);
	EXPECT("\xef\xbb\xbf\r\nid\r\n", 0, "2:id\n", NULL);
	/* Exactly one is stripped. */
	EXPECT("\xef\xbb\xbf\xef\xbb\xbfid\n", 0, "1:\xef\xbb\xbfid\n", NULL);
	EXPECT("\xff\xfei\0d\0\n\0", RA_EINVAL, "",
	    "t.csv: the file is UTF-16; save it as CSV UTF-8");
	EXPECT("\xfe\xff\0i\0d", RA_EINVAL, "",
	    "t.csv: the file is UTF-16; save it as CSV UTF-8");
	EXPECT("\xff\xfe\0\0i\0\0\0", RA_EINVAL, "",
	    "t.csv: the file is UTF-32; save it as CSV UTF-8");
	EXPECT("\0\0\xfe\xff\0\0\0i", RA_EINVAL, "",
	    "t.csv: the file is UTF-32; save it as CSV UTF-8");
}

static void
test_nul(void **state)
{
	(void)state;
	EXPECT("a,b\n1,2\n3,x\0y\n", RA_EINVAL, "1:a|b\n2:1|2\n",
	    "t.csv:3: b: NUL byte in data; is the file UTF-16? "
	    "save it as CSV UTF-8");
	/* UTF-16LE without a byte order mark. */
	EXPECT("i\0d\0\n\0", RA_EINVAL, "",
	    "t.csv:1: NUL byte in data; is the file UTF-16? "
	    "save it as CSV UTF-8");
	/* Inside a multi-line quoted field: the physical line. */
	EXPECT("a,b\n1,\"x\r\ny\r\nz\0\"\n", RA_EINVAL, "1:a|b\n",
	    "t.csv:4: b: NUL byte in data; is the file UTF-16? "
	    "save it as CSV UTF-8");
}

static void
test_utf8(void **state)
{
	(void)state;
	EXPECT("a,b\n\"x\ny\",2\n3,caf\xe9\n", RA_EINVAL,
	    "1:a|b\n2:x\\ny|2\n",
	    "t.csv:4: b: invalid UTF-8 (byte 0xe9); save the file as "
	    "CSV UTF-8");
	EXPECT("a,b\n1,\"x\ny\xff\"\n", RA_EINVAL, "1:a|b\n",
	    "t.csv:3: b: invalid UTF-8 (byte 0xff); save the file as "
	    "CSV UTF-8");
	EXPECT("\r\n\r\nna\xc3me\r\n", RA_EINVAL, "",
	    "t.csv:3: invalid UTF-8 (byte 0xc3); save the file as "
	    "CSV UTF-8");
	/* Overlong, surrogate, truncated at the end. */
	EXPECT("a\n\xc0\xaf\n", RA_EINVAL, "1:a\n",
	    "t.csv:2: a: invalid UTF-8 (byte 0xc0); save the file as "
	    "CSV UTF-8");
	EXPECT("a\n\xed\xa0\x80\n", RA_EINVAL, "1:a\n",
	    "t.csv:2: a: invalid UTF-8 (byte 0xed); save the file as "
	    "CSV UTF-8");
	EXPECT("a\nx\xe2\x82", RA_EINVAL, "1:a\n",
	    "t.csv:2: a: invalid UTF-8 (byte 0xe2); save the file as "
	    "CSV UTF-8");
	EXPECT("a\ncaf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n", 0,
	    "1:a\n2:caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n", NULL);
}

static void
test_unterminated(void **state)
{
	(void)state;
	EXPECT("a,b\n1,2\n3,\"abc\ndef\n", RA_EINVAL, "1:a|b\n2:1|2\n",
	    "t.csv:3: b: unterminated quoted field");
	EXPECT("\"a,b\n", RA_EINVAL, "",
	    "t.csv:1: unterminated quoted field");
	/* The field's line, not the record's; no name past the header. */
	EXPECT("a,b\n1,\"x\ny\",\"open\nmore\n", RA_EINVAL, "1:a|b\n",
	    "t.csv:3: unterminated quoted field");
	EXPECT("a,b\r\n1,2\r\n\"x\r\n", RA_EINVAL, "1:a|b\n2:1|2\n",
	    "t.csv:3: a: unterminated quoted field");
}

static void
test_stray_quote(void **state)
{
	(void)state;
	EXPECT("a,b\n1,2\n3,4\n\"ab\"c,d\n", RA_EINVAL,
	    "1:a|b\n2:1|2\n3:3|4\n",
	    "t.csv:4: a: unexpected character 'c' after closing quote; "
	    "write a quote inside a quoted field as \"\"");
	EXPECT("a,b\nab\"c,d\n", RA_EINVAL, "1:a|b\n",
	    "t.csv:2: a: quote inside an unquoted field; put the whole "
	    "field in quotes and write the quote as \"\"");
	EXPECT("a,b\n1, \"x\"\n", RA_EINVAL, "1:a|b\n",
	    "t.csv:2: b: quote inside an unquoted field; put the whole "
	    "field in quotes and write the quote as \"\"");
	EXPECT("a,b\n\"x\" ,1\n", RA_EINVAL, "1:a|b\n",
	    "t.csv:2: a: unexpected space after closing quote; "
	    "write a quote inside a quoted field as \"\"");
	/* After a multi-line field: the line of the stray character. */
	EXPECT("a,b\r\n1,\"x\r\ny\"\xc3\xa9\r\n", RA_EINVAL, "1:a|b\n",
	    "t.csv:3: b: unexpected character '\xc3\xa9' after closing "
	    "quote; write a quote inside a quoted field as \"\"");
	EXPECT("\"Sally said \"Hello\"\"\n", RA_EINVAL, "",
	    "t.csv:1: unexpected character 'H' after closing quote; "
	    "write a quote inside a quoted field as \"\"");
}

static void
test_ragged(void **state)
{
	(void)state;
	EXPECT("a,b,c,d,e\n1,2,3,4,5\n\n1,2,3,4,5\n\"x\ny\",2,3,4,5\n"
	    "1,2,3,4\n", RA_EINVAL,
	    "1:a|b|c|d|e\n2:1|2|3|4|5\n4:1|2|3|4|5\n5:x\\ny|2|3|4|5\n",
	    "t.csv:7: expected 5 fields as in the header, found 4");
	EXPECT("a\r\n\r\n1,2\r\n", RA_EINVAL, "1:a\n",
	    "t.csv:3: expected 1 field as in the header, found 2");
	EXPECT("a,b\r1,2\r\r1,2,\r", RA_EINVAL, "1:a|b\n2:1|2\n",
	    "t.csv:4: expected 2 fields as in the header, found 3");
}

static void
test_header(void **state)
{
	(void)state;
	EXPECT("id,name,x,id\n1,2,3,4\n", RA_EINVAL, "",
	    "t.csv:1: duplicate column 'id' (columns 1 and 4)");
	EXPECT("\n\r\nid,\"id\"\n", RA_EINVAL, "",
	    "t.csv:3: duplicate column 'id' (columns 1 and 2)");
	EXPECT("a,,b\n", RA_EINVAL, "",
	    "t.csv:1: empty column name (column 2)");
	EXPECT("\"\"\n1\n", RA_EINVAL, "",
	    "t.csv:1: empty column name (column 1)");
	/* Names are exact: case and spaces differ. */
	EXPECT("id,ID, id\n", 0, "1:id|ID| id\n", NULL);
}

static void
test_columns_max(void **state)
{
	struct ra_buf in = RA_BUF_INIT, out = RA_BUF_INIT;
	struct ra_csv_reader *r;
	const struct ra_csv_row *row;
	FILE *fp;
	int i;

	(void)state;
	for (i = 0; i < RA_CSV_COLUMNS_MAX; i++)
		assert_int_equal(ra_buf_printf(&in, "%sc%d", i ? "," : "",
		    i), 0);
	assert_int_equal(ra_buf_adds(&in, "\n"), 0);
	fp = mem_in(in.ptr, in.len);
	assert_int_equal(ra_csv_reader_new(&r, fp, NAME), 0);
	assert_int_equal(ra_csv_reader_header(r, &row), 1);
	assert_int_equal(row->nfields, RA_CSV_COLUMNS_MAX);
	assert_int_equal(ra_csv_reader_column(r, "c4095"), 4095);
	ra_csv_reader_free(r);
	fclose(fp);

	ra_buf_truncate(&in, in.len - 1);
	assert_int_equal(ra_buf_adds(&in, ",c4096\n"), 0);
	assert_int_equal(read_dump(in.ptr, in.len, &out), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.csv:1: more than 4096 columns");
	ra_buf_release(&in);
	ra_buf_release(&out);
}

/* "a,b\n" + prefix + n times c + suffix. */
static void
make_big(struct ra_buf *b, const char *prefix, int c, size_t n,
    const char *suffix)
{
	ra_buf_truncate(b, 0);
	assert_int_equal(ra_buf_adds(b, prefix), 0);
	assert_int_equal(ra_buf_grow(b, n), 0);
	memset(b->ptr + b->len, c, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	assert_int_equal(ra_buf_adds(b, suffix), 0);
}

static void
test_field_max(void **state)
{
	struct ra_buf in = RA_BUF_INIT, out = RA_BUF_INIT;
	const char *msg = "t.csv:3: b: field exceeds 1 MiB";

	(void)state;
	/* Exactly 1 MiB passes, quoted or not. */
	make_big(&in, "a,b\n1,", 'x', MIB, "\n2,y\n");
	assert_int_equal(read_dump(in.ptr, in.len, &out), 0);
	assert_int_equal(out.len, strlen("1:a|b\n2:1|\n3:2|y\n") + MIB);
	ra_buf_truncate(&out, 0);
	make_big(&in, "a,b\n1,\"", 'x', MIB, "\"\n2,y\n");
	assert_int_equal(read_dump(in.ptr, in.len, &out), 0);
	assert_int_equal(out.len, strlen("1:a|b\n2:1|\n3:2|y\n") + MIB);
	ra_buf_truncate(&out, 0);

	/* One byte more does not. */
	make_big(&in, "a,b\n1,2\n3,", 'x', MIB + 1, "\n");
	assert_int_equal(read_dump(in.ptr, in.len, &out), RA_EINVAL);
	assert_string_equal(ra_error_last(), msg);
	assert_string_equal(ra_buf_cstr(&out), "1:a|b\n2:1|2\n");
	ra_buf_truncate(&out, 0);
	make_big(&in, "a,b\n1,2\n3,", 'x', MIB + 1, "");
	assert_int_equal(read_dump(in.ptr, in.len, &out), RA_EINVAL);
	assert_string_equal(ra_error_last(), msg);
	ra_buf_truncate(&out, 0);
	make_big(&in, "a,b\n1,2\n3,\"", 'x', MIB + 1, "\"\n");
	assert_int_equal(read_dump(in.ptr, in.len, &out), RA_EINVAL);
	assert_string_equal(ra_error_last(), msg);
	ra_buf_truncate(&out, 0);
	/* After a multi-line field; the line where the big field starts. */
	make_big(&in, "a,b\n\"x\ny\",\"", 'x', 2 * MIB, "\"\n");
	assert_int_equal(read_dump(in.ptr, in.len, &out), RA_EINVAL);
	assert_string_equal(ra_error_last(), msg);
	ra_buf_truncate(&out, 0);
	make_big(&in, "a,b\n1,\"", '\n', MIB + 10, "\"\n");
	assert_int_equal(read_dump(in.ptr, in.len, &out), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.csv:2: b: field exceeds 1 MiB");
	ra_buf_release(&in);
	ra_buf_release(&out);
}

static void
test_sticky(void **state)
{
	static const char in[] = "a,b\n1,2\n3\n4,5\n";
	struct ra_csv_reader *r;
	const struct ra_csv_row *row;
	FILE *fp;

	(void)state;
	fp = mem_in(in, sizeof(in) - 1);
	assert_int_equal(ra_csv_reader_new(&r, fp, NAME), 0);
	assert_int_equal(ra_csv_reader_header(r, &row), 1);
	assert_int_equal(ra_csv_reader_next(r, &row), 1);
	assert_int_equal(row->line, 2);
	assert_int_equal(ra_csv_reader_next(r, &row), RA_EINVAL);
	assert_null(row);
	assert_string_equal(ra_error_last(),
	    "t.csv:3: expected 2 fields as in the header, found 1");
	ra_error_clear();
	assert_int_equal(ra_csv_reader_next(r, &row), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.csv:3: expected 2 fields as in the header, found 1");
	ra_csv_reader_free(r);
	fclose(fp);
}

/* 200k rows with CRLF, blank lines and multi-line fields over ~50 chunks. */
static void
test_many_chunks(void **state)
{
	enum { NROWS = 200000 };
	struct ra_buf in = RA_BUF_INIT;
	struct ra_csv_reader *r;
	const struct ra_csv_row *row;
	unsigned long *lines, line = 2;
	char want[64];
	FILE *fp;
	long i;

	(void)state;
	lines = calloc(NROWS, sizeof(*lines));
	assert_non_null(lines);
	assert_int_equal(ra_buf_adds(&in, "id,value,note\n"), 0);
	for (i = 0; i < NROWS; i++) {
		if (i % 11 == 0) {
			assert_int_equal(ra_buf_adds(&in, "\n"), 0);
			line++;
		}
		lines[i] = line;
		if (i % 13 == 0) {
			assert_int_equal(ra_buf_printf(&in,
			    "%ld,\"multi\nline, %ld\",x\n", i, i), 0);
			line += 2;
		} else if (i % 7 == 0) {
			assert_int_equal(ra_buf_printf(&in, "%ld,v%ld,\r\n",
			    i, i), 0);
			line++;
		} else {
			assert_int_equal(ra_buf_printf(&in, "%ld,v%ld,x\n",
			    i, i), 0);
			line++;
		}
	}
	assert_true(in.len > 40 * RA_CSV_CHUNK);
	fp = mem_in(in.ptr, in.len);
	assert_int_equal(ra_csv_reader_new(&r, fp, NAME), 0);
	assert_int_equal(ra_csv_reader_header(r, &row), 1);
	for (i = 0; i < NROWS; i++) {
		assert_int_equal(ra_csv_reader_next(r, &row), 1);
		assert_int_equal(row->nfields, 3);
		assert_int_equal(strtol(row->fields[0], NULL, 10), i);
		assert_int_equal(row->line, lines[i]);
		if (i % 13 == 0)
			snprintf(want, sizeof(want), "multi\nline, %ld", i);
		else
			snprintf(want, sizeof(want), "v%ld", i);
		assert_string_equal(row->fields[1], want);
		assert_string_equal(row->fields[2],
		    i % 13 != 0 && i % 7 == 0 ? "" : "x");
	}
	assert_int_equal(ra_csv_reader_next(r, &row), 0);
	ra_csv_reader_free(r);
	fclose(fp);
	free(lines);
	ra_buf_release(&in);
}

/* Pad "a,b\n1," with y so that the next byte added is at offset at. */
static void
pad_to(struct ra_buf *b, const char *head, size_t at)
{
	size_t n;

	ra_buf_truncate(b, 0);
	assert_int_equal(ra_buf_adds(b, head), 0);
	assert_true(b->len <= at);
	n = at - b->len;
	assert_int_equal(ra_buf_grow(b, n), 0);
	memset(b->ptr + b->len, 'y', n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

static void
test_chunk_boundaries(void **state)
{
	struct ra_buf in = RA_BUF_INIT, out = RA_BUF_INIT;
	const size_t edge = RA_CSV_CHUNK;
	const char *f;
	size_t n;

	(void)state;
	/* CRLF cut by the chunk: CR last of chunk 1, LF first of chunk 2. */
	pad_to(&in, "a,b\r\n1,", edge - 1);
	assert_int_equal(ra_buf_adds(&in, "\r\n2,z\r\n\r\n3,w\r\n"), 0);
	assert_int_equal(in.ptr[edge - 1], '\r');
	assert_int_equal(read_dump(in.ptr, in.len, &out), 0);
	f = strstr(ra_buf_cstr(&out), "\n3:2|z\n5:3|w\n");
	assert_non_null(f);
	assert_string_equal(f, "\n3:2|z\n5:3|w\n");
	ra_buf_truncate(&out, 0);

	/* A lone CR at the chunk's end. */
	pad_to(&in, "a,b\r1,", edge - 1);
	assert_int_equal(ra_buf_adds(&in, "\r2,z\r\r3,w"), 0);
	assert_int_equal(read_dump(in.ptr, in.len, &out), 0);
	f = strstr(ra_buf_cstr(&out), "\n3:2|z\n5:3|w\n");
	assert_non_null(f);
	ra_buf_truncate(&out, 0);

	/* CRLF inside a quoted field, cut by the chunk. */
	pad_to(&in, "a,b\n1,\"", edge - 1);
	assert_int_equal(ra_buf_adds(&in, "\r\nend\"\n2,z\n"), 0);
	assert_int_equal(read_dump(in.ptr, in.len, &out), 0);
	f = strstr(ra_buf_cstr(&out), "\\r\\nend\n4:2|z\n");
	assert_non_null(f);
	assert_string_equal(f, "\\r\\nend\n4:2|z\n");
	ra_buf_truncate(&out, 0);

	/* A field with commas, quotes and newlines across the boundary. */
	pad_to(&in, "a,b\n1,\"", edge - 2);
	assert_int_equal(ra_buf_adds(&in, ",\"\"\n,\"\"\n,x\"\n2,z\n"), 0);
	assert_int_equal(read_dump(in.ptr, in.len, &out), 0);
	f = strstr(ra_buf_cstr(&out), "y,\"\\n,\"\\n,x\n5:2|z\n");
	assert_non_null(f);
	assert_string_equal(f, "y,\"\\n,\"\\n,x\n5:2|z\n");
	n = (size_t)(f - ra_buf_cstr(&out)) + 1;
	assert_int_equal(n, strlen("1:a|b\n2:1|") + edge - 2 -
	    strlen("a,b\n1,\""));
	ra_buf_truncate(&out, 0);

	/* A UTF-8 character cut by the chunk is whole. */
	pad_to(&in, "a,b\n1,", edge - 1);
	assert_int_equal(ra_buf_adds(&in, "\xc3\xa9\n2,\xe2\x82\xac\n"), 0);
	assert_int_equal(read_dump(in.ptr, in.len, &out), 0);
	f = strstr(ra_buf_cstr(&out), "y\xc3\xa9\n3:2|\xe2\x82\xac\n");
	assert_non_null(f);
	ra_buf_truncate(&out, 0);
	pad_to(&in, "a,b\n1,", edge - 2);
	assert_int_equal(ra_buf_adds(&in, "\xf0\x9f\x98\x80\n"), 0);
	assert_int_equal(read_dump(in.ptr, in.len, &out), 0);
	ra_buf_truncate(&out, 0);

	/* A bad sequence cut by the chunk is still an error, on its line. */
	pad_to(&in, "a,b\n\n1,", edge - 1);
	assert_int_equal(ra_buf_adds(&in, "\xc3x\n"), 0);
	assert_int_equal(read_dump(in.ptr, in.len, &out), RA_EINVAL);
	assert_string_equal(ra_error_last(), "t.csv:3: b: invalid UTF-8 "
	    "(byte 0xc3); save the file as CSV UTF-8");
	ra_buf_truncate(&out, 0);
	pad_to(&in, "a,b\n\n1,", edge - 1);
	assert_int_equal(ra_buf_adds(&in, "\xe2\x82"), 0);
	assert_int_equal(read_dump(in.ptr, in.len, &out), RA_EINVAL);
	assert_string_equal(ra_error_last(), "t.csv:3: b: invalid UTF-8 "
	    "(byte 0xe2); save the file as CSV UTF-8");
	ra_buf_truncate(&out, 0);

	/* A NUL in the second chunk, on line 4. */
	pad_to(&in, "a,b\r\n1,\"x\r\n", edge + 10);
	assert_int_equal(ra_buf_add(&in, "\"\r\n2,\0\r\n", 8), 0);
	assert_int_equal(read_dump(in.ptr, in.len, &out), RA_EINVAL);
	assert_string_equal(ra_error_last(), "t.csv:4: b: NUL byte in data; "
	    "is the file UTF-16? save it as CSV UTF-8");
	ra_buf_release(&in);
	ra_buf_release(&out);
}

/* The writer: one row of n cells, each text (guarded) or raw. */
static char *
write_cells(int raw, const char *const *cells, size_t n)
{
	struct ra_csv_writer w;
	char *text = NULL;
	size_t len = 0, i;
	FILE *fp;

	fp = open_memstream(&text, &len);
	assert_non_null(fp);
	ra_csv_writer_init(&w, fp);
	for (i = 0; i < n; i++)
		assert_int_equal(raw ? ra_csv_write_raw(&w, cells[i],
		    strlen(cells[i])) : ra_csv_write_cstr(&w, cells[i]), 0);
	assert_int_equal(ra_csv_write_end_row(&w), 0);
	assert_int_equal(ra_csv_writer_finish(&w), 0);
	fclose(fp);
	return text;
}

static void
expect_write(int raw, const char *cell, const char *want)
{
	char *got = write_cells(raw, &cell, 1);

	assert_string_equal(got, want);
	free(got);
}

static void
test_write_quoting(void **state)
{
	static const char *const two_empty[] = { "", "" };
	static const char *const tail[] = { "a", "" };
	static const char *const head[] = { "", "b" };
	static const char *const mixed[] = { "1", "a,b", "x" };
	char *got;

	(void)state;
	expect_write(1, "abc", "abc\n");
	expect_write(1, "a,b", "\"a,b\"\n");
	expect_write(1, "say \"hi\"", "\"say \"\"hi\"\"\"\n");
	expect_write(1, "\"", "\"\"\"\"\n");
	expect_write(1, "a\nb", "\"a\nb\"\n");
	expect_write(1, "a\rb", "\"a\rb\"\n");
	expect_write(1, "a\r\nb", "\"a\r\nb\"\n");
	expect_write(1, " padded ", " padded \n");
	expect_write(1, "caf\xc3\xa9", "caf\xc3\xa9\n");
	expect_write(1, "it's", "it's\n");
	/* One empty cell would be a blank line: it is quoted. */
	expect_write(1, "", "\"\"\n");
	expect_write(0, "", "\"\"\n");
	got = write_cells(0, two_empty, 2);
	assert_string_equal(got, ",\n");
	free(got);
	got = write_cells(0, tail, 2);
	assert_string_equal(got, "a,\n");
	free(got);
	got = write_cells(0, head, 2);
	assert_string_equal(got, ",b\n");
	free(got);
	got = write_cells(0, mixed, 3);
	assert_string_equal(got, "1,\"a,b\",x\n");
	free(got);
}

static void
test_write_guard(void **state)
{
	(void)state;
	expect_write(0, "=1+1", "'=1+1\n");
	expect_write(0, "+1", "'+1\n");
	expect_write(0, "-1", "'-1\n");
	expect_write(0, "@SUM(A1)", "'@SUM(A1)\n");
	expect_write(0, "|cmd", "'|cmd\n");
	expect_write(0, "%x", "'%x\n");
	expect_write(0, "\tx", "'\tx\n");
	expect_write(0, "\r=x", "\"'\r'=x\"\n");
	expect_write(0, "\rx", "\"'\rx\"\n");
	expect_write(0, "\nx", "\"'\nx\"\n");
	expect_write(0, "=HYPERLINK(\"http://x\")",
	    "\"'=HYPERLINK(\"\"http://x\"\")\"\n");
	expect_write(0, "=a,b", "\"'=a,b\"\n");
	/* Leading spaces of every kind are skipped, then the trigger. */
	expect_write(0, "  =x", "'  =x\n");
	expect_write(0, " \t=x", "' \t=x\n");
	expect_write(0, "\xc2\xa0=x", "'\xc2\xa0=x\n");
	expect_write(0, "\xe2\x80\x83-x", "'\xe2\x80\x83-x\n");
	expect_write(0, "\xe2\x80\xaf+x", "'\xe2\x80\xaf+x\n");
	expect_write(0, "\xe3\x80\x80@x", "'\xe3\x80\x80@x\n");
	expect_write(0, "\xe2\x80\x8b=x", "'\xe2\x80\x8b=x\n");
	expect_write(0, "\xef\xbb\xbf=x", "'\xef\xbb\xbf=x\n");
	/* Full-width = + - @. */
	expect_write(0, "\xef\xbc\x9d" "1", "'\xef\xbc\x9d" "1\n");
	expect_write(0, "\xef\xbc\x8b" "1", "'\xef\xbc\x8b" "1\n");
	expect_write(0, "\xef\xbc\x8d" "1", "'\xef\xbc\x8d" "1\n");
	expect_write(0, "\xef\xbc\xa0x", "'\xef\xbc\xa0x\n");
	/* Every line of a multi-line cell. */
	expect_write(0, "a\n=b", "\"a\n'=b\"\n");
	expect_write(0, "a\r\n  -b\r\nc", "\"a\r\n'  -b\r\nc\"\n");
	expect_write(0, "a\r+b", "\"a\r'+b\"\n");
	expect_write(0, "=a\n=b\n", "\"'=a\n'=b\n\"\n");
	expect_write(0, "a\n\n=b", "\"a\n'\n'=b\"\n");
	/* Safe: apostrophe already there, trigger not first, plain text. */
	expect_write(0, "'=x", "'=x\n");
	expect_write(0, "a\n'=b", "\"a\n'=b\"\n");
	expect_write(0, "x=1", "x=1\n");
	expect_write(0, "a-b", "a-b\n");
	expect_write(0, " x", " x\n");
	expect_write(0, "a \n", "\"a \n\"\n");
	expect_write(0, "\xc3\xa9=", "\xc3\xa9=\n");
	expect_write(0, "\xef\xbc\xa1", "\xef\xbc\xa1\n");	/* A */
	/* Raw cells are never guarded. */
	expect_write(1, "-1", "-1\n");
	expect_write(1, "=x", "=x\n");
	expect_write(1, "+1", "+1\n");
	expect_write(1, "a\n=b", "\"a\n=b\"\n");
}

static void
test_guard_api(void **state)
{
	struct ra_buf b = RA_BUF_INIT;

	(void)state;
	assert_true(ra_csv_guard_needed("=1", 2));
	assert_true(ra_csv_guard_needed("ok\n@x", 5));
	assert_true(ra_csv_guard_needed("\0x", 2));
	assert_false(ra_csv_guard_needed("", 0));
	assert_false(ra_csv_guard_needed("'=1", 3));
	assert_false(ra_csv_guard_needed("ok\n'@x", 6));
	assert_false(ra_csv_guard_needed("1-2", 3));
	assert_int_equal(ra_csv_guard(&b, "a\n=b\r\n-c", 8), 0);
	assert_string_equal(ra_buf_cstr(&b), "a\n'=b\r\n'-c");
	ra_buf_truncate(&b, 0);
	assert_int_equal(ra_csv_guard(&b, "'=b", 3), 0);
	assert_string_equal(ra_buf_cstr(&b), "'=b");
	ra_buf_truncate(&b, 0);
	assert_int_equal(ra_csv_guard(&b, "", 0), 0);
	assert_string_equal(ra_buf_cstr(&b), "");
	ra_buf_release(&b);
}

static void
test_write_row(void **state)
{
	static const char *const header[] = { "=id", "name", "-notes" };
	static const char *const cells[] = { "1", "a\"b", "x\ny" };
	static const size_t lens[] = { 3, 4, 6 };
	struct ra_csv_writer w;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	fp = open_memstream(&text, &len);
	assert_non_null(fp);
	ra_csv_writer_init(&w, fp);
	assert_int_equal(ra_csv_write_row(&w, header, lens, 3), 0);
	assert_int_equal(ra_csv_write_row(&w, cells, NULL, 3), 0);
	assert_int_equal(ra_csv_write_cstr(&w, NULL), 0);
	assert_int_equal(ra_csv_write_raw(&w, "-2", 2), 0);
	assert_int_equal(ra_csv_write_field(&w, "z", 1), 0);
	assert_int_equal(ra_csv_write_end_row(&w), 0);
	assert_int_equal(ra_csv_writer_finish(&w), 0);
	fclose(fp);
	assert_string_equal(text, "'=id,name,'-notes\n1,\"a\"\"b\",\"x\ny\"\n"
	    ",-2,z\n");
	free(text);
}

/*
 * Copy a file through ra_csv_write_cells() and through write_field() for
 * every cell: the bytes must be the same, whether a row came through raw
 * or was encoded again.  Returns how many rows came raw.
 */
static size_t
cells_match(const char *input)
{
	struct ra_csv_reader *r;
	const struct ra_csv_row *row;
	struct ra_csv_writer a, b;
	char *ta = NULL, *tb = NULL;
	size_t la = 0, lb = 0, i, raw = 0;
	FILE *in = mem_in(input, strlen(input)), *fa, *fb;

	fa = open_memstream(&ta, &la);
	fb = open_memstream(&tb, &lb);
	assert_non_null(fa);
	assert_non_null(fb);
	ra_csv_writer_init(&a, fa);
	ra_csv_writer_init(&b, fb);
	assert_int_equal(ra_csv_reader_new(&r, in, "t.csv"), 0);
	assert_int_equal(ra_csv_reader_header(r, &row), 1);
	while (ra_csv_reader_next(r, &row) == 1) {
		raw += row->raw != NULL;
		assert_int_equal(ra_csv_write_cells(&a, row), 0);
		assert_int_equal(ra_csv_write_raw(&a, "7", 1), 0);
		assert_int_equal(ra_csv_write_end_row(&a), 0);
		for (i = 0; i < row->nfields; i++)
			assert_int_equal(ra_csv_write_field(&b, row->fields[i],
			    row->lens[i]), 0);
		assert_int_equal(ra_csv_write_raw(&b, "7", 1), 0);
		assert_int_equal(ra_csv_write_end_row(&b), 0);
	}
	assert_int_equal(ra_csv_writer_finish(&a), 0);
	assert_int_equal(ra_csv_writer_finish(&b), 0);
	fclose(fa);
	fclose(fb);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
	ra_csv_reader_free(r);
	fclose(in);
	return raw;
}

static void
test_write_cells(void **state)
{
	(void)state;
	/* Canonical rows pass through raw, CRLF or not. */
	assert_int_equal(cells_match("a,b,c\r\n1,x y,\"p,q\"\r\n"
	    "2,,\"a\"\"b\"\r\n"), 2);
	/* Needless quotes, formulas, a quoted guard: encoded again. */
	assert_int_equal(cells_match("a,b\n\"plain\",x\n=1+1,x\n"
	    "\"=a,b\",x\n  -3,x\n\"\",x\nok,fine\n"), 1);
	/* Multi-line records go through libcsv and are encoded again. */
	assert_int_equal(cells_match("a,b\n\"x\ny\",1\n"), 0);
}

/*
 * A chunk that ends inside a UTF-8 character carries its first bytes to
 * the next chunk; rows of the chunk still queued must keep their raw
 * bytes intact (they once pointed at bytes the carry overwrote).
 */
static void
test_write_cells_carry(void **state)
{
	struct ra_buf in = RA_BUF_INIT;
	size_t k = 0;

	(void)state;
	ra_buf_adds(&in, "a,b\n");
	/* Fill the first chunk exactly, ending in a line break. */
	while (in.len < RA_CSV_CHUNK - 16)
		ra_buf_printf(&in, "r%zu,x\n", k++);
	while (in.len < RA_CSV_CHUNK - 1)
		ra_buf_adds(&in, in.len < RA_CSV_CHUNK - 4 ? "yz" : "y");
	ra_buf_truncate(&in, RA_CSV_CHUNK - 2);
	ra_buf_adds(&in, ",\n");
	assert_int_equal(in.len, RA_CSV_CHUNK);
	/* The second chunk starts with a row and ends inside an e-acute. */
	ra_buf_adds(&in, "FIRST,a\n");
	while (in.len < 2 * RA_CSV_CHUNK - 16)
		ra_buf_printf(&in, "s%zu,x\n", k++);
	while (in.len < 2 * RA_CSV_CHUNK - 2)
		ra_buf_addch(&in, 'w');
	ra_buf_adds(&in, ",\xc3\xa9\n");
	assert_int_equal((unsigned char)in.ptr[2 * RA_CSV_CHUNK - 1], 0xc3);
	assert_true(cells_match(in.ptr) > 1000);
	ra_buf_release(&in);
}

static void
test_write_error(void **state)
{
	struct ra_csv_writer w;
	FILE *fp;
	int i, rc = 0;

	(void)state;
	if ((fp = fopen("/dev/full", "w")) == NULL)
		skip();
	ra_csv_writer_init(&w, fp);
	for (i = 0; i < 100000 && rc == 0; i++)
		rc = ra_csv_write_field(&w, "0123456789", 10);
	if (rc == 0)
		rc = ra_csv_writer_finish(&w);
	assert_int_equal(rc, RA_EIO);
	assert_string_equal(ra_error_last(),
	    "write failed: No space left on device");
	fclose(fp);
}

/*
 * write(read(write(x))) == write(x) and read(write(x)) == guard(x), over
 * cells that exercise the guard and the quoting together.
 */
static void
check_round_trip(const char *const *cells, size_t n)
{
	struct ra_buf in = RA_BUF_INIT, guarded = RA_BUF_INIT;
	struct ra_csv_writer w;
	struct ra_csv_reader *r;
	const struct ra_csv_row *row;
	char *first = NULL, *second = NULL, *raw = NULL;
	size_t flen = 0, slen = 0, rlen = 0, i;
	FILE *fp, *out, *rawfp;

	fp = open_memstream(&first, &flen);
	assert_non_null(fp);
	ra_csv_writer_init(&w, fp);
	assert_int_equal(ra_csv_write_cstr(&w, "s"), 0);
	assert_int_equal(ra_csv_write_end_row(&w), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(ra_csv_write_cstr(&w, cells[i]), 0);
		assert_int_equal(ra_csv_write_end_row(&w), 0);
	}
	assert_int_equal(ra_csv_writer_finish(&w), 0);
	fclose(fp);

	/* Raw: read(write_raw(x)) == x exactly. */
	rawfp = open_memstream(&raw, &rlen);
	assert_non_null(rawfp);
	ra_csv_writer_init(&w, rawfp);
	assert_int_equal(ra_csv_write_raw(&w, "s", 1), 0);
	assert_int_equal(ra_csv_write_end_row(&w), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(ra_csv_write_raw(&w, cells[i],
		    strlen(cells[i])), 0);
		assert_int_equal(ra_csv_write_end_row(&w), 0);
	}
	assert_int_equal(ra_csv_writer_finish(&w), 0);
	fclose(rawfp);
	fp = mem_in(raw, rlen);
	assert_int_equal(ra_csv_reader_new(&r, fp, "raw.csv"), 0);
	assert_int_equal(ra_csv_reader_header(r, &row), 1);
	for (i = 0; i < n; i++) {
		assert_int_equal(ra_csv_reader_next(r, &row), 1);
		assert_int_equal(row->nfields, 1);
		assert_int_equal(row->lens[0], strlen(cells[i]));
		assert_string_equal(row->fields[0], cells[i]);
	}
	assert_int_equal(ra_csv_reader_next(r, &row), 0);
	ra_csv_reader_free(r);
	fclose(fp);

	fp = mem_in(first, flen);
	assert_int_equal(ra_csv_reader_new(&r, fp, "first.csv"), 0);
	out = open_memstream(&second, &slen);
	assert_non_null(out);
	ra_csv_writer_init(&w, out);
	assert_int_equal(ra_csv_reader_header(r, &row), 1);
	assert_int_equal(ra_csv_write_row(&w, row->fields, row->lens,
	    row->nfields), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(ra_csv_reader_next(r, &row), 1);
		assert_int_equal(row->nfields, 1);
		ra_buf_truncate(&guarded, 0);
		assert_int_equal(ra_csv_guard(&guarded, cells[i],
		    strlen(cells[i])), 0);
		if (!ra_csv_guard_needed(cells[i], strlen(cells[i])))
			assert_string_equal(row->fields[0], cells[i]);
		assert_int_equal(row->lens[0], guarded.len);
		assert_string_equal(row->fields[0], ra_buf_cstr(&guarded));
		assert_false(ra_csv_guard_needed(row->fields[0],
		    row->lens[0]));
		assert_int_equal(ra_csv_write_row(&w, row->fields, row->lens,
		    row->nfields), 0);
	}
	assert_int_equal(ra_csv_reader_next(r, &row), 0);
	assert_int_equal(ra_csv_writer_finish(&w), 0);
	fclose(out);
	ra_csv_reader_free(r);
	fclose(fp);

	assert_int_equal(slen, flen);
	assert_memory_equal(second, first, flen);
	free(first);
	free(second);
	free(raw);
	ra_buf_release(&in);
	ra_buf_release(&guarded);
}

static void
test_round_trip(void **state)
{
	static const char *const cells[] = {
		"plain", "", " ", "=1+1", "'=1+1", "''=x", "-5", "a,b",
		"\"quoted\"", "x\ny", "\n", "\r\n", "\r", "=a\r\n+b\rc\n@d",
		"  \xc2\xa0=x", "\t", "\t\t=", "a\n'=b\n=c",
		"\xef\xbc\x9d" "1", "\"=x\"", ",=x", "caf\xc3\xa9",
		"\xe2\x80\x83" "-1", "line\n\n\nend", "%", "|", "@"
	};

	(void)state;
	check_round_trip(cells, sizeof(cells) / sizeof(cells[0]));
}

static char *
slurp(const char *path, size_t *len)
{
	struct ra_buf b = RA_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		assert_int_equal(ra_buf_add(&b, chunk, n), 0);
	assert_false(ferror(fp));
	fclose(fp);
	*len = b.len;
	return ra_buf_detach(&b);
}

static void
put_utf8(struct ra_buf *b, unsigned long cp)
{
	if (cp < 0x80)
		assert_int_equal(ra_buf_addch(b, (int)cp), 0);
	else if (cp < 0x800) {
		assert_int_equal(ra_buf_addch(b, (int)(0xc0 | cp >> 6)), 0);
		assert_int_equal(ra_buf_addch(b, (int)(0x80 | (cp & 0x3f))),
		    0);
	} else if (cp < 0x10000) {
		assert_int_equal(ra_buf_addch(b, (int)(0xe0 | cp >> 12)), 0);
		assert_int_equal(ra_buf_addch(b,
		    (int)(0x80 | (cp >> 6 & 0x3f))), 0);
		assert_int_equal(ra_buf_addch(b, (int)(0x80 | (cp & 0x3f))),
		    0);
	} else {
		assert_int_equal(ra_buf_addch(b, (int)(0xf0 | cp >> 18)), 0);
		assert_int_equal(ra_buf_addch(b,
		    (int)(0x80 | (cp >> 12 & 0x3f))), 0);
		assert_int_equal(ra_buf_addch(b,
		    (int)(0x80 | (cp >> 6 & 0x3f))), 0);
		assert_int_equal(ra_buf_addch(b, (int)(0x80 | (cp & 0x3f))),
		    0);
	}
}

/*
 * Every string of a JSON text, decoded, in order, as NUL-separated
 * entries of out; returns how many.  Enough for csv-spectrum's files,
 * whose structure is only arrays of objects of strings.
 */
static size_t
json_strings(const char *t, struct ra_buf *out, size_t **offsets)
{
	size_t n = 0, cap = 0;
	unsigned long cp, lo;
	char hex[5] = { 0 };

	*offsets = NULL;
	while ((t = strchr(t, '"')) != NULL) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			*offsets = realloc(*offsets, cap * sizeof(**offsets));
			assert_non_null(*offsets);
		}
		(*offsets)[n++] = out->len;
		for (t++; *t != '"'; t++) {
			assert_true(*t != '\0');
			if (*t != '\\') {
				assert_int_equal(ra_buf_addch(out, *t), 0);
				continue;
			}
			switch (*++t) {
			case 'n':
				assert_int_equal(ra_buf_addch(out, '\n'), 0);
				break;
			case 'r':
				assert_int_equal(ra_buf_addch(out, '\r'), 0);
				break;
			case 't':
				assert_int_equal(ra_buf_addch(out, '\t'), 0);
				break;
			case 'u':
				memcpy(hex, t + 1, 4);
				cp = strtoul(hex, NULL, 16);
				t += 4;
				if (cp >= 0xd800 && cp < 0xdc00 &&
				    t[1] == '\\' && t[2] == 'u') {
					memcpy(hex, t + 3, 4);
					lo = strtoul(hex, NULL, 16);
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    (lo - 0xdc00);
					t += 6;
				}
				put_utf8(out, cp);
				break;
			default:	/* \" \\ \/ */
				assert_int_equal(ra_buf_addch(out, *t), 0);
				break;
			}
		}
		assert_int_equal(ra_buf_addch(out, '\0'), 0);
		t++;
	}
	return n;
}

static void
check_spectrum(const char *dir, const char *base)
{
	struct ra_buf path = RA_BUF_INIT, strings = RA_BUF_INIT;
	struct ra_csv_reader *r;
	const struct ra_csv_row *row, *header;
	size_t *offsets, n, k = 0, j, jlen;
	char *json;
	FILE *fp;
	int rc;

	assert_int_equal(ra_buf_printf(&path, "%s/csvs/%s.csv", dir, base),
	    0);
	fp = fopen(ra_buf_cstr(&path), "rb");
	assert_non_null(fp);
	ra_buf_truncate(&path, 0);
	assert_int_equal(ra_buf_printf(&path, "%s.csv", base), 0);
	assert_int_equal(ra_csv_reader_new(&r, fp, ra_buf_cstr(&path)), 0);
	assert_int_equal(ra_csv_reader_header(r, &header), 1);

	if (strcmp(base, "location_coordinates") == 0) {
		/*
		 * Upstream's case has a bare quote in an unquoted field
		 * (37°36'37.8"N) and a JSON that does not match its CSV:
		 * strict reading rejects it.
		 */
		assert_int_equal(ra_csv_reader_next(r, &row), RA_EINVAL);
		assert_string_equal(ra_error_last(), "location_coordinates"
		    ".csv:2: Location Coordinates: quote inside an unquoted "
		    "field; put the whole field in quotes and write the "
		    "quote as \"\"");
		goto done;
	}

	ra_buf_truncate(&path, 0);
	assert_int_equal(ra_buf_printf(&path, "%s/json/%s.json", dir, base),
	    0);
	json = slurp(ra_buf_cstr(&path), &jlen);
	assert_non_null(json);
	n = json_strings(json, &strings, &offsets);
	free(json);
	while ((rc = ra_csv_reader_next(r, &row)) == 1) {
		assert_int_equal(row->nfields, header->nfields);
		for (j = 0; j < row->nfields; j++) {
			assert_true(k + 2 <= n);
			assert_string_equal(header->fields[j],
			    strings.ptr + offsets[k++]);
			assert_string_equal(row->fields[j],
			    strings.ptr + offsets[k++]);
		}
	}
	assert_int_equal(rc, 0);
	assert_int_equal(k, n);
	free(offsets);
done:
	ra_csv_reader_free(r);
	fclose(fp);
	ra_buf_release(&path);
	ra_buf_release(&strings);
}

static void
test_csv_spectrum(void **state)
{
	struct ra_buf dir = RA_BUF_INIT, csvs = RA_BUF_INIT;
	struct dirent *e;
	DIR *d;
	size_t len, seen = 0;

	(void)state;
	assert_int_equal(ra_buf_printf(&dir, "%s/corpora/csv-spectrum",
	    ra_test_shared()), 0);
	assert_int_equal(ra_buf_printf(&csvs, "%s/csvs", dir.ptr), 0);
	if ((d = opendir(csvs.ptr)) == NULL) {
		ra_buf_release(&dir);
		ra_buf_release(&csvs);
		skip();
	}
	while ((e = readdir(d)) != NULL) {
		char base[256];

		len = strlen(e->d_name);
		if (len <= 4 || len >= sizeof(base) ||
		    strcmp(e->d_name + len - 4, ".csv") != 0)
			continue;
		memcpy(base, e->d_name, len - 4);
		base[len - 4] = '\0';
		check_spectrum(dir.ptr, base);
		seen++;
	}
	closedir(d);
	assert_true(seen >= 12);
	ra_buf_release(&dir);
	ra_buf_release(&csvs);
}

static void
test_naughty_strings(void **state)
{
	struct ra_buf path = RA_BUF_INIT;
	const char **cells;
	char *text, *line, *nl;
	size_t len, n = 0;

	(void)state;
	assert_int_equal(ra_buf_printf(&path,
	    "%s/corpora/big-list-of-naughty-strings/blns.txt",
	    ra_test_shared()), 0);
	text = slurp(path.ptr, &len);
	ra_buf_release(&path);
	if (text == NULL)
		skip();
	cells = calloc(len + 1, sizeof(*cells));
	assert_non_null(cells);
	for (line = text; line < text + len; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(text + len - line))) ==
		    NULL)
			nl = text + len;
		*nl = '\0';
		if (line[0] != '#')
			cells[n++] = line;
	}
	assert_true(n > 500);
	check_round_trip(cells, n);
	free(cells);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_stray_quote),
		cmocka_unit_test(test_ragged),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_columns_max),
		cmocka_unit_test(test_field_max),
		cmocka_unit_test(test_sticky),
		cmocka_unit_test(test_many_chunks),
		cmocka_unit_test(test_chunk_boundaries),
		cmocka_unit_test(test_write_quoting),
		cmocka_unit_test(test_write_guard),
		cmocka_unit_test(test_guard_api),
		cmocka_unit_test(test_write_row),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_write_cells),
		cmocka_unit_test(test_write_cells_carry),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_csv_spectrum),
		cmocka_unit_test(test_naughty_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
