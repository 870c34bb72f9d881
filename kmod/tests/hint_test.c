// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: validation of hint and alert requests, nice clamping and TTLs.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "../internal.h"

static struct llmos_hint good_hint(void)
{
	return (struct llmos_hint) {
		.version = LLMOS_ABI_VERSION,
		.pid = 42,
		.nice = 5,
		.start_time = 123,
		.confidence = 900,
	};
}

static void hint_test_validate(struct kunit *test)
{
	struct llmos_hint h = good_hint();

	KUNIT_EXPECT_EQ(test, llmos_hint_validate(&h), 0);
	h.nice = LLMOS_NICE_MIN;
	KUNIT_EXPECT_EQ(test, llmos_hint_validate(&h), 0);
	h.nice = LLMOS_NICE_MAX;
	KUNIT_EXPECT_EQ(test, llmos_hint_validate(&h), 0);

#define BAD(field, value) do {						\
		h = good_hint();					\
		h.field = value;					\
		KUNIT_EXPECT_EQ_MSG(test, llmos_hint_validate(&h), -EINVAL, \
				    #field " = " #value);		\
	} while (0)
	BAD(version, 0);
	BAD(version, LLMOS_ABI_VERSION + 1);
	BAD(flags, 0x80);
	BAD(flags, 1U << 31);
	BAD(pid, 0);
	BAD(pid, PID_MAX_LIMIT + 1);
	BAD(pid, U32_MAX);
	BAD(nice, -21);
	BAD(nice, 20);
	BAD(nice, INT_MIN);
	BAD(confidence, 1001);
	BAD(reserved, 1);
	BAD(ioprio, LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE, 4)); /* no flag */
#undef BAD
}

static void hint_test_ioprio(struct kunit *test)
{
	static const struct {
		u16 ioprio;
		int ret;
	} cases[] = {
		{ LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_NONE, 0), 0 },
		{ LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_NONE, 1), -EINVAL },
		{ LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE, 0), 0 },
		{ LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE, 7), 0 },
		{ LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE, 8), -EINVAL },
		{ LLMOS_IOPRIO(1, 0), -EINVAL },	/* real time */
		{ LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_IDLE, 0), 0 },
		{ LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_IDLE, 7), -EINVAL },
		{ LLMOS_IOPRIO(4, 0), -EINVAL },
		{ LLMOS_IOPRIO(7, 0), -EINVAL },
	};
	struct llmos_hint h;
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		h = good_hint();
		h.flags = LLMOS_HINT_IOPRIO;
		h.ioprio = cases[i].ioprio;
		KUNIT_EXPECT_EQ_MSG(test, llmos_hint_validate(&h),
				    cases[i].ret, "ioprio 0x%x", h.ioprio);
	}
}

static void hint_test_revert_req(struct kunit *test)
{
	struct llmos_hint h = good_hint();

	h.flags = LLMOS_HINT_REVERT;
	h.nice = 0;
	h.confidence = 0;
	KUNIT_EXPECT_EQ(test, llmos_hint_validate(&h), 0);
	h.nice = 1;
	KUNIT_EXPECT_EQ(test, llmos_hint_validate(&h), -EINVAL);
	h.nice = 0;
	h.ttl_ms = 5;
	KUNIT_EXPECT_EQ(test, llmos_hint_validate(&h), -EINVAL);
	h.ttl_ms = 0;
	h.flags |= LLMOS_HINT_IOPRIO;
	KUNIT_EXPECT_EQ(test, llmos_hint_validate(&h), -EINVAL);
}

static void hint_test_clamp(struct kunit *test)
{
	bool clamped;

	KUNIT_EXPECT_EQ(test, llmos_hint_clamp_nice(5, -5, 19, &clamped), 5);
	KUNIT_EXPECT_FALSE(test, clamped);
	KUNIT_EXPECT_EQ(test, llmos_hint_clamp_nice(-20, -5, 19, &clamped),
			-5);
	KUNIT_EXPECT_TRUE(test, clamped);
	KUNIT_EXPECT_EQ(test, llmos_hint_clamp_nice(19, 0, 10, &clamped), 10);
	KUNIT_EXPECT_TRUE(test, clamped);
	KUNIT_EXPECT_EQ(test, llmos_hint_clamp_nice(-5, -5, -5, &clamped), -5);
	KUNIT_EXPECT_FALSE(test, clamped);
	KUNIT_EXPECT_EQ(test, llmos_hint_clamp_nice(7, 3, 3, &clamped), 3);
	KUNIT_EXPECT_TRUE(test, clamped);
}

static void hint_test_ttl(struct kunit *test)
{
	bool cut;

	KUNIT_EXPECT_EQ(test, llmos_hint_ttl(0, 10000, &cut), 10000U);
	KUNIT_EXPECT_FALSE(test, cut);
	KUNIT_EXPECT_EQ(test, llmos_hint_ttl(500, 10000, &cut), 500U);
	KUNIT_EXPECT_FALSE(test, cut);
	KUNIT_EXPECT_EQ(test, llmos_hint_ttl(10000, 10000, &cut), 10000U);
	KUNIT_EXPECT_FALSE(test, cut);
	KUNIT_EXPECT_EQ(test, llmos_hint_ttl(U32_MAX, 10000, &cut), 10000U);
	KUNIT_EXPECT_TRUE(test, cut);
}

static struct llmos_alert *good_alert(struct kunit *test)
{
	struct llmos_alert *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	a->version = LLMOS_ABI_VERSION;
	a->pid = 77;
	a->score = 9000;
	strscpy(a->comm, "sh", sizeof(a->comm));
	strscpy(a->category, "anomaly", sizeof(a->category));
	strscpy(a->detail, "\"odd\" \x01 bytes are fine", sizeof(a->detail));
	return a;
}

static void alert_test_validate(struct kunit *test)
{
	struct llmos_alert *a = good_alert(test);

	KUNIT_EXPECT_EQ(test, llmos_alert_validate(a), 0);
	a->flags = 1;
	KUNIT_EXPECT_EQ(test, llmos_alert_validate(a), -EINVAL);
	a = good_alert(test);
	a->version = 2;
	KUNIT_EXPECT_EQ(test, llmos_alert_validate(a), -EINVAL);
	a = good_alert(test);
	a->reserved[1] = 1;
	KUNIT_EXPECT_EQ(test, llmos_alert_validate(a), -EINVAL);
	a = good_alert(test);
	a->reserved0 = 1;
	KUNIT_EXPECT_EQ(test, llmos_alert_validate(a), -EINVAL);
	a = good_alert(test);
	a->pid = 0;
	KUNIT_EXPECT_EQ(test, llmos_alert_validate(a), -EINVAL);
	a = good_alert(test);
	memset(a->comm, 'x', sizeof(a->comm));		/* no NUL */
	KUNIT_EXPECT_EQ(test, llmos_alert_validate(a), -EINVAL);
	a = good_alert(test);
	memset(a->detail, 'x', sizeof(a->detail));	/* no NUL */
	KUNIT_EXPECT_EQ(test, llmos_alert_validate(a), -EINVAL);
	a = good_alert(test);
	memset(a->category, 0, sizeof(a->category));	/* empty */
	KUNIT_EXPECT_EQ(test, llmos_alert_validate(a), -EINVAL);
	a = good_alert(test);
	strscpy(a->category, "Anomaly", sizeof(a->category));
	KUNIT_EXPECT_EQ(test, llmos_alert_validate(a), -EINVAL);
	a = good_alert(test);
	strscpy(a->category, "a\"b", sizeof(a->category));
	KUNIT_EXPECT_EQ(test, llmos_alert_validate(a), -EINVAL);
	a = good_alert(test);
	a->category[10] = 'z';				/* junk after NUL */
	KUNIT_EXPECT_EQ(test, llmos_alert_validate(a), -EINVAL);
	a = good_alert(test);
	strscpy(a->category, "priv-esc_2", sizeof(a->category));
	KUNIT_EXPECT_EQ(test, llmos_alert_validate(a), 0);
}

/* A category is [a-z0-9_-] only: every other byte, Latin-1 included, fails. */
static void alert_test_category_bytes(struct kunit *test)
{
	static const char allowed[] = "abcdefghijklmnopqrstuvwxyz0123456789_-";
	struct llmos_alert *a = good_alert(test);
	int b, want;

	for (b = 1; b < 256; b++) {
		a->category[1] = b;
		want = strchr(allowed, b) ? 0 : -EINVAL;
		KUNIT_EXPECT_EQ_MSG(test, llmos_alert_validate(a), want,
				    "category byte 0x%02x", b);
	}
}

static struct kunit_case llmos_hint_cases[] = {
	KUNIT_CASE(hint_test_validate),
	KUNIT_CASE(hint_test_ioprio),
	KUNIT_CASE(hint_test_revert_req),
	KUNIT_CASE(hint_test_clamp),
	KUNIT_CASE(hint_test_ttl),
	KUNIT_CASE(alert_test_validate),
	KUNIT_CASE(alert_test_category_bytes),
	{}
};

static struct kunit_suite llmos_hint_suite = {
	.name = "llmos_hint",
	.test_cases = llmos_hint_cases,
};

kunit_test_suite(llmos_hint_suite);
