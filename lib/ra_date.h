/*
 * ra_date.h: calendar dates (YYYY-MM-DD, proleptic Gregorian, no time zone).
 *
 * Dates are what the assessment speaks: "today" (set with --date or
 * RA_DATE), due dates, filing dates.  Pure functions, no I/O.
 */
#ifndef RA_DATE_H
#define RA_DATE_H

struct ra_date {
	int year;	/* 1900..9999 */
	int month;	/* 1..12 */
	int day;	/* 1..days in month */
};

/*
 * Parse exactly "YYYY-MM-DD" with a real calendar day.  0, or RA_EINVAL
 * with the message "expected a date YYYY-MM-DD, got 'S'" (no file prefix:
 * the caller adds its position).
 */
int ra_date_parse(struct ra_date *out, const char *s);

/* Write "YYYY-MM-DD" and its NUL into out (11 bytes). */
void ra_date_format(char out[11], const struct ra_date *d);

/* Days since 1970-01-01 (negative before). */
long ra_date_to_days(const struct ra_date *d);
void ra_date_from_days(struct ra_date *out, long days);

/* d plus n days (n may be negative). */
void ra_date_add_days(struct ra_date *out, const struct ra_date *d, long n);

/* <0, 0, >0 as a is before, equal to, after b. */
int ra_date_cmp(const struct ra_date *a, const struct ra_date *b);

/* 1 when y is a leap year; the number of days in month m of year y. */
int ra_date_is_leap(int year);
int ra_date_days_in_month(int year, int month);

#endif
