/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the trainer learns from: token sequences (one per trace or process)
 * over a vocabulary identified by its size and hash, each optionally
 * labelled for the scheduling head.
 */
#ifndef LLMOS_DATASET_H
#define LLMOS_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct llm_seq {
	size_t off;		/* first token in the dataset's token array */
	uint32_t len;
	int32_t label;		/* class for the scheduling head, or -1 */
	float target;		/* regression target, or NAN */
	const char *name;	/* where it came from, or NULL */
};

struct llm_dataset {
	struct llm_seq *seqs;
	size_t n, cap;
	uint16_t *tok;
	size_t ntok, tokcap;
	char **names;		/* strings the seqs' names point to */
	size_t nnames, namecap;
	bool view;		/* tok and names belong to another dataset */
	uint32_t vocab_size;
	uint32_t vocab_hash;
};

void llm_dataset_init(struct llm_dataset *d, uint32_t vocab_size,
		      uint32_t vocab_hash);
int llm_dataset_add(struct llm_dataset *d, const uint16_t *tok, uint32_t len,
		    int32_t label, float target);
/* Names sequence i (copied). */
int llm_dataset_name(struct llm_dataset *d, size_t i, const char *name);
void llm_dataset_free(struct llm_dataset *d);
uint64_t llm_dataset_tokens(const struct llm_dataset *d);

static inline const uint16_t *llm_seq_tok(const struct llm_dataset *d,
					  size_t i)
{
	return d->tok + d->seqs[i].off;
}

/*
 * Splits d into two views (sharing its tokens): every sequence goes to
 * held with probability frac, decided by seed alone.
 */
int llm_dataset_split(const struct llm_dataset *d, double frac, uint64_t seed,
		      struct llm_dataset *train, struct llm_dataset *held);

/*
 * Reverses every sequence in place (last call first), for a model that
 * predicts each call from the calls after it.
 */
void llm_dataset_reverse(struct llm_dataset *d);

/*
 * Calls fn for every file of paths: files, or directories walked
 * recursively in name order, skipping dot files. Stops at the first error.
 */
typedef int (*llm_file_fn)(void *arg, const char *path, char *err,
			   size_t errlen);
int llm_walk_files(char *const *paths, int npaths, llm_file_fn fn, void *arg,
		   char *err, size_t errlen);

/*
 * The plain trace format of public data sets: one trace per file,
 * whitespace-separated syscall numbers. fn gets each file's numbers
 * (saturated at UINT32_MAX) and may fail with a message.
 */
typedef int (*llm_plain_fn)(void *arg, const char *name,
			    const uint32_t *nums, size_t n, char *err,
			    size_t errlen);
int llm_plain_read(char *const *paths, int npaths, llm_plain_fn fn, void *arg,
		   char *err, size_t errlen);

/*
 * Plain traces with the numbers as tokens ("--abi raw"). With vocab_size 0
 * the vocabulary is sized to the data: largest number + 1, plus one
 * "unknown" token at the end; otherwise numbers at or past vocab_size - 1
 * become the unknown token vocab_size - 1.
 */
int llm_plain_load(struct llm_dataset *d, char *const *paths, int npaths,
		   uint32_t vocab_size, char *err, size_t errlen);
/* The vocabulary hash of raw tokens. */
uint32_t llm_raw_vocab_hash(void);

#endif
