// SPDX-License-Identifier: GPL-2.0
/* A trace's anomaly score from its calls' surprise (trace_score.h). */
#include "trace_score.h"

double llm_trace_score(const float *nll, uint32_t len, double tau)
{
	double sum = 0.0, wsum = 0.0, w;
	uint32_t k;

	for (k = 0; k + 1 < len; k++) {
		w = tau > 0.0 ? 1.0 / (1.0 + k / tau) : 1.0;
		sum += w * nll[k + 1];
		wsum += w;
	}
	return wsum > 0.0 ? sum / wsum : 0.0;
}

void llm_trace_nll_bidir(float *nll, const float *bwd, uint32_t len)
{
	uint32_t k;

	for (k = 1; k + 1 < len; k++)
		if (bwd[len - 1 - k] > nll[k])
			nll[k] = bwd[len - 1 - k];
}
