// SPDX-License-Identifier: GPL-2.0
/*
 * Crypto-miner-like: lower its own priority, then burn CPU on a hash search
 * for a few seconds, beaconing to a loopback "pool" (a forked child) with
 * stratum-style JSON: subscribe, then a share every 250 ms. Succeeds when
 * the pool accepted shares.
 *
 *   attack-miner [SECONDS]
 */
#include "common.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* FNV-1a over the job and nonce, rounds of it: the "proof of work". */
static uint64_t hash(uint64_t job, uint64_t nonce)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ job;

	for (int r = 0; r < 16; r++) {
		h ^= nonce + (uint64_t)r;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The pool: answers every request line with a result line. */
static noreturn void pool(int lfd)
{
	char buf[4096];
	int shares = 0;
	ssize_t n;
	int fd = accept(lfd, NULL, NULL);

	if (fd < 0)
		attack_die("accept");
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		static const char ok[] = "{\"id\":1,\"result\":true,\"error\":null}\n";

		for (ssize_t i = 0; i < n; i++)
			shares += buf[i] == '\n';
		attack_write_all(fd, ok, sizeof(ok) - 1);
	}
	printf("miner: pool got %d requests\n", shares);
	fflush(stdout);
	_exit(shares > 1 ? 0 : 1);
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 3.0;
	uint64_t job = 0x5eed, nonce = 0, best = UINT64_MAX;
	struct sockaddr_in addr;
	int lfd, fd, status, shares = 0;
	char line[256], ack[256];
	double end, next;
	pid_t pid;

	attack_announce("miner", getpid());
	lfd = attack_listen(&addr);
	pid = fork();
	if (pid < 0)
		attack_die("fork");
	if (pid == 0)
		pool(lfd);
	close(lfd);
	setpriority(PRIO_PROCESS, 0, 19);

	fd = attack_connect(&addr);
	snprintf(line, sizeof(line),
		 "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"xmrig/6.21\"]}\n");
	attack_write_all(fd, line, strlen(line));
	if (read(fd, ack, sizeof(ack)) <= 0)
		attack_die("pool did not answer");
	end = now() + seconds;
	for (next = now() + 0.25; next < end; next += 0.25) {
		while (now() < next) {
			uint64_t h = hash(job, nonce++);

			if (h < best)
				best = h;
		}
		snprintf(line, sizeof(line),
			 "{\"id\":%d,\"method\":\"mining.submit\",\"params\":[\"%llx\",\"%016llx\"]}\n",
			 ++shares, (unsigned long long)nonce,
			 (unsigned long long)best);
		attack_write_all(fd, line, strlen(line));
		if (read(fd, ack, sizeof(ack)) <= 0)
			attack_die("pool went away");
		job++;
	}
	close(fd);
	printf("miner: %d shares, %llu hashes\n", shares,
	       (unsigned long long)nonce);
	fflush(stdout);
	if (waitpid(pid, &status, 0) < 0)
		attack_die("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
