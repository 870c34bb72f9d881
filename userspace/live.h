/* SPDX-License-Identifier: GPL-2.0 */
/*
 * llmosd's live mode: the probes feed the pipeline; a 100 ms timer drives
 * the pipeline's ticks, the heartbeat to /dev/llmos, drop counters and the
 * periodic --stats report. The only part of llmosd that needs the probes.
 */
#ifndef LLMOS_USERSPACE_LIVE_H
#define LLMOS_USERSPACE_LIVE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "agent_stats.h"
#include "device_client.h"
#include "pipeline.h"
#include "trace_writer.h"

#define LIVE_MAX_IGNORED_COMMS 16
#define LIVE_MAX_IGNORED_CGROUPS 16

struct live_opts {
	size_t ring_bytes;		/* 0: the probes' default */
	uint32_t sample_every;		/* 0 or 1: every process */
	const char *ignored_comms[LIVE_MAX_IGNORED_COMMS];
	unsigned int n_ignored_comms;
	/* Cgroup v2 ids (cgroup_id.h), each with the path it was given as. */
	uint64_t ignored_cgroups[LIVE_MAX_IGNORED_CGROUPS];
	const char *ignored_cgroup_paths[LIVE_MAX_IGNORED_CGROUPS];
	unsigned int n_ignored_cgroups;
	const char *device_path;	/* NULL: do not use /dev/llmos */
	/* Proposed at registration as alert_threshold (milli), 0: none. */
	uint32_t default_threshold_milli;
	/*
	 * Opened (registered) by live_run() once the probes are loaded and
	 * closed before it returns; stages that push hints or alerts hold
	 * this pointer and check device_client_is_open().
	 */
	struct device_client *device;
	struct trace_writer *record;	/* NULL, or --record's writer */
	FILE *stats_out;		/* NULL: no periodic report */
	unsigned int stats_interval_s;
	struct agent_stats *stats;
};

/*
 * Load the probes, register with the device (if any), and run until *stop
 * (SIGTERM, SIGINT) or a fatal error. Before returning, detaches the
 * probes and unregisters. 0 on a requested stop, -1 on an error (logged).
 */
int live_run(const struct live_opts *o, struct pipeline *pl,
	     volatile sig_atomic_t *stop);

#endif /* LLMOS_USERSPACE_LIVE_H */
