// SPDX-License-Identifier: GPL-2.0
/* The generated syscall table: one token per call, whatever the ABI. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall_table.h"

static void expect_same(unsigned int nr32, unsigned int nr64, const char *name)
{
	uint16_t t32 = syscall_token(LLMOS_ABI_I386, nr32);
	uint16_t t64 = syscall_token(LLMOS_ABI_X86_64, nr64);

	assert_int_not_equal(t64, LLMOS_TOKEN_UNK);
	assert_int_equal(t32, t64);
	assert_string_equal(syscall_token_name(t64), name);
	assert_int_equal(syscall_token_lookup(name), t64);
}

static void test_same_name_same_token(void **state)
{
	(void)state;
	expect_same(5, 2, "open");
	expect_same(4, 1, "write");
	expect_same(3, 0, "read");
	expect_same(6, 3, "close");
	expect_same(11, 59, "execve");
	expect_same(1, 60, "exit");
	expect_same(252, 231, "exit_group");
	expect_same(120, 56, "clone");
	assert_string_equal(syscall_name(LLMOS_ABI_I386, 5), "open");
	assert_string_equal(syscall_name(LLMOS_ABI_X86_64, 2), "open");
}

static void test_wide_variants_merge(void **state)
{
	(void)state;
	/* Same call with wider arguments: one token (see llmosd.md). */
	expect_same(140, 8, "lseek");		/* _llseek */
	expect_same(192, 9, "mmap");		/* mmap2 */
	expect_same(195, 4, "stat");		/* stat64 */
	expect_same(197, 5, "fstat");		/* fstat64 */
	expect_same(221, 72, "fcntl");		/* fcntl64 */
	expect_same(213, 105, "setuid");	/* setuid32 */
	expect_same(300, 262, "newfstatat");	/* fstatat64 */
	expect_same(403, 228, "clock_gettime");	/* clock_gettime64 */
	expect_same(422, 202, "futex");		/* futex_time64 */
	expect_same(191, 97, "getrlimit");	/* ugetrlimit */
	/* The kernel's own name is kept for display. */
	assert_string_equal(syscall_name(LLMOS_ABI_I386, 140), "_llseek");
	assert_string_equal(syscall_name(LLMOS_ABI_I386, 192), "mmap2");
}

static void test_i386_only_and_special(void **state)
{
	uint16_t t;

	(void)state;
	/* Multiplexers without an x86_64 twin keep their own token. */
	t = syscall_token(LLMOS_ABI_I386, 102);
	assert_string_equal(syscall_token_name(t), "socketcall");
	t = syscall_token(LLMOS_ABI_I386, 117);
	assert_string_equal(syscall_token_name(t), "ipc");
	/* getdents64 exists on both: not merged into getdents. */
	assert_int_not_equal(syscall_token(LLMOS_ABI_X86_64, 217),
			     syscall_token(LLMOS_ABI_X86_64, 78));
	expect_same(220, 217, "getdents64");
	/* x32 shares names with x86_64. */
	assert_int_equal(syscall_token(LLMOS_ABI_X32, 512),
			 syscall_token(LLMOS_ABI_X86_64, 13));
	assert_int_equal(syscall_token(LLMOS_ABI_X32, 0),
			 syscall_token(LLMOS_ABI_X86_64, 0));
	/* Holes, out-of-range numbers and ABIs map to <unk>. */
	assert_int_equal(syscall_token(LLMOS_ABI_X86_64, 400), LLMOS_TOKEN_UNK);
	assert_int_equal(syscall_token(LLMOS_ABI_X86_64, 60000), LLMOS_TOKEN_UNK);
	assert_int_equal(syscall_token(LLMOS_ABI_X32, 13), LLMOS_TOKEN_UNK);
	assert_int_equal(syscall_token(LLMOS_ABI_MAX, 1), LLMOS_TOKEN_UNK);
	assert_null(syscall_name(LLMOS_ABI_X86_64, 60000));
	assert_string_equal(syscall_token_name(LLMOS_TOKEN_UNK), "<unk>");
	assert_string_equal(syscall_token_name(LLMOS_TOKEN_START), "<start>");
	assert_string_equal(syscall_token_name(LLMOS_TOKEN_EXEC), "<exec>");
	assert_string_equal(syscall_token_name(LLMOS_TOKEN_EXIT), "<exit>");
	assert_null(syscall_token_name(LLMOS_NR_TOKENS));
}

static void test_tokens_unique(void **state)
{
	(void)state;
	for (int i = 0; i < LLMOS_NR_TOKENS; i++) {
		assert_non_null(llmos_token_names[i]);
		assert_int_equal(syscall_token_lookup(llmos_token_names[i]), i);
	}
}

/* The vocabulary file and the hash compiled in agree (sha256sum). */
static void test_vocab_hash(void **state)
{
	char cmd[256], line[128];
	unsigned int hash;
	FILE *f;

	(void)state;
	snprintf(cmd, sizeof(cmd), "sha256sum %s/gen/syscall_vocab.txt",
		 getenv("BUILD") ? getenv("BUILD") : "build");
	f = popen(cmd, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	pclose(f);
	assert_int_equal(sscanf(line, "%8x", &hash), 1);
	assert_int_equal(hash, LLMOS_VOCAB_HASH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_name_same_token),
		cmocka_unit_test(test_wide_variants_merge),
		cmocka_unit_test(test_i386_only_and_special),
		cmocka_unit_test(test_tokens_unique),
		cmocka_unit_test(test_vocab_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
