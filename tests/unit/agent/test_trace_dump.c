// SPDX-License-Identifier: GPL-2.0
/* llmosctl trace dump: the exact text of each kind of event. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent_testlib.h"
#include "trace_dump.h"
#include "trace_reader.h"
#include "trace_writer.h"

static void test_dump_text(void **state)
{
	static const char want[] =
		"5.000000001 42 my\\x20sh fork parent=1 parent_start=7 start=4000000000\n"
		"5.000000002 42 cat exec /bin/cat\n"
		"5.000000003 42 cat read\n"
		"5.000000003 42 cat openat\n"
		"5.000000003 42 cat syscall_999\n"
		"6.000000000 43 cat i386:_llseek\n"
		"6.000000000 43 cat i386:socketcall\n"
		"- - - drops ringbuf=3\n"
		"6.500000000 43 cat sched tid=44 interval_ns=1 run_ns=2 wait_ns=3 runs=4 wakeups=5 nvcsw=6 nivcsw=7 cpu_ns=8\n"
		"7.000000000 42 cat exit code=256\n";
	struct llmos_event ev;
	struct llmos_drops d = { .n = 1 };
	struct trace_writer *w;
	struct trace_reader *r;
	char path[64], err[600], *text = NULL;
	size_t len = 0;
	FILE *out;
	int fd = tl_memfile("llmos-test-dump", path, sizeof(path));

	(void)state;
	w = trace_writer_open(path, 0, 0, err, sizeof(err));
	assert_non_null(w);

	memset(&ev, 0, sizeof(ev));
	ev.tgid = 42;
	ev.start_time = 4000000000;
	strcpy(ev.comm, "my sh");
	ev.type = LLMOS_EV_FORK;
	ev.time_ns = 5000000001;
	ev.fork.parent_tgid = 1;
	ev.fork.parent_start_time = 7;
	assert_int_equal(trace_writer_event(w, &ev), 0);

	strcpy(ev.comm, "cat");
	ev.type = LLMOS_EV_EXEC;
	ev.time_ns++;
	memset(&ev.exec, 0, sizeof(ev.exec));
	strcpy(ev.exec.filename, "/bin/cat");
	assert_int_equal(trace_writer_event(w, &ev), 0);

	ev.type = LLMOS_EV_SYSCALLS;
	ev.time_ns++;
	ev.sys.abi = LLMOS_ABI_X86_64;
	ev.sys.count = 3;
	ev.sys.ids[0] = 0;
	ev.sys.ids[1] = 257;
	ev.sys.ids[2] = 999;
	assert_int_equal(trace_writer_event(w, &ev), 0);

	ev.tgid = 43;
	ev.time_ns = 6000000000;
	ev.sys.abi = LLMOS_ABI_I386;
	ev.sys.count = 2;
	ev.sys.ids[0] = 140;
	ev.sys.ids[1] = 102;
	assert_int_equal(trace_writer_event(w, &ev), 0);

	strcpy(d.cause[0].name, "ringbuf");
	d.cause[0].count = 3;
	assert_int_equal(trace_writer_drops(w, &d), 0);
	assert_int_equal(trace_writer_tick(w, 6100000000), 0);

	ev.type = LLMOS_EV_SCHED;
	ev.tid = 44;
	ev.time_ns = 6500000000;
	ev.sched = (struct llmos_ev_sched){ 1, 2, 3, 4, 5, 6, 7, 8 };
	assert_int_equal(trace_writer_event(w, &ev), 0);

	ev.type = LLMOS_EV_EXIT;
	ev.tgid = 42;
	ev.time_ns = 7000000000;
	memset(&ev.exit, 0, sizeof(ev.exit));
	ev.exit.exit_code = 256;
	assert_int_equal(trace_writer_event(w, &ev), 0);
	assert_int_equal(trace_writer_close(w), 0);

	r = trace_reader_open(path, err, sizeof(err));
	assert_non_null(r);
	out = open_memstream(&text, &len);
	assert_int_equal(trace_dump(r, out, stderr), 0);
	fclose(out);
	trace_reader_close(r);
	assert_string_equal(text, want);
	free(text);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
