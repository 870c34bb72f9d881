// SPDX-License-Identifier: GPL-2.0
/* Writing and reading the scheduling state file (state_file.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy.h"
#include "sched_class.h"
#include "state_file.h"

struct sched_state_writer {
	FILE *f;
	char *path, *tmp;
};

static void mkdirs(const char *path)
{
	char buf[4096];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	p = strrchr(buf, '/');
	if (!p || p == buf)
		return;
	*p = '\0';
	for (p = buf + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
	}
	mkdir(buf, 0755);
}

struct sched_state_writer *sched_state_begin(const char *path,
					     uint64_t time_ns, bool device,
					     int nice_min, int nice_max)
{
	struct sched_state_writer *w = calloc(1, sizeof(*w));
	size_t l = strlen(path) + 8;
	int fd;

	if (!w)
		return NULL;
	w->path = strdup(path);
	w->tmp = malloc(l);
	if (!w->path || !w->tmp)
		goto fail;
	snprintf(w->tmp, l, "%s.tmp", path);
	fd = open(w->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 && errno == ENOENT) {
		mkdirs(path);
		fd = open(w->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			  0644);
	}
	if (fd < 0)
		goto fail;
	w->f = fdopen(fd, "w");
	if (!w->f) {
		close(fd);
		goto fail;
	}
	fprintf(w->f, "%s\ntime_ns\t%" PRIu64 "\ndevice\t%d\nnice_bounds\t%d\t%d\n",
		SCHED_STATE_MAGIC, time_ns, device ? 1 : 0, nice_min,
		nice_max);
	return w;
fail:
	free(w->path);
	free(w->tmp);
	free(w);
	return NULL;
}

static void put_clean(FILE *f, const char *s, size_t max)
{
	size_t i;

	if (!*s) {
		fputc('-', f);
		return;
	}
	for (i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		fputc(c < 0x21 || c > 0x7e ? '?' : c, f);
	}
}

void sched_state_row(struct sched_state_writer *w,
		     const struct sched_state_row *r)
{
	char io[16];

	fprintf(w->f, "proc\t%u\t%" PRIu64 "\t", r->pid, r->start_time);
	put_clean(w->f, r->comm, sizeof(r->comm));
	fprintf(w->f, "\t%s\t%u\t", sched_class_name(r->cls), r->conf);
	if (r->hinted)
		fprintf(w->f, "%d\t%s", r->nice,
			sched_ioprio_str(r->ioprio, io, sizeof(io)));
	else
		fputs("-\t-", w->f);
	fprintf(w->f, "\t%s\t%.3f\t%.1f\t", r->state[0] ? r->state : "-",
		r->cpu, r->wakeups_s);
	if (isnan(r->anomaly))
		fputc('-', w->f);
	else
		fprintf(w->f, "%.3f", r->anomaly);
	fputc('\t', w->f);
	put_clean(w->f, r->exe ? r->exe : "", 4096);
	fputc('\n', w->f);
}

int sched_state_commit(struct sched_state_writer *w)
{
	int ret = 0;

	if (fflush(w->f) || ferror(w->f))
		ret = -1;
	if (fclose(w->f))
		ret = -1;
	if (!ret && rename(w->tmp, w->path))
		ret = -1;
	if (ret)
		unlink(w->tmp);
	free(w->path);
	free(w->tmp);
	free(w);
	return ret;
}

void sched_state_free(struct sched_state *st)
{
	free(st->rows);
	memset(st, 0, sizeof(*st));
}

static int parse_ioprio(const char *s)
{
	if (!strcmp(s, "idle"))
		return 3 << 13;
	if (!strncmp(s, "be/", 3))
		return (2 << 13) | atoi(s + 3);
	if (!strcmp(s, "none"))
		return 0;
	return -1;
}

/* Splits line at tabs into at most max fields. */
static int fields(char *line, char **f, int max)
{
	int n = 0;

	line[strcspn(line, "\n")] = '\0';
	while (n < max) {
		f[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

int sched_state_read(const char *path, struct sched_state *st, char *err,
		     size_t errlen)
{
	FILE *f = fopen(path, "re");
	char line[8192], *fl[13];
	size_t cap = 0;
	unsigned int lineno = 0;

	memset(st, 0, sizeof(*st));
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		int n;

		lineno++;
		if (lineno == 1) {
			if (strncmp(line, SCHED_STATE_MAGIC,
				    strlen(SCHED_STATE_MAGIC)))
				goto bad;
			continue;
		}
		n = fields(line, fl, 13);
		if (!strcmp(fl[0], "time_ns") && n == 2) {
			st->time_ns = strtoull(fl[1], NULL, 10);
		} else if (!strcmp(fl[0], "device") && n == 2) {
			st->device = atoi(fl[1]);
		} else if (!strcmp(fl[0], "nice_bounds") && n == 3) {
			st->nice_min = atoi(fl[1]);
			st->nice_max = atoi(fl[2]);
		} else if (!strcmp(fl[0], "proc") && n == 13) {
			struct sched_state_row *r;

			if (st->n == cap) {
				size_t ncap = cap ? cap * 2 : 64;
				struct sched_state_row *nr =
					realloc(st->rows, ncap * sizeof(*nr));

				if (!nr)
					goto bad;
				st->rows = nr;
				cap = ncap;
			}
			r = &st->rows[st->n++];
			memset(r, 0, sizeof(*r));
			r->pid = (uint32_t)strtoul(fl[1], NULL, 10);
			r->start_time = strtoull(fl[2], NULL, 10);
			snprintf(r->comm, sizeof(r->comm), "%s", fl[3]);
			r->cls = sched_class_parse(fl[4]);
			r->conf = (unsigned int)atoi(fl[5]);
			r->hinted = strcmp(fl[6], "-") != 0;
			r->nice = atoi(fl[6]);
			r->ioprio = parse_ioprio(fl[7]);
			snprintf(r->state, sizeof(r->state), "%s", fl[8]);
			r->cpu = atof(fl[9]);
			r->wakeups_s = atof(fl[10]);
			r->anomaly = strcmp(fl[11], "-") ? (float)atof(fl[11])
							 : NAN;
			snprintf(r->exe_buf, sizeof(r->exe_buf), "%s", fl[12]);
		} else {
			goto bad;
		}
	}
	fclose(f);
	if (lineno == 0) {
		snprintf(err, errlen, "%s: empty", path);
		sched_state_free(st);
		return -1;
	}
	return 0;
bad:
	fclose(f);
	snprintf(err, errlen, "%s:%u: not a scheduling state line", path,
		 lineno);
	sched_state_free(st);
	return -1;
}
