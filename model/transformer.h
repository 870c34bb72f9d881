/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fp32 reference transformer over one window: forward keeps every
 * activation that backward needs.
 */
#ifndef LLMOS_TRANSFORMER_H
#define LLMOS_TRANSFORMER_H

#include "model.h"

struct llm_layer_acts {
	float *ln1, *ln1_mean, *ln1_rstd;
	float *q, *k, *v, *probs, *att;
	float *mid;		/* residual stream after attention */
	float *ln2, *ln2_mean, *ln2_rstd;
	float *h, *a;		/* FFN before and after the GELU */
	float *out;		/* residual stream after the FFN */
	float *drop_att, *drop_ffn;	/* dropout masks of the two branches */
};

struct llm_acts {
	struct llm_config cfg;
	uint32_t n;
	uint16_t *tok;
	float *x0;		/* embeddings */
	float *drop_emb;	/* dropout mask of the embeddings */
	float dropout;		/* of the last forward, 0: none */
	struct llm_layer_acts *l;
	float *lnf, *lnf_mean, *lnf_rstd;
	float *logits;		/* n x vocab */
	float *cls, reg, *pooled;
	/* backward scratch */
	float *dx, *dln, *datt, *dq, *dk, *dv, *dh, *da, *dlnf;
	float *mem;
};

struct llm_acts *llm_acts_new(const struct llm_config *c);
void llm_acts_free(struct llm_acts *a);

/* Runs tok[0..n-1] (n <= context) through m: logits, cls and reg. */
void llm_forward(const struct llm_model *m, struct llm_acts *a,
		 const uint16_t *tok, uint32_t n);

/*
 * llm_forward for training with inverted dropout: every element of the
 * embeddings and of each attention and FFN branch's output (before it joins
 * the residual stream) is zeroed with probability p, the others scaled by
 * 1 / (1 - p). The masks come from seed alone; llm_backward follows them.
 */
void llm_forward_train(const struct llm_model *m, struct llm_acts *a,
		       const uint16_t *tok, uint32_t n, float p,
		       uint64_t seed);

/*
 * Adds the gradient of the last forward's loss to g (bound to a gradient
 * array shaped like the parameters). dlogits (n x vocab) and dcls may be
 * NULL when those heads carry no loss.
 */
void llm_backward(const struct llm_model *m, struct llm_acts *a,
		  const float *dlogits, const float *dcls, float dreg,
		  struct llm_weights *g);

#endif
