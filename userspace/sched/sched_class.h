/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scheduling classes and the features they are judged on
 * (Documentation/scheduling.md). The same decision list labels whole
 * recorded runs for training (self-supervised: no hand labels, no names)
 * and judges each window of a live process in llmosd.
 */
#ifndef LLMOS_SCHED_CLASS_H
#define LLMOS_SCHED_CLASS_H

#include <stdbool.h>
#include <stdint.h>

enum sched_class {
	SCHED_CLASS_NONE = -1,		/* not enough evidence */
	SCHED_CLASS_INTERACTIVE = 0,	/* short bursts, frequent wakeups */
	SCHED_CLASS_BATCH = 1,		/* long full slices, never sleeps */
	SCHED_CLASS_IO = 2,		/* blocks in data syscalls */
	SCHED_CLASS_BACKGROUND = 3,	/* mostly idle */
	SCHED_NR_CLASSES = 4,
};

/*
 * The classes in order, as a model's metadata `sched.classes` names the
 * ones its scheduling head was trained on (llmos-train --sched-labels).
 */
#define SCHED_MODEL_CLASSES "interactive,batch,io,background"

/* "interactive", "batch", "io", "background"; "-" for NONE. */
const char *sched_class_name(int cls);
/* The class named name, or SCHED_CLASS_NONE. */
int sched_class_parse(const char *name);

/*
 * Raw counters over a span of a process's life: the sums of its threads'
 * sched samples (struct proc_sched), its syscalls, and the wall time.
 */
struct sched_counters {
	uint64_t wall_ns;	/* event time covered */
	uint64_t interval_ns;	/* thread time covered by sched samples */
	uint64_t run_ns;
	uint64_t wait_ns;
	uint64_t nr_runs;
	uint64_t wakeups;
	uint64_t nvcsw;
	uint64_t nivcsw;
	uint64_t syscalls;
	uint64_t io_syscalls;	/* sched_token_is_io() */
};

/* Features derived from counters. */
struct sched_features {
	double cpu;		/* run_ns / wall_ns: CPUs used (may be > 1) */
	double demand;		/* (run + wait) / interval: share of thread
				   time runnable (on a CPU or waiting) */
	double wakeups_s;	/* wakeups per wall second */
	double vol_ratio;	/* nvcsw / (nvcsw + nivcsw); without any
				   switch 0 if it ran (it kept the CPU),
				   else 1 */
	double burst_us;	/* run_ns / nr_runs: runtime per schedule */
	bool sleeps;		/* blocks at least every SCHED_SLEEP_BURST_US
				   of its run time (at least twice) */
	double io_frac;		/* io_syscalls / syscalls (0 if none) */
	double io_s;		/* io_syscalls per wall second */
	bool enough;		/* enough evidence to judge */
};

/* The thresholds of the decision list (Documentation/scheduling.md). */
#define SCHED_MIN_WALL_NS	200000000ull	/* 0.2 s */
#define SCHED_MIN_RUNS		3
#define SCHED_BG_CPU		0.02	/* background: cpu below */
#define SCHED_BG_WAKEUPS_S	20.0	/*   and wakeups/s below */
#define SCHED_BG_DEMAND		0.5	/*   and runnable below (a starved
					   hog is not idle) */
#define SCHED_BATCH_DEMAND	0.7	/* batch: runnable at least */
#define SCHED_BATCH_VOL		0.1	/*   and voluntary ratio below */
#define SCHED_IO_FRAC		0.5	/* io: data syscalls at least */
#define SCHED_IO_RATE_S		200.0	/*   and data syscalls/s at least */
#define SCHED_INTERACTIVE_WAKEUPS_S 5.0	/* interactive: blocks (voluntary
					   ratio SCHED_BATCH_VOL at least)
					   and wakes this often, */
#define SCHED_INTERACTIVE_DEMAND 0.5	/*   or is runnable this much */
#define SCHED_INTERACTIVE_BURST_US 50000.0 /*   in bursts below this */
#define SCHED_IDLE_DEMAND	0.5	/* fallback: batch above, else bg */
/*
 * Run time per voluntary switch below which a process counts as blocking
 * (`sleeps`) whatever its voluntary ratio: a frame loop that llmos or
 * anything else starves is preempted many times per frame, but still
 * sleeps after every few milliseconds of its own CPU time.
 */
#define SCHED_SLEEP_BURST_US	50000.0
#define SCHED_SLEEP_MIN		2	/*   voluntary switches at least */

void sched_features_of(const struct sched_counters *c,
		       struct sched_features *f);
/* The decision list; SCHED_CLASS_NONE without enough evidence. */
int sched_classify_features(const struct sched_features *f);
/*
 * The regression target of the sched head: log10 of the mean runtime per
 * schedule in microseconds, clamped to 0..6 (NAN without enough evidence).
 */
float sched_regression_target(const struct sched_features *f);

/* Whether a syscall token moves file data (read, write, fsync, ...). */
bool sched_token_is_io(unsigned int token);

#endif
