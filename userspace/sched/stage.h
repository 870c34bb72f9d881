/* SPDX-License-Identifier: GPL-2.0 */
/*
 * llmosd's scheduling stage (Documentation/scheduling.md): classifies
 * every process from the model's scheduling head and its measured sched
 * features, applies the override file and the user's own choices, and
 * pushes priority hints to /dev/llmos (or, without the device, logs what
 * it would push). Live, it rewrites a state file every second for
 * `llmosctl top`.
 */
#ifndef LLMOS_SCHED_STAGE_H
#define LLMOS_SCHED_STAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "../device_client.h"
#include "../pipeline.h"
#include "overrides.h"
#include "sched_class.h"

/* Measured windows last this long (event time). */
#define SCHED_WINDOW_NS		1000000000ull
/* A window without any sched sample is closed after this long. */
#define SCHED_IDLE_WINDOW_NS	5000000000ull
/* TTL of pushed hints; they are refreshed at half of it. */
#define SCHED_HINT_TTL_MS	5000
/* Tokens after an exec before the model's head is asked. */
#define SCHED_PRIOR_TOKENS	16
/* How often the override file is checked for changes (live). */
#define SCHED_OVERRIDES_CHECK_NS 2000000000ull

#define SCHED_STATE_PATH	"/run/llmos/sched.state"

/* The model's class probabilities for p's history; 0 or -1 (none). */
typedef int (*sched_prior_fn)(void *ctx, const struct proc *p,
			      float prob[SCHED_NR_CLASSES]);
/* The anomaly stage's current score of p, or NAN. */
typedef float (*sched_score_fn)(void *ctx, const struct proc *p);

struct sched_stage_opts {
	/* Live: read /proc, never hint llmosd itself, write the state. */
	bool live;
	/* May be NULL or closed: then decisions are only logged. */
	struct device_client *device;
	const char *overrides_path;	/* NULL: no overrides */
	const char *state_path;		/* NULL: no state file */
	uint32_t hint_ttl_ms;		/* 0: SCHED_HINT_TTL_MS */
	sched_prior_fn prior;		/* NULL: no model */
	void *prior_ctx;
	sched_score_fn anomaly;		/* NULL: '-' in the state */
	void *anomaly_ctx;
};

struct sched_stage_stats {
	uint64_t windows;		/* measured windows judged */
	uint64_t priors;		/* model priors taken */
	uint64_t class_changes;		/* after a first class */
	uint64_t hints_new, hints_refreshed, hints_refused, hints_reverted;
	uint64_t would_hint;		/* without a device */
	uint64_t user_intent;		/* processes left to the user */
	uint64_t exempt, pinned, spawners;
};

struct sched_stage;

/*
 * A stage for pl's process table (capacity: its --max-procs). Fills st
 * for pipeline_add_stage(). NULL on error (logged).
 */
struct sched_stage *sched_stage_new(const struct sched_stage_opts *o,
				    struct pipeline *pl, uint32_t capacity,
				    struct pipeline_stage *st);
void sched_stage_free(struct sched_stage *s);
const struct sched_stage_stats *sched_stage_stats(const struct sched_stage *s);

/* The current class and confidence of p (for other stages, tests). */
int sched_stage_class(const struct sched_stage *s, const struct proc *p,
		      uint16_t *conf);
/* Whether p holds a hint (or would, without a device), and its values. */
bool sched_stage_hint(const struct sched_stage *s, const struct proc *p,
		      int *nice, int *ioprio);

#endif
