// SPDX-License-Identifier: GPL-2.0
/* Loader of the benchmark's naive one-record-per-syscall probe. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "naive.h"
#include "naive.skel.h"
#include "../../../bpf/bench/naive.h"

struct naive {
	struct naive_bpf *skel;
	struct ring_buffer *rb;
	uint64_t sum;	/* touches every record, as a real consumer would */
};

static int on_record(void *ctx, void *data, size_t size)
{
	struct naive *n = ctx;
	const struct naive_rec *r = data;

	if (size >= sizeof(*r))
		n->sum += r->id + r->tgid;
	return 0;
}

struct naive *naive_open(size_t ring_bytes)
{
	struct naive *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->skel = naive_bpf__open();
	if (!n->skel)
		goto fail;
	n->skel->bss->consumer_tgid = getpid();
	if (bpf_map__set_max_entries(n->skel->maps.naive_events, ring_bytes) ||
	    naive_bpf__load(n->skel))
		goto fail;
	n->rb = ring_buffer__new(bpf_map__fd(n->skel->maps.naive_events),
				 on_record, n, NULL);
	if (!n->rb || naive_bpf__attach(n->skel))
		goto fail;
	return n;
fail:
	fprintf(stderr, "naive: cannot load or attach: %s\n", strerror(errno));
	naive_close(n);
	return NULL;
}

int naive_poll(struct naive *n, int timeout_ms)
{
	return ring_buffer__poll(n->rb, timeout_ms);
}

uint64_t naive_drops(const struct naive *n)
{
	return n->skel->bss->naive_drops;
}

void naive_close(struct naive *n)
{
	if (!n)
		return;
	ring_buffer__free(n->rb);
	naive_bpf__destroy(n->skel);
	free(n);
}
