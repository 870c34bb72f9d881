// SPDX-License-Identifier: GPL-2.0
/* Class decisions with evidence weighting and hysteresis (classify.h). */
#include <string.h>

#include "classify.h"

void sched_clf_init(struct sched_clf *c)
{
	memset(c, 0, sizeof(*c));
	c->cls = SCHED_CLASS_NONE;
	c->pending = SCHED_CLASS_NONE;
}

static int argmax(const float *p)
{
	int i, best = 0;

	for (i = 1; i < SCHED_NR_CLASSES; i++)
		if (p[i] > p[best])
			best = i;
	return best;
}

/* prob = (1 - w) prior + w measured, w = n / (n + SCHED_PRIOR_WINDOWS). */
static void combine(struct sched_clf *c)
{
	float sum = 0.0f, w;
	int i;

	for (i = 0; i < SCHED_NR_CLASSES; i++)
		sum += c->votes[i] + SCHED_VOTE_ALPHA;
	if (!c->has_prior)
		w = 1.0f;
	else
		w = (float)c->windows /
		    ((float)c->windows + SCHED_PRIOR_WINDOWS);
	for (i = 0; i < SCHED_NR_CLASSES; i++) {
		float m = (c->votes[i] + SCHED_VOTE_ALPHA) / sum;

		c->prob[i] = c->has_prior ? (1.0f - w) * c->prior[i] + w * m : m;
	}
}

static void set_conf(struct sched_clf *c)
{
	float p = c->cls >= 0 ? c->prob[c->cls] : 0.0f;

	c->conf = (uint16_t)(p * 1000.0f + 0.5f);
}

void sched_clf_prior(struct sched_clf *c, const float *prob)
{
	memcpy(c->prior, prob, sizeof(c->prior));
	c->has_prior = true;
	combine(c);
	/* Early in life the prior alone gives a first class. */
	if (c->cls == SCHED_CLASS_NONE) {
		int b = argmax(c->prob);

		if (c->prob[b] >= SCHED_PRIOR_MIN)
			c->cls = b;
	}
	set_conf(c);
}

bool sched_clf_window(struct sched_clf *c, int window_class)
{
	int i, lead;
	bool changed = false;

	if (window_class < 0 || window_class >= SCHED_NR_CLASSES)
		return false;
	for (i = 0; i < SCHED_NR_CLASSES; i++)
		c->votes[i] *= SCHED_VOTE_DECAY;
	c->votes[window_class] += 1.0f;
	c->windows++;
	combine(c);
	lead = argmax(c->prob);
	if (c->cls == SCHED_CLASS_NONE) {
		if (lead != c->pending) {
			c->pending = lead;
			c->pending_run = 0;
		}
		if (++c->pending_run >= SCHED_FIRST_WINDOWS) {
			c->cls = lead;
			c->pending = SCHED_CLASS_NONE;
			c->pending_run = 0;
			changed = true;
		}
	} else if (lead == c->cls) {
		c->pending = SCHED_CLASS_NONE;
		c->pending_run = 0;
	} else {
		if (lead != c->pending) {
			c->pending = lead;
			c->pending_run = 0;
		}
		if (++c->pending_run >= SCHED_HYSTERESIS) {
			c->cls = lead;
			c->pending = SCHED_CLASS_NONE;
			c->pending_run = 0;
			c->changes++;
			changed = true;
		}
	}
	set_conf(c);
	return changed;
}
