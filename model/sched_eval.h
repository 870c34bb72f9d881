/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How well the scheduling head names the classes of labelled sequences
 * (`llmos-train eval --sched-labels`, Documentation/model.md).
 */
#ifndef LLMOS_SCHED_EVAL_H
#define LLMOS_SCHED_EVAL_H

#include "dataset.h"
#include "model.h"
#include "score.h"

/* Windows judged per sequence, spread evenly over it. */
#define LLM_SCHED_EVAL_WINDOWS 8

struct llm_sched_eval {
	uint64_t seqs;			/* labelled sequences */
	uint64_t first_ok;		/* right on their first window */
	uint64_t windows, windows_ok;	/* all judged windows */
	uint64_t per_class[LLM_MAX_CLASSES];	/* labelled sequences */
	uint64_t per_class_ok[LLM_MAX_CLASSES];	/* right on their first */
	uint64_t majority;		/* sequences of the commonest class */
};

/*
 * Runs the head on each labelled sequence of d: its first window (the
 * first context tokens, what llmosd sees of a young process) and up to
 * LLM_SCHED_EVAL_WINDOWS windows spread over it. A window is right when
 * its largest class logit is the label's. -EINVAL if a label is not a
 * class of net.
 */
int llm_sched_evaluate(const struct llm_net *net, const struct llm_dataset *d,
		       struct llm_sched_eval *e);

#endif
