// SPDX-License-Identifier: GPL-2.0
/*
 * Training: a tiny model learns the copy language down to its entropy
 * floor; the optimizer pieces do what their formulas say; a resumed run
 * continues exactly; the scheduling head learns labels; a student distilled
 * from the trained teacher reaches the floor too.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "model_file.h"
#include "model_testlib.h"
#include "score.h"
#include "train.h"
#include "transformer.h"

/* How close to the floor (nats per token) training must get. */
#define FLOOR_MARGIN 0.03

static struct llm_model teacher;	/* trained by test_copy_language */
static struct llm_dataset lang, lang_train, lang_held;

static void train_opts(struct llm_train_opts *o, uint64_t steps)
{
	llm_train_defaults(o);
	o->steps = steps;
	o->batch = 16;
	o->schedule = LLM_SCHED_COSINE;
	o->lr = 1e-2f;
	o->warmup = 30;
	o->threads = 2;
	o->seed = 3;
}

static double held_loss(const struct llm_model *m)
{
	struct llm_net net;
	struct llm_eval e;

	assert_int_equal(llm_net_from_model(&net, m), 0);
	assert_int_equal(llm_evaluate(&net, &lang_held, 8, NULL, &e, NULL),
			 0);
	llm_net_free(&net);
	return e.loss;
}

static void test_copy_language(void **state)
{
	struct llm_config c;
	struct llm_adam adam;
	struct llm_train_opts o;
	struct llm_train_result res;
	double floor = tl_copy_floor(&lang_held), before;
	char err[256];

	(void)state;
	tl_tiny_config(&c);
	assert_int_equal(llm_model_init(&teacher, &c, lang.vocab_hash, 1), 0);
	assert_int_equal(llm_adam_init(&adam, teacher.n_params), 0);
	before = held_loss(&teacher);
	train_opts(&o, 250);
	o.held = &lang_held;
	assert_int_equal(llm_train(&teacher, &adam, &lang_train, &o, &res, err,
				   sizeof(err)), 0);
	printf("# copy language: floor %.4f nats/token, untrained %.4f, trained %.4f (train loss %.4f)\n",
	       floor, before, res.held.loss, res.loss);
	assert_true(before > floor + 1.0);
	assert_true(res.held.loss < floor + FLOOR_MARGIN);
	/* Below the floor would mean the evaluation leaks the answers. */
	assert_true(res.held.loss > floor - 0.01);
	assert_true(fabs(held_loss(&teacher) - res.held.loss) < 1e-9);
	llm_adam_free(&adam);
}

static void test_adam_bias_correction(void **state)
{
	struct llm_adam a;
	float p[3] = { 1.0f, 1.0f, 1.0f }, g[3] = { 0.5f, -2.0f, 1e-3f };
	int i;

	(void)state;
	assert_int_equal(llm_adam_init(&a, 3), 0);
	/* Step 1: m_hat = g, v_hat = g^2, so every step is lr * sign(g). */
	llm_adam_step(&a, p, g, 0.1f);
	for (i = 0; i < 3; i++)
		assert_true(fabsf(p[i] - (1.0f - 0.1f * (g[i] > 0 ? 1 : -1))) <
			    1e-5f);
	/* Without correction step 2 would move by 0.1 * 0.19/sqrt(0.0396). */
	llm_adam_step(&a, p, g, 0.1f);
	assert_true(fabsf(p[0] - 0.8f) < 1e-5f);
	llm_adam_free(&a);
}

static void test_schedules(void **state)
{
	float peak = llm_lr_at(LLM_SCHED_NOAM, 1.0f, 64, 100, 100, 1000);

	(void)state;
	/* d^-0.5 * warmup^-0.5 at the peak, linear before, 1/sqrt after. */
	assert_true(fabsf(peak - 1.0f / 8.0f / 10.0f) < 1e-6f);
	assert_true(fabsf(llm_lr_at(LLM_SCHED_NOAM, 1.0f, 64, 50, 100, 1000) -
			  peak / 2) < 1e-6f);
	assert_true(fabsf(llm_lr_at(LLM_SCHED_NOAM, 1.0f, 64, 400, 100, 1000) -
			  peak / 2) < 1e-6f);
	assert_true(fabsf(llm_lr_at(LLM_SCHED_COSINE, 1e-3f, 64, 10, 100,
				    1000) - 1e-4f) < 1e-9f);
	assert_true(fabsf(llm_lr_at(LLM_SCHED_COSINE, 1e-3f, 64, 100, 100,
				    1000) - 1e-3f) < 1e-9f);
	assert_true(fabsf(llm_lr_at(LLM_SCHED_COSINE, 1e-3f, 64, 1000, 100,
				    1000) - 1e-4f) < 1e-9f);
}

static void test_clip(void **state)
{
	float g[2] = { 3.0f, 4.0f };

	(void)state;
	assert_true(fabsf(llm_clip_grad(g, 2, 1.0f) - 5.0f) < 1e-6f);
	assert_true(fabsf(g[0] - 0.6f) < 1e-6f && fabsf(g[1] - 0.8f) < 1e-6f);
}

/* 20 steps in one go, or 10, a checkpoint file, and 10 more: same bits. */
static void test_resume(void **state)
{
	struct llm_model a, b, r;
	struct llm_adam aa, ab, ar;
	struct llm_train_opts o;
	struct llm_train_result res;
	struct llm_config c;
	struct llm_file f;
	char err[256], path[128], dir[64];
	const char *t;

	(void)state;
	tl_tiny_config(&c);
	snprintf(dir, sizeof(dir), "%s", tl_tmpdir());
	snprintf(path, sizeof(path), "%s/ckpt.llmos", dir);
	assert_int_equal(llm_model_init(&a, &c, lang.vocab_hash, 9), 0);
	assert_int_equal(llm_model_init(&b, &c, lang.vocab_hash, 9), 0);
	assert_int_equal(llm_adam_init(&aa, a.n_params), 0);
	assert_int_equal(llm_adam_init(&ab, b.n_params), 0);
	train_opts(&o, 20);
	o.weight_decay = 0.01f;
	/* Masks drawn from (seed, step) like the windows: resumable too. */
	o.dropout = 0.1f;
	assert_int_equal(llm_train(&a, &aa, &lang_train, &o, &res, err,
				   sizeof(err)), 0);
	o.steps = 10;
	o.ckpt_path = path;
	o.ckpt_every = 5;
	assert_int_equal(llm_train(&b, &ab, &lang_train, &o, &res, err,
				   sizeof(err)), 0);
	assert_int_equal(llm_file_open(&f, path, err, sizeof(err)), 0);
	assert_int_equal(f.payload_type, LLM_PAYLOAD_CHECKPOINT);
	assert_int_equal(llm_adam_init(&ar, b.n_params), 0);
	llm_adam_free(&ar);
	assert_int_equal(llm_file_model(&f, &r, &ar.m, &ar.v), 0);
	t = llm_meta_get(&f.info, "adam.t");
	assert_non_null(t);
	ar.t = strtoull(t, NULL, 10);
	assert_int_equal(ar.t, 10);
	llm_file_close(&f);
	o.steps = 20;
	o.ckpt_path = NULL;
	assert_int_equal(llm_train(&r, &ar, &lang_train, &o, &res, err,
				   sizeof(err)), 0);
	assert_memory_equal(a.params, r.params, a.n_params * sizeof(float));
	/* And training did change something. */
	assert_memory_not_equal(a.params, b.params, a.n_params * sizeof(float));
	unlink(path);
	rmdir(dir);
	llm_model_free(&a), llm_model_free(&b), llm_model_free(&r);
	llm_adam_free(&aa), llm_adam_free(&ab), llm_adam_free(&ar);
}

/*
 * A checkpoint path alone (the default --checkpoint-every 200): the run's
 * last step is saved though it is not a multiple of 200.
 */
static void test_checkpoint_default(void **state)
{
	struct llm_model a;
	struct llm_adam aa;
	struct llm_train_opts o;
	struct llm_train_result res;
	struct llm_config c;
	struct llm_file f;
	char err[256], path[128], dir[64];

	(void)state;
	tl_tiny_config(&c);
	snprintf(dir, sizeof(dir), "%s", tl_tmpdir());
	snprintf(path, sizeof(path), "%s/ckpt.llmos", dir);
	assert_int_equal(llm_model_init(&a, &c, lang.vocab_hash, 9), 0);
	assert_int_equal(llm_adam_init(&aa, a.n_params), 0);
	train_opts(&o, 3);
	assert_int_equal(o.ckpt_every, 200);
	o.ckpt_path = path;
	assert_int_equal(llm_train(&a, &aa, &lang_train, &o, &res, err,
				   sizeof(err)), 0);
	assert_int_equal(llm_file_open(&f, path, err, sizeof(err)), 0);
	assert_int_equal(f.payload_type, LLM_PAYLOAD_CHECKPOINT);
	assert_string_equal(llm_meta_get(&f.info, "adam.t"), "3");
	llm_file_close(&f);
	unlink(path);
	/* --checkpoint-every 0: the last step only. */
	o.ckpt_every = 0;
	o.steps = 5;
	assert_int_equal(llm_train(&a, &aa, &lang_train, &o, &res, err,
				   sizeof(err)), 0);
	assert_int_equal(llm_file_open(&f, path, err, sizeof(err)), 0);
	assert_string_equal(llm_meta_get(&f.info, "adam.t"), "5");
	llm_file_close(&f);
	unlink(path);
	rmdir(dir);
	llm_model_free(&a);
	llm_adam_free(&aa);
}

/* Sequences of low tokens are class 0 (target -1), high ones class 1. */
static void test_sched_head_learns(void **state)
{
	struct llm_dataset d;
	struct llm_config c;
	struct llm_model m;
	struct llm_adam adam;
	struct llm_train_opts o;
	struct llm_train_result res;
	struct llm_rng r = { 21 };
	uint16_t buf[40];
	char err[256];
	int s, i, right = 0;

	(void)state;
	tl_tiny_config(&c);
	llm_dataset_init(&d, 12, 7);
	for (s = 0; s < 64; s++) {
		int label = s & 1;

		for (i = 0; i < 40; i++)
			buf[i] = (uint16_t)(6 * label + llm_rng_below(&r, 6));
		llm_dataset_add(&d, buf, 40, label, label ? 1.0f : -1.0f);
	}
	assert_int_equal(llm_model_init(&m, &c, 7, 2), 0);
	assert_int_equal(llm_adam_init(&adam, m.n_params), 0);
	train_opts(&o, 60);
	assert_int_equal(llm_train(&m, &adam, &d, &o, &res, err, sizeof(err)),
			 0);
	{
		struct llm_acts *a = llm_acts_new(&c);
		double worst = 0.0;

		for (s = 0; s < 64; s++) {
			int label = d.seqs[s].label;

			llm_forward(&m, a, llm_seq_tok(&d, s), c.context);
			right += (a->cls[1] > a->cls[0]) == label;
			worst = fmax(worst, fabs(a->reg - d.seqs[s].target));
		}
		printf("# scheduling head: %d/64 classes right, regression error <= %.3f\n",
		       right, worst);
		assert_int_equal(right, 64);
		assert_true(worst < 0.3);
		llm_acts_free(a);
	}
	llm_adam_free(&adam);
	llm_model_free(&m);
	llm_dataset_free(&d);
}

/* A student with one layer learns from the teacher's soft outputs only. */
static void test_distill(void **state)
{
	struct llm_config c;
	struct llm_model s;
	struct llm_adam adam;
	struct llm_net tnet;
	struct llm_train_opts o;
	struct llm_train_result res;
	double floor = tl_copy_floor(&lang_held);
	char err[256];

	(void)state;
	tl_tiny_config(&c);
	c.n_layers = 1;
	assert_int_equal(llm_net_from_model(&tnet, &teacher), 0);
	assert_int_equal(llm_model_init(&s, &c, lang.vocab_hash, 4), 0);
	assert_int_equal(llm_adam_init(&adam, s.n_params), 0);
	train_opts(&o, 200);
	o.teacher = &tnet;
	o.alpha = 1.0f;
	o.temperature = 2.0f;
	o.held = &lang_held;
	assert_int_equal(llm_train(&s, &adam, &lang_train, &o, &res, err,
				   sizeof(err)), 0);
	printf("# distilled 1-layer student: held-out %.4f nats/token (floor %.4f)\n",
	       res.held.loss, floor);
	assert_true(res.held.loss < floor + 0.05);
	llm_adam_free(&adam);
	llm_model_free(&s);
	/* A student that sees more calls than the teacher: refused first. */
	c.context = teacher.cfg.context + 8;
	assert_int_equal(llm_model_init(&s, &c, lang.vocab_hash, 4), 0);
	assert_int_equal(llm_adam_init(&adam, s.n_params), 0);
	assert_int_not_equal(llm_train(&s, &adam, &lang_train, &o, &res, err,
				       sizeof(err)), 0);
	printf("# %s\n", err);
	assert_non_null(strstr(err,
			       "the student's context 32 is longer than the teacher's 24"));
	llm_net_free(&tnet);
	llm_adam_free(&adam);
	llm_model_free(&s);
}

static int setup(void **state)
{
	(void)state;
	tl_copy_language(&lang, 42, 48, 60);
	return llm_dataset_split(&lang, 0.25, 1, &lang_train, &lang_held);
}

static int teardown(void **state)
{
	(void)state;
	llm_model_free(&teacher);
	llm_dataset_free(&lang_train);
	llm_dataset_free(&lang_held);
	llm_dataset_free(&lang);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adam_bias_correction),
		cmocka_unit_test(test_schedules),
		cmocka_unit_test(test_clip),
		cmocka_unit_test(test_copy_language),
		cmocka_unit_test(test_distill),
		cmocka_unit_test(test_resume),
		cmocka_unit_test(test_checkpoint_default),
		cmocka_unit_test(test_sched_head_learns),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
