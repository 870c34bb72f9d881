/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The llmos transformer: hyperparameters, the fp32 parameter set used by the
 * trainer, and the read-only inference view (struct llm_net) shared by the
 * fp32 and int8 scoring paths.
 *
 * All parameters of a model live in one float array, in the order that
 * llm_walk_tensors() visits them; the optimizer, fedavg, checkpoints and the
 * model file all work on that array.
 */
#ifndef LLMOS_MODEL_H
#define LLMOS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Weights and activations are quantized in groups of this many values. */
#define LLM_GROUP 32

/* Upper bounds that keep every size computation far from overflow. */
#define LLM_MAX_LAYERS 64
#define LLM_MAX_DIM 8192
#define LLM_MAX_CONTEXT 4096
#define LLM_MAX_VOCAB 65536
#define LLM_MAX_CLASSES 256

struct llm_config {
	uint32_t n_layers;
	uint32_t d_model;	/* multiple of LLM_GROUP and of n_heads */
	uint32_t n_heads;
	uint32_t d_ff;		/* multiple of LLM_GROUP */
	uint32_t context;	/* tokens in the window */
	uint32_t vocab_size;
	uint32_t n_classes;	/* scheduling classes, >= 1 */
};

/* Pointers into the parameter array (fp32), one block of them per layer. */
struct llm_layer_w {
	float *ln1_g, *ln1_b;
	float *wq, *bq, *wk, *bk, *wv, *bv, *wo, *bo;
	float *ln2_g, *ln2_b;
	float *w1, *b1, *w2, *b2;
};

struct llm_weights {
	float *tok_emb;		/* vocab x d */
	float *pos_emb;		/* context x d */
	struct llm_layer_w *layers;
	float *lnf_g, *lnf_b;
	float *w_lm, *b_lm;	/* vocab x d: next-token logits */
	float *w_cls, *b_cls;	/* n_classes x d over the pooled state */
	float *w_reg, *b_reg;	/* 1 x d: the regression output */
};

/*
 * What a model file carries besides the weights. meta holds "key=value"
 * strings, each NUL-terminated, back to back (meta_len bytes in all).
 */
struct llm_info {
	uint32_t vocab_hash;
	uint64_t init_id;	/* identifies the initial weights (fedavg) */
	float alert_threshold;	/* NAN until calibrated */
	char *meta;
	size_t meta_len;
};

struct llm_model {
	struct llm_config cfg;
	struct llm_info info;
	float *params;
	size_t n_params;
	struct llm_weights w;
};

/* The layer llm_walk_tensors() gives a tensor of the whole model. */
#define LLM_NO_LAYER UINT32_MAX

/* Matrix rows x cols, stored row-major: y[r] = sum_c w[r][c] x[c]. */
typedef void (*llm_tensor_fn)(void *arg, const char *name, uint32_t layer,
			      uint32_t rows, uint32_t cols, bool quantized,
			      float **slot);

/* Calls fn for every tensor in storage order; slot points into *w. */
void llm_walk_tensors(const struct llm_config *c, struct llm_weights *w,
		      llm_tensor_fn fn, void *arg);
/* "wq (layer 1)", or the bare name of a model-wide tensor; returns buf. */
const char *llm_tensor_label(char *buf, size_t size, const char *name,
			     uint32_t layer);

/* NULL if valid, else a static string saying what is wrong. */
const char *llm_config_check(const struct llm_config *c);
size_t llm_param_count(const struct llm_config *c);

/* Binds w to consecutive tensors of params (llm_param_count floats). */
int llm_weights_bind(const struct llm_config *c, float *params,
		     struct llm_weights *w);
void llm_weights_free(struct llm_weights *w);

/* Allocates a model with random initial weights drawn from seed. */
int llm_model_init(struct llm_model *m, const struct llm_config *c,
		   uint32_t vocab_hash, uint64_t seed);
/* Allocates a zeroed model of the same shape and info as src. */
int llm_model_clone(struct llm_model *dst, const struct llm_model *src);
void llm_model_free(struct llm_model *m);

/* Key/value metadata: get returns NULL when absent. */
const char *llm_meta_get(const struct llm_info *i, const char *key);
int llm_meta_set(struct llm_info *i, const char *key, const char *value);
int llm_info_copy(struct llm_info *dst, const struct llm_info *src);
void llm_info_free(struct llm_info *i);

/*
 * The inference view of a model: weight matrices are fp32 (f) or int8 with
 * one fp32 scale per LLM_GROUP weights of a row (q, s). Everything else is
 * fp32. It only points at storage owned elsewhere (a model, a mapped file,
 * or the buffers in `owned`).
 */
struct llm_mat {
	uint32_t rows, cols;
	const float *f;
	const int8_t *q;
	const float *s;		/* rows * cols / LLM_GROUP scales */
	const float *bias;	/* rows, or NULL */
};

struct llm_net_layer {
	const float *ln1_g, *ln1_b, *ln2_g, *ln2_b;
	struct llm_mat wq, wk, wv, wo, w1, w2;
};

struct llm_net {
	struct llm_config cfg;
	const struct llm_info *info;
	const float *tok_emb, *pos_emb, *lnf_g, *lnf_b;
	const float *w_cls, *b_cls, *w_reg, *b_reg;
	struct llm_net_layer *layers;
	struct llm_mat lm;
	bool int8;
	void *owned;
};

/* fp32 view of m (no copy: m must outlive the net). */
int llm_net_from_model(struct llm_net *n, const struct llm_model *m);
/* int8 net quantized from m into newly allocated buffers. */
int llm_net_quantize(struct llm_net *n, const struct llm_model *m);
void llm_net_free(struct llm_net *n);

#endif
