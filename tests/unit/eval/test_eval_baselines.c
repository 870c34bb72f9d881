// SPDX-License-Identifier: GPL-2.0
/* stide and the n-gram model on tiny synthetic traces. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "eval_test.h"
#include "ngram.h"
#include "stide.h"
#include "tracefile.h"

static const int32_t train_a[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
static const int32_t train_b[] = { 3, 3, 3, 3, 3, 3, 3, 3 };

static void test_stide_known_windows(void **state)
{
	/* Windows of length 3 all drawn from training traces. */
	const int32_t seen[] = { 4, 5, 6, 7, 8 };
	struct stide s;
	struct stide_score r;

	(void)state;
	assert_int_equal(stide_init(&s, 3), 0);
	assert_int_equal(stide_train(&s, train_a, N(train_a)), 0);
	assert_int_equal(stide_train(&s, train_b, N(train_b)), 0);
	assert_int_equal(s.db.n, 8 + 1);
	stide_score(&s, train_a, N(train_a), 20, &r);
	assert_int_equal(r.windows, 8);
	assert_int_equal(r.mismatches, 0);
	assert_near(r.mismatch_rate, 0, 0);
	stide_score(&s, seen, N(seen), 20, &r);
	assert_near(r.mismatch_rate, 0, 0);
	assert_near(r.lfc, 0, 0);
	stide_free(&s);
}

static void test_stide_unseen_window(void **state)
{
	/* 1 2 3 | 2 3 9 | 3 9 4 | 9 4 5 | 4 5 6: three new windows of five. */
	const int32_t t[] = { 1, 2, 3, 9, 4, 5, 6 };
	struct stide s;
	struct stide_score r;

	(void)state;
	assert_int_equal(stide_init(&s, 3), 0);
	assert_int_equal(stide_train(&s, train_a, N(train_a)), 0);
	stide_score(&s, t, N(t), 2, &r);
	assert_int_equal(r.windows, 5);
	assert_int_equal(r.mismatches, 3);
	assert_near(r.mismatch_rate, 3.0 / 5, 1e-12);
	/* Locality frame of 2 windows: both mismatch somewhere. */
	assert_near(r.lfc, 1.0, 1e-12);
	stide_free(&s);
}

static void test_stide_short_trace(void **state)
{
	const int32_t shortt[] = { 1, 2 }, other[] = { 2, 1 };
	struct stide s;
	struct stide_score r;

	(void)state;
	assert_int_equal(stide_init(&s, 6), 0);
	assert_int_equal(stide_train(&s, shortt, N(shortt)), 0);
	stide_score(&s, shortt, N(shortt), 20, &r);
	assert_int_equal(r.windows, 1);
	assert_near(r.mismatch_rate, 0, 0);
	stide_score(&s, other, N(other), 20, &r);
	assert_near(r.mismatch_rate, 1, 0);
	stide_free(&s);
}

/* Every distribution sums to one over the vocabulary plus "unknown". */
static void test_ngram_normalised(void **state)
{
	const int32_t hists[][3] = {
		{ -1, -1, -1 }, { 1, 2, 3 }, { 3, 3, 3 }, { 7, 7, 7 },
		{ 2, 3, 4 }, { 10, 3, 3 },
	};
	struct ngram m;

	(void)state;
	assert_int_equal(ngram_init(&m, 4), 0);
	assert_int_equal(ngram_add(&m, train_a, N(train_a)), 0);
	assert_int_equal(ngram_add(&m, train_b, N(train_b)), 0);
	assert_int_equal(ngram_finish(&m), 0);
	assert_int_equal(m.vocab, 10);
	for (size_t h = 0; h < N(hists); h++) {
		double sum = 0;

		for (int32_t w = 1; w <= 10; w++)
			sum += exp(ngram_logprob(&m, hists[h], w));
		/* One unknown call stands for every unseen number. */
		sum += exp(ngram_logprob(&m, hists[h], 999));
		assert_near(sum, 1.0, 1e-9);
	}
	ngram_free(&m);
}

static void test_ngram_scores(void **state)
{
	const int32_t odd[] = { 1, 2, 3, 4, 5, 3, 3, 9, 1, 5 };
	const int32_t unseen[] = { 1, 2, 3, 4, 500, 6, 7, 8, 9, 10 };
	struct ngram m;
	struct ngram_score a, b, c;

	(void)state;
	assert_int_equal(ngram_init(&m, 3), 0);
	assert_int_equal(ngram_add(&m, train_a, N(train_a)), 0);
	assert_int_equal(ngram_add(&m, train_b, N(train_b)), 0);
	assert_int_equal(ngram_finish(&m), 0);
	ngram_score(&m, train_a, N(train_a), 4, &a);
	ngram_score(&m, odd, N(odd), 4, &b);
	ngram_score(&m, unseen, N(unseen), 4, &c);
	assert_true(a.mean_nll > 0 && isfinite(a.mean_nll));
	assert_true(b.mean_nll > a.mean_nll);
	assert_true(c.mean_nll > a.mean_nll && isfinite(c.mean_nll));
	/* The window holding the unseen call is the worst. */
	assert_true(c.max_window > c.mean_nll);
	assert_true(a.max_window >= a.mean_nll);
	ngram_free(&m);
}

static void test_plain_parser(void **state)
{
	static const char ok[] = "6 6 63 6 42 ";
	static const char bad[] = "6 6 x 7";
	struct trace t;
	char err[128];

	(void)state;
	assert_int_equal(trace_parse_plain(ok, strlen(ok), &t, err,
					   sizeof(err)), 0);
	assert_int_equal(t.len, 5);
	assert_int_equal(t.tok[2], 63);
	trace_free(&t);
	assert_int_equal(trace_parse_plain(bad, strlen(bad), &t, err,
					   sizeof(err)), -1);
	assert_int_equal(trace_parse_plain("", 0, &t, err, sizeof(err)), 0);
	assert_int_equal(t.len, 0);
	assert_int_equal(trace_parse_plain("99999999999", 11, &t, err,
					   sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stide_known_windows),
		cmocka_unit_test(test_stide_unseen_window),
		cmocka_unit_test(test_stide_short_trace),
		cmocka_unit_test(test_ngram_normalised),
		cmocka_unit_test(test_ngram_scores),
		cmocka_unit_test(test_plain_parser),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
