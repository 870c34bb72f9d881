// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the agent paths without a device, as dev.c drives them: register,
 * heartbeat, refusals for non-agents, alerts through the ring (the test
 * runs in a kernel thread, so every action is skipped as "protected"), the
 * watchdog and release. Under lockdep this walks the nesting of
 * llmos_knob_lock, llmos_agent.lock, llmos_hints.lock and the ring lock.
 * The module's global state is saved and restored around each test.
 */
#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "../internal.h"

struct agent_ctx {
	struct llmos_knobs knobs;
	struct file *file, *other;
};

static int agent_init(struct kunit *test)
{
	struct agent_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	/* Only their addresses matter to llmos. */
	c->file = kunit_kzalloc(test, sizeof(*c->file), GFP_KERNEL);
	c->other = kunit_kzalloc(test, sizeof(*c->other), GFP_KERNEL);
	if (!c->file || !c->other)
		return -ENOMEM;
	mutex_lock(&llmos_knob_lock);
	c->knobs = llmos_knobs;
	mutex_unlock(&llmos_knob_lock);
	test->priv = c;
	return 0;
}

static void agent_exit(struct kunit *test)
{
	struct agent_ctx *c = test->priv;

	llmos_agent_release(c->file);
	mutex_lock(&llmos_knob_lock);
	llmos_knobs = c->knobs;
	mutex_unlock(&llmos_knob_lock);
}

static int do_register(struct file *f, u32 flags, u32 thr)
{
	struct llmos_register reg = {
		.version = LLMOS_ABI_VERSION,
		.flags = flags,
		.default_threshold = thr,
	};

	return llmos_agent_register(f, &reg);
}

static int do_alert(struct llmos_alert *a)
{
	int ret;

	mutex_lock(&llmos_agent.lock);
	ret = llmos_alert_push(a, llmos_agent.tgid);
	mutex_unlock(&llmos_agent.lock);
	return ret;
}

static void agent_test_register(struct kunit *test)
{
	struct agent_ctx *c = test->priv;
	struct llmos_heartbeat hb = { .version = LLMOS_ABI_VERSION };
	s64 beats = atomic64_read(&llmos_stats[LLMOS_STAT_HEARTBEATS]);

	KUNIT_EXPECT_EQ(test, do_register(c->file, 0x80, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, do_register(c->file, 0, 5), -EINVAL);
	KUNIT_EXPECT_FALSE(test, llmos_agent_is(c->file));
	KUNIT_ASSERT_EQ(test, do_register(c->file, 0, 0), 0);
	KUNIT_EXPECT_TRUE(test, llmos_agent_is(c->file));
	KUNIT_EXPECT_EQ(test, atomic64_read(&llmos_stats[LLMOS_STAT_AGENT_CONNECTED]),
			1LL);
	KUNIT_EXPECT_EQ(test, do_register(c->other, 0, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, do_register(c->file, 0, 0), -EBUSY);

	KUNIT_EXPECT_EQ(test, llmos_agent_heartbeat(c->other, &hb), -EPERM);
	KUNIT_EXPECT_EQ(test, llmos_agent_heartbeat(c->file, &hb), 0);
	KUNIT_EXPECT_EQ(test, hb.config.ring_size,
			READ_ONCE(llmos_knobs.ring_size));
	hb.flags = 1;
	KUNIT_EXPECT_EQ(test, llmos_agent_heartbeat(c->file, &hb), -EINVAL);
	/* Only the accepted heartbeat counts. */
	KUNIT_EXPECT_EQ(test, atomic64_read(&llmos_stats[LLMOS_STAT_HEARTBEATS]),
			beats + 1);

	llmos_agent_release(c->other);		/* not the agent: no effect */
	KUNIT_EXPECT_TRUE(test, llmos_agent_is(c->file));
	llmos_agent_release(c->file);
	KUNIT_EXPECT_FALSE(test, llmos_agent_is(c->file));
	KUNIT_EXPECT_EQ(test, atomic64_read(&llmos_stats[LLMOS_STAT_AGENT_CONNECTED]),
			0LL);
	KUNIT_EXPECT_EQ(test, do_register(c->other, 0, 0), 0);
	llmos_agent_release(c->other);
}

static void agent_test_threshold(struct kunit *test)
{
	struct agent_ctx *c = test->priv;

	mutex_lock(&llmos_knob_lock);
	llmos_knobs.threshold_set = false;
	mutex_unlock(&llmos_knob_lock);
	KUNIT_ASSERT_EQ(test, do_register(c->file, LLMOS_REGISTER_THRESHOLD,
					  3500), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(llmos_knobs.alert_threshold), 3500U);
	llmos_agent_release(c->file);

	mutex_lock(&llmos_knob_lock);
	llmos_knobs.threshold_set = true;	/* root wrote it */
	llmos_knobs.alert_threshold = 6000;
	mutex_unlock(&llmos_knob_lock);
	KUNIT_ASSERT_EQ(test, do_register(c->file, LLMOS_REGISTER_THRESHOLD,
					  3500), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(llmos_knobs.alert_threshold), 6000U);
}

static void agent_test_alert(struct kunit *test)
{
	struct agent_ctx *c = test->priv;
	struct llmos_alert *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct llmos_alert_rec rec;
	u64 cursor, lost;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_EQ(test, do_register(c->file, 0, 0), 0);
	WRITE_ONCE(llmos_knobs.alert_threshold, 5000);
	WRITE_ONCE(llmos_knobs.alert_action, LLMOS_ACTION_KILL);
	WRITE_ONCE(llmos_knobs.mode, LLMOS_MODE_ENFORCE);
	WRITE_ONCE(llmos_knobs.enabled, true);
	cursor = llmos_ring_next(&llmos_ring);

	a->version = LLMOS_ABI_VERSION;
	a->pid = task_pid_vnr(current);
	a->start_time = current->start_time;
	a->score = 4999;
	strscpy(a->category, "anomaly", sizeof(a->category));
	KUNIT_EXPECT_EQ(test, do_alert(a), 0);
	KUNIT_EXPECT_EQ(test, a->result, (u32)LLMOS_ALERT_BELOW_THRESHOLD);
	KUNIT_EXPECT_EQ(test, a->seq, 0ULL);

	/* A kernel thread: published, the kill is skipped. */
	a->score = 5000;
	KUNIT_EXPECT_EQ(test, do_alert(a), 0);
	KUNIT_EXPECT_EQ(test, a->result, (u32)LLMOS_ALERT_PUBLISHED);
	KUNIT_EXPECT_EQ(test, a->seq, cursor);
	KUNIT_EXPECT_EQ(test, a->action, (u32)LLMOS_ACTION_NONE);
	KUNIT_ASSERT_EQ(test, llmos_ring_peek(&llmos_ring, cursor, &rec, &lost),
			LLMOS_RING_RECORD);
	KUNIT_EXPECT_EQ(test, rec.skipped, (u8)LLMOS_SKIP_PROTECTED);
	KUNIT_EXPECT_EQ(test, rec.exited, 0);
	KUNIT_EXPECT_STREQ(test, rec.comm, current->comm);

	/* Wrong start_time: treated as gone, the agent's comm is used. */
	a->start_time++;
	strscpy(a->comm, "ghost", sizeof(a->comm));
	KUNIT_EXPECT_EQ(test, do_alert(a), 0);
	KUNIT_ASSERT_EQ(test, llmos_ring_peek(&llmos_ring, cursor + 1, &rec,
					      &lost), LLMOS_RING_RECORD);
	KUNIT_EXPECT_EQ(test, rec.exited, 1);
	KUNIT_EXPECT_EQ(test, rec.skipped, (u8)LLMOS_SKIP_EXITED);
	KUNIT_EXPECT_STREQ(test, rec.comm, "ghost");

	WRITE_ONCE(llmos_knobs.enabled, false);
	KUNIT_EXPECT_EQ(test, do_alert(a), -ENODEV);
	WRITE_ONCE(llmos_knobs.enabled, true);
	a->flags = 1;
	KUNIT_EXPECT_EQ(test, do_alert(a), -EINVAL);
}

static void agent_test_hint_refused(struct kunit *test)
{
	struct agent_ctx *c = test->priv;
	struct llmos_hint h = {
		.version = LLMOS_ABI_VERSION,
		.pid = task_pid_vnr(current),
		.start_time = current->start_time,
		.nice = 5,
	};
	s64 kt = atomic64_read(&llmos_stats[LLMOS_STAT_REJECT_KERNEL_THREAD]);

	KUNIT_ASSERT_EQ(test, do_register(c->file, 0, 0), 0);
	WRITE_ONCE(llmos_knobs.enabled, true);
	WRITE_ONCE(llmos_knobs.mode, LLMOS_MODE_ENFORCE);
	mutex_lock(&llmos_agent.lock);
	KUNIT_EXPECT_EQ(test, llmos_hint_push(&llmos_hints, &h,
					      llmos_agent.tgid), -EPERM);
	h.start_time++;
	KUNIT_EXPECT_EQ(test, llmos_hint_push(&llmos_hints, &h,
					      llmos_agent.tgid), -ESTALE);
	mutex_unlock(&llmos_agent.lock);
	KUNIT_EXPECT_EQ(test,
			atomic64_read(&llmos_stats[LLMOS_STAT_REJECT_KERNEL_THREAD]),
			kt + 1);
}

static void agent_test_watchdog(struct kunit *test)
{
	struct agent_ctx *c = test->priv;
	struct llmos_heartbeat hb = { .version = LLMOS_ABI_VERSION };

	KUNIT_ASSERT_EQ(test, do_register(c->file, 0, 0), 0);
	WRITE_ONCE(llmos_knobs.watchdog_ms, 10000);
	llmos_agent_watchdog();
	KUNIT_EXPECT_FALSE(test, READ_ONCE(llmos_agent.expired));
	mutex_lock(&llmos_agent.lock);
	llmos_agent.last_beat_ns -= 20 * NSEC_PER_SEC;
	mutex_unlock(&llmos_agent.lock);
	llmos_agent_watchdog();
	KUNIT_EXPECT_TRUE(test, READ_ONCE(llmos_agent.expired));
	KUNIT_EXPECT_EQ(test, llmos_agent_heartbeat(c->file, &hb), 0);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(llmos_agent.expired));
}

/* A lowered watchdog_ms binds from the agent's next heartbeat, not before. */
static void agent_test_watchdog_lowered(struct kunit *test)
{
	struct agent_ctx *c = test->priv;
	struct llmos_heartbeat hb = { .version = LLMOS_ABI_VERSION };

	WRITE_ONCE(llmos_knobs.watchdog_ms, 5000);
	KUNIT_ASSERT_EQ(test, do_register(c->file, 0, 0), 0);
	mutex_lock(&llmos_agent.lock);
	llmos_agent.last_beat_ns -= NSEC_PER_SEC;
	mutex_unlock(&llmos_agent.lock);
	WRITE_ONCE(llmos_knobs.watchdog_ms, LLMOS_WATCHDOG_MIN_MS);
	llmos_agent_watchdog();
	KUNIT_EXPECT_FALSE(test, READ_ONCE(llmos_agent.expired));
	KUNIT_EXPECT_EQ(test, llmos_agent_heartbeat(c->file, &hb), 0);
	KUNIT_EXPECT_EQ(test, hb.config.watchdog_ms, LLMOS_WATCHDOG_MIN_MS);
	mutex_lock(&llmos_agent.lock);
	llmos_agent.last_beat_ns -= 2 * LLMOS_WATCHDOG_MIN_MS * NSEC_PER_MSEC;
	mutex_unlock(&llmos_agent.lock);
	llmos_agent_watchdog();
	KUNIT_EXPECT_TRUE(test, READ_ONCE(llmos_agent.expired));
}

static struct kunit_case llmos_agent_cases[] = {
	KUNIT_CASE(agent_test_register),
	KUNIT_CASE(agent_test_threshold),
	KUNIT_CASE(agent_test_alert),
	KUNIT_CASE(agent_test_hint_refused),
	KUNIT_CASE(agent_test_watchdog),
	KUNIT_CASE(agent_test_watchdog_lowered),
	{}
};

static struct kunit_suite llmos_agent_suite = {
	.name = "llmos_agent",
	.init = agent_init,
	.exit = agent_exit,
	.test_cases = llmos_agent_cases,
};

kunit_test_suite(llmos_agent_suite);
