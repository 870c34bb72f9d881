// SPDX-License-Identifier: GPL-2.0
/*
 * Causal multi-head scaled dot-product attention, softmax(QK^T/sqrt(dk))V,
 * fp32 reference over a whole window (training and the reference scores).
 */
#include <math.h>
#include <stddef.h>

#include "layers.h"

void llm_attention_fwd(float *out, float *probs, const float *q,
		       const float *k, const float *v, uint32_t n, uint32_t d,
		       uint32_t heads)
{
	uint32_t dk = d / heads, h, t, j, i;
	float scale = 1.0f / sqrtf((float)dk);

	for (h = 0; h < heads; h++) {
		for (t = 0; t < n; t++) {
			const float *qt = q + (size_t)t * d + h * dk;
			float *p = probs + ((size_t)h * n + t) * n;
			float *ot = out + (size_t)t * d + h * dk;
			float max = -INFINITY, sum = 0.0f;

			for (j = 0; j <= t; j++) {
				p[j] = llm_dot(qt, k + (size_t)j * d + h * dk,
					       dk) * scale;
				if (p[j] > max)
					max = p[j];
			}
			for (j = 0; j <= t; j++) {
				p[j] = expf(p[j] - max);
				sum += p[j];
			}
			for (j = 0; j <= t; j++)
				p[j] /= sum;
			/* The mask: later positions get exactly zero. */
			for (j = t + 1; j < n; j++)
				p[j] = 0.0f;
			for (i = 0; i < dk; i++)
				ot[i] = 0.0f;
			for (j = 0; j <= t; j++)
				llm_axpy(ot, p[j], v + (size_t)j * d + h * dk,
					 dk);
		}
	}
}

void llm_attention_bwd(float *dq, float *dk, float *dv, const float *dout,
		       const float *probs, const float *q, const float *k,
		       const float *v, uint32_t n, uint32_t d, uint32_t heads)
{
	uint32_t hd = d / heads, h, t, j;
	float scale = 1.0f / sqrtf((float)hd);

	for (h = 0; h < heads; h++) {
		for (t = 0; t < n; t++) {
			const float *p = probs + ((size_t)h * n + t) * n;
			const float *dot = dout + (size_t)t * d + h * hd;
			const float *qt = q + (size_t)t * d + h * hd;
			float *dqt = dq + (size_t)t * d + h * hd;
			float pdp = 0.0f;

			/* dP = dO V^T, then the softmax Jacobian. */
			for (j = 0; j <= t; j++) {
				const float *vj = v + (size_t)j * d + h * hd;

				llm_axpy(dv + (size_t)j * d + h * hd, p[j], dot,
					 hd);
				pdp += p[j] * llm_dot(dot, vj, hd);
			}
			for (j = 0; j <= t; j++) {
				const float *vj = v + (size_t)j * d + h * hd;
				const float *kj = k + (size_t)j * d + h * hd;
				float ds = p[j] * (llm_dot(dot, vj, hd) - pdp) *
					   scale;

				llm_axpy(dqt, ds, kj, hd);
				llm_axpy(dk + (size_t)j * d + h * hd, ds, qt, hd);
			}
		}
	}
}
