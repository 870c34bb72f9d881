// SPDX-License-Identifier: GPL-2.0
/*
 * The trace score of `llmos-train score` (model/trace_score.c) on known
 * small cases, and the per-call surprise it is computed from
 * (model/trace_nll.c) against the held-out evaluation's per-trace means;
 * the two directions' surprise combined (--backward) and the reversed
 * traces a backward model reads.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "model_testlib.h"
#include "trace_nll.h"
#include "trace_score.h"
#include "train.h"

static void test_plain_mean(void **state)
{
	const float nll[] = { NAN, 1.0f, 2.0f, 6.0f };

	(void)state;
	/* The first call has no prediction and is left out. */
	assert_float_equal(llm_trace_score(nll, 4, 0.0), 3.0, 1e-12);
	assert_float_equal(llm_trace_score(nll, 2, 0.0), 1.0, 1e-12);
}

static void test_position_weights(void **state)
{
	const float nll[] = { NAN, 1.0f, 0.0f };
	const float early[] = { NAN, 4.0f, 0.0f, 0.0f, 0.0f };
	const float late[] = { NAN, 0.0f, 0.0f, 0.0f, 4.0f };

	(void)state;
	/* Weights 1 and 1 / (1 + 1/5) = 5/6: (1 * 1 + 0) / (11/6). */
	assert_float_equal(llm_trace_score(nll, 3, 5.0), 6.0 / 11.0, 1e-12);
	/*
	 * The same surprise counts more at the start of a trace: weights 1,
	 * 5/6, 5/7, 5/8 (sum W), so 4 / W early against 4 * 5/8 / W late.
	 */
	assert_float_equal(llm_trace_score(early, 5, 5.0),
			   4.0 / (1 + 5.0 / 6 + 5.0 / 7 + 5.0 / 8), 1e-9);
	assert_float_equal(llm_trace_score(late, 5, 5.0),
			   2.5 / (1 + 5.0 / 6 + 5.0 / 7 + 5.0 / 8), 1e-9);
	/* ...and the same without weights. */
	assert_float_equal(llm_trace_score(early, 5, 0.0),
			   llm_trace_score(late, 5, 0.0), 1e-12);
	/* Equal surprise everywhere: every weighting gives that value. */
	{
		const float flat[] = { NAN, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f };

		assert_float_equal(llm_trace_score(flat, 6, 3.0), 2.5, 1e-9);
	}
}

static void test_short_traces(void **state)
{
	const float nll[] = { NAN };

	(void)state;
	assert_float_equal(llm_trace_score(nll, 1, 0.0), 0.0, 0.0);
	assert_float_equal(llm_trace_score(nll, 0, 5.0), 0.0, 0.0);
}

static void test_bidir_takes_larger(void **state)
{
	/* Forward: call k given calls 0..k-1; call 0 has no prediction. */
	float nll[] = { NAN, 1.0f, 2.0f, 3.0f, 0.5f };
	/*
	 * Backward, over the reversed trace: bwd[j] is call 4 - j given the
	 * calls after it; bwd[0] (the last call) has no prediction.
	 */
	const float bwd[] = { NAN, 0.5f, 4.0f, 1.0f, 9.0f };
	const float want[] = { 1.0f, 4.0f, 3.0f, 0.5f };
	int k;

	(void)state;
	llm_trace_nll_bidir(nll, bwd, 5);
	/* Calls 1-3 have both: the larger; the last keeps its forward. */
	for (k = 0; k < 4; k++)
		assert_float_equal(nll[k + 1], want[k], 0.0);
	/* The first call stays without one: the score ignores it. */
	assert_true(isnan(nll[0]));
	assert_float_equal(llm_trace_score(nll, 5, 0.0), 8.5 / 4, 1e-12);
}

static void test_bidir_short_traces(void **state)
{
	float one[] = { NAN }, two[] = { NAN, 2.0f };
	const float bwd_one[] = { NAN }, bwd_two[] = { NAN, 7.0f };

	(void)state;
	/* Two calls: no call has both predictions; nothing changes. */
	llm_trace_nll_bidir(one, bwd_one, 1);
	llm_trace_nll_bidir(two, bwd_two, 2);
	assert_true(isnan(one[0]));
	assert_float_equal(two[1], 2.0f, 0.0);
}

/* What a backward model trains on and scores: every trace reversed. */
static void test_dataset_reverse(void **state)
{
	const uint16_t a[] = { 1, 2, 3, 4, 5 }, b[] = { 7, 8 }, c[] = { 9 };
	const uint16_t want[] = { 5, 4, 3, 2, 1, 8, 7, 9 };
	struct llm_dataset d;
	size_t i;

	(void)state;
	llm_dataset_init(&d, 16, 1);
	assert_int_equal(llm_dataset_add(&d, a, 5, -1, NAN), 0);
	assert_int_equal(llm_dataset_add(&d, b, 2, -1, NAN), 0);
	assert_int_equal(llm_dataset_add(&d, c, 1, -1, NAN), 0);
	llm_dataset_reverse(&d);
	for (i = 0; i < 8; i++)
		assert_int_equal(d.tok[i], want[i]);
	llm_dataset_reverse(&d);
	assert_int_equal(d.tok[0], 1);
	assert_int_equal(d.tok[6], 8);
	llm_dataset_free(&d);
}

/*
 * On a tiny random model, over traces longer than its context (so the
 * window slides), the per-call surprise averages to llm_evaluate()'s
 * per-trace mean, and the first call of each trace has none.
 */
static void test_calls_match_evaluate(void **state)
{
	struct llm_dataset d;
	struct llm_config c;
	struct llm_model m;
	struct llm_net net;
	struct llm_eval e;
	double *seq_nll;
	float *nll;
	size_t i;

	(void)state;
	tl_copy_language(&d, 7, 9, 20);
	tl_tiny_config(&c);
	assert_int_equal(llm_model_init(&m, &c, d.vocab_hash, 3), 0);
	assert_int_equal(llm_net_from_model(&net, &m), 0);
	nll = calloc(d.ntok, sizeof(*nll));
	seq_nll = calloc(d.n, sizeof(*seq_nll));
	assert_non_null(nll);
	assert_non_null(seq_nll);
	/* Batches of 4 and 5 traces: different interleavings. */
	assert_int_equal(llm_trace_nll(&net, &d, 4, NULL, nll), 0);
	assert_int_equal(llm_evaluate(&net, &d, 5, NULL, &e, seq_nll), 0);
	for (i = 0; i < d.n; i++) {
		const float *x = nll + d.seqs[i].off;

		assert_true(d.seqs[i].len > c.context);
		assert_true(isnan(x[0]));
		assert_true(x[1] > 0.0f);
		assert_float_equal(llm_trace_score(x, d.seqs[i].len, 0.0),
				   seq_nll[i], 1e-5);
	}
	free(seq_nll);
	free(nll);
	llm_net_free(&net);
	llm_model_free(&m);
	llm_dataset_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_mean),
		cmocka_unit_test(test_position_weights),
		cmocka_unit_test(test_short_traces),
		cmocka_unit_test(test_calls_match_evaluate),
		cmocka_unit_test(test_bidir_takes_larger),
		cmocka_unit_test(test_bidir_short_traces),
		cmocka_unit_test(test_dataset_reverse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
