/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The inner loops of inference, one set per instruction set, picked at run
 * time: int8 arithmetic (symmetric per-group quantization, LLM_GROUP
 * values sharing one fp32 scale, codes in -127..127; int8 x int8 -> int32
 * dots) and the fp32 matrix product. The scalar set is the reference.
 */
#ifndef LLMOS_KERNELS_H
#define LLMOS_KERNELS_H

#include <stdint.h>

/*
 * Quantizes rows x cols (cols a multiple of LLM_GROUP): q = round(w / s),
 * s = max|w| / 127 per group. Returns the largest |w - q * s|.
 */
float llm_quantize(int8_t *q, float *s, const float *w, uint32_t rows,
		   uint32_t cols);

struct llm_kernels {
	const char *name;
	/*
	 * Activations at run time: like llm_quantize() for one row of n,
	 * without the error; every kernel set gives the same codes and
	 * scales for finite input.
	 */
	void (*quantize)(int8_t *q, float *s, const float *x, uint32_t n);
	/* Exact int32 dot of n int8 pairs (n a multiple of LLM_GROUP). */
	int32_t (*dot)(const int8_t *a, const int8_t *b, uint32_t n);
	/*
	 * y[b][r] = sum over groups g of dot(w[r] g, x[b] g) * ws[r][g] *
	 * xs[b][g], for nb activation rows x (nb x cols) against the weight
	 * rows w (rows x cols). Codes must lie in -127..127.
	 */
	void (*matmul)(float *y, const int8_t *w, const float *ws,
		       const int8_t *x, const float *xs, uint32_t rows,
		       uint32_t cols, uint32_t nb);
	/* fp32: y[b][r] = w[r] . x[b], the same shapes. */
	void (*f32_matmul)(float *y, const float *w, const float *x,
			   uint32_t rows, uint32_t cols, uint32_t nb);
};

/*
 * Inference's vector loops (kernels_math.c), within 1e-6 of the scalar
 * llm_log_softmax(), llm_gelu_fwd() and llm_layernorm_fwd() of training.
 */
/*
 * In place log-softmax of x[0..n-1]; returns the first largest's index
 * (n - 1 if x[0] is NaN).
 */
uint32_t llm_vlog_softmax(float *x, uint32_t n);
/* y = gelu(x) (y may be x). */
void llm_vgelu(float *y, const float *x, uint32_t n);
/* llm_layernorm_fwd() of n rows of d, without the saved statistics. */
void llm_vlayernorm(float *y, const float *x, const float *g, const float *b,
		    uint32_t n, uint32_t d);

/* The fastest kernels this CPU runs (LLMOS_KERNEL=name overrides). */
const struct llm_kernels *llm_kernels_best(void);
/* Every kernel set this CPU can run, the scalar reference first. */
unsigned int llm_kernels_available(const struct llm_kernels **out,
				   unsigned int max);

#endif
