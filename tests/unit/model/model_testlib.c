// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_testlib.h"
#include "train.h"

void tl_copy_language(struct llm_dataset *d, uint64_t seed, int seqs,
		      int blocks)
{
	struct llm_rng r = { seed };
	uint16_t *buf = malloc(3 * blocks * sizeof(*buf));
	int s, b;

	llm_dataset_init(d, 12, 0x12c0);
	for (s = 0; s < seqs; s++) {
		for (b = 0; b < blocks; b++) {
			uint16_t x = (uint16_t)llm_rng_below(&r, 4);

			buf[3 * b] = x;
			buf[3 * b + 1] = (uint16_t)(4 + llm_rng_below(&r, 4));
			buf[3 * b + 2] = x + 8;
		}
		llm_dataset_add(d, buf, 3 * blocks, -1, NAN);
	}
	free(buf);
}

double tl_copy_floor(const struct llm_dataset *d)
{
	double sum = 0.0;
	uint64_t n = 0;
	size_t i;
	uint32_t p;

	for (i = 0; i < d->n; i++)
		for (p = 1; p < d->seqs[i].len; p++, n++)
			sum += p % 3 == 2 ? 0.0 : log(4.0);
	return sum / (double)n;
}

void tl_tiny_config(struct llm_config *c)
{
	*c = (struct llm_config){ .n_layers = 2, .d_model = 32, .n_heads = 2,
				  .d_ff = 64, .context = 24, .vocab_size = 12,
				  .n_classes = 2 };
}

void tl_fill(float *p, size_t n, struct llm_rng *r, float mean, float std)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = mean + std * (float)llm_rng_normal(r);
}

const char *tl_tmpdir(void)
{
	static char dir[64];

	snprintf(dir, sizeof(dir), "/tmp/llmos-model-test.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
	return dir;
}

void tl_trained_copy_model(struct llm_model *m, const struct llm_dataset *d,
			   const struct llm_config *c, uint64_t steps)
{
	struct llm_train_opts o;
	struct llm_train_result res;
	struct llm_adam adam;
	char err[256];

	if (llm_model_init(m, c, d->vocab_hash, 1) ||
	    llm_adam_init(&adam, m->n_params))
		abort();
	llm_train_defaults(&o);
	o.steps = steps;
	o.batch = 16;
	o.schedule = LLM_SCHED_COSINE;
	o.lr = 1e-2f;
	o.warmup = 30;
	o.threads = 2;
	if (llm_train(m, &adam, d, &o, &res, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	llm_adam_free(&adam);
}
