// SPDX-License-Identifier: GPL-2.0
/*
 * llmos probes: per-thread batches of syscall ids, process lifecycle, and
 * per-thread scheduling counters, all through one ring buffer.
 *
 * The cost per syscall is what matters. sys_enter appends the id to a per-CPU
 * batch owned by the task running on that CPU and touches the ring buffer only
 * once per LLMOS_REC_BATCH ids; the batch is flushed when full, when its owner
 * switches out, execs or exits, and by a per-CPU timer (llmos_tick, period set
 * by the loader) so that a running task's ids never wait longer than that.
 * This relies on the 6.1 kernel running tracepoint programs with preemption
 * disabled: between a task's sys_enter and its switch-out only the timer's
 * interrupt can touch that CPU's batch, and it backs off while busy is set.
 *
 * Per-thread state (filter decision, where the last sched record left the
 * scheduler's counters) lives in task storage, created only from process
 * context (syscall, fork, exec): the scheduler hooks run under the runqueue
 * lock and must not allocate.
 *
 * The sched records are differences of what the kernel already counts per
 * task (se.sum_exec_runtime, sched_info's run_delay and pcount, nvcsw and
 * nivcsw), so the scheduler hooks neither time every switch nor touch the
 * task switched in: under emulation a clock read costs microseconds. Only
 * wakeups, which the kernel counts just with schedstats on, are counted here.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "events.h"

char LICENSE[] SEC("license") = "GPL";

#define PF_KTHREAD	0x00200000
#define TS_COMPAT	0x0002
#define X32_SYSCALL_BIT	0x40000000
#define SYSCALL_INVALID	0xffff
/* Deeper cgroups than this are matched on their upper levels only. */
#define MAX_CGROUP_DEPTH	16

/* Knobs the loader writes before load or while attached (.data, .bss). */
__u32 agent_tgid;		/* never traced */
__u32 sample_every = 1;		/* trace one process in N, chosen by tgid */
__u64 filter_gen = 1;		/* bumped by the loader on any filter change */
__u64 sched_period_ns = 100000000;
__u64 wakeup_bytes = 65536;	/* wake the consumer only past this backlog */
__u32 nr_ignored_cgroups;	/* entries in ignored_cgroups */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);	/* the loader sets the real size */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, LLMOS_DROP_NR);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, char[LLMOS_REC_COMM_LEN]);
	__type(value, __u8);
} ignored_comms SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u64);
	__type(value, __u8);
} ignored_cgroups SEC(".maps");

struct task_state {
	__u64 gen;		/* filter_gen of the decision, 0: none yet */
	__u64 last_ts;		/* end of the previous sched record */
	/* The task's counters at the previous record (see sched_counters). */
	__u64 last_run_ns;
	__u64 last_wait_ns;
	__u64 last_runs;
	__u64 last_nvcsw;
	__u64 last_nivcsw;
	__u32 wakeups;		/* written by wakers on other CPUs */
	__u32 exit_sent;	/* group leader's: the process's EXIT is out */
	__u8 traced;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_state);
} task_states SEC(".maps");

/* The open syscall batch of the task on a CPU, laid out as its record. */
struct cpu_batch {
	__u32 tid;		/* owner, 0 if none */
	__u8 traced;		/* owner's filter decision */
	__u64 gen;		/* filter_gen the decision was taken under */
	__u8 busy;		/* a handler the timer must not interrupt runs */
	struct llmos_rec_syscalls rec;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cpu_batch);
} cpu_batches SEC(".maps");

/*
 * The timer's interrupt may land inside a handler that uses the CPU's batch
 * (sys_enter, exec, exit; the scheduler hooks run with interrupts off).
 * barrier() (bpf_helpers.h) keeps the flag's stores around the accesses.
 */
static __always_inline void enter(struct cpu_batch *b)
{
	b->busy = 1;
	barrier();
}

static __always_inline void leave(struct cpu_batch *b)
{
	barrier();
	b->busy = 0;
}

static __always_inline void count_drop(__u32 cause, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&drops, &cause);

	if (v)
		*v += n;
}

/*
 * Waking the consumer costs an IPI and a context switch: only do it once a
 * backlog built up. The consumer also drains on a timer (see probes.h).
 */
static __always_inline __u64 rb_flags(void)
{
	if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= wakeup_bytes)
		return BPF_RB_FORCE_WAKEUP;
	return BPF_RB_NO_WAKEUP;
}

static __always_inline void fill_hdr(struct llmos_rec_hdr *h, __u16 type,
				     struct task_struct *t, __u64 now)
{
	h->type = type;
	h->abi = 0;
	h->count = 0;
	h->reserved = 0;
	h->reserved2 = 0;
	h->tgid = t->tgid;
	h->tid = t->pid;
	h->ppid = t->real_parent->tgid;
	h->time_ns = now;
	h->start_time = t->group_leader->start_time;
	bpf_probe_read_kernel(h->comm, sizeof(h->comm), t->comm);
}

/* A ring record of size bytes headed for t, or NULL with the drop counted. */
static __always_inline void *reserve_rec(__u64 size, __u16 type,
					 struct task_struct *t, __u64 now)
{
	struct llmos_rec_hdr *h;

	h = bpf_ringbuf_reserve(&events, size, 0);
	if (!h) {
		count_drop(LLMOS_DROP_RINGBUF, 1);
		return NULL;
	}
	fill_hdr(h, type, t, now);
	return h;
}

static __always_inline struct task_state *state_of(struct task_struct *t,
						   bool create)
{
	struct task_state *s;

	s = bpf_task_storage_get(&task_states, t, 0,
				 create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
	if (!s && create)
		count_drop(LLMOS_DROP_STORAGE, 1);
	return s;
}

/*
 * Whether t's cgroup (v2) or one above it is ignored. Read from t, not
 * current: a child created with CLONE_INTO_CGROUP is not in its parent's.
 */
static __always_inline bool in_ignored_cgroup(struct task_struct *t)
{
	struct cgroup *cg;
	__u64 id;

	if (!nr_ignored_cgroups)
		return false;
	cg = t->cgroups->dfl_cgrp;
	for (int i = 0; i < MAX_CGROUP_DEPTH; i++) {
		struct cgroup_subsys_state *parent;

		id = cg->kn->id;
		if (bpf_map_lookup_elem(&ignored_cgroups, &id))
			return true;
		parent = cg->self.parent;
		if (!parent)
			return false;
		cg = parent->cgroup;
	}
	return false;
}

/* Whether to trace t; comm is t's, and t is current or its new child. */
static __always_inline bool want(struct task_struct *t, const char *comm)
{
	__u32 tgid = t->tgid;

	if (tgid == agent_tgid || (t->flags & PF_KTHREAD))
		return false;
	/* Whole processes are sampled: a sequence model needs every id. */
	if (sample_every > 1 && (tgid * 2654435761u) % sample_every)
		return false;
	if (bpf_map_lookup_elem(&ignored_comms, comm))
		return false;
	return !in_ignored_cgroup(t);
}

/*
 * The scheduler's counters of t, as the kernel keeps them. wait_ns and runs
 * come from sched_info (CONFIG_SCHED_INFO, which /proc/PID/schedstat needs
 * too) and stay 0 on a kernel without it.
 */
struct sched_counters {
	__u64 run_ns;
	__u64 wait_ns;
	__u64 runs;
	__u64 nvcsw;
	__u64 nivcsw;
};

static __always_inline void read_counters(struct task_struct *t,
					  struct sched_counters *c)
{
	c->run_ns = t->se.sum_exec_runtime;
	c->wait_ns = 0;
	c->runs = 0;
	if (bpf_core_field_exists(t->sched_info)) {
		c->wait_ns = t->sched_info.run_delay;
		c->runs = t->sched_info.pcount;
	}
	c->nvcsw = t->nvcsw;
	c->nivcsw = t->nivcsw;
}

/* The next sched record of t covers what happens after now. */
static __always_inline void rebase(struct task_state *s,
				   const struct sched_counters *c, __u64 now)
{
	s->last_ts = now;
	s->last_run_ns = c->run_ns;
	s->last_wait_ns = c->wait_ns;
	s->last_runs = c->runs;
	s->last_nvcsw = c->nvcsw;
	s->last_nivcsw = c->nivcsw;
}

/* A thread that becomes traced starts counting then. */
static __always_inline void decide(struct task_state *s, struct task_struct *t,
				   bool traced, __u64 now)
{
	if (traced && !s->traced) {
		struct sched_counters c;

		read_counters(t, &c);
		rebase(s, &c, now);
		s->wakeups = 0;
	}
	s->traced = traced;
	s->gen = filter_gen;
}

/* Sends the batch, dated now: its last id or the owner's switch-out. */
static __always_inline void flush(struct cpu_batch *b, __u64 now)
{
	__u32 n = b->rec.hdr.count;

	if (n > LLMOS_REC_BATCH)
		n = LLMOS_REC_BATCH;
	b->rec.hdr.time_ns = now;
	if (bpf_ringbuf_output(&events, &b->rec,
			       sizeof(b->rec.hdr) + n * sizeof(__u16),
			       rb_flags()))
		count_drop(LLMOS_DROP_RINGBUF, n);
	b->rec.hdr.count = 0;
}

/*
 * Flushes t's batch on this CPU (if it owns it) and releases the CPU's.
 * Returns the time of the flush, 0 if there was nothing to send.
 */
static __always_inline __u64 release(struct cpu_batch *b, __u32 tid)
{
	__u64 now = 0;

	if (b->tid != tid)
		return 0;
	if (b->rec.hdr.count) {
		now = bpf_ktime_get_ns();
		flush(b, now);
	}
	b->tid = 0;
	return now;
}

/* Makes the CPU's batch t's: the first syscall after t switched in. */
static __noinline void adopt(struct cpu_batch *b, struct task_struct *t)
{
	struct task_state *s;

	if (b->rec.hdr.count)
		flush(b, bpf_ktime_get_ns());
	fill_hdr(&b->rec.hdr, LLMOS_REC_SYSCALLS, t, 0);
	b->tid = t->pid;
	b->gen = filter_gen;
	s = state_of(t, true);
	if (s && s->gen == filter_gen) {
		b->traced = s->traced;
		return;
	}
	b->traced = want(t, b->rec.hdr.comm);
	if (s)
		decide(s, t, b->traced, bpf_ktime_get_ns());
}

/* Appends one id to the batch, which the current task owns. */
static __always_inline void append(struct cpu_batch *b, struct task_struct *t,
				   long id)
{
	__u32 n = b->rec.hdr.count;
	__u16 abi, nr;

	if (t->thread_info.status & TS_COMPAT)
		abi = LLMOS_REC_ABI_I386;
	/* Negative: no table's (syscall(-1)), an invalid x86_64 call. */
	else if (id >= 0 && (id & X32_SYSCALL_BIT))
		abi = LLMOS_REC_ABI_X32;
	else
		abi = LLMOS_REC_ABI_X86_64;
	/*
	 * Only the x32 table's numbers carry the bit: an i386 number with it
	 * is no call (ENOSYS), not the call without it.
	 */
	if (abi == LLMOS_REC_ABI_X32)
		id &= ~X32_SYSCALL_BIT;
	nr = id < 0 || id >= SYSCALL_INVALID ? SYSCALL_INVALID : id;

	/* A record holds ids of one table. */
	if (n && abi != b->rec.hdr.abi) {
		flush(b, bpf_ktime_get_ns());
		n = 0;
	}
	b->rec.hdr.abi = abi;
	b->rec.ids[n & (LLMOS_REC_BATCH - 1)] = nr;
	b->rec.hdr.count = ++n;
	if (n >= LLMOS_REC_BATCH)
		flush(b, bpf_ktime_get_ns());
}

SEC("tp_btf/sys_enter")
int BPF_PROG(llmos_sys_enter, struct pt_regs *regs, long id)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct cpu_batch *b;
	__u32 zero = 0;

	b = bpf_map_lookup_elem(&cpu_batches, &zero);
	if (!b)
		return 0;
	enter(b);
	if (b->tid != t->pid || b->gen != filter_gen)
		adopt(b, t);
	if (b->traced)
		append(b, t, id);
	leave(b);
	return 0;
}

/* Sends t's counters since its last record; t is current or switching out. */
static __always_inline void emit_sched(struct task_struct *t,
				       struct task_state *s, __u64 now)
{
	struct llmos_rec_sched *r;
	struct sched_counters c;

	/* On a drop keep counting: the next record covers the longer window. */
	r = reserve_rec(sizeof(*r), LLMOS_REC_SCHED, t, now);
	if (!r)
		return;
	read_counters(t, &c);
	r->interval_ns = now - s->last_ts;
	r->run_ns = c.run_ns - s->last_run_ns;
	r->wait_ns = c.wait_ns - s->last_wait_ns;
	r->nr_runs = c.runs - s->last_runs;
	r->wakeups = __sync_lock_test_and_set(&s->wakeups, 0);
	r->nvcsw = c.nvcsw - s->last_nvcsw;
	r->nivcsw = c.nivcsw - s->last_nivcsw;
	r->cpu_time_ns = c.run_ns;
	bpf_ringbuf_submit(r, rb_flags());
	rebase(s, &c, now);
}

/*
 * The kernel has counted the switch out of prev (nvcsw or nivcsw, its run
 * time) before this tracepoint, and counts the wait and the run of next
 * when next arrives: prev's record is due, next needs nothing.
 */
SEC("tp_btf/sched_switch")
int BPF_PROG(llmos_sched_switch, bool preempt, struct task_struct *prev)
{
	struct cpu_batch *b;
	struct task_state *s;
	__u32 zero = 0;
	__u64 now = 0;

	b = bpf_map_lookup_elem(&cpu_batches, &zero);
	if (b)
		now = release(b, prev->pid);

	s = state_of(prev, false);
	if (!s || !s->traced)
		return 0;
	if (!now)
		now = bpf_ktime_get_ns();
	if (now - s->last_ts >= sched_period_ns)
		emit_sched(prev, s, now);
	return 0;
}

static __always_inline void on_wakeup(struct task_struct *p)
{
	struct task_state *s = state_of(p, false);

	if (s && s->traced)
		__sync_fetch_and_add(&s->wakeups, 1);
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(llmos_sched_wakeup, struct task_struct *p)
{
	on_wakeup(p);
	return 0;
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(llmos_sched_wakeup_new, struct task_struct *p)
{
	on_wakeup(p);
	return 0;
}

/*
 * Decides afresh whether t is traced (its comm and cgroup) and
 * records the decision in t's state.
 */
static __always_inline bool refilter(struct task_struct *t, __u64 now)
{
	struct task_state *s;
	char comm[LLMOS_REC_COMM_LEN];
	bool traced;

	/*
	 * All 16 bytes, as the map's keys hold them: task->comm is NUL-padded,
	 * while bpf_get_current_comm() leaves the bytes after the NUL as the
	 * stack had them, and a short name then missed its key.
	 */
	bpf_probe_read_kernel(comm, sizeof(comm), t->comm);
	traced = want(t, comm);
	s = state_of(t, true);
	if (s)
		decide(s, t, traced, now);
	return traced;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(llmos_sched_process_fork, struct task_struct *parent,
	     struct task_struct *child)
{
	struct llmos_rec_fork *r;
	__u64 now = bpf_ktime_get_ns();

	/* The child has the parent's comm: decide for it now. */
	if (!refilter(child, now) || child->pid != child->tgid)
		return 0;

	r = reserve_rec(sizeof(*r), LLMOS_REC_FORK, child, now);
	if (!r)
		return 0;
	r->parent_tgid = parent->tgid;
	r->reserved = 0;
	r->parent_start_time = parent->group_leader->start_time;
	bpf_ringbuf_submit(r, rb_flags());
	return 0;
}

/*
 * A task moved to another cgroup may enter or leave an ignored subtree:
 * every thread decides again at its next syscall.
 */
SEC("tp_btf/cgroup_attach_task")
int BPF_PROG(llmos_cgroup_attach_task, struct cgroup *dst,
	     const char *path, struct task_struct *task, bool threadgroup)
{
	if (nr_ignored_cgroups)
		__sync_fetch_and_add(&filter_gen, 1);
	return 0;
}

/*
 * A task renamed (prctl(PR_SET_NAME), pthread_setname_np, /proc/PID/comm)
 * decides again at its next syscall, on its new comm: the name is copied
 * just after this tracepoint, and the next syscall adopts the batch anew.
 * An exec decides on its own, at sched_process_exec.
 */
SEC("tp_btf/task_rename")
int BPF_PROG(llmos_task_rename, struct task_struct *task, const char *comm)
{
	struct task_state *s = state_of(task, false);
	struct cpu_batch *b;
	__u32 zero = 0;

	if (s)
		s->gen = 0;
	/* Only the renamed task's own batch: the tick does not read gen. */
	b = bpf_map_lookup_elem(&cpu_batches, &zero);
	if (b && b->tid == task->pid)
		b->gen = 0;
	return 0;
}

/* The new image's record; the filter decides again on the new comm. */
static __always_inline void on_exec(struct task_struct *p,
				    struct linux_binprm *bprm)
{
	struct llmos_rec_exec *r;
	__u64 now = bpf_ktime_get_ns();

	if (!refilter(p, now))
		return;

	r = reserve_rec(sizeof(*r), LLMOS_REC_EXEC, p, now);
	if (!r)
		return;
	bpf_probe_read_kernel_str(r->filename, sizeof(r->filename),
				  bprm->filename);
	bpf_ringbuf_submit(r, rb_flags());
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(llmos_sched_process_exec, struct task_struct *p, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	struct cpu_batch *b;
	__u32 zero = 0;

	b = bpf_map_lookup_elem(&cpu_batches, &zero);
	if (!b)
		return 0;
	enter(b);
	/* The old image's syscalls (the execve included) come first. */
	release(b, old_pid);
	on_exec(p, bprm);
	leave(b);
	return 0;
}

/*
 * The exiting thread's last sched record and, if it was the last thread, the
 * process's exit. That is sent for every user process, filtered or not, so
 * that the agent can free whatever it holds even if an exec made the process
 * ignored.
 */
static __always_inline void on_task_exit(struct task_struct *p)
{
	struct llmos_rec_exit *r;
	struct task_state *s;
	__u64 now = bpf_ktime_get_ns();

	s = state_of(p, false);
	if (s && s->traced) {
		emit_sched(p, s, now);
		/*
		 * Its last: the exit path still runs (closes files, reaps)
		 * and switches, but nothing of the thread may follow the
		 * process's EXIT, which the agent frees the process on.
		 */
		s->traced = 0;
	}

	if (p->signal->live.counter || p->tgid == agent_tgid ||
	    (p->flags & PF_KTHREAD))
		return;
	/*
	 * Every thread past the last decrement of live sees 0: one sends.
	 * One that decremented it earlier may not be here yet: its records
	 * until then follow the EXIT, and the agent drops them.
	 */
	s = state_of(p->group_leader, true);
	if (s && __sync_val_compare_and_swap(&s->exit_sent, 0, 1))
		return;
	r = reserve_rec(sizeof(*r), LLMOS_REC_EXIT, p, now);
	if (!r)
		return;
	r->exit_code = p->exit_code;
	r->reserved = 0;
	bpf_ringbuf_submit(r, rb_flags());
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(llmos_sched_process_exit, struct task_struct *p)
{
	struct cpu_batch *b;
	__u32 zero = 0;

	b = bpf_map_lookup_elem(&cpu_batches, &zero);
	if (!b)
		return 0;
	enter(b);
	release(b, p->pid);
	on_task_exit(p);
	leave(b);
	return 0;
}

/*
 * Every flush period on each CPU (a perf cpu-clock event, from its timer
 * interrupt): sends the running task's pending ids and, when due, its sched
 * record, for tasks that run long without switching out.
 */
SEC("perf_event")
int llmos_tick(void *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct task_state *s;
	struct cpu_batch *b;
	__u32 zero = 0;
	__u64 now;

	b = bpf_map_lookup_elem(&cpu_batches, &zero);
	if (!b || b->busy)
		return 0;
	now = bpf_ktime_get_ns();
	if (b->rec.hdr.count)
		flush(b, now);

	s = state_of(t, false);
	if (s && s->traced && now - s->last_ts >= sched_period_ns)
		emit_sched(t, s, now);
	return 0;
}
