/* SPDX-License-Identifier: GPL-2.0 */
/* Training, distillation, evaluation and federated averaging. */
#ifndef LLMOS_TRAIN_H
#define LLMOS_TRAIN_H

#include <stdio.h>

#include "dataset.h"
#include "kernels.h"
#include "model.h"
#include "optim.h"

struct llm_eval {
	double nll_sum;
	uint64_t tokens;	/* scored tokens */
	double loss;		/* mean NLL, nats per token */
	double ppl;
};

/*
 * Scores every token of d but each sequence's first with net (batch
 * sequences at a time; kern NULL: the best int8 kernels). seq_nll, if not
 * NULL, gets each sequence's mean NLL.
 */
int llm_evaluate(const struct llm_net *net, const struct llm_dataset *d,
		 uint32_t batch, const struct llm_kernels *kern,
		 struct llm_eval *out, double *seq_nll);

struct llm_train_opts {
	uint64_t steps;		/* total, counting steps before a resume */
	uint32_t batch;		/* windows per step */
	float lr;
	enum llm_schedule schedule;
	uint64_t warmup;
	float weight_decay;
	float dropout;		/* probability, 0: none (see llm_forward_train) */
	float clip;		/* max gradient norm, 0: none */
	uint64_t seed;
	uint32_t threads;
	float cls_weight, reg_weight;	/* scheduling head losses */
	/* Distillation: teacher != NULL mixes in its softened outputs. */
	const struct llm_net *teacher;
	float temperature;
	float alpha;		/* weight of the soft loss, 1 - alpha: hard */
	const struct llm_dataset *held;	/* evaluated if not NULL */
	uint64_t eval_every, log_every;
	/* Checkpoints to ckpt_path: every ckpt_every steps and at the last. */
	uint64_t ckpt_every;	/* default 200, 0: at the last step only */
	const char *ckpt_path;
	FILE *log;		/* progress lines, or NULL */
};

void llm_train_defaults(struct llm_train_opts *o);

struct llm_train_result {
	float loss;		/* mean training loss of the last step */
	double tokens_per_s;
	struct llm_eval held;
};

/*
 * 0 if a student of configuration student can be distilled from teacher
 * (which scores each of the student's windows whole), else -EINVAL with
 * the reason in err. llm_train() checks it; callers may check it first.
 */
int llm_distill_check(const struct llm_config *student,
		      const struct llm_config *teacher, char *err,
		      size_t errlen);

/*
 * Trains m from step adam->t + 1 to o->steps on d. Deterministic for a
 * given seed and thread count: each step's batch depends on (seed, step)
 * only, so a run resumed from a checkpoint continues identically.
 */
int llm_train(struct llm_model *m, struct llm_adam *adam,
	      const struct llm_dataset *d, const struct llm_train_opts *o,
	      struct llm_train_result *res, char *err, size_t errlen);

/* Writes an fp32 + Adam checkpoint. */
int llm_checkpoint_save(const char *path, const struct llm_model *m,
			const struct llm_adam *adam, char *err,
			size_t errlen);

/*
 * out = sum_i w_i * models[i] / sum_i w_i; every model must share its
 * configuration and init_id (same initial weights).
 */
int llm_fedavg(struct llm_model *out, const struct llm_model *models,
	       const double *weights, int n, char *err, size_t errlen);

#endif
