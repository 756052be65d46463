/*
 * ra_matrix_builtin.c: ra_matrix_builtin().
 *
 * lib/matrices/NAME.yaml are loaded and checked at build time by
 * gen-matrices, which writes them as C static data
 * (ra_matrix_builtin_data, build/gen/matrices_data.c); here one is copied
 * into an ordinary heap matrix.  Kept apart from ra_matrix.c so that
 * gen-matrices itself links without the data it makes.
 */
#include <stdlib.h>
#include <string.h>

#include "ra_buf.h"
#include "ra_error.h"
#include "ra_matrix.h"

extern const struct ra_matrix ra_matrix_builtin_data[];
extern const size_t ra_matrix_builtin_count;

int
ra_matrix_builtin(struct ra_matrix **out, const char *name)
{
	const struct ra_matrix *in = NULL;
	struct ra_matrix *m;
	size_t i;

	*out = NULL;
	for (i = 0; i < ra_matrix_builtin_count; i++)
		if (strcmp(ra_matrix_builtin_data[i].name, name) == 0)
			in = &ra_matrix_builtin_data[i];
	if (in == NULL)
		return ra_error_set(RA_ENOTFOUND, "no built-in matrix '%s' "
		    "(expected default or nist)", name);
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	*m = *in;
	m->name = ra_strdup(in->name);
	m->description = ra_strdup(in->description);
	for (i = 0; i < in->nlevels; i++)
		m->levels[i] = ra_strdup(in->levels[i]);
	for (i = 0; i < in->nlevels; i++)
		if (m->levels[i] == NULL)
			break;
	if (m->name == NULL || m->description == NULL || i < in->nlevels) {
		/* Only the copies made so far are freed. */
		m->nlevels = i;
		ra_matrix_free(m);
		return ra_error_set(RA_ENOMEM, "out of memory");
	}
	*out = m;
	return 0;
}
