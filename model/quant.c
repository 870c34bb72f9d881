// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stddef.h>

#include "kernels.h"
#include "model.h"

float llm_quantize(int8_t *q, float *s, const float *w, uint32_t rows,
		   uint32_t cols)
{
	size_t g, n_groups = (size_t)rows * cols / LLM_GROUP;
	float max_err = 0.0f;
	uint32_t i;

	for (g = 0; g < n_groups; g++) {
		const float *wg = w + g * LLM_GROUP;
		float amax = 0.0f, scale, inv;

		for (i = 0; i < LLM_GROUP; i++)
			if (fabsf(wg[i]) > amax)
				amax = fabsf(wg[i]);
		/* -128 is never used: the kernels negate codes. */
		scale = amax / 127.0f;
		inv = scale > 0.0f ? 1.0f / scale : 0.0f;
		s[g] = scale;
		for (i = 0; i < LLM_GROUP; i++) {
			float r = nearbyintf(wg[i] * inv), err;

			/* Written so that NaN (broken input) clamps too. */
			if (!(r <= 127.0f))
				r = 127.0f;
			if (!(r >= -127.0f))
				r = -127.0f;
			q[g * LLM_GROUP + i] = (int8_t)r;
			err = fabsf(wg[i] - r * scale);
			if (err > max_err)
				max_err = err;
		}
	}
	return max_err;
}
