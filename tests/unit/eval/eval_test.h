/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the eval harness's cmocka tests (include after cmocka.h). */
#ifndef LLMOS_EVAL_TEST_H
#define LLMOS_EVAL_TEST_H

#include <math.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* cmocka's assert_float_equal rounds to float: compare in double. */
#define assert_near(a, b, eps) do { \
	double a_ = (a), b_ = (b); \
	if (!(fabs(a_ - b_) <= (eps))) \
		fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); \
} while (0)

#endif
