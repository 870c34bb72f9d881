// SPDX-License-Identifier: GPL-2.0
/* Open addressing with linear probing over fixed-length token windows. */
#include <stdlib.h>
#include <string.h>

#include "seqtab.h"

#define SEQTAB_MIN_CAP 64

static uint64_t seqtab_hash(const int32_t *key, unsigned int k)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ k;

	for (unsigned int i = 0; i < k; i++) {
		h ^= (uint32_t)key[i];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 32;
	return h;
}

static int seqtab_alloc(struct seqtab *t, size_t cap)
{
	t->cap = cap;
	t->n = 0;
	t->keys = calloc(cap * t->k + 1, sizeof(*t->keys));
	t->vals = calloc(cap, sizeof(*t->vals));
	t->used = calloc(cap, 1);
	if (!t->keys || !t->vals || !t->used) {
		seqtab_free(t);
		return -1;
	}
	return 0;
}

int seqtab_init(struct seqtab *t, unsigned int k)
{
	memset(t, 0, sizeof(*t));
	t->k = k;
	return seqtab_alloc(t, SEQTAB_MIN_CAP);
}

void seqtab_free(struct seqtab *t)
{
	free(t->keys);
	free(t->vals);
	free(t->used);
	t->keys = NULL;
	t->vals = NULL;
	t->used = NULL;
	t->cap = 0;
	t->n = 0;
}

static size_t seqtab_slot(const struct seqtab *t, const int32_t *key)
{
	size_t mask = t->cap - 1;
	size_t i = seqtab_hash(key, t->k) & mask;

	while (t->used[i] &&
	       memcmp(&t->keys[i * t->k], key, t->k * sizeof(*key)))
		i = (i + 1) & mask;
	return i;
}

struct seqtab_val *seqtab_get(const struct seqtab *t, const int32_t *key)
{
	size_t i;

	if (!t->cap)
		return NULL;
	i = seqtab_slot(t, key);
	return t->used[i] ? &t->vals[i] : NULL;
}

static int seqtab_grow(struct seqtab *t)
{
	struct seqtab old = *t;

	if (seqtab_alloc(t, old.cap * 2)) {
		*t = old;
		return -1;
	}
	for (size_t i = 0; i < old.cap; i++) {
		size_t j;

		if (!old.used[i])
			continue;
		j = seqtab_slot(t, &old.keys[i * old.k]);
		t->used[j] = 1;
		memcpy(&t->keys[j * t->k], &old.keys[i * old.k],
		       t->k * sizeof(*t->keys));
		t->vals[j] = old.vals[i];
		t->n++;
	}
	seqtab_free(&old);
	return 0;
}

struct seqtab_val *seqtab_add(struct seqtab *t, const int32_t *key)
{
	size_t i;

	if (!t->cap && seqtab_alloc(t, SEQTAB_MIN_CAP))
		return NULL;
	if ((t->n + 1) * 2 > t->cap && seqtab_grow(t))
		return NULL;
	i = seqtab_slot(t, key);
	if (!t->used[i]) {
		t->used[i] = 1;
		memcpy(&t->keys[i * t->k], key, t->k * sizeof(*key));
		memset(&t->vals[i], 0, sizeof(t->vals[i]));
		t->n++;
	}
	return &t->vals[i];
}
