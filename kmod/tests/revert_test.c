// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: revert bookkeeping on real tasks. A kernel thread made by the test
 * stands in for a user process (llmos_target_check() refuses kernel threads,
 * so the tests drive the table and apply layers below it): apply and
 * restore nice and I/O priority, leave a value the "user" changed, expire
 * by TTL, reap the entry of an exited task, revert everything at once.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/ioprio.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/task.h>

#include "../internal.h"

static int idle_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

struct revert_ctx {
	struct llmos_hints hints;
	struct task_struct *t;
	struct pid *pid;
};

static int revert_init(struct kunit *test)
{
	struct revert_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	llmos_hints_init(&c->hints);
	c->t = kthread_run(idle_fn, NULL, "llmos-kunit");
	if (IS_ERR(c->t))
		return PTR_ERR(c->t);
	get_task_struct(c->t);
	c->pid = get_task_pid(c->t, PIDTYPE_PID);
	set_user_nice(c->t, 0);
	test->priv = c;
	return 0;
}

static void revert_exit(struct kunit *test)
{
	struct revert_ctx *c = test->priv;

	llmos_hints_revert_all(&c->hints);
	if (c->t) {
		kthread_stop(c->t);
		put_task_struct(c->t);
	}
	put_pid(c->pid);
}

/* An entry for the test's task, as llmos_hint_push() makes it. */
static struct llmos_hint_entry *add_entry(struct kunit *test,
					  struct revert_ctx *c)
{
	struct llmos_hint_entry *e;

	mutex_lock(&c->hints.lock);
	e = llmos_hints_add(&c->hints, c->pid, c->t->start_time, 8);
	if (e)
		e->orig_nice = task_nice(c->t);
	mutex_unlock(&c->hints.lock);
	KUNIT_ASSERT_NOT_NULL(test, e);
	return e;
}

static void revert_test_target(struct kunit *test)
{
	struct revert_ctx *c = test->priv;
	int err;

	/* Kernel threads are never targets. */
	KUNIT_EXPECT_EQ(test, llmos_target_check(c->t, NULL), -EPERM);
	/* Finding by (pid, start_time): a wrong start_time is -ESTALE. */
	KUNIT_EXPECT_NULL(test, llmos_find_task(pid_vnr(c->pid),
						c->t->start_time + 1, &err));
	KUNIT_EXPECT_EQ(test, err, -ESTALE);
	KUNIT_EXPECT_NULL(test, llmos_find_task(0, 0, &err));
	KUNIT_EXPECT_EQ(test, err, -ESRCH);
}

static void revert_test_restore(struct kunit *test)
{
	struct revert_ctx *c = test->priv;
	u16 idle = LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_IDLE, 0);
	u16 before = llmos_task_raw_ioprio(c->t);
	struct llmos_hint_entry *e = add_entry(test, c);

	mutex_lock(&c->hints.lock);
	KUNIT_EXPECT_EQ(test, llmos_entry_apply(e, c->t, 10, true, idle), 0);
	mutex_unlock(&c->hints.lock);
	KUNIT_EXPECT_EQ(test, task_nice(c->t), 10);
	KUNIT_EXPECT_EQ(test, llmos_task_raw_ioprio(c->t), idle);
	KUNIT_EXPECT_EQ(test, e->orig_nice, 0);
	KUNIT_EXPECT_EQ(test, e->orig_ioprio, before);

	/* A refresh keeps the originals. */
	mutex_lock(&c->hints.lock);
	KUNIT_EXPECT_EQ(test, llmos_entry_apply(e, c->t, 15, true,
						LLMOS_IOPRIO(2, 7)), 0);
	mutex_unlock(&c->hints.lock);
	KUNIT_EXPECT_EQ(test, task_nice(c->t), 15);
	KUNIT_EXPECT_EQ(test, e->orig_nice, 0);
	KUNIT_EXPECT_EQ(test, e->orig_ioprio, before);

	KUNIT_EXPECT_EQ(test, llmos_entry_revert(e), LLMOS_REVERT_RESTORED);
	KUNIT_EXPECT_EQ(test, task_nice(c->t), 0);
	KUNIT_EXPECT_EQ(test, llmos_task_raw_ioprio(c->t), before);
}

static void revert_test_user_changed(struct kunit *test)
{
	struct revert_ctx *c = test->priv;
	struct llmos_hint_entry *e = add_entry(test, c);

	mutex_lock(&c->hints.lock);
	KUNIT_EXPECT_EQ(test, llmos_entry_apply(e, c->t, 5, false, 0), 0);
	mutex_unlock(&c->hints.lock);
	set_user_nice(c->t, 3);			/* the user renices */
	KUNIT_EXPECT_EQ(test, llmos_entry_revert(e), LLMOS_REVERT_USER_CHANGED);
	KUNIT_EXPECT_EQ(test, task_nice(c->t), 3);

	/* Same for the I/O priority alone: nice is restored, ioprio kept. */
	set_user_nice(c->t, 0);
	e->orig_nice = 0;
	mutex_lock(&c->hints.lock);
	KUNIT_EXPECT_EQ(test, llmos_entry_apply(e, c->t, 7, true,
						LLMOS_IOPRIO(2, 6)), 0);
	mutex_unlock(&c->hints.lock);
	KUNIT_EXPECT_EQ(test, set_task_ioprio(c->t, LLMOS_IOPRIO(2, 1)), 0);
	KUNIT_EXPECT_EQ(test, llmos_entry_revert(e), LLMOS_REVERT_USER_CHANGED);
	KUNIT_EXPECT_EQ(test, task_nice(c->t), 0);
	KUNIT_EXPECT_EQ(test, llmos_task_raw_ioprio(c->t), LLMOS_IOPRIO(2, 1));
}

/*
 * A throttle on a hinted task whose I/O priority the user changed since
 * gives back the user's I/O priority when it ends, not the one from before
 * the hint (as for nice).
 */
static void revert_test_throttle_user_changed(struct kunit *test)
{
	struct revert_ctx *c = test->priv;
	struct llmos_hint_entry *e = add_entry(test, c);
	u16 user = LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE, 1);

	mutex_lock(&c->hints.lock);
	KUNIT_EXPECT_EQ(test, llmos_entry_apply(e, c->t, 5, true,
						LLMOS_IOPRIO(2, 6)), 0);
	mutex_unlock(&c->hints.lock);
	set_user_nice(c->t, 3);				/* the user renices */
	KUNIT_EXPECT_EQ(test, set_task_ioprio(c->t, user), 0);

	KUNIT_EXPECT_EQ(test, llmos_hints_throttle(&c->hints, c->t,
						   c->t->start_time), 0);
	KUNIT_EXPECT_EQ(test, task_nice(c->t), LLMOS_NICE_MAX);
	KUNIT_EXPECT_EQ(test, llmos_task_raw_ioprio(c->t),
			LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_IDLE, 0));

	llmos_hints_revert_all(&c->hints);
	KUNIT_EXPECT_EQ(test, task_nice(c->t), 3);
	KUNIT_EXPECT_EQ(test, llmos_task_raw_ioprio(c->t), user);
}

/*
 * A revert request: -EBUSY on a throttled task, counted as a refusal;
 * -ENOENT when there is no hint, not counted.
 */
static void revert_test_revert_req(struct kunit *test)
{
	struct revert_ctx *c = test->priv;
	s64 rejected = atomic64_read(&llmos_stats[LLMOS_STAT_HINTS_REJECTED]);
	s64 busy = atomic64_read(&llmos_stats[LLMOS_STAT_REJECT_BUSY]);

	KUNIT_EXPECT_EQ(test, llmos_hint_revert_req(&c->hints, c->t), -ENOENT);
	KUNIT_EXPECT_EQ(test,
			atomic64_read(&llmos_stats[LLMOS_STAT_HINTS_REJECTED]),
			rejected);

	KUNIT_EXPECT_EQ(test, llmos_hints_throttle(&c->hints, c->t,
						   c->t->start_time), 0);
	KUNIT_EXPECT_EQ(test, llmos_hint_revert_req(&c->hints, c->t), -EBUSY);
	KUNIT_EXPECT_EQ(test, task_nice(c->t), LLMOS_NICE_MAX);
	KUNIT_EXPECT_EQ(test,
			atomic64_read(&llmos_stats[LLMOS_STAT_HINTS_REJECTED]),
			rejected + 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&llmos_stats[LLMOS_STAT_REJECT_BUSY]),
			busy + 1);
}

static void revert_test_expire(struct kunit *test)
{
	struct revert_ctx *c = test->priv;
	struct llmos_hint_entry *e = add_entry(test, c);
	u64 now = ktime_get_ns();

	mutex_lock(&c->hints.lock);
	KUNIT_EXPECT_EQ(test, llmos_entry_apply(e, c->t, 12, false, 0), 0);
	e->expires_ns = now + NSEC_PER_SEC;
	mutex_unlock(&c->hints.lock);

	llmos_hints_expire(&c->hints, now);		/* not yet */
	KUNIT_EXPECT_EQ(test, c->hints.count, 1U);
	KUNIT_EXPECT_EQ(test, task_nice(c->t), 12);
	llmos_hints_expire(&c->hints, now + NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, c->hints.count, 0U);
	KUNIT_EXPECT_EQ(test, task_nice(c->t), 0);
}

static void revert_test_reap(struct kunit *test)
{
	struct revert_ctx *c = test->priv;
	struct llmos_hint_entry *e = add_entry(test, c);
	int i;

	mutex_lock(&c->hints.lock);
	KUNIT_EXPECT_EQ(test, llmos_entry_apply(e, c->t, 4, false, 0), 0);
	e->expires_ns = U64_MAX;
	mutex_unlock(&c->hints.lock);

	kthread_stop(c->t);
	put_task_struct(c->t);
	c->t = NULL;
	/* The task is released soon after it exits: then the entry goes. */
	for (i = 0; i < 100 && c->hints.count; i++) {
		llmos_hints_expire(&c->hints, 0);
		msleep(20);
	}
	KUNIT_EXPECT_EQ(test, c->hints.count, 0U);
	KUNIT_EXPECT_FALSE(test, pid_has_task(c->pid, PIDTYPE_PID));
}

static void revert_test_all_and_bound(struct kunit *test)
{
	struct revert_ctx *c = test->priv;
	struct llmos_hint_entry *e = add_entry(test, c);

	mutex_lock(&c->hints.lock);
	KUNIT_EXPECT_EQ(test, llmos_entry_apply(e, c->t, 9, false, 0), 0);
	KUNIT_EXPECT_PTR_EQ(test, llmos_hints_find(&c->hints, c->pid), e);
	/* The table holds at most max entries. */
	KUNIT_EXPECT_NULL(test, llmos_hints_add(&c->hints, c->pid, 0, 1));
	mutex_unlock(&c->hints.lock);

	llmos_hints_revert_all(&c->hints);
	KUNIT_EXPECT_EQ(test, c->hints.count, 0U);
	KUNIT_EXPECT_EQ(test, task_nice(c->t), 0);
	mutex_lock(&c->hints.lock);
	KUNIT_EXPECT_NULL(test, llmos_hints_find(&c->hints, c->pid));
	mutex_unlock(&c->hints.lock);
}

static struct kunit_case llmos_revert_cases[] = {
	KUNIT_CASE(revert_test_target),
	KUNIT_CASE(revert_test_restore),
	KUNIT_CASE(revert_test_user_changed),
	KUNIT_CASE(revert_test_throttle_user_changed),
	KUNIT_CASE(revert_test_revert_req),
	KUNIT_CASE(revert_test_expire),
	KUNIT_CASE(revert_test_reap),
	KUNIT_CASE(revert_test_all_and_bound),
	{}
};

static struct kunit_suite llmos_revert_suite = {
	.name = "llmos_revert",
	.init = revert_init,
	.exit = revert_exit,
	.test_cases = llmos_revert_cases,
};

kunit_test_suite(llmos_revert_suite);
