# timeout: 20
# The credential thief ships the planted password hashes, SSH key and cloud
# keys, and a secret from another process's environment, to its collector.
set -eu
API_TOKEN=tok-12345 sleep 30 &
run-attacks credtheft >out 2>&1 || { cat out; exit 1; }
kill $!
cat out
grep -q '^attack credtheft pid [0-9]*$' out
grep -q 'sent 3 credential files' out
grep -Eq 'collector received [0-9]+ bytes, 3 files, [1-9][0-9]* environment secrets' out
