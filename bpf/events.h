/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records the probes put in the BPF ring buffer, shared by the BPF programs
 * (bpf/probes.bpf.c) and their loader (userspace/probes.c), which decodes
 * them into the agent's struct llmos_event. Kept separate from event.h so the
 * kernel side stays compact: a syscall record carries only the ids it holds.
 *
 * Every record starts with struct llmos_rec_hdr. Times are CLOCK_MONOTONIC
 * nanoseconds; start_time is the thread group leader's task->start_time.
 */
#ifndef LLMOS_BPF_EVENTS_H
#define LLMOS_BPF_EVENTS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define LLMOS_REC_COMM_LEN	16
#define LLMOS_REC_PATH_LEN	256
/* Syscall ids per record: a power of two, so the index mask is cheap. */
#define LLMOS_REC_BATCH		64

enum llmos_rec_type {
	LLMOS_REC_SYSCALLS = 1,
	LLMOS_REC_EXEC,
	LLMOS_REC_FORK,
	LLMOS_REC_EXIT,
	LLMOS_REC_SCHED,
};

enum llmos_rec_abi {
	LLMOS_REC_ABI_X86_64,
	LLMOS_REC_ABI_I386,
	LLMOS_REC_ABI_X32,
};

/*
 * Why events were lost, the index of the per-CPU drop counters. Each counts
 * events as the agent does: one per syscall id, one per other record.
 */
enum llmos_drop {
	LLMOS_DROP_RINGBUF,	/* ring buffer full */
	LLMOS_DROP_STORAGE,	/* no per-task state: sched events lost */
	LLMOS_DROP_NR
};

struct llmos_rec_hdr {
	__u16 type;		/* enum llmos_rec_type */
	__u16 abi;		/* SYSCALLS: enum llmos_rec_abi */
	__u16 count;		/* SYSCALLS: ids that follow */
	__u16 reserved;
	__u32 tgid;
	__u32 tid;
	__u32 ppid;
	__u32 reserved2;
	__u64 time_ns;
	__u64 start_time;
	char comm[LLMOS_REC_COMM_LEN];
};

/* Variable size: the header and count ids, oldest first. */
struct llmos_rec_syscalls {
	struct llmos_rec_hdr hdr;
	__u16 ids[LLMOS_REC_BATCH];
};

struct llmos_rec_exec {
	struct llmos_rec_hdr hdr;
	char filename[LLMOS_REC_PATH_LEN];
};

struct llmos_rec_fork {
	struct llmos_rec_hdr hdr;	/* the child */
	__u32 parent_tgid;
	__u32 reserved;
	__u64 parent_start_time;
};

struct llmos_rec_exit {
	struct llmos_rec_hdr hdr;
	__s32 exit_code;
	__u32 reserved;
};

/* One thread's counters since its previous record; see event.h. */
struct llmos_rec_sched {
	struct llmos_rec_hdr hdr;
	__u64 interval_ns;
	__u64 run_ns;
	__u64 wait_ns;
	__u32 nr_runs;
	__u32 wakeups;
	__u32 nvcsw;
	__u32 nivcsw;
	__u64 cpu_time_ns;
};

#endif /* LLMOS_BPF_EVENTS_H */
