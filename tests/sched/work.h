/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit of CPU work shared by the scheduling benchmark's programs: the
 * probe's frames and the hogs' loops are counted in it, so that work moved
 * from the hogs to the probe adds up to the same total.
 */
#ifndef SCHED_WORK_H
#define SCHED_WORK_H

#include <stdint.h>

/* One unit of work (~1 µs natively). */
void work_unit(void);

/* How many units take target_ns of CPU time on an idle CPU. */
uint64_t work_calibrate(uint64_t target_ns);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t now_ns(void);

/* The calling process's CPU time (user and system) in nanoseconds. */
uint64_t cpu_time_ns(void);

#endif /* SCHED_WORK_H */
