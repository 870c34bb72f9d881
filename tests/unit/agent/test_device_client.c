// SPDX-License-Identifier: GPL-2.0
/*
 * The agent's side of /dev/llmos against a fake module: the structs it
 * sends are what include/uapi/llmos.h requires (version set, only defined
 * flags, reserved fields zero, strings cut and NUL-padded), what the module
 * answers reaches the caller, and every refusal comes back as its errno.
 *
 * The program links with -Wl,--wrap=ioctl: device_client.c's ioctl()
 * calls land in __wrap_ioctl below, on a real file descriptor (/dev/null)
 * that they never reach.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "device_client.h"

#define FAKE_DEVICE "/dev/null"

/* The fake module: what it was sent, and how it answers. */
static struct {
	unsigned int calls;
	int fd;
	unsigned long req;
	union {
		struct llmos_register reg;
		struct llmos_heartbeat hb;
		struct llmos_hint hint;
		struct llmos_alert alert;
	} got;			/* the argument as the module received it */
	unsigned int eintr;	/* interrupt this many calls first */
	int err;		/* then refuse with this errno, or 0 */
	/* Out fields of an accepted call. */
	struct llmos_config config;
	uint32_t hints_active;
	int32_t applied_nice;
	uint64_t seq;
	uint32_t result;
} fake;

int __wrap_ioctl(int fd, unsigned long req, ...);

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	fake.calls++;
	fake.fd = fd;
	fake.req = req;
	assert_true(_IOC_SIZE(req) <= sizeof(fake.got));
	memcpy(&fake.got, arg, _IOC_SIZE(req));
	if (fake.eintr) {
		fake.eintr--;
		errno = EINTR;
		return -1;
	}
	if (fake.err) {
		errno = fake.err;
		return -1;
	}
	switch (req) {
	case LLMOS_IOC_REGISTER:
		((struct llmos_register *)arg)->config = fake.config;
		break;
	case LLMOS_IOC_HEARTBEAT:
		((struct llmos_heartbeat *)arg)->config = fake.config;
		((struct llmos_heartbeat *)arg)->hints_active = fake.hints_active;
		break;
	case LLMOS_IOC_HINT:
		((struct llmos_hint *)arg)->applied_nice = fake.applied_nice;
		break;
	case LLMOS_IOC_ALERT:
		((struct llmos_alert *)arg)->seq = fake.seq;
		((struct llmos_alert *)arg)->result = fake.result;
		break;
	default:
		fail_msg("unexpected ioctl %#lx", req);
	}
	return 0;
}

/* Knobs as a module would report them, distinct from a zeroed struct. */
static const struct llmos_config knobs = {
	.enabled = 1, .mode = LLMOS_MODE_ENFORCE, .nice_min = -5,
	.nice_max = 19, .hint_ttl_ms = 5000, .watchdog_ms = 3000,
	.alert_threshold = 4250, .alert_action = LLMOS_ACTION_KILL,
	.max_hints = 1024, .ring_size = 256,
};

/* A registered client; the fake then forgets the registration. */
static int setup(void **state)
{
	static struct device_client dc;

	memset(&fake, 0, sizeof(fake));
	fake.config = knobs;
	if (device_client_open(&dc, FAKE_DEVICE, 0))
		return -1;
	memset(&fake, 0, sizeof(fake));
	*state = &dc;
	return 0;
}

static int teardown(void **state)
{
	device_client_close(*state);
	return 0;
}

static void test_register(void **state)
{
	struct llmos_register want = { .version = LLMOS_ABI_VERSION };
	struct device_client dc;

	(void)state;
	memset(&fake, 0, sizeof(fake));
	fake.config = knobs;
	assert_int_equal(device_client_open(&dc, FAKE_DEVICE, 0), 0);
	assert_true(device_client_is_open(&dc));
	assert_int_equal(fake.calls, 1);
	assert_int_equal(fake.fd, dc.fd);
	assert_int_equal(fake.req, LLMOS_IOC_REGISTER);
	assert_memory_equal(&fake.got.reg, &want, sizeof(want));
	assert_memory_equal(&dc.config, &knobs, sizeof(knobs));
	device_client_close(&dc);
	assert_false(device_client_is_open(&dc));

	/* A calibrated threshold is proposed with its flag. */
	want.flags = LLMOS_REGISTER_THRESHOLD;
	want.default_threshold = 4890;
	assert_int_equal(device_client_open(&dc, FAKE_DEVICE, 4890), 0);
	assert_memory_equal(&fake.got.reg, &want, sizeof(want));
	device_client_close(&dc);
}

static void test_register_refused(void **state)
{
	struct device_client dc;

	(void)state;
	memset(&fake, 0, sizeof(fake));
	/* No module loaded: no device node, nothing sent. */
	assert_int_equal(device_client_open(&dc, "/nonexistent/llmos", 0),
			 -ENOENT);
	assert_false(device_client_is_open(&dc));
	assert_int_equal(fake.calls, 0);

	/* Another agent is registered: the file is not kept open. */
	fake.err = EBUSY;
	assert_int_equal(device_client_open(&dc, FAKE_DEVICE, 0), -EBUSY);
	assert_false(device_client_is_open(&dc));
	assert_int_equal(fake.calls, 1);
	assert_int_equal(fcntl(fake.fd, F_GETFD), -1);
	assert_int_equal(errno, EBADF);
}

static void test_heartbeat(void **state)
{
	struct llmos_heartbeat want = { .version = LLMOS_ABI_VERSION };
	struct device_client *dc = *state;
	struct llmos_config lowered = knobs;

	lowered.alert_threshold = 1000;
	fake.config = lowered;
	fake.hints_active = 3;
	assert_int_equal(device_client_heartbeat(dc), 0);
	assert_int_equal(fake.req, LLMOS_IOC_HEARTBEAT);
	assert_int_equal(fake.fd, dc->fd);
	assert_memory_equal(&fake.got.hb, &want, sizeof(want));
	/* The agent follows knobs changed through sysfs. */
	assert_int_equal(dc->config.alert_threshold, 1000);
	assert_int_equal(dc->hints_active, 3);
	assert_int_equal(dc->heartbeats, 1);

	/* Too late: the watchdog fired. The old knobs stay. */
	fake.err = ETIMEDOUT;
	fake.config = knobs;
	assert_int_equal(device_client_heartbeat(dc), -ETIMEDOUT);
	assert_int_equal(dc->config.alert_threshold, 1000);
	assert_int_equal(dc->heartbeats, 1);
}

static void test_hint(void **state)
{
	struct llmos_hint want = {
		.version = LLMOS_ABI_VERSION, .flags = LLMOS_HINT_IOPRIO,
		.pid = 4242, .nice = -10, .start_time = 8100000000ULL,
		.ttl_ms = 5000,
		.ioprio = LLMOS_IOPRIO(LLMOS_IOPRIO_CLASS_BE, 7),
		.confidence = 900,
	};
	struct device_client *dc = *state;
	int applied = 0;

	/* The module clamps to nice_min; the caller learns what it set. */
	fake.applied_nice = -5;
	assert_int_equal(device_client_hint(dc, 4242, 8100000000ULL, -10,
					    want.ioprio, 5000, 900, &applied),
			 0);
	assert_int_equal(fake.req, LLMOS_IOC_HINT);
	assert_memory_equal(&fake.got.hint, &want, sizeof(want));
	assert_int_equal(applied, -5);

	/* ioprio < 0 leaves the I/O priority alone: no flag, no value. */
	want.flags = 0;
	want.ioprio = 0;
	want.nice = -2;
	assert_int_equal(device_client_hint(dc, 4242, 8100000000ULL, -2, -1,
					    5000, 900, NULL), 0);
	assert_memory_equal(&fake.got.hint, &want, sizeof(want));
	assert_int_equal(dc->hints_sent, 2);
	assert_int_equal(dc->hints_refused, 0);
}

static void test_hint_refused(void **state)
{
	struct device_client *dc = *state;
	int applied = 77;

	/* The pid was reused. */
	fake.err = ESTALE;
	fake.applied_nice = 19;
	assert_int_equal(device_client_hint(dc, 4242, 1, 10, -1, 0, 0,
					    &applied), -ESTALE);
	assert_int_equal(applied, 77);
	assert_int_equal(dc->hints_sent, 0);
	assert_int_equal(dc->hints_refused, 1);
}

static void test_revert(void **state)
{
	/* nice, ioprio, ttl_ms and confidence must be 0 with REVERT. */
	const struct llmos_hint want = {
		.version = LLMOS_ABI_VERSION, .flags = LLMOS_HINT_REVERT,
		.pid = 4242, .start_time = 8100000000ULL,
	};
	struct device_client *dc = *state;

	assert_int_equal(device_client_revert(dc, 4242, 8100000000ULL), 0);
	assert_int_equal(fake.req, LLMOS_IOC_HINT);
	assert_memory_equal(&fake.got.hint, &want, sizeof(want));
	fake.err = ENOENT;
	assert_int_equal(device_client_revert(dc, 4242, 8100000000ULL),
			 -ENOENT);
}

static void test_alert(void **state)
{
	struct llmos_alert want = {
		.version = LLMOS_ABI_VERSION, .pid = 4242, .uid = 1000,
		.start_time = 8100000000ULL, .score = 7125,
		.comm = "nc", .category = "anomaly",
		.detail = "most surprising: ptrace",
	};
	struct device_client *dc = *state;
	uint64_t seq = 0;

	fake.result = LLMOS_ALERT_PUBLISHED;
	fake.seq = 12;
	assert_int_equal(device_client_alert(dc, 4242, 8100000000ULL, 1000,
					     "nc", 7125, "anomaly",
					     "most surprising: ptrace", &seq),
			 1);
	assert_int_equal(fake.req, LLMOS_IOC_ALERT);
	assert_memory_equal(&fake.got.alert, &want, sizeof(want));
	assert_int_equal(seq, 12);
	assert_int_equal(dc->alerts_published, 1);
}

/* Longer strings are cut to their field, a NUL last. */
static void test_alert_strings_cut(void **state)
{
	struct device_client *dc = *state;
	char detail[LLMOS_DETAIL_LEN + 40];

	memset(detail, 'd', sizeof(detail) - 1);
	detail[sizeof(detail) - 1] = '\0';
	fake.result = LLMOS_ALERT_PUBLISHED;
	assert_int_equal(device_client_alert(dc, 1, 2, 0,
					     "a-comm-of-twenty-chars",
					     7125, "category-too-long",
					     detail, NULL), 1);
	assert_string_equal(fake.got.alert.comm, "a-comm-of-twent");
	assert_string_equal(fake.got.alert.category, "category-too-lo");
	assert_int_equal(strlen(fake.got.alert.detail), LLMOS_DETAIL_LEN - 1);
	assert_memory_equal(fake.got.alert.detail, detail,
			    LLMOS_DETAIL_LEN - 1);
}

static void test_alert_below_or_refused(void **state)
{
	struct device_client *dc = *state;
	uint64_t seq = 99;

	/* Below the module's threshold: not an error, not published. */
	fake.result = LLMOS_ALERT_BELOW_THRESHOLD;
	assert_int_equal(device_client_alert(dc, 1, 2, 0, "sh", 10, "anomaly",
					     "", &seq), 0);
	assert_int_equal(seq, 99);
	assert_int_equal(dc->alerts_below, 1);
	/* llmos is disabled. */
	fake.err = ENODEV;
	assert_int_equal(device_client_alert(dc, 1, 2, 0, "sh", 9000,
					     "anomaly", "", &seq), -ENODEV);
	assert_int_equal(seq, 99);
	assert_int_equal(dc->alerts_below, 1);
	assert_int_equal(dc->alerts_published, 0);
}

/* A signal during an ioctl is no refusal: the call is made again. */
static void test_interrupted_call_retried(void **state)
{
	struct device_client *dc = *state;

	fake.eintr = 2;
	fake.hints_active = 1;
	assert_int_equal(device_client_heartbeat(dc), 0);
	assert_int_equal(fake.calls, 3);
	assert_int_equal(dc->hints_active, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register),
		cmocka_unit_test(test_register_refused),
		cmocka_unit_test_setup_teardown(test_heartbeat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hint_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_revert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alert_strings_cut, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_alert_below_or_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupted_call_retried,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
