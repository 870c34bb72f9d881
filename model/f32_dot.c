// SPDX-License-Identifier: GPL-2.0
/*
 * fp32 matrix products of inference: y[b][r] = w[r] . x[b]. The scalar
 * version is the plain reference loop; the AVX2 one keeps four weight
 * rows and eight lanes in flight.
 */
#include <stddef.h>

#include "kernels_impl.h"

void llm_f32_matmul_scalar(float *y, const float *w, const float *x,
			   uint32_t rows, uint32_t cols, uint32_t nb)
{
	uint32_t r, b, i;

	for (b = 0; b < nb; b++) {
		const float *xb = x + (size_t)b * cols;

		for (r = 0; r < rows; r++) {
			const float *wr = w + (size_t)r * cols;
			float s = 0.0f;

			for (i = 0; i < cols; i++)
				s += wr[i] * xb[i];
			y[(size_t)b * rows + r] = s;
		}
	}
}

#if defined(__x86_64__)
#include <immintrin.h>

/* cols is a multiple of LLM_GROUP (32), so of 8. */
__attribute__((target("avx2,fma")))
void llm_f32_matmul_avx2(float *y, const float *w, const float *x,
			 uint32_t rows, uint32_t cols, uint32_t nb)
{
	uint32_t r, b, i, k, nr;

	for (r = 0; r < rows; r += nr) {
		nr = rows - r < 4 ? rows - r : 4;
		for (b = 0; b < nb; b++) {
			const float *xb = x + (size_t)b * cols;
			__m256 acc[4] = { _mm256_setzero_ps(),
					  _mm256_setzero_ps(),
					  _mm256_setzero_ps(),
					  _mm256_setzero_ps() };
			__m256 s;
			__m128 h;
			float out[4];

			for (i = 0; i < cols; i += 8) {
				__m256 xv = _mm256_loadu_ps(xb + i);

				for (k = 0; k < nr; k++)
					acc[k] = _mm256_fmadd_ps(
						_mm256_loadu_ps(w +
							(size_t)(r + k) * cols + i),
						xv, acc[k]);
			}
			s = _mm256_hadd_ps(_mm256_hadd_ps(acc[0], acc[1]),
					   _mm256_hadd_ps(acc[2], acc[3]));
			h = _mm_add_ps(_mm256_castps256_ps128(s),
				       _mm256_extractf128_ps(s, 1));
			_mm_storeu_ps(out, h);
			for (k = 0; k < nr; k++)
				y[(size_t)b * rows + r + k] = out[k];
		}
	}
}
#endif
