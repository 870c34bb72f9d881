/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fp32 reference layers, forward and backward, over a window of n positions
 * stored row-major (position-major). Backward functions add into their
 * gradient outputs so that the caller can sum contributions; they never
 * allocate.
 */
#ifndef LLMOS_LAYERS_H
#define LLMOS_LAYERS_H

#include <stddef.h>
#include <stdint.h>

#define LLM_LN_EPS 1e-5f

/* y = (x - mean) / sqrt(var + eps) * g + b, per row of d. */
void llm_layernorm_fwd(float *y, float *mean, float *rstd, const float *x,
		       const float *g, const float *b, uint32_t n, uint32_t d);
void llm_layernorm_bwd(float *dx, float *dg, float *db, const float *dy,
		       const float *x, const float *mean, const float *rstd,
		       const float *g, uint32_t n, uint32_t d);

/* sum a[i] * b[i], and y += a * x: the inner loops of everything else. */
typedef float llm_v4f __attribute__((vector_size(16)));

static inline float llm_dot(const float *restrict a, const float *restrict b,
			    uint32_t n)
{
	llm_v4f s0 = { 0 }, s1 = { 0 }, x, y, z;
	uint32_t i;
	float t;

	/*
	 * Two 4-wide partial sums in GCC vector types: the compiler may not
	 * reorder a plain float sum, and left alone it vectorizes the
	 * caller's loop over rows instead, with shuffles.
	 */
	for (i = 0; i + 8 <= n; i += 8) {
		__builtin_memcpy(&x, a + i, 16);
		__builtin_memcpy(&y, b + i, 16);
		s0 += x * y;
		__builtin_memcpy(&x, a + i + 4, 16);
		__builtin_memcpy(&z, b + i + 4, 16);
		s1 += x * z;
	}
	s0 += s1;
	t = (s0[0] + s0[1]) + (s0[2] + s0[3]);
	for (; i < n; i++)
		t += a[i] * b[i];
	return t;
}

static inline void llm_axpy(float *restrict y, float a,
			    const float *restrict x, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		y[i] += a * x[i];
}

/* y[t] = W x[t] + b with W out x in; b may be NULL. */
void llm_linear_fwd(float *y, const float *x, const float *w, const float *b,
		    uint32_t n, uint32_t in, uint32_t out);
void llm_linear_bwd(float *dx, float *dw, float *db, const float *dy,
		    const float *x, const float *w, uint32_t n, uint32_t in,
		    uint32_t out);

/*
 * Causal multi-head attention on projected q, k, v (n x d each, head h in
 * columns h*d/heads ..). probs (heads x n x n) keeps the softmax for
 * backward.
 */
void llm_attention_fwd(float *out, float *probs, const float *q,
		       const float *k, const float *v, uint32_t n, uint32_t d,
		       uint32_t heads);
void llm_attention_bwd(float *dq, float *dk, float *dv, const float *dout,
		       const float *probs, const float *q, const float *k,
		       const float *v, uint32_t n, uint32_t d, uint32_t heads);

/* GELU, tanh approximation. */
float llm_gelu(float x);
void llm_gelu_fwd(float *y, const float *x, uint32_t n);
void llm_gelu_bwd(float *dx, const float *dy, const float *x, uint32_t n);

/* Feed-forward: h = W1 x + b1, a = gelu(h), y = W2 a + b2. */
void llm_ffn_fwd(float *y, float *h, float *a, const float *x, const float *w1,
		 const float *b1, const float *w2, const float *b2, uint32_t n,
		 uint32_t d, uint32_t f);
void llm_ffn_bwd(float *dx, float *dw1, float *db1, float *dw2, float *db2,
		 float *dh, float *da, const float *dy, const float *x,
		 const float *h, const float *a, const float *w1,
		 const float *w2, uint32_t n, uint32_t d, uint32_t f);

/*
 * Scheduling head: pooled = mean of the n rows of x; class logits and one
 * regression output from it.
 */
void llm_sched_fwd(float *cls, float *reg, float *pooled, const float *x,
		   const float *w_cls, const float *b_cls, const float *w_reg,
		   const float *b_reg, uint32_t n, uint32_t d,
		   uint32_t classes);
void llm_sched_bwd(float *dx, float *dw_cls, float *db_cls, float *dw_reg,
		   float *db_reg, const float *dcls, float dreg,
		   const float *pooled, const float *w_cls, const float *w_reg,
		   uint32_t n, uint32_t d, uint32_t classes);

/*
 * Losses. Each returns the loss and writes its gradient with respect to
 * the logits (or output) times `scale`, so a batch can average.
 */
float llm_ce_loss(float *dlogits, const float *logits, uint32_t n,
		  uint32_t target, float scale);
/*
 * Distillation: KL divergence from the teacher's distribution to the
 * student's, both at temperature t, times t^2 (Hinton et al.) so that
 * gradients keep their size as t changes.
 */
float llm_soft_ce_loss(float *dlogits, const float *logits,
		       const float *teacher_logits, uint32_t n, float t,
		       float scale);
/* 0.5 * (y - target)^2 */
float llm_sq_loss(float *dy, float y, float target, float scale);

/* In place log-softmax; returns log(sum(exp)). */
float llm_log_softmax(float *x, uint32_t n);

#endif
