/*
 * test_yaml.c: the strict YAML loader, its getters and the scalar writer.
 */
#include "ra_test.h"

#include <time.h>
#include <unistd.h>

#include "ra_buf.h"
#include "ra_error.h"
#include "ra_util.h"
#include "ra_yaml.h"

/* Load text (its strlen) as "t.yaml"; the test fails unless it loads. */
static struct ra_yaml_doc *
load(const char *text)
{
	struct ra_yaml_doc *doc = NULL;
	int error;

	error = ra_yaml_load_buffer(&doc, text, strlen(text), "t.yaml");
	if (error != 0)
		fail_msg("load failed: %s", ra_error_last());
	assert_non_null(doc);
	return doc;
}

/* Loading len bytes of text as "t.yaml" fails with RA_EINVAL and message. */
static void
refused_len(const char *text, size_t len, const char *message)
{
	struct ra_yaml_doc *doc = (struct ra_yaml_doc *)1;

	ra_error_clear();
	assert_int_equal(ra_yaml_load_buffer(&doc, text, len, "t.yaml"),
	    RA_EINVAL);
	assert_null(doc);
	assert_string_equal(ra_error_last(), message);
}

static void
refused(const char *text, const char *message)
{
	refused_len(text, strlen(text), message);
}

static const char *
str(const struct ra_yaml_node *node)
{
	assert_non_null(node);
	assert_int_equal(node->kind, RA_YAML_SCALAR);
	return node->value;
}

static void
test_valid_document(void **state)
{
	struct ra_yaml_doc *doc;
	const struct ra_yaml_node *root, *so, *sg, *item, *at;

	(void)state;
	doc = load(
	    "# practice profile\n"			/* 1 */
	    "id: sunrise\n"				/* 2 */
	    "name: 'Sunrise Family Medicine'\n"		/* 3 */
	    "security_official:\n"			/* 4 */
	    "  name: \"Dr. Lee\"\n"			/* 5 */
	    "  email: dr.lee@example.org\n"		/* 6 */
	    "safeguards:\n"				/* 7 */
	    "  - id: backups\n"				/* 8 */
	    "    applies_to: [laptop-1, \"server\"]\n"	/* 9 */
	    "  - {id: mfa, applies_to: []}\n"		/* 10 */
	    "notes: |\n"				/* 11 */
	    "  line one\n"				/* 12 */
	    "  line two\n"				/* 13 */
	    "empty:\n");				/* 14 */
	assert_string_equal(doc->name, "t.yaml");
	root = doc->root;
	assert_non_null(root);
	assert_int_equal(root->kind, RA_YAML_MAPPING);
	assert_int_equal(root->n, 6);
	assert_int_equal(root->line, 2);
	assert_string_equal(root->keys[0]->value, "id");
	assert_int_equal(root->keys[5]->line, 14);

	assert_string_equal(str(ra_yaml_get(root, "id")), "sunrise");
	assert_true(ra_yaml_get(root, "id")->plain);
	assert_string_equal(str(ra_yaml_get(root, "name")),
	    "Sunrise Family Medicine");
	assert_false(ra_yaml_get(root, "name")->plain);
	assert_int_equal(ra_yaml_get(root, "name")->line, 3);

	so = ra_yaml_get(root, "security_official");
	assert_non_null(so);
	assert_int_equal(so->kind, RA_YAML_MAPPING);
	assert_int_equal(so->line, 5);
	assert_string_equal(str(ra_yaml_get(so, "name")), "Dr. Lee");
	assert_string_equal(str(ra_yaml_get(so, "email")),
	    "dr.lee@example.org");
	assert_int_equal(ra_yaml_get(so, "email")->line, 6);

	sg = ra_yaml_get(root, "safeguards");
	assert_non_null(sg);
	assert_int_equal(sg->kind, RA_YAML_SEQUENCE);
	assert_int_equal(sg->n, 2);
	item = sg->items[0];
	assert_int_equal(item->kind, RA_YAML_MAPPING);
	assert_int_equal(item->line, 8);
	at = ra_yaml_get(item, "applies_to");
	assert_int_equal(at->kind, RA_YAML_SEQUENCE);
	assert_int_equal(at->line, 9);
	assert_int_equal(at->n, 2);
	assert_string_equal(str(at->items[0]), "laptop-1");
	assert_true(at->items[0]->plain);
	assert_string_equal(str(at->items[1]), "server");
	assert_false(at->items[1]->plain);
	item = sg->items[1];
	assert_int_equal(item->kind, RA_YAML_MAPPING);
	assert_int_equal(item->line, 10);
	assert_string_equal(str(ra_yaml_get(item, "id")), "mfa");
	at = ra_yaml_get(item, "applies_to");
	assert_int_equal(at->kind, RA_YAML_SEQUENCE);
	assert_int_equal(at->n, 0);

	assert_string_equal(str(ra_yaml_get(root, "notes")),
	    "line one\nline two\n");
	assert_int_equal(ra_yaml_get(root, "notes")->len, 18);
	assert_true(ra_yaml_is_null(ra_yaml_get(root, "empty")));
	assert_string_equal(str(ra_yaml_get(root, "empty")), "");
	assert_null(ra_yaml_get(root, "absent"));
	assert_null(ra_yaml_get(NULL, "id"));
	assert_null(ra_yaml_get(sg, "id"));
	ra_yaml_doc_free(doc);
}

static void
test_bom_and_crlf(void **state)
{
	struct ra_yaml_doc *doc;

	(void)state;
	doc = load("\xef\xbb\xbf" "a: 1\r\nb: caf\xc3\xa9\r\n");
	assert_string_equal(str(ra_yaml_get(doc->root, "a")), "1");
	assert_string_equal(str(ra_yaml_get(doc->root, "b")), "caf\xc3\xa9");
	assert_int_equal(ra_yaml_get(doc->root, "b")->line, 2);
	ra_yaml_doc_free(doc);
}

static void
test_no_type_guessing(void **state)
{
	static const char *const values[] = {
		"No", "NO", "no", "on", "yes", "0755", "012", "2001-12-14",
		"1.10", "1:20", "0x1F", ".inf", "~", "null", "true", NULL
	};
	struct ra_yaml_doc *doc;
	const struct ra_yaml_node *seq;
	size_t i;

	(void)state;
	doc = load("[No, NO, no, on, yes, 0755, 012, 2001-12-14, 1.10, 1:20,"
	    " 0x1F, .inf, ~, null, true]");
	seq = doc->root;
	assert_int_equal(seq->kind, RA_YAML_SEQUENCE);
	for (i = 0; values[i] != NULL; i++) {
		assert_string_equal(str(seq->items[i]), values[i]);
		assert_true(seq->items[i]->plain);
	}
	assert_int_equal(i, seq->n);
	ra_yaml_doc_free(doc);

	doc = load("country: 'NO'\nnull_text: \"null\"\n");
	assert_string_equal(str(ra_yaml_get(doc->root, "country")), "NO");
	assert_false(ra_yaml_is_null(ra_yaml_get(doc->root, "null_text")));
	ra_yaml_doc_free(doc);
}

static void
test_is_null(void **state)
{
	struct ra_yaml_doc *doc;
	const struct ra_yaml_node *seq;

	(void)state;
	doc = load("- \n- ~\n- null\n- Null\n- NULL\n- nULL\n- ''\n"
	    "- \"~\"\n- x\n- []\n");
	seq = doc->root;
	assert_int_equal(seq->n, 10);
	assert_true(ra_yaml_is_null(NULL));
	assert_true(ra_yaml_is_null(seq->items[0]));
	assert_true(ra_yaml_is_null(seq->items[1]));
	assert_true(ra_yaml_is_null(seq->items[2]));
	assert_true(ra_yaml_is_null(seq->items[3]));
	assert_true(ra_yaml_is_null(seq->items[4]));
	assert_false(ra_yaml_is_null(seq->items[5]));
	assert_false(ra_yaml_is_null(seq->items[6]));
	assert_false(ra_yaml_is_null(seq->items[7]));
	assert_false(ra_yaml_is_null(seq->items[8]));
	assert_false(ra_yaml_is_null(seq->items[9]));
	ra_yaml_doc_free(doc);
}

static void
test_empty_documents(void **state)
{
	static const char *const texts[] = {
		"", "\n\n", "# only a comment\n# and another\n", "---\n",
		"--- # nothing\n...\n", "\xef\xbb\xbf", NULL
	};
	struct ra_yaml_doc *doc;
	size_t i;

	(void)state;
	for (i = 0; texts[i] != NULL; i++) {
		doc = load(texts[i]);
		assert_null(doc->root);
		ra_yaml_doc_free(doc);
	}
	doc = load("~\n");
	assert_non_null(doc->root);
	assert_true(ra_yaml_is_null(doc->root));
	ra_yaml_doc_free(doc);
	ra_yaml_doc_free(NULL);
}

static void
test_refuse_documents(void **state)
{
	(void)state;
	refused("a: 1\n---\nb: 2\n", "t.yaml:2: only one document is allowed");
	refused("--- a\n--- b\n", "t.yaml:2: only one document is allowed");
	refused("a: 1\n---\n", "t.yaml:2: only one document is allowed");
}

static void
test_refuse_anchors(void **state)
{
	(void)state;
	refused("a: &x 1\nb: *x\n",
	    "t.yaml:1: a: anchors and aliases are not allowed");
	refused("a: 1\nb:\n  c: *x\n",
	    "t.yaml:3: b.c: anchors and aliases are not allowed");
	refused("list:\n  - &a {x: 1}\n",
	    "t.yaml:2: list[0]: anchors and aliases are not allowed");
	refused("&r [*r]\n", "t.yaml:1: anchors and aliases are not allowed");
	refused("? &k a\n: 1\n",
	    "t.yaml:1: anchors and aliases are not allowed");
	refused("*a\n", "t.yaml:1: anchors and aliases are not allowed");
}

static void
test_refuse_merge_keys(void **state)
{
	struct ra_yaml_doc *doc;

	(void)state;
	refused("base:\n  a: 1\nother:\n  b: 2\n  <<: {a: 2}\n",
	    "t.yaml:5: other: merge keys (<<) are not allowed");
	refused("<<: x\n", "t.yaml:1: merge keys (<<) are not allowed");
	/* Quoted, it is an ordinary key, as in YAML 1.1 readers. */
	doc = load("'<<': x\n");
	assert_string_equal(str(ra_yaml_get(doc->root, "<<")), "x");
	ra_yaml_doc_free(doc);
}

static void
test_refuse_tags(void **state)
{
	(void)state;
	refused("a: !!str 1\n", "t.yaml:1: a: tags are not allowed");
	refused("x:\n  - !custom y\n", "t.yaml:2: x[0]: tags are not allowed");
	refused("x: ! y\n", "t.yaml:1: x: tags are not allowed");
	refused("!!map {a: 1}\n", "t.yaml:1: tags are not allowed");
	refused("a: !!python/object:os.system [ls]\n",
	    "t.yaml:1: a: tags are not allowed");
	refused("%TAG ! tag:example.com,2000:\n---\na: !x 1\n",
	    "t.yaml:3: a: tags are not allowed");
}

/* depth "[" then "x" then depth "]", NUL-terminated; free() it. */
static char *
nested(size_t depth)
{
	char *s;

	s = malloc(2 * depth + 2);
	assert_non_null(s);
	memset(s, '[', depth);
	s[depth] = 'x';
	memset(s + depth + 1, ']', depth);
	s[2 * depth + 1] = '\0';
	return s;
}

static void
test_refuse_depth(void **state)
{
	struct ra_yaml_doc *doc;
	struct ra_buf b = RA_BUF_INIT;
	clock_t start;
	double seconds;
	char *s;
	int i;

	(void)state;
	s = nested(RA_YAML_DEPTH_MAX);
	doc = load(s);
	assert_int_equal(doc->root->kind, RA_YAML_SEQUENCE);
	ra_yaml_doc_free(doc);
	free(s);

	s = nested(RA_YAML_DEPTH_MAX + 1);
	refused(s, "t.yaml:1: nesting deeper than 64 levels");
	free(s);

	/* libyaml 0.2.5 would take most of an hour over this one. */
	s = nested(1000000);
	start = clock();
	refused(s, "t.yaml:1: nesting deeper than 64 levels");
	seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
	free(s);
	if (seconds > 1.0)
		fail_msg("1,000,000-deep input took %.2f s", seconds);

	/* Block style: the line is that of the 65th collection. */
	for (i = 0; i <= RA_YAML_DEPTH_MAX; i++)
		assert_int_equal(ra_buf_printf(&b, "%*sk:\n", 2 * i, ""), 0);
	refused(ra_buf_cstr(&b), "t.yaml:65: nesting deeper than 64 levels");
	ra_buf_release(&b);
	for (i = 0; i < RA_YAML_DEPTH_MAX; i++)
		assert_int_equal(ra_buf_printf(&b, "%*s- \n", 2 * i, ""), 0);
	assert_int_equal(ra_buf_printf(&b, "%*s- x\n", 2 * i, ""), 0);
	refused(ra_buf_cstr(&b), "t.yaml:65: nesting deeper than 64 levels");
	ra_buf_release(&b);
}

static void
test_refuse_duplicate_keys(void **state)
{
	struct ra_yaml_doc *doc;

	(void)state;
	refused(
	    "id: sunrise\n"			/* 1 */
	    "name: Sunrise\n"			/* 2 */
	    "security_official:\n"		/* 3 */
	    "  name: Dr. Lee\n"			/* 4 */
	    "  email: dr.lee@example.org\n"	/* 5 */
	    "safeguards:\n"			/* 6 */
	    "  - id: backups\n"			/* 7 */
	    "    effectiveness: partial\n"	/* 8 */
	    "    id: mfa\n",			/* 9 */
	    "t.yaml:9: safeguards[0]: duplicate key 'id' (first at line 7)");
	refused("risk: high\nrisk: low\n",
	    "t.yaml:2: duplicate key 'risk' (first at line 1)");
	refused("a:\n  - x\n  - {b: 1, c: 2, b: 3}\n",
	    "t.yaml:3: a[1]: duplicate key 'b' (first at line 3)");
	/* The same text quoted another way is the same key. */
	refused("'k': 1\n\"k\": 2\n",
	    "t.yaml:2: duplicate key 'k' (first at line 1)");
	/* The same key in different mappings is fine. */
	doc = load("a: {id: 1}\nb: {id: 1}\nc: [{id: 1}, {id: 2}]\n");
	ra_yaml_doc_free(doc);
}

static void
test_many_keys(void **state)
{
	struct ra_buf b = RA_BUF_INIT;
	struct ra_yaml_doc *doc;
	int i;

	(void)state;
	for (i = 0; i < 5000; i++)
		assert_int_equal(ra_buf_printf(&b, "k%d: %d\n", i, i), 0);
	doc = load(ra_buf_cstr(&b));
	assert_int_equal(doc->root->n, 5000);
	assert_string_equal(str(ra_yaml_get(doc->root, "k4999")), "4999");
	ra_yaml_doc_free(doc);
	assert_int_equal(ra_buf_printf(&b, "k17: again\n"), 0);
	refused(ra_buf_cstr(&b),
	    "t.yaml:5001: duplicate key 'k17' (first at line 18)");
	ra_buf_release(&b);
}

static void
test_refuse_complex_keys(void **state)
{
	(void)state;
	refused("? [a, b]\n: 1\n",
	    "t.yaml:1: keys must be scalars, not sequences or mappings");
	refused("x:\n  {[a]: 1}\n",
	    "t.yaml:2: x: keys must be scalars, not sequences or mappings");
	refused("x:\n  ? {a: 1}\n  : y\n",
	    "t.yaml:2: x: keys must be scalars, not sequences or mappings");
}

static void
test_refuse_sizes(void **state)
{
	struct ra_yaml_doc *doc;
	size_t n = RA_YAML_SCALAR_MAX;
	char *s;

	(void)state;
	s = malloc(n + 8);
	assert_non_null(s);
	memcpy(s, "a: ", 3);
	memset(s + 3, 'x', n);
	s[n + 3] = '\0';
	doc = load(s);
	assert_int_equal(ra_yaml_get(doc->root, "a")->len, n);
	ra_yaml_doc_free(doc);
	memcpy(s + n + 3, "x\n", 3);
	refused(s, "t.yaml:1: a: value longer than 65536 bytes");
	free(s);

	n = (size_t)RA_YAML_FILE_MAX + 1;
	s = malloc(n);
	assert_non_null(s);
	memset(s, '\n', n);
	refused_len(s, n, "t.yaml: the file is larger than 16 MiB");
	/* Exactly the limit is accepted (and is an empty document). */
	assert_int_equal(ra_yaml_load_buffer(&doc, s, n - 1, "t.yaml"), 0);
	assert_null(doc->root);
	ra_yaml_doc_free(doc);
	free(s);
}

static void
test_refuse_utf16(void **state)
{
	static const char le[] = "\xff\xfe" "a\0:\0 \0" "1\0\n\0";
	static const char be[] = "\xfe\xff" "\0a\0:\0 \0" "1\0\n";
	static const char nobom[] = "a\0:\0 \0" "1\0\n\0";

	(void)state;
	refused_len(le, sizeof(le) - 1,
	    "t.yaml: the file is UTF-16; save it as UTF-8");
	refused_len(be, sizeof(be) - 1,
	    "t.yaml: the file is UTF-16; save it as UTF-8");
	refused_len(nobom, sizeof(nobom) - 1,
	    "t.yaml: the file is UTF-16; save it as UTF-8");
}

static void
test_refuse_encoding(void **state)
{
	struct ra_buf b = RA_BUF_INIT;
	static const char nul[] = "a: 1\nb: x\0y\n";
	int i;

	(void)state;
	refused("a: 1\nb: 2\nc: caf\xe9\n",
	    "t.yaml:3: invalid UTF-8; save the file as UTF-8");
	refused("a: \xc0\xaf\n",
	    "t.yaml:1: invalid UTF-8; save the file as UTF-8");
	refused("a: 1\nb: \xed\xa0\x80\n",
	    "t.yaml:2: invalid UTF-8; save the file as UTF-8");
	refused("a: 1\nb: x\x07y\n",
	    "t.yaml:2: control characters are not allowed");
	refused("a: 1\n\nb: \"x\x1b[31m\"\n",
	    "t.yaml:3: control characters are not allowed");
	refused_len(nul, sizeof(nul) - 1,
	    "t.yaml:2: control characters are not allowed");
	/* Far past libyaml's first 16 KiB buffer, with a BOM before. */
	assert_int_equal(ra_buf_adds(&b, "\xef\xbb\xbf"), 0);
	for (i = 0; i < 3000; i++)
		assert_int_equal(ra_buf_printf(&b, "k%d: some text\n", i), 0);
	assert_int_equal(ra_buf_adds(&b, "bad: \xff\n"), 0);
	refused(ra_buf_cstr(&b),
	    "t.yaml:3001: invalid UTF-8; save the file as UTF-8");
	ra_buf_release(&b);
	/* CR line ends count as libyaml counts them. */
	refused("a: 1\rb: 2\r\xff: 3\r",
	    "t.yaml:3: invalid UTF-8; save the file as UTF-8");
	refused("a: 1\r\nb: 2\r\nc: \xff\r\n",
	    "t.yaml:3: invalid UTF-8; save the file as UTF-8");
	/* An escaped NUL would cut every value that holds it. */
	refused("risk: [low, \"medium\\0evil\"]\n",
	    "t.yaml:1: risk[1]: NUL characters are not allowed");
	refused("grid:\n  \"very-high\\0\": x\n",
	    "t.yaml:2: grid: NUL characters are not allowed");
}

static void
test_refuse_syntax(void **state)
{
	(void)state;
	refused("a:\n  b: 1\n c: 2\n", "t.yaml:3: did not find expected key");
	refused("a: 1\nb: 2\n  c: 3\n",
	    "t.yaml:3: mapping values are not allowed in this context");
	refused("a: [1, 2\n", "t.yaml:2: did not find expected ',' or ']'");
	refused("a: 1\nb: \"abc\n",
	    "t.yaml:3: found unexpected end of stream "
	    "(while scanning a quoted scalar at line 2)");
	refused("a:\n\tb: 1\n",
	    "t.yaml:2: tabs are not allowed for indentation; "
	    "indent with spaces");
	refused("a:\n  b:\n  \tc: 1\n",
	    "t.yaml:3: tabs are not allowed for indentation; "
	    "indent with spaces");
}

static void
test_load_file(void **state)
{
	struct ra_yaml_doc *doc = (struct ra_yaml_doc *)1;
	char path[] = "/tmp/test_yaml.XXXXXX";
	FILE *fp;
	int fd;

	(void)state;
	assert_int_equal(ra_yaml_load_file(&doc, "/nonexistent/risk.yaml",
	    "risk.yaml"), RA_ENOTFOUND);
	assert_null(doc);
	assert_string_equal(ra_error_last(), "risk.yaml: no such file");
	assert_int_equal(ra_yaml_load_file(&doc, "/nonexistent/risk.yaml",
	    NULL), RA_ENOTFOUND);
	assert_string_equal(ra_error_last(),
	    "/nonexistent/risk.yaml: no such file");

	assert_int_equal(ra_yaml_load_file(&doc, "/tmp", "dir"), RA_EIO);
	assert_null(doc);
	assert_string_equal(ra_error_last(), "dir: is a directory");

	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs("a: 1\nb: [x]\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(ra_yaml_load_file(&doc, path, "p.yaml"), 0);
	assert_string_equal(doc->name, "p.yaml");
	assert_string_equal(str(ra_yaml_get(doc->root, "a")), "1");
	ra_yaml_doc_free(doc);

	/* A file over the limit is refused without reading all of it. */
	assert_int_equal(truncate(path, RA_YAML_FILE_MAX + 1), 0);
	assert_int_equal(ra_yaml_load_file(&doc, path, "big.yaml"),
	    RA_EINVAL);
	assert_null(doc);
	assert_string_equal(ra_error_last(),
	    "big.yaml: the file is larger than 16 MiB");
	unlink(path);
}

static void
test_expect(void **state)
{
	struct ra_yaml_doc *doc;
	const struct ra_yaml_node *root;

	(void)state;
	doc = load("m: {a: 1}\ns: [1]\nv: text\nnothing:\n");
	root = doc->root;
	assert_int_equal(ra_yaml_expect(doc, root, RA_YAML_MAPPING, NULL), 0);
	assert_int_equal(ra_yaml_expect(doc, ra_yaml_get(root, "m"),
	    RA_YAML_MAPPING, "m"), 0);
	assert_int_equal(ra_yaml_expect(doc, ra_yaml_get(root, "s"),
	    RA_YAML_MAPPING, "s"), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml:2: s: expected a mapping, got a sequence");
	assert_int_equal(ra_yaml_expect(doc, ra_yaml_get(root, "v"),
	    RA_YAML_SEQUENCE, "v"), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml:3: v: expected a sequence, got a scalar");
	assert_int_equal(ra_yaml_expect(doc, ra_yaml_get(root, "m"),
	    RA_YAML_SCALAR, "m"), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml:1: m: expected a scalar, got a mapping");
	assert_int_equal(ra_yaml_expect(doc, ra_yaml_get(root, "nothing"),
	    RA_YAML_SEQUENCE, "nothing"), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml:4: nothing: expected a sequence, got an empty value");
	assert_int_equal(ra_yaml_expect(doc, NULL, RA_YAML_MAPPING, "x"),
	    RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml: x: expected a mapping, got nothing");
	ra_yaml_doc_free(doc);
}

static void
test_string(void **state)
{
	struct ra_yaml_doc *doc;
	const struct ra_yaml_node *root;
	const char *s = NULL;

	(void)state;
	doc = load("a: text\nb: ~\nc: [x]\nd: ''\n");
	root = doc->root;
	assert_int_equal(ra_yaml_string(&s, doc, ra_yaml_get(root, "a"), "a"),
	    0);
	assert_string_equal(s, "text");
	assert_int_equal(ra_yaml_string(&s, doc, ra_yaml_get(root, "b"), "b"),
	    0);
	assert_string_equal(s, "");
	assert_int_equal(ra_yaml_string(&s, doc, ra_yaml_get(root, "d"), "d"),
	    0);
	assert_string_equal(s, "");
	assert_int_equal(ra_yaml_string(&s, doc, NULL, "z"), 0);
	assert_string_equal(s, "");
	assert_int_equal(ra_yaml_string(&s, doc, ra_yaml_get(root, "c"), "c"),
	    RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml:3: c: expected a scalar, got a sequence");
	ra_yaml_doc_free(doc);
}

static void
test_int(void **state)
{
	static const struct {
		const char *text;
		long value;
	} good[] = {
		{ "0", 0 }, { "5", 5 }, { "-3", -3 }, { "+4", 4 },
		{ "'5'", 5 }, { "-0", 0 }, { "100", 100 },
	};
	static const char *const bad[] = {
		"05", "0755", "1.0", "1e3", "0x1F", "1_000", "five", "",
		"~", "-", "+", " 5x", "101", "-11", "1:20", "--1",
		"99999999999999999999999", NULL
	};
	struct ra_buf text = RA_BUF_INIT, expect = RA_BUF_INIT;
	struct ra_yaml_doc *doc;
	long v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ra_buf_truncate(&text, 0);
		assert_int_equal(ra_buf_printf(&text, "n: %s\n", good[i].text),
		    0);
		doc = load(ra_buf_cstr(&text));
		v = 42;
		assert_int_equal(ra_yaml_int(&v, doc,
		    ra_yaml_get(doc->root, "n"), "n", -10, 100), 0);
		assert_int_equal(v, good[i].value);
		ra_yaml_doc_free(doc);
	}
	for (i = 0; bad[i] != NULL; i++) {
		ra_buf_truncate(&text, 0);
		assert_int_equal(ra_buf_printf(&text, "\nn: '%s'\n", bad[i]),
		    0);
		ra_buf_truncate(&expect, 0);
		assert_int_equal(ra_buf_printf(&expect, "t.yaml:2: n: "
		    "expected a whole number from -10 to 100, got '%s'",
		    bad[i]), 0);
		doc = load(ra_buf_cstr(&text));
		v = 42;
		assert_int_equal(ra_yaml_int(&v, doc,
		    ra_yaml_get(doc->root, "n"), "n", -10, 100), RA_EINVAL);
		assert_int_equal(v, 42);
		assert_string_equal(ra_error_last(), ra_buf_cstr(&expect));
		ra_yaml_doc_free(doc);
	}
	doc = load("likelihood: [3]\n");
	assert_int_equal(ra_yaml_int(&v, doc,
	    ra_yaml_get(doc->root, "likelihood"), "likelihood", 1, 5),
	    RA_EINVAL);
	assert_string_equal(ra_error_last(), "t.yaml:1: likelihood: "
	    "expected a whole number from 1 to 5, got a sequence");
	assert_int_equal(ra_yaml_int(&v, doc, NULL, "impact", 1, 5),
	    RA_EINVAL);
	assert_string_equal(ra_error_last(), "t.yaml: impact: "
	    "expected a whole number from 1 to 5, got nothing");
	ra_yaml_doc_free(doc);
	ra_buf_release(&text);
	ra_buf_release(&expect);
}

static void
test_bool(void **state)
{
	static const char *const bad[] = {
		"yes", "no", "True", "FALSE", "on", "off", "y", "1", "", NULL
	};
	struct ra_buf text = RA_BUF_INIT, expect = RA_BUF_INIT;
	struct ra_yaml_doc *doc;
	int v = 42;
	size_t i;

	(void)state;
	doc = load("a: true\nb: false\n");
	assert_int_equal(ra_yaml_bool(&v, doc, ra_yaml_get(doc->root, "a"),
	    "a"), 0);
	assert_int_equal(v, 1);
	assert_int_equal(ra_yaml_bool(&v, doc, ra_yaml_get(doc->root, "b"),
	    "b"), 0);
	assert_int_equal(v, 0);
	ra_yaml_doc_free(doc);
	for (i = 0; bad[i] != NULL; i++) {
		ra_buf_truncate(&text, 0);
		assert_int_equal(ra_buf_printf(&text, "x:\n  ok: %s\n",
		    bad[i]), 0);
		ra_buf_truncate(&expect, 0);
		assert_int_equal(ra_buf_printf(&expect, "t.yaml:2: x.ok: "
		    "expected true or false, got '%s'", bad[i]), 0);
		doc = load(ra_buf_cstr(&text));
		assert_int_equal(ra_yaml_bool(&v, doc,
		    ra_yaml_get(ra_yaml_get(doc->root, "x"), "ok"), "x.ok"),
		    RA_EINVAL);
		assert_string_equal(ra_error_last(), ra_buf_cstr(&expect));
		ra_yaml_doc_free(doc);
	}
	ra_buf_release(&text);
	ra_buf_release(&expect);
}

static void
test_enum(void **state)
{
	static const char *const levels[] = {
		"none", "documented", "partial", "enforced", NULL
	};
	static const char *const two[] = { "yes", "no", NULL };
	static const char *const one[] = { "only", NULL };
	struct ra_yaml_doc *doc;
	const struct ra_yaml_node *sg;
	int v = -1;

	(void)state;
	doc = load("safeguards:\n  - effectiveness: partial\n"
	    "  - effectiveness: ful\n");
	sg = ra_yaml_get(doc->root, "safeguards");
	assert_int_equal(ra_yaml_enum(&v, doc,
	    ra_yaml_get(sg->items[0], "effectiveness"),
	    "safeguards[0].effectiveness", levels), 0);
	assert_int_equal(v, 2);
	assert_int_equal(ra_yaml_enum(&v, doc,
	    ra_yaml_get(sg->items[1], "effectiveness"),
	    "safeguards[1].effectiveness", levels), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml:3: safeguards[1].effectiveness: "
	    "expected none, documented, partial or enforced, got 'ful'");
	assert_int_equal(ra_yaml_enum(&v, doc,
	    ra_yaml_get(sg->items[1], "effectiveness"), "e", two), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml:3: e: expected yes or no, got 'ful'");
	assert_int_equal(ra_yaml_enum(&v, doc,
	    ra_yaml_get(sg->items[1], "effectiveness"), "e", one), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml:3: e: expected only, got 'ful'");
	assert_int_equal(ra_yaml_enum(&v, doc, NULL, "e", one), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml: e: expected only, got nothing");
	assert_int_equal(ra_yaml_enum(&v, doc, sg, "safeguards", two),
	    RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml:2: safeguards: expected yes or no, got a sequence");
	assert_int_equal(v, 2);
	ra_yaml_doc_free(doc);
}

static void
test_check_keys(void **state)
{
	static const char *const known[] = {
		"id", "effectiveness", "applies_to", "evidence", NULL
	};
	struct ra_yaml_doc *doc;
	const struct ra_yaml_node *sg;

	(void)state;
	doc = load(
	    "safeguards:\n"
	    "  - id: backups\n"
	    "    effectiveness: partial\n"
	    "  - id: mfa\n"
	    "    applies_to: [all]\n"
	    "    efectiveness: partial\n"
	    "  - id: x\n"
	    "    colour: blue\n"
	    "  - id: y\n"
	    "    \"bad\\nkey\": 1\n");
	sg = ra_yaml_get(doc->root, "safeguards");
	assert_int_equal(ra_yaml_check_keys(doc, sg->items[0],
	    "safeguards[0]", known), 0);
	assert_int_equal(ra_yaml_check_keys(doc, sg->items[1],
	    "safeguards[1]", known), RA_EINVAL);
	assert_string_equal(ra_error_last(), "t.yaml:6: safeguards[1]: "
	    "unknown key 'efectiveness' (did you mean 'effectiveness'?)");
	assert_int_equal(ra_yaml_check_keys(doc, sg->items[2],
	    "safeguards[2]", known), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml:8: safeguards[2]: unknown key 'colour'");
	/* A key is shown on one line. */
	assert_int_equal(ra_yaml_check_keys(doc, sg->items[3],
	    "safeguards[3]", known), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml:10: safeguards[3]: unknown key 'bad?key'");
	assert_int_equal(ra_yaml_check_keys(doc, sg, "safeguards", known),
	    RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "t.yaml:2: safeguards: expected a mapping, got a sequence");
	assert_int_equal(ra_yaml_check_keys(doc, NULL, "x", known), 0);
	ra_yaml_doc_free(doc);
}

static void
test_long_values_in_messages(void **state)
{
	struct ra_buf text = RA_BUF_INIT;
	struct ra_yaml_doc *doc;
	const char *msg;
	int v;

	(void)state;
	assert_int_equal(ra_buf_adds(&text, "v: "), 0);
	for (v = 0; v < 100; v++)
		assert_int_equal(ra_buf_adds(&text, "\xc3\xa9"), 0);
	doc = load(ra_buf_cstr(&text));
	assert_int_equal(ra_yaml_bool(&v, doc, ra_yaml_get(doc->root, "v"),
	    "v"), RA_EINVAL);
	msg = ra_error_last();
	assert_true(strlen(msg) < 120);
	assert_non_null(strstr(msg, "\xc3\xa9...'"));
	assert_true(ra_utf8_valid(msg, strlen(msg)));
	ra_yaml_doc_free(doc);
	ra_buf_release(&text);
}

/*
 * s, quoted, reads back as s in a block mapping, a block sequence and a
 * flow sequence.  Returns 1 when the writer quoted it.
 */
static int
round_trip(const char *s)
{
	struct ra_buf q = RA_BUF_INIT, text = RA_BUF_INIT;
	struct ra_yaml_doc *doc;
	const struct ra_yaml_node *node;
	static const char *const around[][2] = {
		{ "v: ", "\n" }, { "- ", "\n" }, { "[", "]\n" },
		{ "k:\n  - {a: ", "}\n" }
	};
	size_t i;
	int quoted;

	assert_int_equal(ra_yaml_quote(&q, s), 0);
	quoted = q.ptr[0] == '"';
	for (i = 0; i < sizeof(around) / sizeof(around[0]); i++) {
		ra_buf_truncate(&text, 0);
		assert_int_equal(ra_buf_printf(&text, "%s%s%s", around[i][0],
		    ra_buf_cstr(&q), around[i][1]), 0);
		doc = NULL;
		if (ra_yaml_load_buffer(&doc, text.ptr, text.len, "q") != 0)
			fail_msg("'%s' written as %s: %s", s, ra_buf_cstr(&q),
			    ra_error_last());
		switch (i) {
		case 0:
			node = ra_yaml_get(doc->root, "v");
			break;
		case 3:
			node = ra_yaml_get(doc->root, "k")->items[0];
			node = ra_yaml_get(node, "a");
			break;
		default:
			node = doc->root->items[0];
			break;
		}
		assert_non_null(node);
		assert_int_equal(node->kind, RA_YAML_SCALAR);
		if (node->len != strlen(s) || strcmp(node->value, s) != 0)
			fail_msg("'%s' written as %s read back as '%s'", s,
			    ra_buf_cstr(&q), node->value);
		/* A plain scalar must not be read as null. */
		assert_false(!quoted && ra_yaml_is_null(node));
		ra_yaml_doc_free(doc);
	}
	ra_buf_release(&q);
	ra_buf_release(&text);
	return quoted;
}

static void
test_quote_retyped(void **state)
{
	/* Everything a YAML 1.1 or 1.2 reader would read as not a string. */
	static const char *const typed[] = {
		/* bool */
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON", "off", "Off", "OFF", "tRUE", "yEs",
		/* null */
		"", "~", "null", "Null", "NULL",
		/* int */
		"0", "12", "0755", "012", "0x1F", "0xdeadBEEF", "0b101",
		"0o17", "1_000", "+12", "-12", "1:20", "190:20:30",
		"-1:20", "1,000",
		/* float */
		"1.10", "1.0", ".5", "1e3", "1E3", "1.5e-3", "6.8523015e+5",
		"685.230_15e+03", "190:20:30.15", ".inf", ".Inf", ".INF",
		"-.inf", "+.inf", ".nan", ".NaN", ".NAN", "._", "1.",
		/* timestamp */
		"2001-12-14", "2001-12-14t21:59:43.10-05:00",
		"2001-12-14T21:59:43.10Z", "2001-12-14 21:59:43.10 -5",
		"2001-12-15 2:59:43.10", "2002-1-1",
		/* merge, value, document markers */
		"<<", "=", "---", "...",
		NULL
	};
	size_t i;

	(void)state;
	for (i = 0; typed[i] != NULL; i++)
		if (!round_trip(typed[i]))
			fail_msg("'%s' was not quoted", typed[i]);
}

static void
test_quote_syntax(void **state)
{
	/* Strings that need quotes for YAML's own syntax. */
	static const char *const tricky[] = {
		" lead", "trail ", "\ttab", "tab\t", "a\tb", "-", "- x", "-x",
		"?", "? x", ":", ":x", ",", "[x]", "]", "{a: 1}", "}", "#x",
		"&a", "*a", "!tag", "!!str", "|", ">", "'q'", "'", "\"",
		"\"q\"", "%TAG", "@x", "`x`", "a: b", "a:b", "a:", "a #b",
		"a,b", "x]", "line\nbreak", "cr\rhere", "nul\x01", "bell\a",
		"esc\x1b[0m", "del\x7f",
		"nel\xc2\x85", "ls\xe2\x80\xa8", "ps\xe2\x80\xa9",
		"\xef\xbb\xbf" "bom", "c1\xc2\x80", "nonchar\xef\xbf\xbe",
		"trailing\n", "\n", " ", "  ", "...x", "--- x",
		NULL
	};
	size_t i;

	(void)state;
	for (i = 0; tricky[i] != NULL; i++)
		if (!round_trip(tricky[i]))
			fail_msg("'%s' was not quoted", tricky[i]);
}

static void
test_quote_plain(void **state)
{
	static const char *const plain[] = {
		"Sunrise Family Medicine", "dr.lee@example.org", "laptop-1",
		"C#", "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac",
		"Dr. Lee", "a-b_c.d", "x?", "100%", "it's", "say \"hi\"",
		"a - b", "nonull", "yesterday", "Norway", "onion",
		".gitignore",
		"v1.10", "2nd floor", "\xf0\x9f\x98\x80", "a\\b", "a!", "a&b",
		"back\\slash\"", "\\", "\\n", "\xe6\x9c\xac\xe6\x97\xa5",
		NULL
	};
	struct ra_buf q = RA_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; plain[i] != NULL; i++) {
		if (round_trip(plain[i]))
			fail_msg("'%s' was quoted", plain[i]);
	}
	/* The escapes chosen. */
	assert_int_equal(ra_yaml_quote(&q, "a\"b\\c\nd\te\rf\x01g\x7f"), 0);
	assert_string_equal(ra_buf_cstr(&q),
	    "\"a\\\"b\\\\c\\nd\\te\\rf\\x01g\\x7F\"");
	ra_buf_truncate(&q, 0);
	assert_int_equal(ra_yaml_quote(&q, "x\xe2\x80\xa8y\xc2\x85"), 0);
	assert_string_equal(ra_buf_cstr(&q), "\"x\\u2028y\\u0085\"");
	ra_buf_truncate(&q, 0);
	assert_int_equal(ra_yaml_quote(&q, "no"), 0);
	assert_string_equal(ra_buf_cstr(&q), "\"no\"");
	/* Appends. */
	assert_int_equal(ra_yaml_quote(&q, "x"), 0);
	assert_string_equal(ra_buf_cstr(&q), "\"no\"x");
	/* Invalid UTF-8 cannot be written as YAML at all. */
	ra_buf_truncate(&q, 0);
	assert_int_equal(ra_yaml_quote(&q, "caf\xe9"), RA_EINVAL);
	assert_string_equal(ra_error_last(),
	    "cannot write invalid UTF-8 as YAML");
	assert_int_equal(q.len, 0);
	ra_buf_release(&q);
}

static void
test_quote_blns(void **state)
{
	struct ra_buf path = RA_BUF_INIT;
	char *line = NULL;
	size_t cap = 0, tested = 0;
	ssize_t n;
	FILE *fp;

	(void)state;
	assert_int_equal(ra_buf_printf(&path,
	    "%s/corpora/big-list-of-naughty-strings/blns.txt",
	    ra_test_shared()), 0);
	fp = fopen(ra_buf_cstr(&path), "r");
	ra_buf_release(&path);
	if (fp == NULL)
		skip();
	while ((n = getline(&line, &cap, fp)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (n == 0 || line[0] == '#' || strlen(line) != (size_t)n ||
		    !ra_utf8_valid(line, (size_t)n))
			continue;
		round_trip(line);
		tested++;
	}
	free(line);
	fclose(fp);
	assert_true(tested > 400);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_document),
		cmocka_unit_test(test_bom_and_crlf),
		cmocka_unit_test(test_no_type_guessing),
		cmocka_unit_test(test_is_null),
		cmocka_unit_test(test_empty_documents),
		cmocka_unit_test(test_refuse_documents),
		cmocka_unit_test(test_refuse_anchors),
		cmocka_unit_test(test_refuse_merge_keys),
		cmocka_unit_test(test_refuse_tags),
		cmocka_unit_test(test_refuse_depth),
		cmocka_unit_test(test_refuse_duplicate_keys),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_refuse_complex_keys),
		cmocka_unit_test(test_refuse_sizes),
		cmocka_unit_test(test_refuse_utf16),
		cmocka_unit_test(test_refuse_encoding),
		cmocka_unit_test(test_refuse_syntax),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_expect),
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_enum),
		cmocka_unit_test(test_check_keys),
		cmocka_unit_test(test_long_values_in_messages),
		cmocka_unit_test(test_quote_retyped),
		cmocka_unit_test(test_quote_syntax),
		cmocka_unit_test(test_quote_plain),
		cmocka_unit_test(test_quote_blns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
