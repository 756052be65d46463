/*
 * ra_score.c: likelihood x impact -> risk for each register row, its
 * basis and its derivation, and the streaming register filter (see
 * ra_score.h; the method is in ra-score(1)).
 *
 * The scoring of a row is pure; the filter reads one row at a time with
 * ra_csv and writes it before reading the next, so memory stays flat.
 * Hot path: a threat is found through a small hash table built once, and
 * the basis is assembled with memcpy, never printf.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ra_buf.h"
#include "ra_csv.h"
#include "ra_error.h"
#include "ra_practice.h"
#include "ra_score.h"
#include "ra_threats.h"

static const char *const criticality_names[] = {
	"low", "medium", "high", NULL
};

static const char *const downtime_names[] = {
	"none", "low", "moderate", "high"
};

/* 0..25 as text: the score column without printf. */
static const char *const number_text[] = {
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
	"13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23",
	"24", "25"
};

/* Steps of likelihood for none, documented, partial, enforced. */
static const int effectiveness_step[] = { 0, -1, -2, -3 };

struct ra_scorer {
	const struct ra_catalog *cat;
	const struct ra_matrix *matrix;
	const struct ra_threat **slots;	/* open addressing, by id */
	size_t mask;
};

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int
ra_scorer_new(struct ra_scorer **out, const struct ra_catalog *cat,
    const struct ra_matrix *matrix)
{
	struct ra_scorer *s;
	size_t cap = 16, i, k;

	assert(out != NULL && cat != NULL && matrix != NULL);
	*out = NULL;
	while (cap < cat->nthreats * 2)
		cap *= 2;
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->slots = calloc(cap, sizeof(*s->slots))) == NULL) {
		free(s);
		return ra_error_set(RA_ENOMEM, "out of memory");
	}
	s->cat = cat;
	s->matrix = matrix;
	s->mask = cap - 1;
	for (i = 0; i < cat->nthreats; i++) {
		const struct ra_threat *t = &cat->threats[i];

		for (k = hash(t->id) & s->mask; s->slots[k] != NULL &&
		    strcmp(s->slots[k]->id, t->id) != 0; k = (k + 1) & s->mask)
			;
		s->slots[k] = t;
	}
	*out = s;
	return 0;
}

void
ra_scorer_free(struct ra_scorer *s)
{
	if (s == NULL)
		return;
	free(s->slots);
	free(s);
}

static const struct ra_threat *
find_threat(const struct ra_scorer *s, const char *id)
{
	size_t k;

	for (k = hash(id) & s->mask; s->slots[k] != NULL;
	    k = (k + 1) & s->mask)
		if (strcmp(s->slots[k]->id, id) == 0)
			return s->slots[k];
	return NULL;
}

static int
given(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* The index of s in names, or -1. */
static int
lookup(const char *const *names, const char *s)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static int
records_level(long records)
{
	if (records == RA_SCORE_NOT_GIVEN)
		return RA_LEVEL_HIGH;	/* counted as 500 or more */
	if (records == 0)
		return RA_LEVEL_VERY_LOW;
	if (records < 500)
		return RA_LEVEL_MODERATE;
	if (records < 10000)
		return RA_LEVEL_HIGH;
	return RA_LEVEL_VERY_HIGH;
}

/* A whole number of records: digits only; huge values saturate. */
static int
parse_records(long *out, const char *s)
{
	long n = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (n < 1000000000L)
			n = n * 10 + (*s - '0');
	}
	*out = n;
	return 0;
}

/*
 * 1 when basis (an earlier run's) shows that ra-score derived value for
 * the part that starts with what: "likelihood high: ransomware base ..."
 * derived high; "likelihood high: set by the assessor" did not.
 */
static int
derived_before(const char *basis, const char *what, const char *value)
{
	const char *p;
	size_t n = strlen(what), len = strlen(value);

	if (!given(basis))
		return 0;
	if (strcmp(what, "likelihood ") == 0)
		p = strncmp(basis, what, n) == 0 ? basis : NULL;
	else
		p = strstr(basis, what);
	if (p == NULL)
		return 0;
	p += n;
	return strncmp(p, value, len) == 0 && strncmp(p + len, ": ", 2) == 0 &&
	    strncmp(p + len + 2, "set by the assessor", 19) != 0;
}

int
ra_score_row(struct ra_score *out, const struct ra_scorer *s,
    const struct ra_score_input *in, const char *file, unsigned long line)
{
	const struct ra_threat *t;
	int v, sum;

	assert(out != NULL && s != NULL && in != NULL);
	memset(out, 0, sizeof(*out));
	if (!given(in->threat_id))
		return ra_error_at(RA_EINVAL, file, line, "threat_id",
		    "empty value");
	if ((t = find_threat(s, in->threat_id)) == NULL)
		return ra_error_at(RA_EINVAL, file, line, "threat_id",
		    "no threat '%s' in the catalog", in->threat_id);
	out->threat = t;

	out->status = RA_SCORE_NOT_GIVEN;
	if (given(in->vulnerability_status) &&
	    (out->status = lookup(ra_vuln_status_names,
	    in->vulnerability_status)) < 0)
		return ra_error_at(RA_EINVAL, file, line,
		    "vulnerability_status", "expected present, unverified or "
		    "absent, got '%s'", in->vulnerability_status);
	out->effectiveness = RA_SCORE_NOT_GIVEN;
	if (given(in->effectiveness) &&
	    (out->effectiveness = lookup(ra_effectiveness_names,
	    in->effectiveness)) < 0)
		return ra_error_at(RA_EINVAL, file, line, "effectiveness",
		    "expected none, documented, partial or enforced, got '%s'",
		    in->effectiveness);
	out->records = RA_SCORE_NOT_GIVEN;
	if (given(in->records) && parse_records(&out->records,
	    in->records) < 0)
		return ra_error_at(RA_EINVAL, file, line, "records",
		    "expected a whole number, got '%s'", in->records);
	out->criticality = RA_SCORE_NOT_GIVEN;
	if (given(in->criticality) &&
	    (out->criticality = lookup(criticality_names,
	    in->criticality)) < 0)
		return ra_error_at(RA_EINVAL, file, line, "criticality",
		    "expected low, medium or high, got '%s'", in->criticality);

	/* Likelihood. */
	out->status_step = out->status == RA_VULN_ABSENT ? 0 : 1;
	out->effectiveness_step = out->effectiveness == RA_SCORE_NOT_GIVEN ?
	    0 : effectiveness_step[out->effectiveness];
	sum = (int)t->likelihood + out->status_step + out->effectiveness_step;
	out->likelihood_sum = sum;
	out->likelihood = ra_level_clamp(sum);
	if (given(in->likelihood) &&
	    !derived_before(in->basis, "likelihood ", in->likelihood)) {
		if ((v = ra_level_parse(in->likelihood)) < 0)
			return ra_error_at(RA_EINVAL, file, line, "likelihood",
			    "unknown level '%s'", in->likelihood);
		out->likelihood = v;
		out->likelihood_set = 1;
	}

	/* Impact: the highest of records, financial and operational. */
	out->records_level = t->exposes ? records_level(out->records) : -1;
	out->operational = -1;
	if (t->downtime != RA_DOWNTIME_NONE) {
		out->criticality_step = out->criticality ==
		    RA_SCORE_NOT_GIVEN ? 0 : out->criticality - 1;
		out->operational = ra_level_clamp(t->downtime +
		    out->criticality_step);
	}
	out->impact = (int)t->financial;
	if (out->records_level > out->impact)
		out->impact = out->records_level;
	if (out->operational > out->impact)
		out->impact = out->operational;
	if (given(in->impact) &&
	    !derived_before(in->basis, "; impact ", in->impact)) {
		if ((v = ra_level_parse(in->impact)) < 0)
			return ra_error_at(RA_EINVAL, file, line, "impact",
			    "unknown level '%s'", in->impact);
		out->impact = v;
		out->impact_set = 1;
	}

	out->risk = ra_matrix_risk(s->matrix, out->likelihood, out->impact);
	out->score = (out->likelihood + 1) * (out->impact + 1);
	return 0;
}

/*
 * Append a C string: ra_buf_adds() without the calls when there is room,
 * for the basis of every row is built from a dozen pieces.
 */
static inline int
adds(struct ra_buf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->cap - b->len <= n)
		return ra_buf_add(b, s, n);
	memcpy(b->ptr + b->len, s, n + 1);
	b->len += n;
	return 0;
}

/* Append the C strings, NULL-terminated. */
static int add(struct ra_buf *, ...) __attribute__((sentinel));

static int
add(struct ra_buf *b, ...)
{
	const char *s;
	va_list ap;
	int error = 0;

	va_start(ap, b);
	while (error == 0 && (s = va_arg(ap, const char *)) != NULL)
		error = adds(b, s);
	va_end(ap);
	return error;
}

static const char *
vulnerability_of(const struct ra_score_input *in)
{
	return given(in->vulnerability_id) ? in->vulnerability_id :
	    "the vulnerability";
}

/* "safeguard mfa enforced -3", "no safeguard", ... */
static int
safeguard_phrase(struct ra_buf *b, const struct ra_score *sc,
    const struct ra_score_input *in)
{
	static const char *const steps[] = {
		"none", "documented -1", "partial -2", "enforced -3"
	};
	int effect = sc->effectiveness == RA_SCORE_NOT_GIVEN ?
	    RA_EFFECT_NONE : sc->effectiveness;

	if (given(in->safeguards))
		return add(b, strchr(in->safeguards, ';') != NULL ?
		    "safeguards " : "safeguard ", in->safeguards, " ",
		    steps[effect], (char *)NULL);
	if (effect == RA_EFFECT_NONE)
		return adds(b, "no safeguard");
	return add(b, "effectiveness ", steps[effect], (char *)NULL);
}

static int
status_phrase(struct ra_buf *b, const struct ra_score *sc,
    const struct ra_score_input *in)
{
	if (sc->status == RA_SCORE_NOT_GIVEN)
		return add(b, vulnerability_of(in), " status not given, "
		    "counted as unverified +1", (char *)NULL);
	return add(b, vulnerability_of(in), " ",
	    ra_vuln_status_names[sc->status],
	    sc->status_step > 0 ? " +1" : "", (char *)NULL);
}

static int
records_phrase(struct ra_buf *b, const struct ra_score *sc,
    const struct ra_score_input *in)
{
	if (sc->records == RA_SCORE_NOT_GIVEN)
		return adds(b, "records not known, counted as 500 or "
		    "more");
	return add(b, in->records, sc->records == 1 ? " record" : " records",
	    (char *)NULL);
}

static int
operational_phrase(struct ra_buf *b, const struct ra_score *sc)
{
	int error;

	if ((error = add(b, "downtime ",
	    downtime_names[sc->threat->downtime], (char *)NULL)) < 0)
		return error;
	if (sc->criticality == RA_SCORE_NOT_GIVEN)
		return adds(b, " (criticality not given, counted as "
		    "medium)");
	if (sc->criticality_step > 0)
		return adds(b, " +1 for criticality high");
	if (sc->criticality_step < 0)
		return adds(b, " -1 for criticality low");
	return 0;
}

int
ra_score_basis(struct ra_buf *b, const struct ra_scorer *s,
    const struct ra_score *sc, const struct ra_score_input *in)
{
	const struct ra_threat *t = sc->threat;
	int error, n = 0;

	if ((error = add(b, "likelihood ", ra_level_names[sc->likelihood],
	    ": ", (char *)NULL)) < 0)
		return error;
	if (sc->likelihood_set)
		error = adds(b, "set by the assessor");
	else if ((error = add(b, t->id, " base ",
	    ra_level_names[t->likelihood], ", ", (char *)NULL)) == 0 &&
	    (error = status_phrase(b, sc, in)) == 0 &&
	    (error = adds(b, ", ")) == 0 &&
	    (error = safeguard_phrase(b, sc, in)) == 0) {
		if (sc->likelihood_sum > RA_LEVEL_VERY_HIGH)
			error = adds(b, ", capped at very-high");
		else if (sc->likelihood_sum < RA_LEVEL_VERY_LOW)
			error = adds(b, ", floored at very-low");
	}
	if (error < 0 || (error = add(b, "; impact ",
	    ra_level_names[sc->impact], ": ", (char *)NULL)) < 0)
		return error;
	if (sc->impact_set)
		error = adds(b, "set by the assessor");
	else {
		/* Every factor that reaches the level. */
		if (sc->records_level == sc->impact) {
			error = records_phrase(b, sc, in);
			n++;
		}
		if (error == 0 && (int)t->financial == sc->impact) {
			error = add(b, n++ > 0 ? " and " : "", "financial ",
			    ra_level_names[t->financial], (char *)NULL);
		}
		if (error == 0 && sc->operational == sc->impact) {
			if (n++ > 0)
				error = adds(b, " and ");
			if (error == 0)
				error = operational_phrase(b, sc);
		}
	}
	if (error < 0)
		return error;
	return add(b, "; risk ", s->matrix->levels[sc->risk], (char *)NULL);
}

static int
level_text(struct ra_buf *b, int level)
{
	return add(b, ra_level_names[level], " (", number_text[level], ")",
	    (char *)NULL);
}

/* A small signed step as text: "+1", "-3", "+0". */
static const char *
step_text(int step)
{
	static const char *const text[] = { "-3", "-2", "-1", "+0", "+1" };

	assert(step >= -3 && step <= 1);
	return text[step + 3];
}

static int
explain_likelihood(struct ra_buf *b, const struct ra_score *sc,
    const struct ra_score_input *in)
{
	const struct ra_threat *t = sc->threat;
	int error;

	if ((error = ra_buf_adds(b, "  likelihood ")) < 0 ||
	    (error = level_text(b, sc->likelihood)) < 0)
		return error;
	if (sc->likelihood_set)
		return ra_buf_adds(b, ": set by the assessor\n");
	if ((error = add(b, "\n    threat ", t->id, " base likelihood: ",
	    (char *)NULL)) < 0 ||
	    (error = level_text(b, t->likelihood)) < 0 ||
	    (error = add(b, "\n    vulnerability ", vulnerability_of(in),
	    ": ", sc->status == RA_SCORE_NOT_GIVEN ?
	    "status not given, counted as unverified" :
	    ra_vuln_status_names[sc->status], " ", step_text(sc->status_step),
	    "\n    safeguards: ", given(in->safeguards) ? in->safeguards :
	    "none listed", ", effectiveness ",
	    sc->effectiveness == RA_SCORE_NOT_GIVEN ? "not given (none)" :
	    ra_effectiveness_names[sc->effectiveness], " ",
	    step_text(sc->effectiveness_step), "\n    ", (char *)NULL)) < 0 ||
	    (error = ra_buf_printf(b, "%d %s %d %s %d = %d", (int)t->likelihood,
	    sc->status_step < 0 ? "-" : "+", abs(sc->status_step),
	    sc->effectiveness_step < 0 ? "-" : "+",
	    abs(sc->effectiveness_step), sc->likelihood_sum)) < 0)
		return error;
	if (sc->likelihood_sum > RA_LEVEL_VERY_HIGH)
		error = ra_buf_adds(b, ", capped at 4");
	else if (sc->likelihood_sum < RA_LEVEL_VERY_LOW)
		error = ra_buf_adds(b, ", floored at 0");
	if (error == 0 && (error = ra_buf_adds(b, ": ")) == 0 &&
	    (error = level_text(b, sc->likelihood)) == 0)
		error = ra_buf_addch(b, '\n');
	return error;
}

static int
explain_impact(struct ra_buf *b, const struct ra_score *sc,
    const struct ra_score_input *in)
{
	static const char *const brackets[] = {
		"0", "", "1 to 499", "500 to 9,999", "10,000 or more"
	};
	const struct ra_threat *t = sc->threat;
	int error;

	if ((error = ra_buf_adds(b, "  impact ")) < 0 ||
	    (error = level_text(b, sc->impact)) < 0)
		return error;
	if (sc->impact_set)
		return ra_buf_adds(b, ": set by the assessor\n");
	if ((error = ra_buf_adds(b, ", the highest of:\n    records: ")) < 0)
		return error;
	if (sc->records_level < 0)
		error = add(b, "not counted (threat ", t->id, " exposes no "
		    "records)\n", (char *)NULL);
	else {
		if (sc->records == RA_SCORE_NOT_GIVEN)
			error = ra_buf_adds(b, "not known, counted as 500 or "
			    "more: ");
		else
			error = add(b, in->records, " (",
			    brackets[sc->records_level], "): ", (char *)NULL);
		if (error == 0 && (error = level_text(b,
		    sc->records_level)) == 0)
			error = ra_buf_addch(b, '\n');
	}
	if (error < 0 || (error = add(b, "    financial: threat ", t->id,
	    ": ", (char *)NULL)) < 0 ||
	    (error = level_text(b, t->financial)) < 0 ||
	    (error = ra_buf_adds(b, "\n    operational: ")) < 0)
		return error;
	if (sc->operational < 0)
		return add(b, "none (threat ", t->id, " causes no downtime)\n",
		    (char *)NULL);
	if ((error = ra_buf_printf(b, "downtime %s (%d) %s %d for "
	    "criticality %s = %d: ", downtime_names[t->downtime], t->downtime,
	    sc->criticality_step < 0 ? "-" : "+", abs(sc->criticality_step),
	    sc->criticality == RA_SCORE_NOT_GIVEN ?
	    "not given (counted as medium)" :
	    criticality_names[sc->criticality],
	    t->downtime + sc->criticality_step)) < 0 ||
	    (error = level_text(b, sc->operational)) < 0)
		return error;
	return ra_buf_addch(b, '\n');
}

int
ra_score_explain(struct ra_buf *b, const struct ra_scorer *s,
    const struct ra_score *sc, const struct ra_score_input *in)
{
	const struct ra_matrix *m = s->matrix;
	int error;

	if ((error = explain_likelihood(b, sc, in)) < 0 ||
	    (error = explain_impact(b, sc, in)) < 0)
		return error;
	return ra_buf_printf(b, "  risk %s: matrix %s at likelihood %s, "
	    "impact %s (plan level %s)\n"
	    "  score %d = (%d + 1) x (%d + 1)\n",
	    m->levels[sc->risk], m->name, ra_level_names[sc->likelihood],
	    ra_level_names[sc->impact],
	    ra_plan_level_names[m->collapse[sc->risk]], sc->score,
	    sc->likelihood, sc->impact);
}

/* The register filter. */

enum column {
	COL_RISK_ID, COL_ASSET_ID, COL_THREAT_ID, COL_VULNERABILITY_ID,
	COL_STATUS, COL_SAFEGUARDS, COL_EFFECTIVENESS, COL_RECORDS,
	COL_CRITICALITY,
	COL_LIKELIHOOD, COL_IMPACT, COL_RISK, COL_SCORE, COL_BASIS,
	NCOLUMNS
};

#define NKEYS (COL_VULNERABILITY_ID + 1)
#define FIRST_OUTPUT COL_LIKELIHOOD

static const char *const column_names[NCOLUMNS] = {
	"risk_id", "asset_id", "threat_id", "vulnerability_id",
	"vulnerability_status", "safeguards", "effectiveness", "records",
	"criticality",
	"likelihood", "impact", "risk", "score", "basis"
};

static int
write_header(struct ra_csv_writer *w, const struct ra_csv_row *header,
    const int *where)
{
	size_t i;
	int error = 0, c;

	for (i = 0; i < header->nfields && error == 0; i++)
		error = ra_csv_write_field(w, header->fields[i],
		    header->lens[i]);
	for (c = FIRST_OUTPUT; c < NCOLUMNS && error == 0; c++)
		if (where[c] < 0)
			error = ra_csv_write_raw(w, column_names[c],
			    strlen(column_names[c]));
	if (error == 0)
		error = ra_csv_write_end_row(w);
	return error;
}

/* The value of output column c for the row. */
static void
output_value(const char **text, size_t *len, int c, const struct ra_scorer *s,
    const struct ra_score *sc, const struct ra_buf *basis)
{
	switch (c) {
	case COL_LIKELIHOOD:
		*text = ra_level_names[sc->likelihood];
		break;
	case COL_IMPACT:
		*text = ra_level_names[sc->impact];
		break;
	case COL_RISK:
		*text = s->matrix->levels[sc->risk];
		break;
	case COL_SCORE:
		*text = number_text[sc->score];
		break;
	default:
		*text = basis->ptr;
		*len = basis->len;
		return;
	}
	*len = strlen(*text);
}

static int
write_row(struct ra_csv_writer *w, const struct ra_csv_row *row,
    const signed char *output_at, const int *where,
    const struct ra_scorer *s, const struct ra_score *sc,
    const struct ra_buf *basis)
{
	const char *text;
	size_t i, len;
	int error = 0, c, filled = 0;

	for (c = FIRST_OUTPUT; c < NCOLUMNS; c++)
		filled |= where[c] >= 0;
	/* The usual case: the input's cells as they are, ours after them. */
	if (!filled) {
		error = ra_csv_write_cells(w, row);
		i = row->nfields;
	} else
		i = 0;
	for (; i < row->nfields && error == 0; i++) {
		if ((c = output_at[i]) < 0) {
			error = ra_csv_write_field(w, row->fields[i],
			    row->lens[i]);
			continue;
		}
		output_value(&text, &len, c, s, sc, basis);
		error = c == COL_BASIS ? ra_csv_write_field(w, text, len) :
		    ra_csv_write_raw(w, text, len);
	}
	for (c = FIRST_OUTPUT; c < NCOLUMNS && error == 0; c++) {
		if (where[c] >= 0)
			continue;
		output_value(&text, &len, c, s, sc, basis);
		error = c == COL_BASIS ? ra_csv_write_field(w, text, len) :
		    ra_csv_write_raw(w, text, len);
	}
	if (error == 0)
		error = ra_csv_write_end_row(w);
	return error;
}

static int
explain_header(FILE *out, const struct ra_scorer *s)
{
	const struct ra_matrix *m = s->matrix;
	struct ra_buf b = RA_BUF_INIT;
	size_t i;
	int error;

	error = add(&b, "matrix ", m->name, m->description[0] != '\0' ?
	    ": " : "", m->description, "\nlevels: very-low 0, low 1, "
	    "moderate 2, high 3, very-high 4\nrisk levels, lowest first:",
	    (char *)NULL);
	for (i = 0; i < m->nlevels && error == 0; i++)
		error = add(&b, i > 0 ? ", " : " ", m->levels[i], " (plan ",
		    ra_plan_level_names[m->collapse[i]], ")", (char *)NULL);
	if (error == 0)
		error = ra_buf_adds(&b, "\n");
	if (error == 0 && fwrite(b.ptr, 1, b.len, out) != b.len)
		error = ra_error_set(RA_EIO, "write failed");
	ra_buf_release(&b);
	return error;
}

int
ra_score_register(const struct ra_scorer *s, FILE *in, const char *name,
    FILE *out, const struct ra_score_options *options)
{
	struct ra_csv_reader *r = NULL;
	const struct ra_csv_row *header, *row;
	struct ra_csv_writer w;
	struct ra_buf basis = RA_BUF_INIT, text = RA_BUF_INIT;
	struct ra_score_input input;
	struct ra_score sc;
	signed char *output_at = NULL;
	int where[NCOLUMNS], error, c;
	const char **slot[COL_LIKELIHOOD];

	assert(s != NULL && in != NULL && name != NULL && out != NULL);
	slot[COL_RISK_ID] = NULL;
	slot[COL_ASSET_ID] = NULL;
	slot[COL_THREAT_ID] = &input.threat_id;
	slot[COL_VULNERABILITY_ID] = &input.vulnerability_id;
	slot[COL_STATUS] = &input.vulnerability_status;
	slot[COL_SAFEGUARDS] = &input.safeguards;
	slot[COL_EFFECTIVENESS] = &input.effectiveness;
	slot[COL_RECORDS] = &input.records;
	slot[COL_CRITICALITY] = &input.criticality;

	if ((error = ra_csv_reader_new(&r, in, name)) < 0)
		return error;
	if ((error = ra_csv_reader_header(r, &header)) < 0)
		goto done;
	if (error == 0) {
		error = ra_error_at(RA_EINVAL, name, 0, NULL, "empty input: "
		    "expected a register with a header line");
		goto done;
	}
	for (c = 0; c < NCOLUMNS; c++) {
		where[c] = ra_csv_reader_column(r, column_names[c]);
		if (c < NKEYS && where[c] < 0) {
			error = ra_error_at(RA_EINVAL, name, header->line,
			    NULL, "no '%s' column", column_names[c]);
			goto done;
		}
	}
	if ((output_at = malloc(header->nfields)) == NULL) {
		error = ra_error_set(RA_ENOMEM, "out of memory");
		goto done;
	}
	memset(output_at, -1, header->nfields);
	for (c = FIRST_OUTPUT; c < NCOLUMNS; c++)
		if (where[c] >= 0)
			output_at[where[c]] = (signed char)c;

	ra_csv_writer_init(&w, out);
	if (options->explain)
		error = explain_header(out, s);
	else
		error = write_header(&w, header, where);
	if (error < 0)
		goto done;

	while ((error = ra_csv_reader_next(r, &row)) == 1) {
		memset(&input, 0, sizeof(input));
		for (c = 0; c < COL_LIKELIHOOD; c++) {
			if (where[c] < 0)
				continue;
			if (c < NKEYS && row->lens[where[c]] == 0) {
				error = ra_error_at(RA_EINVAL, name, row->line,
				    column_names[c], "empty value");
				goto done;
			}
			if (slot[c] != NULL)
				*slot[c] = row->fields[where[c]];
		}
		input.likelihood = where[COL_LIKELIHOOD] < 0 ? NULL :
		    row->fields[where[COL_LIKELIHOOD]];
		input.impact = where[COL_IMPACT] < 0 ? NULL :
		    row->fields[where[COL_IMPACT]];
		input.basis = where[COL_BASIS] < 0 ? NULL :
		    row->fields[where[COL_BASIS]];
		if ((error = ra_score_row(&sc, s, &input, name,
		    row->line)) < 0)
			goto done;
		if (sc.risk < options->min_risk || (options->min_plan >= 0 &&
		    s->matrix->collapse[sc.risk] < options->min_plan))
			continue;
		ra_buf_truncate(&basis, 0);
		if ((error = ra_score_basis(&basis, s, &sc, &input)) < 0)
			goto done;
		if (!options->explain) {
			if ((error = write_row(&w, row, output_at, where, s,
			    &sc, &basis)) < 0)
				goto done;
			continue;
		}
		ra_buf_truncate(&text, 0);
		if ((error = ra_buf_printf(&text, "\n%s:%lu: %s\n", name,
		    row->line, row->fields[where[COL_RISK_ID]])) < 0 ||
		    (error = ra_score_explain(&text, s, &sc, &input)) < 0 ||
		    (error = add(&text, "  basis: ", basis.ptr, "\n",
		    (char *)NULL)) < 0)
			goto done;
		if (fwrite(text.ptr, 1, text.len, out) != text.len) {
			error = ra_error_set(RA_EIO, "write failed");
			goto done;
		}
	}
	if (error == 0)
		error = ra_csv_writer_finish(&w);
done:
	free(output_at);
	ra_buf_release(&basis);
	ra_buf_release(&text);
	ra_csv_reader_free(r);
	return error;
}
