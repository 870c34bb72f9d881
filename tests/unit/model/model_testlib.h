/* SPDX-License-Identifier: GPL-2.0 */
/* Shared helpers of the model tests: synthetic languages, tiny models. */
#ifndef LLMOS_MODEL_TESTLIB_H
#define LLMOS_MODEL_TESTLIB_H

#include "dataset.h"
#include "model.h"
#include "rng.h"

/*
 * The copy language over 12 tokens: blocks "s, t+4, s+8" with s and t
 * uniform in 0..3. Predicting t costs ln 4, the copy s+8 costs nothing
 * once the model attends two tokens back, the next block's s costs ln 4.
 */
void tl_copy_language(struct llm_dataset *d, uint64_t seed, int seqs,
		      int blocks);
/* Its entropy floor: mean NLL per predicted token over d. */
double tl_copy_floor(const struct llm_dataset *d);

/* A small model for the copy language. */
void tl_tiny_config(struct llm_config *c);

/* Random values, N(0, std) plus mean. */
void tl_fill(float *p, size_t n, struct llm_rng *r, float mean, float std);

/* A fresh empty directory under /tmp (static buffer). */
const char *tl_tmpdir(void);


/* A tiny model trained on the copy language (deterministic). */
void tl_trained_copy_model(struct llm_model *m, const struct llm_dataset *d,
			   const struct llm_config *c, uint64_t steps);
#endif
