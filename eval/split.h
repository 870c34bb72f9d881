/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The evaluation split of a labelled trace collection: which traces train
 * a detector, which calibrate its alert threshold, which it is tested on.
 * See Documentation/evaluation.md for the exact rules.
 */
#ifndef LLMOS_EVAL_SPLIT_H
#define LLMOS_EVAL_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "tracefile.h"

enum eval_part { EVAL_TRAIN, EVAL_CALIB, EVAL_TEST };

#define EVAL_MAX_TYPES 32
/* Default share of ADFA-LD's validation normals that calibrates. */
#define ADFA_CALIB_FRAC 0.3
/* Default share of a UNM set's normal processes that trains. */
#define UNM_TRAIN_FRAC 0.5

struct eval_item {
	char *path;		/* plain-format file, or NULL (UNM process) */
	char *name;		/* what the split hashes: file name, FILE:PID */
	enum eval_part part;
	int attack;		/* 1 for a positive (attack) trace */
	int type;		/* index into types[], -1 for normal traces */
	struct trace tr;	/* tokens once loaded */
};

struct eval_set {
	struct eval_item *items;
	size_t n, cap;
	char *types[EVAL_MAX_TYPES];
	unsigned int ntypes;
};

void eval_set_free(struct eval_set *s);
/* Counts of one part (attack: 0 normal, 1 attack, -1 both). */
size_t eval_set_count(const struct eval_set *s, enum eval_part part,
		      int attack);

/* Uniform in [0, 1) from a seeded hash of name (FNV-1a 64, mixed). */
double eval_split_u(const char *name, uint64_t seed);

/*
 * ADFA-LD: Training_Data_Master trains; Validation_Data_Master is split by
 * eval_split_u(file name, seed) < calib_frac into calibration, the rest is
 * test; every Attack_Data_Master/TYPE_N/ file is a test attack of TYPE.
 * Items are sorted by path; tokens are not loaded.
 */
int adfa_split(const char *dir, uint64_t seed, double calib_frac,
	       struct eval_set *s, char *err, size_t errlen);
/* Load the tokens of every item that has a path. */
int eval_set_load(struct eval_set *s, char *err, size_t errlen);

/*
 * One UNM program folder (login, ps, inetd): normal/ *.int processes train
 * when eval_split_u("FILE:PID", seed) < train_frac, else test normals;
 * intrusion/ *.int processes are test attacks, typed by file name. Loaded.
 */
int unm_split(const char *dir, uint64_t seed, double train_frac,
	      struct eval_set *s, char *err, size_t errlen);

#endif
