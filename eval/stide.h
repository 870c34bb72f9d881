/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stide (Forrest et al. 1996; Warrender, Forrest, Pearlmutter 1999): the
 * database of every length-k window of the normal training traces; a test
 * window missing from it is a mismatch.
 */
#ifndef LLMOS_EVAL_STIDE_H
#define LLMOS_EVAL_STIDE_H

#include <stddef.h>
#include <stdint.h>

#include "seqtab.h"

#define STIDE_MAX_K 32
#define STIDE_DEFAULT_K 6
#define STIDE_DEFAULT_FRAME 20

struct stide {
	unsigned int k;
	struct seqtab db;
};

struct stide_score {
	double mismatch_rate;	/* mismatching windows / windows */
	double lfc;		/* max mismatches in `frame` windows / frame */
	size_t windows, mismatches;
};

int stide_init(struct stide *s, unsigned int k);
void stide_free(struct stide *s);
/* Add the trace's windows; a trace shorter than k is one padded window. */
int stide_train(struct stide *s, const int32_t *tok, size_t len);
void stide_score(const struct stide *s, const int32_t *tok, size_t len,
		 unsigned int frame, struct stide_score *out);

#endif
