/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Import ADFA-LD (UNSW Canberra) into the trace format. The data set is one
 * trace a file: i386 syscall numbers separated by spaces. Each file becomes
 * one synthetic process: fork, exec of the file's path relative to the data
 * set (so the label survives: "Attack_Data_Master/Adduser_1/..."), its
 * syscalls as i386 batches, exit.
 */
#ifndef LLMOS_USERSPACE_IMPORT_ADFA_H
#define LLMOS_USERSPACE_IMPORT_ADFA_H

#include <stddef.h>
#include <stdint.h>

#define ADFA_MAX_ATTACK_TYPES 16

struct adfa_counts {
	uint64_t training;	/* files under Training_Data_Master */
	uint64_t validation;	/* ... Validation_Data_Master */
	uint64_t attack;	/* ... Attack_Data_Master */
	uint64_t other;		/* any other *.txt */
	uint64_t syscalls;
	unsigned int n_types;
	struct {
		char name[32];	/* folder name without its "_N" */
		uint64_t traces;
	} types[ADFA_MAX_ATTACK_TYPES];
};

/* Import every *.txt under dir into a new trace out. 0, or -1 with err set. */
int adfa_import(const char *dir, const char *out, struct adfa_counts *c,
		char *err, size_t errlen);

#endif /* LLMOS_USERSPACE_IMPORT_ADFA_H */
