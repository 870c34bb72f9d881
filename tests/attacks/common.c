// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by the attack programs. */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *attack_name = "attack";

void attack_announce(const char *name, pid_t pid)
{
	attack_name = name;
	printf("attack %s pid %d\n", name, (int)pid);
	fflush(stdout);
}

noreturn void attack_die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", attack_name, what, strerror(errno));
	exit(1);
}

int attack_listen(struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd;

	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		attack_die("socket");
	if (bind(fd, (struct sockaddr *)addr, sizeof(*addr)) < 0 ||
	    listen(fd, 4) < 0 ||
	    getsockname(fd, (struct sockaddr *)addr, &len) < 0)
		attack_die("listen");
	return fd;
}

int attack_connect(const struct sockaddr_in *addr)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		attack_die("socket");
	if (connect(fd, (const struct sockaddr *)addr, sizeof(*addr)) < 0)
		attack_die("connect");
	return fd;
}

void attack_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			attack_die("write");
		p += n;
		len -= (size_t)n;
	}
}
