// SPDX-License-Identifier: GPL-2.0
/* Which kernel sets exist, which this CPU runs, and the one to use. */
#include <stdlib.h>
#include <string.h>

#include "kernels_impl.h"

static const struct llm_kernels kernels[] = {
	{ "scalar", llm_i8_quantize_scalar, llm_i8_dot_scalar,
	  llm_i8_matmul_scalar, llm_f32_matmul_scalar },
#if defined(__x86_64__)
	{ "sse2", llm_i8_sse2_quantize, llm_i8_sse2_dot, llm_i8_sse2_matmul,
	  llm_f32_matmul_scalar },
	{ "avx2", llm_i8_avx2_quantize, llm_i8_avx2_dot, llm_i8_avx2_matmul,
	  llm_f32_matmul_avx2 },
	{ "avx512vnni", llm_i8_avx2_quantize, llm_i8_avx512vnni_dot,
	  llm_i8_avx512vnni_matmul, llm_f32_matmul_avx2 },
	{ "avxvnni", llm_i8_avx2_quantize, llm_i8_avxvnni_dot,
	  llm_i8_avxvnni_matmul, llm_f32_matmul_avx2 },
#endif
};

static int cpu_runs(const struct llm_kernels *k)
{
#if defined(__x86_64__)
	__builtin_cpu_init();
	/* x86-64 always has SSE2. */
	if (!strcmp(k->name, "sse2"))
		return 1;
	if (strcmp(k->name, "scalar") && !(__builtin_cpu_supports("avx2") &&
					   __builtin_cpu_supports("fma")))
		return 0;
	if (!strcmp(k->name, "avxvnni"))
		return __builtin_cpu_supports("avxvnni");
	if (!strcmp(k->name, "avx512vnni"))
		return __builtin_cpu_supports("avx512vnni") &&
		       __builtin_cpu_supports("avx512vl");
	return 1;
#else
	return !strcmp(k->name, "scalar");
#endif
}

unsigned int llm_kernels_available(const struct llm_kernels **out,
				   unsigned int max)
{
	unsigned int i, n = 0;

	for (i = 0; i < sizeof(kernels) / sizeof(kernels[0]); i++)
		if (cpu_runs(&kernels[i]) && n < max)
			out[n++] = &kernels[i];
	return n;
}

const struct llm_kernels *llm_kernels_best(void)
{
	static const struct llm_kernels *best;
	const struct llm_kernels *all[8];
	const char *want = getenv("LLMOS_KERNEL");
	unsigned int i, n;

	if (best)
		return best;
	n = llm_kernels_available(all, 8);
	/* The table is ordered slowest first. */
	best = all[n - 1];
	for (i = 0; want && i < n; i++)
		if (!strcmp(all[i]->name, want))
			best = all[i];
	return best;
}
