// SPDX-License-Identifier: GPL-2.0
/*
 * llmos-anomaly: the anomaly score of recorded processes, and calibration
 * of the alert threshold (Documentation/anomaly.md).
 *
 *   llmos-anomaly peaks --model MODEL TRACE...
 *       one line per process: its peak score (or "-" when it never had
 *       ANOMALY_MIN_TOKENS scored calls), scored calls, pid, exe or comm
 *   llmos-anomaly calibrate --model FP32 [--fpr F] [--margin M] [--window W]
 *                 -o OUT TRACE...
 *       quantizes FP32 to int8, scores the (held-out, normal) traces with
 *       the int8 net exactly as llmosd does, sets the threshold so that at
 *       most a fraction F (default 0.001) of the processes would have
 *       alerted, raised by M nats (default 0) as a safety margin for
 *       normal behaviour the held-out traces lack, and writes OUT (int8)
 *       with it and the window W
 *       (default ANOMALY_WINDOW, or the model's for peaks)
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anomaly.h"
#include "model_file.h"
#include "pipeline.h"
#include "syscall_tokens.h"
#include "trace_reader.h"

#define MAX_PROCS 65536

struct peaks {
	float *v;
	size_t n, cap;
	size_t unscored;
	FILE *list;
	const char *file;
};

static void on_peak(void *ctx, const struct proc *p, float peak,
		    uint64_t scored)
{
	struct peaks *pk = ctx;

	if (pk->list) {
		if (isnan(peak))
			fprintf(pk->list, "- %" PRIu64 " %s:%u %s\n", scored,
				pk->file, p->tgid, p->exe[0] ? p->exe : p->comm);
		else
			fprintf(pk->list, "%.4f %" PRIu64 " %s:%u %s\n", peak,
				scored, pk->file, p->tgid,
				p->exe[0] ? p->exe : p->comm);
	}
	if (isnan(peak)) {
		pk->unscored++;
		return;
	}
	if (pk->n == pk->cap) {
		size_t nc = pk->cap ? pk->cap * 2 : 1024;
		float *nv = realloc(pk->v, nc * sizeof(*nv));

		if (!nv)
			return;
		pk->v = nv;
		pk->cap = nc;
	}
	pk->v[pk->n++] = peak;
}

static uint32_t window;

static int run_trace(const struct llm_net *net, const char *path,
		     struct peaks *pk)
{
	struct anomaly_opts o = { .threshold = INFINITY, .rise = NAN,
				  .window = window };
	struct trace_reader *r;
	struct trace_record rec;
	struct pipeline *pl;
	struct anomaly *a;
	struct pipeline_stage st;
	enum trace_item it;
	char err[600];
	int ret = 0;

	r = trace_reader_open(path, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "llmos-anomaly: %s\n", err);
		return -1;
	}
	pl = pipeline_new(MAX_PROCS, NULL);
	a = pl ? anomaly_new(net, NAN, pipeline_procs(pl), &o) : NULL;
	if (!a) {
		fprintf(stderr, "llmos-anomaly: out of memory\n");
		pipeline_free(pl);
		trace_reader_close(r);
		return -1;
	}
	anomaly_on_release(a, on_peak, pk);
	pk->file = path;
	st = anomaly_stage(a);
	pipeline_add_stage(pl, &st);
	while ((it = trace_reader_next(r, &rec)) > 0)
		if (it == TRACE_EVENT)
			pipeline_event(pl, &rec.ev);
	if (it == TRACE_ERROR) {
		fprintf(stderr, "llmos-anomaly: %s\n", trace_reader_error(r));
		ret = -1;
	}
	pipeline_free(pl);	/* releases the rest: their peaks too */
	anomaly_free(a);
	trace_reader_close(r);
	return ret;
}

static int cmp_float(const void *x, const void *y)
{
	float a = *(const float *)x, b = *(const float *)y;

	return a < b ? -1 : a > b;
}

static void usage(FILE *f)
{
	fputs("usage: llmos-anomaly peaks --model MODEL [--window W] TRACE...\n"
	      "       llmos-anomaly calibrate --model FP32 [--fpr F] [--margin M] [--window W]\n"
	      "                 -o OUT TRACE...\n",
	      f);
}

/* A number for opt in [lo, hi), or a message naming them and false. */
static bool parse_num(const char *opt, const char *v, double lo, double hi,
		      double *out)
{
	char *end;

	errno = 0;
	*out = strtod(v, &end);
	if (end != v && !*end && !errno && *out >= lo && *out < hi)
		return true;
	fprintf(stderr, "llmos-anomaly: %s %s: give a number from %g to below %g\n",
		opt, v, lo, hi);
	return false;
}

int main(int argc, char **argv)
{
	const char *model = NULL, *out = NULL, *cmd;
	double fpr = 0.001, margin = 0;
	struct peaks pk = { 0 };
	struct llm_file f;
	struct llm_model m = { 0 };
	struct llm_net net;
	char err[600], buf[64];
	int i, first = 0, ret = 1;
	bool calibrate, have_model = false;
	size_t allowed, above;
	float thr;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage(stdout);
		return 0;
	}
	calibrate = !strcmp(cmd, "calibrate");
	if (!calibrate && strcmp(cmd, "peaks")) {
		usage(stderr);
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--model") && i + 1 < argc) {
			model = argv[++i];
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out = argv[++i];
		} else if (!strcmp(argv[i], "--fpr") && i + 1 < argc) {
			if (!parse_num("--fpr", argv[++i], 0, 1, &fpr))
				return 2;
		} else if (!strcmp(argv[i], "--margin") && i + 1 < argc) {
			if (!parse_num("--margin", argv[++i], 0, 100, &margin))
				return 2;
		} else if (!strcmp(argv[i], "--window") && i + 1 < argc) {
			char *end;
			unsigned long n;

			errno = 0;
			n = strtoul(argv[++i], &end, 10);
			if (end == argv[i] || *end || errno ||
			    argv[i][0] == '-' || !n || n > ANOMALY_MAX_WINDOW) {
				fprintf(stderr,
					"llmos-anomaly: --window %s: give a whole number of calls from 1 to %d\n",
					argv[i], ANOMALY_MAX_WINDOW);
				return 2;
			}
			window = (uint32_t)n;
		} else if (argv[i][0] == '-') {
			usage(stderr);
			return 2;
		} else {
			first = i;
			break;
		}
	}
	if (!model || !first || (calibrate && !out)) {
		usage(stderr);
		return 2;
	}
	if (llm_file_open(&f, model, err, sizeof(err)) ||
	    llm_file_check_vocab(&f, model, LLMOS_VOCAB_HASH, LLMOS_NR_TOKENS,
				 err, sizeof(err))) {
		fprintf(stderr, "llmos-anomaly: %s\n", err);
		return 1;
	}
	if (calibrate) {
		if (f.payload_type == LLM_PAYLOAD_INT8 ||
		    llm_file_model(&f, &m, NULL, NULL)) {
			fprintf(stderr, "llmos-anomaly: %s is not an fp32 model\n",
				model);
			goto out_file;
		}
		have_model = true;
		if (llm_net_quantize(&net, &m))
			goto out_file;
	} else if (llm_file_net(&f, &net)) {
		goto out_file;
	}
	if (!window)
		window = anomaly_model_window(&f.info);
	pk.list = calibrate ? NULL : stdout;
	for (i = first; i < argc; i++)
		if (run_trace(&net, argv[i], &pk))
			goto out_net;
	if (!calibrate) {
		ret = 0;
		goto out_net;
	}
	if (!pk.n) {
		fprintf(stderr, "llmos-anomaly: no scored process in the traces\n");
		goto out_net;
	}
	qsort(pk.v, pk.n, sizeof(*pk.v), cmp_float);
	allowed = (size_t)floor(fpr * (double)pk.n);
	if (allowed >= pk.n)
		allowed = pk.n - 1;
	/*
	 * Strictly above the peaks that must not alert, in milli units, plus
	 * the safety margin.
	 */
	thr = (float)(floor((pk.v[pk.n - 1 - allowed] + margin) * 1000.0) + 1.0) /
	      1000.0f;
	for (above = 0; above < pk.n && pk.v[pk.n - 1 - above] >= thr; above++)
		;
	printf("%zu processes scored (%zu too short to score): peak score median %.3f, p99 %.3f, max %.3f\n",
	       pk.n, pk.unscored, pk.v[pk.n / 2],
	       pk.v[(size_t)((double)(pk.n - 1) * 0.99)], pk.v[pk.n - 1]);
	printf("threshold %.3f (margin %.3f): %zu of %zu held-out processes reach it (FPR %.4f, target %.4f)\n",
	       thr, margin, above, pk.n, (double)above / (double)pk.n, fpr);
	m.info.alert_threshold = thr;
	snprintf(buf, sizeof(buf), "%.6g", fpr);
	if (llm_meta_set(&m.info, "anomaly.fpr_target", buf))
		goto out_net;
	snprintf(buf, sizeof(buf), "%.6g", (double)above / (double)pk.n);
	if (llm_meta_set(&m.info, "anomaly.fpr_calibrated", buf))
		goto out_net;
	snprintf(buf, sizeof(buf), "%zu", pk.n);
	if (llm_meta_set(&m.info, "anomaly.calibration_processes", buf))
		goto out_net;
	snprintf(buf, sizeof(buf), "%.6g", margin);
	if (llm_meta_set(&m.info, "anomaly.margin", buf))
		goto out_net;
	snprintf(buf, sizeof(buf), "mean-nll window=%u min=%u", window,
		 ANOMALY_MIN_TOKENS);
	if (llm_meta_set(&m.info, "anomaly.score", buf))
		goto out_net;
	snprintf(buf, sizeof(buf), "%u", window);
	if (llm_meta_set(&m.info, "anomaly.window", buf))
		goto out_net;
	snprintf(buf, sizeof(buf), "%.3f", thr);
	if (llm_meta_set(&m.info, "anomaly.threshold", buf))
		goto out_net;
	if (llm_file_save(out, &m, LLM_PAYLOAD_INT8, NULL, NULL, err,
			  sizeof(err))) {
		fprintf(stderr, "llmos-anomaly: %s\n", err);
		goto out_net;
	}
	printf("wrote %s\n", out);
	ret = 0;
out_net:
	llm_net_free(&net);
out_file:
	if (have_model)
		llm_model_free(&m);
	llm_file_close(&f);
	free(pk.v);
	return ret;
}
