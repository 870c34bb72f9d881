/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent's side of /dev/llmos (include/uapi/llmos.h): register as the
 * agent, keep the watchdog fed, push hints and alerts. Closing the client
 * unregisters, and the module reverts every hint.
 */
#ifndef LLMOS_USERSPACE_DEVICE_CLIENT_H
#define LLMOS_USERSPACE_DEVICE_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "uapi/llmos.h"

#define DEVICE_DEFAULT_PATH "/dev/" LLMOS_DEVICE_NAME

struct device_client {
	int fd;
	struct llmos_config config;	/* the knobs, as of the last call */
	uint32_t hints_active;
	uint64_t heartbeats;
	uint64_t hints_sent, hints_refused;
	uint64_t alerts_published, alerts_below;
};

/*
 * Open path and register. threshold_milli (if not 0) proposes the default
 * alert threshold. 0, or a negative errno (-ENOENT: no module loaded,
 * -EBUSY: another agent).
 */
int device_client_open(struct device_client *dc, const char *path,
		       uint32_t threshold_milli);
/* Unregisters by closing: the module reverts this agent's hints. */
void device_client_close(struct device_client *dc);
bool device_client_is_open(const struct device_client *dc);

/* Feed the watchdog and refresh dc->config. 0 or a negative errno. */
int device_client_heartbeat(struct device_client *dc);
/*
 * Push a priority hint for (pid, start_time); ioprio < 0 leaves the I/O
 * priority alone. On success *applied_nice (if not NULL) is what the
 * module set. 0 or a negative errno as documented in the uapi header.
 */
int device_client_hint(struct device_client *dc, uint32_t pid,
		       uint64_t start_time, int nice, int ioprio,
		       uint32_t ttl_ms, uint16_t confidence, int *applied_nice);
int device_client_revert(struct device_client *dc, uint32_t pid,
			 uint64_t start_time);
/*
 * Publish an alert. Returns 1 if published (*seq set when not NULL), 0 if
 * below the module's threshold, or a negative errno.
 */
int device_client_alert(struct device_client *dc, uint32_t pid,
			uint64_t start_time, uint32_t uid, const char *comm,
			uint32_t score_milli, const char *category,
			const char *detail, uint64_t *seq);

#endif /* LLMOS_USERSPACE_DEVICE_CLIENT_H */
