/*
 * ra_git.h: the little of git that ra needs, over libgit2.
 *
 * This header does not include <git2.h>: only ra_git.c does, and libgit2's
 * conventions (negative codes, git_error_last() that may be NULL) stop
 * there.  libgit2 is initialised on first use, so a tool that never calls
 * these functions never pays for it.
 */
#ifndef RA_GIT_H
#define RA_GIT_H

#include <time.h>

struct ra_git_repo;

/*
 * Open the repository that holds directory dir, searching upwards as git
 * does.  RA_ENOTFOUND ("DIR: not inside a git repository") when there is
 * none.  A repository that exists but cannot be opened (for instance a
 * .git owned by another user, which libgit2 1.5.1 calls "not found") is
 * RA_EGIT ("ANCESTOR/.git: cannot open the repository: LIBGIT2 MESSAGE"),
 * never RA_ENOTFOUND: dir and every directory above it are checked for a
 * .git entry.  A bare repository is RA_EGIT; a missing dir is
 * RA_ENOTFOUND ("DIR: no such directory").  Free *out with
 * ra_git_repo_free().
 */
int ra_git_discover(struct ra_git_repo **out, const char *dir);

/*
 * Create a repository in dir (an existing directory, else RA_ENOTFOUND
 * "DIR: no such directory").  RA_EEXISTS ("DIR: already inside the git
 * repository WORKDIR") when dir already has a .git, or lies inside another
 * repository: ra never nests a repository inside a monorepo.  Whatever
 * ra_git_discover() reports other than RA_ENOTFOUND is passed on.  The
 * first branch is init.defaultBranch when configured, else "main" (not
 * libgit2's "master").
 */
int ra_git_init(struct ra_git_repo **out, const char *dir);

/* The repository's work tree, with a trailing '/'.  Borrowed. */
const char *ra_git_workdir(const struct ra_git_repo *repo);

/* 1 when the repository was created by ra_git_init in this process. */
int ra_git_created(const struct ra_git_repo *repo);

/*
 * Commit the n files paths (relative to directory dir, which lies in the
 * work tree) on top of HEAD, or as the first commit.  The commit's tree is
 * HEAD's tree plus exactly these files: whatever else the user has staged
 * is neither committed nor disturbed; the index is updated for these paths
 * only.  The author and committer are git's user.name and user.email
 * when configured, "ra <ra@localhost>" otherwise; when is the commit time
 * (0: now, else UTC).  A commit is made even when nothing changed.
 * *oid_hex, when not NULL, receives the commit id (41 bytes).
 *
 * The index is written before the commit is made, so a locked index stops
 * the call with nothing committed; if the commit itself then fails, the
 * index entries of these paths are put back as they were.
 *
 * Errors: RA_EGIT "a merge or rebase is in progress in WORKDIR" (any
 * state other than none); RA_EINVAL "PATH: not a plain relative path"
 * (absolute, or with an empty, "." or ".." component), "DIR/PATH: not a
 * regular file", "DIR: outside the work tree of WORKDIR"; RA_ENOTFOUND
 * "DIR/PATH: no such file"; RA_ELOCKED "the git index is locked
 * (GITDIR/index.lock); another git process may be running" and "the git
 * branch is locked (GITDIR/refs/heads/B.lock); ..."; RA_EGIT "the branch
 * moved during the commit; try again" when another writer committed
 * in between; RA_EGIT with libgit2's message otherwise.  WORKDIR has no
 * trailing '/'; GITDIR is the .git directory with one.
 */
int ra_git_commit_paths(struct ra_git_repo *repo, const char *dir,
    const char *const *paths, size_t n, const char *message, time_t when,
    char oid_hex[41]);

/* Close the repository.  Accepts NULL. */
void ra_git_repo_free(struct ra_git_repo *repo);

#endif
