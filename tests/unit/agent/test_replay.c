// SPDX-License-Identifier: GPL-2.0
/*
 * Replay: the same trace through the pipeline twice gives the same result,
 * stages see every event and every process leave, and re-recording a
 * replay reproduces the input byte for byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent_testlib.h"
#include "pipeline.h"
#include "replay.h"
#include "trace_reader.h"
#include "trace_synth.h"
#include "trace_writer.h"

#define PROCS 300

static char input[64], output[64];

/* A stage that keeps count of what it saw. */
struct counting_stage {
	uint64_t events, tokens, ticks;
	uint64_t released[3];
	uint64_t token_sum;
};

static void count_event(void *ctx, const struct llmos_event *ev,
			struct proc *p, const uint16_t *tokens, unsigned int n)
{
	struct counting_stage *cs = ctx;

	assert_int_equal(p->tgid, ev->tgid);
	assert_int_equal(p->start_time, ev->start_time);
	cs->events++;
	cs->tokens += n;
	for (unsigned int i = 0; i < n; i++)
		cs->token_sum += tokens[i];
}

static void count_release(void *ctx, struct proc *p, enum proc_release why)
{
	struct counting_stage *cs = ctx;

	(void)p;
	cs->released[why]++;
}

static void count_tick(void *ctx, uint64_t now)
{
	struct counting_stage *cs = ctx;

	(void)now;
	cs->ticks++;
}

/* A pipeline whose only stage counts into cs, recording to w if not NULL. */
static struct pipeline *counting_pipeline(uint32_t max_procs,
					  struct trace_writer *w,
					  struct counting_stage *cs)
{
	const struct pipeline_stage st = {
		.name = "count",
		.ctx = cs,
		.event = count_event,
		.release = count_release,
		.tick = count_tick,
	};
	struct pipeline *pl = pipeline_new(max_procs, w);

	assert_non_null(pl);
	assert_int_equal(pipeline_add_stage(pl, &st), 0);
	return pl;
}

struct run {
	struct pipeline_stats stats;
	struct proc_table_stats procs;
	struct counting_stage stage;
};

static void replay_once(const char *path, uint32_t max_procs,
			const char *record, struct run *out)
{
	static volatile sig_atomic_t never;
	struct trace_writer *w = NULL;
	struct trace_reader *r;
	struct pipeline *pl;
	char err[600];

	memset(out, 0, sizeof(*out));
	r = trace_reader_open(path, err, sizeof(err));
	assert_non_null(r);
	if (record) {
		w = trace_writer_open(record, trace_reader_mono_base(r),
				      trace_reader_real_base(r), err, sizeof(err));
		assert_non_null(w);
	}
	pl = counting_pipeline(max_procs, w, &out->stage);
	assert_int_equal(replay_run(r, pl, &never), 0);
	out->stats = *pipeline_stats(pl);
	out->procs = *pipeline_proc_stats(pl);
	pipeline_free(pl);
	trace_reader_close(r);
	if (w)
		assert_int_equal(trace_writer_close(w), 0);
}

static int setup(void **state)
{
	struct synth_opts so = { .procs = PROCS, .syscalls = 200000, .seed = 7 };
	char err[600];
	int fd;

	(void)state;
	strcpy(input, "/tmp/llmos-test-replay-in-XXXXXX");
	strcpy(output, "/tmp/llmos-test-replay-out-XXXXXX");
	fd = mkstemp(input);
	if (fd < 0)
		return -1;
	close(fd);
	fd = mkstemp(output);
	if (fd < 0)
		return -1;
	close(fd);
	return trace_synth(&so, input, err, sizeof(err));
}

static int teardown(void **state)
{
	(void)state;
	unlink(input);
	unlink(output);
	return 0;
}

static void test_deterministic(void **state)
{
	struct run a, b;

	(void)state;
	replay_once(input, 1024, NULL, &a);
	replay_once(input, 1024, NULL, &b);
	assert_memory_equal(&a, &b, sizeof(a));
	/* Sanity of what was compared. */
	assert_true(a.stats.syscalls >= 200000);
	assert_int_equal(a.stats.unknown_syscalls, 0);
	assert_int_equal(a.procs.peak, PROCS);
	assert_int_equal(a.procs.live, 0);
	assert_int_equal(a.procs.evicted, 0);
	assert_int_equal(a.stats.forks, a.procs.exited);
	assert_int_equal(a.stage.released[PROC_RELEASE_EXIT], a.procs.exited);
	assert_true(a.stage.ticks > 0);
	/* Tokens: one per syscall, plus start, exec and exit per process. */
	assert_int_equal(a.stage.tokens, a.stats.syscalls + 3 * a.stats.forks);
}

static void test_deterministic_with_eviction(void **state)
{
	struct run a, b;

	(void)state;
	replay_once(input, PROCS / 3, NULL, &a);
	replay_once(input, PROCS / 3, NULL, &b);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_true(a.procs.evicted > 0);
	assert_int_equal(a.procs.peak, PROCS / 3);
	assert_int_equal(a.stage.released[PROC_RELEASE_EVICT], a.procs.evicted);
	/* Events of an evicted process bring it back, as adopted. */
	assert_true(a.stats.adopted > 0);
}

static void test_rerecord_identical(void **state)
{
	size_t la, lb;
	void *a, *b;
	struct run run;

	(void)state;
	replay_once(input, 1024, output, &run);
	a = tl_read_file(input, &la);
	b = tl_read_file(output, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(a);
	free(b);
}

/*
 * A live run gets ticks from its timer between events. Recorded, they make
 * a replay tick at the same points: the stages see the very same calls.
 */
static void test_live_ticks_replayed(void **state)
{
	static struct trace_record rec;
	struct counting_stage live = { 0 };
	struct trace_reader *r;
	struct trace_writer *w;
	struct pipeline *pl;
	uint64_t n = 0, timer_ticks = 0;
	struct run replayed;
	enum trace_item it;
	char err[600];

	(void)state;
	r = trace_reader_open(input, err, sizeof(err));
	assert_non_null(r);
	w = trace_writer_open(output, 0, 0, err, sizeof(err));
	assert_non_null(w);
	pl = counting_pipeline(1024, w, &live);
	while ((it = trace_reader_next(r, &rec)) == TRACE_EVENT) {
		assert_int_equal(pipeline_event(pl, &rec.ev), 0);
		/* The timer fires in a quiet spell after some events. */
		if (++n % 997 == 0) {
			uint64_t before = live.ticks;

			assert_int_equal(pipeline_tick(pl, rec.ev.time_ns + 50000000), 0);
			timer_ticks += live.ticks - before;
		}
	}
	assert_int_equal(it, TRACE_EOF);
	trace_reader_close(r);
	pipeline_free(pl);
	assert_int_equal(trace_writer_close(w), 0);
	assert_true(timer_ticks > 0);

	replay_once(output, 1024, NULL, &replayed);
	assert_memory_equal(&replayed.stage, &live, sizeof(live));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_deterministic_with_eviction),
		cmocka_unit_test(test_rerecord_identical),
		cmocka_unit_test(test_live_ticks_replayed),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
