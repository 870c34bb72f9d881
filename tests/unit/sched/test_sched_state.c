// SPDX-License-Identifier: GPL-2.0
/* The state file (llmosd -> llmosctl top) and the labels file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uapi/llmos.h"
#include "sched/labeler.h"
#include "sched/state_file.h"
#include "sched/top.h"

static void test_state_roundtrip(void **state)
{
	char dir[] = "/tmp/llmos-state-XXXXXX", path[256], err[600], *buf;
	struct sched_state_writer *w;
	struct sched_state_row r;
	struct sched_state st;
	size_t len;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* The directory is created when missing. */
	snprintf(path, sizeof(path), "%s/run/sched.state", dir);
	w = sched_state_begin(path, 123456789, true, -5, 19);
	assert_non_null(w);
	memset(&r, 0, sizeof(r));
	r.pid = 42;
	r.start_time = 99;
	snprintf(r.comm, sizeof(r.comm), "a b\tc");
	r.exe = "/usr/bin/hog";
	r.cls = 1;
	r.conf = 912;
	r.hinted = true;
	r.nice = 19;
	r.ioprio = LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE, 7);
	snprintf(r.state, sizeof(r.state), "hint");
	r.cpu = 0.25;
	r.wakeups_s = 0;
	r.anomaly = NAN;
	sched_state_row(w, &r);
	r.pid = 43;
	r.cls = 0;
	r.hinted = false;
	r.exe = "";
	r.anomaly = 2.5f;
	r.cpu = 0.5;
	snprintf(r.state, sizeof(r.state), "nice,taskset");
	sched_state_row(w, &r);
	assert_int_equal(sched_state_commit(w), 0);

	assert_int_equal(sched_state_read(path, &st, err, sizeof(err)), 0);
	assert_int_equal(st.time_ns, 123456789);
	assert_true(st.device);
	assert_int_equal(st.nice_min, -5);
	assert_int_equal(st.nice_max, 19);
	assert_int_equal(st.n, 2);
	assert_int_equal(st.rows[0].pid, 42);
	assert_string_equal(st.rows[0].comm, "a?b?c");
	assert_string_equal(st.rows[0].exe_buf, "/usr/bin/hog");
	assert_int_equal(st.rows[0].cls, 1);
	assert_int_equal(st.rows[0].conf, 912);
	assert_true(st.rows[0].hinted);
	assert_int_equal(st.rows[0].nice, 19);
	assert_int_equal(st.rows[0].ioprio, LLMOS_IOPRIO(2, 7));
	assert_true(isnan(st.rows[0].anomaly));
	assert_false(st.rows[1].hinted);
	assert_string_equal(st.rows[1].exe_buf, "-");
	assert_true(fabsf(st.rows[1].anomaly - 2.5f) < 1e-6f);
	assert_string_equal(st.rows[1].state, "nice,taskset");

	/* top: sorted by CPU, '-' where nothing is known. */
	f = open_memstream(&buf, &len);
	sched_top_print(f, &st);
	fclose(f);
	assert_non_null(strstr(buf, "2 processes (interactive 1, batch 1"));
	assert_true(strstr(buf, "     43 ") < strstr(buf, "     42 "));
	assert_non_null(strstr(buf, "batch       0.912   19 be/7"));
	assert_non_null(strstr(buf, "2.50 nice,taskset"));
	free(buf);
	sched_state_free(&st);

	/* Not a state file. */
	f = fopen(path, "w");
	fputs("hello\n", f);
	fclose(f);
	assert_int_equal(sched_state_read(path, &st, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":1: not a scheduling state line"));
	unlink(path);
	assert_int_equal(sched_state_read(path, &st, err, sizeof(err)), -1);
	snprintf(path, sizeof(path), "%s/run", dir);
	rmdir(path);
	rmdir(dir);
}

static void test_labels_file(void **state)
{
	char path[] = "/tmp/llmos-labels-XXXXXX", err[600];
	struct sched_labels l;
	const struct sched_label *x;
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fprintf(f, "%s\n# header\n"
		"200\t5\t1\t4.1000\tbatch\t0.3\t1\t0\t0\t12589\t0\t0\thog\t/bin/hog\n"
		"100\t7\t-1\t-\t-\t0\t0\t0\t1\t0\t0\t0\tsh\t-\n"
		"100\t3\t0\t3.5\tinteractive\t0.1\t0.2\t100\t1\t3000\t0\t0\tp\t/p\n",
		SCHED_LABELS_MAGIC);
	fclose(f);
	assert_int_equal(sched_labels_load(path, &l, err, sizeof(err)), 0);
	assert_int_equal(l.n, 3);
	x = sched_labels_find(&l, 200, 5);
	assert_non_null(x);
	assert_int_equal(x->cls, 1);
	assert_true(fabsf(x->target - 4.1f) < 1e-5f);
	x = sched_labels_find(&l, 100, 7);
	assert_int_equal(x->cls, -1);
	assert_true(isnan(x->target));
	assert_int_equal(sched_labels_find(&l, 100, 3)->cls, 0);
	assert_null(sched_labels_find(&l, 100, 4));
	sched_labels_free(&l);
	/* A process on two lines: one label if they agree, else none. */
	f = fopen(path, "w");
	fprintf(f, "%s\n100\t3\t1\t4\n7\t1\t0\t-\n100\t3\t2\t-\n"
		"7\t1\t0\t3\n", SCHED_LABELS_MAGIC);
	fclose(f);
	assert_int_equal(sched_labels_load(path, &l, err, sizeof(err)), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(sched_labels_find(&l, 100, 3)->cls, -1);
	assert_int_equal(sched_labels_find(&l, 7, 1)->cls, 0);
	sched_labels_free(&l);
	unlink(path);
}

/* A bad labels file is refused, naming the file, the line and the fault. */
static void test_labels_file_errors(void **state)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "100\t3\t1\t-\n", ":1: not a labels file" },
		{ "%s\n100\t3\t9\t1\n", ":2: label is not a class number" },
		{ "%s\n#\n100\t3\t1\n", ":3: needs tgid, start_time, label" },
		{ "%s\n100\tx3\t1\t-\n", ":2: start_time is not a number" },
		{ "%s\n100\t3\t1\tfast\n", ":2: target is neither" },
	};
	char path[] = "/tmp/llmos-labels-XXXXXX", err[600];
	struct sched_labels l;
	size_t i;
	FILE *f;

	(void)state;
	close(mkstemp(path));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f = fopen(path, "w");
		fprintf(f, bad[i].text, SCHED_LABELS_MAGIC);
		fclose(f);
		assert_int_equal(sched_labels_load(path, &l, err, sizeof(err)),
				 -1);
		printf("# %s\n", err);
		assert_non_null(strstr(err, path));
		assert_non_null(strstr(err, bad[i].want));
		assert_null(l.v);
	}
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_roundtrip),
		cmocka_unit_test(test_labels_file),
		cmocka_unit_test(test_labels_file_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
