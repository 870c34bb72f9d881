// SPDX-License-Identifier: GPL-2.0
/* Percentiles of response-time samples (see stats.h). */
#include <stdlib.h>

#include "stats.h"

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Nearest rank: the smallest sample with permille/1000 of all at or below. */
static uint32_t pct(const uint32_t *sorted, size_t n, unsigned int permille)
{
	size_t rank = (n * permille + 999) / 1000;

	if (!n)
		return 0;
	return sorted[rank ? rank - 1 : 0];
}

void stats_print(FILE *f, uint32_t *us, size_t n)
{
	qsort(us, n, sizeof(*us), cmp_u32);
	fprintf(f, " p50_us=%u p99_us=%u p999_us=%u max_us=%u",
		pct(us, n, 500), pct(us, n, 990), pct(us, n, 999),
		n ? us[n - 1] : 0);
}
