// SPDX-License-Identifier: GPL-2.0
/*
 * A workload for the probe tests whose syscalls are known. Prints its pid,
 * then by mode:
 *   syscall-seq            the marker sequence (seq[] below) three times, an
 *                          i386 getpid through int 0x80, a fork whose child
 *                          exits 7, then exits 0
 *   syscall-seq loop N     N getppid calls
 *   syscall-seq spin MS    burns CPU for MS milliseconds, no syscalls
 *   syscall-seq nap MS N   sleeps MS milliseconds N times
 *   syscall-seq threads T N
 *                          T threads, each calling getppid N times and
 *                          sched_yield every 100 (to move between CPUs)
 *   syscall-seq move PROCS N
 *                          N getppid calls, then moves itself to another
 *                          cgroup (writes its pid to PROCS, a cgroup.procs
 *                          file), then N umask calls
 *   syscall-seq wide       the marker sequence three times through the
 *                          syscall instruction with bit 32 of rax set, which
 *                          the kernel ignores (it takes eax, sign-extended)
 *   syscall-seq neg        getppid, syscall(-1), getppid, three times
 *   syscall-seq i386bit    three times: an int 0x80 call of the i386 getpid
 *                          with bit 30 set (no call: ENOSYS), then getpid
 *   syscall-seq rename NAME N
 *                          renames itself NAME (prctl), then N getppid calls
 *   syscall-seq race T     T threads calling getppid without end; the main
 *                          thread exits the group after 20 ms
 *   syscall-seq fds N      dups a descriptor N times, then exits 0: its
 *                          exit closes them after the exit tracepoint
 *   syscall-seq slowexit N N children, one after the other, each of two
 *                          threads on one CPU: the second exits first and
 *                          is slow to reach the exit tracepoint (a robust
 *                          futex list of 2048 locks to release), waking the
 *                          main thread at its first lock, which exits the
 *                          group before the second thread is done
 *   syscall-seq pingpong N N round trips of a byte with a child over two
 *                          pipes: each read blocks, so every call is a
 *                          record of its own, small and many
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Numbers the VM cases expect, x86_64 table: rarely called together. */
static const long seq[] = {
	SYS_getppid, SYS_umask, SYS_getuid, SYS_getgid, SYS_geteuid,
	SYS_getegid, SYS_getpgrp, SYS_umask,
};

#define I386_GETPID 20

static void marker(void)
{
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
			if (seq[i] == SYS_umask)
				syscall(seq[i], 022);
			else
				syscall(seq[i]);
		}
	}
}

/* A compat syscall from a 64-bit process: the probes must tag it i386. */
static long i386_getpid(void)
{
	long ret = I386_GETPID;

	__asm__ volatile("int $0x80" : "+a"(ret) : : "memory");
	return ret;
}

/* nr through the syscall instruction, as it is, upper bits included. */
static long raw_syscall1(unsigned long nr, long a1)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1)
			 : "rcx", "r11", "memory");
	return ret;
}

static int run_wide(void)
{
	long ppid = -1;

	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
			long ret = raw_syscall1(seq[i] | 1ul << 32, 022);

			if (seq[i] == SYS_getppid)
				ppid = ret;
		}
	}
	/* The kernel ran the call of the low 32 bits. */
	return ppid == getppid() ? 0 : 1;
}

static long i386_call(long nr)
{
	__asm__ volatile("int $0x80" : "+a"(nr) : : "memory");
	return nr;
}

static int run_i386bit(void)
{
	long pid = getpid();

	for (int round = 0; round < 3; round++) {
		/* The i386 table knows no x32 bit: not a syscall. */
		if (i386_call(0x40000000 | I386_GETPID) != -ENOSYS)
			return 1;
		if (i386_call(I386_GETPID) != pid)
			return 1;
	}
	return 0;
}

static int run_rename(const char *name, long n)
{
	if (prctl(PR_SET_NAME, name))
		return 1;
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return 0;
}

static int run_neg(void)
{
	for (int round = 0; round < 3; round++) {
		syscall(SYS_getppid);
		syscall(-1L);
		syscall(SYS_getppid);
	}
	return 0;
}

static void *thread_forever(void *arg)
{
	(void)arg;
	for (;;)
		syscall(SYS_getppid);
	return NULL;
}

static int run_race(int nthreads)
{
	pthread_t t;

	for (int i = 0; i < nthreads; i++)
		if (pthread_create(&t, NULL, thread_forever, NULL))
			return 1;
	usleep(20000);
	exit(0);
}

static int run_pingpong(long n)
{
	int there[2], back[2], status;
	char c = 0;
	pid_t child;

	if (pipe(there) || pipe(back))
		return 1;
	child = fork();
	if (child < 0)
		return 1;
	if (!child) {
		close(there[1]);
		close(back[0]);
		while (read(there[0], &c, 1) == 1 && write(back[1], &c, 1) == 1)
			;
		_exit(0);
	}
	close(there[0]);
	close(back[1]);
	for (long i = 0; i < n; i++)
		if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
			return 1;
	close(there[1]);
	return waitpid(child, &status, 0) == child && WIFEXITED(status) &&
	       !WEXITSTATUS(status) ? 0 : 1;
}

static int run_fds(long n)
{
	struct rlimit rl = { n + 64, n + 64 };
	int fd = open("/dev/null", O_RDONLY);

	if (fd < 0 || setrlimit(RLIMIT_NOFILE, &rl))
		return 1;
	for (long i = 0; i < n; i++)
		if (dup(fd) < 0)
			return 1;
	return 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ROBUST_LIST_LIMIT: the kernel releases no more locks of a thread. */
#define SLOW_LOCKS 2048

struct robust_lock {
	struct robust_list node;
	uint32_t futex;
};

static struct robust_list_head slow_head;
static struct robust_lock slow_locks[SLOW_LOCKS];
static uint32_t slow_tid;

/*
 * Holds SLOW_LOCKS robust locks, which the kernel releases in exit_mm(),
 * after this thread left signal->live and before its exit tracepoint.
 */
static void *slow_thread(void *arg)
{
	uint32_t tid = syscall(SYS_gettid);
	long end;

	(void)arg;
	for (int i = 0; i < SLOW_LOCKS; i++) {
		slow_locks[i].futex = tid;
		slow_locks[i].node.next = i + 1 < SLOW_LOCKS ?
			&slow_locks[i + 1].node : &slow_head.list;
	}
	slow_head.list.next = &slow_locks[0].node;
	slow_head.futex_offset = offsetof(struct robust_lock, futex);
	slow_head.list_op_pending = NULL;
	if (syscall(SYS_set_robust_list, &slow_head, sizeof(slow_head)))
		_exit(1);
	__atomic_store_n(&slow_tid, tid, __ATOMIC_SEQ_CST);
	while (!(__atomic_load_n(&slow_locks[0].futex, __ATOMIC_SEQ_CST) &
		 FUTEX_WAITERS))
		sched_yield();
	/*
	 * Run a while: the main thread is asleep on the first lock by then,
	 * and far enough behind in CPU time that its wakeup preempts us.
	 */
	end = now_ms() + 20;
	while (now_ms() < end)
		;
	syscall(SYS_exit, 0);
	return NULL;
}

static void slow_child(void)
{
	cpu_set_t one;
	uint32_t tid, w;
	pthread_t t;

	CPU_ZERO(&one);
	CPU_SET(0, &one);
	if (sched_setaffinity(0, sizeof(one), &one) ||
	    pthread_create(&t, NULL, slow_thread, NULL))
		_exit(1);
	while (!(tid = __atomic_load_n(&slow_tid, __ATOMIC_SEQ_CST)))
		sched_yield();
	w = tid;
	if (!__atomic_compare_exchange_n(&slow_locks[0].futex, &w,
					 tid | FUTEX_WAITERS, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		_exit(1);
	/* Not FUTEX_PRIVATE_FLAG: the kernel wakes robust waiters shared. */
	while (!(__atomic_load_n(&slow_locks[0].futex, __ATOMIC_SEQ_CST) &
		 FUTEX_OWNER_DIED))
		syscall(SYS_futex, &slow_locks[0].futex, FUTEX_WAIT,
			tid | FUTEX_WAITERS, NULL, NULL, 0);
	_exit(0);
}

static int run_slowexit(long n)
{
	for (long i = 0; i < n; i++) {
		pid_t child = fork();
		int status;

		if (child < 0)
			return 1;
		if (child == 0)
			slow_child();
		if (waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			return 1;
	}
	return 0;
}

static int run_marker(void)
{
	pid_t child;
	int status;

	marker();
	if (i386_getpid() != getpid())
		return 1;
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0)
		_exit(7);
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 7)
		return 1;
	return 0;
}

static void *thread_loop(void *arg)
{
	long n = (long)arg;

	for (long i = 1; i <= n; i++) {
		syscall(SYS_getppid);
		if (i % 100 == 0)
			sched_yield();
	}
	return NULL;
}

static int run_threads(int nthreads, long n)
{
	pthread_t threads[64];

	if (nthreads < 1 || nthreads > 64)
		return 2;
	for (int i = 0; i < nthreads; i++)
		if (pthread_create(&threads[i], NULL, thread_loop, (void *)n))
			return 1;
	for (int i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	return 0;
}

static int run_move(const char *procs, long n)
{
	FILE *f;

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	f = fopen(procs, "w");
	if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f)) {
		perror(procs);
		return 1;
	}
	for (long i = 0; i < n; i++)
		syscall(SYS_umask, 022);
	return 0;
}

int main(int argc, char **argv)
{
	printf("pid %d\n", getpid());
	fflush(stdout);

	if (argc == 1)
		return run_marker();
	if (argc == 2 && !strcmp(argv[1], "wide"))
		return run_wide();
	if (argc == 2 && !strcmp(argv[1], "i386bit"))
		return run_i386bit();
	if (argc == 4 && !strcmp(argv[1], "rename"))
		return run_rename(argv[2], atol(argv[3]));
	if (argc == 2 && !strcmp(argv[1], "neg"))
		return run_neg();
	if (argc == 3 && !strcmp(argv[1], "race"))
		return run_race(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "fds"))
		return run_fds(atol(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "slowexit"))
		return run_slowexit(atol(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "pingpong"))
		return run_pingpong(atol(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "loop")) {
		for (long n = atol(argv[2]); n > 0; n--)
			syscall(SYS_getppid);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "spin")) {
		/* The vDSO clock makes no syscall. */
		long end = now_ms() + atol(argv[2]);

		while (now_ms() < end)
			;
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "nap")) {
		for (long n = atol(argv[3]); n > 0; n--)
			usleep(atol(argv[2]) * 1000);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "threads"))
		return run_threads(atoi(argv[2]), atol(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "move"))
		return run_move(argv[2], atol(argv[3]));
	fprintf(stderr,
		"usage: syscall-seq [loop N | spin MS | nap MS N | threads T N |\n"
		"       move PROCS N | wide | neg | i386bit | rename NAME N |\n"
		"       race T | fds N | slowexit N | pingpong N]\n");
	return 2;
}
