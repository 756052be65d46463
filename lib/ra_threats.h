/*
 * ra_threats.h: from one inventory asset to its threat-vulnerability
 * pairs, with the practice's current safeguards applied.
 *
 * For an active asset, every threat T of its category is paired with every
 * vulnerability V that enables T and applies to the asset: V is in the
 * category's list (status unverified: the assessor has not checked it), or
 * a rule decides it from an inventory attribute (no or partial: present;
 * unknown: unverified; yes: absent; n/a: not applicable) or marks it
 * inherent (present).  A retired asset gets only the threats marked
 * retired (theft, break-in, disposal) and only while its ephi still says
 * store; a disposed asset only the threats marked disposal.  A pair's
 * safeguards are those that cover the asset (applies_to: its id, its
 * category, or all) and mitigate V; its effectiveness is the best of
 * theirs.  When the asset's own attribute says no (encryption: no), no
 * safeguard counts for the vulnerability that attribute decides: a
 * control this asset lacks does not cover it.  Pure: no I/O.
 */
#ifndef RA_THREATS_H
#define RA_THREATS_H

#include <stddef.h>

#include "ra_catalog.h"
#include "ra_practice.h"

enum ra_vuln_status {
	RA_VULN_ABSENT,
	RA_VULN_UNVERIFIED,
	RA_VULN_PRESENT
};

/* "absent", "unverified", "present". */
extern const char *const ra_vuln_status_names[];

/* What the engine needs of an asset: normalised inventory values. */
struct ra_asset_view {
	const char *id;
	const char *category;
	const char *status;		/* active, retired or disposed */
	const char *ephi;		/* create;receive;store;transmit,
					   or NULL */
	const char *attributes[5];	/* encryption, mfa, patched, backup,
					   baa */
};

struct ra_pair {
	const struct ra_threat *threat;
	const struct ra_vulnerability *vulnerability;
	enum ra_vuln_status status;
	const char *safeguards;		/* ids joined by ';',
					   may be "" */
	enum ra_effectiveness effectiveness;
};

struct ra_threats;

/*
 * Prepare the engine over a validated catalog and the practice's
 * safeguards (may be NULL).  Both are borrowed and must outlive it.  A
 * safeguard that is not in the catalog must say what it mitigates; every
 * vulnerability named must exist; applies_to entries that are neither all
 * nor a category are taken as asset ids (see ra_threats_unused_ids).
 */
int ra_threats_new(struct ra_threats **out, const struct ra_catalog *cat,
    const struct ra_safeguards *safeguards);

void ra_threats_free(struct ra_threats *t);

/*
 * Call emit for every pair of the asset, in the category's threat order,
 * then vulnerability order.  With all set, pairs whose vulnerability is
 * absent are emitted too.  The category must be in the catalog
 * (RA_ENOTFOUND otherwise, with the message "no category 'x' in the
 * catalog").  emit returning non-zero stops and is returned.
 */
int ra_threats_asset(struct ra_threats *t, const struct ra_asset_view *asset,
    int all, int (*emit)(void *ctx, const struct ra_pair *pair), void *ctx);

/*
 * Note that an asset id exists (for the applies_to check).  An id seen
 * before is RA_EEXISTS, "duplicate id 'x'": its risk_ids would repeat.
 */
int ra_threats_saw_asset(struct ra_threats *t, const char *id);

/*
 * RA_EINVAL naming the first safeguard whose applies_to names an asset id
 * that ra_threats_saw_asset() never saw: "safeguards.yaml:7:
 * safeguards[1].applies_to: no asset or category 'lapton' (did you mean
 * 'laptop'?)".  0 when every entry matched.
 */
int ra_threats_unused_ids(const struct ra_threats *t);

#endif
