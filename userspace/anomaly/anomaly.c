// SPDX-License-Identifier: GPL-2.0
/*
 * The anomaly stage: per-process scoring with the transformer, the alert
 * policy and the explanation of an alert. See Documentation/anomaly.md.
 */
#include "anomaly.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "score.h"
#include "syscall_table.h"

/* Below this surprise (nats) a call is not worth explaining. */
#define EXPLAIN_MIN_NLL 1.0f

struct pctx {
	struct llm_ctx *c;
	uint32_t owner;		/* slot + 1, 0: free */
	uint64_t used;		/* LRU clock */
};

/* Per-process state, indexed by proc_table_slot(). */
struct aproc {
	uint32_t ctx;		/* pool index + 1, 0: none */
	uint32_t head;		/* next ring position */
	uint64_t scored;	/* tokens with a score */
	double sum;		/* of the ring's nll */
	uint32_t n;		/* tokens in the window */
	uint64_t h;		/* hash of the window */
	float alerted;		/* score of the last alert, NAN: none */
	uint64_t alerted_ns;	/* event time of the last alert sent, 0: none */
	float peak;		/* highest score, NAN: none */
};

struct anomaly {
	const struct llm_net *net;
	struct proc_table *table;
	struct anomaly_opts o;
	float model_threshold;
	float last_threshold;
	uint32_t cap;		/* slots */
	struct aproc *procs;
	float *nll;		/* cap x window */
	uint16_t *tok;		/* cap x window */
	uint16_t *exp;		/* cap x window: what the model expected */
	uint16_t *win;		/* cap x context: the model's window */
	uint8_t *cache;		/* cache_n predictions */
	size_t cache_n, cache_stride;
	struct pctx *pool;
	uint32_t pool_used;
	uint64_t clock;
	struct llm_scorer *s;
	anomaly_peak_fn peak_fn;
	void *peak_ctx;
	struct anomaly_stats st;
};

static void default_sink(void *ctx, const struct anomaly_alert *al);

struct anomaly *anomaly_new(const struct llm_net *net, float model_threshold,
			    struct proc_table *table,
			    const struct anomaly_opts *o)
{
	struct anomaly *a = calloc(1, sizeof(*a));
	size_t cells;
	uint32_t i;

	if (!a)
		return NULL;
	a->net = net;
	a->table = table;
	a->o = *o;
	if (!a->o.window)
		a->o.window = ANOMALY_WINDOW;
	if (a->o.window > ANOMALY_MAX_WINDOW)
		a->o.window = ANOMALY_MAX_WINDOW;
	if (!a->o.min_tokens)
		a->o.min_tokens = ANOMALY_MIN_TOKENS;
	if (isnan(a->o.rise))
		a->o.rise = ANOMALY_RISE;
	if (!a->o.contexts)
		a->o.contexts = ANOMALY_CONTEXTS;
	if (!a->o.sink) {
		a->o.sink = default_sink;
		a->o.sink_ctx = a;
	}
	a->model_threshold = model_threshold;
	a->last_threshold = NAN;
	a->cap = proc_table_stats(table)->capacity;
	cells = (size_t)a->cap * a->o.window;
	/* calloc: pages of slots never used are never touched. */
	a->procs = calloc(a->cap, sizeof(*a->procs));
	a->nll = calloc(cells, sizeof(*a->nll));
	a->tok = calloc(cells, sizeof(*a->tok));
	a->exp = calloc(cells, sizeof(*a->exp));
	a->pool = calloc(a->o.contexts, sizeof(*a->pool));
	a->win = calloc((size_t)a->cap * net->cfg.context, sizeof(*a->win));
	a->cache_n = ANOMALY_CACHE;
	a->cache_stride = (10 + net->cfg.vocab_size + 7) & ~(size_t)7;
	a->cache = calloc(a->cache_n, a->cache_stride);
	a->s = llm_scorer_new(net, net->cfg.context, NULL);
	if (!a->procs || !a->nll || !a->tok || !a->exp || !a->pool || !a->s ||
	    !a->win || !a->cache) {
		anomaly_free(a);
		return NULL;
	}
	for (i = 0; i < a->cap; i++) {
		a->procs[i].alerted = NAN;
		a->procs[i].peak = NAN;
	}
	return a;
}

void anomaly_free(struct anomaly *a)
{
	uint32_t i;

	if (!a)
		return;
	if (a->pool)
		for (i = 0; i < a->o.contexts; i++)
			llm_ctx_free(a->pool[i].c);
	free(a->pool);
	free(a->procs);
	free(a->nll);
	free(a->tok);
	free(a->exp);
	free(a->win);
	free(a->cache);
	llm_scorer_free(a->s);
	free(a);
}

float anomaly_threshold(const struct anomaly *a)
{
	const struct device_client *dc = a->o.device;

	if (dc && device_client_is_open(dc))
		return (float)dc->config.alert_threshold / 1000.0f;
	if (!isnan(a->o.threshold))
		return a->o.threshold;
	return a->model_threshold;
}

static float score_of(const struct anomaly *a, const struct aproc *ap)
{
	uint64_t n = ap->scored < a->o.window ? ap->scored : a->o.window;

	if (ap->scored < a->o.min_tokens || !n)
		return NAN;
	return (float)(ap->sum / (double)n);
}

float anomaly_score(const struct anomaly *a, const struct proc *p)
{
	return score_of(a, &a->procs[proc_table_slot(a->table, p)]);
}

float anomaly_peak(const struct anomaly *a, const struct proc *p)
{
	return a->procs[proc_table_slot(a->table, p)].peak;
}

const struct anomaly_stats *anomaly_stats(const struct anomaly *a)
{
	return &a->st;
}

void anomaly_on_release(struct anomaly *a, anomaly_peak_fn fn, void *ctx)
{
	a->peak_fn = fn;
	a->peak_ctx = ctx;
}

void anomaly_stats_print(const struct anomaly *a, FILE *out)
{
	fprintf(out, "anomaly_tokens_scored %" PRIu64 "\n", a->st.tokens_scored);
	fprintf(out, "anomaly_nll_mean %.4f\n", a->st.tokens_scored ?
		a->st.nll_sum / (double)a->st.tokens_scored : 0.0);
	fprintf(out, "anomaly_model_runs %" PRIu64 "\n", a->st.model_runs);
	fprintf(out, "anomaly_cache_hits %" PRIu64 "\n", a->st.cache_hits);
	fprintf(out, "anomaly_ctx_rebuilds %" PRIu64 "\n", a->st.ctx_rebuilds);
	fprintf(out, "anomaly_alerts %" PRIu64 "\n", a->st.alerts);
	fprintf(out, "anomaly_alerts_published %" PRIu64 "\n",
		a->st.alerts_published);
	fprintf(out, "anomaly_threshold %.3f\n", anomaly_threshold(a));
}

/* --- predictions ------------------------------------------------------------ */

/*
 * A process's window: the tokens the model conditions its next prediction
 * on (content[0..n-1], hashed into h). The window grows to the model's
 * context, then restarts from its last `keep` tokens, as llm_ctx_push
 * slides. Predictions are memoized by the window's hash: the NLL of every
 * possible next token, rounded to 1/16 nat, and the likeliest one. A
 * key/value context from the pool holds the transformer's state of a
 * prefix of the window (its n tokens); it is only brought up to date when
 * a prediction is not in the cache.
 */
#define Q_SCALE 16.0f
#define Q_MAX 255

static uint64_t hash_tok(uint64_t h, uint16_t t)
{
	h = (h + t + 1) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

static uint64_t hash_window(const uint16_t *t, uint32_t n)
{
	uint64_t h = 0x5bd1e995u;
	uint32_t i;

	for (i = 0; i < n; i++)
		h = hash_tok(h, t[i]);
	return h;
}

/* Branch-free and without aliasing, so that the compiler vectorizes it. */
static void quantize_nll(uint8_t *restrict q, const float *restrict logp,
			 uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		float v = -logp[i] * Q_SCALE + 0.5f;

		v = v < 0.0f ? 0.0f : v;
		v = v > (float)Q_MAX ? (float)Q_MAX : v;
		q[i] = (uint8_t)(int32_t)v;
	}
}

/* The context of slot: its own, or a free or least recently used one. */
static struct llm_ctx *ctx_of(struct anomaly *a, uint32_t slot)
{
	struct aproc *ap = &a->procs[slot];
	struct pctx *pc;
	uint32_t i, idx;

	if (ap->ctx && a->pool[ap->ctx - 1].owner == slot + 1) {
		pc = &a->pool[ap->ctx - 1];
		pc->used = ++a->clock;
		return pc->c;
	}
	if (a->pool_used < a->o.contexts) {
		idx = a->pool_used++;
	} else {
		idx = 0;
		for (i = 1; i < a->o.contexts; i++)
			if (a->pool[i].used < a->pool[idx].used)
				idx = i;
	}
	pc = &a->pool[idx];
	if (pc->owner)
		a->procs[pc->owner - 1].ctx = 0;
	pc->owner = 0;
	if (!pc->c) {
		pc->c = llm_ctx_new(a->net, ANOMALY_KEEP(a->net));
		if (!pc->c)
			return NULL;
	}
	pc->owner = slot + 1;
	pc->used = ++a->clock;
	ap->ctx = idx + 1;
	llm_ctx_reset(pc->c);
	return pc->c;
}

/* The cached prediction after the window of slot; computed if missing. */
static const uint8_t *predict(struct anomaly *a, uint32_t slot)
{
	struct aproc *ap = &a->procs[slot];
	const uint16_t *w = a->win + (size_t)slot * a->net->cfg.context;
	uint32_t V = a->net->cfg.vocab_size;
	uint8_t *e = a->cache + (size_t)(ap->h & (a->cache_n - 1)) * a->cache_stride;
	struct llm_ctx *c;
	uint64_t key;

	memcpy(&key, e, sizeof(key));
	if (key == ap->h) {
		a->st.cache_hits++;
		return e + 8;
	}
	c = ctx_of(a, slot);
	if (!c)
		return NULL;
	/* The context holds a prefix of the window, or nothing. */
	if (c->n > ap->n || (c->n && memcmp(c->tok, w, c->n * sizeof(*w))))
		llm_ctx_reset(c);
	if (!c->n && ap->n > 1)
		a->st.ctx_rebuilds++;
	/* Only the last position needs the output projection. */
	if (llm_ctx_extend(a->s, c, w + c->n, ap->n - c->n, NULL))
		return NULL;
	a->st.model_runs++;
	memcpy(e, &ap->h, sizeof(ap->h));
	memcpy(e + 8, &c->best, sizeof(c->best));
	quantize_nll(e + 10, c->logp, V);
	return e + 8;
}

/*
 * Score tok as slot's next token: its NLL given the window (NAN when the
 * window is empty), and the token the model found likeliest in its place;
 * then tok joins the window.
 */
static float push(struct anomaly *a, uint32_t slot, uint16_t tok,
		  uint16_t *expected)
{
	struct aproc *ap = &a->procs[slot];
	uint32_t C = a->net->cfg.context, keep = ANOMALY_KEEP(a->net);
	uint16_t *w = a->win + (size_t)slot * C;
	float nll = NAN;

	*expected = tok;
	if (ap->n) {
		const uint8_t *pred = predict(a, slot);

		if (!pred)
			return NAN;
		nll = (float)pred[2 + tok] / Q_SCALE;
		if (nll >= EXPLAIN_MIN_NLL)
			memcpy(expected, pred, sizeof(*expected));
	}
	w[ap->n++] = tok;
	ap->h = hash_tok(ap->h, tok);
	if (ap->n == C) {
		memmove(w, w + C - keep, keep * sizeof(*w));
		ap->n = keep;
		ap->h = hash_window(w, keep);
		if (ap->ctx && a->pool[ap->ctx - 1].owner == slot + 1)
			llm_ctx_reset(a->pool[ap->ctx - 1].c);
	}
	return nll;
}

/* --- alerts ------------------------------------------------------------------ */

static void explain(const struct anomaly *a, uint32_t slot, float score,
		    float thr, char *out, size_t len)
{
	uint32_t W = a->o.window, n, i, k, best[ANOMALY_EXPLAIN];
	const float *nll = a->nll + (size_t)slot * W;
	const uint16_t *tok = a->tok + (size_t)slot * W;
	const uint16_t *exp = a->exp + (size_t)slot * W;
	const struct aproc *ap = &a->procs[slot];
	uint32_t nb = 0;
	size_t at;

	n = ap->scored < W ? (uint32_t)ap->scored : W;
	at = (size_t)snprintf(out, len,
			      "score %.3f = mean surprise of the last %u calls (threshold %.3f); most surprising:",
			      score, n, thr);
	/* The most surprising entries, one per distinct token. */
	for (k = 0; k < ANOMALY_EXPLAIN; k++) {
		int pick = -1;

		for (i = 0; i < n; i++) {
			uint32_t j, seen = 0;

			for (j = 0; j < nb; j++)
				if (tok[best[j]] == tok[i])
					seen = 1;
			if (seen)
				continue;
			if (pick < 0 || nll[i] > nll[pick])
				pick = (int)i;
		}
		if (pick < 0)
			break;
		best[nb++] = (uint32_t)pick;
	}
	for (k = 0; k < nb && at < len; k++) {
		const char *name = syscall_token_name(tok[best[k]]);
		const char *ename = syscall_token_name(exp[best[k]]);

		at += (size_t)snprintf(out + at, len - at,
				       "%s %s %.1f (expected %s)",
				       k ? "," : "", name ? name : "?",
				       nll[best[k]], ename ? ename : "?");
	}
}

static void json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void default_sink(void *ctx, const struct anomaly_alert *al)
{
	struct anomaly *a = ctx;
	struct device_client *dc = a->o.device;

	log_info("alert: pid %u (%s) score %.3f threshold %.3f: %s", al->pid,
		 al->comm, al->score, al->threshold, al->detail);
	if (dc && device_client_is_open(dc)) {
		double milli = al->score * 1000.0;
		uint64_t seq = 0;
		int ret;

		ret = device_client_alert(dc, al->pid, al->start_time, 0,
					  al->comm,
					  milli > UINT32_MAX ? UINT32_MAX :
					  (uint32_t)milli, ANOMALY_CATEGORY,
					  al->detail, &seq);
		if (ret == 1)
			a->st.alerts_published++;
		else if (ret == 0)
			a->st.alerts_below++;
		else
			log_warn("alert for pid %u: %s", al->pid,
				 strerror(-ret));
		return;
	}
	if (!a->o.json)
		return;
	fprintf(a->o.json, "{\"time_ns\":%" PRIu64 ",\"pid\":%u,\"start_time\":%" PRIu64 ",\"comm\":",
		al->time_ns, al->pid, al->start_time);
	json_str(a->o.json, al->comm);
	fputs(",\"exe\":", a->o.json);
	json_str(a->o.json, al->exe);
	fprintf(a->o.json, ",\"score\":%.3f,\"threshold\":%.3f,\"category\":\"%s\",\"detail\":",
		al->score, al->threshold, ANOMALY_CATEGORY);
	json_str(a->o.json, al->detail);
	fputs("}\n", a->o.json);
	fflush(a->o.json);
}

/*
 * Whether the score after this call earns an alert; if so fills al (the
 * latest such call of an event wins: one alert an event). A further alert
 * waits a second after the last one sent: a process whose window fills
 * with a flood of odd calls climbs through every rise within
 * milliseconds, each in a batch of its own.
 */
static bool check_alert(struct anomaly *a, uint32_t slot, struct proc *p,
			uint64_t now, struct anomaly_alert *al)
{
	struct aproc *ap = &a->procs[slot];
	float score = score_of(a, ap), thr;

	if (isnan(score))
		return false;
	if (isnan(ap->peak) || score > ap->peak)
		ap->peak = score;
	thr = anomaly_threshold(a);
	if (isnan(thr) || score < thr)
		return false;
	if (!isnan(ap->alerted) &&
	    (score < ap->alerted + a->o.rise ||
	     (ap->alerted_ns && now - ap->alerted_ns < ANOMALY_REALERT_NS)))
		return false;
	ap->alerted = score;
	memset(al, 0, sizeof(*al));
	al->time_ns = now;
	al->pid = p->tgid;
	al->start_time = p->start_time;
	al->comm = p->comm;
	al->exe = p->exe;
	al->score = score;
	al->threshold = thr;
	explain(a, slot, score, thr, al->detail, sizeof(al->detail));
	return true;
}

/* --- the stage ----------------------------------------------------------------- */

static void on_event(void *ctx, const struct llmos_event *ev, struct proc *p,
		     const uint16_t *tokens, unsigned int n)
{
	struct anomaly *a = ctx;
	uint32_t slot, W = a->o.window, V = a->net->cfg.vocab_size;
	struct anomaly_alert al;
	bool alert = false;
	struct aproc *ap;
	unsigned int i;

	if (!n)
		return;
	slot = proc_table_slot(a->table, p);
	if (slot >= a->cap)
		return;
	ap = &a->procs[slot];
	if (!ap->n && !ap->scored)
		ap->h = hash_window(NULL, 0);
	for (i = 0; i < n; i++) {
		uint16_t t = tokens[i] < V ? tokens[i] : LLMOS_TOKEN_UNK, e;
		float nll = push(a, slot, t, &e);
		size_t at;

		if (isnan(nll))
			continue;
		at = (size_t)slot * W + ap->head;
		if (ap->scored >= W)
			ap->sum -= a->nll[at];
		a->nll[at] = nll;
		a->tok[at] = t;
		a->exp[at] = e;
		ap->sum += nll;
		ap->head = (ap->head + 1) % W;
		ap->scored++;
		/* Exact again once per window: no drift from +/- in doubles. */
		if (!ap->head) {
			uint32_t j;

			ap->sum = 0;
			for (j = 0; j < W; j++)
				ap->sum += a->nll[(size_t)slot * W + j];
		}
		a->st.tokens_scored++;
		a->st.nll_sum += nll;
		alert |= check_alert(a, slot, p, ev->time_ns, &al);
	}
	/* A batch whose calls climb through several rises: its highest. */
	if (alert) {
		ap->alerted_ns = ev->time_ns;
		a->st.alerts++;
		a->o.sink(a->o.sink_ctx, &al);
	}
}

static void on_release(void *ctx, struct proc *p, enum proc_release why)
{
	struct anomaly *a = ctx;
	uint32_t slot = proc_table_slot(a->table, p);
	struct aproc *ap;

	(void)why;
	if (slot >= a->cap)
		return;
	ap = &a->procs[slot];
	if (a->peak_fn)
		a->peak_fn(a->peak_ctx, p, ap->peak, ap->scored);
	if (ap->ctx && a->pool[ap->ctx - 1].owner == slot + 1) {
		a->pool[ap->ctx - 1].owner = 0;
		a->pool[ap->ctx - 1].used = 0;
	}
	memset(ap, 0, sizeof(*ap));
	ap->alerted = NAN;
	ap->peak = NAN;
}

static void on_tick(void *ctx, uint64_t now)
{
	struct anomaly *a = ctx;
	float thr = anomaly_threshold(a);

	(void)now;
	if (thr != a->last_threshold && !(isnan(thr) && isnan(a->last_threshold))) {
		if (!isnan(a->last_threshold))
			log_info("alert threshold now %.3f", thr);
		a->last_threshold = thr;
	}
}

struct pipeline_stage anomaly_stage(struct anomaly *a)
{
	struct pipeline_stage st = {
		.name = "anomaly",
		.ctx = a,
		.event = on_event,
		.release = on_release,
		.tick = on_tick,
	};

	return st;
}
