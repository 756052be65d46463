/*
 * test_file.c: atomic replacement, reading, paths and the directory lock.
 *
 * Each test works in its own directory under /tmp, removed afterwards.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "ra_test.h"

#include "ra_error.h"
#include "ra_file.h"

struct fixture {
	char dir[64];
};

static int
setup(void **state)
{
	struct fixture *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	strcpy(f->dir, "/tmp/ra-test-file.XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	umask(022);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	int status;

	snprintf(cmd, sizeof(cmd), "rm -rf -- '%s'", f->dir);
	status = system(cmd);
	free(f);
	return status == 0 ? 0 : -1;
}

/* f->dir joined to name, in the caller's buf. */
static char *
in_dir(const struct fixture *f, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", f->dir, name);
	return buf;
}

static void
put(const char *path, const char *text, mode_t mode)
{
	FILE *fp;

	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void
assert_contents(const char *path, const char *expect)
{
	char *text;
	size_t len;

	assert_int_equal(ra_file_read(&text, &len, path, 1 << 20), 0);
	assert_int_equal(len, strlen(expect));
	assert_string_equal(text, expect);
	free(text);
}

/* Entries of dir whose name starts with a dot (temporary files). */
static int
count_hidden(const char *dir)
{
	DIR *d;
	struct dirent *e;
	int n = 0;

	assert_non_null(d = opendir(dir));
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_write_new_file(void **state)
{
	struct fixture *f = *state;
	char path[128];
	struct stat st;

	in_dir(f, "inventory.csv", path, sizeof(path));
	assert_int_equal(ra_file_write(path, "id,name\n", 8), 0);
	assert_contents(path, "id,name\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(count_hidden(f->dir), 0);

	umask(027);
	in_dir(f, "threats.csv", path, sizeof(path));
	assert_int_equal(ra_file_write(path, "", 0), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(st.st_size, 0);
}

static void
test_replace_keeps_mode(void **state)
{
	struct fixture *f = *state;
	char path[128];
	struct stat before, after;

	in_dir(f, "inventory.csv", path, sizeof(path));
	put(path, "old contents\n", 0640);
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(ra_file_write(path, "new\n", 4), 0);
	assert_contents(path, "new\n");
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(after.st_mode & 07777, 0640);
	/* Replaced, not rewritten in place. */
	assert_true(after.st_ino != before.st_ino);
	assert_int_equal(count_hidden(f->dir), 0);
}

static void
test_stream_interface(void **state)
{
	struct fixture *f = *state;
	struct ra_atomic a;
	char path[128];

	in_dir(f, "report.md", path, sizeof(path));
	put(path, "old\n", 0600);
	assert_int_equal(ra_atomic_begin(&a, path), 0);
	fprintf(a.fp, "# Report\n%d risks\n", 3);
	/* Until commit, readers still see the old file. */
	assert_contents(path, "old\n");
	assert_int_equal(count_hidden(f->dir), 1);
	assert_int_equal(ra_atomic_commit(&a), 0);
	assert_contents(path, "# Report\n3 risks\n");
	assert_null(a.fp);
	assert_null(a.tmp);
	assert_null(a.path);
	ra_atomic_abort(&a);		/* harmless after commit */
	assert_contents(path, "# Report\n3 risks\n");
	assert_int_equal(count_hidden(f->dir), 0);
}

static void
test_missing_directory(void **state)
{
	struct fixture *f = *state;
	char path[128], dir[128], expect[256];

	in_dir(f, "nodir", dir, sizeof(dir));
	in_dir(f, "nodir/inventory.csv", path, sizeof(path));
	assert_int_equal(ra_file_write(path, "x", 1), RA_EIO);
	snprintf(expect, sizeof(expect),
	    "%s: write failed: No such file or directory", path);
	assert_string_equal(ra_error_last(), expect);
	assert_false(ra_file_exists(dir));
	assert_int_equal(count_hidden(f->dir), 0);
}

static void
test_abort_keeps_old(void **state)
{
	struct fixture *f = *state;
	struct ra_atomic a, zero;
	char path[128];

	in_dir(f, "inventory.csv", path, sizeof(path));
	put(path, "old\n", 0644);
	assert_int_equal(ra_atomic_begin(&a, path), 0);
	fputs("half-written", a.fp);
	ra_atomic_abort(&a);
	ra_atomic_abort(&a);		/* twice is harmless */
	assert_contents(path, "old\n");
	assert_int_equal(count_hidden(f->dir), 0);

	memset(&zero, 0, sizeof(zero));
	ra_atomic_abort(&zero);		/* so is a zeroed struct */
	ra_atomic_abort(NULL);
}

static void
test_commit_failure(void **state)
{
	struct fixture *f = *state;
	struct ra_atomic a;
	char path[128], inner[128], blocker[128], expect[256];

	/* The target turns into a non-empty directory: rename must fail. */
	in_dir(f, "inventory.csv", path, sizeof(path));
	in_dir(f, "inventory.csv/keep", inner, sizeof(inner));
	assert_int_equal(ra_atomic_begin(&a, path), 0);
	fputs("new\n", a.fp);
	assert_int_equal(mkdir(path, 0755), 0);
	put(inner, "keep\n", 0644);
	assert_int_equal(ra_atomic_commit(&a), RA_EIO);
	snprintf(expect, sizeof(expect), "%s: write failed: Is a directory",
	    path);
	assert_string_equal(ra_error_last(), expect);
	assert_contents(inner, "keep\n");
	assert_int_equal(count_hidden(f->dir), 0);
	assert_null(a.tmp);

	/* A target whose parent is a regular file. */
	in_dir(f, "blocker", blocker, sizeof(blocker));
	put(blocker, "file\n", 0644);
	assert_int_equal(ra_atomic_begin(&a, path), 0);
	free(a.path);
	assert_non_null(a.path = ra_path_join(blocker, "inventory.csv"));
	assert_int_equal(ra_atomic_commit(&a), RA_EIO);
	snprintf(expect, sizeof(expect),
	    "%s/inventory.csv: write failed: Not a directory", blocker);
	assert_string_equal(ra_error_last(), expect);
	assert_contents(blocker, "file\n");
	assert_int_equal(count_hidden(f->dir), 0);
}

static void
test_symlink_replaced(void **state)
{
	struct fixture *f = *state;
	char path[128], victim[128];
	struct stat st;

	in_dir(f, "victim", victim, sizeof(victim));
	in_dir(f, "inventory.csv", path, sizeof(path));
	put(victim, "do not touch\n", 0600);
	assert_int_equal(symlink(victim, path), 0);
	assert_int_equal(ra_file_write(path, "new\n", 4), 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	/* not the victim's */
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_contents(path, "new\n");
	assert_contents(victim, "do not touch\n");

	/* A dangling symlink is replaced too, and nothing is created. */
	assert_int_equal(unlink(path), 0);
	in_dir(f, "nowhere", victim, sizeof(victim));
	assert_int_equal(symlink(victim, path), 0);
	assert_int_equal(ra_file_write(path, "new\n", 4), 0);
	assert_false(ra_file_exists(victim));
	assert_contents(path, "new\n");
}

static void
test_read_write_round_trip(void **state)
{
	struct fixture *f = *state;
	static const char data[] = "a,b\r\n\0binary\xff\n";
	char path[128], expect[256], *text;
	size_t len;

	in_dir(f, "data.bin", path, sizeof(path));
	assert_int_equal(ra_file_write(path, data, sizeof(data)), 0);
	assert_int_equal(ra_file_read(&text, &len, path, sizeof(data)), 0);
	assert_int_equal(len, sizeof(data));
	assert_memory_equal(text, data, sizeof(data));
	assert_int_equal(text[len], '\0');
	free(text);

	assert_int_equal(ra_file_read(&text, &len, path, sizeof(data) - 1),
	    RA_EINVAL);
	assert_null(text);
	snprintf(expect, sizeof(expect), "%s: file is larger than %zu bytes",
	    path, sizeof(data) - 1);
	assert_string_equal(ra_error_last(), expect);

	assert_int_equal(ra_file_write(path, "", 0), 0);
	assert_int_equal(ra_file_read(&text, NULL, path, 0), 0);
	assert_string_equal(text, "");
	free(text);
}

static void
test_read_missing(void **state)
{
	struct fixture *f = *state;
	char path[128], expect[256], *text;
	size_t len = 99;

	in_dir(f, "absent.csv", path, sizeof(path));
	assert_int_equal(ra_file_read(&text, &len, path, 100), RA_ENOTFOUND);
	snprintf(expect, sizeof(expect), "%s: no such file", path);
	assert_string_equal(ra_error_last(), expect);
	assert_null(text);
	assert_int_equal(len, 0);
}

static void
test_exists(void **state)
{
	struct fixture *f = *state;
	char path[128];

	assert_true(ra_file_exists(f->dir));
	in_dir(f, "x", path, sizeof(path));
	assert_false(ra_file_exists(path));
	assert_int_equal(symlink("nowhere", path), 0);
	assert_true(ra_file_exists(path));	/* a dangling link exists */
	in_dir(f, "x/y", path, sizeof(path));
	assert_false(ra_file_exists(path));
}

static void
test_path_join(void **state)
{
	static const struct {
		const char *dir, *name, *expect;
	} cases[] = {
		{ "a", "b", "a/b" },
		{ "a/", "b", "a/b" },
		{ "a//", "/b", "a/b" },
		{ "/", "b", "/b" },
		{ "", "b", "b" },
		{ ".", "x/.ra.lock", "./x/.ra.lock" },
	};
	size_t i;
	char *p;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_non_null(p = ra_path_join(cases[i].dir, cases[i].name));
		assert_string_equal(p, cases[i].expect);
		free(p);
	}
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)(t1.tv_sec - t0->tv_sec) * 1000 +
	    (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * Fork a child that takes the lock, says so on a pipe, and holds it until
 * the parent closes the other pipe (or hold_ms passes, when positive).
 */
static pid_t
spawn_holder(const char *dir, int *release_fd, long hold_ms)
{
	int ready[2], release[2];
	struct ra_lock l;
	pid_t pid;
	char c;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(release), 0);
	assert_true((pid = fork()) >= 0);
	if (pid == 0) {
		close(ready[0]);
		close(release[1]);
		if (ra_lock_acquire(&l, dir, 0) < 0)
			_exit(1);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		if (hold_ms > 0) {
			struct timespec ts = { hold_ms / 1000,
			    (hold_ms % 1000) * 1000000 };

			nanosleep(&ts, NULL);
		} else
			while (read(release[0], &c, 1) < 0 && errno == EINTR)
				continue;
		_exit(0);
	}
	close(ready[1]);
	close(release[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	*release_fd = release[1];
	return pid;
}

static void
test_lock_contention(void **state)
{
	struct fixture *f = *state;
	struct ra_lock l;
	struct timespec t0;
	char expect[256], lockpath[128];
	int release_fd, status;
	long waited;
	pid_t pid;

	pid = spawn_holder(f->dir, &release_fd, 0);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(ra_lock_acquire(&l, f->dir, 150), RA_ELOCKED);
	waited = ms_since(&t0);
	assert_true(waited >= 150 && waited < 2000);
	snprintf(expect, sizeof(expect), "another ra run holds %s/.ra.lock",
	    f->dir);
	assert_string_equal(ra_error_last(), expect);
	assert_int_equal(l.fd, -1);
	ra_lock_release(&l);		/* harmless when not held */

	/* Zero timeout: one attempt. */
	assert_int_equal(ra_lock_acquire(&l, f->dir, 0), RA_ELOCKED);

	close(release_fd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	assert_int_equal(ra_lock_acquire(&l, f->dir, 1000), 0);
	assert_true(l.fd >= 0);
	ra_lock_release(&l);
	ra_lock_release(&l);		/* twice is harmless */
	assert_int_equal(l.fd, -1);
	in_dir(f, ".ra.lock", lockpath, sizeof(lockpath));
	assert_true(ra_file_exists(lockpath));	/* never removed */
}

static void
test_lock_waits(void **state)
{
	struct fixture *f = *state;
	struct ra_lock l;
	struct timespec t0;
	int release_fd, status;
	long waited;
	pid_t pid;

	/* The holder lets go after 200 ms; a patient caller gets the lock. */
	pid = spawn_holder(f->dir, &release_fd, 200);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(ra_lock_acquire(&l, f->dir, 5000), 0);
	waited = ms_since(&t0);
	assert_true(waited >= 100 && waited < 4000);
	ra_lock_release(&l);
	close(release_fd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void
test_lock_missing_directory(void **state)
{
	struct fixture *f = *state;
	struct ra_lock l, zero;
	char dir[128], expect[256];
	int stdin_open;

	in_dir(f, "nodir", dir, sizeof(dir));
	assert_int_equal(ra_lock_acquire(&l, dir, 100), RA_ENOTFOUND);
	snprintf(expect, sizeof(expect), "%s: no such directory", dir);
	assert_string_equal(ra_error_last(), expect);
	assert_false(ra_file_exists(dir));

	stdin_open = fcntl(0, F_GETFD) != -1;
	memset(&zero, 0, sizeof(zero));
	ra_lock_release(&zero);		/* must not close fd 0 */
	assert_int_equal(fcntl(0, F_GETFD) != -1, stdin_open);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_new_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_replace_keeps_mode, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_stream_interface, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_missing_directory, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_abort_keeps_old, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_commit_failure, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_symlink_replaced, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_read_write_round_trip,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_missing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_exists, setup, teardown),
		cmocka_unit_test(test_path_join),
		cmocka_unit_test_setup_teardown(test_lock_contention, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lock_waits, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lock_missing_directory,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
