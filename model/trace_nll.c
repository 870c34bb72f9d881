// SPDX-License-Identifier: GPL-2.0
/*
 * Per-call NLL of every trace of a dataset: `batch` traces run side by
 * side, each in its own context, a finished one replaced by the next.
 */
#include <errno.h>
#include <stdlib.h>

#include "score.h"
#include "trace_nll.h"

int llm_trace_nll(const struct llm_net *net, const struct llm_dataset *d,
		  uint32_t batch, const struct llm_kernels *kern, float *nll)
{
	struct llm_scorer *s = llm_scorer_new(net, batch, kern);
	struct llm_ctx **ctx = calloc(batch, sizeof(*ctx));
	struct llm_ctx **act = calloc(batch, sizeof(*act));
	size_t *seq = calloc(batch, sizeof(*seq));
	uint32_t *pos = calloc(batch, sizeof(*pos));
	uint16_t *tok = calloc(batch, sizeof(*tok));
	size_t *at = calloc(batch, sizeof(*at));
	float *out = calloc(batch, sizeof(*out));
	size_t next = 0;
	uint32_t b, m, i;
	int err = -ENOMEM;

	if (!s || !ctx || !act || !seq || !pos || !tok || !at || !out)
		goto done;
	for (b = 0; b < batch; b++) {
		ctx[b] = llm_ctx_new(net, 0);
		if (!ctx[b])
			goto done;
		seq[b] = SIZE_MAX;
	}
	err = 0;
	for (;;) {
		for (b = 0; b < batch; b++) {
			if (seq[b] != SIZE_MAX && pos[b] < d->seqs[seq[b]].len)
				continue;
			seq[b] = SIZE_MAX;
			/* An empty sequence has no call to score. */
			while (next < d->n && !d->seqs[next].len)
				next++;
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
			at[m] = d->seqs[seq[b]].off + pos[b];
			tok[m++] = d->tok[d->seqs[seq[b]].off + pos[b]++];
		}
		if (!m)
			break;
		err = llm_score_batch(s, act, tok, m, out);
		if (err)
			break;
		for (i = 0; i < m; i++)
			nll[at[i]] = out[i];
	}
done:
	for (b = 0; ctx && b < batch; b++)
		llm_ctx_free(ctx[b]);
	llm_scorer_free(s);
	free(ctx);
	free(act);
	free(seq);
	free(pos);
	free(tok);
	free(at);
	free(out);
	return err;
}
