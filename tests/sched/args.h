/* SPDX-License-Identifier: GPL-2.0 */
/* Command-line numbers for the benchmark programs. */
#ifndef LLMOS_SCHED_ARGS_H
#define LLMOS_SCHED_ARGS_H

#include <stdint.h>

/* A decimal number, or usage() (which must not return) on anything else. */
uint64_t arg_u64(const char *s, void (*usage)(void));

#endif
