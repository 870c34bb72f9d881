// SPDX-License-Identifier: GPL-2.0
/*
 * A write-ahead log for the normal workload, kept the way databases and
 * message queues keep theirs. Each transaction, stamped with the time of
 * its commit, appends its records to the current log segment with pwrite
 * and makes them durable with fsync or fdatasync before it counts as
 * committed, then waits a little for the next one (the clients' think
 * time). Every few transactions a checkpoint reads the new records back
 * with pread, checks them and writes them into their slots of a data
 * file, which it syncs. A full segment is synced, closed and a new one
 * started; the oldest segments past the kept ones are unlinked and the
 * directory synced. At the end the kept segments are replayed and
 * checked, as a recovery does, and the current segment is truncated (the
 * log is reset after a final checkpoint).
 *
 *   wl-journal [-s SEED] [-t TRANSACTIONS] [-r RECORD_BYTES]
 *              [-b RECORDS_PER_TX] [-p PAUSE_US] [-c CHECKPOINT_TX]
 *              [-g SEGMENT_KIB] [-k KEEP] [-f] DIR
 *
 * -f syncs with fsync instead of fdatasync. Prints one line of counts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wl_args.h"

#define MAGIC 0x4c4f4752u	/* "RGOL" */
#define MAX_RECORD (64 * 1024)
#define MAX_SEGMENTS 1024
#define DATA_SLOTS 64

struct header {
	unsigned int magic;
	unsigned int len;		/* payload bytes */
	unsigned long long lsn;
	unsigned long long time_ns;	/* of the commit */
	unsigned int sum;		/* of the payload */
	unsigned int pad;
};

struct journal {
	const char *dir;
	int dir_fd, seg_fd, data_fd;
	int use_fsync;
	size_t record;		/* bytes on disk, header included */
	off_t seg_limit, seg_off, ckpt_off;
	unsigned long long lsn, first_lsn[MAX_SEGMENTS];
	unsigned int segments, first_kept, keep;
	unsigned long long syncs, checkpoints, replayed;
	unsigned long long rng;
};

static void die(const char *what)
{
	fprintf(stderr, "wl-journal: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void bad_usage(void)
{
	fprintf(stderr, "usage: wl-journal [-s SEED] [-t TRANSACTIONS] [-r RECORD_BYTES]\n"
		"                  [-b RECORDS_PER_TX] [-p PAUSE_US] [-c CHECKPOINT_TX]\n"
		"                  [-g SEGMENT_KIB] [-k KEEP] [-f] DIR\n");
	exit(2);
}

static long arg(const char *s, long lo, long hi)
{
	return wl_arg("wl-journal", s, lo, hi);
}

static unsigned int checksum(const unsigned char *p, size_t n)
{
	unsigned int h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static void sync_fd(struct journal *j, int fd)
{
	if ((j->use_fsync ? fsync(fd) : fdatasync(fd)) < 0)
		die("sync");
	j->syncs++;
}

static void seg_path(const struct journal *j, unsigned int seg, char *out,
		     size_t size)
{
	snprintf(out, size, "%s/wal.%016llx", j->dir, j->first_lsn[seg]);
}

/* A new segment starting at the next record; the oldest past KEEP go. */
static void open_segment(struct journal *j)
{
	char path[4096];

	if (j->segments == MAX_SEGMENTS) {
		errno = ENOSPC;
		die("too many segments");
	}
	j->first_lsn[j->segments] = j->lsn;
	seg_path(j, j->segments, path, sizeof(path));
	j->seg_fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (j->seg_fd < 0)
		die(path);
	j->segments++;
	j->seg_off = 0;
	j->ckpt_off = 0;
	while (j->segments - j->first_kept > j->keep) {
		seg_path(j, j->first_kept++, path, sizeof(path));
		if (unlink(path) < 0)
			die(path);
	}
	sync_fd(j, j->dir_fd);
}

/* A record's payload: pseudo-random bytes, eight at a time. */
static void fill(struct journal *j, unsigned char *buf, size_t n)
{
	for (size_t i = 0; i < n; i += sizeof(j->rng)) {
		j->rng = j->rng * 6364136223846793005ULL + 1442695040888963407ULL;
		memcpy(buf + i, &j->rng,
		       n - i < sizeof(j->rng) ? n - i : sizeof(j->rng));
	}
}

/* Reads the record at off of fd into buf; returns its lsn or exits. */
static unsigned long long read_record(int fd, off_t off, unsigned char *buf, size_t n)
{
	struct header h;

	if (pread(fd, buf, n, off) != (ssize_t)n)
		die("pread");
	memcpy(&h, buf, sizeof(h));
	if (h.magic != MAGIC || h.len != n - sizeof(h) ||
	    h.sum != checksum(buf + sizeof(h), h.len)) {
		errno = EIO;
		die("bad record");
	}
	return h.lsn;
}

/* Applies the records since the last checkpoint to the data file. */
static void checkpoint(struct journal *j, unsigned char *buf)
{
	unsigned long long lsn;

	if (j->ckpt_off == j->seg_off)
		return;
	for (; j->ckpt_off < j->seg_off; j->ckpt_off += j->record) {
		lsn = read_record(j->seg_fd, j->ckpt_off, buf, j->record);
		if (pwrite(j->data_fd, buf, j->record,
			   (off_t)(lsn % DATA_SLOTS) * j->record) !=
		    (ssize_t)j->record)
			die("pwrite data");
	}
	sync_fd(j, j->data_fd);
	j->checkpoints++;
}

static void commit(struct journal *j, unsigned int records, unsigned char *buf)
{
	struct header h = { .magic = MAGIC };
	struct timespec ts;

	if (j->seg_off + (off_t)(records * j->record) > j->seg_limit) {
		checkpoint(j, buf);
		sync_fd(j, j->seg_fd);
		close(j->seg_fd);
		open_segment(j);
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	h.time_ns = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	for (unsigned int i = 0; i < records; i++) {
		h.len = j->record - sizeof(h);
		h.lsn = j->lsn++;
		fill(j, buf + sizeof(h), h.len);
		h.sum = checksum(buf + sizeof(h), h.len);
		memcpy(buf, &h, sizeof(h));
		if (pwrite(j->seg_fd, buf, j->record, j->seg_off) !=
		    (ssize_t)j->record)
			die("pwrite log");
		j->seg_off += j->record;
	}
	sync_fd(j, j->seg_fd);
}

/* Reads every kept segment back, record by record, as a recovery would. */
static void replay(struct journal *j, unsigned char *buf)
{
	unsigned long long expect = j->first_lsn[j->first_kept];
	char path[4096];
	struct stat st;
	off_t off;
	int fd;

	for (unsigned int s = j->first_kept; s < j->segments; s++) {
		seg_path(j, s, path, sizeof(path));
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0)
			die(path);
		for (off = 0; off + (off_t)j->record <= st.st_size;
		     off += j->record) {
			if (read_record(fd, off, buf, j->record) != expect++) {
				errno = EIO;
				die("records out of order");
			}
			j->replayed++;
		}
		close(fd);
	}
	if (expect != j->lsn) {
		errno = EIO;
		die("records missing");
	}
}

static void pause_us(unsigned long us)
{
	struct timespec ts = { us / 1000000, us % 1000000 * 1000 };

	while (us && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int main(int argc, char **argv)
{
	static unsigned char buf[MAX_RECORD];
	struct journal j = {
		.record = 512, .seg_limit = 256 * 1024, .keep = 2, .rng = 1,
	};
	unsigned long tx = 50, per_tx = 4, pause = 0, every = 8;
	char path[4096];
	int c;

	while ((c = getopt(argc, argv, "s:t:r:b:p:c:g:k:f")) != -1) {
		switch (c) {
		case 's':
			j.rng = arg(optarg, 0, 0xffffffffUL);
			break;
		case 't':
			tx = arg(optarg, 1, 1000000);
			break;
		case 'r':
			j.record = arg(optarg, sizeof(struct header) + 1,
				       MAX_RECORD);
			break;
		case 'b':
			per_tx = arg(optarg, 1, 1024);
			break;
		case 'p':
			pause = arg(optarg, 0, 1000000);
			break;
		case 'c':
			every = arg(optarg, 1, 1000000);
			break;
		case 'g':
			j.seg_limit = (off_t)arg(optarg, 1, 1024 * 1024) * 1024;
			break;
		case 'k':
			j.keep = arg(optarg, 1, MAX_SEGMENTS);
			break;
		case 'f':
			j.use_fsync = 1;
			break;
		default:
			bad_usage();
		}
	}
	if (optind != argc - 1)
		bad_usage();
	if ((off_t)(per_tx * j.record) > j.seg_limit) {
		fprintf(stderr, "wl-journal: a transaction is larger than a segment\n");
		return 2;
	}
	j.dir = argv[optind];
	j.dir_fd = open(j.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (j.dir_fd < 0)
		die(j.dir);
	snprintf(path, sizeof(path), "%s/data", j.dir);
	j.data_fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (j.data_fd < 0 || ftruncate(j.data_fd, DATA_SLOTS * j.record) < 0)
		die(path);
	open_segment(&j);
	for (unsigned long i = 1; i <= tx; i++) {
		commit(&j, per_tx, buf);
		if (i % every == 0)
			checkpoint(&j, buf);
		pause_us(pause);
	}
	checkpoint(&j, buf);
	replay(&j, buf);
	if (ftruncate(j.seg_fd, 0) < 0)
		die("ftruncate");
	sync_fd(&j, j.seg_fd);
	close(j.seg_fd);
	close(j.data_fd);
	close(j.dir_fd);
	printf("tx=%lu records=%llu segments=%u kept=%u", tx, j.lsn,
	       j.segments, j.segments - j.first_kept);
	printf(" syncs=%llu checkpoints=%llu replayed=%llu\n", j.syncs,
	       j.checkpoints, j.replayed);
	return 0;
}
