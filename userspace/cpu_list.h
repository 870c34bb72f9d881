/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's CPU list format ("0-3,5,7-8\n"), as in
 * /sys/devices/system/cpu/online (Documentation/ABI/testing/
 * sysfs-devices-system-cpu).
 */
#ifndef LLMOS_USERSPACE_CPU_LIST_H
#define LLMOS_USERSPACE_CPU_LIST_H

#include <stdbool.h>

/*
 * Sets in[cpu] for every CPU the list names, clears the others of
 * in[0..ncpus-1]. -EINVAL if the text is not a CPU list or names a CPU of
 * ncpus or above.
 */
int cpu_list_parse(const char *text, bool *in, int ncpus);
/* The same, read from a file (the online CPUs: CPU_LIST_ONLINE); -errno. */
int cpu_list_read(const char *path, bool *in, int ncpus);

#define CPU_LIST_ONLINE "/sys/devices/system/cpu/online"

#endif /* LLMOS_USERSPACE_CPU_LIST_H */
