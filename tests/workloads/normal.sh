#!/bin/sh
# The normal workload (installed in the guest as /llmos/bin/normal-workload):
# a seeded, looping mix of what a Linux host does when nothing is wrong.
# Text pipelines, find, compression and archiving, checksums, perl and bash
# scripts, a loopback web server and key-value service with their clients,
# file system churn, log rotation, a database's write-ahead log and
# other synced writes, system monitoring, bursts of short processes,
# priority and uid changes, CPU-bound loops, periodic frame loops,
# background jobs stopped with kill, each with parameters drawn from the
# seed. Real programs are called by
# absolute path, busybox applets by name: both kinds run.
#
#   normal-workload [--seed N] [--heldout] [--plan N] [SECONDS]
#
# --heldout draws from a seed range that training recordings never use,
# for measuring false alerts. Servers listen on ports 20000-31999, below
# the kernel's ephemeral range. --plan N prints the first N activities the
# seed picks, without running them. One line "normal: ACTIVITY" per run
# activity; exit status non-zero if any failed. (Activities are functions
# sharing the shell's variables: the main loop's names are not reused.)
set -u

seed=1
seconds=20
heldout=0
plan=0
while [ $# -gt 0 ]; do
	case $1 in
	--seed) seed=$2; shift 2 ;;
	--heldout) heldout=1; shift ;;
	--plan) plan=$2; shift 2 ;;
	[0-9]*) seconds=$1; shift ;;
	*) echo "usage: normal-workload [--seed N] [--heldout] [--plan N] [SECONDS]" >&2
	   exit 2 ;;
	esac
done
[ $heldout -eq 0 ] || seed=$((seed + 1000000))
bin=$(dirname "$0")

# The shell's own generator: deterministic for a seed, unlike $RANDOM.
state=$seed
rand() {
	state=$(((state * 1103515245 + 12345) % 2147483648))
	r=$(((state >> 8) % $1))
}
# pick WORD...: sets w to one of the words.
pick() {
	rand $#
	shift $r
	w=$1
}

# The draw: an activity listed twice comes twice as often.
ACTIVITIES="text text text find find compress compress archive checksum
perl perl perl bash bash http http kv kv churn churn storm storm dd diff
sched busybox busybox nc setpriv monitor monitor logrotate logrotate idle
spin spin frames frames signal signal journal journal dsync"

# A tree of logs, prose and tables for the activities to chew on.
make_corpus() {
	/usr/bin/perl -e '
		srand($ARGV[0]);
		my @w = qw(alpha beta gamma delta kernel user session cache disk
			network request reply error warning retry timeout config
			update service daemon socket buffer thread process memory);
		my @lvl = qw(INFO INFO INFO DEBUG WARN ERROR);
		for my $d (qw(logs docs data src/lib src/app)) {
			my $dir = "$ARGV[1]/$d";
			system("mkdir", "-p", $dir) == 0 or die "mkdir $dir";
			for my $i (1 .. 6 + int(rand(6))) {
				my $ext = $d eq "logs" ? "log" : $d eq "data" ? "csv" : "txt";
				open(my $f, ">", "$dir/f$i.$ext") or die "$dir/f$i: $!";
				for my $l (1 .. 20 + int(rand(200))) {
					if ($ext eq "log") {
						printf $f "2024-03-%02d 12:%02d:%02d %s %s[%d]: %s %s\n",
							1 + int(rand(28)), int(rand(60)), int(rand(60)),
							$lvl[rand @lvl], $w[rand @w], 100 + int(rand(900)),
							$w[rand @w], $w[rand @w];
					} elsif ($ext eq "csv") {
						printf $f "%d,%s,%.2f,%d\n", $l, $w[rand @w],
							rand(1000), int(rand(50));
					} else {
						print $f join(" ", map { $w[rand @w] } 1 .. 3 + int(rand(12))), "\n";
					}
				}
				close($f);
			}
		}' "$1" "$2"
}

act_text() {
	rand 5
	case $r in
	0) /bin/grep -h -E 'ERROR|WARN' "$tree"/logs/*.log | /usr/bin/mawk '{ print $5 }' |
		/usr/bin/sort | uniq -c | /usr/bin/sort -rn | head -n 5 >top ;;
	1) cat "$tree"/docs/*.txt | tr -cs 'a-z' '\n' | /usr/bin/sort |
		uniq -c | /usr/bin/sort -k1,1nr | head -n 10 >top ;;
	2) /bin/sed -e 's/[0-9][0-9]*/N/g' -e 's/\[N\]//' "$tree"/logs/*.log |
		/usr/bin/sort -u | wc -l >top ;;
	3) /usr/bin/mawk -F, '{ s[$2] += $3; n[$2]++ } END { for (k in s) printf "%s %.1f\n", k, s[k] / n[k] }' \
		"$tree"/data/*.csv | sort -k2 -n | tail -n 3 >top ;;
	4) wc -l "$tree"/*/*.* | /usr/bin/sort -n | tail -n 4 >top
	   /bin/grep -c kernel "$tree"/docs/*.txt | cut -d: -f2 | paste -sd+ | bc >>top ;;
	esac
	[ -s top ]
}

act_find() {
	rand 4
	case $r in
	0) /usr/bin/find "$tree" -type f -name '*.log' -size +1k | xargs /bin/grep -l error >found || true ;;
	1) /usr/bin/find "$tree" -type f -exec /usr/bin/md5sum {} + >found ;;
	2) find "$tree" -type d | while read -r d; do ls "$d" | wc -l; done >found ;;
	3) /usr/bin/find "$tree" -newer "$tree/logs" -o -name '*.csv' -print | /usr/bin/sort >found
	   du -s "$tree" >>found ;;
	esac
	[ -e found ]
}

act_compress() {
	cat "$tree"/logs/*.log "$tree"/docs/*.txt >plain
	pick /bin/gzip /usr/bin/xz /bin/bzip2 gzip
	tool=$w
	rand 9
	"$tool" -$((r + 1)) -c plain >packed && "$tool" -d -c packed >unpacked &&
		/usr/bin/cmp -s plain unpacked
}

act_archive() {
	# The compressor by path: in the guest, GNU tar's -J ran busybox's xz.
	pick /bin/gzip /usr/bin/xz /bin/bzip2 none
	if [ "$w" = none ]; then set --; else set -- -I "$w"; fi
	/bin/tar -C "$tree" "$@" -cf a.tar . && /bin/tar "$@" -tvf a.tar >list &&
		mkdir out && /bin/tar -C out "$@" -xf a.tar && /usr/bin/diff -r "$tree" out &&
		tar -cf b.tar -C out logs && tar -tf b.tar | wc -l >/dev/null
}

act_checksum() {
	pick /usr/bin/sha256sum /usr/bin/md5sum sha1sum sha512sum
	(cd "$tree" && $w */*.* >"$OLDPWD/SUMS" && $w -c "$OLDPWD/SUMS" >/dev/null)
}

act_perl() {
	rand 4
	case $r in
	0) /usr/bin/perl -ne '$c{$_}++ for /(\w+)/g; END { print "$_ $c{$_}\n" for (sort { $c{$b} <=> $c{$a} } keys %c)[0..4] }' \
		"$tree"/docs/*.txt >out ;;
	1) /usr/bin/perl -e 'opendir(my $d, $ARGV[0]) or die; for (grep { /\.log$/ } readdir($d)) {
		open(my $f, "<", "$ARGV[0]/$_") or die; while (<$f>) { $n{$1}++ if /(ERROR|WARN|INFO|DEBUG)/ } }
		printf "%s=%d\n", $_, $n{$_} for sort keys %n' "$tree/logs" >out ;;
	2) /usr/bin/perl -e 'srand($ARGV[0]); my @a = map { int(rand(1e6)) } 1 .. 20000;
		my @s = sort { $a <=> $b } @a; open(my $f, ">", "nums") or die; print $f "$_\n" for @s;
		close($f); print scalar(@s), "\n"' "$state" >out ;;
	3) /usr/bin/perl -e 'for my $p (@ARGV) { open(my $f, "<", $p) or next; my @r = map { [split /,/] } <$f>;
		my ($s, $n) = (0, 0); $s += $_->[2], $n++ for @r; printf "%s %.2f\n", $p, $n ? $s / $n : 0 }' \
		"$tree"/data/*.csv >out ;;
	esac
	[ -s out ]
}

act_bash() {
	rand 1000
	/bin/bash -c '
		declare -A count
		files=("$1"/docs/*.txt)
		for f in "${files[@]}"; do
			while read -r first rest; do
				count[$first]=$(( ${count[$first]:-0} + 1 ))
			done <"$f"
		done
		for k in "${!count[@]}"; do printf "%s %d\n" "$k" "${count[$k]}"; done | sort >words
		n=$(wc -l <words); s=${2}; for ((i = 0; i < 200; i++)); do s=$(( (s * 31 + i) % 9973 )); done
		[[ $n -gt 0 ]] && echo "$n $s"' bash "$tree" "$r" >out && [ -s out ]
}

act_http() {
	rand 12000
	port=$((20000 + r))
	mkdir -p www/cgi-bin
	cp "$tree"/docs/*.txt www/
	echo '<html><body>llmos</body></html>' >www/index.html
	printf '#!/bin/sh\necho "Content-Type: text/plain"\necho\nuptime\nls /tmp | wc -l\n' >www/cgi-bin/status
	chmod +x www/cgi-bin/status
	httpd -f -p "127.0.0.1:$port" -h www &
	web=$!
	tries=0
	until wget -q -O index "http://127.0.0.1:$port/" 2>/dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 20 ] || { kill $web; return 1; }
		sleep 0.1
	done
	ok=0
	rand 6
	for i in $(seq $((r + 2))); do
		pick www/*.txt
		wget -q -O got "http://127.0.0.1:$port/${w#www/}" &&
			/usr/bin/cmp -s got "$w" && ok=$((ok + 1))
	done
	wget -q -O status "http://127.0.0.1:$port/cgi-bin/status"
	kill $web
	wait $web 2>/dev/null
	[ $ok -eq $i ] && [ -s status ]
}

act_kv() {
	rand 12000
	port=$((20000 + r))
	mkdir kv
	"$bin/wl-kvd" "$port" kv >kvd.out &
	kvd=$!
	rand 3
	clients=$((r + 1))
	pids=
	for i in $(seq $clients); do
		rand 300
		"$bin/wl-kv" "$port" "$state" $((50 + r)) >>kv.out &
		pids="$pids $!"
	done
	status=0
	for p in $pids; do wait "$p" || status=1; done
	kill -TERM $kvd
	wait $kvd || status=1
	[ $status -eq 0 ] && [ -s kv/kv.snap ]
}

act_nc() {
	rand 12000
	port=$((20000 + r))
	cat "$tree"/data/*.csv >send
	# busybox nc quits at the end of its stdin: a fifo holds it open.
	mkfifo hold
	nc -l -p "$port" <hold >recv &
	srv=$!
	exec 3>hold
	tries=0
	until nc 127.0.0.1 "$port" <send 2>/dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 20 ] || { kill $srv; break; }
		sleep 0.1
	done
	wait $srv
	exec 3>&-
	/usr/bin/cmp -s send recv
}

act_churn() {
	rand 40
	n=$((20 + r))
	mkdir -p churn/a/b/c churn/x/y
	i=0
	while [ $i -lt $n ]; do
		echo "entry $i $state" >"churn/a/f$i"
		echo "more $i" >>"churn/a/f$i"
		[ $((i % 3)) -eq 0 ] && mv "churn/a/f$i" "churn/a/b/f$i.old"
		[ $((i % 5)) -eq 0 ] && ln -s "../a/f$i" "churn/x/l$i"
		[ $((i % 7)) -eq 0 ] && cp "churn/a/b/c/../../f$i" "churn/x/y/" 2>/dev/null
		i=$((i + 1))
	done
	chmod -R go-w churn
	touch churn/a/b/c/stamp
	ls -lR churn >listing
	rm -f churn/a/f1* churn/x/l*
	mv churn churn.old && rm -rf churn.old
	[ -s listing ]
}

act_storm() {
	rand 30
	n=$((10 + r))
	i=0
	while [ $i -lt $n ]; do
		case $((i % 6)) in
		0) /bin/bash -c 'exit 0' ;;
		1) sh -c 'echo $$' >/dev/null ;;
		2) x=$(date +%s); expr "$x" + 1 >/dev/null ;;
		3) true | cat | cat >/dev/null & ;;
		4) timeout 5 setsid sh -c 'sleep 0' ;;
		5) d=$(mktemp -d) && rmdir "$d" ;;
		esac
		i=$((i + 1))
	done
	wait
}

act_dd() {
	rand 64
	/usr/bin/dd if=/dev/urandom of=blob bs=4k count=$((r + 8)) 2>/dev/null &&
		/usr/bin/dd if=blob of=copy bs=512 2>/dev/null && /usr/bin/cmp blob copy &&
		dd if=blob bs=1k skip=2 count=4 2>/dev/null | od -A x -t x1 | tail -n 1 >/dev/null
}

act_diff() {
	pick "$tree"/docs/*.txt
	cp "$w" a
	/bin/sed -e '3,$s/kernel/KERNEL/' -e '2d' a >b
	echo "appended line" >>b
	/usr/bin/diff -u a b >patch
	[ $? -le 1 ] && patch a <patch >/dev/null && /usr/bin/cmp -s a b
}

act_sched() {
	cat "$tree"/*/*.* >plain
	/usr/bin/nice -n 10 /bin/gzip -9 -c plain >/dev/null &&
		/usr/bin/taskset -c 0 /usr/bin/sort plain >/dev/null &&
		/usr/bin/ionice -c 3 /usr/bin/sha256sum plain >/dev/null &&
		/usr/bin/chrt -b 0 /usr/bin/md5sum plain >/dev/null &&
		{ sleep 0.3 & /usr/bin/renice -n 5 -p $! >/dev/null; wait; }
}

act_busybox() {
	pick "$tree"/logs/*.log
	base64 "$w" | base64 -d | cmp - "$w" &&
		awk '{ n[$4]++ } END { for (l in n) print l, n[l] }' "$w" | sort >out &&
		tac "$w" | rev | head -n 20 | xxd | tail -n 2 >>out &&
		hexdump -C "$w" | head -n 5 >>out && [ -s out ]
}

act_setpriv() {
	/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups \
		/bin/sh -c 'id -u; wc -l </etc/passwd; ls /tmp >/dev/null; cat "$1"/docs/*.txt | wc -c' \
		sh "$tree" >out && [ "$(head -n 1 out)" = 65534 ]
}

# System monitoring: process tables, /proc, sockets, disk and memory.
act_monitor() {
	rand 3
	case $r in
	0) ps -o pid,ppid,user,stat,args >out && top -b -n 1 | head -n 15 >>out ;;
	1) /bin/grep -E '^(Name|State|VmRSS):' /proc/[0-9]*/status >out 2>/dev/null
	   ls -l /proc/[0-9]*/exe >>out 2>/dev/null ;;
	2) free >out && df -h >>out && uptime >>out && netstat -tln >>out &&
		cat /proc/loadavg /proc/meminfo /proc/stat >>out ;;
	esac
	[ -s out ]
}

# A log rotator's round: append, rotate, compress, keep three.
act_logrotate() {
	rand 4
	for round in 1 2 3 4; do
		/usr/bin/perl -e 'printf "%d %s request %d served in %dms\n", time, $ARGV[0], $_, $_ % 97
			for 1 .. 200 + $ARGV[1]' "app$round" "$((r * 100))" >>app.log
		[ -e app.log.3.gz ] && rm app.log.3.gz
		[ -e app.log.2.gz ] && mv app.log.2.gz app.log.3.gz
		[ -e app.log.1.gz ] && mv app.log.1.gz app.log.2.gz
		mv app.log app.log.1 && /bin/gzip -$((r + 6)) app.log.1
		: >app.log
	done
	[ -e app.log.3.gz ] && /bin/gzip -t app.log.*.gz
}

# A database's write-ahead log (one or two at once, each in its own
# directory): transactions of records appended with pwrite and synced
# with fdatasync or fsync, a pause between commits, checkpoints that read
# the records back into a data file, segments rotated and the oldest
# removed, a replay at the end. About 2 MiB written at most.
act_journal() {
	rand 2
	n=$((r + 1))
	pids=
	for i in $(seq $n); do
		pick 256 512 1024 4096 8192 16384 65536
		rec=$w
		rand 16
		per=$((r + 1))
		rand 120
		tx=$((10 + r))
		[ $((tx * per * rec)) -le 2097152 ] || tx=$((2097152 / (per * rec)))
		pick 0 0 100 300 500 1000 2000
		pause=$w
		rand 12
		every=$((r + 2))
		rand 6
		seg=$(((per * rec * (r + 2) + 1023) / 1024))
		rand 3
		keep=$((r + 1))
		rand 2
		if [ $r -eq 0 ]; then set --; else set -- -f; fi
		mkdir "db$i"
		"$bin/wl-journal" -s "$state" -t "$tx" -r "$rec" -b "$per" -p "$pause" \
			-c "$every" -g "$seg" -k "$keep" "$@" "db$i" >>journal.out &
		pids="$pids $!"
	done
	status=0
	for p in $pids; do wait "$p" || status=1; done
	[ $status -eq 0 ] && [ "$(wc -l <journal.out)" -eq $n ]
}

# Synced writes from scripts: dd with conv=fsync, conv=fdatasync or
# oflag=dsync copying a file, and a log appended one durable line at a
# time.
act_dsync() {
	rand 4
	bs=$((4 << r))
	rand 24
	/usr/bin/dd if=/dev/urandom of=src bs="${bs}k" count=$((r + 8)) 2>/dev/null || return 1
	pick conv=fsync conv=fdatasync oflag=dsync oflag=sync
	/usr/bin/dd if=src of=dst bs="${bs}k" "$w" 2>/dev/null && /usr/bin/cmp src dst || return 1
	rand 8
	for i in $(seq $((r + 3))); do
		echo "$(date +%s) commit $i $state" |
			/usr/bin/dd of=app.log oflag=append conv=notrunc,fsync 2>/dev/null || return 1
	done
	[ "$(wc -l <app.log)" -eq $((r + 3)) ]
}

# CPU-bound loops, more of them than CPUs at times: compiled loops that
# never sleep beside awk or perl arithmetic or a checksum of a stream.
act_spin() {
	rand 3
	n=$((r + 1))
	rand 1500
	ms=$((300 + r))
	pids=
	for i in $(seq $n); do
		"$bin/wl-loop" spin "$ms" >>spin.out &
		pids="$pids $!"
	done
	rand 3
	case $r in
	0) /usr/bin/mawk 'BEGIN { for (i = 0; i < 200000; i++) s += i % 7; print s }' >>spin.out ;;
	1) /usr/bin/perl -e 'my $s = 0; $s += $_ % 7 for 1 .. 300000; print "$s\n"' >>spin.out ;;
	2) head -c 4000000 /dev/zero | /usr/bin/sha256sum >>spin.out ;;
	esac
	status=0
	for p in $pids; do wait "$p" || status=1; done
	[ $status -eq 0 ] && [ -s spin.out ]
}

# Periodic loops: a frame loop (wake on a period, work part of it, sleep:
# an animation or a game) beside a shell ticking on a sleep.
act_frames() {
	rand 4
	period=$((5 + r * 10))
	rand 60
	pct=$((10 + r))
	rand 1500
	"$bin/wl-loop" frames $((500 + r)) "$period" "$pct" >frames.out &
	fr=$!
	rand 6
	for i in $(seq $((r + 3))); do
		date +%s >>ticks
		sleep 0.05
	done
	wait $fr && [ -s frames.out ] && [ -s ticks ]
}

# Background jobs stopped with kill, as scripts and service managers stop
# their workers: loops, frame loops and sleepers killed together, a job
# that traps a signal, kill -0 to see who is still alive.
act_signal() {
	rand 5
	n=$((r + 2))
	pids=
	for i in $(seq $n); do
		case $((i % 3)) in
		0) "$bin/wl-loop" spin 30000 >/dev/null & ;;
		1) "$bin/wl-loop" frames 30000 10 30 >/dev/null & ;;
		2) sleep 30 & ;;
		esac
		pids="$pids $!"
	done
	sh -c 'trap "echo got USR1; exit 0" USR1; while :; do sleep 0.1; done' >trapped &
	trapper=$!
	rand 8
	sleep "0.$((r + 2))"
	for p in $pids $trapper; do kill -0 "$p" || return 1; done
	kill -USR1 "$trapper"
	rand 2
	# shellcheck disable=SC2086
	if [ $r -eq 0 ]; then kill $pids; else kill -HUP $pids; fi
	for p in $pids $trapper; do wait "$p"; done
	for p in $pids; do kill -0 "$p" 2>/dev/null && return 1; done
	grep -q USR1 trapped
}

act_idle() {
	rand 8
	sleep "0.$((r + 1))"
}

if [ "$plan" -gt 0 ]; then
	i=0
	while [ $i -lt "$plan" ]; do
		pick $ACTIVITIES
		echo "$w"
		i=$((i + 1))
	done
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/normal.XXXXXX")
tree=$work/tree
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
make_corpus "$seed" "$tree" || { echo "normal: cannot make the corpus"; exit 1; }

end=$(($(date +%s) + seconds))
step=0
failed=0
while [ "$(date +%s)" -lt "$end" ]; do
	pick $ACTIVITIES
	act=$w
	step=$((step + 1))
	mkdir "$work/$step"
	cd "$work/$step" || exit 1
	echo "normal: $act"
	if ! "act_$act" >"$work/$step.log" 2>&1; then
		echo "normal: $act failed (seed $seed, activity $step):"
		sed 's/^/  /' "$work/$step.log"
		failed=$((failed + 1))
	fi
	cd "$work" && rm -rf "$work/$step" "$work/$step.log"
done
echo "normal: $step activities in ${seconds}s, seed $seed, $failed failed"
[ $failed -eq 0 ]
