/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A frequency n-gram language model of syscall sequences with interpolated
 * Kneser-Ney smoothing (Chen & Goodman 1998): per-order absolute discount
 * D = n1 / (n1 + 2 n2), continuation counts below the top order, and a
 * uniform floor over the training vocabulary plus one unknown call, so an
 * unseen syscall costs a finite (large) surprise.
 */
#ifndef LLMOS_EVAL_NGRAM_H
#define LLMOS_EVAL_NGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "seqtab.h"

#define NGRAM_MAX_N 8
#define NGRAM_DEFAULT_N 4
#define NGRAM_DEFAULT_WINDOW 20

struct ngram {
	unsigned int n;
	int finished;
	size_t vocab;			/* distinct training syscalls */
	double d[NGRAM_MAX_N + 1];	/* discount of each order */
	struct seqtab gram[NGRAM_MAX_N + 1];	/* order m: m tokens */
	struct seqtab ctx[NGRAM_MAX_N + 1];	/* order m: m - 1 tokens */
};

struct ngram_score {
	double mean_nll;	/* nats per syscall over the whole trace */
	double max_window;	/* max mean NLL of `window` consecutive calls */
};

int ngram_init(struct ngram *m, unsigned int n);
void ngram_free(struct ngram *m);
/* Count a training trace (start padded with n - 1 begin markers). */
int ngram_add(struct ngram *m, const int32_t *tok, size_t len);
/* Derive continuation counts and discounts; call once after training. */
int ngram_finish(struct ngram *m);
/* ln p(w | hist), hist the n - 1 preceding tokens (begin markers < 0). */
double ngram_logprob(const struct ngram *m, const int32_t *hist, int32_t w);
void ngram_score(const struct ngram *m, const int32_t *tok, size_t len,
		 unsigned int window, struct ngram_score *out);

#endif
