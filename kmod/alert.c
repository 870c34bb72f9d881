// SPDX-License-Identifier: GPL-2.0
/*
 * llmos alerts: check an alert pushed by the agent, compare it with
 * alert_threshold, take alert_action in enforce mode, and publish it in the
 * ring with the facts the module can check itself (comm, uid, time, the
 * action taken).
 *
 * Actions use kill_pid() (SIGSTOP for freeze, SIGKILL for kill, sent to the
 * whole thread group) and the hint table for throttle. They are never taken
 * against pid 1, kernel threads or the agent.
 */
#include <linux/cred.h>
#include <linux/ktime.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/string.h>
#include <linux/uidgid.h>

#include "internal.h"

/*
 * [a-z0-9_-]: explicit ranges, as the kernel's islower() is also true for
 * the Latin-1 letters 0xdf-0xff.
 */
static bool llmos_category_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '-';
}

static bool llmos_category_valid(const char *c)
{
	size_t len = strnlen(c, LLMOS_CATEGORY_LEN), i;

	if (!len || len == LLMOS_CATEGORY_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!llmos_category_char(c[i]))
			return false;
	for (; i < LLMOS_CATEGORY_LEN; i++)
		if (c[i])
			return false;
	return true;
}

/* -EINVAL unless @req is well formed (see struct llmos_alert). */
int llmos_alert_validate(const struct llmos_alert *req)
{
	if (req->version != LLMOS_ABI_VERSION || req->flags)
		return -EINVAL;
	if (req->reserved0 || req->reserved[0] || req->reserved[1])
		return -EINVAL;
	if (!req->pid || req->pid > PID_MAX_LIMIT)
		return -EINVAL;
	if (!memchr(req->comm, '\0', sizeof(req->comm)) ||
	    !memchr(req->detail, '\0', sizeof(req->detail)))
		return -EINVAL;
	if (!llmos_category_valid(req->category))
		return -EINVAL;
	return 0;
}

/* Take @action on @t; returns the LLMOS_SKIP_* reason if it was not. */
static enum llmos_skip llmos_alert_act(u32 action, struct task_struct *t,
				       u64 start_time)
{
	int ret;

	switch (action) {
	case LLMOS_ACTION_THROTTLE:
		ret = llmos_hints_throttle(&llmos_hints, t, start_time);
		if (ret == -ENOSPC)
			return LLMOS_SKIP_FULL;
		break;
	case LLMOS_ACTION_FREEZE:
		ret = kill_pid(task_tgid(t), SIGSTOP, 1);
		break;
	case LLMOS_ACTION_KILL:
		ret = kill_pid(task_tgid(t), SIGKILL, 1);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	return ret ? LLMOS_SKIP_FAILED : LLMOS_SKIP_NONE;
}

/*
 * Handle the alert @req from the agent @agent_tgid (already copied from
 * userspace); fills the out members of @req.
 */
int llmos_alert_push(struct llmos_alert *req, struct pid *agent_tgid)
{
	struct llmos_alert_rec rec = { };
	struct task_struct *t;
	u32 action;
	int err;

	if (llmos_alert_validate(req))
		return -EINVAL;
	req->seq = 0;
	req->action = LLMOS_ACTION_NONE;
	req->result = 0;
	if (!READ_ONCE(llmos_knobs.enabled))
		return -ENODEV;

	rec.threshold = READ_ONCE(llmos_knobs.alert_threshold);
	if (req->score < rec.threshold) {
		llmos_stat_inc(LLMOS_STAT_ALERTS_BELOW_THRESHOLD);
		req->result = LLMOS_ALERT_BELOW_THRESHOLD;
		return 0;
	}
	rec.pid = req->pid;
	rec.start_time = req->start_time;
	rec.score = req->score;
	memcpy(rec.category, req->category, sizeof(rec.category));
	strscpy(rec.detail, req->detail, sizeof(rec.detail));

	t = llmos_find_task(req->pid, req->start_time, &err);
	if (t) {
		get_task_comm(rec.comm, t);
		rec.uid = from_kuid_munged(current_user_ns(), task_uid(t));
	} else {
		strscpy(rec.comm, req->comm, sizeof(rec.comm));
		rec.uid = req->uid;
		rec.exited = 1;
	}

	action = READ_ONCE(llmos_knobs.alert_action);
	if (action != LLMOS_ACTION_NONE) {
		if (!t)
			rec.skipped = LLMOS_SKIP_EXITED;
		else if (READ_ONCE(llmos_knobs.mode) != LLMOS_MODE_ENFORCE)
			rec.skipped = LLMOS_SKIP_OBSERVE;
		else if (llmos_target_check(t, agent_tgid))
			rec.skipped = LLMOS_SKIP_PROTECTED;
		else
			rec.skipped = llmos_alert_act(action, t, req->start_time);
		if (rec.skipped == LLMOS_SKIP_NONE) {
			rec.action = action;
			llmos_stat_inc(LLMOS_STAT_ALERT_ACTIONS);
		}
	}
	if (t)
		put_task_struct(t);

	rec.time_ns = ktime_get_ns();
	req->seq = llmos_ring_push(&llmos_ring, &rec);
	req->action = rec.action;
	req->result = LLMOS_ALERT_PUBLISHED;
	llmos_stat_inc(LLMOS_STAT_ALERTS_PUBLISHED);
	return 0;
}
