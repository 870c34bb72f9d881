// SPDX-License-Identifier: GPL-2.0
/*
 * The inference loop: one pass of the transformer for a batch of
 * (context, token, position) rows. Weight matrices go through
 * mat_apply(), fp32 or int8; attention reads each row's own cache.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layers.h"
#include "score.h"

struct llm_scorer *llm_scorer_new(const struct llm_net *net,
				  uint32_t max_batch,
				  const struct llm_kernels *kern)
{
	const struct llm_config *c = &net->cfg;
	struct llm_scorer *s = calloc(1, sizeof(*s));
	size_t bd, bf, widest;

	if (!s)
		return NULL;
	if (!max_batch)
		max_batch = 1;
	bd = (size_t)max_batch * c->d_model;
	bf = (size_t)max_batch * c->d_ff;
	widest = bf > bd ? bf : bd;
	s->net = net;
	s->kern = kern ? kern : llm_kernels_best();
	s->max_batch = max_batch;
	s->x = malloc(bd * sizeof(float));
	s->xn = malloc(bd * sizeof(float));
	s->q = malloc(bd * sizeof(float));
	s->k = malloc(bd * sizeof(float));
	s->v = malloc(bd * sizeof(float));
	s->att = malloc(bd * sizeof(float));
	s->tmp = malloc(bd * sizeof(float));
	s->h = malloc(bf * sizeof(float));
	s->logits = malloc((size_t)max_batch * c->vocab_size * sizeof(float));
	s->scores = malloc(c->context * sizeof(float));
	s->xq = malloc(widest);
	s->xs = malloc(widest / LLM_GROUP * sizeof(float));
	s->bctx = malloc(max_batch * sizeof(*s->bctx));
	s->bpos = malloc(max_batch * sizeof(*s->bpos));
	s->bout = malloc(max_batch * sizeof(*s->bout));
	if (!s->x || !s->xn || !s->q || !s->k || !s->v || !s->att ||
	    !s->tmp || !s->h || !s->logits || !s->scores || !s->xq ||
	    !s->xs || !s->bctx || !s->bpos || !s->bout) {
		llm_scorer_free(s);
		return NULL;
	}
	return s;
}

void llm_scorer_free(struct llm_scorer *s)
{
	if (!s)
		return;
	free(s->x);
	free(s->xn);
	free(s->q);
	free(s->k);
	free(s->v);
	free(s->att);
	free(s->tmp);
	free(s->h);
	free(s->logits);
	free(s->scores);
	free(s->xq);
	free(s->xs);
	free(s->bctx);
	free(s->bpos);
	free(s->bout);
	free(s);
}

/* y (nb x rows) = x (nb x cols) W^T + bias */
static void mat_apply(struct llm_scorer *s, const struct llm_mat *m,
		      const float *x, uint32_t nb, float *y)
{
	uint32_t b, r, groups = m->cols / LLM_GROUP;

	if (m->f) {
		s->kern->f32_matmul(y, m->f, x, m->rows, m->cols, nb);
	} else {
		/* Activations get their scales at run time, per group too. */
		for (b = 0; b < nb; b++)
			s->kern->quantize(s->xq + (size_t)b * m->cols,
					  s->xs + (size_t)b * groups,
					  x + (size_t)b * m->cols, m->cols);
		s->kern->matmul(y, m->q, m->s, s->xq, s->xs, m->rows, m->cols,
				nb);
	}
	if (m->bias)
		for (b = 0; b < nb; b++)
			for (r = 0; r < m->rows; r++)
				y[(size_t)b * m->rows + r] += m->bias[r];
}

/*
 * One query row against its context's cached keys 0..pos of layer l. Keys
 * are cached transposed (d x context per layer), so both the scores and
 * the weighted sum of values are loops over contiguous memory.
 */
static void attend(struct llm_scorer *s, float *out, const float *q,
		   const struct llm_ctx *c, uint32_t l, uint32_t pos)
{
	const struct llm_config *cf = &s->net->cfg;
	uint32_t d = cf->d_model, T = cf->context, hd = d / cf->n_heads;
	const float *kt = c->k + (size_t)l * d * T;
	const float *v = c->v + (size_t)l * T * d;
	float scale = 1.0f / sqrtf((float)hd), *p = s->scores;
	uint32_t h, j, i;

	for (h = 0; h < cf->n_heads; h++) {
		const float *qh = q + h * hd;
		float *oh = out + h * hd, max = -INFINITY, sum = 0.0f;

		memset(p, 0, (pos + 1) * sizeof(float));
		for (i = 0; i < hd; i++)
			llm_axpy(p, qh[i] * scale, kt + (size_t)(h * hd + i) * T,
				 pos + 1);
		for (j = 0; j <= pos; j++)
			max = p[j] > max ? p[j] : max;
		for (j = 0; j <= pos; j++) {
			p[j] = expf(p[j] - max);
			sum += p[j];
		}
		memset(oh, 0, hd * sizeof(float));
		for (j = 0; j <= pos; j++)
			llm_axpy(oh, p[j] / sum, v + (size_t)j * d + h * hd,
				 hd);
	}
}

/*
 * The rows of a step whose next-token distribution is kept: all with logp,
 * else each context's last row (earlier ones would be overwritten). The lm
 * head and the softmax over the vocabulary cost as much as the rest of the
 * net, so a window rebuilt in one pass pays for them once.
 */
static uint32_t rows_out(struct llm_scorer *s, uint32_t nb, bool all)
{
	uint32_t b, m = 0;

	for (b = 0; b < nb; b++)
		if (all || b + 1 == nb || s->bctx[b + 1] != s->bctx[b])
			s->bout[m++] = b;
	return m;
}

/*
 * Runs rows (s->bctx[b], toks[b], s->bpos[b]), b < nb, through the net;
 * logp (nb x vocab, or NULL) gets every row's next-token log-probabilities.
 * A context's rows in one step are consecutive.
 */
static void step(struct llm_scorer *s, const uint16_t *toks, uint32_t nb,
		 float *logp)
{
	const struct llm_net *n = s->net;
	const struct llm_config *c = &n->cfg;
	uint32_t d = c->d_model, f = c->d_ff, V = c->vocab_size, b, i, l, m;
	size_t nd = (size_t)nb * d;

	for (b = 0; b < nb; b++)
		for (i = 0; i < d; i++)
			s->x[(size_t)b * d + i] =
				n->tok_emb[(size_t)toks[b] * d + i] +
				n->pos_emb[(size_t)s->bpos[b] * d + i];
	for (l = 0; l < c->n_layers; l++) {
		const struct llm_net_layer *y = &n->layers[l];

		llm_vlayernorm(s->xn, s->x, y->ln1_g, y->ln1_b, nb, d);
		mat_apply(s, &y->wq, s->xn, nb, s->q);
		mat_apply(s, &y->wk, s->xn, nb, s->k);
		mat_apply(s, &y->wv, s->xn, nb, s->v);
		/* All rows' keys first: rows of one context see each other. */
		for (b = 0; b < nb; b++) {
			size_t T = c->context, at = ((size_t)l * T + s->bpos[b]) * d;
			float *kt = s->bctx[b]->k + (size_t)l * d * T + s->bpos[b];

			for (i = 0; i < d; i++)
				kt[i * T] = s->k[(size_t)b * d + i];
			memcpy(s->bctx[b]->v + at, s->v + (size_t)b * d,
			       d * sizeof(float));
		}
		for (b = 0; b < nb; b++)
			attend(s, s->att + (size_t)b * d, s->q + (size_t)b * d,
			       s->bctx[b], l, s->bpos[b]);
		mat_apply(s, &y->wo, s->att, nb, s->tmp);
		for (i = 0; i < nd; i++)
			s->x[i] += s->tmp[i];
		llm_vlayernorm(s->xn, s->x, y->ln2_g, y->ln2_b, nb, d);
		mat_apply(s, &y->w1, s->xn, nb, s->h);
		llm_vgelu(s->h, s->h, nb * f);
		mat_apply(s, &y->w2, s->h, nb, s->tmp);
		for (i = 0; i < nd; i++)
			s->x[i] += s->tmp[i];
	}
	llm_vlayernorm(s->xn, s->x, n->lnf_g, n->lnf_b, nb, d);
	for (b = 0; b < nb; b++) {
		struct llm_ctx *x = s->bctx[b];

		for (i = 0; i < d; i++)
			x->pool[i] += s->xn[(size_t)b * d + i];
		x->tok[s->bpos[b]] = toks[b];
		x->n = s->bpos[b] + 1;
	}
	m = rows_out(s, nb, logp != NULL);
	if (m == nb) {
		mat_apply(s, &n->lm, s->xn, nb, s->logits);
	} else {
		for (i = 0; i < m; i++)
			memcpy(s->tmp + (size_t)i * d,
			       s->xn + (size_t)s->bout[i] * d, d * sizeof(float));
		mat_apply(s, &n->lm, s->tmp, m, s->logits);
	}
	for (i = 0; i < m; i++) {
		float *lg = s->logits + (size_t)i * V;

		b = s->bout[i];
		s->bctx[b]->best = (uint16_t)llm_vlog_softmax(lg, V);
		memcpy(s->bctx[b]->logp, lg, V * sizeof(float));
		if (logp)
			memcpy(logp + (size_t)b * V, lg, V * sizeof(float));
	}
}

/* Runs toks[0..n-1] through c at positions base.. (no slide), batched. */
static void run_rows(struct llm_scorer *s, struct llm_ctx *c, uint32_t base,
		     const uint16_t *toks, uint32_t n, float *logp)
{
	uint32_t V = s->net->cfg.vocab_size, done, i;

	for (done = 0; done < n; done += i) {
		for (i = 0; i < s->max_batch && done + i < n; i++) {
			s->bctx[i] = c;
			s->bpos[i] = base + done + i;
		}
		step(s, toks + done, i, logp ? logp + (size_t)done * V : NULL);
	}
}

/* Restarts a full window from its last `keep` tokens. */
static void slide(struct llm_scorer *s, struct llm_ctx *c)
{
	memmove(c->tok, c->tok + c->n - c->keep, c->keep * sizeof(*c->tok));
	llm_ctx_reset(c);
	run_rows(s, c, 0, c->tok, c->keep, NULL);
}

int llm_score_batch(struct llm_scorer *s, struct llm_ctx **ctx,
		    const uint16_t *toks, uint32_t n, float *nll)
{
	uint32_t V = s->net->cfg.vocab_size, i, done, m;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		if (toks[i] >= V || ctx[i]->busy)
			err = -EINVAL;
		else
			ctx[i]->busy = true;
	}
	if (err) {
		/* Clear the flags this call set (all but the failing one). */
		while (--i > 0)
			ctx[i - 1]->busy = false;
		return err;
	}
	for (i = 0; i < n; i++) {
		ctx[i]->busy = false;
		if (ctx[i]->n == s->net->cfg.context)
			slide(s, ctx[i]);
		nll[i] = ctx[i]->n ? -ctx[i]->logp[toks[i]] : NAN;
	}
	for (done = 0; done < n; done += m) {
		for (m = 0; m < s->max_batch && done + m < n; m++) {
			s->bctx[m] = ctx[done + m];
			s->bpos[m] = ctx[done + m]->n;
		}
		step(s, toks + done, m, NULL);
	}
	return 0;
}

/* 0 if n tokens, all in the vocabulary, fit after base tokens. */
static int check_rows(const struct llm_config *cf, uint32_t base,
		      const uint16_t *toks, uint32_t n)
{
	if (base > cf->context || n > cf->context - base)
		return -EINVAL;
	for (uint32_t i = 0; i < n; i++)
		if (toks[i] >= cf->vocab_size)
			return -EINVAL;
	return 0;
}

int llm_ctx_window(struct llm_scorer *s, struct llm_ctx *c,
		   const uint16_t *toks, uint32_t n, float *logp)
{
	if (check_rows(&s->net->cfg, 0, toks, n))
		return -EINVAL;
	llm_ctx_reset(c);
	run_rows(s, c, 0, toks, n, logp);
	return 0;
}

int llm_ctx_extend(struct llm_scorer *s, struct llm_ctx *c,
		   const uint16_t *toks, uint32_t n, float *logp)
{
	if (check_rows(&s->net->cfg, c->n, toks, n))
		return -EINVAL;
	run_rows(s, c, c->n, toks, n, logp);
	return 0;
}

float llm_ctx_push(struct llm_scorer *s, struct llm_ctx *c, uint16_t tok)
{
	float nll = NAN;

	llm_score_batch(s, &c, &tok, 1, &nll);
	return nll;
}
