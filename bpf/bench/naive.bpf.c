// SPDX-License-Identifier: GPL-2.0
/*
 * The baseline of the probe-overhead benchmark only: one ring-buffer record
 * per syscall, as Falco- or Tracee-style tracers do, with what such a record
 * usually carries (time, ids, syscall number, comm). Never used by llmosd.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "naive.h"

char LICENSE[] SEC("license") = "GPL";

__u32 consumer_tgid;	/* its own syscalls are not recorded */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} naive_events SEC(".maps");

__u64 naive_drops;

SEC("tp_btf/sys_enter")
int BPF_PROG(naive_sys_enter, struct pt_regs *regs, long id)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct naive_rec *r;

	if (pid_tgid >> 32 == consumer_tgid)
		return 0;
	r = bpf_ringbuf_reserve(&naive_events, sizeof(*r), 0);
	if (!r) {
		__sync_fetch_and_add(&naive_drops, 1);
		return 0;
	}
	r->time_ns = bpf_ktime_get_ns();
	r->tgid = pid_tgid >> 32;
	r->tid = (__u32)pid_tgid;
	r->id = id;
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	bpf_ringbuf_submit(r, 0);
	return 0;
}
