// SPDX-License-Identifier: GPL-2.0
/*
 * llmos-devtest: drives /dev/llmos from the guest's test cases
 * (tests/vm/cases/1*-kmod-*.sh).
 *
 *   llmos-devtest info PID
 *	print "start_time nice ioprio uid flags comm" of PID (TASK_INFO)
 *   llmos-devtest agent STEP...
 *	register as the agent, then run the steps in order:
 *	  hint PID NICE [ttl=MS] [io=CLASS,LEVEL] [conf=N] [start=NS|bad]
 *	  revert PID
 *	  alert PID SCORE [cat=NAME] [detail=TEXT] [comm=NAME] [start=..]
 *	  beat                  heartbeat
 *	  sleep MS              sleep, heartbeating every 100 ms
 *	  quiet MS              sleep without heartbeats
 *	  ready FILE            create FILE (to sync with the shell)
 *	  waitfile FILE         wait (heartbeating) until FILE exists
 *	  hold                  heartbeat forever (until killed)
 *	  hold-quiet            sleep forever without heartbeats
 *	  register              register again on the same file
 *	every step may end in expect=ERRNO (e.g. expect=EPERM); the default
 *	is success. The agent exits 1 at the first step whose result differs.
 *   llmos-devtest register [threshold=MILLI]     register, print config, exit
 *   llmos-devtest invalid      malformed requests: each must be -EINVAL
 *   llmos-devtest unpriv       as root, drop to uid 65534 keeping an open
 *	file: every privileged ioctl must fail with EPERM
 *   llmos-devtest read [nonblock] [poll] [count=N] [delay=MS]
 *	[waitfile=FILE] [rewind] [end] [timeout=MS] [bufsize=N]
 *	read lines and print them; stop after N lines (default: forever)
 *   llmos-devtest comm NAME    fork a child whose comm is NAME (\xNN
 *	escapes allowed), print its pid, the child sleeps until killed
 *   llmos-devtest setnice PID NICE     setpriority(2), as a user would
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "uapi/llmos.h"

#define DEV "/dev/llmos"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	int err;
} errnames[] = {
	{ "OK", 0 }, { "EPERM", EPERM }, { "EACCES", EACCES },
	{ "ESRCH", ESRCH }, { "ESTALE", ESTALE }, { "EINVAL", EINVAL },
	{ "EOPNOTSUPP", EOPNOTSUPP }, { "ENODEV", ENODEV },
	{ "ENOSPC", ENOSPC }, { "EBUSY", EBUSY }, { "ETIMEDOUT", ETIMEDOUT },
	{ "ENOENT", ENOENT }, { "EAGAIN", EAGAIN }, { "ENOTTY", ENOTTY },
	{ "EFAULT", EFAULT },
};

static const char *errname(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnames); i++)
		if (errnames[i].err == err)
			return errnames[i].name;
	return "E?";
}

static int errnum(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnames); i++)
		if (!strcmp(errnames[i].name, name))
			return errnames[i].err;
	fprintf(stderr, "unknown errno name %s\n", name);
	exit(2);
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? errno : 0;
}

static void msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int open_dev(int flags)
{
	int fd = open(DEV, flags | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", DEV, strerror(errno));
		exit(1);
	}
	return fd;
}

static int task_info(int fd, uint32_t pid, struct llmos_task_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	ti->version = LLMOS_ABI_VERSION;
	ti->pid = pid;
	return xioctl(fd, LLMOS_IOC_TASK_INFO, ti);
}

static int cmd_info(int argc, char **argv)
{
	struct llmos_task_info ti;
	int fd, err;

	if (argc < 1)
		return 2;
	fd = open_dev(O_RDONLY);
	err = task_info(fd, strtoul(argv[0], NULL, 0), &ti);
	if (err) {
		printf("%s\n", errname(err));
		return 1;
	}
	printf("%llu %d %u %u 0x%x %s\n", (unsigned long long)ti.start_time,
	       ti.nice, ti.ioprio, ti.uid, ti.task_flags, ti.comm);
	return 0;
}

static int do_register(int fd, uint32_t threshold)
{
	struct llmos_register reg;
	int err;

	memset(&reg, 0, sizeof(reg));
	reg.version = LLMOS_ABI_VERSION;
	if (threshold) {
		reg.flags = LLMOS_REGISTER_THRESHOLD;
		reg.default_threshold = threshold;
	}
	err = xioctl(fd, LLMOS_IOC_REGISTER, &reg);
	if (!err)
		printf("registered enabled=%u mode=%u nice=[%d,%d] ttl=%u "
		       "watchdog=%u threshold=%u action=%u max_hints=%u "
		       "ring=%u\n",
		       reg.config.enabled, reg.config.mode, reg.config.nice_min,
		       reg.config.nice_max, reg.config.hint_ttl_ms,
		       reg.config.watchdog_ms, reg.config.alert_threshold,
		       reg.config.alert_action, reg.config.max_hints,
		       reg.config.ring_size);
	return err;
}

static int beat(int fd)
{
	struct llmos_heartbeat hb;

	memset(&hb, 0, sizeof(hb));
	hb.version = LLMOS_ABI_VERSION;
	return xioctl(fd, LLMOS_IOC_HEARTBEAT, &hb);
}

/* Options of a step: key=value words after its positional arguments. */
struct opts {
	int expect;
	uint32_t ttl;
	bool io;
	unsigned int io_class, io_level;
	uint32_t conf;
	bool start_set, start_bad;
	uint64_t start;
	const char *cat, *detail, *comm;
};

/* Parse the options from *i on; returns false at a word that is a step. */
static void parse_opts(int argc, char **argv, int *i, struct opts *o)
{
	memset(o, 0, sizeof(*o));
	o->cat = "anomaly";
	o->detail = "test alert";
	o->comm = "gone";
	for (; *i < argc && strchr(argv[*i], '='); (*i)++) {
		char *w = argv[*i], *v = strchr(w, '=') + 1;

		if (!strncmp(w, "expect=", 7)) {
			o->expect = errnum(v);
		} else if (!strncmp(w, "ttl=", 4)) {
			o->ttl = strtoul(v, NULL, 0);
		} else if (!strncmp(w, "io=", 3)) {
			o->io = true;
			if (sscanf(v, "%u,%u", &o->io_class,
				   &o->io_level) != 2) {
				fprintf(stderr, "io=CLASS,LEVEL\n");
				exit(2);
			}
		} else if (!strncmp(w, "conf=", 5)) {
			o->conf = strtoul(v, NULL, 0);
		} else if (!strncmp(w, "start=", 6)) {
			o->start_set = true;
			if (!strcmp(v, "bad"))
				o->start_bad = true;
			else
				o->start = strtoull(v, NULL, 0);
		} else if (!strncmp(w, "cat=", 4)) {
			o->cat = v;
		} else if (!strncmp(w, "detail=", 7)) {
			o->detail = v;
		} else if (!strncmp(w, "comm=", 5)) {
			o->comm = v;
		} else {
			fprintf(stderr, "unknown option %s\n", w);
			exit(2);
		}
	}
}

static uint32_t pid_arg(const char *s)
{
	return !strcmp(s, "self") ? (uint32_t)getpid() : strtoul(s, NULL, 0);
}

/* start_time for a step: given, deliberately wrong, or looked up. */
static uint64_t start_of(int fd, uint32_t pid, const struct opts *o)
{
	struct llmos_task_info ti;

	if (o->start_set && !o->start_bad)
		return o->start;
	if (task_info(fd, pid, &ti))
		return 12345;	/* no such task: anything will do */
	return o->start_bad ? ti.start_time + 1 : ti.start_time;
}

static int check(const char *what, int err, const struct opts *o)
{
	if (err == o->expect) {
		printf("%s: %s\n", what, errname(err));
		fflush(stdout);
		return 0;
	}
	printf("%s: got %s, expected %s\n", what, errname(err),
	       errname(o->expect));
	fflush(stdout);
	return 1;
}

static void sleep_beating(int fd, unsigned int ms)
{
	for (; ms >= 100; ms -= 100) {
		beat(fd);
		msleep(100);
	}
	msleep(ms);
}

static int cmd_agent(int argc, char **argv)
{
	int fd = open_dev(O_RDWR), i = 0, err;
	struct opts o;
	char what[96];

	err = do_register(fd, 0);
	if (err) {
		printf("register: %s\n", errname(err));
		return 1;
	}
	fflush(stdout);
	while (i < argc) {
		const char *step = argv[i++];

		if (!strcmp(step, "hint") || !strcmp(step, "revert")) {
			struct llmos_hint h;
			bool rev = step[0] == 'r';

			if (i + (rev ? 1 : 2) > argc)
				return 2;
			memset(&h, 0, sizeof(h));
			h.version = LLMOS_ABI_VERSION;
			h.pid = pid_arg(argv[i++]);
			if (!rev)
				h.nice = strtol(argv[i++], NULL, 0);
			parse_opts(argc, argv, &i, &o);
			h.start_time = start_of(fd, h.pid, &o);
			if (rev) {
				h.flags = LLMOS_HINT_REVERT;
			} else {
				h.ttl_ms = o.ttl;
				h.confidence = o.conf;
				if (o.io) {
					h.flags |= LLMOS_HINT_IOPRIO;
					h.ioprio = LLMOS_IOPRIO(o.io_class,
								o.io_level);
				}
			}
			err = xioctl(fd, LLMOS_IOC_HINT, &h);
			snprintf(what, sizeof(what),
				 "%s %u nice=%d ttl=%u out=0x%x", step, h.pid,
				 h.applied_nice, h.applied_ttl_ms, h.out_flags);
			if (check(what, err, &o))
				return 1;
		} else if (!strcmp(step, "alert")) {
			struct llmos_alert a;

			if (i + 2 > argc)
				return 2;
			memset(&a, 0, sizeof(a));
			a.version = LLMOS_ABI_VERSION;
			a.pid = pid_arg(argv[i++]);
			a.score = strtoul(argv[i++], NULL, 0);
			parse_opts(argc, argv, &i, &o);
			a.start_time = start_of(fd, a.pid, &o);
			a.uid = 4242;
			strncpy(a.comm, o.comm, sizeof(a.comm) - 1);
			strncpy(a.category, o.cat, sizeof(a.category) - 1);
			strncpy(a.detail, o.detail, sizeof(a.detail) - 1);
			err = xioctl(fd, LLMOS_IOC_ALERT, &a);
			snprintf(what, sizeof(what),
				 "alert %u seq=%llu action=%u result=%u",
				 a.pid, (unsigned long long)a.seq, a.action,
				 a.result);
			if (check(what, err, &o))
				return 1;
		} else if (!strcmp(step, "beat")) {
			parse_opts(argc, argv, &i, &o);
			if (check("beat", beat(fd), &o))
				return 1;
		} else if (!strcmp(step, "register")) {
			parse_opts(argc, argv, &i, &o);
			if (check("register", do_register(fd, 0), &o))
				return 1;
		} else if (!strcmp(step, "sleep") || !strcmp(step, "quiet")) {
			unsigned int ms;

			if (i >= argc)
				return 2;
			ms = strtoul(argv[i++], NULL, 0);
			if (step[0] == 's')
				sleep_beating(fd, ms);
			else
				msleep(ms);
		} else if (!strcmp(step, "ready")) {
			if (i >= argc)
				return 2;
			close(open(argv[i++], O_CREAT | O_WRONLY | O_CLOEXEC,
				   0644));
		} else if (!strcmp(step, "waitfile")) {
			if (i >= argc)
				return 2;
			while (access(argv[i], F_OK)) {
				beat(fd);
				msleep(50);
			}
			i++;
		} else if (!strcmp(step, "hold")) {
			for (;;)
				sleep_beating(fd, 1000);
		} else if (!strcmp(step, "hold-quiet")) {
			for (;;)
				pause();
		} else {
			fprintf(stderr, "unknown step %s\n", step);
			return 2;
		}
	}
	close(fd);
	return 0;
}

static int cmd_register(int argc, char **argv)
{
	uint32_t thr = 0;
	int fd = open_dev(O_RDWR), err;

	if (argc > 0 && !strncmp(argv[0], "threshold=", 10))
		thr = strtoul(argv[0] + 10, NULL, 0);
	err = do_register(fd, thr);
	if (err)
		printf("register: %s\n", errname(err));
	close(fd);
	return err ? 1 : 0;
}

static int failures;

static void expect_einval(const char *what, int err)
{
	printf("invalid %-28s %s\n", what, errname(err));
	if (err != EINVAL)
		failures++;
}

/* Every malformed request is -EINVAL; each is checked on its own. */
static int cmd_invalid(void)
{
	int fd = open_dev(O_RDWR), other;
	struct llmos_register reg;
	struct llmos_heartbeat hb;
	struct llmos_hint h, good;
	struct llmos_alert a, agood;
	struct llmos_task_info ti;

	/* REGISTER: version, flags, reserved, threshold without flag. */
	memset(&reg, 0, sizeof(reg));
	expect_einval("register version=0", xioctl(fd, LLMOS_IOC_REGISTER,
						   &reg));
	reg.version = LLMOS_ABI_VERSION;
	reg.flags = 0x80;
	expect_einval("register flags", xioctl(fd, LLMOS_IOC_REGISTER, &reg));
	reg.flags = 0;
	reg.reserved = 1;
	expect_einval("register reserved",
		      xioctl(fd, LLMOS_IOC_REGISTER, &reg));
	reg.reserved = 0;
	reg.default_threshold = 5;
	expect_einval("register threshold w/o flag",
		      xioctl(fd, LLMOS_IOC_REGISTER, &reg));
	reg.flags = LLMOS_REGISTER_THRESHOLD;
	reg.default_threshold = 0xffffffff;
	expect_einval("register threshold range",
		      xioctl(fd, LLMOS_IOC_REGISTER, &reg));
	if (do_register(fd, 0)) {
		printf("register failed\n");
		return 1;
	}

	memset(&hb, 0, sizeof(hb));
	hb.version = 7;
	expect_einval("heartbeat version", xioctl(fd, LLMOS_IOC_HEARTBEAT,
						  &hb));
	hb.version = LLMOS_ABI_VERSION;
	hb.flags = 1;
	expect_einval("heartbeat flags", xioctl(fd, LLMOS_IOC_HEARTBEAT,
						&hb));

	memset(&good, 0, sizeof(good));
	good.version = LLMOS_ABI_VERSION;
	good.pid = getppid();
	good.nice = 3;
	good.start_time = 1;
#define BADHINT(what, stmt) do {					\
		h = good;						\
		stmt;							\
		expect_einval("hint " what,				\
			      xioctl(fd, LLMOS_IOC_HINT, &h));		\
	} while (0)
	BADHINT("version=0", h.version = 0);
	BADHINT("version=2", h.version = 2);
	BADHINT("unknown flag", h.flags = 0x100);
	BADHINT("reserved", h.reserved = 1);
	BADHINT("pid=0", h.pid = 0);
	BADHINT("pid huge", h.pid = 0x7fffffff);
	BADHINT("nice=-21", h.nice = -21);
	BADHINT("nice=20", h.nice = 20);
	BADHINT("confidence=1001", h.confidence = 1001);
	BADHINT("ioprio without flag", h.ioprio = LLMOS_IOPRIO(2, 1));
	BADHINT("ioprio RT", (h.flags = LLMOS_HINT_IOPRIO,
			      h.ioprio = LLMOS_IOPRIO(1, 0)));
	BADHINT("ioprio BE level 8", (h.flags = LLMOS_HINT_IOPRIO,
				      h.ioprio = LLMOS_IOPRIO(2, 8)));
	BADHINT("ioprio class 5", (h.flags = LLMOS_HINT_IOPRIO,
				   h.ioprio = LLMOS_IOPRIO(5, 0)));
	BADHINT("revert with nice", h.flags = LLMOS_HINT_REVERT);
	BADHINT("revert+ioprio", (h.nice = 0, h.flags = LLMOS_HINT_REVERT |
				  LLMOS_HINT_IOPRIO));
#undef BADHINT

	memset(&agood, 0, sizeof(agood));
	agood.version = LLMOS_ABI_VERSION;
	agood.pid = getppid();
	agood.score = 999999;
	strcpy(agood.category, "anomaly");
#define BADALERT(what, stmt) do {					\
		a = agood;						\
		stmt;							\
		expect_einval("alert " what,				\
			      xioctl(fd, LLMOS_IOC_ALERT, &a));		\
	} while (0)
	BADALERT("version", a.version = 0);
	BADALERT("flags", a.flags = 1);
	BADALERT("reserved0", a.reserved0 = 1);
	BADALERT("reserved[1]", a.reserved[1] = 1);
	BADALERT("pid=0", a.pid = 0);
	BADALERT("comm without NUL", memset(a.comm, 'x', sizeof(a.comm)));
	BADALERT("detail without NUL", memset(a.detail, 'x',
					      sizeof(a.detail)));
	BADALERT("empty category", memset(a.category, 0,
					  sizeof(a.category)));
	BADALERT("category quote", strcpy(a.category, "a\"b"));
	BADALERT("category upper", strcpy(a.category, "Anomaly"));
	BADALERT("category junk after NUL", a.category[12] = 'x');
#undef BADALERT

	memset(&ti, 0, sizeof(ti));
	ti.pid = 1;
	expect_einval("task_info version", xioctl(fd, LLMOS_IOC_TASK_INFO,
						  &ti));
	ti.version = LLMOS_ABI_VERSION;
	ti.reserved = 1;
	expect_einval("task_info reserved", xioctl(fd, LLMOS_IOC_TASK_INFO,
						   &ti));

	/* Unknown ioctl numbers and sizes. */
	printf("unknown ioctl: %s\n",
	       errname(xioctl(fd, _IOWR(LLMOS_IOC_MAGIC, 0x77, int), &ti)));
	if (xioctl(fd, _IOWR(LLMOS_IOC_MAGIC, 0x77, int), &ti) != ENOTTY)
		failures++;
	if (xioctl(fd, _IOWR(LLMOS_IOC_MAGIC, 0x03, int), &ti) != ENOTTY)
		failures++;
	/* Bad pointer. */
	if (xioctl(fd, LLMOS_IOC_HINT, (void *)16) != EFAULT)
		failures++;

	/* A second agent, and registering twice, are -EBUSY. */
	other = open_dev(O_RDWR);
	printf("second agent: %s\n", errname(do_register(other, 0)));
	if (do_register(other, 0) != EBUSY || do_register(fd, 0) != EBUSY)
		failures++;
	/* A root file that is not the agent gets -EPERM. */
	memset(&hb, 0, sizeof(hb));
	hb.version = LLMOS_ABI_VERSION;
	if (xioctl(other, LLMOS_IOC_HEARTBEAT, &hb) != EPERM)
		failures++;
	h = good;
	if (xioctl(other, LLMOS_IOC_HINT, &h) != EPERM)
		failures++;
	a = agood;
	if (xioctl(other, LLMOS_IOC_ALERT, &a) != EPERM)
		failures++;
	close(other);
	close(fd);
	printf("invalid: %d failures\n", failures);
	return failures ? 1 : 0;
}

/* Drop to nobody, keeping files opened as root: privileged paths fail. */
static int cmd_unpriv(void)
{
	int fd = open_dev(O_RDWR), agent = open_dev(O_RDWR), err, bad = 0;
	struct llmos_task_info ti;
	struct llmos_heartbeat hb;
	struct llmos_hint h;
	struct llmos_alert a;

	if (setgid(65534) || setuid(65534)) {
		perror("setuid");
		return 1;
	}
	err = do_register(fd, 0);
	printf("unpriv register: %s\n", errname(err));
	bad += err != EPERM;
	err = task_info(fd, 1, &ti);
	printf("unpriv task_info: %s\n", errname(err));
	bad += err != EPERM;
	memset(&hb, 0, sizeof(hb));
	hb.version = LLMOS_ABI_VERSION;
	err = xioctl(fd, LLMOS_IOC_HEARTBEAT, &hb);
	printf("unpriv heartbeat: %s\n", errname(err));
	bad += err != EPERM;
	memset(&h, 0, sizeof(h));
	h.version = LLMOS_ABI_VERSION;
	h.pid = getpid();
	err = xioctl(fd, LLMOS_IOC_HINT, &h);
	printf("unpriv hint: %s\n", errname(err));
	bad += err != EPERM;
	memset(&a, 0, sizeof(a));
	a.version = LLMOS_ABI_VERSION;
	a.pid = getpid();
	strcpy(a.category, "x");
	err = xioctl(agent, LLMOS_IOC_ALERT, &a);
	printf("unpriv alert: %s\n", errname(err));
	bad += err != EPERM;
	err = open(DEV, O_RDONLY) < 0 ? errno : 0;
	printf("unpriv open: %s\n", errname(err));
	bad += err != EACCES;
	return bad ? 1 : 0;
}

static int cmd_read(int argc, char **argv)
{
	bool nonblock = false, use_poll = false, rewind = false, end = false;
	long count = -1, delay = 0, timeout = -1, bufsize = 65536;
	const char *waitfile = NULL;
	char *buf, *p, *nl;
	ssize_t n;
	int fd, i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "nonblock"))
			nonblock = true;
		else if (!strcmp(argv[i], "poll"))
			use_poll = true;
		else if (!strcmp(argv[i], "rewind"))
			rewind = true;
		else if (!strcmp(argv[i], "end"))
			end = true;
		else if (!strncmp(argv[i], "count=", 6))
			count = strtol(argv[i] + 6, NULL, 0);
		else if (!strncmp(argv[i], "delay=", 6))
			delay = strtol(argv[i] + 6, NULL, 0);
		else if (!strncmp(argv[i], "timeout=", 8))
			timeout = strtol(argv[i] + 8, NULL, 0);
		else if (!strncmp(argv[i], "bufsize=", 8))
			bufsize = strtol(argv[i] + 8, NULL, 0);
		else if (!strncmp(argv[i], "waitfile=", 9))
			waitfile = argv[i] + 9;
		else
			return 2;
	}
	fd = open_dev(O_RDONLY | (nonblock || use_poll ? O_NONBLOCK : 0));
	buf = malloc(bufsize + 1);
	if (!buf)
		return 1;
	if (delay)
		msleep(delay);
	while (waitfile && access(waitfile, F_OK))
		msleep(20);
	if (rewind && lseek(fd, 0, SEEK_SET) < 0)
		return 1;
	if (end && lseek(fd, 0, SEEK_END) < 0)
		return 1;
	while (count) {
		if (use_poll) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };
			int r = poll(&pfd, 1, timeout);

			if (r == 0) {
				printf("TIMEOUT\n");
				return 3;
			}
			if (r < 0 || !(pfd.revents & POLLIN))
				return 1;
		}
		n = read(fd, buf, bufsize);
		if (n < 0) {
			if (errno == EAGAIN && use_poll)
				continue;
			printf("%s\n", errname(errno));
			fflush(stdout);
			return errno == EAGAIN ? 4 : 1;
		}
		buf[n] = '\0';
		/* Whole lines only. */
		if (!n || buf[n - 1] != '\n') {
			printf("PARTIAL LINE\n");
			return 1;
		}
		for (p = buf; count && (nl = strchr(p, '\n')); p = nl + 1) {
			fwrite(p, 1, nl + 1 - p, stdout);
			if (count > 0)
				count--;
		}
		fflush(stdout);
	}
	return 0;
}

static int unhex(int c)
{
	return c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0';
}

static int cmd_comm(int argc, char **argv)
{
	char name[16] = "";
	const char *s;
	size_t o = 0;
	pid_t pid;

	if (argc < 1)
		return 2;
	for (s = argv[0]; *s && o < sizeof(name) - 1; s++) {
		if (s[0] == '\\' && s[1] == 'x' && s[2] && s[3]) {
			name[o++] = unhex(s[2]) * 16 + unhex(s[3]);
			s += 3;
		} else {
			name[o++] = *s;
		}
	}
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		int nul = open("/dev/null", O_RDWR);

		/* Let the shell's $(...) see EOF. */
		dup2(nul, 0);
		dup2(nul, 1);
		dup2(nul, 2);
		prctl(PR_SET_NAME, name);
		for (;;)
			pause();
	}
	printf("%d\n", pid);
	return 0;
}

static int cmd_setnice(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	if (setpriority(PRIO_PROCESS, strtoul(argv[0], NULL, 0),
			strtol(argv[1], NULL, 0))) {
		perror("setpriority");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "info"))
		return cmd_info(argc - 2, argv + 2);
	if (!strcmp(argv[1], "agent"))
		return cmd_agent(argc - 2, argv + 2);
	if (!strcmp(argv[1], "register"))
		return cmd_register(argc - 2, argv + 2);
	if (!strcmp(argv[1], "invalid"))
		return cmd_invalid();
	if (!strcmp(argv[1], "unpriv"))
		return cmd_unpriv();
	if (!strcmp(argv[1], "read"))
		return cmd_read(argc - 2, argv + 2);
	if (!strcmp(argv[1], "setnice"))
		return cmd_setnice(argc - 2, argv + 2);
	if (!strcmp(argv[1], "comm"))
		return cmd_comm(argc - 2, argv + 2);
usage:
	fprintf(stderr, "usage: see tests/vm/kmod/devtest.c\n");
	return 2;
}
