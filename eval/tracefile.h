/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace files of the public data sets: the plain format (one trace a file,
 * whitespace-separated syscall numbers, ADFA-LD) and the UNM format (lines
 * "PID NR", several processes interleaved in one file).
 */
#ifndef LLMOS_EVAL_TRACEFILE_H
#define LLMOS_EVAL_TRACEFILE_H

#include <stddef.h>
#include <stdint.h>

/* Syscall numbers above this are rejected as corrupt input. */
#define TRACE_MAX_NR 100000

struct trace {
	int32_t *tok;
	size_t len;
};

void trace_free(struct trace *t);
/* Parse a plain-format buffer; 0 on success, -1 with err filled. */
int trace_parse_plain(const char *buf, size_t n, struct trace *t,
		      char *err, size_t errlen);
int trace_load_plain(const char *path, struct trace *t, char *err,
		     size_t errlen);

/* One process of a UNM file, in order of first appearance. */
struct unm_proc {
	long pid;
	struct trace tr;
};

/* Every process of a UNM file; *procs is an array of *nprocs. */
int unm_load(const char *path, struct unm_proc **procs, size_t *nprocs,
	     char *err, size_t errlen);
void unm_free(struct unm_proc *procs, size_t nprocs);

#endif
