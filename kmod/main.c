// SPDX-License-Identifier: GPL-2.0
/*
 * llmos: kernel half of the LLM-informed scheduler and anomaly detector.
 *
 * A userspace agent watches syscall sequences with a small transformer and
 * pushes priority hints and security alerts through /dev/llmos; this module
 * applies the hints within bounds and reverts them, publishes the alerts to
 * readers, and takes the configured action on them. See
 * Documentation/device.md and Documentation/ABI/testing/sysfs-kernel-llmos.
 */
#include <linux/init.h>
#include <linux/module.h>

#include "internal.h"

static int __init llmos_init(void)
{
	int ret;

	llmos_knobs_default(&llmos_knobs);
	llmos_hints_init(&llmos_hints);
	ret = llmos_ring_init(&llmos_ring, llmos_knobs.ring_size);
	if (ret)
		return ret;
	ret = llmos_sysfs_init();
	if (ret)
		goto free_ring;
	ret = llmos_dev_init();
	if (ret)
		goto del_sysfs;
	return 0;

del_sysfs:
	llmos_sysfs_exit();
free_ring:
	llmos_ring_free(&llmos_ring);
	return ret;
}

/*
 * No file of /dev/llmos can be open here (each holds a module reference),
 * so the agent is gone and its hints were reverted when it closed; the
 * revert below is the safety net for anything left.
 */
static void __exit llmos_exit(void)
{
	llmos_dev_exit();
	llmos_sysfs_exit();
	llmos_tick_stop();
	llmos_hints_revert_all(&llmos_hints);
	llmos_ring_free(&llmos_ring);
}

module_init(llmos_init);
module_exit(llmos_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("llmos developers");
MODULE_DESCRIPTION("llmos: priority hints and security alerts from a syscall-sequence model");
