// SPDX-License-Identifier: GPL-2.0
/*
 * int8 inference against fp32: quantization error bounds, SIMD kernels
 * against the scalar reference (bit-exact int32 dots), logits of a trained
 * model within a stated bound, held-out NLL within 1%.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernels.h"
#include "layers.h"
#include "model_testlib.h"
#include "score.h"
#include "train.h"

/*
 * The stated bound: for every position, every int8 logit is within
 * LOGIT_TOL * (1 + max |fp32 logit| of that position) of the fp32 one.
 */
#define LOGIT_TOL 0.03
#define NLL_TOL_PCT 1.0

static void test_quantize_error(void **state)
{
	struct llm_rng r = { 31 };
	float w[4 * 64], s[4 * 64 / 32], max_err;
	int8_t q[4 * 64];
	int i;

	(void)state;
	tl_fill(w, 4 * 64, &r, 0.0f, 1.0f);
	for (i = 0; i < 32; i++)
		w[64 + i] = 0.0f;	/* an all-zero group */
	w[5] = 40.0f;			/* an outlier */
	max_err = llm_quantize(q, s, w, 4, 64);
	assert_true(s[0] == 40.0f / 127.0f);
	assert_true(q[5] == 127);
	assert_true(s[2] == 0.0f);
	for (i = 0; i < 4 * 64; i++) {
		float deq = q[i] * s[i / 32];

		/* Round to nearest: never more than half a step off. */
		assert_true(fabsf(w[i] - deq) <= s[i / 32] * 0.5f + 1e-6f);
		assert_true(q[i] >= -127);
	}
	assert_true(max_err <= s[0] * 0.5f + 1e-6f);
}

static void test_kernels_exact(void **state)
{
	const struct llm_kernels *k[8];
	unsigned int n = llm_kernels_available(k, 8), i;
	struct llm_rng r = { 32 };
	static int8_t a[1024], b[1024], w[96 * 256], x[5 * 256];
	static float ws[96 * 8], xs[5 * 8], y0[5 * 96], y1[5 * 96];
	uint32_t len, j, pattern;

	(void)state;
	assert_string_equal(k[0]->name, "scalar");
	printf("# int8 kernels on this CPU:");
	for (i = 0; i < n; i++)
		printf(" %s", k[i]->name);
	printf(" (best: %s)\n", llm_kernels_best()->name);
	for (pattern = 0; pattern < 4; pattern++) {
		for (len = 32; len <= 1024; len += 32) {
			for (j = 0; j < len; j++) {
				/* random, all max, all min, alternating */
				int va = (int)llm_rng_below(&r, 255) - 127;
				int vb = (int)llm_rng_below(&r, 255) - 127;

				if (pattern == 1)
					va = vb = 127;
				if (pattern == 2)
					va = -127, vb = 127;
				if (pattern == 3)
					va = j & 1 ? -127 : 127, vb = -127;
				a[j] = (int8_t)va;
				b[j] = (int8_t)vb;
			}
			for (i = 1; i < n; i++)
				assert_int_equal(k[i]->dot(a, b, len),
						 k[0]->dot(a, b, len));
		}
	}
	for (j = 0; j < sizeof(w); j++)
		w[j] = (int8_t)((int)llm_rng_below(&r, 255) - 127);
	for (j = 0; j < sizeof(x); j++)
		x[j] = (int8_t)((int)llm_rng_below(&r, 255) - 127);
	/* Activation quantization: the same codes and scales. */
	for (len = 32; len <= 256; len += 32) {
		float act[256], s0[8], s1[8];
		int8_t q0[256], q1[256];

		tl_fill(act, len, &r, 0.0f, 3.0f);
		for (j = 0; j < 32; j++)
			act[j] = 0.0f;		/* a zero group */
		act[len - 1] = 1e4f;		/* an outlier */
		k[0]->quantize(q0, s0, act, len);
		for (i = 1; i < n; i++) {
			k[i]->quantize(q1, s1, act, len);
			assert_memory_equal(q0, q1, len);
			assert_memory_equal(s0, s1, len / 32 * sizeof(float));
		}
	}
	/* fp32 products agree to rounding. */
	{
		static float fw[96 * 256], fx[5 * 256];

		tl_fill(fw, 96 * 256, &r, 0.0f, 1.0f);
		tl_fill(fx, 5 * 256, &r, 0.0f, 1.0f);
		k[0]->f32_matmul(y0, fw, fx, 96, 256, 5);
		for (i = 1; i < n; i++) {
			k[i]->f32_matmul(y1, fw, fx, 96, 256, 5);
			for (j = 0; j < 5 * 96; j++)
				assert_true(fabsf(y1[j] - y0[j]) <= 1e-3f);
		}
	}
	tl_fill(ws, 96 * 8, &r, 0.01f, 0.002f);
	tl_fill(xs, 5 * 8, &r, 0.01f, 0.002f);
	/* 93 rows: passes of eight and a remainder. */
	k[0]->matmul(y0, w, ws, x, xs, 93, 256, 5);
	for (i = 1; i < n; i++) {
		k[i]->matmul(y1, w, ws, x, xs, 93, 256, 5);
		/* Same int32 group sums, scaled and added in the same order. */
		assert_memory_equal(y1, y0, 5 * 93 * sizeof(float));
	}
}

/* Inference's vector exp agrees with training's scalar functions. */
static void test_vector_math(void **state)
{
	struct llm_rng r = { 7 };
	float x[67], y[67], ref[67];
	uint32_t n, i, k, top, want;

	(void)state;
	for (n = 1; n <= 67; n++) {
		tl_fill(x, n, &r, 0.0f, 4.0f * (float)(n % 5));
		if (n > 1)
			x[n / 2] = -INFINITY;	/* a token never seen */
		if (n > 3)
			x[n - 1] = x[n / 3] = 30.0f;	/* a tie for first */
		memcpy(y, x, n * sizeof(float));
		memcpy(ref, x, n * sizeof(float));
		top = llm_vlog_softmax(y, n);
		llm_log_softmax(ref, n);
		for (want = 0, i = 1; i < n; i++)
			if (x[i] > x[want])
				want = i;
		assert_int_equal(top, want);
		for (i = 0; i < n; i++)
			assert_true(y[i] == ref[i] ||
				    fabsf(y[i] - ref[i]) <= 1e-5f);
	}
	/* NaN logits (an overflowed net): any index, but inside x. */
	for (n = 1; n <= 67; n += 33) {
		tl_fill(x, n, &r, 0.0f, 1.0f);
		x[0] = NAN;
		assert_true(llm_vlog_softmax(x, n) < n);
	}
	for (i = 0; i < 67; i++)
		x[i] = -20.0f + 40.0f * (float)i / 66.0f;
	x[0] = -200.0f;
	llm_vgelu(y, x, 67);
	for (i = 0; i < 67; i++)
		assert_true(fabsf(y[i] - llm_gelu(x[i])) <=
			    1e-6f * (1.0f + fabsf(x[i])));
	/* Layer norm: two rows of 32 (vector path), five of 12 (the other). */
	for (k = 0; k < 2; k++) {
		float g[32], b[32];

		n = k ? 12 : 32;
		tl_fill(x, 64, &r, 1.0f, 3.0f);
		tl_fill(g, n, &r, 1.0f, 0.2f);
		tl_fill(b, n, &r, 0.0f, 0.2f);
		llm_vlayernorm(y, x, g, b, 64 / n, n);
		llm_layernorm_fwd(ref, NULL, NULL, x, g, b, 64 / n, n);
		for (i = 0; i < 64 / n * n; i++)
			assert_true(fabsf(y[i] - ref[i]) <=
				    1e-5f * (1.0f + fabsf(ref[i])));
	}
}

static void test_int8_vs_fp32(void **state)
{
	struct llm_dataset all, train, held;
	struct llm_config c;
	struct llm_model m;
	struct llm_net f, q;
	struct llm_eval ef, eq;
	struct llm_scorer *sf, *sq;
	struct llm_ctx *cf, *cq;
	float *lf, *lq;
	double worst = 0.0, delta;
	uint32_t n, t, v;

	(void)state;
	tl_copy_language(&all, 77, 40, 60);
	assert_int_equal(llm_dataset_split(&all, 0.25, 2, &train, &held), 0);
	tl_tiny_config(&c);
	c.d_model = 64;
	c.d_ff = 128;
	tl_trained_copy_model(&m, &train, &c, 150);
	assert_int_equal(llm_net_from_model(&f, &m), 0);
	assert_int_equal(llm_net_quantize(&q, &m), 0);
	assert_true(q.int8 && !f.int8);

	/* Logits of full windows. */
	n = c.context;
	lf = malloc((size_t)n * c.vocab_size * sizeof(float));
	lq = malloc((size_t)n * c.vocab_size * sizeof(float));
	sf = llm_scorer_new(&f, 8, NULL);
	sq = llm_scorer_new(&q, 8, NULL);
	cf = llm_ctx_new(&f, 0);
	cq = llm_ctx_new(&q, 0);
	for (size_t s = 0; s < held.n; s++) {
		const uint16_t *tok = llm_seq_tok(&held, s);

		assert_int_equal(llm_ctx_window(sf, cf, tok, n, lf), 0);
		assert_int_equal(llm_ctx_window(sq, cq, tok, n, lq), 0);
		for (t = 0; t < n; t++) {
			float *rf = lf + (size_t)t * c.vocab_size;
			float *rq = lq + (size_t)t * c.vocab_size;
			double amax = 0.0, diff = 0.0;

			/* Log-probabilities are logits up to a constant. */
			for (v = 0; v < c.vocab_size; v++) {
				amax = fmax(amax, fabs(rf[v] - rf[0]));
				diff = fmax(diff, fabs((rq[v] - rq[0]) -
						       (rf[v] - rf[0])));
			}
			worst = fmax(worst, diff / (1.0 + amax));
		}
	}
	assert_int_equal(llm_evaluate(&f, &held, 8, NULL, &ef, NULL), 0);
	assert_int_equal(llm_evaluate(&q, &held, 8, NULL, &eq, NULL), 0);
	delta = 100.0 * fabs(eq.loss - ef.loss) / ef.loss;
	printf("# int8 vs fp32: worst logit error %.4f x (1 + max |logit|) (bound %.2f); held-out NLL fp32 %.5f int8 %.5f (%.3f%%, bound %.1f%%)\n",
	       worst, LOGIT_TOL, ef.loss, eq.loss, delta, NLL_TOL_PCT);
	assert_true(worst < LOGIT_TOL);
	assert_true(delta < NLL_TOL_PCT);
	/* The model did learn: int8 keeps a trained model, not noise. */
	assert_true(ef.loss < 1.2);
	llm_ctx_free(cf), llm_ctx_free(cq);
	llm_scorer_free(sf), llm_scorer_free(sq);
	free(lf), free(lq);
	llm_net_free(&f), llm_net_free(&q);
	llm_model_free(&m);
	llm_dataset_free(&train), llm_dataset_free(&held);
	llm_dataset_free(&all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quantize_error),
		cmocka_unit_test(test_kernels_exact),
		cmocka_unit_test(test_vector_math),
		cmocka_unit_test(test_int8_vs_fp32),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
