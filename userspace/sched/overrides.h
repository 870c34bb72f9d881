/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /etc/llmos/overrides (Documentation/scheduling.md, "Overrides"): rules that pin a
 * class on, or exempt from hints, processes by executable or cgroup.
 * Parsed strictly: any bad line rejects the whole file, naming the line.
 */
#ifndef LLMOS_SCHED_OVERRIDES_H
#define LLMOS_SCHED_OVERRIDES_H

#include <stddef.h>

#define SCHED_OVERRIDES_PATH	"/etc/llmos/overrides"
#define SCHED_OVERRIDES_MAX	1024	/* rules */
#define SCHED_OVERRIDES_LINE	1024	/* bytes in a line, '\n' excluded */

enum sched_rule_kind { SCHED_RULE_EXE, SCHED_RULE_CGROUP };
enum sched_rule_action { SCHED_RULE_EXEMPT, SCHED_RULE_PIN };

struct sched_rule {
	enum sched_rule_kind kind;
	enum sched_rule_action action;
	int cls;		/* enum sched_class, for SCHED_RULE_PIN */
	unsigned int line;
	char *pattern;		/* exe: a glob; cgroup: a path */
};

struct sched_overrides {
	struct sched_rule *rules;
	size_t n;
};

/*
 * Parses text (len bytes, any bytes). On error returns -EINVAL, *out is
 * untouched and err says "NAME:LINE: what is wrong".
 */
int sched_overrides_parse(const char *text, size_t len, const char *name,
			  struct sched_overrides *out, char *err,
			  size_t errlen);
/* Reads and parses path; -ENOENT (err set) if it does not exist. */
int sched_overrides_load(const char *path, struct sched_overrides *out,
			 char *err, size_t errlen);
void sched_overrides_free(struct sched_overrides *o);

/*
 * The first rule matching exe (NULL or "" never matches an exe rule) or
 * cgroup (a cgroup v2 path such as "/system.slice/x.service", or NULL).
 */
const struct sched_rule *sched_overrides_match(const struct sched_overrides *o,
					       const char *exe,
					       const char *cgroup);

#endif
