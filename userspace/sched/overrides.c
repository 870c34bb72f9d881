// SPDX-License-Identifier: GPL-2.0
/* The override file's parser and matcher (overrides.h). */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overrides.h"
#include "sched_class.h"

#define MAX_WORDS 4

static void free_rules(struct sched_rule *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(r[i].pattern);
	free(r);
}

void sched_overrides_free(struct sched_overrides *o)
{
	free_rules(o->rules, o->n);
	o->rules = NULL;
	o->n = 0;
}

/* Splits line (NUL-terminated, modified) at blanks; -1 if too many. */
static int split(char *line, char **w)
{
	int n = 0;
	char *s = line;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			return n;
		if (n == MAX_WORDS)
			return -1;
		w[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
	}
}

static const char *parse_line(char *line, unsigned int lineno,
			      struct sched_rule *r)
{
	char *w[MAX_WORDS];
	int n = split(line, w);
	const char *p;

	if (n < 0)
		return "too many words";
	if (n == 0)
		return NULL;
	memset(r, 0, sizeof(*r));
	r->line = lineno;
	r->cls = SCHED_CLASS_NONE;
	if (!strcmp(w[0], "exe"))
		r->kind = SCHED_RULE_EXE;
	else if (!strcmp(w[0], "cgroup"))
		r->kind = SCHED_RULE_CGROUP;
	else
		return "expected \"exe\" or \"cgroup\"";
	if (n < 3)
		return "expected: exe|cgroup PATH exempt|pin CLASS";
	if (w[1][0] != '/')
		return "the path must be absolute";
	for (p = w[1]; *p; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
			return "the path has a control or non-ASCII byte";
	if (!strcmp(w[2], "exempt")) {
		if (n != 3)
			return "nothing may follow \"exempt\"";
		r->action = SCHED_RULE_EXEMPT;
	} else if (!strcmp(w[2], "pin")) {
		if (n != 4)
			return "expected: pin interactive|batch|io|background";
		r->cls = sched_class_parse(w[3]);
		if (r->cls == SCHED_CLASS_NONE)
			return "unknown class (interactive, batch, io, background)";
		r->action = SCHED_RULE_PIN;
	} else {
		return "expected \"exempt\" or \"pin CLASS\"";
	}
	r->pattern = strdup(w[1]);
	return r->pattern ? NULL : "out of memory";
}

int sched_overrides_parse(const char *text, size_t len, const char *name,
			  struct sched_overrides *out, char *err,
			  size_t errlen)
{
	struct sched_rule *rules = NULL;
	size_t n = 0, pos = 0;
	unsigned int lineno = 0;
	char line[SCHED_OVERRIDES_LINE + 1];
	const char *bad = NULL;

	while (pos < len && !bad) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (text + pos)) : len - pos;
		struct sched_rule r;

		lineno++;
		if (l > SCHED_OVERRIDES_LINE) {
			bad = "line too long";
			break;
		}
		memcpy(line, text + pos, l);
		line[l] = '\0';
		pos += l + 1;
		if (memchr(line, '\0', l)) {
			bad = "NUL byte";
			break;
		}
		if (l && line[l - 1] == '\r')
			line[l - 1] = '\0';
		r.pattern = NULL;
		bad = parse_line(line, lineno, &r);
		if (bad || !r.pattern)
			continue;
		if (n == SCHED_OVERRIDES_MAX) {
			free(r.pattern);
			bad = "too many rules";
			break;
		}
		if (!(n & (n + 1)) || !rules) {
			struct sched_rule *nr = realloc(rules,
					(2 * n + 2) * sizeof(*nr));

			if (!nr) {
				free(r.pattern);
				bad = "out of memory";
				break;
			}
			rules = nr;
		}
		rules[n++] = r;
	}
	if (bad) {
		snprintf(err, errlen, "%s:%u: %s", name, lineno, bad);
		free_rules(rules, n);
		return -EINVAL;
	}
	out->rules = rules;
	out->n = n;
	return 0;
}

int sched_overrides_load(const char *path, struct sched_overrides *out,
			 char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int ret;

	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return ret;
	}
	for (;;) {
		size_t got;

		if (len == cap) {
			char *nb;

			/* Rules times the longest line is plenty. */
			if (cap >= (size_t)SCHED_OVERRIDES_MAX *
				   (SCHED_OVERRIDES_LINE + 1) * 4) {
				snprintf(err, errlen, "%s: file too large",
					 path);
				ret = -EFBIG;
				goto out;
			}
			nb = realloc(buf, cap ? cap * 2 : 4096);
			if (!nb) {
				snprintf(err, errlen, "%s: out of memory",
					 path);
				ret = -ENOMEM;
				goto out;
			}
			buf = nb;
			cap = cap ? cap * 2 : 4096;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		ret = -EIO;
		goto out;
	}
	ret = sched_overrides_parse(buf, len, path, out, err, errlen);
out:
	free(buf);
	fclose(f);
	return ret;
}

static bool cgroup_under(const char *rule, const char *cg)
{
	size_t l = strlen(rule);

	while (l > 1 && rule[l - 1] == '/')
		l--;
	if (l == 1)
		return true;	/* "/" is every cgroup */
	return !strncmp(rule, cg, l) && (cg[l] == '\0' || cg[l] == '/');
}

const struct sched_rule *sched_overrides_match(const struct sched_overrides *o,
					       const char *exe,
					       const char *cgroup)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		const struct sched_rule *r = &o->rules[i];

		if (r->kind == SCHED_RULE_EXE) {
			if (exe && *exe && !fnmatch(r->pattern, exe,
						    FNM_PATHNAME))
				return r;
		} else if (cgroup && *cgroup &&
			   cgroup_under(r->pattern, cgroup)) {
			return r;
		}
	}
	return NULL;
}
