// SPDX-License-Identifier: GPL-2.0
/* Scheduling features and the class decision list (sched_class.h). */
#include <math.h>
#include <string.h>

#include "../syscall_table.h"
#include "sched_class.h"

static const char *const class_names[SCHED_NR_CLASSES] = {
	[SCHED_CLASS_INTERACTIVE] = "interactive",
	[SCHED_CLASS_BATCH] = "batch",
	[SCHED_CLASS_IO] = "io",
	[SCHED_CLASS_BACKGROUND] = "background",
};

const char *sched_class_name(int cls)
{
	if (cls < 0 || cls >= SCHED_NR_CLASSES)
		return "-";
	return class_names[cls];
}

int sched_class_parse(const char *name)
{
	int i;

	for (i = 0; i < SCHED_NR_CLASSES; i++)
		if (!strcmp(name, class_names[i]))
			return i;
	return SCHED_CLASS_NONE;
}

void sched_features_of(const struct sched_counters *c,
		       struct sched_features *f)
{
	double wall_s = (double)c->wall_ns / 1e9;
	uint64_t sw = c->nvcsw + c->nivcsw;

	memset(f, 0, sizeof(*f));
	f->enough = c->wall_ns >= SCHED_MIN_WALL_NS && c->interval_ns > 0 &&
		    (c->nr_runs >= SCHED_MIN_RUNS ||
		     c->run_ns >= SCHED_MIN_WALL_NS / 2);
	if (!c->wall_ns)
		return;
	f->cpu = (double)c->run_ns / (double)c->wall_ns;
	f->demand = c->interval_ns ?
		(double)(c->run_ns + c->wait_ns) / (double)c->interval_ns : 0.0;
	if (f->demand > 1.0)
		f->demand = 1.0;
	f->wakeups_s = (double)c->wakeups / wall_s;
	/* No switch: it kept the CPU (0), or never ran (1). */
	f->vol_ratio = sw ? (double)c->nvcsw / (double)sw :
			    c->run_ns ? 0.0 : 1.0;
	f->burst_us = (double)c->run_ns / 1e3 /
		      (double)(c->nr_runs ? c->nr_runs : 1);
	f->sleeps = c->nvcsw >= SCHED_SLEEP_MIN &&
		    (double)c->run_ns / 1e3 <
		    SCHED_SLEEP_BURST_US * (double)c->nvcsw;
	f->io_frac = c->syscalls ?
		(double)c->io_syscalls / (double)c->syscalls : 0.0;
	f->io_s = (double)c->io_syscalls / wall_s;
}

int sched_classify_features(const struct sched_features *f)
{
	bool blocks;

	if (!f->enough)
		return SCHED_CLASS_NONE;
	if (f->cpu < SCHED_BG_CPU && f->wakeups_s < SCHED_BG_WAKEUPS_S &&
	    f->demand < SCHED_BG_DEMAND)
		return SCHED_CLASS_BACKGROUND;
	/*
	 * Rates fall when a process is starved; ratios per switch and sleeps
	 * per CPU time do not, so a hint cannot feed back into its class.
	 */
	blocks = f->vol_ratio >= SCHED_BATCH_VOL || f->sleeps;
	if (f->demand >= SCHED_BATCH_DEMAND && !blocks)
		return SCHED_CLASS_BATCH;
	if (f->io_frac >= SCHED_IO_FRAC && f->io_s >= SCHED_IO_RATE_S)
		return SCHED_CLASS_IO;
	if (blocks &&
	    (f->wakeups_s >= SCHED_INTERACTIVE_WAKEUPS_S ||
	     (f->demand >= SCHED_INTERACTIVE_DEMAND &&
	      f->burst_us < SCHED_INTERACTIVE_BURST_US)))
		return SCHED_CLASS_INTERACTIVE;
	return f->demand >= SCHED_IDLE_DEMAND ? SCHED_CLASS_BATCH :
						 SCHED_CLASS_BACKGROUND;
}

/* log10(x) for x >= 1, without libm (llmosctl links none). */
static double log10_ge1(double x)
{
	double z, z2, t, s = 0.0;
	int e = 0, k;

	while (x >= 2.0) {
		x /= 2.0;
		e++;
	}
	/* ln(x) = 2 atanh((x - 1) / (x + 1)), |z| <= 1/3 */
	z = (x - 1.0) / (x + 1.0);
	z2 = z * z;
	t = z;
	for (k = 1; k < 40; k += 2) {
		s += t / k;
		t *= z2;
	}
	return (2.0 * s + e * 0.69314718055994530942) / 2.30258509299404568402;
}

float sched_regression_target(const struct sched_features *f)
{
	double v;

	if (!f->enough)
		return NAN;
	v = log10_ge1(f->burst_us > 1.0 ? f->burst_us : 1.0);
	return (float)(v > 6.0 ? 6.0 : v);
}

/* Syscalls that move file data or wait for it to reach the device. */
static const char *const io_names[] = {
	"read", "write", "pread64", "pwrite64", "readv", "writev",
	"preadv", "pwritev", "preadv2", "pwritev2", "fsync", "fdatasync",
	"sync", "syncfs", "sync_file_range", "sendfile", "copy_file_range",
	"splice", "io_submit", "io_getevents", "io_pgetevents",
	"io_uring_enter", "msync", "fallocate",
};

static bool io_map[LLMOS_NR_TOKENS];
static bool io_map_ready;

bool sched_token_is_io(unsigned int token)
{
	if (!io_map_ready) {
		size_t i;

		for (i = 0; i < sizeof(io_names) / sizeof(io_names[0]); i++) {
			int t = syscall_token_lookup(io_names[i]);

			if (t >= 0 && t < LLMOS_NR_TOKENS)
				io_map[t] = true;
		}
		io_map_ready = true;
	}
	return token < LLMOS_NR_TOKENS && io_map[token];
}
