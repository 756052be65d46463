/*
 * cli.c: the helpers of cli.h.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "ra_error.h"

void
cli_fail_lib(void)
{
	errx(CLI_EXIT_FAILURE, "%s", ra_error_last());
}

void
cli_close_stdout(void)
{
	int failed;

	failed = fflush(stdout) != 0 || ferror(stdout);
	if (fclose(stdout) != 0)
		failed = 1;
	if (failed)
		errx(CLI_EXIT_FAILURE, "write error on standard output");
}

void
cli_version(void)
{
	extern const char *program_invocation_short_name;

	printf("%s %s\n", program_invocation_short_name, RA_VERSION);
	cli_close_stdout();
	exit(CLI_EXIT_OK);
}

void
cli_today(struct ra_date *out, const char *date_option)
{
	const char *env;
	struct tm tm;
	time_t now;

	if (date_option != NULL) {
		if (ra_date_parse(out, date_option) < 0)
			errx(CLI_EXIT_FAILURE, "--date: %s", ra_error_last());
		return;
	}
	if ((env = getenv("RA_DATE")) != NULL && *env != '\0') {
		if (ra_date_parse(out, env) < 0)
			errx(CLI_EXIT_FAILURE, "RA_DATE: %s", ra_error_last());
		return;
	}
	now = time(NULL);
	if (localtime_r(&now, &tm) == NULL)
		errx(CLI_EXIT_FAILURE, "cannot read the clock");
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
}

FILE *
cli_open_input(const char *operand, const char **name)
{
	FILE *fp;

	if (operand == NULL || strcmp(operand, "-") == 0) {
		*name = "<stdin>";
		return stdin;
	}
	*name = operand;
	if ((fp = fopen(operand, "r")) == NULL)
		warn("%s", operand);
	return fp;
}

void
cli_close_input(FILE *fp)
{
	if (fp != NULL && fp != stdin)
		fclose(fp);
}

void
cli_output_open(struct cli_output *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return;
	}
	if (ra_atomic_begin(&o->atomic, path) < 0)
		cli_fail_lib();
	o->fp = o->atomic.fp;
	o->to_file = 1;
}

void
cli_output_close(struct cli_output *o)
{
	if (!o->to_file) {
		if (fflush(stdout) != 0 || ferror(stdout))
			errx(CLI_EXIT_FAILURE,
			    "write error on standard output");
		return;
	}
	o->to_file = 0;
	if (ra_atomic_commit(&o->atomic) < 0)
		cli_fail_lib();
}

void
cli_output_abort(struct cli_output *o)
{
	if (o->to_file)
		ra_atomic_abort(&o->atomic);
	o->to_file = 0;
}

void
cli_check_dir(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) < 0) {
		if (errno == ENOENT)
			errx(CLI_EXIT_FAILURE, "%s: no such directory", dir);
		err(CLI_EXIT_FAILURE, "%s", dir);
	}
	if (!S_ISDIR(st.st_mode))
		errx(CLI_EXIT_FAILURE, "%s: not a directory", dir);
}

char *
cli_path(const char *dir, const char *name)
{
	char *p;

	if (dir == NULL || strcmp(dir, ".") == 0)
		p = strdup(name);
	else
		p = ra_path_join(dir, name);
	if (p == NULL)
		errx(CLI_EXIT_FAILURE, "out of memory");
	return p;
}
