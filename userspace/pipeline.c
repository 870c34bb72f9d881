// SPDX-License-Identifier: GPL-2.0
/* The pipeline: recording, the process table, then the stages. */
#include "pipeline.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "exited.h"
#include "syscall_table.h"
#include "trace_writer.h"

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

struct pipeline {
	struct proc_table *procs;
	struct exited *exited;
	struct trace_writer *record;
	struct pipeline_stage stages[PIPELINE_MAX_STAGES];
	unsigned int nstages;
	uint64_t next_tick_ns;
	struct pipeline_stats stats;
};

static void release_to_stages(void *ctx, struct proc *p, enum proc_release why)
{
	struct pipeline *pl = ctx;

	for (unsigned int i = 0; i < pl->nstages; i++)
		if (pl->stages[i].release)
			pl->stages[i].release(pl->stages[i].ctx, p, why);
}

struct pipeline *pipeline_new(uint32_t max_procs, struct trace_writer *record)
{
	struct pipeline *pl = calloc(1, sizeof(*pl));

	if (!pl)
		return NULL;
	pl->procs = proc_table_new(max_procs, release_to_stages, pl);
	pl->exited = exited_new();
	if (!pl->procs || !pl->exited) {
		proc_table_free(pl->procs);
		exited_free(pl->exited);
		free(pl);
		return NULL;
	}
	pl->record = record;
	pl->stats.digest = FNV_OFFSET;
	return pl;
}

void pipeline_free(struct pipeline *pl)
{
	if (!pl)
		return;
	proc_table_free(pl->procs);
	exited_free(pl->exited);
	free(pl);
}

int pipeline_add_stage(struct pipeline *pl, const struct pipeline_stage *st)
{
	if (pl->nstages == PIPELINE_MAX_STAGES)
		return -ENOSPC;
	pl->stages[pl->nstages++] = *st;
	return 0;
}

static uint64_t fnv_u64(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= FNV_PRIME;
	}
	return h;
}

static void digest_tokens(struct pipeline_stats *s, const struct proc *p,
			  const uint16_t *tokens, unsigned int n)
{
	uint64_t h = s->digest;

	h = fnv_u64(h, (uint64_t)p->tgid << 32 | n);
	h = fnv_u64(h, p->start_time);
	for (unsigned int i = 0; i < n; i++) {
		h ^= tokens[i] & 0xff;
		h *= FNV_PRIME;
		h ^= tokens[i] >> 8;
		h *= FNV_PRIME;
	}
	s->digest = h;
}

static void copy_comm(char *dst, const char *src)
{
	memcpy(dst, src, LLMOS_COMM_LEN);
	dst[LLMOS_COMM_LEN - 1] = 0;
}

/* Apply ev to p; returns how many tokens it appended to tokens[]. */
static unsigned int apply(struct pipeline *pl, const struct llmos_event *ev,
			  struct proc *p, bool created, uint16_t *tokens)
{
	unsigned int n = 0;

	if (created) {
		p->first_ns = ev->time_ns;
		copy_comm(p->comm, ev->comm);
		if (ev->type == LLMOS_EV_FORK) {
			pl->stats.forks++;
			tokens[n++] = LLMOS_TOKEN_START;
		} else {
			p->flags |= PROC_ADOPTED;
			pl->stats.adopted++;
		}
	}
	p->last_ns = ev->time_ns;
	p->ppid = ev->ppid;

	switch (ev->type) {
	case LLMOS_EV_FORK: {
		struct proc *parent;

		p->ppid = ev->fork.parent_tgid;
		p->parent_start_time = ev->fork.parent_start_time;
		/* The child runs its parent's image until it execs. */
		parent = proc_table_find(pl->procs, ev->fork.parent_tgid,
					 ev->fork.parent_start_time);
		if (parent && created)
			memcpy(p->exe, parent->exe, sizeof(p->exe));
		break;
	}
	case LLMOS_EV_EXEC:
		copy_comm(p->comm, ev->comm);
		memcpy(p->exe, ev->exec.filename, sizeof(p->exe));
		p->exe[sizeof(p->exe) - 1] = 0;
		p->execs++;
		tokens[n++] = LLMOS_TOKEN_EXEC;
		break;
	case LLMOS_EV_SYSCALLS:
		for (unsigned int i = 0; i < ev->sys.count; i++) {
			uint16_t t = syscall_token(ev->sys.abi, ev->sys.ids[i]);

			pl->stats.unknown_syscalls += t == LLMOS_TOKEN_UNK;
			tokens[n++] = t;
		}
		pl->stats.syscalls += ev->sys.count;
		break;
	case LLMOS_EV_SCHED: {
		struct proc_sched *s = &p->sched;

		s->interval_ns += ev->sched.interval_ns;
		s->run_ns += ev->sched.run_ns;
		s->wait_ns += ev->sched.wait_ns;
		s->nr_runs += ev->sched.nr_runs;
		s->wakeups += ev->sched.wakeups;
		s->nvcsw += ev->sched.nvcsw;
		s->nivcsw += ev->sched.nivcsw;
		if (ev->sched.cpu_time_ns > s->task_cpu_ns)
			s->task_cpu_ns = ev->sched.cpu_time_ns;
		s->samples++;
		break;
	}
	case LLMOS_EV_EXIT:
		tokens[n++] = LLMOS_TOKEN_EXIT;
		break;
	}
	for (unsigned int i = 0; i < n; i++)
		proc_push_token(p, tokens[i]);
	return n;
}

static void run_ticks(struct pipeline *pl, uint64_t now_ns)
{
	for (unsigned int i = 0; i < pl->nstages; i++)
		if (pl->stages[i].tick)
			pl->stages[i].tick(pl->stages[i].ctx, now_ns);
	pl->next_tick_ns = now_ns + PIPELINE_TICK_NS;
}

int pipeline_event(struct pipeline *pl, const struct llmos_event *ev)
{
	/* Start token + a full batch is the most one event appends. */
	uint16_t tokens[LLMOS_SYSCALL_BATCH_MAX + 1];
	struct pipeline_stats *s = &pl->stats;
	struct proc *p;
	unsigned int n;
	bool created;

	if (ev->type < LLMOS_EV_EXEC || ev->type >= LLMOS_EV_TYPE_MAX)
		return -EINVAL;
	if (pl->record) {
		int ret = trace_writer_event(pl->record, ev);

		if (ret)
			return ret;
	}
	s->records[ev->type]++;
	s->events += llmos_event_weight(ev);
	if (!s->first_ns)
		s->first_ns = ev->time_ns;
	if (ev->time_ns > s->last_ns)
		s->last_ns = ev->time_ns;

	created = false;
	p = proc_table_touch(pl->procs, ev->tgid, ev->start_time);
	/*
	 * A process the table lacks is made for its record, but not for one
	 * that follows its EXIT (its other threads', exited.h; a FORK is a
	 * birth, never late), nor for the EXIT of a process never seen (the
	 * probes send one for every user process, ignored or not): that is
	 * only remembered against such records.
	 */
	if (!p) {
		if (ev->type != LLMOS_EV_FORK &&
		    exited_has(pl->exited, ev->tgid, ev->start_time)) {
			s->late++;
			goto tick;
		}
		if (ev->type == LLMOS_EV_EXIT) {
			exited_add(pl->exited, ev->tgid, ev->start_time);
			s->exits_untracked++;
			goto tick;
		}
		p = proc_table_get(pl->procs, ev->tgid, ev->start_time,
				   &created);
	}
	n = apply(pl, ev, p, created, tokens);
	if (n)
		digest_tokens(s, p, tokens, n);
	for (unsigned int i = 0; i < pl->nstages; i++)
		if (pl->stages[i].event)
			pl->stages[i].event(pl->stages[i].ctx, ev, p, tokens, n);
	if (ev->type == LLMOS_EV_EXIT) {
		exited_add(pl->exited, ev->tgid, ev->start_time);
		proc_table_exit(pl->procs, p);
	}
tick:
	if (ev->time_ns >= pl->next_tick_ns)
		run_ticks(pl, ev->time_ns);
	return 0;
}

int pipeline_drops(struct pipeline *pl, const struct llmos_drops *d)
{
	pl->stats.drops = *d;
	return pl->record ? trace_writer_drops(pl->record, d) : 0;
}

int pipeline_tick(struct pipeline *pl, uint64_t now_ns)
{
	if (now_ns < pl->next_tick_ns)
		return 0;
	run_ticks(pl, now_ns);
	return pl->record ? trace_writer_tick(pl->record, now_ns) : 0;
}

const struct pipeline_stats *pipeline_stats(const struct pipeline *pl)
{
	return &pl->stats;
}

const struct proc_table_stats *pipeline_proc_stats(const struct pipeline *pl)
{
	return proc_table_stats(pl->procs);
}

struct proc_table *pipeline_procs(struct pipeline *pl)
{
	return pl->procs;
}
