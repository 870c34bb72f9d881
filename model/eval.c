// SPDX-License-Identifier: GPL-2.0
/*
 * Held-out evaluation: the per-call NLL of every sequence (trace_nll.h),
 * summed per sequence and over the dataset.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "trace_nll.h"
#include "train.h"

int llm_evaluate(const struct llm_net *net, const struct llm_dataset *d,
		 uint32_t batch, const struct llm_kernels *kern,
		 struct llm_eval *out, double *seq_nll)
{
	float *nll = malloc((d->ntok ? d->ntok : 1) * sizeof(*nll));
	size_t i;
	uint32_t j;
	int err = -ENOMEM;

	out->nll_sum = 0.0;
	out->tokens = 0;
	if (nll)
		err = llm_trace_nll(net, d, batch, kern, nll);
	for (i = 0; !err && i < d->n; i++) {
		const float *x = nll + d->seqs[i].off;
		double sum = 0.0;

		for (j = 1; j < d->seqs[i].len; j++)
			sum += x[j];
		out->nll_sum += sum;
		out->tokens += d->seqs[i].len ? d->seqs[i].len - 1 : 0;
		if (seq_nll)
			seq_nll[i] = d->seqs[i].len > 1 ?
				     sum / (d->seqs[i].len - 1) : NAN;
	}
	out->loss = out->tokens ? out->nll_sum / out->tokens : NAN;
	out->ppl = exp(out->loss);
	free(nll);
	return err;
}
