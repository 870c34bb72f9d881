// SPDX-License-Identifier: GPL-2.0
/*
 * llmos hint application: find the task a hint names, check that llmos may
 * touch it, change its nice and I/O priority, and put back what it had.
 *
 * Exported kernel interfaces used: set_user_nice() (the in-kernel half of
 * setpriority(2), no permission check) for nice; set_task_ioprio()
 * (EXPORT_SYMBOL_GPL, the in-kernel half of ioprio_set(2)) for the I/O
 * priority. The original I/O priority is read raw from task->io_context
 * under task_lock() (IOPRIO_CLASS_NONE meaning "follows nice"), so that
 * restoring it restores exactly what the task had; get_task_ioprio() is not
 * exported and would turn "none" into the class derived from nice.
 *
 * A hint applies to the task (thread) whose pid it names; for a
 * single-threaded process that is the process. Reverting restores a value
 * only if it is still the one llmos set: if the user (or anything else)
 * changed it since, the new value is left alone and the hint dropped.
 */
#include <linux/iocontext.h>
#include <linux/ioprio.h>
#include <linux/ktime.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>

#include "internal.h"

/*
 * The live task named by (@pid_nr in the caller's pid namespace,
 * @start_time), with a reference, or NULL with *@err set to -ESRCH (no such
 * task, or it is exiting) or -ESTALE (the pid now names another task).
 */
struct task_struct *llmos_find_task(u32 pid_nr, u64 start_time, int *err)
{
	struct task_struct *t = NULL;
	struct pid *pid;

	*err = -ESRCH;
	if (!pid_nr || pid_nr > PID_MAX_LIMIT)
		return NULL;
	pid = find_get_pid(pid_nr);
	if (pid) {
		t = get_pid_task(pid, PIDTYPE_PID);
		put_pid(pid);
	}
	if (!t)
		return NULL;
	if (t->flags & PF_EXITING) {
		put_task_struct(t);
		return NULL;
	}
	if (t->start_time != start_time) {
		*err = -ESTALE;
		put_task_struct(t);
		return NULL;
	}
	*err = 0;
	return t;
}

/*
 * 0 if llmos may act on @t, else -EPERM with *@reason the stat to count:
 * kernel threads, pid 1 (global init, or init of the caller's namespace)
 * and every thread of the agent are never touched.
 */
static int llmos_target_reason(struct task_struct *t, struct pid *agent_tgid,
			       enum llmos_stat *reason)
{
	if (t->flags & PF_KTHREAD) {
		*reason = LLMOS_STAT_REJECT_KERNEL_THREAD;
		return -EPERM;
	}
	if (is_global_init(t) || task_tgid_vnr(t) == 1) {
		*reason = LLMOS_STAT_REJECT_INIT;
		return -EPERM;
	}
	if (agent_tgid && task_tgid(t) == agent_tgid) {
		*reason = LLMOS_STAT_REJECT_AGENT;
		return -EPERM;
	}
	return 0;
}

int llmos_target_check(struct task_struct *t, struct pid *agent_tgid)
{
	enum llmos_stat reason;

	return llmos_target_reason(t, agent_tgid, &reason);
}

u16 llmos_task_raw_ioprio(struct task_struct *t)
{
	u16 v;

	task_lock(t);
	v = t->io_context ? t->io_context->ioprio : IOPRIO_DEFAULT;
	task_unlock(t);
	return v;
}

/*
 * Set @nice (and @ioprio if @set_ioprio) on @t and record it in @e. The
 * caller saved e->orig_nice when it created @e; the original I/O priority
 * is saved here the first time llmos changes it. On error nothing changed.
 */
int llmos_entry_apply(struct llmos_hint_entry *e, struct task_struct *t,
		      int nice, bool set_ioprio, u16 ioprio)
{
	u16 orig = e->orig_ioprio;
	int ret;

	if (set_ioprio) {
		if (!e->ioprio_set)
			orig = llmos_task_raw_ioprio(t);
		ret = set_task_ioprio(t, ioprio);
		if (ret)
			return ret;
		e->orig_ioprio = orig;
		e->applied_ioprio = ioprio;
		e->ioprio_set = true;
	}
	set_user_nice(t, nice);
	e->applied_nice = nice;
	return 0;
}

/* Put back the I/O priority llmos changed, unless someone else changed it. */
static bool llmos_entry_revert_ioprio(struct llmos_hint_entry *e,
				      struct task_struct *t)
{
	bool mine;

	if (!e->ioprio_set)
		return true;
	mine = llmos_task_raw_ioprio(t) == e->applied_ioprio;
	if (mine)
		set_task_ioprio(t, e->orig_ioprio);
	e->ioprio_set = false;
	return mine;
}

/*
 * Undo what @e applied, value by value: a value is restored only if the
 * task still has the one llmos set. The entry itself stays; the caller
 * removes it.
 */
enum llmos_revert_res llmos_entry_revert(struct llmos_hint_entry *e)
{
	enum llmos_revert_res res = LLMOS_REVERT_RESTORED;
	struct task_struct *t;

	t = get_pid_task(e->pid, PIDTYPE_PID);
	if (!t)
		return LLMOS_REVERT_GONE;
	if (t->start_time != e->start_time || (t->flags & PF_EXITING)) {
		put_task_struct(t);
		return LLMOS_REVERT_GONE;
	}
	if (task_nice(t) == e->applied_nice)
		set_user_nice(t, e->orig_nice);
	else
		res = LLMOS_REVERT_USER_CHANGED;
	if (!llmos_entry_revert_ioprio(e, t))
		res = LLMOS_REVERT_USER_CHANGED;
	put_task_struct(t);
	return res;
}

static void llmos_count_revert(enum llmos_revert_res res)
{
	switch (res) {
	case LLMOS_REVERT_RESTORED:
		llmos_stat_inc(LLMOS_STAT_HINTS_REVERTED);
		break;
	case LLMOS_REVERT_USER_CHANGED:
		llmos_stat_inc(LLMOS_STAT_HINTS_USER_CHANGED);
		break;
	case LLMOS_REVERT_GONE:
		llmos_stat_inc(LLMOS_STAT_HINTS_REAPED);
		break;
	}
}

static void llmos_entry_end(struct llmos_hints *h, struct llmos_hint_entry *e)
{
	llmos_count_revert(llmos_entry_revert(e));
	llmos_hints_del(h, e);
}

/* Did someone change a value llmos set on @t since? */
static bool llmos_entry_nice_changed(struct llmos_hint_entry *e,
				     struct task_struct *t)
{
	return task_nice(t) != e->applied_nice;
}

static bool llmos_entry_ioprio_changed(struct llmos_hint_entry *e,
				       struct task_struct *t)
{
	return e->ioprio_set && llmos_task_raw_ioprio(t) != e->applied_ioprio;
}

static bool llmos_entry_user_changed(struct llmos_hint_entry *e,
				     struct task_struct *t)
{
	return llmos_entry_nice_changed(e, t) ||
	       llmos_entry_ioprio_changed(e, t);
}

static u64 llmos_deadline(u32 ttl_ms)
{
	return ktime_get_ns() + (u64)ttl_ms * NSEC_PER_MSEC;
}

static int llmos_reject(enum llmos_stat reason, int err)
{
	llmos_stat_inc(LLMOS_STAT_HINTS_REJECTED);
	llmos_stat_inc(reason);
	return err;
}

/*
 * The LLMOS_HINT_REVERT request: end the hint on @t now. -EBUSY (@t is
 * throttled) is a refusal and counted; -ENOENT (no hint) is not.
 */
int llmos_hint_revert_req(struct llmos_hints *h, struct task_struct *t)
{
	struct llmos_hint_entry *e;
	struct pid *pid = get_task_pid(t, PIDTYPE_PID);
	int ret = 0;

	mutex_lock(&h->lock);
	e = llmos_hints_find(h, pid);
	if (!e)
		ret = -ENOENT;
	else if (e->throttle)
		ret = -EBUSY;
	else
		llmos_entry_end(h, e);
	mutex_unlock(&h->lock);
	put_pid(pid);
	if (ret == -EBUSY)
		return llmos_reject(LLMOS_STAT_REJECT_BUSY, ret);
	return ret;
}

/*
 * Apply or refresh the hint @req (already copied from userspace) on behalf
 * of the agent @agent_tgid; fills the out members of @req.
 */
int llmos_hint_push(struct llmos_hints *h, struct llmos_hint *req,
		    struct pid *agent_tgid)
{
	struct llmos_hint_entry *e;
	enum llmos_stat reason;
	struct task_struct *t;
	struct pid *pid;
	bool clamped, cut, fresh = false;
	u32 ttl;
	int nice, ret;

	if (llmos_hint_validate(req))
		return llmos_reject(LLMOS_STAT_REJECT_INVALID, -EINVAL);
	req->applied_nice = 0;
	req->applied_ttl_ms = 0;
	req->out_flags = 0;
	req->reserved_out = 0;
	if (!READ_ONCE(llmos_knobs.enabled))
		return llmos_reject(LLMOS_STAT_REJECT_DISABLED, -ENODEV);
	if (!(req->flags & LLMOS_HINT_REVERT) &&
	    READ_ONCE(llmos_knobs.mode) != LLMOS_MODE_ENFORCE)
		return llmos_reject(LLMOS_STAT_REJECT_OBSERVE, -EOPNOTSUPP);

	t = llmos_find_task(req->pid, req->start_time, &ret);
	if (!t)
		return llmos_reject(ret == -ESTALE ?
				    LLMOS_STAT_REJECT_START_TIME :
				    LLMOS_STAT_REJECT_NO_PROCESS, ret);
	ret = llmos_target_reason(t, agent_tgid, &reason);
	if (ret) {
		put_task_struct(t);
		return llmos_reject(reason, ret);
	}
	if (req->flags & LLMOS_HINT_REVERT) {
		ret = llmos_hint_revert_req(h, t);
		put_task_struct(t);
		return ret;
	}

	nice = llmos_hint_clamp_nice(req->nice, READ_ONCE(llmos_knobs.nice_min),
				     READ_ONCE(llmos_knobs.nice_max),
				     &clamped);
	ttl = llmos_hint_ttl(req->ttl_ms, READ_ONCE(llmos_knobs.hint_ttl_ms),
			     &cut);
	pid = get_task_pid(t, PIDTYPE_PID);

	mutex_lock(&h->lock);
	e = llmos_hints_find(h, pid);
	if (e && e->throttle) {
		ret = -EBUSY;
		reason = LLMOS_STAT_REJECT_BUSY;
		goto unlock;
	}
	if (e && llmos_entry_user_changed(e, t)) {
		/* The user reniced the task since: theirs wins. */
		llmos_entry_end(h, e);
		ret = -EBUSY;
		reason = LLMOS_STAT_REJECT_BUSY;
		goto unlock;
	}
	if (!e) {
		e = llmos_hints_add(h, pid, t->start_time,
				    READ_ONCE(llmos_knobs.max_hints));
		if (!e) {
			ret = -ENOSPC;
			reason = LLMOS_STAT_REJECT_TABLE_FULL;
			goto unlock;
		}
		e->orig_nice = task_nice(t);
		fresh = true;
	} else if (!(req->flags & LLMOS_HINT_IOPRIO) && e->ioprio_set) {
		llmos_entry_revert_ioprio(e, t);
	}
	ret = llmos_entry_apply(e, t, nice, req->flags & LLMOS_HINT_IOPRIO,
				req->ioprio);
	if (ret) {
		if (fresh)
			llmos_hints_del(h, e);
		reason = LLMOS_STAT_REJECT_INVALID;
		goto unlock;
	}
	e->confidence = req->confidence;
	e->expires_ns = llmos_deadline(ttl);
	llmos_stat_inc(LLMOS_STAT_HINTS_APPLIED);
	req->applied_nice = nice;
	req->applied_ttl_ms = ttl;
	req->out_flags = (clamped ? LLMOS_HINT_CLAMPED : 0) |
			 (cut ? LLMOS_HINT_TTL_CUT : 0) |
			 (fresh ? 0 : LLMOS_HINT_REFRESHED);
unlock:
	mutex_unlock(&h->lock);
	put_pid(pid);
	put_task_struct(t);
	if (ret)
		return llmos_reject(reason, ret);
	llmos_tick_start();
	return 0;
}

/*
 * Throttle @t (already checked as a target) for an alert: nice 19 and the
 * idle I/O class, reverted like a hint after hint_ttl_ms. An existing hint
 * on @t becomes the throttle: its saved originals are kept, except that a
 * value the user changed since (nice or I/O priority) is saved anew, so
 * the user's value is the one restored.
 */
int llmos_hints_throttle(struct llmos_hints *h, struct task_struct *t,
			 u64 start_time)
{
	struct llmos_hint_entry *e;
	struct pid *pid = get_task_pid(t, PIDTYPE_PID);
	bool fresh = false;
	int ret;

	mutex_lock(&h->lock);
	e = llmos_hints_find(h, pid);
	if (!e) {
		e = llmos_hints_add(h, pid, start_time,
				    READ_ONCE(llmos_knobs.max_hints));
		if (!e) {
			ret = -ENOSPC;
			goto unlock;
		}
		e->orig_nice = task_nice(t);
		fresh = true;
	} else {
		if (llmos_entry_nice_changed(e, t))
			e->orig_nice = task_nice(t);
		/* llmos_entry_apply() then saves the user's I/O priority. */
		if (llmos_entry_ioprio_changed(e, t))
			e->ioprio_set = false;
	}
	ret = llmos_entry_apply(e, t, LLMOS_NICE_MAX, true,
				LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_IDLE, 0));
	if (ret) {
		if (fresh)
			llmos_hints_del(h, e);
		goto unlock;
	}
	e->throttle = true;
	e->expires_ns = llmos_deadline(READ_ONCE(llmos_knobs.hint_ttl_ms));
unlock:
	mutex_unlock(&h->lock);
	put_pid(pid);
	if (!ret)
		llmos_tick_start();
	return ret;
}

/* End every hint (agent gone, watchdog, enabled=0, rmmod). */
void llmos_hints_revert_all(struct llmos_hints *h)
{
	struct llmos_hint_entry *e;
	struct hlist_node *tmp;
	int bkt;

	mutex_lock(&h->lock);
	hash_for_each_safe(h->table, bkt, tmp, e, node)
		llmos_entry_end(h, e);
	mutex_unlock(&h->lock);
}

/* The task of @pid has exited (possibly not yet reaped by its parent). */
static bool llmos_pid_gone(struct pid *pid)
{
	struct task_struct *t;
	bool gone;

	rcu_read_lock();
	t = pid_task(pid, PIDTYPE_PID);
	gone = !t || (t->flags & PF_EXITING);
	rcu_read_unlock();
	return gone;
}

/*
 * The periodic pass: end the hints whose TTL ran out at @now, and drop
 * (reap) the entries of tasks that exited, so none outlives its task by
 * more than one pass.
 */
void llmos_hints_expire(struct llmos_hints *h, u64 now)
{
	struct llmos_hint_entry *e;
	struct hlist_node *tmp;
	int bkt;

	mutex_lock(&h->lock);
	hash_for_each_safe(h->table, bkt, tmp, e, node) {
		if (llmos_pid_gone(e->pid)) {
			llmos_stat_inc(LLMOS_STAT_HINTS_REAPED);
			llmos_hints_del(h, e);
		} else if (e->expires_ns <= now) {
			llmos_stat_inc(LLMOS_STAT_HINTS_EXPIRED);
			llmos_entry_end(h, e);
		}
	}
	mutex_unlock(&h->lock);
}

/* LLMOS_TASK_HINTED / LLMOS_TASK_THROTTLED for LLMOS_IOC_TASK_INFO. */
u32 llmos_task_hint_flags(struct llmos_hints *h, struct task_struct *t)
{
	struct llmos_hint_entry *e;
	struct pid *pid = get_task_pid(t, PIDTYPE_PID);
	u32 flags = 0;

	mutex_lock(&h->lock);
	e = llmos_hints_find(h, pid);
	if (e)
		flags = e->throttle ? LLMOS_TASK_THROTTLED : LLMOS_TASK_HINTED;
	mutex_unlock(&h->lock);
	put_pid(pid);
	return flags;
}
