// SPDX-License-Identifier: GPL-2.0
/*
 * sched-probe: an interactive task like a UI or game loop. It wakes every
 * period (absolute deadlines on CLOCK_MONOTONIC), does a frame of a fixed
 * amount of CPU work (about half the period on an idle CPU), and records
 * the response time from the scheduled wake-up to the end of the frame.
 * A frame that ends past later deadlines drops those frames, as a game
 * does, so that an overloaded probe does not fall ever further behind.
 *
 *   sched-probe -c [-p PERIOD_US] [-f FRAME_US]
 *   sched-probe [-p PERIOD_US] [-f FRAME_US | -u UNITS] [-w WARMUP_S]
 *               [-d DURATION_S] [-o SAMPLES]
 *
 * -c prints the calibrated units per frame and exits. Frames scheduled in
 * the warm-up run but are not counted. The probe runs DURATION_S (default
 * 10; 0: until SIGTERM/SIGINT) after the warm-up, or until SIGTERM/SIGINT.
 * Output, one line:
 *   frames=N missed=N units=N units_per_frame=N p50_us=N p99_us=N
 *   p999_us=N max_us=N
 * -o appends each counted response time (µs) to SAMPLES, one a line, so
 * that several runs can be pooled (sched-pct).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "stats.h"
#include "args.h"
#include "work.h"

struct opts {
	uint64_t period_ns;
	uint64_t frame_ns;
	uint64_t units;		/* per frame; 0: calibrate */
	uint64_t warmup_ns;
	uint64_t duration_ns;
	const char *samples;
	int calibrate_only;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: sched-probe [-c] [-p PERIOD_US] [-f FRAME_US | -u UNITS]\n"
			"                   [-w WARMUP_S] [-d DURATION_S] [-o SAMPLES]\n");
	exit(2);
}

static void parse(int argc, char **argv, struct opts *o)
{
	int c;

	o->period_ns = 10000000;
	o->frame_ns = 0;
	o->units = 0;
	o->warmup_ns = 0;
	o->duration_ns = 10000000000ULL;
	o->samples = NULL;
	o->calibrate_only = 0;
	while ((c = getopt(argc, argv, "cp:f:u:w:d:o:")) != -1) {
		switch (c) {
		case 'c':
			o->calibrate_only = 1;
			break;
		case 'p':
			o->period_ns = arg_u64(optarg, usage) * 1000;
			break;
		case 'f':
			o->frame_ns = arg_u64(optarg, usage) * 1000;
			break;
		case 'u':
			o->units = arg_u64(optarg, usage);
			break;
		case 'w':
			o->warmup_ns = arg_u64(optarg, usage) * 1000000000ULL;
			break;
		case 'd':
			o->duration_ns = arg_u64(optarg, usage) * 1000000000ULL;
			break;
		case 'o':
			o->samples = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || !o->period_ns)
		usage();
	if (!o->frame_ns)
		o->frame_ns = o->period_ns / 2;
}

static void sleep_until(uint64_t t)
{
	struct timespec ts = {
		.tv_sec = t / 1000000000ULL,
		.tv_nsec = t % 1000000000ULL,
	};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR &&
	       !stop)
		;
}

/* Appends a sample, growing the array as needed. */
static void add_sample(uint32_t **us, size_t *n, size_t *cap, uint32_t v)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 4096;
		*us = realloc(*us, *cap * sizeof(**us));
		if (!*us) {
			perror("sched-probe");
			exit(1);
		}
	}
	(*us)[(*n)++] = v;
}

static void write_samples(const char *path, const uint32_t *us, size_t n)
{
	FILE *f = fopen(path, "a");

	if (!f) {
		perror(path);
		exit(1);
	}
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%u\n", us[i]);
	if (fclose(f)) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct opts o;
	uint64_t start, end, next, missed = 0;
	uint32_t *us = NULL;
	size_t frames = 0, cap = 0;

	parse(argc, argv, &o);
	if (!o.units)
		o.units = work_calibrate(o.frame_ns);
	if (o.calibrate_only) {
		printf("units_per_frame=%llu\n", (unsigned long long)o.units);
		return 0;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	next = now_ns() + o.period_ns;
	start = next + o.warmup_ns;
	end = o.duration_ns ? start + o.duration_ns : UINT64_MAX;
	while (next < end && !stop) {
		uint64_t done;

		sleep_until(next);
		if (stop)
			break;
		for (uint64_t i = 0; i < o.units; i++)
			work_unit();
		done = now_ns();
		if (next >= start)
			add_sample(&us, &frames, &cap,
				   (uint32_t)((done - next) / 1000));
		/* Deadlines already past when the frame ends are dropped. */
		for (next += o.period_ns; next <= done && next < end;
		     next += o.period_ns)
			missed += next >= start;
	}

	if (o.samples)
		write_samples(o.samples, us, frames);
	printf("frames=%zu missed=%llu units=%llu units_per_frame=%llu",
	       frames, (unsigned long long)missed,
	       (unsigned long long)(frames * o.units),
	       (unsigned long long)o.units);
	stats_print(stdout, us, frames);
	putchar('\n');
	free(us);
	return 0;
}
