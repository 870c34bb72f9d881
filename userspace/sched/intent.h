/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user's own choices (Documentation/scheduling.md): a process started
 * under nice, chrt, ionice or taskset keeps what the user chose. A value
 * inherited from a parent that llmos hinted is not the user's.
 */
#ifndef LLMOS_SCHED_INTENT_H
#define LLMOS_SCHED_INTENT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum sched_intent {
	SCHED_INTENT_NICE = 1 << 0,	/* nice != 0 */
	SCHED_INTENT_POLICY = 1 << 1,	/* not SCHED_OTHER (chrt) */
	SCHED_INTENT_IOPRIO = 1 << 2,	/* an I/O class set (ionice) */
	SCHED_INTENT_AFFINITY = 1 << 3,	/* CPUs restricted (taskset) */
};

/* What llmosd sees of a process (and its parent's hint, if any). */
struct sched_intent_obs {
	int nice;
	int policy;		/* sched_getscheduler() */
	int ioprio;		/* ioprio_get(), raw */
	bool affinity_narrower;	/* fewer CPUs than the reference (pid 1) */
	bool parent_hinted;	/* llmos holds a hint on the parent */
	int parent_nice;	/* the hint's nice, when parent_hinted */
	int parent_ioprio;	/* the hint's I/O priority or -1 */
};

/* The SCHED_INTENT_* bits the observation shows; 0: llmos may hint. */
unsigned int sched_intent_decide(const struct sched_intent_obs *o);
/*
 * Fills o from /proc/PID/stat, sched_getscheduler(), ioprio_get() and
 * sched_getaffinity() (the parent fields are left alone). -errno if the
 * process is gone.
 */
int sched_intent_read(pid_t pid, struct sched_intent_obs *o);
/* "nice,chrt" style list of the bits, or "-". */
const char *sched_intent_str(unsigned int bits, char *buf, unsigned int len);

#endif
