#!/bin/sh
# The host side of the scheduling benchmark: turn the guest's figures
# ("key value" lines and "# sched" notes in the bench suite's out.log)
# into a flat JSON object of metric to number, with the ratios of each
# configuration to `none`, and print a table.
#
#   report.sh OUT.log SCHED.json
set -eu
log=$1
json=$2

tr -d '\r' <"$log" | awk -v json="$json" '
	/^# sched / && !/ round=/ { sub(/^# sched /, ""); notes[nn++] = $0 }
	# A run: its work (probe and hog units, I/O KiB) by round and config.
	/^# sched round=/ {
		delete f
		for (i = 3; i <= NF; i++) {
			split($i, kv, "=")
			f[kv[1]] = kv[2]
		}
		units[f["round"], f["cfg"]] = f["units"] + f["hog_units"]
		kib[f["round"], f["cfg"]] = f["io_kib"]
		if ("p99_us" in f)
			p99[f["round"], f["cfg"]] = f["p99_us"]
		if (f["round"] > rounds)
			rounds = f["round"]
	}
	$1 ~ /^sched_[a-z0-9_]+$/ && $2 ~ /^[0-9]+(\.[0-9]+)?$/ {
		if (!($1 in v))
			keys[n++] = $1
		v[$1] = $2
	}
	# The work (or the p99) of configuration a over that of b in each
	# round (runs close in time, so alike in conditions): how consistent
	# the pooled ratio is.
	function work(r, c) {
		return units[r, c] + kib[r, c] * v["sched_units_per_io_kib"]
	}
	function figure(what, r, c) {
		return what == "work" ? work(r, c) : p99[r, c]
	}
	function has(what, r, c) {
		return what == "work" ? ((r, c) in units) : ((r, c) in p99)
	}
	function paired(what, a, b,   r, n, i, t, x) {
		n = 0
		for (r = 1; r <= rounds; r++) {
			if (!has(what, r, a) || !has(what, r, b) ||
			    figure(what, r, b) <= 0)
				continue
			x[++n] = figure(what, r, a) / figure(what, r, b)
			for (i = n; i > 1 && x[i - 1] > x[i]; i--) {
				t = x[i]; x[i] = x[i - 1]; x[i - 1] = t
			}
		}
		if (!n)
			return
		printf "%s %s/%s by round:", what, a, b
		for (i = 1; i <= n; i++)
			printf " %.3f", x[i]
		printf " (median %.3f)\n", n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2
	}
	function ratio(num, den, key) {
		if ((num in v) && (den in v) && v[den] > 0) {
			v[key] = sprintf("%.3f", v[num] / v[den])
			keys[n++] = key
		}
	}
	END {
		if (!("sched_p99_us_none" in v)) {
			print "bench-sched: no figures from the guest" > "/dev/stderr"
			exit 1
		}
		split("nice19 static llmos", cfgs)
		for (i = 1; i <= 3; i++) {
			c = cfgs[i]
			sfx = c == "llmos" ? "" : "_" c
			ratio("sched_p50_us_" c, "sched_p50_us_none", "sched_p50_ratio" sfx)
			ratio("sched_p99_us_" c, "sched_p99_us_none", "sched_p99_ratio" sfx)
			ratio("sched_p999_us_" c, "sched_p999_us_none", "sched_p999_ratio" sfx)
			ratio("sched_work_" c, "sched_work_none", "sched_throughput_ratio" sfx)
		}
		printf "{" > json
		for (i = 0; i < n; i++)
			printf "%s\"%s\": %s", i ? ", " : "", keys[i], v[keys[i]] > json
		print "}" > json

		printf "%-8s %9s %9s %9s %7s %13s %9s %9s %6s %8s\n", "config",
			"p50 ms", "p99 ms", "p99.9 ms", "missed", "work units",
			"work/none", "p99/none", "idle%", "ctxt/s"
		split("idle none nice19 static llmos", cfgs)
		for (i = 1; i <= 5; i++) {
			c = cfgs[i]
			if (!(("sched_p99_us_" c) in v)) {
				printf "%-8s %s\n", c, "(not run)"
				continue
			}
			printf "%-8s %9.1f %9.1f %9.1f %7d", c,
				v["sched_p50_us_" c] / 1000, v["sched_p99_us_" c] / 1000,
				v["sched_p999_us_" c] / 1000, v["sched_missed_" c]
			if (("sched_work_" c) in v)
				printf " %13d %9.3f %9.3f", v["sched_work_" c],
					v["sched_work_" c] / v["sched_work_none"],
					v["sched_p99_us_" c] / v["sched_p99_us_none"]
			if (("sched_idle_share_" c) in v)
				printf " %6.1f %8d", 100 * v["sched_idle_share_" c],
					v["sched_ctxt_per_s_" c]
			printf "\n"
		}
		paired("work", "llmos", "static")
		paired("work", "llmos", "none")
		paired("p99", "llmos", "static")
		for (i = 0; i < nn; i++)
			print "note: " notes[i]
		print "target: llmos p99/none <= 0.5, work/none >= 0.95," \
			" and no worse than static"
	}'
