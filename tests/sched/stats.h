/* SPDX-License-Identifier: GPL-2.0 */
/* Percentiles of response-time samples, one definition for every program. */
#ifndef SCHED_STATS_H
#define SCHED_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Sort the samples (µs) and print them as key=value pairs on one line:
 * " p50_us=.. p99_us=.. p999_us=.. max_us=..". Percentiles are
 * nearest-rank; all are 0 when there is no sample.
 */
void stats_print(FILE *f, uint32_t *us, size_t n);

#endif /* SCHED_STATS_H */
