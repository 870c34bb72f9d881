/* SPDX-License-Identifier: GPL-2.0 */
/* CRC-32C (Castagnoli), as used by the trace format to detect corruption. */
#ifndef LLMOS_USERSPACE_CRC32C_H
#define LLMOS_USERSPACE_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* Continue a CRC: start with crc = 0; crc32c(crc32c(0, a), b) = crc of a|b. */
uint32_t crc32c(uint32_t crc, const void *buf, size_t len);

#endif /* LLMOS_USERSPACE_CRC32C_H */
