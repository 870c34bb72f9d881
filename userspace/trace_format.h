/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The on-disk layout of an llmos trace, version 2. Documentation/
 * trace-format.md is the description for humans; this is the one for the
 * writer and the reader. All integers are little-endian, no padding.
 *
 *   file    = header record* end
 *   header  = 40 bytes, see TRACE_HDR_*
 *   record  = type:u16 size:u16 crc:u32 payload[size]
 *             crc = CRC-32 (zlib's) over type, size and the payload
 *   end     = a record of type TRACE_REC_END, last in the file
 *
 * Version 1 was the same with CRC-32C checksums.
 */
#ifndef LLMOS_USERSPACE_TRACE_FORMAT_H
#define LLMOS_USERSPACE_TRACE_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#define TRACE_MAGIC "LLMOSTRC"
#define TRACE_VERSION 2

/* Header: offsets of its fields. */
#define TRACE_HDR_MAGIC 0		/* 8 bytes, TRACE_MAGIC */
#define TRACE_HDR_VERSION 8		/* u16 */
#define TRACE_HDR_SIZE_FIELD 10		/* u16, TRACE_HDR_SIZE */
#define TRACE_HDR_FLAGS 12		/* u32, 0 */
#define TRACE_HDR_MONO_BASE 16		/* u64, CLOCK_MONOTONIC at start */
#define TRACE_HDR_REAL_BASE 24		/* u64, CLOCK_REALTIME then */
#define TRACE_HDR_RESERVED 32		/* u32, 0 */
#define TRACE_HDR_CRC 36		/* u32, CRC-32 of bytes 0..35 */
#define TRACE_HDR_SIZE 40

#define TRACE_REC_HDR_SIZE 8

/*
 * Record types 1..63 are events (enum llmos_event_type); 64 and up carry
 * metadata. A reader skips a type it does not know if its checksum holds,
 * so a version can gain record types; incompatible changes bump
 * TRACE_VERSION.
 */
#define TRACE_REC_DROPS 64	/* struct llmos_drops, cumulative */
#define TRACE_REC_END 65	/* u64: number of records before it */
#define TRACE_REC_TICK 66	/* u64: the live timer ticked the pipeline */

/* Event payload: the fields every event has, then its type's fields. */
#define TRACE_EV_TIME 0			/* u64 */
#define TRACE_EV_START_TIME 8		/* u64 */
#define TRACE_EV_TGID 16		/* u32 */
#define TRACE_EV_TID 20			/* u32 */
#define TRACE_EV_PPID 24		/* u32 */
#define TRACE_EV_COMM 28		/* 16 bytes, NUL-padded */
#define TRACE_EV_COMMON_SIZE 44

/* EXEC: the filename's bytes (no NUL), 0 .. LLMOS_PATH_LEN - 1 of them. */
/* FORK: parent_tgid:u32 reserved:u32 parent_start_time:u64 */
#define TRACE_EV_FORK_SIZE 16
/* EXIT: exit_code:s32 */
#define TRACE_EV_EXIT_SIZE 4
/* SYSCALLS: abi:u16 count:u16 ids:u16[count] */
#define TRACE_EV_SYSCALLS_HDR 4
/*
 * SCHED: interval_ns run_ns wait_ns:u64, nr_runs wakeups nvcsw nivcsw:u32,
 * cpu_time_ns:u64
 */
#define TRACE_EV_SCHED_SIZE 48
/* DROPS: n:u32, then n times name:24 bytes NUL-padded, count:u64 */
#define TRACE_DROPS_ENTRY_SIZE 32
#define TRACE_END_SIZE 8
#define TRACE_TICK_SIZE 8

/* Largest payload of any record this version writes. */
#define TRACE_MAX_PAYLOAD 1024

/* The checksums; users of this header link with -lz. */
static inline uint32_t trace_header_crc(const unsigned char *hdr)
{
	return (uint32_t)crc32_z(0, hdr, TRACE_HDR_CRC);
}

/* Of the record at rec with its payload of len bytes right after. */
static inline uint32_t trace_record_crc(const unsigned char *rec, size_t len)
{
	return (uint32_t)crc32_z(crc32_z(0, rec, 4), rec + TRACE_REC_HDR_SIZE,
				 len);
}

static inline void put_le16(unsigned char *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static inline void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

static inline void put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = v >> (8 * i);
}

static inline uint16_t get_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t get_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const unsigned char *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

#endif /* LLMOS_USERSPACE_TRACE_FORMAT_H */
