/*
 * bench/bare.c: the yardstick for ra-score's speed: a bare C program that
 * reads a register with libcsv and writes it back (RFC 4180, minimal
 * quoting, LF) with two columns added: the threat's base likelihood (a
 * lookup in threats.csv) and the likelihood ra-score derives from it
 * (base, +1 for a present or unverified vulnerability, -1/-2/-3 for
 * documented/partial/enforced safeguards, clamped).  No validation, no
 * line numbers, no formula guard, no basis: what a careful programmer
 * would write in an afternoon.  Not part of ra.
 *
 * usage: bare threats.csv [register.csv] > out.csv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#define MAXTHREATS 256
#define MAXCOLS 4096

static const char *const levels[] = {
	"very-low", "low", "moderate", "high", "very-high"
};

static char *threat_id[MAXTHREATS];
static int threat_base[MAXTHREATS];
static int nthreats;

/* The current record. */
static int col, header = 1;
static int c_threat = -1, c_status = -1, c_effect = -1;
static int base, step_status, step_effect, found;

static void
put_field(const char *s, size_t len)
{
	size_t i;
	int quote = 0;

	for (i = 0; i < len && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n';
	if (!quote) {
		fwrite(s, 1, len, stdout);
		return;
	}
	putchar('"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			putchar('"');
		putchar(s[i]);
	}
	putchar('"');
}

static int
is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

static void
on_field(void *data, size_t len, void *ctx)
{
	const char *s = data;
	int i;

	(void)ctx;
	if (col > 0)
		putchar(',');
	put_field(s, len);
	if (header) {
		if (is(s, len, "threat_id"))
			c_threat = col;
		else if (is(s, len, "vulnerability_status"))
			c_status = col;
		else if (is(s, len, "effectiveness"))
			c_effect = col;
	} else if (col == c_threat) {
		for (i = 0; i < nthreats; i++)
			if (is(s, len, threat_id[i])) {
				base = threat_base[i];
				found = 1;
				break;
			}
	} else if (col == c_status)
		step_status = is(s, len, "absent") ? 0 : 1;
	else if (col == c_effect)
		step_effect = is(s, len, "documented") ? -1 :
		    is(s, len, "partial") ? -2 :
		    is(s, len, "enforced") ? -3 : 0;
	col++;
}

static void
on_record(int c, void *ctx)
{
	int l;

	(void)c;
	(void)ctx;
	if (header) {
		fputs(",base,likelihood\n", stdout);
		header = 0;
	} else if (!found) {
		fputs(",,\n", stdout);
	} else {
		l = base + step_status + step_effect;
		l = l < 0 ? 0 : l > 4 ? 4 : l;
		printf(",%s,%s\n", levels[base], levels[l]);
	}
	col = 0;
	found = 0;
	step_status = 1;
	step_effect = 0;
}

int
main(int argc, char **argv)
{
	static char buf[64 * 1024];
	struct csv_parser p;
	char line[256], *comma;
	size_t n;
	FILE *fp;

	if (argc < 2 || argc > 3 || (fp = fopen(argv[1], "r")) == NULL ||
	    (argc == 3 && freopen(argv[2], "r", stdin) == NULL)) {
		fprintf(stderr, "usage: bare threats.csv [register.csv]\n");
		return 2;
	}
	while (fgets(line, sizeof(line), fp) != NULL && nthreats < MAXTHREATS)
		if ((comma = strchr(line, ',')) != NULL &&
		    strncmp(line, "id,", 3) != 0) {
			*comma = '\0';
			threat_id[nthreats] = strdup(line);
			threat_base[nthreats++] = atoi(comma + 1);
		}
	fclose(fp);
	if (csv_init(&p, CSV_STRICT) != 0)
		return 2;
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		if (csv_parse(&p, buf, n, on_field, on_record, NULL) != n) {
			fprintf(stderr, "bare: %s\n",
			    csv_strerror(csv_error(&p)));
			return 2;
		}
	csv_fini(&p, on_field, on_record, NULL);
	csv_free(&p);
	if (fflush(stdout) != 0 || ferror(stdout))
		return 2;
	return 0;
}
