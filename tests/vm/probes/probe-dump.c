// SPDX-License-Identifier: GPL-2.0
/*
 * The probe tests' consumer: attaches the probes through the loader library,
 * runs a command, and prints every event as one line, then the drop
 * counters. Independent of llmosd so that the probes are tested alone.
 *
 *   probe-dump [-r RING_BYTES] [-i COMM]... [-g CGROUP_ID]... [-s EVERY] [-w]
 *              [-l MS] [-p SCHED_PERIOD_NS] [-f FLUSH_PERIOD_NS] -- CMD...
 *
 * -w does not drain the ring until CMD exited (to make it overflow); -l
 * keeps draining MS milliseconds after CMD exited (default 300).
 *
 * Lines: "consumer PID" first, then per event
 *   TIME TGID TID PPID COMM syscalls ABI ID,ID,...
 *   TIME TGID TID PPID COMM exec FILENAME
 *   TIME TGID TID PPID COMM fork PARENT_TGID
 *   TIME TGID TID PPID COMM exit CODE
 *   TIME TGID TID PPID COMM sched interval= run= wait= runs= wakeups= nvcsw= nivcsw= cpu=
 * and last "drops CAUSE=N ...".
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../../userspace/probes.h"

static const char *const abi_names[LLMOS_ABI_MAX] = {
	[LLMOS_ABI_X86_64] = "x86_64",
	[LLMOS_ABI_I386] = "i386",
	[LLMOS_ABI_X32] = "x32",
};

static void print_event(const struct llmos_event *ev, void *ctx)
{
	FILE *out = ctx;
	char comm[LLMOS_COMM_LEN];

	/* One field for awk, whatever the process called itself. */
	for (int i = 0; i < LLMOS_COMM_LEN; i++)
		comm[i] = ev->comm[i] == ' ' ? '_' : ev->comm[i];
	fprintf(out, "%llu %u %u %u %s ", (unsigned long long)ev->time_ns,
		ev->tgid, ev->tid, ev->ppid, comm[0] ? comm : "-");
	switch (ev->type) {
	case LLMOS_EV_SYSCALLS:
		fprintf(out, "syscalls %s ", abi_names[ev->sys.abi]);
		for (int i = 0; i < ev->sys.count; i++)
			fprintf(out, "%s%u", i ? "," : "", ev->sys.ids[i]);
		fputc('\n', out);
		break;
	case LLMOS_EV_EXEC:
		fprintf(out, "exec %s\n", ev->exec.filename);
		break;
	case LLMOS_EV_FORK:
		fprintf(out, "fork %u\n", ev->fork.parent_tgid);
		break;
	case LLMOS_EV_EXIT:
		fprintf(out, "exit %d\n", ev->exit.exit_code);
		break;
	case LLMOS_EV_SCHED:
		fprintf(out,
			"sched interval=%llu run=%llu wait=%llu runs=%u wakeups=%u nvcsw=%u nivcsw=%u cpu=%llu\n",
			(unsigned long long)ev->sched.interval_ns,
			(unsigned long long)ev->sched.run_ns,
			(unsigned long long)ev->sched.wait_ns,
			ev->sched.nr_runs, ev->sched.wakeups, ev->sched.nvcsw,
			ev->sched.nivcsw,
			(unsigned long long)ev->sched.cpu_time_ns);
		break;
	}
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: probe-dump [-r RING_BYTES] [-i COMM]... [-g CGROUP_ID]... [-s EVERY] [-w] [-l MS] [-p SCHED_PERIOD_NS] [-f FLUSH_PERIOD_NS] -- CMD...\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct probes_opts opts = { 0 };
	const char *ignored[16];
	uint64_t cgroups[16];
	int nignored = 0, ncgroups = 0, opt, status, wait_first = 0, err;
	long long linger = 300, end;
	uint64_t drops[LLMOS_DROP_NR];
	struct probes *p;
	pid_t child;

	while ((opt = getopt(argc, argv, "r:i:g:s:wl:p:f:")) != -1) {
		switch (opt) {
		case 'r':
			opts.ring_bytes = strtoul(optarg, NULL, 0);
			break;
		case 'i':
			if (nignored == 16)
				return usage();
			ignored[nignored++] = optarg;
			break;
		case 'g':
			if (ncgroups == 16)
				return usage();
			cgroups[ncgroups++] = strtoull(optarg, NULL, 0);
			break;
		case 's':
			opts.sample_every = strtoul(optarg, NULL, 0);
			break;
		case 'w':
			wait_first = 1;
			break;
		case 'l':
			linger = atoll(optarg);
			break;
		case 'p':
			opts.sched_period_ns = strtoull(optarg, NULL, 0);
			break;
		case 'f':
			opts.flush_period_ns = strtoull(optarg, NULL, 0);
			break;
		default:
			return usage();
		}
	}
	if (optind >= argc)
		return usage();

	/* Events go to stdout; keep them apart from the command's output. */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	p = probes_open(&opts, print_event, stdout);
	if (!p)
		return 1;
	for (int i = 0; i < nignored; i++) {
		err = probes_ignore_comm(p, ignored[i]);
		if (err) {
			fprintf(stderr, "probe-dump: ignore %s: %s\n",
				ignored[i], strerror(-err));
			return 1;
		}
	}
	for (int i = 0; i < ncgroups; i++) {
		err = probes_ignore_cgroup(p, cgroups[i]);
		if (err) {
			fprintf(stderr, "probe-dump: ignore cgroup %llu: %s\n",
				(unsigned long long)cgroups[i], strerror(-err));
			return 1;
		}
	}
	printf("consumer %d\n", getpid());
	fflush(stdout);

	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		/* Its output would interleave with the events. */
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	if (wait_first && waitpid(child, &status, 0) != child)
		return 1;
	end = -1;
	for (;;) {
		err = probes_poll(p, 20);
		if (err < 0) {
			fprintf(stderr, "probe-dump: poll: %s\n",
				strerror(-err));
			return 1;
		}
		if (end < 0 && (wait_first ||
				waitpid(child, &status, WNOHANG) == child))
			end = now_ms() + linger;
		if (end >= 0 && now_ms() >= end)
			break;
	}
	probes_consume(p, 0);
	if (probes_read_drops(p, drops))
		return 1;
	printf("drops");
	for (unsigned int i = 0; i < LLMOS_DROP_NR; i++)
		printf(" %s=%llu", probes_drop_name(i),
		       (unsigned long long)drops[i]);
	printf("\n");
	probes_close(p);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "probe-dump: %s failed (status %#x)\n",
			argv[optind], status);
		return 1;
	}
	return 0;
}
