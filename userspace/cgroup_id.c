// SPDX-License-Identifier: GPL-2.0
/* Cgroup v2 paths to cgroup ids (cgroup_id.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "cgroup_id.h"

/* Where systemd (and so most distributions) mounts it, unified first. */
static const char *const mounts[] = {
	"/sys/fs/cgroup",
	"/sys/fs/cgroup/unified",
};

const char *cgroup2_mount(void)
{
	struct statfs st;

	for (size_t i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++)
		if (!statfs(mounts[i], &st) &&
		    st.f_type == CGROUP2_SUPER_MAGIC)
			return mounts[i];
	errno = ENOENT;
	return NULL;
}

/* An absolute path below the root, without "." or ".." components. */
static bool path_ok(const char *path)
{
	const char *c = path;

	if (path[0] != '/' || !path[strspn(path, "/")])
		return false;
	while (*c) {
		size_t n;

		c += strspn(c, "/");
		n = strcspn(c, "/");
		if ((n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n;
	}
	return true;
}

int cgroup_id_of(const char *mount, const char *path, uint64_t *id)
{
	union {
		struct file_handle fh;
		char room[sizeof(struct file_handle) + sizeof(uint64_t)];
	} h = { .fh.handle_bytes = sizeof(uint64_t) };
	char full[PATH_MAX];
	struct stat st;
	int mount_id;

	if (!path_ok(path))
		return -EINVAL;
	if ((size_t)snprintf(full, sizeof(full), "%s%s", mount, path) >=
	    sizeof(full))
		return -ENAMETOOLONG;
	if (stat(full, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	/* kernfs hands out its node id as an 8-byte handle. */
	if (name_to_handle_at(AT_FDCWD, full, &h.fh, &mount_id, 0))
		return -errno;
	if (h.fh.handle_bytes != sizeof(uint64_t))
		return -EOPNOTSUPP;
	memcpy(id, h.fh.f_handle, sizeof(*id));
	return 0;
}
