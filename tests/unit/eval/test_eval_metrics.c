// SPDX-License-Identifier: GPL-2.0
/* The harness's metrics on small cases computed by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "eval_test.h"
#include "metrics.h"

static void test_auc_perfect_inverted(void **state)
{
	const double pos[] = { 5, 6, 7 }, neg[] = { 1, 2, 3, 4 };

	(void)state;
	assert_near(eval_auc(pos, N(pos), neg, N(neg)), 1.0, 1e-12);
	assert_near(eval_auc(neg, N(neg), pos, N(pos)), 0.0, 1e-12);
}

static void test_auc_ties(void **state)
{
	const double same[] = { 2, 2, 2 };
	/* Pairs (p, n): 1 vs {1,0}: 0.5 + 1; 3 vs {1,0}: 2; 0 vs: 0.5 + 0. */
	const double pos[] = { 1, 3, 0 }, neg[] = { 1, 0 };

	(void)state;
	assert_near(eval_auc(same, N(same), same, 2), 0.5, 1e-12);
	assert_near(eval_auc(pos, N(pos), neg, N(neg)), 4.0 / 6,
			    1e-12);
	/* Mann-Whitney: one of four pairs ordered, none tied. */
	{
		const double p2[] = { 1, 4 }, n2[] = { 2, 3 };

		assert_near(eval_auc(p2, 2, n2, 2), 0.5, 1e-12);
	}
}

static void test_auc_empty(void **state)
{
	const double x[] = { 1 };

	(void)state;
	assert_true(isnan(eval_auc(x, 1, x, 0)));
	assert_true(isnan(eval_auc(x, 0, x, 1)));
}

static void test_threshold_quantile(void **state)
{
	double cal[100];

	(void)state;
	for (int i = 0; i < 100; i++)
		cal[i] = 99 - i;	/* 0..99, unsorted */
	/* 5% of 100: the 95th smallest (94) leaves 5 scores above it. */
	assert_near(eval_threshold(cal, 100, 0.05), 94, 0);
	assert_near(eval_rate_above(cal, 100, 94), 0.05, 1e-12);
	assert_near(eval_threshold(cal, 100, 0.01), 98, 0);
	assert_near(eval_threshold(cal, 100, 0.10), 89, 0);
	/* Not a multiple: 10 scores at 5% allow 0 above (ceil(9.5) = 10). */
	assert_near(eval_threshold(cal, 10, 0.05), 99, 0);
	assert_true(isnan(eval_threshold(cal, 0, 0.05)));
}

static void test_threshold_ties(void **state)
{
	/* Ties at the quantile: nothing above may exceed the target. */
	const double cal[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 9 };

	(void)state;
	assert_near(eval_threshold(cal, N(cal), 0.10), 1, 0);
	assert_near(eval_rate_above(cal, N(cal), 1), 0.10, 1e-12);
	assert_near(eval_threshold(cal, N(cal), 0.05), 9, 0);
	assert_near(eval_rate_above(cal, N(cal), 9), 0, 0);
}

static void test_detection_rate(void **state)
{
	const double cal[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	const double att[] = { 8.5, 9, 9.5, 20 };
	double t;

	(void)state;
	t = eval_threshold(cal, N(cal), 0.10);	/* 9th smallest: 8 */
	assert_near(t, 8, 0);
	/* Strictly above 8: all four attacks. */
	assert_near(eval_rate_above(att, N(att), t), 1.0, 0);
	t = eval_threshold(cal, N(cal), 0.01);	/* max: 9 */
	assert_near(eval_rate_above(att, N(att), t), 0.5, 0);
}

static void test_fpr_at_dr(void **state)
{
	const double pos[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	const double neg[] = { 0, 1.5, 2.5, 3.5 };

	(void)state;
	/* 90% of 10 attacks: alert at >= 2, which 2.5 and 3.5 reach. */
	assert_near(eval_fpr_at_dr(pos, N(pos), neg, N(neg), 0.9),
			    0.5, 1e-12);
	assert_near(eval_fpr_at_dr(pos, N(pos), neg, N(neg), 1.0),
			    0.75, 1e-12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auc_perfect_inverted),
		cmocka_unit_test(test_auc_ties),
		cmocka_unit_test(test_auc_empty),
		cmocka_unit_test(test_threshold_quantile),
		cmocka_unit_test(test_threshold_ties),
		cmocka_unit_test(test_detection_rate),
		cmocka_unit_test(test_fpr_at_dr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
