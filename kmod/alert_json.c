// SPDX-License-Identifier: GPL-2.0
/*
 * llmos JSON lines: formatting of alert records and "lost" notices.
 *
 * Strings that come from tasks or from the agent (comm, category, detail)
 * may hold any bytes. They are escaped so that every line is valid JSON
 * (RFC 8259) whatever they contain: '"' and '\\' are backslashed, the usual
 * control characters use their short escapes, and every other byte outside
 * 0x20..0x7e becomes \u00XX (one escape per byte, so invalid UTF-8 cannot
 * leak into the output).
 */
#include <linux/kernel.h>
#include <linux/stdarg.h>
#include <linux/string.h>

#include "internal.h"

static const char llmos_hex[] = "0123456789abcdef";

static size_t llmos_json_esc_one(unsigned char c)
{
	if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' ||
	    c == '\r' || c == '\t')
		return 2;
	return c >= 0x20 && c < 0x7f ? 1 : 6;
}

/* Length of the escaped form of @src (at most @len bytes, up to a NUL). */
size_t llmos_json_escaped_len(const char *src, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len && src[i]; i++)
		n += llmos_json_esc_one(src[i]);
	return n;
}

/*
 * Escape @len bytes of @src (stopping early at a NUL) into @dst, always
 * NUL-terminated when @size > 0. Never splits an escape sequence: if the
 * next one does not fit, output stops there. Returns the output length.
 */
size_t llmos_json_escape(char *dst, size_t size, const char *src, size_t len)
{
	size_t o = 0, i;

	if (!size)
		return 0;
	for (i = 0; i < len && src[i]; i++) {
		unsigned char c = src[i];
		char esc[7];
		size_t n;

		switch (c) {
		case '"':
		case '\\':
			esc[0] = '\\';
			esc[1] = c;
			n = 2;
			break;
		case '\b':
			memcpy(esc, "\\b", 2);
			n = 2;
			break;
		case '\f':
			memcpy(esc, "\\f", 2);
			n = 2;
			break;
		case '\n':
			memcpy(esc, "\\n", 2);
			n = 2;
			break;
		case '\r':
			memcpy(esc, "\\r", 2);
			n = 2;
			break;
		case '\t':
			memcpy(esc, "\\t", 2);
			n = 2;
			break;
		default:
			if (c >= 0x20 && c < 0x7f) {
				esc[0] = c;
				n = 1;
			} else {
				memcpy(esc, "\\u00", 4);
				esc[4] = llmos_hex[c >> 4];
				esc[5] = llmos_hex[c & 0xf];
				n = 6;
			}
			break;
		}
		if (o + n >= size)
			break;
		memcpy(dst + o, esc, n);
		o += n;
	}
	dst[o] = '\0';
	return o;
}

struct llmos_line {
	char *buf;
	size_t size;
	size_t len;
	bool overflow;
};

static __printf(2, 3) void llmos_line_printf(struct llmos_line *l,
					     const char *fmt, ...)
{
	va_list args;
	int n;

	if (l->overflow)
		return;
	va_start(args, fmt);
	n = vsnprintf(l->buf + l->len, l->size - l->len, fmt, args);
	va_end(args);
	if (n < 0 || n >= l->size - l->len)
		l->overflow = true;
	else
		l->len += n;
}

/* Append "key":"escaped string" (with a leading comma). */
static void llmos_line_str(struct llmos_line *l, const char *key,
			   const char *s, size_t len)
{
	size_t room;

	llmos_line_printf(l, ",\"%s\":\"", key);
	if (l->overflow)
		return;
	room = l->size - l->len;
	if (llmos_json_escaped_len(s, len) >= room) {
		l->overflow = true;
		return;
	}
	l->len += llmos_json_escape(l->buf + l->len, room, s, len);
	llmos_line_printf(l, "\"");
}

static const char * const llmos_skip_names[] = {
	[LLMOS_SKIP_NONE]	= "",
	[LLMOS_SKIP_OBSERVE]	= "observe",
	[LLMOS_SKIP_PROTECTED]	= "protected",
	[LLMOS_SKIP_EXITED]	= "exited",
	[LLMOS_SKIP_FULL]	= "full",
	[LLMOS_SKIP_FAILED]	= "failed",
};

/*
 * Format @rec as one JSON line ending in '\n' into @buf. Returns the length
 * (without the NUL), or -ENOSPC if @size is too small. LLMOS_LINE_MAX is
 * always enough (checked by the KUnit suite with worst-case input).
 */
int llmos_alert_format(const struct llmos_alert_rec *rec, char *buf,
		       size_t size)
{
	struct llmos_line l = { .buf = buf, .size = size };

	if (!size)
		return -ENOSPC;
	llmos_line_printf(&l, "{\"seq\":%llu,\"time_ns\":%llu,\"pid\":%u,\"start_time\":%llu",
			  rec->seq, rec->time_ns, rec->pid, rec->start_time);
	llmos_line_str(&l, "comm", rec->comm, sizeof(rec->comm));
	llmos_line_printf(&l, ",\"uid\":%u,\"score\":%u.%03u,\"threshold\":%u.%03u",
			  rec->uid, rec->score / 1000, rec->score % 1000,
			  rec->threshold / 1000, rec->threshold % 1000);
	llmos_line_str(&l, "category", rec->category, sizeof(rec->category));
	llmos_line_printf(&l, ",\"action\":\"%s\"",
			  llmos_action_name(rec->action));
	if (rec->skipped && rec->skipped < ARRAY_SIZE(llmos_skip_names))
		llmos_line_printf(&l, ",\"skipped\":\"%s\"",
				  llmos_skip_names[rec->skipped]);
	if (rec->exited)
		llmos_line_printf(&l, ",\"exited\":true");
	llmos_line_str(&l, "detail", rec->detail, sizeof(rec->detail));
	llmos_line_printf(&l, "}\n");
	if (l.overflow)
		return -ENOSPC;
	return l.len;
}

/* Format the notice that alerts @seq .. @seq + @lost - 1 were lost. */
int llmos_lost_format(u64 seq, u64 lost, char *buf, size_t size)
{
	int n = snprintf(buf, size, "{\"seq\":%llu,\"lost\":%llu}\n", seq,
			 lost);

	if (n < 0 || n >= size)
		return -ENOSPC;
	return n;
}
