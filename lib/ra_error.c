/*
 * ra_error.c: the last-error message shared by every module of lib/.
 *
 * The tools are single-threaded, so one static buffer is enough.  A message
 * longer than the buffer is cut, never overflowed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ra_error.h"

static char last_message[2048];

static void set_message(const char *, const char *, va_list)
    __attribute__((format(printf, 2, 0)));

static void
set_message(const char *prefix, const char *fmt, va_list ap)
{
	size_t used;

	used = strlen(prefix);
	if (used >= sizeof(last_message))
		used = sizeof(last_message) - 1;
	memcpy(last_message, prefix, used);
	last_message[used] = '\0';
	vsnprintf(last_message + used, sizeof(last_message) - used, fmt, ap);
}

int
ra_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message("", fmt, ap);
	va_end(ap);
	return code;
}

int
ra_error_at(int code, const char *file, unsigned long line,
    const char *field, const char *fmt, ...)
{
	char prefix[1024];
	size_t n = 0;
	va_list ap;

	prefix[0] = '\0';
	if (file != NULL && *file != '\0')
		n += (size_t)snprintf(prefix + n, sizeof(prefix) - n, "%s:",
		    file);
	if (n < sizeof(prefix) && line > 0)
		n += (size_t)snprintf(prefix + n, sizeof(prefix) - n, "%lu:",
		    line);
	if (n > 0 && n < sizeof(prefix))
		n += (size_t)snprintf(prefix + n, sizeof(prefix) - n, " ");
	if (n < sizeof(prefix) && field != NULL && *field != '\0')
		snprintf(prefix + n, sizeof(prefix) - n, "%s: ", field);
	va_start(ap, fmt);
	set_message(prefix, fmt, ap);
	va_end(ap);
	return code;
}

int
ra_error_wrap(int code, const char *file, unsigned long line,
    const char *field)
{
	char saved[sizeof(last_message)];

	memcpy(saved, last_message, sizeof(saved));
	return ra_error_at(code, file, line, field, "%s", saved);
}

const char *
ra_error_last(void)
{
	return last_message;
}

void
ra_error_clear(void)
{
	last_message[0] = '\0';
}
