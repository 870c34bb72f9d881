// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: parsing and printing of the sysfs knobs. A bad write is -EINVAL
 * and leaves every value as it was.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "../internal.h"

static void knobs_test_milli(struct kunit *test)
{
	static const struct {
		const char *in;
		int ret;
		u32 out;
	} cases[] = {
		{ "5", 0, 5000 }, { "5\n", 0, 5000 }, { "5.2", 0, 5200 },
		{ "5.25", 0, 5250 }, { "5.250\n", 0, 5250 }, { "0", 0, 0 },
		{ "0.001", 0, 1 }, { "1000000", 0, 1000000000 },
		{ "1000000.001", -EINVAL }, { "99999999999999999999", -EINVAL },
		{ "", -EINVAL }, { "\n", -EINVAL }, { ".5", -EINVAL },
		{ "5.", -EINVAL }, { "5.2500", -EINVAL }, { "-1", -EINVAL },
		{ "+1", -EINVAL }, { "1.2.3", -EINVAL }, { "1e3", -EINVAL },
		{ "5 ", -EINVAL }, { "5\n\n", -EINVAL }, { "0x10", -EINVAL },
	};
	u32 v;
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		v = 0xdead;
		KUNIT_EXPECT_EQ_MSG(test, llmos_parse_milli(cases[i].in,
							    LLMOS_THRESHOLD_MAX,
							    &v),
				    cases[i].ret, "\"%s\"", cases[i].in);
		if (!cases[i].ret)
			KUNIT_EXPECT_EQ_MSG(test, v, cases[i].out, "\"%s\"",
					    cases[i].in);
		else
			KUNIT_EXPECT_EQ(test, v, 0xdeadU);
	}
}

struct knob_case {
	enum llmos_knob_id id;
	const char *in;
	int ret;
	const char *shown;	/* what reading the knob then gives */
};

static const struct knob_case knob_cases[] = {
	{ LLMOS_KNOB_ENABLED, "0", 0, "0\n" },
	{ LLMOS_KNOB_ENABLED, "1\n", 0, "1\n" },
	{ LLMOS_KNOB_ENABLED, "maybe", -EINVAL },
	{ LLMOS_KNOB_ENABLED, "y", 0, "1\n" },
	{ LLMOS_KNOB_ENABLED, "n\n", 0, "0\n" },
	{ LLMOS_KNOB_ENABLED, "Y\n", 0, "1\n" },
	{ LLMOS_KNOB_ENABLED, "N", 0, "0\n" },
	{ LLMOS_KNOB_ENABLED, "on", 0, "1\n" },
	{ LLMOS_KNOB_ENABLED, "off\n", 0, "0\n" },
	/* Only those words: anything else is refused, enabled stays 0. */
	{ LLMOS_KNOB_ENABLED, "nonsense", -EINVAL },
	{ LLMOS_KNOB_ENABLED, "never\n", -EINVAL },
	{ LLMOS_KNOB_ENABLED, "yes-ish", -EINVAL },
	{ LLMOS_KNOB_ENABLED, "yes", -EINVAL },
	{ LLMOS_KNOB_ENABLED, "0x1", -EINVAL },
	{ LLMOS_KNOB_ENABLED, "10", -EINVAL },
	{ LLMOS_KNOB_ENABLED, "00", -EINVAL },
	{ LLMOS_KNOB_ENABLED, "2", -EINVAL },
	{ LLMOS_KNOB_ENABLED, "ON", -EINVAL },
	{ LLMOS_KNOB_ENABLED, " 1", -EINVAL },
	{ LLMOS_KNOB_ENABLED, "1\n\n", -EINVAL },
	{ LLMOS_KNOB_ENABLED, "", -EINVAL },
	{ LLMOS_KNOB_ENABLED, "\n", -EINVAL },
	{ LLMOS_KNOB_ENABLED, "1", 0, "1\n" },
	{ LLMOS_KNOB_MODE, "observe\n", 0, "observe\n" },
	{ LLMOS_KNOB_MODE, "enforce", 0, "enforce\n" },
	{ LLMOS_KNOB_MODE, "enforce2", -EINVAL },
	{ LLMOS_KNOB_MODE, "", -EINVAL },
	{ LLMOS_KNOB_NICE_MIN, "-20", 0, "-20\n" },
	{ LLMOS_KNOB_NICE_MIN, "-21", -EINVAL },
	{ LLMOS_KNOB_NICE_MIN, "19", 0, "19\n" },	/* == nice_max */
	{ LLMOS_KNOB_NICE_MAX, "20", -EINVAL },
	{ LLMOS_KNOB_NICE_MAX, "5", -EINVAL },		/* < nice_min 19 */
	{ LLMOS_KNOB_NICE_MIN, "0", 0, "0\n" },
	{ LLMOS_KNOB_NICE_MAX, "5", 0, "5\n" },
	{ LLMOS_KNOB_NICE_MIN, "6", -EINVAL },		/* > nice_max 5 */
	{ LLMOS_KNOB_NICE_MIN, "abc", -EINVAL },
	{ LLMOS_KNOB_HINT_TTL_MS, "99", -EINVAL },
	{ LLMOS_KNOB_HINT_TTL_MS, "100", 0, "100\n" },
	{ LLMOS_KNOB_HINT_TTL_MS, "3600001", -EINVAL },
	{ LLMOS_KNOB_WATCHDOG_MS, "250\n", 0, "250\n" },
	{ LLMOS_KNOB_WATCHDOG_MS, "-1", -EINVAL },
	{ LLMOS_KNOB_WATCHDOG_MS, "4294967296", -EINVAL },
	{ LLMOS_KNOB_ALERT_THRESHOLD, "4.5", 0, "4.500\n" },
	{ LLMOS_KNOB_ALERT_THRESHOLD, "nan", -EINVAL },
	{ LLMOS_KNOB_ALERT_ACTION, "kill", 0, "kill\n" },
	{ LLMOS_KNOB_ALERT_ACTION, "throttle\n", 0, "throttle\n" },
	{ LLMOS_KNOB_ALERT_ACTION, "freeze", 0, "freeze\n" },
	{ LLMOS_KNOB_ALERT_ACTION, "none", 0, "none\n" },
	{ LLMOS_KNOB_ALERT_ACTION, "explode", -EINVAL },
	{ LLMOS_KNOB_MAX_HINTS, "0", -EINVAL },
	{ LLMOS_KNOB_MAX_HINTS, "1", 0, "1\n" },
	{ LLMOS_KNOB_MAX_HINTS, "65537", -EINVAL },
	{ LLMOS_KNOB_RING_SIZE, "15", -EINVAL },
	{ LLMOS_KNOB_RING_SIZE, "16", 0, "16\n" },
	{ LLMOS_KNOB_RING_SIZE, "16384", 0, "16384\n" },
	{ LLMOS_KNOB_RING_SIZE, "16385", -EINVAL },
	{ LLMOS_KNOB_RING_SIZE, " 64", -EINVAL },
};

/* Apply the cases in order, each against the result of the previous ones. */
static void knobs_test_parse(struct kunit *test)
{
	struct llmos_knobs cur, next;
	char buf[32];
	int i, ret;

	llmos_knobs_default(&cur);
	for (i = 0; i < ARRAY_SIZE(knob_cases); i++) {
		const struct knob_case *c = &knob_cases[i];

		memset(&next, 0x5a, sizeof(next));
		ret = llmos_knob_parse(&cur, c->id, c->in, &next);
		KUNIT_EXPECT_EQ_MSG(test, ret, c->ret, "%s <- \"%s\"",
				    llmos_knob_name(c->id), c->in);
		if (ret || c->ret) {
			/* Nothing changed: @next untouched, @cur kept. */
			KUNIT_EXPECT_EQ(test, next.max_hints, 0x5a5a5a5aU);
			continue;
		}
		cur = next;
		llmos_knob_show(&cur, c->id, buf, sizeof(buf));
		KUNIT_EXPECT_STREQ_MSG(test, buf, c->shown, "%s <- \"%s\"",
				       llmos_knob_name(c->id), c->in);
	}
	KUNIT_EXPECT_TRUE(test, cur.threshold_set);
}

static bool knobs_equal(const struct llmos_knobs *a,
			const struct llmos_knobs *b)
{
	return a->enabled == b->enabled && a->mode == b->mode &&
	       a->nice_min == b->nice_min && a->nice_max == b->nice_max &&
	       a->hint_ttl_ms == b->hint_ttl_ms &&
	       a->watchdog_ms == b->watchdog_ms &&
	       a->alert_threshold == b->alert_threshold &&
	       a->alert_action == b->alert_action &&
	       a->max_hints == b->max_hints && a->ring_size == b->ring_size &&
	       a->threshold_set == b->threshold_set;
}

static void knobs_test_defaults(struct kunit *test)
{
	struct llmos_knobs k;
	char buf[32];
	int i;

	llmos_knobs_default(&k);
	KUNIT_EXPECT_TRUE(test, k.enabled);
	KUNIT_EXPECT_LE(test, k.nice_min, k.nice_max);
	KUNIT_EXPECT_FALSE(test, k.threshold_set);
	/* Every default reads back and parses to itself. */
	for (i = 0; i < LLMOS_KNOB_NR; i++) {
		struct llmos_knobs next;

		KUNIT_ASSERT_GT(test, llmos_knob_show(&k, i, buf, sizeof(buf)),
				0);
		KUNIT_EXPECT_EQ_MSG(test, llmos_knob_parse(&k, i, buf, &next),
				    0, "%s", llmos_knob_name(i));
		next.threshold_set = false;
		KUNIT_EXPECT_TRUE_MSG(test, knobs_equal(&next, &k), "%s",
				      llmos_knob_name(i));
	}
}

static struct kunit_case llmos_knobs_cases[] = {
	KUNIT_CASE(knobs_test_milli),
	KUNIT_CASE(knobs_test_parse),
	KUNIT_CASE(knobs_test_defaults),
	{}
};

static struct kunit_suite llmos_knobs_suite = {
	.name = "llmos_knobs",
	.test_cases = llmos_knobs_cases,
};

kunit_test_suite(llmos_knobs_suite);
