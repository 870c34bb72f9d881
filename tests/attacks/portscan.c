// SPDX-License-Identifier: GPL-2.0
/*
 * Port scan: non-blocking TCP connects to the first 1024 ports of
 * 127.0.0.1 and to well-known service ports above them, 64 at a time,
 * grabbing a banner from whatever answers. Prints the open ports.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 64

static const int extra_ports[] = { 1433, 2375, 3306, 3389, 5432, 5900, 6379,
				   8000, 8080, 8443, 9200, 11211, 27017 };

static int probe(int port)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	if (fd < 0)
		attack_die("socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 &&
	    errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Waits for a batch of connects; returns how many were open. */
static int harvest(int *fds, const int *ports, int n)
{
	struct pollfd pfd[BATCH];
	int open_ports = 0;

	for (int i = 0; i < n; i++)
		pfd[i] = (struct pollfd){ .fd = fds[i], .events = POLLOUT };
	poll(pfd, (nfds_t)n, 500);
	for (int i = 0; i < n; i++) {
		int err = 1;
		socklen_t len = sizeof(err);
		char banner[128];

		if (fds[i] < 0)
			continue;
		if ((pfd[i].revents & POLLOUT) &&
		    getsockopt(fds[i], SOL_SOCKET, SO_ERROR, &err, &len) == 0 &&
		    err == 0) {
			ssize_t got = recv(fds[i], banner, sizeof(banner), 0);

			printf("portscan: 127.0.0.1:%d open%s\n", ports[i],
			       got > 0 ? " (banner)" : "");
			open_ports++;
		}
		close(fds[i]);
	}
	return open_ports;
}

int main(void)
{
	int fds[BATCH], ports[BATCH];
	int n = 0, probed = 0, open_ports = 0;
	const int last = 1024 + (int)ARRAY_SIZE(extra_ports);

	attack_announce("portscan", getpid());
	for (int i = 1; i <= last; i++) {
		ports[n] = i <= 1024 ? i : extra_ports[i - 1025];
		fds[n] = probe(ports[n]);
		n++;
		probed++;
		if (n == BATCH || i == last) {
			open_ports += harvest(fds, ports, n);
			n = 0;
		}
	}
	printf("portscan: %d ports probed, %d open\n", probed, open_ports);
	return 0;
}
