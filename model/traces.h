/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Training data for llmos-train, tokenized the way the agent tokenizes
 * processes (userspace/pipeline.c and the generated syscall token table):
 * agent trace files, or plain traces of syscall numbers of an ABI, and
 * their scheduling labels. This part links the agent's library and its
 * labels reader (userspace/sched/labeler.c); the model library does not.
 */
#ifndef LLMOS_TRACES_H
#define LLMOS_TRACES_H

#include "dataset.h"

struct sched_labels;

/*
 * abi NULL: agent trace files, one sequence per process. "i386" or
 * "x86_64": plain traces mapped through the syscall token table, each
 * framed as the agent frames an imported trace (start, exec, the calls,
 * exit). "raw": plain traces, the numbers are the tokens. vocab_size: the
 * model's vocabulary for raw tokens (0 when training a new model).
 * labels (agent traces only, or NULL): each process found in it by (tgid,
 * start time) gets its class and regression target; the others, and the
 * processes it could not judge, stay unlabelled (-1, NAN).
 */
int llm_traces_load(struct llm_dataset *d, char *const *paths, int npaths,
		    const char *abi, uint32_t vocab_size,
		    const struct sched_labels *labels, char *err,
		    size_t errlen);

#endif
