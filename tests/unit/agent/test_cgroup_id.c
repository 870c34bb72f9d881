// SPDX-License-Identifier: GPL-2.0
/*
 * Cgroup paths to ids: paths refused before any lookup, a missing cgroup,
 * and a real cgroup's id, which must be its kernfs inode number.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_id.h"

static char dir[] = "/tmp/llmos-cgroup-id.XXXXXX";

static int make_tree(void **state)
{
	char path[sizeof(dir) + 16];
	int fd;

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/a", dir);
	if (mkdir(path, 0700))
		return -1;
	snprintf(path, sizeof(path), "%s/file", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int remove_tree(void **state)
{
	char path[sizeof(dir) + 16];

	(void)state;
	snprintf(path, sizeof(path), "%s/a", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/file", dir);
	unlink(path);
	return rmdir(dir);
}

static void test_refused_paths(void **state)
{
	static const char *const bad[] = {
		"", "/", "//", "a", "a/b", "/a/..", "/a/../a", "/./a", "/a/.",
		"../a",
	};
	uint64_t id = 42;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(cgroup_id_of(dir, bad[i], &id), -EINVAL);
		assert_int_equal(id, 42);
	}
}

static void test_missing_and_not_a_directory(void **state)
{
	uint64_t id = 42;

	(void)state;
	assert_int_equal(cgroup_id_of(dir, "/missing", &id), -ENOENT);
	assert_int_equal(cgroup_id_of(dir, "/a/missing", &id), -ENOENT);
	assert_int_equal(cgroup_id_of(dir, "/file", &id), -ENOTDIR);
	assert_int_equal(id, 42);
}

/* A child cgroup of the hierarchy's root, "" if it has none. */
static void first_child(const char *mount, char *name, size_t len)
{
	DIR *d = opendir(mount);
	struct dirent *e;

	name[0] = 0;
	if (!d)
		return;
	while ((e = readdir(d)))
		if (e->d_type == DT_DIR && e->d_name[0] != '.') {
			snprintf(name, len, "/%s", e->d_name);
			break;
		}
	closedir(d);
}

static void test_id_is_the_kernfs_node(void **state)
{
	const char *mount = cgroup2_mount();
	char name[NAME_MAX + 2], path[PATH_MAX];
	struct stat st;
	uint64_t id = 0;

	(void)state;
	if (!mount) {
		printf("# no cgroup v2 hierarchy here: skipping\n");
		skip();
	}
	first_child(mount, name, sizeof(name));
	if (!name[0]) {
		printf("# %s has no child cgroup: skipping\n", mount);
		skip();
	}
	snprintf(path, sizeof(path), "%s%s", mount, name);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(cgroup_id_of(mount, name, &id), 0);
	/* On 64 bits kernfs numbers its inodes with the node id. */
	assert_int_equal(id, st.st_ino);
	/* Trailing and doubled slashes name the same cgroup. */
	snprintf(path, sizeof(path), "/%s/", name);
	id = 0;
	assert_int_equal(cgroup_id_of(mount, path, &id), 0);
	assert_int_equal(id, st.st_ino);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_paths),
		cmocka_unit_test(test_missing_and_not_a_directory),
		cmocka_unit_test(test_id_is_the_kernfs_node),
	};

	return cmocka_run_group_tests(tests, make_tree, remove_tree);
}
