// SPDX-License-Identifier: GPL-2.0
/* Class and confidence to nice and I/O priority (policy.h). */
#include <stdio.h>

#include "uapi/llmos.h"

#include "policy.h"
#include "sched_class.h"

static int lerp(int lo, int hi, unsigned int conf)
{
	int span = SCHED_POLICY_FULL_CONF - SCHED_POLICY_MIN_CONF;
	int k = (int)conf - SCHED_POLICY_MIN_CONF;

	if (k < 0)
		k = 0;
	if (k > span)
		k = span;
	return lo + ((hi - lo) * k + span / 2) / span;
}

void sched_policy(int cls, unsigned int conf, int nice_min, int nice_max,
		  struct sched_plan *plan)
{
	plan->hint = false;
	plan->nice = 0;
	plan->ioprio = -1;
	if (conf < SCHED_POLICY_MIN_CONF)
		return;
	switch (cls) {
	case SCHED_CLASS_INTERACTIVE:
		if (conf < SCHED_POLICY_INTERACTIVE_CONF)
			return;
		plan->nice = SCHED_POLICY_INTERACTIVE_NICE;
		break;
	case SCHED_CLASS_BATCH:
		plan->nice = lerp(10, 19, conf);
		plan->ioprio = LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE,
					    lerp(4, 7, conf));
		break;
	case SCHED_CLASS_IO:
		plan->nice = lerp(5, 10, conf);
		plan->ioprio = LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE,
					    lerp(5, 7, conf));
		break;
	case SCHED_CLASS_BACKGROUND:
		if (conf >= SCHED_POLICY_IDLE_CONF) {
			plan->nice = 19;
			plan->ioprio = LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_IDLE, 0);
		} else {
			plan->nice = 10;
			plan->ioprio = LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE, 7);
		}
		break;
	default:
		return;
	}
	if (plan->nice < nice_min)
		plan->nice = nice_min;
	if (plan->nice > nice_max)
		plan->nice = nice_max;
	/* Nothing left to change: no hint. */
	plan->hint = plan->nice != 0 || plan->ioprio >= 0;
}

const char *sched_ioprio_str(int ioprio, char *buf, unsigned int len)
{
	int cls = ioprio >> LLMOS_IOPRIO_CLASS_SHIFT;

	if (ioprio < 0)
		snprintf(buf, len, "-");
	else if (cls == LLMOS_IOPRIO_CLASS_IDLE)
		snprintf(buf, len, "idle");
	else if (cls == LLMOS_IOPRIO_CLASS_BE)
		snprintf(buf, len, "be/%d", ioprio & 7);
	else
		snprintf(buf, len, "none");
	return buf;
}
