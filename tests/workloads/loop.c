// SPDX-License-Identifier: GPL-2.0
/*
 * Loops of the normal workload's timing kinds (tests/workloads/normal.sh):
 * a CPU-bound loop that never sleeps, and a frame loop that wakes on a
 * period, does a fixed amount of work (part of the period, calibrated at
 * start) and sleeps again (an animation, a game, a media player). Both
 * stop at their deadline or on SIGTERM/SIGINT, as a shell's `kill` stops a
 * background job, and print what they did.
 *
 *   wl-loop spin MS
 *   wl-loop frames MS PERIOD_MS WORK_PERCENT
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wl_args.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static unsigned long long ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static long arg(const char *s, long lo, long hi)
{
	return wl_arg("wl-loop", s, lo, hi);
}

/* Arithmetic the compiler cannot drop; returns the running sum. */
static unsigned long long churn(unsigned long long x, int n)
{
	for (int i = 0; i < n; i++)
		x = x * 2862933555777941757ULL + 3037000493ULL;
	return x;
}

/*
 * Looks at the clock every 64K steps (a clock read is a syscall with the
 * test kernel's clocksource: a loop reading it all the time would be most
 * of a recording).
 */
static int spin(unsigned long long end)
{
	unsigned long long x = 1, loops = 0;

	while (!stop && ns(CLOCK_MONOTONIC) < end) {
		x = churn(x, 64 * 1024);
		loops++;
	}
	printf("loops=%llu sum=%llu\n", loops, x & 0xffff);
	return 0;
}

/*
 * Chunks of churn() that take budget_ns of thread CPU time, measured once
 * (a frame loop does a fixed amount of work per frame, it does not poll a
 * clock while it works).
 */
static unsigned long long calibrate(unsigned long long budget_ns,
				    unsigned long long *x)
{
	unsigned long long t0 = ns(CLOCK_THREAD_CPUTIME_ID), n = 0, t;

	do {
		*x = churn(*x, 32 * 4096);
		n += 32;
		t = ns(CLOCK_THREAD_CPUTIME_ID) - t0;
	} while (t < 20000000ULL);
	return n * budget_ns / t ? n * budget_ns / t : 1;
}

/* Each frame: its share of the period's work, then sleep to the next. */
static int frames(unsigned long long end, long period_ms, long work_pct)
{
	unsigned long long period = period_ms * 1000000ULL;
	unsigned long long x = 1, n = 0, late = 0, i;
	unsigned long long chunks = calibrate(period * work_pct / 100, &x);
	unsigned long long next = ns(CLOCK_MONOTONIC);
	struct timespec ts;

	while (!stop && next < end) {
		for (i = 0; i < chunks; i++)
			x = churn(x, 4096);
		n++;
		next += period;
		if (ns(CLOCK_MONOTONIC) > next)
			late++;
		ts.tv_sec = next / 1000000000ULL;
		ts.tv_nsec = next % 1000000000ULL;
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
				       NULL) == EINTR && !stop)
			;
	}
	printf("frames=%llu late=%llu sum=%llu\n", n, late, x & 0xffff);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned long long end;

	if (argc < 3 || (strcmp(argv[1], "spin") && strcmp(argv[1], "frames")) ||
	    (!strcmp(argv[1], "spin") && argc != 3) ||
	    (!strcmp(argv[1], "frames") && argc != 5)) {
		fprintf(stderr, "usage: wl-loop spin MS\n"
			"       wl-loop frames MS PERIOD_MS WORK_PERCENT\n");
		return 2;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	end = ns(CLOCK_MONOTONIC) + arg(argv[2], 1, 3600000) * 1000000ULL;
	if (!strcmp(argv[1], "spin"))
		return spin(end);
	return frames(end, arg(argv[3], 1, 1000), arg(argv[4], 0, 90));
}
