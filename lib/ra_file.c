/*
 * ra_file.c: atomic file replacement and the per-directory lock.
 *
 * The replacement follows the usual recipe: a temporary file created with
 * mkstemp in the target's own directory (so rename stays on one file
 * system), fflush, fsync, fclose, rename, then fsync of the directory so
 * that the new name survives a crash.  See ra_file.h for the contract.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ra_buf.h"
#include "ra_error.h"
#include "ra_file.h"

/* Pause between two attempts to take a busy lock. */
#define LOCK_RETRY_MS 25

/*
 * The directory part of path ("." when there is none) in *dir and the
 * last component in *base, both malloc'd.  RA_EINVAL when path names no
 * file (empty, or ending in '/').
 */
static int
split_path(char **dir, char **base, const char *path)
{
	const char *slash;

	*dir = NULL;
	*base = NULL;
	slash = strrchr(path, '/');
	if (*path == '\0' || (slash != NULL && slash[1] == '\0'))
		return ra_error_set(RA_EINVAL, "%s: not a file name", path);
	if (slash == NULL)
		*dir = ra_strdup(".");
	else if (slash == path)
		*dir = ra_strdup("/");
	else
		*dir = strndup(path, (size_t)(slash - path));
	*base = ra_strdup(slash != NULL ? slash + 1 : path);
	if (*dir == NULL || *base == NULL) {
		free(*dir);
		free(*base);
		*dir = NULL;
		*base = NULL;
		return ra_error_set(RA_ENOMEM, "out of memory");
	}
	return 0;
}

/*
 * The process umask.  Linux reports it in /proc/self/status, which leaves
 * it untouched; elsewhere it is set and restored at once, which is safe
 * because the tools are single-threaded.
 */
static mode_t
current_umask(void)
{
	char line[128];
	FILE *fp;
	mode_t mask;
	unsigned int value;
	int found = 0;

	if ((fp = fopen("/proc/self/status", "re")) != NULL) {
		while (!found && fgets(line, sizeof(line), fp) != NULL)
			found = sscanf(line, "Umask: %o", &value) == 1;
		fclose(fp);
		if (found)
			return (mode_t)value & 0777;
	}
	mask = umask(022);
	umask(mask);
	return mask;
}

static int
write_failed(const char *path, int saved_errno)
{
	return ra_error_set(RA_EIO, "%s: write failed: %s", path,
	    strerror(saved_errno != 0 ? saved_errno : EIO));
}

/* Release everything a holds and leave it zeroed. */
static void
atomic_release(struct ra_atomic *a)
{
	if (a->fp != NULL)
		fclose(a->fp);
	if (a->tmp != NULL)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	a->fp = NULL;
	a->tmp = NULL;
	a->path = NULL;
}

int
ra_atomic_begin(struct ra_atomic *a, const char *path)
{
	struct ra_buf tmp = RA_BUF_INIT;
	struct stat st;
	char *dir = NULL, *base = NULL;
	mode_t mode;
	int fd = -1, error, saved_errno;

	assert(a != NULL && path != NULL);
	a->fp = NULL;
	a->tmp = NULL;
	a->path = NULL;

	if ((error = split_path(&dir, &base, path)) < 0)
		goto done;
	if ((error = ra_buf_printf(&tmp, "%s/.%s.XXXXXX",
	    strcmp(dir, "/") == 0 ? "" : dir, base)) < 0)
		goto done;

	/* A symlink or anything else at path is replaced, not copied. */
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		mode = st.st_mode & 07777;
	else
		mode = 0666 & ~current_umask();

	if ((fd = mkstemp(tmp.ptr)) < 0) {
		error = write_failed(path, errno);
		goto done;
	}
	if (fchmod(fd, mode) < 0 || (a->fp = fdopen(fd, "w")) == NULL) {
		saved_errno = errno;
		close(fd);
		unlink(tmp.ptr);
		error = write_failed(path, saved_errno);
		goto done;
	}
	if ((a->path = ra_strdup(path)) == NULL) {
		error = ra_error_set(RA_ENOMEM, "out of memory");
		fclose(a->fp);
		a->fp = NULL;
		unlink(tmp.ptr);
		goto done;
	}
	a->tmp = ra_buf_detach(&tmp);
	error = 0;

done:
	ra_buf_release(&tmp);
	free(dir);
	free(base);
	return error;
}

/* 1 when a directory fsync failed only because it cannot be done here. */
static int
unsupported_sync(int e)
{
	return e == EINVAL || e == EROFS || e == ENOTSUP ||
	    e == EOPNOTSUPP || e == EBADF;
}

/*
 * fsync the directory holding path, so that a rename into it is durable.
 * Like SQLite, ignore the failures that only mean the file system cannot
 * do it (or the directory cannot be opened for reading); report real I/O
 * errors.
 */
static int
sync_directory(const char *path)
{
	char *dir = NULL, *base = NULL;
	int fd, error;

	if ((error = split_path(&dir, &base, path)) < 0)
		return error;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		if (fsync(fd) < 0 && !unsupported_sync(errno))
			error = ra_error_set(RA_EIO, "%s: write failed: %s "
			    "(syncing %s)", path, strerror(errno), dir);
		close(fd);
	}
	free(dir);
	free(base);
	return error;
}

int
ra_atomic_commit(struct ra_atomic *a)
{
	FILE *fp;
	int error, failed;

	assert(a != NULL && a->fp != NULL && a->tmp != NULL);
	fp = a->fp;
	a->fp = NULL;

	errno = 0;
	failed = fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) < 0;
	if (failed) {
		error = write_failed(a->path, errno);
		fclose(fp);
		goto done;
	}
	errno = 0;
	if (fclose(fp) != 0 || rename(a->tmp, a->path) < 0) {
		error = write_failed(a->path, errno);
		goto done;
	}
	free(a->tmp);
	a->tmp = NULL;
	error = sync_directory(a->path);

done:
	atomic_release(a);
	return error;
}

void
ra_atomic_abort(struct ra_atomic *a)
{
	if (a != NULL)
		atomic_release(a);
}

int
ra_file_write(const char *path, const void *data, size_t len)
{
	struct ra_atomic a;
	int error;

	if ((error = ra_atomic_begin(&a, path)) < 0)
		return error;
	if (len > 0 && fwrite(data, 1, len, a.fp) != len) {
		error = write_failed(path, errno);
		ra_atomic_abort(&a);
		return error;
	}
	return ra_atomic_commit(&a);
}

int
ra_file_read(char **out, size_t *len, const char *path, size_t max)
{
	struct ra_buf buf = RA_BUF_INIT;
	ssize_t got;
	int fd, error = 0;

	assert(out != NULL && path != NULL);
	*out = NULL;
	if (len != NULL)
		*len = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return ra_error_set(RA_ENOTFOUND, "%s: no such file",
			    path);
		return ra_error_set(RA_EIO, "%s: read failed: %s", path,
		    strerror(errno));
	}
	for (;;) {
		if ((error = ra_buf_grow(&buf, 8192)) < 0)
			goto done;
		got = read(fd, buf.ptr + buf.len, buf.cap - buf.len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			error = ra_error_set(RA_EIO, "%s: read failed: %s",
			    path, strerror(errno));
			goto done;
		}
		if (got == 0)
			break;
		buf.len += (size_t)got;
		buf.ptr[buf.len] = '\0';
		if (buf.len > max) {
			error = ra_error_set(RA_EINVAL,
			    "%s: file is larger than %zu bytes", path, max);
			goto done;
		}
	}
	if (len != NULL)
		*len = buf.len;
	if ((*out = ra_buf_detach(&buf)) == NULL)
		error = ra_error_set(RA_ENOMEM, "out of memory");

done:
	close(fd);
	ra_buf_release(&buf);
	return error;
}

int
ra_file_exists(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0)
		return 1;
	/* Anything but "absent" counts as present: never clobber blindly. */
	return errno != ENOENT && errno != ENOTDIR;
}

int
ra_file_remove_tree(const char *path)
{
	struct stat st;
	struct dirent *d;
	DIR *dp;
	char *child;
	int error = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : ra_error_set(RA_EIO,
		    "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return unlink(path) < 0 ? ra_error_set(RA_EIO, "%s: %s", path,
		    strerror(errno)) : 0;
	if ((dp = opendir(path)) == NULL)
		return ra_error_set(RA_EIO, "%s: %s", path, strerror(errno));
	while (error == 0 && (d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if ((child = ra_path_join(path, d->d_name)) == NULL)
			error = ra_error_set(RA_ENOMEM, "out of memory");
		else
			error = ra_file_remove_tree(child);
		free(child);
	}
	closedir(dp);
	if (error == 0 && rmdir(path) < 0)
		error = ra_error_set(RA_EIO, "%s: %s", path, strerror(errno));
	return error;
}

char *
ra_path_join(const char *dir, const char *name)
{
	struct ra_buf b = RA_BUF_INIT;
	size_t dlen;

	dlen = strlen(dir);
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	while (*name == '/')
		name++;
	if (dlen == 0)
		return ra_strdup(name);
	if (ra_buf_add(&b, dir, dlen) < 0 ||
	    (dir[dlen - 1] != '/' && ra_buf_addch(&b, '/') < 0) ||
	    ra_buf_adds(&b, name) < 0) {
		ra_buf_release(&b);
		return NULL;
	}
	return ra_buf_detach(&b);
}

static long
elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - since->tv_sec) * 1000 +
	    (now.tv_nsec - since->tv_nsec) / 1000000;
}

static void
sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		continue;
}

int
ra_lock_acquire(struct ra_lock *l, const char *dir, long timeout_ms)
{
	struct timespec start;
	struct stat st;
	long waited, pause;
	int error;

	assert(l != NULL && dir != NULL);
	l->fd = -1;
	l->path = NULL;

	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return ra_error_set(RA_ENOTFOUND, "%s: no such directory",
		    dir);
	if ((l->path = ra_path_join(dir, RA_LOCK_NAME)) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");

	/*
	 * O_NOFOLLOW: a symlink planted at the lock's name must not make us
	 * create a file elsewhere.  A lock file created by another user may
	 * be read-only for us; flock works on a read-only descriptor too.
	 */
	l->fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0666);
	if (l->fd < 0 && errno == EACCES)
		l->fd = open(l->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (l->fd < 0) {
		error = ra_error_set(RA_EIO, "%s: cannot open the lock: %s",
		    l->path, strerror(errno));
		goto fail;
	}

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (flock(l->fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			error = ra_error_set(RA_EIO, "%s: cannot lock: %s",
			    l->path, strerror(errno));
			goto fail;
		}
		waited = elapsed_ms(&start);
		if (waited >= timeout_ms) {
			error = ra_error_set(RA_ELOCKED,
			    "another ra run holds %s", l->path);
			goto fail;
		}
		pause = timeout_ms - waited;
		sleep_ms(pause < LOCK_RETRY_MS ? pause : LOCK_RETRY_MS);
	}

fail:
	ra_lock_release(l);
	return error;
}

void
ra_lock_release(struct ra_lock *l)
{
	/* path is set only while acquired, so a zeroed l never closes fd 0. */
	if (l == NULL || l->path == NULL)
		return;
	if (l->fd >= 0)
		close(l->fd);
	free(l->path);
	l->fd = -1;
	l->path = NULL;
}
