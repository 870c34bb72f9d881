// SPDX-License-Identifier: GPL-2.0
/* The class decision list and its thresholds, on synthetic features. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "sched/sched_class.h"
#include "syscall_table.h"

#define MS 1000000ull
#define S 1000000000ull

/* One second of a single thread, with the given behaviour. */
static int cls_of(uint64_t run, uint64_t wait, uint64_t runs,
		  uint64_t wakeups, uint64_t nv, uint64_t niv, uint64_t sys,
		  uint64_t io)
{
	struct sched_counters c = {
		.wall_ns = S, .interval_ns = S, .run_ns = run,
		.wait_ns = wait, .nr_runs = runs, .wakeups = wakeups,
		.nvcsw = nv, .nivcsw = niv, .syscalls = sys,
		.io_syscalls = io,
	};
	struct sched_features f;

	sched_features_of(&c, &f);
	return sched_classify_features(&f);
}

static void test_hog_is_batch(void **state)
{
	(void)state;
	/* Alone on a CPU: never switched out. */
	assert_int_equal(cls_of(S, 0, 0, 0, 0, 0, 0, 0), SCHED_CLASS_BATCH);
	/* Beside others: a quarter of a CPU, runnable all the time. */
	assert_int_equal(cls_of(250 * MS, 750 * MS, 80, 0, 0, 80, 0, 0),
			 SCHED_CLASS_BATCH);
	/* Hinted to nice 19: little CPU, still runnable throughout. */
	assert_int_equal(cls_of(30 * MS, 970 * MS, 20, 0, 0, 20, 0, 0),
			 SCHED_CLASS_BATCH);
	/* Starved below the background threshold: still not idle. */
	assert_int_equal(cls_of(2 * MS, 998 * MS, 3, 0, 0, 3, 0, 0),
			 SCHED_CLASS_BATCH);
	/* Busy without blocking looks like a hog, whatever the rate. */
	assert_int_equal(cls_of(300 * MS, 600 * MS, 40, 30, 3, 37, 0, 0),
			 SCHED_CLASS_BATCH);
}

static void test_frame_loop_is_interactive(void **state)
{
	(void)state;
	/* Idle machine: 100 frames of 5 ms, sleeping between them. */
	assert_int_equal(cls_of(500 * MS, 5 * MS, 100, 100, 100, 0, 200, 0),
			 SCHED_CLASS_INTERACTIVE);
	/* Beside hogs: 35 frames, preempted twice in each, rarely asleep. */
	assert_int_equal(cls_of(250 * MS, 700 * MS, 105, 35, 35, 70, 70, 0),
			 SCHED_CLASS_INTERACTIVE);
	/* Starved at nice 19: 2 frames a second, but still blocking. */
	assert_int_equal(cls_of(15 * MS, 980 * MS, 8, 2, 2, 6, 4, 0),
			 SCHED_CLASS_INTERACTIVE);
	/*
	 * Starved and preempted 12 times a frame (voluntary ratio 0.08):
	 * still asleep after every 5 ms of its own CPU time, so a hint that
	 * starves it does not make it batch.
	 */
	assert_int_equal(cls_of(60 * MS, 935 * MS, 156, 12, 12, 144, 24, 0),
			 SCHED_CLASS_INTERACTIVE);
	/* One block among a starved hog's preemptions is no sleeping habit. */
	assert_int_equal(cls_of(2 * MS, 998 * MS, 21, 1, 1, 20, 0, 0),
			 SCHED_CLASS_BATCH);
	/* Long bursts between rare sleeps are not interactive. */
	assert_int_equal(cls_of(600 * MS, 300 * MS, 4, 3, 3, 1, 0, 0),
			 SCHED_CLASS_BATCH);
}

static void test_io_job_is_io(void **state)
{
	(void)state;
	/* 60 loops of 33 data syscalls and 2 naps. */
	assert_int_equal(cls_of(400 * MS, 100 * MS, 150, 120, 120, 30, 2100,
				1980), SCHED_CLASS_IO);
	/* The same syscall mix at a trickle is not I/O-bound. */
	assert_int_equal(cls_of(100 * MS, 10 * MS, 30, 30, 30, 0, 20, 18),
			 SCHED_CLASS_INTERACTIVE);
}

static void test_idle_is_background(void **state)
{
	(void)state;
	assert_int_equal(cls_of(1 * MS, 0, 5, 5, 5, 0, 10, 0),
			 SCHED_CLASS_BACKGROUND);
	/* Thresholds: cpu 0.02 and 20 wakeups/s. */
	assert_int_equal(cls_of(19 * MS, 0, 19, 19, 19, 0, 0, 0),
			 SCHED_CLASS_BACKGROUND);
	assert_int_equal(cls_of(19 * MS, 0, 21, 21, 21, 0, 0, 0),
			 SCHED_CLASS_INTERACTIVE);
	assert_int_equal(cls_of(21 * MS, 0, 4, 4, 4, 0, 0, 0),
			 SCHED_CLASS_BACKGROUND);	/* fallback: sleeps */
	assert_int_equal(cls_of(600 * MS, 0, 4, 4, 4, 0, 0, 0),
			 SCHED_CLASS_BATCH);		/* fallback: busy */
}

static void test_not_enough(void **state)
{
	struct sched_counters c = { .wall_ns = 100 * MS,
				    .interval_ns = 100 * MS,
				    .run_ns = 100 * MS };
	struct sched_features f;

	(void)state;
	sched_features_of(&c, &f);
	assert_false(f.enough);
	assert_int_equal(sched_classify_features(&f), SCHED_CLASS_NONE);
	assert_true(isnan(sched_regression_target(&f)));
	/* No sched sample at all. */
	c.wall_ns = 10 * S;
	c.interval_ns = 0;
	c.run_ns = 0;
	sched_features_of(&c, &f);
	assert_false(f.enough);
	/* Two short runs in a second. */
	assert_int_equal(cls_of(1 * MS, 0, 2, 2, 2, 0, 0, 0),
			 SCHED_CLASS_NONE);
}

static void test_features_and_target(void **state)
{
	struct sched_counters c = {
		.wall_ns = 2 * S, .interval_ns = 2 * S, .run_ns = 1 * S,
		.wait_ns = 500 * MS, .nr_runs = 1000, .wakeups = 400,
		.nvcsw = 300, .nivcsw = 100, .syscalls = 1000,
		.io_syscalls = 250,
	};
	struct sched_features f;

	(void)state;
	sched_features_of(&c, &f);
	assert_true(f.enough);
	assert_true(fabs(f.cpu - 0.5) < 1e-9);
	assert_true(fabs(f.demand - 0.75) < 1e-9);
	assert_true(fabs(f.wakeups_s - 200) < 1e-9);
	assert_true(fabs(f.vol_ratio - 0.75) < 1e-9);
	assert_true(fabs(f.burst_us - 1000) < 1e-9);
	assert_true(f.sleeps);	/* 300 sleeps in 1 s of run time */
	assert_true(fabs(f.io_frac - 0.25) < 1e-9);
	assert_true(fabs(f.io_s - 125) < 1e-9);
	assert_true(fabsf(sched_regression_target(&f) - 3.0f) < 1e-4f);
	f.burst_us = 31622.7766;
	assert_true(fabsf(sched_regression_target(&f) - 4.5f) < 1e-4f);
	f.burst_us = 1e9;
	assert_true(fabsf(sched_regression_target(&f) - 6.0f) < 1e-6f);
	f.burst_us = 0.1;
	assert_true(fabsf(sched_regression_target(&f)) < 1e-6f);
}

static void test_io_tokens_and_names(void **state)
{
	(void)state;
	assert_true(sched_token_is_io(syscall_token_lookup("read")));
	assert_true(sched_token_is_io(syscall_token_lookup("pwrite64")));
	assert_true(sched_token_is_io(syscall_token_lookup("fsync")));
	assert_false(sched_token_is_io(syscall_token_lookup("nanosleep")));
	assert_false(sched_token_is_io(syscall_token_lookup("poll")));
	assert_false(sched_token_is_io(LLMOS_TOKEN_EXEC));
	assert_false(sched_token_is_io(60000));
	assert_string_equal(sched_class_name(SCHED_CLASS_BATCH), "batch");
	assert_string_equal(sched_class_name(SCHED_CLASS_NONE), "-");
	assert_string_equal(sched_class_name(99), "-");
	assert_int_equal(sched_class_parse("background"),
			 SCHED_CLASS_BACKGROUND);
	assert_int_equal(sched_class_parse("Batch"), SCHED_CLASS_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hog_is_batch),
		cmocka_unit_test(test_frame_loop_is_interactive),
		cmocka_unit_test(test_io_job_is_io),
		cmocka_unit_test(test_idle_is_background),
		cmocka_unit_test(test_not_enough),
		cmocka_unit_test(test_features_and_target),
		cmocka_unit_test(test_io_tokens_and_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
