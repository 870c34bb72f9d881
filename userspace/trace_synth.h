/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Synthetic traces for benchmarks: many processes alive at once, syscall
 * batches of random length spread over them, sched samples, some churn.
 * Deterministic for a given seed.
 */
#ifndef LLMOS_USERSPACE_TRACE_SYNTH_H
#define LLMOS_USERSPACE_TRACE_SYNTH_H

#include <stddef.h>
#include <stdint.h>

struct synth_opts {
	uint32_t procs;		/* alive at once */
	uint64_t syscalls;	/* at least this many in all */
	uint64_t seed;
};

/* Write the trace to out. 0, or -1 with err set. */
int trace_synth(const struct synth_opts *o, const char *out, char *err,
		size_t errlen);

#endif /* LLMOS_USERSPACE_TRACE_SYNTH_H */
