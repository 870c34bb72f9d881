// SPDX-License-Identifier: GPL-2.0
/* The override file: strict parsing, line numbers, matching. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sched/overrides.h"
#include "sched/sched_class.h"

static int parse(const char *text, struct sched_overrides *o, char *err)
{
	return sched_overrides_parse(text, strlen(text), "ovr", o, err, 256);
}

static void test_good_file(void **state)
{
	const char *text =
		"# llmos overrides\n"
		"\n"
		"exe /usr/bin/make pin batch   # comment after a rule\n"
		"  exe\t/opt/game/*\tpin interactive\r\n"
		"cgroup /system.slice/backup.service exempt\n"
		"cgroup /user.slice pin background\n"
		"exe /usr/bin/* exempt";	/* no final newline */
	struct sched_overrides o = { 0 };
	const struct sched_rule *r;
	char err[256] = "";

	(void)state;
	assert_int_equal(parse(text, &o, err), 0);
	assert_int_equal(o.n, 5);
	assert_int_equal(o.rules[0].kind, SCHED_RULE_EXE);
	assert_int_equal(o.rules[0].action, SCHED_RULE_PIN);
	assert_int_equal(o.rules[0].cls, SCHED_CLASS_BATCH);
	assert_int_equal(o.rules[0].line, 3);
	assert_string_equal(o.rules[1].pattern, "/opt/game/*");
	assert_int_equal(o.rules[1].line, 4);
	assert_int_equal(o.rules[2].kind, SCHED_RULE_CGROUP);
	assert_int_equal(o.rules[2].action, SCHED_RULE_EXEMPT);
	assert_int_equal(o.rules[4].line, 7);

	/* First match wins. */
	r = sched_overrides_match(&o, "/usr/bin/make", NULL);
	assert_non_null(r);
	assert_int_equal(r->line, 3);
	r = sched_overrides_match(&o, "/usr/bin/cc", NULL);
	assert_int_equal(r->line, 7);
	r = sched_overrides_match(&o, "/opt/game/run", NULL);
	assert_int_equal(r->cls, SCHED_CLASS_INTERACTIVE);
	/* '*' does not cross '/'. */
	assert_null(sched_overrides_match(&o, "/opt/game/bin/run", NULL));
	/* cgroups: the path and everything under it, at a '/' boundary. */
	r = sched_overrides_match(&o, "/bin/tar",
				  "/system.slice/backup.service");
	assert_int_equal(r->line, 5);
	r = sched_overrides_match(&o, "/bin/tar",
				  "/system.slice/backup.service/sub");
	assert_int_equal(r->line, 5);
	assert_null(sched_overrides_match(&o, "/bin/tar",
					  "/system.slice/backup.service2"));
	r = sched_overrides_match(&o, NULL, "/user.slice/user-0.slice");
	assert_int_equal(r->line, 6);
	assert_null(sched_overrides_match(&o, "", "/init.scope"));
	assert_null(sched_overrides_match(&o, NULL, NULL));
	sched_overrides_free(&o);

	/* Empty and comment-only files have no rules. */
	assert_int_equal(parse("", &o, err), 0);
	assert_int_equal(o.n, 0);
	assert_int_equal(parse("# nothing\n\n   \n", &o, err), 0);
	assert_int_equal(o.n, 0);
	sched_overrides_free(&o);
}

static void test_bad_lines(void **state)
{
	static const struct {
		const char *text;
		const char *err;
	} bad[] = {
		{ "exe /a pin batch\nfoo /b exempt\n", "ovr:2: expected \"exe\" or \"cgroup\"" },
		{ "exe relative exempt\n", "ovr:1: the path must be absolute" },
		{ "\n\nexe /a pin fast\n", "ovr:3: unknown class (interactive, batch, io, background)" },
		{ "exe /a pin\n", "ovr:1: expected: pin interactive|batch|io|background" },
		{ "exe /a exempt now\n", "ovr:1: nothing may follow \"exempt\"" },
		{ "exe /a\n", "ovr:1: expected: exe|cgroup PATH exempt|pin CLASS" },
		{ "cgroup /a ignore\n", "ovr:1: expected \"exempt\" or \"pin CLASS\"" },
		{ "exe /a pin batch x y\n", "ovr:1: too many words" },
		{ "exe /a pin BATCH\n", "ovr:1: unknown class (interactive, batch, io, background)" },
		{ "exe /\xe9 exempt\n", "ovr:1: the path has a control or non-ASCII byte" },
	};
	struct sched_overrides o = { .rules = (void *)1, .n = 42 };
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(parse(bad[i].text, &o, err), -EINVAL);
		assert_string_equal(err, bad[i].err);
		/* Rejected: the previous rules stay as they were. */
		assert_int_equal(o.n, 42);
	}
}

static void test_limits(void **state)
{
	struct sched_overrides o = { .rules = (void *)1, .n = 42 };
	char err[256], *big;
	size_t i, n = (SCHED_OVERRIDES_MAX + 1) * 16;

	(void)state;
	/* A NUL byte. */
	assert_int_equal(sched_overrides_parse("exe /a\0 exempt\n", 15, "ovr",
					       &o, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "ovr:1: NUL byte");
	/* A line too long. */
	big = malloc(SCHED_OVERRIDES_LINE + 64);
	memset(big, ' ', SCHED_OVERRIDES_LINE + 10);
	memcpy(big, "exe /a exempt", 13);
	big[SCHED_OVERRIDES_LINE + 10] = '\0';
	assert_int_equal(parse(big, &o, err), -EINVAL);
	assert_string_equal(err, "ovr:1: line too long");
	free(big);
	/* Too many rules. */
	big = malloc(n + 1);
	big[0] = '\0';
	for (i = 0; i <= SCHED_OVERRIDES_MAX; i++)
		strcat(big, "exe /a exempt\n");
	assert_int_equal(parse(big, &o, err), -EINVAL);
	assert_int_equal(o.n, 42);
	/* Exactly the maximum is fine. */
	big[strlen(big) - 14] = '\0';
	assert_int_equal(parse(big, &o, err), 0);
	assert_int_equal(o.n, SCHED_OVERRIDES_MAX);
	sched_overrides_free(&o);
	free(big);
}

static void test_load(void **state)
{
	char path[] = "/tmp/llmos-ovr-XXXXXX", err[600];
	struct sched_overrides o = { 0 };
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("exe /usr/bin/foo pin batch\ncgroup /system.slice/x exempt\n", f);
	fclose(f);
	assert_int_equal(sched_overrides_load(path, &o, err, sizeof(err)), 0);
	assert_int_equal(o.n, 2);
	sched_overrides_free(&o);
	f = fopen(path, "w");
	fputs("exe /usr/bin/foo pin batch\nexe /usr/bin/bar pin\n", f);
	fclose(f);
	assert_int_equal(sched_overrides_load(path, &o, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, ":2: expected: pin"));
	assert_int_equal(strncmp(err, path, strlen(path)), 0);
	unlink(path);
	assert_int_equal(sched_overrides_load(path, &o, err, sizeof(err)),
			 -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
