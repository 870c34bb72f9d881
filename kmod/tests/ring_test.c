// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the alert ring. Wrap-around, the "lost" notice, several readers at
 * different positions, rewind, and resize keeping the newest alerts.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "../internal.h"

static void ring_push_n(struct llmos_ring *ring, int n)
{
	struct llmos_alert_rec rec = { };
	int i;

	for (i = 0; i < n; i++) {
		rec.pid = 1000 + ring->next_seq;
		llmos_ring_push(ring, &rec);
	}
}

/* Read one step at @cursor and advance it like a reader does. */
static enum llmos_ring_res ring_step(struct llmos_ring *ring, u64 *cursor,
				     struct llmos_alert_rec *rec, u64 *lost)
{
	enum llmos_ring_res res = llmos_ring_peek(ring, *cursor, rec, lost);

	if (res == LLMOS_RING_RECORD)
		*cursor = rec->seq + 1;
	else if (res == LLMOS_RING_LOST)
		*cursor += *lost;
	return res;
}

static void ring_test_basic(struct kunit *test)
{
	struct llmos_ring ring;
	struct llmos_alert_rec rec;
	u64 cursor, lost;

	KUNIT_ASSERT_EQ(test, llmos_ring_init(&ring, 4), 0);
	cursor = llmos_ring_next(&ring);
	KUNIT_EXPECT_EQ(test, cursor, 1ULL);
	KUNIT_EXPECT_FALSE(test, llmos_ring_pending(&ring, cursor));
	KUNIT_EXPECT_EQ(test, llmos_ring_peek(&ring, cursor, &rec, &lost),
			LLMOS_RING_EMPTY);

	ring_push_n(&ring, 3);
	KUNIT_EXPECT_TRUE(test, llmos_ring_pending(&ring, cursor));
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &cursor, &rec, &lost),
			LLMOS_RING_RECORD);
	KUNIT_EXPECT_EQ(test, rec.seq, 1ULL);
	KUNIT_EXPECT_EQ(test, rec.pid, 1001U);
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &cursor, &rec, &lost),
			LLMOS_RING_RECORD);
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &cursor, &rec, &lost),
			LLMOS_RING_RECORD);
	KUNIT_EXPECT_EQ(test, rec.seq, 3ULL);
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &cursor, &rec, &lost),
			LLMOS_RING_EMPTY);
	llmos_ring_free(&ring);
}

static void ring_test_wrap_lost(struct kunit *test)
{
	struct llmos_ring ring;
	struct llmos_alert_rec rec;
	u64 cursor = 1, lost = 0;
	int i;

	KUNIT_ASSERT_EQ(test, llmos_ring_init(&ring, 4), 0);
	ring_push_n(&ring, 10);		/* seqs 1..10, 7..10 retained */
	KUNIT_EXPECT_EQ(test, llmos_ring_first(&ring), 7ULL);
	KUNIT_EXPECT_EQ(test, llmos_ring_next(&ring), 11ULL);

	KUNIT_EXPECT_EQ(test, ring_step(&ring, &cursor, &rec, &lost),
			LLMOS_RING_LOST);
	KUNIT_EXPECT_EQ(test, lost, 6ULL);
	KUNIT_EXPECT_EQ(test, cursor, 7ULL);
	for (i = 7; i <= 10; i++) {
		KUNIT_EXPECT_EQ(test, ring_step(&ring, &cursor, &rec, &lost),
				LLMOS_RING_RECORD);
		KUNIT_EXPECT_EQ(test, rec.seq, (u64)i);
		KUNIT_EXPECT_EQ(test, rec.pid, 1000U + i);
	}
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &cursor, &rec, &lost),
			LLMOS_RING_EMPTY);

	/* Many wraps: contents always match their seq. */
	ring_push_n(&ring, 1001);
	cursor = llmos_ring_first(&ring);
	KUNIT_EXPECT_EQ(test, cursor, 1008ULL);
	while (ring_step(&ring, &cursor, &rec, &lost) == LLMOS_RING_RECORD)
		KUNIT_EXPECT_EQ(test, (u64)rec.pid, 1000 + rec.seq);
	KUNIT_EXPECT_EQ(test, cursor, 1012ULL);
	llmos_ring_free(&ring);
}

static void ring_test_readers(struct kunit *test)
{
	struct llmos_ring ring;
	struct llmos_alert_rec rec;
	u64 a, b, c, lost;

	KUNIT_ASSERT_EQ(test, llmos_ring_init(&ring, 8), 0);
	a = llmos_ring_next(&ring);	/* opened before anything */
	ring_push_n(&ring, 3);
	b = llmos_ring_next(&ring);	/* opened after 3 */
	ring_push_n(&ring, 2);

	/* a reads two, b reads one: all at different places. */
	ring_step(&ring, &a, &rec, &lost);
	ring_step(&ring, &a, &rec, &lost);
	KUNIT_EXPECT_EQ(test, a, 3ULL);
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &b, &rec, &lost),
			LLMOS_RING_RECORD);
	KUNIT_EXPECT_EQ(test, rec.seq, 4ULL);
	c = llmos_ring_next(&ring);
	KUNIT_EXPECT_FALSE(test, llmos_ring_pending(&ring, c));

	/* 6 more: ring holds 4..11; a (at 3) lost one, b (at 5) none. */
	ring_push_n(&ring, 6);
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &a, &rec, &lost),
			LLMOS_RING_LOST);
	KUNIT_EXPECT_EQ(test, lost, 1ULL);
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &a, &rec, &lost),
			LLMOS_RING_RECORD);
	KUNIT_EXPECT_EQ(test, rec.seq, 4ULL);
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &b, &rec, &lost),
			LLMOS_RING_RECORD);
	KUNIT_EXPECT_EQ(test, rec.seq, 5ULL);
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &c, &rec, &lost),
			LLMOS_RING_RECORD);
	KUNIT_EXPECT_EQ(test, rec.seq, 6ULL);
	llmos_ring_free(&ring);
}

static void ring_test_rewind(struct kunit *test)
{
	struct llmos_ring ring;
	struct llmos_alert_rec rec;
	u64 cursor, lost;

	KUNIT_ASSERT_EQ(test, llmos_ring_init(&ring, 4), 0);
	ring_push_n(&ring, 2);
	cursor = llmos_ring_next(&ring);
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &cursor, &rec, &lost),
			LLMOS_RING_EMPTY);
	cursor = llmos_ring_first(&ring);	/* lseek(fd, 0, SEEK_SET) */
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &cursor, &rec, &lost),
			LLMOS_RING_RECORD);
	KUNIT_EXPECT_EQ(test, rec.seq, 1ULL);

	ring_push_n(&ring, 5);			/* 4..7 retained */
	cursor = llmos_ring_first(&ring);
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &cursor, &rec, &lost),
			LLMOS_RING_RECORD);
	KUNIT_EXPECT_EQ(test, rec.seq, 4ULL);
	llmos_ring_free(&ring);
}

static void ring_test_resize(struct kunit *test)
{
	struct llmos_ring ring;
	struct llmos_alert_rec rec;
	u64 old = 1, cursor, lost;

	KUNIT_ASSERT_EQ(test, llmos_ring_init(&ring, 8), 0);
	ring_push_n(&ring, 6);				/* 1..6 */
	KUNIT_ASSERT_EQ(test, llmos_ring_resize(&ring, 4), 0);
	KUNIT_EXPECT_EQ(test, llmos_ring_first(&ring), 3ULL);	/* newest 4 */
	KUNIT_EXPECT_EQ(test, llmos_ring_next(&ring), 7ULL);
	KUNIT_EXPECT_EQ(test, ring_step(&ring, &old, &rec, &lost),
			LLMOS_RING_LOST);
	KUNIT_EXPECT_EQ(test, lost, 2ULL);
	for (cursor = 3; cursor < 7;) {
		KUNIT_ASSERT_EQ(test, ring_step(&ring, &cursor, &rec, &lost),
				LLMOS_RING_RECORD);
		KUNIT_EXPECT_EQ(test, (u64)rec.pid, 1000 + rec.seq);
	}

	/* Growing keeps everything; new alerts continue the seqs. */
	KUNIT_ASSERT_EQ(test, llmos_ring_resize(&ring, 16), 0);
	KUNIT_EXPECT_EQ(test, llmos_ring_first(&ring), 3ULL);
	ring_push_n(&ring, 10);
	KUNIT_EXPECT_EQ(test, llmos_ring_first(&ring), 3ULL);
	KUNIT_EXPECT_EQ(test, llmos_ring_next(&ring), 17ULL);
	cursor = 3;
	while (ring_step(&ring, &cursor, &rec, &lost) == LLMOS_RING_RECORD)
		KUNIT_EXPECT_EQ(test, (u64)rec.pid, 1000 + rec.seq);
	KUNIT_EXPECT_EQ(test, cursor, 17ULL);
	llmos_ring_free(&ring);
}

static struct kunit_case llmos_ring_cases[] = {
	KUNIT_CASE(ring_test_basic),
	KUNIT_CASE(ring_test_wrap_lost),
	KUNIT_CASE(ring_test_readers),
	KUNIT_CASE(ring_test_rewind),
	KUNIT_CASE(ring_test_resize),
	{}
};

static struct kunit_suite llmos_ring_suite = {
	.name = "llmos_ring",
	.test_cases = llmos_ring_cases,
};

kunit_test_suite(llmos_ring_suite);
