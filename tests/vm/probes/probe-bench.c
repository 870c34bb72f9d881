// SPDX-License-Identifier: GPL-2.0
/*
 * Probe overhead: two loops timed with no probes, with llmos's probes and
 * with the naive one-record-per-syscall probe. One calls getppid (the cost
 * of a traced syscall); in the other two processes on one CPU hand a byte
 * back and forth through pipes (the cost of a context switch with its
 * wakeup, where the scheduler hooks run). Configurations are interleaved
 * (their order rotates every round) and each round's times are compared
 * with that round's unprobed time, so that drift of the emulated machine
 * cancels; the medians over rounds are reported. The loops run on CPU 1
 * while this process drains the ring on CPU 0.
 *
 *   probe-bench [-n SYSCALLS] [-s ROUND_TRIPS] [-r ROUNDS]
 *
 * Prints two tables, then one line "probes-json: {...}" for the host.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
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
enum workload { WL_SYSCALL, WL_SWITCH };

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

/* Nanoseconds for iters getppid calls. */
static uint64_t loop_syscall(long iters)
{
	uint64_t t0;

	for (long i = 0; i < iters / 10; i++)
		syscall(SYS_getppid);
	t0 = now_ns();
	for (long i = 0; i < iters; i++)
		syscall(SYS_getppid);
	return now_ns() - t0;
}

/* Hands one byte to the partner and waits for it back; false on failure. */
static bool round_trip(int to, int from)
{
	char c = 0;

	return write(to, &c, 1) == 1 && read(from, &c, 1) == 1;
}

/*
 * Nanoseconds for iters round trips with a partner on the same CPU: each is
 * two context switches, each after a wakeup. 0 on failure.
 */
static uint64_t loop_switch(long iters)
{
	int ping[2], pong[2], status;
	uint64_t t0, ns = 0;
	pid_t partner;
	char c;

	if (pipe(ping) || pipe(pong))
		return 0;
	partner = fork();
	if (partner == 0) {
		close(ping[1]);
		close(pong[0]);
		while (read(ping[0], &c, 1) == 1)
			if (write(pong[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(ping[0]);
	close(pong[1]);
	if (partner < 0)
		return 0;
	for (long i = 0; i < iters / 10; i++)
		if (!round_trip(ping[1], pong[0]))
			goto out;
	t0 = now_ns();
	for (long i = 0; i < iters; i++)
		if (!round_trip(ping[1], pong[0]))
			goto out;
	ns = now_ns() - t0;
out:
	close(ping[1]);
	close(pong[0]);
	if (waitpid(partner, &status, 0) != partner || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		ns = 0;
	return ns;
}

static void count_event(const struct llmos_event *ev, void *ctx)
{
	*(uint64_t *)ctx += llmos_event_weight(ev);
}

struct consumer {
	struct probes *llmos;
	struct naive *naive;
	uint64_t events;	/* syscalls and other events drained */
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

/* The naive probe's records: one per syscall. */
static void naive_drain(struct consumer *c, int timeout_ms)
{
	int n = naive_poll(c->naive, timeout_ms);

	if (n > 0)
		c->events += n;
}

static void consumer_poll(struct consumer *c, int timeout_ms)
{
	if (c->llmos)
		probes_poll(c->llmos, timeout_ms);
	else if (c->naive)
		naive_drain(c, timeout_ms);
	else
		usleep(timeout_ms * 1000);
}

/* Drains what is left and returns the events lost. */
static uint64_t consumer_stop(struct consumer *c)
{
	uint64_t drops[LLMOS_DROP_NR] = { 0 }, lost = 0;

	if (c->llmos) {
		probes_consume(c->llmos, 0);
		probes_read_drops(c->llmos, drops);
		for (int i = 0; i < LLMOS_DROP_NR; i++)
			lost += drops[i];
		probes_close(c->llmos);
	}
	if (c->naive) {
		naive_drain(c, 0);
		lost = naive_drops(c->naive);
		naive_close(c->naive);
	}
	return lost;
}

/*
 * One timed loop of wl under cfg; 0 on failure. *seen: the events the
 * probes of cfg drained while it ran.
 */
static uint64_t measure(enum config cfg, enum workload wl, long iters,
			uint64_t *lost, uint64_t *seen)
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
		ns = wl == WL_SYSCALL ? loop_syscall(iters) : loop_switch(iters);
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
	*seen = c.events;
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

struct figures {
	double ns[CFG_NR];	/* per syscall, or per switch */
	double pct[CFG_NR];	/* overhead over the unprobed time */
	uint64_t lost[CFG_NR];
};

/* Runs every configuration of wl once per round and takes the medians. */
static int run_workload(enum workload wl, long iters, int rounds,
			struct figures *f)
{
	/* Two switches a round trip. */
	double per_unit = wl == WL_SYSCALL ? iters : 2.0 * iters;
	/*
	 * The loop's own syscalls, its warm-up tenth included: for the
	 * ping-pong a write and a read on either side of a round trip.
	 */
	uint64_t calls = (iters + iters / 10) * (wl == WL_SYSCALL ? 1 : 4);
	double ns[CFG_NR][MAX_ROUNDS], rel[CFG_NR][MAX_ROUNDS];

	memset(f, 0, sizeof(*f));
	for (int r = 0; r < rounds; r++) {
		uint64_t t[CFG_NR], seen;

		for (int k = 0; k < CFG_NR; k++) {
			enum config cfg = (r + k) % CFG_NR;

			t[cfg] = measure(cfg, wl, iters, &f->lost[cfg], &seen);
			if (!t[cfg]) {
				fprintf(stderr, "probe-bench: %s run failed\n",
					config_names[cfg]);
				return -1;
			}
			/*
			 * A probe that missed the loop would price nothing:
			 * what it drained must cover the loop's syscalls, less
			 * what it counted as lost.
			 */
			if (cfg != CFG_NONE && seen + f->lost[cfg] < calls) {
				fprintf(stderr,
					"probe-bench: the %s probe saw %llu events of a loop of %llu syscalls\n",
					config_names[cfg],
					(unsigned long long)seen,
					(unsigned long long)calls);
				return -1;
			}
		}
		for (int cfg = 0; cfg < CFG_NR; cfg++) {
			ns[cfg][r] = t[cfg] / per_unit;
			rel[cfg][r] = (double)t[cfg] / t[CFG_NONE];
		}
	}
	for (int cfg = 0; cfg < CFG_NR; cfg++) {
		f->ns[cfg] = median(ns[cfg], rounds);
		f->pct[cfg] = (median(rel[cfg], rounds) - 1) * 100;
	}
	return 0;
}

static void print_table(const char *unit, const struct figures *f)
{
	printf("%-8s %14s %10s %12s\n", "config", unit, "overhead",
	       "events lost");
	for (int cfg = 0; cfg < CFG_NR; cfg++)
		printf("%-8s %14.1f %9.1f%% %12llu\n", config_names[cfg],
		       f->ns[cfg], f->pct[cfg],
		       (unsigned long long)f->lost[cfg]);
}

int main(int argc, char **argv)
{
	struct figures sys, sw;
	long iters = 300000, trips = 20000;
	double sys_added, sw_added, beyond;
	int rounds = 9, opt;

	while ((opt = getopt(argc, argv, "n:s:r:")) != -1) {
		if (opt == 'n')
			iters = atol(optarg);
		else if (opt == 's')
			trips = atol(optarg);
		else if (opt == 'r')
			rounds = atoi(optarg);
		else
			return 2;
	}
	if (iters <= 0 || trips <= 0 || rounds <= 0 || rounds > MAX_ROUNDS)
		return 2;
	pin(0);
	if (run_workload(WL_SYSCALL, iters, rounds, &sys) ||
	    run_workload(WL_SWITCH, trips, rounds, &sw))
		return 1;

	/*
	 * A switch of the ping-pong comes with two syscalls (a write and a
	 * read); what it costs beyond theirs comes with the change of task:
	 * the scheduler hooks, the batch flushed to the ring, its draining.
	 */
	sys_added = sys.ns[CFG_LLMOS] - sys.ns[CFG_NONE];
	sw_added = sw.ns[CFG_LLMOS] - sw.ns[CFG_NONE];
	beyond = sw_added - 2 * sys_added;

	printf("probe overhead: %d rounds, medians\n", rounds);
	printf("(overhead: of each round's time over that round's unprobed time)\n");
	printf("getppid x %ld:\n", iters);
	print_table("ns/syscall", &sys);
	printf("pipe ping-pong on one CPU, %ld round trips:\n", trips);
	print_table("ns/switch", &sw);
	printf("ratio llmos/naive added: %.3f (target <= 0.33)\n",
	       sys.pct[CFG_LLMOS] / sys.pct[CFG_NAIVE]);
	printf("llmos added: %.0f ns a syscall, %.0f ns a switch", sys_added,
	       sw_added);
	printf(" (%.0f ns beyond its two syscalls)\n", beyond);
	printf("probes-json: {\"probe_overhead_llmos_pct\": %.2f", sys.pct[CFG_LLMOS]);
	printf(", \"probe_overhead_naive_pct\": %.2f", sys.pct[CFG_NAIVE]);
	printf(", \"probe_overhead_ratio\": %.3f",
	       sys.pct[CFG_LLMOS] / sys.pct[CFG_NAIVE]);
	printf(", \"probe_syscall_ns_added\": %.0f", sys_added);
	printf(", \"probe_switch_overhead_llmos_pct\": %.2f", sw.pct[CFG_LLMOS]);
	printf(", \"probe_switch_ns_added\": %.0f", sw_added);
	printf(", \"probe_switch_ns_beyond_syscalls\": %.0f}\n", beyond);
	return 0;
}
