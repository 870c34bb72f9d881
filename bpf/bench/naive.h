/* SPDX-License-Identifier: GPL-2.0 */
/* The naive benchmark probe's record, one per syscall. */
#ifndef LLMOS_BPF_NAIVE_H
#define LLMOS_BPF_NAIVE_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

struct naive_rec {
	__u64 time_ns;
	__u32 tgid;
	__u32 tid;
	__s64 id;
	char comm[16];
};

#endif /* LLMOS_BPF_NAIVE_H */
