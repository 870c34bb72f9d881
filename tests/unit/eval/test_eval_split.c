// SPDX-License-Identifier: GPL-2.0
/* The evaluation split: deterministic, disjoint, the expected counts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "split.h"

/* Validation files of ADFA-LD that calibrate with seed 1 and 30%. */
#define ADFA_CALIB_SEED1 1287

static const char *data_dir(const char *var, const char *def)
{
	const char *d = getenv(var);

	return d && *d ? d : def;
}

static int have(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		printf("# data set not found at %s (set ADFA_DIR / UNM_DIR)\n",
		       dir);
		return 0;
	}
	return 1;
}

static void test_hash_uniform_and_seeded(void **state)
{
	char name[32];
	size_t below = 0, differ = 0;

	(void)state;
	for (int i = 0; i < 10000; i++) {
		double u;

		snprintf(name, sizeof(name), "UVD-%04d.txt", i);
		u = eval_split_u(name, 1);
		assert_true(u >= 0 && u < 1);
		assert_true(u == eval_split_u(name, 1));
		below += u < 0.3;
		differ += (u < 0.3) != (eval_split_u(name, 2) < 0.3);
	}
	assert_in_range(below, 2800, 3200);
	/* Another seed gives another split. */
	assert_true(differ > 3000);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_adfa_split(void **state)
{
	const char *dir = data_dir("ADFA_DIR", "../shared/data/adfa-ld");
	static const char *const types[] = {
		"Adduser", "Hydra_FTP", "Hydra_SSH", "Java_Meterpreter",
		"Meterpreter", "Web_Shell",
	};
	static const size_t per_type[] = { 91, 162, 176, 124, 75, 118 };
	struct eval_set a, b;
	size_t count[EVAL_MAX_TYPES] = { 0 }, nv = 0;
	const char **names;
	char err[512];

	(void)state;
	if (!have(dir))
		skip();
	if (adfa_split(dir, 1, ADFA_CALIB_FRAC, &a, err, sizeof(err)) ||
	    adfa_split(dir, 1, ADFA_CALIB_FRAC, &b, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(a.n, 833 + 4372 + 746);
	assert_int_equal(eval_set_count(&a, EVAL_TRAIN, -1), 833);
	assert_int_equal(eval_set_count(&a, EVAL_TRAIN, 1), 0);
	assert_int_equal(eval_set_count(&a, EVAL_CALIB, 1), 0);
	assert_int_equal(eval_set_count(&a, EVAL_CALIB, 0), ADFA_CALIB_SEED1);
	assert_int_equal(eval_set_count(&a, EVAL_TEST, 0),
			 4372 - ADFA_CALIB_SEED1);
	assert_int_equal(eval_set_count(&a, EVAL_TEST, 1), 746);
	assert_int_equal(a.ntypes, 6);
	for (unsigned int t = 0; t < 6; t++)
		assert_string_equal(a.types[t], types[t]);

	/* Deterministic: the same items in the same parts, twice. */
	assert_int_equal(a.n, b.n);
	names = calloc(a.n, sizeof(*names));
	assert_non_null(names);
	for (size_t i = 0; i < a.n; i++) {
		const struct eval_item *x = &a.items[i];

		assert_string_equal(x->path, b.items[i].path);
		assert_int_equal(x->part, b.items[i].part);
		if (x->attack) {
			assert_int_equal(x->part, EVAL_TEST);
			assert_in_range(x->type, 0, 5);
			count[x->type]++;
		} else {
			assert_int_equal(x->type, -1);
		}
		if (strstr(x->path, "/Training_Data_Master/"))
			assert_int_equal(x->part, EVAL_TRAIN);
		else if (strstr(x->path, "/Validation_Data_Master/"))
			names[nv++] = x->name;
		else
			assert_true(x->attack);
	}
	for (unsigned int t = 0; t < 6; t++)
		assert_int_equal(count[t], per_type[t]);
	/* Disjoint: each validation file name once, in one part. */
	assert_int_equal(nv, 4372);
	qsort(names, nv, sizeof(*names), cmp_str);
	for (size_t i = 1; i < nv; i++)
		assert_true(strcmp(names[i - 1], names[i]) < 0);
	free(names);
	eval_set_free(&a);
	eval_set_free(&b);
}

static void test_unm_split(void **state)
{
	const char *dir = data_dir("UNM_DIR",
				   "../shared/data/unm-login-ps-inetd");
	static const char *const sets[] = { "login", "ps", "inetd" };
	/* Processes per program: normal, intrusion (SOURCE.md). */
	static const size_t normal[] = { 24, 24, 3 }, attack[] = { 13, 26, 31 };
	char sub[4096], err[512];

	(void)state;
	if (!have(dir))
		skip();
	for (int k = 0; k < 3; k++) {
		struct eval_set s;

		snprintf(sub, sizeof(sub), "%s/%s", dir, sets[k]);
		if (unm_split(sub, 1, UNM_TRAIN_FRAC, &s, err, sizeof(err)))
			fail_msg("%s", err);
		assert_int_equal(eval_set_count(&s, EVAL_TRAIN, 0) +
				 eval_set_count(&s, EVAL_TEST, 0), normal[k]);
		assert_int_equal(eval_set_count(&s, EVAL_TEST, 1), attack[k]);
		assert_true(eval_set_count(&s, EVAL_TRAIN, 0) > 0);
		assert_true(eval_set_count(&s, EVAL_TEST, 0) > 0);
		assert_int_equal(eval_set_count(&s, EVAL_TRAIN, 1), 0);
		eval_set_free(&s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_uniform_and_seeded),
		cmocka_unit_test(test_adfa_split),
		cmocka_unit_test(test_unm_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
