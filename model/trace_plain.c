// SPDX-License-Identifier: GPL-2.0
/*
 * The plain trace format (ADFA-LD, UNM): one trace per file, syscall
 * numbers separated by whitespace.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "errmsg.h"
#include "dataset.h"

/* "raw" token space: the numbers themselves. */
#define RAW_HASH_SEED "llmos-abi-raw-1"

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

uint32_t llm_raw_vocab_hash(void)
{
	return fnv1a(RAW_HASH_SEED);
}

struct walk {
	llm_file_fn fn;
	void *arg;
	char *err;
	size_t errlen;
};

static int skip_dot(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static int walk_path(struct walk *w, const char *path, int depth)
{
	struct dirent **ents;
	struct stat st;
	int i, n, ret = 0;

	if (stat(path, &st))
		return llm_fail(w->err, w->errlen, path, "%s", strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return w->fn(w->arg, path, w->err, w->errlen);
	if (depth > 16)
		return llm_fail(w->err, w->errlen, path,
			    "directories nested too deep");
	n = scandir(path, &ents, skip_dot, alphasort);
	if (n < 0)
		return llm_fail(w->err, w->errlen, path, "%s", strerror(errno));
	for (i = 0; i < n; i++) {
		char sub[4096];

		if (!ret && snprintf(sub, sizeof(sub), "%s/%s", path,
				     ents[i]->d_name) >= (int)sizeof(sub))
			ret = llm_fail(w->err, w->errlen, path, "path too long");
		if (!ret)
			ret = walk_path(w, sub, depth + 1);
		free(ents[i]);
	}
	free(ents);
	return ret;
}

int llm_walk_files(char *const *paths, int npaths, llm_file_fn fn, void *arg,
		   char *err, size_t errlen)
{
	struct walk w = { fn, arg, err, errlen };
	int i, ret = 0;

	for (i = 0; i < npaths && !ret; i++)
		ret = walk_path(&w, paths[i], 0);
	return ret;
}

struct loader {
	llm_plain_fn fn;
	void *arg;
	uint32_t *buf;
	size_t cap;
};

static int load_file(void *arg, const char *path, char *err, size_t errlen)
{
	struct loader *l = arg;
	FILE *fp = fopen(path, "r");
	size_t n = 0;
	long pos = 0;
	int c, ret = 0;

	if (!fp)
		return llm_fail(err, errlen, path, "%s", strerror(errno));
	for (;;) {
		uint64_t v = 0;
		int digits = 0;

		while ((c = getc(fp)) != EOF && isspace(c))
			pos++;
		if (c == EOF)
			break;
		while (c != EOF && isdigit(c)) {
			/* Saturates: anything that large is no syscall. */
			if (v <= UINT32_MAX)
				v = v * 10 + (uint64_t)(c - '0');
			digits++;
			pos++;
			c = getc(fp);
		}
		if (!digits || (c != EOF && !isspace(c))) {
			ret = llm_fail(err, errlen, path,
				   "not a syscall number at byte %ld", pos);
			break;
		}
		if (n == l->cap) {
			size_t ncap = l->cap ? 2 * l->cap : 4096;
			uint32_t *nb = realloc(l->buf, ncap * sizeof(*nb));

			if (!nb) {
				ret = llm_fail(err, errlen, path, "out of memory");
				break;
			}
			l->buf = nb;
			l->cap = ncap;
		}
		l->buf[n++] = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
		pos++;
	}
	fclose(fp);
	if (!ret)
		ret = l->fn(l->arg, path, l->buf, n, err, errlen);
	return ret;
}

int llm_plain_read(char *const *paths, int npaths, llm_plain_fn fn, void *arg,
		   char *err, size_t errlen)
{
	struct loader l = { .fn = fn, .arg = arg };
	int ret = llm_walk_files(paths, npaths, load_file, &l, err, errlen);

	free(l.buf);
	return ret;
}

struct raw {
	struct llm_dataset *d;
	uint32_t vocab;		/* 0: size it to the data */
	uint32_t max;
	uint16_t *tok;
	size_t cap;
};

static int raw_trace(void *arg, const char *name, const uint32_t *nums,
		     size_t n, char *err, size_t errlen)
{
	struct raw *r = arg;
	size_t i;

	if (n > r->cap) {
		uint16_t *nt = realloc(r->tok, n * sizeof(*nt));

		if (!nt)
			return -ENOMEM;
		r->tok = nt;
		r->cap = n;
	}
	for (i = 0; i < n; i++) {
		uint32_t v = nums[i];

		if (r->vocab && v >= r->vocab - 1)
			v = r->vocab - 1;
		if (!r->vocab && v >= 65535) {
			snprintf(err, errlen,
				 "%s: number %u is too large for a raw token",
				 name, v);
			return -EINVAL;
		}
		if (v > r->max)
			r->max = v;
		r->tok[i] = (uint16_t)v;
	}
	if (n > UINT32_MAX || llm_dataset_add(r->d, r->tok, (uint32_t)n, -1,
					      NAN) ||
	    llm_dataset_name(r->d, r->d->n - 1, name)) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -ENOMEM;
	}
	return 0;
}

int llm_plain_load(struct llm_dataset *d, char *const *paths, int npaths,
		   uint32_t vocab_size, char *err, size_t errlen)
{
	struct raw r = { .d = d, .vocab = vocab_size };
	int ret;

	llm_dataset_init(d, vocab_size, llm_raw_vocab_hash());
	ret = llm_plain_read(paths, npaths, raw_trace, &r, err, errlen);
	free(r.tok);
	if (!ret && !d->n) {
		snprintf(err, errlen, "no traces found");
		ret = -EINVAL;
	}
	if (ret) {
		llm_dataset_free(d);
		return ret;
	}
	/* Sized to the data: one more token stands for numbers never seen. */
	if (!vocab_size)
		d->vocab_size = r.max + 2;
	return 0;
}
