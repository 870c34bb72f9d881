/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small deterministic random generator (splitmix64): the same seed gives
 * the same weights and the same batches on every machine.
 */
#ifndef LLMOS_RNG_H
#define LLMOS_RNG_H

#include <stdint.h>

struct llm_rng {
	uint64_t s;
};

static inline uint64_t llm_rng_next(struct llm_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static inline double llm_rng_uniform(struct llm_rng *r)
{
	return (double)(llm_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n), n > 0. */
static inline uint64_t llm_rng_below(struct llm_rng *r, uint64_t n)
{
	return (uint64_t)(llm_rng_uniform(r) * (double)n) % n;
}

/* A seed for stream `k` of `seed`, independent of the other streams. */
static inline uint64_t llm_rng_derive(uint64_t seed, uint64_t k)
{
	struct llm_rng r = { seed ^ (k * 0xd1342543de82ef95ULL) };

	llm_rng_next(&r);
	return llm_rng_next(&r);
}

double llm_rng_normal(struct llm_rng *r);

#endif
