// SPDX-License-Identifier: GPL-2.0
/*
 * Trace reader. It reads through a fixed buffer rather than mapping the
 * file, so that replaying a large trace costs no memory.
 */
#include "trace_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace_format.h"

#define READER_BUF_SIZE (1024 * 1024)

struct trace_reader {
	int fd;
	bool own_fd;
	bool done;		/* end record seen, or an error */
	const struct trace_reader_stop *stop;	/* NULL: reads just block */
	char path[256];
	char error[560];	/* path, offset and message */
	uint64_t mono_base, real_base;
	uint64_t records;	/* records read, the end record excluded */
	uint64_t skipped;
	uint64_t buf_off;	/* file offset of buf[0] */
	size_t head, tail;	/* unread bytes are buf[head..tail) */
	unsigned char buf[READER_BUF_SIZE];
};

static enum trace_item fail(struct trace_reader *r, uint64_t off,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum trace_item fail(struct trace_reader *r, uint64_t off,
			    const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(r->error, sizeof(r->error), "%s: offset %" PRIu64 ": %s",
		 r->path, off, msg);
	r->done = true;
	return TRACE_ERROR;
}

static uint64_t cur_off(const struct trace_reader *r)
{
	return r->buf_off + r->head;
}

/*
 * Waits until r->fd is readable or a stop signal arrives; -1 with errno
 * EINTR on a stop. The flag is tested with the signals blocked, which
 * ppoll() unblocks only while it waits: a signal cannot come after the
 * test and before the wait, where a plain read() would miss it.
 */
static int wait_input(struct trace_reader *r)
{
	struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
	sigset_t during;
	int ret;

	if (sigprocmask(SIG_BLOCK, &r->stop->signals, &during))
		return -1;
	if (*r->stop->flag) {
		errno = EINTR;
		ret = -1;
	} else {
		ret = ppoll(&pfd, 1, NULL, &during);
	}
	sigprocmask(SIG_SETMASK, &during, NULL);
	return ret < 0 ? -1 : 0;
}

/*
 * Make n bytes available at buf + head. Returns how many are (less than n
 * only at the end of the file), -1 on a read error (r->error set), or
 * TRACE_INTR if a signal interrupted a read (what was read is kept).
 */
static ssize_t fill(struct trace_reader *r, size_t n)
{
	if (r->tail - r->head >= n)
		return (ssize_t)n;
	memmove(r->buf, r->buf + r->head, r->tail - r->head);
	r->buf_off += r->head;
	r->tail -= r->head;
	r->head = 0;
	while (r->tail < n) {
		ssize_t got = r->stop && wait_input(r) ? -1 :
			read(r->fd, r->buf + r->tail, sizeof(r->buf) - r->tail);

		if (got < 0) {
			if (errno == EINTR)
				return TRACE_INTR;
			fail(r, cur_off(r), "read: %s", strerror(errno));
			return -1;
		}
		if (!got)
			break;
		r->tail += (size_t)got;
	}
	return (ssize_t)(r->tail < n ? r->tail : n);
}

static bool read_header(struct trace_reader *r)
{
	const unsigned char *h;
	ssize_t got = fill(r, TRACE_HDR_SIZE);
	unsigned int version;

	if (got == TRACE_INTR) {
		fail(r, 0, "interrupted before the header was read");
		return false;
	}
	if (got < 0)
		return false;
	h = r->buf;
	if (got < 8 || memcmp(h + TRACE_HDR_MAGIC, TRACE_MAGIC, 8)) {
		fail(r, 0, "not an llmos trace (bad magic)");
		return false;
	}
	if (got < TRACE_HDR_SIZE) {
		fail(r, (uint64_t)got, "truncated header (%zd of %d bytes)",
		     got, TRACE_HDR_SIZE);
		return false;
	}
	/* First: the version says how the checksums are computed. */
	version = get_le16(h + TRACE_HDR_VERSION);
	if (version != TRACE_VERSION) {
		fail(r, TRACE_HDR_VERSION,
		     "unsupported trace version %u (this reader reads version %d%s)",
		     version, TRACE_VERSION, version < TRACE_VERSION ?
		     "; record or import the trace again" : "");
		return false;
	}
	if (get_le32(h + TRACE_HDR_CRC) != trace_header_crc(h)) {
		fail(r, 0, "corrupt header (checksum mismatch)");
		return false;
	}
	if (get_le16(h + TRACE_HDR_SIZE_FIELD) != TRACE_HDR_SIZE ||
	    get_le32(h + TRACE_HDR_FLAGS) || get_le32(h + TRACE_HDR_RESERVED)) {
		fail(r, TRACE_HDR_SIZE_FIELD, "malformed header");
		return false;
	}
	r->mono_base = get_le64(h + TRACE_HDR_MONO_BASE);
	r->real_base = get_le64(h + TRACE_HDR_REAL_BASE);
	r->head = TRACE_HDR_SIZE;
	return true;
}

struct trace_reader *trace_reader_open(const char *path, char *err,
				       size_t errlen)
{
	return trace_reader_open_until(path, NULL, err, errlen);
}

struct trace_reader *trace_reader_open_until(const char *path,
					     const struct trace_reader_stop *stop,
					     char *err, size_t errlen)
{
	struct trace_reader *r = calloc(1, sizeof(*r));

	if (!r) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	r->stop = stop;
	snprintf(r->path, sizeof(r->path), "%s", path);
	if (!strcmp(path, "-")) {
		r->fd = STDIN_FILENO;
	} else {
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			free(r);
			return NULL;
		}
		r->own_fd = true;
	}
	if (!read_header(r)) {
		snprintf(err, errlen, "%s", r->error);
		trace_reader_close(r);
		return NULL;
	}
	return r;
}

/* A NUL-padded string field must hold a NUL; copy it out. */
static bool get_string(char *dst, const unsigned char *src, size_t size)
{
	if (!memchr(src, 0, size))
		return false;
	memcpy(dst, src, size);
	return true;
}

static enum trace_item decode_event(struct trace_reader *r, uint64_t off,
				    uint16_t type, const unsigned char *p,
				    size_t len, struct llmos_event *ev)
{
	const unsigned char *x = p + TRACE_EV_COMMON_SIZE;
	size_t xlen;

	/* No stale bytes: two reads of one trace give identical structs. */
	memset(ev, 0, sizeof(*ev));
	if (len < TRACE_EV_COMMON_SIZE)
		return fail(r, off, "event record too short (%zu bytes)", len);
	xlen = len - TRACE_EV_COMMON_SIZE;
	ev->type = type;
	ev->time_ns = get_le64(p + TRACE_EV_TIME);
	ev->start_time = get_le64(p + TRACE_EV_START_TIME);
	ev->tgid = get_le32(p + TRACE_EV_TGID);
	ev->tid = get_le32(p + TRACE_EV_TID);
	ev->ppid = get_le32(p + TRACE_EV_PPID);
	if (!get_string(ev->comm, p + TRACE_EV_COMM, LLMOS_COMM_LEN))
		return fail(r, off, "comm is not terminated");

	switch (type) {
	case LLMOS_EV_EXEC:
		if (xlen >= LLMOS_PATH_LEN || memchr(x, 0, xlen))
			return fail(r, off, "bad exec filename");
		memcpy(ev->exec.filename, x, xlen);
		ev->exec.filename[xlen] = 0;
		break;
	case LLMOS_EV_FORK:
		if (xlen != TRACE_EV_FORK_SIZE)
			return fail(r, off, "bad fork record size %zu", len);
		ev->fork.parent_tgid = get_le32(x);
		ev->fork.parent_start_time = get_le64(x + 8);
		break;
	case LLMOS_EV_EXIT:
		if (xlen != TRACE_EV_EXIT_SIZE)
			return fail(r, off, "bad exit record size %zu", len);
		ev->exit.exit_code = (int32_t)get_le32(x);
		break;
	case LLMOS_EV_SYSCALLS: {
		unsigned int count;

		if (xlen < TRACE_EV_SYSCALLS_HDR)
			return fail(r, off, "syscall record too short");
		ev->sys.abi = get_le16(x);
		count = get_le16(x + 2);
		if (ev->sys.abi >= LLMOS_ABI_MAX)
			return fail(r, off, "unknown syscall ABI %u", ev->sys.abi);
		if (!count || count > LLMOS_SYSCALL_BATCH_MAX ||
		    xlen != TRACE_EV_SYSCALLS_HDR + 2 * (size_t)count)
			return fail(r, off, "bad syscall count %u for %zu bytes",
				    count, len);
		ev->sys.count = (uint16_t)count;
		for (unsigned int i = 0; i < count; i++)
			ev->sys.ids[i] = get_le16(x + TRACE_EV_SYSCALLS_HDR + 2 * i);
		break;
	}
	case LLMOS_EV_SCHED:
		if (xlen != TRACE_EV_SCHED_SIZE)
			return fail(r, off, "bad sched record size %zu", len);
		ev->sched.interval_ns = get_le64(x);
		ev->sched.run_ns = get_le64(x + 8);
		ev->sched.wait_ns = get_le64(x + 16);
		ev->sched.nr_runs = get_le32(x + 24);
		ev->sched.wakeups = get_le32(x + 28);
		ev->sched.nvcsw = get_le32(x + 32);
		ev->sched.nivcsw = get_le32(x + 36);
		ev->sched.cpu_time_ns = get_le64(x + 40);
		break;
	}
	return TRACE_EVENT;
}

static enum trace_item decode_drops(struct trace_reader *r, uint64_t off,
				    const unsigned char *p, size_t len,
				    struct llmos_drops *d)
{
	uint32_t n;

	if (len < 4)
		return fail(r, off, "drops record too short");
	memset(d, 0, sizeof(*d));
	n = get_le32(p);
	if (n > LLMOS_DROP_CAUSES_MAX || len != 4 + n * TRACE_DROPS_ENTRY_SIZE)
		return fail(r, off, "bad drops record (%u causes in %zu bytes)",
			    n, len);
	d->n = n;
	for (uint32_t i = 0; i < n; i++) {
		const unsigned char *e = p + 4 + i * TRACE_DROPS_ENTRY_SIZE;

		if (!get_string(d->cause[i].name, e, LLMOS_DROP_NAME_LEN))
			return fail(r, off, "drop cause name is not terminated");
		d->cause[i].count = get_le64(e + LLMOS_DROP_NAME_LEN);
	}
	return TRACE_DROPS;
}

enum trace_item trace_reader_next(struct trace_reader *r,
				  struct trace_record *rec)
{
	for (;;) {
		uint64_t off = cur_off(r);
		const unsigned char *hdr, *p;
		uint16_t type, len;
		ssize_t got;

		if (r->done)
			return r->error[0] ? TRACE_ERROR : TRACE_EOF;
		got = fill(r, TRACE_REC_HDR_SIZE);
		if (got < 0)
			return got == TRACE_INTR ? TRACE_INTR : TRACE_ERROR;
		if (got == 0)
			return fail(r, off, "truncated: the file ends without an end record");
		if (got < TRACE_REC_HDR_SIZE)
			return fail(r, off, "truncated record header (%zd of %d bytes)",
				    got, TRACE_REC_HDR_SIZE);
		type = get_le16(r->buf + r->head);
		len = get_le16(r->buf + r->head + 2);
		/* After an end record, one more byte: there must be none. */
		got = fill(r, TRACE_REC_HDR_SIZE + (size_t)len +
			   (type == TRACE_REC_END));
		if (got < 0)
			return got == TRACE_INTR ? TRACE_INTR : TRACE_ERROR;
		if (got < TRACE_REC_HDR_SIZE + len)
			return fail(r, off, "truncated record (type %u, %u payload bytes, %zd present)",
				    type, len, got - TRACE_REC_HDR_SIZE);
		hdr = r->buf + r->head;
		p = hdr + TRACE_REC_HDR_SIZE;
		if (get_le32(hdr + 4) != trace_record_crc(hdr, len))
			return fail(r, off, "corrupt record (checksum mismatch)");
		r->head += TRACE_REC_HDR_SIZE + (size_t)len;

		if (type >= LLMOS_EV_EXEC && type < LLMOS_EV_TYPE_MAX) {
			r->records++;
			return decode_event(r, off, type, p, len, &rec->ev);
		}
		if (type == TRACE_REC_DROPS) {
			r->records++;
			return decode_drops(r, off, p, len, &rec->drops);
		}
		if (type == TRACE_REC_TICK) {
			if (len != TRACE_TICK_SIZE)
				return fail(r, off, "bad tick record size %u", len);
			r->records++;
			rec->tick_ns = get_le64(p);
			return TRACE_TICK;
		}
		if (type == TRACE_REC_END) {
			if (len != TRACE_END_SIZE || get_le64(p) != r->records)
				return fail(r, off, "end record counts %" PRIu64 " records, read %" PRIu64,
					    len == TRACE_END_SIZE ? get_le64(p) : 0,
					    r->records);
			if (got > TRACE_REC_HDR_SIZE + len)
				return fail(r, cur_off(r), "data after the end record");
			r->done = true;
			return TRACE_EOF;
		}
		/* A newer writer's record type: its checksum held, skip it. */
		r->records++;
		r->skipped++;
	}
}

const char *trace_reader_error(const struct trace_reader *r)
{
	return r->error;
}

uint64_t trace_reader_mono_base(const struct trace_reader *r)
{
	return r->mono_base;
}

uint64_t trace_reader_real_base(const struct trace_reader *r)
{
	return r->real_base;
}

uint64_t trace_reader_skipped(const struct trace_reader *r)
{
	return r->skipped;
}

void trace_reader_close(struct trace_reader *r)
{
	if (!r)
		return;
	if (r->own_fd)
		close(r->fd);
	free(r);
}
