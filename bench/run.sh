#!/usr/bin/env bash
# Speed benchmarks against peers, measured in the same run on the same file.
# Prints wall-clock times, the ratio peer/tcpsleuth (higher = tcpsleuth faster)
# and peak resident memory. Compare ratios, not absolute times: the machine
# is shared and noisy.
#
#   bench/run.sh [small|large] [SCRATCH_DIR]
#
# The capture comes from ../shared/bench/gen_capture.py (deterministic) and is
# kept in SCRATCH_DIR (default /tmp/tcpsleuth-bench), never in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-small}
scratch=${2:-/tmp/tcpsleuth-bench}
gen=../shared/bench/gen_capture.py
mkdir -p "$scratch"
case $size in
    small) args="--packets 200000 --flows 2000" ;;
    large) args="--packets 5000000 --flows 50000" ;;
    *) echo "usage: $0 [small|large] [SCRATCH_DIR]" >&2; exit 2 ;;
esac
file=$scratch/$size.pcap
[ -s "$file" ] || python3 "$gen" $args --seed 1 -q -o "$file"
cargo build --release -q
bin=target/release/tcpsleuth
cat "$file" >/dev/null    # page cache: measure the reader, not the disk

# measure NAME CMD...: best wall time of 3 runs and peak RSS (KiB) of the last,
# printed on stderr; "TIME RSS" on stdout for the ratios.
measure() {
    local name=$1; shift
    local best="" rss=0 tf
    tf=$(mktemp)
    for _ in 1 2 3; do
        /usr/bin/time -o "$tf" -f '%e %M' "$@" >/dev/null 2>&1 || true
        local t rs
        # The last line: time prepends "Command exited with non-zero status N".
        read -r t rs < <(tail -n 1 "$tf")
        rss=$rs
        best=$(python3 -c "print(min(float('$t'), float('${best:-1e9}')))")
    done
    rm -f "$tf"
    printf '%-34s %8.2f s  %8d KiB peak\n' "$name" "$best" "$rss" >&2
    echo "$best $rss"
}

ratio() { python3 -c "print(f'{$1/max($2,1e-3):.2f}')"; }
mib() { echo $(( $1 / 1024 )); }

echo "== $file" >&2
read -r ts _ < <(measure "tcpsleuth packets -nn" $bin packets -nn -r "$file")
if command -v tcpdump >/dev/null; then
    read -r td _ < <(measure "tcpdump -nn" tcpdump -nn -r "$file")
    echo "packets: tcpdump/tcpsleuth = $(ratio "$td" "$ts")x (goal >= 3)"
fi
read -r tc _ < <(measure "tcpsleuth conns --format json" $bin conns -r "$file" --format json)
if command -v tshark >/dev/null; then
    read -r tk _ < <(measure "tshark -q -z conv,tcp" tshark -r "$file" -q -z conv,tcp)
    echo "conns: tshark/tcpsleuth = $(ratio "$tk" "$tc")x (goal >= 20)"
fi
if command -v tcptrace >/dev/null; then
    read -r tt _ < <(measure "tcptrace -n" tcptrace -n "$file")
    echo "conns: tcptrace/tcpsleuth = $(ratio "$tt" "$tc")x (goal >= 2)"
fi
# Issue 10's streaming goal: the overview and diagnose within 2x of conns
# and under 256 MB peak.
read -r tdg rdg < <(measure "tcpsleuth diagnose --format json" $bin diagnose -r "$file" --format json)
echo "diagnose: tcpsleuth diagnose/conns = $(ratio "$tdg" "$tc")x (goal <= 2), peak $(mib "$rdg") MiB (goal < 256)"
read -r tov rov < <(measure "tcpsleuth (overview)" $bin -r "$file")
echo "overview: tcpsleuth overview/conns = $(ratio "$tov" "$tc")x (goal <= 2), peak $(mib "$rov") MiB (goal < 256)"
measure "tcpsleuth scans" $bin scans -r "$file" >/dev/null
