// SPDX-License-Identifier: GPL-2.0
/*
 * The transcendental loops of inference, eight lanes at a time with GCC
 * vector extensions (AVX2 or SSE2 on x86-64, NEON elsewhere): a scalar expf()
 * call per vocabulary entry and per hidden unit cost the scorer more than
 * its matrix products. exp() is a Cody-Waite range reduction and a degree
 * 6 polynomial, within 2e-7 relative of expf() over its clamped range.
 * Also the layer norm, whose sums training keeps in one serial chain.
 */
#include <math.h>
#include <string.h>

#include "kernels.h"
#include "layers.h"

/*
 * Eight lanes: one AVX register where the CPU has AVX2 (target_clones
 * picks at load time), two SSE2 registers elsewhere. The helpers below are
 * static and inlined: their vector arguments cross no ABI boundary.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
typedef float vf __attribute__((vector_size(32)));
typedef int32_t vi __attribute__((vector_size(32)));

#define LANES 8
#define LOG2E 1.44269504f
#define LN2_HI 0.693145752f	/* ln 2 = LN2_HI + LN2_LO, LN2_HI exact */
#define LN2_LO 1.42860677e-6f
#define ROUND 12582912.0f	/* 1.5 * 2^23: adding it rounds to integer */
#define EXP_MIN -87.0f		/* exp() stays a normal float ... */
#define EXP_MAX 88.0f		/* ... and finite */

static inline vf vsel(vi m, vf a, vf b)
{
	return (vf)(((vi)a & m) | ((vi)b & ~m));
}

static inline vf vexp(vf x)
{
	const vf lo = (vf){ 0 } + EXP_MIN, hi = (vf){ 0 } + EXP_MAX;
	vf r, f, p;
	vi n;

	x = vsel(x < lo, lo, x);
	x = vsel(x > hi, hi, x);
	/* x = r ln 2 + f, |f| <= ln 2 / 2; exp(x) = 2^r exp(f). */
	r = (x * LOG2E + ROUND) - ROUND;
	n = __builtin_convertvector(r, vi);
	f = x - r * LN2_HI;
	f = f - r * LN2_LO;
	p = 1.0f + f * (1.0f + f * (0.5f + f * (1.0f / 6 + f * (1.0f / 24 +
		f * (1.0f / 120 + f * (1.0f / 720))))));
	return p * (vf)((n + 127) << 23);
}

/* Loads n < LANES values (the rest: fill). */
static inline vf vload_tail(const float *x, uint32_t n, float fill)
{
	float t[LANES];
	uint32_t j;
	vf v;

	for (j = 0; j < LANES; j++)
		t[j] = j < n ? x[j] : fill;
	memcpy(&v, t, sizeof(v));
	return v;
}

__attribute__((target_clones("avx2", "default")))
uint32_t llm_vlog_softmax(float *x, uint32_t n)
{
	vf m, s = { 0 }, v;
	float max, sum = 0.0f, lse;
	uint32_t i, j, top;

	m = vload_tail(x, 1, x[0]);
	for (i = 0; i + LANES <= n; i += LANES) {
		memcpy(&v, x + i, sizeof(v));
		m = vsel(v > m, v, m);
	}
	v = vload_tail(x + i, n - i, x[0]);
	m = vsel(v > m, v, m);
	max = m[0];
	for (j = 1; j < LANES; j++)
		max = m[j] > max ? m[j] : max;
	for (i = 0; i + LANES <= n; i += LANES) {
		memcpy(&v, x + i, sizeof(v));
		s += vexp(v - max);
	}
	/* exp(EXP_MIN) in the padding lanes: below 2e-38 each. */
	s += vexp(vload_tail(x + i, n - i, -INFINITY) - max);
	for (j = 0; j < LANES; j++)
		sum += s[j];
	/* A NaN in x[0] makes max NaN, equal to nothing: stop at the end. */
	for (top = 0; top + 1 < n && x[top] != max; top++)
		;
	lse = max + logf(sum);
	for (i = 0; i < n; i++)
		x[i] -= lse;
	return top;
}

/* x sigmoid(2u), u = sqrt(2 / pi) (x + 0.044715 x^3): as llm_gelu(). */
__attribute__((target_clones("avx2", "default")))
void llm_vgelu(float *y, const float *x, uint32_t n)
{
	const float c = 0.7978845608f;
	uint32_t i, j;
	vf v, u;

	for (i = 0; i < n; i += LANES) {
		uint32_t k = n - i < LANES ? n - i : LANES;

		if (k == LANES)
			memcpy(&v, x + i, sizeof(v));
		else
			v = vload_tail(x + i, k, 0.0f);
		u = c * (v + 0.044715f * v * v * v);
		v = v / (1.0f + vexp(-2.0f * u));
		if (k == LANES)
			memcpy(y + i, &v, sizeof(v));
		else
			for (j = 0; j < k; j++)
				y[i + j] = v[j];
	}
}

static inline float vsum(vf v)
{
	float s = 0.0f;
	uint32_t j;

	for (j = 0; j < LANES; j++)
		s += v[j];
	return s;
}

/* Sums in eight lanes: a 32-wide row is four additions deep, not 32. */
__attribute__((target_clones("avx2", "default")))
void llm_vlayernorm(float *y, const float *x, const float *g, const float *b,
		    uint32_t n, uint32_t d)
{
	uint32_t t, i;
	vf v, gv, bv;

	if (d % LANES) {
		llm_layernorm_fwd(y, NULL, NULL, x, g, b, n, d);
		return;
	}
	for (t = 0; t < n; t++) {
		const float *xt = x + (size_t)t * d;
		float *yt = y + (size_t)t * d, mu, rs;
		vf s = { 0 };

		for (i = 0; i < d; i += LANES) {
			memcpy(&v, xt + i, sizeof(v));
			s += v;
		}
		mu = vsum(s) / (float)d;
		s = (vf){ 0 };
		for (i = 0; i < d; i += LANES) {
			memcpy(&v, xt + i, sizeof(v));
			s += (v - mu) * (v - mu);
		}
		rs = 1.0f / sqrtf(vsum(s) / (float)d + LLM_LN_EPS);
		for (i = 0; i < d; i += LANES) {
			memcpy(&v, xt + i, sizeof(v));
			memcpy(&gv, g + i, sizeof(gv));
			memcpy(&bv, b + i, sizeof(bv));
			v = (v - mu) * rs * gv + bv;
			memcpy(yt + i, &v, sizeof(v));
		}
	}
}
