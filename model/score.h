/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Incremental scoring with a key/value cache, fp32 or int8 (whatever the
 * net holds).
 *
 * A context (struct llm_ctx) is one token stream, e.g. one process. Pushing
 * a token returns its negative log-likelihood (nats) given the tokens
 * before it in the context, then appends it: the keys and values of the
 * earlier tokens are cached, so a push costs one token's worth of compute.
 *
 * Sliding: positions are absolute within the window (learned position
 * embeddings), so when a context already holds `context` tokens, the next
 * push first restarts the window from the last `keep` tokens (recomputed
 * as a fresh window at positions 0..keep-1, one batched pass), then scores
 * the new token. Every score is therefore exactly the full-window score of
 * the token with its last m predecessors as the window, where m lies in
 * keep..context-1 (or all predecessors early in the stream). The first
 * token of a stream has no prediction: its score is NAN.
 *
 * A scorer holds the scratch memory of one thread; nets are read-only and
 * can be shared between threads.
 */
#ifndef LLMOS_SCORE_H
#define LLMOS_SCORE_H

#include "kernels.h"
#include "model.h"

struct llm_ctx {
	const struct llm_net *net;
	uint32_t keep;
	uint32_t n;		/* tokens in the window */
	uint16_t *tok;		/* context tokens of the window */
	float *k;		/* layers x d_model x context (transposed) */
	float *v;		/* layers x context x d_model */
	float *logp;		/* log-probabilities of the next token */
	uint16_t best;		/* the likeliest next token (first of ties) */
	float *pool;		/* sum of final hidden states (sched head) */
	bool busy;
};

struct llm_scorer {
	const struct llm_net *net;
	const struct llm_kernels *kern;
	uint32_t max_batch;
	float *x, *xn, *q, *k, *v, *att, *tmp, *h, *logits, *scores;
	int8_t *xq;
	float *xs;
	struct llm_ctx **bctx;	/* per batch row: its context and position */
	uint32_t *bpos;
	uint32_t *bout;		/* rows whose distribution a step keeps */
};

/* keep: tokens kept when the window slides, 1..context-1 (0: context/2). */
struct llm_ctx *llm_ctx_new(const struct llm_net *net, uint32_t keep);
void llm_ctx_reset(struct llm_ctx *c);
void llm_ctx_free(struct llm_ctx *c);
/* Scheduling head over the current window (needs at least one token). */
void llm_ctx_sched(const struct llm_ctx *c, float *cls, float *reg);

/* kern NULL: llm_kernels_best(). */
struct llm_scorer *llm_scorer_new(const struct llm_net *net,
				  uint32_t max_batch,
				  const struct llm_kernels *kern);
void llm_scorer_free(struct llm_scorer *s);

/* Returns the NLL of tok (NAN for a context's first token). */
float llm_ctx_push(struct llm_scorer *s, struct llm_ctx *c, uint16_t tok);

/*
 * Pushes toks[i] to ctx[i] for i < n, all at once (weights are read once
 * per batch, not per context). A context may appear once per call. Returns
 * 0, or -EINVAL (nothing done) on a token outside the vocabulary or a
 * repeated context.
 */
int llm_score_batch(struct llm_scorer *s, struct llm_ctx **ctx,
		    const uint16_t *toks, uint32_t n, float *nll);

/*
 * Restarts c with the window toks[0..n-1] (n <= context) in one batched
 * pass; logp (n x vocab) gets the next-token log-probabilities after each
 * position, as the full-window forward would give them. With logp NULL,
 * only the last position's are computed (c->logp).
 */
int llm_ctx_window(struct llm_scorer *s, struct llm_ctx *c,
		   const uint16_t *toks, uint32_t n, float *logp);

/*
 * Appends toks[0..n-1] to c (c->n + n <= context: no slide) in one batched
 * pass, as llm_ctx_window does after a reset; with logp NULL only the last
 * position's log-probabilities are computed (c->logp), so catching a
 * context up costs one output projection, not one a token. -EINVAL
 * (nothing done) on a token outside the vocabulary or an overflow.
 */
int llm_ctx_extend(struct llm_scorer *s, struct llm_ctx *c,
		   const uint16_t *toks, uint32_t n, float *logp);

#endif
