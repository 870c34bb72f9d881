// SPDX-License-Identifier: GPL-2.0
/*
 * llmos-train's data: agent traces replayed through the agent's pipeline
 * give one sequence per process, tokenized as llmosd tokenizes; plain
 * traces of an ABI go through the same syscall table and framing. A labels
 * file (`llmosctl trace label`) labels the processes it names, and the
 * scheduling head learns the classes from them.
 */
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "model_file.h"
#include "model_testlib.h"
#include "rng.h"
#include "sched/labeler.h"
#include "sched_eval.h"
#include "syscall_table.h"
#include "trace_writer.h"
#include "traces.h"
#include "trace_nll.h"
#include "trace_score.h"
#include "train.h"

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
		assert_int_equal(llm_traces_load(&d, paths, 1, abi[k], 0, NULL, err,
						 sizeof(err)), 0);
		assert_int_equal(d.vocab_size, LLMOS_NR_TOKENS);
		assert_int_equal(d.vocab_hash, LLMOS_VOCAB_HASH);
		assert_int_equal(d.n, 1);
		assert_int_equal(d.seqs[0].len, 7);
		assert_memory_equal(llm_seq_tok(&d, 0), want, sizeof(want));
		llm_dataset_free(&d);
	}
	assert_int_not_equal(llm_traces_load(&d, paths, 1, "x32", 0, NULL, err,
					     sizeof(err)), 0);
	assert_non_null(strstr(err, "--abi x32"));
	unlink(a);
	rmdir(dir);
}

/*
 * An empty raw trace (a file of no numbers) is a sequence of no tokens:
 * scoring skips it, and it scores 0 as a trace of one call does.
 */
static void test_empty_raw_trace(void **state)
{
	const char *dir = tl_tmpdir();
	char a[128], b[128], err[256];
	char *paths[2] = { a, b };
	struct llm_dataset d;
	struct llm_config c;
	struct llm_model m;
	struct llm_net net;
	struct llm_eval e;
	FILE *f;
	float *nll;

	(void)state;
	snprintf(a, sizeof(a), "%s/a.txt", dir);
	snprintf(b, sizeof(b), "%s/b.txt", dir);
	f = fopen(a, "w");
	fputs("1 2 3", f);
	fclose(f);
	fclose(fopen(b, "w"));
	assert_int_equal(llm_traces_load(&d, paths, 2, "raw", 0, NULL, err,
					 sizeof(err)), 0);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.seqs[1].len, 0);
	tl_tiny_config(&c);
	c.vocab_size = d.vocab_size;
	assert_int_equal(llm_model_init(&m, &c, d.vocab_hash, 1), 0);
	assert_int_equal(llm_net_from_model(&net, &m), 0);
	/* One float past the data: nothing may be written there. */
	nll = malloc((d.ntok + 1) * sizeof(*nll));
	nll[d.ntok] = 42.0f;
	assert_int_equal(llm_trace_nll(&net, &d, 4, NULL, nll), 0);
	assert_true(nll[d.ntok] == 42.0f);
	assert_true(isfinite(nll[1]) && isfinite(nll[2]));
	assert_true(llm_trace_score(nll + d.seqs[1].off, 0, 0.0) == 0.0);
	assert_int_equal(llm_evaluate(&net, &d, 4, NULL, &e, NULL), 0);
	assert_int_equal(e.tokens, 2);
	free(nll);
	llm_net_free(&net);
	llm_model_free(&m);
	llm_dataset_free(&d);
	unlink(a);
	unlink(b);
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

	assert_int_equal(llm_traces_load(&d, paths, 1, NULL, 0, NULL, err,
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
	assert_int_not_equal(llm_traces_load(&d, paths, 1, NULL, 0, NULL, err,
					     sizeof(err)), 0);
	printf("# %s\n", err);
	assert_non_null(strstr(err, path));
	unlink(path);
	rmdir(dir);
}

/* Loads path labelled with the labels file text. */
static int load_labelled(struct llm_dataset *d, char *path, const char *dir,
			 const char *text, char *err, size_t errlen)
{
	struct sched_labels l;
	char lpath[128];
	char *paths[1] = { path };
	FILE *f;
	int ret;

	snprintf(lpath, sizeof(lpath), "%s/labels", dir);
	f = fopen(lpath, "w");
	assert_non_null(f);
	fprintf(f, "%s\n# tgid\tstart_time\tlabel\ttarget\n%s",
		SCHED_LABELS_MAGIC, text);
	fclose(f);
	assert_int_equal(sched_labels_load(lpath, &l, err, errlen), 0);
	ret = llm_traces_load(d, paths, 1, NULL, 0, &l, err, errlen);
	sched_labels_free(&l);
	unlink(lpath);
	return ret;
}

/*
 * Labels go to the process of the same tgid and start time: not to
 * another start of the same tgid, and not to a process they do not name.
 */
static void test_labels_attach(void **state)
{
	const char *dir = tl_tmpdir();
	char path[128], err[256];
	char *paths[1] = { path };
	const uint16_t rw[2] = { 0, 1 };
	struct sched_labels none = { 0 };
	struct trace_writer *w;
	struct llm_dataset d;
	size_t i;

	(void)state;
	snprintf(path, sizeof(path), "%s/a.trace", dir);
	w = trace_writer_open(path, 0, 0, err, sizeof(err));
	assert_non_null(w);
	/* tgid 100 twice (pid reuse), 200 and 300 once. */
	event(w, LLMOS_EV_FORK, 100, 10, 1000);
	syscalls(w, 100, 10, 1100, LLMOS_ABI_X86_64, rw, 2);
	event(w, LLMOS_EV_EXIT, 100, 10, 1200);
	event(w, LLMOS_EV_FORK, 100, 50, 1300);
	event(w, LLMOS_EV_FORK, 200, 20, 1300);
	event(w, LLMOS_EV_FORK, 300, 30, 1300);
	syscalls(w, 100, 50, 1400, LLMOS_ABI_X86_64, rw, 1);
	syscalls(w, 200, 20, 1400, LLMOS_ABI_X86_64, rw, 2);
	syscalls(w, 300, 30, 1400, LLMOS_ABI_X86_64, rw, 2);
	assert_int_equal(trace_writer_close(w), 0);

	assert_int_equal(load_labelled(&d, path, dir,
				       "100\t50\t3\t-\n"
				       "200\t20\t1\t4.1000\n"
				       "300\t30\t-1\t-\n"
				       "400\t40\t2\t2.5\n", err, sizeof(err)),
			 0);
	assert_int_equal(d.n, 4);
	for (i = 0; i < d.n; i++) {
		const struct llm_seq *s = &d.seqs[i];

		if (strstr(s->name, ":100:") && s->len == 4) {
			/* The first tgid 100: unlabelled. */
			assert_int_equal(s->label, -1);
			assert_true(isnan(s->target));
		} else if (strstr(s->name, ":100:")) {
			assert_int_equal(s->label, 3);
			assert_true(isnan(s->target));
		} else if (strstr(s->name, ":200:")) {
			assert_int_equal(s->label, 1);
			assert_true(fabsf(s->target - 4.1f) < 1e-5f);
		} else {
			assert_non_null(strstr(s->name, ":300:"));
			assert_int_equal(s->label, -1);
		}
	}
	llm_dataset_free(&d);

	/* Labels name processes of agent traces, not of plain ones. */
	assert_int_not_equal(llm_traces_load(&d, paths, 1, "x86_64", 0, &none,
					     err, sizeof(err)), 0);
	assert_non_null(strstr(err, "agent traces"));
	unlink(path);
	rmdir(dir);
}

/*
 * Syscalls (x86_64 numbers) each class favours, a quarter of its calls;
 * the rest come from a pool all share.
 */
static const uint16_t class_calls[SCHED_NR_CLASSES][3] = {
	{ 7, 0, 1 },		/* interactive: poll, read, write */
	{ 12, 9, 11 },		/* batch: brk, mmap, munmap */
	{ 17, 18, 74 },		/* io: pread64, pwrite64, fsync */
	{ 35, 61, 230 },	/* background: sleeps and waits */
};
static const uint16_t common_calls[] = { 0, 1, 3, 4, 5, 13, 202, 228 };

/*
 * A trace of n processes per class, each a random mix of its class's calls
 * and the common ones, and the labels file naming their classes.
 */
static void class_trace(const char *path, const char *lpath, int n,
			uint64_t seed)
{
	struct llm_rng r = { seed };
	struct trace_writer *w;
	char err[256];
	uint16_t ids[48];
	FILE *lf = fopen(lpath, "w");
	int i, k, j;

	w = trace_writer_open(path, 0, 0, err, sizeof(err));
	assert_non_null(w);
	assert_non_null(lf);
	fprintf(lf, "%s\n", SCHED_LABELS_MAGIC);
	for (i = 0; i < n * SCHED_NR_CLASSES; i++) {
		uint32_t tgid = 1000 + (uint32_t)i;
		uint64_t st = 7 + (uint64_t)i * 3, t = 1000 + (uint64_t)i * 100;

		k = i % SCHED_NR_CLASSES;
		event(w, LLMOS_EV_FORK, tgid, st, t);
		event(w, LLMOS_EV_EXEC, tgid, st, t + 1);
		for (j = 0; j < 48; j++)
			ids[j] = !llm_rng_below(&r, 4) ?
				class_calls[k][llm_rng_below(&r, 3)] :
				common_calls[llm_rng_below(&r, 8)];
		syscalls(w, tgid, st, t + 2, LLMOS_ABI_X86_64, ids, 48);
		event(w, LLMOS_EV_EXIT, tgid, st, t + 3);
		fprintf(lf, "%u\t%" PRIu64 "\t%d\t-\n", tgid, st, k);
	}
	assert_int_equal(trace_writer_close(w), 0);
	fclose(lf);
}

static double head_accuracy(const struct llm_model *m,
			    const struct llm_dataset *d)
{
	struct llm_sched_eval e;
	struct llm_net net;

	assert_int_equal(llm_net_from_model(&net, m), 0);
	assert_int_equal(llm_sched_evaluate(&net, d, &e), 0);
	llm_net_free(&net);
	assert_int_equal(e.seqs, d->n);
	return (double)e.first_ok / (double)e.seqs;
}

/*
 * A short training on labelled processes teaches the head their classes:
 * on processes it never saw it does far better than chance (1/4), and
 * better than the same training without the labels.
 */
static void test_head_learns_labels(void **state)
{
	const char *dir = tl_tmpdir();
	char tr[128], trl[128], he[128], hel[128], err[256];
	char *tpath[1] = { tr }, *hpath[1] = { he };
	struct llm_config c = { .n_layers = 1, .d_model = 32, .n_heads = 2,
				.d_ff = 32, .context = 16,
				.vocab_size = LLMOS_NR_TOKENS,
				.n_classes = SCHED_NR_CLASSES };
	struct sched_labels lt, lh;
	struct llm_dataset train, held;
	struct llm_train_result res;
	struct llm_train_opts o;
	double acc[2];
	int with;

	(void)state;
	snprintf(tr, sizeof(tr), "%s/train.trace", dir);
	snprintf(trl, sizeof(trl), "%s/train.labels", dir);
	snprintf(he, sizeof(he), "%s/held.trace", dir);
	snprintf(hel, sizeof(hel), "%s/held.labels", dir);
	class_trace(tr, trl, 40, 1);
	class_trace(he, hel, 15, 2);
	assert_int_equal(sched_labels_load(trl, &lt, err, sizeof(err)), 0);
	assert_int_equal(sched_labels_load(hel, &lh, err, sizeof(err)), 0);
	assert_int_equal(llm_traces_load(&held, hpath, 1, NULL, 0, &lh, err,
					 sizeof(err)), 0);
	for (with = 0; with < 2; with++) {
		struct llm_model m;
		struct llm_adam adam;

		assert_int_equal(llm_traces_load(&train, tpath, 1, NULL, 0,
						 with ? &lt : NULL, err,
						 sizeof(err)), 0);
		assert_int_equal(llm_model_init(&m, &c, LLMOS_VOCAB_HASH, 5),
				 0);
		assert_int_equal(llm_adam_init(&adam, m.n_params), 0);
		llm_train_defaults(&o);
		o.steps = 150;
		o.batch = 16;
		o.schedule = LLM_SCHED_COSINE;
		o.lr = 1e-2f;
		o.warmup = 20;
		o.threads = 2;
		assert_int_equal(llm_train(&m, &adam, &train, &o, &res, err,
					   sizeof(err)), 0);
		acc[with] = head_accuracy(&m, &held);
		llm_adam_free(&adam);
		llm_model_free(&m);
		llm_dataset_free(&train);
	}
	printf("# head accuracy on %zu held-out processes: %.3f trained without labels, %.3f with\n",
	       held.n, acc[0], acc[1]);
	assert_true(acc[1] >= 0.7);
	assert_true(acc[1] >= acc[0] + 0.3);
	llm_dataset_free(&held);
	sched_labels_free(&lt);
	sched_labels_free(&lh);
	unlink(tr);
	unlink(trl);
	unlink(he);
	unlink(hel);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_abis),
		cmocka_unit_test(test_empty_raw_trace),
		cmocka_unit_test(test_agent_trace),
		cmocka_unit_test(test_labels_attach),
		cmocka_unit_test(test_head_learns_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
