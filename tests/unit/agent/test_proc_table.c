// SPDX-License-Identifier: GPL-2.0
/* Process table: keys, LRU bound and eviction count, free on exit, bounds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "proc_table.h"

struct released {
	unsigned int n[3];
	uint32_t last_tgid;
	uint32_t last_slot;
	struct proc_table **t;
};

static void on_release(void *ctx, struct proc *p, enum proc_release why)
{
	struct released *r = ctx;

	r->n[why]++;
	r->last_tgid = p->tgid;
	r->last_slot = proc_table_slot(*r->t, p);
}

static void test_key_is_pid_and_start_time(void **state)
{
	struct proc_table *t = proc_table_new(8, NULL, NULL);
	struct proc *a, *b;
	bool created;

	(void)state;
	a = proc_table_get(t, 100, 1000, &created);
	assert_true(created);
	/* A reused pid with another start time is another process. */
	b = proc_table_get(t, 100, 2000, &created);
	assert_true(created);
	assert_ptr_not_equal(a, b);
	assert_ptr_equal(proc_table_get(t, 100, 1000, &created), a);
	assert_false(created);
	assert_ptr_equal(proc_table_find(t, 100, 2000), b);
	assert_null(proc_table_find(t, 101, 1000));
	/* Touching an absent key makes nothing. */
	assert_ptr_equal(proc_table_touch(t, 100, 2000), b);
	assert_null(proc_table_touch(t, 101, 1000));
	assert_int_equal(proc_table_stats(t)->live, 2);
	proc_table_free(t);
}

static void test_lru_bound_and_eviction(void **state)
{
	struct proc_table *t;
	struct released r = { .t = &t };
	bool created;

	(void)state;
	t = proc_table_new(4, on_release, &r);
	for (uint32_t pid = 1; pid <= 4; pid++)
		proc_table_get(t, pid, pid, &created);
	/* Touch 1: now 2 is the least recently used. */
	proc_table_get(t, 1, 1, &created);
	proc_table_get(t, 5, 5, &created);
	assert_true(created);
	assert_int_equal(r.n[PROC_RELEASE_EVICT], 1);
	assert_int_equal(r.last_tgid, 2);
	assert_null(proc_table_find(t, 2, 2));
	assert_non_null(proc_table_find(t, 1, 1));

	for (uint32_t pid = 6; pid < 1006; pid++)
		proc_table_get(t, pid, pid, &created);
	assert_int_equal(proc_table_stats(t)->live, 4);
	assert_int_equal(proc_table_stats(t)->peak, 4);
	assert_int_equal(proc_table_stats(t)->evicted, 1001);
	assert_int_equal(r.n[PROC_RELEASE_EVICT], 1001);
	for (uint32_t pid = 1002; pid < 1006; pid++)
		assert_non_null(proc_table_find(t, pid, pid));
	proc_table_free(t);
	assert_int_equal(r.n[PROC_RELEASE_SHUTDOWN], 4);
}

/* proc_table_touch() marks an entry recently used as proc_table_get() does. */
static void test_touch_marks_recent(void **state)
{
	struct proc_table *t;
	struct released r = { .t = &t };
	bool created;

	(void)state;
	t = proc_table_new(2, on_release, &r);
	proc_table_get(t, 1, 1, &created);
	proc_table_get(t, 2, 2, &created);
	assert_non_null(proc_table_touch(t, 1, 1));
	proc_table_get(t, 3, 3, &created);
	assert_int_equal(r.last_tgid, 2);
	assert_non_null(proc_table_find(t, 1, 1));
	proc_table_free(t);
}

static void test_exit_frees(void **state)
{
	struct proc_table *t;
	struct released r = { .t = &t };
	struct proc *p;
	bool created;
	uint32_t slot;

	(void)state;
	t = proc_table_new(3, on_release, &r);
	proc_table_get(t, 1, 1, &created);
	p = proc_table_get(t, 2, 2, &created);
	slot = proc_table_slot(t, p);
	proc_table_exit(t, p);
	assert_int_equal(r.n[PROC_RELEASE_EXIT], 1);
	assert_int_equal(r.last_slot, slot);
	assert_null(proc_table_find(t, 2, 2));
	assert_int_equal(proc_table_stats(t)->live, 1);
	assert_int_equal(proc_table_stats(t)->exited, 1);
	/* The freed entry is reused without evicting anyone. */
	p = proc_table_get(t, 3, 3, &created);
	assert_int_equal(proc_table_slot(t, p), slot);
	assert_int_equal(proc_table_stats(t)->evicted, 0);
	assert_int_equal(p->ntokens, 0);
	/* Churn: short-lived processes reuse one free entry, never evict. */
	for (uint32_t pid = 10; pid < 10000; pid++) {
		p = proc_table_get(t, pid, pid * 3, &created);
		assert_true(created);
		proc_table_exit(t, p);
	}
	assert_int_equal(proc_table_stats(t)->evicted, 0);
	assert_int_equal(proc_table_stats(t)->live, 2);
	proc_table_free(t);
}

static void test_history_ring(void **state)
{
	struct proc_table *t = proc_table_new(1, NULL, NULL);
	uint16_t out[PROC_HISTORY];
	struct proc *p;
	bool created;

	(void)state;
	p = proc_table_get(t, 1, 1, &created);
	for (unsigned int i = 0; i < 3; i++)
		proc_push_token(p, (uint16_t)(10 + i));
	assert_int_equal(proc_history(p, out, PROC_HISTORY), 3);
	assert_int_equal(out[0], 10);
	assert_int_equal(out[2], 12);
	for (unsigned int i = 0; i < 1000; i++)
		proc_push_token(p, (uint16_t)i);
	assert_int_equal(proc_history(p, out, PROC_HISTORY), PROC_HISTORY);
	assert_int_equal(out[0], 1000 - PROC_HISTORY);
	assert_int_equal(out[PROC_HISTORY - 1], 999);
	assert_int_equal(proc_history(p, out, 2), 2);
	assert_int_equal(out[0], 998);
	assert_int_equal(out[1], 999);
	proc_table_free(t);
}

static void test_capacity_bounds(void **state)
{
	static const uint32_t refused[] = {
		0, PROC_TABLE_MAX_CAPACITY + 1, (1u << 30) + 1, UINT32_MAX,
	};
	struct proc_table *t;
	bool created;

	(void)state;
	/* Refused at once: no bucket count to grow past 2^31. */
	for (unsigned int i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		assert_null(proc_table_new(refused[i], NULL, NULL));
	t = proc_table_new(PROC_TABLE_MAX_CAPACITY, NULL, NULL);
	assert_non_null(t);
	assert_int_equal(proc_table_stats(t)->capacity,
			 PROC_TABLE_MAX_CAPACITY);
	assert_true(proc_table_get(t, 1, 1, &created) && created);
	assert_ptr_equal(proc_table_find(t, 1, 1), proc_table_get(t, 1, 1,
								   &created));
	proc_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_is_pid_and_start_time),
		cmocka_unit_test(test_lru_bound_and_eviction),
		cmocka_unit_test(test_touch_marks_recent),
		cmocka_unit_test(test_exit_frees),
		cmocka_unit_test(test_history_ring),
		cmocka_unit_test(test_capacity_bounds),
	};

	/* A table that never finishes being made fails rather than hangs. */
	alarm(60);

	return cmocka_run_group_tests(tests, NULL, NULL);
}
