// SPDX-License-Identifier: GPL-2.0
/*
 * sched-pct: percentiles of response times pooled from several probe runs
 * (sched-probe -o), with the probe's own definition (stats.h).
 *
 *   sched-pct < SAMPLES
 *
 * Reads one value (µs) a line; prints one line
 * "samples=N p50_us=N p99_us=N p999_us=N max_us=N".
 */
#include <stdio.h>
#include <stdlib.h>

#include "stats.h"

int main(void)
{
	uint32_t *us = NULL, v;
	size_t n = 0, cap = 0;

	while (scanf("%u", &v) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			us = realloc(us, cap * sizeof(*us));
			if (!us) {
				perror("sched-pct");
				return 1;
			}
		}
		us[n++] = v;
	}
	if (!feof(stdin)) {
		fprintf(stderr, "sched-pct: not a number at sample %zu\n", n + 1);
		return 1;
	}
	printf("samples=%zu", n);
	stats_print(stdout, us, n);
	putchar('\n');
	free(us);
	return 0;
}
