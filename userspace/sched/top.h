/* SPDX-License-Identifier: GPL-2.0 */
/* `llmosctl top`: llmosd's processes, classes and hints, live. */
#ifndef LLMOS_SCHED_TOP_H
#define LLMOS_SCHED_TOP_H

#include <stdio.h>

#include "state_file.h"

/* `llmosctl top [-n N] [-d SECONDS] [--state FILE]`; exit status. */
int sched_top_cmd(int argc, char **argv);
/* One screen of st on f (sorted by CPU use). */
void sched_top_print(FILE *f, const struct sched_state *st);

#endif
