/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * llmos: the ABI of /dev/llmos, shared by llmos.ko and its userspace.
 *
 * The full protocol is described in Documentation/device.md; this header
 * is the normative reference for the binary layouts.
 *
 * Conventions (all ioctls)
 * ------------------------
 * Every ioctl argument is a fixed-size struct whose first member is
 * `version`, which must be LLMOS_ABI_VERSION. `flags` must only contain
 * the flags defined for that struct; every `reserved` member must be zero;
 * members marked "out" are ignored on input and filled by the kernel. A
 * malformed struct, an unknown flag or an out-of-range field gives
 * -EINVAL and changes nothing. A future ABI adds new ioctl numbers (or new
 * flags); the structs below never change.
 *
 * Callers: LLMOS_IOC_REGISTER needs CAP_SYS_ADMIN; HEARTBEAT, HINT and
 * ALERT are only accepted on the open file that registered (the agent);
 * every other caller gets -EPERM. TASK_INFO needs CAP_SYS_ADMIN.
 *
 * Processes are named by (pid, start_time):
 *  - pid is a process id in the pid namespace of the caller;
 *  - start_time is the task's `task_struct::start_time`: CLOCK_MONOTONIC
 *    nanoseconds at fork (what a BPF program reads with
 *    BPF_CORE_READ(task, start_time)). It is not /proc/PID/stat's
 *    starttime (that one is CLOCK_BOOTTIME in clock ticks);
 *    LLMOS_IOC_TASK_INFO returns it for a pid.
 * A hint or an alert whose start_time does not match the live task with
 * that pid never touches that task (the pid was reused).
 *
 * Fixed-point numbers: scores and thresholds are in thousandths
 * ("milli"), e.g. 4250 means 4.250. Confidence is per mille (0..1000).
 *
 * Reading /dev/llmos
 * ------------------
 * Readers (mode 0640 root:root) get one JSON object per line ('\n'
 * terminated); read() returns only whole lines and fails with -EINVAL if
 * the buffer cannot hold the next line (LLMOS_LINE_MAX always suffices).
 * Semantics follow /dev/kmsg: each open file has its own cursor and sees
 * every alert published after open(); lseek(fd, 0, SEEK_SET) rewinds to the
 * oldest retained alert (SEEK_END skips to the newest); blocking reads
 * wait, O_NONBLOCK gives -EAGAIN; poll/epoll report EPOLLIN. Alert line:
 *
 *   {"seq":12,"time_ns":81234567890,"pid":4242,"start_time":8100000000,
 *    "comm":"nc","uid":0,"score":7.125,"threshold":5.000,
 *    "category":"anomaly","action":"kill","detail":"..."}
 *
 *  - seq: 1, 2, 3, ... stamped by the module, no gaps;
 *  - time_ns: CLOCK_MONOTONIC ns when the module published the alert;
 *  - comm, uid: read by the module from the live task; when the task has
 *    exited (or the pid was reused) the agent's values are used and the
 *    line carries "exited":true;
 *  - score, threshold: decimal with three fractional digits;
 *  - action: what the module did: "none", "throttle", "freeze", "kill".
 *    When the configured alert_action was not taken the line carries
 *    "skipped":REASON with REASON one of "observe", "protected" (pid 1,
 *    a kernel thread or the agent), "exited", "full" (hint table full,
 *    throttle only), "failed";
 *  - comm, category, detail are JSON strings: '"', '\\' and every byte
 *    outside 0x20..0x7e are escaped (\n, \t, ..., \u00XX), so any bytes
 *    give valid JSON (non-ASCII bytes appear as \u00XX, one per byte).
 *
 * When a reader fell behind and the ring overwrote alerts it had not read,
 * it gets one line {"seq":N,"lost":K} (alerts N .. N+K-1 are gone) and
 * continues with alert N+K.
 */
#ifndef _UAPI_LINUX_LLMOS_H
#define _UAPI_LINUX_LLMOS_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define LLMOS_DEVICE_NAME	"llmos"
#define LLMOS_ABI_VERSION	1

/* Sizes (including the terminating NUL where it is a string). */
#define LLMOS_COMM_LEN		16
#define LLMOS_CATEGORY_LEN	16
#define LLMOS_DETAIL_LEN	256
/* No line read from /dev/llmos is longer than this (incl. '\n'). */
#define LLMOS_LINE_MAX		2048

/* Limits of the nice scale (as setpriority(2)). */
#define LLMOS_NICE_MIN		(-20)
#define LLMOS_NICE_MAX		19
#define LLMOS_CONFIDENCE_MAX	1000

/* I/O priority, encoded as for ioprio_set(2): class << 13 | level. */
#define LLMOS_IOPRIO_CLASS_SHIFT	13
#define LLMOS_IOPRIO_CLASS_NONE		0
#define LLMOS_IOPRIO_CLASS_BE		2
#define LLMOS_IOPRIO_CLASS_IDLE		3
#define LLMOS_IOPRIO_LEVEL_MAX		7
#define LLMOS_IOPRIO(class, level) \
	(((class) << LLMOS_IOPRIO_CLASS_SHIFT) | (level))

/* sysfs `mode` */
enum llmos_mode {
	LLMOS_MODE_OBSERVE	= 0,	/* publish alerts, apply nothing */
	LLMOS_MODE_ENFORCE	= 1,	/* apply hints and alert_action */
};

/* sysfs `alert_action`, and the action taken on an alert */
enum llmos_action {
	LLMOS_ACTION_NONE	= 0,
	LLMOS_ACTION_THROTTLE	= 1,	/* nice 19 + idle I/O, reverted */
	LLMOS_ACTION_FREEZE	= 2,	/* SIGSTOP, not reverted */
	LLMOS_ACTION_KILL	= 3,	/* SIGKILL */
};

/* Snapshot of the sysfs knobs (out), returned by REGISTER and HEARTBEAT. */
struct llmos_config {
	__u32 enabled;		/* 0 or 1 */
	__u32 mode;		/* enum llmos_mode */
	__s32 nice_min;
	__s32 nice_max;
	__u32 hint_ttl_ms;	/* default and maximum TTL of a hint */
	__u32 watchdog_ms;	/* heartbeat deadline */
	__u32 alert_threshold;	/* milli */
	__u32 alert_action;	/* enum llmos_action */
	__u32 max_hints;
	__u32 ring_size;
	__u32 reserved[6];
};

/*
 * LLMOS_IOC_REGISTER: make this open file the agent. One agent at a time
 * (-EBUSY otherwise, also when this file already registered). Closing the
 * file (or the agent dying) unregisters it and reverts every hint. The
 * registering process (its thread group) is "the agent": never a target.
 * The watchdog starts now: send a heartbeat at least every watchdog_ms.
 *
 * LLMOS_REGISTER_THRESHOLD: the agent proposes default_threshold (milli,
 * e.g. its calibrated threshold); it becomes alert_threshold unless root
 * has written alert_threshold through sysfs since the module was loaded.
 */
#define LLMOS_REGISTER_THRESHOLD	0x1U
#define LLMOS_REGISTER_FLAGS		LLMOS_REGISTER_THRESHOLD

struct llmos_register {
	__u32 version;
	__u32 flags;
	__u32 default_threshold;	/* milli, with LLMOS_REGISTER_THRESHOLD */
	__u32 reserved;
	struct llmos_config config;	/* out */
};

/*
 * LLMOS_IOC_HEARTBEAT: the agent is alive; returns the current knobs so
 * that the agent follows changes made through sysfs.
 */
struct llmos_heartbeat {
	__u32 version;
	__u32 flags;			/* none defined */
	__u32 hints_active;		/* out: entries in the hint table */
	__u32 reserved;
	struct llmos_config config;	/* out */
};

/*
 * LLMOS_IOC_HINT: apply a priority hint to (pid, start_time).
 *
 * nice is clamped into [nice_min, nice_max] (LLMOS_HINT_CLAMPED is then
 * set in out_flags). With LLMOS_HINT_IOPRIO, ioprio is applied too; only
 * the classes NONE (level 0), BE (levels 0..7) and IDLE (level 0) are
 * accepted. ttl_ms 0 means hint_ttl_ms; a longer TTL is cut to hint_ttl_ms.
 * confidence (0..1000) is recorded with the hint.
 *
 * The task's nice and I/O priority are saved when llmos first touches it
 * and restored when the hint ends (TTL, LLMOS_HINT_REVERT, agent close,
 * watchdog, enabled=0, rmmod), unless the user changed them since: then
 * the user's value stays and the hint is dropped. Pushing a hint for a
 * task that already has one refreshes it (new values and TTL, the saved
 * originals are kept); if the user changed the task's nice or I/O
 * priority since llmos set it, the hint is dropped instead and -EBUSY
 * returned. LLMOS_HINT_REVERT is accepted in observe mode too.
 *
 * LLMOS_HINT_REVERT: end the hint on (pid, start_time) now (nice, ioprio,
 * ttl_ms and confidence must be 0); -ENOENT if there is none.
 *
 * Refusals (nothing changed, counted in stats/):
 *   -ESRCH      no such process
 *   -ESTALE     start_time does not match (pid reused)
 *   -EPERM      target is pid 1, a kernel thread or the agent
 *   -EOPNOTSUPP mode is observe
 *   -ENODEV     llmos is disabled (enabled=0)
 *   -ENOSPC     the hint table is full (max_hints)
 *   -EBUSY      the user changed the task's priority (hint dropped), or
 *               the task is throttled by an alert action
 *   -ETIMEDOUT  the watchdog fired (all hints were reverted): send a
 *               heartbeat before pushing hints again
 */
#define LLMOS_HINT_IOPRIO	0x1U
#define LLMOS_HINT_REVERT	0x2U
#define LLMOS_HINT_FLAGS	(LLMOS_HINT_IOPRIO | LLMOS_HINT_REVERT)

/* out_flags */
#define LLMOS_HINT_CLAMPED	0x1U	/* nice was clamped */
#define LLMOS_HINT_REFRESHED	0x2U	/* an existing hint was updated */
#define LLMOS_HINT_TTL_CUT	0x4U	/* ttl_ms cut to hint_ttl_ms */

struct llmos_hint {
	__u32 version;
	__u32 flags;
	__u32 pid;
	__s32 nice;		/* LLMOS_NICE_MIN .. LLMOS_NICE_MAX */
	__u64 start_time;	/* task->start_time, CLOCK_MONOTONIC ns */
	__u32 ttl_ms;
	__u16 ioprio;		/* LLMOS_IOPRIO(class, level) */
	__u16 confidence;	/* per mille */
	__u64 reserved;
	/* out */
	__s32 applied_nice;
	__u32 applied_ttl_ms;
	__u32 out_flags;
	__u32 reserved_out;
};

/*
 * LLMOS_IOC_ALERT: publish an alert about (pid, start_time).
 *
 * score below alert_threshold: dropped and counted, result is
 * LLMOS_ALERT_BELOW_THRESHOLD, seq 0. Otherwise the module publishes it
 * (seq is set) and, in enforce mode, takes alert_action on the task unless
 * it is pid 1, a kernel thread or the agent. comm and uid are the agent's
 * view, used only if the task is gone. category: 1..15 characters of
 * [a-z0-9_-], NUL-padded. detail: any bytes up to a NUL (escaped on
 * output). -ENODEV when llmos is disabled.
 */
#define LLMOS_ALERT_PUBLISHED		1
#define LLMOS_ALERT_BELOW_THRESHOLD	2

struct llmos_alert {
	__u32 version;
	__u32 flags;			/* none defined */
	__u32 pid;
	__u32 uid;			/* fallback if the task is gone */
	__u64 start_time;
	__u32 score;			/* milli */
	__u32 reserved0;
	char comm[LLMOS_COMM_LEN];	/* fallback if the task is gone */
	char category[LLMOS_CATEGORY_LEN];
	char detail[LLMOS_DETAIL_LEN];
	__u64 reserved[2];
	/* out */
	__u64 seq;			/* 0 if not published */
	__u32 action;			/* enum llmos_action taken */
	__u32 result;			/* LLMOS_ALERT_* */
};

/*
 * LLMOS_IOC_TASK_INFO (CAP_SYS_ADMIN, no registration needed): what llmos
 * sees of a pid: its start_time (to name it in a hint), nice, I/O priority.
 * -ESRCH if there is no such process.
 */
#define LLMOS_TASK_KTHREAD	0x1U	/* kernel thread */
#define LLMOS_TASK_AGENT	0x2U	/* the registered agent */
#define LLMOS_TASK_HINTED	0x4U	/* llmos holds a hint on it */
#define LLMOS_TASK_THROTTLED	0x8U	/* throttled by an alert */

struct llmos_task_info {
	__u32 version;
	__u32 flags;			/* none defined */
	__u32 pid;
	__u32 reserved;
	/* out */
	__u64 start_time;
	__s32 nice;
	__u32 ioprio;			/* raw; class NONE: follows nice */
	__u32 uid;
	__u32 task_flags;		/* LLMOS_TASK_* */
	char comm[LLMOS_COMM_LEN];
	__u64 reserved_out[2];
};

#define LLMOS_IOC_MAGIC		0xE7
#define LLMOS_IOC_REGISTER	_IOWR(LLMOS_IOC_MAGIC, 0x01, struct llmos_register)
#define LLMOS_IOC_HEARTBEAT	_IOWR(LLMOS_IOC_MAGIC, 0x02, struct llmos_heartbeat)
#define LLMOS_IOC_HINT		_IOWR(LLMOS_IOC_MAGIC, 0x03, struct llmos_hint)
#define LLMOS_IOC_ALERT		_IOWR(LLMOS_IOC_MAGIC, 0x04, struct llmos_alert)
#define LLMOS_IOC_TASK_INFO	_IOWR(LLMOS_IOC_MAGIC, 0x05, struct llmos_task_info)

#endif /* _UAPI_LINUX_LLMOS_H */
