// SPDX-License-Identifier: GPL-2.0
#include <math.h>

#include "rng.h"

/* Box-Muller; one value per call keeps the stream simple to reproduce. */
double llm_rng_normal(struct llm_rng *r)
{
	double u1 = llm_rng_uniform(r), u2 = llm_rng_uniform(r);

	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}
