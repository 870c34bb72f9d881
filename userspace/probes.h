/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The probes' loader: loads and attaches the BPF skeleton (bpf/probes.bpf.c),
 * sets its filters, drains its ring buffer and hands every record, decoded
 * into a struct llmos_event, to a callback.
 *
 * Records are delivered per thread in order; the batches of two threads of one
 * process interleave at batch granularity. The probes wake the consumer only
 * once a backlog built up, so call probes_poll() with a timeout of at most
 * 100 ms, or add probes_fd() to your own epoll set and call probes_consume()
 * when it is readable and at least every 100 ms. probes_fd() stays readable
 * while records wait, so a consumer that takes them a budget at a time
 * comes back to its loop between budgets, also when the producers outrun it.
 * Those calls also give a CPU that came online its flush timer
 * (flush_ticks.h), within a second.
 *
 * The calling process (getpid()) is never traced. EXIT events come for every
 * user process, traced or not, so that any state can be freed.
 */
#ifndef LLMOS_USERSPACE_PROBES_H
#define LLMOS_USERSPACE_PROBES_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "../bpf/events.h"

struct probes;

struct probes_opts {
	/* Ring buffer bytes: a power of two, at least a page; 0: 4 MiB. */
	size_t ring_bytes;
	/* Trace one process in this many (1 or 0: all). */
	uint32_t sample_every;
	/*
	 * Longest a syscall id waits in the batch of a task that keeps
	 * running (a per-CPU timer's period); 0: 100 ms.
	 */
	uint64_t flush_period_ns;
	/* Period of a running thread's sched events; 0: 100 ms. */
	uint64_t sched_period_ns;
};

/*
 * Loads and attaches (opts NULL: defaults); NULL with errno set and a
 * message on stderr.
 */
struct probes *probes_open(const struct probes_opts *opts, llmos_event_fn fn,
			   void *ctx);
/* Detaches the programs: nothing new enters the ring, which stays readable. */
void probes_detach(struct probes *p);
/* Detaches, frees; events still in the ring are lost. NULL is fine. */
void probes_close(struct probes *p);

/* An epoll fd, readable when records are waiting. */
int probes_fd(const struct probes *p);
/*
 * Delivers waiting records, at most max_records of them (0: until the ring
 * is empty, which under a flood may be never); returns how many, or -errno.
 */
int probes_consume(struct probes *p, unsigned int max_records);
/* Waits up to timeout_ms, then delivers every waiting record. */
int probes_poll(struct probes *p, int timeout_ms);

/* Filters, effective for each thread from its next syscall on. */
int probes_ignore_comm(struct probes *p, const char *comm);
/* A cgroup v2 id (cgroup_id.h), with every cgroup under it; at most 64. */
int probes_ignore_cgroup(struct probes *p, uint64_t cgroup_id);
void probes_set_sampling(struct probes *p, uint32_t every);

/* Events lost so far, per cause (enum llmos_drop), summed over CPUs. */
int probes_read_drops(struct probes *p, uint64_t drops[LLMOS_DROP_NR]);
/* A short name for a cause: "ringbuf", "storage". */
const char *probes_drop_name(unsigned int cause);

#endif /* LLMOS_USERSPACE_PROBES_H */
