/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent's event: what the probes' loader (probes.c) decodes each BPF
 * ring-buffer record into, what the trace format stores, and what every
 * pipeline stage consumes. Live probes, `--replay` and the importers all
 * produce this struct, so everything downstream sees one stream.
 *
 * Clock: every time here is CLOCK_MONOTONIC nanoseconds (bpf_ktime_get_ns()
 * in the probes), the clock of the kernel's task->start_time.
 *
 * Identity: a process is (tgid, start_time), where start_time is the thread
 * group leader's task->start_time. It survives exec (de_thread() copies the
 * leader's start_time) and is the key the module uses too, so pid reuse never
 * merges two processes.
 */
#ifndef LLMOS_USERSPACE_EVENT_H
#define LLMOS_USERSPACE_EVENT_H

#include <stdint.h>

/* TASK_COMM_LEN in the kernel. */
#define LLMOS_COMM_LEN 16
/* Exec filenames longer than this are cut (still NUL-terminated). */
#define LLMOS_PATH_LEN 256
/* Most syscall ids in one batch; the probes flush earlier when full. */
#define LLMOS_SYSCALL_BATCH_MAX 128

enum llmos_event_type {
	LLMOS_EV_EXEC = 1,	/* the process replaced its image */
	LLMOS_EV_FORK = 2,	/* a new process (thread group) appeared */
	LLMOS_EV_EXIT = 3,	/* the whole thread group is gone */
	LLMOS_EV_SYSCALLS = 4,	/* a batch of syscall entries, in order */
	LLMOS_EV_SCHED = 5,	/* a scheduling-features sample */
	LLMOS_EV_TYPE_MAX
};

/* Which syscall table the ids of a batch index. */
enum llmos_abi {
	LLMOS_ABI_X86_64 = 0,
	LLMOS_ABI_I386 = 1,	/* int 0x80 / sysenter, 32-bit processes */
	LLMOS_ABI_X32 = 2,	/* ids without __X32_SYSCALL_BIT */
	LLMOS_ABI_MAX
};

struct llmos_ev_exec {
	/* Path as passed to execve (bprm->filename), not resolved. */
	char filename[LLMOS_PATH_LEN];
};

struct llmos_ev_fork {
	/* The parent process's identity; the event's tgid is the child. */
	uint32_t parent_tgid;
	uint32_t reserved;
	uint64_t parent_start_time;
};

struct llmos_ev_exit {
	/* task->exit_code of the last thread: wait(2) status encoding. */
	int32_t exit_code;
	uint32_t reserved;
};

struct llmos_ev_syscalls {
	uint16_t abi;		/* enum llmos_abi */
	uint16_t count;		/* 1 .. LLMOS_SYSCALL_BATCH_MAX */
	uint32_t reserved;
	/* Raw syscall numbers of the abi, oldest first. */
	uint16_t ids[LLMOS_SYSCALL_BATCH_MAX];
};

/*
 * Scheduling counters of one thread (tid) accumulated since its previous
 * sample (or since it started), ending at the event's time_ns. The agent
 * sums them per process. Runtime per scheduling is run_ns / nr_runs.
 */
struct llmos_ev_sched {
	uint64_t interval_ns;	/* length of the window these cover */
	uint64_t run_ns;	/* time on a CPU */
	uint64_t wait_ns;	/* time runnable but waiting for a CPU */
	uint32_t nr_runs;	/* times switched in */
	uint32_t wakeups;	/* times woken (sched_wakeup / _new) */
	uint32_t nvcsw;		/* voluntary switches out (blocked) */
	uint32_t nivcsw;	/* involuntary switches out (preempted) */
	uint64_t cpu_time_ns;	/* total CPU time of the thread so far */
};

struct llmos_event {
	uint16_t type;		/* enum llmos_event_type */
	uint16_t reserved;
	uint32_t tgid;		/* process id */
	uint32_t tid;		/* thread that caused the event */
	uint32_t ppid;		/* parent's tgid (real_parent) at event time */
	uint64_t time_ns;	/* when it happened (batch: its last syscall) */
	uint64_t start_time;	/* process identity, see above */
	char comm[LLMOS_COMM_LEN];	/* NUL-terminated, after exec for EXEC */
	union {
		struct llmos_ev_exec exec;
		struct llmos_ev_fork fork;
		struct llmos_ev_exit exit;
		struct llmos_ev_syscalls sys;
		struct llmos_ev_sched sched;
	};
};

/*
 * Events as the pipeline counts them (events/s in --stats and the
 * benchmarks): one per syscall of a batch, one per other event.
 */
static inline uint32_t llmos_event_weight(const struct llmos_event *ev)
{
	return ev->type == LLMOS_EV_SYSCALLS ? ev->sys.count : 1;
}

/*
 * Events lost before they reached the agent, per cause (e.g. "ring_full",
 * "map_full"), cumulative since the probes were loaded. The probes' loader
 * fills it; a recording stores it so that a replay reports the same drops.
 */
#define LLMOS_DROP_CAUSES_MAX 8
#define LLMOS_DROP_NAME_LEN 24

struct llmos_drops {
	uint32_t n;
	struct {
		char name[LLMOS_DROP_NAME_LEN];	/* NUL-terminated */
		uint64_t count;
	} cause[LLMOS_DROP_CAUSES_MAX];
};

/* How the probes hand events to the agent; ctx is the caller's. */
typedef void (*llmos_event_fn)(const struct llmos_event *ev, void *ctx);

#endif /* LLMOS_USERSPACE_EVENT_H */
