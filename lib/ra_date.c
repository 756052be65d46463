/*
 * ra_date.c: calendar arithmetic for ra_date.h, by days since the epoch
 * (Howard Hinnant's civil-from-days algorithm), so no time zone and no
 * libc time function can shift a date.
 */
#include <stdio.h>
#include <string.h>

#include "ra_date.h"
#include "ra_error.h"

int
ra_date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
ra_date_days_in_month(int year, int month)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && ra_date_is_leap(year))
		return 29;
	return days[month - 1];
}

static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
ra_date_parse(struct ra_date *out, const char *s)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		goto bad;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 1900 || m < 1 || m > 12 || d < 1 ||
	    d > ra_date_days_in_month(y, m))
		goto bad;
	out->year = y;
	out->month = m;
	out->day = d;
	return 0;
bad:
	return ra_error_set(RA_EINVAL, "expected a date YYYY-MM-DD, got '%s'",
	    s != NULL ? s : "");
}

void
ra_date_format(char out[11], const struct ra_date *d)
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d->year % 10000u,
	    (unsigned)d->month % 100u, (unsigned)d->day % 100u);
}

long
ra_date_to_days(const struct ra_date *d)
{
	long y = d->year - (d->month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d->month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d->day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
ra_date_from_days(struct ra_date *out, long days)
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;

	out->year = (int)(yoe + era * 400 + (m <= 2));
	out->month = (int)m;
	out->day = (int)d;
}

void
ra_date_add_days(struct ra_date *out, const struct ra_date *d, long n)
{
	ra_date_from_days(out, ra_date_to_days(d) + n);
}

int
ra_date_cmp(const struct ra_date *a, const struct ra_date *b)
{
	long x = ra_date_to_days(a), y = ra_date_to_days(b);

	return (x > y) - (x < y);
}
