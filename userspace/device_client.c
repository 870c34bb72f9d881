// SPDX-License-Identifier: GPL-2.0
/* /dev/llmos ioctls, one function each. */
#include "device_client.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do
		ret = ioctl(fd, req, arg);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

int device_client_open(struct device_client *dc, const char *path,
		       uint32_t threshold_milli)
{
	struct llmos_register reg;
	int ret;

	memset(dc, 0, sizeof(*dc));
	dc->fd = open(path, O_RDWR | O_CLOEXEC);
	if (dc->fd < 0) {
		ret = -errno;
		dc->fd = -1;
		return ret;
	}
	memset(&reg, 0, sizeof(reg));
	reg.version = LLMOS_ABI_VERSION;
	if (threshold_milli) {
		reg.flags = LLMOS_REGISTER_THRESHOLD;
		reg.default_threshold = threshold_milli;
	}
	ret = xioctl(dc->fd, LLMOS_IOC_REGISTER, &reg);
	if (ret) {
		close(dc->fd);
		dc->fd = -1;
		return ret;
	}
	dc->config = reg.config;
	return 0;
}

void device_client_close(struct device_client *dc)
{
	if (dc->fd >= 0)
		close(dc->fd);
	dc->fd = -1;
}

bool device_client_is_open(const struct device_client *dc)
{
	return dc->fd >= 0;
}

int device_client_heartbeat(struct device_client *dc)
{
	struct llmos_heartbeat hb;
	int ret;

	memset(&hb, 0, sizeof(hb));
	hb.version = LLMOS_ABI_VERSION;
	ret = xioctl(dc->fd, LLMOS_IOC_HEARTBEAT, &hb);
	if (ret)
		return ret;
	dc->config = hb.config;
	dc->hints_active = hb.hints_active;
	dc->heartbeats++;
	return 0;
}

int device_client_hint(struct device_client *dc, uint32_t pid,
		       uint64_t start_time, int nice, int ioprio,
		       uint32_t ttl_ms, uint16_t confidence, int *applied_nice)
{
	struct llmos_hint h;
	int ret;

	memset(&h, 0, sizeof(h));
	h.version = LLMOS_ABI_VERSION;
	h.pid = pid;
	h.start_time = start_time;
	h.nice = nice;
	h.ttl_ms = ttl_ms;
	h.confidence = confidence;
	if (ioprio >= 0) {
		h.flags |= LLMOS_HINT_IOPRIO;
		h.ioprio = (uint16_t)ioprio;
	}
	ret = xioctl(dc->fd, LLMOS_IOC_HINT, &h);
	if (ret) {
		dc->hints_refused++;
		return ret;
	}
	dc->hints_sent++;
	if (applied_nice)
		*applied_nice = h.applied_nice;
	return 0;
}

int device_client_revert(struct device_client *dc, uint32_t pid,
			 uint64_t start_time)
{
	struct llmos_hint h;

	memset(&h, 0, sizeof(h));
	h.version = LLMOS_ABI_VERSION;
	h.flags = LLMOS_HINT_REVERT;
	h.pid = pid;
	h.start_time = start_time;
	return xioctl(dc->fd, LLMOS_IOC_HINT, &h);
}

/* Copy a string into a fixed field: cut to size - 1, NUL-padded. */
static void put_str(char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	memset(dst + n, 0, size - n);
}

int device_client_alert(struct device_client *dc, uint32_t pid,
			uint64_t start_time, uint32_t uid, const char *comm,
			uint32_t score_milli, const char *category,
			const char *detail, uint64_t *seq)
{
	struct llmos_alert a;
	int ret;

	memset(&a, 0, sizeof(a));
	a.version = LLMOS_ABI_VERSION;
	a.pid = pid;
	a.uid = uid;
	a.start_time = start_time;
	a.score = score_milli;
	put_str(a.comm, comm, sizeof(a.comm));
	put_str(a.category, category, sizeof(a.category));
	put_str(a.detail, detail, sizeof(a.detail));
	ret = xioctl(dc->fd, LLMOS_IOC_ALERT, &a);
	if (ret)
		return ret;
	if (a.result != LLMOS_ALERT_PUBLISHED) {
		dc->alerts_below++;
		return 0;
	}
	dc->alerts_published++;
	if (seq)
		*seq = a.seq;
	return 1;
}
