// SPDX-License-Identifier: GPL-2.0
/* Interpolated Kneser-Ney n-gram model of syscall sequences. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ngram.h"

/* Begin-of-trace marker; never a syscall number. */
#define NGRAM_BOS (-1)

int ngram_init(struct ngram *m, unsigned int n)
{
	memset(m, 0, sizeof(*m));
	if (n < 1 || n > NGRAM_MAX_N)
		return -1;
	m->n = n;
	for (unsigned int i = 1; i <= n; i++)
		if (seqtab_init(&m->gram[i], i) || seqtab_init(&m->ctx[i], i - 1)) {
			ngram_free(m);
			return -1;
		}
	return 0;
}

void ngram_free(struct ngram *m)
{
	for (unsigned int i = 0; i <= NGRAM_MAX_N; i++) {
		seqtab_free(&m->gram[i]);
		seqtab_free(&m->ctx[i]);
	}
}

/* The n tokens ending at position i, begin markers before the trace. */
static void window_at(const int32_t *tok, size_t i, unsigned int n,
		      int32_t *w)
{
	for (unsigned int j = 0; j < n; j++) {
		size_t back = n - 1 - j;

		w[j] = i >= back ? tok[i - back] : NGRAM_BOS;
	}
}

int ngram_add(struct ngram *m, const int32_t *tok, size_t len)
{
	int32_t w[NGRAM_MAX_N];

	for (size_t i = 0; i < len; i++) {
		struct seqtab_val *v;

		window_at(tok, i, m->n, w);
		v = seqtab_add(&m->gram[m->n], w);
		if (!v)
			return -1;
		v->count++;
	}
	return 0;
}

static void discount(struct ngram *m, unsigned int order)
{
	const struct seqtab *t = &m->gram[order];
	double n1 = 0, n2 = 0;

	for (size_t i = 0; i < t->cap; i++) {
		if (!t->used[i])
			continue;
		n1 += t->vals[i].count == 1;
		n2 += t->vals[i].count == 2;
	}
	m->d[order] = n1 > 0 ? n1 / (n1 + 2 * n2) : 0.5;
	if (m->d[order] < 0.05)
		m->d[order] = 0.05;
	if (m->d[order] > 0.95)
		m->d[order] = 0.95;
}

int ngram_finish(struct ngram *m)
{
	/* Continuation counts: distinct left extensions of each m-gram. */
	for (unsigned int o = m->n - 1; o >= 1; o--) {
		const struct seqtab *hi = &m->gram[o + 1];

		for (size_t i = 0; i < hi->cap; i++) {
			struct seqtab_val *v;

			if (!hi->used[i])
				continue;
			v = seqtab_add(&m->gram[o], &hi->keys[i * hi->k + 1]);
			if (!v)
				return -1;
			v->count++;
		}
	}
	m->vocab = 0;
	for (unsigned int o = 1; o <= m->n; o++) {
		const struct seqtab *g = &m->gram[o];

		discount(m, o);
		for (size_t i = 0; i < g->cap; i++) {
			struct seqtab_val *c;

			if (!g->used[i])
				continue;
			c = seqtab_add(&m->ctx[o], &g->keys[i * g->k]);
			if (!c)
				return -1;
			c->total += g->vals[i].count;
			c->types++;
			if (o == 1)
				m->vocab++;
		}
	}
	m->finished = 1;
	return 0;
}

/* p of order o: hist holds the o - 1 tokens before w. */
static double prob(const struct ngram *m, unsigned int o, const int32_t *hist,
		   int32_t w)
{
	int32_t key[NGRAM_MAX_N];
	const struct seqtab_val *c, *g;
	double lower, cnt;

	if (!o)
		return 1.0 / (double)(m->vocab + 1);
	lower = prob(m, o - 1, hist + 1, w);
	c = seqtab_get(&m->ctx[o], hist);
	if (!c || !c->total)
		return lower;
	memcpy(key, hist, (o - 1) * sizeof(*key));
	key[o - 1] = w;
	g = seqtab_get(&m->gram[o], key);
	cnt = g ? (double)g->count : 0;
	return (fmax(cnt - m->d[o], 0) + m->d[o] * (double)c->types * lower) /
	       (double)c->total;
}

double ngram_logprob(const struct ngram *m, const int32_t *hist, int32_t w)
{
	return log(prob(m, m->n, hist, w));
}

void ngram_score(const struct ngram *m, const int32_t *tok, size_t len,
		 unsigned int window, struct ngram_score *out)
{
	int32_t w[NGRAM_MAX_N];
	double sum = 0, *nll;

	memset(out, 0, sizeof(*out));
	if (!len)
		return;
	if (window < 1)
		window = 1;
	nll = malloc(len * sizeof(*nll));
	for (size_t i = 0; i < len; i++) {
		double x;

		window_at(tok, i, m->n, w);
		x = -ngram_logprob(m, w, w[m->n - 1]);
		sum += x;
		if (nll)
			nll[i] = x;
	}
	out->mean_nll = sum / (double)len;
	out->max_window = out->mean_nll;
	if (nll && len > window) {
		double s = 0, best;

		for (size_t i = 0; i < window; i++)
			s += nll[i];
		best = s;
		for (size_t i = window; i < len; i++) {
			s += nll[i] - nll[i - window];
			if (s > best)
				best = s;
		}
		out->max_window = best / window;
	}
	free(nll);
}
