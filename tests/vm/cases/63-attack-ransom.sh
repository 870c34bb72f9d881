# timeout: 20
# The ransomware leaves only encrypted files and ransom notes: every
# planted file became NAME.locked of the same size and none of the
# plaintext survives.
set -eu
ATTACKS_DIR=$PWD/scratch run-attacks ransom >out 2>&1 || { cat out; exit 1; }
cat out
v=scratch/victim
grep -q '^attack ransom pid [0-9]*$' out
grep -q "encrypted 100 files" out
[ "$(find $v -type f -name '*.locked' | wc -l)" -eq 100 ]
[ "$(find $v -type f -name HOW_TO_DECRYPT.txt | wc -l)" -eq 6 ]
left=$(find $v -type f ! -name '*.locked' ! -name HOW_TO_DECRYPT.txt)
[ -z "$left" ] || { echo "not encrypted: $left"; exit 1; }
if grep -rq 'date,amount' $v; then echo 'plaintext left'; exit 1; fi
[ "$(seq 120 | wc -c)" -eq "$(wc -c <$v/documents/file3.txt.locked)" ]
