// SPDX-License-Identifier: GPL-2.0
/* ADFA-LD importer. */
#include "import_adfa.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "trace_writer.h"

/* Synthetic clock and pids: nothing in the data set says when or who. */
#define FIRST_PID 1000
#define T0_NS 1000000000ull
#define SYSCALL_NS 1000ull
#define GAP_NS 1000000ull

struct file_list {
	char **paths;		/* relative to the data set's root */
	size_t n, cap;
};

static int list_add(struct file_list *l, const char *path)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 1024;
		char **p = realloc(l->paths, cap * sizeof(*p));

		if (!p)
			return -1;
		l->paths = p;
		l->cap = cap;
	}
	l->paths[l->n] = strdup(path);
	return l->paths[l->n++] ? 0 : -1;
}

static void list_free(struct file_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Collect *.txt below root/rel, recursively. */
static int walk(const char *root, const char *rel, struct file_list *l,
		char *err, size_t errlen)
{
	char path[4096], sub[4096];
	struct dirent *de;
	DIR *d;
	int ret = 0;

	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	d = opendir(path);
	if (!d) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (!ret && (de = readdir(d))) {
		struct stat st;
		char full[8192];

		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		snprintf(full, sizeof(full), "%s/%s", root, sub);
		if (stat(full, &st)) {
			snprintf(err, errlen, "%s: %s", full, strerror(errno));
			ret = -1;
		} else if (S_ISDIR(st.st_mode)) {
			ret = walk(root, sub, l, err, errlen);
		} else if (S_ISREG(st.st_mode) && ends_with(sub, ".txt") &&
			   list_add(l, sub)) {
			snprintf(err, errlen, "out of memory");
			ret = -1;
		}
	}
	closedir(d);
	return ret;
}

static int cmp_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_component(const char *path, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = path; (p = strstr(p, name)); p += n)
		if ((p == path || p[-1] == '/') && p[n] == '/')
			return true;
	return false;
}

/* Attack type: the folder after Attack_Data_Master, without "_N". */
static void count_attack(struct adfa_counts *c, const char *path)
{
	const char *p = strstr(path, "Attack_Data_Master/");
	char type[32];
	size_t n;

	if (!p)
		return;
	p += strlen("Attack_Data_Master/");
	n = strcspn(p, "/");
	if (!p[n])
		return;		/* a file directly in the attack folder */
	snprintf(type, sizeof(type), "%.*s", (int)n, p);
	if (strrchr(type, '_'))
		*strrchr(type, '_') = 0;
	for (unsigned int i = 0; i < c->n_types; i++) {
		if (!strcmp(c->types[i].name, type)) {
			c->types[i].traces++;
			return;
		}
	}
	if (c->n_types < ADFA_MAX_ATTACK_TYPES) {
		snprintf(c->types[c->n_types].name, sizeof(c->types[0].name),
			 "%s", type);
		c->types[c->n_types++].traces = 1;
	}
}

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			char *b = realloc(buf, cap ? 2 * cap : 65536);

			if (!b) {
				snprintf(err, errlen, "out of memory");
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = b;
			cap = cap ? 2 * cap : 65536;
		}
		got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

struct importer {
	struct trace_writer *w;
	struct llmos_event ev;
	uint64_t now;
	uint32_t pid;
};

static int emit(struct importer *im, uint16_t type)
{
	im->ev.type = type;
	im->ev.time_ns = im->now;
	return trace_writer_event(im->w, &im->ev);
}

/* One file: fork, exec, syscall batches, exit. */
static int import_one(struct importer *im, const char *root, const char *rel,
		      struct adfa_counts *c, char *err, size_t errlen)
{
	struct llmos_event *ev = &im->ev;
	char full[8192];
	const char *base;
	size_t len, i = 0;
	char *buf;
	int ret = 0;

	snprintf(full, sizeof(full), "%s/%s", root, rel);
	buf = read_file(full, &len, err, errlen);
	if (!buf)
		return -1;

	memset(ev, 0, sizeof(*ev));
	ev->tgid = im->pid;
	ev->tid = im->pid;
	ev->ppid = 1;
	ev->start_time = im->now;
	base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	snprintf(ev->comm, sizeof(ev->comm), "%.*s",
		 (int)(strlen(base) - strlen(".txt")), base);
	ev->fork.parent_tgid = 1;
	ret |= emit(im, LLMOS_EV_FORK);
	memset(&ev->exec, 0, sizeof(ev->exec));
	snprintf(ev->exec.filename, sizeof(ev->exec.filename), "%s", rel);
	im->now += SYSCALL_NS;
	ret |= emit(im, LLMOS_EV_EXEC);

	memset(&ev->sys, 0, sizeof(ev->sys));
	ev->sys.abi = LLMOS_ABI_I386;
	while (!ret) {
		unsigned long nr = 0;
		size_t start;

		while (i < len && (buf[i] == ' ' || buf[i] == '\n' ||
				   buf[i] == '\r' || buf[i] == '\t'))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && buf[i] >= '0' && buf[i] <= '9' && nr <= UINT16_MAX)
			nr = nr * 10 + (unsigned long)(buf[i++] - '0');
		if (i == start || nr > UINT16_MAX ||
		    (i < len && buf[i] != ' ' && buf[i] != '\n' &&
		     buf[i] != '\r' && buf[i] != '\t')) {
			snprintf(err, errlen, "%s: offset %zu: not a syscall number",
				 full, start);
			free(buf);
			return -1;
		}
		ev->sys.ids[ev->sys.count++] = (uint16_t)nr;
		c->syscalls++;
		im->now += SYSCALL_NS;
		if (ev->sys.count == LLMOS_SYSCALL_BATCH_MAX) {
			ret |= emit(im, LLMOS_EV_SYSCALLS);
			ev->sys.count = 0;
		}
	}
	free(buf);
	if (ev->sys.count)
		ret |= emit(im, LLMOS_EV_SYSCALLS);
	memset(&ev->exit, 0, sizeof(ev->exit));
	ret |= emit(im, LLMOS_EV_EXIT);
	if (ret) {
		snprintf(err, errlen, "writing the trace failed");
		return -1;
	}
	im->now += GAP_NS;
	im->pid++;

	if (has_component(rel, "Training_Data_Master")) {
		c->training++;
	} else if (has_component(rel, "Validation_Data_Master")) {
		c->validation++;
	} else if (has_component(rel, "Attack_Data_Master")) {
		c->attack++;
		count_attack(c, rel);
	} else {
		c->other++;
	}
	return 0;
}

int adfa_import(const char *dir, const char *out, struct adfa_counts *c,
		char *err, size_t errlen)
{
	struct file_list files = { 0 };
	struct importer im = { .now = T0_NS, .pid = FIRST_PID };
	int ret = -1, wret;

	memset(c, 0, sizeof(*c));
	if (walk(dir, "", &files, err, errlen))
		goto out;
	if (!files.n) {
		snprintf(err, errlen, "%s: no *.txt trace files", dir);
		goto out;
	}
	/* Sorted, so that the same data set always gives the same trace. */
	qsort(files.paths, files.n, sizeof(*files.paths), cmp_paths);
	im.w = trace_writer_open(out, 0, 0, err, errlen);
	if (!im.w)
		goto out;
	ret = 0;
	for (size_t i = 0; i < files.n && !ret; i++)
		ret = import_one(&im, dir, files.paths[i], c, err, errlen);
	wret = trace_writer_close(im.w);
	if (!ret && wret) {
		snprintf(err, errlen, "%s: %s", out, strerror(-wret));
		ret = -1;
	}
out:
	list_free(&files);
	return ret;
}
