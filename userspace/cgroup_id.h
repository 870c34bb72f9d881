/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cgroup v2 paths, as /proc/PID/cgroup shows them after "0::", to the ids
 * the probes compare (the kernel's cgroup_id(): the cgroup directory's
 * kernfs node id, which is also its file handle).
 */
#ifndef LLMOS_USERSPACE_CGROUP_ID_H
#define LLMOS_USERSPACE_CGROUP_ID_H

#include <stddef.h>
#include <stdint.h>

/*
 * Where the cgroup v2 hierarchy is mounted: /sys/fs/cgroup (unified) or,
 * on a hybrid system, /sys/fs/cgroup/unified. Returns the path, or NULL
 * with errno ENOENT when neither is a cgroup2 file system.
 */
const char *cgroup2_mount(void);

/*
 * The id of the cgroup at path (absolute, not "/", no "." or ".."
 * component) under the hierarchy mounted at mount. 0, or -EINVAL for a
 * path refused as above, -ENOENT, -ENOTDIR, or another -errno.
 */
int cgroup_id_of(const char *mount, const char *path, uint64_t *id);

#endif /* LLMOS_USERSPACE_CGROUP_ID_H */
