/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The processes that exited last, by (tgid, start_time): the pipeline asks
 * it before it makes an entry for a process it does not know, so that the
 * records which follow a process's EXIT do not make the dead process anew.
 *
 * They come from the probes: the EXIT goes out with the first thread that
 * reaches the exit tracepoint after the last one left signal->live, while
 * a thread that left it earlier may still be on its way there (exit_mm:
 * robust futexes, the address space's teardown) and sends its last
 * batch and sched record after the EXIT.
 */
#ifndef LLMOS_USERSPACE_EXITED_H
#define LLMOS_USERSPACE_EXITED_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Exits remembered. A late record trails its EXIT by the rest of another
 * thread's exit path: milliseconds, more only to tear down a large address
 * space. 4096 exits are 100 ms at 40,000 exits a second; a record of an
 * exit older than the last 4096 makes an adopted entry, as without this.
 */
#define EXITED_KEEP 4096

struct exited;

/* NULL if out of memory. */
struct exited *exited_new(void);
void exited_free(struct exited *x);
/* Remember an exit, forgetting the oldest of EXITED_KEEP. */
void exited_add(struct exited *x, uint32_t tgid, uint64_t start_time);
bool exited_has(const struct exited *x, uint32_t tgid, uint64_t start_time);

#endif /* LLMOS_USERSPACE_EXITED_H */
