// SPDX-License-Identifier: GPL-2.0
/*
 * llmos hint table: which tasks llmos changed, what they had before, and
 * when each change ends. Entries pin their task's struct pid (a struct pid
 * is never reused for another process, unlike a pid number). The table
 * holds at most max_hints entries; entries of exited tasks are reaped by
 * the periodic pass (tick.c), so the table never outgrows the live tasks
 * llmos touched. Also here: the pure checks on a hint request.
 *
 * h->lock protects the table and every entry in it.
 */
#include <linux/hash.h>
#include <linux/pid.h>
#include <linux/slab.h>

#include "internal.h"

struct llmos_hints llmos_hints;

void llmos_hints_init(struct llmos_hints *h)
{
	mutex_init(&h->lock);
	hash_init(h->table);
	h->count = 0;
}

struct llmos_hint_entry *llmos_hints_find(struct llmos_hints *h,
					  struct pid *pid)
{
	struct llmos_hint_entry *e;

	lockdep_assert_held(&h->lock);
	hash_for_each_possible(h->table, e, node, hash_ptr(pid, 32))
		if (e->pid == pid)
			return e;
	return NULL;
}

/*
 * Add an entry for @pid (which the entry pins with its own reference).
 * NULL if the table already holds @max entries or memory is short.
 */
struct llmos_hint_entry *llmos_hints_add(struct llmos_hints *h,
					 struct pid *pid, u64 start_time,
					 u32 max)
{
	struct llmos_hint_entry *e;

	lockdep_assert_held(&h->lock);
	if (h->count >= max)
		return NULL;
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return NULL;
	e->pid = get_pid(pid);
	e->start_time = start_time;
	hash_add(h->table, &e->node, hash_ptr(pid, 32));
	WRITE_ONCE(h->count, h->count + 1);
	return e;
}

void llmos_hints_del(struct llmos_hints *h, struct llmos_hint_entry *e)
{
	lockdep_assert_held(&h->lock);
	hash_del(&e->node);
	WRITE_ONCE(h->count, h->count - 1);
	put_pid(e->pid);
	kfree(e);
}

static bool llmos_ioprio_valid(u16 ioprio)
{
	u16 class = ioprio >> LLMOS_IOPRIO_CLASS_SHIFT;
	u16 level = ioprio & ((1U << LLMOS_IOPRIO_CLASS_SHIFT) - 1);

	switch (class) {
	case LLMOS_IOPRIO_CLASS_NONE:
	case LLMOS_IOPRIO_CLASS_IDLE:
		return level == 0;
	case LLMOS_IOPRIO_CLASS_BE:
		return level <= LLMOS_IOPRIO_LEVEL_MAX;
	default:
		return false;
	}
}

/* -EINVAL unless @req is well formed (see struct llmos_hint). */
int llmos_hint_validate(const struct llmos_hint *req)
{
	if (req->version != LLMOS_ABI_VERSION)
		return -EINVAL;
	if (req->flags & ~LLMOS_HINT_FLAGS)
		return -EINVAL;
	if (req->reserved || !req->pid || req->pid > PID_MAX_LIMIT)
		return -EINVAL;
	if (req->flags & LLMOS_HINT_REVERT)
		return req->flags != LLMOS_HINT_REVERT || req->nice ||
		       req->ttl_ms || req->ioprio || req->confidence ?
		       -EINVAL : 0;
	if (req->nice < LLMOS_NICE_MIN || req->nice > LLMOS_NICE_MAX)
		return -EINVAL;
	if (req->confidence > LLMOS_CONFIDENCE_MAX)
		return -EINVAL;
	if (req->flags & LLMOS_HINT_IOPRIO) {
		if (!llmos_ioprio_valid(req->ioprio))
			return -EINVAL;
	} else if (req->ioprio) {
		return -EINVAL;
	}
	return 0;
}

/* Clamp @nice into [@min, @max]; *@clamped tells whether it changed. */
int llmos_hint_clamp_nice(int nice, int min, int max, bool *clamped)
{
	int v = clamp(nice, min, max);

	*clamped = v != nice;
	return v;
}

/* The TTL a hint gets: 0 means @max_ms; longer ones are cut to @max_ms. */
u32 llmos_hint_ttl(u32 req_ms, u32 max_ms, bool *cut)
{
	*cut = req_ms > max_ms;
	if (!req_ms || req_ms > max_ms)
		return max_ms;
	return req_ms;
}
