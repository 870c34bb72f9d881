// SPDX-License-Identifier: GPL-2.0
/* The probes' per-CPU flush timer, kept across CPU hotplug. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include <bpf/libbpf.h>

#include "cpu_list.h"
#include "flush_ticks.h"

#define CHECK_PERIOD_NS 1000000000ull

struct cpu_tick {
	struct bpf_link *link;	/* NULL: no tick */
	int fd;			/* the link's event, ours to read; -1 */
	uint64_t enabled_ns;	/* its enabled time at the last look */
	int failed;		/* the last attach's error, reported once */
};

struct flush_ticks {
	struct bpf_program *prog;
	struct perf_event_attr attr;
	int ncpus;
	uint64_t next_check_ns;
	bool *online;
	struct cpu_tick cpu[];
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* The event's enabled time; 0 if it cannot be read. */
static uint64_t enabled_ns(int fd)
{
	struct {
		uint64_t value;
		uint64_t enabled;
	} v;

	return read(fd, &v, sizeof(v)) == sizeof(v) ? v.enabled : 0;
}

static void detach(struct cpu_tick *c)
{
	bpf_link__destroy(c->link);
	if (c->fd >= 0)
		close(c->fd);
	c->link = NULL;
	c->fd = -1;
}

/* 0, or -errno: -ENODEV for an offline CPU. */
static int attach(struct flush_ticks *t, int cpu)
{
	struct cpu_tick *c = &t->cpu[cpu];
	int fd, err;

	fd = syscall(SYS_perf_event_open, &t->attr, -1, cpu, -1,
		     PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* The link owns fd and keeps it to itself. */
	c->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (c->fd < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	c->link = bpf_program__attach_perf_event(t->prog, fd);
	if (!c->link) {
		err = -errno;
		close(fd);
		detach(c);
		return err;
	}
	c->enabled_ns = enabled_ns(c->fd);
	return 0;
}

/* The online CPUs; all of them if the list is unreadable (no sysfs). */
static void read_online(struct flush_ticks *t)
{
	if (cpu_list_read(CPU_LIST_ONLINE, t->online, t->ncpus))
		for (int cpu = 0; cpu < t->ncpus; cpu++)
			t->online[cpu] = true;
}

struct flush_ticks *flush_ticks_open(struct bpf_program *prog, int ncpus,
				     uint64_t period_ns)
{
	struct flush_ticks *t;
	int err;

	t = calloc(1, sizeof(*t) + ncpus * sizeof(t->cpu[0]));
	if (!t)
		return NULL;
	t->online = calloc(ncpus, sizeof(*t->online));
	if (!t->online) {
		free(t);
		return NULL;
	}
	t->prog = prog;
	t->ncpus = ncpus;
	t->attr.type = PERF_TYPE_SOFTWARE;
	t->attr.size = sizeof(t->attr);
	t->attr.config = PERF_COUNT_SW_CPU_CLOCK;
	t->attr.sample_period = period_ns;
	t->attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED;
	for (int cpu = 0; cpu < ncpus; cpu++)
		t->cpu[cpu].fd = -1;
	read_online(t);
	for (int cpu = 0; cpu < ncpus; cpu++) {
		if (!t->online[cpu])
			continue;
		err = attach(t, cpu);
		/* It went down since the list was read. */
		if (err && err != -ENODEV) {
			flush_ticks_close(t);
			errno = -err;
			return NULL;
		}
	}
	t->next_check_ns = now_ns() + CHECK_PERIOD_NS;
	return t;
}

void flush_ticks_check(struct flush_ticks *t)
{
	uint64_t now = now_ns();
	int err;

	if (now < t->next_check_ns)
		return;
	t->next_check_ns = now + CHECK_PERIOD_NS;
	read_online(t);
	for (int cpu = 0; cpu < t->ncpus; cpu++) {
		struct cpu_tick *c = &t->cpu[cpu];
		uint64_t enabled;

		if (c->link) {
			enabled = enabled_ns(c->fd);
			if (t->online[cpu] && enabled != c->enabled_ns) {
				c->enabled_ns = enabled;
				continue;
			}
			detach(c);	/* the kernel dropped it */
		}
		if (!t->online[cpu])
			continue;
		err = attach(t, cpu);
		if (!err) {
			fprintf(stderr,
				"probes: CPU %d: flush timer attached (the CPU came online)\n",
				cpu);
		} else if (err != -ENODEV && err != c->failed) {
			fprintf(stderr,
				"probes: CPU %d: cannot attach the flush timer: %s\n",
				cpu, strerror(-err));
		}
		c->failed = err;
	}
}

void flush_ticks_close(struct flush_ticks *t)
{
	if (!t)
		return;
	for (int cpu = 0; cpu < t->ncpus; cpu++)
		detach(&t->cpu[cpu]);
	free(t->online);
	free(t);
}
