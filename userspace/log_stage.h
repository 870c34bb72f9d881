/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A pipeline stage that logs process lifecycles at debug level: every exec,
 * and every process leaving the table with what was seen of it. llmosd adds
 * it only with --log-level debug.
 */
#ifndef LLMOS_USERSPACE_LOG_STAGE_H
#define LLMOS_USERSPACE_LOG_STAGE_H

#include "pipeline.h"

extern const struct pipeline_stage log_stage;

#endif /* LLMOS_USERSPACE_LOG_STAGE_H */
