// SPDX-License-Identifier: GPL-2.0
/*
 * The anomaly stage (userspace/anomaly/): the score is the windowed mean
 * NLL of the transformer, one alert per process and again only on a rise,
 * the explanation names the most surprising calls, the threshold follows
 * the device's knob, and the shipped model loads, matches the agent's
 * vocabulary, has a trained scheduling head and agrees with its recipe.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "anomaly/anomaly.h"
#include "model_file.h"
#include "pipeline.h"
#include "sched/sched_class.h"
#include "score.h"
#include "syscall_table.h"

#define SHIPPED "model/default.llmos"

struct fixture {
	struct llm_model m;
	struct llm_net net;
	struct pipeline *pl;
	struct anomaly *a;
	struct anomaly_alert got[64];
	char details[64][LLMOS_DETAIL_LEN];
	int ngot;
};

static void sink(void *ctx, const struct anomaly_alert *al)
{
	struct fixture *f = ctx;

	if (f->ngot < 64) {
		f->got[f->ngot] = *al;
		snprintf(f->details[f->ngot], LLMOS_DETAIL_LEN, "%s",
			 al->detail);
		f->ngot++;
	}
}

/* A random tiny model over the agent's whole vocabulary. */
static void setup_model(struct fixture *f, struct anomaly_opts *o)
{
	struct llm_config c = { .n_layers = 1, .d_model = 32, .n_heads = 2,
				.d_ff = 32, .context = 16,
				.vocab_size = LLMOS_NR_TOKENS, .n_classes = 1 };
	struct pipeline_stage st;

	memset(f, 0, sizeof(*f));
	assert_int_equal(llm_model_init(&f->m, &c, LLMOS_VOCAB_HASH, 7), 0);
	assert_int_equal(llm_net_from_model(&f->net, &f->m), 0);
	f->pl = pipeline_new(64, NULL);
	assert_non_null(f->pl);
	o->sink = sink;
	o->sink_ctx = f;
	f->a = anomaly_new(&f->net, NAN, pipeline_procs(f->pl), o);
	assert_non_null(f->a);
	st = anomaly_stage(f->a);
	assert_int_equal(pipeline_add_stage(f->pl, &st), 0);
}

static void teardown_model(struct fixture *f)
{
	pipeline_free(f->pl);
	anomaly_free(f->a);
	llm_net_free(&f->net);
	llm_model_free(&f->m);
}

static uint64_t now_ns = 1000;
/* Event time between two batches of calls. */
static uint64_t step_ns = 1;

static void fork_proc(struct fixture *f, uint32_t pid)
{
	struct llmos_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = LLMOS_EV_FORK;
	ev.tgid = ev.tid = pid;
	ev.ppid = 1;
	ev.start_time = pid * 10ull;
	ev.time_ns = now_ns++;
	snprintf(ev.comm, sizeof(ev.comm), "p%u", pid);
	ev.fork.parent_tgid = 1;
	assert_int_equal(pipeline_event(f->pl, &ev), 0);
}

static void syscalls(struct fixture *f, uint32_t pid, const uint16_t *ids,
		     unsigned int n)
{
	struct llmos_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = LLMOS_EV_SYSCALLS;
	ev.tgid = ev.tid = pid;
	ev.ppid = 1;
	ev.start_time = pid * 10ull;
	ev.time_ns = now_ns;
	now_ns += step_ns;
	snprintf(ev.comm, sizeof(ev.comm), "p%u", pid);
	ev.sys.abi = LLMOS_ABI_X86_64;
	ev.sys.count = (uint16_t)n;
	memcpy(ev.sys.ids, ids, n * sizeof(*ids));
	assert_int_equal(pipeline_event(f->pl, &ev), 0);
}

static struct proc *proc_of(struct fixture *f, uint32_t pid)
{
	return proc_table_find(pipeline_procs(f->pl), pid, pid * 10ull);
}

/* A deterministic mix of common calls. */
static void some_ids(uint16_t *ids, unsigned int n, unsigned int seed)
{
	static const uint16_t pool[] = { 0, 1, 3, 9, 257, 262, 5, 8, 72, 59 };

	for (unsigned int i = 0; i < n; i++)
		ids[i] = pool[(i * 7 + seed * 3 + (i * i + seed) % 5) %
			      (sizeof(pool) / sizeof(pool[0]))];
}

/*
 * The manual definition: NLL of every token after the first, each given
 * its window as llm_ctx_push slides it (keeping a quarter), rounded to
 * 1/16 nat, then the mean of the last W.
 */
static double manual_score(const struct llm_net *net, const uint16_t *toks,
			   unsigned int n, unsigned int W, float *nll_out,
			   uint16_t *exp_out)
{
	struct llm_scorer *s = llm_scorer_new(net, net->cfg.context, NULL);
	struct llm_ctx *c = llm_ctx_new(net, ANOMALY_KEEP(net));
	double sum = 0;
	unsigned int i, k = 0, from;
	float *nll = calloc(n, sizeof(float));

	assert_non_null(s);
	assert_non_null(c);
	for (i = 0; i < n; i++) {
		float v = llm_ctx_push(s, c, toks[i]) * 16.0f + 0.5f;

		/* The stage keeps NLLs in 1/16 nat, up to 255/16. */
		nll[i] = i ? (v >= 255 ? 255 : (float)(int)v) / 16.0f : NAN;
		if (exp_out && i + 1 < n) {
			uint16_t best = 0;

			for (uint32_t t = 1; t < net->cfg.vocab_size; t++)
				if (c->logp[t] > c->logp[best])
					best = (uint16_t)t;
			exp_out[i + 1] = best;
		}
	}
	/* Scored tokens: 1..n-1; the window is the last W of them. */
	from = n - 1 > W ? n - W : 1;
	for (i = from; i < n; i++, k++)
		sum += nll[i];
	if (nll_out)
		memcpy(nll_out, nll, n * sizeof(float));
	free(nll);
	llm_ctx_free(c);
	llm_scorer_free(s);
	return sum / k;
}

static void check_score(unsigned int ncalls, unsigned int W)
{
	struct anomaly_opts o = { .window = W, .min_tokens = 4, .rise = NAN,
				  .threshold = INFINITY };
	struct fixture f;
	uint16_t ids[128], toks[PROC_HISTORY];
	unsigned int n;
	struct proc *p;

	setup_model(&f, &o);
	fork_proc(&f, 100);
	some_ids(ids, ncalls, 1);
	/* In two batches: the stage scores across events. */
	syscalls(&f, 100, ids, ncalls / 2);
	syscalls(&f, 100, ids + ncalls / 2, ncalls - ncalls / 2);
	p = proc_of(&f, 100);
	assert_non_null(p);
	n = proc_history(p, toks, PROC_HISTORY);
	assert_int_equal(n, ncalls + 1);
	assert_int_equal(toks[0], LLMOS_TOKEN_START);
	assert_float_equal(anomaly_score(f.a, p),
			   manual_score(&f.net, toks, n, W, NULL, NULL), 1e-4);
	teardown_model(&f);
}

/* Within one window, and across several slides of the context. */
static void test_score_is_windowed_mean(void **state)
{
	(void)state;
	check_score(10, 8);
	check_score(100, 32);
	check_score(100, 7);
}

/*
 * Predictions are memoized by window: a second process doing the same
 * calls hits the cache and gets the same score, also when the contexts
 * are fewer than the processes.
 */
static void test_cache_keeps_scores(void **state)
{
	struct anomaly_opts o = { .window = 16, .min_tokens = 4, .rise = NAN,
				  .threshold = INFINITY, .contexts = 1 };
	struct fixture f;
	uint16_t ids[100];
	uint64_t runs;
	int i;

	(void)state;
	setup_model(&f, &o);
	fork_proc(&f, 1);
	fork_proc(&f, 2);
	fork_proc(&f, 3);
	some_ids(ids, 100, 9);
	for (i = 0; i < 100; i += 10) {
		syscalls(&f, 1, ids + i, 10);
		ids[i] ^= (uint16_t)(i == 50);	/* 3 differs once */
		syscalls(&f, 3, ids + i, 10);
		ids[i] ^= (uint16_t)(i == 50);
	}
	runs = anomaly_stats(f.a)->model_runs;
	syscalls(&f, 2, ids, 100);
	assert_int_equal(anomaly_stats(f.a)->model_runs, runs);
	assert_true(anomaly_stats(f.a)->cache_hits >= 99);
	assert_float_equal(anomaly_score(f.a, proc_of(&f, 1)),
			   anomaly_score(f.a, proc_of(&f, 2)), 1e-6);
	teardown_model(&f);
}

static void test_score_needs_min_tokens(void **state)
{
	struct anomaly_opts o = { .window = 8, .min_tokens = 6, .rise = NAN,
				  .threshold = INFINITY };
	struct fixture f;
	uint16_t ids[8];

	(void)state;
	setup_model(&f, &o);
	fork_proc(&f, 5);
	some_ids(ids, 5, 2);
	syscalls(&f, 5, ids, 5);	/* <start> + 5: 5 scored */
	assert_true(isnan(anomaly_score(f.a, proc_of(&f, 5))));
	syscalls(&f, 5, ids, 1);
	assert_false(isnan(anomaly_score(f.a, proc_of(&f, 5))));
	teardown_model(&f);
}

/* Threshold 0: every scored process crosses it, but alerts once. */
static void test_one_alert_per_process(void **state)
{
	struct anomaly_opts o = { .window = 8, .min_tokens = 4, .rise = 1e9,
				  .threshold = 0 };
	struct fixture f;
	uint16_t ids[64];
	int i, n1 = 0, n2 = 0;

	(void)state;
	setup_model(&f, &o);
	fork_proc(&f, 1001);
	fork_proc(&f, 1002);
	for (i = 0; i < 20; i++) {
		some_ids(ids, 64, (unsigned int)i);
		syscalls(&f, 1001, ids, 64);
		syscalls(&f, 1002, ids, 17);
	}
	for (i = 0; i < f.ngot; i++) {
		n1 += f.got[i].pid == 1001;
		n2 += f.got[i].pid == 1002;
	}
	assert_int_equal(n1, 1);
	assert_int_equal(n2, 1);
	assert_int_equal(f.ngot, 2);
	assert_int_equal(anomaly_stats(f.a)->alerts, 2);
	teardown_model(&f);
}

/*
 * n batches of 64 calls of pid, every third odd, the others familiar: the
 * score moves up and down.
 */
static void moving_batches(struct fixture *f, uint32_t pid, int n)
{
	uint16_t ids[64];

	for (int i = 0; i < n; i++) {
		some_ids(ids, 64, (unsigned int)i);
		if (i % 3 == 2)
			for (unsigned int k = 0; k < 64; k++)
				ids[k] = (uint16_t)(100 + (k * 37 + i) % 200);
		syscalls(f, pid, ids, 64);
	}
}

/* Re-alerts come only when the score rose by the margin since the last. */
static void test_realert_only_on_rise(void **state)
{
	struct anomaly_opts o = { .window = 4, .min_tokens = 4, .rise = 0.01f,
				  .threshold = 0 };
	struct fixture f;
	int i;

	(void)state;
	setup_model(&f, &o);
	fork_proc(&f, 7);
	step_ns = ANOMALY_REALERT_NS;
	moving_batches(&f, 7, 40);
	/* Several alerts, at most one a batch, each a rise. */
	assert_true(f.ngot >= 2);
	assert_true(f.ngot <= 40);
	assert_int_equal(anomaly_stats(f.a)->tokens_scored, 40 * 64);
	for (i = 1; i < f.ngot; i++)
		assert_true(f.got[i].score >= f.got[i - 1].score + 0.01f - 1e-6f);
	step_ns = 1;
	teardown_model(&f);
}

/*
 * A batch of calls over which the score climbs through many rises gives
 * one alert, the highest of them: the alert is the batch's, not a call's.
 */
static void test_one_alert_per_batch(void **state)
{
	struct anomaly_opts o = { .window = 4, .min_tokens = 4, .rise = 0.01f,
				  .threshold = 0 };
	struct fixture f;
	uint16_t ids[64];
	float first;
	int i;

	(void)state;
	setup_model(&f, &o);
	fork_proc(&f, 8);
	for (i = 0; i < 64; i++)
		ids[i] = (uint16_t)(100 + (i * 37) % 200);
	syscalls(&f, 8, ids, 64);
	assert_int_equal(f.ngot, 1);
	assert_int_equal(anomaly_stats(f.a)->alerts, 1);
	first = f.got[0].score;
	assert_true(first >= anomaly_score(f.a, proc_of(&f, 8)) - 1e-6f);
	/* The next batch's alert, if any, is a rise above the highest. */
	for (i = 0; i < 64; i++)
		ids[i] = (uint16_t)(300 - (i * 53) % 200);
	syscalls(&f, 8, ids, 64);
	assert_true(f.ngot <= 2);
	if (f.ngot == 2)
		assert_true(f.got[1].score >= first + 0.01f - 1e-6f);
	teardown_model(&f);
}

/*
 * Rises come in batches 10 ms apart: after an alert the next waits a
 * second (event time), and is then a rise above the last one sent.
 */
static void test_realert_waits_a_second(void **state)
{
	struct anomaly_opts o = { .window = 4, .min_tokens = 4, .rise = 0.01f,
				  .threshold = 0 };
	uint64_t start;
	struct fixture f;
	int i;

	(void)state;
	setup_model(&f, &o);
	fork_proc(&f, 9);
	step_ns = ANOMALY_REALERT_NS / 100;
	start = now_ns;
	moving_batches(&f, 9, 250);
	/* 2.5 s of batches: the first alert and one or two more. */
	assert_true(f.ngot >= 2 && f.ngot <= 3);
	assert_true(f.got[0].time_ns >= start);
	for (i = 1; i < f.ngot; i++) {
		assert_true(f.got[i].time_ns - f.got[i - 1].time_ns >=
			    ANOMALY_REALERT_NS);
		assert_true(f.got[i].score >= f.got[i - 1].score + 0.01f - 1e-6f);
	}
	step_ns = 1;
	teardown_model(&f);
}

/* The detail names the most surprising call and what was expected. */
static void test_explanation(void **state)
{
	struct anomaly_opts o = { .window = 8, .min_tokens = 8, .rise = 1e9,
				  .threshold = 0 };
	struct fixture f;
	uint16_t ids[16], toks[PROC_HISTORY], exp[PROC_HISTORY];
	float nll[PROC_HISTORY];
	char want[128];
	unsigned int n, i, best;
	const char *d;

	(void)state;
	setup_model(&f, &o);
	fork_proc(&f, 42);
	some_ids(ids, 8, 3);
	ids[5] = 101;		/* ptrace, among ordinary calls */
	syscalls(&f, 42, ids, 8);
	assert_int_equal(f.ngot, 1);
	n = proc_history(proc_of(&f, 42), toks, PROC_HISTORY);
	manual_score(&f.net, toks, n, 8, nll, exp);
	for (best = 1, i = 2; i < n; i++)
		if (nll[i] > nll[best])
			best = i;
	d = f.details[0];
	/* First in the list: the most surprising, with its expectation. */
	snprintf(want, sizeof(want), "most surprising: %s %.1f (expected %s)",
		 syscall_token_name(toks[best]), nll[best],
		 syscall_token_name(exp[best]));
	if (!strstr(d, want))
		fail_msg("detail \"%s\" lacks \"%s\"", d, want);
	/* Three calls named, ptrace among the window's calls scored. */
	assert_non_null(strstr(d, "(threshold 0.000)"));
	n = 0;
	for (const char *q = d; (q = strstr(q, "(expected ")); q++)
		n++;
	assert_int_equal(n, ANOMALY_EXPLAIN);
	assert_int_equal(f.got[0].pid, 42);
	teardown_model(&f);
}

/* With the device open, its alert_threshold knob is the threshold. */
static void test_threshold_follows_device(void **state)
{
	struct device_client dc;
	struct anomaly_opts o = { .window = 8, .min_tokens = 4, .rise = 1e9,
				  .threshold = 2.5f, .device = &dc };
	struct fixture f;
	uint16_t ids[32];

	(void)state;
	memset(&dc, 0, sizeof(dc));
	dc.fd = -1;
	setup_model(&f, &o);
	/* Without the device: the override. */
	assert_float_equal(anomaly_threshold(f.a), 2.5, 1e-6);
	dc.fd = open("/dev/null", O_RDONLY);
	assert_true(dc.fd >= 0);
	dc.config.alert_threshold = 1000000;	/* 1000.000 */
	assert_float_equal(anomaly_threshold(f.a), 1000.0, 1e-3);
	fork_proc(&f, 9);
	some_ids(ids, 32, 5);
	syscalls(&f, 9, ids, 32);
	assert_int_equal(f.ngot, 0);
	/* The operator lowers it (a heartbeat brought the new knobs). */
	dc.config.alert_threshold = 0;
	syscalls(&f, 9, ids, 1);
	assert_int_equal(f.ngot, 1);
	assert_float_equal(f.got[0].threshold, 0.0, 1e-6);
	close(dc.fd);
	dc.fd = -1;
	teardown_model(&f);
}

static void test_model_threshold_default(void **state)
{
	struct anomaly_opts o = { .rise = NAN, .threshold = NAN };
	struct fixture f;

	(void)state;
	setup_model(&f, &o);
	assert_true(isnan(anomaly_threshold(f.a)));
	teardown_model(&f);
}

/* The committed model loads, for this agent's tokens, calibrated, small. */
static void test_shipped_model(void **state)
{
	struct anomaly_model m;
	struct llm_file lf;
	struct stat sb;
	char err[600];

	(void)state;
	if (stat(SHIPPED, &sb)) {
		printf("# %s missing (make model)\n", SHIPPED);
		skip();
	}
	assert_true(sb.st_size <= 2 * 1024 * 1024);
	assert_int_equal(llm_file_open(&lf, SHIPPED, err, sizeof(err)), 0);
	assert_int_equal(lf.info.vocab_hash, LLMOS_VOCAB_HASH);
	assert_int_equal(lf.cfg.vocab_size, LLMOS_NR_TOKENS);
	assert_int_equal(lf.payload_type, LLM_PAYLOAD_INT8);
	assert_false(isnan(lf.info.alert_threshold));
	assert_non_null(llm_meta_get(&lf.info, "anomaly.fpr_target"));
	/* Its scheduling head learned the classes llmosd uses it for. */
	assert_int_equal(lf.cfg.n_classes, SCHED_NR_CLASSES);
	assert_non_null(llm_meta_get(&lf.info, "sched.classes"));
	assert_string_equal(llm_meta_get(&lf.info, "sched.classes"),
			    SCHED_MODEL_CLASSES);
	llm_file_close(&lf);
	if (anomaly_model_open(&m, SHIPPED, err, sizeof(err)))
		fail_msg("%s", err);
	assert_true(m.threshold > 0);
	assert_true(m.net.int8);
	anomaly_model_close(&m);
}

/* A few training steps of the recipe give a file of the same shape. */
static void test_recipe_matches_shipped(void **state)
{
	char cmd[2048], err[600], args[512] = "", *nl;
	const char *dir = "build/tests/anomaly-recipe";
	struct llm_file a, b;
	FILE *p;

	(void)state;
	if (access(SHIPPED, R_OK) || access("build/bin/llmos-train", X_OK) ||
	    access("build/bin/llmosctl", X_OK)) {
		printf("# %s or the programs are missing\n", SHIPPED);
		skip();
	}
	p = popen(". scripts/model-recipe.conf && echo \"$MODEL_ARGS\"", "r");
	assert_non_null(p);
	assert_non_null(fgets(args, sizeof(args), p));
	pclose(p);
	nl = strchr(args, '\n');
	if (nl)
		*nl = '\0';
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s && build/bin/llmosctl trace synth --procs 4 --syscalls 4000 --seed 1 -o %s/t.trace >/dev/null && "
		 "build/bin/llmos-train train --traces %s/t.trace -o %s/m.fp32 %s --steps 2 --batch 2 --threads 1 --held-out 0 --eval-every 0 --log-every 0 >/dev/null 2>&1 && "
		 "build/bin/llmos-train quantize --model %s/m.fp32 -o %s/m.int8 >/dev/null",
		 dir, dir, dir, dir, args, dir, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/m.int8", dir);
	assert_int_equal(llm_file_open(&a, cmd, err, sizeof(err)), 0);
	assert_int_equal(llm_file_open(&b, SHIPPED, err, sizeof(err)), 0);
	assert_memory_equal(&a.cfg, &b.cfg, sizeof(a.cfg));
	assert_int_equal(a.info.vocab_hash, b.info.vocab_hash);
	assert_int_equal(a.payload_type, b.payload_type);
	llm_file_close(&a);
	llm_file_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score_is_windowed_mean),
		cmocka_unit_test(test_cache_keeps_scores),
		cmocka_unit_test(test_score_needs_min_tokens),
		cmocka_unit_test(test_one_alert_per_process),
		cmocka_unit_test(test_realert_only_on_rise),
		cmocka_unit_test(test_one_alert_per_batch),
		cmocka_unit_test(test_realert_waits_a_second),
		cmocka_unit_test(test_explanation),
		cmocka_unit_test(test_threshold_follows_device),
		cmocka_unit_test(test_model_threshold_default),
		cmocka_unit_test(test_shipped_model),
		cmocka_unit_test(test_recipe_matches_shipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
