/*
 * cli.h: what every ra tool shares: exit codes, "today", input operands,
 * output files replaced atomically, and the final check of stdout.
 * Only cmd/ talks to the person; these helpers print through err(3).
 */
#ifndef RA_CLI_H
#define RA_CLI_H

#include <stdio.h>

#include "ra_date.h"
#include "ra_file.h"

enum cli_exit {
	CLI_EXIT_OK = 0,	/* success */
	CLI_EXIT_FINDINGS = 1,	/* a check found something */
	CLI_EXIT_FAILURE = 2	/* usage, bad input, I/O or git failure */
};

/* Print the library's last error as "tool: message" and exit 2. */
void cli_fail_lib(void) __attribute__((noreturn));

/* "tool VERSION" on stdout, then exit 0 (after checking stdout). */
void cli_version(void) __attribute__((noreturn));

/*
 * "Today": the --date argument when given (NULL otherwise), else RA_DATE
 * from the environment, else the local calendar date.  A malformed date
 * is a usage error (exit 2) naming where it came from.
 */
void cli_today(struct ra_date *out, const char *date_option);

/*
 * Open an input operand: NULL or "-" is stdin, named "<stdin>".  On
 * failure, warn and return NULL (the caller decides whether to go on).
 */
FILE *cli_open_input(const char *operand, const char **name);

/* Close what cli_open_input opened (stdin is left open). */
void cli_close_input(FILE *fp);

/*
 * An output: stdout, or a file given with -o that is replaced atomically
 * when cli_output_close() succeeds and left as it was otherwise.
 */
struct cli_output {
	FILE *fp;
	struct ra_atomic atomic;
	int to_file;
};

/* Open path (NULL or "-" for stdout); exits 2 on failure. */
void cli_output_open(struct cli_output *o, const char *path);

/* Finish: commit the file or flush stdout; exits 2 on a write error. */
void cli_output_close(struct cli_output *o);

/* Drop a file output without touching the target. */
void cli_output_abort(struct cli_output *o);

/* Flush and close stdout; exit 2 with "write error" if that fails. */
void cli_close_stdout(void);

/*
 * -C DIR must name a directory: a typo would otherwise run silently on
 * built-in defaults, without the practice's safeguards or matrix.
 */
void cli_check_dir(const char *dir);

/* Join dir and name ("DIR/name", or name when dir is "."). Exits on ENOMEM. */
char *cli_path(const char *dir, const char *name);

#endif
