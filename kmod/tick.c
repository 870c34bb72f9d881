// SPDX-License-Identifier: GPL-2.0
/*
 * llmos periodic pass, every LLMOS_TICK_MS while an agent is registered or
 * the hint table is not empty: the heartbeat watchdog, TTL expiry of hints
 * and reaping of the entries of exited tasks. It runs from a delayed work
 * item (process context), so it may take the mutexes and call
 * set_task_ioprio().
 */
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/workqueue.h>

#include "internal.h"

static void llmos_tick_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(llmos_tick_work, llmos_tick_fn);
static bool llmos_tick_stopped;

static bool llmos_tick_needed(void)
{
	return READ_ONCE(llmos_agent.file) || READ_ONCE(llmos_hints.count);
}

static void llmos_tick_fn(struct work_struct *work)
{
	llmos_agent_watchdog();
	llmos_hints_expire(&llmos_hints, ktime_get_ns());
	if (llmos_tick_needed() && !READ_ONCE(llmos_tick_stopped))
		schedule_delayed_work(&llmos_tick_work,
				      msecs_to_jiffies(LLMOS_TICK_MS));
}

/* Make sure the pass runs (a no-op if it is already scheduled). */
void llmos_tick_start(void)
{
	if (!READ_ONCE(llmos_tick_stopped))
		schedule_delayed_work(&llmos_tick_work,
				      msecs_to_jiffies(LLMOS_TICK_MS));
}

/* At module exit: no pass runs or is queued after this returns. */
void llmos_tick_stop(void)
{
	WRITE_ONCE(llmos_tick_stopped, true);
	cancel_delayed_work_sync(&llmos_tick_work);
}
