// SPDX-License-Identifier: GPL-2.0
/*
 * Data and model plumbing: the plain trace format (and ADFA-LD through it
 * when the data set is present), held-out splits, and federated averaging.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "model_testlib.h"
#include "train.h"

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_plain_format(void **state)
{
	const char *dir = tl_tmpdir();
	char sub[128], a[160], b[160], c[160], err[256];
	char *paths[1] = { (char *)dir };
	struct llm_dataset d;

	(void)state;
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(a, sizeof(a), "%s/a.txt", dir);
	snprintf(b, sizeof(b), "%s/sub/b.txt", dir);
	snprintf(c, sizeof(c), "%s/.hidden", dir);
	put(a, "3 6 3 9\n");
	put(b, "  0\t12\n\n5 ");
	put(c, "not read");
	assert_int_equal(llm_plain_load(&d, paths, 1, 0, err,
					sizeof(err)), 0);
	assert_int_equal(d.n, 2);
	/* Largest number 12, plus the unknown token. */
	assert_int_equal(d.vocab_size, 14);
	assert_int_equal(d.vocab_hash, llm_raw_vocab_hash());
	assert_int_equal(d.seqs[0].len, 4);
	assert_int_equal(llm_seq_tok(&d, 0)[3], 9);
	assert_string_equal(d.seqs[1].name, b);
	assert_int_equal(llm_seq_tok(&d, 1)[1], 12);
	llm_dataset_free(&d);

	/* A model's vocabulary: numbers past it become its unknown token. */
	assert_int_equal(llm_plain_load(&d, paths, 1, 8, err,
					sizeof(err)), 0);
	assert_int_equal(llm_seq_tok(&d, 0)[3], 7);
	assert_int_equal(llm_seq_tok(&d, 1)[1], 7);
	assert_int_equal(llm_seq_tok(&d, 1)[2], 5);
	llm_dataset_free(&d);

	put(b, "1 2 x3\n");
	assert_int_not_equal(llm_plain_load(&d, paths, 1, 0, err,
					    sizeof(err)), 0);
	printf("# %s\n", err);
	assert_non_null(strstr(err, "b.txt: not a syscall number at byte 4"));
	put(b, "1 99999\n");
	assert_int_not_equal(llm_plain_load(&d, paths, 1, 0, err,
					    sizeof(err)), 0);
	assert_non_null(strstr(err, "too large"));
	unlink(a), unlink(b), unlink(c), rmdir(sub), rmdir(dir);
}

static void test_split(void **state)
{
	struct llm_dataset d, t1, h1, t2, h2;

	(void)state;
	tl_copy_language(&d, 1, 200, 2);
	assert_int_equal(llm_dataset_split(&d, 0.2, 5, &t1, &h1), 0);
	assert_int_equal(llm_dataset_split(&d, 0.2, 5, &t2, &h2), 0);
	assert_int_equal(t1.n + h1.n, 200);
	assert_true(h1.n > 20 && h1.n < 60);
	/* The same seed gives the same split. */
	assert_int_equal(h1.n, h2.n);
	assert_memory_equal(h1.seqs, h2.seqs, h1.n * sizeof(*h1.seqs));
	llm_dataset_free(&t1), llm_dataset_free(&h1);
	llm_dataset_free(&t2), llm_dataset_free(&h2);
	llm_dataset_free(&d);
}

static void test_fedavg(void **state)
{
	struct llm_config c;
	struct llm_model m[2], out, other;
	double w[2] = { 1.0, 3.0 };
	char err[256];
	size_t i;

	(void)state;
	tl_tiny_config(&c);
	assert_int_equal(llm_model_init(&m[0], &c, 1, 7), 0);
	assert_int_equal(llm_model_init(&m[1], &c, 1, 7), 0);
	/* Two hosts trained the same initial model differently. */
	for (i = 0; i < m[1].n_params; i++) {
		m[0].params[i] += 1.0f;
		m[1].params[i] -= 1.0f;
	}
	assert_int_equal(llm_fedavg(&out, m, w, 2, err, sizeof(err)), 0);
	for (i = 0; i < out.n_params; i++)
		assert_true(fabsf(out.params[i] -
				  (m[0].params[i] + 3 * m[1].params[i]) / 4) <
			    1e-6f);
	llm_model_free(&out);
	/* Another initialization cannot be averaged in. */
	assert_int_equal(llm_model_init(&other, &c, 1, 8), 0);
	llm_model_free(&m[1]);
	m[1] = other;
	assert_int_not_equal(llm_fedavg(&out, m, w, 2, err, sizeof(err)), 0);
	printf("# %s\n", err);
	assert_non_null(strstr(err, "other initial weights"));
	llm_model_free(&m[0]);
	llm_model_free(&m[1]);
}

static void test_adfa_plain(void **state)
{
	const char *root = getenv("ADFA_DIR");
	char path[512], err[512];
	char *paths[1] = { path };
	struct llm_dataset d;

	(void)state;
	if (!root)
		root = "../shared/data/adfa-ld";
	snprintf(path, sizeof(path), "%s/Training_Data_Master", root);
	if (access(path, R_OK)) {
		printf("# %s not found: skipping the ADFA-LD check\n", path);
		skip();
	}
	assert_int_equal(llm_plain_load(&d, paths, 1, 0, err,
					sizeof(err)), 0);
	printf("# ADFA-LD training traces: %zu, %llu syscalls, raw vocabulary %u\n",
	       d.n, (unsigned long long)llm_dataset_tokens(&d), d.vocab_size);
	assert_int_equal(d.n, 833);
	assert_true(d.vocab_size > 100 && d.vocab_size < 400);
	llm_dataset_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_format),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_fedavg),
		cmocka_unit_test(test_adfa_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
