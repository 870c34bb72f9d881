/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One process's class decision (Documentation/scheduling.md): the model's
 * prior from its syscall sequence, combined with the classes of its
 * measured windows, with hysteresis. Pure: no clock, no I/O.
 */
#ifndef LLMOS_SCHED_CLASSIFY_H
#define LLMOS_SCHED_CLASSIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "sched_class.h"

/* Weight of a window's vote after each later window. */
#define SCHED_VOTE_DECAY	0.8f
/* Pseudo-votes per class (smoothing). */
#define SCHED_VOTE_ALPHA	0.1f
/*
 * Windows at which measured votes weigh as much as the model's prior. The
 * labels the head learned are the decision list over measured features,
 * so measured windows are what it approximates: half a window, and they
 * soon decide (Documentation/scheduling.md, "Combining").
 */
#define SCHED_PRIOR_WINDOWS	0.5f
/* Consecutive windows a different class must lead to replace the class. */
#define SCHED_HYSTERESIS	3
/* Consecutive windows that must agree on a first class (start-up phases). */
#define SCHED_FIRST_WINDOWS	2
/*
 * The prior alone sets a first class when its probability reaches this:
 * on a process's first window the shipped head is right about half the
 * time (llmos-train eval --sched-labels), too weak to act on alone.
 */
#define SCHED_PRIOR_MIN		0.9f

struct sched_clf {
	float prior[SCHED_NR_CLASSES];
	float votes[SCHED_NR_CLASSES];
	float prob[SCHED_NR_CLASSES];	/* the combined distribution */
	bool has_prior;
	uint32_t windows;		/* windows with evidence */
	int cls;			/* enum sched_class, after hysteresis */
	int pending;			/* a class leading, not yet adopted */
	uint32_t pending_run;		/* consecutive windows it led */
	uint32_t changes;		/* times cls changed (after the first) */
	uint16_t conf;			/* per mille: prob[cls] */
};

void sched_clf_init(struct sched_clf *c);
/* The model's class probabilities (sum 1); replaces an earlier prior. */
void sched_clf_prior(struct sched_clf *c, const float *prob);
/*
 * One window's measured class (SCHED_CLASS_NONE: no evidence, nothing
 * changes). Returns true if c->cls changed.
 */
bool sched_clf_window(struct sched_clf *c, int window_class);

#endif
