// SPDX-License-Identifier: GPL-2.0
/*
 * The training loop: random windows from the dataset, forward and backward
 * on up to `threads` threads (each with its own gradient), gradient
 * clipping, Adam, evaluation, checkpoints.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "layers.h"
#include "model_file.h"
#include "rng.h"
#include "score.h"
#include "train.h"
#include "transformer.h"

void llm_train_defaults(struct llm_train_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->steps = 1000;
	o->batch = 16;
	o->lr = 1.0f;
	o->schedule = LLM_SCHED_NOAM;
	o->warmup = 100;
	o->clip = 1.0f;
	o->seed = 1;
	o->threads = 1;
	o->cls_weight = 1.0f;
	o->reg_weight = 1.0f;
	o->temperature = 2.0f;
	o->alpha = 0.5f;
	o->eval_every = 0;
	o->log_every = 0;
	o->ckpt_every = 200;
}

struct window {
	size_t seq;
	uint32_t off, len;	/* len tokens: len - 1 inputs and targets */
	uint64_t drop_seed;	/* of its dropout masks */
};

struct worker {
	const struct llm_model *m;
	const struct llm_dataset *d;
	const struct llm_train_opts *o;
	struct llm_acts *acts;
	float *grad;
	struct llm_weights gw;
	float *dlogits, *teacher, *soft;
	struct llm_scorer *tscorer;
	struct llm_ctx *tctx;
	const struct window *win;
	uint32_t first, count;
	float lm_scale;
	double lm_loss;		/* summed over targets */
	double aux_loss;	/* scheduling head, already averaged */
	int err;
	pthread_t thread;
};

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int llm_distill_check(const struct llm_config *student,
		      const struct llm_config *teacher, char *err,
		      size_t errlen)
{
	/* The teacher scores each of the student's windows whole. */
	if (teacher->context < student->context)
		return fail(err, errlen,
			    "the student's context %u is longer than the teacher's %u, which cannot score its windows",
			    student->context, teacher->context);
	return 0;
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	const struct llm_config *c = &w->m->cfg;
	const struct llm_train_opts *o = w->o;
	uint32_t V = c->vocab_size, i, t, k;
	float dcls[LLM_MAX_CLASSES];

	memset(w->grad, 0, w->m->n_params * sizeof(float));
	w->lm_loss = 0.0;
	w->aux_loss = 0.0;
	for (i = w->first; i < w->first + w->count; i++) {
		const struct window *win = &w->win[i];
		const struct llm_seq *sq = &w->d->seqs[win->seq];
		const uint16_t *tok = llm_seq_tok(w->d, win->seq) + win->off;
		uint32_t n = win->len - 1;
		float hard_w = o->teacher ? 1.0f - o->alpha : 1.0f;
		float dreg = 0.0f;
		bool cls = sq->label >= 0 && o->cls_weight > 0.0f;

		llm_forward_train(w->m, w->acts, tok, n, o->dropout,
				  win->drop_seed);
		if (o->teacher) {
			w->err = llm_ctx_window(w->tscorer, w->tctx, tok, n,
						w->teacher);
			if (w->err)
				return NULL;
		}
		for (t = 0; t < n; t++) {
			const float *lg = w->acts->logits + (size_t)t * V;
			float *dl = w->dlogits + (size_t)t * V;

			w->lm_loss += hard_w * llm_ce_loss(dl, lg, V, tok[t + 1],
						hard_w * w->lm_scale);
			if (!o->teacher)
				continue;
			w->lm_loss += o->alpha * llm_soft_ce_loss(w->soft, lg,
					w->teacher + (size_t)t * V, V,
					o->temperature,
					o->alpha * w->lm_scale);
			for (k = 0; k < V; k++)
				dl[k] += w->soft[k];
		}
		if (cls)
			w->aux_loss += o->cls_weight / o->batch *
				llm_ce_loss(dcls, w->acts->cls, c->n_classes,
					    (uint32_t)sq->label,
					    o->cls_weight / o->batch);
		if (!isnan(sq->target) && o->reg_weight > 0.0f)
			w->aux_loss += o->reg_weight / o->batch *
				llm_sq_loss(&dreg, w->acts->reg, sq->target,
					    o->reg_weight / o->batch);
		llm_backward(w->m, w->acts, w->dlogits, cls ? dcls : NULL,
			     dreg, &w->gw);
	}
	return NULL;
}

static void worker_free(struct worker *w)
{
	llm_acts_free(w->acts);
	llm_weights_free(&w->gw);
	free(w->grad);
	free(w->dlogits);
	free(w->teacher);
	free(w->soft);
	llm_scorer_free(w->tscorer);
	llm_ctx_free(w->tctx);
}

static int worker_init(struct worker *w, const struct llm_model *m,
		       const struct llm_dataset *d,
		       const struct llm_train_opts *o)
{
	size_t tv = (size_t)m->cfg.context * m->cfg.vocab_size;

	memset(w, 0, sizeof(*w));
	w->m = m;
	w->d = d;
	w->o = o;
	w->acts = llm_acts_new(&m->cfg);
	w->grad = malloc(m->n_params * sizeof(float));
	w->dlogits = malloc(tv * sizeof(float));
	if (!w->acts || !w->grad || !w->dlogits ||
	    llm_weights_bind(&m->cfg, w->grad, &w->gw))
		return -ENOMEM;
	if (o->teacher) {
		w->teacher = malloc(tv * sizeof(float));
		w->soft = malloc(m->cfg.vocab_size * sizeof(float));
		w->tscorer = llm_scorer_new(o->teacher, m->cfg.context, NULL);
		w->tctx = llm_ctx_new(o->teacher, 0);
		if (!w->teacher || !w->soft || !w->tscorer || !w->tctx)
			return -ENOMEM;
	}
	return 0;
}

/* Windows of one step: sequences drawn in proportion to their targets. */
static uint64_t sample(struct window *win, uint32_t batch,
		       const struct llm_dataset *d, const uint64_t *cum,
		       uint32_t context, uint64_t seed, uint64_t step)
{
	struct llm_rng r = { llm_rng_derive(seed, step) };
	/* Its own stream: dropout leaves the windows drawn as they were. */
	struct llm_rng dr = { llm_rng_derive(seed ^ 0x64726f70, step) };
	uint64_t total = cum[d->n], targets = 0;
	uint32_t b;

	for (b = 0; b < batch; b++) {
		uint64_t x = llm_rng_below(&r, total);
		size_t lo = 0, hi = d->n;
		uint32_t len;

		/* First sequence whose cumulative count exceeds x. */
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (cum[mid + 1] > x)
				hi = mid;
			else
				lo = mid + 1;
		}
		len = d->seqs[lo].len;
		win[b].seq = lo;
		win[b].len = len < context + 1 ? len : context + 1;
		win[b].off = (uint32_t)llm_rng_below(&r, len - win[b].len + 1);
		win[b].drop_seed = llm_rng_next(&dr);
		targets += win[b].len - 1;
	}
	return targets;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int llm_checkpoint_save(const char *path, const struct llm_model *m,
			const struct llm_adam *adam, char *err, size_t errlen)
{
	struct llm_model copy = *m;
	char t[32];
	int ret;

	if (llm_info_copy(&copy.info, &m->info))
		return -ENOMEM;
	snprintf(t, sizeof(t), "%" PRIu64, adam->t);
	ret = llm_meta_set(&copy.info, "adam.t", t);
	if (!ret)
		ret = llm_file_save(path, &copy, LLM_PAYLOAD_CHECKPOINT,
				    adam->m, adam->v, err, errlen);
	llm_info_free(&copy.info);
	return ret;
}

struct decay_mask {
	uint8_t *mask;
	const float *base;
};

/* Weight decay applies to matrices, not to gains and biases. */
static void decay_one(void *arg, const char *name, uint32_t layer,
		      uint32_t rows, uint32_t cols, bool quantized,
		      float **slot)
{
	struct decay_mask *dm = arg;

	(void)name;
	(void)layer;
	(void)quantized;
	if (rows > 1)
		memset(dm->mask + (*slot - dm->base), 1, (size_t)rows * cols);
}

static void eval_held(const struct llm_model *m, const struct llm_dataset *h,
		      struct llm_eval *e)
{
	struct llm_net net;

	e->loss = NAN;
	e->tokens = 0;
	if (llm_net_from_model(&net, m))
		return;
	llm_evaluate(&net, h, 16, NULL, e, NULL);
	llm_net_free(&net);
}

int llm_train(struct llm_model *m, struct llm_adam *adam,
	      const struct llm_dataset *d, const struct llm_train_opts *o,
	      struct llm_train_result *res, char *err, size_t errlen)
{
	uint32_t nthreads = o->threads ? o->threads : 1, k;
	struct worker *w = calloc(nthreads, sizeof(*w));
	struct window *win = calloc(o->batch, sizeof(*win));
	uint64_t *cum = calloc(d->n + 1, sizeof(*cum));
	uint64_t step, first = adam->t + 1, done_tokens = 0;
	double start = now();
	uint8_t *decay = NULL;
	size_t i;
	int ret = 0;

	memset(res, 0, sizeof(*res));
	res->held.loss = NAN;
	if (!w || !win || !cum) {
		ret = -ENOMEM;
		goto out;
	}
	if (d->vocab_size > m->cfg.vocab_size ||
	    d->vocab_hash != m->info.vocab_hash) {
		ret = fail(err, errlen,
			   "data vocabulary %08x (%u tokens) does not match the model's %08x (%u)",
			   d->vocab_hash, d->vocab_size, m->info.vocab_hash,
			   m->cfg.vocab_size);
		goto out;
	}
	for (i = 0; i < d->n; i++) {
		const struct llm_seq *s = &d->seqs[i];

		cum[i + 1] = cum[i] + (s->len > 1 ? s->len - 1 : 0);
		if (s->label >= (int32_t)m->cfg.n_classes) {
			ret = fail(err, errlen,
				   "sequence %zu: class %d, the model has %u",
				   i, s->label, m->cfg.n_classes);
			goto out;
		}
	}
	if (!cum[d->n]) {
		ret = fail(err, errlen, "no sequence has two tokens");
		goto out;
	}
	if (o->teacher) {
		ret = llm_distill_check(&m->cfg, &o->teacher->cfg, err,
					errlen);
		if (ret)
			goto out;
	}
	if (o->weight_decay > 0.0f) {
		struct decay_mask dm = { calloc(m->n_params, 1), m->params };

		decay = dm.mask;
		if (!decay) {
			ret = -ENOMEM;
			goto out;
		}
		llm_walk_tensors(&m->cfg, &m->w, decay_one, &dm);
		adam->decay = decay;
		adam->weight_decay = o->weight_decay;
	}
	for (k = 0; k < nthreads; k++) {
		ret = worker_init(&w[k], m, d, o);
		if (ret)
			goto out;
	}
	for (step = first; step <= o->steps; step++) {
		uint64_t targets = sample(win, o->batch, d, cum,
					  m->cfg.context, o->seed, step);
		uint32_t per = (o->batch + nthreads - 1) / nthreads, at = 0;
		double lm = 0.0, aux = 0.0, loss;
		float lr, norm;

		for (k = 0; k < nthreads; k++) {
			w[k].win = win;
			w[k].first = at;
			w[k].count = at + per <= o->batch ? per : o->batch - at;
			at += w[k].count;
			w[k].lm_scale = 1.0f / (float)targets;
			if (k && pthread_create(&w[k].thread, NULL, worker_run,
						&w[k]))
				worker_run(&w[k]);
		}
		worker_run(&w[0]);
		for (k = 1; k < nthreads; k++)
			if (w[k].thread)
				pthread_join(w[k].thread, NULL);
		for (k = 0; k < nthreads; k++) {
			w[k].thread = 0;
			if (w[k].err) {
				ret = fail(err, errlen,
					   "teacher cannot score the data");
				goto out;
			}
			lm += w[k].lm_loss;
			aux += w[k].aux_loss;
			if (k)
				for (i = 0; i < m->n_params; i++)
					w[0].grad[i] += w[k].grad[i];
		}
		loss = lm / (double)targets + aux;
		norm = llm_clip_grad(w[0].grad, m->n_params, o->clip);
		lr = llm_lr_at(o->schedule, o->lr, m->cfg.d_model, step,
			       o->warmup, o->steps);
		llm_adam_step(adam, m->params, w[0].grad, lr);
		done_tokens += targets;
		res->loss = (float)loss;
		if (!isfinite(loss)) {
			ret = fail(err, errlen, "step %" PRIu64
				   ": loss is not finite (learning rate too high?)",
				   step);
			goto out;
		}
		if (o->log && o->log_every &&
		    (step % o->log_every == 0 || step == o->steps)) {
			double el = now() - start;
			double eta = el / (double)(step - first + 1) *
				     (double)(o->steps - step);

			fprintf(o->log,
				"step %" PRIu64 "/%" PRIu64
				"  loss %.4f  lr %.2e  |g| %.3f  %.0f tok/s  ETA %.0fs\n",
				step, o->steps, loss, lr, norm,
				done_tokens / (el > 0 ? el : 1e-9), eta);
			fflush(o->log);
		}
		if (o->held && o->eval_every && step % o->eval_every == 0 &&
		    step != o->steps) {
			eval_held(m, o->held, &res->held);
			if (o->log)
				fprintf(o->log,
					"eval step %" PRIu64 "  held-out loss %.4f  ppl %.3f  (%" PRIu64 " tokens)\n",
					step, res->held.loss, res->held.ppl,
					res->held.tokens);
		}
		if (o->ckpt_path && ((o->ckpt_every &&
				      step % o->ckpt_every == 0) ||
				     step == o->steps)) {
			ret = llm_checkpoint_save(o->ckpt_path, m, adam, err,
						  errlen);
			if (ret)
				goto out;
		}
	}
	res->tokens_per_s = done_tokens / fmax(now() - start, 1e-9);
	if (o->held) {
		eval_held(m, o->held, &res->held);
		if (o->log)
			fprintf(o->log,
				"held-out loss %.4f  ppl %.3f  (%" PRIu64 " tokens)\n",
				res->held.loss, res->held.ppl,
				res->held.tokens);
	}
out:
	for (k = 0; w && k < nthreads; k++)
		worker_free(&w[k]);
	adam->decay = NULL;
	free(decay);
	free(w);
	free(win);
	free(cum);
	return ret;
}

int llm_fedavg(struct llm_model *out, const struct llm_model *models,
	       const double *weights, int n, char *err, size_t errlen)
{
	double total = 0.0, *acc;
	size_t i;
	int k, ret;

	if (n < 1)
		return fail(err, errlen, "fedavg needs at least one model");
	for (k = 0; k < n; k++) {
		if (memcmp(&models[k].cfg, &models[0].cfg,
			   sizeof(models[0].cfg)))
			return fail(err, errlen,
				    "model %d has other hyperparameters", k);
		if (models[k].info.init_id != models[0].info.init_id)
			return fail(err, errlen,
				    "model %d comes from other initial weights",
				    k);
		if (models[k].info.vocab_hash != models[0].info.vocab_hash)
			return fail(err, errlen,
				    "model %d has another vocabulary", k);
		if (!(weights[k] > 0.0))
			return fail(err, errlen,
				    "model %d has no samples to weigh it", k);
		total += weights[k];
	}
	acc = calloc(models[0].n_params, sizeof(*acc));
	if (!acc)
		return -ENOMEM;
	ret = llm_model_clone(out, &models[0]);
	if (ret) {
		free(acc);
		return ret;
	}
	for (k = 0; k < n; k++)
		for (i = 0; i < out->n_params; i++)
			acc[i] += weights[k] / total * models[k].params[i];
	for (i = 0; i < out->n_params; i++)
		out->params[i] = (float)acc[i];
	free(acc);
	return 0;
}
