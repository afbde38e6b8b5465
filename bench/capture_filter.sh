#!/usr/bin/env bash
# Filter speed on a file: `tcpsleuth packets -r FILE -w OUT 'tcp port 80'`
# against `tcpdump -r FILE -w OUT 'tcp port 80'` in the same run (best wall
# time of N runs each, file in the page cache), the ratio tcpdump/tcpsleuth
# (goal: at least 1.5) and whether both wrote the same bytes.
# A benchmark, not a test.
#
#   bench/capture_filter.sh [FILE] [RUNS] [EXPRESSION]
#
# FILE defaults to /tmp/tcpsleuth-bench-flow/large.pcap (the 5M-packet
# capture of ../shared/bench/gen_capture.py --packets 5000000 --flows 50000).
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-/tmp/tcpsleuth-bench-flow/large.pcap}
runs=${2:-3}
expr=${3:-tcp port 80}
[ -s "$file" ] || { echo "no capture at $file (make it with ../shared/bench/gen_capture.py)" >&2; exit 2; }
cargo build --release -q
bin=target/release/tcpsleuth
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat "$file" >/dev/null    # page cache: measure the filter, not the disk

# best NAME CMD...: the best wall time of $runs runs, in seconds.
best() {
    local t b=""
    for _ in $(seq 1 "$runs"); do
        /usr/bin/time -o "$out/time" -f '%e' "$@" >/dev/null 2>&1
        t=$(tail -n 1 "$out/time")
        b=$(python3 -c "print(min(float('$t'), float('${b:-1e9}')))")
    done
    echo "$b"
}
user=$(id -un)
ours=$(best "$bin" packets -r "$file" -w "$out/ours.pcap" "$expr")
theirs=$(best tcpdump -Z "$user" -r "$file" -w "$out/theirs.pcap" "$expr")
same=$(cmp -s "$out/ours.pcap" "$out/theirs.pcap" && echo "identical" || echo "DIFFERENT")
frames=$(( $(stat -c %s "$out/ours.pcap") ))
echo "file: $file ($(stat -c %s "$file") bytes), filter '$expr', best of $runs"
echo "tcpsleuth: ${ours}s  tcpdump: ${theirs}s  ratio tcpdump/tcpsleuth: $(python3 -c "print(f'{$theirs/$ours:.2f}')")x"
echo "outputs: $same ($frames bytes)"
