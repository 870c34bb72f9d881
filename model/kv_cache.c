// SPDX-License-Identifier: GPL-2.0
/* Per-stream state of incremental scoring: the key/value cache. */
#include <stdlib.h>
#include <string.h>

#include "layers.h"
#include "score.h"

struct llm_ctx *llm_ctx_new(const struct llm_net *net, uint32_t keep)
{
	const struct llm_config *c = &net->cfg;
	size_t kv = (size_t)c->n_layers * c->context * c->d_model;
	struct llm_ctx *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	if (!keep)
		keep = c->context / 2;
	if (keep >= c->context)
		keep = c->context - 1;
	x->net = net;
	x->keep = keep;
	x->tok = calloc(c->context, sizeof(*x->tok));
	x->k = malloc(kv * sizeof(float));
	x->v = malloc(kv * sizeof(float));
	x->logp = calloc(c->vocab_size, sizeof(float));
	x->pool = calloc(c->d_model, sizeof(float));
	if (!x->tok || !x->k || !x->v || !x->logp || !x->pool) {
		llm_ctx_free(x);
		return NULL;
	}
	return x;
}

void llm_ctx_reset(struct llm_ctx *c)
{
	c->n = 0;
	memset(c->pool, 0, c->net->cfg.d_model * sizeof(float));
}

void llm_ctx_free(struct llm_ctx *c)
{
	if (!c)
		return;
	free(c->tok);
	free(c->k);
	free(c->v);
	free(c->logp);
	free(c->pool);
	free(c);
}

void llm_ctx_sched(const struct llm_ctx *c, float *cls, float *reg)
{
	const struct llm_net *n = c->net;
	uint32_t d = n->cfg.d_model, i;
	float pooled[LLM_MAX_DIM];

	for (i = 0; i < d; i++)
		pooled[i] = c->pool[i] / (float)(c->n ? c->n : 1);
	llm_linear_fwd(cls, pooled, n->w_cls, n->b_cls, 1, d,
		       n->cfg.n_classes);
	llm_linear_fwd(reg, pooled, n->w_reg, n->b_reg, 1, d, 1);
}
