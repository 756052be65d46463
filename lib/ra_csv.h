/*
 * ra_csv.h: strict CSV reading and safe CSV writing.
 *
 * The reader sits on libcsv (CSV_STRICT|CSV_STRICT_FINI) and adds what
 * libcsv leaves to the application: one UTF-8 byte order mark stripped;
 * LF, CRLF and CR line ends; physical line numbers (blank lines counted);
 * errors for an unterminated quote, a stray character after a closing
 * quote, a ragged row, a duplicate or empty header cell, a NUL byte,
 * invalid UTF-8, UTF-16 or UTF-32 input, and a field over
 * RA_CSV_FIELD_MAX.  Whitespace is data: nothing is trimmed.  Quoted fields
 * keep commas, quotes, CR and LF exactly.  It streams: memory stays bounded
 * by the longest row, whatever the input size.
 *
 * The writer writes RFC 4180 with LF line ends and minimal quoting, and
 * neutralises text cells that a spreadsheet would run as a formula by a
 * leading apostrophe (see ra_csv_guard_needed).  The reader gives such cells
 * back unchanged, apostrophe included, so export, import, export is stable.
 *
 * Every error message has the form "name:line: what is wrong" (with the
 * column's header name when one is known: "name:line: column: ...").
 */
#ifndef RA_CSV_H
#define RA_CSV_H

#include <stddef.h>
#include <stdio.h>

/* Longest field accepted, in bytes (1 MiB), and most columns in a row. */
#define RA_CSV_FIELD_MAX (1024 * 1024)
#define RA_CSV_COLUMNS_MAX 4096

/* The reader reads its input in chunks of this many bytes. */
#define RA_CSV_CHUNK (64 * 1024)

/* One parsed record.  Borrowed from the reader until its next call. */
struct ra_csv_row {
	size_t nfields;
	const char *const *fields;	/* each NUL-terminated; may hold
					   CR/LF */
	const size_t *lens;		/* byte length of each field */
	unsigned long line;		/* physical line where the record
					   starts */
	/*
	 * The record's bytes, without the line break, when they are exactly
	 * what the writer would write for these fields (minimal quoting, no
	 * formula to guard); NULL otherwise.  Lets a filter pass a record
	 * through without encoding it again (ra_csv_write_cells).
	 */
	const char *raw;
	size_t raw_len;
};

struct ra_csv_reader;

/*
 * Create a reader over fp (not closed by the reader).  name is what error
 * messages call the input ("inventory.csv", "<stdin>"); it is copied.
 * The first record is the header: ra_csv_reader_header() reads it.
 */
int ra_csv_reader_new(struct ra_csv_reader **out, FILE *fp, const char *name);

/*
 * Read the header record.  Returns 1 with *out set, 0 when the input is
 * empty (no record at all), or a negative code.  A duplicate or empty
 * header cell is an error naming both columns.  The header row stays
 * valid until ra_csv_reader_free().
 */
int ra_csv_reader_header(struct ra_csv_reader *r,
    const struct ra_csv_row **out);

/*
 * Read the next data record.  Returns 1 with *out set, 0 at the end of the
 * input, or a negative code (the message names file and line).  A record
 * whose field count differs from the header's is an error.  Must follow
 * ra_csv_reader_header().
 */
int ra_csv_reader_next(struct ra_csv_reader *r, const struct ra_csv_row **out);

/* Index of the header cell equal to name, or -1. */
int ra_csv_reader_column(const struct ra_csv_reader *r, const char *name);

/* The name given at creation. */
const char *ra_csv_reader_name(const struct ra_csv_reader *r);

void ra_csv_reader_free(struct ra_csv_reader *r);

/*
 * The writer.  It writes through stdio; I/O errors are sticky in the
 * FILE and reported by the functions that see them (RA_EIO), and finally
 * by ra_csv_writer_finish().
 */
#define RA_CSV_WRITER_BUF 65536

/*
 * Rows are assembled in buf and handed to stdio in large blocks (which
 * glibc passes to write(2) without copying them again): call
 * ra_csv_writer_flush() or ra_csv_writer_finish() before writing anything
 * else to fp.
 */
struct ra_csv_writer {
	FILE *fp;
	size_t nfields;		/* fields written in the current row */
	int row_empty;		/* the row so far is one empty cell */
	size_t len;		/* bytes waiting in buf */
	char buf[RA_CSV_WRITER_BUF];
};

void ra_csv_writer_init(struct ra_csv_writer *w, FILE *fp);

/* A text cell: formula-guarded, then quoted if it needs quotes. */
int ra_csv_write_field(struct ra_csv_writer *w, const char *s, size_t len);

/* ra_csv_write_field() of a C string (NULL writes an empty cell). */
int ra_csv_write_cstr(struct ra_csv_writer *w, const char *s);

/*
 * A cell the tools produce themselves and know to be safe (a number, a
 * level, a date): quoted if needed, never guarded, so "-1" stays "-1".
 */
int ra_csv_write_raw(struct ra_csv_writer *w, const char *s, size_t len);

/*
 * End the current row with LF.  A row of one empty cell is written as ""
 * so that it is not a blank line, which readers skip.
 */
int ra_csv_write_end_row(struct ra_csv_writer *w);

/*
 * The cells of a row read by ra_csv_reader, as ra_csv_write_field() would
 * write them (from its raw bytes when it has them); the row is not ended,
 * so that more cells may follow.
 */
int ra_csv_write_cells(struct ra_csv_writer *w, const struct ra_csv_row *row);

/* Write a whole row of n text cells and end it; lens NULL: C strings. */
int ra_csv_write_row(struct ra_csv_writer *w, const char *const *fields,
    const size_t *lens, size_t n);

/* Hand what the writer holds to fp (no fflush): 0 or RA_EIO. */
int ra_csv_writer_flush(struct ra_csv_writer *w);

/* fflush and check ferror: 0 or RA_EIO. */
int ra_csv_writer_finish(struct ra_csv_writer *w);

/*
 * 1 when a text cell would start a spreadsheet formula: after leading
 * spaces, tabs, NBSP and other Unicode space separators, on the first line
 * or any later line of the cell, the first character is one of
 * = + - @ | % TAB CR LF or a full-width = + - @.  Lines that already start
 * with an apostrophe are safe.
 */
int ra_csv_guard_needed(const char *s, size_t len);

/*
 * Append the guarded form of s to out: an apostrophe before every line
 * that would start a formula.  0 or RA_ENOMEM.
 */
struct ra_buf;
int ra_csv_guard(struct ra_buf *out, const char *s, size_t len);

#endif
