/*
 * ra_score.h: scoring a threat-vulnerability register: likelihood x impact
 * -> risk, each row explained.
 *
 * The method (ra-score(1) spells it out for auditors):
 *
 * A likelihood or impact already in the row is an assessor's judgement
 * and is kept, unless the row's basis shows that ra-score itself derived
 * that very value (the basis names the level and does not say "set by the
 * assessor"): then it is derived again, so re-scoring a scored register
 * follows changes in the catalog, the matrix and the row.
 *
 * Likelihood, unless the row already has one (an assessor's judgement):
 * the threat's base likelihood from the catalog, +1 when the vulnerability
 * is present or unverified (and when its status is not given), -1 for
 * safeguards whose effectiveness is documented, -2 partial, -3 enforced,
 * clamped to very-low..very-high.
 *
 * Impact, unless the row already has one: the highest of records (when
 * the threat exposes records: 0 very-low, 1-499 moderate, 500-9,999 high,
 * 10,000 and more very-high, not known high), the threat's financial level,
 * and its downtime (low 1, moderate 2, high 3) adjusted by the asset's
 * criticality (high +1, medium or not given 0, low -1), clamped.
 *
 * Risk is the matrix's grid[likelihood][impact]; score is (likelihood +
 * 1) x (impact + 1), 1..25.
 *
 * Rows stream through ra_score_register(): one row in memory at a time.
 */
#ifndef RA_SCORE_H
#define RA_SCORE_H

#include <stddef.h>
#include <stdio.h>

#include "ra_catalog.h"
#include "ra_matrix.h"

struct ra_buf;

/* What a register row says.  NULL: the column is absent; "" empty. */
struct ra_score_input {
	const char *threat_id;
	const char *vulnerability_id;
	const char *vulnerability_status;
	const char *safeguards;
	const char *effectiveness;
	const char *records;
	const char *criticality;
	const char *likelihood;		/* the assessor's, when not
					   empty */
	const char *impact;		/* the assessor's, when not empty */
	const char *basis;		/* the row's basis,
					   from an earlier run */
};

/* Not given (column absent or empty), for the fields that may be. */
#define RA_SCORE_NOT_GIVEN (-1)

/* Every step of one row's derivation, for the basis and --explain. */
struct ra_score {
	const struct ra_threat *threat;

	int likelihood;			/* 0..4, the result */
	int likelihood_set;		/* 1: set by the assessor */
	int status;			/* enum ra_vuln_status or
					   NOT_GIVEN */
	int status_step;		/* 0 or +1 */
	int effectiveness;		/* enum ra_effectiveness or
					   NOT_GIVEN */
	int effectiveness_step;		/* 0, -1, -2 or -3 */
	int likelihood_sum;		/* base + steps, before clamping */

	int impact;			/* 0..4, the result */
	int impact_set;			/* 1: set by the assessor */
	int records_level;		/* -1 when the threat exposes none */
	long records;			/* NOT_GIVEN when not known */
	int operational;		/* -1 when the downtime is none */
	int criticality;		/* 0 low, 1 medium, 2 high, NOT_GIVEN */
	int criticality_step;		/* -1, 0 or +1 */

	int risk;			/* index into the matrix's levels */
	int score;			/* 1..25 */
};

struct ra_scorer;

/*
 * A scorer over a catalog and a matrix; both are borrowed and must
 * outlive it.
 */
int ra_scorer_new(struct ra_scorer **out, const struct ra_catalog *cat,
    const struct ra_matrix *matrix);

void ra_scorer_free(struct ra_scorer *s);

/*
 * Score one row.  file and line are for messages: RA_EINVAL with
 * "file:line: column: what" for an unknown threat, an unknown level or a
 * value out of its vocabulary.
 */
int ra_score_row(struct ra_score *out, const struct ra_scorer *s,
    const struct ra_score_input *in, const char *file, unsigned long line);

/*
 * Append the row's basis: one line naming every factor that moved each
 * level, such as "likelihood high: ransomware base moderate, unpatched
 * present +1, no safeguard; impact very-high: 14000 records; risk high".
 * 0 or RA_ENOMEM.
 */
int ra_score_basis(struct ra_buf *out, const struct ra_scorer *s,
    const struct ra_score *sc, const struct ra_score_input *in);

/*
 * Append the full derivation of a row as indented lines of text, each
 * number shown, so that it can be recomputed by hand.
 */
int ra_score_explain(struct ra_buf *out, const struct ra_scorer *s,
    const struct ra_score *sc, const struct ra_score_input *in);

/* The register filter. */
struct ra_score_options {
	int min_risk;			/* keep risk index >= this
					   (0: all) */
	int min_plan;			/* or collapse >= this;
					   -1: unused */
	int explain;			/* write derivations, not CSV */
};

/*
 * Read the register from in (name: what messages call it), score every
 * row and write it to out: the same columns in the same order, with
 * likelihood, impact, risk, score and basis filled where they exist and
 * appended where they do not; or, with explain, each row's derivation.
 * Rows below the minimum are left out.  The key columns risk_id, asset_id,
 * threat_id and vulnerability_id are required ("name:1: no 'threat_id'
 * column").  Errors name file and line; RA_EIO for a write error.
 * Streams: memory does not grow with the input.
 */
int ra_score_register(const struct ra_scorer *s, FILE *in, const char *name,
    FILE *out, const struct ra_score_options *options);

#endif
