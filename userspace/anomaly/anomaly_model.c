// SPDX-License-Identifier: GPL-2.0
/* Finding and opening the model llmosd scores with. */
#include "anomaly.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model_file.h"
#include "syscall_tokens.h"

/* In this order; `beside`: under the program's directory. */
static const struct {
	bool beside;
	const char *dir;
} candidates[] = {
	{ false, "/etc/llmos/" },		/* the administrator's */
	{ true, "/../share/llmos/" },		/* installed with it */
	{ false, "/llmos/share/" },		/* the test kernel's guest */
	{ false, "/usr/local/share/llmos/" },
	{ false, "/usr/share/llmos/" },
	{ true, "/../../model/" },		/* build/bin in a checkout */
};

/* The program's directory into dir, or "" if unknown. */
static void exe_dir(char *dir, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", dir, len - 1);
	char *slash;

	dir[n > 0 ? n : 0] = '\0';
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		dir[0] = '\0';
}

/* The first candidate that exists, into out; -ENOENT if none. */
static int find_default(char *out, size_t len)
{
	const char *env = getenv(ANOMALY_MODEL_ENV);
	char dir[PATH_MAX];
	size_t i;

	if (env && *env) {
		snprintf(out, len, "%s", env);
		return 0;
	}
	exe_dir(dir, sizeof(dir));
	for (i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		if (candidates[i].beside && !dir[0])
			continue;
		snprintf(out, len, "%s%s%s", candidates[i].beside ? dir : "",
			 candidates[i].dir, ANOMALY_MODEL_NAME);
		if (!access(out, R_OK))
			return 0;
	}
	return -ENOENT;
}

int anomaly_model_open(struct anomaly_model *m, const char *path, char *err,
		       size_t errlen)
{
	struct llm_file *f;
	int ret;

	memset(m, 0, sizeof(*m));
	m->threshold = NAN;
	if (path) {
		snprintf(m->path, sizeof(m->path), "%s", path);
	} else if (find_default(m->path, sizeof(m->path))) {
		snprintf(err, errlen, "no model: none of $%s, /etc/llmos, ../share/llmos next to the program, /llmos/share, /usr/local/share/llmos, /usr/share/llmos, ../../model next to the program has %s",
			 ANOMALY_MODEL_ENV, ANOMALY_MODEL_NAME);
		return -ENOENT;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	ret = llm_file_open(f, m->path, err, errlen);
	if (ret)
		goto fail;
	ret = llm_file_check_vocab(f, m->path, LLMOS_VOCAB_HASH,
				   LLMOS_NR_TOKENS, err, errlen);
	if (ret)
		goto fail_close;
	ret = llm_file_net(f, &m->net);
	if (ret) {
		snprintf(err, errlen, "%s: cannot build the net: %s", m->path,
			 strerror(-ret));
		goto fail_close;
	}
	m->file = f;
	m->threshold = f->info.alert_threshold;
	m->window = anomaly_model_window(&f->info);
	return 0;
fail_close:
	llm_file_close(f);
fail:
	free(f);
	return ret ? ret : -EINVAL;
}

uint32_t anomaly_model_window(const struct llm_info *info)
{
	const char *v = llm_meta_get(info, "anomaly.window");
	unsigned long w = v ? strtoul(v, NULL, 10) : 0;

	return w && w <= ANOMALY_MAX_WINDOW ? (uint32_t)w : ANOMALY_WINDOW;
}

void anomaly_model_close(struct anomaly_model *m)
{
	if (!m->file)
		return;
	llm_net_free(&m->net);
	llm_file_close(m->file);
	free(m->file);
	m->file = NULL;
}
