/*
 * ra_buf.c: the growable string of ra_buf.h.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ra_buf.h"
#include "ra_error.h"

void
ra_buf_init(struct ra_buf *b)
{
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
}

void
ra_buf_release(struct ra_buf *b)
{
	free(b->ptr);
	ra_buf_init(b);
}

int
ra_buf_grow(struct ra_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return ra_error_set(RA_ENOMEM, "out of memory");
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if ((p = realloc(b->ptr, cap)) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	if (b->ptr == NULL)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int
ra_buf_add(struct ra_buf *b, const void *data, size_t len)
{
	int error;

	if ((error = ra_buf_grow(b, len)) < 0)
		return error;
	if (len > 0)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int
ra_buf_adds(struct ra_buf *b, const char *s)
{
	return ra_buf_add(b, s, strlen(s));
}

int
ra_buf_addch(struct ra_buf *b, int c)
{
	char ch = (char)c;

	return ra_buf_add(b, &ch, 1);
}

int
ra_buf_vprintf(struct ra_buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n, error;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return ra_error_set(RA_ERROR, "bad format");
	if ((error = ra_buf_grow(b, (size_t)n)) < 0)
		return error;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
ra_buf_printf(struct ra_buf *b, const char *fmt, ...)
{
	va_list ap;
	int error;

	va_start(ap, fmt);
	error = ra_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return error;
}

void
ra_buf_truncate(struct ra_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->ptr[len] = '\0';
	}
}

const char *
ra_buf_cstr(const struct ra_buf *b)
{
	return b->ptr != NULL ? b->ptr : "";
}

char *
ra_buf_detach(struct ra_buf *b)
{
	char *p;

	if (b->ptr == NULL && ra_buf_grow(b, 0) < 0)
		return NULL;
	p = b->ptr;
	ra_buf_init(b);
	return p;
}

char *
ra_strdup(const char *s)
{
	size_t len;
	char *p;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	if ((p = malloc(len + 1)) != NULL)
		memcpy(p, s, len + 1);
	return p;
}
