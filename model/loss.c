// SPDX-License-Identifier: GPL-2.0
/* Losses of the three heads and of distillation, with their gradients. */
#include <math.h>

#include "layers.h"

float llm_log_softmax(float *x, uint32_t n)
{
	float max = x[0], sum = 0.0f, lse;
	uint32_t i;

	for (i = 1; i < n; i++)
		if (x[i] > max)
			max = x[i];
	for (i = 0; i < n; i++)
		sum += expf(x[i] - max);
	lse = max + logf(sum);
	for (i = 0; i < n; i++)
		x[i] -= lse;
	return lse;
}

float llm_ce_loss(float *dlogits, const float *logits, uint32_t n,
		  uint32_t target, float scale)
{
	float max = logits[0], sum = 0.0f, lse;
	uint32_t i;

	for (i = 1; i < n; i++)
		if (logits[i] > max)
			max = logits[i];
	for (i = 0; i < n; i++)
		sum += expf(logits[i] - max);
	lse = max + logf(sum);
	if (dlogits) {
		/* d(-log softmax[target]) / dz = softmax - onehot */
		for (i = 0; i < n; i++)
			dlogits[i] = expf(logits[i] - lse) * scale;
		dlogits[target] -= scale;
	}
	return lse - logits[target];
}

float llm_soft_ce_loss(float *dlogits, const float *logits,
		       const float *teacher_logits, uint32_t n, float t,
		       float scale)
{
	float smax = -INFINITY, tmax = -INFINITY, ssum = 0.0f, tsum = 0.0f;
	float slse, tlse, loss = 0.0f;
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (logits[i] / t > smax)
			smax = logits[i] / t;
		if (teacher_logits[i] / t > tmax)
			tmax = teacher_logits[i] / t;
	}
	for (i = 0; i < n; i++) {
		ssum += expf(logits[i] / t - smax);
		tsum += expf(teacher_logits[i] / t - tmax);
	}
	slse = smax + logf(ssum);
	tlse = tmax + logf(tsum);
	for (i = 0; i < n; i++) {
		float lpt = teacher_logits[i] / t - tlse;
		float lps = logits[i] / t - slse;
		float pt = expf(lpt), ps = expf(lps);

		/* KL(teacher || student): zero when they agree. */
		if (pt > 0.0f)
			loss += pt * (lpt - lps);
		/* t^2 * (ps - pt) / t */
		if (dlogits)
			dlogits[i] = t * (ps - pt) * scale;
	}
	return t * t * loss;
}

float llm_sq_loss(float *dy, float y, float target, float scale)
{
	if (dy)
		*dy = (y - target) * scale;
	return 0.5f * (y - target) * (y - target);
}
