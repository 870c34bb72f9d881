// SPDX-License-Identifier: GPL-2.0
/*
 * sched-static: the static reference of the scheduling benchmark, a tiny
 * ananicy-style applier. It scans /proc about once a second and gives
 * every thread of a process whose comm has a rule the rule's nice value
 * and I/O priority (format in sched-static.rules).
 *
 *   sched-static [-i INTERVAL_MS] RULES
 *
 * Runs until SIGTERM/SIGINT, then prints one line "changes=N": how many
 * times it changed a thread's nice or I/O priority.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_RULES 64
#define COMM_LEN 16

/* From the kernel's uapi ioprio.h, which libc does not wrap. */
#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_CLASS_SHIFT 13
#define IOPRIO_CLASS_BE 2
#define IOPRIO_CLASS_IDLE 3

struct rule {
	char comm[COMM_LEN];
	int nice;
	int ioprio;		/* -1: leave the I/O priority alone */
};

static struct rule rules[MAX_RULES];
static int nr_rules;
static unsigned long changes;
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: sched-static [-i INTERVAL_MS] RULES\n");
	exit(2);
}

/* ioprio_set(2)'s encoding; -1 when absent, -2 when malformed. */
static int parse_ioprio(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "none"))
		return 0;
	if (!strcmp(s, "idle"))
		return IOPRIO_CLASS_IDLE << IOPRIO_CLASS_SHIFT;
	if (!strncmp(s, "be/", 3) && s[3] >= '0' && s[3] <= '7' && !s[4])
		return IOPRIO_CLASS_BE << IOPRIO_CLASS_SHIFT | (s[3] - '0');
	return -2;
}

static void load_rules(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256];
	int lineno = 0;

	if (!f) {
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		char *comm, *nice, *io, *end, *save;
		struct rule *r = &rules[nr_rules];

		lineno++;
		comm = strtok_r(line, " \t\n", &save);
		if (!comm || *comm == '#')
			continue;
		nice = strtok_r(NULL, " \t\n", &save);
		io = strtok_r(NULL, " \t\n", &save);
		if (nr_rules == MAX_RULES || strlen(comm) >= COMM_LEN || !nice ||
		    strtok_r(NULL, " \t\n", &save))
			goto bad;
		r->nice = (int)strtol(nice, &end, 10);
		r->ioprio = parse_ioprio(io);
		if (*end || end == nice || r->nice < -20 || r->nice > 19 ||
		    r->ioprio == -2)
			goto bad;
		strcpy(r->comm, comm);
		nr_rules++;
	}
	fclose(f);
	return;
bad:
	fprintf(stderr, "%s:%d: bad rule\n", path, lineno);
	exit(1);
}

static const struct rule *find_rule(int pid)
{
	char path[64], comm[COMM_LEN + 1] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "r");
	if (!f)
		return NULL;	/* it exited */
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	for (int i = 0; i < nr_rules; i++)
		if (!strcmp(rules[i].comm, comm))
			return &rules[i];
	return NULL;
}

/* nice and I/O priority are per thread: apply the rule to each. */
static void apply(int pid, const struct rule *r)
{
	char path[64];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		int tid = atoi(de->d_name);

		if (tid <= 0)
			continue;
		errno = 0;
		if (getpriority(PRIO_PROCESS, tid) != r->nice && !errno &&
		    !setpriority(PRIO_PROCESS, tid, r->nice))
			changes++;
		if (r->ioprio >= 0 &&
		    syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, tid) != r->ioprio &&
		    !syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, tid, r->ioprio))
			changes++;
	}
	closedir(d);
}

static void scan(void)
{
	struct dirent *de;
	DIR *d = opendir("/proc");

	if (!d) {
		perror("/proc");
		exit(1);
	}
	while ((de = readdir(d))) {
		const struct rule *r;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		r = find_rule(atoi(de->d_name));
		if (r)
			apply(atoi(de->d_name), r);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	long interval_ms = 1000;
	struct timespec ts;
	int c;

	while ((c = getopt(argc, argv, "i:")) != -1) {
		if (c != 'i')
			usage();
		interval_ms = atol(optarg);
		if (interval_ms <= 0)
			usage();
	}
	if (optind != argc - 1)
		usage();
	load_rules(argv[optind]);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	ts.tv_sec = interval_ms / 1000;
	ts.tv_nsec = interval_ms % 1000 * 1000000;
	while (!stop) {
		scan();
		nanosleep(&ts, NULL);
	}
	printf("changes=%lu\n", changes);
	return 0;
}
