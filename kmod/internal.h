/* SPDX-License-Identifier: GPL-2.0 */
/*
 * llmos.ko internals shared by the files of the module.
 *
 * Lock order (outer to inner); every lock is only taken in process context:
 *
 *   llmos_knob_lock (mutex, knobs.c: serialises knob writes)
 *     -> llmos_agent.lock (mutex, agent.c: agent registration)
 *       -> llmos_hints.lock (mutex, hint_table.c: the hint table)
 *         -> task locks taken by set_user_nice()/set_task_ioprio()
 *       -> llmos_ring.lock (spinlock, alert_ring.c: the alert ring)
 *   llmos_file.lock (mutex, dev.c: one reader's cursor)
 *     -> llmos_ring.lock
 *
 * The ring lock is never held across anything that sleeps or takes another
 * lock, so readers (which copy one record under it, then format and copy to
 * userspace outside it) never block the agent or each other. Knob values
 * are read without a lock (READ_ONCE) and written under llmos_knob_lock.
 */
#ifndef _LLMOS_INTERNAL_H
#define _LLMOS_INTERNAL_H

#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "uapi/llmos.h"

struct attribute_group;
struct file;
struct pid;
struct task_struct;

/* ---- knobs.c: the sysfs knobs, their ranges and parsers ---------------- */

#define LLMOS_TTL_MIN_MS	100
#define LLMOS_TTL_MAX_MS	3600000
#define LLMOS_WATCHDOG_MIN_MS	100
#define LLMOS_WATCHDOG_MAX_MS	600000
#define LLMOS_HINTS_MIN		1
#define LLMOS_HINTS_MAX		65536
#define LLMOS_RING_MIN		16
#define LLMOS_RING_MAX		16384
#define LLMOS_THRESHOLD_MAX	1000000000U	/* 1000000.000 */

struct llmos_knobs {
	bool enabled;
	u32 mode;		/* enum llmos_mode */
	int nice_min;
	int nice_max;
	u32 hint_ttl_ms;
	u32 watchdog_ms;
	u32 alert_threshold;	/* milli */
	u32 alert_action;	/* enum llmos_action */
	u32 max_hints;
	u32 ring_size;
	bool threshold_set;	/* written through sysfs since load */
};

enum llmos_knob_id {
	LLMOS_KNOB_ENABLED,
	LLMOS_KNOB_MODE,
	LLMOS_KNOB_NICE_MIN,
	LLMOS_KNOB_NICE_MAX,
	LLMOS_KNOB_HINT_TTL_MS,
	LLMOS_KNOB_WATCHDOG_MS,
	LLMOS_KNOB_ALERT_THRESHOLD,
	LLMOS_KNOB_ALERT_ACTION,
	LLMOS_KNOB_MAX_HINTS,
	LLMOS_KNOB_RING_SIZE,
	LLMOS_KNOB_NR,
};

extern struct llmos_knobs llmos_knobs;
extern struct mutex llmos_knob_lock;

void llmos_knobs_default(struct llmos_knobs *k);
const char *llmos_knob_name(enum llmos_knob_id id);
int llmos_knob_parse(const struct llmos_knobs *cur, enum llmos_knob_id id,
		     const char *buf, struct llmos_knobs *next);
int llmos_knob_show(const struct llmos_knobs *k, enum llmos_knob_id id,
		    char *buf, size_t size);
int llmos_parse_milli(const char *buf, u32 max, u32 *out);
const char *llmos_action_name(u32 action);
void llmos_knobs_snapshot(struct llmos_config *c);

/* ---- stats.c: counters shown in /sys/kernel/llmos/stats/ ----------------- */

enum llmos_stat {
	LLMOS_STAT_HINTS_APPLIED,
	LLMOS_STAT_HINTS_REJECTED,
	LLMOS_STAT_HINTS_REVERTED,
	LLMOS_STAT_HINTS_USER_CHANGED,
	LLMOS_STAT_HINTS_EXPIRED,
	LLMOS_STAT_HINTS_REAPED,
	LLMOS_STAT_REJECT_NO_PROCESS,
	LLMOS_STAT_REJECT_START_TIME,
	LLMOS_STAT_REJECT_KERNEL_THREAD,
	LLMOS_STAT_REJECT_INIT,
	LLMOS_STAT_REJECT_AGENT,
	LLMOS_STAT_REJECT_OBSERVE,
	LLMOS_STAT_REJECT_DISABLED,
	LLMOS_STAT_REJECT_TABLE_FULL,
	LLMOS_STAT_REJECT_BUSY,
	LLMOS_STAT_REJECT_WATCHDOG,
	LLMOS_STAT_REJECT_INVALID,
	LLMOS_STAT_ALERTS_PUBLISHED,
	LLMOS_STAT_ALERTS_BELOW_THRESHOLD,
	LLMOS_STAT_ALERTS_LOST,
	LLMOS_STAT_ALERT_ACTIONS,
	LLMOS_STAT_HEARTBEATS,
	LLMOS_STAT_WATCHDOG_EXPIRED,
	LLMOS_STAT_READERS,		/* gauge */
	LLMOS_STAT_AGENT_CONNECTED,	/* gauge */
	LLMOS_STAT_HINTS_ACTIVE,	/* gauge */
	LLMOS_STAT_NR,
};

extern atomic64_t llmos_stats[LLMOS_STAT_NR];

extern const struct attribute_group llmos_stats_group;

static inline void llmos_stat_inc(enum llmos_stat s)
{
	atomic64_inc(&llmos_stats[s]);
}

static inline void llmos_stat_add(enum llmos_stat s, s64 v)
{
	atomic64_add(v, &llmos_stats[s]);
}

static inline void llmos_stat_set(enum llmos_stat s, s64 v)
{
	atomic64_set(&llmos_stats[s], v);
}

/* ---- alert_ring.c: the bounded ring of published alerts ------------------ */

enum llmos_skip {
	LLMOS_SKIP_NONE,
	LLMOS_SKIP_OBSERVE,
	LLMOS_SKIP_PROTECTED,
	LLMOS_SKIP_EXITED,
	LLMOS_SKIP_FULL,
	LLMOS_SKIP_FAILED,
};

/* One published alert, formatted to JSON when read. */
struct llmos_alert_rec {
	u64 seq;
	u64 time_ns;
	u64 start_time;
	u32 pid;
	u32 uid;
	u32 score;
	u32 threshold;
	u8 action;		/* enum llmos_action */
	u8 skipped;		/* enum llmos_skip */
	u8 exited;
	char comm[LLMOS_COMM_LEN];
	char category[LLMOS_CATEGORY_LEN];
	char detail[LLMOS_DETAIL_LEN];
};

struct llmos_ring {
	spinlock_t lock;		/* protects all but wait */
	struct llmos_alert_rec *recs;	/* seq s lives in recs[s % size] */
	u32 size;
	u64 first_seq;			/* oldest retained */
	u64 next_seq;			/* next to publish; empty if == first */
	wait_queue_head_t wait;
};

enum llmos_ring_res {
	LLMOS_RING_EMPTY,
	LLMOS_RING_RECORD,
	LLMOS_RING_LOST,
};

int llmos_ring_init(struct llmos_ring *ring, u32 size);
void llmos_ring_free(struct llmos_ring *ring);
int llmos_ring_resize(struct llmos_ring *ring, u32 size);
u64 llmos_ring_push(struct llmos_ring *ring, struct llmos_alert_rec *rec);
enum llmos_ring_res llmos_ring_peek(struct llmos_ring *ring, u64 cursor,
				    struct llmos_alert_rec *rec, u64 *lost);
bool llmos_ring_pending(struct llmos_ring *ring, u64 cursor);
u64 llmos_ring_first(struct llmos_ring *ring);
u64 llmos_ring_next(struct llmos_ring *ring);

extern struct llmos_ring llmos_ring;

/* ---- alert_json.c: JSON lines ------------------------------------------- */

size_t llmos_json_escaped_len(const char *src, size_t len);
size_t llmos_json_escape(char *dst, size_t size, const char *src,
			 size_t len);
int llmos_alert_format(const struct llmos_alert_rec *rec, char *buf,
		       size_t size);
int llmos_lost_format(u64 seq, u64 lost, char *buf, size_t size);

/* ---- hint_table.c: bookkeeping of the hints llmos holds ------------------ */

#define LLMOS_HINT_HASH_BITS	10

struct llmos_hint_entry {
	struct hlist_node node;
	struct pid *pid;	/* pinned: the task this entry is about */
	u64 start_time;
	u64 expires_ns;		/* CLOCK_MONOTONIC */
	int orig_nice;		/* what the task had before llmos */
	int applied_nice;	/* what llmos set last */
	u16 orig_ioprio;	/* raw io_context ioprio before llmos */
	u16 applied_ioprio;
	bool ioprio_set;	/* llmos changed the I/O priority */
	bool throttle;		/* set by an alert action, not a hint */
	u16 confidence;
};

struct llmos_hints {
	struct mutex lock;		/* protects the table and entries */
	DECLARE_HASHTABLE(table, LLMOS_HINT_HASH_BITS);
	u32 count;			/* written under lock, read anywhere */
};

extern struct llmos_hints llmos_hints;

void llmos_hints_init(struct llmos_hints *h);
struct llmos_hint_entry *llmos_hints_find(struct llmos_hints *h,
					  struct pid *pid);
struct llmos_hint_entry *llmos_hints_add(struct llmos_hints *h,
					 struct pid *pid, u64 start_time,
					 u32 max);
void llmos_hints_del(struct llmos_hints *h, struct llmos_hint_entry *e);

int llmos_hint_validate(const struct llmos_hint *req);
int llmos_hint_clamp_nice(int nice, int min, int max, bool *clamped);
u32 llmos_hint_ttl(u32 req_ms, u32 max_ms, bool *cut);

enum llmos_revert_res {
	LLMOS_REVERT_RESTORED,		/* originals restored */
	LLMOS_REVERT_USER_CHANGED,	/* user's value left alone */
	LLMOS_REVERT_GONE,		/* the task exited */
};

/* ---- hint_apply.c: applying and reverting on real tasks ------------------ */

int llmos_target_check(struct task_struct *t, struct pid *agent_tgid);
struct task_struct *llmos_find_task(u32 pid_nr, u64 start_time, int *err);
u16 llmos_task_raw_ioprio(struct task_struct *t);
int llmos_hint_push(struct llmos_hints *h, struct llmos_hint *req,
		    struct pid *agent_tgid);
int llmos_hint_revert_req(struct llmos_hints *h, struct task_struct *t);
int llmos_hints_throttle(struct llmos_hints *h, struct task_struct *t,
			 u64 start_time);
int llmos_entry_apply(struct llmos_hint_entry *e, struct task_struct *t,
		      int nice, bool set_ioprio, u16 ioprio);
enum llmos_revert_res llmos_entry_revert(struct llmos_hint_entry *e);
void llmos_hints_revert_all(struct llmos_hints *h);
void llmos_hints_expire(struct llmos_hints *h, u64 now);
u32 llmos_task_hint_flags(struct llmos_hints *h, struct task_struct *t);

/* ---- alert.c: the alert ioctl ------------------------------------------- */

int llmos_alert_validate(const struct llmos_alert *req);
int llmos_alert_push(struct llmos_alert *req, struct pid *agent_tgid);

/* ---- agent.c: the registered agent and its watchdog --------------------- */

struct llmos_agent {
	struct mutex lock;	/* serialises register/release/watchdog */
	struct file *file;	/* the registered open file, or NULL */
	struct pid *tgid;	/* the agent's thread group */
	u64 last_beat_ns;
	/* watchdog_ms as the agent last heard it: a lower one binds after */
	u32 heard_watchdog_ms;	/* its next heartbeat */
	bool expired;		/* watchdog fired since the last heartbeat */
};

extern struct llmos_agent llmos_agent;

int llmos_agent_register(struct file *file, struct llmos_register *req);
void llmos_agent_release(struct file *file);
int llmos_agent_heartbeat(struct file *file, struct llmos_heartbeat *req);
bool llmos_agent_is(struct file *file);
void llmos_agent_watchdog(void);

/* ---- tick.c: the periodic pass (watchdog, TTL, reaping) ----------------- */

#define LLMOS_TICK_MS	100

void llmos_tick_start(void);
void llmos_tick_stop(void);

/* ---- dev.c / sysfs.c ---------------------------------------------------- */

int llmos_dev_init(void);
void llmos_dev_exit(void);
int llmos_sysfs_init(void);
void llmos_sysfs_exit(void);

#endif /* _LLMOS_INTERNAL_H */
