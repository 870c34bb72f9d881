// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/llmos: the misc device. Readers get the alert ring as JSON lines
 * with /dev/kmsg semantics (own cursor per open file, lseek to rewind,
 * blocking or O_NONBLOCK reads, poll); the agent uses the ioctls of
 * include/uapi/llmos.h. Documentation/device.md describes the protocol.
 *
 * Every ioctl copies its argument into a fixed-size struct on the stack
 * before looking at it; HINT and ALERT run under llmos_agent.lock so that
 * they cannot interleave with the agent's release, the watchdog or
 * enabled=0 (which revert every hint under the same lock).
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>

#include "internal.h"

struct llmos_file {
	struct mutex lock;		/* protects everything below */
	u64 cursor;			/* seq of the next alert to read */
	struct llmos_alert_rec rec;
	char line[LLMOS_LINE_MAX];
};

static int llmos_open(struct inode *inode, struct file *file)
{
	struct llmos_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	mutex_init(&f->lock);
	f->cursor = llmos_ring_next(&llmos_ring);
	file->private_data = f;
	if (file->f_mode & FMODE_READ)
		llmos_stat_inc(LLMOS_STAT_READERS);
	return 0;
}

static int llmos_release(struct inode *inode, struct file *file)
{
	struct llmos_file *f = file->private_data;

	llmos_agent_release(file);
	if (file->f_mode & FMODE_READ)
		llmos_stat_add(LLMOS_STAT_READERS, -1);
	mutex_destroy(&f->lock);
	kfree(f);
	return 0;
}

/*
 * Format what the reader at f->cursor gets next into f->line. Returns its
 * length and sets *@next to the cursor after it, 0 if there is nothing to
 * read, or a negative error.
 */
static int llmos_next_line(struct llmos_file *f, u64 *next, u64 *lost)
{
	switch (llmos_ring_peek(&llmos_ring, f->cursor, &f->rec, lost)) {
	case LLMOS_RING_LOST:
		*next = f->cursor + *lost;
		return llmos_lost_format(f->cursor, *lost, f->line,
					 sizeof(f->line));
	case LLMOS_RING_RECORD:
		*lost = 0;
		*next = f->rec.seq + 1;
		return llmos_alert_format(&f->rec, f->line, sizeof(f->line));
	default:
		return 0;
	}
}

static int llmos_wait(struct llmos_file *f)
{
	return wait_event_interruptible(llmos_ring.wait,
					llmos_ring_pending(&llmos_ring,
							   f->cursor));
}

static ssize_t llmos_read(struct file *file, char __user *buf, size_t count,
			  loff_t *ppos)
{
	struct llmos_file *f = file->private_data;
	ssize_t done = 0;
	u64 next, lost;
	int ret = 0, n;

	if (mutex_lock_interruptible(&f->lock))
		return -ERESTARTSYS;
	while (done < count) {
		n = llmos_next_line(f, &next, &lost);
		if (n < 0) {
			ret = n;
			break;
		}
		if (!n) {
			if (done)
				break;
			if (file->f_flags & O_NONBLOCK) {
				ret = -EAGAIN;
				break;
			}
			ret = llmos_wait(f);
			if (ret)
				break;
			continue;
		}
		if (n > count - done) {
			/* Only whole lines: the buffer must hold one. */
			if (!done)
				ret = -EINVAL;
			break;
		}
		if (copy_to_user(buf + done, f->line, n)) {
			ret = -EFAULT;
			break;
		}
		done += n;
		WRITE_ONCE(f->cursor, next);
		if (lost)
			llmos_stat_add(LLMOS_STAT_ALERTS_LOST, lost);
	}
	mutex_unlock(&f->lock);
	return done ? done : ret;
}

/* Only offset 0: SEEK_SET rewinds to the oldest alert, SEEK_END skips all. */
static loff_t llmos_llseek(struct file *file, loff_t offset, int whence)
{
	struct llmos_file *f = file->private_data;
	loff_t ret = 0;

	if (offset)
		return -ESPIPE;
	if (mutex_lock_interruptible(&f->lock))
		return -ERESTARTSYS;
	switch (whence) {
	case SEEK_SET:
		WRITE_ONCE(f->cursor, llmos_ring_first(&llmos_ring));
		break;
	case SEEK_END:
		WRITE_ONCE(f->cursor, llmos_ring_next(&llmos_ring));
		break;
	default:
		ret = -EINVAL;
		break;
	}
	mutex_unlock(&f->lock);
	return ret;
}

static __poll_t llmos_poll(struct file *file, poll_table *wait)
{
	struct llmos_file *f = file->private_data;

	poll_wait(file, &llmos_ring.wait, wait);
	if (llmos_ring_pending(&llmos_ring, READ_ONCE(f->cursor)))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static int llmos_ioc_hint(struct file *file, struct llmos_hint *req)
{
	int ret;

	mutex_lock(&llmos_agent.lock);
	if (llmos_agent.expired) {
		llmos_stat_inc(LLMOS_STAT_HINTS_REJECTED);
		llmos_stat_inc(LLMOS_STAT_REJECT_WATCHDOG);
		ret = -ETIMEDOUT;
	} else {
		ret = llmos_hint_push(&llmos_hints, req, llmos_agent.tgid);
	}
	mutex_unlock(&llmos_agent.lock);
	return ret;
}

static int llmos_ioc_alert(struct file *file, struct llmos_alert *req)
{
	int ret;

	mutex_lock(&llmos_agent.lock);
	ret = llmos_alert_push(req, llmos_agent.tgid);
	mutex_unlock(&llmos_agent.lock);
	return ret;
}

static int llmos_ioc_task_info(struct llmos_task_info *req)
{
	struct task_struct *t;
	struct pid *pid;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (req->version != LLMOS_ABI_VERSION || req->flags || req->reserved)
		return -EINVAL;
	if (!req->pid || req->pid > PID_MAX_LIMIT)
		return -EINVAL;
	pid = find_get_pid(req->pid);
	t = pid ? get_pid_task(pid, PIDTYPE_PID) : NULL;
	put_pid(pid);
	if (!t)
		return -ESRCH;

	*req = (struct llmos_task_info) {
		.version = req->version,
		.pid = req->pid,
	};
	req->start_time = t->start_time;
	req->nice = task_nice(t);
	req->ioprio = llmos_task_raw_ioprio(t);
	req->uid = from_kuid_munged(current_user_ns(), task_uid(t));
	get_task_comm(req->comm, t);
	if (t->flags & PF_KTHREAD)
		req->task_flags |= LLMOS_TASK_KTHREAD;
	mutex_lock(&llmos_agent.lock);
	if (llmos_agent.tgid && task_tgid(t) == llmos_agent.tgid)
		req->task_flags |= LLMOS_TASK_AGENT;
	mutex_unlock(&llmos_agent.lock);
	req->task_flags |= llmos_task_hint_flags(&llmos_hints, t);
	put_task_struct(t);
	return 0;
}

static long llmos_ioctl(struct file *file, unsigned int cmd,
			unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	union {
		struct llmos_register reg;
		struct llmos_heartbeat beat;
		struct llmos_hint hint;
		struct llmos_alert alert;
		struct llmos_task_info info;
	} u;
	size_t size = _IOC_SIZE(cmd);
	int ret;

	switch (cmd) {
	case LLMOS_IOC_REGISTER:
	case LLMOS_IOC_TASK_INFO:
		break;
	case LLMOS_IOC_HEARTBEAT:
	case LLMOS_IOC_HINT:
	case LLMOS_IOC_ALERT:
		if (!llmos_agent_is(file))
			return -EPERM;
		break;
	default:
		return -ENOTTY;
	}
	if (copy_from_user(&u, uarg, size))
		return -EFAULT;

	switch (cmd) {
	case LLMOS_IOC_REGISTER:
		ret = llmos_agent_register(file, &u.reg);
		break;
	case LLMOS_IOC_HEARTBEAT:
		ret = llmos_agent_heartbeat(file, &u.beat);
		break;
	case LLMOS_IOC_HINT:
		ret = llmos_ioc_hint(file, &u.hint);
		break;
	case LLMOS_IOC_ALERT:
		ret = llmos_ioc_alert(file, &u.alert);
		break;
	default:
		ret = llmos_ioc_task_info(&u.info);
		break;
	}
	if (!ret && copy_to_user(uarg, &u, size))
		ret = -EFAULT;
	return ret;
}

/* The uapi structs have the same layout for 32- and 64-bit callers. */
static_assert(sizeof(struct llmos_config) == 64);
static_assert(sizeof(struct llmos_register) == 80);
static_assert(sizeof(struct llmos_heartbeat) == 80);
static_assert(sizeof(struct llmos_hint) == 56);
static_assert(sizeof(struct llmos_alert) == 352);
static_assert(sizeof(struct llmos_task_info) == 72);

static const struct file_operations llmos_fops = {
	.owner		= THIS_MODULE,
	.open		= llmos_open,
	.release	= llmos_release,
	.read		= llmos_read,
	.llseek		= llmos_llseek,
	.poll		= llmos_poll,
	.unlocked_ioctl	= llmos_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice llmos_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= LLMOS_DEVICE_NAME,
	.fops	= &llmos_fops,
	.mode	= 0640,
};

int llmos_dev_init(void)
{
	return misc_register(&llmos_misc);
}

void llmos_dev_exit(void)
{
	misc_deregister(&llmos_misc);
}
