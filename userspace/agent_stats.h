/* SPDX-License-Identifier: GPL-2.0 */
/*
 * llmosd's --stats report: throughput, drops by cause, the process table,
 * and the agent's own CPU time and memory. One "name value" pair a line, so
 * that scripts (the benchmarks) can read it.
 */
#ifndef LLMOS_USERSPACE_AGENT_STATS_H
#define LLMOS_USERSPACE_AGENT_STATS_H

#include <stdint.h>
#include <stdio.h>

#include "pipeline.h"

struct agent_stats {
	uint64_t start_ns;	/* CLOCK_MONOTONIC when the agent started */
	uint64_t last_ns;	/* ... and at the previous report */
	uint64_t last_events;
};

void agent_stats_start(struct agent_stats *as);
/*
 * Print the report. Rates cover the time since the previous report (or
 * since the start); events_per_cpu_s covers the whole run.
 */
void agent_stats_print(struct agent_stats *as, FILE *out,
		       const struct pipeline *pl);

#endif /* LLMOS_USERSPACE_AGENT_STATS_H */
