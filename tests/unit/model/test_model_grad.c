// SPDX-License-Identifier: GPL-2.0
/*
 * Finite-difference gradient checks: every layer's backward, every loss,
 * and the whole model (both heads) against central differences of the
 * forward pass. A check fails when max |analytic - numeric| /
 * max(|analytic|, |numeric|, 0.05) reaches TOL.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "layers.h"
#include "model_testlib.h"
#include "transformer.h"

#define EPS 1e-2f
#define TOL 1e-2

/* The scalar probe: L = sum r[i] * out[i] for a fixed random r. */
typedef void (*fwd_fn)(void *ctx, float *out);

struct probe {
	void *ctx;
	fwd_fn fwd;
	const float *r;
	size_t nout;
	float *tmp;
};

static double probe_loss(struct probe *p)
{
	double s = 0.0;
	size_t i;

	p->fwd(p->ctx, p->tmp);
	for (i = 0; i < p->nout; i++)
		s += (double)p->r[i] * p->tmp[i];
	return s;
}

/* Largest error of ga (analytic dL/dx) against central differences. */
static double max_error(struct probe *p, float *x, const float *ga, size_t n)
{
	double worst = 0.0;
	size_t i;

	for (i = 0; i < n; i++) {
		float save = x[i];
		double lp, lm, num, err;

		x[i] = save + EPS;
		lp = probe_loss(p);
		x[i] = save - EPS;
		lm = probe_loss(p);
		x[i] = save;
		num = (lp - lm) / (2.0 * EPS);
		err = fabs(ga[i] - num) /
		      fmax(fmax(fabs(ga[i]), fabs(num)), 0.05);
		if (err > worst)
			worst = err;
	}
	return worst;
}

static void check(const char *what, struct probe *p, float *x,
		  const float *ga, size_t n)
{
	double worst = max_error(p, x, ga, n);

	printf("# gradcheck %-22s max rel error %.2e\n", what, worst);
	assert_true(worst < TOL);
}

static float *rnd(size_t n, struct llm_rng *r, float mean, float std)
{
	float *p = malloc(n * sizeof(float));

	assert_non_null(p);
	tl_fill(p, n, r, mean, std);
	return p;
}

static float *zeros(size_t n)
{
	float *p = calloc(n, sizeof(float));

	assert_non_null(p);
	return p;
}

/* --- layernorm ---------------------------------------------------------- */
enum { LN_N = 3, LN_D = 32 };
struct ln_ctx {
	float *x, *g, *b;
};

static void ln_fwd(void *c, float *out)
{
	struct ln_ctx *l = c;

	llm_layernorm_fwd(out, NULL, NULL, l->x, l->g, l->b, LN_N, LN_D);
}

static void test_layernorm(void **state)
{
	struct llm_rng r = { 11 };
	size_t nx = LN_N * LN_D;
	struct ln_ctx l = { rnd(nx, &r, 0.3f, 1.0f), rnd(LN_D, &r, 1.0f, 0.3f),
			    rnd(LN_D, &r, 0.0f, 0.3f) };
	float *ry = rnd(nx, &r, 0, 1), mean[LN_N], rstd[LN_N], y[LN_N * LN_D];
	float *dx = zeros(nx), *dg = zeros(LN_D), *db = zeros(LN_D);
	struct probe p = { &l, ln_fwd, ry, nx, zeros(nx) };

	(void)state;
	llm_layernorm_fwd(y, mean, rstd, l.x, l.g, l.b, LN_N, LN_D);
	llm_layernorm_bwd(dx, dg, db, ry, l.x, mean, rstd, l.g, LN_N, LN_D);
	check("layernorm dx", &p, l.x, dx, nx);
	check("layernorm dgain", &p, l.g, dg, LN_D);
	check("layernorm dbias", &p, l.b, db, LN_D);
	free(l.x), free(l.g), free(l.b), free(ry), free(dx), free(dg);
	free(db), free(p.tmp);
}

/* --- linear ------------------------------------------------------------- */
enum { LI_N = 3, LI_IN = 7, LI_OUT = 5 };
struct li_ctx {
	float *x, *w, *b;
};

static void li_fwd(void *c, float *out)
{
	struct li_ctx *l = c;

	llm_linear_fwd(out, l->x, l->w, l->b, LI_N, LI_IN, LI_OUT);
}

static void test_linear(void **state)
{
	struct llm_rng r = { 12 };
	size_t nx = LI_N * LI_IN, nw = LI_OUT * LI_IN, ny = LI_N * LI_OUT;
	struct li_ctx l = { rnd(nx, &r, 0, 1), rnd(nw, &r, 0, 1),
			    rnd(LI_OUT, &r, 0, 1) };
	float *ry = rnd(ny, &r, 0, 1);
	float *dx = zeros(nx), *dw = zeros(nw), *db = zeros(LI_OUT);
	struct probe p = { &l, li_fwd, ry, ny, zeros(ny) };

	(void)state;
	llm_linear_bwd(dx, dw, db, ry, l.x, l.w, LI_N, LI_IN, LI_OUT);
	check("linear dx", &p, l.x, dx, nx);
	check("linear dweight", &p, l.w, dw, nw);
	check("linear dbias", &p, l.b, db, LI_OUT);
	free(l.x), free(l.w), free(l.b), free(ry), free(dx), free(dw);
	free(db), free(p.tmp);
}

/* --- attention ---------------------------------------------------------- */
enum { AT_N = 5, AT_D = 8, AT_H = 2 };
struct at_ctx {
	float *q, *k, *v, probs[AT_H * AT_N * AT_N];
};

static void at_fwd(void *c, float *out)
{
	struct at_ctx *a = c;

	llm_attention_fwd(out, a->probs, a->q, a->k, a->v, AT_N, AT_D, AT_H);
}

static void test_attention(void **state)
{
	struct llm_rng r = { 13 };
	size_t n = AT_N * AT_D;
	struct at_ctx a = { rnd(n, &r, 0, 1), rnd(n, &r, 0, 1),
			    rnd(n, &r, 0, 1), { 0 } };
	float *ry = rnd(n, &r, 0, 1), out[AT_N * AT_D];
	float *dq = zeros(n), *dk = zeros(n), *dv = zeros(n);
	struct probe p = { &a, at_fwd, ry, n, zeros(n) };
	uint32_t h, t, j;

	(void)state;
	llm_attention_fwd(out, a.probs, a.q, a.k, a.v, AT_N, AT_D, AT_H);
	/* The causal mask: nothing attends to a later position. */
	for (h = 0; h < AT_H; h++)
		for (t = 0; t < AT_N; t++)
			for (j = t + 1; j < AT_N; j++)
				assert_true(a.probs[(h * AT_N + t) * AT_N + j] ==
					    0.0f);
	llm_attention_bwd(dq, dk, dv, ry, a.probs, a.q, a.k, a.v, AT_N, AT_D,
			  AT_H);
	check("attention dq", &p, a.q, dq, n);
	check("attention dk", &p, a.k, dk, n);
	check("attention dv", &p, a.v, dv, n);
	free(a.q), free(a.k), free(a.v), free(ry), free(dq), free(dk);
	free(dv), free(p.tmp);
}

/* --- feed-forward (with the GELU) -------------------------------------- */
enum { FF_N = 3, FF_D = 6, FF_F = 10 };
struct ff_ctx {
	float *x, *w1, *b1, *w2, *b2, h[FF_N * FF_F], a[FF_N * FF_F];
};

static void ff_fwd(void *c, float *out)
{
	struct ff_ctx *f = c;

	llm_ffn_fwd(out, f->h, f->a, f->x, f->w1, f->b1, f->w2, f->b2, FF_N,
		    FF_D, FF_F);
}

static void test_ffn(void **state)
{
	struct llm_rng r = { 14 };
	size_t nx = FF_N * FF_D, n1 = FF_F * FF_D;
	struct ff_ctx f = { rnd(nx, &r, 0, 1), rnd(n1, &r, 0, 0.7f),
			    rnd(FF_F, &r, 0, 0.5f), rnd(n1, &r, 0, 0.7f),
			    rnd(FF_D, &r, 0, 0.5f), { 0 }, { 0 } };
	float *ry = rnd(nx, &r, 0, 1), out[FF_N * FF_D];
	float dh[FF_N * FF_F], da[FF_N * FF_F];
	float *dx = zeros(nx), *dw1 = zeros(n1), *db1 = zeros(FF_F);
	float *dw2 = zeros(n1), *db2 = zeros(FF_D);
	struct probe p = { &f, ff_fwd, ry, nx, zeros(nx) };

	(void)state;
	ff_fwd(&f, out);
	llm_ffn_bwd(dx, dw1, db1, dw2, db2, dh, da, ry, f.x, f.h, f.a, f.w1,
		    f.w2, FF_N, FF_D, FF_F);
	check("ffn dx", &p, f.x, dx, nx);
	check("ffn dw1", &p, f.w1, dw1, n1);
	check("ffn db1", &p, f.b1, db1, FF_F);
	check("ffn dw2", &p, f.w2, dw2, n1);
	check("ffn db2", &p, f.b2, db2, FF_D);
	free(f.x), free(f.w1), free(f.b1), free(f.w2), free(f.b2), free(ry);
	free(dx), free(dw1), free(db1), free(dw2), free(db2), free(p.tmp);
}

/* --- scheduling head ----------------------------------------------------- */
enum { SH_N = 4, SH_D = 6, SH_C = 3 };
struct sh_ctx {
	float *x, *wc, *bc, *wr, *br, pooled[SH_D];
};

/* Output: the class logits, then the regression value. */
static void sh_fwd(void *c, float *out)
{
	struct sh_ctx *s = c;

	llm_sched_fwd(out, out + SH_C, s->pooled, s->x, s->wc, s->bc, s->wr,
		      s->br, SH_N, SH_D, SH_C);
}

static void test_sched_head(void **state)
{
	struct llm_rng r = { 15 };
	size_t nx = SH_N * SH_D, nw = SH_C * SH_D;
	struct sh_ctx s = { rnd(nx, &r, 0, 1), rnd(nw, &r, 0, 1),
			    rnd(SH_C, &r, 0, 1), rnd(SH_D, &r, 0, 1),
			    rnd(1, &r, 0, 1), { 0 } };
	float *ry = rnd(SH_C + 1, &r, 0, 1), out[SH_C + 1];
	float *dx = zeros(nx), *dwc = zeros(nw), *dbc = zeros(SH_C);
	float *dwr = zeros(SH_D), *dbr = zeros(1);
	struct probe p = { &s, sh_fwd, ry, SH_C + 1, zeros(SH_C + 1) };

	(void)state;
	sh_fwd(&s, out);
	llm_sched_bwd(dx, dwc, dbc, dwr, dbr, ry, ry[SH_C], s.pooled, s.wc,
		      s.wr, SH_N, SH_D, SH_C);
	check("sched head dx", &p, s.x, dx, nx);
	check("sched head dw_cls", &p, s.wc, dwc, nw);
	check("sched head db_cls", &p, s.bc, dbc, SH_C);
	check("sched head dw_reg", &p, s.wr, dwr, SH_D);
	check("sched head db_reg", &p, s.br, dbr, 1);
	free(s.x), free(s.wc), free(s.bc), free(s.wr), free(s.br), free(ry);
	free(dx), free(dwc), free(dbc), free(dwr), free(dbr), free(p.tmp);
}

/* --- losses --------------------------------------------------------------- */
enum { LO_V = 9 };
struct lo_ctx {
	float *z, *teacher, y;
	int kind;	/* 0 ce, 1 soft ce, 2 squared */
};

static void lo_fwd(void *c, float *out)
{
	struct lo_ctx *l = c;

	if (l->kind == 0)
		out[0] = llm_ce_loss(NULL, l->z, LO_V, 4, 1.0f);
	else if (l->kind == 1)
		out[0] = llm_soft_ce_loss(NULL, l->z, l->teacher, LO_V, 2.5f,
					  1.0f);
	else
		out[0] = llm_sq_loss(NULL, l->z[0], 0.7f, 1.0f);
}

static void test_losses(void **state)
{
	struct llm_rng r = { 16 };
	struct lo_ctx l = { rnd(LO_V, &r, 0, 2), rnd(LO_V, &r, 0, 2), 0, 0 };
	float one = 1.0f, dz[LO_V], sum = 0.0f;
	struct probe p = { &l, lo_fwd, &one, 1, zeros(1) };
	uint32_t i;

	(void)state;
	llm_ce_loss(dz, l.z, LO_V, 4, 1.0f);
	check("cross-entropy", &p, l.z, dz, LO_V);
	/* softmax - onehot sums to zero */
	for (i = 0; i < LO_V; i++)
		sum += dz[i];
	assert_true(fabsf(sum) < 1e-5f);
	l.kind = 1;
	llm_soft_ce_loss(dz, l.z, l.teacher, LO_V, 2.5f, 1.0f);
	check("distillation soft CE", &p, l.z, dz, LO_V);
	l.kind = 2;
	llm_sq_loss(dz, l.z[0], 0.7f, 1.0f);
	check("squared loss", &p, l.z, dz, 1);
	free(l.z), free(l.teacher), free(p.tmp);
}

/* --- the whole model ------------------------------------------------------ */
enum { FM_N = 7, FM_LABEL = 1 };
static const float fm_target = 0.8f;
static const uint16_t fm_tok[FM_N + 1] = { 3, 1, 4, 1, 5, 9, 2, 6 };

struct fm_ctx {
	struct llm_model m;
	struct llm_acts *a;
	float dropout;		/* masks from a fixed seed: a fixed function */
};

/* Total loss: LM cross-entropy + class cross-entropy + squared loss. */
static float fm_loss(struct fm_ctx *f, float *dlogits, float *dcls,
		     float *dreg)
{
	uint32_t V = f->m.cfg.vocab_size, t;
	float loss = 0.0f;

	llm_forward_train(&f->m, f->a, fm_tok, FM_N, f->dropout, 99);
	for (t = 0; t < FM_N; t++)
		loss += llm_ce_loss(dlogits ? dlogits + t * V : NULL,
				    f->a->logits + t * V, V, fm_tok[t + 1],
				    1.0f / FM_N) / FM_N;
	loss += llm_ce_loss(dcls, f->a->cls, f->m.cfg.n_classes, FM_LABEL,
			    1.0f);
	loss += llm_sq_loss(dreg, f->a->reg, fm_target, 1.0f);
	return loss;
}

static void fm_fwd(void *c, float *out)
{
	out[0] = fm_loss(c, NULL, NULL, NULL);
}

struct fm_walk {
	struct probe *p;
	const float *grad;	/* same layout as the parameters */
	struct llm_rng r;
	double worst;
};

/* Checks a few random entries of every tensor. */
static void fm_check_one(void *arg, const char *name, uint32_t layer,
			 uint32_t rows, uint32_t cols, bool quantized,
			 float **slot)
{
	struct fm_walk *w = arg;
	struct fm_ctx *f = w->p->ctx;
	size_t n = (size_t)rows * cols, at = *slot - f->m.params, off;
	double worst = 0.0;
	char label[48];
	int k;

	(void)quantized;
	for (k = 0; k < 4; k++) {
		/* Embedding rows of tokens in the window, not unused ones. */
		if (!strcmp(name, "tok_emb"))
			off = fm_tok[k] * cols + llm_rng_below(&w->r, cols);
		else
			off = llm_rng_below(&w->r, n);
		worst = fmax(worst, max_error(w->p, f->m.params + at + off,
					      w->grad + at + off, 1));
	}
	printf("# gradcheck model %-15s max rel error %.2e\n",
	       llm_tensor_label(label, sizeof(label), name, layer), worst);
	assert_true(worst < TOL);
	w->worst = fmax(w->worst, worst);
}

static void check_full_model(float dropout)
{
	struct llm_config c = { .n_layers = 2, .d_model = 32, .n_heads = 2,
				.d_ff = 32, .context = 8, .vocab_size = 10,
				.n_classes = 3 };
	struct fm_ctx f;
	struct llm_model g;
	float one = 1.0f, dreg = 0.0f, dcls[3], *dlogits;
	struct probe p = { &f, fm_fwd, &one, 1, zeros(1) };
	struct fm_walk w = { &p, NULL, { 17 }, 0.0 };
	struct llm_rng r = { 18 };

	f.dropout = dropout;
	assert_int_equal(llm_model_init(&f.m, &c, 0, 5), 0);
	/* Larger than the training init so every gradient is well above
	 * float noise. */
	tl_fill(f.m.params, f.m.n_params, &r, 0.0f, 0.3f);
	tl_fill(f.m.w.layers[0].ln1_g, c.d_model, &r, 1.0f, 0.2f);
	tl_fill(f.m.w.layers[1].ln2_g, c.d_model, &r, 1.0f, 0.2f);
	tl_fill(f.m.w.lnf_g, c.d_model, &r, 1.0f, 0.2f);
	f.a = llm_acts_new(&c);
	assert_int_equal(llm_model_clone(&g, &f.m), 0);
	dlogits = zeros((size_t)FM_N * c.vocab_size);
	fm_loss(&f, dlogits, dcls, &dreg);
	llm_backward(&f.m, f.a, dlogits, dcls, dreg, &g.w);
	w.grad = g.params;
	llm_walk_tensors(&c, &f.m.w, fm_check_one, &w);
	printf("# gradcheck whole model (dropout %.2f): worst rel error %.2e\n",
	       dropout, w.worst);
	llm_acts_free(f.a);
	llm_model_free(&f.m);
	llm_model_free(&g);
	free(dlogits);
	free(p.tmp);
}

static void test_full_model(void **state)
{
	(void)state;
	check_full_model(0.0f);
}

/* Backward follows forward's masks: the embeddings' and both branches'. */
static void test_full_model_dropout(void **state)
{
	(void)state;
	check_full_model(0.3f);
}

/*
 * Dropout zeroes about p of the masked elements and scales the rest so that
 * their mean stays; the same seed draws the same masks, another seed others.
 */
static void test_dropout_masks(void **state)
{
	struct llm_config c = { .n_layers = 2, .d_model = 32, .n_heads = 2,
				.d_ff = 32, .context = 8, .vocab_size = 10,
				.n_classes = 3 };
	size_t nd = (size_t)FM_N * c.d_model, i, zeros_n = 0;
	size_t logits_bytes = (size_t)FM_N * c.vocab_size * sizeof(float);
	struct llm_model m;
	struct llm_acts *a = llm_acts_new(&c);
	float *first = malloc(logits_bytes), *plain = malloc(logits_bytes);
	double sum = 0.0;

	(void)state;
	assert_non_null(a);
	assert_non_null(first);
	assert_non_null(plain);
	assert_int_equal(llm_model_init(&m, &c, 0, 5), 0);
	llm_forward_train(&m, a, fm_tok, FM_N, 0.25f, 7);
	for (i = 0; i < nd; i++) {
		float v = a->l[1].drop_ffn[i];

		assert_true(v == 0.0f || fabsf(v - 1.0f / 0.75f) < 1e-6f);
		zeros_n += v == 0.0f;
		sum += v;
	}
	/* 224 draws at p 0.25: 56 zeros expected, 5 standard deviations. */
	assert_in_range(zeros_n, 56 - 32, 56 + 32);
	assert_true(fabs(sum / nd - 1.0) < 0.2);
	memcpy(first, a->logits, logits_bytes);
	llm_forward_train(&m, a, fm_tok, FM_N, 0.25f, 7);
	assert_memory_equal(first, a->logits, logits_bytes);
	llm_forward_train(&m, a, fm_tok, FM_N, 0.25f, 8);
	assert_memory_not_equal(first, a->logits, logits_bytes);
	/* p 0 is the plain forward, whatever the seed. */
	llm_forward(&m, a, fm_tok, FM_N);
	memcpy(plain, a->logits, logits_bytes);
	llm_forward_train(&m, a, fm_tok, FM_N, 0.0f, 8);
	assert_memory_equal(plain, a->logits, logits_bytes);
	llm_acts_free(a);
	llm_model_free(&m);
	free(first);
	free(plain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layernorm),
		cmocka_unit_test(test_linear),
		cmocka_unit_test(test_attention),
		cmocka_unit_test(test_ffn),
		cmocka_unit_test(test_sched_head),
		cmocka_unit_test(test_losses),
		cmocka_unit_test(test_full_model),
		cmocka_unit_test(test_full_model_dropout),
		cmocka_unit_test(test_dropout_masks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
