// SPDX-License-Identifier: GPL-2.0
/* stide: sequence time-delay embedding over a sliding window. */
#include <string.h>

#include "stide.h"

/* Pads a window of a trace shorter than k; never a syscall number. */
#define STIDE_PAD (-2)

int stide_init(struct stide *s, unsigned int k)
{
	if (k < 1 || k > STIDE_MAX_K)
		return -1;
	s->k = k;
	return seqtab_init(&s->db, k);
}

void stide_free(struct stide *s)
{
	seqtab_free(&s->db);
}

static const int32_t *short_window(const int32_t *tok, size_t len,
				   unsigned int k, int32_t *buf)
{
	for (unsigned int i = 0; i < k; i++)
		buf[i] = i < len ? tok[i] : STIDE_PAD;
	return buf;
}

int stide_train(struct stide *s, const int32_t *tok, size_t len)
{
	int32_t buf[STIDE_MAX_K];

	if (!len)
		return 0;
	if (len < s->k)
		return seqtab_add(&s->db, short_window(tok, len, s->k, buf)) ?
			0 : -1;
	for (size_t i = 0; i + s->k <= len; i++)
		if (!seqtab_add(&s->db, tok + i))
			return -1;
	return 0;
}

void stide_score(const struct stide *s, const int32_t *tok, size_t len,
		 unsigned int frame, struct stide_score *out)
{
	unsigned char ring[4096];
	int32_t buf[STIDE_MAX_K];
	size_t in_frame = 0, best = 0;

	memset(out, 0, sizeof(*out));
	if (!len)
		return;
	if (frame < 1)
		frame = 1;
	if (frame > sizeof(ring))
		frame = sizeof(ring);
	if (len < s->k) {
		int miss = !seqtab_get(&s->db,
				       short_window(tok, len, s->k, buf));

		out->windows = 1;
		out->mismatches = miss;
		out->mismatch_rate = miss;
		out->lfc = (double)miss / frame;
		return;
	}
	memset(ring, 0, frame);
	out->windows = len - s->k + 1;
	for (size_t i = 0; i < out->windows; i++) {
		int miss = !seqtab_get(&s->db, tok + i);

		/* Mismatches among the last `frame` windows. */
		in_frame += miss;
		in_frame -= ring[i % frame];
		ring[i % frame] = miss;
		if (in_frame > best)
			best = in_frame;
		out->mismatches += miss;
	}
	out->mismatch_rate = (double)out->mismatches / out->windows;
	out->lfc = (double)best / frame;
}
