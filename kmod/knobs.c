// SPDX-License-Identifier: GPL-2.0
/*
 * llmos knobs: defaults, ranges, parsing and printing of the values shown
 * in /sys/kernel/llmos/. Parsing is pure (it builds the next set of values
 * from the current one) so that KUnit can test it; sysfs.c applies it.
 */
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "internal.h"

struct llmos_knobs llmos_knobs;
/* Serialises knob writes; readers use READ_ONCE() without it. */
DEFINE_MUTEX(llmos_knob_lock);

static const char * const llmos_knob_names[LLMOS_KNOB_NR] = {
	[LLMOS_KNOB_ENABLED]		= "enabled",
	[LLMOS_KNOB_MODE]		= "mode",
	[LLMOS_KNOB_NICE_MIN]		= "nice_min",
	[LLMOS_KNOB_NICE_MAX]		= "nice_max",
	[LLMOS_KNOB_HINT_TTL_MS]	= "hint_ttl_ms",
	[LLMOS_KNOB_WATCHDOG_MS]	= "watchdog_ms",
	[LLMOS_KNOB_ALERT_THRESHOLD]	= "alert_threshold",
	[LLMOS_KNOB_ALERT_ACTION]	= "alert_action",
	[LLMOS_KNOB_MAX_HINTS]		= "max_hints",
	[LLMOS_KNOB_RING_SIZE]		= "ring_size",
};

static const char * const llmos_mode_names[] = {
	[LLMOS_MODE_OBSERVE]	= "observe",
	[LLMOS_MODE_ENFORCE]	= "enforce",
};

/* The words enabled accepts: false at even indexes, true at odd ones. */
static const char * const llmos_bool_words[] = {
	"0", "1", "n", "y", "N", "Y", "off", "on",
};

static const char * const llmos_action_names[] = {
	[LLMOS_ACTION_NONE]	= "none",
	[LLMOS_ACTION_THROTTLE]	= "throttle",
	[LLMOS_ACTION_FREEZE]	= "freeze",
	[LLMOS_ACTION_KILL]	= "kill",
};

void llmos_knobs_default(struct llmos_knobs *k)
{
	*k = (struct llmos_knobs) {
		.enabled = true,
		.mode = LLMOS_MODE_ENFORCE,
		.nice_min = -5,
		.nice_max = LLMOS_NICE_MAX,
		.hint_ttl_ms = 10000,
		.watchdog_ms = 5000,
		.alert_threshold = 5000,
		.alert_action = LLMOS_ACTION_NONE,
		.max_hints = 1024,
		.ring_size = 1024,
		.threshold_set = false,
	};
}

const char *llmos_knob_name(enum llmos_knob_id id)
{
	return id < LLMOS_KNOB_NR ? llmos_knob_names[id] : NULL;
}

static const char *llmos_mode_name(u32 mode)
{
	return mode < ARRAY_SIZE(llmos_mode_names) ?
		llmos_mode_names[mode] : "?";
}

const char *llmos_action_name(u32 action)
{
	return action < ARRAY_SIZE(llmos_action_names) ?
		llmos_action_names[action] : "?";
}

/*
 * Parse a non-negative decimal with at most three fractional digits
 * ("5", "5.2", "5.250", optionally followed by one newline) into
 * thousandths. Anything else, or a value above @max, is -EINVAL.
 */
int llmos_parse_milli(const char *buf, u32 max, u32 *out)
{
	u64 v = 0;
	int digits = 0, frac = -1;
	const char *p = buf;

	for (; *p && *p != '\n'; p++) {
		if (*p == '.') {
			if (frac >= 0 || !digits)
				return -EINVAL;
			frac = 0;
			continue;
		}
		if (!isdigit(*p))
			return -EINVAL;
		if (frac >= 0 && ++frac > 3)
			return -EINVAL;
		v = v * 10 + (*p - '0');
		if (v > (u64)max * 1000)
			return -EINVAL;
		digits++;
	}
	if (*p == '\n' && p[1])
		return -EINVAL;
	if (!digits || frac == 0)
		return -EINVAL;
	for (frac = frac < 0 ? 0 : frac; frac < 3; frac++)
		v *= 10;
	if (v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int llmos_parse_u32_range(const char *buf, u32 min, u32 max, u32 *out)
{
	u32 v;

	if (kstrtou32(buf, 10, &v) || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int llmos_parse_nice(const char *buf, int *out)
{
	int v;

	if (kstrtoint(buf, 10, &v) || v < LLMOS_NICE_MIN || v > LLMOS_NICE_MAX)
		return -EINVAL;
	*out = v;
	return 0;
}

/*
 * Build in @next the knobs that result from writing @buf to knob @id when
 * the current values are @cur. Returns -EINVAL (and leaves @next equal to
 * @cur) for garbage, out-of-range values or nice_min > nice_max.
 */
int llmos_knob_parse(const struct llmos_knobs *cur, enum llmos_knob_id id,
		     const char *buf, struct llmos_knobs *next)
{
	struct llmos_knobs k = *cur;
	int ret = -EINVAL;

	switch (id) {
	case LLMOS_KNOB_ENABLED:
		ret = sysfs_match_string(llmos_bool_words, buf);
		if (ret >= 0) {
			k.enabled = ret & 1;
			ret = 0;
		}
		break;
	case LLMOS_KNOB_MODE:
		ret = sysfs_match_string(llmos_mode_names, buf);
		if (ret >= 0) {
			k.mode = ret;
			ret = 0;
		}
		break;
	case LLMOS_KNOB_NICE_MIN:
		ret = llmos_parse_nice(buf, &k.nice_min);
		if (!ret && k.nice_min > k.nice_max)
			ret = -EINVAL;
		break;
	case LLMOS_KNOB_NICE_MAX:
		ret = llmos_parse_nice(buf, &k.nice_max);
		if (!ret && k.nice_min > k.nice_max)
			ret = -EINVAL;
		break;
	case LLMOS_KNOB_HINT_TTL_MS:
		ret = llmos_parse_u32_range(buf, LLMOS_TTL_MIN_MS,
					    LLMOS_TTL_MAX_MS, &k.hint_ttl_ms);
		break;
	case LLMOS_KNOB_WATCHDOG_MS:
		ret = llmos_parse_u32_range(buf, LLMOS_WATCHDOG_MIN_MS,
					    LLMOS_WATCHDOG_MAX_MS,
					    &k.watchdog_ms);
		break;
	case LLMOS_KNOB_ALERT_THRESHOLD:
		ret = llmos_parse_milli(buf, LLMOS_THRESHOLD_MAX,
					&k.alert_threshold);
		k.threshold_set = true;
		break;
	case LLMOS_KNOB_ALERT_ACTION:
		ret = sysfs_match_string(llmos_action_names, buf);
		if (ret >= 0) {
			k.alert_action = ret;
			ret = 0;
		}
		break;
	case LLMOS_KNOB_MAX_HINTS:
		ret = llmos_parse_u32_range(buf, LLMOS_HINTS_MIN,
					    LLMOS_HINTS_MAX, &k.max_hints);
		break;
	case LLMOS_KNOB_RING_SIZE:
		ret = llmos_parse_u32_range(buf, LLMOS_RING_MIN,
					    LLMOS_RING_MAX, &k.ring_size);
		break;
	default:
		break;
	}
	if (ret)
		return -EINVAL;
	*next = k;
	return 0;
}

/* Print knob @id of @k followed by a newline; returns the length. */
int llmos_knob_show(const struct llmos_knobs *k, enum llmos_knob_id id,
		    char *buf, size_t size)
{
	switch (id) {
	case LLMOS_KNOB_ENABLED:
		return scnprintf(buf, size, "%d\n", k->enabled);
	case LLMOS_KNOB_MODE:
		return scnprintf(buf, size, "%s\n", llmos_mode_name(k->mode));
	case LLMOS_KNOB_NICE_MIN:
		return scnprintf(buf, size, "%d\n", k->nice_min);
	case LLMOS_KNOB_NICE_MAX:
		return scnprintf(buf, size, "%d\n", k->nice_max);
	case LLMOS_KNOB_HINT_TTL_MS:
		return scnprintf(buf, size, "%u\n", k->hint_ttl_ms);
	case LLMOS_KNOB_WATCHDOG_MS:
		return scnprintf(buf, size, "%u\n", k->watchdog_ms);
	case LLMOS_KNOB_ALERT_THRESHOLD:
		return scnprintf(buf, size, "%u.%03u\n",
				 k->alert_threshold / 1000,
				 k->alert_threshold % 1000);
	case LLMOS_KNOB_ALERT_ACTION:
		return scnprintf(buf, size, "%s\n",
				 llmos_action_name(k->alert_action));
	case LLMOS_KNOB_MAX_HINTS:
		return scnprintf(buf, size, "%u\n", k->max_hints);
	case LLMOS_KNOB_RING_SIZE:
		return scnprintf(buf, size, "%u\n", k->ring_size);
	default:
		return -EINVAL;
	}
}

/* Fill the uapi snapshot of the knobs (for REGISTER and HEARTBEAT). */
void llmos_knobs_snapshot(struct llmos_config *c)
{
	memset(c, 0, sizeof(*c));
	c->enabled = READ_ONCE(llmos_knobs.enabled);
	c->mode = READ_ONCE(llmos_knobs.mode);
	c->nice_min = READ_ONCE(llmos_knobs.nice_min);
	c->nice_max = READ_ONCE(llmos_knobs.nice_max);
	c->hint_ttl_ms = READ_ONCE(llmos_knobs.hint_ttl_ms);
	c->watchdog_ms = READ_ONCE(llmos_knobs.watchdog_ms);
	c->alert_threshold = READ_ONCE(llmos_knobs.alert_threshold);
	c->alert_action = READ_ONCE(llmos_knobs.alert_action);
	c->max_hints = READ_ONCE(llmos_knobs.max_hints);
	c->ring_size = READ_ONCE(llmos_knobs.ring_size);
}
