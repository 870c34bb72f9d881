// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduling head: class logits and one regression output read from
 * the mean of the final hidden states of a window.
 */
#include <stddef.h>
#include <string.h>

#include "layers.h"
#include "model.h"

void llm_sched_fwd(float *cls, float *reg, float *pooled, const float *x,
		   const float *w_cls, const float *b_cls, const float *w_reg,
		   const float *b_reg, uint32_t n, uint32_t d,
		   uint32_t classes)
{
	uint32_t t, i;

	memset(pooled, 0, d * sizeof(float));
	for (t = 0; t < n; t++)
		for (i = 0; i < d; i++)
			pooled[i] += x[(size_t)t * d + i];
	for (i = 0; i < d; i++)
		pooled[i] /= (float)n;
	llm_linear_fwd(cls, pooled, w_cls, b_cls, 1, d, classes);
	llm_linear_fwd(reg, pooled, w_reg, b_reg, 1, d, 1);
}

void llm_sched_bwd(float *dx, float *dw_cls, float *db_cls, float *dw_reg,
		   float *db_reg, const float *dcls, float dreg,
		   const float *pooled, const float *w_cls, const float *w_reg,
		   uint32_t n, uint32_t d, uint32_t classes)
{
	float dpooled[LLM_MAX_DIM];
	uint32_t t, i;

	memset(dpooled, 0, d * sizeof(float));
	if (dcls)
		llm_linear_bwd(dpooled, dw_cls, db_cls, dcls, pooled, w_cls, 1,
			       d, classes);
	llm_linear_bwd(dpooled, dw_reg, db_reg, &dreg, pooled, w_reg, 1, d, 1);
	for (t = 0; t < n; t++)
		for (i = 0; i < d; i++)
			dx[(size_t)t * d + i] += dpooled[i] / (float)n;
}
