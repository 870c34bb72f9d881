// SPDX-License-Identifier: GPL-2.0
/*
 * Parameter layout, initialization and the metadata that travels with a
 * model.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "model.h"
#include "rng.h"

void llm_walk_tensors(const struct llm_config *c, struct llm_weights *w,
		      llm_tensor_fn fn, void *arg)
{
	uint32_t d = c->d_model, f = c->d_ff, v = c->vocab_size;
	uint32_t l;

	fn(arg, "tok_emb", LLM_NO_LAYER, v, d, false, &w->tok_emb);
	fn(arg, "pos_emb", LLM_NO_LAYER, c->context, d, false, &w->pos_emb);
	for (l = 0; l < c->n_layers; l++) {
		struct llm_layer_w *y = &w->layers[l];

		fn(arg, "ln1_g", l, 1, d, false, &y->ln1_g);
		fn(arg, "ln1_b", l, 1, d, false, &y->ln1_b);
		fn(arg, "wq", l, d, d, true, &y->wq);
		fn(arg, "bq", l, 1, d, false, &y->bq);
		fn(arg, "wk", l, d, d, true, &y->wk);
		fn(arg, "bk", l, 1, d, false, &y->bk);
		fn(arg, "wv", l, d, d, true, &y->wv);
		fn(arg, "bv", l, 1, d, false, &y->bv);
		fn(arg, "wo", l, d, d, true, &y->wo);
		fn(arg, "bo", l, 1, d, false, &y->bo);
		fn(arg, "ln2_g", l, 1, d, false, &y->ln2_g);
		fn(arg, "ln2_b", l, 1, d, false, &y->ln2_b);
		fn(arg, "w1", l, f, d, true, &y->w1);
		fn(arg, "b1", l, 1, f, false, &y->b1);
		fn(arg, "w2", l, d, f, true, &y->w2);
		fn(arg, "b2", l, 1, d, false, &y->b2);
	}
	fn(arg, "lnf_g", LLM_NO_LAYER, 1, d, false, &w->lnf_g);
	fn(arg, "lnf_b", LLM_NO_LAYER, 1, d, false, &w->lnf_b);
	fn(arg, "w_lm", LLM_NO_LAYER, v, d, true, &w->w_lm);
	fn(arg, "b_lm", LLM_NO_LAYER, 1, v, false, &w->b_lm);
	fn(arg, "w_cls", LLM_NO_LAYER, c->n_classes, d, false, &w->w_cls);
	fn(arg, "b_cls", LLM_NO_LAYER, 1, c->n_classes, false, &w->b_cls);
	fn(arg, "w_reg", LLM_NO_LAYER, 1, d, false, &w->w_reg);
	fn(arg, "b_reg", LLM_NO_LAYER, 1, 1, false, &w->b_reg);
}

const char *llm_tensor_label(char *buf, size_t size, const char *name,
			     uint32_t layer)
{
	if (layer == LLM_NO_LAYER)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "%s (layer %u)", name, layer);
	return buf;
}

const char *llm_config_check(const struct llm_config *c)
{
	if (c->n_layers < 1 || c->n_layers > LLM_MAX_LAYERS)
		return "layers out of range (1..64)";
	if (c->d_model < LLM_GROUP || c->d_model > LLM_MAX_DIM ||
	    c->d_model % LLM_GROUP)
		return "d_model must be a multiple of 32 in 32..8192";
	if (c->d_ff < LLM_GROUP || c->d_ff > LLM_MAX_DIM || c->d_ff % LLM_GROUP)
		return "d_ff must be a multiple of 32 in 32..8192";
	if (c->n_heads < 1 || c->d_model % c->n_heads)
		return "heads must divide d_model";
	if (c->context < 2 || c->context > LLM_MAX_CONTEXT)
		return "context out of range (2..4096)";
	if (c->vocab_size < 2 || c->vocab_size > LLM_MAX_VOCAB)
		return "vocabulary size out of range (2..65536)";
	if (c->n_classes < 1 || c->n_classes > LLM_MAX_CLASSES)
		return "classes out of range (1..256)";
	return NULL;
}

struct bind_state {
	float *next;
	size_t count;
};

static void bind_one(void *arg, const char *name, uint32_t layer,
		     uint32_t rows, uint32_t cols, bool quantized, float **slot)
{
	struct bind_state *b = arg;

	(void)name;
	(void)layer;
	(void)quantized;
	*slot = b->next ? b->next + b->count : NULL;
	b->count += (size_t)rows * cols;
}

size_t llm_param_count(const struct llm_config *c)
{
	struct llm_layer_w layers[LLM_MAX_LAYERS];
	struct llm_weights w = { .layers = layers };
	struct bind_state b = { NULL, 0 };

	llm_walk_tensors(c, &w, bind_one, &b);
	return b.count;
}

int llm_weights_bind(const struct llm_config *c, float *params,
		     struct llm_weights *w)
{
	struct bind_state b = { params, 0 };

	memset(w, 0, sizeof(*w));
	w->layers = calloc(c->n_layers, sizeof(*w->layers));
	if (!w->layers)
		return -ENOMEM;
	llm_walk_tensors(c, w, bind_one, &b);
	return 0;
}

void llm_weights_free(struct llm_weights *w)
{
	free(w->layers);
	w->layers = NULL;
}

struct init_state {
	struct llm_rng rng;
	float resid_std;
};

/*
 * GPT-2 style: N(0, 0.02) matrices, residual output projections scaled by
 * 1/sqrt(2 * layers) so the residual stream does not grow with depth.
 */
static void init_one(void *arg, const char *name, uint32_t layer,
		     uint32_t rows, uint32_t cols, bool quantized, float **slot)
{
	struct init_state *s = arg;
	size_t i, n = (size_t)rows * cols;
	float std = 0.02f, fill = 0.0f;

	(void)layer;
	(void)quantized;
	if (!strcmp(name, "wo") || !strcmp(name, "w2"))
		std = s->resid_std;
	if (strstr(name, "_g"))
		fill = 1.0f;
	for (i = 0; i < n; i++) {
		if (rows > 1 || !strncmp(name, "w_", 2))
			(*slot)[i] = std * (float)llm_rng_normal(&s->rng);
		else
			(*slot)[i] = fill;
	}
}

static int model_alloc(struct llm_model *m, const struct llm_config *c)
{
	const char *bad = llm_config_check(c);

	memset(m, 0, sizeof(*m));
	if (bad)
		return -EINVAL;
	m->cfg = *c;
	m->n_params = llm_param_count(c);
	m->params = calloc(m->n_params, sizeof(float));
	if (!m->params)
		return -ENOMEM;
	m->info.alert_threshold = NAN;
	if (llm_weights_bind(c, m->params, &m->w)) {
		free(m->params);
		m->params = NULL;
		return -ENOMEM;
	}
	return 0;
}

int llm_model_init(struct llm_model *m, const struct llm_config *c,
		   uint32_t vocab_hash, uint64_t seed)
{
	struct init_state s = { { seed }, 0.0f };
	int err = model_alloc(m, c);

	if (err)
		return err;
	s.resid_std = 0.02f / sqrtf(2.0f * (float)c->n_layers);
	llm_walk_tensors(c, &m->w, init_one, &s);
	m->info.vocab_hash = vocab_hash;
	/* Models from the same config and seed share this id (fedavg). */
	m->info.init_id = crc32_z(crc32(0, (const void *)c, sizeof(*c)),
				  (const void *)m->params,
				  m->n_params * sizeof(float)) |
			  (seed << 32);
	return 0;
}

int llm_model_clone(struct llm_model *dst, const struct llm_model *src)
{
	int err = model_alloc(dst, &src->cfg);

	if (err)
		return err;
	if (llm_info_copy(&dst->info, &src->info)) {
		llm_model_free(dst);
		return -ENOMEM;
	}
	return 0;
}

void llm_model_free(struct llm_model *m)
{
	llm_weights_free(&m->w);
	free(m->params);
	llm_info_free(&m->info);
	memset(m, 0, sizeof(*m));
}

const char *llm_meta_get(const struct llm_info *i, const char *key)
{
	size_t off = 0, klen = strlen(key);

	while (off < i->meta_len) {
		const char *e = i->meta + off;
		size_t len = strnlen(e, i->meta_len - off);

		if (len > klen && e[klen] == '=' && !memcmp(e, key, klen))
			return e + klen + 1;
		off += len + 1;
	}
	return NULL;
}

int llm_meta_set(struct llm_info *i, const char *key, const char *value)
{
	size_t klen = strlen(key), vlen = strlen(value);
	size_t off = 0, keep = 0;
	char *buf;

	if (!klen || strchr(key, '='))
		return -EINVAL;
	buf = malloc(i->meta_len + klen + vlen + 2);
	if (!buf)
		return -ENOMEM;
	/* Copy every other entry, then append the new one. */
	while (off < i->meta_len) {
		const char *e = i->meta + off;
		size_t len = strnlen(e, i->meta_len - off);

		if (!(len > klen && e[klen] == '=' && !memcmp(e, key, klen))) {
			memcpy(buf + keep, e, len);
			buf[keep + len] = '\0';
			keep += len + 1;
		}
		off += len + 1;
	}
	memcpy(buf + keep, key, klen);
	buf[keep + klen] = '=';
	memcpy(buf + keep + klen + 1, value, vlen + 1);
	free(i->meta);
	i->meta = buf;
	i->meta_len = keep + klen + vlen + 2;
	return 0;
}

int llm_info_copy(struct llm_info *dst, const struct llm_info *src)
{
	*dst = *src;
	dst->meta = NULL;
	if (src->meta_len) {
		dst->meta = malloc(src->meta_len);
		if (!dst->meta)
			return -ENOMEM;
		memcpy(dst->meta, src->meta, src->meta_len);
	}
	return 0;
}

void llm_info_free(struct llm_info *i)
{
	free(i->meta);
	i->meta = NULL;
	i->meta_len = 0;
}
