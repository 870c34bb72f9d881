/* SPDX-License-Identifier: GPL-2.0 */
/* Adam with bias correction, learning-rate schedules, gradient clipping. */
#ifndef LLMOS_OPTIM_H
#define LLMOS_OPTIM_H

#include <stddef.h>
#include <stdint.h>

struct llm_adam {
	float beta1, beta2, eps;
	float weight_decay;	/* decoupled (AdamW), on decay[i] params */
	float *m, *v;
	const uint8_t *decay;	/* 1 where weight decay applies, or NULL */
	uint64_t t;		/* steps taken */
	size_t n;
};

int llm_adam_init(struct llm_adam *a, size_t n);
void llm_adam_free(struct llm_adam *a);
/* p -= lr * m_hat / (sqrt(v_hat) + eps) (+ lr * wd * p) */
void llm_adam_step(struct llm_adam *a, float *p, const float *g, float lr);

/* Scales g so that its L2 norm is at most max_norm; returns the norm. */
float llm_clip_grad(float *g, size_t n, float max_norm);

enum llm_schedule {
	LLM_SCHED_NOAM,		/* Vaswani et al. warmup, scaled */
	LLM_SCHED_COSINE,	/* linear warmup, cosine decay to 10% */
};

/*
 * Learning rate for step (1-based). Noam: lr * d_model^-0.5 *
 * min(step^-0.5, step * warmup^-1.5); cosine: lr * step / warmup during
 * warmup, then cosine from lr down to lr / 10 at total_steps.
 */
float llm_lr_at(enum llm_schedule s, float lr, uint32_t d_model,
		uint64_t step, uint64_t warmup, uint64_t total_steps);

#endif
