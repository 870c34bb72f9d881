// SPDX-License-Identifier: GPL-2.0
/* Whole-run labels of recorded processes (labeler.h). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../trace_reader.h"
#include "labeler.h"

struct lab_proc {
	const struct proc *p;
	uint64_t sys, io;
};

struct sched_labeler {
	struct proc_table *t;
	struct lab_proc *v;
	uint32_t cap;
};

static struct lab_proc *lab_slot(struct sched_labeler *l,
				 const struct proc *p, bool create)
{
	uint32_t i = proc_table_slot(l->t, p);

	if (i >= l->cap) {
		uint32_t ncap = l->cap ? l->cap : 64;
		struct lab_proc *n;

		if (!create)
			return NULL;
		while (ncap <= i)
			ncap *= 2;
		n = realloc(l->v, (size_t)ncap * sizeof(*n));
		if (!n)
			return NULL;
		memset(n + l->cap, 0, (size_t)(ncap - l->cap) * sizeof(*n));
		l->v = n;
		l->cap = ncap;
	}
	if (l->v[i].p != p) {
		if (!create)
			return NULL;
		l->v[i] = (struct lab_proc){ .p = p };
	}
	return &l->v[i];
}

static void lab_event(void *ctx, const struct llmos_event *ev,
		      struct proc *p, const uint16_t *tokens, unsigned int n)
{
	struct lab_proc *lp = lab_slot(ctx, p, true);
	unsigned int i;

	if (!lp || ev->type != LLMOS_EV_SYSCALLS)
		return;
	for (i = 0; i < n; i++) {
		if (tokens[i] < 4)
			continue;
		lp->sys++;
		lp->io += sched_token_is_io(tokens[i]);
	}
}

static void lab_release(void *ctx, struct proc *p, enum proc_release why)
{
	struct lab_proc *lp = lab_slot(ctx, p, false);

	(void)why;
	if (lp)
		lp->p = NULL;
}

struct sched_labeler *sched_labeler_new(struct pipeline *pl,
					struct pipeline_stage *st)
{
	struct sched_labeler *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->t = pipeline_procs(pl);
	*st = (struct pipeline_stage){ .name = "sched-labeler", .ctx = l,
				       .event = lab_event,
				       .release = lab_release };
	return l;
}

void sched_labeler_free(struct sched_labeler *l)
{
	if (!l)
		return;
	free(l->v);
	free(l);
}

int sched_labeler_label(struct sched_labeler *l, const struct proc *p,
			float *target, struct sched_features *f)
{
	struct lab_proc *lp = lab_slot(l, p, false);
	struct sched_counters c = {
		.wall_ns = p->last_ns > p->first_ns ? p->last_ns - p->first_ns
						    : 0,
		.interval_ns = p->sched.interval_ns,
		.run_ns = p->sched.run_ns,
		.wait_ns = p->sched.wait_ns,
		.nr_runs = p->sched.nr_runs,
		.wakeups = p->sched.wakeups,
		.nvcsw = p->sched.nvcsw,
		.nivcsw = p->sched.nivcsw,
		.syscalls = lp ? lp->sys : 0,
		.io_syscalls = lp ? lp->io : 0,
	};
	struct sched_features ff;

	sched_features_of(&c, &ff);
	if (f)
		*f = ff;
	*target = sched_regression_target(&ff);
	return sched_classify_features(&ff);
}

/* --- labels files --------------------------------------------------------- */

static int cmp_label(const void *a, const void *b)
{
	const struct sched_label *x = a, *y = b;

	if (x->tgid != y->tgid)
		return x->tgid < y->tgid ? -1 : 1;
	if (x->start_time != y->start_time)
		return x->start_time < y->start_time ? -1 : 1;
	return 0;
}

/* One line's tgid, start time, class and target; NULL or what is wrong. */
static const char *parse_label(char *line, struct sched_label *x)
{
	char *f[4], *end, *save = NULL;
	unsigned long long v;
	long cls;
	int i;

	for (i = 0; i < 4; i++) {
		f[i] = strtok_r(i ? NULL : line, "\t\n", &save);
		if (!f[i])
			return "needs tgid, start_time, label and target";
	}
	errno = 0;
	v = strtoull(f[0], &end, 10);
	if (errno || *end || end == f[0] || v > UINT32_MAX)
		return "tgid is not a number";
	x->tgid = (uint32_t)v;
	x->start_time = strtoull(f[1], &end, 10);
	if (errno || *end || end == f[1])
		return "start_time is not a number";
	cls = strtol(f[2], &end, 10);
	if (*end || end == f[2] || cls < SCHED_CLASS_NONE ||
	    cls >= SCHED_NR_CLASSES)
		return "label is not a class number (-1..3)";
	x->cls = (int)cls;
	x->target = NAN;
	if (strcmp(f[3], "-")) {
		x->target = strtof(f[3], &end);
		if (*end || end == f[3] || !isfinite(x->target))
			return "target is neither a number nor -";
	}
	return NULL;
}

int sched_labels_load(const char *path, struct sched_labels *l, char *err,
		      size_t errlen)
{
	FILE *f = fopen(path, "re");
	const char *why = NULL;
	char line[2048];
	size_t cap = 0, i, j;
	unsigned int lineno = 0;

	memset(l, 0, sizeof(*l));
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (!why && fgets(line, sizeof(line), f)) {
		struct sched_label x;

		lineno++;
		if (!strchr(line, '\n') && !feof(f))
			why = "line too long";
		else if (lineno == 1)
			why = strncmp(line, SCHED_LABELS_MAGIC "\n",
				      strlen(SCHED_LABELS_MAGIC) + 1) ?
			      "not a labels file (no \"" SCHED_LABELS_MAGIC
			      "\" header: see `llmosctl trace label`)" : NULL;
		else if (line[0] != '#')
			why = parse_label(line, &x);
		if (why || lineno == 1 || line[0] == '#')
			continue;
		if (l->n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct sched_label *nv = realloc(l->v,
							 ncap * sizeof(*nv));

			if (!nv) {
				why = "out of memory";
				continue;
			}
			l->v = nv;
			cap = ncap;
		}
		l->v[l->n++] = x;
	}
	fclose(f);
	if (why) {
		snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
		goto bad;
	}
	if (!lineno) {
		snprintf(err, errlen, "%s: empty", path);
		goto bad;
	}
	qsort(l->v, l->n, sizeof(*l->v), cmp_label);
	/*
	 * A process the pipeline released twice (an event after its exit)
	 * has two lines: one label if they agree, else none.
	 */
	for (i = 1, j = 0; i < l->n; i++) {
		if (cmp_label(&l->v[j], &l->v[i])) {
			l->v[++j] = l->v[i];
		} else if (l->v[j].cls != l->v[i].cls) {
			l->v[j].cls = SCHED_CLASS_NONE;
			l->v[j].target = NAN;
		}
	}
	if (l->n)
		l->n = j + 1;
	return 0;
bad:
	sched_labels_free(l);
	return -1;
}

void sched_labels_free(struct sched_labels *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

const struct sched_label *sched_labels_find(const struct sched_labels *l,
					    uint32_t tgid,
					    uint64_t start_time)
{
	struct sched_label key = { .tgid = tgid, .start_time = start_time };

	if (!l->n)
		return NULL;
	return bsearch(&key, l->v, l->n, sizeof(*l->v), cmp_label);
}

/* --- llmosctl trace label --------------------------------------------------- */

struct label_run {
	struct sched_labeler *l;
	FILE *out;
	uint64_t counts[SCHED_NR_CLASSES + 1];
};

static void put_clean(FILE *f, const char *s)
{
	if (!*s) {
		fputc('-', f);
		return;
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		fputc(c < 0x21 || c > 0x7e ? '?' : c, f);
	}
}

static void run_release(void *ctx, struct proc *p, enum proc_release why)
{
	struct label_run *r = ctx;
	struct sched_features f;
	float target;
	int cls = sched_labeler_label(r->l, p, &target, &f);

	(void)why;
	r->counts[cls + 1]++;
	fprintf(r->out, "%u\t%" PRIu64 "\t%d\t", p->tgid, p->start_time, cls);
	if (isnan(target))
		fputc('-', r->out);
	else
		fprintf(r->out, "%.4f", target);
	fprintf(r->out, "\t%s\t%.4f\t%.3f\t%.1f\t%.3f\t%.1f\t%.3f\t%.1f\t",
		sched_class_name(cls), f.cpu, f.demand, f.wakeups_s,
		f.vol_ratio, f.burst_us, f.io_frac, f.io_s);
	put_clean(r->out, p->comm);
	fputc('\t', r->out);
	put_clean(r->out, p->exe);
	fputc('\n', r->out);
}

int sched_label_cmd(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct label_run run = { 0 };
	struct pipeline_stage st_lab, st_out;
	struct trace_reader *r;
	struct trace_record rec;
	struct pipeline *pl;
	const char *out = NULL;
	enum trace_item it;
	char err[600];
	int opt, ret = 0, i;

	while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		if (opt != 'o') {
			fprintf(stderr, "usage: llmosctl trace label FILE [-o OUT]\n");
			return 2;
		}
		out = optarg;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: llmosctl trace label FILE [-o OUT]\n");
		return 2;
	}
	r = trace_reader_open(argv[optind], err, sizeof(err));
	if (!r) {
		fprintf(stderr, "llmosctl: %s\n", err);
		return 1;
	}
	run.out = out ? fopen(out, "we") : stdout;
	pl = pipeline_new(65536, NULL);
	run.l = pl ? sched_labeler_new(pl, &st_lab) : NULL;
	if (!run.out || !pl || !run.l) {
		fprintf(stderr, "llmosctl: %s: %s\n", out ? out : "-",
			run.out ? "out of memory" : strerror(errno));
		ret = 1;
		goto done;
	}
	st_out = (struct pipeline_stage){ .name = "label-out", .ctx = &run,
					  .release = run_release };
	/* The output's release runs before the labeler forgets p. */
	pipeline_add_stage(pl, &st_out);
	pipeline_add_stage(pl, &st_lab);
	fprintf(run.out, "%s\n# tgid\tstart_time\tlabel\ttarget\tclass\tcpu\tdemand\twakeups_s\tvol_ratio\tburst_us\tio_frac\tio_s\tcomm\texe\n",
		SCHED_LABELS_MAGIC);
	while ((it = trace_reader_next(r, &rec)) > 0)
		if (it == TRACE_EVENT && pipeline_event(pl, &rec.ev))
			break;
	if (it == TRACE_ERROR) {
		fprintf(stderr, "llmosctl: %s\n", trace_reader_error(r));
		ret = 1;
	}
	/* Processes alive at the end of the trace are labelled too. */
	pipeline_free(pl);
	pl = NULL;
	for (i = 0; i < SCHED_NR_CLASSES; i++)
		fprintf(stderr, "%s %" PRIu64 "\n", sched_class_name(i),
			run.counts[i + 1]);
	fprintf(stderr, "unlabeled %" PRIu64 "\n", run.counts[0]);
done:
	pipeline_free(pl);
	sched_labeler_free(run.l);
	if (run.out && run.out != stdout && fclose(run.out)) {
		fprintf(stderr, "llmosctl: %s: %s\n", out, strerror(errno));
		ret = 1;
	}
	trace_reader_close(r);
	return ret;
}
