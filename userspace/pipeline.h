/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent's pipeline. Every event, live or replayed, goes through
 * pipeline_event(): it is recorded if asked, applied to the process table
 * (which turns syscalls into tokens), then handed to each stage in the
 * order they were added. Stages are what act on the stream: talking to
 * /dev/llmos now; scoring and scheduling classes later. A record of a
 * process after its EXIT (exited.h) goes no further than the recording.
 *
 * Time inside the pipeline is event time (CLOCK_MONOTONIC ns of the
 * events), so a replay makes the same decisions as the live run did.
 */
#ifndef LLMOS_USERSPACE_PIPELINE_H
#define LLMOS_USERSPACE_PIPELINE_H

#include <stdint.h>

#include "event.h"
#include "proc_table.h"

struct trace_writer;

/* How often stages get tick() in event time. */
#define PIPELINE_TICK_NS 100000000ull

struct pipeline_stage {
	const char *name;
	void *ctx;
	/*
	 * ev was applied to p (never NULL); tokens are the n tokens it
	 * appended to p's history (n may be 0). On EXIT, p is released
	 * right after every stage has seen it.
	 */
	void (*event)(void *ctx, const struct llmos_event *ev, struct proc *p,
		      const uint16_t *tokens, unsigned int n);
	/* p leaves the table (exit, eviction, shutdown). */
	void (*release)(void *ctx, struct proc *p, enum proc_release why);
	/* Event time reached now_ns; called every PIPELINE_TICK_NS or so. */
	void (*tick)(void *ctx, uint64_t now_ns);
};

#define PIPELINE_MAX_STAGES 8

struct pipeline_stats {
	uint64_t records[LLMOS_EV_TYPE_MAX];	/* by event type */
	uint64_t events;		/* llmos_event_weight() summed */
	uint64_t syscalls;
	uint64_t unknown_syscalls;	/* numbers without a token */
	uint64_t forks;			/* processes seen from their fork */
	uint64_t adopted;		/* processes first seen mid-life */
	/* Records of a process after its EXIT, dropped (in records[] too). */
	uint64_t late;
	/* EXITs of processes never seen (ignored ones), dropped likewise. */
	uint64_t exits_untracked;
	uint64_t first_ns, last_ns;	/* event time span */
	/*
	 * FNV-1a over every (tgid, start_time, token) the table produced:
	 * two runs over the same input agree on it iff they tokenized alike.
	 */
	uint64_t digest;
	struct llmos_drops drops;	/* latest counters seen */
};

struct pipeline;

/* record may be NULL; the pipeline does not own it. */
struct pipeline *pipeline_new(uint32_t max_procs, struct trace_writer *record);
/* Releases the remaining processes (stages see it), then frees. */
void pipeline_free(struct pipeline *pl);
int pipeline_add_stage(struct pipeline *pl, const struct pipeline_stage *st);

/* 0, or a negative errno if recording failed. */
int pipeline_event(struct pipeline *pl, const struct llmos_event *ev);
int pipeline_drops(struct pipeline *pl, const struct llmos_drops *d);
/*
 * Time passed without events (live mode's timer). If that ran the stages'
 * ticks, it is recorded, so that a replay ticks at the same point of the
 * stream. 0, or a negative errno if recording failed.
 */
int pipeline_tick(struct pipeline *pl, uint64_t now_ns);

const struct pipeline_stats *pipeline_stats(const struct pipeline *pl);
const struct proc_table_stats *pipeline_proc_stats(const struct pipeline *pl);
struct proc_table *pipeline_procs(struct pipeline *pl);

#endif /* LLMOS_USERSPACE_PIPELINE_H */
