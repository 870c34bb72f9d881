# timeout: 20
# The tracer reads the victim's secret with PTRACE_PEEKDATA and the victim
# finds the bytes written by PTRACE_POKEDATA in its own memory.
set -eu
run-attacks ptrace >out 2>&1 || { cat out; exit 1; }
cat out
grep -q '^attack ptrace pid [0-9]*$' out
grep -q 'read "victim-secret-4f1c9b2e" from victim' out
grep -q 'found "owned-by-ptrace-000000" in its memory' out
