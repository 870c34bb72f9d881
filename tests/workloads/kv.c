// SPDX-License-Identifier: GPL-2.0
/*
 * Client of wl-kvd for the normal workload: a seeded mix of SET, GET, DEL,
 * STATS and SAVE requests over a few connections, checking that every GET
 * of a key it just set returns what it stored. Keys carry the client's pid
 * so that concurrent clients do not overwrite each other's.
 *
 *   wl-kv PORT SEED REQUESTS
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static unsigned long long rng;

static unsigned int next(unsigned int n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(rng >> 33) % n;
}

static int dial(int port)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	const struct timespec wait = { .tv_nsec = 50 * 1000 * 1000 };

	/* The server may still be starting. */
	for (int tries = 0; tries < 100; tries++) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		if (fd < 0)
			break;
		if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0)
			return fd;
		close(fd);
		nanosleep(&wait, NULL);
	}
	fprintf(stderr, "wl-kv: cannot connect to port %d: %s\n", port,
		strerror(errno));
	exit(1);
}

/* One request, one reply line. */
static void call(FILE *io, const char *req, char *reply, size_t size)
{
	if (fputs(req, io) == EOF || fflush(io) == EOF ||
	    !fgets(reply, (int)size, io)) {
		fprintf(stderr, "wl-kv: server hung up\n");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	static const char *const words[] = { "user", "session", "cart",
					     "config", "cache", "job" };
	char req[512], reply[512], want[300];
	unsigned long hits = 0;
	int port, requests;
	FILE *io = NULL;

	if (argc != 4) {
		fprintf(stderr, "usage: wl-kv PORT SEED REQUESTS\n");
		return 2;
	}
	port = atoi(argv[1]);
	rng = strtoull(argv[2], NULL, 10);
	requests = atoi(argv[3]);
	for (int i = 0; i < requests; i++) {
		const char *w = words[next(6)];
		unsigned int id = next(200), op = next(100);

		if (!io || next(40) == 0) {
			if (io)
				fclose(io);
			io = fdopen(dial(port), "r+");
			if (!io)
				return 1;
		}
		if (op < 45) {
			snprintf(want, sizeof(want), "%s-%u-%u", w, id, next(100000));
			snprintf(req, sizeof(req), "SET %s:%d:%u %s\n", w, (int)getpid(), id, want);
			call(io, req, reply, sizeof(reply));
			snprintf(req, sizeof(req), "GET %s:%d:%u\n", w, (int)getpid(), id);
			call(io, req, reply, sizeof(reply));
			if (strncmp(reply, "VALUE ", 6) || strncmp(reply + 6, want, strlen(want))) {
				fprintf(stderr, "wl-kv: GET %s:%u gave %s", w, id, reply);
				return 1;
			}
			hits++;
		} else if (op < 80) {
			snprintf(req, sizeof(req), "GET %s:%d:%u\n", w, (int)getpid(), id);
			call(io, req, reply, sizeof(reply));
		} else if (op < 95) {
			snprintf(req, sizeof(req), "DEL %s:%d:%u\n", w, (int)getpid(), id);
			call(io, req, reply, sizeof(reply));
		} else if (op < 98) {
			call(io, "STATS\n", reply, sizeof(reply));
		} else {
			call(io, "SAVE\n", reply, sizeof(reply));
		}
	}
	if (io)
		fclose(io);
	printf("wl-kv: %d requests, %lu checked writes\n", requests, hits);
	return 0;
}
