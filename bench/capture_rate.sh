#!/usr/bin/env bash
# Capture rate: frames sent through a veth pair between two network
# namespaces at increasing rates; for each rate, `tcpsleuth packets -i VETH
# -w FILE` and `tcpdump -i VETH -w FILE` capture the same burst in turn (same
# run, same sender, same defaults: 2 MiB kernel buffer each), and their own
# closing lines say how many frames the kernel dropped. The result is the
# highest rate each captured with zero kernel drops. A benchmark, not a test.
#
#   sudo bench/capture_rate.sh [SECONDS_PER_RATE] [RATES...]
#
# The sender is bench/capture_send.py (AF_PACKET, paced per millisecond; no
# pktgen module needed). It reports the rate it reached: when both tools keep
# up with the fastest rate the sender can reach, the figure is a lower bound.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-2}
shift || true
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(25000 50000 100000 200000 400000 800000)
[ "$(id -u)" -eq 0 ] || { echo "needs root (network namespaces, packet sockets)" >&2; exit 2; }
cargo build --release -q
bin=$PWD/target/release/tcpsleuth
tag=$$
tx=crtx$tag rx=crrx$tag vtx=crvt$tag vrx=crvr$tag
out=$(mktemp -d)
cleanup() { ip netns del "$tx" 2>/dev/null || true; ip netns del "$rx" 2>/dev/null || true; rm -rf "$out"; }
trap cleanup EXIT
ip netns add "$tx"; ip netns add "$rx"
ip link add "$vtx" netns "$tx" type veth peer name "$vrx" netns "$rx"
for ns in "$tx" "$rx"; do ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1; done
ip -n "$tx" link set "$vtx" up; ip -n "$rx" link set "$vrx" up

# capture NAME CMD...: starts the capture in the receiving namespace, waits
# for its "listening on" line (never a fixed sleep), sends the burst, stops it
# with SIGINT and prints "dropped received captured" from its closing lines.
capture() {
    local name=$1; shift
    local err=$out/$name.err
    ip netns exec "$rx" "$@" 2>"$err" >/dev/null &
    local pid=$!
    for _ in $(seq 1 500); do grep -q "listening on" "$err" && break; sleep 0.02; done
    grep -q "listening on" "$err" || { echo "$name did not start: $(cat "$err")" >&2; kill "$pid"; return 1; }
    ip netns exec "$tx" python3 bench/capture_send.py "$vtx" "$rate" "$((rate * secs))" >"$out/sent"
    kill -INT "$pid"; wait "$pid" || true
    local d r c
    d=$(sed -n 's/^\([0-9]*\) packets dropped by kernel$/\1/p' "$err")
    r=$(sed -n 's/^\([0-9]*\) packets received by filter$/\1/p' "$err")
    c=$(sed -n 's/^\([0-9]*\) packets captured$/\1/p' "$err")
    echo "${d:-?} ${r:-?} ${c:-?}"
}

best_ours=0 best_theirs=0
printf '%10s %10s | %-32s | %-32s\n' "rate" "sent/s" "tcpsleuth dropped/received/captured" "tcpdump dropped/received/captured"
for rate in "${rates[@]}"; do
    ours=$(capture tcpsleuth "$bin" packets -i "$vrx" -w "$out/ours.pcap")
    ours_rate=$(cut -d' ' -f3 "$out/sent")
    theirs=$(capture tcpdump tcpdump -i "$vrx" -Z root -w "$out/theirs.pcap")
    theirs_rate=$(cut -d' ' -f3 "$out/sent")
    printf '%10s %10s | %-32s | %-32s\n' "$rate" "$ours_rate/$theirs_rate" "$ours" "$theirs"
    [ "${ours%% *}" = 0 ] && [ "$best_ours" -lt "$ours_rate" ] && best_ours=$ours_rate
    [ "${theirs%% *}" = 0 ] && [ "$best_theirs" -lt "$theirs_rate" ] && best_theirs=$theirs_rate
done
echo "highest sent rate with zero kernel drops: tcpsleuth $best_ours frames/s, tcpdump $best_theirs frames/s"
