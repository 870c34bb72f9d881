// SPDX-License-Identifier: GPL-2.0
/* The scheduling stage of llmosd (stage.h). */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../log.h"
#include "../syscall_table.h"
#include "classify.h"
#include "intent.h"
#include "overrides.h"
#include "policy.h"
#include "stage.h"
#include "state_file.h"

enum {
	SP_SPAWNER = 1 << 0,	/* forked children: never hinted */
	SP_PROTECTED = 1 << 1,	/* pid 1, kernel thread, llmosd, gone */
	SP_USER = 1 << 2,	/* the user chose (intent bits in .intent) */
	SP_RULE_DONE = 1 << 3,	/* overrides matched for rules_gen */
	SP_PRIOR_DONE = 1 << 4,	/* the model's head was asked */
	SP_HINTED = 1 << 5,	/* a hint is held (or would be) */
	SP_PARENT_HINTED = 1 << 6,	/* the parent held a hint at fork */
};

struct sched_proc {
	struct proc *p;			/* NULL: free slot */
	struct sched_clf clf;
	struct proc_sched last;		/* p->sched at the window's start */
	uint64_t win_start_ns;
	uint64_t exec_tokens;		/* p->ntokens at the last exec */
	struct sched_features f;	/* the last judged window */
	int wcls;			/* its class */
	uint32_t flags;
	uint32_t intent;		/* SCHED_INTENT_* with SP_USER */
	uint32_t rules_gen;
	const struct sched_rule *rule;	/* valid for rules_gen */
	int rule_line;
	int hint_nice, hint_ioprio, applied_nice;
	int parent_nice, parent_ioprio;
	uint16_t hint_conf;
	int last_err;			/* the module's last refusal */
	uint64_t refresh_ns;		/* next refresh of the hint */
};

/* What every syscall batch touches, apart, so that it stays in cache. */
struct sched_hot {
	const struct proc *p;
	uint32_t sys, io;		/* syscalls in the window */
};

struct sched_stage {
	struct sched_stage_opts o;
	struct sched_hot *hot;		/* cap entries, like sp */
	struct pipeline *pl;
	struct proc_table *t;
	struct sched_proc *sp;
	uint32_t cap, hw;		/* slots allocated, used below hw */
	uint64_t next_window_ns, next_state_ns, next_rules_ns;
	uint64_t now_ns;
	struct sched_overrides rules;
	uint32_t rules_gen;
	struct timespec rules_mtime;
	off_t rules_size;
	bool rules_present;
	int nice_min, nice_max;
	pid_t self;
	struct sched_stage_stats st;
	/* Per token: 0 special, 1 a syscall, 2 a data syscall. */
	uint8_t tok_kind[LLMOS_NR_TOKENS];
};

static bool device_on(const struct sched_stage *s)
{
	return s->o.device && device_client_is_open(s->o.device);
}

static void bounds(struct sched_stage *s, int *lo, int *hi)
{
	if (device_on(s)) {
		*lo = s->o.device->config.nice_min;
		*hi = s->o.device->config.nice_max;
	} else {
		*lo = s->nice_min;
		*hi = s->nice_max;
	}
}

static int read_int_file(const char *path, int *v)
{
	FILE *f = fopen(path, "re");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%d", v) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

static struct sched_proc *slot_of(struct sched_stage *s, struct proc *p,
				  bool create)
{
	uint32_t i = proc_table_slot(s->t, p);
	struct sched_proc *sp;

	if (i >= s->cap) {
		uint32_t ncap = s->cap ? s->cap : 64;
		struct sched_proc *n;

		if (!create)
			return NULL;
		while (ncap <= i)
			ncap *= 2;
		struct sched_hot *h;

		n = realloc(s->sp, (size_t)ncap * sizeof(*n));
		if (!n)
			return NULL;
		s->sp = n;
		h = realloc(s->hot, (size_t)ncap * sizeof(*h));
		if (!h)
			return NULL;
		s->hot = h;
		memset(n + s->cap, 0, (size_t)(ncap - s->cap) * sizeof(*n));
		memset(h + s->cap, 0, (size_t)(ncap - s->cap) * sizeof(*h));
		s->cap = ncap;
	}
	sp = &s->sp[i];
	if (sp->p != p) {
		if (!create)
			return NULL;
		memset(sp, 0, sizeof(*sp));
		sp->p = p;
		s->hot[i] = (struct sched_hot){ .p = p };
		sched_clf_init(&sp->clf);
		sp->wcls = SCHED_CLASS_NONE;
		sp->last = p->sched;
		sp->win_start_ns = s->now_ns ? s->now_ns : p->first_ns;
		sp->exec_tokens = p->ntokens;
		sp->hint_ioprio = -1;
		sp->parent_ioprio = -1;
		if (p->tgid <= 2 || p->ppid == 2 ||
		    (s->o.live && (pid_t)p->tgid == s->self))
			sp->flags |= SP_PROTECTED;
		if (i + 1 > s->hw)
			s->hw = i + 1;
	}
	return sp;
}

/* --- overrides ------------------------------------------------------------ */

static void rules_reload(struct sched_stage *s, bool first)
{
	struct sched_overrides n = { 0 };
	char err[600];
	struct stat stb;
	int ret;

	if (!s->o.overrides_path)
		return;
	if (stat(s->o.overrides_path, &stb)) {
		if (s->rules_present) {
			log_info("sched: %s removed: no overrides",
				 s->o.overrides_path);
			sched_overrides_free(&s->rules);
			s->rules_present = false;
			s->rules_gen++;
		}
		return;
	}
	if (!first && s->rules_present &&
	    stb.st_mtim.tv_sec == s->rules_mtime.tv_sec &&
	    stb.st_mtim.tv_nsec == s->rules_mtime.tv_nsec &&
	    stb.st_size == s->rules_size)
		return;
	s->rules_mtime = stb.st_mtim;
	s->rules_size = stb.st_size;
	s->rules_present = true;
	ret = sched_overrides_load(s->o.overrides_path, &n, err, sizeof(err));
	if (ret) {
		log_err("sched: %s; %s", err, first ? "no overrides" :
			"keeping the previous rules");
		return;
	}
	sched_overrides_free(&s->rules);
	s->rules = n;
	s->rules_gen++;
	log_info("sched: %zu override rule%s from %s", n.n,
		 n.n == 1 ? "" : "s", s->o.overrides_path);
}

/* "0::/system.slice/x.service" -> "/system.slice/x.service" */
static bool read_cgroup(pid_t pid, char *buf, size_t len)
{
	char path[64], line[PATH_MAX + 64];
	FILE *f;
	bool found = false;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "0::", 3)) {
			size_t l = strcspn(line + 3, "\n");

			if (l >= len)
				l = len - 1;
			memcpy(buf, line + 3, l);
			buf[l] = '\0';
			found = true;
			break;
		}
	}
	fclose(f);
	return found;
}

static const struct sched_rule *rule_of(struct sched_stage *s,
					struct sched_proc *sp)
{
	char exe[PATH_MAX], cg[PATH_MAX];
	const char *c = NULL;
	const struct sched_rule *r;

	if ((sp->flags & SP_RULE_DONE) && sp->rules_gen == s->rules_gen)
		return sp->rule;
	sp->flags |= SP_RULE_DONE;
	sp->rules_gen = s->rules_gen;
	sp->rule = NULL;
	sp->rule_line = 0;
	if (!s->rules.n)
		return NULL;
	if (s->o.live && read_cgroup((pid_t)sp->p->tgid, cg, sizeof(cg)))
		c = cg;
	/* The path given to execve, as the trace has it. */
	r = sched_overrides_match(&s->rules, sp->p->exe, c);
	if (!r && s->o.live) {
		/* Live, also the resolved one (relative paths, symlinks). */
		char link[64];
		ssize_t n;

		snprintf(link, sizeof(link), "/proc/%u/exe", sp->p->tgid);
		n = readlink(link, exe, sizeof(exe) - 1);
		if (n > 0) {
			exe[n] = '\0';
			r = sched_overrides_match(&s->rules, exe, c);
		}
	}
	sp->rule = r;
	sp->rule_line = r ? (int)r->line : 0;
	return r;
}

/* --- hints ------------------------------------------------------------------ */

static uint32_t ttl_ms(const struct sched_stage *s)
{
	uint32_t t = s->o.hint_ttl_ms ? s->o.hint_ttl_ms : SCHED_HINT_TTL_MS;

	if (device_on(s) && s->o.device->config.hint_ttl_ms &&
	    t > s->o.device->config.hint_ttl_ms)
		t = s->o.device->config.hint_ttl_ms;
	return t;
}

static void unhint(struct sched_stage *s, struct sched_proc *sp,
		   const char *why)
{
	if (!(sp->flags & SP_HINTED))
		return;
	sp->flags &= ~SP_HINTED;
	s->st.hints_reverted++;
	if (device_on(s))
		device_client_revert(s->o.device, sp->p->tgid,
				     sp->p->start_time);
	else if (s->o.live)
		log_info("sched: would revert %u (%s): %s", sp->p->tgid,
			 sp->p->comm, why);
	log_debug("sched: revert %u (%s): %s", sp->p->tgid, sp->p->comm,
		  why);
}

/* Looks for the user's own choices before llmos first touches sp. */
static bool user_chose(struct sched_stage *s, struct sched_proc *sp)
{
	struct sched_intent_obs o = { 0 };
	char buf[64];
	unsigned int bits;

	if (!s->o.live)
		return false;
	if (sched_intent_read((pid_t)sp->p->tgid, &o)) {
		sp->flags |= SP_PROTECTED;	/* gone */
		return true;
	}
	o.parent_hinted = sp->flags & SP_PARENT_HINTED;
	o.parent_nice = sp->parent_nice;
	o.parent_ioprio = sp->parent_ioprio;
	bits = sched_intent_decide(&o);
	if (!bits)
		return false;
	sp->flags |= SP_USER;
	sp->intent = bits;
	s->st.user_intent++;
	log_info("sched: %u (%s) keeps the user's choice (%s)", sp->p->tgid,
		 sp->p->comm, sched_intent_str(bits, buf, sizeof(buf)));
	return true;
}

static void push(struct sched_stage *s, struct sched_proc *sp,
		 const struct sched_plan *plan, uint16_t conf, bool fresh)
{
	char io[16];
	int applied = plan->nice, ret;

	sp->refresh_ns = s->now_ns + (uint64_t)ttl_ms(s) * 1000000ull / 2;
	if (!device_on(s)) {
		if (fresh) {
			s->st.would_hint++;
			if (s->o.live)
				log_info("sched: would hint %u (%s) %s %u: nice %d, I/O %s",
					 sp->p->tgid, sp->p->comm,
					 sched_class_name(sp->clf.cls), conf,
					 plan->nice,
					 sched_ioprio_str(plan->ioprio, io,
							  sizeof(io)));
		}
		goto held;
	}
	ret = device_client_hint(s->o.device, sp->p->tgid, sp->p->start_time,
				 plan->nice, plan->ioprio, ttl_ms(s), conf,
				 &applied);
	if (ret) {
		s->st.hints_refused++;
		sp->last_err = -ret;
		sp->flags &= ~SP_HINTED;
		switch (ret) {
		case -EBUSY:
			/* The user reniced it since llmos did. */
			sp->flags |= SP_USER;
			sp->intent |= SCHED_INTENT_NICE;
			s->st.user_intent++;
			break;
		case -ESRCH:
		case -ESTALE:
		case -EPERM:
			sp->flags |= SP_PROTECTED;
			break;
		default:
			break;	/* observe mode, watchdog, full: later */
		}
		log_debug("sched: hint for %u (%s) refused: %s", sp->p->tgid,
			  sp->p->comm, strerror(-ret));
		return;
	}
	sp->last_err = 0;
	if (fresh)
		s->st.hints_new++;
	else
		s->st.hints_refreshed++;
	if (fresh)
		log_debug("sched: hint %u (%s) %s %u: nice %d, I/O %s",
			  sp->p->tgid, sp->p->comm,
			  sched_class_name(sp->clf.cls), conf, applied,
			  sched_ioprio_str(plan->ioprio, io, sizeof(io)));
held:
	sp->flags |= SP_HINTED;
	sp->hint_nice = plan->nice;
	sp->applied_nice = applied;
	sp->hint_ioprio = plan->ioprio;
	sp->hint_conf = conf;
}

/* What sp should have now; pushes, refreshes or reverts accordingly. */
static void act(struct sched_stage *s, struct sched_proc *sp)
{
	const struct sched_rule *r;
	struct sched_plan plan;
	int cls = sp->clf.cls, lo, hi;
	uint16_t conf = sp->clf.conf;

	if (sp->flags & (SP_PROTECTED | SP_USER)) {
		unhint(s, sp, "protected or the user's");
		return;
	}
	if (sp->flags & SP_SPAWNER) {
		unhint(s, sp, "it forks");
		return;
	}
	r = rule_of(s, sp);
	if (r && r->action == SCHED_RULE_EXEMPT) {
		unhint(s, sp, "exempt");
		return;
	}
	if (r) {
		cls = r->cls;
		conf = LLMOS_CONFIDENCE_MAX;
	}
	bounds(s, &lo, &hi);
	sched_policy(cls, conf, lo, hi, &plan);
	if (!plan.hint) {
		unhint(s, sp, "no hint for its class now");
		return;
	}
	if (sp->flags & SP_HINTED) {
		if (plan.nice == sp->hint_nice &&
		    plan.ioprio == sp->hint_ioprio &&
		    s->now_ns < sp->refresh_ns)
			return;
		push(s, sp, &plan, conf, plan.nice != sp->hint_nice ||
		     plan.ioprio != sp->hint_ioprio);
		return;
	}
	if (sp->last_err == EOPNOTSUPP || sp->last_err == ENODEV ||
	    sp->last_err == ETIMEDOUT || sp->last_err == ENOSPC) {
		if (s->now_ns < sp->refresh_ns)
			return;
	}
	if (user_chose(s, sp))
		return;
	push(s, sp, &plan, conf, true);
}

/* --- windows ---------------------------------------------------------------- */

static void counters_of(const struct sched_proc *sp,
			const struct sched_hot *h, uint64_t now,
			struct sched_counters *c)
{
	c->syscalls = h->sys;
	c->io_syscalls = h->io;
	const struct proc_sched *a = &sp->p->sched, *b = &sp->last;

	c->wall_ns = now > sp->win_start_ns ? now - sp->win_start_ns : 0;
	c->interval_ns = a->interval_ns - b->interval_ns;
	c->run_ns = a->run_ns - b->run_ns;
	c->wait_ns = a->wait_ns - b->wait_ns;
	c->nr_runs = a->nr_runs - b->nr_runs;
	c->wakeups = a->wakeups - b->wakeups;
	c->nvcsw = a->nvcsw - b->nvcsw;
	c->nivcsw = a->nivcsw - b->nivcsw;
}

static void window(struct sched_stage *s, struct sched_proc *sp,
		   struct sched_hot *h)
{
	struct sched_counters c;
	struct sched_features f;
	int wc;

	counters_of(sp, h, s->now_ns, &c);
	/* A whole window at least: a start-up phase is not the process. */
	if (c.wall_ns < SCHED_WINDOW_NS)
		return;
	sched_features_of(&c, &f);
	if (!f.enough) {
		/* Asleep the whole time: evidence only for a known class. */
		if (c.interval_ns || c.wall_ns < SCHED_IDLE_WINDOW_NS ||
		    sp->clf.cls == SCHED_CLASS_NONE)
			return;
		f.enough = true;
	}
	wc = sched_classify_features(&f);
	sp->f = f;
	sp->wcls = wc;
	sp->last = sp->p->sched;
	sp->win_start_ns = s->now_ns;
	h->sys = h->io = 0;
	s->st.windows++;
	if (sched_clf_window(&sp->clf, wc)) {
		if (sp->clf.changes)
			s->st.class_changes++;
		if (s->o.live)
			log_info("sched: %u (%s) is %s (%u): cpu %.2f, runnable %.2f, %.0f wakeups/s, voluntary %.2f%s, burst %.0f us, I/O calls %.2f",
				 sp->p->tgid, sp->p->comm,
				 sched_class_name(sp->clf.cls), sp->clf.conf,
				 f.cpu, f.demand, f.wakeups_s, f.vol_ratio,
				 f.sleeps ? " (sleeps)" : "", f.burst_us,
				 f.io_frac);
	}
	log_debug("sched: %u (%s) window %s: cpu %.2f, runnable %.2f, %.0f wakeups/s, voluntary %.2f%s, burst %.0f us, I/O calls %.2f (%.0f/s)",
		  sp->p->tgid, sp->p->comm, sched_class_name(wc), f.cpu,
		  f.demand, f.wakeups_s, f.vol_ratio,
		  f.sleeps ? " (sleeps)" : "", f.burst_us, f.io_frac, f.io_s);
}

static void ask_prior(struct sched_stage *s, struct sched_proc *sp)
{
	float prob[SCHED_NR_CLASSES];

	if (!s->o.prior || (sp->flags & SP_PRIOR_DONE) ||
	    sp->p->ntokens - sp->exec_tokens < SCHED_PRIOR_TOKENS)
		return;
	sp->flags |= SP_PRIOR_DONE;
	if (s->o.prior(s->o.prior_ctx, sp->p, prob))
		return;
	sched_clf_prior(&sp->clf, prob);
	s->st.priors++;
}

/* --- the pipeline callbacks ------------------------------------------------- */

static void on_event(void *ctx, const struct llmos_event *ev, struct proc *p,
		     const uint16_t *tokens, unsigned int n)
{
	struct sched_stage *s = ctx;
	uint32_t slot = proc_table_slot(s->t, p);
	struct sched_proc *sp;
	unsigned int i;

	if (ev->time_ns > s->now_ns)
		s->now_ns = ev->time_ns;
	if (slot < s->cap && s->hot[slot].p == p) {
		sp = NULL;	/* known: the fast path needs no more */
	} else {
		sp = slot_of(s, p, true);
		if (!sp)
			return;
	}
	switch (ev->type) {
	case LLMOS_EV_SYSCALLS: {
		struct sched_hot *h = &s->hot[slot];
		uint32_t sys = 0, io = 0;

		for (i = 0; i < n; i++) {
			uint8_t k = tokens[i] < LLMOS_NR_TOKENS ?
				    s->tok_kind[tokens[i]] : 0;

			sys += k != 0;
			io += k == 2;
		}
		h->sys += sys;
		h->io += io;
		break;
	}
	case LLMOS_EV_FORK: {
		struct proc *pp = proc_table_find(s->t, ev->fork.parent_tgid,
						  ev->fork.parent_start_time);
		struct sched_proc *ps = pp ? slot_of(s, pp, true) : NULL;

		sp = &s->sp[slot];
		if (!ps)
			break;
		if (ps->flags & SP_HINTED) {
			sp->flags |= SP_PARENT_HINTED;
			sp->parent_nice = ps->applied_nice;
			sp->parent_ioprio = ps->hint_ioprio;
		}
		if (!(ps->flags & SP_SPAWNER)) {
			ps->flags |= SP_SPAWNER;
			s->st.spawners++;
			unhint(s, ps, "it forks");
		}
		break;
	}
	case LLMOS_EV_EXEC:
		/* A new image: new rules, a new prior; may hint again. */
		sp = &s->sp[slot];
		sp->flags &= ~(SP_SPAWNER | SP_RULE_DONE | SP_PRIOR_DONE);
		sp->exec_tokens = p->ntokens;
		break;
	default:
		break;
	}
}

static void on_release(void *ctx, struct proc *p, enum proc_release why)
{
	struct sched_stage *s = ctx;
	struct sched_proc *sp = slot_of(s, p, false);

	if (!sp)
		return;
	/*
	 * An exited task's hint is reaped by the module; an evicted one is
	 * no longer watched: give it back. At shutdown the device is closed
	 * already (the module reverted every hint) or was never used.
	 */
	if (why == PROC_RELEASE_EVICT)
		unhint(s, sp, "no longer tracked");
	sp->p = NULL;
	s->hot[proc_table_slot(s->t, p)].p = NULL;
}

static void write_state(struct sched_stage *s)
{
	struct sched_state_row row;
	struct sched_state_writer *w;
	uint32_t i;
	int lo, hi;

	bounds(s, &lo, &hi);
	w = sched_state_begin(s->o.state_path, s->now_ns, device_on(s), lo,
			      hi);
	if (!w)
		return;
	for (i = 0; i < s->hw; i++) {
		struct sched_proc *sp = &s->sp[i];
		char *st = row.state;
		size_t sl = sizeof(row.state);

		if (!sp->p || (sp->clf.cls == SCHED_CLASS_NONE &&
			       !(sp->flags & (SP_USER | SP_HINTED))))
			continue;
		memset(&row, 0, sizeof(row));
		row.pid = sp->p->tgid;
		row.start_time = sp->p->start_time;
		memcpy(row.comm, sp->p->comm, sizeof(row.comm));
		row.exe = sp->p->exe;
		row.cls = sp->clf.cls;
		row.conf = sp->clf.conf;
		row.hinted = sp->flags & SP_HINTED;
		row.nice = sp->applied_nice;
		row.ioprio = sp->hint_ioprio;
		row.cpu = sp->f.cpu;
		row.wakeups_s = sp->f.wakeups_s;
		row.anomaly = s->o.anomaly ?
			s->o.anomaly(s->o.anomaly_ctx, sp->p) : NAN;
		if (sp->flags & SP_PROTECTED)
			snprintf(st, sl, "protected");
		else if (sp->flags & SP_USER)
			sched_intent_str(sp->intent, st, sl);
		else if (sp->flags & SP_SPAWNER)
			snprintf(st, sl, "spawner");
		else if (sp->rule && sp->rules_gen == s->rules_gen)
			snprintf(st, sl, "%s@%d", sp->rule->action ==
				 SCHED_RULE_EXEMPT ? "exempt" : "pin",
				 sp->rule_line);
		else if (sp->flags & SP_HINTED)
			snprintf(st, sl, device_on(s) ? "hint" : "would");
		else if (sp->last_err)
			snprintf(st, sl, "refused:%d", sp->last_err);
		else
			snprintf(st, sl, "-");
		sched_state_row(w, &row);
	}
	if (sched_state_commit(w))
		log_debug("sched: cannot write %s", s->o.state_path);
}

static void on_tick(void *ctx, uint64_t now_ns)
{
	struct sched_stage *s = ctx;
	bool win;
	uint32_t i;

	if (now_ns > s->now_ns)
		s->now_ns = now_ns;
	if (s->o.live && s->o.overrides_path && now_ns >= s->next_rules_ns) {
		rules_reload(s, false);
		s->next_rules_ns = now_ns + SCHED_OVERRIDES_CHECK_NS;
	}
	win = now_ns >= s->next_window_ns;
	if (win)
		s->next_window_ns = now_ns + SCHED_WINDOW_NS;
	for (i = 0; i < s->hw; i++) {
		struct sched_proc *sp = &s->sp[i];

		if (!sp->p)
			continue;
		ask_prior(s, sp);
		if (win)
			window(s, sp, &s->hot[i]);
		if (win || ((sp->flags & SP_HINTED) &&
			    now_ns >= sp->refresh_ns))
			act(s, sp);
	}
	if (s->o.live && s->o.state_path && now_ns >= s->next_state_ns) {
		write_state(s);
		s->next_state_ns = now_ns + 1000000000ull;
	}
}

struct sched_stage *sched_stage_new(const struct sched_stage_opts *o,
				    struct pipeline *pl, uint32_t capacity,
				    struct pipeline_stage *st)
{
	struct sched_stage *s = calloc(1, sizeof(*s));
	unsigned int i;

	(void)capacity;
	if (!s) {
		log_err("sched: out of memory");
		return NULL;
	}
	s->o = *o;
	s->pl = pl;
	s->t = pipeline_procs(pl);
	s->self = getpid();
	/* The module's defaults until its knobs are known. */
	s->nice_min = -5;
	s->nice_max = LLMOS_NICE_MAX;
	if (o->live) {
		int v;

		if (!read_int_file("/sys/kernel/llmos/nice_min", &v))
			s->nice_min = v;
		if (!read_int_file("/sys/kernel/llmos/nice_max", &v))
			s->nice_max = v;
	}
	for (i = LLMOS_TOKEN_EXIT + 1; i < LLMOS_NR_TOKENS; i++)
		s->tok_kind[i] = sched_token_is_io(i) ? 2 : 1;
	rules_reload(s, true);
	*st = (struct pipeline_stage){ .name = "sched", .ctx = s,
				       .event = on_event,
				       .release = on_release,
				       .tick = on_tick };
	return s;
}

void sched_stage_free(struct sched_stage *s)
{
	if (!s)
		return;
	if (s->o.state_path && s->o.live)
		unlink(s->o.state_path);
	log_info("sched: %" PRIu64 " windows, %" PRIu64 " class changes, %"
		 PRIu64 " hints (%" PRIu64 " refreshes, %" PRIu64
		 " refused, %" PRIu64 " reverted, %" PRIu64
		 " would), %" PRIu64 " left to the user",
		 s->st.windows, s->st.class_changes, s->st.hints_new,
		 s->st.hints_refreshed, s->st.hints_refused,
		 s->st.hints_reverted, s->st.would_hint, s->st.user_intent);
	sched_overrides_free(&s->rules);
	free(s->hot);
	free(s->sp);
	free(s);
}

const struct sched_stage_stats *sched_stage_stats(const struct sched_stage *s)
{
	return &s->st;
}

int sched_stage_class(const struct sched_stage *s, const struct proc *p,
		      uint16_t *conf)
{
	uint32_t i = proc_table_slot(s->t, p);

	if (i >= s->cap || s->sp[i].p != p)
		return SCHED_CLASS_NONE;
	if (conf)
		*conf = s->sp[i].clf.conf;
	return s->sp[i].clf.cls;
}

bool sched_stage_hint(const struct sched_stage *s, const struct proc *p,
		      int *nice, int *ioprio)
{
	uint32_t i = proc_table_slot(s->t, p);
	const struct sched_proc *sp;

	if (i >= s->cap || s->sp[i].p != p)
		return false;
	sp = &s->sp[i];
	if (!(sp->flags & SP_HINTED))
		return false;
	if (nice)
		*nice = sp->applied_nice;
	if (ioprio)
		*ioprio = sp->hint_ioprio;
	return true;
}
