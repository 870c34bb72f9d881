/* SPDX-License-Identifier: GPL-2.0 */
/* llmosd --replay: a recorded trace through the pipeline, as fast as it goes. */
#ifndef LLMOS_USERSPACE_REPLAY_H
#define LLMOS_USERSPACE_REPLAY_H

#include <signal.h>

#include "pipeline.h"
#include "trace_reader.h"

/*
 * Feed every record of r to pl until the end, an error (logged) or *stop,
 * which is also checked when a signal interrupts a read of an idle input.
 * Returns 0 at the end of the trace or on *stop, -1 on an error.
 */
int replay_run(struct trace_reader *r, struct pipeline *pl,
	       volatile sig_atomic_t *stop);

#endif /* LLMOS_USERSPACE_REPLAY_H */
