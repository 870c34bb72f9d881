// SPDX-License-Identifier: GPL-2.0
/* Trace to text. */
#include "trace_dump.h"

#include <inttypes.h>

#include "syscall_table.h"

/* Names may hold spaces or control bytes: keep one field per column. */
static void put_field(FILE *out, const char *s)
{
	if (!*s) {
		fputc('-', out);
		return;
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c >= 0x7f || c == '\\')
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

static void put_prefix(FILE *out, const struct llmos_event *ev)
{
	fprintf(out, "%" PRIu64 ".%09" PRIu64 " %u ", ev->time_ns / 1000000000,
		ev->time_ns % 1000000000, ev->tgid);
	put_field(out, ev->comm);
	fputc(' ', out);
}

static void dump_event(FILE *out, const struct llmos_event *ev)
{
	switch (ev->type) {
	case LLMOS_EV_SYSCALLS:
		for (unsigned int i = 0; i < ev->sys.count; i++) {
			const char *name = syscall_name(ev->sys.abi, ev->sys.ids[i]);

			put_prefix(out, ev);
			if (ev->sys.abi != LLMOS_ABI_X86_64)
				fprintf(out, "%s:", syscall_abi_name(ev->sys.abi));
			if (name)
				fprintf(out, "%s\n", name);
			else
				fprintf(out, "syscall_%u\n", ev->sys.ids[i]);
		}
		return;
	case LLMOS_EV_FORK:
		put_prefix(out, ev);
		fprintf(out, "fork parent=%u parent_start=%" PRIu64 " start=%" PRIu64 "\n",
			ev->fork.parent_tgid, ev->fork.parent_start_time,
			ev->start_time);
		return;
	case LLMOS_EV_EXEC:
		put_prefix(out, ev);
		fputs("exec ", out);
		put_field(out, ev->exec.filename);
		fputc('\n', out);
		return;
	case LLMOS_EV_EXIT:
		put_prefix(out, ev);
		fprintf(out, "exit code=%d\n", ev->exit.exit_code);
		return;
	case LLMOS_EV_SCHED:
		put_prefix(out, ev);
		fprintf(out, "sched tid=%u interval_ns=%" PRIu64 " run_ns=%" PRIu64
			" wait_ns=%" PRIu64 " runs=%u wakeups=%u nvcsw=%u nivcsw=%u cpu_ns=%" PRIu64 "\n",
			ev->tid, ev->sched.interval_ns, ev->sched.run_ns,
			ev->sched.wait_ns, ev->sched.nr_runs, ev->sched.wakeups,
			ev->sched.nvcsw, ev->sched.nivcsw, ev->sched.cpu_time_ns);
		return;
	}
}

static void dump_drops(FILE *out, const struct llmos_drops *d)
{
	fputs("- - - drops", out);
	for (uint32_t i = 0; i < d->n; i++) {
		fputc(' ', out);
		put_field(out, d->cause[i].name);
		fprintf(out, "=%" PRIu64, d->cause[i].count);
	}
	fputc('\n', out);
}

int trace_dump(struct trace_reader *r, FILE *out, FILE *err)
{
	struct trace_record rec;
	enum trace_item it;

	/* Ticks are the pipeline's business, not events: not shown. */
	while ((it = trace_reader_next(r, &rec)) > 0) {
		if (it == TRACE_EVENT)
			dump_event(out, &rec.ev);
		else if (it == TRACE_DROPS)
			dump_drops(out, &rec.drops);
	}
	if (it == TRACE_ERROR) {
		fflush(out);
		fprintf(err, "%s\n", trace_reader_error(r));
		return -1;
	}
	return 0;
}
