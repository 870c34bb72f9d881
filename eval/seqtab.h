/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A hash table keyed by fixed-length windows of syscall tokens, shared by the
 * stide database and the n-gram counts of the evaluation harness.
 */
#ifndef LLMOS_EVAL_SEQTAB_H
#define LLMOS_EVAL_SEQTAB_H

#include <stddef.h>
#include <stdint.h>

struct seqtab_val {
	uint64_t count;		/* occurrences (or continuation count) */
	uint64_t total;		/* as a context: sum of its followers' counts */
	uint64_t types;		/* as a context: number of distinct followers */
};

struct seqtab {
	unsigned int k;		/* tokens in a key, 0 allowed */
	size_t cap;		/* slots, a power of two */
	size_t n;		/* keys stored */
	int32_t *keys;		/* cap * k tokens */
	struct seqtab_val *vals;
	unsigned char *used;
};

int seqtab_init(struct seqtab *t, unsigned int k);
void seqtab_free(struct seqtab *t);
/* The value stored under key, or NULL. */
struct seqtab_val *seqtab_get(const struct seqtab *t, const int32_t *key);
/* The value under key, inserted zeroed if absent; NULL when out of memory. */
struct seqtab_val *seqtab_add(struct seqtab *t, const int32_t *key);

#endif
