// SPDX-License-Identifier: GPL-2.0
/* The scheduling head as a prior (model_prior.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/score.h"
#include "../log.h"
#include "../syscall_table.h"
#include "model_prior.h"

struct sched_model_prior {
	const struct llm_net *net;
	struct llm_scorer *scorer;
	struct llm_ctx *ctx;
	uint16_t *tok;
};

struct sched_model_prior *sched_model_prior_new(const struct llm_net *net)
{
	struct sched_model_prior *m;
	const char *classes = net->info ?
		llm_meta_get(net->info, "sched.classes") : NULL;
	uint32_t ctxlen = net->cfg.context;

	if (!classes || strcmp(classes, SCHED_MODEL_CLASSES) ||
	    net->cfg.n_classes != SCHED_NR_CLASSES) {
		log_info("sched: the model's scheduling head was not trained on %s: measured features only",
			 SCHED_MODEL_CLASSES);
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->net = net;
	m->scorer = llm_scorer_new(net, ctxlen, NULL);
	m->ctx = llm_ctx_new(net, 0);
	m->tok = malloc(PROC_HISTORY * sizeof(uint16_t));
	if (!m->scorer || !m->ctx || !m->tok) {
		sched_model_prior_free(m);
		return NULL;
	}
	log_info("sched: class prior from the model's scheduling head");
	return m;
}

void sched_model_prior_free(struct sched_model_prior *m)
{
	if (!m)
		return;
	llm_ctx_free(m->ctx);
	llm_scorer_free(m->scorer);
	free(m->tok);
	free(m);
}

int sched_model_prior_fn(void *ctx, const struct proc *p,
			 float prob[SCHED_NR_CLASSES])
{
	struct sched_model_prior *m = ctx;
	uint32_t ctxlen = m->net->cfg.context;
	unsigned int n = proc_history(p, m->tok, PROC_HISTORY);
	float cls[SCHED_NR_CLASSES], reg, mx, sum = 0.0f;
	const uint16_t *t = m->tok;
	int i;

	if (!n)
		return -1;
	if (n > ctxlen) {
		t += n - ctxlen;
		n = ctxlen;
	}
	if (llm_ctx_window(m->scorer, m->ctx, t, n, NULL))
		return -1;
	llm_ctx_sched(m->ctx, cls, &reg);
	mx = cls[0];
	for (i = 1; i < SCHED_NR_CLASSES; i++)
		if (cls[i] > mx)
			mx = cls[i];
	for (i = 0; i < SCHED_NR_CLASSES; i++) {
		prob[i] = expf(cls[i] - mx);
		sum += prob[i];
	}
	for (i = 0; i < SCHED_NR_CLASSES; i++)
		prob[i] /= sum;
	return 0;
}
