/* SPDX-License-Identifier: GPL-2.0 */
/* What every attack program shares: the line the evaluator matches. */
#ifndef LLMOS_ATTACK_COMMON_H
#define LLMOS_ATTACK_COMMON_H

#include <netinet/in.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Prints "attack NAME pid PID" and flushes, so that it precedes any fork. */
void attack_announce(const char *name, pid_t pid);
/* Prints "NAME: WHAT: strerror(errno)" and exits 1. */
noreturn void attack_die(const char *what);
/* A TCP listener on an ephemeral 127.0.0.1 port; *addr gets its address. */
int attack_listen(struct sockaddr_in *addr);
/* Connects to addr; dies on failure. */
int attack_connect(const struct sockaddr_in *addr);
/* Writes all of buf or dies. */
void attack_write_all(int fd, const void *buf, size_t len);

#endif
