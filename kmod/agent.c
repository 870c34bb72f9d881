// SPDX-License-Identifier: GPL-2.0
/*
 * llmos agent: the one open file (and its process) allowed to push hints
 * and alerts, and the heartbeat watchdog that reverts every hint when the
 * agent stops answering.
 *
 * The agent is identified by its struct file: an ioctl holds a reference
 * on its file, so a file that is the agent when an ioctl starts stays the
 * agent until that ioctl returns (only its release unregisters it).
 * llmos_agent.lock serialises registration, release and the watchdog.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/pid.h>
#include <linux/printk.h>
#include <linux/sched.h>

#include "internal.h"

struct llmos_agent llmos_agent = {
	.lock = __MUTEX_INITIALIZER(llmos_agent.lock),
};

bool llmos_agent_is(struct file *file)
{
	return READ_ONCE(llmos_agent.file) == file;
}

int llmos_agent_register(struct file *file, struct llmos_register *req)
{
	u32 thr = req->default_threshold;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (req->version != LLMOS_ABI_VERSION ||
	    (req->flags & ~LLMOS_REGISTER_FLAGS) || req->reserved)
		return -EINVAL;
	if (req->flags & LLMOS_REGISTER_THRESHOLD) {
		if (thr > LLMOS_THRESHOLD_MAX)
			return -EINVAL;
	} else if (thr) {
		return -EINVAL;
	}

	mutex_lock(&llmos_knob_lock);
	mutex_lock(&llmos_agent.lock);
	if (llmos_agent.file) {
		mutex_unlock(&llmos_agent.lock);
		mutex_unlock(&llmos_knob_lock);
		return -EBUSY;
	}
	if ((req->flags & LLMOS_REGISTER_THRESHOLD) &&
	    !llmos_knobs.threshold_set)
		WRITE_ONCE(llmos_knobs.alert_threshold, thr);
	llmos_agent.tgid = get_pid(task_tgid(current));
	llmos_knobs_snapshot(&req->config);
	WRITE_ONCE(llmos_agent.last_beat_ns, ktime_get_ns());
	llmos_agent.heard_watchdog_ms = req->config.watchdog_ms;
	WRITE_ONCE(llmos_agent.expired, false);
	WRITE_ONCE(llmos_agent.file, file);
	llmos_stat_set(LLMOS_STAT_AGENT_CONNECTED, 1);
	pr_info("agent %d (%s) registered\n", task_tgid_nr(current),
		current->comm);
	mutex_unlock(&llmos_agent.lock);
	mutex_unlock(&llmos_knob_lock);

	llmos_tick_start();
	return 0;
}

/* @file is being released: if it was the agent, revert everything. */
void llmos_agent_release(struct file *file)
{
	struct pid *tgid;

	mutex_lock(&llmos_agent.lock);
	if (llmos_agent.file != file) {
		mutex_unlock(&llmos_agent.lock);
		return;
	}
	pr_info("agent %d gone, reverting %u hints\n",
		pid_nr(llmos_agent.tgid), READ_ONCE(llmos_hints.count));
	llmos_hints_revert_all(&llmos_hints);
	WRITE_ONCE(llmos_agent.file, NULL);
	tgid = llmos_agent.tgid;
	llmos_agent.tgid = NULL;
	llmos_stat_set(LLMOS_STAT_AGENT_CONNECTED, 0);
	mutex_unlock(&llmos_agent.lock);
	put_pid(tgid);
}

int llmos_agent_heartbeat(struct file *file, struct llmos_heartbeat *req)
{
	if (!llmos_agent_is(file))
		return -EPERM;
	if (req->version != LLMOS_ABI_VERSION || req->flags || req->reserved)
		return -EINVAL;
	llmos_knobs_snapshot(&req->config);
	mutex_lock(&llmos_agent.lock);
	WRITE_ONCE(llmos_agent.last_beat_ns, ktime_get_ns());
	llmos_agent.heard_watchdog_ms = req->config.watchdog_ms;
	WRITE_ONCE(llmos_agent.expired, false);
	mutex_unlock(&llmos_agent.lock);
	llmos_stat_inc(LLMOS_STAT_HEARTBEATS);
	req->hints_active = READ_ONCE(llmos_hints.count);
	return 0;
}

/*
 * Called by the periodic pass: if the agent sent no heartbeat within
 * watchdog_ms, revert every hint (once; hints are refused with -ETIMEDOUT
 * until the next heartbeat). A watchdog_ms lowered since the agent's last
 * heartbeat binds from its next one: until then the agent keeps to the
 * period it heard, and would otherwise time out at once.
 */
void llmos_agent_watchdog(void)
{
	u32 ms = READ_ONCE(llmos_knobs.watchdog_ms);

	mutex_lock(&llmos_agent.lock);
	ms = max(ms, llmos_agent.heard_watchdog_ms);
	/* Read the clock under the lock: a heartbeat cannot be newer. */
	if (llmos_agent.file && !llmos_agent.expired &&
	    ktime_get_ns() - llmos_agent.last_beat_ns >
	    (u64)ms * NSEC_PER_MSEC) {
		WRITE_ONCE(llmos_agent.expired, true);
		llmos_stat_inc(LLMOS_STAT_WATCHDOG_EXPIRED);
		pr_warn("agent %d sent no heartbeat for %u ms, reverting %u hints\n",
			pid_nr(llmos_agent.tgid), ms,
			READ_ONCE(llmos_hints.count));
		llmos_hints_revert_all(&llmos_hints);
	}
	mutex_unlock(&llmos_agent.lock);
}
