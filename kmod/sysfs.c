// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/llmos/: the knobs (root-writable); stats/ comes from stats.c.
 * Documentation/ABI/testing/sysfs-kernel-llmos describes every file.
 *
 * A write is parsed against the current values under llmos_knob_lock and
 * either applied entirely or refused with -EINVAL, leaving the old value.
 * Side effects: ring_size resizes the ring (keeping the newest alerts),
 * enabled=0 reverts every hint; smaller max_hints or nice bounds affect new
 * hints only.
 */
#include <linux/capability.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "internal.h"

struct llmos_knob_attr {
	struct kobj_attribute attr;
	enum llmos_knob_id id;
};

static struct kobject *llmos_kobj;

static void llmos_knobs_publish(const struct llmos_knobs *k)
{
	WRITE_ONCE(llmos_knobs.enabled, k->enabled);
	WRITE_ONCE(llmos_knobs.mode, k->mode);
	WRITE_ONCE(llmos_knobs.nice_min, k->nice_min);
	WRITE_ONCE(llmos_knobs.nice_max, k->nice_max);
	WRITE_ONCE(llmos_knobs.hint_ttl_ms, k->hint_ttl_ms);
	WRITE_ONCE(llmos_knobs.watchdog_ms, k->watchdog_ms);
	WRITE_ONCE(llmos_knobs.alert_threshold, k->alert_threshold);
	WRITE_ONCE(llmos_knobs.alert_action, k->alert_action);
	WRITE_ONCE(llmos_knobs.max_hints, k->max_hints);
	WRITE_ONCE(llmos_knobs.ring_size, k->ring_size);
	WRITE_ONCE(llmos_knobs.threshold_set, k->threshold_set);
}

static ssize_t llmos_knob_attr_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	struct llmos_knob_attr *ka = container_of(attr, typeof(*ka), attr);
	int n;

	mutex_lock(&llmos_knob_lock);
	n = llmos_knob_show(&llmos_knobs, ka->id, buf, PAGE_SIZE);
	mutex_unlock(&llmos_knob_lock);
	return n;
}

static ssize_t llmos_knob_attr_store(struct kobject *kobj,
				     struct kobj_attribute *attr,
				     const char *buf, size_t count)
{
	struct llmos_knob_attr *ka = container_of(attr, typeof(*ka), attr);
	struct llmos_knobs next;
	bool disable;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	mutex_lock(&llmos_knob_lock);
	ret = llmos_knob_parse(&llmos_knobs, ka->id, buf, &next);
	if (!ret && next.ring_size != llmos_knobs.ring_size)
		ret = llmos_ring_resize(&llmos_ring, next.ring_size);
	if (ret)
		goto unlock;
	disable = llmos_knobs.enabled && !next.enabled;
	llmos_knobs_publish(&next);
	if (disable) {
		mutex_lock(&llmos_agent.lock);
		llmos_hints_revert_all(&llmos_hints);
		mutex_unlock(&llmos_agent.lock);
	}
unlock:
	mutex_unlock(&llmos_knob_lock);
	return ret ? ret : count;
}

#define LLMOS_KNOB(_name, _id)						\
	static struct llmos_knob_attr llmos_knob_##_name = {		\
		.attr = __ATTR(_name, 0644, llmos_knob_attr_show,	\
			       llmos_knob_attr_store),			\
		.id = _id,						\
	}

LLMOS_KNOB(enabled, LLMOS_KNOB_ENABLED);
LLMOS_KNOB(mode, LLMOS_KNOB_MODE);
LLMOS_KNOB(nice_min, LLMOS_KNOB_NICE_MIN);
LLMOS_KNOB(nice_max, LLMOS_KNOB_NICE_MAX);
LLMOS_KNOB(hint_ttl_ms, LLMOS_KNOB_HINT_TTL_MS);
LLMOS_KNOB(watchdog_ms, LLMOS_KNOB_WATCHDOG_MS);
LLMOS_KNOB(alert_threshold, LLMOS_KNOB_ALERT_THRESHOLD);
LLMOS_KNOB(alert_action, LLMOS_KNOB_ALERT_ACTION);
LLMOS_KNOB(max_hints, LLMOS_KNOB_MAX_HINTS);
LLMOS_KNOB(ring_size, LLMOS_KNOB_RING_SIZE);

static struct attribute *llmos_knob_attrs[] = {
	&llmos_knob_enabled.attr.attr,
	&llmos_knob_mode.attr.attr,
	&llmos_knob_nice_min.attr.attr,
	&llmos_knob_nice_max.attr.attr,
	&llmos_knob_hint_ttl_ms.attr.attr,
	&llmos_knob_watchdog_ms.attr.attr,
	&llmos_knob_alert_threshold.attr.attr,
	&llmos_knob_alert_action.attr.attr,
	&llmos_knob_max_hints.attr.attr,
	&llmos_knob_ring_size.attr.attr,
	NULL,
};

static const struct attribute_group llmos_knob_group = {
	.attrs = llmos_knob_attrs,
};

static const struct attribute_group *llmos_groups[] = {
	&llmos_knob_group,
	&llmos_stats_group,
	NULL,
};

int llmos_sysfs_init(void)
{
	int ret;

	llmos_kobj = kobject_create_and_add("llmos", kernel_kobj);
	if (!llmos_kobj)
		return -ENOMEM;
	ret = sysfs_create_groups(llmos_kobj, llmos_groups);
	if (ret) {
		kobject_put(llmos_kobj);
		llmos_kobj = NULL;
	}
	return ret;
}

void llmos_sysfs_exit(void)
{
	sysfs_remove_groups(llmos_kobj, llmos_groups);
	kobject_put(llmos_kobj);
	llmos_kobj = NULL;
}
