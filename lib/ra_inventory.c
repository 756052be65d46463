/*
 * ra_inventory.c: reading, merging, writing and checking the ePHI
 * inventory (see ra_inventory.h; the formats are in ra-files(5)).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ra_buf.h"
#include "ra_csv.h"
#include "ra_error.h"
#include "ra_inventory.h"
#include "ra_schema.h"
#include "ra_util.h"
#include "ra_yaml.h"

struct alias {
	const char *from;	/* folded: lowercase, no spaces or
				   punctuation */
	enum ra_column to;
};

/* Header spellings of spreadsheet exports (ra-files(5), "import"). */
static const struct alias header_aliases[] = {
	{ "id", RA_COL_ID }, { "assetid", RA_COL_ID },
	{ "assettag", RA_COL_ID }, { "tag", RA_COL_ID },
	{ "assetno", RA_COL_ID }, { "assetnumber", RA_COL_ID },
	{ "name", RA_COL_NAME }, { "asset", RA_COL_NAME },
	{ "assetname", RA_COL_NAME }, { "device", RA_COL_NAME },
	{ "devicename", RA_COL_NAME }, { "system", RA_COL_NAME },
	{ "hostname", RA_COL_NAME },
	{ "category", RA_COL_CATEGORY }, { "type", RA_COL_CATEGORY },
	{ "assettype", RA_COL_CATEGORY }, { "devicetype", RA_COL_CATEGORY },
	{ "kind", RA_COL_CATEGORY },
	{ "location", RA_COL_LOCATION }, { "site", RA_COL_LOCATION },
	{ "room", RA_COL_LOCATION }, { "office", RA_COL_LOCATION },
	{ "owner", RA_COL_OWNER }, { "assignedto", RA_COL_OWNER },
	{ "user", RA_COL_OWNER }, { "custodian", RA_COL_OWNER },
	{ "responsible", RA_COL_OWNER }, { "contact", RA_COL_OWNER },
	{ "vendor", RA_COL_VENDOR }, { "supplier", RA_COL_VENDOR },
	{ "manufacturer", RA_COL_VENDOR }, { "make", RA_COL_VENDOR },
	{ "businessassociate", RA_COL_VENDOR }, { "provider", RA_COL_VENDOR },
	{ "ephi", RA_COL_EPHI }, { "phi", RA_COL_EPHI },
	{ "containsephi", RA_COL_EPHI }, { "containsphi", RA_COL_EPHI },
	{ "hasphi", RA_COL_EPHI }, { "ephiuse", RA_COL_EPHI },
	{ "records", RA_COL_RECORDS }, { "patients", RA_COL_RECORDS },
	{ "recordcount", RA_COL_RECORDS }, { "patientcount", RA_COL_RECORDS },
	{ "numberofrecords", RA_COL_RECORDS },
	{ "recordscount", RA_COL_RECORDS },
	{ "criticality", RA_COL_CRITICALITY },
	{ "priority", RA_COL_CRITICALITY },
	{ "importance", RA_COL_CRITICALITY },
	{ "critical", RA_COL_CRITICALITY },
	{ "encryption", RA_COL_ENCRYPTION }, { "encrypted", RA_COL_ENCRYPTION },
	{ "diskencryption", RA_COL_ENCRYPTION }, { "fde", RA_COL_ENCRYPTION },
	{ "bitlocker", RA_COL_ENCRYPTION }, { "filevault", RA_COL_ENCRYPTION },
	{ "mfa", RA_COL_MFA }, { "2fa", RA_COL_MFA },
	{ "twofactor", RA_COL_MFA }, { "multifactor", RA_COL_MFA },
	{ "twofactorauth", RA_COL_MFA },
	{ "patched", RA_COL_PATCHED }, { "patches", RA_COL_PATCHED },
	{ "patchstatus", RA_COL_PATCHED }, { "uptodate", RA_COL_PATCHED },
	{ "updatescurrent", RA_COL_PATCHED },
	{ "patchescurrent", RA_COL_PATCHED }, { "updated", RA_COL_PATCHED },
	{ "backup", RA_COL_BACKUP }, { "backedup", RA_COL_BACKUP },
	{ "backups", RA_COL_BACKUP },
	{ "baa", RA_COL_BAA }, { "baasigned", RA_COL_BAA },
	{ "baaonfile", RA_COL_BAA },
	{ "businessassociateagreement", RA_COL_BAA },
	{ "status", RA_COL_STATUS }, { "state", RA_COL_STATUS },
	{ "lifecycle", RA_COL_STATUS },
	{ "notes", RA_COL_NOTES }, { "comments", RA_COL_NOTES },
	{ "comment", RA_COL_NOTES }, { "remarks", RA_COL_NOTES },
	{ NULL, RA_COL_COUNT }
};

/* Lowercase, without spaces and the punctuation of spreadsheet headers. */
static int
fold_header(struct ra_buf *out, const char *s)
{
	ra_buf_truncate(out, 0);
	if (ra_buf_grow(out, strlen(s)) < 0)
		return RA_ENOMEM;
	for (; *s != '\0'; s++) {
		if (strchr(" \t_-?#.:()/", *s) != NULL)
			continue;
		ra_buf_addch(out, tolower((unsigned char)*s));
	}
	return 0;
}

static int
same_folded(const char *a, const char *b)
{
	struct ra_buf x = RA_BUF_INIT, y = RA_BUF_INIT;
	int same;

	fold_header(&x, a);
	fold_header(&y, b);
	same = strcmp(ra_buf_cstr(&x), ra_buf_cstr(&y)) == 0;
	ra_buf_release(&x);
	ra_buf_release(&y);
	return same;
}

static void
free_cells(char **cells, size_t n)
{
	size_t i;

	if (cells == NULL)
		return;
	for (i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

void
ra_inventory_free(struct ra_inventory *inv)
{
	size_t i;

	if (inv == NULL)
		return;
	for (i = 0; i < inv->nassets; i++)
		free_cells(inv->assets[i].cells, inv->ncolumns);
	free(inv->assets);
	free_cells(inv->columns, inv->ncolumns);
	free(inv->name);
	free(inv);
}

int
ra_inventory_new(struct ra_inventory **out, const char *name)
{
	struct ra_inventory *inv;
	size_t i;

	*out = NULL;
	if ((inv = calloc(1, sizeof(*inv))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	inv->name = ra_strdup(name != NULL ? name : "inventory.csv");
	inv->columns = calloc(RA_COL_COUNT, sizeof(*inv->columns));
	if (inv->name == NULL || inv->columns == NULL)
		goto nomem;
	inv->ncolumns = RA_COL_COUNT;
	for (i = 0; i < RA_COL_COUNT; i++)
		if ((inv->columns[i] = ra_strdup(ra_schema_columns[i])) == NULL)
			goto nomem;
	*out = inv;
	return 0;
nomem:
	ra_inventory_free(inv);
	return ra_error_set(RA_ENOMEM, "out of memory");
}

long
ra_inventory_find(const struct ra_inventory *inv, const char *id)
{
	size_t i;

	for (i = 0; i < inv->nassets; i++)
		if (strcmp(inv->assets[i].cells[RA_COL_ID], id) == 0)
			return (long)i;
	return -1;
}

long
ra_inventory_column(struct ra_inventory *inv, const char *name, int add)
{
	char **columns, *copy;
	size_t i;

	for (i = 0; i < inv->ncolumns; i++)
		if (strcmp(inv->columns[i], name) == 0)
			return (long)i;
	if (!add)
		return -1;
	if ((copy = ra_strdup(name)) == NULL)
		goto nomem;
	columns = realloc(inv->columns, (inv->ncolumns + 1) * sizeof(*columns));
	if (columns == NULL) {
		free(copy);
		goto nomem;
	}
	inv->columns = columns;
	for (i = 0; i < inv->nassets; i++) {
		struct ra_asset *a = &inv->assets[i];
		char **cells, *empty;

		if ((empty = ra_strdup("")) == NULL)
			goto fail;
		cells = realloc(a->cells, (inv->ncolumns + 1) * sizeof(*cells));
		if (cells == NULL) {
			free(empty);
			goto fail;
		}
		cells[inv->ncolumns] = empty;
		a->cells = cells;
	}
	columns[inv->ncolumns] = copy;
	return (long)inv->ncolumns++;
fail:
	/* Assets already grown keep a spare cell that is never read. */
	free(copy);
nomem:
	ra_error_set(RA_ENOMEM, "out of memory");
	return -1;
}

int
ra_inventory_append(struct ra_inventory *inv, const char *id, size_t *index)
{
	struct ra_asset *a;
	size_t i;

	if (inv->nassets == inv->cap) {
		size_t cap = inv->cap ? inv->cap * 2 : 32;
		struct ra_asset *assets;

		assets = realloc(inv->assets, cap * sizeof(*assets));
		if (assets == NULL)
			return ra_error_set(RA_ENOMEM, "out of memory");
		inv->assets = assets;
		inv->cap = cap;
	}
	a = &inv->assets[inv->nassets];
	a->line = 0;
	if ((a->cells = calloc(inv->ncolumns, sizeof(*a->cells))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	for (i = 0; i < inv->ncolumns; i++) {
		a->cells[i] = ra_strdup(i == RA_COL_ID ? id : "");
		if (a->cells[i] == NULL) {
			free_cells(a->cells, i);
			return ra_error_set(RA_ENOMEM, "out of memory");
		}
	}
	if (index != NULL)
		*index = inv->nassets;
	inv->nassets++;
	return 0;
}

static int
replace_cell(char **cell, const char *value)
{
	char *copy;

	if ((copy = ra_strdup(value)) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	free(*cell);
	*cell = copy;
	return 0;
}

/* Normalise value into the cell; a refusal names no position. */
static int
set_value(struct ra_inventory *inv, size_t index, long column,
    const char *value)
{
	struct ra_buf norm = RA_BUF_INIT;
	int error;

	if (column >= RA_COL_COUNT)
		return replace_cell(&inv->assets[index].cells[column], value);
	error = ra_schema_normalise(&norm, (enum ra_column)column, value);
	if (error == 0)
		error = replace_cell(&inv->assets[index].cells[column],
		    ra_buf_cstr(&norm));
	ra_buf_release(&norm);
	return error;
}

int
ra_inventory_set(struct ra_inventory *inv, size_t index, long column,
    const char *value)
{
	int error;

	if ((error = set_value(inv, index, column, value)) == RA_EINVAL)
		error = ra_error_wrap(error, NULL, 0, inv->columns[column]);
	return error;
}

/* Defaults for what a new asset left empty: unknown attributes, active. */
int
ra_inventory_fill_defaults(struct ra_inventory *inv, size_t index)
{
	char **cells = inv->assets[index].cells;
	int c, error;

	for (c = RA_COL_ENCRYPTION; c <= RA_COL_BAA; c++)
		if (cells[c][0] == '\0' &&
		    (error = replace_cell(&cells[c], "unknown")) < 0)
			return error;
	if (cells[RA_COL_STATUS][0] == '\0')
		return replace_cell(&cells[RA_COL_STATUS], "active");
	return 0;
}

/* A new asset needs a name and a category. */
static int
check_required(const struct ra_inventory *inv, size_t index,
    const char *file)
{
	const struct ra_asset *a = &inv->assets[index];

	if (a->cells[RA_COL_NAME][0] == '\0')
		return ra_error_at(RA_EINVAL, file, a->line, "name",
		    "a name is required");
	if (a->cells[RA_COL_CATEGORY][0] == '\0')
		return ra_error_at(RA_EINVAL, file, a->line, "category",
		    "a category is required");
	return 0;
}

/* Where each source column goes, and what it was called. */
struct source_column {
	long target;		/* column in the inventory */
	const char *header;	/* as written in the file */
};

static long
alias_target(const char *header, const struct ra_import_map *map,
    const char **mapped)
{
	struct ra_buf key = RA_BUF_INIT;
	const struct alias *a;
	long target = -1;
	size_t i;

	*mapped = NULL;
	if (map != NULL)
		for (i = 0; i < map->ncolumns; i++)
			if (same_folded(map->column_from[i], header)) {
				*mapped = map->column_to[i];
				target = ra_schema_column(*mapped);
				goto done;
			}
	fold_header(&key, header);
	for (a = header_aliases; a->from != NULL; a++)
		if (strcmp(a->from, ra_buf_cstr(&key)) == 0) {
			target = a->to;
			break;
		}
done:
	ra_buf_release(&key);
	return target;
}

static int
map_header(struct ra_inventory *inv, const struct ra_csv_row *header,
    struct source_column *src, int import, const struct ra_import_map *map)
{
	size_t j, k;
	long description = -1;

	for (j = 0; j < header->nfields; j++) {
		const char *h = header->fields[j], *mapped = NULL;
		long target;

		src[j].header = h;
		if (import) {
			target = alias_target(h, map, &mapped);
			if (target < 0 && mapped == NULL &&
			    same_folded(h, "description")) {
				description = (long)j;
				src[j].target = -2;
				continue;
			}
		} else
			target = ra_schema_column(h);
		if (target < 0)
			target = ra_inventory_column(inv,
			    mapped != NULL ? mapped : h, 1);
		if (target < 0)
			return RA_ENOMEM;
		for (k = 0; k < j; k++)
			if (src[k].target == target)
				return ra_error_at(RA_EINVAL, inv->name,
				    header->line, NULL, "columns '%s' and '%s' "
				    "both hold %s", src[k].header, h,
				    inv->columns[target]);
		src[j].target = target;
	}
	/* "Description" names the asset only when nothing else does. */
	if (description >= 0) {
		long target = RA_COL_NAME;

		for (k = 0; k < header->nfields; k++)
			if (src[k].target == RA_COL_NAME)
				target = ra_inventory_column(inv,
				    header->fields[description], 1);
		if (target < 0)
			return RA_ENOMEM;
		src[description].target = target;
	}
	return 0;
}

static int
has_target(const struct source_column *src, size_t n, long target)
{
	size_t j;

	for (j = 0; j < n; j++)
		if (src[j].target == target)
			return 1;
	return 0;
}

/* The map's translation of value in column, or value itself. */
static const char *
map_value(const struct ra_import_map *map, const char *column,
    const char *value)
{
	struct ra_buf trimmed = RA_BUF_INIT;
	const char *to = value;
	size_t i;

	if (map == NULL)
		return value;
	for (i = 0; i < map->nvalues; i++) {
		if (strcmp(map->value_column[i], column) != 0)
			continue;
		/* Trimmed once, on the first entry for this column. */
		if (trimmed.ptr == NULL)
			ra_schema_normalise(&trimmed, RA_COL_NAME, value);
		if (ra_streq_nocase(ra_buf_cstr(&trimmed),
		    map->value_from[i])) {
			to = map->value_to[i];
			break;
		}
	}
	ra_buf_release(&trimmed);
	return to;
}

/* "encryption", or "Encrypted? (encryption)" when the file said otherwise. */
static void
column_label(struct ra_buf *out, const struct ra_inventory *inv,
    const struct source_column *src)
{
	const char *name = inv->columns[src->target];

	ra_buf_truncate(out, 0);
	if (strcmp(name, src->header) == 0)
		ra_buf_adds(out, name);
	else
		ra_buf_printf(out, "%s (%s)", src->header, name);
}

static int
read_row(struct ra_inventory *inv, const struct ra_csv_row *row,
    const struct source_column *src, int import,
    const struct ra_import_map *map)
{
	struct ra_buf id = RA_BUF_INIT, label = RA_BUF_INIT;
	const char *value;
	size_t j, index;
	long other;
	int error = 0;

	/* The id first: given, or made from the name on import. */
	for (j = 0; j < row->nfields; j++)
		if (src[j].target == RA_COL_ID) {
			value = map_value(map, "id", row->fields[j]);
			/* Spreadsheet asset tags ("FD-001") become slugs. */
			if (import) {
				ra_schema_slugify(&id, value);
				continue;
			}
			if ((error = ra_schema_normalise(&id, RA_COL_ID,
			    value)) < 0) {
				error = ra_error_wrap(error, inv->name,
				    row->line, "id");
				goto done;
			}
		}
	if (id.len == 0 && import)
		for (j = 0; j < row->nfields; j++)
			if (src[j].target == RA_COL_NAME)
				ra_schema_slugify(&id, row->fields[j]);
	if (id.len == 0) {
		error = ra_error_at(RA_EINVAL, inv->name, row->line, "id",
		    import ? "no id, and no name to make one from" :
		    "an id is required");
		goto done;
	}
	if ((other = ra_inventory_find(inv, id.ptr)) >= 0) {
		error = ra_error_at(RA_EINVAL, inv->name, row->line, "id",
		    "duplicate id '%s' (first at line %lu)", id.ptr,
		    inv->assets[other].line);
		goto done;
	}
	if ((error = ra_inventory_append(inv, id.ptr, &index)) < 0)
		goto done;
	inv->assets[index].line = row->line;
	for (j = 0; j < row->nfields; j++) {
		long target = src[j].target;

		if (target == RA_COL_ID)
			continue;
		value = map_value(map, inv->columns[target], row->fields[j]);
		/* On import an empty cell means "not said", never "erase". */
		if (import && value[0] == '\0')
			continue;
		if ((error = set_value(inv, index, target, value)) < 0) {
			column_label(&label, inv, &src[j]);
			error = ra_error_wrap(error, inv->name, row->line,
			    ra_buf_cstr(&label));
			goto done;
		}
	}
	/* An imported row may only update an asset: merge checks new ones. */
	if (!import)
		error = check_required(inv, index, inv->name);
	if (error == 0 && !import)
		error = ra_inventory_fill_defaults(inv, index);
done:
	ra_buf_release(&id);
	ra_buf_release(&label);
	return error;
}

int
ra_inventory_read(struct ra_inventory **out, FILE *fp, const char *name,
    int import, const struct ra_import_map *map)
{
	struct ra_csv_reader *reader = NULL;
	struct ra_inventory *inv = NULL;
	struct source_column *src = NULL;
	const struct ra_csv_row *row;
	int error;

	*out = NULL;
	if ((error = ra_inventory_new(&inv, name)) < 0)
		return error;
	if ((error = ra_csv_reader_new(&reader, fp, name)) < 0)
		goto done;
	if ((error = ra_csv_reader_header(reader, &row)) <= 0) {
		if (error == 0)
			error = ra_error_at(RA_EINVAL, name, 0, NULL,
			    "empty file: expected a header row");
		goto done;
	}
	if ((src = calloc(row->nfields, sizeof(*src))) == NULL) {
		error = ra_error_set(RA_ENOMEM, "out of memory");
		goto done;
	}
	if ((error = map_header(inv, row, src, import, map)) < 0)
		goto done;
	/*
	 * inventory.csv names every asset fully; an import needs only what
	 * finds the asset (an id, or a name to make one from): new assets
	 * are checked for a name and a category when they are merged.
	 */
	if (import ? !has_target(src, row->nfields, RA_COL_ID) &&
	    !has_target(src, row->nfields, RA_COL_NAME) :
	    !has_target(src, row->nfields, RA_COL_ID) ||
	    !has_target(src, row->nfields, RA_COL_NAME) ||
	    !has_target(src, row->nfields, RA_COL_CATEGORY)) {
		error = ra_error_at(RA_EINVAL, name, row->line, NULL,
		    "the header needs %s (found: %s...)", import ?
		    "an id or a name column" : "id, name and category columns",
		    row->fields[0]);
		goto done;
	}
	while ((error = ra_csv_reader_next(reader, &row)) > 0)
		if ((error = read_row(inv, row, src, import, map)) < 0)
			goto done;
done:
	free(src);
	ra_csv_reader_free(reader);
	if (error < 0) {
		ra_inventory_free(inv);
		return error;
	}
	*out = inv;
	return 0;
}

int
ra_inventory_load(struct ra_inventory **out, const char *path,
    const char *name)
{
	FILE *fp;
	int error;

	*out = NULL;
	if ((fp = fopen(path, "r")) == NULL)
		return errno == ENOENT ? ra_error_set(RA_ENOTFOUND,
		    "%s: no such file", name != NULL ? name : path) :
		    ra_error_set(RA_EIO, "%s: %s", name != NULL ? name : path,
		    strerror(errno));
	error = ra_inventory_read(out, fp, name != NULL ? name : path, 0,
	    NULL);
	fclose(fp);
	return error;
}

int
ra_inventory_merge(struct ra_inventory *dst, const struct ra_inventory *src,
    size_t *added, size_t *updated)
{
	size_t i, c, n_added = 0, n_updated = 0;
	long *map;
	int error = 0;

	if ((map = calloc(src->ncolumns, sizeof(*map))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	for (c = 0; c < src->ncolumns; c++)
		if ((map[c] = ra_inventory_column(dst, src->columns[c],
		    1)) < 0) {
			error = RA_ENOMEM;
			goto done;
		}
	for (i = 0; i < src->nassets; i++) {
		char **cells = src->assets[i].cells;
		long at = ra_inventory_find(dst, cells[RA_COL_ID]);
		size_t index;
		int changed = 0;

		if (at < 0) {
			if ((error = ra_inventory_append(dst, cells[RA_COL_ID],
			    &index)) < 0)
				goto done;
			n_added++;
		} else
			index = (size_t)at;
		for (c = 0; c < src->ncolumns; c++) {
			char **cell = &dst->assets[index].cells[map[c]];

			if (cells[c][0] == '\0' || strcmp(*cell, cells[c]) == 0)
				continue;
			if ((error = replace_cell(cell, cells[c])) < 0)
				goto done;
			changed = 1;
		}
		if (at < 0) {
			dst->assets[index].line = src->assets[i].line;
			if ((error = check_required(dst, index,
			    src->name)) == 0)
				error = ra_inventory_fill_defaults(dst, index);
		}
		else if (changed)
			n_updated++;
		if (error < 0)
			goto done;
	}
done:
	free(map);
	if (added != NULL)
		*added = n_added;
	if (updated != NULL)
		*updated = n_updated;
	return error;
}

int
ra_inventory_write(const struct ra_inventory *inv, FILE *fp,
    const char *category)
{
	struct ra_csv_writer w;
	size_t i;
	int error;

	ra_csv_writer_init(&w, fp);
	if ((error = ra_csv_write_row(&w, (const char *const *)inv->columns,
	    NULL, inv->ncolumns)) < 0)
		return error;
	for (i = 0; i < inv->nassets; i++) {
		char **cells = inv->assets[i].cells;

		if (category != NULL &&
		    strcmp(cells[RA_COL_CATEGORY], category) != 0)
			continue;
		if ((error = ra_csv_write_row(&w, (const char *const *)cells,
		    NULL, inv->ncolumns)) < 0)
			return error;
	}
	return ra_csv_writer_finish(&w);
}

/* Categories that describe infrastructure or places rather than data. */
static int
holds_ephi_by_nature(const char *category)
{
	static const char *const no_ephi[] = {
		"network", "wifi", "location", "paper", NULL
	};
	size_t i;

	for (i = 0; no_ephi[i] != NULL; i++)
		if (strcmp(no_ephi[i], category) == 0)
			return 0;
	return 1;
}

size_t
ra_inventory_check(const struct ra_inventory *inv,
    void (*report)(void *ctx, unsigned long line, const char *id,
    const char *message), void *ctx)
{
	struct ra_buf msg = RA_BUF_INIT;
	size_t i, findings = 0;
	int c;

#define FINDING(...) do {						\
		ra_buf_truncate(&msg, 0);				\
		ra_buf_printf(&msg, __VA_ARGS__);			\
		report(ctx, a->line, cells[RA_COL_ID], ra_buf_cstr(&msg)); \
		findings++;						\
	} while (0)

	for (i = 0; i < inv->nassets; i++) {
		const struct ra_asset *a = &inv->assets[i];
		char **cells = a->cells;
		const char *ephi = cells[RA_COL_EPHI];
		const char *status = cells[RA_COL_STATUS];
		int active = strcmp(status, "active") == 0;

		if (ephi[0] != '\0' && cells[RA_COL_RECORDS][0] == '\0' &&
		    strcmp(status, "disposed") != 0)
			FINDING("holds ePHI but has no records count");
		if (cells[RA_COL_OWNER][0] == '\0' && active)
			FINDING("has no owner");
		if (cells[RA_COL_CRITICALITY][0] == '\0' && active)
			FINDING("has no criticality");
		if (active && ephi[0] == '\0' &&
		    holds_ephi_by_nature(cells[RA_COL_CATEGORY]))
			FINDING("lists no ePHI use (create, receive, store "
			    "or transmit); say so if that is right");
		for (c = RA_COL_ENCRYPTION; c <= RA_COL_BAA && active; c++)
			if (strcmp(cells[c], "unknown") == 0)
				FINDING("%s is unknown", inv->columns[c]);
		if (strcmp(status, "retired") == 0 &&
		    ra_schema_ephi_has(ephi, "store"))
			FINDING("is retired but still stores ePHI: sanitize "
			    "or dispose of it");
		if (strcmp(status, "disposed") == 0 && ephi[0] != '\0')
			FINDING("is disposed but still lists ePHI use");
		if (active && cells[RA_COL_VENDOR][0] != '\0' &&
		    ephi[0] != '\0' && strcmp(cells[RA_COL_BAA], "no") == 0)
			FINDING("vendor %s handles ePHI without a BAA",
			    cells[RA_COL_VENDOR]);
	}
#undef FINDING
	/* Practice-wide risks (policies, training, contingency) live there. */
	for (i = 0; i < inv->nassets; i++)
		if (strcmp(inv->assets[i].cells[RA_COL_CATEGORY],
		    "location") == 0 &&
		    strcmp(inv->assets[i].cells[RA_COL_STATUS], "active") == 0)
			break;
	if (i == inv->nassets && inv->nassets > 0) {
		report(ctx, 0, NULL, "lists no active location asset: the "
		    "practice-wide risks (policies, training, contingency, "
		    "facility) are assessed on one");
		findings++;
	}
	ra_buf_release(&msg);
	return findings;
}

/* id, name, category, ephi, criticality, attributes (e m p b baa), notes */
static const char *const starter[][10] = {
	{ "ehr", "Electronic health record", "ehr",
	  "create;receive;store;transmit", "high",
	  "unknown", "unknown", "n/a", "unknown", "unknown" },
	{ "scheduling", "Scheduling and appointment reminders", "scheduling",
	  "create;receive;store;transmit", "medium",
	  "unknown", "unknown", "n/a", "unknown", "unknown" },
	{ "billing", "Billing service and clearinghouse", "billing",
	  "receive;store;transmit", "high",
	  "unknown", "unknown", "n/a", "unknown", "unknown" },
	{ "email", "Email", "email", "create;receive;store;transmit",
	  "medium", "unknown", "unknown", "n/a", "unknown", "unknown" },
	{ "cloud-storage", "Cloud file storage", "cloud-storage",
	  "create;receive;store;transmit", "medium",
	  "unknown", "unknown", "n/a", "unknown", "unknown" },
	{ "ws-front-desk", "Front-desk workstation", "workstation",
	  "create;receive;store;transmit", "high",
	  "unknown", "unknown", "unknown", "unknown", "n/a" },
	{ "ws-exam-1", "Exam-room workstation", "workstation",
	  "create;receive;transmit", "medium",
	  "unknown", "unknown", "unknown", "unknown", "n/a" },
	{ "laptop-1", "Provider laptop", "laptop",
	  "create;receive;store;transmit", "medium",
	  "unknown", "unknown", "unknown", "unknown", "n/a" },
	{ "phone-1", "Phone used for work", "mobile",
	  "receive;store;transmit", "low",
	  "unknown", "unknown", "unknown", "unknown", "n/a" },
	{ "mfp-1", "Multifunction printer, scanner and fax", "mfp",
	  "create;receive;store;transmit", "medium",
	  "unknown", "n/a", "unknown", "n/a", "n/a" },
	{ "firewall", "Firewall and router", "network", "transmit", "high",
	  "n/a", "unknown", "unknown", "unknown", "n/a" },
	{ "wifi", "Office Wi-Fi", "wifi", "transmit", "medium",
	  "unknown", "n/a", "unknown", "n/a", "n/a" },
	{ "backup", "Backups of practice data", "backup",
	  "receive;store", "high",
	  "unknown", "unknown", "unknown", "n/a", "unknown" },
	{ "office", "Main office", "location", "", "high",
	  "n/a", "n/a", "n/a", "n/a", "n/a" },
};

int
ra_inventory_starter(struct ra_inventory **out, const char *name)
{
	static const enum ra_column columns[] = {
		RA_COL_ID, RA_COL_NAME, RA_COL_CATEGORY, RA_COL_EPHI,
		RA_COL_CRITICALITY, RA_COL_ENCRYPTION, RA_COL_MFA,
		RA_COL_PATCHED, RA_COL_BACKUP, RA_COL_BAA
	};
	struct ra_inventory *inv;
	size_t i, c, index;
	int error;

	if ((error = ra_inventory_new(&inv, name)) < 0)
		return error;
	for (i = 0; i < sizeof(starter) / sizeof(starter[0]); i++) {
		if ((error = ra_inventory_append(inv, starter[i][0],
		    &index)) < 0)
			goto fail;
		for (c = 1; c < 10; c++)
			if ((error = ra_inventory_set(inv, index, columns[c],
			    starter[i][c])) < 0)
				goto fail;
		if ((error = ra_inventory_set(inv, index, RA_COL_STATUS,
		    "active")) < 0 ||
		    (error = ra_inventory_set(inv, index, RA_COL_NOTES,
		    "Starter row: rename it, fill in owner, vendor and "
		    "records, and verify every attribute")) < 0)
			goto fail;
	}
	*out = inv;
	return 0;
fail:
	ra_inventory_free(inv);
	return error;
}

/* The owned storage behind a loaded struct ra_import_map. */
struct owned_map {
	struct ra_import_map map;	/* first: the pointer handed out */
	char **strings;
	size_t nstrings;
};

static int
keep(struct owned_map *m, const char *s, const char **out)
{
	char *copy;

	if ((copy = ra_strdup(s)) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	m->strings[m->nstrings++] = copy;
	*out = copy;
	return 0;
}

void
ra_import_map_free(struct ra_import_map *map)
{
	struct owned_map *m = (struct owned_map *)map;
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nstrings; i++)
		free(m->strings[i]);
	free(m->strings);
	free((void *)m->map.column_from);
	free((void *)m->map.column_to);
	free((void *)m->map.value_column);
	free((void *)m->map.value_from);
	free((void *)m->map.value_to);
	free(m);
}

int
ra_import_map_load(struct ra_import_map **out, const char *path,
    const char *name)
{
	static const char *const keys[] = { "columns", "values", NULL };
	struct ra_yaml_doc *doc = NULL;
	const struct ra_yaml_node *columns = NULL, *values = NULL;
	struct owned_map *m;
	const char **cf = NULL, **ct = NULL, **vc = NULL, **vf = NULL,
	    **vt = NULL;
	struct ra_buf path_buf = RA_BUF_INIT;
	size_t i, k, nvalues = 0, nstrings;
	const char *text;
	int error;

	*out = NULL;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	if ((error = ra_yaml_load_file(&doc, path, name)) < 0)
		goto done;
	if (doc->root != NULL) {
		if ((error = ra_yaml_expect(doc, doc->root, RA_YAML_MAPPING,
		    "")) < 0 ||
		    (error = ra_yaml_check_keys(doc, doc->root, "", keys)) < 0)
			goto done;
		columns = ra_yaml_get(doc->root, "columns");
		values = ra_yaml_get(doc->root, "values");
	}
	if (ra_yaml_is_null(columns))
		columns = NULL;
	else if ((error = ra_yaml_expect(doc, columns, RA_YAML_MAPPING,
	    "columns")) < 0)
		goto done;
	if (ra_yaml_is_null(values))
		values = NULL;
	else if ((error = ra_yaml_expect(doc, values, RA_YAML_MAPPING,
	    "values")) < 0)
		goto done;
	for (i = 0; values != NULL && i < values->n; i++) {
		const struct ra_yaml_node *per = values->items[i];
		const char *column = values->keys[i]->value;

		ra_buf_truncate(&path_buf, 0);
		ra_buf_printf(&path_buf, "values.%s", column);
		if (ra_schema_column(column) < 0) {
			const char *near = ra_nearest(column,
			    ra_schema_columns);

			error = ra_error_at(RA_EINVAL, doc->name,
			    values->keys[i]->line, path_buf.ptr, near != NULL ?
			    "unknown column '%s' (did you mean '%s'?)" :
			    "unknown column '%s'", column, near);
			goto done;
		}
		if ((error = ra_yaml_expect(doc, per, RA_YAML_MAPPING,
		    path_buf.ptr)) < 0)
			goto done;
		nvalues += per->n;
	}
	nstrings = 2 * (columns != NULL ? columns->n : 0) + 3 * nvalues;
	m->strings = calloc(nstrings + 1, sizeof(*m->strings));
	cf = calloc((columns != NULL ? columns->n : 0) + 1, sizeof(*cf));
	ct = calloc((columns != NULL ? columns->n : 0) + 1, sizeof(*ct));
	vc = calloc(nvalues + 1, sizeof(*vc));
	vf = calloc(nvalues + 1, sizeof(*vf));
	vt = calloc(nvalues + 1, sizeof(*vt));
	m->map.column_from = cf;
	m->map.column_to = ct;
	m->map.value_column = vc;
	m->map.value_from = vf;
	m->map.value_to = vt;
	if (m->strings == NULL || cf == NULL || ct == NULL || vc == NULL ||
	    vf == NULL || vt == NULL) {
		error = ra_error_set(RA_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; columns != NULL && i < columns->n; i++) {
		ra_buf_truncate(&path_buf, 0);
		ra_buf_printf(&path_buf, "columns.%s", columns->keys[i]->value);
		if ((error = ra_yaml_string(&text, doc, columns->items[i],
		    path_buf.ptr)) < 0)
			goto done;
		if (text[0] == '\0') {
			error = ra_error_at(RA_EINVAL, doc->name,
			    columns->items[i]->line, path_buf.ptr,
			    "name the column it maps to");
			goto done;
		}
		if ((error = keep(m, columns->keys[i]->value, &cf[i])) < 0 ||
		    (error = keep(m, text, &ct[i])) < 0)
			goto done;
		m->map.ncolumns = i + 1;
	}
	for (i = 0; values != NULL && i < values->n; i++) {
		const struct ra_yaml_node *per = values->items[i];

		for (k = 0; k < per->n; k++) {
			size_t at = m->map.nvalues;

			ra_buf_truncate(&path_buf, 0);
			ra_buf_printf(&path_buf, "values.%s.%s",
			    values->keys[i]->value, per->keys[k]->value);
			if ((error = ra_yaml_string(&text, doc, per->items[k],
			    path_buf.ptr)) < 0)
				goto done;
			if ((error = keep(m, values->keys[i]->value,
			    &vc[at])) < 0 ||
			    (error = keep(m, per->keys[k]->value,
			    &vf[at])) < 0 ||
			    (error = keep(m, text, &vt[at])) < 0)
				goto done;
			m->map.nvalues = at + 1;
		}
	}
done:
	ra_buf_release(&path_buf);
	ra_yaml_doc_free(doc);
	if (error < 0) {
		ra_import_map_free(&m->map);
		return error;
	}
	*out = &m->map;
	return 0;
}
