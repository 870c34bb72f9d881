// SPDX-License-Identifier: GPL-2.0
/*
 * bench-model: scoring throughput of the default-sized model, fp32 against
 * int8 (scalar reference and every SIMD kernel this CPU runs), measured
 * side by side in one run; the int8 NLL cost; the model file size.
 *
 * The model is trained briefly on a synthetic Markov language so that the
 * NLL comparison is between meaningful predictions, not random weights.
 * Throughput is CPU time of this thread (the build machine is shared).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model_file.h"
#include "rng.h"
#include "score.h"
#include "train.h"

#define VOCAB 400
#define STREAM 2048		/* tokens per single-stream measurement */
#define BATCH 32		/* contexts of the batched measurement */
#define REPEATS 3

static const struct llm_config cfg = {
	.n_layers = 2, .d_model = 128, .n_heads = 4, .d_ff = 256,
	.context = 64, .vocab_size = VOCAB, .n_classes = 4,
};

/* Every token has three successors, with probabilities .6, .3, .1. */
static void markov(struct llm_dataset *d, uint64_t seed, int seqs, int len)
{
	struct llm_rng r = { 7 }, g = { seed };
	static uint16_t next[VOCAB][3];
	uint16_t *buf = malloc(len * sizeof(*buf));
	int s, i, k;

	for (i = 0; i < VOCAB; i++)
		for (k = 0; k < 3; k++)
			next[i][k] = (uint16_t)llm_rng_below(&r, VOCAB);
	for (s = 0; s < seqs; s++) {
		buf[0] = (uint16_t)llm_rng_below(&g, VOCAB);
		for (i = 1; i < len; i++) {
			double u = llm_rng_uniform(&g);

			buf[i] = next[buf[i - 1]][u < 0.6 ? 0 : u < 0.9 ? 1 : 2];
		}
		llm_dataset_add(d, buf, len, -1, NAN);
	}
	free(buf);
}

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Tokens/s of one context fed a stream (sliding included). */
static double stream_rate(const struct llm_net *net,
			  const struct llm_kernels *k, const uint16_t *tok)
{
	struct llm_scorer *s = llm_scorer_new(net, cfg.context, k);
	struct llm_ctx *c = llm_ctx_new(net, 0);
	double t0, dt;
	int i;

	t0 = cpu_now();
	for (i = 0; i < STREAM; i++)
		llm_ctx_push(s, c, tok[i]);
	dt = cpu_now() - t0;
	llm_ctx_free(c);
	llm_scorer_free(s);
	return STREAM / dt;
}

/* Tokens/s of BATCH contexts advanced together. */
static double batch_rate(const struct llm_net *net,
			 const struct llm_kernels *k, const uint16_t *tok)
{
	struct llm_scorer *s = llm_scorer_new(net, BATCH, k);
	struct llm_ctx *c[BATCH];
	uint16_t t[BATCH];
	float nll[BATCH];
	double t0, dt;
	int i, b, steps = STREAM / BATCH * 4;

	for (b = 0; b < BATCH; b++)
		c[b] = llm_ctx_new(net, 0);
	t0 = cpu_now();
	for (i = 0; i < steps; i++) {
		for (b = 0; b < BATCH; b++)
			t[b] = tok[(i + b * 61) % STREAM];
		llm_score_batch(s, c, t, BATCH, nll);
	}
	dt = cpu_now() - t0;
	for (b = 0; b < BATCH; b++)
		llm_ctx_free(c[b]);
	llm_scorer_free(s);
	return steps * BATCH / dt;
}

struct variant {
	const char *name;
	const struct llm_net *net;
	const struct llm_kernels *k;
	double rate, batch;
};

int main(int argc, char **argv)
{
	const struct llm_kernels *ks[8];
	unsigned int nk = llm_kernels_available(ks, 8), i, r;
	struct llm_dataset all, train, held;
	struct llm_net fp32, int8;
	struct llm_model m;
	struct llm_adam adam;
	struct llm_train_opts o;
	struct llm_train_result res;
	struct llm_eval ef, eq;
	struct variant v[10];
	const char *json = argc > 1 ? argv[1] : "build/bench/model.json";
	char path[4096], err[512];
	struct stat st;
	double fp32_bytes;
	size_t nv = 0;
	FILE *f;

	llm_dataset_init(&all, VOCAB, 0);
	markov(&all, 1, 48, 600);
	llm_dataset_split(&all, 0.25, 1, &train, &held);
	if (llm_model_init(&m, &cfg, 0, 1) || llm_adam_init(&adam, m.n_params))
		return 1;
	llm_train_defaults(&o);
	o.steps = 80;
	o.batch = 8;
	o.lr = 2.0f;
	o.warmup = 30;
	o.threads = 2;
	fprintf(stderr, "bench-model: training the benchmark model (%u steps)\n",
		(unsigned int)o.steps);
	if (llm_train(&m, &adam, &train, &o, &res, err, sizeof(err))) {
		fprintf(stderr, "bench-model: %s\n", err);
		return 1;
	}
	if (llm_net_from_model(&fp32, &m) || llm_net_quantize(&int8, &m))
		return 1;

	/* Size of the shipped form: an int8 model file. */
	snprintf(path, sizeof(path), "%s.llmos", json);
	if (llm_file_save(path, &m, LLM_PAYLOAD_FP32, NULL, NULL, err,
			  sizeof(err)) || stat(path, &st))
		return 1;
	fp32_bytes = (double)st.st_size;
	if (llm_file_save(path, &m, LLM_PAYLOAD_INT8, NULL, NULL, err,
			  sizeof(err)) || stat(path, &st))
		return 1;
	unlink(path);

	llm_evaluate(&fp32, &held, 16, NULL, &ef, NULL);
	llm_evaluate(&int8, &held, 16, NULL, &eq, NULL);

	/* fp32 scalar, fp32 SIMD, then int8 with every kernel set. */
	v[nv++] = (struct variant){ "scalar", &fp32, ks[0], 0, 0 };
	v[nv++] = (struct variant){ ks[nk - 1]->name, &fp32, ks[nk - 1], 0, 0 };
	for (i = 0; i < nk; i++)
		v[nv++] = (struct variant){ ks[i]->name, &int8, ks[i], 0, 0 };
	/* Interleaved repeats, best of each: fair under a shared CPU. */
	for (r = 0; r < REPEATS; r++)
		for (i = 0; i < nv; i++) {
			double a = stream_rate(v[i].net, v[i].k,
					       all.tok + (size_t)r * 97);
			double b = batch_rate(v[i].net, v[i].k,
					      all.tok + (size_t)r * 97);

			v[i].rate = fmax(v[i].rate, a);
			v[i].batch = fmax(v[i].batch, b);
		}

	printf("model: %u layers, d_model %u, %u heads, d_ff %u, context %u, vocabulary %u\n",
	       cfg.n_layers, cfg.d_model, cfg.n_heads, cfg.d_ff, cfg.context,
	       cfg.vocab_size);
	printf("%-18s %14s %12s %16s\n", "path", "tokens/s", "us/token",
	       "tokens/s (x32)");
	for (i = 0; i < nv; i++)
		printf("%-5s %-12s %14.0f %12.1f %16.0f\n",
		       v[i].net->int8 ? "int8" : "fp32", v[i].name,
		       v[i].rate, 1e6 / v[i].rate, v[i].batch);
	printf("int8 %s vs fp32 scalar: %.2fx single stream, %.2fx batched\n",
	       v[nv - 1].name, v[nv - 1].rate / v[0].rate,
	       v[nv - 1].batch / v[0].batch);
	printf("int8 %s vs fp32 %s: %.2fx single stream, %.2fx batched\n",
	       v[nv - 1].name, v[1].name, v[nv - 1].rate / v[1].rate,
	       v[nv - 1].batch / v[1].batch);
	printf("held-out NLL: fp32 %.4f, int8 %.4f (%+.3f%%)\n", ef.loss,
	       eq.loss, 100.0 * (eq.loss - ef.loss) / ef.loss);
	printf("model file: int8 %lld bytes, fp32 %.0f bytes\n",
	       (long long)st.st_size, fp32_bytes);

	f = fopen(json, "w");
	if (!f) {
		fprintf(stderr, "bench-model: %s: %s\n", json, strerror(errno));
		return 1;
	}
	/* fp32 means the scalar reference path, as in the targets. */
	fprintf(f, "{\n"
		"  \"model_tokens_per_s_fp32\": %.0f,\n"
		"  \"model_tokens_per_s_fp32_simd\": %.0f,\n"
		"  \"model_tokens_per_s_int8\": %.0f,\n"
		"  \"model_tokens_per_s_int8_scalar\": %.0f,\n"
		"  \"model_tokens_per_s_fp32_batch32\": %.0f,\n"
		"  \"model_tokens_per_s_int8_batch32\": %.0f,\n"
		"  \"model_latency_us_int8\": %.2f,\n"
		"  \"int8_speedup_vs_fp32\": %.3f,\n"
		"  \"int8_speedup_vs_fp32_simd\": %.3f,\n"
		"  \"int8_speedup_vs_fp32_batch32\": %.3f,\n"
		"  \"int8_simd_speedup_vs_scalar\": %.3f,\n"
		"  \"int8_nll_delta_pct\": %.4f,\n"
		"  \"model_bytes\": %lld,\n"
		"  \"model_bytes_fp32\": %.0f\n"
		"}\n",
		v[0].rate, v[1].rate, v[nv - 1].rate, v[2].rate, v[0].batch,
		v[nv - 1].batch, 1e6 / v[nv - 1].rate,
		v[nv - 1].rate / v[0].rate, v[nv - 1].rate / v[1].rate,
		v[nv - 1].batch / v[0].batch, v[nv - 1].rate / v[2].rate,
		100.0 * (eq.loss - ef.loss) / ef.loss, (long long)st.st_size,
		fp32_bytes);
	fclose(f);
	llm_net_free(&fp32);
	llm_net_free(&int8);
	llm_adam_free(&adam);
	llm_model_free(&m);
	llm_dataset_free(&train);
	llm_dataset_free(&held);
	llm_dataset_free(&all);
	return 0;
}
