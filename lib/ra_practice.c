/*
 * ra_practice.c: practice.yaml and safeguards.yaml (see ra_practice.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ra_buf.h"
#include "ra_error.h"
#include "ra_practice.h"
#include "ra_util.h"
#include "ra_yaml.h"

const char *const ra_effectiveness_names[] = {
	"none", "documented", "partial", "enforced", NULL
};

/* A copy of the scalar at key (or "" when absent or null). */
static int
get_text(char **out, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *map, const char *key, const char *path)
{
	const struct ra_yaml_node *node = ra_yaml_get(map, key);
	const char *value = "";
	int error;

	if (node != NULL &&
	    (error = ra_yaml_string(&value, doc, node, path)) < 0)
		return error;
	if ((*out = ra_strdup(value)) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	return 0;
}

static void
path_of(struct ra_buf *b, const char *parent, const char *key)
{
	ra_buf_truncate(b, 0);
	if (parent != NULL && *parent != '\0')
		ra_buf_printf(b, "%s.%s", parent, key);
	else
		ra_buf_adds(b, key);
}

/* A text value of map at key, with the path shown in messages. */
static int
field(char **out, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *map, const char *parent, const char *key)
{
	struct ra_buf path = RA_BUF_INIT;
	int error;

	path_of(&path, parent, key);
	error = get_text(out, doc, map, key, ra_buf_cstr(&path));
	ra_buf_release(&path);
	return error;
}

static int
load_person(struct ra_person *p, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *map, const char *key, int assessor)
{
	static const char *const keys[] = { "name", "email", NULL };
	static const char *const assessor_keys[] = {
		"name", "organization", "email", NULL
	};
	const struct ra_yaml_node *node = ra_yaml_get(map, key);
	int error;

	if (!ra_yaml_is_null(node)) {
		if ((error = ra_yaml_expect(doc, node, RA_YAML_MAPPING,
		    key)) < 0 ||
		    (error = ra_yaml_check_keys(doc, node, key,
		    assessor ? assessor_keys : keys)) < 0)
			return error;
	} else
		node = NULL;
	if ((error = field(&p->name, doc, node, key, "name")) < 0 ||
	    (error = field(&p->email, doc, node, key, "email")) < 0 ||
	    (error = field(&p->organization, doc, node, key,
	    "organization")) < 0)
		return error;
	return 0;
}

static void
free_person(struct ra_person *p)
{
	free(p->name);
	free(p->email);
	free(p->organization);
}

void
ra_practice_free(struct ra_practice *p)
{
	size_t i;

	if (p == NULL)
		return;
	free(p->id);
	free(p->name);
	for (i = 0; i < p->nlocations; i++) {
		free(p->locations[i].id);
		free(p->locations[i].name);
		free(p->locations[i].address);
	}
	free(p->locations);
	free_person(&p->security_official);
	free_person(&p->privacy_official);
	free_person(&p->assessor);
	free(p->scope_in);
	free(p->scope_out);
	free(p->matrix);
	free(p);
}

static int
load_locations(struct ra_practice *p, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node)
{
	static const char *const keys[] = { "id", "name", "address", NULL };
	struct ra_buf path = RA_BUF_INIT;
	size_t i, j;
	int error = 0;

	if (ra_yaml_is_null(node))
		return 0;
	if ((error = ra_yaml_expect(doc, node, RA_YAML_SEQUENCE,
	    "locations")) < 0)
		return error;
	if ((p->locations = calloc(node->n + 1, sizeof(*p->locations))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	for (i = 0; i < node->n; i++) {
		const struct ra_yaml_node *item = node->items[i];
		struct ra_location *l = &p->locations[i];

		ra_buf_truncate(&path, 0);
		ra_buf_printf(&path, "locations[%zu]", i);
		p->nlocations = i + 1;
		if ((error = ra_yaml_expect(doc, item, RA_YAML_MAPPING,
		    path.ptr)) < 0 ||
		    (error = ra_yaml_check_keys(doc, item, path.ptr,
		    keys)) < 0 ||
		    (error = field(&l->id, doc, item, path.ptr, "id")) < 0 ||
		    (error = field(&l->name, doc, item, path.ptr,
		    "name")) < 0 ||
		    (error = field(&l->address, doc, item, path.ptr,
		    "address")) < 0)
			goto done;
		if (l->id[0] != '\0' && !ra_is_slug(l->id)) {
			error = ra_error_at(RA_EINVAL, doc->name,
			    ra_yaml_get(item, "id")->line, path.ptr,
			    "id '%s' is not a slug (lowercase letters, digits, "
			    "'-', '_', '.')", l->id);
			goto done;
		}
		if (l->name[0] == '\0') {
			error = ra_error_at(RA_EINVAL, doc->name, item->line,
			    path.ptr, "a location needs a name");
			goto done;
		}
		for (j = 0; j < i; j++)
			if (l->id[0] != '\0' &&
			    strcmp(p->locations[j].id, l->id) == 0) {
				error = ra_error_at(RA_EINVAL, doc->name,
				    item->line, path.ptr, "duplicate location "
				    "id '%s'", l->id);
				goto done;
			}
	}
done:
	ra_buf_release(&path);
	return error;
}

static int
load_reviews(struct ra_practice *p, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node)
{
	char path[32];
	size_t i, j;
	int error;

	if (ra_yaml_is_null(node))
		return 0;
	if ((error = ra_yaml_expect(doc, node, RA_YAML_SEQUENCE,
	    "reviews")) < 0)
		return error;
	if (node->n == 0 || node->n > 12)
		return ra_error_at(RA_EINVAL, doc->name, node->line, "reviews",
		    "expected 1 to 12 months");
	p->nreviews = 0;
	for (i = 0; i < node->n; i++) {
		long month;

		snprintf(path, sizeof(path), "reviews[%zu]", i);
		if ((error = ra_yaml_int(&month, doc, node->items[i], path, 1,
		    12)) < 0)
			return error;
		for (j = 0; j < p->nreviews; j++)
			if (p->reviews[j] == month)
				return ra_error_at(RA_EINVAL, doc->name,
				    node->items[i]->line, path,
				    "month %ld is listed twice", month);
		/* Keep them sorted: insertion into at most 12. */
		for (j = p->nreviews; j > 0 && p->reviews[j - 1] > month; j--)
			p->reviews[j] = p->reviews[j - 1];
		p->reviews[j] = (int)month;
		p->nreviews++;
	}
	return 0;
}

static int
load_due_level(long *out, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node, const char *path)
{
	if (ra_yaml_is_null(node))
		return 0;
	if (node->kind == RA_YAML_SCALAR &&
	    strcmp(node->value, "next-review") == 0) {
		*out = RA_DUE_NEXT_REVIEW;
		return 0;
	}
	if (node->kind == RA_YAML_SCALAR && node->value[0] >= '0' &&
	    node->value[0] <= '9')
		return ra_yaml_int(out, doc, node, path, 1, 3650);
	return ra_error_at(RA_EINVAL, doc->name, node->line, path,
	    "expected next-review or a number of days, got '%s'",
	    node->kind == RA_YAML_SCALAR ? node->value : "a collection");
}

static int
load_due(struct ra_practice *p, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node)
{
	static const char *const keys[] = { "high", "medium", "low", NULL };
	int error;

	if (ra_yaml_is_null(node))
		return 0;
	if ((error = ra_yaml_expect(doc, node, RA_YAML_MAPPING, "due")) < 0 ||
	    (error = ra_yaml_check_keys(doc, node, "due", keys)) < 0 ||
	    (error = load_due_level(&p->due_high, doc,
	    ra_yaml_get(node, "high"), "due.high")) < 0 ||
	    (error = load_due_level(&p->due_medium, doc,
	    ra_yaml_get(node, "medium"), "due.medium")) < 0 ||
	    (error = load_due_level(&p->due_low, doc,
	    ra_yaml_get(node, "low"), "due.low")) < 0)
		return error;
	return 0;
}

int
ra_practice_load(struct ra_practice **out, const char *path, const char *name)
{
	static const char *const keys[] = {
		"id", "name", "locations", "workforce", "security_official",
		"privacy_official", "assessor", "scope", "reviews", "matrix",
		"due", NULL
	};
	static const char *const scope_keys[] = { "in", "out", NULL };
	static const int default_reviews[] = { 3, 6, 9, 12 };
	struct ra_yaml_doc *doc = NULL;
	struct ra_practice *p;
	const struct ra_yaml_node *root, *node;
	int error;

	*out = NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	p->workforce = -1;
	memcpy(p->reviews, default_reviews, sizeof(default_reviews));
	p->nreviews = 4;
	p->due_high = RA_DUE_NEXT_REVIEW;
	p->due_medium = 180;
	p->due_low = 365;
	if ((error = ra_yaml_load_file(&doc, path, name)) < 0)
		goto done;
	root = doc->root;
	if (root == NULL) {
		error = ra_error_at(RA_EINVAL, doc->name, 0, NULL,
		    "the file is empty: expected at least id and name");
		goto done;
	}
	if ((error = ra_yaml_expect(doc, root, RA_YAML_MAPPING, "")) < 0 ||
	    (error = ra_yaml_check_keys(doc, root, "", keys)) < 0 ||
	    (error = field(&p->id, doc, root, "", "id")) < 0 ||
	    (error = field(&p->name, doc, root, "", "name")) < 0)
		goto done;
	if (!ra_is_slug(p->id)) {
		node = ra_yaml_get(root, "id");
		error = ra_error_at(RA_EINVAL, doc->name,
		    node != NULL ? node->line : 1, "id", p->id[0] == '\0' ?
		    "a practice id is required" : "'%s' is not a slug "
		    "(lowercase letters, digits, '-', '_', '.')", p->id);
		goto done;
	}
	if (p->name[0] == '\0') {
		node = ra_yaml_get(root, "name");
		error = ra_error_at(RA_EINVAL, doc->name,
		    node != NULL ? node->line : 1, "name",
		    "the practice needs a name");
		goto done;
	}
	if ((error = load_locations(p, doc, ra_yaml_get(root,
	    "locations"))) < 0)
		goto done;
	node = ra_yaml_get(root, "workforce");
	if (!ra_yaml_is_null(node) && (error = ra_yaml_int(&p->workforce, doc,
	    node, "workforce", 0, 100000)) < 0)
		goto done;
	if ((error = load_person(&p->security_official, doc, root,
	    "security_official", 0)) < 0 ||
	    (error = load_person(&p->privacy_official, doc, root,
	    "privacy_official", 0)) < 0 ||
	    (error = load_person(&p->assessor, doc, root, "assessor", 1)) < 0)
		goto done;
	node = ra_yaml_get(root, "scope");
	if (ra_yaml_is_null(node))
		node = NULL;
	else if ((error = ra_yaml_expect(doc, node, RA_YAML_MAPPING,
	    "scope")) < 0 ||
	    (error = ra_yaml_check_keys(doc, node, "scope", scope_keys)) < 0)
		goto done;
	if ((error = field(&p->scope_in, doc, node, "scope", "in")) < 0 ||
	    (error = field(&p->scope_out, doc, node, "scope", "out")) < 0 ||
	    (error = load_reviews(p, doc, ra_yaml_get(root, "reviews"))) < 0 ||
	    (error = field(&p->matrix, doc, root, "", "matrix")) < 0 ||
	    (error = load_due(p, doc, ra_yaml_get(root, "due"))) < 0)
		goto done;
	if (p->matrix[0] == '\0') {
		free(p->matrix);
		if ((p->matrix = ra_strdup("default")) == NULL)
			error = ra_error_set(RA_ENOMEM, "out of memory");
	}
done:
	ra_yaml_doc_free(doc);
	if (error < 0) {
		ra_practice_free(p);
		return error;
	}
	*out = p;
	return 0;
}

void
ra_practice_next_review(struct ra_date *out, const struct ra_practice *p,
    const struct ra_date *today)
{
	size_t i;

	for (i = 0; i < p->nreviews; i++)
		if (p->reviews[i] > today->month) {
			out->year = today->year;
			out->month = p->reviews[i];
			out->day = 1;
			return;
		}
	out->year = today->year + 1;
	out->month = p->nreviews > 0 ? p->reviews[0] : today->month;
	out->day = 1;
}

int
ra_practice_template(struct ra_buf *out, const char *id, const char *name)
{
	int error;

	if ((error = ra_buf_adds(out,
	    "# practice.yaml: who the practice is and how its risk analysis "
	    "is run.\n"
	    "# Every key is described in ra-files(5). Strings stay strings: "
	    "quote\n# nothing unless you want to.\n\nid: ")) < 0 ||
	    (error = ra_yaml_quote(out, id)) < 0 ||
	    (error = ra_buf_adds(out, "\nname: ")) < 0 ||
	    (error = ra_yaml_quote(out, name)) < 0)
		return error;
	return ra_buf_adds(out, "\n\n"
	    "# Sites where ePHI is handled; assets may name a location id.\n"
	    "locations:\n"
	    "  - id: main\n"
	    "    name: Main office\n"
	    "    address:\n"
	    "\n"
	    "workforce:                      # head count\n"
	    "\n"
	    "security_official:              # 164.308(a)(2)\n"
	    "  name:\n"
	    "  email:\n"
	    "privacy_official:\n"
	    "  name:\n"
	    "  email:\n"
	    "\n"
	    "assessor:                       # who performs this analysis\n"
	    "  name:\n"
	    "  organization:\n"
	    "  email:\n"
	    "\n"
	    "scope:\n"
	    "  in: Every system, device, vendor and location that creates, "
	    "receives, maintains or transmits ePHI.\n"
	    "  out: Paper records (Privacy Rule).\n"
	    "\n"
	    "reviews: [3, 6, 9, 12]          # months of the quarterly "
	    "reviews\n"
	    "matrix: default                 # default, nist, or a file in "
	    "this directory\n"
	    "\n"
	    "due:                            # when remediation is due\n"
	    "  high: next-review             # before the next quarterly "
	    "review\n"
	    "  medium: 180                   # days\n"
	    "  low: 365\n");
}

static void
free_list(char **list, size_t n)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void
ra_safeguards_free(struct ra_safeguards *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		struct ra_safeguard *g = &s->items[i];

		free(g->id);
		free(g->name);
		free_list(g->applies_to, g->napplies_to);
		free(g->evidence);
		free_list(g->mitigates, g->nmitigates);
		free(g->reviewed);
		free(g->notes);
	}
	free(s->items);
	free(s->name);
	free(s);
}

/* A list of slugs-or-words: "[a, b]", or a single scalar. */
static int
load_list(char ***out, size_t *n, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *node, const char *path)
{
	struct ra_buf item_path = RA_BUF_INIT;
	size_t i, count;
	const char *value;
	int error = 0;

	*out = NULL;
	*n = 0;
	if (ra_yaml_is_null(node))
		return 0;
	count = node->kind == RA_YAML_SEQUENCE ? node->n : 1;
	if (node->kind == RA_YAML_MAPPING)
		return ra_yaml_expect(doc, node, RA_YAML_SEQUENCE, path);
	if ((*out = calloc(count + 1, sizeof(**out))) == NULL)
		return ra_error_set(RA_ENOMEM, "out of memory");
	for (i = 0; i < count; i++) {
		const struct ra_yaml_node *item =
		    node->kind == RA_YAML_SEQUENCE ? node->items[i] : node;

		ra_buf_truncate(&item_path, 0);
		ra_buf_printf(&item_path, "%s[%zu]", path, i);
		if ((error = ra_yaml_string(&value, doc, item,
		    item_path.ptr)) < 0)
			break;
		if (value[0] == '\0') {
			error = ra_error_at(RA_EINVAL, doc->name, item->line,
			    item_path.ptr, "empty entry");
			break;
		}
		if (((*out)[i] = ra_strdup(value)) == NULL) {
			error = ra_error_set(RA_ENOMEM, "out of memory");
			break;
		}
		*n = i + 1;
	}
	ra_buf_release(&item_path);
	return error;
}

static int
load_safeguard(struct ra_safeguard *g, const struct ra_yaml_doc *doc,
    const struct ra_yaml_node *item, const char *path)
{
	static const char *const keys[] = {
		"id", "name", "applies_to", "effectiveness", "evidence",
		"mitigates", "reviewed", "notes", NULL
	};
	struct ra_buf sub = RA_BUF_INIT;
	const struct ra_yaml_node *node;
	struct ra_date date;
	int error, effect;

	g->line = item->line;
	if ((error = ra_yaml_expect(doc, item, RA_YAML_MAPPING, path)) < 0 ||
	    (error = ra_yaml_check_keys(doc, item, path, keys)) < 0 ||
	    (error = field(&g->id, doc, item, path, "id")) < 0 ||
	    (error = field(&g->name, doc, item, path, "name")) < 0 ||
	    (error = field(&g->evidence, doc, item, path, "evidence")) < 0 ||
	    (error = field(&g->reviewed, doc, item, path, "reviewed")) < 0 ||
	    (error = field(&g->notes, doc, item, path, "notes")) < 0)
		goto done;
	if (!ra_is_slug(g->id)) {
		path_of(&sub, path, "id");
		error = ra_error_at(RA_EINVAL, doc->name, item->line, sub.ptr,
		    g->id[0] == '\0' ? "a safeguard needs an id" :
		    "'%s' is not a slug (lowercase letters, digits, '-', "
		    "'_', '.')", g->id);
		goto done;
	}
	path_of(&sub, path, "applies_to");
	if ((error = load_list(&g->applies_to, &g->napplies_to, doc,
	    ra_yaml_get(item, "applies_to"), sub.ptr)) < 0)
		goto done;
	if (g->napplies_to == 0) {
		error = ra_error_at(RA_EINVAL, doc->name, item->line, sub.ptr,
		    "say what it covers: asset ids, categories, or all");
		goto done;
	}
	path_of(&sub, path, "mitigates");
	if ((error = load_list(&g->mitigates, &g->nmitigates, doc,
	    ra_yaml_get(item, "mitigates"), sub.ptr)) < 0)
		goto done;
	path_of(&sub, path, "effectiveness");
	node = ra_yaml_get(item, "effectiveness");
	if (ra_yaml_is_null(node)) {
		error = ra_error_at(RA_EINVAL, doc->name, item->line, sub.ptr,
		    "required: none, documented, partial or enforced");
		goto done;
	}
	if ((error = ra_yaml_enum(&effect, doc, node, sub.ptr,
	    ra_effectiveness_names)) < 0)
		goto done;
	g->effectiveness = (enum ra_effectiveness)effect;
	if (g->reviewed[0] != '\0' && ra_date_parse(&date, g->reviewed) < 0) {
		path_of(&sub, path, "reviewed");
		error = ra_error_wrap(RA_EINVAL, doc->name,
		    ra_yaml_get(item, "reviewed")->line, sub.ptr);
	}
done:
	ra_buf_release(&sub);
	return error;
}

int
ra_safeguards_load(struct ra_safeguards **out, const char *path,
    const char *name)
{
	static const char *const keys[] = { "safeguards", NULL };
	struct ra_yaml_doc *doc = NULL;
	struct ra_safeguards *s;
	const struct ra_yaml_node *list;
	struct ra_buf item_path = RA_BUF_INIT;
	size_t i, j;
	int error;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->name = ra_strdup(name != NULL ? name : path)) == NULL) {
		free(s);
		return ra_error_set(RA_ENOMEM, "out of memory");
	}
	if ((error = ra_yaml_load_file(&doc, path, name)) < 0)
		goto done;
	if (doc->root == NULL)
		goto done;
	if ((error = ra_yaml_expect(doc, doc->root, RA_YAML_MAPPING, "")) < 0 ||
	    (error = ra_yaml_check_keys(doc, doc->root, "", keys)) < 0)
		goto done;
	list = ra_yaml_get(doc->root, "safeguards");
	if (ra_yaml_is_null(list))
		goto done;
	if ((error = ra_yaml_expect(doc, list, RA_YAML_SEQUENCE,
	    "safeguards")) < 0)
		goto done;
	if ((s->items = calloc(list->n + 1, sizeof(*s->items))) == NULL) {
		error = ra_error_set(RA_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < list->n; i++) {
		ra_buf_truncate(&item_path, 0);
		ra_buf_printf(&item_path, "safeguards[%zu]", i);
		s->n = i + 1;
		if ((error = load_safeguard(&s->items[i], doc, list->items[i],
		    item_path.ptr)) < 0)
			goto done;
		for (j = 0; j < i; j++)
			if (strcmp(s->items[j].id, s->items[i].id) == 0) {
				error = ra_error_at(RA_EINVAL, doc->name,
				    s->items[i].line, item_path.ptr,
				    "duplicate safeguard id '%s' (first at "
				    "line %lu)", s->items[i].id,
				    s->items[j].line);
				goto done;
			}
	}
done:
	ra_buf_release(&item_path);
	ra_yaml_doc_free(doc);
	if (error < 0) {
		ra_safeguards_free(s);
		return error;
	}
	*out = s;
	return 0;
}

int
ra_safeguards_template(struct ra_buf *out)
{
	return ra_buf_adds(out,
	    "# safeguards.yaml: the security measures in place today and how "
	    "effective\n"
	    "# they are (ra-files(5)). ra-threats applies them to the "
	    "threats they mitigate.\n"
	    "#\n"
	    "# effectiveness: none | documented (a policy on paper only) | "
	    "partial | enforced\n"
	    "# (a technical control, verified). Record the evidence you saw.\n"
	    "#\n"
	    "# safeguards:\n"
	    "#   - id: mfa                    # a catalog safeguard "
	    "(ra-threats --list safeguards)\n"
	    "#     name: MFA on email and the EHR\n"
	    "#     applies_to: [email, ehr]   # asset ids, categories, or "
	    "all\n"
	    "#     effectiveness: enforced\n"
	    "#     evidence: admin console export, 2026-11-02\n"
	    "#   - id: usb-block              # your own safeguard: say what "
	    "it mitigates\n"
	    "#     name: USB storage blocked by group policy\n"
	    "#     applies_to: [workstation]\n"
	    "#     effectiveness: partial\n"
	    "#     mitigates: [no-encryption]\n"
	    "\n"
	    "safeguards: []\n");
}
