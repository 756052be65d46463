/*
 * ra_buf.h: one growable byte string, used instead of strcpy and sprintf.
 *
 * A buffer is always NUL-terminated once anything was added; ra_buf_cstr()
 * gives "" for a buffer that never grew.  The struct may be declared with
 * RA_BUF_INIT or ra_buf_init() and is released with ra_buf_release().
 */
#ifndef RA_BUF_H
#define RA_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct ra_buf {
	char *ptr;
	size_t len;
	size_t cap;
};

#define RA_BUF_INIT { NULL, 0, 0 }

void ra_buf_init(struct ra_buf *b);

/* Free the storage; the buffer is empty and usable again afterwards. */
void ra_buf_release(struct ra_buf *b);

/* Make room for extra more bytes (and the NUL).  0 or RA_ENOMEM. */
int ra_buf_grow(struct ra_buf *b, size_t extra);

/*
 * Append len bytes, a C string, one byte, or formatted text.
 * 0 or RA_ENOMEM.
 */
int ra_buf_add(struct ra_buf *b, const void *data, size_t len);
int ra_buf_adds(struct ra_buf *b, const char *s);
int ra_buf_addch(struct ra_buf *b, int c);
int ra_buf_printf(struct ra_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int ra_buf_vprintf(struct ra_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Set the length to len (<= current length), keeping the storage. */
void ra_buf_truncate(struct ra_buf *b, size_t len);

/* The contents as a C string; "" for an empty buffer.  Borrowed. */
const char *ra_buf_cstr(const struct ra_buf *b);

/*
 * Hand the storage to the caller, who frees it with free(); the buffer is
 * left empty.  Never NULL unless out of memory.
 */
char *ra_buf_detach(struct ra_buf *b);

/* strdup that returns NULL on failure and accepts NULL. */
char *ra_strdup(const char *s);

#endif
