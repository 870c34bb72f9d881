// SPDX-License-Identifier: GPL-2.0
/* The --stats report. */
#include "agent_stats.h"

#include <inttypes.h>
#include <sys/resource.h>
#include <time.h>

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

void agent_stats_start(struct agent_stats *as)
{
	as->start_ns = mono_ns();
	as->last_ns = as->start_ns;
	as->last_events = 0;
}

static const char *const type_names[LLMOS_EV_TYPE_MAX] = {
	[LLMOS_EV_EXEC] = "exec",
	[LLMOS_EV_FORK] = "fork",
	[LLMOS_EV_EXIT] = "exit",
	[LLMOS_EV_SYSCALLS] = "syscall_batch",
	[LLMOS_EV_SCHED] = "sched",
};

void agent_stats_print(struct agent_stats *as, FILE *out,
		       const struct pipeline *pl)
{
	const struct pipeline_stats *s = pipeline_stats(pl);
	const struct proc_table_stats *ps = pipeline_proc_stats(pl);
	uint64_t now = mono_ns();
	double interval = (now - as->last_ns) / 1e9;
	double wall = (now - as->start_ns) / 1e9;
	double cpu;
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	cpu = tv_s(ru.ru_utime) + tv_s(ru.ru_stime);

	fprintf(out, "events %" PRIu64 "\n", s->events);
	fprintf(out, "events_per_s %.0f\n",
		interval > 0 ? (s->events - as->last_events) / interval : 0.0);
	fprintf(out, "events_per_cpu_s %.0f\n", cpu > 0 ? s->events / cpu : 0.0);
	for (int t = LLMOS_EV_EXEC; t < LLMOS_EV_TYPE_MAX; t++)
		fprintf(out, "records_%s %" PRIu64 "\n", type_names[t],
			s->records[t]);
	fprintf(out, "records_late %" PRIu64 "\n", s->late);
	fprintf(out, "exits_untracked %" PRIu64 "\n", s->exits_untracked);
	fprintf(out, "syscalls %" PRIu64 "\n", s->syscalls);
	fprintf(out, "syscalls_unknown %" PRIu64 "\n", s->unknown_syscalls);
	for (uint32_t i = 0; i < s->drops.n; i++)
		fprintf(out, "drops_%s %" PRIu64 "\n", s->drops.cause[i].name,
			s->drops.cause[i].count);
	fprintf(out, "procs_live %u\n", ps->live);
	fprintf(out, "procs_peak %u\n", ps->peak);
	fprintf(out, "procs_capacity %u\n", ps->capacity);
	fprintf(out, "procs_forked %" PRIu64 "\n", s->forks);
	fprintf(out, "procs_adopted %" PRIu64 "\n", s->adopted);
	fprintf(out, "procs_exited %" PRIu64 "\n", ps->exited);
	fprintf(out, "procs_evicted %" PRIu64 "\n", ps->evicted);
	fprintf(out, "token_digest %016" PRIx64 "\n", s->digest);
	fprintf(out, "wall_s %.3f\n", wall);
	fprintf(out, "cpu_user_s %.3f\n", tv_s(ru.ru_utime));
	fprintf(out, "cpu_sys_s %.3f\n", tv_s(ru.ru_stime));
	fprintf(out, "max_rss_kb %ld\n", ru.ru_maxrss);
	fflush(out);
	as->last_ns = now;
	as->last_events = s->events;
}
