// SPDX-License-Identifier: GPL-2.0
/*
 * Privilege escalation attempts from an unprivileged uid: a process that
 * runs as nobody (it drops there itself when started as root) enumerates
 * its credentials and setuid programs, then tries to become root through
 * set*id, capset, ambient capabilities, writable system files, a setuid
 * bit and module loading, and finally gets root in a user namespace.
 * Prints one line per attempt; succeeds when every attempt ran.
 */
#include "common.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NOBODY 65534

static int escalated;

static void report(const char *what, int rc)
{
	if (rc < 0) {
		printf("privesc: %s: denied (%s)\n", what, strerror(errno));
	} else {
		printf("privesc: %s: ALLOWED\n", what);
		escalated = 1;
	}
}

static void try_open(const char *path, int flags)
{
	char what[300];
	int fd = open(path, flags | O_CLOEXEC, 0644);

	snprintf(what, sizeof(what), "open %s for %s", path,
		 (flags & O_ACCMODE) == O_RDONLY ? "reading" : "writing");
	report(what, fd);
	if (fd >= 0)
		close(fd);
}

/* Counts setuid-root programs, the usual first step of an exploit. */
static int find_setuid(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int found = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		struct stat st;

		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && (st.st_mode & S_ISUID))
			found++;
	}
	closedir(d);
	return found;
}

/* Maps uid 0 of the new user namespace onto our own uid. */
static int map_root(const char *path)
{
	char map[32];
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int len = snprintf(map, sizeof(map), "0 %d 1\n", NOBODY);
	int rc = fd < 0 || write(fd, map, (size_t)len) != len ? -1 : 0;

	if (fd >= 0)
		close(fd);
	return rc;
}

static void show_status(void)
{
	char buf[4096], *line;
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (!strncmp(line, "Uid:", 4) || !strncmp(line, "CapEff:", 7))
			printf("privesc: %s\n", line);
}

int main(void)
{
	static const char *const bindirs[] = { "/bin", "/sbin", "/usr/bin",
					       "/usr/sbin" };
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct caps[2];
	int setuid_progs = 0;

	attack_announce("privesc", getpid());
	if (geteuid() == 0 &&
	    (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
	     setresuid(NOBODY, NOBODY, NOBODY) < 0 ||
	     /* The uid change gave /proc/self to root: take it back. */
	     prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0))
		attack_die("dropping to nobody");
	show_status();
	for (size_t i = 0; i < ARRAY_SIZE(bindirs); i++)
		setuid_progs += find_setuid(bindirs[i]);
	printf("privesc: %d setuid programs\n", setuid_progs);

	report("setuid(0)", setuid(0));
	report("setgid(0)", setgid(0));
	report("setresuid(0, 0, 0)", setresuid(0, 0, 0));
	report("setresgid(0, 0, 0)", setresgid(0, 0, 0));
	report("setreuid(0, 0)", setreuid(0, 0));
	report("setgroups([0])", setgroups(1, (gid_t[]){ 0 }));
	memset(caps, 0xff, sizeof(caps));
	report("capset(all)", (int)syscall(SYS_capset, &hdr, caps));
	report("ambient CAP_SYS_ADMIN",
	       prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SYS_ADMIN, 0, 0));
	try_open("/etc/shadow", O_RDONLY);
	try_open("/etc/passwd", O_WRONLY | O_APPEND);
	try_open("/etc/sudoers", O_WRONLY | O_APPEND | O_CREAT);
	try_open("/root/.ssh/authorized_keys", O_WRONLY | O_APPEND | O_CREAT);
	report("chmod u+s /bin/busybox", chmod("/bin/busybox", 04755));
	report("finit_module", (int)syscall(SYS_finit_module, 0, "", 0));
	show_status();

	/*
	 * Root inside a new user namespace, as kernel exploits set up: a
	 * larger attack surface, not an escalation outside it.
	 */
	if (unshare(CLONE_NEWUSER) == 0 && map_root("/proc/self/uid_map") == 0)
		printf("privesc: user namespace: ok, uid %d inside it\n",
		       (int)getuid());
	else
		printf("privesc: user namespace: denied (%s)\n", strerror(errno));
	printf("privesc: %s\n", escalated ? "ESCALATED" : "every attempt denied");
	return 0;
}
