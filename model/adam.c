// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optim.h"

int llm_adam_init(struct llm_adam *a, size_t n)
{
	memset(a, 0, sizeof(*a));
	a->beta1 = 0.9f;
	a->beta2 = 0.98f;
	a->eps = 1e-9f;
	a->n = n;
	a->m = calloc(n, sizeof(float));
	a->v = calloc(n, sizeof(float));
	if (!a->m || !a->v) {
		llm_adam_free(a);
		return -ENOMEM;
	}
	return 0;
}

void llm_adam_free(struct llm_adam *a)
{
	free(a->m);
	free(a->v);
	a->m = NULL;
	a->v = NULL;
}

void llm_adam_step(struct llm_adam *a, float *p, const float *g, float lr)
{
	float b1 = a->beta1, b2 = a->beta2;
	float c1, c2, wd = lr * a->weight_decay;
	size_t i;

	a->t++;
	/* Bias correction: m and v start at zero and are biased towards it. */
	c1 = 1.0f / (1.0f - powf(b1, (float)a->t));
	c2 = 1.0f / (1.0f - powf(b2, (float)a->t));
	for (i = 0; i < a->n; i++) {
		float mh, vh;

		a->m[i] = b1 * a->m[i] + (1.0f - b1) * g[i];
		a->v[i] = b2 * a->v[i] + (1.0f - b2) * g[i] * g[i];
		mh = a->m[i] * c1;
		vh = a->v[i] * c2;
		if (wd != 0.0f && a->decay && a->decay[i])
			p[i] -= wd * p[i];
		p[i] -= lr * mh / (sqrtf(vh) + a->eps);
	}
}

float llm_clip_grad(float *g, size_t n, float max_norm)
{
	double ss = 0.0;
	float norm, k;
	size_t i;

	for (i = 0; i < n; i++)
		ss += (double)g[i] * g[i];
	norm = (float)sqrt(ss);
	if (max_norm > 0.0f && norm > max_norm) {
		k = max_norm / norm;
		for (i = 0; i < n; i++)
			g[i] *= k;
	}
	return norm;
}
