// SPDX-License-Identifier: GPL-2.0
/*
 * llmos-train's data: agent traces replayed through the agent's pipeline
 * give one sequence per process, tokenized as llmosd tokenizes; plain
 * traces of an ABI go through the same syscall table and framing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "model_testlib.h"
#include "syscall_table.h"
#include "trace_writer.h"
#include "traces.h"

static uint16_t tok(const char *name)
{
	int t = syscall_token_lookup(name);

	assert_true(t > 0);
	return (uint16_t)t;
}

static void test_plain_abis(void **state)
{
	const char *dir = tl_tmpdir();
	char a[128], err[256];
	char *paths[1] = { a };
	const char *abi[2] = { "i386", "x86_64" };
	/* read, write, open in each ABI's numbering, then a hole. */
	const char *text[2] = { "3 4 5 99999", "0 1 2 99999" };
	struct llm_dataset d;
	int k;

	(void)state;
	snprintf(a, sizeof(a), "%s/t.txt", dir);
	for (k = 0; k < 2; k++) {
		uint16_t want[] = { LLMOS_TOKEN_START, LLMOS_TOKEN_EXEC,
				    tok("read"), tok("write"), tok("open"),
				    LLMOS_TOKEN_UNK, LLMOS_TOKEN_EXIT };
		FILE *f = fopen(a, "w");

		fputs(text[k], f);
		fclose(f);
		assert_int_equal(llm_traces_load(&d, paths, 1, abi[k], 0, err,
						 sizeof(err)), 0);
		assert_int_equal(d.vocab_size, LLMOS_NR_TOKENS);
		assert_int_equal(d.vocab_hash, LLMOS_VOCAB_HASH);
		assert_int_equal(d.n, 1);
		assert_int_equal(d.seqs[0].len, 7);
		assert_memory_equal(llm_seq_tok(&d, 0), want, sizeof(want));
		llm_dataset_free(&d);
	}
	assert_int_not_equal(llm_traces_load(&d, paths, 1, "x32", 0, err,
					     sizeof(err)), 0);
	assert_non_null(strstr(err, "--abi x32"));
	unlink(a);
	rmdir(dir);
}

static void event(struct trace_writer *w, uint16_t type, uint32_t tgid,
		  uint64_t start, uint64_t t)
{
	struct llmos_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.tgid = tgid;
	ev.tid = tgid;
	ev.time_ns = t;
	ev.start_time = start;
	snprintf(ev.comm, sizeof(ev.comm), "p%u", tgid);
	if (type == LLMOS_EV_FORK) {
		ev.fork.parent_tgid = 1;
		ev.fork.parent_start_time = 1;
	}
	if (type == LLMOS_EV_EXEC)
		snprintf(ev.exec.filename, sizeof(ev.exec.filename),
			 "/bin/p%u", tgid);
	assert_int_equal(trace_writer_event(w, &ev), 0);
}

static void syscalls(struct trace_writer *w, uint32_t tgid, uint64_t start,
		     uint64_t t, uint16_t abi, const uint16_t *ids, int n)
{
	struct llmos_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = LLMOS_EV_SYSCALLS;
	ev.tgid = tgid;
	ev.tid = tgid;
	ev.time_ns = t;
	ev.start_time = start;
	ev.sys.abi = abi;
	ev.sys.count = (uint16_t)n;
	memcpy(ev.sys.ids, ids, n * sizeof(*ids));
	assert_int_equal(trace_writer_event(w, &ev), 0);
}

/* Two interleaved processes; one exits, one is alive when the trace ends. */
static void test_agent_trace(void **state)
{
	const char *dir = tl_tmpdir();
	char path[128], err[256];
	char *paths[1] = { path };
	const uint16_t rw[2] = { 0, 1 }, op[1] = { 2 }, rd32[1] = { 3 };
	uint16_t want_a[] = { LLMOS_TOKEN_START, LLMOS_TOKEN_EXEC, 0, 0, 0,
			      LLMOS_TOKEN_EXIT };
	uint16_t want_b[] = { LLMOS_TOKEN_START, 0 };
	struct trace_writer *w;
	struct llm_dataset d;

	(void)state;
	want_a[2] = tok("read");
	want_a[3] = tok("write");
	want_a[4] = tok("open");
	want_b[1] = tok("read");
	snprintf(path, sizeof(path), "%s/a.trace", dir);
	w = trace_writer_open(path, 0, 0, err, sizeof(err));
	assert_non_null(w);
	event(w, LLMOS_EV_FORK, 100, 10, 1000);
	event(w, LLMOS_EV_FORK, 200, 20, 1100);
	event(w, LLMOS_EV_EXEC, 100, 10, 1200);
	syscalls(w, 100, 10, 1300, LLMOS_ABI_X86_64, rw, 2);
	syscalls(w, 200, 20, 1400, LLMOS_ABI_I386, rd32, 1);
	syscalls(w, 100, 10, 1500, LLMOS_ABI_X86_64, op, 1);
	event(w, LLMOS_EV_EXIT, 100, 10, 1600);
	assert_int_equal(trace_writer_close(w), 0);

	assert_int_equal(llm_traces_load(&d, paths, 1, NULL, 0, err,
					 sizeof(err)), 0);
	assert_int_equal(d.vocab_hash, LLMOS_VOCAB_HASH);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.seqs[0].len, 6);
	assert_memory_equal(llm_seq_tok(&d, 0), want_a, sizeof(want_a));
	assert_non_null(strstr(d.seqs[0].name, ":100:/bin/p100"));
	assert_int_equal(d.seqs[1].len, 2);
	assert_memory_equal(llm_seq_tok(&d, 1), want_b, sizeof(want_b));
	llm_dataset_free(&d);

	/* A broken trace is refused with the reader's message. */
	assert_int_equal(truncate(path, 40), 0);
	assert_int_not_equal(llm_traces_load(&d, paths, 1, NULL, 0, err,
					     sizeof(err)), 0);
	printf("# %s\n", err);
	assert_non_null(strstr(err, path));
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_abis),
		cmocka_unit_test(test_agent_trace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
