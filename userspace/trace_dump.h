/* SPDX-License-Identifier: GPL-2.0 */
/* llmosctl trace dump: a trace as text, one event a line. */
#ifndef LLMOS_USERSPACE_TRACE_DUMP_H
#define LLMOS_USERSPACE_TRACE_DUMP_H

#include <stdio.h>

#include "trace_reader.h"

/*
 * Print every event of r to out as "TIME PID COMM EVENT", TIME in seconds
 * of CLOCK_MONOTONIC, EVENT a syscall's name (prefixed "i386:" or "x32:"
 * outside x86_64) or a word with key=value details. 0, or -1 after
 * printing the reader's error to err.
 */
int trace_dump(struct trace_reader *r, FILE *out, FILE *err);

#endif /* LLMOS_USERSPACE_TRACE_DUMP_H */
