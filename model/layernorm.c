// SPDX-License-Identifier: GPL-2.0
#include <math.h>

#include "layers.h"

void llm_layernorm_fwd(float *y, float *mean, float *rstd, const float *x,
		       const float *g, const float *b, uint32_t n, uint32_t d)
{
	uint32_t t, i;

	for (t = 0; t < n; t++) {
		const float *xt = x + (size_t)t * d;
		float *yt = y + (size_t)t * d;
		float mu = 0.0f, var = 0.0f, rs;

		for (i = 0; i < d; i++)
			mu += xt[i];
		mu /= (float)d;
		for (i = 0; i < d; i++)
			var += (xt[i] - mu) * (xt[i] - mu);
		rs = 1.0f / sqrtf(var / (float)d + LLM_LN_EPS);
		for (i = 0; i < d; i++)
			yt[i] = (xt[i] - mu) * rs * g[i] + b[i];
		if (mean)
			mean[t] = mu;
		if (rstd)
			rstd[t] = rs;
	}
}

void llm_layernorm_bwd(float *dx, float *dg, float *db, const float *dy,
		       const float *x, const float *mean, const float *rstd,
		       const float *g, uint32_t n, uint32_t d)
{
	uint32_t t, i;

	for (t = 0; t < n; t++) {
		const float *xt = x + (size_t)t * d, *dyt = dy + (size_t)t * d;
		float *dxt = dx + (size_t)t * d;
		float mu = mean[t], rs = rstd[t];
		float sum_dn = 0.0f, sum_dn_n = 0.0f;

		/* dn = dy * g is the gradient w.r.t. the normalized value. */
		for (i = 0; i < d; i++) {
			float xn = (xt[i] - mu) * rs, dn = dyt[i] * g[i];

			dg[i] += dyt[i] * xn;
			db[i] += dyt[i];
			sum_dn += dn;
			sum_dn_n += dn * xn;
		}
		sum_dn /= (float)d;
		sum_dn_n /= (float)d;
		for (i = 0; i < d; i++) {
			float xn = (xt[i] - mu) * rs;

			dxt[i] += rs * (dyt[i] * g[i] - sum_dn - xn * sum_dn_n);
		}
	}
}
