/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduling state file (Documentation/scheduling.md, "State file"):
 * llmosd rewrites it every second (atomically: a temporary file renamed
 * over it); `llmosctl top` reads it.
 *
 *   llmos-sched-state 1
 *   time_ns T
 *   device 0|1
 *   nice_bounds MIN MAX
 *   proc PID START COMM CLASS CONF NICE IOPRIO STATE CPU WAKEUPS ANOMALY EXE
 *   ...
 *
 * Fields are separated by one tab; COMM and EXE have bytes outside
 * 0x21..0x7e replaced by '?'. NICE and IOPRIO are '-' without a hint;
 * ANOMALY is '-' when no anomaly stage scores the process.
 */
#ifndef LLMOS_SCHED_STATE_FILE_H
#define LLMOS_SCHED_STATE_FILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define SCHED_STATE_MAGIC "llmos-sched-state 1"

struct sched_state_row {
	uint32_t pid;
	uint64_t start_time;
	char comm[16];
	const char *exe;	/* writer: a string; reader: exe_buf */
	char exe_buf[256];
	int cls;
	unsigned int conf;
	bool hinted;
	int nice;
	int ioprio;		/* -1: none */
	char state[32];
	double cpu, wakeups_s;
	float anomaly;		/* NAN: none */
};

struct sched_state_writer;

/* NULL (nothing written) if the file cannot be created. */
struct sched_state_writer *sched_state_begin(const char *path,
					     uint64_t time_ns, bool device,
					     int nice_min, int nice_max);
void sched_state_row(struct sched_state_writer *w,
		     const struct sched_state_row *r);
/* Renames the file into place; 0 or -1. */
int sched_state_commit(struct sched_state_writer *w);

struct sched_state {
	uint64_t time_ns;
	bool device;
	int nice_min, nice_max;
	struct sched_state_row *rows;
	size_t n;
};

/* 0, or -1 with err set ("PATH: ..."). */
int sched_state_read(const char *path, struct sched_state *st, char *err,
		     size_t errlen);
void sched_state_free(struct sched_state *st);

#endif
