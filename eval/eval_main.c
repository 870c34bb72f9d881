// SPDX-License-Identifier: GPL-2.0
/*
 * llmos-eval: the public-benchmark harness behind `make eval`.
 *
 *   llmos-eval split --adfa DIR --out DIR [--seed S] [--calib-frac F]
 *       write the ADFA-LD split: OUT/train.list, calib.list, test.list
 *       (one path a line) and OUT/split.tsv (path, part, label, type)
 *   llmos-eval unm-export --unm DIR --out DIR [--seed S]
 *       write each UNM set's processes as plain trace files:
 *       OUT/SET/train/ *.txt (training normals), OUT/SET/test/ *.txt
 *   llmos-eval report --adfa DIR [--unm DIR --unm-out DIR] [--scores FILE]
 *       [--transformer-missing WHY] [--json FILE] [split and model options]
 *       run the baselines, read the transformer's scores ("PATH SCORE"
 *       lines), print the tables and write the flat JSON object
 *
 * See Documentation/evaluation.md.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "metrics.h"
#include "ngram.h"
#include "split.h"
#include "stide.h"

static const double target_fpr[3] = { 0.01, 0.05, 0.10 };

struct opts {
	const char *adfa, *unm, *out, *unm_out, *scores, *missing, *json;
	uint64_t seed;
	double calib_frac, unm_train_frac;
	unsigned int k, frame, n, window;
};

/* A detector's scores over one split: NaN where it has none. */
struct method {
	const char *label;	/* table row */
	const char *suffix;	/* JSON key suffix */
	double *score;		/* one per item */
	int present;
	char why[640];		/* when not present */
};

enum { M_LLMOS, M_STIDE, M_NGRAM, M_STIDE_LFC, M_NGRAM_MAXWIN, M_COUNT };

static FILE *json;
static int json_first = 1;

static void put(const char *key, double v)
{
	if (!json || !isfinite(v))
		return;
	fprintf(json, "%s\n  \"%s\": %.6g", json_first ? "{" : ",", key, v);
	json_first = 0;
}

static void print_usage(void)
{
	fputs("usage: llmos-eval split|unm-export|report [options]\n"
	      "  --adfa DIR --unm DIR --out DIR --unm-out DIR\n"
	      "  --seed 1 --calib-frac 0.3 --unm-train-frac 0.5\n"
	      "  --scores FILE --transformer-missing WHY --json FILE\n"
	      "  --k 6 --frame 20 (stide)  --n 4 --window 20 (n-gram)\n",
	      stderr);
}

#define OPT(f) offsetof(struct opts, f)

static const struct {
	const char *name;
	size_t off;
} str_opts[] = {
	{ "--adfa", OPT(adfa) }, { "--unm", OPT(unm) }, { "--out", OPT(out) },
	{ "--unm-out", OPT(unm_out) }, { "--scores", OPT(scores) },
	{ "--transformer-missing", OPT(missing) }, { "--json", OPT(json) },
};

/* Numeric options: 'u' unsigned int, 'd' double, 'l' uint64_t. */
static const struct {
	const char *name;
	size_t off;
	char kind;
} num_opts[] = {
	{ "--seed", OPT(seed), 'l' }, { "--calib-frac", OPT(calib_frac), 'd' },
	{ "--unm-train-frac", OPT(unm_train_frac), 'd' },
	{ "--k", OPT(k), 'u' }, { "--frame", OPT(frame), 'u' },
	{ "--n", OPT(n), 'u' }, { "--window", OPT(window), 'u' },
};

static int set_opt(struct opts *o, const char *a, const char *v)
{
	char *base = (char *)o, *end;
	size_t i;

	for (i = 0; i < sizeof(str_opts) / sizeof(*str_opts); i++) {
		if (!strcmp(a, str_opts[i].name)) {
			*(const char **)(base + str_opts[i].off) = v;
			return 0;
		}
	}
	for (i = 0; i < sizeof(num_opts) / sizeof(*num_opts); i++) {
		void *p = base + num_opts[i].off;

		if (strcmp(a, num_opts[i].name))
			continue;
		errno = 0;
		if (num_opts[i].kind == 'd')
			*(double *)p = strtod(v, &end);
		else if (num_opts[i].kind == 'l')
			*(uint64_t *)p = strtoull(v, &end, 0);
		else
			*(unsigned int *)p = strtoul(v, &end, 0);
		if (*end || end == v || errno || *v == '-') {
			fprintf(stderr, "llmos-eval: bad number for %s: %s\n",
				a, v);
			return -1;
		}
		return 0;
	}
	fprintf(stderr, "llmos-eval: unknown option %s\n", a);
	print_usage();
	return -1;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	*o = (struct opts){
		.seed = 1, .calib_frac = ADFA_CALIB_FRAC,
		.unm_train_frac = UNM_TRAIN_FRAC, .k = STIDE_DEFAULT_K,
		.frame = STIDE_DEFAULT_FRAME, .n = NGRAM_DEFAULT_N,
		.window = NGRAM_DEFAULT_WINDOW,
	};
	for (int i = 2; i < argc; i += 2) {
		if (i + 1 >= argc) {
			fprintf(stderr, "llmos-eval: %s needs a value\n",
				argv[i]);
			return -1;
		}
		if (set_opt(o, argv[i], argv[i + 1]))
			return -1;
	}
	if (o->calib_frac <= 0 || o->calib_frac >= 1 ||
	    o->unm_train_frac <= 0 || o->unm_train_frac >= 1 ||
	    o->k < 1 || o->k > STIDE_MAX_K || o->frame < 1 ||
	    o->frame > 4096 || o->n < 1 || o->n > NGRAM_MAX_N ||
	    o->window < 1) {
		fprintf(stderr, "llmos-eval: option out of range\n");
		return -1;
	}
	return 0;
}

static int need_adfa(const struct opts *o)
{
	struct stat st;

	if (!o->adfa || stat(o->adfa, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr,
			"llmos-eval: ADFA-LD not found at %s: set ADFA_DIR to the data set (see ../shared/README.md)\n",
			o->adfa ? o->adfa : "(no --adfa)");
		return -1;
	}
	return 0;
}

static const char *const part_name[] = { "train", "calib", "test" };

static int cmd_split(const struct opts *o)
{
	struct eval_set s;
	char err[512], path[4096];
	FILE *f[3], *tsv;

	if (need_adfa(o))
		return 2;
	if (!o->out) {
		fprintf(stderr, "llmos-eval split: --out DIR needed\n");
		return 2;
	}
	if (adfa_split(o->adfa, o->seed, o->calib_frac, &s, err,
		       sizeof(err))) {
		fprintf(stderr, "llmos-eval: %s\n", err);
		return 1;
	}
	mkdir(o->out, 0777);
	for (int p = 0; p < 3; p++) {
		snprintf(path, sizeof(path), "%s/%s.list", o->out,
			 part_name[p]);
		f[p] = fopen(path, "w");
		if (!f[p]) {
			fprintf(stderr, "llmos-eval: %s: %s\n", path,
				strerror(errno));
			return 1;
		}
	}
	snprintf(path, sizeof(path), "%s/split.tsv", o->out);
	tsv = fopen(path, "w");
	if (!tsv) {
		fprintf(stderr, "llmos-eval: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < s.n; i++) {
		const struct eval_item *it = &s.items[i];

		fprintf(f[it->part], "%s\n", it->path);
		fprintf(tsv, "%s\t%s\t%s\t%s\n", it->path,
			part_name[it->part], it->attack ? "attack" : "normal",
			it->type >= 0 ? s.types[it->type] : "-");
	}
	for (int p = 0; p < 3; p++)
		fclose(f[p]);
	fclose(tsv);
	printf("eval: ADFA-LD split (seed %llu): %zu train, %zu calibration, %zu test normal, %zu test attack\n",
	       (unsigned long long)o->seed, eval_set_count(&s, EVAL_TRAIN, -1),
	       eval_set_count(&s, EVAL_CALIB, -1),
	       eval_set_count(&s, EVAL_TEST, 0),
	       eval_set_count(&s, EVAL_TEST, 1));
	eval_set_free(&s);
	return 0;
}

/* "login.trace_1.int:509" -> "login.trace_1.int_509.txt" */
static void export_name(const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s.txt", name);
	for (char *p = out; *p; p++)
		if (*p == ':' || *p == '/')
			*p = '_';
}

static const char *const unm_sets[] = { "login", "ps", "inetd" };

static int write_plain(const char *path, const struct trace *t)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	for (size_t i = 0; i < t->len; i++)
		fprintf(f, "%d ", t->tok[i]);
	return fclose(f);
}

static int cmd_unm_export(const struct opts *o)
{
	char err[512], dir[4096], path[4096], name[1024];

	if (!o->unm || !o->out) {
		fprintf(stderr, "llmos-eval unm-export: --unm and --out needed\n");
		return 2;
	}
	mkdir(o->out, 0777);
	for (size_t k = 0; k < sizeof(unm_sets) / sizeof(*unm_sets); k++) {
		struct eval_set s;

		snprintf(dir, sizeof(dir), "%s/%s", o->unm, unm_sets[k]);
		if (unm_split(dir, o->seed, o->unm_train_frac, &s, err,
			      sizeof(err))) {
			fprintf(stderr, "llmos-eval: %s\n", err);
			return 1;
		}
		snprintf(path, sizeof(path), "%s/%s", o->out, unm_sets[k]);
		mkdir(path, 0777);
		snprintf(path, sizeof(path), "%s/%s/train", o->out,
			 unm_sets[k]);
		mkdir(path, 0777);
		snprintf(path, sizeof(path), "%s/%s/test", o->out, unm_sets[k]);
		mkdir(path, 0777);
		for (size_t i = 0; i < s.n; i++) {
			const struct eval_item *it = &s.items[i];

			export_name(it->name, name, sizeof(name));
			snprintf(path, sizeof(path), "%s/%s/%s/%s", o->out,
				 unm_sets[k], it->part == EVAL_TRAIN ?
				 "train" : "test", name);
			if (write_plain(path, &it->tr)) {
				fprintf(stderr, "llmos-eval: %s: %s\n", path,
					strerror(errno));
				eval_set_free(&s);
				return 1;
			}
		}
		eval_set_free(&s);
	}
	return 0;
}

/* --- transformer scores ------------------------------------------------ */

struct path_score {
	char *path;
	double score;
};

static int cmp_ps(const void *a, const void *b)
{
	return strcmp(((const struct path_score *)a)->path,
		      ((const struct path_score *)b)->path);
}

/* Lines "PATH SCORE"; the score is the last field. */
static struct path_score *read_scores(const char *file, size_t *n,
				      char *err, size_t errlen)
{
	FILE *f = fopen(file, "r");
	struct path_score *v = NULL;
	size_t cap = 0, lineno = 0;
	char line[8192];

	*n = 0;
	if (!f) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return NULL;
	}
	while (fgets(line, sizeof(line), f)) {
		size_t l = strlen(line);
		char *sp, *end;
		double x;

		lineno++;
		while (l && isspace((unsigned char)line[l - 1]))
			line[--l] = '\0';
		if (!l)
			continue;
		sp = strrchr(line, ' ');
		if (!sp)
			sp = strrchr(line, '\t');
		x = sp ? strtod(sp + 1, &end) : NAN;
		if (!sp || *end || end == sp + 1 || isnan(x)) {
			snprintf(err, errlen, "%s:%zu: expected \"PATH SCORE\"",
				 file, lineno);
			goto fail;
		}
		while (sp > line && isspace((unsigned char)sp[-1]))
			sp--;
		*sp = '\0';
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 1024;
			struct path_score *p = realloc(v, nc * sizeof(*p));

			if (!p)
				goto oom;
			v = p;
			cap = nc;
		}
		v[*n].path = strdup(line);
		if (!v[*n].path)
			goto oom;
		v[(*n)++].score = x;
	}
	fclose(f);
	qsort(v, *n, sizeof(*v), cmp_ps);
	return v;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	fclose(f);
	for (size_t i = 0; i < *n; i++)
		free(v[i].path);
	free(v);
	*n = 0;
	return NULL;
}

static void free_scores(struct path_score *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

/* Fill m->score of calibration and test items whose path has a score. */
static void attach_scores(struct method *m, const struct eval_set *s,
			  const char *file, const char *const *paths)
{
	struct path_score *v, key;
	size_t n, missing = 0;
	char err[512];

	v = read_scores(file, &n, err, sizeof(err));
	if (!v) {
		snprintf(m->why, sizeof(m->why), "%s", err);
		return;
	}
	for (size_t i = 0; i < s->n; i++) {
		struct path_score *hit;

		if (s->items[i].part == EVAL_TRAIN)
			continue;
		key.path = (char *)paths[i];
		hit = bsearch(&key, v, n, sizeof(*v), cmp_ps);
		if (hit)
			m->score[i] = hit->score;
		else
			missing++;
	}
	free_scores(v, n);
	if (missing) {
		snprintf(m->why, sizeof(m->why),
			 "%s has no score for %zu of the files", file, missing);
		return;
	}
	m->present = 1;
}

/* --- baselines ---------------------------------------------------------- */

static int run_baselines(const struct opts *o, const struct eval_set *s,
			 struct method *m)
{
	struct stide st;
	struct ngram ng;

	if (stide_init(&st, o->k) || ngram_init(&ng, o->n))
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		const struct trace *t = &s->items[i].tr;

		if (s->items[i].part != EVAL_TRAIN)
			continue;
		if (stide_train(&st, t->tok, t->len) ||
		    ngram_add(&ng, t->tok, t->len))
			return -1;
	}
	if (ngram_finish(&ng))
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		const struct trace *t = &s->items[i].tr;
		struct stide_score ss;
		struct ngram_score ns;

		if (s->items[i].part == EVAL_TRAIN)
			continue;
		stide_score(&st, t->tok, t->len, o->frame, &ss);
		ngram_score(&ng, t->tok, t->len, o->window, &ns);
		m[M_STIDE].score[i] = ss.mismatch_rate;
		m[M_STIDE_LFC].score[i] = ss.lfc;
		m[M_NGRAM].score[i] = ns.mean_nll;
		m[M_NGRAM_MAXWIN].score[i] = ns.max_window;
	}
	m[M_STIDE].present = 1;
	m[M_STIDE_LFC].present = 1;
	m[M_NGRAM].present = 1;
	m[M_NGRAM_MAXWIN].present = 1;
	stide_free(&st);
	ngram_free(&ng);
	return 0;
}

/* --- metrics of one method ---------------------------------------------- */

struct figures {
	double auc, dr[3], fpr[3], thr[3], fpr_at_dr90;
	double type_dr[EVAL_MAX_TYPES][3];
	size_t type_n[EVAL_MAX_TYPES];
};

/* Scores of the items in part with the given label (type: -1 = any). */
static size_t gather(const struct eval_set *s, const double *score,
		     enum eval_part part, int attack, int type, double *out)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->items[i].part == part && s->items[i].attack == attack &&
		    (type < 0 || s->items[i].type == type))
			out[n++] = score[i];
	return n;
}

static int compute(const struct eval_set *s, const double *score,
		   int calibrated, struct figures *f)
{
	double *cal = malloc(s->n * sizeof(double));
	double *neg = malloc(s->n * sizeof(double));
	double *pos = malloc(s->n * sizeof(double));
	double *typ = malloc(s->n * sizeof(double));
	size_t nc, nn, np;

	if (!cal || !neg || !pos || !typ) {
		free(cal);
		free(neg);
		free(pos);
		free(typ);
		return -1;
	}
	nc = gather(s, score, EVAL_CALIB, 0, -1, cal);
	nn = gather(s, score, EVAL_TEST, 0, -1, neg);
	np = gather(s, score, EVAL_TEST, 1, -1, pos);
	f->auc = eval_auc(pos, np, neg, nn);
	f->fpr_at_dr90 = eval_fpr_at_dr(pos, np, neg, nn, 0.9);
	for (int j = 0; j < 3; j++) {
		f->thr[j] = calibrated ? eval_threshold(cal, nc, target_fpr[j]) :
			NAN;
		f->dr[j] = eval_rate_above(pos, np, f->thr[j]);
		f->fpr[j] = eval_rate_above(neg, nn, f->thr[j]);
	}
	for (unsigned int t = 0; t < s->ntypes; t++) {
		f->type_n[t] = gather(s, score, EVAL_TEST, 1, (int)t, typ);
		for (int j = 0; j < 3; j++)
			f->type_dr[t][j] = eval_rate_above(typ, f->type_n[t],
							   f->thr[j]);
	}
	free(cal);
	free(neg);
	free(pos);
	free(typ);
	return 0;
}

/* "Hydra_FTP" -> "hydra_ftp" (JSON key part). */
static void key_name(const char *in, char *out, size_t n)
{
	size_t i;

	for (i = 0; in[i] && i + 1 < n; i++)
		out[i] = isalnum((unsigned char)in[i]) ?
			tolower((unsigned char)in[i]) : '_';
	out[i] = '\0';
}

static void pct(char *buf, size_t n, double x)
{
	if (isnan(x))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.1f", 100 * x);
}

/* --- ADFA-LD report ----------------------------------------------------- */

struct hashed {
	uint64_t h;
	const struct trace *t;
};

static int cmp_hashed(const void *a, const void *b)
{
	uint64_t x = ((const struct hashed *)a)->h;
	uint64_t y = ((const struct hashed *)b)->h;

	return (x > y) - (x < y);
}

static uint64_t trace_hash(const struct trace *t)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ t->len;

	for (size_t i = 0; i < t->len; i++) {
		h ^= (uint32_t)t->tok[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Test attacks whose calls equal some normal trace's: undetectable. */
static size_t attacks_same_as_normal(const struct eval_set *s)
{
	struct hashed *v = malloc((s->n + 1) * sizeof(*v));
	size_t n = 0, same = 0;

	if (!v)
		return 0;
	for (size_t i = 0; i < s->n; i++)
		if (!s->items[i].attack)
			v[n++] = (struct hashed){ trace_hash(&s->items[i].tr),
						  &s->items[i].tr };
	qsort(v, n, sizeof(*v), cmp_hashed);
	for (size_t i = 0; i < s->n; i++) {
		const struct trace *t = &s->items[i].tr;
		struct hashed key = { trace_hash(t), t }, *hit;

		if (!s->items[i].attack || s->items[i].part != EVAL_TEST)
			continue;
		hit = bsearch(&key, v, n, sizeof(*v), cmp_hashed);
		if (!hit)
			continue;
		while (hit > v && hit[-1].h == key.h)
			hit--;
		for (; hit < v + n && hit->h == key.h; hit++) {
			if (hit->t->len == t->len &&
			    !memcmp(hit->t->tok, t->tok,
				    t->len * sizeof(*t->tok))) {
				same++;
				break;
			}
		}
	}
	free(v);
	return same;
}

static void adfa_report(const struct opts *o, const struct eval_set *s,
			struct method *m)
{
	static struct figures fig[M_COUNT];
	char key[256], tk[64], a[16], b[16], c[16], d[16], e[16], g[16],
	     h[16];
	size_t same;

	printf("\nADFA-LD: train %zu normal; calibrate on %zu validation normals; test %zu validation normals + %zu attacks (seed %llu)\n",
	       eval_set_count(s, EVAL_TRAIN, -1),
	       eval_set_count(s, EVAL_CALIB, -1),
	       eval_set_count(s, EVAL_TEST, 0), eval_set_count(s, EVAL_TEST, 1),
	       (unsigned long long)o->seed);
	same = attacks_same_as_normal(s);
	printf("%zu test attacks have the same calls as a normal trace (no detector can rank them above it)\n",
	       same);
	printf("thresholds: the (1 - FPR) quantile of the calibration scores; alert if score > threshold\n\n");
	printf("%-26s %7s %7s %7s %7s   %7s %7s %7s   %9s\n", "detector",
	       "AUC", "DR@1%", "DR@5%", "DR@10%", "FPR@1", "FPR@5", "FPR@10",
	       "FPR@DR90");
	printf("%-26s %7s %7s %7s %7s   %7s %7s %7s   %9s\n", "", "", "(%)",
	       "(%)", "(%)", "test%", "test%", "test%", "(%)");
	for (int i = 0; i < M_COUNT; i++) {
		struct figures *f = &fig[i];

		if (!m[i].present) {
			printf("%-26s missing: %s\n", m[i].label, m[i].why);
			continue;
		}
		compute(s, m[i].score, 1, f);
		pct(a, sizeof(a), f->dr[0]);
		pct(b, sizeof(b), f->dr[1]);
		pct(c, sizeof(c), f->dr[2]);
		pct(d, sizeof(d), f->fpr[0]);
		pct(e, sizeof(e), f->fpr[1]);
		pct(g, sizeof(g), f->fpr[2]);
		pct(h, sizeof(h), f->fpr_at_dr90);
		printf("%-26s %7.4f %7s %7s %7s   %7s %7s %7s   %9s\n",
		       m[i].label, f->auc, a, b, c, d, e, g, h);

		snprintf(key, sizeof(key), "adfa_auc%s", m[i].suffix);
		put(key, f->auc);
		for (int j = 0; j < 3; j++) {
			int p = (int)lround(100 * target_fpr[j]);

			snprintf(key, sizeof(key), "adfa_dr_at_fpr%d%s", p,
				 m[i].suffix);
			put(key, f->dr[j]);
			snprintf(key, sizeof(key), "adfa_test_fpr_at_fpr%d%s",
				 p, m[i].suffix);
			put(key, f->fpr[j]);
		}
		snprintf(key, sizeof(key), "adfa_fpr_at_dr90%s", m[i].suffix);
		put(key, f->fpr_at_dr90);
		for (unsigned int t = 0; t < s->ntypes; t++) {
			key_name(s->types[t], tk, sizeof(tk));
			for (int j = 1; j < 3; j++) {
				snprintf(key, sizeof(key),
					 "adfa_dr_at_fpr%d_%s%s",
					 (int)lround(100 * target_fpr[j]), tk,
					 m[i].suffix);
				put(key, f->type_dr[t][j]);
			}
		}
	}

	printf("\nper attack type: detection rate (%%) at the 5%% / 10%% FPR thresholds\n");
	printf("%-26s", "detector");
	for (unsigned int t = 0; t < s->ntypes; t++)
		printf(" %17s", s->types[t]);
	printf("\n%-26s", "(test traces)");
	for (unsigned int t = 0; t < s->ntypes; t++) {
		snprintf(key, sizeof(key), "(%zu)",
			 eval_set_count(s, EVAL_TEST, 1) ? fig[M_STIDE].type_n[t] :
			 0);
		printf(" %17s", key);
	}
	printf("\n");
	for (int i = 0; i < M_COUNT; i++) {
		if (!m[i].present)
			continue;
		printf("%-26s", m[i].label);
		for (unsigned int t = 0; t < s->ntypes; t++) {
			pct(a, sizeof(a), fig[i].type_dr[t][1]);
			pct(b, sizeof(b), fig[i].type_dr[t][2]);
			snprintf(key, sizeof(key), "%s / %s", a, b);
			printf(" %17s", key);
		}
		printf("\n");
	}
	put("adfa_n_train", eval_set_count(s, EVAL_TRAIN, -1));
	put("adfa_n_calib", eval_set_count(s, EVAL_CALIB, -1));
	put("adfa_n_test_normal", eval_set_count(s, EVAL_TEST, 0));
	put("adfa_n_test_attack", eval_set_count(s, EVAL_TEST, 1));
	put("adfa_n_attack_same_as_normal", same);
}

static void init_methods(struct method *m, size_t n, const struct opts *o)
{
	static char stide_l[64], lfc_l[64], ng_l[64], mw_l[64];

	snprintf(stide_l, sizeof(stide_l), "stide (k=%u, mismatch rate)", o->k);
	snprintf(lfc_l, sizeof(lfc_l), "  stide LFC (frame %u)", o->frame);
	snprintf(ng_l, sizeof(ng_l), "n-gram (n=%u KN, mean NLL)", o->n);
	snprintf(mw_l, sizeof(mw_l), "  n-gram max NLL (win %u)", o->window);
	m[M_LLMOS] = (struct method){ .label = "llmos transformer",
				      .suffix = "" };
	m[M_STIDE] = (struct method){ .label = stide_l, .suffix = "_stide" };
	m[M_NGRAM] = (struct method){ .label = ng_l, .suffix = "_ngram" };
	m[M_STIDE_LFC] = (struct method){ .label = lfc_l,
					  .suffix = "_stide_lfc" };
	m[M_NGRAM_MAXWIN] = (struct method){ .label = mw_l,
					     .suffix = "_ngram_maxwin" };
	for (int i = 0; i < M_COUNT; i++) {
		m[i].score = malloc(n * sizeof(double) + 1);
		for (size_t j = 0; m[i].score && j < n; j++)
			m[i].score[j] = NAN;
	}
	snprintf(m[M_LLMOS].why, sizeof(m[M_LLMOS].why), "%s",
		 o->missing ? o->missing : "no scores given (--scores)");
}

static void free_methods(struct method *m)
{
	for (int i = 0; i < M_COUNT; i++)
		free(m[i].score);
}

/* --- UNM smoke check ----------------------------------------------------- */

static int unm_report(const struct opts *o)
{
	char err[512], dir[4096], key[256], name[1024], file[4096];

	printf("\nUNM (smoke check, AUC only; %.0f%% of each program's normal processes train, the rest and every intrusion process test)\n",
	       100 * o->unm_train_frac);
	printf("%-8s %14s %8s %8s %8s\n", "program", "train/test/att",
	       "llmos", "stide", "n-gram");
	for (size_t k = 0; k < sizeof(unm_sets) / sizeof(*unm_sets); k++) {
		struct method m[M_COUNT];
		struct eval_set s;
		char **paths;
		double auc[M_COUNT];

		snprintf(dir, sizeof(dir), "%s/%s", o->unm, unm_sets[k]);
		if (unm_split(dir, o->seed, o->unm_train_frac, &s, err,
			      sizeof(err))) {
			printf("%-8s error: %s\n", unm_sets[k], err);
			return -1;
		}
		init_methods(m, s.n, o);
		paths = calloc(s.n + 1, sizeof(*paths));
		for (size_t i = 0; paths && i < s.n; i++) {
			export_name(s.items[i].name, name, sizeof(name));
			snprintf(file, sizeof(file), "%s/%s/test/%s",
				 o->unm_out ? o->unm_out : "", unm_sets[k],
				 name);
			paths[i] = strdup(file);
		}
		if (run_baselines(o, &s, m)) {
			printf("%-8s error: out of memory\n", unm_sets[k]);
			return -1;
		}
		snprintf(file, sizeof(file), "%s/%s/scores.txt",
			 o->unm_out ? o->unm_out : "", unm_sets[k]);
		if (o->unm_out && paths && !access(file, R_OK))
			attach_scores(&m[M_LLMOS], &s, file,
				      (const char *const *)paths);
		for (int i = 0; i < M_COUNT; i++) {
			struct figures f;

			auc[i] = NAN;
			if (!m[i].present)
				continue;
			compute(&s, m[i].score, 0, &f);
			auc[i] = f.auc;
			snprintf(key, sizeof(key), "unm_%s_auc%s",
				 unm_sets[k], m[i].suffix);
			put(key, f.auc);
		}
		snprintf(key, sizeof(key), "%zu/%zu/%zu",
			 eval_set_count(&s, EVAL_TRAIN, -1),
			 eval_set_count(&s, EVAL_TEST, 0),
			 eval_set_count(&s, EVAL_TEST, 1));
		printf("%-8s %14s", unm_sets[k], key);
		for (int i = M_LLMOS; i <= M_NGRAM; i++) {
			if (isnan(auc[i]))
				printf(" %8s", "-");
			else
				printf(" %8.4f", auc[i]);
		}
		printf("\n");
		for (size_t i = 0; paths && i < s.n; i++)
			free(paths[i]);
		free(paths);
		free_methods(m);
		eval_set_free(&s);
	}
	return 0;
}

static int cmd_report(const struct opts *o)
{
	struct method m[M_COUNT];
	struct eval_set s;
	char err[512];
	char **paths;
	int rc = 0;

	if (need_adfa(o))
		return 2;
	if (adfa_split(o->adfa, o->seed, o->calib_frac, &s, err,
		       sizeof(err)) || eval_set_load(&s, err, sizeof(err))) {
		fprintf(stderr, "llmos-eval: %s\n", err);
		return 1;
	}
	if (o->json) {
		json = fopen(o->json, "w");
		if (!json) {
			fprintf(stderr, "llmos-eval: %s: %s\n", o->json,
				strerror(errno));
			return 1;
		}
	}
	init_methods(m, s.n, o);
	paths = calloc(s.n + 1, sizeof(*paths));
	if (!paths || run_baselines(o, &s, m)) {
		fprintf(stderr, "llmos-eval: out of memory\n");
		return 1;
	}
	for (size_t i = 0; i < s.n; i++)
		paths[i] = s.items[i].path;
	if (o->scores)
		attach_scores(&m[M_LLMOS], &s, o->scores,
			      (const char *const *)paths);
	adfa_report(o, &s, m);
	if (o->unm && unm_report(o))
		rc = 1;
	if (json) {
		fprintf(json, "%s\n}\n", json_first ? "{" : "");
		if (fclose(json)) {
			fprintf(stderr, "llmos-eval: %s: write error\n",
				o->json);
			rc = 1;
		}
	}
	free(paths);
	free_methods(m);
	eval_set_free(&s);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		print_usage();
		return argc < 2 ? 2 : 0;
	}
	if (parse_opts(argc, argv, &o))
		return 2;
	if (!strcmp(argv[1], "split"))
		return cmd_split(&o);
	if (!strcmp(argv[1], "unm-export"))
		return cmd_unm_export(&o);
	if (!strcmp(argv[1], "report"))
		return cmd_report(&o);
	fprintf(stderr, "llmos-eval: unknown command %s\n", argv[1]);
	print_usage();
	return 2;
}
