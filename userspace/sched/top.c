// SPDX-License-Identifier: GPL-2.0
/* llmosctl top (top.h). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "policy.h"
#include "sched_class.h"
#include "stage.h"
#include "top.h"

static volatile sig_atomic_t top_stop;

static void on_sig(int sig)
{
	(void)sig;
	top_stop = 1;
}

static int by_cpu(const void *a, const void *b)
{
	const struct sched_state_row *x = a, *y = b;

	if (x->cpu != y->cpu)
		return x->cpu > y->cpu ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

void sched_top_print(FILE *f, const struct sched_state *st)
{
	unsigned int counts[SCHED_NR_CLASSES] = { 0 }, hinted = 0;
	size_t i;

	for (i = 0; i < st->n; i++) {
		if (st->rows[i].cls >= 0)
			counts[st->rows[i].cls]++;
		hinted += st->rows[i].hinted;
	}
	fprintf(f, "llmosd: %zu processes (interactive %u, batch %u, io %u, background %u), %u hinted%s, nice %d..%d\n",
		st->n, counts[0], counts[1], counts[2], counts[3], hinted,
		st->device ? "" : " (no device: would)", st->nice_min,
		st->nice_max);
	fprintf(f, "%7s %-15s %-11s %5s %4s %-5s %6s %8s %7s %s\n", "PID",
		"COMM", "CLASS", "CONF", "NICE", "IO", "CPU%", "WAKEUP/S",
		"ANOMALY", "STATE");
	qsort(st->rows, st->n, sizeof(*st->rows), by_cpu);
	for (i = 0; i < st->n; i++) {
		const struct sched_state_row *r = &st->rows[i];
		char nice[8], io[16], an[16];

		if (r->hinted)
			snprintf(nice, sizeof(nice), "%d", r->nice);
		else
			snprintf(nice, sizeof(nice), "-");
		sched_ioprio_str(r->hinted ? r->ioprio : -1, io, sizeof(io));
		if (isnan(r->anomaly))
			snprintf(an, sizeof(an), "-");
		else
			snprintf(an, sizeof(an), "%.2f", r->anomaly);
		fprintf(f, "%7u %-15s %-11s %5.3f %4s %-5s %6.1f %8.1f %7s %s\n",
			r->pid, r->comm, sched_class_name(r->cls),
			r->conf / 1000.0, nice, io, r->cpu * 100.0,
			r->wakeups_s, an, r->state);
	}
}

int sched_top_cmd(int argc, char **argv)
{
	enum { O_STATE = 256 };
	static const struct option longopts[] = {
		{ "state", required_argument, NULL, O_STATE },
		{ "iterations", required_argument, NULL, 'n' },
		{ "delay", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = SCHED_STATE_PATH;
	long iterations = 0;
	double delay = 1.0;
	bool tty = isatty(STDOUT_FILENO);
	struct sigaction sa = { .sa_handler = on_sig };
	char *end;
	int opt, ret = 0;
	long k;

	while ((opt = getopt_long(argc, argv, "n:d:", longopts, NULL)) != -1) {
		switch (opt) {
		case O_STATE:
			path = optarg;
			break;
		case 'n':
			errno = 0;
			iterations = strtol(optarg, &end, 10);
			if (end == optarg || *end || errno || iterations < 1) {
				fprintf(stderr,
					"llmosctl: -n %s: give a whole number of iterations, at least 1\n",
					optarg);
				return 2;
			}
			break;
		case 'd':
			delay = strtod(optarg, &end);
			if (end == optarg || *end ||
			    !(delay >= 0.1 && delay <= 3600)) {
				fprintf(stderr,
					"llmosctl: -d %s: give seconds from 0.1 to 3600\n",
					optarg);
				return 2;
			}
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc)
		goto usage;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (k = 0; !top_stop && (!iterations || k < iterations); k++) {
		struct sched_state st;
		char err[600];
		struct timespec ts;

		if (k) {
			ts.tv_sec = (time_t)delay;
			ts.tv_nsec = (long)((delay - (double)ts.tv_sec) * 1e9);
			nanosleep(&ts, NULL);
			if (top_stop)
				break;
		}
		if (sched_state_read(path, &st, err, sizeof(err))) {
			fprintf(stderr, "llmosctl: %s (is llmosd running?)\n",
				err);
			ret = 1;
			if (iterations)
				break;
			continue;
		}
		ret = 0;
		if (tty)
			fputs("\033[H\033[2J", stdout);
		else if (k)
			fputc('\n', stdout);
		sched_top_print(stdout, &st);
		fflush(stdout);
		sched_state_free(&st);
	}
	return ret;
usage:
	fprintf(stderr, "usage: llmosctl top [-n ITERATIONS] [-d SECONDS] [--state FILE]\n");
	return 2;
}
