/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hint policy (Documentation/scheduling.md): a class and its
 * confidence give a nice value within the module's [nice_min, nice_max]
 * and an I/O priority. Pure.
 */
#ifndef LLMOS_SCHED_POLICY_H
#define LLMOS_SCHED_POLICY_H

#include <stdbool.h>
#include <stdint.h>

/* No hint below this confidence (per mille). */
#define SCHED_POLICY_MIN_CONF		500
/* Confidence from which the strongest hint of a class is given. */
#define SCHED_POLICY_FULL_CONF		900
/* Interactive processes get SCHED_POLICY_INTERACTIVE_NICE from here. */
#define SCHED_POLICY_INTERACTIVE_CONF	750
#define SCHED_POLICY_INTERACTIVE_NICE	(-2)
/* Background processes get nice 19 and the idle I/O class from here. */
#define SCHED_POLICY_IDLE_CONF		700

struct sched_plan {
	bool hint;		/* false: no hint (revert one if held) */
	int nice;
	int ioprio;		/* LLMOS_IOPRIO(class, level), or -1: leave */
};

void sched_policy(int cls, unsigned int conf, int nice_min, int nice_max,
		  struct sched_plan *plan);
/* "be/7", "idle", "-" */
const char *sched_ioprio_str(int ioprio, char *buf, unsigned int len);

#endif
