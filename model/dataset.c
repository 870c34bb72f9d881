// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "rng.h"

void llm_dataset_init(struct llm_dataset *d, uint32_t vocab_size,
		      uint32_t vocab_hash)
{
	memset(d, 0, sizeof(*d));
	d->vocab_size = vocab_size;
	d->vocab_hash = vocab_hash;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap : 64;
	void *np;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	np = realloc(*p, ncap * elem);
	if (!np)
		return -ENOMEM;
	*p = np;
	*cap = ncap;
	return 0;
}

int llm_dataset_add(struct llm_dataset *d, const uint16_t *tok, uint32_t len,
		    int32_t label, float target)
{
	struct llm_seq *s;

	if (d->view)
		return -EINVAL;
	if (grow((void **)&d->seqs, &d->cap, d->n + 1, sizeof(*d->seqs)) ||
	    grow((void **)&d->tok, &d->tokcap, d->ntok + len, sizeof(*d->tok)))
		return -ENOMEM;
	s = &d->seqs[d->n++];
	s->off = d->ntok;
	s->len = len;
	s->label = label;
	s->target = target;
	s->name = NULL;
	memcpy(d->tok + d->ntok, tok, len * sizeof(*tok));
	d->ntok += len;
	return 0;
}

int llm_dataset_name(struct llm_dataset *d, size_t i, const char *name)
{
	char *copy;

	if (d->view || i >= d->n)
		return -EINVAL;
	if (grow((void **)&d->names, &d->namecap, d->nnames + 1,
		 sizeof(*d->names)))
		return -ENOMEM;
	copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	d->names[d->nnames++] = copy;
	d->seqs[i].name = copy;
	return 0;
}

void llm_dataset_free(struct llm_dataset *d)
{
	size_t i;

	free(d->seqs);
	if (!d->view) {
		free(d->tok);
		for (i = 0; i < d->nnames; i++)
			free(d->names[i]);
		free(d->names);
	}
	memset(d, 0, sizeof(*d));
}

uint64_t llm_dataset_tokens(const struct llm_dataset *d)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < d->n; i++)
		n += d->seqs[i].len;
	return n;
}

int llm_dataset_split(const struct llm_dataset *d, double frac, uint64_t seed,
		      struct llm_dataset *train, struct llm_dataset *held)
{
	struct llm_dataset *out[2] = { train, held };
	struct llm_rng r = { llm_rng_derive(seed, 0x5b117) };
	size_t i;
	int k;

	for (k = 0; k < 2; k++) {
		llm_dataset_init(out[k], d->vocab_size, d->vocab_hash);
		out[k]->view = true;
		out[k]->tok = d->tok;
		out[k]->ntok = d->ntok;
		out[k]->seqs = malloc((d->n ? d->n : 1) * sizeof(*d->seqs));
		if (!out[k]->seqs) {
			llm_dataset_free(train);
			llm_dataset_free(held);
			return -ENOMEM;
		}
		out[k]->cap = d->n;
	}
	for (i = 0; i < d->n; i++) {
		k = llm_rng_uniform(&r) < frac;
		out[k]->seqs[out[k]->n++] = d->seqs[i];
	}
	return 0;
}

void llm_dataset_reverse(struct llm_dataset *d)
{
	uint16_t *t, x;
	uint32_t j;
	size_t i;

	for (i = 0; i < d->n; i++) {
		t = d->tok + d->seqs[i].off;
		for (j = 0; j < d->seqs[i].len / 2; j++) {
			x = t[j];
			t[j] = t[d->seqs[i].len - 1 - j];
			t[d->seqs[i].len - 1 - j] = x;
		}
	}
}
