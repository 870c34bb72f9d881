/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel implementations that kernels.c puts in its table. */
#ifndef LLMOS_KERNELS_IMPL_H
#define LLMOS_KERNELS_IMPL_H

#include "kernels.h"

#define I8_KERNELS(NAME)						\
int32_t llm_i8_##NAME##_dot(const int8_t *a, const int8_t *b, uint32_t n);\
void llm_i8_##NAME##_matmul(float *y, const int8_t *w, const float *ws,	\
			    const int8_t *x, const float *xs,		\
			    uint32_t rows, uint32_t cols, uint32_t nb);

int32_t llm_i8_dot_scalar(const int8_t *a, const int8_t *b, uint32_t n);
void llm_i8_matmul_scalar(float *y, const int8_t *w, const float *ws,
			  const int8_t *x, const float *xs, uint32_t rows,
			  uint32_t cols, uint32_t nb);
void llm_i8_quantize_scalar(int8_t *q, float *s, const float *x, uint32_t n);
void llm_f32_matmul_scalar(float *y, const float *w, const float *x,
			   uint32_t rows, uint32_t cols, uint32_t nb);

#if defined(__x86_64__)
I8_KERNELS(sse2)
I8_KERNELS(avx2)
I8_KERNELS(avxvnni)
I8_KERNELS(avx512vnni)
void llm_i8_sse2_quantize(int8_t *q, float *s, const float *x, uint32_t n);
void llm_i8_avx2_quantize(int8_t *q, float *s, const float *x, uint32_t n);
void llm_f32_matmul_avx2(float *y, const float *w, const float *x,
			 uint32_t rows, uint32_t cols, uint32_t nb);
#endif

#endif
