// SPDX-License-Identifier: GPL-2.0
/* The unit of CPU work and its calibration (see work.h). */
#include <time.h>

#include "work.h"

/* ~1 µs natively: fine-grained counts, negligible counting overhead. */
#define WORK_UNIT_ITERS 256

/*
 * Calibration: the fastest of many short batches, i.e. the least disturbed
 * (in a guest, CPU time also runs while the host has the vCPU preempted).
 */
#define CAL_BATCHES 32
#define CAL_BATCH_NS 2000000ULL
#define CAL_STEP 16

/* Carried from unit to unit; volatile so that no unit is optimised out. */
static volatile uint64_t work_state = 1;

void work_unit(void)
{
	uint64_t x = work_state;

	/* A dependent xorshift chain: pure ALU work, no memory traffic. */
	for (int i = 0; i < WORK_UNIT_ITERS; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	work_state = x;
}

static uint64_t clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

uint64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

uint64_t cpu_time_ns(void)
{
	return clock_ns(CLOCK_PROCESS_CPUTIME_ID);
}

uint64_t work_calibrate(uint64_t target_ns)
{
	uint64_t best_units = 0, best_ns = 1;

	/* Thread CPU time, so that a busy machine only adds noise. */
	for (int b = 0; b < CAL_BATCHES; b++) {
		uint64_t start = clock_ns(CLOCK_THREAD_CPUTIME_ID);
		uint64_t units = 0, spent;

		do {
			for (int i = 0; i < CAL_STEP; i++)
				work_unit();
			units += CAL_STEP;
			spent = clock_ns(CLOCK_THREAD_CPUTIME_ID) - start;
		} while (spent < CAL_BATCH_NS);
		if (units * best_ns > best_units * spent) {
			best_units = units;
			best_ns = spent;
		}
	}
	best_units = target_ns * best_units / best_ns;
	return best_units ? best_units : 1;
}
