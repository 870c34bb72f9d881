// SPDX-License-Identifier: GPL-2.0
/* Lookups over the generated syscall token table. */
#include "syscall_table.h"

#include <stddef.h>
#include <string.h>

static const char *const abi_names[LLMOS_ABI_MAX] = {
	[LLMOS_ABI_X86_64] = "x86_64",
	[LLMOS_ABI_I386] = "i386",
	[LLMOS_ABI_X32] = "x32",
};

const char *syscall_name(unsigned int abi, unsigned int nr)
{
	switch (abi) {
	case LLMOS_ABI_X86_64:
		return nr < LLMOS_NR_SYSCALLS_X86_64 ? llmos_names_x86_64[nr] : NULL;
	case LLMOS_ABI_I386:
		return nr < LLMOS_NR_SYSCALLS_I386 ? llmos_names_i386[nr] : NULL;
	case LLMOS_ABI_X32:
		return nr < LLMOS_NR_SYSCALLS_X32 ? llmos_names_x32[nr] : NULL;
	}
	return NULL;
}

const char *syscall_abi_name(unsigned int abi)
{
	return abi < LLMOS_ABI_MAX ? abi_names[abi] : NULL;
}

int syscall_abi_parse(const char *name)
{
	for (int i = 0; i < LLMOS_ABI_MAX; i++)
		if (!strcmp(name, abi_names[i]))
			return i;
	return -1;
}

const char *syscall_token_name(unsigned int token)
{
	return token < LLMOS_NR_TOKENS ? llmos_token_names[token] : NULL;
}

int syscall_token_lookup(const char *name)
{
	for (int i = 0; i < LLMOS_NR_TOKENS; i++)
		if (!strcmp(name, llmos_token_names[i]))
			return i;
	return -1;
}
