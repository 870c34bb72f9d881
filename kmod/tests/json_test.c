// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: JSON lines. Escaping of hostile bytes, the exact alert and "lost"
 * lines, the worst case fitting LLMOS_LINE_MAX, and every line produced from
 * hostile strings being valid JSON (checked by a small validator).
 */
#include <kunit/test.h>
#include <linux/ctype.h>
#include <linux/string.h>

#include "../internal.h"

/* ---- a minimal RFC 8259 validator (objects, strings, numbers, true) ---- */

static const char *jv_value(const char *p);

static const char *jv_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *jv_string(const char *p)
{
	int i;

	if (*p++ != '"')
		return NULL;
	for (;;) {
		unsigned char c = *p++;

		if (c == '"')
			return p;
		if (c < 0x20 || c >= 0x7f)	/* we only ever emit ASCII */
			return NULL;
		if (c != '\\')
			continue;
		c = *p++;
		if (c == 'u') {
			for (i = 0; i < 4; i++)
				if (!isxdigit(*p++))
					return NULL;
		} else if (!strchr("\"\\/bfnrt", c) || !c) {
			return NULL;
		}
	}
}

static const char *jv_number(const char *p)
{
	const char *s = p;

	if (*p == '-')
		p++;
	if (!isdigit(*p))
		return NULL;
	if (*p == '0' && isdigit(p[1]))
		return NULL;
	while (isdigit(*p))
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit(*p))
			return NULL;
		while (isdigit(*p))
			p++;
	}
	return p > s ? p : NULL;
}

static const char *jv_object(const char *p)
{
	if (*p++ != '{')
		return NULL;
	p = jv_ws(p);
	if (*p == '}')
		return p + 1;
	for (;;) {
		p = jv_string(jv_ws(p));
		if (!p)
			return NULL;
		p = jv_ws(p);
		if (*p++ != ':')
			return NULL;
		p = jv_value(jv_ws(p));
		if (!p)
			return NULL;
		p = jv_ws(p);
		if (*p == '}')
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *jv_value(const char *p)
{
	if (*p == '{')
		return jv_object(p);
	if (*p == '"')
		return jv_string(p);
	if (!strncmp(p, "true", 4))
		return p + 4;
	return jv_number(p);
}

/* A JSON line: one object, then '\n', then the end. */
static bool json_line_valid(const char *line)
{
	const char *p = jv_object(line);

	return p && p[0] == '\n' && !p[1];
}

/* ------------------------------------------------------------------------ */

static void json_test_escape(struct kunit *test)
{
	char out[64];

	llmos_json_escape(out, sizeof(out), "plain", 16);
	KUNIT_EXPECT_STREQ(test, out, "plain");
	llmos_json_escape(out, sizeof(out), "a\"b\\c", 16);
	KUNIT_EXPECT_STREQ(test, out, "a\\\"b\\\\c");
	llmos_json_escape(out, sizeof(out), "\n\t\r\b\f", 16);
	KUNIT_EXPECT_STREQ(test, out, "\\n\\t\\r\\b\\f");
	llmos_json_escape(out, sizeof(out), "\x01\x1f\x7f\x80\xff", 16);
	KUNIT_EXPECT_STREQ(test, out, "\\u0001\\u001f\\u007f\\u0080\\u00ff");
	/* "/" needs no escape; stops at NUL and at len. */
	llmos_json_escape(out, sizeof(out), "a/b\0cd", 16);
	KUNIT_EXPECT_STREQ(test, out, "a/b");
	llmos_json_escape(out, sizeof(out), "abcdef", 3);
	KUNIT_EXPECT_STREQ(test, out, "abc");
	KUNIT_EXPECT_EQ(test, llmos_json_escaped_len("a\"\x01", 16), 9UL);
}

static void json_test_escape_truncate(struct kunit *test)
{
	char out[8];

	/* Never half an escape sequence, always NUL-terminated. */
	KUNIT_EXPECT_EQ(test, llmos_json_escape(out, sizeof(out), "ab\x01", 3),
			2UL);
	KUNIT_EXPECT_STREQ(test, out, "ab");
	KUNIT_EXPECT_EQ(test, llmos_json_escape(out, 1, "abc", 3), 0UL);
	KUNIT_EXPECT_STREQ(test, out, "");
}

static void json_test_alert_line(struct kunit *test)
{
	struct llmos_alert_rec rec = {
		.seq = 12, .time_ns = 81234567890ULL, .start_time = 8100000000ULL,
		.pid = 4242, .uid = 1000, .score = 7125, .threshold = 5000,
		.action = LLMOS_ACTION_KILL,
		.comm = "nc", .category = "anomaly", .detail = "connect x3",
	};
	static const char skipped[] =
		"\"action\":\"none\",\"skipped\":\"protected\",\"exited\":true,";
	char *buf = kunit_kzalloc(test, LLMOS_LINE_MAX, GFP_KERNEL);
	int n;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	n = llmos_alert_format(&rec, buf, LLMOS_LINE_MAX);
	KUNIT_EXPECT_STREQ(test, buf,
			   "{\"seq\":12,\"time_ns\":81234567890,\"pid\":4242,\"start_time\":8100000000,\"comm\":\"nc\",\"uid\":1000,\"score\":7.125,\"threshold\":5.000,\"category\":\"anomaly\",\"action\":\"kill\",\"detail\":\"connect x3\"}\n");
	KUNIT_EXPECT_EQ(test, n, (int)strlen(buf));
	KUNIT_EXPECT_TRUE(test, json_line_valid(buf));

	rec.action = LLMOS_ACTION_NONE;
	rec.skipped = LLMOS_SKIP_PROTECTED;
	rec.exited = 1;
	rec.score = 5000;
	llmos_alert_format(&rec, buf, LLMOS_LINE_MAX);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, skipped));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "\"score\":5.000,"));
	KUNIT_EXPECT_TRUE(test, json_line_valid(buf));

	/* Too small a buffer is an error, not a truncated line. */
	KUNIT_EXPECT_EQ(test, llmos_alert_format(&rec, buf, 40), -ENOSPC);
	KUNIT_EXPECT_EQ(test, llmos_alert_format(&rec, buf, n), -ENOSPC);
}

static void json_test_lost_line(struct kunit *test)
{
	char buf[64];

	KUNIT_EXPECT_EQ(test, llmos_lost_format(3, 6, buf, sizeof(buf)), 19);
	KUNIT_EXPECT_STREQ(test, buf, "{\"seq\":3,\"lost\":6}\n");
	KUNIT_EXPECT_TRUE(test, json_line_valid(buf));
	KUNIT_EXPECT_EQ(test, llmos_lost_format(3, 6, buf, 19), -ENOSPC);
}

/* Every byte value in comm/category/detail, and the worst case length. */
static void json_test_hostile(struct kunit *test)
{
	struct llmos_alert_rec *rec = kunit_kzalloc(test, sizeof(*rec),
						    GFP_KERNEL);
	char *buf = kunit_kzalloc(test, LLMOS_LINE_MAX, GFP_KERNEL);
	int b, i, n;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rec);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	for (b = 1; b < 256; b++) {
		memset(rec->comm, b, sizeof(rec->comm) - 1);
		memset(rec->category, b, sizeof(rec->category) - 1);
		memset(rec->detail, b, sizeof(rec->detail) - 1);
		n = llmos_alert_format(rec, buf, LLMOS_LINE_MAX);
		KUNIT_EXPECT_GT(test, n, 0);
		KUNIT_EXPECT_TRUE_MSG(test, json_line_valid(buf),
				      "byte 0x%02x: %s", b, buf);
	}
	/* A mix, including "\u2028"-like UTF-8 and quotes. */
	for (i = 0; i < sizeof(rec->detail) - 1; i++)
		rec->detail[i] = "\"\\\xe2\x80\xa8\x1b[31m\n"[i % 11];
	strscpy(rec->comm, "\"};rm -rf /;{\"", sizeof(rec->comm));
	n = llmos_alert_format(rec, buf, LLMOS_LINE_MAX);
	KUNIT_EXPECT_GT(test, n, 0);
	KUNIT_EXPECT_TRUE_MSG(test, json_line_valid(buf), "%s", buf);

	/* Worst case: everything 6 bytes escaped, every number maximal. */
	memset(rec->comm, 1, sizeof(rec->comm) - 1);
	memset(rec->category, 1, sizeof(rec->category) - 1);
	memset(rec->detail, 1, sizeof(rec->detail) - 1);
	rec->seq = U64_MAX;
	rec->time_ns = U64_MAX;
	rec->start_time = U64_MAX;
	rec->pid = U32_MAX;
	rec->uid = U32_MAX;
	rec->score = U32_MAX;
	rec->threshold = U32_MAX;
	rec->action = LLMOS_ACTION_THROTTLE;
	rec->skipped = LLMOS_SKIP_PROTECTED;
	rec->exited = 1;
	n = llmos_alert_format(rec, buf, LLMOS_LINE_MAX);
	KUNIT_EXPECT_GT(test, n, 0);
	KUNIT_EXPECT_LT(test, n, LLMOS_LINE_MAX);
	KUNIT_EXPECT_TRUE(test, json_line_valid(buf));
}

static void json_test_validator(struct kunit *test)
{
	/* The validator itself must reject what it should. */
	KUNIT_EXPECT_TRUE(test, json_line_valid("{\"a\":1,\"b\":\"x\"}\n"));
	KUNIT_EXPECT_FALSE(test, json_line_valid("{\"a\":\"\x01\"}\n"));
	KUNIT_EXPECT_FALSE(test, json_line_valid("{\"a\":\"\"\"}\n"));
	KUNIT_EXPECT_FALSE(test, json_line_valid("{\"a\":1}"));
	KUNIT_EXPECT_FALSE(test, json_line_valid("{\"a\":\"\\x\"}\n"));
	KUNIT_EXPECT_FALSE(test, json_line_valid("{\"a\":01}\n"));
}

static struct kunit_case llmos_json_cases[] = {
	KUNIT_CASE(json_test_escape),
	KUNIT_CASE(json_test_escape_truncate),
	KUNIT_CASE(json_test_alert_line),
	KUNIT_CASE(json_test_lost_line),
	KUNIT_CASE(json_test_hostile),
	KUNIT_CASE(json_test_validator),
	{}
};

static struct kunit_suite llmos_json_suite = {
	.name = "llmos_json",
	.test_cases = llmos_json_cases,
};

kunit_test_suite(llmos_json_suite);
