// SPDX-License-Identifier: GPL-2.0
#include <math.h>

#include "optim.h"

float llm_lr_at(enum llm_schedule s, float lr, uint32_t d_model,
		uint64_t step, uint64_t warmup, uint64_t total_steps)
{
	double st = step ? (double)step : 1.0, w = warmup ? (double)warmup : 1.0;
	double progress;

	if (s == LLM_SCHED_NOAM)
		return (float)(lr / sqrt((double)d_model) *
			       fmin(1.0 / sqrt(st), st * pow(w, -1.5)));
	if (st <= w)
		return (float)(lr * st / w);
	progress = total_steps > warmup ?
		   fmin(1.0, (st - w) / (double)(total_steps - warmup)) : 1.0;
	return (float)(lr * (0.1 + 0.45 * (1.0 + cos(M_PI * progress))));
}
