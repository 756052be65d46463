/*
 * ra_yaml.c: the strict YAML loader and the safe scalar writer of
 * ra_yaml.h.  This is the only file that includes <yaml.h>; libyaml's 1/0
 * returns, its marks and its error kinds stop here.
 *
 * The loader reads events, not libyaml's document API, so that it can stop
 * at the first thing it refuses: libyaml 0.2.5 is quadratic in flow nesting
 * depth, and counting depth on each start event is what keeps a deeply
 * nested input from costing minutes.  Nodes, their arrays and their text
 * live in an arena owned by the document, freed in one go.
 */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "ra_buf.h"
#include "ra_error.h"
#include "ra_util.h"
#include "ra_yaml.h"

/* Longest piece of a value or key quoted in a message. */
#define SHOW_MAX 60

/*
 * The arena: a list of blocks, each carved from the front at the alignment
 * asked for (1 for text, so that a file of short scalars costs less); an
 * allocation too big for a block gets its own.
 */
#define ARENA_BLOCK (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used;
	size_t size;
	max_align_t data[];
};

struct arena {
	struct arena_block *head;
};

/* n bytes at the given alignment (a power of two), zeroed; NULL if no room. */
static void *
arena_alloc(struct arena *a, size_t n, size_t align)
{
	struct arena_block *b = a->head;
	void *p;

	assert(align > 0 && align <= _Alignof(max_align_t) &&
	    (align & (align - 1)) == 0);
	if (n == 0)
		n = 1;
	if (n > ARENA_BLOCK / 4) {
		/* A block of its own, behind the one being carved. */
		if (n > SIZE_MAX - sizeof(*b) ||
		    (b = malloc(sizeof(*b) + n)) == NULL)
			return NULL;
		b->used = b->size = n;
		if (a->head != NULL) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = NULL;
			a->head = b;
		}
		p = b->data;
	} else {
		if (b != NULL)
			b->used = (b->used + align - 1) & ~(align - 1);
		if (b == NULL || b->used > b->size || b->size - b->used < n) {
			if ((b = malloc(sizeof(*b) + ARENA_BLOCK)) == NULL)
				return NULL;
			b->used = 0;
			b->size = ARENA_BLOCK;
			b->next = a->head;
			a->head = b;
		}
		p = (char *)b->data + b->used;
		b->used += n;
	}
	memset(p, 0, n);
	return p;
}

static char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX || (p = arena_alloc(a, len + 1, 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static void
arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

/* Decode the valid UTF-8 character at s; its length goes to *n. */
static uint32_t
utf8_decode(const unsigned char *s, size_t *n)
{
	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (s[0] < 0xe0) {
		*n = 2;
		return (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	}
	if (s[0] < 0xf0) {
		*n = 3;
		return (uint32_t)(s[0] & 0x0f) << 12 |
		    (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	}
	*n = 4;
	return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
	    (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
}

/*
 * 1 for a character that must be escaped: C0 and C1 controls, DEL, YAML
 * 1.1 line breaks (U+0085, U+2028, U+2029), the BOM and the
 * non-characters YAML does not allow.
 */
static int
must_escape(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 ||
	    c == 0x2029 || c == 0xfeff || c == 0xfffe || c == 0xffff;
}

/*
 * Copy len bytes of s into dst (at least SHOW_MAX + 4 bytes) fit for a
 * one-line message: control characters and line breaks become '?', and
 * text past SHOW_MAX bytes is cut at a character boundary and marked with
 * "...".
 */
static const char *
show(char *dst, size_t dstsize, const char *s, size_t len)
{
	size_t i = 0, n = 0, k;

	assert(dstsize >= SHOW_MAX + 4);
	(void)dstsize;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		k = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		if (n + k > SHOW_MAX) {
			memcpy(dst + n, "...", 3);
			n += 3;
			break;
		}
		if (k > len - i || !ra_utf8_valid(s + i, k)) {
			dst[n++] = '?';
			i++;
			continue;
		}
		if (must_escape(utf8_decode((const unsigned char *)s + i, &k)))
			dst[n++] = '?';
		else {
			memcpy(dst + n, s + i, k);
			n += k;
		}
		i += k;
	}
	dst[n] = '\0';
	return dst;
}

/*
 * The loader's state.  frames[0] stands for the document; frames[d] for
 * the collection open at depth d.  The children of every open collection
 * sit on one stack, a mapping's as key, value, key, value; a collection
 * takes its children off the stack into the arena when it ends.
 */
struct frame {
	struct ra_yaml_node *node;	/* NULL for the document */
	size_t path_len;		/* length of this node's path */
	size_t first;			/* its first child on the stack */
	/* A big mapping's keys, hashed, to find duplicates quickly. */
	const struct ra_yaml_node **keys;
	size_t nkeys;
	size_t capkeys;
};

/* Below this many keys a mapping is searched, not hashed. */
#define KEYS_LINEAR 16

struct loader {
	struct ra_yaml_doc *doc;
	struct arena *arena;
	const char *buf;
	size_t len;
	struct ra_buf path;
	struct frame frames[RA_YAML_DEPTH_MAX + 1];
	size_t depth;
	struct ra_yaml_node **stack;
	size_t nstack;
	size_t capstack;
	int documents;
};

static int
nomem(void)
{
	return ra_error_set(RA_ENOMEM, "out of memory");
}

static int
stack_push(struct loader *l, struct ra_yaml_node *node)
{
	if (l->nstack == l->capstack) {
		size_t cap = l->capstack ? l->capstack * 2 : 256;
		struct ra_yaml_node **p;

		if (cap > SIZE_MAX / sizeof(*p) ||
		    (p = realloc(l->stack, cap * sizeof(*p))) == NULL)
			return nomem();
		l->stack = p;
		l->capstack = cap;
	}
	l->stack[l->nstack++] = node;
	return 0;
}

static size_t
key_hash(const struct ra_yaml_node *key)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < key->len; i++) {
		h ^= (unsigned char)key->value[i];
		h *= 1099511628211ULL;
	}
	return (size_t)(h ^ (h >> 29));
}

static int
same_key(const struct ra_yaml_node *a, const struct ra_yaml_node *b)
{
	return a->len == b->len && memcmp(a->value, b->value, a->len) == 0;
}

/*
 * Look key up in f's hash table and add it when absent; *first is the
 * earlier key with the same text, or NULL.  The table has room.
 */
static void
keys_probe(struct frame *f, const struct ra_yaml_node *key,
    const struct ra_yaml_node **first)
{
	size_t mask = f->capkeys - 1, i;

	*first = NULL;
	for (i = key_hash(key) & mask; f->keys[i] != NULL; i = (i + 1) & mask)
		if (same_key(f->keys[i], key)) {
			*first = f->keys[i];
			return;
		}
	f->keys[i] = key;
	f->nkeys++;
}

/*
 * Find a key of the open mapping f with the text of key: *first is that
 * earlier key, or NULL (and key is remembered).  A small mapping is
 * searched on the stack; a big one gets a hash table, so that a mapping of
 * a million keys costs a million probes, not half a million million.
 */
static int
keys_find(struct loader *l, struct frame *f, const struct ra_yaml_node *key,
    const struct ra_yaml_node **first)
{
	size_t n = (l->nstack - f->first) / 2, i;
	const struct ra_yaml_node *dup;

	*first = NULL;
	if (f->keys == NULL && n < KEYS_LINEAR) {
		for (i = 0; i < n; i++)
			if (same_key(l->stack[f->first + 2 * i], key)) {
				*first = l->stack[f->first + 2 * i];
				break;
			}
		return 0;
	}
	if ((f->nkeys + 1) * 2 > f->capkeys) {
		size_t cap = f->capkeys ? f->capkeys * 2 : 4 * KEYS_LINEAR;

		free(f->keys);
		f->nkeys = 0;
		if (cap > SIZE_MAX / sizeof(*f->keys) ||
		    (f->keys = calloc(cap, sizeof(*f->keys))) == NULL) {
			f->capkeys = 0;
			return nomem();
		}
		f->capkeys = cap;
		/* The mapping's keys so far, all distinct. */
		for (i = 0; i < n; i++)
			keys_probe(f, l->stack[f->first + 2 * i], &dup);
	}
	keys_probe(f, key, first);
	return 0;
}

static struct frame *
top(struct loader *l)
{
	return &l->frames[l->depth];
}

/* 1 when the next node of the open mapping is a key. */
static int
at_key(struct loader *l)
{
	struct frame *f = top(l);

	return f->node != NULL && f->node->kind == RA_YAML_MAPPING &&
	    (l->nstack - f->first) % 2 == 0;
}

/*
 * Set l->path to the path of the node about to start: its collection's
 * path for a key, and with ".key" or "[i]" added for a value or an item.
 */
static int
child_path(struct loader *l)
{
	struct frame *f = top(l);
	size_t count = l->nstack - f->first;
	char shown[SHOW_MAX + 8];
	int error = 0;

	ra_buf_truncate(&l->path, f->path_len);
	if (f->node == NULL || at_key(l))
		return 0;
	if (f->node->kind == RA_YAML_SEQUENCE)
		error = ra_buf_printf(&l->path, "[%zu]", count);
	else {
		const struct ra_yaml_node *key = l->stack[l->nstack - 1];

		show(shown, sizeof(shown), key->value, key->len);
		error = ra_buf_printf(&l->path, "%s%s",
		    f->path_len > 0 ? "." : "", shown);
	}
	return error < 0 ? nomem() : 0;
}

static int
refuse(struct loader *l, const yaml_mark_t *mark, const char *path,
    const char *message)
{
	return ra_error_at(RA_EINVAL, l->doc->name,
	    (unsigned long)mark->line + 1, path, "%s", message);
}

static struct ra_yaml_node *
new_node(struct loader *l, enum ra_yaml_kind kind, const yaml_mark_t *mark)
{
	struct ra_yaml_node *node;

	node = arena_alloc(l->arena, sizeof(*node),
	    _Alignof(struct ra_yaml_node));
	if (node == NULL)
		return NULL;
	node->kind = kind;
	node->line = (unsigned long)mark->line + 1;
	return node;
}

/* What every node start has in common: where it goes, what it may carry. */
static int
node_start(struct loader *l, const yaml_event_t *ev,
    const yaml_char_t *anchor, const yaml_char_t *tag)
{
	int error;

	if ((error = child_path(l)) < 0)
		return error;
	if (anchor != NULL || ev->type == YAML_ALIAS_EVENT)
		return refuse(l, &ev->start_mark, ra_buf_cstr(&l->path),
		    "anchors and aliases are not allowed");
	if (tag != NULL)
		return refuse(l, &ev->start_mark, ra_buf_cstr(&l->path),
		    "tags are not allowed");
	return 0;
}

static int
on_scalar(struct loader *l, const yaml_event_t *ev)
{
	struct ra_yaml_node *node;
	const struct ra_yaml_node *first;
	const char *value = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	char shown[SHOW_MAX + 8];
	int error;

	if ((error = node_start(l, ev, ev->data.scalar.anchor,
	    ev->data.scalar.tag)) < 0)
		return error;
	if (len > RA_YAML_SCALAR_MAX)
		return ra_error_at(RA_EINVAL, l->doc->name,
		    (unsigned long)ev->start_mark.line + 1,
		    ra_buf_cstr(&l->path), "value longer than %d bytes",
		    RA_YAML_SCALAR_MAX);
	/* "\0" in a quoted scalar: every reader of values stops there. */
	if (memchr(value, '\0', len) != NULL)
		return ra_error_at(RA_EINVAL, l->doc->name,
		    (unsigned long)ev->start_mark.line + 1,
		    ra_buf_cstr(&l->path), "NUL characters are not allowed");
	if ((node = new_node(l, RA_YAML_SCALAR, &ev->start_mark)) == NULL ||
	    (node->value = arena_strndup(l->arena, value, len)) == NULL)
		return nomem();
	node->len = len;
	node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (at_key(l)) {
		if (node->plain && strcmp(node->value, "<<") == 0)
			return refuse(l, &ev->start_mark,
			    ra_buf_cstr(&l->path),
			    "merge keys (<<) are not allowed");
		if ((error = keys_find(l, top(l), node, &first)) < 0)
			return error;
		if (first != NULL)
			return ra_error_at(RA_EINVAL, l->doc->name, node->line,
			    ra_buf_cstr(&l->path),
			    "duplicate key '%s' (first at line %lu)",
			    show(shown, sizeof(shown), value, len),
			    first->line);
	}
	return stack_push(l, node);
}

static int
on_collection_start(struct loader *l, const yaml_event_t *ev)
{
	struct ra_yaml_node *node;
	struct frame *f;
	enum ra_yaml_kind kind;
	const yaml_char_t *anchor, *tag;
	int error;

	if (ev->type == YAML_SEQUENCE_START_EVENT) {
		kind = RA_YAML_SEQUENCE;
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
	} else {
		kind = RA_YAML_MAPPING;
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
	}
	/* Checked first: stopping here is what keeps deep input cheap. */
	if (l->depth >= RA_YAML_DEPTH_MAX)
		return ra_error_at(RA_EINVAL, l->doc->name,
		    (unsigned long)ev->start_mark.line + 1, NULL,
		    "nesting deeper than %d levels", RA_YAML_DEPTH_MAX);
	if ((error = node_start(l, ev, anchor, tag)) < 0)
		return error;
	if (at_key(l))
		return refuse(l, &ev->start_mark, ra_buf_cstr(&l->path),
		    "keys must be scalars, not sequences or mappings");
	if ((node = new_node(l, kind, &ev->start_mark)) == NULL)
		return nomem();
	if ((error = stack_push(l, node)) < 0)
		return error;
	f = &l->frames[++l->depth];
	f->node = node;
	f->path_len = l->path.len;
	f->first = l->nstack;
	f->keys = NULL;
	f->nkeys = f->capkeys = 0;
	return 0;
}

static int
on_collection_end(struct loader *l)
{
	struct frame *f = top(l);
	struct ra_yaml_node *node = f->node;
	size_t count = l->nstack - f->first, i;
	struct ra_yaml_node **children = l->stack + f->first;

	assert(l->depth > 0);
	if (node->kind == RA_YAML_SEQUENCE) {
		node->n = count;
		if (count > 0) {
			node->items = arena_alloc(l->arena,
			    count * sizeof(*node->items),
			    _Alignof(struct ra_yaml_node *));
			if (node->items == NULL)
				return nomem();
			memcpy(node->items, children,
			    count * sizeof(*node->items));
		}
	} else {
		node->n = count / 2;
		if (node->n > 0) {
			node->keys = arena_alloc(l->arena,
			    node->n * sizeof(*node->keys),
			    _Alignof(struct ra_yaml_node *));
			node->items = arena_alloc(l->arena,
			    node->n * sizeof(*node->items),
			    _Alignof(struct ra_yaml_node *));
			if (node->keys == NULL || node->items == NULL)
				return nomem();
			for (i = 0; i < node->n; i++) {
				node->keys[i] = children[2 * i];
				node->items[i] = children[2 * i + 1];
			}
		}
	}
	free(f->keys);
	f->keys = NULL;
	l->nstack = f->first;
	l->depth--;
	return 0;
}

/* The line of byte offset: libyaml's reader errors give no mark. */
static unsigned long
offset_line(const struct loader *l, size_t offset)
{
	unsigned long line = 1;
	size_t i;

	if (offset > l->len)
		offset = l->len;
	/* CR, LF and CRLF each end a line, as libyaml counts them. */
	for (i = 0; i < offset; i++)
		if (l->buf[i] == '\n' || (l->buf[i] == '\r' &&
		    (i + 1 >= l->len || l->buf[i + 1] != '\n')))
			line++;
	return line;
}

/* The byte at 0-based line and character column mark, or -1. */
static int
byte_at(const struct loader *l, const yaml_mark_t *mark)
{
	size_t i = 0, line = 0, column = 0;

	while (i < l->len && line < mark->line) {
		if (l->buf[i] == '\n' || (l->buf[i] == '\r' &&
		    (i + 1 >= l->len || l->buf[i + 1] != '\n')))
			line++;
		i++;
	}
	for (; i < l->len && l->buf[i] != '\n' && l->buf[i] != '\r'; i++) {
		if (((unsigned char)l->buf[i] & 0xc0) == 0x80)
			continue;
		if (column++ == mark->column)
			return (unsigned char)l->buf[i];
	}
	return -1;
}

/* Turn libyaml's error into ours. */
static int
parser_error(struct loader *l, const yaml_parser_t *parser)
{
	const char *problem = parser->problem != NULL ? parser->problem :
	    "syntax error";
	const char *name = l->doc->name;
	unsigned long line;

	switch (parser->error) {
	case YAML_MEMORY_ERROR:
		return nomem();
	case YAML_READER_ERROR:
		line = offset_line(l, parser->problem_offset);
		if (strstr(problem, "control char") != NULL)
			return ra_error_at(RA_EINVAL, name, line, NULL,
			    "control characters are not allowed");
		if (strstr(problem, "UTF-8") != NULL ||
		    strstr(problem, "Unicode") != NULL)
			return ra_error_at(RA_EINVAL, name, line, NULL,
			    "invalid UTF-8; save the file as UTF-8");
		return ra_error_at(RA_EINVAL, name, line, NULL, "%s", problem);
	default:
		line = (unsigned long)parser->problem_mark.line + 1;
		if (strstr(problem, "tab") != NULL ||
		    byte_at(l, &parser->problem_mark) == '\t')
			return ra_error_at(RA_EINVAL, name, line, NULL,
			    "tabs are not allowed for indentation; "
			    "indent with spaces");
		/* Where an unclosed quote or bracket began helps most. */
		if (parser->error == YAML_SCANNER_ERROR &&
		    parser->context != NULL &&
		    parser->context_mark.line != parser->problem_mark.line)
			return ra_error_at(RA_EINVAL, name, line, NULL,
			    "%s (%s at line %lu)", problem, parser->context,
			    (unsigned long)parser->context_mark.line + 1);
		return ra_error_at(RA_EINVAL, name, line, NULL, "%s", problem);
	}
}

static int
on_event(struct loader *l, const yaml_event_t *ev, int *done)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		*done = 1;
		return 0;
	case YAML_DOCUMENT_START_EVENT:
		if (l->documents++ > 0)
			return refuse(l, &ev->start_mark, NULL,
			    "only one document is allowed");
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(l, ev);
	case YAML_ALIAS_EVENT:
		return node_start(l, ev, NULL, NULL);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return on_collection_start(l, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_collection_end(l);
	default:
		return 0;
	}
}

/* 1 when buf looks like UTF-16 (or UTF-32): a BOM or an early NUL. */
static int
is_utf16(const unsigned char *buf, size_t len)
{
	if (len >= 2 && ((buf[0] == 0xff && buf[1] == 0xfe) ||
	    (buf[0] == 0xfe && buf[1] == 0xff)))
		return 1;
	return len >= 2 && (buf[0] == 0 || buf[1] == 0);
}

static int
parse(struct loader *l)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int error = 0, done = 0;

	if (!yaml_parser_initialize(&parser))
		return nomem();
	yaml_parser_set_input_string(&parser, (const unsigned char *)l->buf,
	    l->len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			error = parser_error(l, &parser);
			break;
		}
		error = on_event(l, &ev, &done);
		yaml_event_delete(&ev);
		if (error < 0)
			break;
	}
	yaml_parser_delete(&parser);
	if (error < 0)
		return error;
	assert(l->depth == 0);
	if (l->nstack > 0) {
		struct ra_yaml_node *root = l->stack[0];

		/* A bare "---" is an empty document, as is an empty file. */
		if (!(root->kind == RA_YAML_SCALAR && root->plain &&
		    root->len == 0))
			l->doc->root = root;
	}
	return 0;
}

int
ra_yaml_load_buffer(struct ra_yaml_doc **out, const char *buf, size_t len,
    const char *name)
{
	struct loader l;
	struct ra_yaml_doc *doc = NULL;
	int error;

	assert(out != NULL);
	assert(buf != NULL || len == 0);
	*out = NULL;
	memset(&l, 0, sizeof(l));
	ra_buf_init(&l.path);
	if (name == NULL)
		name = "-";
	if ((doc = calloc(1, sizeof(*doc))) == NULL ||
	    (doc->arena = l.arena = calloc(1, sizeof(*l.arena))) == NULL) {
		error = nomem();
		goto done;
	}
	if ((doc->name = arena_strndup(l.arena, name, strlen(name))) == NULL) {
		error = nomem();
		goto done;
	}
	if (len > (size_t)RA_YAML_FILE_MAX) {
		error = ra_error_at(RA_EINVAL, name, 0, NULL,
		    "the file is larger than %ld MiB",
		    RA_YAML_FILE_MAX / (1024 * 1024));
		goto done;
	}
	if (is_utf16((const unsigned char *)buf, len)) {
		error = ra_error_at(RA_EINVAL, name, 0, NULL,
		    "the file is UTF-16; save it as UTF-8");
		goto done;
	}
	l.doc = doc;
	l.buf = len > 0 ? buf : "";
	l.len = len;
	if ((error = parse(&l)) < 0)
		goto done;
	*out = doc;
	doc = NULL;
done:
	ra_yaml_doc_free(doc);
	for (; l.depth > 0; l.depth--)
		free(l.frames[l.depth].keys);
	ra_buf_release(&l.path);
	free(l.stack);
	return error;
}

int
ra_yaml_load_file(struct ra_yaml_doc **out, const char *path,
    const char *name)
{
	struct ra_buf text = RA_BUF_INIT;
	FILE *fp;
	char chunk[65536];
	size_t n;
	int error = 0;

	assert(out != NULL && path != NULL);
	*out = NULL;
	if (name == NULL)
		name = path;
	if ((fp = fopen(path, "rb")) == NULL) {
		if (errno == ENOENT || errno == ENOTDIR)
			return ra_error_at(RA_ENOTFOUND, name, 0, NULL,
			    "no such file");
		return ra_error_at(RA_EIO, name, 0, NULL, "cannot open: %s",
		    strerror(errno));
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (text.len + n > (size_t)RA_YAML_FILE_MAX) {
			error = ra_error_at(RA_EINVAL, name, 0, NULL,
			    "the file is larger than %ld MiB",
			    RA_YAML_FILE_MAX / (1024 * 1024));
			goto done;
		}
		if ((error = ra_buf_add(&text, chunk, n)) < 0)
			goto done;
	}
	if (ferror(fp)) {
		if (errno == EISDIR)
			error = ra_error_at(RA_EIO, name, 0, NULL,
			    "is a directory");
		else
			error = ra_error_at(RA_EIO, name, 0, NULL,
			    "cannot read: %s", strerror(errno));
		goto done;
	}
	error = ra_yaml_load_buffer(out, text.ptr, text.len, name);
done:
	fclose(fp);
	ra_buf_release(&text);
	return error;
}

void
ra_yaml_doc_free(struct ra_yaml_doc *doc)
{
	if (doc == NULL)
		return;
	arena_free(doc->arena);
	free(doc);
}

const struct ra_yaml_node *
ra_yaml_get(const struct ra_yaml_node *map, const char *key)
{
	size_t i, len;

	if (map == NULL || map->kind != RA_YAML_MAPPING)
		return NULL;
	len = strlen(key);
	for (i = 0; i < map->n; i++)
		if (map->keys[i]->len == len &&
		    memcmp(map->keys[i]->value, key, len) == 0)
			return map->items[i];
	return NULL;
}

int
ra_yaml_is_null(const struct ra_yaml_node *node)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	size_t i;

	if (node == NULL)
		return 1;
	if (node->kind != RA_YAML_SCALAR || !node->plain)
		return 0;
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(node->value, nulls[i]) == 0)
			return 1;
	return 0;
}

/* 1 when node is a scalar whose whole text is s. */
static int
scalar_is(const struct ra_yaml_node *node, const char *s)
{
	return node != NULL && node->kind == RA_YAML_SCALAR &&
	    node->len == strlen(s) && memcmp(node->value, s, node->len) == 0;
}

static const char *
kind_name(enum ra_yaml_kind kind)
{
	switch (kind) {
	case RA_YAML_SCALAR:
		return "a scalar";
	case RA_YAML_SEQUENCE:
		return "a sequence";
	default:
		return "a mapping";
	}
}

int
ra_yaml_expect(const struct ra_yaml_doc *doc, const struct ra_yaml_node *node,
    enum ra_yaml_kind kind, const char *path)
{
	if (node != NULL && node->kind == kind)
		return 0;
	if (node == NULL)
		return ra_error_at(RA_EINVAL, doc->name, 0, path,
		    "expected %s, got nothing", kind_name(kind));
	if (ra_yaml_is_null(node))
		return ra_error_at(RA_EINVAL, doc->name, node->line, path,
		    "expected %s, got an empty value", kind_name(kind));
	return ra_error_at(RA_EINVAL, doc->name, node->line, path,
	    "expected %s, got %s", kind_name(kind), kind_name(node->kind));
}

int
ra_yaml_check_keys(const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *map, const char *path,
    const char *const *known)
{
	char shown[SHOW_MAX + 8];
	size_t i;
	int error;

	if (map == NULL)
		return 0;
	if ((error = ra_yaml_expect(doc, map, RA_YAML_MAPPING, path)) < 0)
		return error;
	for (i = 0; i < map->n; i++) {
		const struct ra_yaml_node *key = map->keys[i];
		const char *const *k, *near;

		for (k = known; *k != NULL; k++)
			if (scalar_is(key, *k))
				break;
		if (*k != NULL)
			continue;
		show(shown, sizeof(shown), key->value, key->len);
		if ((near = ra_nearest(key->value, known)) != NULL)
			return ra_error_at(RA_EINVAL, doc->name, key->line,
			    path, "unknown key '%s' (did you mean '%s'?)",
			    shown, near);
		return ra_error_at(RA_EINVAL, doc->name, key->line, path,
		    "unknown key '%s'", shown);
	}
	return 0;
}

/*
 * Refuse node for a scalar getter: "expected WHAT, got 'text'", or "got a
 * mapping", or "got nothing" for an absent node.
 */
static int
refuse_value(const struct ra_yaml_doc *doc, const struct ra_yaml_node *node,
    const char *path, const char *what)
{
	char shown[SHOW_MAX + 8];

	if (node == NULL)
		return ra_error_at(RA_EINVAL, doc->name, 0, path,
		    "expected %s, got nothing", what);
	if (node->kind != RA_YAML_SCALAR)
		return ra_error_at(RA_EINVAL, doc->name, node->line, path,
		    "expected %s, got %s", what, kind_name(node->kind));
	return ra_error_at(RA_EINVAL, doc->name, node->line, path,
	    "expected %s, got '%s'", what,
	    show(shown, sizeof(shown), node->value, node->len));
}

int
ra_yaml_string(const char **out, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node, const char *path)
{
	int error;

	if (ra_yaml_is_null(node)) {
		*out = "";
		return 0;
	}
	if ((error = ra_yaml_expect(doc, node, RA_YAML_SCALAR, path)) < 0)
		return error;
	*out = node->value;
	return 0;
}

int
ra_yaml_int(long *out, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node, const char *path, long min, long max)
{
	char what[128];
	const char *s, *digits;
	char *end;
	long value;

	assert(min <= max);
	snprintf(what, sizeof(what), "a whole number from %ld to %ld",
	    min, max);
	if (node == NULL || node->kind != RA_YAML_SCALAR)
		return refuse_value(doc, node, path, what);
	s = node->value;
	digits = *s == '-' || *s == '+' ? s + 1 : s;
	if (*digits < '0' || *digits > '9' ||
	    strspn(digits, "0123456789") != strlen(digits) ||
	    strlen(s) != node->len || (digits[0] == '0' && digits[1] != '\0'))
		return refuse_value(doc, node, path, what);
	errno = 0;
	value = strtol(s, &end, 10);
	if (errno == ERANGE || *end != '\0' || value < min || value > max)
		return refuse_value(doc, node, path, what);
	*out = value;
	return 0;
}

int
ra_yaml_bool(int *out, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node, const char *path)
{
	if (scalar_is(node, "true")) {
		*out = 1;
		return 0;
	}
	if (scalar_is(node, "false")) {
		*out = 0;
		return 0;
	}
	return refuse_value(doc, node, path, "true or false");
}

int
ra_yaml_enum(int *out, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node, const char *path,
    const char *const *names)
{
	struct ra_buf what = RA_BUF_INIT;
	size_t i, n;
	int error = 0;

	for (n = 0; names[n] != NULL; n++) {
		if (scalar_is(node, names[n])) {
			assert(n <= INT_MAX);
			*out = (int)n;
			return 0;
		}
	}
	for (i = 0; i < n && error == 0; i++)
		error = ra_buf_printf(&what, "%s%s",
		    i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
	if (error == 0)
		error = refuse_value(doc, node, path, ra_buf_cstr(&what));
	ra_buf_release(&what);
	return error;
}

/*
 * The writer.  A string is written plain only when no YAML 1.1 or 1.2
 * reader (libyaml, PyYAML, Ruby's Psych) could read it as anything but the
 * same string, in block or flow context; everything else is double-quoted.
 * The tests are deliberately broader than the YAML 1.1 resolvers: quoting
 * a string that did not need it costs two characters, while a missed case
 * turns a version "1.10" into 1.1 or a country code "NO" into false.
 */

/* Words a YAML 1.1 or 1.2 reader types (matched ignoring case). */
static int
is_typed_word(const char *s)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "on", "off", "true", "false",
		"null", "~", ".inf", "+.inf", "-.inf", ".nan", NULL
	};
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (ra_streq_nocase(s, words[i]))
			return 1;
	return 0;
}

/*
 * 1 when s could be a YAML 1.1 number or timestamp: it starts with a
 * digit, sign or dot and has nothing but the characters of integers in
 * every base, floats, base 60 and timestamps.
 */
static int
is_number_like(const char *s)
{
	if (strchr("0123456789+-.", *s) == NULL)
		return 0;
	return s[strspn(s, "0123456789abcdefABCDEFoOxX_.:+-tTzZ ")] == '\0';
}

static int
needs_quotes(const char *s, size_t len)
{
	size_t i, n;

	if (len == 0 || strchr("-?:,[]{}#&*!|>'\"%@`<=", s[0]) != NULL ||
	    s[0] == ' ' || s[len - 1] == ' ' ||
	    strncmp(s, "...", 3) == 0 || is_typed_word(s) ||
	    is_number_like(s))
		return 1;
	for (i = 0; i < len; i += n) {
		uint32_t c = utf8_decode((const unsigned char *)s + i, &n);

		if (must_escape(c) ||
		    (c < 0x80 && strchr(",[]{}:", (int)c) != NULL) ||
		    (c == '#' && i > 0 && s[i - 1] == ' '))
			return 1;
	}
	return 0;
}

int
ra_yaml_quote(struct ra_buf *out, const char *s)
{
	size_t len = strlen(s), i, n;
	int error = 0;

	if (!ra_utf8_valid(s, len))
		return ra_error_set(RA_EINVAL,
		    "cannot write invalid UTF-8 as YAML");
	if (!needs_quotes(s, len))
		return ra_buf_add(out, s, len);
	if ((error = ra_buf_addch(out, '"')) < 0)
		return error;
	for (i = 0; i < len && error == 0; i += n) {
		uint32_t c = utf8_decode((const unsigned char *)s + i, &n);

		if (c == '"' || c == '\\')
			error = ra_buf_printf(out, "\\%c", (int)c);
		else if (c == '\n')
			error = ra_buf_adds(out, "\\n");
		else if (c == '\t')
			error = ra_buf_adds(out, "\\t");
		else if (c == '\r')
			error = ra_buf_adds(out, "\\r");
		else if (c < 0x20 || c == 0x7f)
			error = ra_buf_printf(out, "\\x%02X", (unsigned)c);
		else if (must_escape(c))
			error = ra_buf_printf(out, "\\u%04X", (unsigned)c);
		else
			error = ra_buf_add(out, s + i, n);
	}
	if (error == 0)
		error = ra_buf_addch(out, '"');
	return error;
}
