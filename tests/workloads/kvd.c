// SPDX-License-Identifier: GPL-2.0
/*
 * A small key-value service for the normal workload: a poll() loop over a
 * loopback listener and its clients, a line protocol, an append-only log
 * rotated by size, and a snapshot written through a temporary file and a
 * rename on SAVE and on SIGTERM. The syscall pattern of a typical daemon.
 *
 *   wl-kvd PORT DIR
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 2048
#define MAX_CLIENTS 16
#define LOG_LIMIT (32 * 1024)

struct entry {
	char key[64];
	char value[256];
};

struct client {
	int fd;
	size_t len;
	char buf[512];
};

static struct entry table[SLOTS];
static struct client clients[MAX_CLIENTS];
static const char *dir;
static int log_fd = -1;
static long log_size;
static unsigned long ops;
static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void die(const char *what)
{
	fprintf(stderr, "wl-kvd: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned int slot_of(const char *key)
{
	unsigned int h = 2166136261u;

	while (*key)
		h = (h ^ (unsigned char)*key++) * 16777619u;
	return h % SLOTS;
}

/* Open addressing; returns the entry of key or the free slot for it. */
static struct entry *lookup(const char *key)
{
	unsigned int i = slot_of(key);

	for (int n = 0; n < SLOTS; n++, i = (i + 1) % SLOTS)
		if (!table[i].key[0] || !strcmp(table[i].key, key))
			return &table[i];
	return NULL;
}

static void path_of(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

/* kv.log -> kv.log.1 -> kv.log.2 -> kv.log.3 (dropped). */
static void rotate_log(void)
{
	char from[4096], to[4096];

	if (log_fd >= 0)
		close(log_fd);
	for (int i = 2; i >= 0; i--) {
		char name[32];

		snprintf(name, sizeof(name), i ? "kv.log.%d" : "kv.log", i);
		path_of(from, sizeof(from), name);
		snprintf(name, sizeof(name), "kv.log.%d", i + 1);
		path_of(to, sizeof(to), name);
		if (rename(from, to) < 0 && errno != ENOENT)
			die("rename");
	}
	path_of(from, sizeof(from), "kv.log.3");
	unlink(from);
	path_of(from, sizeof(from), "kv.log");
	log_fd = open(from, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (log_fd < 0)
		die("open log");
	log_size = 0;
}

static void log_op(const char *op, const struct entry *e)
{
	struct timespec ts;
	char line[512];
	int n;

	clock_gettime(CLOCK_REALTIME, &ts);
	n = snprintf(line, sizeof(line), "%lld.%03ld %s %s %s\n",
		     (long long)ts.tv_sec, ts.tv_nsec / 1000000, op, e->key,
		     e->value);
	if (write(log_fd, line, (size_t)n) != n)
		die("write log");
	log_size += n;
	if (log_size > LOG_LIMIT)
		rotate_log();
}

static int save(void)
{
	char tmp[4096], snap[4096];
	int n = 0;
	FILE *f;

	path_of(tmp, sizeof(tmp), "kv.snap.tmp");
	path_of(snap, sizeof(snap), "kv.snap");
	f = fopen(tmp, "w");
	if (!f)
		die("fopen snapshot");
	for (int i = 0; i < SLOTS; i++) {
		if (table[i].key[0] && table[i].value[0]) {
			fprintf(f, "%s\t%s\n", table[i].key, table[i].value);
			n++;
		}
	}
	if (fflush(f) || fsync(fileno(f)) || fclose(f) || rename(tmp, snap))
		die("write snapshot");
	return n;
}

/* Handles one request line; returns the reply's length in out. */
static int handle(char *line, char *out, size_t size)
{
	char *cmd = strtok(line, " "), *key = strtok(NULL, " ");
	char *value = strtok(NULL, "");
	struct entry *e = key ? lookup(key) : NULL;

	ops++;
	if (!cmd)
		return snprintf(out, size, "ERR empty\n");
	if (!strcmp(cmd, "STATS"))
		return snprintf(out, size, "STATS ops=%lu\n", ops);
	if (!strcmp(cmd, "SAVE"))
		return snprintf(out, size, "OK %d\n", save());
	if (!e)
		return snprintf(out, size, "ERR %s\n", key ? "full" : "no key");
	if (!strcmp(cmd, "GET"))
		return e->value[0] ? snprintf(out, size, "VALUE %s\n", e->value) :
				     snprintf(out, size, "NOTFOUND\n");
	if (!strcmp(cmd, "SET") && value) {
		snprintf(e->key, sizeof(e->key), "%s", key);
		snprintf(e->value, sizeof(e->value), "%s", value);
		log_op("SET", e);
		return snprintf(out, size, "OK\n");
	}
	if (!strcmp(cmd, "DEL")) {
		int found = e->value[0] != '\0';

		/* The key stays as a tombstone so that probing still works. */
		if (found) {
			e->value[0] = '\0';
			log_op("DEL", e);
		}
		return snprintf(out, size, found ? "OK\n" : "NOTFOUND\n");
	}
	return snprintf(out, size, "ERR unknown command\n");
}

/* Reads from a client and answers every complete line; 0 on hang-up. */
static int serve(struct client *c)
{
	ssize_t n = read(c->fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len);
	char *nl;

	if (n <= 0)
		return 0;
	c->len += (size_t)n;
	c->buf[c->len] = '\0';
	while ((nl = strchr(c->buf, '\n'))) {
		char reply[512];
		int len;

		*nl = '\0';
		len = handle(c->buf, reply, sizeof(reply));
		if (write(c->fd, reply, (size_t)len) != len)
			return 0;
		c->len -= (size_t)(nl + 1 - c->buf);
		memmove(c->buf, nl + 1, c->len + 1);
	}
	return c->len < sizeof(c->buf) - 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_term };
	struct sockaddr_in addr = { .sin_family = AF_INET };
	struct pollfd pfd[MAX_CLIENTS + 1];
	int one = 1, lfd;

	if (argc != 3) {
		fprintf(stderr, "usage: wl-kvd PORT DIR\n");
		return 2;
	}
	dir = argv[2];
	addr.sin_port = htons((uint16_t)atoi(argv[1]));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    listen(lfd, 16) < 0)
		die("listen");
	rotate_log();
	for (int i = 0; i < MAX_CLIENTS; i++)
		clients[i].fd = -1;

	while (!stop) {
		pfd[0] = (struct pollfd){ .fd = lfd, .events = POLLIN };
		for (int i = 0; i < MAX_CLIENTS; i++)
			pfd[i + 1] = (struct pollfd){ .fd = clients[i].fd,
						      .events = POLLIN };
		if (poll(pfd, MAX_CLIENTS + 1, 1000) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		for (int i = 0; i < MAX_CLIENTS; i++) {
			if (pfd[i + 1].revents && !serve(&clients[i])) {
				close(clients[i].fd);
				clients[i].fd = -1;
			}
		}
		if (pfd[0].revents & POLLIN) {
			int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

			for (int i = 0; fd >= 0 && i < MAX_CLIENTS; i++) {
				if (clients[i].fd < 0) {
					clients[i] = (struct client){ .fd = fd };
					fd = -1;
				}
			}
			if (fd >= 0)
				close(fd);
		}
	}
	printf("wl-kvd: %lu requests, %d keys saved\n", ops, save());
	return 0;
}
