// SPDX-License-Identifier: GPL-2.0
/* Trace writer: encodes records into a buffer and writes it out in chunks. */
#include "trace_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace_format.h"

#define WRITER_BUF_SIZE (256 * 1024)

struct trace_writer {
	int fd;
	int error;		/* first failure, sticky */
	uint64_t records;
	size_t used;
	unsigned char buf[WRITER_BUF_SIZE];
};

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int trace_writer_flush(struct trace_writer *w)
{
	if (!w->error && w->used)
		w->error = write_all(w->fd, w->buf, w->used);
	w->used = 0;
	return w->error;
}

/* Room for a record of payload size len at the end of the buffer. */
static unsigned char *record_begin(struct trace_writer *w, size_t len)
{
	if (w->used + TRACE_REC_HDR_SIZE + len > sizeof(w->buf) &&
	    trace_writer_flush(w))
		return NULL;
	return w->buf + w->used + TRACE_REC_HDR_SIZE;
}

static int record_end(struct trace_writer *w, uint16_t type, size_t len)
{
	unsigned char *rec = w->buf + w->used;

	put_le16(rec, type);
	put_le16(rec + 2, (uint16_t)len);
	put_le32(rec + 4, trace_record_crc(rec, len));
	w->used += TRACE_REC_HDR_SIZE + len;
	w->records++;
	return 0;
}

struct trace_writer *trace_writer_open(const char *path, uint64_t mono_base,
				       uint64_t real_base, char *err,
				       size_t errlen)
{
	struct trace_writer *w;
	unsigned char *h;

	w = calloc(1, sizeof(*w));
	if (!w) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (w->fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(w);
		return NULL;
	}
	h = w->buf;
	memcpy(h + TRACE_HDR_MAGIC, TRACE_MAGIC, 8);
	put_le16(h + TRACE_HDR_VERSION, TRACE_VERSION);
	put_le16(h + TRACE_HDR_SIZE_FIELD, TRACE_HDR_SIZE);
	put_le32(h + TRACE_HDR_FLAGS, 0);
	put_le64(h + TRACE_HDR_MONO_BASE, mono_base);
	put_le64(h + TRACE_HDR_REAL_BASE, real_base);
	put_le32(h + TRACE_HDR_RESERVED, 0);
	put_le32(h + TRACE_HDR_CRC, trace_header_crc(h));
	w->used = TRACE_HDR_SIZE;
	return w;
}

/* A string in a field of size bytes: cut to size - 1, NUL-padded. */
static void put_padded(unsigned char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	memset(dst + n, 0, size - n);
}

static size_t encode_event(unsigned char *p, const struct llmos_event *ev)
{
	size_t len = TRACE_EV_COMMON_SIZE;

	put_le64(p + TRACE_EV_TIME, ev->time_ns);
	put_le64(p + TRACE_EV_START_TIME, ev->start_time);
	put_le32(p + TRACE_EV_TGID, ev->tgid);
	put_le32(p + TRACE_EV_TID, ev->tid);
	put_le32(p + TRACE_EV_PPID, ev->ppid);
	put_padded(p + TRACE_EV_COMM, ev->comm, LLMOS_COMM_LEN);
	p += len;

	switch (ev->type) {
	case LLMOS_EV_EXEC: {
		size_t n = strnlen(ev->exec.filename, LLMOS_PATH_LEN - 1);

		memcpy(p, ev->exec.filename, n);
		len += n;
		break;
	}
	case LLMOS_EV_FORK:
		put_le32(p, ev->fork.parent_tgid);
		put_le32(p + 4, 0);
		put_le64(p + 8, ev->fork.parent_start_time);
		len += TRACE_EV_FORK_SIZE;
		break;
	case LLMOS_EV_EXIT:
		put_le32(p, (uint32_t)ev->exit.exit_code);
		len += TRACE_EV_EXIT_SIZE;
		break;
	case LLMOS_EV_SYSCALLS:
		put_le16(p, ev->sys.abi);
		put_le16(p + 2, ev->sys.count);
		for (unsigned int i = 0; i < ev->sys.count; i++)
			put_le16(p + TRACE_EV_SYSCALLS_HDR + 2 * i, ev->sys.ids[i]);
		len += TRACE_EV_SYSCALLS_HDR + 2 * (size_t)ev->sys.count;
		break;
	case LLMOS_EV_SCHED:
		put_le64(p, ev->sched.interval_ns);
		put_le64(p + 8, ev->sched.run_ns);
		put_le64(p + 16, ev->sched.wait_ns);
		put_le32(p + 24, ev->sched.nr_runs);
		put_le32(p + 28, ev->sched.wakeups);
		put_le32(p + 32, ev->sched.nvcsw);
		put_le32(p + 36, ev->sched.nivcsw);
		put_le64(p + 40, ev->sched.cpu_time_ns);
		len += TRACE_EV_SCHED_SIZE;
		break;
	}
	return len;
}

int trace_writer_event(struct trace_writer *w, const struct llmos_event *ev)
{
	unsigned char *p;

	if (w->error)
		return w->error;
	if (ev->type < LLMOS_EV_EXEC || ev->type >= LLMOS_EV_TYPE_MAX ||
	    (ev->type == LLMOS_EV_SYSCALLS &&
	     (!ev->sys.count || ev->sys.count > LLMOS_SYSCALL_BATCH_MAX ||
	      ev->sys.abi >= LLMOS_ABI_MAX)))
		return -EINVAL;
	p = record_begin(w, TRACE_MAX_PAYLOAD);
	if (!p)
		return w->error;
	return record_end(w, ev->type, encode_event(p, ev));
}

int trace_writer_drops(struct trace_writer *w, const struct llmos_drops *d)
{
	size_t len = 4 + (size_t)d->n * TRACE_DROPS_ENTRY_SIZE;
	unsigned char *p;

	if (w->error)
		return w->error;
	if (d->n > LLMOS_DROP_CAUSES_MAX)
		return -EINVAL;
	p = record_begin(w, len);
	if (!p)
		return w->error;
	put_le32(p, d->n);
	for (uint32_t i = 0; i < d->n; i++) {
		unsigned char *e = p + 4 + i * TRACE_DROPS_ENTRY_SIZE;

		put_padded(e, d->cause[i].name, LLMOS_DROP_NAME_LEN);
		put_le64(e + LLMOS_DROP_NAME_LEN, d->cause[i].count);
	}
	return record_end(w, TRACE_REC_DROPS, len);
}

int trace_writer_tick(struct trace_writer *w, uint64_t now_ns)
{
	unsigned char *p;

	if (w->error)
		return w->error;
	p = record_begin(w, TRACE_TICK_SIZE);
	if (!p)
		return w->error;
	put_le64(p, now_ns);
	return record_end(w, TRACE_REC_TICK, TRACE_TICK_SIZE);
}

uint64_t trace_writer_records(const struct trace_writer *w)
{
	return w->records;
}

int trace_writer_close(struct trace_writer *w)
{
	unsigned char *p;
	int ret;

	p = record_begin(w, TRACE_END_SIZE);
	if (p) {
		put_le64(p, w->records);
		record_end(w, TRACE_REC_END, TRACE_END_SIZE);
	}
	ret = trace_writer_flush(w);
	if (close(w->fd) && !ret)
		ret = -errno;
	free(w);
	return ret;
}
