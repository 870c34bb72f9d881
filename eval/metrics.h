/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Detection metrics over per-trace anomaly scores (higher = more anomalous).
 * Definitions in Documentation/evaluation.md.
 */
#ifndef LLMOS_EVAL_METRICS_H
#define LLMOS_EVAL_METRICS_H

#include <stddef.h>

/*
 * ROC AUC, exact: the probability that a random positive scores above a
 * random negative, ties counting one half (the Mann-Whitney statistic).
 * NaN when either side is empty.
 */
double eval_auc(const double *pos, size_t npos, const double *neg,
		size_t nneg);

/*
 * Alert threshold for a target false positive rate from calibration
 * normals: the ceil((1 - fpr) * n)-th smallest score (the (1 - fpr)
 * empirical quantile), alerting on scores strictly above it, so that at
 * most fpr * n calibration scores alert. NaN when n == 0.
 */
double eval_threshold(const double *calib, size_t n, double fpr);

/* Fraction of the n scores strictly above t (detection or false alarm). */
double eval_rate_above(const double *s, size_t n, double t);

/*
 * False positive rate at a detection rate, threshold taken on the test
 * data itself (the published "false alarms at 90% detection"): alert on
 * scores >= the ceil(dr * npos)-th largest positive score.
 */
double eval_fpr_at_dr(const double *pos, size_t npos, const double *neg,
		      size_t nneg, double dr);

#endif
