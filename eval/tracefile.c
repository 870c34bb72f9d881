// SPDX-License-Identifier: GPL-2.0
/* Readers of the public data sets' trace files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracefile.h"

void trace_free(struct trace *t)
{
	free(t->tok);
	t->tok = NULL;
	t->len = 0;
}

static int trace_push(struct trace *t, size_t *cap, int32_t v)
{
	if (t->len == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		int32_t *p = realloc(t->tok, ncap * sizeof(*p));

		if (!p)
			return -1;
		t->tok = p;
		*cap = ncap;
	}
	t->tok[t->len++] = v;
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

int trace_parse_plain(const char *buf, size_t n, struct trace *t,
		      char *err, size_t errlen)
{
	size_t i = 0, cap = 0;

	t->tok = NULL;
	t->len = 0;
	while (i < n) {
		long v = 0;
		size_t start;

		while (i < n && is_space(buf[i]))
			i++;
		if (i == n)
			break;
		start = i;
		while (i < n && buf[i] >= '0' && buf[i] <= '9') {
			v = v * 10 + (buf[i] - '0');
			if (v > TRACE_MAX_NR)
				break;
			i++;
		}
		if (i == start || (i < n && !is_space(buf[i]))) {
			snprintf(err, errlen,
				 "not a syscall number at byte %zu", start);
			trace_free(t);
			return -1;
		}
		if (trace_push(t, &cap, (int32_t)v)) {
			snprintf(err, errlen, "out of memory");
			trace_free(t);
			return -1;
		}
	}
	return 0;
}

static char *slurp(const char *path, size_t *n, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, len = 0;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;

		if (cap - len < 4096) {
			char *p = realloc(buf, cap ? cap * 2 : 65536);

			if (!p) {
				snprintf(err, errlen, "%s: out of memory",
					 path);
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
			cap = cap ? cap * 2 : 65536;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (!got)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*n = len;
	return buf;
}

int trace_load_plain(const char *path, struct trace *t, char *err,
		     size_t errlen)
{
	char perr[128];
	size_t n;
	char *buf = slurp(path, &n, err, errlen);
	int rc;

	t->tok = NULL;
	t->len = 0;
	if (!buf)
		return -1;
	rc = trace_parse_plain(buf, n, t, perr, sizeof(perr));
	if (rc)
		snprintf(err, errlen, "%s: %s", path, perr);
	free(buf);
	return rc;
}

void unm_free(struct unm_proc *procs, size_t nprocs)
{
	for (size_t i = 0; i < nprocs; i++)
		trace_free(&procs[i].tr);
	free(procs);
}

int unm_load(const char *path, struct unm_proc **procs, size_t *nprocs,
	     char *err, size_t errlen)
{
	struct unm_proc *p = NULL;
	size_t np = 0, pcap = 0, *caps = NULL, n, line = 1;
	char *buf = slurp(path, &n, err, errlen), *s, *end;

	*procs = NULL;
	*nprocs = 0;
	if (!buf)
		return -1;
	s = buf;
	end = buf + n;
	while (s < end) {
		char *eol = memchr(s, '\n', end - s), *q;
		long pid, nr;
		size_t j;

		if (!eol)
			eol = end;
		*eol = '\0';
		errno = 0;
		pid = strtol(s, &q, 10);
		if (q == s) {
			while (*q == ' ' || *q == '\t' || *q == '\r')
				q++;
			if (!*q)
				goto blank;
			snprintf(err, errlen, "%s:%zu: expected \"PID NR\"",
				 path, line);
			goto fail;
		}
		nr = strtol(q, &s, 10);
		if (s == q || errno || nr < 0 || nr > TRACE_MAX_NR) {
			snprintf(err, errlen, "%s:%zu: expected \"PID NR\"",
				 path, line);
			goto fail;
		}
		for (j = 0; j < np && p[j].pid != pid; j++)
			;
		if (j == np) {
			if (np == pcap) {
				size_t nc = pcap ? pcap * 2 : 16;
				struct unm_proc *pp = realloc(p, nc * sizeof(*p));
				size_t *cc = realloc(caps, nc * sizeof(*cc));

				if (pp)
					p = pp;
				if (cc)
					caps = cc;
				if (!pp || !cc)
					goto oom;
				pcap = nc;
			}
			p[np].pid = pid;
			p[np].tr.tok = NULL;
			p[np].tr.len = 0;
			caps[np] = 0;
			np++;
		}
		if (trace_push(&p[j].tr, &caps[j], (int32_t)nr))
			goto oom;
blank:
		s = eol + 1;
		line++;
	}
	free(buf);
	free(caps);
	*procs = p;
	*nprocs = np;
	return 0;
oom:
	snprintf(err, errlen, "%s: out of memory", path);
fail:
	free(buf);
	free(caps);
	unm_free(p, np);
	return -1;
}
