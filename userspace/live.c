// SPDX-License-Identifier: GPL-2.0
/* Live mode: probes -> pipeline, with a timer for everything periodic. */
#include "live.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "device_client.h"
#include "log.h"
#include "probes.h"

#define TICK_NS 100000000ull		/* the timer, at most */
#define FLUSH_NS 1000000000ull		/* push the recording to the file */
/*
 * Records (of up to LLMOS_REC_BATCH syscalls) taken from the ring between
 * two looks at the timer and the stop flag: a few milliseconds of work.
 */
#define DRAIN_BUDGET 64

struct live {
	const struct live_opts *o;
	struct pipeline *pl;
	struct probes *probes;
	struct device_client *device;
	int tfd;			/* the timer, a timerfd */
	int error;			/* first pipeline failure */
	struct llmos_drops drops;	/* as last passed to the pipeline */
	uint64_t next_heartbeat_ns;
	uint64_t next_flush_ns;
	uint64_t next_stats_ns;
};

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void heartbeat(struct live *l, uint64_t now);
static int arm_alarm(uint64_t period_ns);
static int set_timer(int fd, uint64_t period_ns);

/*
 * A backlog can keep us in the ring for long, however slowly events are
 * scored: the module must not think we died meanwhile. An interval timer
 * (SIGALRM) raises this flag twice per heartbeat period; events only test
 * it, so the flood costs no clock reads.
 */
static volatile sig_atomic_t beat_due;

static void on_alarm(int sig)
{
	(void)sig;
	beat_due = 1;
}

static void on_event(const struct llmos_event *ev, void *ctx)
{
	struct live *l = ctx;
	int ret;

	if (l->error)
		return;
	ret = pipeline_event(l->pl, ev);
	if (ret) {
		log_err("recording: %s", strerror(-ret));
		l->error = ret;
	}
	if (beat_due) {
		beat_due = 0;
		heartbeat(l, mono_ns());
	}
}

/* Pass the probes' drop counters on when they changed. */
static void update_drops(struct live *l)
{
	uint64_t counts[LLMOS_DROP_NR];
	struct llmos_drops d;

	if (probes_read_drops(l->probes, counts))
		return;
	memset(&d, 0, sizeof(d));
	for (unsigned int i = 0; i < LLMOS_DROP_NR && i < LLMOS_DROP_CAUSES_MAX; i++) {
		snprintf(d.cause[i].name, sizeof(d.cause[i].name), "%s",
			 probes_drop_name(i));
		d.cause[i].count = counts[i];
		d.n++;
	}
	if (!memcmp(&d, &l->drops, sizeof(d)))
		return;
	l->drops = d;
	if (pipeline_drops(l->pl, &d) && !l->error) {
		log_err("recording: drop counters not written");
		l->error = -EIO;
	}
}

static void log_config(const struct llmos_config *c)
{
	log_info("module: enabled=%u mode=%u nice=[%d,%d] hint_ttl_ms=%u watchdog_ms=%u alert_threshold=%u alert_action=%u",
		 c->enabled, c->mode, c->nice_min, c->nice_max, c->hint_ttl_ms,
		 c->watchdog_ms, c->alert_threshold, c->alert_action);
}

/* Three heartbeats per watchdog period, which root may change any time. */
static uint64_t heartbeat_period(const struct device_client *dc)
{
	return dc->config.watchdog_ms * 1000000ull / 3;
}

/* The timer must beat the heartbeat period: an idle system has no events. */
static uint64_t timer_period(const struct device_client *dc)
{
	uint64_t p;

	if (!device_client_is_open(dc))
		return TICK_NS;
	p = heartbeat_period(dc);
	if (p >= TICK_NS)
		return TICK_NS;
	return p ? p : 1000000;
}

static void heartbeat(struct live *l, uint64_t now)
{
	struct device_client *dc = l->device;
	struct llmos_config before;
	int ret;

	if (!device_client_is_open(dc) || now < l->next_heartbeat_ns)
		return;
	before = dc->config;
	ret = device_client_heartbeat(dc);
	if (ret) {
		/* Registration is lost (module unloaded?): go on without. */
		log_warn("heartbeat: %s; continuing without /dev/llmos",
			 strerror(-ret));
		device_client_close(dc);
		return;
	}
	if (memcmp(&before, &dc->config, sizeof(before)))
		log_config(&dc->config);
	if (before.watchdog_ms != dc->config.watchdog_ms &&
	    (arm_alarm(heartbeat_period(dc) / 2) ||
	     set_timer(l->tfd, timer_period(dc))))
		log_warn("heartbeat timer: %s", strerror(errno));
	/*
	 * A quarter early: a timer of the heartbeat's own period would
	 * otherwise skip every beat its jitter brings in a little early.
	 */
	l->next_heartbeat_ns = now + heartbeat_period(dc) / 4 * 3;
}

static void on_timer(struct live *l)
{
	uint64_t now = mono_ns();
	const struct live_opts *o = l->o;

	heartbeat(l, now);
	if (pipeline_tick(l->pl, now) && !l->error) {
		log_err("recording: tick not written");
		l->error = -EIO;
	}
	update_drops(l);
	if (o->record && now >= l->next_flush_ns) {
		if (trace_writer_flush(o->record) && !l->error) {
			log_err("recording: write failed");
			l->error = -EIO;
		}
		l->next_flush_ns = now + FLUSH_NS;
	}
	if (o->stats_out && o->stats_interval_s && now >= l->next_stats_ns) {
		if (l->next_stats_ns)
			agent_stats_print(o->stats, o->stats_out, l->pl);
		l->next_stats_ns = now + o->stats_interval_s * 1000000000ull;
	}
}

static struct probes *open_probes(struct live *l)
{
	const struct live_opts *o = l->o;
	struct probes_opts po = {
		.ring_bytes = o->ring_bytes,
		.sample_every = o->sample_every,
	};
	struct probes *p = probes_open(&po, on_event, l);

	if (!p) {
		log_err("cannot load the probes: %s", strerror(errno));
		return NULL;
	}
	/* An exclusion the operator asked for is never dropped silently. */
	for (unsigned int i = 0; i < o->n_ignored_comms; i++) {
		int ret = probes_ignore_comm(p, o->ignored_comms[i]);

		if (ret) {
			log_err("cannot ignore comm %s: %s", o->ignored_comms[i],
				strerror(-ret));
			probes_close(p);
			return NULL;
		}
		log_info("ignoring processes named %.*s", LLMOS_REC_COMM_LEN - 1,
			 o->ignored_comms[i]);
	}
	for (unsigned int i = 0; i < o->n_ignored_cgroups; i++) {
		int ret = probes_ignore_cgroup(p, o->ignored_cgroups[i]);

		if (ret) {
			log_err("cannot ignore cgroup %s: %s",
				o->ignored_cgroup_paths[i], strerror(-ret));
			probes_close(p);
			return NULL;
		}
		log_info("ignoring cgroup %s (id %llu) and every cgroup below it",
			 o->ignored_cgroup_paths[i],
			 (unsigned long long)o->ignored_cgroups[i]);
	}
	return p;
}

/*
 * Register once the probes are loaded (loading can take longer than the
 * watchdog allows). A missing device is not an error: run without it.
 */
static int open_device(struct live *l)
{
	const char *path = l->o->device_path;
	int ret;

	l->device->fd = -1;
	if (!path)
		return 0;
	ret = device_client_open(l->device, path,
				 l->o->default_threshold_milli);
	if (ret == -ENOENT || ret == -ENXIO || ret == -ENODEV) {
		log_warn("%s: %s; running without the module", path,
			 strerror(-ret));
		return 0;
	}
	if (ret) {
		log_err("%s: register: %s", path, strerror(-ret));
		return -1;
	}
	log_info("registered with %s", path);
	log_config(&l->device->config);
	l->next_heartbeat_ns = mono_ns() + heartbeat_period(l->device);
	return 0;
}

/* SA_RESTART: the alarm must not make the pipeline's I/O fail. */
static int arm_alarm(uint64_t period_ns)
{
	struct itimerval it = {
		.it_interval.tv_sec = period_ns / 1000000000ull,
		.it_interval.tv_usec = period_ns % 1000000000ull / 1000,
	};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	if (!it.it_interval.tv_sec && !it.it_interval.tv_usec)
		it.it_interval.tv_usec = 1000;
	it.it_value = it.it_interval;
	if (sigaction(SIGALRM, &sa, NULL))
		return -1;
	return setitimer(ITIMER_REAL, &it, NULL);
}

static void disarm_alarm(void)
{
	struct itimerval it = { 0 };

	setitimer(ITIMER_REAL, &it, NULL);
}

static int set_timer(int fd, uint64_t period_ns)
{
	struct itimerspec its = {
		.it_interval.tv_sec = period_ns / 1000000000ull,
		.it_interval.tv_nsec = period_ns % 1000000000ull,
	};

	its.it_value = its.it_interval;
	return timerfd_settime(fd, 0, &its, NULL);
}

static int arm_timer(uint64_t period_ns)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd < 0)
		return -1;
	if (set_timer(fd, period_ns)) {
		close(fd);
		return -1;
	}
	return fd;
}

int live_run(const struct live_opts *o, struct pipeline *pl,
	     volatile sig_atomic_t *stop)
{
	struct live l = { .o = o, .pl = pl, .device = o->device, .tfd = -1 };
	struct epoll_event ev = { .events = EPOLLIN };
	int ep = -1, ret = -1;
	bool more = false;

	l.probes = open_probes(&l);
	if (!l.probes)
		return -1;
	if (open_device(&l))
		goto out;
	ep = epoll_create1(EPOLL_CLOEXEC);
	l.tfd = arm_timer(timer_period(l.device));
	if (ep < 0 || l.tfd < 0) {
		log_err("epoll/timerfd: %s", strerror(errno));
		goto out;
	}
	if (device_client_is_open(l.device) &&
	    arm_alarm(heartbeat_period(l.device) / 2)) {
		log_err("heartbeat timer: %s", strerror(errno));
		goto out;
	}
	ev.data.fd = l.tfd;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, l.tfd, &ev))
		goto out_errno;
	ev.data.fd = probes_fd(l.probes);
	if (epoll_ctl(ep, EPOLL_CTL_ADD, ev.data.fd, &ev))
		goto out_errno;
	log_info("probes attached, tracing");

	while (!*stop && !l.error) {
		struct epoll_event got[2];
		/*
		 * A budget taken whole may have left records behind that no
		 * wakeup announces (the probes wake us only on a backlog):
		 * look at the timer and come straight back for them.
		 */
		int n = epoll_wait(ep, got, 2, more ? 0 : -1), c = 0;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto out_errno;
		}
		if (!n)
			c = probes_consume(l.probes, DRAIN_BUDGET);
		for (int i = 0; i < n && c >= 0; i++) {
			if (got[i].data.fd == l.tfd) {
				uint64_t expirations;

				if (read(l.tfd, &expirations,
					 sizeof(expirations)) < 0 &&
				    errno != EAGAIN)
					goto out_errno;
				c = probes_consume(l.probes, DRAIN_BUDGET);
				on_timer(&l);
			} else {
				c = probes_consume(l.probes, DRAIN_BUDGET);
			}
		}
		if (c < 0) {
			log_err("ring buffer: %s", strerror(-c));
			goto out;
		}
		more = c == DRAIN_BUDGET;
	}
	/*
	 * What is already in the ring still belongs to the recording; with
	 * the programs detached, the ring can be drained to its end.
	 */
	probes_detach(l.probes);
	probes_consume(l.probes, 0);
	update_drops(&l);
	ret = l.error ? -1 : 0;
	goto out;
out_errno:
	log_err("event loop: %s", strerror(errno));
out:
	disarm_alarm();
	probes_close(l.probes);
	log_info("probes detached");
	/* Unregister: the module reverts whatever hints we gave. */
	if (device_client_is_open(l.device)) {
		device_client_close(l.device);
		log_info("unregistered");
	}
	if (l.tfd >= 0)
		close(l.tfd);
	if (ep >= 0)
		close(ep);
	return ret;
}
