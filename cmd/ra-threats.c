/*
 * ra-threats: inventory rows in, threat-vulnerability pairs out, with the
 * practice's current safeguards applied.  A filter: it streams row by row.
 * The method is in ra-threats(1); the catalog's format in ra-files(5).
 */
#include <err.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ra_buf.h"
#include "ra_catalog.h"
#include "ra_csv.h"
#include "ra_error.h"
#include "ra_file.h"
#include "ra_practice.h"
#include "ra_schema.h"
#include "ra_threats.h"

static void __attribute__((noreturn))
usage(int status)
{
	FILE *fp = status == 0 ? stdout : stderr;

	fprintf(fp,
	    "usage: ra-threats [-C DIR] [--catalog FILE] [--all] [-o FILE] "
	    "[FILE]\n"
	    "       ra-threats [-C DIR] [--catalog FILE] --list "
	    "categories|threats|vulnerabilities|safeguards\n"
	    "       ra-threats --help | --version\n");
	if (status == 0)
		cli_close_stdout();
	exit(status);
}

/* The register's own columns, before the input's unknown ones. */
static const char *const register_columns[] = {
	"risk_id", "asset_id", "asset_name", "category", "location", "owner",
	"vendor", "ephi", "records", "criticality", "threat_id", "threat_name",
	"vulnerability_id", "vulnerability_name", "vulnerability_status",
	"safeguards", "effectiveness", NULL
};

/* Inventory columns carried into the register, in register order. */
static const enum ra_column carried[] = {
	RA_COL_NAME, RA_COL_CATEGORY, RA_COL_LOCATION, RA_COL_OWNER,
	RA_COL_VENDOR, RA_COL_EPHI, RA_COL_RECORDS, RA_COL_CRITICALITY
};
#define NCARRIED (sizeof(carried) / sizeof(carried[0]))

struct run {
	struct ra_csv_writer w;
	const char *name;		/* input name for messages */
	const struct ra_csv_row *row;
	int column[RA_COL_COUNT];	/* input index of each column, or -1 */
	size_t *extra;			/* input indexes of unknown
					   columns */
	size_t nextra;
	struct ra_buf value[RA_COL_COUNT];	/* normalised values */
	struct ra_buf risk_id;
	unsigned long pairs;
};

static int
write_pair(void *ctx, const struct ra_pair *pair)
{
	struct run *r = ctx;
	struct ra_csv_writer *w = &r->w;
	const char *id = ra_buf_cstr(&r->value[RA_COL_ID]);
	size_t i;

	ra_buf_truncate(&r->risk_id, 0);
	ra_buf_printf(&r->risk_id, "%s/%s/%s", id, pair->threat->id,
	    pair->vulnerability->id);
	ra_csv_write_field(w, r->risk_id.ptr, r->risk_id.len);
	ra_csv_write_cstr(w, id);
	for (i = 0; i < NCARRIED; i++) {
		const struct ra_buf *v = &r->value[carried[i]];

		if (carried[i] == RA_COL_RECORDS)
			ra_csv_write_raw(w, ra_buf_cstr(v), v->len);
		else
			ra_csv_write_field(w, ra_buf_cstr(v), v->len);
	}
	ra_csv_write_cstr(w, pair->threat->id);
	ra_csv_write_cstr(w, pair->threat->name);
	ra_csv_write_cstr(w, pair->vulnerability->id);
	ra_csv_write_cstr(w, pair->vulnerability->name);
	ra_csv_write_cstr(w, ra_vuln_status_names[pair->status]);
	ra_csv_write_cstr(w, pair->safeguards);
	ra_csv_write_cstr(w, ra_effectiveness_names[pair->effectiveness]);
	for (i = 0; i < r->nextra; i++)
		ra_csv_write_field(w, r->row->fields[r->extra[i]],
		    r->row->lens[r->extra[i]]);
	r->pairs++;
	return ra_csv_write_end_row(w);
}

/* Normalise the row's known columns; a bad value names line and column. */
static int
read_asset(struct run *r, struct ra_asset_view *asset)
{
	int c, error;

	for (c = 0; c < RA_COL_COUNT; c++) {
		const char *in;

		if (c == RA_COL_NOTES)
			continue;
		in = r->column[c] >= 0 ? r->row->fields[r->column[c]] : "";
		if ((error = ra_schema_normalise(&r->value[c],
		    (enum ra_column)c, in)) < 0)
			return ra_error_wrap(error, r->name, r->row->line,
			    ra_schema_columns[c]);
	}
	asset->id = ra_buf_cstr(&r->value[RA_COL_ID]);
	asset->category = ra_buf_cstr(&r->value[RA_COL_CATEGORY]);
	asset->status = ra_buf_cstr(&r->value[RA_COL_STATUS]);
	asset->ephi = ra_buf_cstr(&r->value[RA_COL_EPHI]);
	for (c = 0; c < 5; c++)
		asset->attributes[c] = ra_buf_cstr(&r->value[RA_COL_ENCRYPTION +
		    c]);
	return 0;
}

static int
run_filter(struct ra_threats *engine, FILE *in, const char *name, FILE *out,
    int all)
{
	struct ra_csv_reader *reader = NULL;
	const struct ra_csv_row *header;
	struct run r;
	size_t i;
	int c, error;

	memset(&r, 0, sizeof(r));
	r.name = name;
	ra_csv_writer_init(&r.w, out);
	if ((error = ra_csv_reader_new(&reader, in, name)) < 0)
		goto done;
	if ((error = ra_csv_reader_header(reader, &header)) <= 0) {
		if (error == 0)
			error = ra_error_at(RA_EINVAL, name, 0, NULL,
			    "empty input: expected an inventory with a header "
			    "row");
		goto done;
	}
	for (c = 0; c < RA_COL_COUNT; c++)
		r.column[c] = ra_csv_reader_column(reader,
		    ra_schema_columns[c]);
	for (c = RA_COL_ID; c <= RA_COL_CATEGORY; c += RA_COL_CATEGORY)
		if (r.column[c] < 0) {
			error = ra_error_at(RA_EINVAL, name, header->line, NULL,
			    "no '%s' column: expected an inventory "
			    "(ra-inventory list)", ra_schema_columns[c]);
			goto done;
		}
	if ((r.extra = calloc(header->nfields + 1, sizeof(*r.extra))) == NULL) {
		error = ra_error_set(RA_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; register_columns[i] != NULL; i++)
		ra_csv_write_cstr(&r.w, register_columns[i]);
	for (i = 0; i < header->nfields; i++)
		if (ra_schema_column(header->fields[i]) < 0) {
			r.extra[r.nextra++] = i;
			ra_csv_write_field(&r.w, header->fields[i],
			    header->lens[i]);
		}
	ra_csv_write_end_row(&r.w);
	while ((error = ra_csv_reader_next(reader, &r.row)) > 0) {
		struct ra_asset_view asset;

		if ((error = read_asset(&r, &asset)) < 0)
			goto done;
		if ((error = ra_threats_saw_asset(engine, asset.id)) < 0) {
			if (error == RA_EEXISTS)
				error = ra_error_wrap(RA_EINVAL, name,
				    r.row->line, "id");
			goto done;
		}
		error = ra_threats_asset(engine, &asset, all, write_pair, &r);
		if (error == RA_ENOTFOUND)
			error = ra_error_wrap(RA_EINVAL, name, r.row->line,
			    "category");
		if (error < 0)
			goto done;
	}
	if (error == 0)
		error = ra_csv_writer_finish(&r.w);
done:
	for (c = 0; c < RA_COL_COUNT; c++)
		ra_buf_release(&r.value[c]);
	ra_buf_release(&r.risk_id);
	free(r.extra);
	ra_csv_reader_free(reader);
	return error;
}

static void
join(struct ra_buf *b, const struct ra_strings *list, const char *sep)
{
	size_t i;

	ra_buf_truncate(b, 0);
	ra_buf_grow(b, 0);
	for (i = 0; i < list->n; i++) {
		if (i > 0)
			ra_buf_adds(b, sep);
		ra_buf_adds(b, list->items[i]);
	}
}

static void
cell(struct ra_csv_writer *w, const struct ra_buf *b)
{
	ra_csv_write_field(w, ra_buf_cstr(b), b->len);
}

static int
list_catalog(const struct ra_catalog *cat, const char *what, FILE *out)
{
	struct ra_csv_writer w;
	struct ra_buf b = RA_BUF_INIT;
	char number[16];
	size_t i;

	ra_csv_writer_init(&w, out);
	if (strcmp(what, "categories") == 0) {
		static const char *const head[] = { "id", "name", "ephi",
			"threats", "vulnerabilities", "cite" };

		ra_csv_write_row(&w, head, NULL,
		    sizeof(head) / sizeof(head[0]));
		for (i = 0; i < cat->ncategories; i++) {
			const struct ra_category *c = &cat->categories[i];

			ra_csv_write_cstr(&w, c->id);
			ra_csv_write_cstr(&w, c->name);
			ra_csv_write_cstr(&w, c->ephi ? "yes" : "no");
			join(&b, &c->threats, ";");
			cell(&w, &b);
			join(&b, &c->vulnerabilities, ";");
			cell(&w, &b);
			join(&b, &c->cite, "; ");
			cell(&w, &b);
			ra_csv_write_end_row(&w);
		}
	} else if (strcmp(what, "threats") == 0) {
		static const char *const head[] = { "id", "name", "source",
			"hicp", "likelihood", "exposes", "financial",
			"downtime", "disposal", "retired", "cite",
			"description" };

		ra_csv_write_row(&w, head, NULL,
		    sizeof(head) / sizeof(head[0]));
		for (i = 0; i < cat->nthreats; i++) {
			const struct ra_threat *t = &cat->threats[i];

			ra_csv_write_cstr(&w, t->id);
			ra_csv_write_cstr(&w, t->name);
			ra_csv_write_cstr(&w,
			    ra_threat_source_names[t->source]);
			snprintf(number, sizeof(number), "%d", t->hicp);
			ra_csv_write_raw(&w, t->hicp ? number : "",
			    t->hicp ? strlen(number) : 0);
			ra_csv_write_cstr(&w, ra_level_names[t->likelihood]);
			ra_csv_write_cstr(&w, t->exposes ? "yes" : "no");
			ra_csv_write_cstr(&w, ra_level_names[t->financial]);
			ra_csv_write_cstr(&w, t->downtime == RA_DOWNTIME_NONE ?
			    "none" : ra_level_names[t->downtime]);
			ra_csv_write_cstr(&w, t->disposal ? "yes" : "no");
			ra_csv_write_cstr(&w, t->retired ? "yes" : "no");
			join(&b, &t->cite, "; ");
			cell(&w, &b);
			ra_csv_write_cstr(&w, t->description);
			ra_csv_write_end_row(&w);
		}
	} else if (strcmp(what, "vulnerabilities") == 0) {
		static const char *const head[] = { "id", "name", "sra",
			"threats", "cite", "remediation" };

		ra_csv_write_row(&w, head, NULL,
		    sizeof(head) / sizeof(head[0]));
		for (i = 0; i < cat->nvulnerabilities; i++) {
			const struct ra_vulnerability *v =
			    &cat->vulnerabilities[i];

			ra_csv_write_cstr(&w, v->id);
			ra_csv_write_cstr(&w, v->name);
			ra_csv_write_cstr(&w, v->sra);
			join(&b, &v->threats, ";");
			cell(&w, &b);
			join(&b, &v->cite, "; ");
			cell(&w, &b);
			join(&b, &v->remediation, "\n");
			cell(&w, &b);
			ra_csv_write_end_row(&w);
		}
	} else if (strcmp(what, "safeguards") == 0) {
		static const char *const head[] = { "id", "name", "type",
			"mitigates", "cite", "hicp" };

		ra_csv_write_row(&w, head, NULL,
		    sizeof(head) / sizeof(head[0]));
		for (i = 0; i < cat->nsafeguards; i++) {
			const struct ra_catalog_safeguard *s =
			    &cat->safeguards[i];

			ra_csv_write_cstr(&w, s->id);
			ra_csv_write_cstr(&w, s->name);
			ra_csv_write_cstr(&w, ra_safeguard_type_names[s->type]);
			join(&b, &s->mitigates, ";");
			cell(&w, &b);
			join(&b, &s->cite, "; ");
			cell(&w, &b);
			join(&b, &s->hicp, ";");
			cell(&w, &b);
			ra_csv_write_end_row(&w);
		}
	} else
		errx(CLI_EXIT_FAILURE, "--list: expected categories, threats, "
		    "vulnerabilities or safeguards, got '%s'", what);
	ra_buf_release(&b);
	return ra_csv_writer_finish(&w);
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "catalog", required_argument, NULL, 'k' },
		{ "list", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ra_safeguards *safeguards = NULL;
	struct ra_threats *engine = NULL;
	const struct ra_catalog *cat;
	struct ra_catalog *owned;
	struct cli_output out;
	const char *dir = ".", *catalog_file = NULL, *list = NULL;
	const char *output = NULL, *name;
	char *path;
	int ch, all = 0, error;
	FILE *in;

	setlocale(LC_ALL, "");
	while ((ch = getopt_long(argc, argv, "aC:o:hV", options, NULL)) != -1) {
		switch (ch) {
		case 'a':
			all = 1;
			break;
		case 'C':
			dir = optarg;
			break;
		case 'k':
			catalog_file = optarg;
			break;
		case 'l':
			list = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'D':
			/* accepted for symmetry; no dates here */
			break;
		case 'h':
			usage(CLI_EXIT_OK);
		case 'V':
			cli_version();
		default:
			usage(CLI_EXIT_FAILURE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1 || (list != NULL && (argc > 0 || all)))
		usage(CLI_EXIT_FAILURE);
	if (list != NULL && strcmp(list, "categories") != 0 &&
	    strcmp(list, "threats") != 0 &&
	    strcmp(list, "vulnerabilities") != 0 &&
	    strcmp(list, "safeguards") != 0)
		errx(CLI_EXIT_FAILURE, "--list: expected categories, threats, "
		    "vulnerabilities or safeguards, got '%s'", list);
	cli_check_dir(dir);

	/* --catalog FILE, or DIR/catalog.yaml when there is one. */
	path = cli_path(dir, "catalog.yaml");
	if (ra_catalog_open(&cat, &owned, catalog_file != NULL ? catalog_file :
	    path, catalog_file != NULL ? catalog_file : path,
	    catalog_file != NULL) < 0)
		cli_fail_lib();
	free(path);

	if (list != NULL) {
		cli_output_open(&out, output);
		if (list_catalog(cat, list, out.fp) < 0) {
			cli_output_abort(&out);
			cli_fail_lib();
		}
		cli_output_close(&out);
		ra_catalog_free(owned);
		cli_close_stdout();
		return CLI_EXIT_OK;
	}

	path = cli_path(dir, "safeguards.yaml");
	if ((error = ra_safeguards_load(&safeguards, path, path)) < 0 &&
	    error != RA_ENOTFOUND)
		cli_fail_lib();
	free(path);
	if (ra_threats_new(&engine, cat, safeguards) < 0)
		cli_fail_lib();

	if ((in = cli_open_input(argc == 1 ? argv[0] : NULL, &name)) == NULL)
		exit(CLI_EXIT_FAILURE);
	cli_output_open(&out, output);
	error = run_filter(engine, in, name, out.fp, all);
	cli_close_input(in);
	/* A safeguard for an asset that never came is a mistake in its file. */
	if (error == 0)
		error = ra_threats_unused_ids(engine);
	if (error < 0) {
		cli_output_abort(&out);
		fflush(stdout);
		cli_fail_lib();
	}
	cli_output_close(&out);
	ra_threats_free(engine);
	ra_safeguards_free(safeguards);
	ra_catalog_free(owned);
	cli_close_stdout();
	return CLI_EXIT_OK;
}
