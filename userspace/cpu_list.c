// SPDX-License-Identifier: GPL-2.0
/* Parsing the kernel's CPU lists. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_list.h"

/* A CPU number at *s, advancing *s past it; -1 if there is none. */
static long cpu_number(const char **s)
{
	char *end;
	long n;

	if (!isdigit((unsigned char)**s))
		return -1;
	errno = 0;
	n = strtol(*s, &end, 10);
	if (errno)
		return -1;
	*s = end;
	return n;
}

int cpu_list_parse(const char *text, bool *in, int ncpus)
{
	const char *s = text;

	memset(in, 0, ncpus * sizeof(*in));
	/* An empty list (no CPU of that kind) is a bare newline. */
	while (*s && *s != '\n') {
		long first = cpu_number(&s), last = first;

		if (*s == '-') {
			s++;
			last = cpu_number(&s);
		}
		if (first < 0 || last < first || last >= ncpus)
			return -EINVAL;
		for (long cpu = first; cpu <= last; cpu++)
			in[cpu] = true;
		if (*s == ',' && s[1] && s[1] != '\n')
			s++;
		else if (*s && *s != '\n')
			return -EINVAL;
	}
	return s[0] && s[1] ? -EINVAL : 0;
}

int cpu_list_read(const char *path, bool *in, int ncpus)
{
	char text[4096];
	size_t n;
	FILE *f;
	int err;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	n = fread(text, 1, sizeof(text) - 1, f);
	/* A list a page long would be thousands of scattered CPUs. */
	err = ferror(f) ? -EIO : !feof(f) ? -EINVAL : 0;
	fclose(f);
	if (err)
		return err;
	text[n] = '\0';
	return cpu_list_parse(text, in, ncpus);
}
