/*
 * ra_file.h: replacing files atomically, and the per-directory lock.
 *
 * A replacement is written to a temporary file in the same directory,
 * flushed, fsync'd, renamed over the target and the directory fsync'd.  On
 * any failure the old file stays as it was and no temporary file is left.
 * A symbolic link at the target is replaced, never followed.  The new file
 * keeps the old file's permission bits, or gets 0666 less the umask.
 *
 * The lock is flock(2) on DIR/.ra.lock, held for a whole
 * read-modify-write cycle, so two tools writing one directory never lose an
 * update.  The lock file is never removed (removing it would race); ra's
 * init writes a .gitignore that keeps it out of git.
 */
#ifndef RA_FILE_H
#define RA_FILE_H

#include <stddef.h>
#include <stdio.h>

struct ra_atomic {
	FILE *fp;		/* write the new contents here */
	char *path;		/* the target */
	char *tmp;		/* the temporary file, NULL once renamed */
};

/*
 * Start replacing path: create the temporary file ".NAME.XXXXXX" beside it
 * and open a->fp on it.  0, or a negative code with nothing left behind:
 * RA_EIO ("PATH: write failed: REASON") when the temporary file cannot be
 * created, for instance because the directory is missing; RA_EINVAL when
 * path ends in '/'.
 */
int ra_atomic_begin(struct ra_atomic *a, const char *path);

/*
 * Flush, fsync, close, rename over the target, fsync the directory.  On
 * failure, RA_EIO ("PATH: write failed: REASON", PATH the target): the
 * temporary file is removed and the target is untouched.  The one
 * exception is an I/O error from the final directory fsync: the new file
 * is then in place but RA_EIO is still returned, since it may not survive
 * a crash.  Failures meaning only that the file system cannot sync a
 * directory (EINVAL and the like) are ignored, as SQLite does.
 * Releases a in every case.
 */
int ra_atomic_commit(struct ra_atomic *a);

/*
 * Give up: close and remove the temporary file.  Harmless twice, after
 * commit, or on a zeroed a.
 */
void ra_atomic_abort(struct ra_atomic *a);

/* Replace path with len bytes of data, atomically. */
int ra_file_write(const char *path, const void *data, size_t len);

/*
 * Read the whole file into *out (NUL-terminated, free() it) and its length
 * into *len (len may be NULL).  RA_ENOTFOUND ("PATH: no such file") when
 * absent; RA_EINVAL ("PATH: file is larger than MAX bytes") beyond max,
 * which may be SIZE_MAX; RA_EIO ("PATH: read failed: REASON").  *out is
 * NULL on failure.
 */
int ra_file_read(char **out, size_t *len, const char *path, size_t max);

/*
 * 1 when path exists (any type, a dangling symlink included) or cannot be
 * checked (no search permission), 0 when it is known to be absent.
 */
int ra_file_exists(const char *path);

/*
 * dir joined to name with one '/' (slashes at the join collapse; an empty
 * dir gives name); NULL on out of memory.  free() it.
 */
char *ra_path_join(const char *dir, const char *name);

/*
 * Remove path and, when it is a directory, everything below it (symbolic
 * links are removed, never followed).  An absent path is not an error.
 */
int ra_file_remove_tree(const char *path);

struct ra_lock {
	int fd;			/* -1 when not held */
	char *path;
};

#define RA_LOCK_NAME ".ra.lock"

/*
 * Take the exclusive lock of directory dir, waiting up to timeout_ms
 * milliseconds (0: one attempt) for another run to finish.  RA_ELOCKED
 * ("another ra run holds DIR/.ra.lock") when it does not; RA_ENOTFOUND
 * ("DIR: no such directory"); RA_EIO ("DIR/.ra.lock: cannot open the
 * lock: REASON") when the lock file cannot be opened or created (a symlink
 * there is refused).  The descriptor is close-on-exec.
 */
int ra_lock_acquire(struct ra_lock *l, const char *dir, long timeout_ms);

/*
 * Release the lock (the file stays).  Harmless when not held, twice, or on
 * a zeroed l.
 */
void ra_lock_release(struct ra_lock *l);

#endif
