// SPDX-License-Identifier: GPL-2.0
/*
 * Held-out evaluation: every token of every sequence (but the first) is
 * scored by incremental scoring, many sequences per batch.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "score.h"
#include "train.h"

int llm_evaluate(const struct llm_net *net, const struct llm_dataset *d,
		 uint32_t batch, const struct llm_kernels *kern,
		 struct llm_eval *out, double *seq_nll)
{
	struct llm_scorer *s = llm_scorer_new(net, batch, kern);
	struct llm_ctx **ctx = calloc(batch, sizeof(*ctx));
	struct llm_ctx **act = calloc(batch, sizeof(*act));
	size_t *seq = calloc(batch, sizeof(*seq));
	uint32_t *pos = calloc(batch, sizeof(*pos));
	uint16_t *tok = calloc(batch, sizeof(*tok));
	float *nll = calloc(batch, sizeof(*nll));
	uint32_t *slot = calloc(batch, sizeof(*slot));
	double *sum = calloc(d->n ? d->n : 1, sizeof(*sum));
	size_t next = 0, i;
	uint32_t b, m;
	int err = 0;

	out->nll_sum = 0.0;
	out->tokens = 0;
	if (!s || !ctx || !act || !seq || !pos || !tok || !nll || !slot ||
	    !sum) {
		err = -ENOMEM;
		goto done;
	}
	for (b = 0; b < batch; b++) {
		ctx[b] = llm_ctx_new(net, 0);
		if (!ctx[b]) {
			err = -ENOMEM;
			goto done;
		}
		seq[b] = SIZE_MAX;
	}
	for (;;) {
		/* Refill finished slots with the next sequences. */
		for (b = 0; b < batch; b++) {
			if (seq[b] != SIZE_MAX && pos[b] < d->seqs[seq[b]].len)
				continue;
			seq[b] = SIZE_MAX;
			if (next < d->n) {
				seq[b] = next++;
				pos[b] = 0;
				llm_ctx_reset(ctx[b]);
			}
		}
		for (b = m = 0; b < batch; b++) {
			if (seq[b] == SIZE_MAX)
				continue;
			act[m] = ctx[b];
			slot[m] = b;
			tok[m++] = llm_seq_tok(d, seq[b])[pos[b]++];
		}
		if (!m)
			break;
		err = llm_score_batch(s, act, tok, m, nll);
		if (err)
			goto done;
		for (i = 0; i < m; i++) {
			if (isnan(nll[i]))
				continue;
			out->nll_sum += nll[i];
			out->tokens++;
			sum[seq[slot[i]]] += nll[i];
		}
	}
	for (i = 0; seq_nll && i < d->n; i++)
		seq_nll[i] = d->seqs[i].len > 1 ?
			     sum[i] / (d->seqs[i].len - 1) : NAN;
done:
	out->loss = out->tokens ? out->nll_sum / out->tokens : NAN;
	out->ppl = exp(out->loss);
	for (b = 0; ctx && b < batch; b++)
		llm_ctx_free(ctx[b]);
	llm_scorer_free(s);
	free(ctx);
	free(act);
	free(seq);
	free(pos);
	free(tok);
	free(nll);
	free(slot);
	free(sum);
	return err;
}
