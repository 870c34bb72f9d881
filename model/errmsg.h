/* SPDX-License-Identifier: GPL-2.0 */
/* Error messages that name what they are about ("FILE: what is wrong"). */
#ifndef LLMOS_MODEL_ERRMSG_H
#define LLMOS_MODEL_ERRMSG_H

#include <stddef.h>

/* Writes "NAME: " and the formatted text into err; returns -EINVAL. */
__attribute__((format(printf, 4, 5)))
int llm_fail(char *err, size_t errlen, const char *name, const char *fmt, ...);

#endif
