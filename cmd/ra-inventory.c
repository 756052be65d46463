/*
 * ra-inventory: the ePHI inventory of a practice: start a compliance
 * directory, add assets, import spreadsheet exports, list and check.
 * The formats are in ra-files(5); the command line in ra-inventory(1).
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ra_buf.h"
#include "ra_error.h"
#include "ra_file.h"
#include "ra_git.h"
#include "ra_inventory.h"
#include "ra_practice.h"
#include "ra_schema.h"
#include "ra_util.h"

/* How long a run waits for another one that holds the directory's lock. */
#define LOCK_WAIT_MS 10000

static const char *dir = ".";
static const char *date_option;

static void __attribute__((noreturn))
usage(int status)
{
	FILE *fp = status == 0 ? stdout : stderr;

	fprintf(fp,
	    "usage: ra-inventory init [--name NAME] [--id ID] "
	    "[--date YYYY-MM-DD] DIR\n"
	    "       ra-inventory [-C DIR] add --id ID [--category CAT] "
	    "[--name NAME]\n"
	    "                    [COLUMN=VALUE ...]\n"
	    "       ra-inventory [-C DIR] import [--map FILE] [FILE]\n"
	    "       ra-inventory [-C DIR] list [--category CAT] [-o FILE]\n"
	    "       ra-inventory [-C DIR] check\n"
	    "       ra-inventory --help | --version\n");
	if (status == 0)
		cli_close_stdout();
	exit(status);
}

/* Options every subcommand accepts after its name, too. */
static int
common_option(int ch)
{
	switch (ch) {
	case 'C':
		dir = optarg;
		return 1;
	case 'D':
		date_option = optarg;
		return 1;
	case 'h':
		usage(CLI_EXIT_OK);
	case 'V':
		cli_version();
	default:
		return 0;
	}
}

static void __attribute__((noreturn))
no_inventory(const char *path)
{
	errx(CLI_EXIT_FAILURE, "%s: no such file (is %s a compliance "
	    "directory? see ra-inventory init)", path, dir);
}

/*
 * Before taking the lock of a directory to change its inventory: a
 * directory that has none is no compliance directory, and gets no lock
 * file either.
 */
static void
require_inventory(const char *path)
{
	if (!ra_file_exists(path))
		no_inventory(path);
}

static struct ra_inventory *
load_inventory(const char *path)
{
	struct ra_inventory *inv;
	int error;

	if ((error = ra_inventory_load(&inv, path, path)) == RA_ENOTFOUND)
		no_inventory(path);
	if (error < 0)
		cli_fail_lib();
	return inv;
}

/* --date and RA_DATE are checked by every command, used where needed. */
static void
check_date(void)
{
	struct ra_date today;

	cli_today(&today, date_option);
}

/* Replace path with the inventory, atomically. */
static void
save_inventory(const struct ra_inventory *inv, const char *path)
{
	struct ra_atomic a;

	if (ra_atomic_begin(&a, path) < 0)
		cli_fail_lib();
	if (ra_inventory_write(inv, a.fp, NULL) < 0) {
		ra_atomic_abort(&a);
		errx(CLI_EXIT_FAILURE, "%s: %s", path, ra_error_last());
	}
	if (ra_atomic_commit(&a) < 0)
		cli_fail_lib();
}

static void
lock_dir(struct ra_lock *lock)
{
	if (ra_lock_acquire(lock, dir, LOCK_WAIT_MS) < 0)
		cli_fail_lib();
}

/* The files init writes, in the order it writes them. */
static const char *const init_files[] = {
	"practice.yaml", "inventory.csv", "safeguards.yaml", ".gitattributes",
	".gitignore"
};
#define NINIT (sizeof(init_files) / sizeof(init_files[0]))

/* What .gitignore held before init, to put back if init fails. */
static char *gitignore_before;
static size_t gitignore_before_len;

/*
 * The .gitignore init writes: "/.ra.lock", or an existing one with that
 * line added; empty text when the existing one has it already.
 */
static int
gitignore_text(struct ra_buf *text, const char *path)
{
	const char *line = "/" RA_LOCK_NAME "\n";
	char *old = NULL, *p;
	size_t len = 0;
	int error;

	error = ra_file_read(&old, &len, path, 1024 * 1024);
	if (error == RA_ENOTFOUND)
		return ra_buf_adds(text, line);
	if (error < 0)
		return error;
	for (p = old; p != NULL && *p != '\0'; p = strchr(p, '\n'),
	    p = p != NULL ? p + 1 : NULL)
		if (strncmp(p, line, strlen(line) - 1) == 0 ||
		    strncmp(p, line + 1, strlen(line) - 2) == 0) {
			free(old);
			return 0;
		}
	if ((error = ra_buf_add(text, old, len)) == 0 && len > 0 &&
	    old[len - 1] != '\n')
		error = ra_buf_addch(text, '\n');
	if (error == 0)
		error = ra_buf_adds(text, line);
	gitignore_before = old;
	gitignore_before_len = len;
	return error;
}

static int
write_init_files(const char *target, const char *id, const char *name,
    int *written)
{
	struct ra_inventory *inv = NULL;
	struct ra_buf text = RA_BUF_INIT;
	struct ra_atomic a;
	size_t i;
	char *path;
	int error = 0;

	for (i = 0; i < NINIT && error == 0; i++) {
		path = cli_path(target, init_files[i]);
		ra_buf_truncate(&text, 0);
		switch (i) {
		case 0:
			error = ra_practice_template(&text, id, name);
			break;
		case 1:
			if ((error = ra_inventory_starter(&inv, path)) < 0)
				break;
			if ((error = ra_atomic_begin(&a, path)) < 0)
				break;
			if ((error = ra_inventory_write(inv, a.fp, NULL)) < 0)
				ra_atomic_abort(&a);
			else if ((error = ra_atomic_commit(&a)) == 0)
				written[i] = 1;
			free(path);
			continue;
		case 2:
			error = ra_safeguards_template(&text);
			break;
		case 3:
			/* git must never rewrite the bytes of a CSV or YAML. */
			error = ra_buf_adds(&text,
			    "*.csv -text\n*.yaml -text\n");
			break;
		case 4:
			error = gitignore_text(&text, path);
			break;
		}
		/* An existing .gitattributes is the user's; so is a .gitignore
		 * that already keeps the lock out (no text to add). */
		if (error == 0 && i == 4 && text.len == 0) {
			free(path);
			continue;
		}
		if (error == 0 && (i < 3 || i == 4 || !ra_file_exists(path))) {
			error = ra_file_write(path, ra_buf_cstr(&text),
			    text.len);
			written[i] = error == 0;
		}
		free(path);
	}
	ra_inventory_free(inv);
	ra_buf_release(&text);
	return error;
}

/* The directories init created, outermost first, to remove on failure. */
static char *made_dirs[64];
static size_t nmade_dirs;

/* mkdir -p: the directory and any missing parents, noting each one made. */
static int
make_dirs(const char *path)
{
	char *copy, *p;
	int rc = 0, last;

	if ((copy = strdup(path)) == NULL)
		return -1;
	for (p = copy + 1, last = 0; rc == 0 && !last; p++) {
		last = *p == '\0';
		if (*p != '/' && !last)
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) == 0) {
			if (nmade_dirs <
			    sizeof(made_dirs) / sizeof(made_dirs[0]))
				made_dirs[nmade_dirs++] = strdup(copy);
		} else if (errno != EEXIST)
			rc = -1;
		if (!last)
			*p = '/';
	}
	free(copy);
	return rc;
}

static int
cmd_init(int argc, char **argv)
{
	static const struct option options[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "id", required_argument, NULL, 'i' },
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ra_git_repo *repo = NULL;
	struct ra_buf id = RA_BUF_INIT, message = RA_BUF_INIT;
	struct ra_lock lock = { -1, NULL };
	struct ra_date today;
	struct stat st;
	const char *name = NULL, *target, *base, *paths[NINIT];
	char commit[41], *p, *lock_path = NULL;
	int ch, written[NINIT] = { 0 }, error, lock_existed = 0, acquired = 0;
	int status = CLI_EXIT_FAILURE;
	size_t i, npaths = 0;
	time_t when = 0;

	while ((ch = getopt_long(argc, argv, "hV", options, NULL)) != -1) {
		if (ch == 'n')
			name = optarg;
		else if (ch == 'i')
			ra_buf_adds(&id, optarg);
		else if (!common_option(ch))
			usage(CLI_EXIT_FAILURE);
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage(CLI_EXIT_FAILURE);
	target = argv[0];
	cli_today(&today, date_option);
	if (date_option != NULL || getenv("RA_DATE") != NULL)
		when = (time_t)ra_date_to_days(&today) * 86400 + 12 * 3600;

	if (id.len == 0) {
		/* The directory's last component: "clinics/sunrise/". */
		size_t len = strlen(target);
		char *copy;

		while (len > 1 && target[len - 1] == '/')
			len--;
		if ((copy = strndup(target, len)) == NULL)
			errx(CLI_EXIT_FAILURE, "out of memory");
		base = strrchr(copy, '/');
		ra_schema_slugify(&id, base != NULL ? base + 1 : copy);
		free(copy);
	}
	if (!ra_is_slug(ra_buf_cstr(&id)))
		errx(CLI_EXIT_FAILURE, "'%s' is not a usable practice id: use "
		    "--id with lowercase letters, digits, '-', '_' and '.'",
		    ra_buf_cstr(&id));
	if (name == NULL)
		name = id.ptr;

	if (stat(target, &st) < 0) {
		if (errno != ENOENT || make_dirs(target) < 0) {
			warn("%s", target);
			goto undo;
		}
	} else if (!S_ISDIR(st.st_mode))
		errx(CLI_EXIT_FAILURE, "%s: not a directory", target);
	dir = target;
	lock_path = cli_path(target, RA_LOCK_NAME);
	lock_existed = ra_file_exists(lock_path);
	/* Everything from here on is checked and done under the lock. */
	if (ra_lock_acquire(&lock, target, LOCK_WAIT_MS) < 0)
		goto fail;
	acquired = 1;
	for (i = 0; i < 3; i++) {
		p = cli_path(target, init_files[i]);
		error = ra_file_exists(p) ? ra_error_set(RA_EEXISTS, "%s "
		    "already exists; refusing to overwrite a compliance "
		    "directory", p) : 0;
		free(p);
		if (error < 0)
			goto fail;
	}
	error = ra_git_discover(&repo, target);
	if (error < 0 && error != RA_ENOTFOUND)
		goto fail;
	if ((error = write_init_files(target, id.ptr, name, written)) < 0)
		goto fail;
	if (repo == NULL && (error = ra_git_init(&repo, target)) < 0)
		goto fail;
	for (i = 0; i < NINIT; i++)
		if (written[i])
			paths[npaths++] = init_files[i];
	ra_buf_printf(&message, "ra-inventory: start the risk analysis of "
	    "%s (%s)\n", name, id.ptr);
	if ((error = ra_git_commit_paths(repo, target, paths, npaths,
	    message.ptr, when, commit)) < 0)
		goto fail;
	printf("%s: new practice %s, committed as %.12s%s\n", target, id.ptr,
	    commit, ra_git_created(repo) ? " in a new repository" : "");
	status = CLI_EXIT_OK;
	goto done;
fail:
	warnx("%s", ra_error_last());
	/* Take back exactly what this run made; nothing else is touched. */
	for (i = 0; i < NINIT; i++) {
		if (!written[i])
			continue;
		p = cli_path(target, init_files[i]);
		if (i == 4 && gitignore_before != NULL)
			ra_file_write(p, gitignore_before,
			    gitignore_before_len);
		else
			unlink(p);
		free(p);
	}
	if (repo != NULL && ra_git_created(repo)) {
		p = cli_path(target, ".git");
		ra_file_remove_tree(p);
		free(p);
	}
undo:
	/* A lock file this run made, and only while holding it. */
	if (acquired && !lock_existed)
		unlink(lock_path);
	ra_lock_release(&lock);
	for (i = nmade_dirs; i > 0; i--)
		rmdir(made_dirs[i - 1]);
done:
	ra_lock_release(&lock);
	while (nmade_dirs > 0)
		free(made_dirs[--nmade_dirs]);
	free(lock_path);
	free(gitignore_before);
	ra_git_repo_free(repo);
	ra_buf_release(&id);
	ra_buf_release(&message);
	return status;
}

static int
cmd_add(int argc, char **argv)
{
	static const struct option options[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "category", required_argument, NULL, 'c' },
		{ "name", required_argument, NULL, 'n' },
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ra_lock lock = { -1, NULL };
	struct ra_inventory *inv;
	struct ra_buf slug = RA_BUF_INIT;
	const char *id = NULL, *category = NULL, *name = NULL;
	char *path;
	long at, column;
	size_t index;
	int ch, i, is_new;

	while ((ch = getopt_long(argc, argv, "C:hV", options, NULL)) != -1) {
		if (ch == 'i')
			id = optarg;
		else if (ch == 'c')
			category = optarg;
		else if (ch == 'n')
			name = optarg;
		else if (!common_option(ch))
			usage(CLI_EXIT_FAILURE);
	}
	argc -= optind;
	argv += optind;
	if (id == NULL)
		usage(CLI_EXIT_FAILURE);
	for (i = 0; i < argc; i++)
		if (strchr(argv[i], '=') == NULL || argv[i][0] == '=')
			errx(CLI_EXIT_FAILURE, "%s: expected COLUMN=VALUE",
			    argv[i]);
	check_date();
	/* The id as the inventory will hold it (" lap" is "lap"). */
	if (ra_schema_normalise(&slug, RA_COL_ID, id) < 0)
		errx(CLI_EXIT_FAILURE, "--id: %s", ra_error_last());
	id = slug.ptr;

	path = cli_path(dir, "inventory.csv");
	require_inventory(path);
	lock_dir(&lock);
	inv = load_inventory(path);
	at = ra_inventory_find(inv, id);
	is_new = at < 0;
	if (is_new) {
		if (category == NULL || name == NULL)
			errx(CLI_EXIT_FAILURE, "%s is a new asset: --category "
			    "and --name are required", id);
		if (ra_inventory_append(inv, id, &index) < 0)
			cli_fail_lib();
	} else
		index = (size_t)at;
	if ((category != NULL && ra_inventory_set(inv, index,
	    RA_COL_CATEGORY, category) < 0) ||
	    (name != NULL && ra_inventory_set(inv, index, RA_COL_NAME,
	    name) < 0))
		cli_fail_lib();
	for (i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		*eq = '\0';
		column = ra_inventory_column(inv, argv[i], 0);
		if (column < 0) {
			const char *near = ra_nearest(argv[i],
			    ra_schema_columns);

			if (near != NULL)
				errx(CLI_EXIT_FAILURE, "unknown column '%s' "
				    "(did you mean '%s'?)", argv[i], near);
			if (!ra_is_slug(argv[i]))
				errx(CLI_EXIT_FAILURE, "'%s' is not a usable "
				    "column name", argv[i]);
			column = ra_inventory_column(inv, argv[i], 1);
			if (column < 0)
				cli_fail_lib();
		}
		if (column == RA_COL_ID)
			errx(CLI_EXIT_FAILURE, "the id is set with --id");
		if (ra_inventory_set(inv, index, column, eq + 1) < 0)
			cli_fail_lib();
	}
	if (inv->assets[index].cells[RA_COL_NAME][0] == '\0')
		errx(CLI_EXIT_FAILURE, "name: a name is required");
	if (is_new && ra_inventory_fill_defaults(inv, index) < 0)
		cli_fail_lib();
	save_inventory(inv, path);
	fprintf(stderr, "ra-inventory: %s %s in %s\n",
	    is_new ? "added" : "updated", id, path);
	ra_lock_release(&lock);
	ra_inventory_free(inv);
	ra_buf_release(&slug);
	free(path);
	return CLI_EXIT_OK;
}

static int
cmd_import(int argc, char **argv)
{
	static const struct option options[] = {
		{ "map", required_argument, NULL, 'm' },
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ra_lock lock = { -1, NULL };
	struct ra_inventory *inv, *incoming;
	struct ra_import_map *map = NULL;
	const char *map_path = NULL, *name;
	size_t added, updated;
	char *path;
	FILE *fp;
	int ch, error;

	while ((ch = getopt_long(argc, argv, "C:hV", options, NULL)) != -1) {
		if (ch == 'm')
			map_path = optarg;
		else if (!common_option(ch))
			usage(CLI_EXIT_FAILURE);
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage(CLI_EXIT_FAILURE);
	check_date();
	if (map_path != NULL && ra_import_map_load(&map, map_path,
	    map_path) < 0)
		cli_fail_lib();
	if ((fp = cli_open_input(argc == 1 ? argv[0] : NULL, &name)) == NULL)
		exit(CLI_EXIT_FAILURE);
	error = ra_inventory_read(&incoming, fp, name, 1, map);
	cli_close_input(fp);
	if (error < 0)
		cli_fail_lib();

	path = cli_path(dir, "inventory.csv");
	require_inventory(path);
	lock_dir(&lock);
	inv = load_inventory(path);
	if (ra_inventory_merge(inv, incoming, &added, &updated) < 0)
		cli_fail_lib();
	save_inventory(inv, path);
	fprintf(stderr, "ra-inventory: imported %zu asset%s (%zu added, %zu "
	    "updated) into %s\n", incoming->nassets,
	    incoming->nassets == 1 ? "" : "s", added, updated, path);
	ra_lock_release(&lock);
	ra_inventory_free(incoming);
	ra_inventory_free(inv);
	ra_import_map_free(map);
	free(path);
	return CLI_EXIT_OK;
}

static int
cmd_list(int argc, char **argv)
{
	static const struct option options[] = {
		{ "category", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ra_buf category = RA_BUF_INIT;
	struct ra_inventory *inv;
	struct cli_output out;
	const char *output = NULL;
	char *path;
	int ch;

	while ((ch = getopt_long(argc, argv, "C:o:hV", options, NULL)) != -1) {
		if (ch == 'c') {
			if (ra_schema_normalise(&category, RA_COL_CATEGORY,
			    optarg) < 0)
				errx(CLI_EXIT_FAILURE, "--category: %s",
				    ra_error_last());
		} else if (ch == 'o')
			output = optarg;
		else if (!common_option(ch))
			usage(CLI_EXIT_FAILURE);
	}
	if (optind != argc)
		usage(CLI_EXIT_FAILURE);
	check_date();
	path = cli_path(dir, "inventory.csv");
	inv = load_inventory(path);
	cli_output_open(&out, output);
	if (ra_inventory_write(inv, out.fp,
	    category.len > 0 ? category.ptr : NULL) < 0) {
		cli_output_abort(&out);
		errx(CLI_EXIT_FAILURE, "write error: %s", ra_error_last());
	}
	cli_output_close(&out);
	ra_inventory_free(inv);
	ra_buf_release(&category);
	free(path);
	return CLI_EXIT_OK;
}

struct check_context {
	const char *file;
	size_t findings;
};

static void
report_finding(void *ctx, unsigned long line, const char *id,
    const char *message)
{
	struct check_context *c = ctx;

	if (id == NULL)
		printf("%s: %s\n", c->file, message);
	else
		printf("%s:%lu: %s: %s\n", c->file, line, id, message);
	c->findings++;
}

static void
practice_finding(struct check_context *c, const char *what)
{
	printf("%s: %s\n", c->file, what);
	c->findings++;
}

static int
cmd_check(int argc, char **argv)
{
	static const struct option options[] = {
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct check_context ctx = { NULL, 0 };
	struct ra_practice *practice;
	struct ra_safeguards *safeguards;
	struct ra_inventory *inv;
	char *practice_path, *safeguards_path, *path;
	int ch, error;

	while ((ch = getopt_long(argc, argv, "C:hV", options, NULL)) != -1)
		if (!common_option(ch))
			usage(CLI_EXIT_FAILURE);
	if (optind != argc)
		usage(CLI_EXIT_FAILURE);
	check_date();
	practice_path = cli_path(dir, "practice.yaml");
	safeguards_path = cli_path(dir, "safeguards.yaml");
	path = cli_path(dir, "inventory.csv");

	if (ra_practice_load(&practice, practice_path, practice_path) < 0)
		cli_fail_lib();
	error = ra_safeguards_load(&safeguards, safeguards_path,
	    safeguards_path);
	if (error < 0 && error != RA_ENOTFOUND)
		cli_fail_lib();
	inv = load_inventory(path);

	ctx.file = practice_path;
	if (practice->security_official.name[0] == '\0')
		practice_finding(&ctx, "security_official has no name "
		    "(164.308(a)(2) requires one)");
	if (practice->privacy_official.name[0] == '\0')
		practice_finding(&ctx, "privacy_official has no name");
	if (practice->assessor.name[0] == '\0')
		practice_finding(&ctx, "assessor has no name");
	if (practice->workforce < 0)
		practice_finding(&ctx, "workforce is not given");
	if (practice->nlocations == 0)
		practice_finding(&ctx, "no locations are listed");
	ctx.file = path;
	ra_inventory_check(inv, report_finding, &ctx);
	if (inv->nassets == 0)
		practice_finding(&ctx, "the inventory lists no assets");

	ra_practice_free(practice);
	ra_safeguards_free(safeguards);
	ra_inventory_free(inv);
	free(practice_path);
	free(safeguards_path);
	free(path);
	return ctx.findings > 0 ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} commands[] = {
		{ "init", cmd_init }, { "add", cmd_add },
		{ "import", cmd_import }, { "list", cmd_list },
		{ "check", cmd_check },
	};
	size_t i;
	int ch, status;

	setlocale(LC_ALL, "");
	while ((ch = getopt_long(argc, argv, "+C:hV", options, NULL)) != -1)
		if (!common_option(ch))
			usage(CLI_EXIT_FAILURE);
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage(CLI_EXIT_FAILURE);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			break;
	if (i == sizeof(commands) / sizeof(commands[0])) {
		warnx("unknown command '%s'", argv[0]);
		usage(CLI_EXIT_FAILURE);
	}
	if (i == 0 && strcmp(dir, ".") != 0)
		errx(CLI_EXIT_FAILURE, "init takes its directory as an "
		    "operand, not -C");
	optind = 0;	/* glibc: start a fresh scan of the subcommand */
	status = commands[i].run(argc, argv);
	cli_close_stdout();
	return status;
}
