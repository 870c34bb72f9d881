// SPDX-License-Identifier: GPL-2.0
/* Trace writer/reader: round trip, and rejection of damaged files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "agent_testlib.h"
#include "trace_format.h"
#include "trace_reader.h"
#include "trace_writer.h"

/* The file under test lives in memory: rewriting it a thousand times is cheap. */
static char path[64];
static int memfd = -1;

static int setup(void **state)
{
	(void)state;
	memfd = tl_memfile("llmos-test-trace", path, sizeof(path));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	close(memfd);
	return 0;
}

/* One event of every type, with every field set to something distinct. */
static unsigned int sample_events(struct llmos_event *evs)
{
	unsigned int n = 0;
	struct llmos_event *e;

	memset(evs, 0, 6 * sizeof(*evs));
	e = &evs[n++];
	e->type = LLMOS_EV_FORK;
	e->tgid = 200; e->tid = 200; e->ppid = 100;
	e->time_ns = 1000; e->start_time = 999;
	strcpy(e->comm, "sh");
	e->fork.parent_tgid = 100;
	e->fork.parent_start_time = 5;

	e = &evs[n++];
	e->type = LLMOS_EV_EXEC;
	e->tgid = 200; e->tid = 200; e->ppid = 100;
	e->time_ns = 2000; e->start_time = 999;
	strcpy(e->comm, "fifteen-chars-x");
	memset(e->exec.filename, 'a', LLMOS_PATH_LEN - 1);

	e = &evs[n++];
	e->type = LLMOS_EV_SYSCALLS;
	e->tgid = 200; e->tid = 201; e->ppid = 100;
	e->time_ns = 3000; e->start_time = 999;
	strcpy(e->comm, "cat");
	e->sys.abi = LLMOS_ABI_I386;
	e->sys.count = LLMOS_SYSCALL_BATCH_MAX;
	for (unsigned int i = 0; i < LLMOS_SYSCALL_BATCH_MAX; i++)
		e->sys.ids[i] = (uint16_t)(i * 7 + 1);

	e = &evs[n++];
	e->type = LLMOS_EV_SCHED;
	e->tgid = 200; e->tid = 201; e->ppid = 100;
	e->time_ns = 4000; e->start_time = 999;
	strcpy(e->comm, "cat");
	e->sched.interval_ns = 1; e->sched.run_ns = 2; e->sched.wait_ns = 3;
	e->sched.nr_runs = 4; e->sched.wakeups = 5; e->sched.nvcsw = 6;
	e->sched.nivcsw = 7; e->sched.cpu_time_ns = UINT64_MAX;

	e = &evs[n++];
	e->type = LLMOS_EV_EXIT;
	e->tgid = 200; e->tid = 201; e->ppid = 1;
	e->time_ns = 5000; e->start_time = 999;
	strcpy(e->comm, "cat");
	e->exit.exit_code = -1;
	return n;
}

static void write_sample(struct llmos_drops *drops)
{
	struct llmos_event evs[6];
	unsigned int n = sample_events(evs);
	char err[256];
	struct trace_writer *w = trace_writer_open(path, 11, 22, err, sizeof(err));

	assert_non_null(w);
	memset(drops, 0, sizeof(*drops));
	drops->n = 2;
	strcpy(drops->cause[0].name, "ring_full");
	drops->cause[0].count = 42;
	strcpy(drops->cause[1].name, "map_full");
	drops->cause[1].count = 7;
	for (unsigned int i = 0; i < n; i++) {
		assert_int_equal(trace_writer_event(w, &evs[i]), 0);
		if (i == 2) {
			assert_int_equal(trace_writer_drops(w, drops), 0);
			assert_int_equal(trace_writer_tick(w, 3500), 0);
		}
	}
	assert_int_equal(trace_writer_close(w), 0);
}

static void test_round_trip(void **state)
{
	static struct trace_record rec;
	struct llmos_event evs[6];
	struct llmos_drops drops;
	unsigned int n = sample_events(evs), i = 0;
	struct trace_reader *r;
	char err[256];
	enum trace_item it;
	bool saw_drops = false, saw_tick = false;

	(void)state;
	write_sample(&drops);
	r = trace_reader_open(path, err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(trace_reader_mono_base(r), 11);
	assert_int_equal(trace_reader_real_base(r), 22);
	while ((it = trace_reader_next(r, &rec)) > 0) {
		if (it == TRACE_DROPS) {
			assert_int_equal(i, 3);
			assert_memory_equal(&rec.drops, &drops, sizeof(drops));
			saw_drops = true;
			continue;
		}
		if (it == TRACE_TICK) {
			assert_true(saw_drops);
			assert_int_equal(rec.tick_ns, 3500);
			saw_tick = true;
			continue;
		}
		assert_true(i < n);
		/* The exec filename is cut to LLMOS_PATH_LEN - 1 bytes + NUL. */
		assert_memory_equal(&rec.ev, &evs[i], sizeof(rec.ev));
		i++;
	}
	assert_int_equal(it, TRACE_EOF);
	assert_int_equal(i, n);
	assert_true(saw_tick);
	trace_reader_close(r);
}

static void spill(const void *buf, size_t len)
{
	assert_int_equal(ftruncate(memfd, 0), 0);
	assert_int_equal(pwrite(memfd, buf, len, 0), (ssize_t)len);
}

/* Read the whole file; returns the reader's error ("" if it read fine). */
static const char *read_all(char *msg, size_t len)
{
	struct trace_reader *r = trace_reader_open(path, msg, len);
	static struct trace_record rec;
	enum trace_item it;

	if (!r)
		return msg;
	while ((it = trace_reader_next(r, &rec)) > 0)
		;
	snprintf(msg, len, "%s", it == TRACE_ERROR ? trace_reader_error(r) : "");
	trace_reader_close(r);
	return msg;
}

/*
 * The sample file's bytes (*len of them, malloc'ed) and the offsets of its
 * *n records, to damage them.
 */
static unsigned char *sample_bytes(size_t *len, size_t *offs, unsigned int *n)
{
	struct llmos_drops drops;
	unsigned char *buf;

	write_sample(&drops);
	buf = tl_read_file(path, len);
	*n = 0;
	for (size_t off = TRACE_HDR_SIZE; off < *len;
	     off += TRACE_REC_HDR_SIZE + get_le16(buf + off + 2))
		offs[(*n)++] = off;
	return buf;
}

/* The file as it is now is refused at offset off, saying why. */
static void expect_rejected(size_t off, const char *why)
{
	char msg[512], want[128];

	read_all(msg, sizeof(msg));
	snprintf(want, sizeof(want), "%s: offset %zu: ", path, off);
	if (!strstr(msg, want) || !strstr(msg, why))
		fail_msg("error \"%s\" is not \"%s...%s\"", msg, want, why);
}

static void test_corrupt_rejected(void **state)
{
	size_t len, offs[16];
	unsigned char *buf;
	unsigned int n;

	(void)state;
	buf = sample_bytes(&len, offs, &n);
	assert_int_equal(n, 8);	/* 5 events, drops, tick, end */

	/* A flipped bit anywhere in a record names that record. */
	for (unsigned int i = 0; i < n; i++) {
		size_t at = offs[i] + TRACE_REC_HDR_SIZE + 3;

		if (i == n - 1)
			at = offs[i] + TRACE_REC_HDR_SIZE;
		buf[at] ^= 0x10;
		spill(buf, len);
		expect_rejected(offs[i], "corrupt record");
		buf[at] ^= 0x10;
	}

	/* A damaged header. */
	buf[TRACE_HDR_MONO_BASE] ^= 1;
	spill(buf, len);
	expect_rejected(0, "corrupt header");
	buf[TRACE_HDR_MONO_BASE] ^= 1;
	memcpy(buf, "NOTTRACE", 8);
	spill(buf, len);
	expect_rejected(0, "not an llmos trace");
	free(buf);
}

static void test_truncated_rejected(void **state)
{
	size_t len, offs[16];
	unsigned char *buf;
	unsigned int n;
	char msg[512];

	(void)state;
	buf = sample_bytes(&len, offs, &n);

	/* Cut at every byte: the error names the record the cut falls in. */
	for (size_t cut = TRACE_HDR_SIZE; cut < len; cut++) {
		size_t rec = TRACE_HDR_SIZE;

		for (unsigned int i = 0; i < n; i++)
			if (offs[i] <= cut)
				rec = offs[i];
		spill(buf, cut);
		expect_rejected(rec, "truncated");
	}
	for (size_t cut = 1; cut < TRACE_HDR_SIZE; cut++) {
		spill(buf, cut);
		read_all(msg, sizeof(msg));
		assert_true(msg[0]);
	}
	/* Trailing garbage after the end record. */
	spill(buf, len);
	assert_int_equal(pwrite(memfd, "x", 1, len), 1);
	expect_rejected(len, "data after the end record");
	free(buf);
}

/* A record type from a newer writer is skipped when its checksum holds. */
static void test_unknown_type_skipped(void **state)
{
	static struct trace_record rec;
	unsigned char *buf, *p, *q;
	size_t len, offs[16];
	struct trace_reader *r;
	unsigned int n, events = 0;
	enum trace_item it;
	char err[600];

	(void)state;
	buf = sample_bytes(&len, offs, &n);
	buf = realloc(buf, len + 16);
	/* Replace the end record by a type-200 record and a new end. */
	p = buf + offs[n - 1];
	put_le16(p, 200);
	put_le16(p + 2, 3);
	memcpy(p + 8, "new", 3);
	put_le32(p + 4, crc32(crc32(0, p, 4), p + 8, 3));
	q = p + 11;
	put_le16(q, TRACE_REC_END);
	put_le16(q + 2, TRACE_END_SIZE);
	put_le64(q + 8, n);
	put_le32(q + 4, crc32(crc32(0, q, 4), q + 8, TRACE_END_SIZE));
	spill(buf, (size_t)(q + 16 - buf));
	r = trace_reader_open(path, err, sizeof(err));
	assert_non_null(r);
	while ((it = trace_reader_next(r, &rec)) > 0)
		events += it == TRACE_EVENT;
	assert_int_equal(it, TRACE_EOF);
	assert_int_equal(events, 5);
	assert_int_equal(trace_reader_skipped(r), 1);
	trace_reader_close(r);
	free(buf);
}

/*
 * The checksums are the documented ones, which any CRC-32 library (here
 * zlib's, called directly) computes: the header's over its first 36 bytes,
 * a record's over its type and size, then its payload.
 */
static void test_checksums(void **state)
{
	size_t len, offs[16];
	unsigned char *buf;
	unsigned int n;

	(void)state;
	buf = sample_bytes(&len, offs, &n);
	assert_int_equal(get_le16(buf + TRACE_HDR_VERSION), 2);
	assert_int_equal(get_le32(buf + 36), crc32(0, buf, 36));
	for (unsigned int i = 0; i < n; i++) {
		const unsigned char *rec = buf + offs[i];

		assert_int_equal(get_le32(rec + 4),
				 crc32(crc32(0, rec, 4), rec + 8,
				       get_le16(rec + 2)));
	}
	free(buf);
}

/*
 * Another version is refused by name before any checksum is read (a
 * version 1 file has CRC-32C checksums, which would only look corrupt).
 */
static void test_version_rejected(void **state)
{
	size_t len, offs[16];
	unsigned char *buf;
	unsigned int n;

	(void)state;
	buf = sample_bytes(&len, offs, &n);
	put_le16(buf + TRACE_HDR_VERSION, 1);
	spill(buf, len);
	expect_rejected(TRACE_HDR_VERSION, "unsupported trace version 1 "
			"(this reader reads version 2; "
			"record or import the trace again)");
	put_le16(buf + TRACE_HDR_VERSION, 3);
	spill(buf, len);
	expect_rejected(TRACE_HDR_VERSION, "unsupported trace version 3 "
			"(this reader reads version 2)");
	free(buf);
}

/*
 * A stop flag already set when the reader must wait for input (a signal
 * that came after the caller last looked at the flag) makes it return
 * TRACE_INTR, not block on an idle pipe. What it holds is delivered first,
 * and nothing is lost: with the flag cleared the read goes on to the end.
 */
static void test_stop_before_wait(void **state)
{
	static struct trace_record rec;
	static volatile sig_atomic_t flag;
	struct trace_reader_stop stop = { .flag = &flag };
	size_t len, offs[16], end;
	unsigned int n, got = 0;
	unsigned char *buf = sample_bytes(&len, offs, &n);
	char fdpath[64], err[256];
	struct trace_reader *r;
	enum trace_item it;
	int p[2];

	(void)state;
	sigemptyset(&stop.signals);
	sigaddset(&stop.signals, SIGTERM);
	assert_int_equal(pipe(p), 0);
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", p[0]);
	/* A reader that blocks ends the test here, failed. */
	alarm(10);

	flag = 1;
	assert_null(trace_reader_open_until(fdpath, &stop, err, sizeof(err)));
	assert_non_null(strstr(err, "interrupted before the header was read"));

	flag = 0;
	end = offs[n - 1];
	assert_int_equal(write(p[1], buf, end), (ssize_t)end);
	r = trace_reader_open_until(fdpath, &stop, err, sizeof(err));
	assert_non_null(r);
	flag = 1;
	while ((it = trace_reader_next(r, &rec)) > 0)
		got++;
	assert_int_equal(it, TRACE_INTR);
	assert_int_equal(got, n - 1);

	flag = 0;
	assert_int_equal(write(p[1], buf + end, len - end),
			 (ssize_t)(len - end));
	/* The reader looks for bytes after the end record: it needs EOF. */
	close(p[1]);
	assert_int_equal(trace_reader_next(r, &rec), TRACE_EOF);
	alarm(0);
	trace_reader_close(r);
	close(p[0]);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checksums, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_type_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_before_wait, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
