#!/bin/sh
# Save what `tcpsleuth packets` prints for every capture we have, under every
# flag set the tcpdump conformance and differential tests use, plus --detail
# and --format json, so a restructure can be checked with `diff -r`:
#
#   scripts/print_baseline.sh /tmp/before     # before the move
#   scripts/print_baseline.sh /tmp/after      # after it
#   diff -r /tmp/before /tmp/after            # empty, or the listed fixes
#
# Peer data is read from $TCPSLEUTH_SHARED, else ../shared beside the repo.
set -eu
out=${1:?usage: scripts/print_baseline.sh OUTPUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${TCPSLEUTH_SHARED:-$root/../shared}
bin=${TCPSLEUTH_BIN:-$root/target/release/tcpsleuth}
export TZ=GMT0
mkdir -p "$out"

# Flag sets: tests/it/tcpdump_differential.rs FLAG_SETS, then the two trees.
flagsets='-nn -tttt
-nn -tttt -v
-nn -tttt -vv
-nn -tttt -S
-nn -tttt -e
-nn -tttt -e -v
-nn -x
-nn -X
-nn -ttt
--detail
--format json'

# One file per capture and flag set; the name says both.
run_all() {
    file=$1
    key=$(echo "${file#"$2"/}" | tr '/' '_')
    echo "$flagsets" | while IFS= read -r flags; do
        tag=$(echo "$flags" | tr -d ' -')
        # shellcheck disable=SC2086  # flags are split on purpose
        "$bin" packets $flags -r "$file" >"$out/$key.$tag" 2>&1 || echo "exit $?" >>"$out/$key.$tag"
    done
}

for dir in "$shared/peers/tcpdump" "$shared/peers/zeek" "$shared/scenarios" \
    "$root/tests/fixtures" "$root/tests/corrupt"; do
    [ -d "$dir" ] || { echo "SKIPPED $dir (absent)"; continue; }
    find "$dir" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \
        -o -name '*.pcap.gz' -o -name '*.trace' \) | sort | while IFS= read -r f; do
        run_all "$f" "$(dirname "$dir")"
    done
done

# The conformance rows exactly as tests/it/tcpdump_conformance.rs runs them.
manifest="$shared/peers/tcpdump/MANIFEST.tsv"
[ -f "$manifest" ] && grep -v '^#' "$manifest" | grep -v '^name	' | \
while IFS='	' read -r name pcap _expected options _rest; do
    t=-tttt
    case " $options " in *" SPECIAL_t "*) t= ;; esac
    opts=$(echo "$options" | sed 's/SPECIAL_t//')
    # shellcheck disable=SC2086
    "$bin" packets -# -n -r "$shared/peers/tcpdump/$pcap" $t $opts \
        >"$out/conformance.$name" 2>&1 || echo "exit $?" >>"$out/conformance.$name"
done
echo "baseline in $out: $(ls "$out" | wc -l) files"
