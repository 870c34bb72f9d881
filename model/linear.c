// SPDX-License-Identifier: GPL-2.0
/*
 * Dense layers, the bulk of training time. Forward uses the fastest fp32
 * kernel this CPU runs (kernels.h); backward is plain C that the compiler
 * vectorizes, built twice (AVX2 and baseline) and chosen when loaded.
 */
#include <stddef.h>

#include "kernels.h"
#include "layers.h"

void llm_linear_fwd(float *y, const float *x, const float *w, const float *b,
		    uint32_t n, uint32_t in, uint32_t out)
{
	uint32_t t, o;

	/* Multiples of 8 columns can use the fastest fp32 kernel. */
	if (in % 8 == 0) {
		llm_kernels_best()->f32_matmul(y, w, x, out, in, n);
	} else {
		for (t = 0; t < n; t++)
			for (o = 0; o < out; o++)
				y[(size_t)t * out + o] =
					llm_dot(w + (size_t)o * in,
						x + (size_t)t * in, in);
	}
	if (b)
		for (t = 0; t < n; t++)
			for (o = 0; o < out; o++)
				y[(size_t)t * out + o] += b[o];
}

/* y += a0 x0 + a1 x1 + a2 x2 + a3 x3: one pass over y for four rows. */
static inline void axpy4(float *restrict y, const float *a,
			 const float *restrict x0, const float *restrict x1,
			 const float *restrict x2, const float *restrict x3,
			 uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		y[i] += a[0] * x0[i] + a[1] * x1[i] + a[2] * x2[i] +
			a[3] * x3[i];
}

/*
 * dx[t] += sum_o dy[t][o] W[o] and dW[o] += sum_t dy[t][o] x[t]: both as
 * row updates (no reductions, so they vectorize), four source rows per
 * pass over the gradient row. Cloned for AVX2 and picked at load time.
 */
__attribute__((target_clones("avx2", "default")))
void llm_linear_bwd(float *dx, float *dw, float *db, const float *dy,
		    const float *x, const float *w, uint32_t n, uint32_t in,
		    uint32_t out)
{
	uint32_t t, o, k;
	float g[4];

	if (dx) {
		for (t = 0; t < n; t++) {
			const float *dyt = dy + (size_t)t * out;
			float *dxt = dx + (size_t)t * in;

			for (o = 0; o + 4 <= out; o += 4)
				axpy4(dxt, dyt + o, w + (size_t)o * in,
				      w + (size_t)(o + 1) * in,
				      w + (size_t)(o + 2) * in,
				      w + (size_t)(o + 3) * in, in);
			for (; o < out; o++)
				llm_axpy(dxt, dyt[o], w + (size_t)o * in, in);
		}
	}
	for (o = 0; o < out; o++) {
		float *dwo = dw + (size_t)o * in;

		for (t = 0; t + 4 <= n; t += 4) {
			for (k = 0; k < 4; k++)
				g[k] = dy[(size_t)(t + k) * out + o];
			axpy4(dwo, g, x + (size_t)t * in,
			      x + (size_t)(t + 1) * in,
			      x + (size_t)(t + 2) * in,
			      x + (size_t)(t + 3) * in, in);
		}
		for (; t < n; t++)
			llm_axpy(dwo, dy[(size_t)t * out + o],
				 x + (size_t)t * in, in);
		if (db)
			for (t = 0; t < n; t++)
				db[o] += dy[(size_t)t * out + o];
	}
}
