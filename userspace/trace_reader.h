/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reads a trace file record by record, checking everything: a corrupt or
 * truncated file ends the read with an error that names the file and the
 * byte offset of the bad record.
 */
#ifndef LLMOS_USERSPACE_TRACE_READER_H
#define LLMOS_USERSPACE_TRACE_READER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct trace_reader;

enum trace_item {
	TRACE_INTR = -2,	/* a signal cut a read short: call again */
	TRACE_ERROR = -1,	/* see trace_reader_error() */
	TRACE_EOF = 0,		/* the end record was read and checked */
	TRACE_EVENT = 1,	/* rec->ev was filled */
	TRACE_DROPS = 2,	/* rec->drops was filled */
	TRACE_TICK = 3,		/* rec->tick_ns was filled */
};

/* What one record held; which member depends on enum trace_item. */
struct trace_record {
	struct llmos_event ev;
	struct llmos_drops drops;
	uint64_t tick_ns;
};

/*
 * path "-" reads stdin. NULL with a message in err on failure, also when a
 * signal interrupts the read of the header.
 */
struct trace_reader *trace_reader_open(const char *path, char *err,
				       size_t errlen);

/*
 * A flag that signal handlers for the signals in `signals` set. A reader
 * opened with one returns TRACE_INTR instead of waiting for input once the
 * flag is set, also when the signal came just before the wait began.
 */
struct trace_reader_stop {
	volatile sig_atomic_t *flag;
	sigset_t signals;
};

/* As trace_reader_open(); stop must outlive the reader. */
struct trace_reader *trace_reader_open_until(const char *path,
					     const struct trace_reader_stop *stop,
					     char *err, size_t errlen);
/* After TRACE_INTR nothing was consumed: the next call goes on. */
enum trace_item trace_reader_next(struct trace_reader *r,
				  struct trace_record *rec);
/* "PATH: offset N: what is wrong", after TRACE_ERROR. */
const char *trace_reader_error(const struct trace_reader *r);
uint64_t trace_reader_mono_base(const struct trace_reader *r);
uint64_t trace_reader_real_base(const struct trace_reader *r);
/* Records of a type this reader does not know, skipped. */
uint64_t trace_reader_skipped(const struct trace_reader *r);
void trace_reader_close(struct trace_reader *r);

#endif /* LLMOS_USERSPACE_TRACE_READER_H */
