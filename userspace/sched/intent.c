// SPDX-License-Identifier: GPL-2.0
/* Detecting the user's own scheduling choices (intent.h). */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "intent.h"

#define IOPRIO_WHO_PROCESS 1

unsigned int sched_intent_decide(const struct sched_intent_obs *o)
{
	unsigned int bits = 0;

	if (o->nice != 0 &&
	    !(o->parent_hinted && o->nice == o->parent_nice))
		bits |= SCHED_INTENT_NICE;
	if (o->policy != SCHED_OTHER)
		bits |= SCHED_INTENT_POLICY;
	/* Class none (0) follows nice: nothing chosen. */
	if ((o->ioprio >> 13) != 0 &&
	    !(o->parent_hinted && o->ioprio == o->parent_ioprio))
		bits |= SCHED_INTENT_IOPRIO;
	if (o->affinity_narrower)
		bits |= SCHED_INTENT_AFFINITY;
	return bits;
}

static int read_nice(pid_t pid, int *nice)
{
	char path[64], buf[1024], *p;
	FILE *f;
	size_t n;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* After "PID (COMM) ", nice is the 17th field. */
	p = strrchr(buf, ')');
	if (!p)
		return -EINVAL;
	p++;
	for (i = 0; i < 16 && p; i++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p, " %d", nice) != 1)
		return -EINVAL;
	return 0;
}

static int cpus_of(pid_t pid)
{
	cpu_set_t set;

	if (sched_getaffinity(pid, sizeof(set), &set))
		return -errno;
	return CPU_COUNT(&set);
}

int sched_intent_read(pid_t pid, struct sched_intent_obs *o)
{
	static int ref_cpus;
	int ret, n;
	long io;

	ret = read_nice(pid, &o->nice);
	if (ret)
		return ret;
	o->policy = sched_getscheduler(pid);
	if (o->policy < 0)
		return -errno;
	o->policy &= ~SCHED_RESET_ON_FORK;
	io = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, (int)pid);
	if (io < 0)
		return -errno;
	o->ioprio = (int)io;
	if (!ref_cpus)
		ref_cpus = cpus_of(1);
	n = cpus_of(pid);
	if (n < 0)
		return n;
	o->affinity_narrower = ref_cpus > 0 && n < ref_cpus;
	return 0;
}

const char *sched_intent_str(unsigned int bits, char *buf, unsigned int len)
{
	static const char *const names[] = { "nice", "chrt", "ionice",
					     "taskset" };
	size_t used = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < 4; i++) {
		if (!(bits & (1u << i)))
			continue;
		snprintf(buf + used, len - used, "%s%s", used ? "," : "",
			 names[i]);
		used = strlen(buf);
	}
	if (!used)
		snprintf(buf, len, "-");
	return buf;
}
