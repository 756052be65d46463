/*
 * ra_git.c: the git adapter, the only file of lib/ that includes <git2.h>.
 *
 * libgit2's conventions stop here: its negative codes become RA_E* codes
 * and its last error (which may be NULL) becomes our message.  Written
 * against libgit2 1.5.1 (Debian bookworm).
 */
/* realpath(3) is an XSI extension, hidden by plain _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include <sys/stat.h>
#include <sys/types.h>

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "ra_buf.h"
#include "ra_error.h"
#include "ra_file.h"
#include "ra_git.h"

/* Identity used when git's user.name or user.email is not configured. */
#define FALLBACK_NAME	"ra"
#define FALLBACK_EMAIL	"ra@localhost"

/* Branch of a new repository unless init.defaultBranch says otherwise. */
#define DEFAULT_BRANCH	"main"

struct ra_git_repo {
	git_repository *repo;
	char *workdir;		/* with a trailing '/' */
	char *name;		/* workdir without it, for messages */
	int created;
};

static int initialised;

static void
shutdown_libgit2(void)
{
	git_libgit2_shutdown();
}

static int
ensure_init(void)
{
	if (initialised)
		return 0;
	if (git_libgit2_init() < 0)
		return ra_error_set(RA_EGIT, "cannot initialise libgit2");
	/* Off by default: without it objects and refs are not fsync'd. */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	atexit(shutdown_libgit2);
	initialised = 1;
	return 0;
}

/* libgit2's last message, or a stand-in: git_error_last() may be NULL. */
static const char *
git_message(int code)
{
	const git_error *e = git_error_last();
	static char fallback[64];

	if (e != NULL && e->message != NULL && *e->message != '\0')
		return e->message;
	snprintf(fallback, sizeof(fallback), "libgit2 error %d", code);
	return fallback;
}

/* Set "what: libgit2's message" and return RA_EGIT. */
static int
git_fail(int code, const char *what)
{
	return ra_error_set(RA_EGIT, "%s: %s", what, git_message(code));
}

static struct ra_git_repo *
repo_new(git_repository *repo, int created)
{
	struct ra_git_repo *r;
	const char *wd;
	size_t len;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->repo = repo;
	r->created = created;
	wd = git_repository_workdir(repo);
	len = strlen(wd);
	r->workdir = ra_strdup(wd);
	r->name = len > 1 ? strndup(wd, len - 1) : ra_strdup(wd);
	if (r->workdir == NULL || r->name == NULL) {
		free(r->workdir);
		free(r->name);
		free(r);
		return NULL;
	}
	return r;
}

void
ra_git_repo_free(struct ra_git_repo *r)
{
	if (r == NULL)
		return;
	git_repository_free(r->repo);
	free(r->workdir);
	free(r->name);
	free(r);
}

/*
 * The nearest directory, from dir upwards, that has a .git entry; NULL
 * when none has (or out of memory).  libgit2 1.5.1 reports a repository
 * it refuses to open (another owner: "safe.directory") as not found, so
 * "not found" is trusted only when no .git is in sight.
 */
static char *
find_dotgit(const char *dir)
{
	char *path, *slash, *dotgit;

	if ((path = realpath(dir, NULL)) == NULL)
		return NULL;
	for (;;) {
		if ((dotgit = ra_path_join(path, ".git")) == NULL)
			break;
		if (ra_file_exists(dotgit)) {
			free(path);
			return dotgit;
		}
		free(dotgit);
		if ((slash = strrchr(path, '/')) == NULL || path[1] == '\0')
			break;
		slash[slash == path ? 1 : 0] = '\0';
	}
	free(path);
	return NULL;
}

int
ra_git_discover(struct ra_git_repo **out, const char *dir)
{
	git_repository *repo = NULL;
	struct stat st;
	char *dotgit;
	int error;

	assert(out != NULL && dir != NULL);
	*out = NULL;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return ra_error_set(RA_ENOTFOUND, "%s: no such directory",
		    dir);
	if ((error = ensure_init()) < 0)
		return error;

	error = git_repository_open_ext(&repo, dir, 0, NULL);
	if (error == GIT_ENOTFOUND) {
		if ((dotgit = find_dotgit(dir)) != NULL) {
			error = ra_error_set(RA_EGIT,
			    "%s: cannot open the repository: %s", dotgit,
			    git_message(error));
			free(dotgit);
			return error;
		}
		return ra_error_set(RA_ENOTFOUND,
		    "%s: not inside a git repository", dir);
	}
	if (error < 0)
		return git_fail(error, dir);
	if (git_repository_is_bare(repo)) {
		error = ra_error_set(RA_EGIT, "%s: the repository %s is bare",
		    dir, git_repository_path(repo));
		git_repository_free(repo);
		return error;
	}
	if ((*out = repo_new(repo, 0)) == NULL) {
		git_repository_free(repo);
		return ra_error_set(RA_ENOMEM, "out of memory");
	}
	return 0;
}

/* 1 when init.defaultBranch is set in git's global or system config. */
static int
default_branch_configured(void)
{
	git_config *cfg = NULL;
	git_buf value = GIT_BUF_INIT;
	int found;

	if (git_config_open_default(&cfg) < 0) {
		git_error_clear();
		return 0;
	}
	found = git_config_get_string_buf(&value, cfg,
	    "init.defaultBranch") == 0;
	git_buf_dispose(&value);
	git_config_free(cfg);
	git_error_clear();
	return found;
}

int
ra_git_init(struct ra_git_repo **out, const char *dir)
{
	git_repository_init_options opts;
	git_repository *repo = NULL;
	struct ra_git_repo *existing = NULL;
	struct stat st;
	int error;

	assert(out != NULL && dir != NULL);
	*out = NULL;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return ra_error_set(RA_ENOTFOUND, "%s: no such directory",
		    dir);

	/* Never nest: a repository above dir means refuse, not init. */
	error = ra_git_discover(&existing, dir);
	if (error == 0) {
		error = ra_error_set(RA_EEXISTS,
		    "%s: already inside the git repository %s", dir,
		    existing->name);
		ra_git_repo_free(existing);
		return error;
	}
	if (error != RA_ENOTFOUND)
		return error;

	if (git_repository_init_options_init(&opts,
	    GIT_REPOSITORY_INIT_OPTIONS_VERSION) < 0)
		return git_fail(-1, dir);
	/*
	 * libgit2 1.5 takes the first branch from init.defaultBranch, else
	 * "master"; ra prefers "main" unless the user has chosen.
	 */
	opts.flags = GIT_REPOSITORY_INIT_NO_REINIT;
	if (!default_branch_configured())
		opts.initial_head = DEFAULT_BRANCH;
	if ((error = git_repository_init_ext(&repo, dir, &opts)) < 0)
		return git_fail(error, dir);
	if ((*out = repo_new(repo, 1)) == NULL) {
		git_repository_free(repo);
		return ra_error_set(RA_ENOMEM, "out of memory");
	}
	return 0;
}

const char *
ra_git_workdir(const struct ra_git_repo *r)
{
	return r->workdir;
}

int
ra_git_created(const struct ra_git_repo *r)
{
	return r->created;
}

/*
 * The path of dir inside the work tree, "" or ending in '/', in *out.
 * RA_EINVAL when dir is outside the work tree.
 */
static int
work_tree_prefix(struct ra_buf *out, struct ra_git_repo *r, const char *dir)
{
	char *real_dir = NULL, *real_wd = NULL;
	size_t len;
	int error = 0;

	if ((real_dir = realpath(dir, NULL)) == NULL) {
		error = ra_error_set(errno == ENOENT ? RA_ENOTFOUND : RA_EIO,
		    "%s: %s", dir, strerror(errno));
		goto done;
	}
	if ((real_wd = realpath(r->workdir, NULL)) == NULL) {
		error = ra_error_set(RA_EIO, "%s: %s", r->name,
		    strerror(errno));
		goto done;
	}
	len = strlen(real_wd);
	if (strcmp(real_wd, "/") == 0)
		len = 0;
	if (strncmp(real_dir, real_wd, len) != 0 ||
	    (real_dir[len] != '\0' && real_dir[len] != '/')) {
		error = ra_error_set(RA_EINVAL,
		    "%s: outside the work tree of %s", dir, r->name);
		goto done;
	}
	if (real_dir[len] == '/')
		len++;
	if (real_dir[len] != '\0')
		error = ra_buf_printf(out, "%s/", real_dir + len);

done:
	free(real_dir);
	free(real_wd);
	return error;
}

/* 1 when path is relative, with no empty, "." or ".." component. */
static int
plain_relative_path(const char *path)
{
	const char *p = path, *end;
	size_t len;

	if (*path == '\0' || *path == '/')
		return 0;
	for (;;) {
		end = strchr(p, '/');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len == 0 || (len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (end == NULL)
			return 1;
		p = end + 1;
	}
}

/* Check that every path names a regular file under dir. */
static int
check_paths(const char *dir, const char *const *paths, size_t n)
{
	struct stat st;
	char *full;
	size_t i;
	int error = 0;

	for (i = 0; i < n && error == 0; i++) {
		if (!plain_relative_path(paths[i]))
			return ra_error_set(RA_EINVAL,
			    "%s: not a plain relative path", paths[i]);
		if ((full = ra_path_join(dir, paths[i])) == NULL)
			return ra_error_set(RA_ENOMEM, "out of memory");
		if (lstat(full, &st) < 0)
			error = errno == ENOENT ?
			    ra_error_set(RA_ENOTFOUND, "%s: no such file",
			    full) :
			    ra_error_set(RA_EIO, "%s: %s", full,
			    strerror(errno));
		else if (!S_ISREG(st.st_mode))
			error = ra_error_set(RA_EINVAL,
			    "%s: not a regular file", full);
		free(full);
	}
	return error;
}

/*
 * The author and committer: git's configured identity when there is one,
 * else the fallback; at time when (UTC), or now when when is 0.
 */
static int
make_signature(git_signature **out, git_repository *repo, time_t when)
{
	git_signature *def = NULL;
	const char *name = FALLBACK_NAME, *email = FALLBACK_EMAIL;
	int error;

	/* Fails when user.name or user.email is unset, as on CI machines. */
	if (git_signature_default(&def, repo) == 0) {
		name = def->name;
		email = def->email;
	}
	git_error_clear();
	if (when != 0)
		error = git_signature_new(out, name, email, (git_time_t)when,
		    0);
	else
		error = git_signature_now(out, name, email);
	git_signature_free(def);
	return error < 0 ? git_fail(error, "cannot make the signature") : 0;
}

/* RA_ELOCKED naming the lock file GITDIR/what.lock. */
static int
locked(struct ra_git_repo *r, const char *what, const char *lock)
{
	return ra_error_set(RA_ELOCKED, "the git %s is locked (%s%s.lock); "
	    "another git process may be running", what,
	    git_repository_path(r->repo), lock);
}

/* The full name of the reference HEAD moves: "refs/heads/main" or "HEAD". */
static const char *
head_target(git_reference *head)
{
	const char *target;

	if (head != NULL &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
	    (target = git_reference_symbolic_target(head)) != NULL)
		return target;
	return "HEAD";
}

/* Stage path in index as `git add` does, and copy its entry to staging. */
static int
stage_path(git_index *index, git_index *staging, const char *path)
{
	const git_index_entry *entry;
	int error;

	if ((error = git_index_add_bypath(index, path)) < 0)
		return error;
	if ((entry = git_index_get_bypath(index, path, 0)) == NULL) {
		git_error_clear();	/* cannot happen: no stale message */
		return -1;
	}
	return git_index_add(staging, entry);
}

/* A path's entry in the real index before we staged it, to put back. */
struct saved_entry {
	git_index_entry entry;
	char *path;		/* NULL: the path was not in the index */
};

/* Put the real index back as it was for the n paths, and write it. */
static void
restore_index(git_index *index, struct saved_entry *saved,
    struct ra_buf *names, size_t n)
{
	const char *name = ra_buf_cstr(names);
	size_t i;

	for (i = 0; i < n; i++, name += strlen(name) + 1) {
		if (saved[i].path != NULL)
			git_index_add(index, &saved[i].entry);
		else
			git_index_remove_bypath(index, name);
	}
	git_index_write(index);
	git_error_clear();	/* the first error is the one to report */
}

int
ra_git_commit_paths(struct ra_git_repo *r, const char *dir,
    const char *const *paths, size_t n, const char *message, time_t when,
    char oid_hex[41])
{
	struct ra_buf prefix = RA_BUF_INIT, rel = RA_BUF_INIT;
	struct ra_buf msg = RA_BUF_INIT, names = RA_BUF_INIT;
	struct saved_entry *saved = NULL;
	git_index *index = NULL, *staging = NULL;
	git_reference *head = NULL;
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	const git_commit *parents[1];
	git_oid head_id, tree_id, commit_id;
	size_t i;
	int error, unborn, index_written = 0;

	assert(r != NULL && dir != NULL && message != NULL);
	assert(paths != NULL || n == 0);

	if (git_repository_state(r->repo) != GIT_REPOSITORY_STATE_NONE)
		return ra_error_set(RA_EGIT,
		    "a merge or rebase is in progress in %s", r->name);
	if ((error = work_tree_prefix(&prefix, r, dir)) < 0 ||
	    (error = check_paths(dir, paths, n)) < 0)
		goto done;

	/* HEAD's commit, or none when the branch is unborn. */
	error = git_reference_lookup(&head, r->repo, "HEAD");
	if (error < 0) {
		error = git_fail(error, r->name);
		goto done;
	}
	error = git_reference_name_to_id(&head_id, r->repo, "HEAD");
	unborn = error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH;
	if (error < 0 && !unborn) {
		error = git_fail(error, r->name);
		goto done;
	}
	if (!unborn && ((error = git_commit_lookup(&parent, r->repo,
	    &head_id)) < 0 || (error = git_commit_tree(&tree, parent)) < 0)) {
		error = git_fail(error, r->name);
		goto done;
	}

	/*
	 * Two indexes: the real one, where the files are staged as `git add`
	 * would (add_bypath writes the blobs, applies git's filters and picks
	 * the mode), and a private one holding HEAD's tree plus the same
	 * entries, which becomes the commit's tree.  The user's other staged
	 * changes live only in the real one.
	 */
	if ((error = git_repository_index(&index, r->repo)) < 0 ||
	    (error = git_index_read(index, 0)) < 0 ||
	    (error = git_index_new(&staging)) < 0 || (tree != NULL &&
	    (error = git_index_read_tree(staging, tree)) < 0)) {
		error = git_fail(error, r->name);
		goto done;
	}
	if ((saved = calloc(n + 1, sizeof(*saved))) == NULL) {
		error = ra_error_set(RA_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		const git_index_entry *before;

		ra_buf_truncate(&rel, 0);
		if ((error = ra_buf_printf(&rel, "%s%s",
		    ra_buf_cstr(&prefix), paths[i])) < 0 ||
		    (error = ra_buf_add(&names, rel.ptr, rel.len + 1)) < 0)
			goto done;
		/* What to put back if the commit fails. */
		if ((before = git_index_get_bypath(index, rel.ptr,
		    0)) != NULL) {
			saved[i].entry = *before;
			if ((saved[i].path = ra_strdup(before->path)) == NULL) {
				error = ra_error_set(RA_ENOMEM,
				    "out of memory");
				goto done;
			}
			saved[i].entry.path = saved[i].path;
		}
		if ((error = stage_path(index, staging, rel.ptr)) < 0) {
			error = git_fail(error, rel.ptr);
			goto done;
		}
	}

	/*
	 * Write the real index before committing, so that a locked index
	 * stops us while nothing has been committed yet; if the commit then
	 * fails, the index is put back as it was (done:).
	 */
	if ((error = git_index_write(index)) < 0) {
		error = error == GIT_ELOCKED ? locked(r, "index", "index") :
		    git_fail(error, r->name);
		goto done;
	}
	index_written = 1;
	if ((error = git_index_write_tree_to(&tree_id, staging,
	    r->repo)) < 0) {
		error = git_fail(error, r->name);
		goto done;
	}
	git_tree_free(tree);
	tree = NULL;
	if ((error = git_tree_lookup(&tree, r->repo, &tree_id)) < 0) {
		error = git_fail(error, r->name);
		goto done;
	}

	/* git's own commits end in a newline; keep `git log` tidy. */
	if ((error = ra_buf_adds(&msg, message)) < 0 ||
	    (msg.len > 0 && msg.ptr[msg.len - 1] != '\n' &&
	    (error = ra_buf_addch(&msg, '\n')) < 0))
		goto done;
	if ((error = make_signature(&sig, r->repo, when)) < 0)
		goto done;

	/*
	 * Updating "HEAD" checks that the branch still points at parent:
	 * another writer in between makes this fail with GIT_EMODIFIED.
	 */
	parents[0] = parent;
	error = git_commit_create(&commit_id, r->repo, "HEAD", sig, sig, NULL,
	    ra_buf_cstr(&msg), tree, parent != NULL ? 1 : 0, parents);
	if (error == GIT_EMODIFIED) {
		error = ra_error_set(RA_EGIT,
		    "the branch moved during the commit; try again");
		goto done;
	}
	if (error == GIT_ELOCKED) {
		error = locked(r, "branch", head_target(head));
		goto done;
	}
	if (error < 0) {
		error = git_fail(error, r->name);
		goto done;
	}
	if (oid_hex != NULL)
		git_oid_tostr(oid_hex, 41, &commit_id);
	error = 0;

done:
	if (error < 0 && index_written)
		restore_index(index, saved, &names, n);
	for (i = 0; saved != NULL && i < n; i++)
		free(saved[i].path);
	free(saved);
	ra_buf_release(&names);
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(parent);
	git_reference_free(head);
	git_index_free(staging);
	git_index_free(index);
	ra_buf_release(&prefix);
	ra_buf_release(&rel);
	ra_buf_release(&msg);
	return error;
}
