// SPDX-License-Identifier: GPL-2.0
/* Synthetic trace generator (benchmarks). */
#include "trace_synth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_writer.h"

#define FIRST_PID 10000
#define BASE_NS 1000000000ull
#define SYSCALL_NS 300ull
/* Longest batch; the probes send at most 64 ids a record. */
#define MAX_BATCH 64
/* One process in this many batches exits and is replaced. */
#define CHURN_EVERY 2000
/* A sched sample every this many batches of a process, on average. */
#define SCHED_EVERY 16

/* A skewed mix of common x86_64 syscalls (repeats weigh more). */
static const uint16_t common_ids[] = {
	0, 0, 0, 1, 1, 1, 3, 5, 9, 11, 202, 202, 232, 232, 257, 257, 262,
	45, 44, 46, 47, 7, 23, 270, 271, 281, 13, 14, 39, 96, 228, 228, 16,
	72, 89, 17, 18, 19, 20, 217, 4, 6, 8, 10, 12, 21, 24, 35, 61, 56,
	318, 334, 435, 302, 59, 231,
};
#define N_COMMON (sizeof(common_ids) / sizeof(common_ids[0]))

struct synth_proc {
	uint32_t pid;
	uint64_t start_time;
	uint32_t phase;		/* where in its loop over common_ids it is */
	uint32_t stride;
};

struct synth {
	struct trace_writer *w;
	struct llmos_event ev;
	uint64_t now;
	uint64_t rng;
	uint32_t next_pid;
	int error;
};

static uint64_t next_rand(struct synth *s)
{
	/* xorshift64* */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 0x2545f4914f6cdd1dull;
}

/* Fill the identity of p into the event and write it as type. */
static void emit(struct synth *s, const struct synth_proc *p, uint16_t type)
{
	struct llmos_event *ev = &s->ev;

	ev->type = type;
	ev->tgid = p->pid;
	ev->tid = p->pid;
	ev->ppid = 1;
	ev->start_time = p->start_time;
	ev->time_ns = s->now;
	snprintf(ev->comm, sizeof(ev->comm), "synth%u", p->pid % 50);
	if (!s->error)
		s->error = trace_writer_event(s->w, ev);
}

static void spawn(struct synth *s, struct synth_proc *p)
{
	p->pid = s->next_pid++;
	p->start_time = s->now;
	p->phase = (uint32_t)(next_rand(s) % N_COMMON);
	p->stride = 1 + (uint32_t)(next_rand(s) % 5);
	memset(&s->ev, 0, sizeof(s->ev));
	s->ev.fork.parent_tgid = 1;
	emit(s, p, LLMOS_EV_FORK);
	s->now += SYSCALL_NS;
	memset(&s->ev.exec, 0, sizeof(s->ev.exec));
	snprintf(s->ev.exec.filename, sizeof(s->ev.exec.filename),
		 "/usr/bin/synth%u", p->pid % 50);
	emit(s, p, LLMOS_EV_EXEC);
}

static void finish(struct synth *s, const struct synth_proc *p)
{
	memset(&s->ev.exit, 0, sizeof(s->ev.exit));
	emit(s, p, LLMOS_EV_EXIT);
}

static uint64_t batch(struct synth *s, struct synth_proc *p)
{
	struct llmos_ev_syscalls *b = &s->ev.sys;
	unsigned int n = 1 + (unsigned int)(next_rand(s) % MAX_BATCH);

	b->abi = LLMOS_ABI_X86_64;
	b->count = (uint16_t)n;
	for (unsigned int i = 0; i < n; i++) {
		/* Mostly a loop, sometimes a detour: sequences with structure. */
		if (next_rand(s) % 8 == 0)
			p->phase = (uint32_t)(next_rand(s) % N_COMMON);
		b->ids[i] = common_ids[p->phase];
		p->phase = (p->phase + p->stride) % N_COMMON;
	}
	s->now += n * SYSCALL_NS;
	emit(s, p, LLMOS_EV_SYSCALLS);
	return n;
}

static void sched_sample(struct synth *s, const struct synth_proc *p)
{
	struct llmos_ev_sched *sc = &s->ev.sched;

	memset(sc, 0, sizeof(*sc));
	sc->interval_ns = 100000000;
	sc->run_ns = next_rand(s) % sc->interval_ns;
	sc->wait_ns = next_rand(s) % (sc->interval_ns - sc->run_ns + 1);
	sc->nr_runs = 1 + (uint32_t)(next_rand(s) % 100);
	sc->wakeups = (uint32_t)(next_rand(s) % (sc->nr_runs + 1));
	sc->nvcsw = sc->wakeups;
	sc->nivcsw = sc->nr_runs - sc->nvcsw;
	sc->cpu_time_ns = s->now - p->start_time;
	emit(s, p, LLMOS_EV_SCHED);
}

int trace_synth(const struct synth_opts *o, const char *out, char *err,
		size_t errlen)
{
	struct synth s = { .now = BASE_NS, .next_pid = FIRST_PID };
	struct synth_proc *procs;
	uint64_t done = 0;
	int ret;

	if (!o->procs) {
		snprintf(err, errlen, "need at least one process");
		return -1;
	}
	procs = calloc(o->procs, sizeof(*procs));
	if (!procs) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s.rng = o->seed * 0x9e3779b97f4a7c15ull + 1;
	s.w = trace_writer_open(out, BASE_NS, 0, err, errlen);
	if (!s.w) {
		free(procs);
		return -1;
	}
	for (uint32_t i = 0; i < o->procs; i++)
		spawn(&s, &procs[i]);
	while (done < o->syscalls && !s.error) {
		struct synth_proc *p = &procs[next_rand(&s) % o->procs];

		done += batch(&s, p);
		if (next_rand(&s) % SCHED_EVERY == 0)
			sched_sample(&s, p);
		if (next_rand(&s) % CHURN_EVERY == 0) {
			finish(&s, p);
			spawn(&s, p);
		}
	}
	for (uint32_t i = 0; i < o->procs; i++)
		finish(&s, &procs[i]);
	free(procs);
	ret = trace_writer_close(s.w);
	if (s.error || ret) {
		snprintf(err, errlen, "%s: write failed", out);
		return -1;
	}
	return 0;
}
