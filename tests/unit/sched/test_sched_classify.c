// SPDX-License-Identifier: GPL-2.0
/* Class decisions: evidence weighting and hysteresis. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sched/classify.h"

enum { I = SCHED_CLASS_INTERACTIVE, B = SCHED_CLASS_BATCH,
       O = SCHED_CLASS_IO, G = SCHED_CLASS_BACKGROUND };

static void test_first_window_sets_class(void **state)
{
	struct sched_clf c;

	(void)state;
	sched_clf_init(&c);
	assert_int_equal(c.cls, SCHED_CLASS_NONE);
	assert_false(sched_clf_window(&c, SCHED_CLASS_NONE));
	assert_int_equal(c.cls, SCHED_CLASS_NONE);
	/* A first class needs SCHED_FIRST_WINDOWS windows agreeing. */
	assert_false(sched_clf_window(&c, B));
	assert_int_equal(c.cls, SCHED_CLASS_NONE);
	assert_false(sched_clf_window(&c, I));
	assert_int_equal(c.cls, SCHED_CLASS_NONE);
	assert_true(sched_clf_window(&c, I));
	assert_int_equal(c.cls, I);
	sched_clf_init(&c);
	sched_clf_window(&c, B);
	assert_true(sched_clf_window(&c, B));
	assert_int_equal(c.cls, B);
	assert_int_equal(c.changes, 0);
	/* Confidence grows with consistent evidence, and stays below 1. */
	{
		uint16_t prev = c.conf;
		int i;

		for (i = 0; i < 10; i++) {
			sched_clf_window(&c, B);
			assert_true(c.conf >= prev);
			prev = c.conf;
		}
		assert_true(c.conf > 900 && c.conf < 1000);
	}
}

static void test_flapping_input_does_not_flap(void **state)
{
	struct sched_clf c;
	int i;

	(void)state;
	sched_clf_init(&c);
	sched_clf_window(&c, B);
	sched_clf_window(&c, B);
	for (i = 0; i < 200; i++) {
		assert_false(sched_clf_window(&c, i % 2 ? B : I));
		assert_int_equal(c.cls, B);
	}
	/* A window of another class now and then: still no change. */
	for (i = 0; i < 100; i++)
		sched_clf_window(&c, i % 3 == 2 ? I : B);
	assert_int_equal(c.changes, 0);
	/* Mostly another class: one change, then no flapping back. */
	for (i = 0; i < 100; i++)
		sched_clf_window(&c, i % 3 == 2 ? B : I);
	assert_int_equal(c.changes, 1);
	assert_int_equal(c.cls, I);
	/* Three classes in turn. */
	sched_clf_init(&c);
	for (i = 0; i < 300; i++)
		sched_clf_window(&c, i % 3 == 0 ? B : i % 3 == 1 ? I : O);
	assert_int_equal(c.changes, 0);
}

static void test_consistent_change_is_followed(void **state)
{
	struct sched_clf c;
	int i, n = 0;

	(void)state;
	sched_clf_init(&c);
	for (i = 0; i < 20; i++)
		sched_clf_window(&c, I);
	while (c.cls == I && n < 50) {
		sched_clf_window(&c, B);
		n++;
	}
	assert_int_equal(c.cls, B);
	assert_int_equal(c.changes, 1);
	/* Not before the lead held SCHED_HYSTERESIS windows. */
	assert_true(n >= SCHED_HYSTERESIS);
	assert_true(n <= 10);
}

static void test_prior_then_measurements(void **state)
{
	const float prior[SCHED_NR_CLASSES] = { 0.94f, 0.02f, 0.02f, 0.02f };
	const float weak[SCHED_NR_CLASSES] = { 0.8f, 0.1f, 0.05f, 0.05f };
	struct sched_clf c;
	int i;

	(void)state;
	/* A confident prior gives a class before any measurement. */
	sched_clf_init(&c);
	sched_clf_prior(&c, prior);
	assert_int_equal(c.cls, I);
	assert_int_equal(c.conf, 940);
	/* One contrary window leads, but the class holds (hysteresis). */
	sched_clf_window(&c, B);
	assert_int_equal(c.cls, I);
	assert_true(c.prob[B] > c.prob[I]);
	/* Measurements take over as they accumulate. */
	for (i = 0; i < 10; i++)
		sched_clf_window(&c, B);
	assert_int_equal(c.cls, B);
	assert_true(c.prob[B] > c.prob[I]);
	/* A prior below SCHED_PRIOR_MIN sets nothing alone. */
	sched_clf_init(&c);
	sched_clf_prior(&c, weak);
	assert_int_equal(c.cls, SCHED_CLASS_NONE);
	assert_int_equal(c.conf, 0);
	sched_clf_window(&c, G);
	sched_clf_window(&c, G);
	assert_int_equal(c.cls, G);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_window_sets_class),
		cmocka_unit_test(test_flapping_input_does_not_flap),
		cmocka_unit_test(test_consistent_change_is_followed),
		cmocka_unit_test(test_prior_then_measurements),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
