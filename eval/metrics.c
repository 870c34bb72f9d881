// SPDX-License-Identifier: GPL-2.0
/* ROC AUC and threshold metrics of the evaluation harness. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

struct scored {
	double s;
	int pos;
};

static int cmp_scored(const void *a, const void *b)
{
	double x = ((const struct scored *)a)->s;
	double y = ((const struct scored *)b)->s;

	return (x > y) - (x < y);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double eval_auc(const double *pos, size_t npos, const double *neg,
		size_t nneg)
{
	size_t n = npos + nneg, i = 0;
	struct scored *v;
	double below = 0, sum = 0;

	if (!npos || !nneg)
		return NAN;
	v = malloc(n * sizeof(*v));
	if (!v)
		return NAN;
	for (size_t j = 0; j < npos; j++)
		v[j] = (struct scored){ pos[j], 1 };
	for (size_t j = 0; j < nneg; j++)
		v[npos + j] = (struct scored){ neg[j], 0 };
	qsort(v, n, sizeof(*v), cmp_scored);
	/* Walk groups of equal scores in ascending order. */
	while (i < n) {
		size_t j = i;
		double p = 0, q = 0;

		while (j < n && v[j].s == v[i].s) {
			p += v[j].pos;
			q += !v[j].pos;
			j++;
		}
		sum += p * below + 0.5 * p * q;
		below += q;
		i = j;
	}
	free(v);
	return sum / ((double)npos * (double)nneg);
}

double eval_threshold(const double *calib, size_t n, double fpr)
{
	double *v, t;
	size_t k;

	if (!n)
		return NAN;
	v = malloc(n * sizeof(*v));
	if (!v)
		return NAN;
	memcpy(v, calib, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_double);
	/* The epsilon keeps e.g. 0.95 * 100 from rounding up to 96. */
	k = (size_t)ceil((1.0 - fpr) * (double)n - 1e-9);
	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	t = v[k - 1];
	free(v);
	return t;
}

double eval_rate_above(const double *s, size_t n, double t)
{
	size_t c = 0;

	if (!n)
		return NAN;
	for (size_t i = 0; i < n; i++)
		c += s[i] > t;
	return (double)c / (double)n;
}

double eval_fpr_at_dr(const double *pos, size_t npos, const double *neg,
		      size_t nneg, double dr)
{
	double *v, t;
	size_t k, c = 0;

	if (!npos || !nneg)
		return NAN;
	v = malloc(npos * sizeof(*v));
	if (!v)
		return NAN;
	memcpy(v, pos, npos * sizeof(*v));
	qsort(v, npos, sizeof(*v), cmp_double);
	k = (size_t)ceil(dr * (double)npos - 1e-9);
	if (k < 1)
		k = 1;
	if (k > npos)
		k = npos;
	t = v[npos - k];
	free(v);
	for (size_t i = 0; i < nneg; i++)
		c += neg[i] >= t;
	return (double)c / (double)nneg;
}
