// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduling stage on a synthetic stream (replay mode: no device, no
 * /proc): classes of a hog, a frame loop and an I/O job, overrides by exe,
 * no hint on a process that forks, determinism.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uapi/llmos.h"
#include "pipeline.h"
#include "sched/stage.h"
#include "syscall_table.h"

#define MS 1000000ull
#define T0 1000000000ull

enum { SHELL, HOG, PROBE, IO, PINNED, EXEMPT, NPROC };
static const uint32_t pids[NPROC] = { 50, 100, 101, 102, 103, 104 };
static const char *const exes[NPROC] = { "/bin/sh", "/bin/hog", "/bin/probe",
					 "/bin/io", "/bin/pinned",
					 "/bin/exempt" };

static struct llmos_event ev_of(int type, int who, uint64_t t)
{
	struct llmos_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.tgid = ev.tid = pids[who];
	ev.ppid = pids[SHELL];
	ev.time_ns = t;
	ev.start_time = 1000 + who;
	snprintf(ev.comm, sizeof(ev.comm), "p%d", who);
	return ev;
}

static void sched_ev(struct pipeline *pl, int who, uint64_t t, uint64_t run,
		     uint64_t wait, uint32_t runs, uint32_t wakeups,
		     uint32_t nv, uint32_t niv)
{
	struct llmos_event ev = ev_of(LLMOS_EV_SCHED, who, t);

	ev.sched.interval_ns = 100 * MS;
	ev.sched.run_ns = run;
	ev.sched.wait_ns = wait;
	ev.sched.nr_runs = runs;
	ev.sched.wakeups = wakeups;
	ev.sched.nvcsw = nv;
	ev.sched.nivcsw = niv;
	assert_int_equal(pipeline_event(pl, &ev), 0);
}

static void sys_ev(struct pipeline *pl, int who, uint64_t t, int nr,
		   unsigned int n)
{
	struct llmos_event ev = ev_of(LLMOS_EV_SYSCALLS, who, t);
	unsigned int i;

	ev.sys.abi = LLMOS_ABI_X86_64;
	ev.sys.count = (uint16_t)n;
	for (i = 0; i < n; i++)
		ev.sys.ids[i] = (uint16_t)nr;
	assert_int_equal(pipeline_event(pl, &ev), 0);
}

struct run {
	struct sched_stage_stats st;
	int cls[NPROC];
	bool hinted[NPROC];
	int nice[NPROC], ioprio[NPROC];
};

static void scenario(const char *overrides, struct run *out)
{
	struct sched_stage_opts so = { .overrides_path = overrides };
	struct pipeline_stage st;
	struct pipeline *pl = pipeline_new(64, NULL);
	struct sched_stage *s;
	struct llmos_event ev;
	uint64_t t = T0;
	int i, k;

	assert_non_null(pl);
	s = sched_stage_new(&so, pl, 64, &st);
	assert_non_null(s);
	assert_int_equal(pipeline_add_stage(pl, &st), 0);
	ev = ev_of(LLMOS_EV_EXEC, SHELL, t);
	snprintf(ev.exec.filename, sizeof(ev.exec.filename), "%s", exes[SHELL]);
	assert_int_equal(pipeline_event(pl, &ev), 0);
	for (i = 1; i < NPROC; i++) {
		ev = ev_of(LLMOS_EV_FORK, i, t + i);
		ev.fork.parent_tgid = pids[SHELL];
		ev.fork.parent_start_time = 1000 + SHELL;
		assert_int_equal(pipeline_event(pl, &ev), 0);
		ev = ev_of(LLMOS_EV_EXEC, i, t + i + 1);
		snprintf(ev.exec.filename, sizeof(ev.exec.filename), "%s",
			 exes[i]);
		assert_int_equal(pipeline_event(pl, &ev), 0);
	}
	/* The shell itself behaves like a hog: it forked, so no hint. */
	for (k = 1; k <= 100; k++) {
		t = T0 + k * 100 * MS;
		sched_ev(pl, SHELL, t, 25 * MS, 75 * MS, 8, 0, 0, 8);
		sched_ev(pl, HOG, t, 25 * MS, 75 * MS, 8, 0, 0, 8);
		sched_ev(pl, PINNED, t, 25 * MS, 75 * MS, 8, 0, 0, 8);
		sched_ev(pl, EXEMPT, t, 25 * MS, 75 * MS, 8, 0, 0, 8);
		sys_ev(pl, PROBE, t, 230 /* clock_nanosleep */, 4);
		sched_ev(pl, PROBE, t, 25 * MS, 60 * MS, 10, 4, 4, 6);
		sys_ev(pl, IO, t, 18 /* pwrite64 */, 120);
		sys_ev(pl, IO, t, 35 /* nanosleep */, 4);
		sched_ev(pl, IO, t, 40 * MS, 10 * MS, 15, 12, 12, 3);
	}
	for (i = 0; i < NPROC; i++) {
		struct proc *p = proc_table_find(pipeline_procs(pl), pids[i],
						 1000 + i);

		assert_non_null(p);
		out->cls[i] = sched_stage_class(s, p, NULL);
		out->hinted[i] = sched_stage_hint(s, p, &out->nice[i],
						  &out->ioprio[i]);
	}
	out->st = *sched_stage_stats(s);
	/* Freeing the table at shutdown reverts nothing. */
	pipeline_free(pl);
	assert_int_equal(sched_stage_stats(s)->hints_reverted,
			 out->st.hints_reverted);
	sched_stage_free(s);
}

static void test_classes_and_hints(void **state)
{
	char path[] = "/tmp/llmos-ovr-XXXXXX";
	struct run r, r2;
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("exe /bin/pinned pin background\nexe /bin/exempt exempt\n", f);
	fclose(f);
	memset(&r, 0, sizeof(r));
	scenario(path, &r);
	assert_int_equal(r.cls[HOG], SCHED_CLASS_BATCH);
	assert_int_equal(r.cls[PROBE], SCHED_CLASS_INTERACTIVE);
	assert_int_equal(r.cls[IO], SCHED_CLASS_IO);
	/* Measured classes of overridden processes are still shown. */
	assert_int_equal(r.cls[PINNED], SCHED_CLASS_BATCH);
	assert_int_equal(r.cls[EXEMPT], SCHED_CLASS_BATCH);
	/* Hints: within the default bounds (-5..19). */
	assert_true(r.hinted[HOG]);
	assert_int_equal(r.nice[HOG], 19);
	assert_true(r.hinted[PROBE]);
	assert_int_equal(r.nice[PROBE], -2);
	assert_true(r.hinted[IO]);
	assert_true(r.nice[IO] >= 5 && r.nice[IO] <= 10);
	assert_true(r.hinted[PINNED]);
	assert_int_equal(r.nice[PINNED], 19);
	assert_int_equal(r.ioprio[PINNED],
			 LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_IDLE, 0));
	assert_false(r.hinted[EXEMPT]);
	assert_false(r.hinted[SHELL]);
	assert_int_equal(r.st.spawners, 1);
	assert_int_equal(r.st.class_changes, 0);
	assert_true(r.st.windows >= 50);
	/* Without a device every hint is only what it would do. */
	assert_int_equal(r.st.hints_new, 0);
	assert_true(r.st.would_hint >= 4);

	/* Event time only: the same stream decides the same. */
	memset(&r2, 0, sizeof(r2));
	scenario(path, &r2);
	assert_memory_equal(&r, &r2, sizeof(r));

	/* A broken override file: no rules (the stage still runs). */
	f = fopen(path, "w");
	fputs("exe /bin/pinned pin background\nexe /bin/exempt nope\n", f);
	fclose(f);
	memset(&r, 0, sizeof(r));
	scenario(path, &r);
	assert_true(r.hinted[EXEMPT]);
	assert_int_equal(r.nice[PINNED], 19);
	assert_int_equal(r.ioprio[PINNED],
			 LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE, 7));
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes_and_hints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
