// SPDX-License-Identifier: GPL-2.0
/* The hint policy stays within the module's bounds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "uapi/llmos.h"
#include "sched/policy.h"
#include "sched/sched_class.h"

static void test_within_bounds(void **state)
{
	static const int lo[] = { -20, -5, 0, 3, 19 };
	static const int hi[] = { -20, 0, 5, 19 };
	unsigned int a, b, conf;
	int cls;

	(void)state;
	for (a = 0; a < sizeof(lo) / sizeof(lo[0]); a++)
	for (b = 0; b < sizeof(hi) / sizeof(hi[0]); b++) {
		if (lo[a] > hi[b])
			continue;
		for (cls = -1; cls < SCHED_NR_CLASSES; cls++)
		for (conf = 0; conf <= 1000; conf += 25) {
			struct sched_plan p;

			sched_policy(cls, conf, lo[a], hi[b], &p);
			if (!p.hint)
				continue;
			assert_true(p.nice >= lo[a] && p.nice <= hi[b]);
			assert_true(conf >= SCHED_POLICY_MIN_CONF);
			assert_true(p.ioprio < 0 ||
				    (p.ioprio >> 13 == LLMOS_IOPRIO_CLASS_BE &&
				     (p.ioprio & 0x1fff) <= 7) ||
				    p.ioprio == LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_IDLE, 0));
		}
	}
}

static void test_mapping(void **state)
{
	struct sched_plan p;
	int prev = 0;
	unsigned int conf;

	(void)state;
	/* Batch: +10 .. +19 by confidence, monotonic. */
	for (conf = 500; conf <= 1000; conf += 10) {
		sched_policy(SCHED_CLASS_BATCH, conf, -5, 19, &p);
		assert_true(p.hint);
		assert_true(p.nice >= 10 && p.nice <= 19);
		assert_true(p.nice >= prev);
		prev = p.nice;
	}
	sched_policy(SCHED_CLASS_BATCH, 500, -5, 19, &p);
	assert_int_equal(p.nice, 10);
	sched_policy(SCHED_CLASS_BATCH, 900, -5, 19, &p);
	assert_int_equal(p.nice, 19);
	assert_int_equal(p.ioprio, LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE, 7));
	/* Below the minimum confidence: nothing. */
	sched_policy(SCHED_CLASS_BATCH, 499, -5, 19, &p);
	assert_false(p.hint);
	/* Interactive: never positive; slightly negative if allowed. */
	sched_policy(SCHED_CLASS_INTERACTIVE, 1000, -5, 19, &p);
	assert_true(p.hint);
	assert_int_equal(p.nice, -2);
	assert_int_equal(p.ioprio, -1);
	sched_policy(SCHED_CLASS_INTERACTIVE, 1000, -1, 19, &p);
	assert_int_equal(p.nice, -1);
	sched_policy(SCHED_CLASS_INTERACTIVE, 1000, 0, 19, &p);
	assert_false(p.hint);	/* nothing to change */
	sched_policy(SCHED_CLASS_INTERACTIVE, 700, -5, 19, &p);
	assert_false(p.hint);
	/* Background: 19 and idle I/O when sure. */
	sched_policy(SCHED_CLASS_BACKGROUND, 800, -5, 19, &p);
	assert_int_equal(p.nice, 19);
	assert_int_equal(p.ioprio, LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_IDLE, 0));
	sched_policy(SCHED_CLASS_BACKGROUND, 600, -5, 19, &p);
	assert_int_equal(p.nice, 10);
	assert_int_equal(p.ioprio, LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE, 7));
	/* I/O-bound: lower best-effort priority, mild nice. */
	sched_policy(SCHED_CLASS_IO, 900, -5, 19, &p);
	assert_int_equal(p.nice, 10);
	assert_int_equal(p.ioprio, LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE, 7));
	sched_policy(SCHED_CLASS_IO, 500, -5, 19, &p);
	assert_int_equal(p.nice, 5);
	/* A tight nice_max clamps. */
	sched_policy(SCHED_CLASS_BATCH, 1000, -5, 4, &p);
	assert_int_equal(p.nice, 4);
	/* No class: nothing. */
	sched_policy(SCHED_CLASS_NONE, 1000, -5, 19, &p);
	assert_false(p.hint);
}

static void test_ioprio_str(void **state)
{
	char b[16];

	(void)state;
	assert_string_equal(sched_ioprio_str(-1, b, sizeof(b)), "-");
	assert_string_equal(sched_ioprio_str(LLMOS_IOPRIO(2, 5), b, sizeof(b)),
			    "be/5");
	assert_string_equal(sched_ioprio_str(LLMOS_IOPRIO(3, 0), b, sizeof(b)),
			    "idle");
	assert_string_equal(sched_ioprio_str(0, b, sizeof(b)), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_within_bounds),
		cmocka_unit_test(test_mapping),
		cmocka_unit_test(test_ioprio_str),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
