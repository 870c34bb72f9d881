// SPDX-License-Identifier: GPL-2.0
/* Recent exits: keys, the bound, the oldest forgotten first. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "exited.h"

static void test_keys(void **state)
{
	struct exited *x = exited_new();

	(void)state;
	assert_non_null(x);
	assert_false(exited_has(x, 100, 5000));
	exited_add(x, 100, 5000);
	assert_true(exited_has(x, 100, 5000));
	/* The pid's next process, and another pid of the same start. */
	assert_false(exited_has(x, 100, 6000));
	assert_false(exited_has(x, 101, 5000));
	exited_free(x);
}

/*
 * Three rounds of the ring: after each add exactly the last EXITED_KEEP
 * keys are there, whatever shares their buckets.
 */
static void test_bound(void **state)
{
	struct exited *x = exited_new();
	uint32_t n = 3 * EXITED_KEEP;

	(void)state;
	assert_non_null(x);
	for (uint32_t i = 0; i < n; i++) {
		exited_add(x, i % 7, i);
		assert_true(exited_has(x, i % 7, i));
		if (i >= EXITED_KEEP)
			assert_false(exited_has(x, (i - EXITED_KEEP) % 7,
						i - EXITED_KEEP));
	}
	for (uint32_t i = 0; i < n; i++)
		assert_int_equal(exited_has(x, i % 7, i),
				 i >= n - EXITED_KEEP);
	exited_free(x);
}

/* A process whose exit came twice takes two slots, and goes in two steps. */
static void test_twice(void **state)
{
	struct exited *x = exited_new();

	(void)state;
	assert_non_null(x);
	exited_add(x, 1, 1);
	exited_add(x, 1, 1);
	for (uint32_t i = 0; i < EXITED_KEEP - 1; i++)
		exited_add(x, 2, 10 + i);
	assert_true(exited_has(x, 1, 1));
	exited_add(x, 2, 5);
	assert_false(exited_has(x, 1, 1));
	exited_free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_bound),
		cmocka_unit_test(test_twice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
