/*
 * ra_schema.c: inventory columns and value normalisation (see ra_schema.h
 * and ra-files(5), which lists every spelling accepted here).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ra_buf.h"
#include "ra_error.h"
#include "ra_schema.h"
#include "ra_util.h"

const char *const ra_schema_columns[] = {
	"id", "name", "category", "location", "owner", "vendor", "ephi",
	"records", "criticality", "encryption", "mfa", "patched", "backup",
	"baa", "status", "notes", NULL
};

const char *const ra_schema_categories[] = {
	"ehr", "practice-management", "scheduling", "billing", "email",
	"cloud-storage", "telehealth", "patient-portal", "server",
	"workstation", "laptop", "mobile", "tablet", "removable-media",
	"backup", "network", "wifi", "mfp", "fax", "phone-system",
	"medical-device", "remote-access", "business-associate", "location",
	"paper", NULL
};

const char *const ra_schema_attribute_values[] = {
	"yes", "no", "partial", "unknown", "n/a", NULL
};

struct alias {
	const char *from;
	const char *to;
};

/* Spellings people use in spreadsheets, compared after lowercasing. */
static const struct alias category_aliases[] = {
	{ "emr", "ehr" }, { "electronic health record", "ehr" },
	{ "electronic medical record", "ehr" },
	{ "pm", "practice-management" }, { "pms", "practice-management" },
	{ "practice management", "practice-management" },
	{ "desktop", "workstation" }, { "pc", "workstation" },
	{ "computer", "workstation" }, { "front desk pc", "workstation" },
	{ "notebook", "laptop" }, { "macbook", "laptop" },
	{ "smartphone", "mobile" }, { "phone", "mobile" },
	{ "iphone", "mobile" }, { "android", "mobile" },
	{ "cell phone", "mobile" }, { "mobile phone", "mobile" },
	{ "ipad", "tablet" },
	{ "usb", "removable-media" }, { "usb drive", "removable-media" },
	{ "thumb drive", "removable-media" },
	{ "external drive", "removable-media" },
	{ "external hdd", "removable-media" },
	{ "removable media", "removable-media" },
	{ "nas", "server" },
	{ "router", "network" }, { "firewall", "network" },
	{ "switch", "network" },
	{ "access point", "wifi" }, { "wireless", "wifi" },
	{ "wi-fi", "wifi" },
	{ "printer", "mfp" }, { "copier", "mfp" }, { "scanner", "mfp" },
	{ "multifunction printer", "mfp" },
	{ "efax", "fax" }, { "e-fax", "fax" },
	{ "voip", "phone-system" }, { "pbx", "phone-system" },
	{ "phone system", "phone-system" },
	{ "vpn", "remote-access" }, { "rdp", "remote-access" },
	{ "remote desktop", "remote-access" }, { "rmm", "remote-access" },
	{ "remote access", "remote-access" },
	{ "vendor", "business-associate" }, { "ba", "business-associate" },
	{ "business associate", "business-associate" },
	{ "site", "location" }, { "office", "location" },
	{ "building", "location" },
	{ "portal", "patient-portal" }, { "patient portal", "patient-portal" },
	{ "video visits", "telehealth" },
	{ "cloud storage", "cloud-storage" },
	{ "medical device", "medical-device" },
	{ NULL, NULL }
};

static const struct alias attribute_aliases[] = {
	{ "yes", "yes" }, { "y", "yes" }, { "true", "yes" }, { "t", "yes" },
	{ "x", "yes" }, { "1", "yes" }, { "on", "yes" },
	{ "enabled", "yes" }, { "done", "yes" }, { "\xe2\x9c\x93", "yes" },
	{ "no", "no" }, { "n", "no" }, { "false", "no" }, { "f", "no" },
	{ "0", "no" }, { "off", "no" }, { "none", "no" },
	{ "disabled", "no" },
	{ "partial", "partial" }, { "partially", "partial" },
	{ "some", "partial" }, { "mixed", "partial" },
	{ "unknown", "unknown" }, { "?", "unknown" }, { "unsure", "unknown" },
	{ "tbd", "unknown" }, { "", "unknown" },
	{ "n/a", "n/a" }, { "na", "n/a" }, { "not applicable", "n/a" },
	{ "none-needed", "n/a" }, { "-", "n/a" },
	{ NULL, NULL }
};

static const struct alias criticality_aliases[] = {
	{ "low", "low" }, { "l", "low" },
	{ "medium", "medium" }, { "m", "medium" }, { "med", "medium" },
	{ "moderate", "medium" },
	{ "high", "high" }, { "h", "high" },
	{ "", "" },
	{ NULL, NULL }
};

static const struct alias status_aliases[] = {
	{ "active", "active" }, { "in use", "active" },
	{ "in-use", "active" }, { "live", "active" }, { "", "active" },
	{ "retired", "retired" }, { "inactive", "retired" },
	{ "decommissioned", "retired" }, { "spare", "retired" },
	{ "storage", "retired" },
	{ "disposed", "disposed" }, { "destroyed", "disposed" },
	{ "shredded", "disposed" }, { "recycled", "disposed" },
	{ "sold", "disposed" },
	{ NULL, NULL }
};

static const char *const ephi_uses[] = {
	"create", "receive", "store", "transmit", NULL
};

int
ra_schema_column(const char *name)
{
	int i;

	for (i = 0; ra_schema_columns[i] != NULL; i++)
		if (strcmp(ra_schema_columns[i], name) == 0)
			return i;
	return -1;
}

int
ra_schema_is_attribute(enum ra_column column)
{
	return column >= RA_COL_ENCRYPTION && column <= RA_COL_BAA;
}

int
ra_schema_is_category(const char *name)
{
	int i;

	for (i = 0; ra_schema_categories[i] != NULL; i++)
		if (strcmp(ra_schema_categories[i], name) == 0)
			return 1;
	return 0;
}

/* Copy value without surrounding ASCII white space into out. */
static int
add_trimmed(struct ra_buf *out, const char *value)
{
	const char *end;

	while (*value == ' ' || *value == '\t' || *value == '\r' ||
	    *value == '\n')
		value++;
	end = value + strlen(value);
	while (end > value && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		end--;
	return ra_buf_add(out, value, (size_t)(end - value));
}

/* Trimmed, lowercased copy of value, inner runs of spaces folded to one. */
static int
fold(struct ra_buf *out, const char *value)
{
	struct ra_buf trimmed = RA_BUF_INIT;
	size_t i;
	int error, space = 0;

	ra_buf_truncate(out, 0);
	if ((error = add_trimmed(&trimmed, value)) < 0)
		return error;
	if ((error = ra_buf_grow(out, trimmed.len)) < 0)
		goto done;
	for (i = 0; i < trimmed.len; i++) {
		unsigned char c = (unsigned char)trimmed.ptr[i];

		if (c == ' ' || c == '\t') {
			space = 1;
			continue;
		}
		if (space && out->len > 0)
			ra_buf_addch(out, ' ');
		space = 0;
		ra_buf_addch(out, tolower(c));
	}
	ra_buf_grow(out, 0);
done:
	ra_buf_release(&trimmed);
	return error;
}

static const char *
lookup(const struct alias *table, const char *key)
{
	for (; table->from != NULL; table++)
		if (strcmp(table->from, key) == 0)
			return table->to;
	return NULL;
}

static int
normalise_category(struct ra_buf *out, const char *value)
{
	struct ra_buf key = RA_BUF_INIT;
	const char *to, *near;
	int error;

	if ((error = fold(&key, value)) < 0)
		goto done;
	if (key.len == 0) {
		error = ra_error_set(RA_EINVAL, "a category is required");
		goto done;
	}
	if (ra_schema_is_category(key.ptr))
		to = key.ptr;
	else
		to = lookup(category_aliases, key.ptr);
	if (to != NULL) {
		error = ra_buf_adds(out, to);
		goto done;
	}
	near = ra_nearest(key.ptr, ra_schema_categories);
	if (near != NULL)
		error = ra_error_set(RA_EINVAL,
		    "unknown category '%s' (did you mean '%s'?)", value, near);
	else
		error = ra_error_set(RA_EINVAL, "unknown category '%s' "
		    "(see ra-files(5) for the list)", value);
done:
	ra_buf_release(&key);
	return error;
}

static int
normalise_enum(struct ra_buf *out, const struct alias *table,
    const char *value, const char *expected)
{
	struct ra_buf key = RA_BUF_INIT;
	const char *to;
	int error;

	if ((error = fold(&key, value)) < 0)
		goto done;
	if ((to = lookup(table, ra_buf_cstr(&key))) != NULL)
		error = ra_buf_adds(out, to);
	else
		error = ra_error_set(RA_EINVAL, "expected %s, got '%s'",
		    expected, value);
done:
	ra_buf_release(&key);
	return error;
}

static int
normalise_ephi(struct ra_buf *out, const char *value)
{
	struct ra_buf key = RA_BUF_INIT;
	int have[4] = { 0, 0, 0, 0 }, error = 0, i, any = 0;
	char *word, *save = NULL;

	if ((error = fold(&key, value)) < 0)
		goto done;
	if (key.len == 0 || strcmp(key.ptr, "no") == 0 ||
	    strcmp(key.ptr, "none") == 0 || strcmp(key.ptr, "n") == 0 ||
	    strcmp(key.ptr, "false") == 0)
		goto done;
	if (strcmp(key.ptr, "yes") == 0 || strcmp(key.ptr, "y") == 0 ||
	    strcmp(key.ptr, "true") == 0 || strcmp(key.ptr, "x") == 0 ||
	    strcmp(key.ptr, "all") == 0) {
		have[0] = have[1] = have[2] = have[3] = 1;
		goto write;
	}
	for (word = strtok_r(key.ptr, ";,/| ", &save); word != NULL;
	    word = strtok_r(NULL, ";,/| ", &save)) {
		if (strcmp(word, "maintain") == 0 ||
		    strcmp(word, "stores") == 0)
			word = "store";
		for (i = 0; ephi_uses[i] != NULL; i++)
			if (strcmp(word, ephi_uses[i]) == 0)
				break;
		if (ephi_uses[i] == NULL) {
			error = ra_error_set(RA_EINVAL, "expected any of "
			    "create;receive;store;transmit, got '%s'", value);
			goto done;
		}
		have[i] = 1;
	}
write:
	for (i = 0; i < 4; i++) {
		if (!have[i])
			continue;
		if (any)
			ra_buf_addch(out, ';');
		ra_buf_adds(out, ephi_uses[i]);
		any = 1;
	}
done:
	ra_buf_release(&key);
	return error;
}

static int
normalise_records(struct ra_buf *out, const char *value)
{
	struct ra_buf key = RA_BUF_INIT;
	const char *p;
	size_t digits = 0;
	int error = 0;

	if ((error = add_trimmed(&key, value)) < 0)
		goto done;
	for (p = ra_buf_cstr(&key); *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9') {
			if (digits == 0 && *p == '0' && p[1] != '\0')
				continue;	/* leading zeros */
			ra_buf_addch(out, *p);
			digits++;
		} else if ((*p == ',' || *p == ' ' || *p == '_') &&
		    digits > 0 && p[1] >= '0' && p[1] <= '9')
			continue;
		else {
			error = ra_error_set(RA_EINVAL, "expected a whole "
			    "number of patients, got '%s'", value);
			goto done;
		}
	}
	if (digits == 0 && key.len > 0)
		ra_buf_addch(out, '0');
	if (digits > 9)
		error = ra_error_set(RA_EINVAL, "%s records is not a "
		    "plausible count", value);
done:
	ra_buf_release(&key);
	return error;
}

int
ra_schema_normalise(struct ra_buf *out, enum ra_column column,
    const char *value)
{
	ra_buf_truncate(out, 0);
	if (!ra_utf8_valid(value, strlen(value)))
		return ra_error_set(RA_EINVAL, "not valid UTF-8 text");
	switch (column) {
	case RA_COL_ID:
		if (add_trimmed(out, value) < 0)
			return RA_ENOMEM;
		if (out->len == 0)
			return ra_error_set(RA_EINVAL, "an id is required");
		if (!ra_is_slug(out->ptr))
			return ra_error_set(RA_EINVAL,
			    "'%s' is not a valid id: "
			    "use lowercase letters, digits, '-', '_' and '.', "
			    "starting with a letter or digit, at most 64 "
			    "bytes", value);
		return 0;
	case RA_COL_CATEGORY:
		return normalise_category(out, value);
	case RA_COL_EPHI:
		return normalise_ephi(out, value);
	case RA_COL_RECORDS:
		return normalise_records(out, value);
	case RA_COL_CRITICALITY:
		return normalise_enum(out, criticality_aliases, value,
		    "low, medium or high");
	case RA_COL_ENCRYPTION:
	case RA_COL_MFA:
	case RA_COL_PATCHED:
	case RA_COL_BACKUP:
	case RA_COL_BAA:
		return normalise_enum(out, attribute_aliases, value,
		    "yes, no, partial, unknown or n/a");
	case RA_COL_STATUS:
		return normalise_enum(out, status_aliases, value,
		    "active, retired or disposed");
	case RA_COL_NOTES:
		return ra_buf_adds(out, value);
	case RA_COL_NAME:
	case RA_COL_LOCATION:
	case RA_COL_OWNER:
	case RA_COL_VENDOR:
	default:
		return add_trimmed(out, value);
	}
}

int
ra_schema_slugify(struct ra_buf *out, const char *text)
{
	int dash = 0;

	ra_buf_truncate(out, 0);
	if (ra_buf_grow(out, 0) < 0)
		return RA_ENOMEM;
	for (; *text != '\0' && out->len < 64; text++) {
		unsigned char c = (unsigned char)*text;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c >= 'A' && c <= 'Z')) {
			if (dash && out->len > 0)
				ra_buf_addch(out, '-');
			dash = 0;
			if (out->len < 64)
				ra_buf_addch(out, tolower(c));
		} else
			dash = 1;
	}
	while (out->len > 0 && out->ptr[out->len - 1] == '-')
		ra_buf_truncate(out, out->len - 1);
	return 0;
}

int
ra_schema_ephi_has(const char *ephi, const char *use)
{
	size_t n = strlen(use);
	const char *p;

	for (p = ephi; (p = strstr(p, use)) != NULL; p += n)
		if ((p == ephi || p[-1] == ';') &&
		    (p[n] == '\0' || p[n] == ';'))
			return 1;
	return 0;
}
