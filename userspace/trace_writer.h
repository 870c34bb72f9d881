/* SPDX-License-Identifier: GPL-2.0 */
/* Writes events to a trace file (see trace_format.h). */
#ifndef LLMOS_USERSPACE_TRACE_WRITER_H
#define LLMOS_USERSPACE_TRACE_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct trace_writer;

/*
 * Create (or truncate) path, mode 0600: traces name programs and files.
 * The bases tie the trace's monotonic times to wall-clock time. On failure
 * returns NULL with a message in err.
 */
struct trace_writer *trace_writer_open(const char *path, uint64_t mono_base,
				       uint64_t real_base, char *err,
				       size_t errlen);
/* Return 0 or a negative errno (the writer is then unusable). */
int trace_writer_event(struct trace_writer *w, const struct llmos_event *ev);
int trace_writer_drops(struct trace_writer *w, const struct llmos_drops *d);
/* The pipeline ran its stages' ticks at now_ns between two events. */
int trace_writer_tick(struct trace_writer *w, uint64_t now_ns);
/* Push buffered records to the file (not to the disk). */
int trace_writer_flush(struct trace_writer *w);
/* Write the end record, flush and close; frees w. 0 or a negative errno. */
int trace_writer_close(struct trace_writer *w);
uint64_t trace_writer_records(const struct trace_writer *w);

#endif /* LLMOS_USERSPACE_TRACE_WRITER_H */
