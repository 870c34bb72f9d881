// SPDX-License-Identifier: GPL-2.0
/*
 * llmosctl: the llmos command line.
 *
 *   llmosctl trace dump FILE
 *   llmosctl trace import-adfa DIR -o OUT
 *   llmosctl trace synth -o OUT [--procs N] [--syscalls N] [--seed N]
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_adfa.h"
#include "sched/labeler.h"
#include "sched/top.h"
#include "trace_dump.h"
#include "trace_reader.h"
#include "trace_synth.h"

static void usage(FILE *out)
{
	fputs("usage: llmosctl trace dump FILE\n"
	      "       llmosctl trace import-adfa DIR -o OUT\n"
	      "       llmosctl trace synth -o OUT [--procs N] [--syscalls N] [--seed N]\n"
	      "       llmosctl trace label FILE [-o OUT]\n"
	      "       llmosctl top [-n ITERATIONS] [-d SECONDS] [--state FILE]\n"
	      "\n"
	      "  trace dump          print a trace, one event a line:\n"
	      "                      TIME PID COMM EVENT\n"
	      "  trace import-adfa   convert the ADFA-LD data set (i386 syscall numbers,\n"
	      "                      one trace a file) into one trace\n"
	      "  trace synth         write a synthetic trace (benchmarks)\n"
	      "  trace label         scheduling-class labels of a trace's processes,\n"
	      "                      from their whole runs (training the sched head)\n"
	      "  top                 llmosd's processes: class, confidence, hint,\n"
	      "                      anomaly score, refreshed every second\n", out);
}

static int cmd_dump(int argc, char **argv)
{
	struct trace_reader *r;
	char err[600];
	int ret;

	if (argc != 2) {
		usage(stderr);
		return 2;
	}
	r = trace_reader_open(argv[1], err, sizeof(err));
	if (!r) {
		fprintf(stderr, "llmosctl: %s\n", err);
		return 1;
	}
	ret = trace_dump(r, stdout, stderr);
	trace_reader_close(r);
	if (fflush(stdout) && errno != EPIPE) {
		perror("llmosctl: stdout");
		return 1;
	}
	return ret ? 1 : 0;
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	return !errno && end != s && !*end && *s != '-';
}

static int cmd_import_adfa(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct adfa_counts c;
	const char *out = NULL;
	char err[600];
	int opt;

	while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		if (opt != 'o') {
			usage(stderr);
			return 2;
		}
		out = optarg;
	}
	if (!out || optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	if (adfa_import(argv[optind], out, &c, err, sizeof(err))) {
		fprintf(stderr, "llmosctl: %s\n", err);
		return 1;
	}
	printf("training %" PRIu64 "\nvalidation %" PRIu64 "\nattack %" PRIu64
	       "\nother %" PRIu64 "\nsyscalls %" PRIu64 "\n", c.training,
	       c.validation, c.attack, c.other, c.syscalls);
	for (unsigned int i = 0; i < c.n_types; i++)
		printf("attack_%s %" PRIu64 "\n", c.types[i].name,
		       c.types[i].traces);
	return 0;
}

static int cmd_synth(int argc, char **argv)
{
	enum { O_PROCS = 256, O_SYSCALLS, O_SEED };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "procs", required_argument, NULL, O_PROCS },
		{ "syscalls", required_argument, NULL, O_SYSCALLS },
		{ "seed", required_argument, NULL, O_SEED },
		{ NULL, 0, NULL, 0 },
	};
	struct synth_opts so = { .procs = 1000, .syscalls = 10000000, .seed = 1 };
	const char *out = NULL;
	char err[600];
	uint64_t v;
	int opt;

	while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case O_PROCS:
			if (!parse_u64(optarg, &v) || !v || v > 4000000)
				goto bad;
			so.procs = (uint32_t)v;
			break;
		case O_SYSCALLS:
			if (!parse_u64(optarg, &so.syscalls))
				goto bad;
			break;
		case O_SEED:
			if (!parse_u64(optarg, &so.seed))
				goto bad;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!out || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (trace_synth(&so, out, err, sizeof(err))) {
		fprintf(stderr, "llmosctl: %s\n", err);
		return 1;
	}
	return 0;
bad:
	fprintf(stderr, "llmosctl: bad number: %s\n", optarg);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "top"))
		return sched_top_cmd(argc - 1, argv + 1);
	if (argc < 3 || strcmp(argv[1], "trace")) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[2], "dump"))
		return cmd_dump(argc - 2, argv + 2);
	if (!strcmp(argv[2], "import-adfa"))
		return cmd_import_adfa(argc - 2, argv + 2);
	if (!strcmp(argv[2], "synth"))
		return cmd_synth(argc - 2, argv + 2);
	if (!strcmp(argv[2], "label"))
		return sched_label_cmd(argc - 2, argv + 2);
	usage(stderr);
	return 2;
}
