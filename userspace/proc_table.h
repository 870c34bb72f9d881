/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The process table: one entry per live process, keyed by (tgid,
 * start_time), holding what later stages need to judge it: exe and comm,
 * parent, the last PROC_HISTORY syscall tokens and the scheduling counters.
 *
 * Memory is bounded: the table holds at most `capacity` processes; when a
 * new one arrives while it is full, the least recently active entry is
 * evicted (and counted). Entries are freed when their process exits.
 */
#ifndef LLMOS_USERSPACE_PROC_TABLE_H
#define LLMOS_USERSPACE_PROC_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"

/* Tokens of history kept per process (the model's window fits in it). */
#define PROC_HISTORY 128

/*
 * The largest capacity: the kernel's PID_MAX_LIMIT on 64-bit, so never
 * fewer entries than processes can exist at once.
 */
#define PROC_TABLE_MAX_CAPACITY (1u << 22)

enum proc_flags {
	PROC_ADOPTED = 1 << 0,	/* first seen mid-life, not at its fork */
};

/* Why an entry leaves the table. */
enum proc_release {
	PROC_RELEASE_EXIT,	/* the process exited */
	PROC_RELEASE_EVICT,	/* the table was full */
	PROC_RELEASE_SHUTDOWN,	/* the table is being freed */
};

/* Sums over every sched sample of every thread of the process. */
struct proc_sched {
	uint64_t interval_ns;	/* thread-time covered by the samples */
	uint64_t run_ns;
	uint64_t wait_ns;
	uint64_t nr_runs;
	uint64_t wakeups;
	uint64_t nvcsw;
	uint64_t nivcsw;
	uint64_t task_cpu_ns;	/* largest cpu_time_ns of any thread */
	uint32_t samples;
};

struct proc {
	uint64_t start_time;
	uint32_t tgid;
	uint32_t ppid;
	uint64_t parent_start_time;	/* 0 when not seen forking */
	uint64_t first_ns;		/* time of its first event */
	uint64_t last_ns;		/* time of its latest event */
	uint64_t ntokens;		/* tokens ever appended */
	uint32_t flags;			/* enum proc_flags */
	uint32_t execs;
	struct proc_sched sched;
	char comm[LLMOS_COMM_LEN];
	char exe[LLMOS_PATH_LEN];	/* latest exec's filename, or "" */
	/* Ring: token i (0-based, of ntokens) is hist[i % PROC_HISTORY]. */
	uint16_t hist[PROC_HISTORY];
	/* Table links, private to proc_table.c. */
	uint32_t hnext, lru_prev, lru_next;
};

struct proc_table_stats {
	uint32_t capacity;
	uint32_t live;
	uint32_t peak;
	uint64_t inserted;
	uint64_t exited;
	uint64_t evicted;
};

struct proc_table;

/* Called for an entry about to be freed or reused. */
typedef void (*proc_release_fn)(void *ctx, struct proc *p,
				enum proc_release why);

/* NULL if capacity is 0 or above PROC_TABLE_MAX_CAPACITY, or out of memory. */
struct proc_table *proc_table_new(uint32_t capacity, proc_release_fn release,
				  void *ctx);
/* Releases every entry (PROC_RELEASE_SHUTDOWN), then frees the table. */
void proc_table_free(struct proc_table *t);

struct proc *proc_table_find(struct proc_table *t, uint32_t tgid,
			     uint64_t start_time);
/* The entry of (tgid, start_time), marked most recently used; or NULL. */
struct proc *proc_table_touch(struct proc_table *t, uint32_t tgid,
			      uint64_t start_time);
/*
 * The same, created zeroed (identity set) if absent, with *created = true.
 */
struct proc *proc_table_get(struct proc_table *t, uint32_t tgid,
			    uint64_t start_time, bool *created);
/* The process exited: release and free its entry. */
void proc_table_exit(struct proc_table *t, struct proc *p);
/*
 * A small number, unique among live entries and below capacity, stable for
 * the entry's life: stages index their own per-process arrays with it.
 */
uint32_t proc_table_slot(const struct proc_table *t, const struct proc *p);
const struct proc_table_stats *proc_table_stats(const struct proc_table *t);

static inline void proc_push_token(struct proc *p, uint16_t token)
{
	p->hist[p->ntokens++ % PROC_HISTORY] = token;
}

/* Copy the last (up to max) tokens, oldest first; returns how many. */
unsigned int proc_history(const struct proc *p, uint16_t *out,
			  unsigned int max);

#endif /* LLMOS_USERSPACE_PROC_TABLE_H */
