// SPDX-License-Identifier: GPL-2.0
/*
 * The pipeline after a process's EXIT: the records of its other threads
 * that the probes send after it are dropped and counted, and do not make
 * the process anew; another process of the same pid, a fork, and a
 * process back from eviction still get their entry; the EXIT of a process
 * never seen makes none.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "exited.h"
#include "pipeline.h"

/* What a stage saw. */
struct seen {
	unsigned int events[LLMOS_EV_TYPE_MAX];
	unsigned int released[3];
};

static void see_event(void *ctx, const struct llmos_event *ev, struct proc *p,
		      const uint16_t *tokens, unsigned int n)
{
	struct seen *s = ctx;

	(void)p;
	(void)tokens;
	(void)n;
	s->events[ev->type]++;
}

static void see_release(void *ctx, struct proc *p, enum proc_release why)
{
	struct seen *s = ctx;

	(void)p;
	s->released[why]++;
}

static struct pipeline *new_pipeline(uint32_t max_procs, struct seen *s)
{
	const struct pipeline_stage st = {
		.name = "seen",
		.ctx = s,
		.event = see_event,
		.release = see_release,
	};
	struct pipeline *pl = pipeline_new(max_procs, NULL);

	assert_non_null(pl);
	assert_int_equal(pipeline_add_stage(pl, &st), 0);
	return pl;
}

static uint64_t now = 1000000000ull;

/* A record of (tgid, start_time), from thread tid. */
static void send(struct pipeline *pl, int type, uint32_t tgid, uint32_t tid,
		 uint64_t start_time)
{
	struct llmos_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.tgid = tgid;
	ev.tid = tid;
	ev.ppid = 1;
	ev.time_ns = now += 1000;
	ev.start_time = start_time;
	snprintf(ev.comm, sizeof(ev.comm), "p%u", tgid);
	if (type == LLMOS_EV_SYSCALLS) {
		ev.sys.abi = LLMOS_ABI_X86_64;
		ev.sys.count = 2;
		ev.sys.ids[0] = 110;	/* getppid */
		ev.sys.ids[1] = 60;	/* exit */
	} else if (type == LLMOS_EV_SCHED) {
		ev.sched.interval_ns = 1000000;
		ev.sched.run_ns = 500000;
		ev.sched.nr_runs = 1;
	} else if (type == LLMOS_EV_FORK) {
		ev.fork.parent_tgid = 1;
	}
	assert_int_equal(pipeline_event(pl, &ev), 0);
}

/*
 * Thread 101 leaves signal->live first but is slow to its exit tracepoint;
 * thread 100, the last, sends the EXIT before 101's batch and sched record.
 */
static void test_late_records_dropped(void **state)
{
	struct seen s = { 0 };
	struct pipeline *pl = new_pipeline(16, &s);

	(void)state;
	send(pl, LLMOS_EV_FORK, 100, 100, 5000);
	send(pl, LLMOS_EV_SYSCALLS, 100, 101, 5000);
	send(pl, LLMOS_EV_SCHED, 100, 100, 5000);
	send(pl, LLMOS_EV_EXIT, 100, 100, 5000);
	send(pl, LLMOS_EV_SYSCALLS, 100, 101, 5000);
	send(pl, LLMOS_EV_SCHED, 100, 101, 5000);
	/* A second EXIT (no task storage for exit_sent) is late too. */
	send(pl, LLMOS_EV_EXIT, 100, 101, 5000);

	assert_null(proc_table_find(pipeline_procs(pl), 100, 5000));
	assert_int_equal(pipeline_proc_stats(pl)->live, 0);
	assert_int_equal(pipeline_proc_stats(pl)->inserted, 1);
	assert_int_equal(pipeline_stats(pl)->adopted, 0);
	assert_int_equal(pipeline_stats(pl)->late, 3);
	/* Received, so counted by type, but no stage saw them. */
	assert_int_equal(pipeline_stats(pl)->records[LLMOS_EV_SCHED], 2);
	assert_int_equal(pipeline_stats(pl)->syscalls, 2);
	assert_int_equal(s.events[LLMOS_EV_SYSCALLS], 1);
	assert_int_equal(s.events[LLMOS_EV_SCHED], 1);
	assert_int_equal(s.events[LLMOS_EV_EXIT], 1);
	assert_int_equal(s.released[PROC_RELEASE_EXIT], 1);
	pipeline_free(pl);
	assert_int_equal(s.released[PROC_RELEASE_SHUTDOWN], 0);
}

/* An adopted process (started before the agent) that exits, the same. */
static void test_adopted_late_records_dropped(void **state)
{
	struct seen s = { 0 };
	struct pipeline *pl = new_pipeline(16, &s);

	(void)state;
	send(pl, LLMOS_EV_SYSCALLS, 200, 201, 7000);
	send(pl, LLMOS_EV_EXIT, 200, 200, 7000);
	send(pl, LLMOS_EV_SCHED, 200, 201, 7000);
	assert_null(proc_table_find(pipeline_procs(pl), 200, 7000));
	assert_int_equal(pipeline_stats(pl)->adopted, 1);
	assert_int_equal(pipeline_stats(pl)->late, 1);
	pipeline_free(pl);
	assert_int_equal(s.released[PROC_RELEASE_EXIT], 1);
	assert_int_equal(s.released[PROC_RELEASE_SHUTDOWN], 0);
}

/*
 * The key is (tgid, start_time): the pid's next process is another one;
 * a FORK is a birth, never late; nor is a process back from eviction.
 */
static void test_others_not_dropped(void **state)
{
	struct seen s = { 0 };
	struct pipeline *pl = new_pipeline(1, &s);

	(void)state;
	send(pl, LLMOS_EV_FORK, 100, 100, 5000);
	send(pl, LLMOS_EV_EXIT, 100, 100, 5000);
	send(pl, LLMOS_EV_SCHED, 100, 100, 6000);
	assert_non_null(proc_table_find(pipeline_procs(pl), 100, 6000));
	assert_int_equal(pipeline_stats(pl)->adopted, 1);

	/* Evicts (100, 6000), which then comes back, adopted. */
	send(pl, LLMOS_EV_SYSCALLS, 300, 300, 9000);
	send(pl, LLMOS_EV_SYSCALLS, 100, 100, 6000);
	assert_non_null(proc_table_find(pipeline_procs(pl), 100, 6000));
	assert_int_equal(pipeline_proc_stats(pl)->evicted, 2);
	assert_int_equal(pipeline_stats(pl)->adopted, 3);

	/* A trace that reuses a key: its FORK makes the process anew. */
	send(pl, LLMOS_EV_FORK, 100, 100, 5000);
	assert_non_null(proc_table_find(pipeline_procs(pl), 100, 5000));
	assert_int_equal(pipeline_stats(pl)->forks, 2);
	assert_int_equal(pipeline_stats(pl)->late, 0);
	pipeline_free(pl);
}

/*
 * The EXIT of a process never seen (an ignored one): no entry made and
 * freed, nothing to the stages, not counted as adopted; remembered.
 */
static void test_untracked_exit(void **state)
{
	struct seen s = { 0 };
	struct pipeline *pl = new_pipeline(16, &s);

	(void)state;
	send(pl, LLMOS_EV_EXIT, 400, 400, 8000);
	assert_null(proc_table_find(pipeline_procs(pl), 400, 8000));
	assert_int_equal(pipeline_stats(pl)->exits_untracked, 1);
	assert_int_equal(pipeline_stats(pl)->adopted, 0);
	assert_int_equal(pipeline_stats(pl)->records[LLMOS_EV_EXIT], 1);
	assert_int_equal(s.events[LLMOS_EV_EXIT], 0);
	assert_int_equal(s.released[PROC_RELEASE_EXIT], 0);
	send(pl, LLMOS_EV_SCHED, 400, 401, 8000);
	assert_null(proc_table_find(pipeline_procs(pl), 400, 8000));
	assert_int_equal(pipeline_stats(pl)->late, 1);
	pipeline_free(pl);
	assert_int_equal(s.released[PROC_RELEASE_SHUTDOWN], 0);
}

/* The last EXITED_KEEP exits are remembered, an older one is not. */
static void test_oldest_exit_forgotten(void **state)
{
	struct seen s = { 0 };
	struct pipeline *pl = new_pipeline(16, &s);

	(void)state;
	send(pl, LLMOS_EV_FORK, 100, 100, 5000);
	send(pl, LLMOS_EV_EXIT, 100, 100, 5000);
	send(pl, LLMOS_EV_FORK, 101, 101, 5001);
	send(pl, LLMOS_EV_EXIT, 101, 101, 5001);
	for (uint32_t i = 0; i < EXITED_KEEP - 1; i++) {
		send(pl, LLMOS_EV_FORK, 1000 + i, 1000 + i, 9000 + i);
		send(pl, LLMOS_EV_EXIT, 1000 + i, 1000 + i, 9000 + i);
	}
	send(pl, LLMOS_EV_SCHED, 101, 101, 5001);
	assert_null(proc_table_find(pipeline_procs(pl), 101, 5001));
	assert_int_equal(pipeline_stats(pl)->late, 1);
	send(pl, LLMOS_EV_SCHED, 100, 100, 5000);
	assert_non_null(proc_table_find(pipeline_procs(pl), 100, 5000));
	assert_int_equal(pipeline_stats(pl)->late, 1);
	assert_int_equal(pipeline_stats(pl)->adopted, 1);
	pipeline_free(pl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_late_records_dropped),
		cmocka_unit_test(test_adopted_late_records_dropped),
		cmocka_unit_test(test_others_not_dropped),
		cmocka_unit_test(test_oldest_exit_forgotten),
		cmocka_unit_test(test_untracked_exit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
