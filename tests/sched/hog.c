// SPDX-License-Identifier: GPL-2.0
/*
 * sched-hog: a CPU hog that counts its work in the unit of the probe's
 * frames (work.h), so that hog and probe work add up to one total.
 *
 *   sched-hog [-w WARMUP_S] [-d DURATION_S]
 *
 * Runs until DURATION_S after the warm-up, or until SIGTERM/SIGINT without
 * -d, then prints one line "units=N": the units done after the warm-up.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "args.h"
#include "work.h"

/*
 * Units between two looks at the clock: about 1 ms natively. In the test
 * kernel a clock read is a syscall (no vDSO fast path on its clocksource),
 * so a finer look would make the hog a syscall flood that every tracer
 * pays for, unlike a real CPU-bound job; a run's edges are off by at most
 * one batch, the same in every configuration.
 */
#define UNITS_PER_CHECK 1024

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: sched-hog [-w WARMUP_S] [-d DURATION_S]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	uint64_t warmup = 0, duration = 0, start, end, t, units = 0;
	int c;

	while ((c = getopt(argc, argv, "w:d:")) != -1) {
		switch (c) {
		case 'w':
			warmup = arg_u64(optarg, usage) * 1000000000ULL;
			break;
		case 'd':
			duration = arg_u64(optarg, usage) * 1000000000ULL;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	start = now_ns() + warmup;
	end = duration ? start + duration : UINT64_MAX;
	do {
		for (int i = 0; i < UNITS_PER_CHECK; i++)
			work_unit();
		t = now_ns();
		if (t >= start && t < end)
			units += UNITS_PER_CHECK;
	} while (t < end && !stop);

	printf("units=%llu\n", (unsigned long long)units);
	return 0;
}
