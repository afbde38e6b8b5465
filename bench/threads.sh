#!/usr/bin/env bash
# --threads speed-up, measured in one run on one capture: conns --format json
# and the overview with 2 worker threads over 1, and the reader's own rate
# (packets --count: read, decode and reassemble only), which is the ceiling
# of any number of workers. Prints wall times, CPU seconds, packets per
# second, the per-core rate and the ratios. Compare ratios, not times: the
# machine is shared and noisy. How it should scale: bench/THREADS.md.
#
#   bench/threads.sh [small|large] [SCRATCH_DIR] [THREADS (default 2)]
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-large}
scratch=${2:-/tmp/tcpsleuth-bench-flow}
n=${3:-2}
gen=../shared/bench/gen_capture.py
mkdir -p "$scratch"
case $size in
    small) args="--packets 200000 --flows 2000" ;;
    large) args="--packets 5000000 --flows 50000" ;;
    *) echo "usage: $0 [small|large] [SCRATCH_DIR] [THREADS]" >&2; exit 2 ;;
esac
file=$scratch/$size.pcap
[ -s "$file" ] || python3 "$gen" $args --seed 1 -q -o "$file"
cargo build --release -q
bin=target/release/tcpsleuth
cat "$file" >/dev/null    # page cache: measure the reader, not the disk
packets=$($bin packets --count -r "$file" | awk '{print $1}')

# measure NAME CMD...: best wall time of 3 runs with its CPU time (user+sys),
# printed on stderr; "wall cpu" on stdout.
measure() {
    local name=$1; shift
    local best="" cpu="" tf
    tf=$(mktemp)
    for _ in 1 2 3; do
        /usr/bin/time -o "$tf" -f '%e %U %S' "$@" >/dev/null 2>&1 || true
        local t u s
        read -r t u s < <(tail -n 1 "$tf")
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then
            best=$t
            cpu=$(python3 -c "print(round($u + $s, 2))")
        fi
    done
    rm -f "$tf"
    printf '%-40s %7.2f s wall %7.2f s cpu  %6.2f M packets/s\n' "$name" "$best" "$cpu" \
        "$(python3 -c "print($packets / max($best, 1e-3) / 1e6)")" >&2
    echo "$best $cpu"
}
ratio() { python3 -c "print(f'{$1/max($2,1e-3):.2f}')"; }

echo "== $file: $packets packets, $(nproc) cores, --threads $n vs 1" >&2
read -r rd rdc < <(measure "reader (packets --count)" $bin packets --count -r "$file")
read -r c1 c1c < <(measure "conns --format json --threads 1" $bin conns --threads 1 --format json -r "$file")
read -r cn cnc < <(measure "conns --format json --threads $n" $bin conns --threads "$n" --format json -r "$file")
read -r o1 o1c < <(measure "overview --threads 1" $bin --threads 1 -r "$file")
read -r on onc < <(measure "overview --threads $n" $bin --threads "$n" -r "$file")
echo "conns: --threads 1 / --threads $n = $(ratio "$c1" "$cn")x (goal >= 1.7 where CPU-bound)"
echo "overview: --threads 1 / --threads $n = $(ratio "$o1" "$on")x"
echo "conns --threads $n / reader = $(ratio "$cn" "$rd")x of the reader's time (1.00 = at the ceiling)"
echo "reader: $(python3 -c "print(f'{$packets / max($rd, 1e-3) / 1e6:.2f}')") M packets/s (one thread; the ceiling)"
echo "conns per core: $(python3 -c "print(f'{$packets / max($c1c, 1e-3) / 1e6:.2f}')") M packets per CPU-second (--threads 1, reader included)"
