// SPDX-License-Identifier: GPL-2.0
/*
 * The probes' loader: skeleton life cycle, filters, ring-buffer draining and
 * the decoding of BPF records (bpf/events.h) into struct llmos_event.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "flush_ticks.h"
#include "probes.h"
#include "probes.skel.h"

_Static_assert(LLMOS_REC_BATCH <= LLMOS_SYSCALL_BATCH_MAX,
	       "a BPF batch must fit an event");
_Static_assert(LLMOS_REC_COMM_LEN == LLMOS_COMM_LEN, "comm sizes differ");
_Static_assert(LLMOS_REC_PATH_LEN == LLMOS_PATH_LEN, "path sizes differ");

#define DEFAULT_RING_BYTES (4u << 20)
#define DEFAULT_FLUSH_PERIOD_NS 100000000ull

struct probes {
	struct probes_bpf *skel;
	struct ring_buffer *rb;
	llmos_event_fn fn;
	void *ctx;
	int ncpus;
	struct flush_ticks *ticks;
	unsigned int budget;	/* records this consume may take; 0: all */
	unsigned int taken;	/* records this consume took */
	struct llmos_event ev;	/* decoding scratch, large for the stack */
};

/* on_record()'s way out of libbpf's drain once the budget is spent. */
#define BUDGET_SPENT (-EAGAIN)

static const char *const drop_names[LLMOS_DROP_NR] = {
	[LLMOS_DROP_RINGBUF] = "ringbuf",
	[LLMOS_DROP_STORAGE] = "storage",
};

const char *probes_drop_name(unsigned int cause)
{
	return cause < LLMOS_DROP_NR ? drop_names[cause] : "unknown";
}

/* libbpf's warnings and errors only; its debug output is verifier noise. */
static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static void decode_hdr(struct llmos_event *ev, const struct llmos_rec_hdr *h,
		       uint16_t type)
{
	ev->type = type;
	ev->reserved = 0;
	ev->tgid = h->tgid;
	ev->tid = h->tid;
	ev->ppid = h->ppid;
	ev->time_ns = h->time_ns;
	ev->start_time = h->start_time;
	memcpy(ev->comm, h->comm, LLMOS_COMM_LEN);
	ev->comm[LLMOS_COMM_LEN - 1] = '\0';
}

static int decode_syscalls(struct llmos_event *ev, const void *data,
			   size_t size)
{
	const struct llmos_rec_syscalls *r = data;
	unsigned int n = r->hdr.count;

	if (n == 0 || n > LLMOS_REC_BATCH ||
	    size < sizeof(r->hdr) + n * sizeof(r->ids[0]))
		return -EINVAL;
	switch (r->hdr.abi) {
	case LLMOS_REC_ABI_X86_64:
		ev->sys.abi = LLMOS_ABI_X86_64;
		break;
	case LLMOS_REC_ABI_I386:
		ev->sys.abi = LLMOS_ABI_I386;
		break;
	case LLMOS_REC_ABI_X32:
		ev->sys.abi = LLMOS_ABI_X32;
		break;
	default:
		return -EINVAL;
	}
	decode_hdr(ev, &r->hdr, LLMOS_EV_SYSCALLS);
	ev->sys.count = n;
	ev->sys.reserved = 0;
	memcpy(ev->sys.ids, r->ids, n * sizeof(r->ids[0]));
	return 0;
}

static int decode(struct llmos_event *ev, const void *data, size_t size)
{
	const struct llmos_rec_hdr *h = data;

	if (size < sizeof(*h))
		return -EINVAL;
	switch (h->type) {
	case LLMOS_REC_SYSCALLS:
		return decode_syscalls(ev, data, size);
	case LLMOS_REC_EXEC: {
		const struct llmos_rec_exec *r = data;

		if (size < sizeof(*r))
			return -EINVAL;
		decode_hdr(ev, h, LLMOS_EV_EXEC);
		memcpy(ev->exec.filename, r->filename, LLMOS_PATH_LEN);
		ev->exec.filename[LLMOS_PATH_LEN - 1] = '\0';
		return 0;
	}
	case LLMOS_REC_FORK: {
		const struct llmos_rec_fork *r = data;

		if (size < sizeof(*r))
			return -EINVAL;
		decode_hdr(ev, h, LLMOS_EV_FORK);
		ev->fork.parent_tgid = r->parent_tgid;
		ev->fork.reserved = 0;
		ev->fork.parent_start_time = r->parent_start_time;
		return 0;
	}
	case LLMOS_REC_EXIT: {
		const struct llmos_rec_exit *r = data;

		if (size < sizeof(*r))
			return -EINVAL;
		decode_hdr(ev, h, LLMOS_EV_EXIT);
		ev->exit.exit_code = r->exit_code;
		ev->exit.reserved = 0;
		return 0;
	}
	case LLMOS_REC_SCHED: {
		const struct llmos_rec_sched *r = data;

		if (size < sizeof(*r))
			return -EINVAL;
		decode_hdr(ev, h, LLMOS_EV_SCHED);
		ev->sched.interval_ns = r->interval_ns;
		ev->sched.run_ns = r->run_ns;
		ev->sched.wait_ns = r->wait_ns;
		ev->sched.nr_runs = r->nr_runs;
		ev->sched.wakeups = r->wakeups;
		ev->sched.nvcsw = r->nvcsw;
		ev->sched.nivcsw = r->nivcsw;
		ev->sched.cpu_time_ns = r->cpu_time_ns;
		return 0;
	}
	}
	return -EINVAL;
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct probes *p = ctx;

	/* A record we cannot decode is a bug on one side: skip, not stop. */
	if (decode(&p->ev, data, size) == 0)
		p->fn(&p->ev, p->ctx);
	p->taken++;
	/*
	 * libbpf drains for as long as records keep coming, which under a
	 * flood is for ever; the caller gets its loop back instead.
	 */
	return p->budget && p->taken >= p->budget ? BUDGET_SPENT : 0;
}

static int set_ring_size(struct probes *p, size_t bytes)
{
	long page = sysconf(_SC_PAGESIZE);

	if (!bytes)
		bytes = DEFAULT_RING_BYTES;
	if (bytes < (size_t)page || (bytes & (bytes - 1)) || bytes > 1u << 30) {
		fprintf(stderr,
			"probes: ring size %zu is not a power of two in [%ld, 1 GiB]\n",
			bytes, page);
		return -EINVAL;
	}
	/* Wake the consumer past a quarter full; it drains on a timer too. */
	p->skel->data->wakeup_bytes = bytes / 4;
	return bpf_map__set_max_entries(p->skel->maps.events, bytes);
}

struct probes *probes_open(const struct probes_opts *opts, llmos_event_fn fn,
			   void *ctx)
{
	static const struct probes_opts defaults;
	struct probes *p;
	int err;

	if (!opts)
		opts = &defaults;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->fn = fn;
	p->ctx = ctx;
	libbpf_set_print(print_libbpf);

	p->ncpus = libbpf_num_possible_cpus();
	if (p->ncpus <= 0) {
		err = p->ncpus ? p->ncpus : -EINVAL;
		goto fail;
	}
	p->skel = probes_bpf__open();
	if (!p->skel) {
		err = -errno;
		fprintf(stderr, "probes: cannot open the BPF object: %s\n",
			strerror(errno));
		goto fail;
	}
	err = set_ring_size(p, opts->ring_bytes);
	if (err)
		goto fail;
	p->skel->bss->agent_tgid = getpid();
	p->skel->data->sample_every = opts->sample_every ? opts->sample_every : 1;
	if (opts->sched_period_ns)
		p->skel->data->sched_period_ns = opts->sched_period_ns;

	err = probes_bpf__load(p->skel);
	if (err) {
		fprintf(stderr, "probes: cannot load the BPF programs: %s\n",
			strerror(-err));
		goto fail;
	}
	p->rb = ring_buffer__new(bpf_map__fd(p->skel->maps.events), on_record,
				 p, NULL);
	if (!p->rb) {
		err = -errno;
		fprintf(stderr, "probes: cannot map the ring buffer: %s\n",
			strerror(errno));
		goto fail;
	}
	err = probes_bpf__attach(p->skel);
	if (!err) {
		p->ticks = flush_ticks_open(p->skel->progs.llmos_tick, p->ncpus,
					    opts->flush_period_ns ?
					    opts->flush_period_ns :
					    DEFAULT_FLUSH_PERIOD_NS);
		if (!p->ticks)
			err = -errno;
	}
	if (err) {
		fprintf(stderr, "probes: cannot attach: %s\n", strerror(-err));
		goto fail;
	}
	return p;
fail:
	probes_close(p);
	errno = -err;
	return NULL;
}

void probes_close(struct probes *p)
{
	if (!p)
		return;
	probes_detach(p);
	ring_buffer__free(p->rb);
	probes_bpf__destroy(p->skel);
	free(p);
}

int probes_fd(const struct probes *p)
{
	return ring_buffer__epoll_fd(p->rb);
}

int probes_consume(struct probes *p, unsigned int max_records)
{
	int n;

	if (p->ticks)
		flush_ticks_check(p->ticks);
	p->budget = max_records;
	p->taken = 0;
	n = ring_buffer__consume(p->rb);
	if (n == BUDGET_SPENT)	/* only on_record() returns it */
		n = p->taken;
	p->budget = 0;
	return n;
}

int probes_poll(struct probes *p, int timeout_ms)
{
	int n = ring_buffer__poll(p->rb, timeout_ms);

	if (n < 0 && n != -EINTR)
		return n;
	/* Records below the wakeup backlog raise no epoll event. */
	return probes_consume(p, 0);
}

void probes_detach(struct probes *p)
{
	flush_ticks_close(p->ticks);
	p->ticks = NULL;
	if (p->skel)
		probes_bpf__detach(p->skel);
}

static void filters_changed(struct probes *p)
{
	/* Threads re-decide when they see a new generation. */
	__atomic_add_fetch(&p->skel->data->filter_gen, 1, __ATOMIC_RELEASE);
}

int probes_ignore_comm(struct probes *p, const char *comm)
{
	char key[LLMOS_REC_COMM_LEN] = { 0 };
	uint8_t one = 1;

	/* The kernel keeps the first 15 bytes, NUL-padded. */
	strncpy(key, comm, sizeof(key) - 1);
	if (bpf_map__update_elem(p->skel->maps.ignored_comms, key, sizeof(key),
				 &one, sizeof(one), BPF_ANY))
		return -errno;
	filters_changed(p);
	return 0;
}

int probes_ignore_cgroup(struct probes *p, uint64_t cgroup_id)
{
	uint8_t one = 1;

	if (bpf_map__update_elem(p->skel->maps.ignored_cgroups, &cgroup_id,
				 sizeof(cgroup_id), &one, sizeof(one),
				 BPF_NOEXIST))
		return errno == EEXIST ? 0 : -errno;
	/* The probes skip the cgroup walk while this is 0. */
	__atomic_add_fetch(&p->skel->bss->nr_ignored_cgroups, 1,
			   __ATOMIC_RELEASE);
	filters_changed(p);
	return 0;
}

void probes_set_sampling(struct probes *p, uint32_t every)
{
	p->skel->data->sample_every = every ? every : 1;
	filters_changed(p);
}

int probes_read_drops(struct probes *p, uint64_t drops[LLMOS_DROP_NR])
{
	uint64_t percpu[p->ncpus];

	for (uint32_t cause = 0; cause < LLMOS_DROP_NR; cause++) {
		if (bpf_map__lookup_elem(p->skel->maps.drops, &cause,
					 sizeof(cause), percpu, sizeof(percpu),
					 0))
			return -errno;
		drops[cause] = 0;
		for (int cpu = 0; cpu < p->ncpus; cpu++)
			drops[cause] += percpu[cpu];
	}
	return 0;
}
