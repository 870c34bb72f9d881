/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The probes' flush timer: a cpu-clock perf event on every online CPU, each
 * running the BPF tick program (bpf/probes.bpf.c, llmos_tick), which sends a
 * CPU's pending syscall ids and a long runner's sched record.
 *
 * It survives CPU hotplug. The kernel detaches a CPU's perf events when the
 * CPU goes down and does not bring them back when it comes up
 * (perf_event_exit_cpu_context() in kernel/events/core.c), and a CPU offline
 * at start has none; without its tick a CPU's records wait for its next
 * switch. flush_ticks_check() gives a tick to every online CPU without a
 * live one, telling a detached event by its enabled time, which stops.
 */
#ifndef LLMOS_USERSPACE_FLUSH_TICKS_H
#define LLMOS_USERSPACE_FLUSH_TICKS_H

#include <stdint.h>

struct bpf_program;
struct flush_ticks;

/* Attaches prog on every online CPU; NULL with errno set. */
struct flush_ticks *flush_ticks_open(struct bpf_program *prog, int ncpus,
				     uint64_t period_ns);
/*
 * Looks at most once a second (otherwise a clock read) and attaches where a
 * tick is missing; failures go to stderr.
 */
void flush_ticks_check(struct flush_ticks *t);
/* Detaches and frees; NULL is fine. */
void flush_ticks_close(struct flush_ticks *t);

#endif /* LLMOS_USERSPACE_FLUSH_TICKS_H */
