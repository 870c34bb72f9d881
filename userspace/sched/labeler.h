/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Self-supervised training labels for the scheduling head
 * (Documentation/scheduling.md, "Labels"): each process of a recorded
 * trace gets the class of its features measured over its whole run, and a
 * regression target (log10 of its mean runtime per schedule in µs).
 *
 * Two ways to use it:
 *  - in a pipeline: add the labeler's stage (it counts each process's
 *    syscalls), and call sched_labeler_label() from a stage added before
 *    it, in release(), for the process being released;
 *  - `llmosctl trace label TRACE -o LABELS` writes a labels file, read
 *    back with sched_labels_load() (the format is in the documentation).
 */
#ifndef LLMOS_SCHED_LABELER_H
#define LLMOS_SCHED_LABELER_H

#include <stddef.h>
#include <stdint.h>

#include "../pipeline.h"
#include "sched_class.h"

#define SCHED_LABELS_MAGIC "llmos-sched-labels 1"

struct sched_labeler;

/* For a table of capacity processes; fills st for pipeline_add_stage(). */
struct sched_labeler *sched_labeler_new(struct pipeline *pl,
					struct pipeline_stage *st);
void sched_labeler_free(struct sched_labeler *l);
/*
 * The whole-run label of p (call before the labeler's own release of p):
 * returns its class (SCHED_CLASS_NONE without enough evidence) and sets
 * *target (NAN then) and, if f is not NULL, its features.
 */
int sched_labeler_label(struct sched_labeler *l, const struct proc *p,
			float *target, struct sched_features *f);

/* A labels file, sorted for lookup. */
struct sched_label {
	uint32_t tgid;
	uint64_t start_time;
	int cls;
	float target;
};

struct sched_labels {
	struct sched_label *v;
	size_t n;
};

int sched_labels_load(const char *path, struct sched_labels *l, char *err,
		      size_t errlen);
void sched_labels_free(struct sched_labels *l);
const struct sched_label *sched_labels_find(const struct sched_labels *l,
					    uint32_t tgid,
					    uint64_t start_time);

/* `llmosctl trace label FILE [-o OUT]`: 0, or 1 (err printed). */
int sched_label_cmd(int argc, char **argv);

#endif
