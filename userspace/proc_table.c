// SPDX-License-Identifier: GPL-2.0
/*
 * Process table: entries in one array (so a slot number is an index),
 * chained hashing on (tgid, start_time), and an LRU list threaded through
 * the entries. Entries never used are handed out from a high-water mark,
 * so an idle table of large capacity costs little resident memory.
 */
#include "proc_table.h"

#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX

struct proc_table {
	struct proc *procs;
	uint32_t *buckets;
	uint32_t nbuckets;	/* power of two */
	uint32_t fresh;		/* procs[fresh..capacity) never used */
	uint32_t free_head;	/* released entries, chained by hnext */
	uint32_t lru_head;	/* most recently used */
	uint32_t lru_tail;	/* next to evict */
	proc_release_fn release;
	void *release_ctx;
	struct proc_table_stats stats;
};

static uint32_t bucket_of(const struct proc_table *t, uint32_t tgid,
			  uint64_t start_time)
{
	uint64_t h = (start_time ^ ((uint64_t)tgid * 0x9e3779b97f4a7c15ull)) *
		     0xff51afd7ed558ccdull;

	return (uint32_t)(h >> 32) & (t->nbuckets - 1);
}

struct proc_table *proc_table_new(uint32_t capacity, proc_release_fn release,
				  void *ctx)
{
	struct proc_table *t;

	/* The bound keeps 2 * capacity buckets far below NIL. */
	if (!capacity || capacity > PROC_TABLE_MAX_CAPACITY)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->nbuckets = 1;
	while (t->nbuckets < 2 * capacity)
		t->nbuckets <<= 1;
	t->procs = calloc(capacity, sizeof(*t->procs));
	t->buckets = malloc((size_t)t->nbuckets * sizeof(*t->buckets));
	if (!t->procs || !t->buckets) {
		free(t->procs);
		free(t->buckets);
		free(t);
		return NULL;
	}
	memset(t->buckets, 0xff, (size_t)t->nbuckets * sizeof(*t->buckets));
	t->free_head = NIL;
	t->lru_head = NIL;
	t->lru_tail = NIL;
	t->release = release;
	t->release_ctx = ctx;
	t->stats.capacity = capacity;
	return t;
}

static uint32_t index_of(const struct proc_table *t, const struct proc *p)
{
	return (uint32_t)(p - t->procs);
}

uint32_t proc_table_slot(const struct proc_table *t, const struct proc *p)
{
	return index_of(t, p);
}

static void lru_unlink(struct proc_table *t, struct proc *p)
{
	if (p->lru_prev != NIL)
		t->procs[p->lru_prev].lru_next = p->lru_next;
	else
		t->lru_head = p->lru_next;
	if (p->lru_next != NIL)
		t->procs[p->lru_next].lru_prev = p->lru_prev;
	else
		t->lru_tail = p->lru_prev;
}

static void lru_push_head(struct proc_table *t, struct proc *p)
{
	uint32_t i = index_of(t, p);

	p->lru_prev = NIL;
	p->lru_next = t->lru_head;
	if (t->lru_head != NIL)
		t->procs[t->lru_head].lru_prev = i;
	else
		t->lru_tail = i;
	t->lru_head = i;
}

struct proc *proc_table_find(struct proc_table *t, uint32_t tgid,
			     uint64_t start_time)
{
	uint32_t i = t->buckets[bucket_of(t, tgid, start_time)];

	while (i != NIL) {
		struct proc *p = &t->procs[i];

		if (p->tgid == tgid && p->start_time == start_time)
			return p;
		i = p->hnext;
	}
	return NULL;
}

/* Unlink p from the hash and the LRU, release it and put it on the free list. */
static void remove_entry(struct proc_table *t, struct proc *p,
			 enum proc_release why)
{
	uint32_t i = index_of(t, p);
	uint32_t *link = &t->buckets[bucket_of(t, p->tgid, p->start_time)];

	while (*link != i)
		link = &t->procs[*link].hnext;
	*link = p->hnext;
	lru_unlink(t, p);
	if (t->release)
		t->release(t->release_ctx, p, why);
	p->hnext = t->free_head;
	t->free_head = i;
	t->stats.live--;
}

struct proc *proc_table_touch(struct proc_table *t, uint32_t tgid,
			      uint64_t start_time)
{
	struct proc *p = proc_table_find(t, tgid, start_time);

	if (p && t->lru_head != index_of(t, p)) {
		lru_unlink(t, p);
		lru_push_head(t, p);
	}
	return p;
}

struct proc *proc_table_get(struct proc_table *t, uint32_t tgid,
			    uint64_t start_time, bool *created)
{
	struct proc *p = proc_table_touch(t, tgid, start_time);
	uint32_t i, b;

	*created = !p;
	if (p)
		return p;
	if (t->free_head == NIL && t->fresh == t->stats.capacity) {
		remove_entry(t, &t->procs[t->lru_tail], PROC_RELEASE_EVICT);
		t->stats.evicted++;
	}
	if (t->free_head != NIL) {
		i = t->free_head;
		t->free_head = t->procs[i].hnext;
	} else {
		i = t->fresh++;
	}
	p = &t->procs[i];
	memset(p, 0, sizeof(*p));
	p->tgid = tgid;
	p->start_time = start_time;
	b = bucket_of(t, tgid, start_time);
	p->hnext = t->buckets[b];
	t->buckets[b] = i;
	lru_push_head(t, p);
	t->stats.inserted++;
	if (++t->stats.live > t->stats.peak)
		t->stats.peak = t->stats.live;
	*created = true;
	return p;
}

void proc_table_exit(struct proc_table *t, struct proc *p)
{
	remove_entry(t, p, PROC_RELEASE_EXIT);
	t->stats.exited++;
}

const struct proc_table_stats *proc_table_stats(const struct proc_table *t)
{
	return &t->stats;
}

unsigned int proc_history(const struct proc *p, uint16_t *out,
			  unsigned int max)
{
	uint64_t n = p->ntokens < PROC_HISTORY ? p->ntokens : PROC_HISTORY;

	if (n > max)
		n = max;
	for (uint64_t k = 0; k < n; k++)
		out[k] = p->hist[(p->ntokens - n + k) % PROC_HISTORY];
	return (unsigned int)n;
}

void proc_table_free(struct proc_table *t)
{
	if (!t)
		return;
	while (t->lru_tail != NIL)
		remove_entry(t, &t->procs[t->lru_tail], PROC_RELEASE_SHUTDOWN);
	free(t->procs);
	free(t->buckets);
	free(t);
}
