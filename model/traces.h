/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Training data for llmos-train, tokenized the way the agent tokenizes
 * processes (userspace/pipeline.c and the generated syscall token table):
 * agent trace files, or plain traces of syscall numbers of an ABI. This
 * part links the agent's library; the model library does not.
 */
#ifndef LLMOS_TRACES_H
#define LLMOS_TRACES_H

#include "dataset.h"

/*
 * abi NULL: agent trace files, one sequence per process. "i386" or
 * "x86_64": plain traces mapped through the syscall token table, each
 * framed as the agent frames an imported trace (start, exec, the calls,
 * exit). "raw": plain traces, the numbers are the tokens. vocab_size: the
 * model's vocabulary for raw tokens (0 when training a new model).
 */
int llm_traces_load(struct llm_dataset *d, char *const *paths, int npaths,
		    const char *abi, uint32_t vocab_size, char *err,
		    size_t errlen);

#endif
