// SPDX-License-Identifier: GPL-2.0
/* The scheduling head against labels (sched_eval.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sched_eval.h"

/* The head's class for toks[0..n-1]. */
static int predict(struct llm_scorer *s, struct llm_ctx *c, float *logp,
		   float *cls, uint32_t classes, const uint16_t *toks,
		   uint32_t n)
{
	float reg;
	uint32_t k, best = 0;

	if (llm_ctx_window(s, c, toks, n, logp))
		return -EINVAL;
	llm_ctx_sched(c, cls, &reg);
	for (k = 1; k < classes; k++)
		if (cls[k] > cls[best])
			best = k;
	return (int)best;
}

int llm_sched_evaluate(const struct llm_net *net, const struct llm_dataset *d,
		       struct llm_sched_eval *e)
{
	uint32_t ctxlen = net->cfg.context, classes = net->cfg.n_classes;
	struct llm_scorer *s = llm_scorer_new(net, ctxlen, NULL);
	struct llm_ctx *c = llm_ctx_new(net, 0);
	float *logp = malloc((size_t)ctxlen * net->cfg.vocab_size *
			     sizeof(float));
	float *cls = malloc(classes * sizeof(float));
	int ret = 0;
	size_t i;
	uint32_t k;

	memset(e, 0, sizeof(*e));
	if (!s || !c || !logp || !cls) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < d->n && !ret; i++) {
		const struct llm_seq *sq = &d->seqs[i];
		const uint16_t *tok = llm_seq_tok(d, i);
		uint32_t n = sq->len < ctxlen ? sq->len : ctxlen;
		uint32_t nwin = sq->len > ctxlen ? LLM_SCHED_EVAL_WINDOWS : 1;
		int p;

		if (sq->label < 0 || !sq->len)
			continue;
		if ((uint32_t)sq->label >= classes) {
			ret = -EINVAL;
			break;
		}
		e->seqs++;
		e->per_class[sq->label]++;
		for (k = 0; k < nwin; k++) {
			uint32_t off = nwin > 1 ? (uint32_t)((uint64_t)
				(sq->len - n) * k / (nwin - 1)) : 0;

			p = predict(s, c, logp, cls, classes, tok + off, n);
			if (p < 0) {
				ret = p;
				break;
			}
			e->windows++;
			e->windows_ok += p == sq->label;
			if (k)
				continue;
			e->first_ok += p == sq->label;
			e->per_class_ok[sq->label] += p == sq->label;
		}
	}
	for (k = 0; k < classes; k++)
		if (e->per_class[k] > e->majority)
			e->majority = e->per_class[k];
out:
	llm_scorer_free(s);
	llm_ctx_free(c);
	free(logp);
	free(cls);
	return ret;
}
