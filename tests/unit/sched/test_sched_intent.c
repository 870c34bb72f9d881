// SPDX-License-Identifier: GPL-2.0
/* The user's own choices: nice, chrt, ionice, taskset. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "sched/intent.h"

static void test_decide(void **state)
{
	struct sched_intent_obs o = { .policy = SCHED_OTHER };
	char b[64];

	(void)state;
	assert_int_equal(sched_intent_decide(&o), 0);
	/* nice -n 19 CMD */
	o.nice = 19;
	assert_int_equal(sched_intent_decide(&o), SCHED_INTENT_NICE);
	o.nice = -3;
	assert_int_equal(sched_intent_decide(&o), SCHED_INTENT_NICE);
	/* ... unless inherited from a parent llmos hinted to that value. */
	o.parent_hinted = true;
	o.parent_nice = -3;
	o.parent_ioprio = -1;
	assert_int_equal(sched_intent_decide(&o), 0);
	o.parent_nice = 10;
	assert_int_equal(sched_intent_decide(&o), SCHED_INTENT_NICE);
	o.parent_hinted = false;
	o.nice = 0;
	/* chrt -b / -i / -f */
	o.policy = SCHED_BATCH;
	assert_int_equal(sched_intent_decide(&o), SCHED_INTENT_POLICY);
	o.policy = SCHED_FIFO;
	assert_int_equal(sched_intent_decide(&o), SCHED_INTENT_POLICY);
	o.policy = SCHED_OTHER;
	/* ionice -c3; class none (follows nice) is no choice. */
	o.ioprio = 3 << 13;
	assert_int_equal(sched_intent_decide(&o), SCHED_INTENT_IOPRIO);
	o.ioprio = 4;	/* class none, level 4 */
	assert_int_equal(sched_intent_decide(&o), 0);
	o.ioprio = (2 << 13) | 7;
	o.parent_hinted = true;
	o.parent_nice = 0;
	o.parent_ioprio = (2 << 13) | 7;
	assert_int_equal(sched_intent_decide(&o), 0);
	o.parent_hinted = false;
	o.ioprio = 0;
	/* taskset -c 0 */
	o.affinity_narrower = true;
	assert_int_equal(sched_intent_decide(&o), SCHED_INTENT_AFFINITY);
	o.nice = 5;
	o.policy = SCHED_IDLE;
	o.ioprio = 3 << 13;
	assert_int_equal(sched_intent_decide(&o), 0xf);
	assert_string_equal(sched_intent_str(0xf, b, sizeof(b)),
			    "nice,chrt,ionice,taskset");
	assert_string_equal(sched_intent_str(SCHED_INTENT_IOPRIO, b, sizeof(b)),
			    "ionice");
	assert_string_equal(sched_intent_str(0, b, sizeof(b)), "-");
}

static void test_read_self(void **state)
{
	struct sched_intent_obs o;

	(void)state;
	memset(&o, 0x55, sizeof(o));
	assert_int_equal(sched_intent_read(getpid(), &o), 0);
	assert_int_equal(o.nice, nice(0));
	assert_int_equal(o.policy, sched_getscheduler(0) & ~SCHED_RESET_ON_FORK);
	/* A pid that cannot exist. */
	assert_true(sched_intent_read(0x3fffffff, &o) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_read_self),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
