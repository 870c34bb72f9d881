// SPDX-License-Identifier: GPL-2.0
/*
 * Process injection through ptrace: attach to another process (a forked
 * victim holding a secret), read its memory map, its registers and the
 * secret with PTRACE_PEEKDATA, overwrite it with PTRACE_POKEDATA, detach.
 * Succeeds when the secret was read and the victim saw its memory change.
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SECRET "victim-secret-4f1c9b2e"
#define PATCH "owned-by-ptrace-000000"

/* Same address in the victim: it is a fork of this process. */
static volatile char secret[32] = SECRET;

/* Waits up to 10 s for its memory to be patched behind its back. */
static noreturn void victim(void)
{
	const struct timespec tick = { .tv_nsec = 10 * 1000 * 1000 };

	for (int i = 0; i < 1000; i++) {
		if (secret[0] == PATCH[0]) {
			printf("ptrace: victim %d found \"%s\" in its memory\n",
			       (int)getpid(), (const char *)secret);
			fflush(stdout);
			_exit(0);
		}
		nanosleep(&tick, NULL);
	}
	_exit(1);
}

static void read_maps(pid_t pid)
{
	char path[64], buf[8192];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		attack_die(path);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
}

int main(void)
{
	char stolen[sizeof(secret)] = "";
	struct user_regs_struct regs;
	int status;
	pid_t pid;

	attack_announce("ptrace", getpid());
	pid = fork();
	if (pid < 0)
		attack_die("fork");
	if (pid == 0)
		victim();

	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) < 0)
		attack_die("PTRACE_ATTACH");
	if (waitpid(pid, &status, 0) < 0 || !WIFSTOPPED(status))
		attack_die("waitpid after attach");
	read_maps(pid);
	if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) < 0)
		attack_die("PTRACE_GETREGS");
	for (size_t i = 0; i < sizeof(secret); i += sizeof(long)) {
		long word;

		errno = 0;
		word = ptrace(PTRACE_PEEKDATA, pid, (char *)secret + i, NULL);
		if (errno)
			attack_die("PTRACE_PEEKDATA");
		memcpy(stolen + i, &word, sizeof(word));
	}
	stolen[sizeof(stolen) - 1] = '\0';
	printf("ptrace: read \"%s\" from victim %d (rip %#llx)\n", stolen,
	       (int)pid, (unsigned long long)regs.rip);
	for (size_t i = 0; i < sizeof(PATCH); i += sizeof(long)) {
		long word = 0;

		memcpy(&word, PATCH + i,
		       sizeof(PATCH) - i < sizeof(long) ? sizeof(PATCH) - i : sizeof(long));
		if (ptrace(PTRACE_POKEDATA, pid, (char *)secret + i, word) < 0)
			attack_die("PTRACE_POKEDATA");
	}
	if (ptrace(PTRACE_DETACH, pid, NULL, NULL) < 0)
		attack_die("PTRACE_DETACH");
	fflush(stdout);
	if (waitpid(pid, &status, 0) < 0)
		attack_die("waitpid");
	return strcmp(stolen, SECRET) || !WIFEXITED(status) ||
	       WEXITSTATUS(status);
}
