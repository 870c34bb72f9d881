/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The anomaly stage of llmosd (Documentation/anomaly.md): every tracked
 * process's syscall tokens are scored by the transformer as they arrive
 * (one key/value-cached context per recently active process), a process's
 * score is the mean negative log-likelihood of its last `window` tokens,
 * and a process whose score crosses the alert threshold yields one alert
 * (again only when its score rises by `rise` more, a second after the
 * last at the earliest; one an event, for its highest score), explained by
 * the most surprising syscalls of the window and what the model expected
 * instead.
 */
#ifndef LLMOS_USERSPACE_ANOMALY_H
#define LLMOS_USERSPACE_ANOMALY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "device_client.h"
#include "model.h"
#include "pipeline.h"

#define ANOMALY_WINDOW 32		/* tokens in the score's window */
#define ANOMALY_MIN_TOKENS 16		/* scored tokens before a score counts */
#define ANOMALY_RISE 1.0f		/* re-alert after a rise of this much */
#define ANOMALY_REALERT_NS 1000000000ull	/* and this long after the last */
#define ANOMALY_CONTEXTS 512		/* key/value caches kept at once */
#define ANOMALY_EXPLAIN 3		/* surprising calls named in an alert */
#define ANOMALY_CATEGORY "anomaly"
#define ANOMALY_MAX_WINDOW 128
#define ANOMALY_CACHE 32768		/* memoized predictions (power of 2) */
/* Tokens a full context keeps when it slides: a quarter of the window. */
#define ANOMALY_KEEP(net) ((net)->cfg.context / 4 ? (net)->cfg.context / 4 : 1)

/* Where llmosd looks for the shipped model, in this order. */
#define ANOMALY_MODEL_ENV "LLMOS_MODEL"
#define ANOMALY_MODEL_NAME "default.llmos"

struct anomaly_alert {
	uint64_t time_ns;		/* event time of the crossing */
	uint32_t pid;
	uint64_t start_time;
	const char *comm;
	const char *exe;
	float score;
	float threshold;
	char detail[LLMOS_DETAIL_LEN];
};

/* Where alerts go; the default pushes to the device, or prints JSON. */
typedef void (*anomaly_sink_fn)(void *ctx, const struct anomaly_alert *al);

struct anomaly_opts {
	uint32_t window;		/* 0: ANOMALY_WINDOW */
	uint32_t min_tokens;		/* 0: ANOMALY_MIN_TOKENS */
	float rise;			/* NAN: ANOMALY_RISE */
	uint32_t contexts;		/* 0: ANOMALY_CONTEXTS */
	/*
	 * The threshold when the device is not open: NAN means the model's
	 * calibrated one. With the device open, its alert_threshold knob
	 * (followed at every heartbeat) is the threshold.
	 */
	float threshold;
	struct device_client *device;	/* NULL: never use the device */
	FILE *json;			/* JSON lines of alerts without device */
	anomaly_sink_fn sink;		/* NULL: device or JSON */
	void *sink_ctx;
};

struct anomaly_stats {
	uint64_t tokens_scored;
	uint64_t model_runs;		/* predictions computed */
	uint64_t cache_hits;		/* predictions found in the cache */
	uint64_t ctx_rebuilds;		/* contexts recomputed in one pass */
	uint64_t alerts;
	uint64_t alerts_published;	/* accepted by the module */
	uint64_t alerts_below;		/* refused: below its threshold */
	double nll_sum;
};

struct anomaly;

/*
 * A stage over net (which must outlive it) for the processes of table.
 * model_threshold is the model's calibrated threshold (NAN: none).
 */
struct anomaly *anomaly_new(const struct llm_net *net, float model_threshold,
			    struct proc_table *table,
			    const struct anomaly_opts *o);
void anomaly_free(struct anomaly *a);
/* The stage to add to the pipeline (ctx is a). */
struct pipeline_stage anomaly_stage(struct anomaly *a);

/* The threshold in force now (device knob, override or model's). */
float anomaly_threshold(const struct anomaly *a);
/* The current score of p (NAN until min_tokens were scored). */
float anomaly_score(const struct anomaly *a, const struct proc *p);
/* The highest score p reached so far (NAN if none). */
float anomaly_peak(const struct anomaly *a, const struct proc *p);
const struct anomaly_stats *anomaly_stats(const struct anomaly *a);
void anomaly_stats_print(const struct anomaly *a, FILE *out);

/*
 * Called for every process leaving the table with its peak score (for
 * calibration), before its state is freed. NULL: none.
 */
typedef void (*anomaly_peak_fn)(void *ctx, const struct proc *p, float peak,
				uint64_t scored);
void anomaly_on_release(struct anomaly *a, anomaly_peak_fn fn, void *ctx);

/* --- the model file -------------------------------------------------------- */

struct anomaly_model {
	char path[4096];
	void *file;			/* struct llm_file */
	struct llm_net net;
	float threshold;		/* calibrated, NAN if none */
	uint32_t window;		/* its score window */
};

/*
 * Opens path, or with path NULL the first that exists of:
 * $LLMOS_MODEL, /llmos/share/default.llmos, /etc/llmos/default.llmos,
 * /usr/local/share/llmos/default.llmos, /usr/share/llmos/default.llmos,
 * EXEDIR/../share/llmos/default.llmos, EXEDIR/../../model/default.llmos
 * (EXEDIR: the directory of the running program). Checks that the model
 * was trained for this agent's tokens. 0, -ENOENT when path is NULL and
 * nothing was found, or another negative errno (err says what).
 */
int anomaly_model_open(struct anomaly_model *m, const char *path, char *err,
		       size_t errlen);
void anomaly_model_close(struct anomaly_model *m);
/* The score window calibrated with a model (meta anomaly.window), else the default. */
uint32_t anomaly_model_window(const struct llm_info *info);

#endif /* LLMOS_USERSPACE_ANOMALY_H */
