// SPDX-License-Identifier: GPL-2.0
/*
 * int8 x int8 -> int32 dot products and the per-group scaled matmul built
 * on them. The scalar code is the reference; the SIMD versions compute
 * the same int32 group sums (exactly) and scale and add them in the same
 * order: the same floats.
 *
 * x86 has no signed x signed byte multiply-add, so the SIMD paths use
 * |x| (unsigned) times sign(x) * w (signed): maddubs (AVX2) or dpbusd
 * (VNNI). With codes in -127..127 neither overflows.
 */
#include <math.h>

#include "kernels_impl.h"
#include "model.h"

int32_t llm_i8_dot_scalar(const int8_t *a, const int8_t *b, uint32_t n)
{
	int32_t s = 0;
	uint32_t i;

	for (i = 0; i < n; i++)
		s += (int32_t)a[i] * b[i];
	return s;
}

static float group_scale(float amax, float *inv)
{
	float scale = amax / 127.0f;

	*inv = scale > 0.0f ? 1.0f / scale : 0.0f;
	return scale;
}

void llm_i8_quantize_scalar(int8_t *q, float *s, const float *x, uint32_t n)
{
	uint32_t g, i;

	for (g = 0; g < n / LLM_GROUP; g++) {
		const float *xg = x + g * LLM_GROUP;
		float amax = 0.0f, inv;

		for (i = 0; i < LLM_GROUP; i++) {
			float a = fabsf(xg[i]);

			amax = a > amax ? a : amax;
		}
		s[g] = group_scale(amax, &inv);
		/*
		 * |x * inv| <= 127: adding and taking away 1.5 * 2^23 rounds
		 * to nearest even like nearbyintf(), without a libm call, and
		 * the loop vectorizes.
		 */
		for (i = 0; i < LLM_GROUP; i++) {
			float r = (xg[i] * inv + 12582912.0f) - 12582912.0f;

			r = r > 127.0f ? 127.0f : r;
			r = r < -127.0f ? -127.0f : r;
			q[g * LLM_GROUP + i] = (int8_t)(int32_t)r;
		}
	}
}

void llm_i8_matmul_scalar(float *y, const int8_t *w, const float *ws,
			  const int8_t *x, const float *xs, uint32_t rows,
			  uint32_t cols, uint32_t nb)
{
	uint32_t groups = cols / LLM_GROUP, r, b, g;

	for (r = 0; r < rows; r++) {
		const int8_t *wr = w + (size_t)r * cols;
		const float *wsr = ws + (size_t)r * groups;

		for (b = 0; b < nb; b++) {
			const int8_t *xb = x + (size_t)b * cols;
			const float *xsb = xs + (size_t)b * groups;
			float acc = 0.0f;

			for (g = 0; g < groups; g++)
				acc += (float)llm_i8_dot_scalar(wr + g * LLM_GROUP,
							 xb + g * LLM_GROUP,
							 LLM_GROUP) *
				       (wsr[g] * xsb[g]);
			y[(size_t)b * rows + r] = acc;
		}
	}
}

#if defined(__x86_64__)
#include <immintrin.h>

/*
 * SSE2, which every x86-64 has (the test kernel's TCG CPU has nothing
 * more): without a byte multiply-add, codes are sign-extended to 16 bits
 * and multiplied-added in pairs (pmaddwd), the activation group once for
 * four weight rows. A compiler left to itself widens to 32 bits and
 * emulates the 32-bit multiply SSE2 lacks, four times the instructions.
 */
static inline void sse2_widen(__m128i *out, const int8_t *p)
{
	uint32_t k;

	for (k = 0; k < LLM_GROUP / 16; k++) {
		__m128i v = _mm_loadu_si128((const void *)(p + 16 * k));

		out[2 * k] = _mm_srai_epi16(_mm_unpacklo_epi8(v, v), 8);
		out[2 * k + 1] = _mm_srai_epi16(_mm_unpackhi_epi8(v, v), 8);
	}
}

/* Four int32 partial sums of one group's dot against widened x. */
static inline __m128i sse2_group(const int8_t *w, const __m128i *xw)
{
	__m128i ww[LLM_GROUP / 8], acc = _mm_setzero_si128();
	uint32_t k;

	sse2_widen(ww, w);
	for (k = 0; k < LLM_GROUP / 8; k++)
		acc = _mm_add_epi32(acc, _mm_madd_epi16(ww[k], xw[k]));
	return acc;
}

/* The lane sums of four vectors, as one vector of four. */
static inline __m128i sse2_sum4(__m128i a, __m128i b, __m128i c, __m128i d)
{
	__m128i s0 = _mm_add_epi32(_mm_unpacklo_epi32(a, b),
				   _mm_unpackhi_epi32(a, b));
	__m128i s1 = _mm_add_epi32(_mm_unpacklo_epi32(c, d),
				   _mm_unpackhi_epi32(c, d));

	return _mm_add_epi32(_mm_unpacklo_epi64(s0, s1),
			     _mm_unpackhi_epi64(s0, s1));
}

/* The same arithmetic as llm_i8_quantize_scalar, four values at a time. */
void llm_i8_sse2_quantize(int8_t *q, float *s, const float *x, uint32_t n)
{
	const __m128 abs_mask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
	const __m128i lim = _mm_set1_epi16(127), nlim = _mm_set1_epi16(-127);
	uint32_t g, k;

	for (g = 0; g < n / LLM_GROUP; g++) {
		const float *xg = x + g * LLM_GROUP;
		__m128 v[LLM_GROUP / 4], m = _mm_setzero_ps(), vinv;
		__m128i c[LLM_GROUP / 4], h[LLM_GROUP / 8];
		float amax, inv;

		for (k = 0; k < LLM_GROUP / 4; k++) {
			v[k] = _mm_loadu_ps(xg + 4 * k);
			m = _mm_max_ps(_mm_and_ps(v[k], abs_mask), m);
		}
		m = _mm_max_ps(m, _mm_movehl_ps(m, m));
		m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
		amax = _mm_cvtss_f32(m);
		s[g] = group_scale(amax, &inv);
		vinv = _mm_set1_ps(inv);
		/* cvtps rounds to nearest even, as the reference does. */
		for (k = 0; k < LLM_GROUP / 4; k++)
			c[k] = _mm_cvtps_epi32(_mm_mul_ps(v[k], vinv));
		for (k = 0; k < LLM_GROUP / 8; k++)
			h[k] = _mm_max_epi16(_mm_min_epi16(
				_mm_packs_epi32(c[2 * k], c[2 * k + 1]), lim),
				nlim);
		for (k = 0; k < LLM_GROUP / 16; k++)
			_mm_storeu_si128((void *)(q + g * LLM_GROUP + 16 * k),
					 _mm_packs_epi16(h[2 * k],
							 h[2 * k + 1]));
	}
}

int32_t llm_i8_sse2_dot(const int8_t *a, const int8_t *b, uint32_t n)
{
	__m128i acc = _mm_setzero_si128(), xw[LLM_GROUP / 8];
	int32_t out[4];
	uint32_t i;

	for (i = 0; i < n; i += LLM_GROUP) {
		sse2_widen(xw, b + i);
		acc = _mm_add_epi32(acc, sse2_group(a + i, xw));
	}
	_mm_storeu_si128((void *)out, acc);
	return out[0] + out[1] + out[2] + out[3];
}

/* The scalar reference's floats: exact group sums, scaled, in order. */
void llm_i8_sse2_matmul(float *y, const int8_t *w, const float *ws,
			const int8_t *x, const float *xs, uint32_t rows,
			uint32_t cols, uint32_t nb)
{
	uint32_t groups = cols / LLM_GROUP, r, b, g, k;

	for (r = 0; r + 4 <= rows; r += 4) {
		for (b = 0; b < nb; b++) {
			const int8_t *xb = x + (size_t)b * cols;
			const float *xsb = xs + (size_t)b * groups;
			__m128 acc = _mm_setzero_ps();

			for (g = 0; g < groups; g++) {
				__m128i xw[LLM_GROUP / 8], d[4];
				float sc[4];

				sse2_widen(xw, xb + g * LLM_GROUP);
				for (k = 0; k < 4; k++) {
					size_t row = (size_t)(r + k);

					d[k] = sse2_group(w + row * cols +
							  g * LLM_GROUP, xw);
					sc[k] = ws[row * groups + g] * xsb[g];
				}
				acc = _mm_add_ps(acc, _mm_mul_ps(
					_mm_cvtepi32_ps(sse2_sum4(d[0], d[1],
								  d[2], d[3])),
					_mm_loadu_ps(sc)));
			}
			_mm_storeu_ps(y + (size_t)b * rows + r, acc);
		}
	}
	for (; r < rows; r++) {
		for (b = 0; b < nb; b++) {
			const int8_t *xb = x + (size_t)b * cols;
			const float *xsb = xs + (size_t)b * groups;
			float acc = 0.0f;

			for (g = 0; g < groups; g++)
				acc += (float)llm_i8_dot_scalar(
					w + (size_t)r * cols + g * LLM_GROUP,
					xb + g * LLM_GROUP, LLM_GROUP) *
				       (ws[(size_t)r * groups + g] * xsb[g]);
			y[(size_t)b * rows + r] = acc;
		}
	}
}

#define X86_KERNELS(NAME, TARGET, GROUP_DOT)				\
__attribute__((target(TARGET)))						\
static inline __m256i NAME##_group(__m256i w, __m256i x)		\
{									\
	__m256i ax = _mm256_sign_epi8(x, x);				\
	__m256i sw = _mm256_sign_epi8(w, x);				\
									\
	return GROUP_DOT(ax, sw);					\
}									\
									\
__attribute__((target(TARGET)))						\
int32_t llm_i8_##NAME##_dot(const int8_t *a, const int8_t *b, uint32_t n)	\
{									\
	__m256i acc = _mm256_setzero_si256();				\
	__m128i s;							\
	uint32_t i;							\
									\
	for (i = 0; i < n; i += LLM_GROUP)				\
		acc = _mm256_add_epi32(acc, NAME##_group(		\
			_mm256_loadu_si256((const void *)(a + i)),	\
			_mm256_loadu_si256((const void *)(b + i))));	\
	s = _mm_add_epi32(_mm256_castsi256_si128(acc),			\
			  _mm256_extracti128_si256(acc, 1));		\
	s = _mm_hadd_epi32(s, s);					\
	s = _mm_hadd_epi32(s, s);					\
	return _mm_cvtsi128_si32(s);					\
}									\
									\
/* The lane sums of eight vectors, as one vector of eight: hadd tree. */	\
__attribute__((target(TARGET)))						\
static inline __m256i NAME##_sum8(const __m256i *d)			\
{									\
	__m256i a = _mm256_hadd_epi32(_mm256_hadd_epi32(d[0], d[1]),	\
				      _mm256_hadd_epi32(d[2], d[3]));	\
	__m256i c = _mm256_hadd_epi32(_mm256_hadd_epi32(d[4], d[5]),	\
				      _mm256_hadd_epi32(d[6], d[7]));	\
									\
	return _mm256_add_epi32(_mm256_permute2x128_si256(a, c, 0x20),	\
				_mm256_permute2x128_si256(a, c, 0x31));	\
}									\
									\
/* Eight weight rows per pass share each activation load. */		\
__attribute__((target(TARGET)))						\
void llm_i8_##NAME##_matmul(float *y, const int8_t *w, const float *ws,	\
			  const int8_t *x, const float *xs,		\
			  uint32_t rows, uint32_t cols, uint32_t nb)	\
{									\
	uint32_t groups = cols / LLM_GROUP, r, b, g, k;			\
									\
	for (r = 0; r + 8 <= rows; r += 8) {				\
		for (b = 0; b < nb; b++) {				\
			const int8_t *xb = x + (size_t)b * cols;	\
			const float *xsb = xs + (size_t)b * groups;	\
			__m256 acc = _mm256_setzero_ps();		\
									\
			for (g = 0; g < groups; g++) {			\
				__m256i xv = _mm256_loadu_si256(	\
					(const void *)(xb + g * LLM_GROUP));\
				__m256i ax = _mm256_sign_epi8(xv, xv);	\
				__m256i d[8];				\
				float sc[8];				\
									\
				for (k = 0; k < 8; k++) {		\
					size_t row = (size_t)(r + k);	\
					__m256i wv = _mm256_loadu_si256(\
						(const void *)(w + row * cols +\
							g * LLM_GROUP));\
									\
					d[k] = GROUP_DOT(ax,		\
						_mm256_sign_epi8(wv, xv));\
					sc[k] = ws[row * groups + g] * xsb[g];\
				}					\
				acc = _mm256_add_ps(acc, _mm256_mul_ps(	\
					_mm256_cvtepi32_ps(NAME##_sum8(d)),\
					_mm256_loadu_ps(sc)));		\
			}						\
			_mm256_storeu_ps(y + (size_t)b * rows + r, acc);\
		}							\
	}								\
	for (; r < rows; r++) {						\
		for (b = 0; b < nb; b++) {				\
			const int8_t *xb = x + (size_t)b * cols;	\
			const float *xsb = xs + (size_t)b * groups;	\
			float acc = 0.0f;				\
									\
			for (g = 0; g < groups; g++)			\
				acc += (float)llm_i8_##NAME##_dot(	\
					w + (size_t)r * cols + g * LLM_GROUP,\
					xb + g * LLM_GROUP, LLM_GROUP) *	\
				       (ws[(size_t)r * groups + g] * xsb[g]);\
			y[(size_t)b * rows + r] = acc;			\
		}							\
	}								\
}

/* The same arithmetic as llm_i8_quantize_scalar, 32 values at a time. */
__attribute__((target("avx2,fma")))
void llm_i8_avx2_quantize(int8_t *q, float *s, const float *x, uint32_t n)
{
	const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
	const __m256i lim = _mm256_set1_epi32(127), nlim = _mm256_set1_epi32(-127);
	const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
	uint32_t g, k;

	for (g = 0; g < n / LLM_GROUP; g++) {
		const float *xg = x + g * LLM_GROUP;
		__m256 v[4], m = _mm256_setzero_ps(), vinv;
		__m256i c[4], p;
		__m128 h;
		float amax, inv;

		for (k = 0; k < 4; k++) {
			v[k] = _mm256_loadu_ps(xg + 8 * k);
			m = _mm256_max_ps(_mm256_and_ps(v[k], abs_mask), m);
		}
		h = _mm_max_ps(_mm256_castps256_ps128(m),
			       _mm256_extractf128_ps(m, 1));
		h = _mm_max_ps(h, _mm_movehl_ps(h, h));
		h = _mm_max_ss(h, _mm_shuffle_ps(h, h, 1));
		amax = _mm_cvtss_f32(h);
		s[g] = group_scale(amax, &inv);
		vinv = _mm256_set1_ps(inv);
		/* cvtps rounds to nearest even, as nearbyintf does. */
		for (k = 0; k < 4; k++)
			c[k] = _mm256_max_epi32(_mm256_min_epi32(
				_mm256_cvtps_epi32(_mm256_mul_ps(v[k], vinv)),
				lim), nlim);
		p = _mm256_packs_epi16(_mm256_packs_epi32(c[0], c[1]),
				       _mm256_packs_epi32(c[2], c[3]));
		_mm256_storeu_si256((void *)(q + g * LLM_GROUP),
				    _mm256_permutevar8x32_epi32(p, order));
	}
}

/* maddubs gives int16 pairs (at most 2 * 127 * 127), madd widens them. */
#define AVX2_GROUP_DOT(ax, sw) \
	_mm256_madd_epi16(_mm256_maddubs_epi16(ax, sw), _mm256_set1_epi16(1))
#define AVXVNNI_GROUP_DOT(ax, sw) \
	_mm256_dpbusd_avx_epi32(_mm256_setzero_si256(), ax, sw)
#define AVX512VNNI_GROUP_DOT(ax, sw) \
	_mm256_dpbusd_epi32(_mm256_setzero_si256(), ax, sw)

X86_KERNELS(avx2, "avx2,fma", AVX2_GROUP_DOT)
X86_KERNELS(avxvnni, "avx2,fma,avxvnni", AVXVNNI_GROUP_DOT)
X86_KERNELS(avx512vnni, "avx2,fma,avx512vnni,avx512vl", AVX512VNNI_GROUP_DOT)
#endif

