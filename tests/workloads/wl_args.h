/* SPDX-License-Identifier: GPL-2.0 */
/* Command-line numbers for the normal workload's helper programs. */
#ifndef LLMOS_WL_ARGS_H
#define LLMOS_WL_ARGS_H

/*
 * The decimal number s if it lies in lo..hi; otherwise says so on stderr,
 * naming prog, and exits with status 2.
 */
long wl_arg(const char *prog, const char *s, long lo, long hi);

#endif
