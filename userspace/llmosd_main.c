// SPDX-License-Identifier: GPL-2.0
/*
 * llmosd: the llmos agent. Live, it loads the probes and feeds their events
 * through the pipeline, talking to /dev/llmos; with --replay it feeds a
 * recorded trace through the same pipeline instead.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent_stats.h"
#include "anomaly/anomaly.h"
#include "cgroup_id.h"
#include "device_client.h"
#include "kernels.h"
#include "live.h"
#include "log.h"
#include "log_stage.h"
#include "pipeline.h"
#include "proc_table.h"
#include "replay.h"
#include "sched/model_prior.h"
#include "sched/stage.h"
#include "trace_reader.h"
#include "trace_writer.h"

#define DEFAULT_MAX_PROCS 32768

struct options {
	const char *replay;
	const char *record;
	const char *device_path;
	bool no_device;
	bool stats;
	unsigned int stats_interval_s;
	uint32_t max_procs;
	struct live_opts live;
	/* anomaly detection (issue 6) */
	const char *model;
	bool no_model;
	float threshold;
	/* scheduling classes and hints (issue 7) */
	bool no_sched;
	const char *overrides;
	const char *state_file;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: llmosd [OPTION]...\n"
		"Trace processes with the llmos probes and act through /dev/llmos.\n"
		"\n"
		"  --replay FILE        feed a recorded trace through the pipeline instead\n"
		"                       of tracing (never touches /dev/llmos)\n"
		"  --record FILE        write every event to FILE (trace format v2)\n"
		"  --no-device          do not use /dev/llmos\n"
		"  --device PATH        the llmos device (default " DEVICE_DEFAULT_PATH ")\n"
		"  --stats              print statistics on exit (live: also periodically)\n"
		"  --stats-interval S   seconds between live reports (default 10, 0: off)\n"
		"  --max-procs N        processes tracked at once, 1..%u (default %d)\n"
		"  --ring-bytes N       probe ring buffer size (power of two)\n"
		"  --sample N           trace one process in N\n"
		"  --ignore-comm COMM   do not trace processes named COMM (repeatable)\n"
		"  --ignore-cgroup PATH do not trace processes in cgroup v2 PATH or\n"
		"                       below it, e.g. /system.slice (repeatable)\n"
		"  --model FILE         score processes with this model (default: the\n"
		"                       shipped one, see Documentation/anomaly.md)\n"
		"  --no-model           no anomaly detection\n"
		"  --threshold T        alert threshold without the device (default:\n"
		"                       the model's calibrated one)\n"
		"  --no-sched           no scheduling classes or hints\n"
		"  --overrides FILE     scheduling overrides (default " SCHED_OVERRIDES_PATH ")\n"
		"  --state-file FILE    state for llmosctl top (default " SCHED_STATE_PATH ",\n"
		"                       '' for none)\n"
		"  --log-level LEVEL    err, warn, info (default) or debug\n"
		"  --syslog             log to syslog instead of stderr\n"
		"  --help\n", PROC_TABLE_MAX_CAPACITY, DEFAULT_MAX_PROCS);
}

static bool parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Resolved now, so that a mistyped path stops llmosd before it traces. */
static int ignore_cgroup(struct live_opts *lo, const char *path)
{
	const char *mount = cgroup2_mount();
	int ret;

	if (lo->n_ignored_cgroups == LIVE_MAX_IGNORED_CGROUPS) {
		fprintf(stderr, "llmosd: at most %d --ignore-cgroup\n",
			LIVE_MAX_IGNORED_CGROUPS);
		return -1;
	}
	if (!mount) {
		fprintf(stderr, "llmosd: --ignore-cgroup %s: no cgroup v2 hierarchy at /sys/fs/cgroup or /sys/fs/cgroup/unified\n",
			path);
		return -1;
	}
	ret = cgroup_id_of(mount, path,
			   &lo->ignored_cgroups[lo->n_ignored_cgroups]);
	if (ret == -EINVAL) {
		fprintf(stderr, "llmosd: --ignore-cgroup %s: give an absolute cgroup path below / (as in /proc/PID/cgroup), without . or .. components\n",
			path);
		return -1;
	}
	if (ret == -ENOENT || ret == -ENOTDIR) {
		fprintf(stderr, "llmosd: --ignore-cgroup %s: no such cgroup under %s\n",
			path, mount);
		return -1;
	}
	if (ret) {
		fprintf(stderr, "llmosd: --ignore-cgroup %s: %s\n", path,
			strerror(-ret));
		return -1;
	}
	lo->ignored_cgroup_paths[lo->n_ignored_cgroups++] = path;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	enum { O_REPLAY = 256, O_RECORD, O_NO_DEVICE, O_DEVICE, O_STATS,
	       O_STATS_INTERVAL, O_MAX_PROCS, O_RING, O_SAMPLE, O_IGNORE,
	       O_LOG_LEVEL, O_SYSLOG, O_HELP, O_MODEL, O_NO_MODEL,
	       O_THRESHOLD, O_NO_SCHED, O_OVERRIDES, O_STATE_FILE,
	       O_IGNORE_CGROUP };
	static const struct option longopts[] = {
		{ "replay", required_argument, NULL, O_REPLAY },
		{ "record", required_argument, NULL, O_RECORD },
		{ "no-device", no_argument, NULL, O_NO_DEVICE },
		{ "device", required_argument, NULL, O_DEVICE },
		{ "stats", no_argument, NULL, O_STATS },
		{ "stats-interval", required_argument, NULL, O_STATS_INTERVAL },
		{ "max-procs", required_argument, NULL, O_MAX_PROCS },
		{ "ring-bytes", required_argument, NULL, O_RING },
		{ "sample", required_argument, NULL, O_SAMPLE },
		{ "ignore-comm", required_argument, NULL, O_IGNORE },
		{ "log-level", required_argument, NULL, O_LOG_LEVEL },
		{ "syslog", no_argument, NULL, O_SYSLOG },
		{ "help", no_argument, NULL, O_HELP },
		{ "model", required_argument, NULL, O_MODEL },
		{ "no-model", no_argument, NULL, O_NO_MODEL },
		{ "threshold", required_argument, NULL, O_THRESHOLD },
		{ "no-sched", no_argument, NULL, O_NO_SCHED },
		{ "overrides", required_argument, NULL, O_OVERRIDES },
		{ "state-file", required_argument, NULL, O_STATE_FILE },
		{ "ignore-cgroup", required_argument, NULL, O_IGNORE_CGROUP },
		{ NULL, 0, NULL, 0 },
	};
	int level = LOG_LVL_INFO, c;
	bool use_syslog = false;
	uint32_t v;

	o->device_path = DEVICE_DEFAULT_PATH;
	o->stats_interval_s = 10;
	o->max_procs = DEFAULT_MAX_PROCS;
	o->threshold = NAN;
	o->overrides = SCHED_OVERRIDES_PATH;
	o->state_file = SCHED_STATE_PATH;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_REPLAY:
			o->replay = optarg;
			break;
		case O_RECORD:
			o->record = optarg;
			break;
		case O_NO_DEVICE:
			o->no_device = true;
			break;
		case O_DEVICE:
			o->device_path = optarg;
			break;
		case O_STATS:
			o->stats = true;
			break;
		case O_STATS_INTERVAL:
			if (!parse_u32(optarg, &o->stats_interval_s))
				goto bad;
			break;
		case O_MAX_PROCS:
			if (!parse_u32(optarg, &o->max_procs) ||
			    !o->max_procs ||
			    o->max_procs > PROC_TABLE_MAX_CAPACITY) {
				fprintf(stderr, "llmosd: --max-procs %s: give a number from 1 to %u (the kernel's largest pid_max)\n",
					optarg, PROC_TABLE_MAX_CAPACITY);
				return -1;
			}
			break;
		case O_RING:
			if (!parse_u32(optarg, &v))
				goto bad;
			o->live.ring_bytes = v;
			break;
		case O_SAMPLE:
			if (!parse_u32(optarg, &o->live.sample_every))
				goto bad;
			break;
		case O_IGNORE:
			if (!*optarg) {
				fprintf(stderr, "llmosd: --ignore-comm: give a process name, as in /proc/PID/comm; an empty one matches nothing\n");
				return -1;
			}
			if (o->live.n_ignored_comms == LIVE_MAX_IGNORED_COMMS) {
				fprintf(stderr, "llmosd: at most %d --ignore-comm\n",
					LIVE_MAX_IGNORED_COMMS);
				return -1;
			}
			o->live.ignored_comms[o->live.n_ignored_comms++] = optarg;
			break;
		case O_IGNORE_CGROUP:
			if (ignore_cgroup(&o->live, optarg))
				return -1;
			break;
		case O_LOG_LEVEL:
			level = log_level_parse(optarg);
			if (level < 0)
				goto bad;
			break;
		case O_SYSLOG:
			use_syslog = true;
			break;
		case O_HELP:
			usage(stdout);
			exit(0);
		case O_MODEL:
			o->model = optarg;
			break;
		case O_NO_MODEL:
			o->no_model = true;
			break;
		case O_THRESHOLD: {
			char *end;

			o->threshold = strtof(optarg, &end);
			/* inf would silence every alert, nan compare false. */
			if (end == optarg || *end || !(o->threshold >= 0) ||
			    isinf(o->threshold)) {
				fprintf(stderr, "llmosd: --threshold %s: give a finite number of nats, 0 or more\n",
					optarg);
				return -1;
			}
			break;
		}
		case O_NO_SCHED:
			o->no_sched = true;
			break;
		case O_OVERRIDES:
			o->overrides = optarg;
			break;
		case O_STATE_FILE:
			o->state_file = *optarg ? optarg : NULL;
			break;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return -1;
	}
	log_init("llmosd", (enum log_level)level, use_syslog);
	return 0;
bad:
	fprintf(stderr, "llmosd: bad value for --%s: %s\n",
		longopts[c - O_REPLAY].name, optarg);
	return -1;
}

/* The anomaly stage's score of p, for `llmosctl top`. */
static float sched_anomaly_score(void *ctx, const struct proc *p)
{
	return anomaly_score(ctx, p);
}

static uint64_t clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void install_signals(struct trace_reader_stop *stop)
{
	struct sigaction sa;

	stop->flag = &stop_requested;
	sigemptyset(&stop->signals);
	sigaddset(&stop->signals, SIGTERM);
	sigaddset(&stop->signals, SIGINT);
	memset(&sa, 0, sizeof(sa));
	/* No SA_RESTART: the event loop's epoll_wait must return. */
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct trace_reader *reader = NULL;
	struct trace_reader_stop stop;
	struct trace_writer *writer = NULL;
	struct pipeline *pl = NULL;
	struct device_client device = { .fd = -1 };
	struct agent_stats as;
	struct anomaly_model model = { 0 };
	struct anomaly *anomaly = NULL;
	struct sched_stage *sched = NULL;
	struct sched_model_prior *prior = NULL;
	uint64_t mono_base, real_base;
	char err[600];
	int ret = 1;

	if (parse_options(argc, argv, &o))
		return 2;
	install_signals(&stop);
	agent_stats_start(&as);

	mono_base = clock_ns(CLOCK_MONOTONIC);
	real_base = clock_ns(CLOCK_REALTIME);
	if (o.replay) {
		reader = trace_reader_open_until(o.replay, &stop, err,
						 sizeof(err));
		if (!reader && stop_requested) {
			log_info("stopping on signal");
			return 0;
		}
		if (!reader) {
			log_err("%s", err);
			return 1;
		}
		/* A re-recording of a replay is byte-identical to its input. */
		mono_base = trace_reader_mono_base(reader);
		real_base = trace_reader_real_base(reader);
	}
	if (o.record) {
		writer = trace_writer_open(o.record, mono_base, real_base, err,
					   sizeof(err));
		if (!writer) {
			log_err("%s", err);
			goto out;
		}
	}
	pl = pipeline_new(o.max_procs, writer);
	if (!pl) {
		log_err("out of memory");
		goto out;
	}
	if (log_enabled(LOG_LVL_DEBUG))
		pipeline_add_stage(pl, &log_stage);
	if (!o.no_model) {
		int mret = anomaly_model_open(&model, o.model, err, sizeof(err));

		if (mret == -ENOENT && !o.model) {
			log_warn("%s; anomaly detection off", err);
		} else if (mret) {
			log_err("%s", err);
			goto out;
		} else {
			struct anomaly_opts ao = {
				.threshold = o.threshold, .rise = NAN,
				.device = &device, .json = stdout,
				.window = model.window,
			};
			struct pipeline_stage st;

			anomaly = anomaly_new(&model.net, model.threshold,
					      pipeline_procs(pl), &ao);
			if (!anomaly) {
				log_err("out of memory");
				goto out;
			}
			st = anomaly_stage(anomaly);
			pipeline_add_stage(pl, &st);
			if (!isnan(model.threshold))
				o.live.default_threshold_milli =
					(uint32_t)lrintf(model.threshold * 1000.0f);
			log_info("model %s: alert threshold %.3f, kernels %s",
				 model.path, anomaly_threshold(anomaly),
				 llm_kernels_best()->name);
		}
	}
	if (!o.no_sched) {
		struct sched_stage_opts so = {
			.live = !o.replay,
			.device = o.replay ? NULL : &device,
			.overrides_path = o.overrides,
			.state_path = o.replay ? NULL : o.state_file,
		};
		struct pipeline_stage st;

		if (anomaly) {
			prior = sched_model_prior_new(&model.net);
			so.prior = prior ? sched_model_prior_fn : NULL;
			so.prior_ctx = prior;
			so.anomaly = sched_anomaly_score;
			so.anomaly_ctx = anomaly;
		}
		sched = sched_stage_new(&so, pl, o.max_procs, &st);
		if (!sched)
			goto out;
		pipeline_add_stage(pl, &st);
	}

	if (o.replay) {
		ret = replay_run(reader, pl, &stop_requested) ? 1 : 0;
	} else {
		o.live.device_path = o.no_device ? NULL : o.device_path;
		o.live.device = &device;
		o.live.record = writer;
		o.live.stats = &as;
		o.live.stats_out = o.stats ? stdout : NULL;
		o.live.stats_interval_s = o.stats_interval_s;
		ret = live_run(&o.live, pl, &stop_requested) ? 1 : 0;
	}
	if (stop_requested)
		log_info("stopping on signal");
	if (o.stats) {
		agent_stats_print(&as, stdout, pl);
		if (anomaly)
			anomaly_stats_print(anomaly, stdout);
	}
out:
	pipeline_free(pl);
	sched_stage_free(sched);
	sched_model_prior_free(prior);
	anomaly_free(anomaly);
	anomaly_model_close(&model);
	if (writer) {
		int wret = trace_writer_close(writer);

		if (wret) {
			log_err("%s: %s", o.record, strerror(-wret));
			ret = 1;
		}
	}
	trace_reader_close(reader);
	return ret;
}
