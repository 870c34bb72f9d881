/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The anomaly score of a whole trace from its per-call surprise (NLL in
 * nats, trace_nll.h): a weighted mean in which the k-th predicted call
 * (k = 0 for the trace's second call, the first that has a prediction)
 * weighs
 *
 *     w_k = 1 / (1 + k / tau)
 *
 * so with tau > 0 a trace is judged mostly on how it starts: the weight
 * halves by call tau and falls to a tenth by call 9 tau, yet never to zero.
 * tau = 0 gives every call weight 1: the plain mean NLL. On ADFA-LD the
 * start of a process is where attacks and normal programs differ most
 * (Documentation/evaluation.md).
 */
#ifndef LLMOS_TRACE_SCORE_H
#define LLMOS_TRACE_SCORE_H

#include <stdint.h>

/*
 * nll[0..len-1]: the surprise of each call, nll[0] (no prediction) is
 * ignored. A trace of fewer than two calls scores 0: nothing in it was
 * predicted, so nothing surprised the model.
 */
double llm_trace_score(const float *nll, uint32_t len, double tau);

/*
 * Both directions' surprise: bwd[0..len-1] is the NLL of the same trace
 * reversed under a backward model (trained on reversed traces), so
 * bwd[len - 1 - k] is call k's surprise given the calls after it. Each call
 * with both (all but the first and the last) keeps in nll the larger of
 * the two: a call is as anomalous as the more surprised model finds it,
 * and the backward model judges a process's first calls from everything
 * the process did next. On ADFA-LD this ranks attacks better than either
 * direction or their mean (Documentation/evaluation.md).
 */
void llm_trace_nll_bidir(float *nll, const float *bwd, uint32_t len);

#endif
