// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's CPU lists, as /sys/devices/system/cpu/online prints them:
 * ranges and single CPUs, the empty list, and text that is not a list or
 * names a CPU beyond the possible ones, which must be refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu_list.h"

#define NCPUS 12

/* The CPUs set in in[], as a string of 0s and 1s. */
static const char *bits(const bool *in)
{
	static char s[NCPUS + 1];

	for (int i = 0; i < NCPUS; i++)
		s[i] = in[i] ? '1' : '0';
	return s;
}

static void test_lists(void **state)
{
	static const struct {
		const char *text;
		const char *cpus;
	} cases[] = {
		{ "0\n", "100000000000" },
		{ "0-1\n", "110000000000" },
		{ "0,2-3,11\n", "101100000001" },
		{ "0-11", "111111111111" },
		{ "5-5,7\n", "000001010000" },
		{ "\n", "000000000000" },
		{ "", "000000000000" },
	};
	bool in[NCPUS];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(in, 1, sizeof(in));
		assert_int_equal(cpu_list_parse(cases[i].text, in, NCPUS), 0);
		assert_string_equal(bits(in), cases[i].cpus);
	}
}

static void test_refused(void **state)
{
	static const char *const bad[] = {
		"12\n", "0-12\n", "3-1\n", "-1\n", "0-\n", ",0\n", "0,\n",
		"0,,1\n", "0 1\n", "a\n", "0x1\n", "0\n1\n", "1-2-3\n",
		"99999999999999999999\n",
	};
	bool in[NCPUS];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(cpu_list_parse(bad[i], in, NCPUS), -EINVAL);
}

static void test_read(void **state)
{
	char path[] = "/tmp/llmos-cpu-list.XXXXXX";
	bool in[NCPUS];
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("1,4-6\n", f);
	fclose(f);
	assert_int_equal(cpu_list_read(path, in, NCPUS), 0);
	assert_string_equal(bits(in), "010011100000");
	unlink(path);
	assert_int_equal(cpu_list_read(path, in, NCPUS), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
