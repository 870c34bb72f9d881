// SPDX-License-Identifier: GPL-2.0
/*
 * Recent exits: a ring of keys, the oldest overwritten, and chained hashing
 * through the ring's slots (twice as many buckets as slots).
 */
#include "exited.h"

#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX
#define NBUCKETS (2 * EXITED_KEEP)

struct exited_key {
	uint64_t start_time;
	uint32_t tgid;
	uint32_t hnext;
};

struct exited {
	struct exited_key keys[EXITED_KEEP];
	uint32_t buckets[NBUCKETS];
	uint32_t next;		/* slot written next: the oldest once full */
	uint32_t used;		/* slots written, up to EXITED_KEEP */
};

static uint32_t bucket_of(uint32_t tgid, uint64_t start_time)
{
	uint64_t h = (start_time ^ ((uint64_t)tgid * 0x9e3779b97f4a7c15ull)) *
		     0xff51afd7ed558ccdull;

	return (uint32_t)(h >> 32) & (NBUCKETS - 1);
}

struct exited *exited_new(void)
{
	struct exited *x = malloc(sizeof(*x));

	if (!x)
		return NULL;
	memset(x->buckets, 0xff, sizeof(x->buckets));
	x->next = 0;
	x->used = 0;
	return x;
}

void exited_free(struct exited *x)
{
	free(x);
}

void exited_add(struct exited *x, uint32_t tgid, uint64_t start_time)
{
	uint32_t i = x->next;
	struct exited_key *k = &x->keys[i];
	uint32_t b;

	if (x->used == EXITED_KEEP) {
		uint32_t *link = &x->buckets[bucket_of(k->tgid, k->start_time)];

		while (*link != i)
			link = &x->keys[*link].hnext;
		*link = k->hnext;
	} else {
		x->used++;
	}
	b = bucket_of(tgid, start_time);
	k->tgid = tgid;
	k->start_time = start_time;
	k->hnext = x->buckets[b];
	x->buckets[b] = i;
	x->next = (i + 1) % EXITED_KEEP;
}

bool exited_has(const struct exited *x, uint32_t tgid, uint64_t start_time)
{
	uint32_t i = x->buckets[bucket_of(tgid, start_time)];

	while (i != NIL) {
		const struct exited_key *k = &x->keys[i];

		if (k->tgid == tgid && k->start_time == start_time)
			return true;
		i = k->hnext;
	}
	return false;
}
