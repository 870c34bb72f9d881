/* SPDX-License-Identifier: GPL-2.0 */
/* Shared helpers of the agent tests: trace files to write and read back. */
#ifndef LLMOS_AGENT_TESTLIB_H
#define LLMOS_AGENT_TESTLIB_H

#include <stddef.h>

/*
 * An anonymous file in memory, named by a path the trace writer and
 * reader can open (/proc/self/fd/N, len bytes at most). Returns its fd,
 * which the caller closes; fails the test if there is none.
 */
int tl_memfile(const char *name, char *path, size_t len);

/* The whole file at path, in a malloc'ed buffer of *len bytes. */
void *tl_read_file(const char *path, size_t *len);

#endif
