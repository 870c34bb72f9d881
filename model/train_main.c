// SPDX-License-Identifier: GPL-2.0
/*
 * llmos-train: train, evaluate, quantize, distill and average llmos models
 * (Documentation/model.md).
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernels.h"
#include "model_file.h"
#include "sched/labeler.h"
#include "sched_eval.h"
#include "trace_nll.h"
#include "trace_score.h"
#include "traces.h"
#include "train.h"

#define ERRLEN 512

struct args {
	char **traces;
	int ntraces;
	char **models;		/* fedavg inputs */
	int nmodels;
	const char *abi, *out, *model, *teacher, *resume, *ckpt, *kernel;
	const char *labels;	/* --sched-labels FILE */
	const char *backward;	/* score: --backward MODEL */
	struct llm_config cfg;
	struct llm_train_opts o;
	double held_out;
	double position_tau;	/* score: trace_score.h's tau */
	bool reverse;		/* train: --reverse */
};

static void usage(FILE *f)
{
	fputs("usage: llmos-train COMMAND [options]\n"
	      "  train    --traces PATH... -o MODEL [--sched-labels FILE]\n"
	      "           [model and training options]\n"
	      "  eval     --model MODEL --traces PATH... [--sched-labels FILE]\n"
	      "  quantize --model MODEL -o MODEL.int8\n"
	      "  distill  --teacher MODEL --traces PATH... -o MODEL [options]\n"
	      "  fedavg   -o MODEL MODEL...\n"
	      "  score    --model MODEL PATH... [--position-tau 0]  (mean NLL\n"
	      "           of each trace; call k weighs 1 / (1 + k / tau))\n"
	      "           [--backward MODEL]  (each call's NLL: the larger of\n"
	      "           MODEL's and the backward model's)\n"
	      "data:     --traces PATH... (files or directories): agent traces,\n"
	      "          or with --abi i386|x86_64|raw plain traces (one a file,\n"
	      "          syscall numbers; raw: the numbers are the tokens)\n"
	      "          --sched-labels FILE: classes of the agent traces'\n"
	      "          processes (llmosctl trace label) for the scheduling\n"
	      "          head; needs --classes 4\n"
	      "model:    --layers 2 --d-model 128 --heads 4 --d-ff 256\n"
	      "          --context 64 --classes 4\n"
	      "training: --steps 2000 --batch 16 --lr 0.5 --schedule noam|cosine\n"
	      "          --warmup 400 --weight-decay 0 --dropout 0 --clip 1\n"
	      "          --seed 1 --threads N --held-out 0.1 --eval-every 500\n"
	      "          --log-every 20 --checkpoint FILE --checkpoint-every 200\n"
	      "          (every N steps and at the last; 0: at the last only)\n"
	      "          --resume CHECKPOINT\n"
	      "          --reverse (a backward model: learns each call from the\n"
	      "          calls after it; eval and score reverse traces for it)\n"
	      "distill:  --temperature 2 --alpha 0.5 (--context: at most the\n"
	      "          teacher's)\n"
	      "eval:     --kernel scalar|sse2|avx2|avxvnni|avx512vnni (int8 models)\n",
	      f);
}

static int num(const char *opt, const char *v, double lo, double hi,
	       double *out)
{
	char *end;

	errno = 0;
	*out = v ? strtod(v, &end) : 0.0;
	if (!v || errno || end == v || *end || !(*out >= lo && *out <= hi)) {
		fprintf(stderr, "llmos-train: %s needs a number in %g..%g\n",
			opt, lo, hi);
		return -1;
	}
	return 0;
}

static int parse(struct args *a, int argc, char **argv)
{
	static const struct {
		const char *name;
		double lo, hi;
	} nums[] = {
		{ "--layers", 1, LLM_MAX_LAYERS }, { "--d-model", 32, LLM_MAX_DIM },
		{ "--heads", 1, LLM_MAX_DIM }, { "--d-ff", 32, LLM_MAX_DIM },
		{ "--context", 2, LLM_MAX_CONTEXT },
		{ "--classes", 1, LLM_MAX_CLASSES },
		{ "--steps", 1, 1e12 }, { "--batch", 1, 65536 },
		{ "--lr", 0, 1e3 }, { "--warmup", 1, 1e12 },
		{ "--weight-decay", 0, 1 }, { "--clip", 0, 1e9 },
		{ "--seed", 0, 1e18 }, { "--threads", 1, 256 },
		{ "--held-out", 0, 0.9 }, { "--eval-every", 0, 1e12 },
		{ "--log-every", 0, 1e12 }, { "--checkpoint-every", 0, 1e12 },
		{ "--temperature", 0.05, 100 }, { "--alpha", 0, 1 },
		{ "--position-tau", 0, 1e9 }, { "--dropout", 0, 0.9 },
	};
	double v[sizeof(nums) / sizeof(nums[0])];
	bool set[sizeof(nums) / sizeof(nums[0])] = { false };
	size_t k;
	int i;

	for (i = 0; i < argc; i++) {
		const char *o = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(o, "--traces")) {
			a->traces = argv + i + 1;
			while (i + 1 < argc && argv[i + 1][0] != '-') {
				i++;
				a->ntraces++;
			}
			continue;
		}
		if (o[0] != '-') {
			if (!a->models)
				a->models = argv + i;
			if (a->models + a->nmodels != argv + i) {
				fprintf(stderr, "llmos-train: stray %s\n", o);
				return -1;
			}
			a->nmodels++;
			continue;
		}
		if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			usage(stdout);
			exit(0);
		}
		if (!strcmp(o, "--reverse")) {
			a->reverse = true;
			continue;
		}
		if (!val) {
			fprintf(stderr, "llmos-train: %s needs a value\n", o);
			return -1;
		}
		i++;
		if (!strcmp(o, "-o"))
			a->out = val;
		else if (!strcmp(o, "--abi"))
			a->abi = val;
		else if (!strcmp(o, "--model"))
			a->model = val;
		else if (!strcmp(o, "--teacher"))
			a->teacher = val;
		else if (!strcmp(o, "--resume"))
			a->resume = val;
		else if (!strcmp(o, "--checkpoint"))
			a->ckpt = val;
		else if (!strcmp(o, "--kernel"))
			a->kernel = val;
		else if (!strcmp(o, "--sched-labels"))
			a->labels = val;
		else if (!strcmp(o, "--backward"))
			a->backward = val;
		else if (!strcmp(o, "--schedule")) {
			if (!strcmp(val, "noam")) {
				a->o.schedule = LLM_SCHED_NOAM;
			} else if (!strcmp(val, "cosine")) {
				a->o.schedule = LLM_SCHED_COSINE;
			} else {
				fprintf(stderr, "llmos-train: --schedule noam or cosine\n");
				return -1;
			}
		} else {
			for (k = 0; k < sizeof(nums) / sizeof(nums[0]); k++)
				if (!strcmp(o, nums[k].name))
					break;
			if (k == sizeof(nums) / sizeof(nums[0])) {
				fprintf(stderr, "llmos-train: unknown option %s\n",
					o);
				return -1;
			}
			if (num(o, val, nums[k].lo, nums[k].hi, &v[k]))
				return -1;
			set[k] = true;
		}
	}
#define OPT(idx, dst) do { if (set[idx]) dst = v[idx]; } while (0)
	OPT(0, a->cfg.n_layers);
	OPT(1, a->cfg.d_model);
	OPT(2, a->cfg.n_heads);
	OPT(3, a->cfg.d_ff);
	OPT(4, a->cfg.context);
	OPT(5, a->cfg.n_classes);
	OPT(6, a->o.steps);
	OPT(7, a->o.batch);
	OPT(8, a->o.lr);
	OPT(9, a->o.warmup);
	OPT(10, a->o.weight_decay);
	OPT(11, a->o.clip);
	OPT(12, a->o.seed);
	OPT(13, a->o.threads);
	OPT(14, a->held_out);
	OPT(15, a->o.eval_every);
	OPT(16, a->o.log_every);
	OPT(17, a->o.ckpt_every);
	OPT(18, a->o.temperature);
	OPT(19, a->o.alpha);
	OPT(20, a->position_tau);
	OPT(21, a->o.dropout);
#undef OPT
	return 0;
}

/* How many sequences of d each labelled class has. */
static void print_labels(const char *path, const struct llm_dataset *d)
{
	size_t i, n[SCHED_NR_CLASSES] = { 0 }, all = 0;
	int k;

	for (i = 0; i < d->n; i++) {
		if (d->seqs[i].label >= 0 &&
		    d->seqs[i].label < SCHED_NR_CLASSES) {
			n[d->seqs[i].label]++;
			all++;
		}
	}
	fprintf(stderr, "%s: %zu of %zu sequences labelled:", path, all,
		d->n);
	for (k = 0; k < SCHED_NR_CLASSES; k++)
		fprintf(stderr, " %s %zu", sched_class_name(k), n[k]);
	fputc('\n', stderr);
}

/*
 * Loads the traces, labelled with --sched-labels if given; vocab_size 0
 * sizes the vocabulary to the data.
 */
static int load_traces(const struct args *a, uint32_t vocab_size,
		       struct llm_dataset *d)
{
	struct sched_labels labels = { 0 };
	char err[ERRLEN];
	size_t i;
	int ret;

	if (!a->ntraces) {
		fprintf(stderr, "llmos-train: --traces PATH... is required\n");
		return -1;
	}
	if (a->labels &&
	    sched_labels_load(a->labels, &labels, err, sizeof(err))) {
		fprintf(stderr, "llmos-train: --sched-labels %s\n", err);
		return -1;
	}
	ret = llm_traces_load(d, a->traces, a->ntraces, a->abi, vocab_size,
			      a->labels ? &labels : NULL, err, sizeof(err));
	sched_labels_free(&labels);
	if (ret) {
		fprintf(stderr, "llmos-train: %s\n", err);
		return -1;
	}
	fprintf(stderr, "%zu traces, %" PRIu64 " tokens, vocabulary %u\n",
		d->n, llm_dataset_tokens(d), d->vocab_size);
	if (!a->labels)
		return 0;
	print_labels(a->labels, d);
	for (i = 0; i < d->n && d->seqs[i].label < 0; i++)
		;
	if (i == d->n) {
		fprintf(stderr,
			"llmos-train: --sched-labels %s: no process of the traces has a class (labels of another recording?)\n",
			a->labels);
		llm_dataset_free(d);
		return -1;
	}
	return 0;
}

/* The head's accuracy on the labelled sequences of d. */
static int print_head_accuracy(const char *what, const struct llm_net *net,
			       const struct llm_dataset *d)
{
	struct llm_sched_eval e;
	int k;

	if (llm_sched_evaluate(net, d, &e)) {
		fprintf(stderr, "llmos-train: cannot run the scheduling head\n");
		return -1;
	}
	if (!e.seqs) {
		printf("%s: no labelled sequence\n", what);
		return 0;
	}
	printf("%s: scheduling head, %" PRIu64
	       " labelled sequences: first window %.3f, all windows %.3f, commonest class %.3f; first window by class:",
	       what, e.seqs, (double)e.first_ok / e.seqs,
	       (double)e.windows_ok / e.windows, (double)e.majority / e.seqs);
	for (k = 0; k < SCHED_NR_CLASSES && k < (int)net->cfg.n_classes; k++)
		if (e.per_class[k])
			printf(" %s %" PRIu64 "/%" PRIu64, sched_class_name(k),
			       e.per_class_ok[k], e.per_class[k]);
	printf("\n");
	return 0;
}

static int open_model(const char *path, struct llm_file *f)
{
	char err[ERRLEN];

	if (!path) {
		fprintf(stderr, "llmos-train: --model MODEL is required\n");
		return -1;
	}
	if (llm_file_open(f, path, err, sizeof(err))) {
		fprintf(stderr, "llmos-train: %s\n", err);
		return -1;
	}
	return 0;
}

/*
 * A backward model (train --reverse) predicts each call from the calls
 * after it: it is trained on, and runs on, reversed traces.
 */
#define DIRECTION_KEY "train.direction"

static bool is_backward(const struct llm_file *f)
{
	const char *v = llm_meta_get(&f->info, DIRECTION_KEY);

	return v && !strcmp(v, "backward");
}

static int set_meta_num(struct llm_model *m, const char *key, double v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.17g", v);
	return llm_meta_set(&m->info, key, buf);
}

/* train and distill: a new (or resumed) model trained on the traces. */
static int cmd_train(struct args *a, bool distill)
{
	struct llm_dataset all, train, held;
	struct llm_file tf = { 0 }, rf = { 0 };
	struct llm_net teacher = { 0 };
	struct llm_train_result res;
	struct llm_model m = { 0 };
	struct llm_adam adam = { 0 };
	char err[ERRLEN];
	int ret = -1;

	if (!a->out) {
		fprintf(stderr, "llmos-train: -o MODEL is required\n");
		return -1;
	}
	if (distill) {
		if (open_model(a->teacher, &tf) || llm_file_net(&tf, &teacher))
			return -1;
		a->o.teacher = &teacher;
	}
	if (a->resume && open_model(a->resume, &rf))
		goto out_teacher;
	if ((distill && is_backward(&tf) != a->reverse) ||
	    (a->resume && is_backward(&rf) != a->reverse)) {
		fprintf(stderr, "llmos-train: %s reads traces %s: %s --reverse\n",
			distill ? a->teacher : a->resume,
			a->reverse ? "forwards" : "backwards",
			a->reverse ? "drop" : "add");
		goto out_resume;
	}
	/* Before the traces, which can take a while to load. */
	if (distill && llm_distill_check(a->resume ? &rf.cfg : &a->cfg,
					 &tf.cfg, err, sizeof(err))) {
		fprintf(stderr, "llmos-train: %s\n", err);
		goto out_resume;
	}
	if (load_traces(a, a->resume ? rf.cfg.vocab_size :
			distill ? tf.cfg.vocab_size : 0, &all))
		goto out_resume;
	if (a->reverse)
		llm_dataset_reverse(&all);
	if (distill && llm_file_check_vocab(&tf, a->teacher, all.vocab_hash,
					    0, err, sizeof(err))) {
		fprintf(stderr, "llmos-train: %s\n", err);
		goto out_data;
	}
	if (llm_dataset_split(&all, a->held_out, a->o.seed, &train, &held))
		goto out_data;
	if (a->resume) {
		const char *t;

		if (rf.payload_type != LLM_PAYLOAD_CHECKPOINT ||
		    llm_file_check_vocab(&rf, a->resume, all.vocab_hash,
					 all.vocab_size, err, sizeof(err))) {
			fprintf(stderr, "llmos-train: %s\n",
				rf.payload_type != LLM_PAYLOAD_CHECKPOINT ?
				"--resume needs a checkpoint file" : err);
			goto out_split;
		}
		/* Adam's settings, then its moments from the checkpoint. */
		if (llm_adam_init(&adam, llm_param_count(&rf.cfg)))
			goto out_split;
		llm_adam_free(&adam);
		if (llm_file_model(&rf, &m, &adam.m, &adam.v))
			goto out_split;
		t = llm_meta_get(&rf.info, "adam.t");
		adam.t = t ? strtoull(t, NULL, 10) : 0;
		fprintf(stderr, "resuming %s at step %" PRIu64 "\n", a->resume,
			adam.t + 1);
	} else {
		const char *bad;

		a->cfg.vocab_size = all.vocab_size;
		bad = llm_config_check(&a->cfg);
		if (bad) {
			fprintf(stderr, "llmos-train: %s\n", bad);
			goto out_split;
		}
		if (llm_model_init(&m, &a->cfg, all.vocab_hash, a->o.seed) ||
		    llm_adam_init(&adam, m.n_params))
			goto out_model;
		if (distill && llm_meta_set(&m.info, "distill.teacher",
					    a->teacher))
			goto out_model;
	}
	/* llmosd uses the head only if it names the classes it learned. */
	if (a->labels && (m.cfg.n_classes != SCHED_NR_CLASSES ||
			  llm_meta_set(&m.info, "sched.classes",
				       SCHED_MODEL_CLASSES))) {
		fprintf(stderr,
			"llmos-train: --sched-labels needs --classes %d (%s)\n",
			SCHED_NR_CLASSES, SCHED_MODEL_CLASSES);
		goto out_model;
	}
	/* Before training: checkpoints record the direction too. */
	if (a->reverse && llm_meta_set(&m.info, DIRECTION_KEY, "backward"))
		goto out_model;
	fprintf(stderr,
		"model: %u layers, d_model %u, %u heads, d_ff %u, context %u, vocabulary %u, %zu parameters\n",
		m.cfg.n_layers, m.cfg.d_model, m.cfg.n_heads, m.cfg.d_ff,
		m.cfg.context, m.cfg.vocab_size, m.n_params);
	a->o.ckpt_path = a->ckpt;
	a->o.held = held.n ? &held : NULL;
	a->o.log = stderr;
	if (llm_train(&m, &adam, &train, &a->o, &res, err, sizeof(err))) {
		fprintf(stderr, "llmos-train: %s\n", err);
		goto out_model;
	}
	if (set_meta_num(&m, "data.tokens", (double)llm_dataset_tokens(&train)) ||
	    set_meta_num(&m, "train.steps", (double)a->o.steps) ||
	    set_meta_num(&m, "train.seed", (double)a->o.seed) ||
	    llm_meta_set(&m.info, "data.format",
			 a->abi ? a->abi : "agent-trace") ||
	    (!isnan(res.held.loss) &&
	     set_meta_num(&m, "eval.loss", res.held.loss)))
		goto out_model;
	if (llm_file_save(a->out, &m, LLM_PAYLOAD_FP32, NULL, NULL, err,
			  sizeof(err))) {
		fprintf(stderr, "llmos-train: %s\n", err);
		goto out_model;
	}
	printf("wrote %s: training loss %.4f, held-out loss %.4f (ppl %.3f), %.0f tokens/s\n",
	       a->out, res.loss, res.held.loss, res.held.ppl,
	       res.tokens_per_s);
	ret = 0;
	if (a->labels && held.n) {
		struct llm_net net;

		ret = llm_net_from_model(&net, &m);
		if (!ret) {
			ret = print_head_accuracy("held-out split", &net,
						  &held);
			llm_net_free(&net);
		}
	}
out_model:
	llm_adam_free(&adam);
	llm_model_free(&m);
out_split:
	llm_dataset_free(&train);
	llm_dataset_free(&held);
out_data:
	llm_dataset_free(&all);
out_resume:
	if (a->resume)
		llm_file_close(&rf);
out_teacher:
	if (distill) {
		llm_net_free(&teacher);
		llm_file_close(&tf);
	}
	return ret;
}

/* The model and the traces to run it on, for the same vocabulary. */
static int open_model_traces(struct args *a, struct llm_file *f,
			     struct llm_dataset *d)
{
	char err[ERRLEN];

	if (open_model(a->model, f))
		return -1;
	if (load_traces(a, f->cfg.vocab_size, d))
		goto out_file;
	if (llm_file_check_vocab(f, a->model, d->vocab_hash, d->vocab_size,
				 err, sizeof(err))) {
		fprintf(stderr, "llmos-train: %s\n", err);
		llm_dataset_free(d);
		goto out_file;
	}
	if (is_backward(f))
		llm_dataset_reverse(d);
	return 0;
out_file:
	llm_file_close(f);
	return -1;
}

static int cmd_eval(struct args *a)
{
	const struct llm_kernels *kern = llm_kernels_best(), *all[8];
	struct llm_dataset d;
	struct llm_file f;
	struct llm_net net;
	struct llm_eval e;
	unsigned int i, n;
	int ret = -1;

	if (a->kernel) {
		n = llm_kernels_available(all, 8);
		for (i = 0; i < n && strcmp(all[i]->name, a->kernel); i++)
			;
		if (i == n) {
			fprintf(stderr, "llmos-train: kernel %s does not run here\n",
				a->kernel);
			return -1;
		}
		kern = all[i];
	}
	if (open_model_traces(a, &f, &d))
		return -1;
	if (llm_file_net(&f, &net))
		goto out_data;
	if (!llm_evaluate(&net, &d, 32, kern, &e, NULL)) {
		printf("%s (%s%s): loss %.4f nats/token, perplexity %.3f, %" PRIu64 " tokens\n",
		       a->model, net.int8 ? "int8 " : "fp32",
		       net.int8 ? kern->name : "", e.loss, e.ppl, e.tokens);
		ret = a->labels ? print_head_accuracy(a->model, &net, &d) : 0;
	}
	llm_net_free(&net);
out_data:
	llm_dataset_free(&d);
	llm_file_close(&f);
	return ret;
}

/* nll (d->ntok floats): the per-call surprise of d's traces under f. */
static int model_nll(struct llm_file *f, const struct llm_dataset *d,
		     float *nll)
{
	struct llm_net net;
	int ret;

	if (llm_file_net(f, &net))
		return -1;
	ret = llm_trace_nll(&net, d, 32, NULL, nll);
	llm_net_free(&net);
	return ret;
}

/*
 * bwd (d->ntok floats): the surprise of d's traces under the backward model
 * a->backward, each sequence in reversed order (trace_score.h). Reverses
 * d's tokens.
 */
static int backward_nll(const struct args *a, struct llm_dataset *d,
			float *bwd)
{
	struct llm_file bf;
	char err[ERRLEN];
	int ret = -1;

	if (open_model(a->backward, &bf))
		return -1;
	if (!is_backward(&bf)) {
		fprintf(stderr,
			"llmos-train: --backward %s is a forward model (train it with --reverse)\n",
			a->backward);
	} else if (llm_file_check_vocab(&bf, a->backward, d->vocab_hash,
					d->vocab_size, err, sizeof(err))) {
		fprintf(stderr, "llmos-train: %s\n", err);
	} else {
		llm_dataset_reverse(d);
		ret = model_nll(&bf, d, bwd);
	}
	llm_file_close(&bf);
	return ret;
}

/*
 * One line per trace (per process for agent traces): its name and score,
 * the mean NLL of its calls weighted by position (trace_score.h); with
 * --backward, of each call's larger surprise of the two models.
 */
static int cmd_score(struct args *a)
{
	struct llm_dataset d;
	struct llm_file f;
	float *nll = NULL, *bwd = NULL;
	size_t i;
	int ret = -1;

	if (!a->ntraces) {
		a->traces = a->models;
		a->ntraces = a->nmodels;
	}
	if (open_model_traces(a, &f, &d))
		return -1;
	if (a->backward && is_backward(&f)) {
		fprintf(stderr,
			"llmos-train: with --backward, --model %s must be a forward model\n",
			a->model);
		goto out;
	}
	nll = calloc(d.ntok ? d.ntok : 1, sizeof(*nll));
	if (a->backward)
		bwd = calloc(d.ntok ? d.ntok : 1, sizeof(*bwd));
	if (!nll || (a->backward && !bwd) || model_nll(&f, &d, nll) ||
	    (bwd && backward_nll(a, &d, bwd)))
		goto out;
	for (i = 0; i < d.n; i++) {
		float *x = nll + d.seqs[i].off;

		if (bwd)
			llm_trace_nll_bidir(x, bwd + d.seqs[i].off,
					    d.seqs[i].len);
		printf("%s %.4f\n", d.seqs[i].name,
		       llm_trace_score(x, d.seqs[i].len, a->position_tau));
	}
	ret = 0;
out:
	free(nll);
	free(bwd);
	llm_dataset_free(&d);
	llm_file_close(&f);
	return ret;
}

struct qerr {
	float max;
	char where[64];
};

static void quant_err_one(void *arg, const char *name, uint32_t layer,
			  uint32_t rows, uint32_t cols, bool quantized,
			  float **slot)
{
	struct qerr *q = arg;
	size_t n = (size_t)rows * cols;
	int8_t *codes;
	float *scales, e;
	char label[48];

	if (!quantized)
		return;
	codes = malloc(n);
	scales = malloc(n / LLM_GROUP * sizeof(float));
	if (!codes || !scales) {
		q->max = INFINITY;
	} else {
		e = llm_quantize(codes, scales, *slot, rows, cols);
		llm_tensor_label(label, sizeof(label), name, layer);
		printf("  %-15s %5u x %-5u max error %.3g\n", label, rows, cols,
		       e);
		if (e > q->max) {
			q->max = e;
			snprintf(q->where, sizeof(q->where), "%s", label);
		}
	}
	free(codes);
	free(scales);
}

static int cmd_quantize(struct args *a)
{
	struct llm_file f;
	struct llm_model m;
	struct qerr q = { 0.0f, "" };
	char err[ERRLEN];
	int ret = -1;

	if (!a->out) {
		fprintf(stderr, "llmos-train: -o MODEL is required\n");
		return -1;
	}
	if (open_model(a->model, &f))
		return -1;
	if (f.payload_type == LLM_PAYLOAD_INT8 || llm_file_model(&f, &m, NULL, NULL)) {
		fprintf(stderr, "llmos-train: %s is not an fp32 model\n",
			a->model);
		goto out_file;
	}
	printf("per-group int8 quantization error (|w - q * scale|):\n");
	llm_walk_tensors(&m.cfg, &m.w, quant_err_one, &q);
	if (llm_file_save(a->out, &m, LLM_PAYLOAD_INT8, NULL, NULL, err,
			  sizeof(err))) {
		fprintf(stderr, "llmos-train: %s\n", err);
	} else {
		printf("max per-group error %.3g in %s\nwrote %s\n", q.max,
		       q.where, a->out);
		ret = 0;
	}
	llm_model_free(&m);
out_file:
	llm_file_close(&f);
	return ret;
}

static int cmd_fedavg(struct args *a)
{
	struct llm_model *ms = calloc(a->nmodels ? a->nmodels : 1, sizeof(*ms));
	double *wt = calloc(a->nmodels ? a->nmodels : 1, sizeof(*wt));
	struct llm_model out;
	char err[ERRLEN] = "out of memory";
	int i, loaded = 0, ret = -1;

	if (!ms || !wt || !a->out || a->nmodels < 1) {
		fprintf(stderr, "llmos-train: fedavg -o MODEL MODEL...\n");
		goto out;
	}
	for (i = 0; i < a->nmodels; i++, loaded++) {
		struct llm_file f;
		const char *tok;

		if (open_model(a->models[i], &f))
			goto out;
		tok = llm_meta_get(&f.info, "data.tokens");
		wt[i] = tok ? strtod(tok, NULL) : 0.0;
		if (llm_file_model(&f, &ms[i], NULL, NULL)) {
			fprintf(stderr, "llmos-train: %s is not an fp32 model\n",
				a->models[i]);
			llm_file_close(&f);
			goto out;
		}
		llm_file_close(&f);
		printf("%s: %.0f training tokens\n", a->models[i], wt[i]);
	}
	if (llm_fedavg(&out, ms, wt, a->nmodels, err, sizeof(err))) {
		fprintf(stderr, "llmos-train: %s\n", err);
		goto out;
	}
	for (i = 1; i < a->nmodels; i++)
		wt[0] += wt[i];
	ret = 0;
	if (set_meta_num(&out, "fedavg.models", a->nmodels) ||
	    set_meta_num(&out, "data.tokens", wt[0]) ||
	    llm_file_save(a->out, &out, LLM_PAYLOAD_FP32, NULL, NULL, err,
			  sizeof(err))) {
		fprintf(stderr, "llmos-train: writing %s failed: %s\n",
			a->out, err);
		ret = -1;
	} else {
		printf("wrote %s\n", a->out);
	}
	llm_model_free(&out);
out:
	for (i = 0; i < loaded; i++)
		llm_model_free(&ms[i]);
	free(ms);
	free(wt);
	return ret;
}

int main(int argc, char **argv)
{
	struct args a = {
		.cfg = { .n_layers = 2, .d_model = 128, .n_heads = 4,
			 .d_ff = 256, .context = 64, .n_classes = 4 },
		.held_out = 0.1,
	};
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const char *cmd;
	int ret;

	llm_train_defaults(&a.o);
	a.o.steps = 2000;
	a.o.lr = 0.5f;
	a.o.warmup = 400;
	a.o.log_every = 20;
	a.o.eval_every = 500;
	a.o.threads = cpus > 0 ? (uint32_t)(cpus < 8 ? cpus : 8) : 1;
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") ||
	    !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (parse(&a, argc - 2, argv + 2))
		return 2;
	if (a.nmodels && strcmp(cmd, "fedavg") && strcmp(cmd, "score")) {
		fprintf(stderr, "llmos-train: stray argument %s\n", a.models[0]);
		return 2;
	}
	if (!strcmp(cmd, "train")) {
		ret = cmd_train(&a, false);
	} else if (!strcmp(cmd, "distill")) {
		ret = cmd_train(&a, true);
	} else if (!strcmp(cmd, "eval")) {
		ret = cmd_eval(&a);
	} else if (!strcmp(cmd, "quantize")) {
		ret = cmd_quantize(&a);
	} else if (!strcmp(cmd, "fedavg")) {
		ret = cmd_fedavg(&a);
	} else if (!strcmp(cmd, "score")) {
		ret = cmd_score(&a);
	} else {
		fprintf(stderr, "llmos-train: unknown command %s\n", cmd);
		usage(stderr);
		return 2;
	}
	return ret ? 1 : 0;
}
