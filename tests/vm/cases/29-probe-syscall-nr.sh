# timeout: 120
# The syscall number the kernel runs is the low 32 bits of rax, sign-extended
# (entry_64.S, do_syscall_64's int nr): a call with upper bits set is the
# call of its low half, syscall(-1) is an invalid x86_64 call, not x32, and
# an i386 call with the x32 bit (30) set is invalid, not the call without it.
set -eu
pid_of() {
	awk '$6 == "exec" && $7 ~ /\/syscall-seq$/ { print $2 }' "$1"
}
ids_of() {
	# ids_of PID ABI FILE: PID's ids of ABI, every batch in order
	awk -v p="$1" -v a="$2" '$2 == p && $6 == "syscalls" && $7 == a {
		printf "%s,", $8 }' "$3"
}
fail=0
probe-dump -- syscall-seq wide >wide.txt
pid=$(pid_of wide.txt)
[ -n "$pid" ] || { echo "no exec of syscall-seq"; exit 1; }
ids=$(ids_of "$pid" x86_64 wide.txt)
m=110,95,102,104,107,108,111,95
case ",$ids" in
*",$m,$m,$m,"*) echo "wide: marker recorded" ;;
*)
	echo "wide: the marker run with rax bit 32 set is not recorded as such: $ids"
	fail=1
	;;
esac

probe-dump -- syscall-seq neg >neg.txt
pid=$(pid_of neg.txt)
[ -n "$pid" ] || { echo "no exec of syscall-seq"; exit 1; }
ids=$(ids_of "$pid" x86_64 neg.txt)
x32=$(ids_of "$pid" x32 neg.txt)
n=110,65535,110
case ",$ids" in
*",$n,$n,$n,"*) echo "neg: syscall(-1) recorded as an invalid x86_64 call" ;;
*)
	echo "neg: x86_64 ids $ids; x32 ids: $x32"
	fail=1
	;;
esac
[ -z "$x32" ] || { echo "neg: a 64-bit process's syscall(-1) tagged x32"; fail=1; }

probe-dump -- syscall-seq i386bit >i386.txt
pid=$(pid_of i386.txt)
[ -n "$pid" ] || { echo "no exec of syscall-seq"; exit 1; }
ids=$(ids_of "$pid" i386 i386.txt)
if [ "$ids" = "65535,20,65535,20,65535,20," ]; then
	echo "i386bit: 0x40000014 recorded as an invalid i386 call"
else
	echo "i386bit: i386 ids $ids, want 65535,20,65535,20,65535,20,"
	fail=1
fi
exit $fail
