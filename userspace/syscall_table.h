/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Syscall numbers to tokens. The table is generated at build time from the
 * kernel's syscall_64.tbl and syscall_32.tbl (scripts/gen-syscall-table.sh):
 * one token per syscall name, the same token for the same call whatever the
 * ABI, plus special tokens. See Documentation/llmosd.md.
 */
#ifndef LLMOS_USERSPACE_SYSCALL_TABLE_H
#define LLMOS_USERSPACE_SYSCALL_TABLE_H

#include <stdint.h>

#include "event.h"
#include "syscall_tokens.h"

/* The token of syscall nr of abi; LLMOS_TOKEN_UNK if there is none. */
static inline uint16_t syscall_token(unsigned int abi, unsigned int nr)
{
	switch (abi) {
	case LLMOS_ABI_X86_64:
		return nr < LLMOS_NR_SYSCALLS_X86_64 ? llmos_tokens_x86_64[nr]
						     : LLMOS_TOKEN_UNK;
	case LLMOS_ABI_I386:
		return nr < LLMOS_NR_SYSCALLS_I386 ? llmos_tokens_i386[nr]
						   : LLMOS_TOKEN_UNK;
	case LLMOS_ABI_X32:
		return nr < LLMOS_NR_SYSCALLS_X32 ? llmos_tokens_x32[nr]
						  : LLMOS_TOKEN_UNK;
	}
	return LLMOS_TOKEN_UNK;
}

/* The kernel's name of syscall nr of abi, or NULL. */
const char *syscall_name(unsigned int abi, unsigned int nr);
/* "x86_64", "i386", "x32"; NULL for an unknown abi. */
const char *syscall_abi_name(unsigned int abi);
/* Parse an ABI name; -1 if unknown. */
int syscall_abi_parse(const char *name);
/* A token's name ("<unk>", "read", ...), or NULL if out of range. */
const char *syscall_token_name(unsigned int token);
/* The token named name, or -1. */
int syscall_token_lookup(const char *name);

#endif /* LLMOS_USERSPACE_SYSCALL_TABLE_H */
