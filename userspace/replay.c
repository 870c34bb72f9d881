// SPDX-License-Identifier: GPL-2.0
/* Replay: the reader feeds the same pipeline the probes feed when live. */
#include "replay.h"

#include <string.h>

#include "log.h"

int replay_run(struct trace_reader *r, struct pipeline *pl,
	       volatile sig_atomic_t *stop)
{
	struct trace_record rec;
	enum trace_item it = TRACE_EOF;
	int ret = 0;

	while (!*stop) {
		it = trace_reader_next(r, &rec);
		/* The loop's test says whether the signal was a stop. */
		if (it == TRACE_INTR)
			continue;
		if (it <= 0)
			break;
		if (it == TRACE_EVENT)
			ret = pipeline_event(pl, &rec.ev);
		else if (it == TRACE_DROPS)
			ret = pipeline_drops(pl, &rec.drops);
		else
			ret = pipeline_tick(pl, rec.tick_ns);
		if (ret) {
			log_err("recording: %s", strerror(-ret));
			return -1;
		}
	}
	if (*stop)
		return 0;
	if (it == TRACE_ERROR) {
		log_err("%s", trace_reader_error(r));
		return -1;
	}
	return 0;
}
