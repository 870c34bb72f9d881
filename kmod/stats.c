// SPDX-License-Identifier: GPL-2.0
/*
 * llmos counters and their read-only files in /sys/kernel/llmos/stats/.
 * Counters only grow; the gauges (readers, agent_connected, hints_active)
 * follow the current state.
 */
#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "internal.h"

atomic64_t llmos_stats[LLMOS_STAT_NR];

struct llmos_stat_attr {
	struct kobj_attribute attr;
	enum llmos_stat id;
};

static ssize_t llmos_stat_attr_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	struct llmos_stat_attr *sa = container_of(attr, typeof(*sa), attr);
	s64 v;

	if (sa->id == LLMOS_STAT_HINTS_ACTIVE)
		v = READ_ONCE(llmos_hints.count);
	else
		v = atomic64_read(&llmos_stats[sa->id]);
	return sysfs_emit(buf, "%lld\n", v);
}

#define LLMOS_STAT(_name, _id)						\
	static struct llmos_stat_attr llmos_stat_##_name = {		\
		.attr = __ATTR(_name, 0444, llmos_stat_attr_show, NULL),\
		.id = _id,						\
	}

LLMOS_STAT(hints_applied, LLMOS_STAT_HINTS_APPLIED);
LLMOS_STAT(hints_rejected, LLMOS_STAT_HINTS_REJECTED);
LLMOS_STAT(hints_reverted, LLMOS_STAT_HINTS_REVERTED);
LLMOS_STAT(hints_user_changed, LLMOS_STAT_HINTS_USER_CHANGED);
LLMOS_STAT(hints_expired, LLMOS_STAT_HINTS_EXPIRED);
LLMOS_STAT(hints_reaped, LLMOS_STAT_HINTS_REAPED);
LLMOS_STAT(rejected_no_process, LLMOS_STAT_REJECT_NO_PROCESS);
LLMOS_STAT(rejected_start_time, LLMOS_STAT_REJECT_START_TIME);
LLMOS_STAT(rejected_kernel_thread, LLMOS_STAT_REJECT_KERNEL_THREAD);
LLMOS_STAT(rejected_init, LLMOS_STAT_REJECT_INIT);
LLMOS_STAT(rejected_agent, LLMOS_STAT_REJECT_AGENT);
LLMOS_STAT(rejected_observe, LLMOS_STAT_REJECT_OBSERVE);
LLMOS_STAT(rejected_disabled, LLMOS_STAT_REJECT_DISABLED);
LLMOS_STAT(rejected_table_full, LLMOS_STAT_REJECT_TABLE_FULL);
LLMOS_STAT(rejected_busy, LLMOS_STAT_REJECT_BUSY);
LLMOS_STAT(rejected_watchdog, LLMOS_STAT_REJECT_WATCHDOG);
LLMOS_STAT(rejected_invalid, LLMOS_STAT_REJECT_INVALID);
LLMOS_STAT(alerts_published, LLMOS_STAT_ALERTS_PUBLISHED);
LLMOS_STAT(alerts_below_threshold, LLMOS_STAT_ALERTS_BELOW_THRESHOLD);
LLMOS_STAT(alerts_lost, LLMOS_STAT_ALERTS_LOST);
LLMOS_STAT(alert_actions, LLMOS_STAT_ALERT_ACTIONS);
LLMOS_STAT(heartbeats, LLMOS_STAT_HEARTBEATS);
LLMOS_STAT(watchdog_expired, LLMOS_STAT_WATCHDOG_EXPIRED);
LLMOS_STAT(readers, LLMOS_STAT_READERS);
LLMOS_STAT(agent_connected, LLMOS_STAT_AGENT_CONNECTED);
LLMOS_STAT(hints_active, LLMOS_STAT_HINTS_ACTIVE);

static struct attribute *llmos_stat_attrs[] = {
	&llmos_stat_hints_applied.attr.attr,
	&llmos_stat_hints_rejected.attr.attr,
	&llmos_stat_hints_reverted.attr.attr,
	&llmos_stat_hints_user_changed.attr.attr,
	&llmos_stat_hints_expired.attr.attr,
	&llmos_stat_hints_reaped.attr.attr,
	&llmos_stat_rejected_no_process.attr.attr,
	&llmos_stat_rejected_start_time.attr.attr,
	&llmos_stat_rejected_kernel_thread.attr.attr,
	&llmos_stat_rejected_init.attr.attr,
	&llmos_stat_rejected_agent.attr.attr,
	&llmos_stat_rejected_observe.attr.attr,
	&llmos_stat_rejected_disabled.attr.attr,
	&llmos_stat_rejected_table_full.attr.attr,
	&llmos_stat_rejected_busy.attr.attr,
	&llmos_stat_rejected_watchdog.attr.attr,
	&llmos_stat_rejected_invalid.attr.attr,
	&llmos_stat_alerts_published.attr.attr,
	&llmos_stat_alerts_below_threshold.attr.attr,
	&llmos_stat_alerts_lost.attr.attr,
	&llmos_stat_alert_actions.attr.attr,
	&llmos_stat_heartbeats.attr.attr,
	&llmos_stat_watchdog_expired.attr.attr,
	&llmos_stat_readers.attr.attr,
	&llmos_stat_agent_connected.attr.attr,
	&llmos_stat_hints_active.attr.attr,
	NULL,
};

const struct attribute_group llmos_stats_group = {
	.name = "stats",
	.attrs = llmos_stat_attrs,
};

