// SPDX-License-Identifier: GPL-2.0
/* The position-wise feed-forward network with a GELU in the middle. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "layers.h"

#define GELU_C 0.7978845608f	/* sqrt(2 / pi) */

/*
 * 0.5 x (1 + tanh(u)) = x * sigmoid(2u): the same function, but one expf
 * instead of tanhf, which costs several times more.
 */
float llm_gelu(float x)
{
	float u = GELU_C * (x + 0.044715f * x * x * x);

	return x / (1.0f + expf(-2.0f * u));
}

void llm_gelu_fwd(float *y, const float *x, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		y[i] = llm_gelu(x[i]);
}

void llm_gelu_bwd(float *dx, const float *dy, const float *x, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		float u = GELU_C * (x[i] + 0.044715f * x[i] * x[i] * x[i]);
		float th = 2.0f / (1.0f + expf(-2.0f * u)) - 1.0f;
		float du = GELU_C * (1.0f + 3.0f * 0.044715f * x[i] * x[i]);

		dx[i] += dy[i] * (0.5f * (1.0f + th) +
				  0.5f * x[i] * (1.0f - th * th) * du);
	}
}

void llm_ffn_fwd(float *y, float *h, float *a, const float *x, const float *w1,
		 const float *b1, const float *w2, const float *b2, uint32_t n,
		 uint32_t d, uint32_t f)
{
	llm_linear_fwd(h, x, w1, b1, n, d, f);
	llm_gelu_fwd(a, h, n * f);
	llm_linear_fwd(y, a, w2, b2, n, f, d);
}

/* dh and da are scratch of n x f floats. */
void llm_ffn_bwd(float *dx, float *dw1, float *db1, float *dw2, float *db2,
		 float *dh, float *da, const float *dy, const float *x,
		 const float *h, const float *a, const float *w1,
		 const float *w2, uint32_t n, uint32_t d, uint32_t f)
{
	memset(da, 0, (size_t)n * f * sizeof(float));
	memset(dh, 0, (size_t)n * f * sizeof(float));
	llm_linear_bwd(da, dw2, db2, dy, a, w2, n, f, d);
	llm_gelu_bwd(dh, da, h, n * f);
	llm_linear_bwd(dx, dw1, db1, dh, x, w1, n, d, f);
}
