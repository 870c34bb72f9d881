/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-call surprise of whole traces: the negative log-likelihood (nats) of
 * every call of every sequence of a dataset given the calls before it, by
 * incremental scoring (score.h), many sequences per batch.
 */
#ifndef LLMOS_TRACE_NLL_H
#define LLMOS_TRACE_NLL_H

#include "dataset.h"
#include "kernels.h"
#include "model.h"

/*
 * nll (d->ntok floats) gets the NLL of token j of sequence i at
 * nll[d->seqs[i].off + j]; a sequence's first token has none (NAN).
 * An empty sequence (a raw plain trace of no numbers) is skipped.
 * kern NULL: the best kernels. Returns 0 or -errno.
 */
int llm_trace_nll(const struct llm_net *net, const struct llm_dataset *d,
		  uint32_t batch, const struct llm_kernels *kern, float *nll);

#endif
