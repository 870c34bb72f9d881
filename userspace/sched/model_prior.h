/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The model's scheduling head as the stage's prior: class probabilities
 * from a process's recent syscall tokens (its last `context` tokens, one
 * batched pass). Only a model whose metadata declares that its head was
 * trained on these classes (`sched.classes=interactive,batch,io,background`,
 * see Documentation/scheduling.md, "Labels") is used.
 */
#ifndef LLMOS_SCHED_MODEL_PRIOR_H
#define LLMOS_SCHED_MODEL_PRIOR_H

#include "../proc_table.h"
#include "sched_class.h"

struct llm_net;
struct sched_model_prior;

/* NULL (logged) if net's head was not trained on the classes. */
struct sched_model_prior *sched_model_prior_new(const struct llm_net *net);
void sched_model_prior_free(struct sched_model_prior *m);
/* A sched_prior_fn: ctx is the sched_model_prior. */
int sched_model_prior_fn(void *ctx, const struct proc *p,
			 float prob[SCHED_NR_CLASSES]);

#endif
