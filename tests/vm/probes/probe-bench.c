// SPDX-License-Identifier: GPL-2.0
/*
 * Probe overhead: a getppid loop timed with no probes, with llmos's probes
 * and with the naive one-record-per-syscall probe. Configurations are
 * interleaved (their order rotates every round) and each round's times are
 * compared with that round's unprobed time, so that drift of the emulated
 * machine cancels; the medians over rounds are reported. The loop runs on
 * CPU 1 while this process drains the ring on CPU 0.
 *
 *   probe-bench [-n ITERATIONS] [-r ROUNDS]
 *
 * Prints a table, then one line "probes-json: {...}" for the host.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../../userspace/probes.h"
#include "naive.h"

#define RING_BYTES (8u << 20)
#define MAX_ROUNDS 64

enum config { CFG_NONE, CFG_LLMOS, CFG_NAIVE, CFG_NR };

static const char *const config_names[CFG_NR] = { "none", "llmos", "naive" };

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* The measured child: nanoseconds for iters getppid calls. */
static uint64_t loop(long iters)
{
	uint64_t t0;

	for (long i = 0; i < iters / 10; i++)
		syscall(SYS_getppid);
	t0 = now_ns();
	for (long i = 0; i < iters; i++)
		syscall(SYS_getppid);
	return now_ns() - t0;
}

static void count_event(const struct llmos_event *ev, void *ctx)
{
	*(uint64_t *)ctx += llmos_event_weight(ev);
}

struct consumer {
	struct probes *llmos;
	struct naive *naive;
	uint64_t events;
};

static int consumer_start(struct consumer *c, enum config cfg)
{
	struct probes_opts opts = { .ring_bytes = RING_BYTES };

	memset(c, 0, sizeof(*c));
	if (cfg == CFG_LLMOS)
		c->llmos = probes_open(&opts, count_event, &c->events);
	else if (cfg == CFG_NAIVE)
		c->naive = naive_open(RING_BYTES);
	return cfg == CFG_NONE || c->llmos || c->naive ? 0 : -1;
}

static void consumer_poll(struct consumer *c, int timeout_ms)
{
	if (c->llmos)
		probes_poll(c->llmos, timeout_ms);
	else if (c->naive)
		naive_poll(c->naive, timeout_ms);
	else
		usleep(timeout_ms * 1000);
}

/* Drains what is left and returns the events lost. */
static uint64_t consumer_stop(struct consumer *c)
{
	uint64_t drops[LLMOS_DROP_NR] = { 0 }, lost = 0;

	if (c->llmos) {
		probes_consume(c->llmos);
		probes_read_drops(c->llmos, drops);
		for (int i = 0; i < LLMOS_DROP_NR; i++)
			lost += drops[i];
		probes_close(c->llmos);
	}
	if (c->naive) {
		naive_poll(c->naive, 0);
		lost = naive_drops(c->naive);
		naive_close(c->naive);
	}
	return lost;
}

/* One timed loop under cfg; 0 on failure. */
static uint64_t measure(enum config cfg, long iters, uint64_t *lost)
{
	struct consumer c;
	uint64_t ns = 0;
	int fds[2], status;
	pid_t child;

	if (consumer_start(&c, cfg))
		return 0;
	if (pipe(fds))
		return 0;
	child = fork();
	if (child == 0) {
		pin(1);
		ns = loop(iters);
		_exit(write(fds[1], &ns, sizeof(ns)) == sizeof(ns) ? 0 : 1);
	}
	close(fds[1]);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	while (child > 0) {
		ssize_t r = read(fds[0], &ns, sizeof(ns));

		if (r == sizeof(ns) || (r < 0 && errno != EAGAIN) || r == 0)
			break;
		consumer_poll(&c, 10);
	}
	close(fds[0]);
	if (child < 0 || waitpid(child, &status, 0) != child ||
	    !WIFEXITED(status) || WEXITSTATUS(status))
		ns = 0;
	*lost += consumer_stop(&c);
	return ns;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	double ns_per[CFG_NR][MAX_ROUNDS], rel[CFG_NR][MAX_ROUNDS];
	double med_ns[CFG_NR], pct[CFG_NR];
	uint64_t lost[CFG_NR] = { 0 };
	long iters = 300000;
	int rounds = 9, opt;

	while ((opt = getopt(argc, argv, "n:r:")) != -1) {
		if (opt == 'n')
			iters = atol(optarg);
		else if (opt == 'r')
			rounds = atoi(optarg);
		else
			return 2;
	}
	if (iters <= 0 || rounds <= 0 || rounds > MAX_ROUNDS)
		return 2;
	pin(0);

	for (int r = 0; r < rounds; r++) {
		uint64_t t[CFG_NR];

		for (int k = 0; k < CFG_NR; k++) {
			enum config cfg = (r + k) % CFG_NR;

			t[cfg] = measure(cfg, iters, &lost[cfg]);
			if (!t[cfg]) {
				fprintf(stderr, "probe-bench: %s run failed\n",
					config_names[cfg]);
				return 1;
			}
		}
		for (int cfg = 0; cfg < CFG_NR; cfg++) {
			ns_per[cfg][r] = (double)t[cfg] / iters;
			rel[cfg][r] = (double)t[cfg] / t[CFG_NONE];
		}
	}

	printf("probe overhead: getppid x %ld, %d rounds, medians\n", iters,
	       rounds);
	printf("(overhead: of each round's time over that round's unprobed time)\n");
	printf("%-8s %14s %10s %12s\n", "config", "ns/syscall", "overhead",
	       "events lost");
	for (int cfg = 0; cfg < CFG_NR; cfg++) {
		med_ns[cfg] = median(ns_per[cfg], rounds);
		pct[cfg] = (median(rel[cfg], rounds) - 1) * 100;
		printf("%-8s %14.1f %9.1f%% %12llu\n", config_names[cfg],
		       med_ns[cfg], pct[cfg], (unsigned long long)lost[cfg]);
	}
	printf("ratio llmos/naive added: %.3f (target <= 0.33)\n",
	       pct[CFG_LLMOS] / pct[CFG_NAIVE]);
	printf("probes-json: {\"probe_overhead_llmos_pct\": %.2f, "
	       "\"probe_overhead_naive_pct\": %.2f, "
	       "\"probe_overhead_ratio\": %.3f}\n",
	       pct[CFG_LLMOS], pct[CFG_NAIVE], pct[CFG_LLMOS] / pct[CFG_NAIVE]);
	return 0;
}
