/* SPDX-License-Identifier: GPL-2.0 */
/* Loader of the benchmark's naive probe (bpf/bench/naive.bpf.c). */
#ifndef LLMOS_TESTS_NAIVE_H
#define LLMOS_TESTS_NAIVE_H

#include <stddef.h>
#include <stdint.h>

struct naive;

/* Loads and attaches with a ring of ring_bytes; NULL on error. */
struct naive *naive_open(size_t ring_bytes);
/* Waits up to timeout_ms, then drains; returns records drained or -errno. */
int naive_poll(struct naive *n, int timeout_ms);
/* Records lost because the ring was full. */
uint64_t naive_drops(const struct naive *n);
void naive_close(struct naive *n);

#endif /* LLMOS_TESTS_NAIVE_H */
