/*
 * ra-score: likelihood x impact -> risk for every row of a threat and
 * vulnerability register, each row explained.  A filter: register CSV in,
 * the same rows out with likelihood, impact, risk, score and basis.  The
 * method and the command line are in ra-score(1); matrix.yaml in
 * ra-files(5).
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
#include "ra_error.h"
#include "ra_file.h"
#include "ra_matrix.h"
#include "ra_practice.h"
#include "ra_score.h"

/* The stdio buffer of the output, in bytes. */
#define OUTPUT_BUFFER (64 * 1024)

static void __attribute__((noreturn))
usage(int status)
{
	FILE *fp = status == 0 ? stdout : stderr;

	fprintf(fp,
	    "usage: ra-score [-C DIR] [--matrix default|nist|FILE] [--explain] "
	    "[--min LEVEL] [-o FILE] [--date YYYY-MM-DD] [FILE]\n"
	    "       ra-score --help | --version\n");
	if (status == 0)
		cli_close_stdout();
	exit(status);
}

/* A built-in matrix by name, or a matrix file. */
static struct ra_matrix *
load_matrix(const char *which, const char *path)
{
	struct ra_matrix *m;
	int error;

	if (strcmp(which, "default") == 0 || strcmp(which, "nist") == 0)
		error = ra_matrix_builtin(&m, which);
	else
		error = ra_matrix_load_file(&m, path, path);
	if (error < 0)
		cli_fail_lib();
	return m;
}

/*
 * The matrix: --matrix, else practice.yaml's matrix (a file relative to
 * DIR) when it names one other than default, else DIR/matrix.yaml when
 * present, else the default.
 */
static struct ra_matrix *
choose_matrix(const char *dir, const char *option)
{
	struct ra_practice *practice = NULL;
	struct ra_matrix *m;
	char *path;
	int error;

	if (option != NULL)
		return load_matrix(option, option);
	path = cli_path(dir, "practice.yaml");
	error = ra_practice_load(&practice, path, path);
	free(path);
	if (error < 0 && error != RA_ENOTFOUND)
		cli_fail_lib();
	if (practice != NULL && strcmp(practice->matrix, "default") != 0) {
		path = cli_path(dir, practice->matrix);
		m = load_matrix(practice->matrix, path);
		free(path);
		ra_practice_free(practice);
		return m;
	}
	ra_practice_free(practice);
	path = cli_path(dir, "matrix.yaml");
	m = load_matrix(ra_file_exists(path) ? path : "default", path);
	free(path);
	return m;
}

/* --min: a risk level of the matrix, or low, medium or high. */
static void
parse_min(struct ra_score_options *o, const struct ra_matrix *m,
    const char *level)
{
	struct ra_buf levels = RA_BUF_INIT;
	int i;

	if ((o->min_risk = ra_matrix_level_parse(m, level)) >= 0)
		return;
	o->min_risk = 0;
	for (i = 0; ra_plan_level_names[i] != NULL; i++)
		if (strcmp(ra_plan_level_names[i], level) == 0) {
			o->min_plan = i;
			return;
		}
	ra_matrix_levels_text(&levels, m);
	errx(CLI_EXIT_FAILURE, "--min: unknown level '%s' (expected %s)",
	    level, ra_buf_cstr(&levels));
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "matrix", required_argument, NULL, 'm' },
		{ "explain", no_argument, NULL, 'e' },
		{ "min", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ra_score_options so = { 0, -1, 0 };
	const struct ra_catalog *cat;
	struct ra_catalog *owned;
	struct ra_matrix *matrix;
	struct ra_scorer *scorer;
	struct cli_output out;
	struct ra_date today;
	const char *dir = ".", *matrix_option = NULL, *min = NULL;
	const char *output = NULL, *date_option = NULL, *name;
	char *path;
	FILE *fp;
	int ch;

	setlocale(LC_ALL, "");
	while ((ch = getopt_long(argc, argv, "C:o:hV", options, NULL)) != -1) {
		switch (ch) {
		case 'C':
			dir = optarg;
			break;
		case 'm':
			matrix_option = optarg;
			break;
		case 'e':
			so.explain = 1;
			break;
		case 'n':
			min = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'D':
			date_option = optarg;
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
	if (argc > 1)
		usage(CLI_EXIT_FAILURE);
	cli_check_dir(dir);
	/* Scoring does not depend on the date; a bad one is still an error. */
	cli_today(&today, date_option);

	matrix = choose_matrix(dir, matrix_option);
	if (min != NULL)
		parse_min(&so, matrix, min);
	/* DIR/catalog.yaml adds threats; without it, the built-in catalog. */
	path = cli_path(dir, "catalog.yaml");
	if (ra_catalog_open(&cat, &owned, path, path, 0) < 0)
		cli_fail_lib();
	free(path);
	if (ra_scorer_new(&scorer, cat, matrix) < 0)
		cli_fail_lib();
	if ((fp = cli_open_input(argc == 1 ? argv[0] : NULL, &name)) == NULL)
		exit(CLI_EXIT_FAILURE);
	cli_output_open(&out, output);
	/* Fewer, larger writes: a million rows are 400 MB of output. */
	if (setvbuf(out.fp, NULL, _IOFBF, OUTPUT_BUFFER) != 0)
		errx(CLI_EXIT_FAILURE, "out of memory");
	if (ra_score_register(scorer, fp, name, out.fp, &so) < 0) {
		cli_output_abort(&out);
		cli_fail_lib();
	}
	cli_output_close(&out);
	cli_close_input(fp);
	ra_scorer_free(scorer);
	ra_catalog_free(owned);
	ra_matrix_free(matrix);
	cli_close_stdout();
	return CLI_EXIT_OK;
}
