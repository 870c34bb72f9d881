// SPDX-License-Identifier: GPL-2.0
/*
 * Token sequences from the agent's own tokenizer: agent traces are
 * replayed through its pipeline with a stage that collects every
 * process's tokens, labelled from a labels file by (tgid, start time);
 * plain traces of an ABI go through its syscall table.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"
#include "sched/labeler.h"
#include "syscall_table.h"
#include "trace_reader.h"
#include "traces.h"

/* Processes the replay keeps apart at once (the agent's default order). */
#define MAX_PROCS 65536

/* Tokens of one live process, in an open-addressing table. */
struct pseq {
	uint32_t tgid;
	uint64_t start_time;
	uint16_t *tok;
	size_t n, cap;
	int state;		/* 0 free, 1 used, 2 deleted */
};

struct collect {
	struct llm_dataset *d;
	const struct sched_labels *labels;
	const char *file;
	struct pseq *tab;
	size_t cap, used;	/* used counts deleted slots too */
	int err;
};

static size_t slot_of(const struct collect *c, uint32_t tgid, uint64_t st)
{
	uint64_t h = (st * 0x9e3779b97f4a7c15ULL) ^ tgid;

	return (size_t)(h ^ (h >> 29)) & (c->cap - 1);
}

static struct pseq *find(struct collect *c, const struct proc *p, bool add);

static int grow(struct collect *c)
{
	struct pseq *old = c->tab;
	size_t i, ocap = c->cap;

	c->cap = ocap ? ocap * 2 : 1024;
	c->tab = calloc(c->cap, sizeof(*c->tab));
	if (!c->tab) {
		c->tab = old;
		c->cap = ocap;
		return -ENOMEM;
	}
	c->used = 0;
	for (i = 0; i < ocap; i++) {
		if (old[i].state == 1) {
			size_t j = slot_of(c, old[i].tgid, old[i].start_time);

			while (c->tab[j].state)
				j = (j + 1) & (c->cap - 1);
			c->tab[j] = old[i];
			c->used++;
		}
	}
	free(old);
	return 0;
}

static struct pseq *find(struct collect *c, const struct proc *p, bool add)
{
	size_t j;

	if (add && (c->used + 1) * 2 > c->cap && grow(c))
		return NULL;
	if (!c->cap)
		return NULL;
	for (j = slot_of(c, p->tgid, p->start_time); c->tab[j].state;
	     j = (j + 1) & (c->cap - 1))
		if (c->tab[j].state == 1 && c->tab[j].tgid == p->tgid &&
		    c->tab[j].start_time == p->start_time)
			return &c->tab[j];
	if (!add)
		return NULL;
	c->tab[j] = (struct pseq){ .tgid = p->tgid,
				   .start_time = p->start_time, .state = 1 };
	c->used++;
	return &c->tab[j];
}

static void on_event(void *ctx, const struct llmos_event *ev, struct proc *p,
		     const uint16_t *tokens, unsigned int n)
{
	struct collect *c = ctx;
	struct pseq *s;

	(void)ev;
	if (!n || c->err)
		return;
	s = find(c, p, true);
	if (s && s->n + n > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 256;
		uint16_t *nt;

		while (ncap < s->n + n)
			ncap *= 2;
		nt = realloc(s->tok, ncap * sizeof(*nt));
		if (nt) {
			s->tok = nt;
			s->cap = ncap;
		}
	}
	if (!s || s->n + n > s->cap) {
		c->err = -ENOMEM;
		return;
	}
	memcpy(s->tok + s->n, tokens, n * sizeof(*tokens));
	s->n += n;
}

/* A process left: its tokens become one sequence. */
static void on_release(void *ctx, struct proc *p, enum proc_release why)
{
	struct collect *c = ctx;
	struct pseq *s = find(c, p, false);
	const struct sched_label *lab = NULL;
	char name[512];

	(void)why;
	if (!s)
		return;
	if (!c->err && s->n > UINT32_MAX)
		c->err = -E2BIG;
	if (c->labels)
		lab = sched_labels_find(c->labels, p->tgid, p->start_time);
	if (!c->err) {
		snprintf(name, sizeof(name), "%s:%u:%s", c->file, p->tgid,
			 p->exe[0] ? p->exe : p->comm);
		if (llm_dataset_add(c->d, s->tok, (uint32_t)s->n,
				    lab ? lab->cls : -1,
				    lab ? lab->target : NAN) ||
		    llm_dataset_name(c->d, c->d->n - 1, name))
			c->err = -ENOMEM;
	}
	free(s->tok);
	*s = (struct pseq){ .state = 2 };
}

static int agent_file(void *arg, const char *path, char *err, size_t errlen)
{
	struct collect *c = arg;
	const struct pipeline_stage st = { .name = "llmos-train", .ctx = c,
					   .event = on_event,
					   .release = on_release };
	struct trace_reader *r = trace_reader_open(path, err, errlen);
	struct trace_record rec;
	struct pipeline *pl;
	enum trace_item it;
	int ret = 0;

	if (!r)
		return -EINVAL;
	pl = pipeline_new(MAX_PROCS, NULL);
	if (!pl || pipeline_add_stage(pl, &st)) {
		trace_reader_close(r);
		pipeline_free(pl);
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	c->file = path;
	while (!c->err && (it = trace_reader_next(r, &rec)) > 0)
		if (it == TRACE_EVENT)
			ret = pipeline_event(pl, &rec.ev);
	if (!c->err && it == TRACE_ERROR) {
		snprintf(err, errlen, "%s", trace_reader_error(r));
		ret = -EINVAL;
	}
	/* Releases the processes still alive at the end of the trace. */
	pipeline_free(pl);
	trace_reader_close(r);
	if (c->err) {
		snprintf(err, errlen, "%s: %s", path, strerror(-c->err));
		ret = c->err;
	}
	return ret;
}

struct plain_abi {
	struct llm_dataset *d;
	int abi;
	uint16_t *tok;
	size_t cap;
};

/* Framed as `llmosctl import` makes the agent see a plain trace. */
static int plain_trace(void *arg, const char *name, const uint32_t *nums,
		       size_t n, char *err, size_t errlen)
{
	struct plain_abi *a = arg;
	size_t i;

	if (n + 3 > a->cap) {
		uint16_t *nt = realloc(a->tok, (n + 3) * sizeof(*nt));

		if (!nt)
			goto nomem;
		a->tok = nt;
		a->cap = n + 3;
	}
	a->tok[0] = LLMOS_TOKEN_START;
	a->tok[1] = LLMOS_TOKEN_EXEC;
	for (i = 0; i < n; i++)
		a->tok[i + 2] = syscall_token(a->abi, nums[i]);
	a->tok[n + 2] = LLMOS_TOKEN_EXIT;
	if (n + 3 > UINT32_MAX ||
	    llm_dataset_add(a->d, a->tok, (uint32_t)(n + 3), -1, NAN) ||
	    llm_dataset_name(a->d, a->d->n - 1, name))
		goto nomem;
	return 0;
nomem:
	snprintf(err, errlen, "%s: out of memory", name);
	return -ENOMEM;
}

int llm_traces_load(struct llm_dataset *d, char *const *paths, int npaths,
		    const char *abi, uint32_t vocab_size,
		    const struct sched_labels *labels, char *err,
		    size_t errlen)
{
	int ret;

	if (abi && labels) {
		snprintf(err, errlen,
			 "scheduling labels name processes of agent traces, not --abi %s traces",
			 abi);
		return -EINVAL;
	}
	if (abi && !strcmp(abi, "raw"))
		return llm_plain_load(d, paths, npaths, vocab_size, err,
				      errlen);
	llm_dataset_init(d, LLMOS_NR_TOKENS, LLMOS_VOCAB_HASH);
	if (abi) {
		struct plain_abi a = { .d = d, .abi = syscall_abi_parse(abi) };

		if (a.abi != LLMOS_ABI_I386 && a.abi != LLMOS_ABI_X86_64) {
			snprintf(err, errlen,
				 "--abi %s: use i386, x86_64 or raw", abi);
			return -EINVAL;
		}
		ret = llm_plain_read(paths, npaths, plain_trace, &a, err,
				     errlen);
		free(a.tok);
	} else {
		struct collect c = { .d = d, .labels = labels };
		size_t i;

		ret = llm_walk_files(paths, npaths, agent_file, &c, err,
				     errlen);
		for (i = 0; i < c.cap; i++)
			if (c.tab[i].state == 1)
				free(c.tab[i].tok);
		free(c.tab);
	}
	if (!ret && !d->n) {
		snprintf(err, errlen, "no traces found");
		ret = -EINVAL;
	}
	if (ret)
		llm_dataset_free(d);
	return ret;
}
