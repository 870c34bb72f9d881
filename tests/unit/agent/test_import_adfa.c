// SPDX-License-Identifier: GPL-2.0
/* The ADFA-LD importer reproduces the data set's published trace counts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import_adfa.h"
#include "trace_reader.h"

static const char *adfa_dir(void)
{
	const char *d = getenv("ADFA_DIR");

	return d && *d ? d : "../shared/data/adfa-ld";
}

static void test_published_counts(void **state)
{
	char out[] = "/tmp/llmos-test-adfa-XXXXXX", err[600];
	struct adfa_counts c;
	struct trace_reader *r;
	static struct trace_record rec;
	const struct llmos_event *ev = &rec.ev;
	uint64_t forks = 0, exits = 0, syscalls = 0, attack_execs = 0;
	uint64_t typed = 0;
	struct stat st;
	int fd;

	(void)state;
	if (stat(adfa_dir(), &st)) {
		printf("# ADFA-LD not found at %s (set ADFA_DIR)\n", adfa_dir());
		skip();
	}
	fd = mkstemp(out);
	assert_true(fd >= 0);
	close(fd);
	if (adfa_import(adfa_dir(), out, &c, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(c.training, 833);
	assert_int_equal(c.validation, 4372);
	assert_int_equal(c.attack, 746);
	assert_int_equal(c.other, 0);
	assert_int_equal(c.n_types, 6);
	for (unsigned int i = 0; i < c.n_types; i++)
		typed += c.types[i].traces;
	assert_int_equal(typed, 746);

	/* The trace holds one process per file, every syscall, as i386. */
	r = trace_reader_open(out, err, sizeof(err));
	assert_non_null(r);
	while (trace_reader_next(r, &rec) == TRACE_EVENT) {
		forks += ev->type == LLMOS_EV_FORK;
		exits += ev->type == LLMOS_EV_EXIT;
		if (ev->type == LLMOS_EV_EXEC &&
		    !strncmp(ev->exec.filename, "Attack_Data_Master/", 19))
			attack_execs++;
		if (ev->type == LLMOS_EV_SYSCALLS) {
			assert_int_equal(ev->sys.abi, LLMOS_ABI_I386);
			syscalls += ev->sys.count;
		}
	}
	assert_string_equal(trace_reader_error(r), "");
	trace_reader_close(r);
	unlink(out);
	assert_int_equal(forks, 833 + 4372 + 746);
	assert_int_equal(exits, forks);
	assert_int_equal(attack_execs, 746);
	assert_int_equal(syscalls, c.syscalls);
}

/* A file that is not a list of numbers is refused, naming the offset. */
static void test_bad_file_rejected(void **state)
{
	char dir[] = "/tmp/llmos-test-adfa-dir-XXXXXX", out[600], file[700];
	char err[600];
	struct adfa_counts c;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/out.trace", dir);
	snprintf(file, sizeof(file), "%s/UTD-0001.txt", dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("6 6 63 x6 1", f);
	fclose(f);
	assert_int_equal(adfa_import(dir, out, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "UTD-0001.txt: offset 7: not a syscall number"));

	f = fopen(file, "w");
	fputs("6 6 63 6 1\n", f);
	fclose(f);
	assert_int_equal(adfa_import(dir, out, &c, err, sizeof(err)), 0);
	assert_int_equal(c.other, 1);
	assert_int_equal(c.syscalls, 5);
	unlink(file);
	unlink(out);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_published_counts),
		cmocka_unit_test(test_bad_file_rejected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
