// SPDX-License-Identifier: GPL-2.0
/* Building the read-only inference view from an fp32 model. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "model.h"

static struct llm_mat mat_f(const float *w, const float *b, uint32_t rows,
			    uint32_t cols)
{
	return (struct llm_mat){ .rows = rows, .cols = cols, .f = w,
				 .bias = b };
}

int llm_net_from_model(struct llm_net *n, const struct llm_model *m)
{
	const struct llm_config *c = &m->cfg;
	uint32_t d = c->d_model, f = c->d_ff, l;

	memset(n, 0, sizeof(*n));
	n->cfg = *c;
	n->info = &m->info;
	n->layers = calloc(c->n_layers, sizeof(*n->layers));
	if (!n->layers)
		return -ENOMEM;
	n->tok_emb = m->w.tok_emb;
	n->pos_emb = m->w.pos_emb;
	n->lnf_g = m->w.lnf_g;
	n->lnf_b = m->w.lnf_b;
	n->w_cls = m->w.w_cls;
	n->b_cls = m->w.b_cls;
	n->w_reg = m->w.w_reg;
	n->b_reg = m->w.b_reg;
	n->lm = mat_f(m->w.w_lm, m->w.b_lm, c->vocab_size, d);
	for (l = 0; l < c->n_layers; l++) {
		const struct llm_layer_w *w = &m->w.layers[l];
		struct llm_net_layer *y = &n->layers[l];

		y->ln1_g = w->ln1_g;
		y->ln1_b = w->ln1_b;
		y->ln2_g = w->ln2_g;
		y->ln2_b = w->ln2_b;
		y->wq = mat_f(w->wq, w->bq, d, d);
		y->wk = mat_f(w->wk, w->bk, d, d);
		y->wv = mat_f(w->wv, w->bv, d, d);
		y->wo = mat_f(w->wo, w->bo, d, d);
		y->w1 = mat_f(w->w1, w->b1, f, d);
		y->w2 = mat_f(w->w2, w->b2, d, f);
	}
	return 0;
}

/* Replaces the fp32 weights of *mat with int8 codes carved from *mem. */
static void quantize_mat(struct llm_mat *mat, uint8_t **mem)
{
	size_t n = (size_t)mat->rows * mat->cols;
	int8_t *q = (int8_t *)*mem;
	float *s = (float *)(*mem + n);

	llm_quantize(q, s, mat->f, mat->rows, mat->cols);
	mat->q = q;
	mat->s = s;
	mat->f = NULL;
	*mem += n + n / LLM_GROUP * sizeof(float);
}

static size_t mat_bytes(const struct llm_mat *mat)
{
	size_t n = (size_t)mat->rows * mat->cols;

	return n + n / LLM_GROUP * sizeof(float);
}

int llm_net_quantize(struct llm_net *n, const struct llm_model *m)
{
	size_t bytes;
	uint8_t *mem;
	uint32_t l;
	int err = llm_net_from_model(n, m);

	if (err)
		return err;
	bytes = mat_bytes(&n->lm);
	for (l = 0; l < m->cfg.n_layers; l++) {
		struct llm_net_layer *y = &n->layers[l];

		bytes += mat_bytes(&y->wq) + mat_bytes(&y->wk) +
			 mat_bytes(&y->wv) + mat_bytes(&y->wo) +
			 mat_bytes(&y->w1) + mat_bytes(&y->w2);
	}
	/* n*cols is a multiple of 32, so every scale array stays aligned. */
	mem = aligned_alloc(64, (bytes + 63) / 64 * 64);
	if (!mem) {
		llm_net_free(n);
		return -ENOMEM;
	}
	n->owned = mem;
	n->int8 = true;
	for (l = 0; l < m->cfg.n_layers; l++) {
		struct llm_net_layer *y = &n->layers[l];

		quantize_mat(&y->wq, &mem);
		quantize_mat(&y->wk, &mem);
		quantize_mat(&y->wv, &mem);
		quantize_mat(&y->wo, &mem);
		quantize_mat(&y->w1, &mem);
		quantize_mat(&y->w2, &mem);
	}
	quantize_mat(&n->lm, &mem);
	return 0;
}

void llm_net_free(struct llm_net *n)
{
	free(n->layers);
	free(n->owned);
	memset(n, 0, sizeof(*n));
}
