/*
 * ra_error.h: the library's error convention.
 *
 * Every fallible function in lib/ returns 0 on success or one of the
 * negative RA_E* codes below, and leaves a one-line message that
 * ra_error_last() returns until the next error is set.  Callers propagate
 * the code and do not overwrite the message.  Messages about data name the
 * file, line and field: "inventory.csv:12: encryption: expected ...".
 */
#ifndef RA_ERROR_H
#define RA_ERROR_H

enum ra_error_code {
	RA_OK = 0,
	RA_ERROR = -1,		/* anything not listed below */
	RA_EINVAL = -2,		/* bad input data: a file or value is
				   wrong */
	RA_EIO = -3,		/* a read, write, sync or rename failed */
	RA_ENOMEM = -4,		/* out of memory */
	RA_ENOTFOUND = -5,	/* a file, key, id or repository is absent */
	RA_ELOCKED = -6,	/* another run holds the directory's lock */
	RA_EEXISTS = -7,	/* refusing to overwrite something */
	RA_EGIT = -8		/* libgit2 reported a failure */
};

/*
 * Set the last error to the printf-style message and return code, so that
 * a caller can write "return ra_error_set(RA_EINVAL, ...);".
 */
int ra_error_set(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Set the last error to "file:line: field: message" and return code.
 * line 0 leaves out the line; a NULL or empty field leaves out the field;
 * a NULL file leaves out the file.
 */
int ra_error_at(int code, const char *file, unsigned long line,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Put "file:line: field: " in front of the last message and return code:
 * for a caller that knows the position of a value a lower layer refused.
 */
int ra_error_wrap(int code, const char *file, unsigned long line,
    const char *field);

/* The last message set, or "" when none.  Borrowed until the next set. */
const char *ra_error_last(void);

/* Forget the last error. */
void ra_error_clear(void);

#endif
