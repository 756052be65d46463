/*
 * test_git.c: discovery, init and committing chosen paths, checked
 * against the git command line.
 *
 * HOME points to an empty temporary directory and GIT_CONFIG_NOSYSTEM is
 * set, so neither the user's nor the system's git configuration matters;
 * every test works in its own directory under /tmp.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <stdarg.h>
#include <time.h>
#include <unistd.h>

#include "ra_test.h"

#include "ra_error.h"
#include "ra_file.h"
#include "ra_git.h"

static char home[64];

struct fixture {
	char dir[64];
};

static void
put(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
}

static void run(const char *, ...) __attribute__((format(printf, 1, 2)));
static char *capture(const char *, ...)
    __attribute__((format(printf, 1, 2)));
static void assert_output(const char *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* Run a shell command, which must succeed. */
static void
run(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd), 0);
}

/* The standard output of a shell command, which must succeed; free() it. */
static char *
capture(const char *fmt, ...)
{
	char cmd[512], *out;
	size_t len = 0, got;
	va_list ap;
	FILE *fp;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_non_null(out = malloc(8192));
	assert_non_null(fp = popen(cmd, "r"));
	while ((got = fread(out + len, 1, 8191 - len, fp)) > 0)
		len += got;
	out[len] = '\0';
	assert_int_equal(pclose(fp), 0);
	return out;
}

/* The command's standard output must be expect. */
static void
assert_output(const char *expect, const char *fmt, ...)
{
	char cmd[512], *actual;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	actual = capture("%s", cmd);
	assert_string_equal(actual, expect);
	free(actual);
}

static int
group_setup(void **state)
{
	(void)state;
	strcpy(home, "/tmp/ra-test-home.XXXXXX");
	if (mkdtemp(home) == NULL)
		return -1;
	/* Before libgit2 is initialised: it reads HOME once. */
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_CEILING_DIRECTORIES");
	return 0;
}

static int
group_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf -- '%s'", home);
	return system(cmd) == 0 ? 0 : -1;
}

static int
setup(void **state)
{
	struct fixture *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	strcpy(f->dir, "/tmp/ra-test-git.XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[256];
	int status;

	snprintf(cmd, sizeof(cmd), "rm -rf -- '%s' '%s/.gitconfig'", f->dir,
	    home);
	status = system(cmd);
	free(f);
	return status == 0 ? 0 : -1;
}

/* Create a repository in f->dir holding inventory.csv, committed. */
static struct ra_git_repo *
repo_with_inventory(const struct fixture *f, char oid[41])
{
	static const char *const paths[] = { "inventory.csv" };
	struct ra_git_repo *repo;

	assert_int_equal(ra_git_init(&repo, f->dir), 0);
	put(f->dir, "inventory.csv", "id,name\nlaptop-1,Laptop\n");
	assert_int_equal(ra_git_commit_paths(repo, f->dir, paths, 1,
	    "ra-inventory: first", 1700000000, oid), 0);
	return repo;
}

static void
test_init_and_first_commit(void **state)
{
	static const char *const paths[] = { "inventory.csv", "threats.csv" };
	struct fixture *f = *state;
	struct ra_git_repo *repo;
	char oid[41], expect[128], *head;

	assert_int_equal(ra_git_init(&repo, f->dir), 0);
	assert_true(ra_git_created(repo));
	snprintf(expect, sizeof(expect), "%s/", f->dir);
	assert_string_equal(ra_git_workdir(repo), expect);

	put(f->dir, "inventory.csv", "id,name\nlaptop-1,Laptop\n");
	put(f->dir, "threats.csv", "id,threat\nt1,Theft\n");
	assert_int_equal(ra_git_commit_paths(repo, f->dir, paths, 2,
	    "ra-inventory: first", 1700000000, oid), 0);
	assert_int_equal(strlen(oid), 40);

	head = capture("git -C '%s' rev-parse HEAD", f->dir);
	assert_int_equal(strncmp(head, oid, 40), 0);
	free(head);
	assert_output("refs/heads/main\n", "git -C '%s' symbolic-ref HEAD",
	    f->dir);
	assert_output("inventory.csv\nthreats.csv\n",
	    "git -C '%s' ls-tree -r --name-only HEAD", f->dir);
	assert_output(
	    "ra <ra@localhost> 1700000000 +0000 ra-inventory: first\n"
	    "ra <ra@localhost> 1700000000\n",
	    "git -C '%s' log --format='%%an <%%ae> %%at %%ad %%s%%n%%cn "
	    "<%%ce> %%ct' --date=format:%%z", f->dir);
	assert_output("100644 blob\n100644 blob\n",
	    "git -C '%s' ls-tree -r HEAD | cut -c1-11", f->dir);
	assert_output("", "git -C '%s' status --porcelain", f->dir);
	run("git -C '%s' fsck --strict --no-progress 2>/dev/null", f->dir);
	ra_git_repo_free(repo);
	ra_git_repo_free(NULL);
}

static void
test_second_commit(void **state)
{
	static const char *const paths[] = { "inventory.csv" };
	struct fixture *f = *state;
	struct ra_git_repo *repo;
	static const char *const threats[] = { "threats.csv" };
	char previous[41], second[41], expect[128], *when;
	long at;

	/* Two commits that each name one file: the tree keeps both. */
	repo = repo_with_inventory(f, previous);
	put(f->dir, "threats.csv", "id,threat\nt1,Theft\n");
	assert_int_equal(ra_git_commit_paths(repo, f->dir, threats, 1,
	    "ra-threats", 1700000100, previous), 0);
	put(f->dir, "inventory.csv", "id,name\nlaptop-2,Laptop\n");
	assert_int_equal(ra_git_commit_paths(repo, f->dir, paths, 1,
	    "ra-inventory: second\n", 0, second), 0);

	snprintf(expect, sizeof(expect), "%s %s\n", second, previous);
	assert_output(expect, "git -C '%s' rev-list --parents -n 1 HEAD",
	    f->dir);
	assert_output("inventory.csv\nthreats.csv\n",
	    "git -C '%s' ls-tree -r --name-only HEAD", f->dir);
	assert_output("inventory.csv\n",
	    "git -C '%s' diff-tree --no-commit-id --name-only -r HEAD",
	    f->dir);
	assert_output("id,name\nlaptop-2,Laptop\n",
	    "git -C '%s' show HEAD:inventory.csv", f->dir);
	assert_output("ra-inventory: second\n",
	    "git -C '%s' log -1 --format=%%B | head -1", f->dir);
	assert_output("", "git -C '%s' status --porcelain", f->dir);

	/* when 0: the current time. */
	when = capture("git -C '%s' log -1 --format=%%ct", f->dir);
	at = strtol(when, NULL, 10);
	free(when);
	assert_true(labs(at - (long)time(NULL)) < 60);
	ra_git_repo_free(repo);
}

static void
test_init_refused_inside_repo(void **state)
{
	struct fixture *f = *state;
	struct ra_git_repo *repo, *nested = NULL;
	char sub[128], dotgit[160], expect[256];

	assert_int_equal(ra_git_init(&repo, f->dir), 0);
	ra_git_repo_free(repo);

	snprintf(sub, sizeof(sub), "%s/clinics", f->dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(ra_git_init(&nested, sub), RA_EEXISTS);
	assert_null(nested);
	snprintf(expect, sizeof(expect),
	    "%s: already inside the git repository %s", sub, f->dir);
	assert_string_equal(ra_error_last(), expect);
	snprintf(dotgit, sizeof(dotgit), "%s/.git", sub);
	assert_false(ra_file_exists(dotgit));

	assert_int_equal(ra_git_init(&nested, f->dir), RA_EEXISTS);

	snprintf(sub, sizeof(sub), "%s/absent", f->dir);
	assert_int_equal(ra_git_init(&nested, sub), RA_ENOTFOUND);
	snprintf(expect, sizeof(expect), "%s: no such directory", sub);
	assert_string_equal(ra_error_last(), expect);
}

static void
test_discover(void **state)
{
	struct fixture *f = *state;
	struct ra_git_repo *repo = NULL;
	char sub[128], expect[256];

	/* A plain directory is not inside any repository. */
	assert_int_equal(ra_git_discover(&repo, f->dir), RA_ENOTFOUND);
	assert_null(repo);
	snprintf(expect, sizeof(expect), "%s: not inside a git repository",
	    f->dir);
	assert_string_equal(ra_error_last(), expect);
	snprintf(sub, sizeof(sub), "%s/absent", f->dir);
	assert_int_equal(ra_git_discover(&repo, sub), RA_ENOTFOUND);
	snprintf(expect, sizeof(expect), "%s: no such directory", sub);
	assert_string_equal(ra_error_last(), expect);

	/* One made by git itself, found from two levels down. */
	run("git init -q '%s'", f->dir);
	run("mkdir -p '%s/clinics/sunrise'", f->dir);
	snprintf(sub, sizeof(sub), "%s/clinics/sunrise", f->dir);
	assert_int_equal(ra_git_discover(&repo, sub), 0);
	snprintf(expect, sizeof(expect), "%s/", f->dir);
	assert_string_equal(ra_git_workdir(repo), expect);
	assert_false(ra_git_created(repo));
	ra_git_repo_free(repo);
}

static void
test_discover_unopenable(void **state)
{
	struct fixture *f = *state;
	struct ra_git_repo *repo = NULL;
	char dotgit[128], head[160], prefix[256];

	/*
	 * A .git that libgit2 cannot open (here: empty; in the field: owned
	 * by someone else) is an error, and never a reason to init.
	 */
	snprintf(dotgit, sizeof(dotgit), "%s/.git", f->dir);
	assert_int_equal(mkdir(dotgit, 0755), 0);
	assert_int_equal(ra_git_discover(&repo, f->dir), RA_EGIT);
	assert_null(repo);
	snprintf(prefix, sizeof(prefix), "%s: cannot open the repository: ",
	    dotgit);
	assert_int_equal(strncmp(ra_error_last(), prefix, strlen(prefix)), 0);
	assert_true(strlen(ra_error_last()) > strlen(prefix));

	assert_int_equal(ra_git_init(&repo, f->dir), RA_EGIT);
	assert_null(repo);
	snprintf(head, sizeof(head), "%s/HEAD", dotgit);
	assert_false(ra_file_exists(head));
}

static void
test_discover_foreign_owner(void **state)
{
	struct fixture *f = *state;
	struct ra_git_repo *repo = NULL;
	char sub[128], dotgit[160], prefix[256];

	/*
	 * libgit2 1.5.1 reports a repository owned by another user as "not
	 * found"; ra must neither use it nor nest a new one inside it.
	 */
	if (geteuid() != 0)
		skip();
	run("git init -q '%s' && mkdir '%s/sub' && chown -R 65534:65534 '%s'",
	    f->dir, f->dir, f->dir);
	snprintf(sub, sizeof(sub), "%s/sub", f->dir);
	assert_int_equal(ra_git_discover(&repo, sub), RA_EGIT);
	snprintf(prefix, sizeof(prefix),
	    "%s/.git: cannot open the repository: ", f->dir);
	assert_int_equal(strncmp(ra_error_last(), prefix, strlen(prefix)), 0);
	assert_int_equal(ra_git_init(&repo, sub), RA_EGIT);
	assert_null(repo);
	snprintf(dotgit, sizeof(dotgit), "%s/.git", sub);
	assert_false(ra_file_exists(dotgit));
}

static void
test_user_staging_untouched(void **state)
{
	static const char *const paths[] = { "inventory.csv" };
	struct fixture *f = *state;
	struct ra_git_repo *repo;
	char oid[41];

	repo = repo_with_inventory(f, oid);

	/* The user stages one file and leaves another untracked. */
	put(f->dir, "notes.txt", "patient names: do not commit\n");
	put(f->dir, "scratch.txt", "scratch\n");
	run("git -C '%s' add notes.txt", f->dir);

	put(f->dir, "inventory.csv", "id,name\nlaptop-3,Laptop\n");
	assert_int_equal(ra_git_commit_paths(repo, f->dir, paths, 1,
	    "ra-inventory: update", 1700000200, oid), 0);

	assert_output("inventory.csv\n",
	    "git -C '%s' ls-tree -r --name-only HEAD", f->dir);
	assert_output("A  notes.txt\n?? scratch.txt\n",
	    "git -C '%s' status --porcelain", f->dir);
	assert_output("patient names: do not commit\n",
	    "git -C '%s' show :notes.txt", f->dir);
	ra_git_repo_free(repo);
}

static void
test_monorepo_subdirectory(void **state)
{
	static const char *const top[] = { "README.md" };
	static const char *const paths[] = {
		"inventory.csv", "reports/2024.md"
	};
	struct fixture *f = *state;
	struct ra_git_repo *repo;
	char sub[128], oid[41];

	assert_int_equal(ra_git_init(&repo, f->dir), 0);
	put(f->dir, "README.md", "# Clinics\n");
	assert_int_equal(ra_git_commit_paths(repo, f->dir, top, 1, "readme",
	    1700000000, oid), 0);
	ra_git_repo_free(repo);

	run("mkdir -p '%s/clinics/sunrise/reports'", f->dir);
	snprintf(sub, sizeof(sub), "%s/clinics/sunrise", f->dir);
	put(sub, "inventory.csv", "id,name\n");
	put(sub, "reports/2024.md", "# 2024\n");
	assert_int_equal(ra_git_discover(&repo, sub), 0);
	assert_int_equal(ra_git_commit_paths(repo, sub, paths, 2,
	    "ra-report: sunrise", 1700000300, oid), 0);

	assert_output("README.md\nclinics/sunrise/inventory.csv\n"
	    "clinics/sunrise/reports/2024.md\n",
	    "git -C '%s' ls-tree -r --name-only HEAD", f->dir);
	assert_output("", "git -C '%s' status --porcelain", f->dir);
	assert_output("# 2024\n",
	    "git -C '%s' show HEAD:clinics/sunrise/reports/2024.md", f->dir);
	ra_git_repo_free(repo);
}

static void
test_index_locked(void **state)
{
	static const char *const paths[] = { "inventory.csv" };
	struct fixture *f = *state;
	struct ra_git_repo *repo;
	char oid[41], lock[128], expect[256], *head;

	repo = repo_with_inventory(f, oid);
	snprintf(lock, sizeof(lock), "%s/.git/index.lock", f->dir);
	put(f->dir, ".git/index.lock", "");
	put(f->dir, "inventory.csv", "id,name\nlaptop-4,Laptop\n");

	assert_int_equal(ra_git_commit_paths(repo, f->dir, paths, 1,
	    "ra-inventory: blocked", 1700000400, NULL), RA_ELOCKED);
	snprintf(expect, sizeof(expect), "the git index is locked (%s); "
	    "another git process may be running", lock);
	assert_string_equal(ra_error_last(), expect);
	/* Nothing committed, and the lock is not ours to remove. */
	head = capture("git -C '%s' rev-parse HEAD", f->dir);
	assert_int_equal(strncmp(head, oid, 40), 0);
	free(head);
	assert_true(ra_file_exists(lock));

	assert_int_equal(unlink(lock), 0);
	assert_int_equal(ra_git_commit_paths(repo, f->dir, paths, 1,
	    "ra-inventory: retried", 1700000400, NULL), 0);
	assert_output("", "git -C '%s' status --porcelain", f->dir);
	ra_git_repo_free(repo);
}

static void
test_branch_locked(void **state)
{
	static const char *const paths[] = { "inventory.csv" };
	struct fixture *f = *state;
	struct ra_git_repo *repo;
	char oid[41], expect[256], *head;

	repo = repo_with_inventory(f, oid);
	put(f->dir, ".git/refs/heads/main.lock", "");
	put(f->dir, "inventory.csv", "id,name\nlaptop-5,Laptop\n");

	assert_int_equal(ra_git_commit_paths(repo, f->dir, paths, 1,
	    "ra-inventory: blocked", 1700000500, NULL), RA_ELOCKED);
	snprintf(expect, sizeof(expect), "the git branch is locked "
	    "(%s/.git/refs/heads/main.lock); another git process may be "
	    "running", f->dir);
	assert_string_equal(ra_error_last(), expect);
	head = capture("git -C '%s' rev-parse HEAD", f->dir);
	assert_int_equal(strncmp(head, oid, 40), 0);
	free(head);
	/* The index is put back: the change is unstaged, as before. */
	assert_output(" M inventory.csv\n", "git -C '%s' status --porcelain",
	    f->dir);
	ra_git_repo_free(repo);
}

static void
test_merge_in_progress(void **state)
{
	static const char *const paths[] = { "inventory.csv" };
	struct fixture *f = *state;
	struct ra_git_repo *repo;
	char oid[41], line[64], expect[256];

	repo = repo_with_inventory(f, oid);
	snprintf(line, sizeof(line), "%s\n", oid);
	put(f->dir, ".git/MERGE_HEAD", line);
	assert_int_equal(ra_git_commit_paths(repo, f->dir, paths, 1,
	    "ra-inventory", 0, NULL), RA_EGIT);
	snprintf(expect, sizeof(expect),
	    "a merge or rebase is in progress in %s", f->dir);
	assert_string_equal(ra_error_last(), expect);
	ra_git_repo_free(repo);
}

static void
test_configured_identity_and_branch(void **state)
{
	static const char *const paths[] = { "inventory.csv" };
	struct fixture *f = *state;
	struct ra_git_repo *repo;
	char oid[41];

	put(home, ".gitconfig", "[user]\n\tname = Dr Lee\n"
	    "\temail = lee@example.org\n[init]\n\tdefaultBranch = trunk\n");
	assert_int_equal(ra_git_init(&repo, f->dir), 0);
	put(f->dir, "inventory.csv", "id,name\n");
	assert_int_equal(ra_git_commit_paths(repo, f->dir, paths, 1,
	    "ra-inventory", 1700000600, oid), 0);
	assert_output("refs/heads/trunk\n", "git -C '%s' symbolic-ref HEAD",
	    f->dir);
	assert_output("Dr Lee <lee@example.org> 1700000600\n",
	    "git -C '%s' log -1 --format='%%an <%%ae> %%at'", f->dir);
	ra_git_repo_free(repo);
}

static void
test_bad_paths(void **state)
{
	static const char *const up[] = { "../inventory.csv" };
	static const char *const absolute[] = { "/etc/hostname" };
	static const char *const dotted[] = { "reports/./2024.md" };
	static const char *const absent[] = { "absent.csv" };
	static const char *const directory[] = { "reports" };
	struct fixture *f = *state;
	struct ra_git_repo *repo;
	char expect[256];

	assert_int_equal(ra_git_init(&repo, f->dir), 0);
	run("mkdir '%s/reports'", f->dir);
	assert_int_equal(ra_git_commit_paths(repo, f->dir, up, 1, "x", 0,
	    NULL), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "../inventory.csv: not a plain relative path");
	assert_int_equal(ra_git_commit_paths(repo, f->dir, absolute, 1, "x",
	    0, NULL), RA_EINVAL);
	assert_int_equal(ra_git_commit_paths(repo, f->dir, dotted, 1, "x", 0,
	    NULL), RA_EINVAL);
	assert_int_equal(ra_git_commit_paths(repo, f->dir, absent, 1, "x", 0,
	    NULL), RA_ENOTFOUND);
	snprintf(expect, sizeof(expect), "%s/absent.csv: no such file",
	    f->dir);
	assert_string_equal(ra_error_last(), expect);
	assert_int_equal(ra_git_commit_paths(repo, f->dir, directory, 1, "x",
	    0, NULL), RA_EINVAL);
	assert_int_equal(ra_git_commit_paths(repo, "/tmp", absent, 1, "x", 0,
	    NULL), RA_EINVAL);
	snprintf(expect, sizeof(expect),
	    "/tmp: outside the work tree of %s", f->dir);
	assert_string_equal(ra_error_last(), expect);

	/* Still no commit at all. */
	run("! git -C '%s' rev-parse -q --verify HEAD >/dev/null", f->dir);
	ra_git_repo_free(repo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_and_first_commit,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_commit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_init_refused_inside_repo,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_discover, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_discover_unopenable,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_discover_foreign_owner,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_staging_untouched,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_monorepo_subdirectory,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_locked, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_branch_locked, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_merge_in_progress, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_configured_identity_and_branch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_paths, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
