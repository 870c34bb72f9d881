// SPDX-License-Identifier: GPL-2.0
/*
 * Pre-norm transformer, fp32 reference:
 *   x = tok_emb[tok] + pos_emb[pos]
 *   per layer: x += Wo attn(LN1(x)); x += FFN(LN2(x))
 *   logits = W_lm LN_f(x) + b;  cls, reg = sched_head(mean(LN_f(x)))
 */
#include <stdlib.h>
#include <string.h>

#include "layers.h"
#include "rng.h"
#include "transformer.h"

struct carve {
	float *base;
	size_t used;
};

/* Hands out consecutive pieces of one allocation (NULL base: just count). */
static float *take(struct carve *c, size_t n)
{
	float *p = c->base ? c->base + c->used : NULL;

	c->used += n;
	return p;
}

static void layout(struct llm_acts *a, struct carve *c)
{
	const struct llm_config *k = &a->cfg;
	size_t T = k->context, d = k->d_model, f = k->d_ff;
	uint32_t l;

	a->x0 = take(c, T * d);
	a->drop_emb = take(c, T * d);
	for (l = 0; l < k->n_layers; l++) {
		struct llm_layer_acts *y = &a->l[l];

		y->ln1 = take(c, T * d);
		y->ln1_mean = take(c, T);
		y->ln1_rstd = take(c, T);
		y->q = take(c, T * d);
		y->k = take(c, T * d);
		y->v = take(c, T * d);
		y->probs = take(c, k->n_heads * T * T);
		y->att = take(c, T * d);
		y->mid = take(c, T * d);
		y->ln2 = take(c, T * d);
		y->ln2_mean = take(c, T);
		y->ln2_rstd = take(c, T);
		y->h = take(c, T * f);
		y->a = take(c, T * f);
		y->out = take(c, T * d);
		y->drop_att = take(c, T * d);
		y->drop_ffn = take(c, T * d);
	}
	a->lnf = take(c, T * d);
	a->lnf_mean = take(c, T);
	a->lnf_rstd = take(c, T);
	a->logits = take(c, T * k->vocab_size);
	a->cls = take(c, k->n_classes);
	a->pooled = take(c, d);
	a->dx = take(c, T * d);
	a->dln = take(c, T * d);
	a->datt = take(c, T * d);
	a->dq = take(c, T * d);
	a->dk = take(c, T * d);
	a->dv = take(c, T * d);
	a->dh = take(c, T * f);
	a->da = take(c, T * f);
	a->dlnf = take(c, T * d);
}

struct llm_acts *llm_acts_new(const struct llm_config *c)
{
	struct llm_acts *a = calloc(1, sizeof(*a));
	struct carve cv = { NULL, 0 };

	if (!a)
		return NULL;
	a->cfg = *c;
	a->l = calloc(c->n_layers, sizeof(*a->l));
	a->tok = calloc(c->context, sizeof(*a->tok));
	if (!a->l || !a->tok)
		goto fail;
	layout(a, &cv);
	a->mem = calloc(cv.used, sizeof(float));
	if (!a->mem)
		goto fail;
	cv.base = a->mem;
	cv.used = 0;
	layout(a, &cv);
	return a;
fail:
	llm_acts_free(a);
	return NULL;
}

void llm_acts_free(struct llm_acts *a)
{
	if (!a)
		return;
	free(a->mem);
	free(a->l);
	free(a->tok);
	free(a);
}

/* Draws a dropout mask of n entries: 0 with probability p, else 1/(1-p). */
static void draw_mask(float *mask, size_t n, float p, struct llm_rng *r)
{
	float keep = 1.0f / (1.0f - p);
	size_t i;

	for (i = 0; i < n; i++)
		mask[i] = llm_rng_uniform(r) < p ? 0.0f : keep;
}

/* x *= mask, when dropout is on. */
static void apply_mask(float *x, const float *mask, size_t n, float p)
{
	size_t i;

	if (p > 0.0f)
		for (i = 0; i < n; i++)
			x[i] *= mask[i];
}

void llm_forward(const struct llm_model *m, struct llm_acts *a,
		 const uint16_t *tok, uint32_t n)
{
	llm_forward_train(m, a, tok, n, 0.0f, 0);
}

void llm_forward_train(const struct llm_model *m, struct llm_acts *a,
		       const uint16_t *tok, uint32_t n, float p,
		       uint64_t seed)
{
	const struct llm_config *c = &m->cfg;
	uint32_t d = c->d_model, f = c->d_ff, t, i, l;
	size_t nd = (size_t)n * d;
	const float *x = a->x0;
	struct llm_rng r = { seed };

	a->n = n;
	a->dropout = p;
	if (p > 0.0f) {
		draw_mask(a->drop_emb, nd, p, &r);
		for (l = 0; l < c->n_layers; l++) {
			draw_mask(a->l[l].drop_att, nd, p, &r);
			draw_mask(a->l[l].drop_ffn, nd, p, &r);
		}
	}
	memcpy(a->tok, tok, n * sizeof(*tok));
	for (t = 0; t < n; t++) {
		const float *te = m->w.tok_emb + (size_t)tok[t] * d;
		const float *pe = m->w.pos_emb + (size_t)t * d;

		for (i = 0; i < d; i++)
			a->x0[(size_t)t * d + i] = te[i] + pe[i];
	}
	apply_mask(a->x0, a->drop_emb, nd, p);
	for (l = 0; l < c->n_layers; l++) {
		const struct llm_layer_w *w = &m->w.layers[l];
		struct llm_layer_acts *y = &a->l[l];

		llm_layernorm_fwd(y->ln1, y->ln1_mean, y->ln1_rstd, x,
				  w->ln1_g, w->ln1_b, n, d);
		llm_linear_fwd(y->q, y->ln1, w->wq, w->bq, n, d, d);
		llm_linear_fwd(y->k, y->ln1, w->wk, w->bk, n, d, d);
		llm_linear_fwd(y->v, y->ln1, w->wv, w->bv, n, d, d);
		llm_attention_fwd(y->att, y->probs, y->q, y->k, y->v, n, d,
				  c->n_heads);
		llm_linear_fwd(y->mid, y->att, w->wo, w->bo, n, d, d);
		apply_mask(y->mid, y->drop_att, nd, p);
		for (i = 0; i < n * d; i++)
			y->mid[i] += x[i];
		llm_layernorm_fwd(y->ln2, y->ln2_mean, y->ln2_rstd, y->mid,
				  w->ln2_g, w->ln2_b, n, d);
		llm_ffn_fwd(y->out, y->h, y->a, y->ln2, w->w1, w->b1, w->w2,
			    w->b2, n, d, f);
		apply_mask(y->out, y->drop_ffn, nd, p);
		for (i = 0; i < n * d; i++)
			y->out[i] += y->mid[i];
		x = y->out;
	}
	llm_layernorm_fwd(a->lnf, a->lnf_mean, a->lnf_rstd, x, m->w.lnf_g,
			  m->w.lnf_b, n, d);
	llm_linear_fwd(a->logits, a->lnf, m->w.w_lm, m->w.b_lm, n, d,
		       c->vocab_size);
	llm_sched_fwd(a->cls, &a->reg, a->pooled, a->lnf, m->w.w_cls,
		      m->w.b_cls, m->w.w_reg, m->w.b_reg, n, d, c->n_classes);
}

/* dy through a branch's dropout mask, in buf; dy itself without dropout. */
static const float *through_mask(float *buf, const float *dy,
				 const float *mask, size_t n, float p)
{
	if (p <= 0.0f)
		return dy;
	memcpy(buf, dy, n * sizeof(float));
	apply_mask(buf, mask, n, p);
	return buf;
}

static void zero(float *p, size_t n)
{
	memset(p, 0, n * sizeof(float));
}

void llm_backward(const struct llm_model *m, struct llm_acts *a,
		  const float *dlogits, const float *dcls, float dreg,
		  struct llm_weights *g)
{
	const struct llm_config *c = &m->cfg;
	uint32_t d = c->d_model, f = c->d_ff, n = a->n, t, i, l;
	size_t nd = (size_t)n * d;
	const float *dy;

	zero(a->dlnf, nd);
	if (dlogits)
		llm_linear_bwd(a->dlnf, g->w_lm, g->b_lm, dlogits, a->lnf,
			       m->w.w_lm, n, d, c->vocab_size);
	llm_sched_bwd(a->dlnf, g->w_cls, g->b_cls, g->w_reg, g->b_reg, dcls,
		      dreg, a->pooled, m->w.w_cls, m->w.w_reg, n, d,
		      c->n_classes);
	zero(a->dx, nd);
	llm_layernorm_bwd(a->dx, g->lnf_g, g->lnf_b, a->dlnf,
			  c->n_layers ? a->l[c->n_layers - 1].out : a->x0,
			  a->lnf_mean, a->lnf_rstd, m->w.lnf_g, n, d);
	for (l = c->n_layers; l-- > 0;) {
		const struct llm_layer_w *w = &m->w.layers[l];
		struct llm_layer_w *gw = &g->layers[l];
		struct llm_layer_acts *y = &a->l[l];
		const float *xin = l ? a->l[l - 1].out : a->x0;

		/*
		 * out = mid + FFN(LN2(mid)): dx already holds d(out), the
		 * branch's gradient is that through its dropout mask.
		 */
		zero(a->dln, nd);
		dy = through_mask(a->datt, a->dx, y->drop_ffn, nd, a->dropout);
		llm_ffn_bwd(a->dln, gw->w1, gw->b1, gw->w2, gw->b2, a->dh,
			    a->da, dy, y->ln2, y->h, y->a, w->w1, w->w2, n, d,
			    f);
		llm_layernorm_bwd(a->dx, gw->ln2_g, gw->ln2_b, a->dln, y->mid,
				  y->ln2_mean, y->ln2_rstd, w->ln2_g, n, d);
		/* mid = xin + Wo attn(LN1(xin)), the same way. */
		dy = through_mask(a->dln, a->dx, y->drop_att, nd, a->dropout);
		zero(a->datt, nd);
		llm_linear_bwd(a->datt, gw->wo, gw->bo, dy, y->att, w->wo, n,
			       d, d);
		zero(a->dq, nd);
		zero(a->dk, nd);
		zero(a->dv, nd);
		llm_attention_bwd(a->dq, a->dk, a->dv, a->datt, y->probs, y->q,
				  y->k, y->v, n, d, c->n_heads);
		zero(a->dln, nd);
		llm_linear_bwd(a->dln, gw->wq, gw->bq, a->dq, y->ln1, w->wq,
			       n, d, d);
		llm_linear_bwd(a->dln, gw->wk, gw->bk, a->dk, y->ln1, w->wk,
			       n, d, d);
		llm_linear_bwd(a->dln, gw->wv, gw->bv, a->dv, y->ln1, w->wv,
			       n, d, d);
		llm_layernorm_bwd(a->dx, gw->ln1_g, gw->ln1_b, a->dln, xin,
				  y->ln1_mean, y->ln1_rstd, w->ln1_g, n, d);
	}
	apply_mask(a->dx, a->drop_emb, nd, a->dropout);
	for (t = 0; t < n; t++) {
		float *ge = g->tok_emb + (size_t)a->tok[t] * d;
		float *gp = g->pos_emb + (size_t)t * d;

		for (i = 0; i < d; i++) {
			ge[i] += a->dx[(size_t)t * d + i];
			gp[i] += a->dx[(size_t)t * d + i];
		}
	}
}
