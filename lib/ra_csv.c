/*
 * ra_csv.c: the CSV adapter.  The only file of the project that includes
 * <csv.h>; libcsv's byte counts, status codes and callbacks stop here.
 *
 * Reading.  libcsv (strict) does the quoting; this file adds what libcsv
 * leaves out: BOM and encoding checks, UTF-8 validation, NUL rejection,
 * physical line numbers, a field-size cap, header and field-count checks.
 * libcsv reports no positions, so the input is read in RA_CSV_CHUNK byte
 * chunks and each chunk is handed to csv_parse() one line segment at a
 * time (up to and including a CR, LF or CRLF): callbacks then run while
 * the line of the bytes being parsed is known.  A record starts on the
 * first segment after the previous record that is more than a line break
 * (libcsv skips blank lines).  The raw bytes of a chunk are checked for
 * NUL and invalid UTF-8 once, before parsing; parsing stops at the first
 * bad byte, whose line is then the current one.  Structural bytes are
 * ASCII, so valid raw bytes mean valid fields.
 *
 * A line that is a whole record by itself, with no quote or only quoted
 * fields that close on the line, is split by a fast path of memchr calls
 * instead (see fast_line()); libcsv takes every other line, so it remains
 * the judge of anything unusual and of every error.
 *
 * Fields of the rows parsed from one chunk are copied, NUL-terminated,
 * into one arena and indexed by offset; the rows are queued and handed out
 * one by one.  When the queue is empty the arena is reused, keeping only
 * the fields of a record still being parsed.  Memory is thus bounded by
 * the chunk size plus the longest row.
 *
 * Writing is done by hand (libcsv's writer always quotes), with the
 * formula guard of ra_csv_guard_needed(); each row is assembled in the
 * writer's buffer and handed to stdio in one call.
 */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "ra_buf.h"
#include "ra_csv.h"
#include "ra_error.h"
#include "ra_util.h"

/*
 * libcsv grows its field buffer linearly by this much: large, so that a
 * sanitizer build, where every realloc moves, stays fast.
 */
#define PARSER_BLOCK (64 * 1024)

/*
 * The field buffer holds a field and, for a moment, its closing quote.
 * One more byte lets a field of exactly RA_CSV_FIELD_MAX bytes through;
 * anything longer makes the hook refuse (CSV_ENOMEM) or is caught when
 * the field is delivered.
 */
#define ENTRY_MAX ((size_t)RA_CSV_FIELD_MAX + 2)

/* Bytes of an incomplete UTF-8 sequence carried to the next chunk. */
#define CARRY_MAX 4

struct row_span {
	unsigned long line;
	size_t first;		/* index of its first field */
	size_t n;
	const char *raw;	/* canonical bytes in the input chunk,
				   or NULL */
	size_t raw_len;
};

struct ra_csv_reader {
	struct csv_parser parser;
	FILE *fp;
	char *name;

	char *in;		/* CARRY_MAX + RA_CSV_CHUNK bytes */
	size_t carry;		/* bytes kept for the next chunk... */
	size_t carry_from;	/* ...still at this offset of in */
	int started;		/* the byte order mark was looked at */
	int done;		/* input finished, csv_fini called */

	int error;		/* sticky: 0 or the code returned */
	char message[2048];

	unsigned long line;	/* physical line of the next byte parsed */
	unsigned long record_line;
	unsigned long field_line;
	int at_record_start;
	int prev_cr;		/* the last byte parsed was a lone CR */

	/* Fields of queued rows and of the record being parsed. */
	struct ra_buf arena;
	size_t *offsets;
	size_t *lens;
	const char **ptrs;
	size_t nfields;
	size_t fields_cap;
	size_t record_first;	/* first field of the unfinished record */

	struct ra_buf scratch;	/* a quoted field, undoubled
				   (fast path) */
	int canonical;		/* the fast-path line is as the writer
				   writes */

	struct row_span *rows;
	size_t nrows;
	size_t rows_cap;
	size_t next_row;

	/* The header, kept for the reader's lifetime. */
	struct ra_buf header_bytes;
	const char **header_ptrs;
	size_t *header_lens;
	size_t header_n;
	int have_header;
	int header_called;

	struct ra_csv_row header_row;
	struct ra_csv_row row;
};

static void reader_fail(struct ra_csv_reader *, int, unsigned long, size_t,
    const char *, ...) __attribute__((format(printf, 5, 6)));

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void *
entry_realloc(void *p, size_t size)
{
	if (size > ENTRY_MAX)
		return NULL;
	return realloc(p, size);
}

/* The header name of field k of a data record, or NULL. */
static const char *
column_name(const struct ra_csv_reader *r, size_t k)
{
	if (!r->have_header || k >= r->header_n)
		return NULL;
	return r->header_ptrs[k];
}

/*
 * Record the first error: "name:line: column: what".  k is the index of
 * the field in its record, or SIZE_MAX for none.  Later errors are ignored.
 */
static void
reader_fail(struct ra_csv_reader *r, int code, unsigned long line, size_t k,
    const char *fmt, ...)
{
	char what[1024];
	va_list ap;

	if (r->error != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	ra_error_at(code, r->name, line,
	    k == SIZE_MAX ? NULL : column_name(r, k), "%s", what);
	snprintf(r->message, sizeof(r->message), "%s", ra_error_last());
	r->error = code;
}

/* Keep an error of ra_buf (already the last error) as the sticky one. */
static void
reader_fail_nomem(struct ra_csv_reader *r)
{
	if (r->error != 0)
		return;
	snprintf(r->message, sizeof(r->message), "%s", ra_error_last());
	r->error = RA_ENOMEM;
}

static int
reader_error(const struct ra_csv_reader *r)
{
	return ra_error_set(r->error, "%s", r->message);
}

static int
grow_fields(struct ra_csv_reader *r)
{
	size_t cap = r->fields_cap ? r->fields_cap * 2 : 256;
	size_t *offsets, *lens;
	const char **ptrs;

	if ((offsets = realloc(r->offsets, cap * sizeof(*offsets))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	r->offsets = offsets;
	if ((lens = realloc(r->lens, cap * sizeof(*lens))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	r->lens = lens;
	if ((ptrs = realloc(r->ptrs, cap * sizeof(*ptrs))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	r->ptrs = ptrs;
	r->fields_cap = cap;
	return 0;
}

/* libcsv's field callback. */
static void
on_field(void *field, size_t len, void *data)
{
	struct ra_csv_reader *r = data;
	size_t k = r->nfields - r->record_first;
	struct ra_buf *a = &r->arena;

	if (r->error != 0)
		return;
	if (len > RA_CSV_FIELD_MAX) {
		reader_fail(r, RA_EINVAL, r->field_line, k,
		    "field exceeds 1 MiB");
		return;
	}
	if (k >= RA_CSV_COLUMNS_MAX) {
		reader_fail(r, RA_EINVAL, r->record_line, SIZE_MAX,
		    "more than %d columns", RA_CSV_COLUMNS_MAX);
		return;
	}
	if ((r->nfields == r->fields_cap && grow_fields(r) < 0) ||
	    (a->cap - a->len < len + 2 && ra_buf_grow(a, len + 1) < 0)) {
		reader_fail_nomem(r);
		return;
	}
	if (len > 0)
		memcpy(a->ptr + a->len, field, len);
	a->ptr[a->len + len] = '\0';
	r->offsets[r->nfields] = a->len;
	r->lens[r->nfields] = len;
	r->nfields++;
	a->len += len + 1;
	/* The next field starts after this delimiter, on this line. */
	r->field_line = r->line;
}

/* A quoted field's text (quotes doubled) to on_field(), undoubled. */
static int
emit_quoted(struct ra_csv_reader *r, const char *s, size_t len)
{
	const char *q;
	size_t n;

	if (memchr(s, '"', len) == NULL) {
		on_field((void *)(uintptr_t)s, len, r);
		return 1;
	}
	ra_buf_truncate(&r->scratch, 0);
	while ((q = memchr(s, '"', len)) != NULL) {
		n = (size_t)(q - s) + 1;
		if (ra_buf_add(&r->scratch, s, n) < 0) {
			reader_fail_nomem(r);
			return 1;
		}
		s += n + 1;
		len -= n + 1;
	}
	if (ra_buf_add(&r->scratch, s, len) < 0) {
		reader_fail_nomem(r);
		return 1;
	}
	on_field(r->scratch.ptr, r->scratch.len, r);
	return 1;
}

/* Copy the first record to the header and check its names. */
static void
take_header(struct ra_csv_reader *r, size_t first, size_t n)
{
	size_t i, j;

	ra_buf_truncate(&r->header_bytes, 0);
	if (ra_buf_add(&r->header_bytes, r->arena.ptr + r->offsets[first],
	    r->arena.len - r->offsets[first]) < 0 ||
	    (r->header_ptrs = calloc(n, sizeof(*r->header_ptrs))) == NULL ||
	    (r->header_lens = calloc(n, sizeof(*r->header_lens))) == NULL) {
		ra_error_set(RA_ENOMEM, "out of memory");
		reader_fail_nomem(r);
		return;
	}
	for (i = 0; i < n; i++) {
		r->header_ptrs[i] = r->header_bytes.ptr +
		    (r->offsets[first + i] - r->offsets[first]);
		r->header_lens[i] = r->lens[first + i];
	}
	for (i = 0; i < n; i++) {
		if (r->header_lens[i] == 0) {
			reader_fail(r, RA_EINVAL, r->record_line, SIZE_MAX,
			    "empty column name (column %zu)", i + 1);
			return;
		}
		for (j = 0; j < i; j++)
			if (r->header_lens[j] == r->header_lens[i] &&
			    memcmp(r->header_ptrs[j], r->header_ptrs[i],
			    r->header_lens[i]) == 0) {
				reader_fail(r, RA_EINVAL, r->record_line,
				    SIZE_MAX, "duplicate column '%s' "
				    "(columns %zu and %zu)", r->header_ptrs[i],
				    j + 1, i + 1);
				return;
			}
	}
	r->header_n = n;
	r->have_header = 1;
	r->header_row.nfields = n;
	r->header_row.fields = r->header_ptrs;
	r->header_row.lens = r->header_lens;
	r->header_row.line = r->record_line;
	/* The header is not queued as a row. */
	r->nfields = first;
	r->arena.len = r->offsets[first];
}

/* libcsv's record callback. */
static void
on_record(int c, void *data)
{
	struct ra_csv_reader *r = data;
	size_t n = r->nfields - r->record_first;
	struct row_span *rows;

	(void)c;
	r->at_record_start = 1;
	if (r->error != 0)
		return;
	if (!r->have_header) {
		take_header(r, r->record_first, n);
		r->record_first = r->nfields;
		return;
	}
	if (n != r->header_n) {
		reader_fail(r, RA_EINVAL, r->record_line, SIZE_MAX,
		    "expected %zu field%s as in the header, found %zu",
		    r->header_n, r->header_n == 1 ? "" : "s", n);
		return;
	}
	if (r->nrows == r->rows_cap) {
		size_t cap = r->rows_cap ? r->rows_cap * 2 : 64;

		if ((rows = realloc(r->rows, cap * sizeof(*rows))) == NULL) {
			ra_error_set(RA_ENOMEM, "out of memory");
			reader_fail_nomem(r);
			return;
		}
		r->rows = rows;
		r->rows_cap = cap;
	}
	r->rows[r->nrows].line = r->record_line;
	r->rows[r->nrows].first = r->record_first;
	r->rows[r->nrows].n = n;
	r->rows[r->nrows].raw = NULL;
	r->rows[r->nrows].raw_len = 0;
	r->nrows++;
	r->record_first = r->nfields;
}

/* Describe the byte at s (len available) for a message. */
static void
describe_char(char *out, size_t outlen, const unsigned char *s, size_t len)
{
	size_t n;

	if (s[0] == ' ')
		snprintf(out, outlen, "space");
	else if (s[0] == '\t')
		snprintf(out, outlen, "tab");
	else if (s[0] > ' ' && s[0] < 0x7f)
		snprintf(out, outlen, "character '%c'", s[0]);
	else if (s[0] >= 0xc2 && s[0] <= 0xf4) {
		n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
		if (n > len)
			n = len;
		snprintf(out, outlen, "character '%.*s'", (int)n,
		    (const char *)s);
	} else
		snprintf(out, outlen, "control character 0x%02x", s[0]);
}

/* After csv_parse() stopped at s[off]: say why. */
static void
parser_failed(struct ra_csv_reader *r, const char *s, size_t off,
    size_t len)
{
	int status = csv_error(&r->parser);
	size_t k = r->nfields - r->record_first;
	char what[64];

	if (r->error != 0)
		return;
	if (status == CSV_EPARSE && s[off] == '"')
		reader_fail(r, RA_EINVAL, r->line, k,
		    "quote inside an unquoted field; put the whole field "
		    "in quotes and write the quote as \"\"");
	else if (status == CSV_EPARSE) {
		describe_char(what, sizeof(what),
		    (const unsigned char *)s + off, len - off);
		reader_fail(r, RA_EINVAL, r->line, k,
		    "unexpected %s after closing quote; write a quote "
		    "inside a quoted field as \"\"", what);
	} else if (status == CSV_ENOMEM &&
	    r->parser.entry_pos < RA_CSV_FIELD_MAX)
		reader_fail(r, RA_ENOMEM, 0, SIZE_MAX, "out of memory");
	else
		reader_fail(r, RA_EINVAL, r->field_line, k,
		    "field exceeds 1 MiB");
}

static int line_triggers(const unsigned char *, size_t);

/*
 * The fast path.  Most lines are whole records on one physical line:
 * unquoted fields, or quoted ones that close on the same line.  For those
 * the fields are split here with memchr, which is several times faster
 * than libcsv's byte-at-a-time state machine; the same on_field() and
 * on_record() take them, so every check and message stays the same.  A
 * line that is anything else (a quote inside an unquoted field, a quoted
 * field that runs on to the next line, a character after a closing quote)
 * returns 0 untouched and goes to libcsv, which stays the authority on
 * what is and is not CSV.  s[0..n) is the line without its line break;
 * libcsv must be between records.
 */

/*
 * Emit the fields of a line that holds a quote; 0 (with the fields taken
 * back) when it is not a simple record.  q is the first quote.
 */
static int
quoted_line(struct ra_csv_reader *r, const char *s, size_t n, size_t q)
{
	const char *p, *c;
	size_t i = 0, k, j, next, nfields = r->nfields, used = r->arena.len;

	for (;;) {
		if (q < i && (p = memchr(s + i, '"', n - i)) != NULL)
			q = (size_t)(p - s);
		else if (q < i)
			q = n;
		if (i < n && s[i] == '"') {
			/* Quoted: find the closing quote, "" is a quote. */
			for (j = i + 1;; j = k + 2) {
				if ((p = memchr(s + j, '"', n - j)) == NULL)
					goto not_simple;
				k = (size_t)(p - s);
				if (k + 1 >= n || s[k + 1] != '"')
					break;
			}
			next = k + 1;
			if (next < n && s[next] != ',')
				goto not_simple;
			/* The writer quotes only a cell with , or " in it. */
			r->canonical &= memchr(s + i + 1, ',', k - i - 1) !=
			    NULL || memchr(s + i + 1, '"', k - i - 1) != NULL;
			r->canonical &= !line_triggers(
			    (const unsigned char *)s + i + 1, k - i - 1);
			emit_quoted(r, s + i + 1, k - i - 1);
		} else {
			c = memchr(s + i, ',', n - i);
			next = c != NULL ? (size_t)(c - s) : n;
			if (q < next)
				goto not_simple;	/* a quote inside */
			r->canonical &= !line_triggers(
			    (const unsigned char *)s + i, next - i);
			on_field((void *)(uintptr_t)(s + i), next - i, r);
		}
		if (next == n)
			return 1;
		i = next + 1;
	}
not_simple:
	r->nfields = nfields;
	r->arena.len = used;
	r->field_line = r->record_line;
	return 0;
}

static int
fast_line(struct ra_csv_reader *r, const char *s, size_t n)
{
	const char *c, *end = s + n, *q, *line = s;
	size_t nrows = r->nrows;

	r->canonical = 1;
	if ((q = memchr(s, '"', n)) == NULL) {
		/* No quote at all: split at the commas, in one pass. */
		while ((c = memchr(s, ',', (size_t)(end - s))) != NULL) {
			r->canonical &= !line_triggers((const unsigned char *)s,
			    (size_t)(c - s));
			on_field((void *)(uintptr_t)s, (size_t)(c - s), r);
			s = c + 1;
		}
		r->canonical &= !line_triggers((const unsigned char *)s,
		    (size_t)(end - s));
		on_field((void *)(uintptr_t)s, (size_t)(end - s), r);
	} else if (!quoted_line(r, s, n, (size_t)(q - s)))
		return 0;
	on_record(0, r);
	/*
	 * A data row whose bytes are what the writer would write for it can
	 * be passed through as they are; they stay in the input chunk until
	 * the queue is handed out, since nothing more is read before.
	 */
	if (r->nrows > nrows && r->canonical) {
		r->rows[nrows].raw = line;
		r->rows[nrows].raw_len = n;
	}
	return 1;
}

/*
 * Parse s[0..len), which holds neither NUL nor invalid UTF-8, one line
 * segment at a time, keeping the line count.
 */
static void
parse_bytes(struct ra_csv_reader *r, const char *s, size_t len)
{
	const char *hit;
	size_t pos = 0, cr, lf, t, end, done;

	hit = memchr(s, '\r', len);
	cr = hit != NULL ? (size_t)(hit - s) : len;
	hit = memchr(s, '\n', len);
	lf = hit != NULL ? (size_t)(hit - s) : len;
	while (pos < len && r->error == 0) {
		if (cr < pos) {
			hit = memchr(s + pos, '\r', len - pos);
			cr = hit != NULL ? (size_t)(hit - s) : len;
		}
		if (lf < pos) {
			hit = memchr(s + pos, '\n', len - pos);
			lf = hit != NULL ? (size_t)(hit - s) : len;
		}
		t = cr < lf ? cr : lf;
		if (t == len)
			end = len;
		else if (s[t] == '\r' && t + 1 < len && s[t + 1] == '\n')
			end = t + 2;
		else
			end = t + 1;
		if (r->at_record_start && t != pos) {
			r->at_record_start = 0;
			r->record_line = r->field_line = r->line;
			/* A whole line, libcsv idle: try the fast path. */
			if (t < len && fast_line(r, s + pos, t - pos))
				goto parsed;
		}
		done = csv_parse(&r->parser, s + pos, end - pos, on_field,
		    on_record, r);
		if (done < end - pos) {
			parser_failed(r, s + pos, done, end - pos);
			return;
		}
parsed:
		if (t == len)
			r->prev_cr = 0;
		else if (s[t] == '\r') {
			r->line++;
			r->prev_cr = end == t + 1;
		} else {
			/* An LF right after a CR ends the same line. */
			if (!(r->prev_cr && t == pos))
				r->line++;
			r->prev_cr = 0;
		}
		pos = end;
	}
}

/* Keep only the record being parsed; the queue has been handed out. */
static void
compact(struct ra_csv_reader *r)
{
	size_t first = r->record_first, n = r->nfields - first, base, i;

	assert(r->next_row == r->nrows);
	base = n > 0 ? r->offsets[first] : r->arena.len;
	if (base > 0) {
		memmove(r->arena.ptr, r->arena.ptr + base,
		    r->arena.len - base);
		r->arena.len -= base;
	}
	for (i = 0; i < n; i++) {
		r->offsets[i] = r->offsets[first + i] - base;
		r->lens[i] = r->lens[first + i];
	}
	r->nfields = n;
	r->record_first = 0;
	r->nrows = r->next_row = 0;
}

/* Look at the byte order mark; returns where the data starts. */
static size_t
check_bom(struct ra_csv_reader *r, const unsigned char *s, size_t n)
{
	r->started = 1;
	if ((n >= 4 && memcmp(s, "\0\0\xfe\xff", 4) == 0) ||
	    (n >= 4 && memcmp(s, "\xff\xfe\0\0", 4) == 0)) {
		reader_fail(r, RA_EINVAL, 0, SIZE_MAX,
		    "the file is UTF-32; save it as CSV UTF-8");
		return 0;
	}
	if (n >= 2 && (memcmp(s, "\xff\xfe", 2) == 0 ||
	    memcmp(s, "\xfe\xff", 2) == 0)) {
		reader_fail(r, RA_EINVAL, 0, SIZE_MAX,
		    "the file is UTF-16; save it as CSV UTF-8");
		return 0;
	}
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		return 3;
	return 0;
}

/* Read and parse one more chunk.  Errors are kept in r->error. */
static void
reader_more(struct ra_csv_reader *r)
{
	char *s = r->in;
	size_t got, n, start = 0, limit, bad;
	const char *nul;
	int eof;

	compact(r);
	/*
	 * Only now, with every row of the last chunk handed out, may the
	 * bytes carried over move to the start of in: until then queued rows
	 * may point into it (their raw bytes).
	 */
	if (r->carry > 0 && r->carry_from > 0) {
		memmove(s, s + r->carry_from, r->carry);
		r->carry_from = 0;
	}
	got = fread(s + r->carry, 1, RA_CSV_CHUNK, r->fp);
	if (got < RA_CSV_CHUNK && ferror(r->fp)) {
		reader_fail(r, RA_EIO, 0, SIZE_MAX, "read failed: %s",
		    strerror(errno));
		goto done;
	}
	eof = got < RA_CSV_CHUNK;
	n = r->carry + got;
	r->carry = 0;
	if (!r->started) {
		start = check_bom(r, (unsigned char *)s, n);
		if (r->error != 0)
			goto done;
	}

	limit = n;
	bad = start + ra_utf8_check(s + start, n - start);
	if (bad < n && !eof && n - bad < CARRY_MAX) {
		/* Perhaps a character cut by the chunk: decide next time. */
		limit = bad;
		bad = n;
	}
	nul = memchr(s + start, '\0', limit - start);
	if (nul != NULL && (size_t)(nul - s) < bad)
		bad = (size_t)(nul - s);

	parse_bytes(r, s + start, (bad < limit ? bad : limit) - start);
	if (r->error != 0)
		goto done;
	if (bad < limit) {
		size_t k = r->nfields - r->record_first;

		if (s[bad] == '\0')
			reader_fail(r, RA_EINVAL, r->line, k,
			    "NUL byte in data; is the file UTF-16? "
			    "save it as CSV UTF-8");
		else
			reader_fail(r, RA_EINVAL, r->line, k,
			    "invalid UTF-8 (byte 0x%02x); save the file as "
			    "CSV UTF-8", (unsigned char)s[bad]);
		goto done;
	}
	if (limit < n) {
		r->carry_from = limit;
		r->carry = n - limit;
	}
	if (eof) {
		if (csv_fini(&r->parser, on_field, on_record, r) != 0)
			reader_fail(r, RA_EINVAL, r->field_line,
			    r->nfields - r->record_first,
			    "unterminated quoted field");
		r->done = 1;
	}
done:
	if (r->error != 0 && !r->done) {
		/* The status was read above; now only reset the parser. */
		csv_fini(&r->parser, NULL, NULL, NULL);
		r->done = 1;
	}
}

int
ra_csv_reader_new(struct ra_csv_reader **out, FILE *fp, const char *name)
{
	struct ra_csv_reader *r;

	assert(out != NULL && fp != NULL && name != NULL);
	*out = NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	ra_buf_init(&r->arena);
	ra_buf_init(&r->header_bytes);
	ra_buf_init(&r->scratch);
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		free(r);
		return ra_error_set(RA_ERROR, "%s: cannot set up the CSV "
		    "parser", name);
	}
	/*
	 * No CSV_APPEND_NULL: fields are copied with their length and a NUL
	 * of our own.  No CSV_EMPTY_IS_NULL: the API has no missing value.
	 */
	csv_set_space_func(&r->parser, no_space);
	csv_set_realloc_func(&r->parser, entry_realloc);
	csv_set_blk_size(&r->parser, PARSER_BLOCK);
	r->fp = fp;
	r->line = 1;
	r->record_line = r->field_line = 1;
	r->at_record_start = 1;
	if ((r->name = ra_strdup(name)) == NULL ||
	    (r->in = malloc(CARRY_MAX + RA_CSV_CHUNK)) == NULL) {
		ra_csv_reader_free(r);
		return ra_error_set(RA_ENOMEM, "out of memory");
	}
	*out = r;
	return 0;
}

int
ra_csv_reader_header(struct ra_csv_reader *r, const struct ra_csv_row **out)
{
	assert(r != NULL && out != NULL);
	*out = NULL;
	r->header_called = 1;
	while (!r->have_header) {
		if (r->error != 0)
			return reader_error(r);
		if (r->done)
			return 0;
		reader_more(r);
	}
	*out = &r->header_row;
	return 1;
}

int
ra_csv_reader_next(struct ra_csv_reader *r, const struct ra_csv_row **out)
{
	const struct row_span *span;
	size_t i;

	assert(r != NULL && out != NULL && r->header_called);
	*out = NULL;
	for (;;) {
		if (r->next_row < r->nrows)
			break;
		if (r->error != 0)
			return reader_error(r);
		if (r->done)
			return 0;
		reader_more(r);
	}
	span = &r->rows[r->next_row++];
	for (i = span->first; i < span->first + span->n; i++)
		r->ptrs[i] = r->arena.ptr + r->offsets[i];
	r->row.nfields = span->n;
	r->row.fields = r->ptrs + span->first;
	r->row.lens = r->lens + span->first;
	r->row.line = span->line;
	r->row.raw = span->raw;
	r->row.raw_len = span->raw_len;
	*out = &r->row;
	return 1;
}

int
ra_csv_reader_column(const struct ra_csv_reader *r, const char *name)
{
	size_t i, len;

	assert(r != NULL && name != NULL);
	len = strlen(name);
	for (i = 0; r->have_header && i < r->header_n; i++)
		if (r->header_lens[i] == len &&
		    memcmp(r->header_ptrs[i], name, len) == 0)
			return (int)i;
	return -1;
}

const char *
ra_csv_reader_name(const struct ra_csv_reader *r)
{
	return r->name;
}

void
ra_csv_reader_free(struct ra_csv_reader *r)
{
	if (r == NULL)
		return;
	csv_free(&r->parser);
	free(r->name);
	free(r->in);
	ra_buf_release(&r->arena);
	free(r->offsets);
	free(r->lens);
	free(r->ptrs);
	free(r->rows);
	ra_buf_release(&r->header_bytes);
	ra_buf_release(&r->scratch);
	free(r->header_ptrs);
	free(r->header_lens);
	free(r);
}

/*
 * The formula guard.
 *
 * Skipped before the first character of a line: Unicode White_Space
 * except TAB, LF and CR (which are triggers), that is VT, FF, SPACE,
 * U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000, and the invisible U+180E, U+200B, U+2060, U+FEFF.
 * Triggers: = + - @ | % TAB CR LF NUL and U+FF1D U+FF0B U+FF0D U+FF20.
 * An apostrophe is neither, so a guarded line is never guarded again.
 * Lines end at LF, CR or CRLF.
 */

/* Length of the skippable space at s, or 0. */
static size_t
space_len(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	switch (s[0]) {
	case ' ':
	case '\v':
	case '\f':
		return 1;
	case 0xc2:
		return n >= 2 && (s[1] == 0xa0 || s[1] == 0x85) ? 2 : 0;
	case 0xe1:
		return n >= 3 && ((s[1] == 0x9a && s[2] == 0x80) ||
		    (s[1] == 0xa0 && s[2] == 0x8e)) ? 3 : 0;
	case 0xe2:
		if (n < 3)
			return 0;
		if (s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8b) ||
		    s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf))
			return 3;
		if (s[1] == 0x81 && (s[2] == 0x9f || s[2] == 0xa0))
			return 3;
		return 0;
	case 0xe3:
		return n >= 3 && s[1] == 0x80 && s[2] == 0x80 ? 3 : 0;
	case 0xef:
		return n >= 3 && s[1] == 0xbb && s[2] == 0xbf ? 3 : 0;
	default:
		return 0;
	}
}

/* 1 when the line starting at s (n bytes to the end of the cell) triggers. */
static int
line_triggers(const unsigned char *s, size_t n)
{
	size_t k;

	/*
	 * Most cells start with a letter or a digit: neither space nor
	 * trigger.
	 */
	if (n > 0 && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' &&
	    s[0] <= 'Z') || (s[0] >= '0' && s[0] <= '9')))
		return 0;

	while ((k = space_len(s, n)) > 0) {
		s += k;
		n -= k;
	}
	if (n == 0)
		return 0;
	switch (s[0]) {
	case '=':
	case '+':
	case '-':
	case '@':
	case '|':
	case '%':
	case '\t':
	case '\r':
	case '\n':
	case '\0':
		return 1;
	case 0xef:
		return n >= 3 && s[1] == 0xbc && (s[2] == 0x9d ||
		    s[2] == 0x8b || s[2] == 0x8d || s[2] == 0xa0);
	default:
		return 0;
	}
}

/* Start of the line after the one starting at pos, or len. */
static size_t
next_line(const char *s, size_t len, size_t pos)
{
	for (; pos < len; pos++) {
		if (s[pos] == '\n')
			return pos + 1;
		if (s[pos] == '\r')
			return pos + 1 < len && s[pos + 1] == '\n' ?
			    pos + 2 : pos + 1;
	}
	return len;
}

int
ra_csv_guard_needed(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t pos = 0;

	do {
		if (line_triggers(u + pos, len - pos))
			return 1;
		pos = next_line(s, len, pos);
	} while (pos < len);
	return 0;
}

int
ra_csv_guard(struct ra_buf *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t pos = 0, end;
	int error;

	do {
		end = next_line(s, len, pos);
		if (line_triggers(u + pos, len - pos) &&
		    (error = ra_buf_addch(out, '\'')) < 0)
			return error;
		if ((error = ra_buf_add(out, s + pos, end - pos)) < 0)
			return error;
		pos = end;
	} while (pos < len);
	return 0;
}

/* The writer. */

static const unsigned char quote_needed[256] = {
	[','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1
};

/* Eight copies of byte c, and the tests of "some byte of x is zero". */
#define BYTES(c) (0x0101010101010101ULL * (unsigned char)(c))
#define HAS_ZERO(x) (((x) - BYTES(1)) & ~(x) & BYTES(0x80))

/*
 * Offset of the first byte that needs quotes (, " CR LF), or len.  Eight
 * bytes at a time: cells are mostly short text without any of them.
 */
static size_t
quote_scan(const unsigned char *u, size_t len)
{
	uint64_t x;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&x, u + i, 8);
		if (HAS_ZERO(x ^ BYTES(',')) | HAS_ZERO(x ^ BYTES('"')) |
		    HAS_ZERO(x ^ BYTES('\r')) | HAS_ZERO(x ^ BYTES('\n')))
			break;
	}
	for (; i < len; i++)
		if (quote_needed[u[i]])
			return i;
	return len;
}

static int
write_failed(void)
{
	return ra_error_set(RA_EIO, "write failed: %s", strerror(errno));
}

/* Hand the bytes waiting in the row buffer to stdio. */
static inline int
flush_row(struct ra_csv_writer *w)
{
	if (w->len > 0 && fwrite(w->buf, 1, w->len, w->fp) != w->len)
		return write_failed();
	w->len = 0;
	return 0;
}

static inline int
out(struct ra_csv_writer *w, const char *s, size_t len)
{
	if (len > sizeof(w->buf) - w->len) {
		if (flush_row(w) < 0)
			return RA_EIO;
		if (len > sizeof(w->buf))
			return fwrite(s, 1, len, w->fp) == len ? 0 :
			    write_failed();
	}
	memcpy(w->buf + w->len, s, len);
	w->len += len;
	return 0;
}

static inline int
out_ch(struct ra_csv_writer *w, char c)
{
	if (w->len == sizeof(w->buf) && flush_row(w) < 0)
		return RA_EIO;
	w->buf[w->len++] = c;
	return 0;
}

/* Write s[0..len), doubling quotes when quoted. */
static inline int
put_run(struct ra_csv_writer *w, const char *s, size_t len, int quoted)
{
	const char *q;
	size_t n;

	while (quoted && (q = memchr(s, '"', len)) != NULL) {
		n = (size_t)(q - s) + 1;
		if (out(w, s, n) < 0 || out_ch(w, '"') < 0)
			return RA_EIO;
		s += n;
		len -= n;
	}
	return len > 0 ? out(w, s, len) : 0;
}

static int
write_cell(struct ra_csv_writer *w, const char *s, size_t len, int guard)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, pos, end;
	int quoted = 0, multiline = 0, error;

	if (s == NULL)
		len = 0;
	if (w->nfields++ > 0 && out_ch(w, ',') < 0)
		return RA_EIO;
	w->row_empty = w->nfields == 1 && len == 0;
	i = quote_scan(u, len);
	quoted = i < len;
	if (quoted && guard)
		multiline = memchr(s + i, '\n', len - i) != NULL ||
		    memchr(s + i, '\r', len - i) != NULL;

	if (quoted && out_ch(w, '"') < 0)
		return RA_EIO;
	if (!guard)
		error = put_run(w, s, len, quoted);
	else if (!multiline) {
		if (line_triggers(u, len) && out_ch(w, '\'') < 0)
			return RA_EIO;
		error = put_run(w, s, len, quoted);
	} else {
		pos = 0;
		error = 0;
		do {
			end = next_line(s, len, pos);
			if (line_triggers(u + pos, len - pos) &&
			    out_ch(w, '\'') < 0)
				return RA_EIO;
			if ((error = put_run(w, s + pos, end - pos,
			    quoted)) < 0)
				return error;
			pos = end;
		} while (pos < len);
	}
	if (error < 0)
		return error;
	if (quoted && out_ch(w, '"') < 0)
		return RA_EIO;
	return 0;
}

void
ra_csv_writer_init(struct ra_csv_writer *w, FILE *fp)
{
	w->fp = fp;
	w->nfields = 0;
	w->row_empty = 0;
	w->len = 0;
}

int
ra_csv_write_field(struct ra_csv_writer *w, const char *s, size_t len)
{
	return write_cell(w, s, len, 1);
}

int
ra_csv_write_cstr(struct ra_csv_writer *w, const char *s)
{
	return write_cell(w, s, s != NULL ? strlen(s) : 0, 1);
}

int
ra_csv_write_raw(struct ra_csv_writer *w, const char *s, size_t len)
{
	return write_cell(w, s, len, 0);
}

int
ra_csv_write_end_row(struct ra_csv_writer *w)
{
	/* A row of one empty cell would be a blank line, which is skipped. */
	if (w->nfields == 1 && w->row_empty && out(w, "\"\"", 2) < 0)
		return RA_EIO;
	w->nfields = 0;
	w->row_empty = 0;
	if (out_ch(w, '\n') < 0)
		return RA_EIO;
	/*
	 * Keep filling the buffer until it is half full: fewer, larger
	 * writes.
	 */
	return w->len >= sizeof(w->buf) / 2 ? flush_row(w) : 0;
}

int
ra_csv_writer_flush(struct ra_csv_writer *w)
{
	return flush_row(w);
}

int
ra_csv_write_cells(struct ra_csv_writer *w, const struct ra_csv_row *row)
{
	size_t i;
	int error;

	if (row->raw == NULL || row->nfields == 0) {
		for (i = 0; i < row->nfields; i++)
			if ((error = write_cell(w, row->fields[i],
			    row->lens[i], 1)) < 0)
				return error;
		return 0;
	}
	if (w->nfields > 0 && out_ch(w, ',') < 0)
		return RA_EIO;
	if (out(w, row->raw, row->raw_len) < 0)
		return RA_EIO;
	w->row_empty = w->nfields == 0 && row->nfields == 1 &&
	    row->raw_len == 0;
	w->nfields += row->nfields;
	return 0;
}

int
ra_csv_write_row(struct ra_csv_writer *w, const char *const *fields,
    const size_t *lens, size_t n)
{
	size_t i;
	int error;

	for (i = 0; i < n; i++)
		if ((error = ra_csv_write_field(w, fields[i], lens != NULL ?
		    lens[i] : fields[i] != NULL ? strlen(fields[i]) : 0)) < 0)
			return error;
	return ra_csv_write_end_row(w);
}

int
ra_csv_writer_finish(struct ra_csv_writer *w)
{
	if (flush_row(w) < 0)
		return RA_EIO;
	if (fflush(w->fp) == EOF || ferror(w->fp))
		return write_failed();
	return 0;
}
