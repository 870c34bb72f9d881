// SPDX-License-Identifier: GPL-2.0
/*
 * sched-io: an I/O-heavy job. In the test kernel every file is in memory
 * (initramfs, tmpfs), so "I/O-heavy" means what a syscall-sequence model
 * and the scheduler see of one: long runs of write/fsync/read syscalls
 * on a file, and a short blocking wait after each flush and each read-back
 * (standing in for the device), so that it sleeps often, unlike a hog.
 *
 *   sched-io [-w WARMUP_S] [-d DURATION_S] [-s SIZE_KIB] [FILE]
 *
 * Rewrites FILE (default sched-io.dat, removed at the end) in 64 KiB
 * writes, fsyncs, waits, reads it back, waits, and again, until
 * DURATION_S after the warm-up or SIGTERM/SIGINT; then prints one line
 * "kib=N cpu_us=N": KiB written and read after the warm-up, and the
 * process's CPU time (user and system) spent on them.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "work.h"

#define CHUNK (64 * 1024)
/* The stand-in for device latency after a flush and after a read-back. */
#define WAIT_NS 1000000L

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: sched-io [-w WARMUP_S] [-d DURATION_S] [-s SIZE_KIB] [FILE]\n");
	exit(2);
}

static void device_wait(void)
{
	struct timespec ts = { .tv_nsec = WAIT_NS };

	nanosleep(&ts, NULL);
}

/* One pass over the file in CHUNK pieces; returns -1 on error. */
static int pass(int fd, char *buf, size_t size, int writing)
{
	for (size_t off = 0; off < size; off += CHUNK) {
		ssize_t n = writing ? pwrite(fd, buf, CHUNK, off) :
				      pread(fd, buf, CHUNK, off);

		if (n != CHUNK) {
			if (n >= 0)
				errno = EIO;
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	uint64_t warmup = 0, duration = 0, size = 1024, start, end, t;
	uint64_t kib = 0, cpu_ns = 0, cpu0;
	const char *path = "sched-io.dat";
	static char buf[CHUNK];
	int c, fd, rc = 0;

	while ((c = getopt(argc, argv, "w:d:s:")) != -1) {
		switch (c) {
		case 'w':
			warmup = arg_u64(optarg, usage) * 1000000000ULL;
			break;
		case 'd':
			duration = arg_u64(optarg, usage) * 1000000000ULL;
			break;
		case 's':
			size = arg_u64(optarg, usage);
			break;
		default:
			usage();
		}
	}
	if (optind < argc)
		path = argv[optind++];
	if (optind != argc || !size || size * 1024 % CHUNK)
		usage();
	size *= 1024;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	memset(buf, 0x5a, sizeof(buf));
	start = now_ns() + warmup;
	end = duration ? start + duration : UINT64_MAX;
	do {
		cpu0 = cpu_time_ns();
		if (pass(fd, buf, size, 1) || fsync(fd)) {
			rc = 1;
			break;
		}
		device_wait();
		if (pass(fd, buf, size, 0)) {
			rc = 1;
			break;
		}
		device_wait();
		t = now_ns();
		if (t >= start && t < end) {
			kib += 2 * size / 1024;
			cpu_ns += cpu_time_ns() - cpu0;
		}
	} while (t < end && !stop);

	if (rc)
		perror(path);
	close(fd);
	unlink(path);
	printf("kib=%llu cpu_us=%llu\n", (unsigned long long)kib,
	       (unsigned long long)(cpu_ns / 1000));
	return rc;
}
