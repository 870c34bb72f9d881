/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Daemon-style logging: a level threshold, and either stderr (one line a
 * message, "PROG: LEVEL: text") or syslog(3).
 */
#ifndef LLMOS_USERSPACE_LOG_H
#define LLMOS_USERSPACE_LOG_H

#include <stdbool.h>

enum log_level {
	LOG_LVL_ERR,
	LOG_LVL_WARN,
	LOG_LVL_INFO,
	LOG_LVL_DEBUG,
};

void log_init(const char *ident, enum log_level level, bool use_syslog);
/* "err", "warn", "info" or "debug"; -1 for anything else. */
int log_level_parse(const char *name);
bool log_enabled(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...) log_msg(LOG_LVL_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

#endif /* LLMOS_USERSPACE_LOG_H */
