// SPDX-License-Identifier: GPL-2.0
/*
 * Incremental scoring: every score from the key/value cache (across window
 * slides) equals the full-window score of the fp32 reference forward;
 * batched scoring equals one-by-one, and so does a context extended in
 * pieces; the scheduling head from the cache
 * equals the reference; bad input is refused without side effects.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "layers.h"
#include "model_testlib.h"
#include "score.h"
#include "transformer.h"

#define STREAM 100
#define TOL 1e-4

static struct llm_model m;
static struct llm_net fnet, qnet;
static uint16_t stream[4][STREAM];

/* Reference: NLL of tok after the window w[0..n-1], by full forward. */
static double reference_nll(struct llm_acts *a, const uint16_t *w,
			    uint32_t n, uint16_t tok)
{
	uint32_t V = m.cfg.vocab_size;
	float row[64];

	llm_forward(&m, a, w, n);
	memcpy(row, a->logits + (size_t)(n - 1) * V, V * sizeof(float));
	llm_log_softmax(row, V);
	return -row[tok];
}

static void check_stream(uint32_t keep)
{
	struct llm_scorer *s = llm_scorer_new(&fnet, 4, NULL);
	struct llm_ctx *c = llm_ctx_new(&fnet, keep);
	struct llm_acts *a = llm_acts_new(&m.cfg);
	uint32_t T = m.cfg.context, start = 0, i, slides = 0;
	double worst = 0.0;

	for (i = 0; i < STREAM; i++) {
		float nll = llm_ctx_push(s, c, stream[0][i]);

		/* The documented sliding rule, restated. */
		if (i - start == T) {
			start = i - c->keep;
			slides++;
		}
		if (i == 0) {
			assert_true(isnan(nll));
			continue;
		}
		worst = fmax(worst, fabs(nll - reference_nll(a, stream[0] +
					 start, i - start, stream[0][i])));
	}
	printf("# keep %u: %u slides, worst |incremental - full window| %.2e\n",
	       c->keep, slides, worst);
	assert_true(slides >= 3);
	assert_true(worst < TOL);
	llm_acts_free(a);
	llm_ctx_free(c);
	llm_scorer_free(s);
}

static void test_incremental_equals_full(void **state)
{
	(void)state;
	check_stream(0);	/* default: half the window */
	check_stream(1);
	check_stream(m.cfg.context - 1);
}

/* int8: one token at a time or the window at once give the same scores. */
static void test_int8_incremental(void **state)
{
	struct llm_scorer *s = llm_scorer_new(&qnet, 16, NULL);
	struct llm_ctx *c = llm_ctx_new(&qnet, 0), *w = llm_ctx_new(&qnet, 0);
	uint32_t T = m.cfg.context, V = m.cfg.vocab_size, start = 0, i;
	float *lp = malloc((size_t)T * V * sizeof(float));
	double worst = 0.0;

	(void)state;
	for (i = 0; i < STREAM; i++) {
		float nll = llm_ctx_push(s, c, stream[1][i]);

		if (i - start == T)
			start = i - c->keep;
		if (!i)
			continue;
		assert_int_equal(llm_ctx_window(s, w, stream[1] + start,
						i - start, lp), 0);
		worst = fmax(worst, fabs(nll + lp[(size_t)(i - start - 1) * V +
						 stream[1][i]]));
		/* Without logp, only the last position: the same numbers. */
		assert_int_equal(llm_ctx_window(s, w, stream[1] + start,
						i - start, NULL), 0);
		assert_memory_equal(w->logp, lp + (size_t)(i - start - 1) * V,
				    V * sizeof(float));
	}
	printf("# int8: worst |incremental - window| %.2e\n", worst);
	assert_true(worst < TOL);
	free(lp);
	llm_ctx_free(c), llm_ctx_free(w);
	llm_scorer_free(s);
}

static void test_batch_equals_single(void **state)
{
	const struct llm_net *nets[2] = { &fnet, &qnet };
	int k, b, i;

	(void)state;
	for (k = 0; k < 2; k++) {
		/* max_batch 3 < 4 contexts: the call splits the batch. */
		struct llm_scorer *sb = llm_scorer_new(nets[k], 3, NULL);
		struct llm_scorer *s1 = llm_scorer_new(nets[k], 1, NULL);
		struct llm_ctx *cb[4], *c1[4];
		double worst = 0.0;

		for (b = 0; b < 4; b++) {
			cb[b] = llm_ctx_new(nets[k], 0);
			c1[b] = llm_ctx_new(nets[k], 0);
		}
		for (i = 0; i < STREAM; i++) {
			uint16_t tok[4];
			float nll[4];

			for (b = 0; b < 4; b++)
				tok[b] = stream[b][i];
			assert_int_equal(llm_score_batch(sb, cb, tok, 4, nll),
					 0);
			for (b = 0; b < 4; b++) {
				float one = llm_ctx_push(s1, c1[b], tok[b]);

				if (i)
					worst = fmax(worst, fabs(one - nll[b]));
				else
					assert_true(isnan(one) && isnan(nll[b]));
			}
		}
		printf("# %s: worst |batched - single| %.2e\n",
		       k ? "int8" : "fp32", worst);
		assert_true(worst < 1e-5);
		for (b = 0; b < 4; b++) {
			llm_ctx_free(cb[b]);
			llm_ctx_free(c1[b]);
		}
		llm_scorer_free(sb);
		llm_scorer_free(s1);
	}
}

static void test_sched_from_cache(void **state)
{
	struct llm_scorer *s = llm_scorer_new(&fnet, 4, NULL);
	struct llm_ctx *c = llm_ctx_new(&fnet, 0);
	struct llm_acts *a = llm_acts_new(&m.cfg);
	float cls[8], reg;
	uint32_t i, T = m.cfg.context;

	(void)state;
	/* Past one slide: the window is the last T/2 + 5 tokens. */
	for (i = 0; i < T + 5; i++)
		llm_ctx_push(s, c, stream[2][i]);
	assert_int_equal(c->n, T / 2 + 5);
	llm_ctx_sched(c, cls, &reg);
	llm_forward(&m, a, stream[2] + T + 5 - c->n, c->n);
	for (i = 0; i < m.cfg.n_classes; i++)
		assert_true(fabsf(cls[i] - a->cls[i]) < 1e-4f);
	assert_true(fabsf(reg - a->reg) < 1e-4f);
	llm_acts_free(a);
	llm_ctx_free(c);
	llm_scorer_free(s);
}

/*
 * A context caught up in pieces by llm_ctx_extend predicts as the window
 * run at once, and as the tokens pushed one by one; the reference forward
 * agrees.
 */
static void test_extend_equals_window(void **state)
{
	static const uint32_t pieces[] = { 1, 3, 0, 5, 2 };
	static const uint16_t bad[2] = { 1, 12 };
	const struct llm_net *nets[2] = { &fnet, &qnet };
	uint32_t T = m.cfg.context, V = m.cfg.vocab_size, n, i, k;
	struct llm_acts *a = llm_acts_new(&m.cfg);

	(void)state;
	for (k = 0; k < 2; k++) {
		/* max_batch 2: a piece of 5 runs in three steps. */
		struct llm_scorer *s = llm_scorer_new(nets[k], 2, NULL);
		struct llm_ctx *e = llm_ctx_new(nets[k], 0);
		struct llm_ctx *w = llm_ctx_new(nets[k], 0);
		struct llm_ctx *p = llm_ctx_new(nets[k], 0);
		double worst = 0.0;
		float *ref;

		for (i = n = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
			assert_int_equal(llm_ctx_extend(s, e, stream[3] + n,
							pieces[i], NULL), 0);
			for (uint32_t j = n; j < n + pieces[i]; j++)
				llm_ctx_push(s, p, stream[3][j]);
			n += pieces[i];
			assert_int_equal(e->n, n);
			assert_memory_equal(e->tok, stream[3], n * sizeof(*e->tok));
			assert_int_equal(llm_ctx_window(s, w, stream[3], n, NULL),
					 0);
			llm_forward(&m, a, stream[3], n);
			ref = a->logits + (size_t)(n - 1) * V;
			llm_log_softmax(ref, V);
			for (uint32_t t = 0; t < V; t++) {
				worst = fmax(worst, fabs(e->logp[t] - w->logp[t]));
				worst = fmax(worst, fabs(e->logp[t] - p->logp[t]));
				if (!k)
					assert_true(fabs(e->logp[t] - ref[t]) < TOL);
			}
			assert_int_equal(e->best, w->best);
		}
		printf("# %s: worst |extend - window/push| %.2e\n",
		       k ? "int8" : "fp32", worst);
		assert_true(worst < TOL);
		/* Past the context or outside the vocabulary: e unchanged. */
		assert_int_equal(llm_ctx_extend(s, e, stream[3], T - n + 1, NULL),
				 -EINVAL);
		assert_int_equal(llm_ctx_extend(s, e, bad, 2, NULL), -EINVAL);
		assert_int_equal(e->n, n);
		assert_int_equal(llm_ctx_extend(s, e, stream[3] + n, T - n,
						NULL), 0);
		assert_int_equal(e->n, T);
		llm_ctx_free(e);
		llm_ctx_free(w);
		llm_ctx_free(p);
		llm_scorer_free(s);
	}
	llm_acts_free(a);
}

static void test_bad_input(void **state)
{
	struct llm_scorer *s = llm_scorer_new(&qnet, 4, NULL);
	struct llm_ctx *a = llm_ctx_new(&qnet, 0), *b = llm_ctx_new(&qnet, 0);
	struct llm_ctx *dup[3] = { a, b, a };
	uint16_t tok[3] = { 1, 2, 3 }, bad[2] = { 1, 12 };
	float nll[3];

	(void)state;
	assert_int_equal(llm_score_batch(s, dup, tok, 3, nll), -EINVAL);
	assert_int_equal(llm_score_batch(s, dup, bad, 2, nll), -EINVAL);
	/* Nothing was pushed, and the contexts still work. */
	assert_int_equal(a->n, 0);
	assert_int_equal(b->n, 0);
	assert_int_equal(llm_score_batch(s, dup, tok, 2, nll), 0);
	assert_int_equal(a->n, 1);
	assert_int_equal(b->n, 1);
	llm_ctx_free(a), llm_ctx_free(b);
	llm_scorer_free(s);
}

static int setup(void **state)
{
	struct llm_config c;
	struct llm_rng r = { 51 };
	int b, i;

	(void)state;
	tl_tiny_config(&c);
	c.context = 16;
	c.n_classes = 3;
	if (llm_model_init(&m, &c, 0, 3))
		return -1;
	/* Random weights well away from the init's near-uniform outputs. */
	tl_fill(m.params, m.n_params, &r, 0.0f, 0.25f);
	for (b = 0; b < 4; b++)
		for (i = 0; i < STREAM; i++)
			stream[b][i] = (uint16_t)llm_rng_below(&r, 12);
	if (llm_net_from_model(&fnet, &m) || llm_net_quantize(&qnet, &m))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	llm_net_free(&fnet);
	llm_net_free(&qnet);
	llm_model_free(&m);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_incremental_equals_full),
		cmocka_unit_test(test_int8_incremental),
		cmocka_unit_test(test_batch_equals_single),
		cmocka_unit_test(test_sched_from_cache),
		cmocka_unit_test(test_extend_equals_window),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
