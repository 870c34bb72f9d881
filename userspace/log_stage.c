// SPDX-License-Identifier: GPL-2.0
/* Debug logging of process lifecycles, as a pipeline stage. */
#include "log_stage.h"

#include <inttypes.h>

#include "log.h"

static const char *const release_names[] = {
	[PROC_RELEASE_EXIT] = "exit",
	[PROC_RELEASE_EVICT] = "evicted",
	[PROC_RELEASE_SHUTDOWN] = "untracked",
};

static void log_event(void *ctx, const struct llmos_event *ev, struct proc *p,
		      const uint16_t *tokens, unsigned int n)
{
	(void)ctx;
	(void)tokens;
	(void)n;
	if (ev->type == LLMOS_EV_EXEC)
		log_debug("exec pid=%u ppid=%u comm=%s file=%s", p->tgid,
			  p->ppid, p->comm, p->exe);
}

static void log_release(void *ctx, struct proc *p, enum proc_release why)
{
	const struct proc_sched *s = &p->sched;

	(void)ctx;
	log_debug("%s pid=%u comm=%s exe=%s tokens=%" PRIu64 " run_ms=%" PRIu64
		  " runs=%" PRIu64 " wakeups=%" PRIu64 " vcsw=%" PRIu64
		  " ivcsw=%" PRIu64 "%s", release_names[why], p->tgid, p->comm,
		  p->exe, p->ntokens, s->run_ns / 1000000, s->nr_runs,
		  s->wakeups, s->nvcsw, s->nivcsw,
		  p->flags & PROC_ADOPTED ? " adopted" : "");
}

const struct pipeline_stage log_stage = {
	.name = "log",
	.event = log_event,
	.release = log_release,
};
