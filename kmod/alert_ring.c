// SPDX-License-Identifier: GPL-2.0
/*
 * llmos alert ring: a bounded ring of published alerts, read like
 * /dev/kmsg. Alert seq s (1, 2, 3, ...) is stored in recs[s % size]; the
 * ring retains seqs [first_seq, next_seq). Publishing never waits for
 * readers: when the ring is full the oldest alert is overwritten, and a
 * reader whose cursor fell below first_seq is told how many it lost.
 *
 * Resizing keeps the newest min(retained, new size) alerts with their seqs;
 * readers positioned before the kept ones get a "lost" line.
 *
 * ring->lock (a spinlock) protects everything in struct llmos_ring except
 * the wait queue; it is held only to copy one record in or out.
 */
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

struct llmos_ring llmos_ring;

static struct llmos_alert_rec *llmos_ring_slot(struct llmos_alert_rec *recs,
					       u32 size, u64 seq)
{
	u32 idx;

	div_u64_rem(seq, size, &idx);
	return &recs[idx];
}

int llmos_ring_init(struct llmos_ring *ring, u32 size)
{
	spin_lock_init(&ring->lock);
	init_waitqueue_head(&ring->wait);
	ring->recs = kvcalloc(size, sizeof(*ring->recs), GFP_KERNEL);
	if (!ring->recs)
		return -ENOMEM;
	ring->size = size;
	ring->first_seq = 1;
	ring->next_seq = 1;
	return 0;
}

void llmos_ring_free(struct llmos_ring *ring)
{
	kvfree(ring->recs);
	ring->recs = NULL;
	ring->size = 0;
}

int llmos_ring_resize(struct llmos_ring *ring, u32 size)
{
	struct llmos_alert_rec *recs, *old;
	u64 seq, keep;

	recs = kvcalloc(size, sizeof(*recs), GFP_KERNEL);
	if (!recs)
		return -ENOMEM;

	spin_lock(&ring->lock);
	keep = min_t(u64, ring->next_seq - ring->first_seq, size);
	for (seq = ring->next_seq - keep; seq < ring->next_seq; seq++)
		*llmos_ring_slot(recs, size, seq) =
			*llmos_ring_slot(ring->recs, ring->size, seq);
	old = ring->recs;
	ring->recs = recs;
	ring->size = size;
	ring->first_seq = ring->next_seq - keep;
	spin_unlock(&ring->lock);

	kvfree(old);
	/* Readers that lost alerts learn it now rather than on the next one. */
	wake_up_interruptible(&ring->wait);
	return 0;
}

/* Stamp @rec with the next seq, store it and wake readers; returns seq. */
u64 llmos_ring_push(struct llmos_ring *ring, struct llmos_alert_rec *rec)
{
	u64 seq;

	spin_lock(&ring->lock);
	seq = ring->next_seq++;
	rec->seq = seq;
	*llmos_ring_slot(ring->recs, ring->size, seq) = *rec;
	if (ring->next_seq - ring->first_seq > ring->size)
		ring->first_seq = ring->next_seq - ring->size;
	spin_unlock(&ring->lock);

	wake_up_interruptible(&ring->wait);
	return seq;
}

/*
 * What a reader at @cursor gets next: LLMOS_RING_EMPTY (nothing yet),
 * LLMOS_RING_RECORD (copied into @rec; the next cursor is rec->seq + 1) or
 * LLMOS_RING_LOST (*lost alerts from @cursor on were overwritten; the next
 * cursor is @cursor + *lost).
 */
enum llmos_ring_res llmos_ring_peek(struct llmos_ring *ring, u64 cursor,
				    struct llmos_alert_rec *rec, u64 *lost)
{
	enum llmos_ring_res res;

	spin_lock(&ring->lock);
	if (cursor < ring->first_seq) {
		*lost = ring->first_seq - cursor;
		res = LLMOS_RING_LOST;
	} else if (cursor >= ring->next_seq) {
		res = LLMOS_RING_EMPTY;
	} else {
		*rec = *llmos_ring_slot(ring->recs, ring->size, cursor);
		res = LLMOS_RING_RECORD;
	}
	spin_unlock(&ring->lock);
	return res;
}

bool llmos_ring_pending(struct llmos_ring *ring, u64 cursor)
{
	bool ret;

	spin_lock(&ring->lock);
	ret = cursor != ring->next_seq;
	spin_unlock(&ring->lock);
	return ret;
}

u64 llmos_ring_first(struct llmos_ring *ring)
{
	u64 seq;

	spin_lock(&ring->lock);
	seq = ring->first_seq;
	spin_unlock(&ring->lock);
	return seq;
}

u64 llmos_ring_next(struct llmos_ring *ring)
{
	u64 seq;

	spin_lock(&ring->lock);
	seq = ring->next_seq;
	spin_unlock(&ring->lock);
	return seq;
}
