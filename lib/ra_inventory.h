/*
 * ra_inventory.h: the ePHI inventory in memory: reading inventory.csv and
 * messy spreadsheet exports, merging by id, writing, and checking.
 *
 * An inventory is small (tens to hundreds of assets), so it is held whole;
 * the filters downstream stream.  Columns are the RA_COL_* columns of
 * ra_schema.h in their order, then any columns ra does not know, kept in
 * the order first seen and passed through unchanged.  Every cell is a
 * malloc'd string, "" when empty.
 */
#ifndef RA_INVENTORY_H
#define RA_INVENTORY_H

#include <stddef.h>
#include <stdio.h>

struct ra_asset {
	char **cells;			/* ncolumns cells */
	unsigned long line;		/* line in the file it came from */
};

struct ra_inventory {
	char *name;			/* file name used in messages */
	size_t ncolumns;		/* RA_COL_COUNT + extra columns */
	char **columns;			/* column names */
	size_t nassets;
	size_t cap;
	struct ra_asset *assets;
};

/*
 * How to read a spreadsheet export (ra-inventory import).  map_columns
 * pairs a source header with an ra column (or a new extra column);
 * map_values pairs (column, source value) with a normalised value.  All
 * arrays are borrowed.
 */
struct ra_import_map {
	size_t ncolumns;
	const char *const *column_from;
	const char *const *column_to;
	size_t nvalues;
	const char *const *value_column;
	const char *const *value_from;
	const char *const *value_to;
};

/* A new empty inventory with the standard columns; name is copied. */
int ra_inventory_new(struct ra_inventory **out, const char *name);

void ra_inventory_free(struct ra_inventory *inv);

/*
 * Read an inventory CSV from fp.  With import 0 the header must use ra's
 * column names (inventory.csv as ra writes it, or edited by hand); with
 * import 1 it may use the header aliases of ra-files(5) and map (may be
 * NULL), and a missing id is made from the name.  Values are normalised
 * and validated; the first bad value, duplicate id or missing required
 * column is an error naming file, line and column.
 */
int ra_inventory_read(struct ra_inventory **out, FILE *fp, const char *name,
    int import, const struct ra_import_map *map);

/* Load path; RA_ENOTFOUND when it does not exist. */
int ra_inventory_load(struct ra_inventory **out, const char *path,
    const char *name);

/* Index of the asset with id, or -1. */
long ra_inventory_find(const struct ra_inventory *inv, const char *id);

/* Index of column name, adding it as an extra column when add is set; -1. */
long ra_inventory_column(struct ra_inventory *inv, const char *name, int add);

/* Append an asset with every cell empty but the id; *index receives it. */
int ra_inventory_append(struct ra_inventory *inv, const char *id,
    size_t *index);

/*
 * Set a cell of asset index to the normalised value.  A bad value is
 * RA_EINVAL with "column: expected ..." (no position).
 */
int ra_inventory_set(struct ra_inventory *inv, size_t index, long column,
    const char *value);

/* Fill what a new asset left empty: attributes unknown, status active. */
int ra_inventory_fill_defaults(struct ra_inventory *inv, size_t index);

/*
 * Load an import map file (ra-files(5)): "columns" maps source headers to
 * ra columns, "values" maps, per ra column, source values to values.
 */
int ra_import_map_load(struct ra_import_map **out, const char *path,
    const char *name);

void ra_import_map_free(struct ra_import_map *map);

/*
 * Merge src into dst by id: new ids are appended in src's order; for an
 * existing id every non-empty cell of src replaces dst's, and empty cells
 * never erase a value.  Extra columns of src are added to dst.  *added and
 * *updated count the assets (either may be NULL).
 */
int ra_inventory_merge(struct ra_inventory *dst, const struct ra_inventory *src,
    size_t *added, size_t *updated);

/*
 * Write the inventory as CSV (header, then the assets in order); with
 * category not NULL only that category's assets.
 */
int ra_inventory_write(const struct ra_inventory *inv, FILE *fp,
    const char *category);

/*
 * Check the inventory for what an assessment cannot do without; call
 * report once per finding with the asset's line, its id and a message
 * such as "holds ePHI but has no records count"; a finding about the
 * whole inventory has line 0 and id NULL.  Returns the number of findings.
 */
size_t ra_inventory_check(const struct ra_inventory *inv,
    void (*report)(void *ctx, unsigned long line, const char *id,
    const char *message), void *ctx);

/*
 * The starter inventory of `ra-inventory init`: the assets nearly every
 * small practice has, every attribute still to be verified.
 */
int ra_inventory_starter(struct ra_inventory **out, const char *name);

#endif
