#!/usr/bin/env bash
# =============================================================================
# tcpsleuth scenario lab: real captures of the failure classes of issue 10
#
# An extension of the team's lab (../shared/lab/lab.sh, same topology and
# tooling, copied and adapted): three network namespaces, the real Linux TCP/IP
# stack, iptables on a router (or on the server host), NFQUEUE impairment,
# small Python peers. Every scenario writes OUTDIR/NAME/client.pcap (taken on
# the client's interface), OUTDIR/NAME/server.pcap (on the server's
# interface, one clock for both) and OUTDIR/NAME/truth.json (what happened,
# the labels tcpsleuth should report per vantage, key facts, ss/nstat).
#
#   lab.sh list                      list scenarios
#   lab.sh run SCENARIO OUTDIR       run one scenario (FAMILY=6: NAME_v6)
#   lab.sh all OUTDIR                run every scenario (serially)
#   lab.sh clean                     remove the lab namespaces (after a crash)
#   NAME_SUFFIX=_alt lab.sh run ...  a variant: OUTDIR/NAME_alt/ (other parameters)
#
#   [client ns] cli0 ---- rtr-c [router ns] rtr-s ---- srv0 [server ns]
#     C4.CH/24            C4.RH      S4.RH              S4.SH (+ extras)
#
# Parameters (environment; every address, port, size and timing):
#   NS_PREFIX=tsw  C4_NET=10.66.1  S4_NET=10.66.2  C6_NET=fd66:1  S6_NET=fd66:2
#   CLIENT_HOST=10 SERVER_HOST=20 ROUTER_HOST=1 EXTRA_HOSTS=5 UNUSED_HOST=99
#   FAMILY=4|6  PORT=8080  TLS_PORT=8443  DNS_PORT=53  SCAN_PORT=443 SCAN_DELAY_MS=10 SCAN_TARGETS=3
#   REQ_BYTES=180 RESP_BYTES=1200     sizes of the request/response exchanges
#   SILENT_AFTER=1.0 RETRIES2=5       server_went_silent: when the server host
#                                     stops answering; client's tcp_retries2
#   BREAK_AFTER=1.5 BREAK_DIR=s2c HOLD=8  path_broken: when the router starts
#                                     dropping which direction (s2c|c2s), how
#                                     long the capture watches it afterwards
#   PMTU_MTU=1280 BULK_BYTES=40000    path_mtu_*: MTU of the router's
#                                     client-side hop; download size
#   THINK=3                           server_app_slow / client_app_slow
#   BACKLOG=1 ABORT_BACKLOG=2 QUEUE_CLIENTS=6 QUEUE_HOLD=9 QUEUE_DELAY_MS=10   listen_queue_full(_abort):
#                                     one-way delay of the router (NFQUEUE) for the burst
#   CT_TIMEOUT=5 IDLE=8 APP_TIMEOUT=5 idle_timeout_by_middlebox
#   RESTART_IDLE=3                    reset_by_peer_after_restart
#   KEEPALIVE=2                       request_on_closed_connection
#   DNS_NAME=www.example.lab DNS_TIMEOUT=1 DNS_ATTEMPTS=3 DNS_TAIL=0.2
#   DNS_SEARCH=corp.example DNS_NDOTS=5   dns_search_expansion's resolv.conf (domains comma-separated)
#   LOSS_PCT=3 MID_BYTES=500000 PACING_MBIT=3 ZW_RCVBUF=8192 ZW_STALL=3
#   SYN_LINEAR_TIMEOUTS=0 SNAPLEN=262144 BULK_SNAPLEN=256 SEED=1
#
# SAFETY: veth ends are created inside the lab namespaces; no route leaves the
# lab subnets; loops are bounded; every tool runs under `timeout`; only the
# processes this script started (by PID) are ended; namespaces are removed on
# exit (trap).
# =============================================================================
set -u -o pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PEERS="$LAB_DIR/peers"
PY=${PYTHON:-python3}
LAB_VERSION=1

NS_PREFIX=${NS_PREFIX:-tsw}
C4_NET=${C4_NET:-10.66.1};   S4_NET=${S4_NET:-10.66.2}
C6_NET=${C6_NET:-fd66:1};    S6_NET=${S6_NET:-fd66:2}
CLIENT_HOST=${CLIENT_HOST:-10}; SERVER_HOST=${SERVER_HOST:-20}; ROUTER_HOST=${ROUTER_HOST:-1}
EXTRA_HOSTS=${EXTRA_HOSTS:-5}; UNUSED_HOST=${UNUSED_HOST:-99}
FAMILY=${FAMILY:-4}
PORT=${PORT:-8080}; TLS_PORT=${TLS_PORT:-8443}; DNS_PORT=${DNS_PORT:-53}; SCAN_PORT=${SCAN_PORT:-443}
SCAN_DELAY_MS=${SCAN_DELAY_MS:-10}; SCAN_TARGETS=${SCAN_TARGETS:-3}
REQ_BYTES=${REQ_BYTES:-180}; RESP_BYTES=${RESP_BYTES:-1200}
SILENT_AFTER=${SILENT_AFTER:-1.0}; RETRIES2=${RETRIES2:-5}
BREAK_AFTER=${BREAK_AFTER:-1.5}; BREAK_DIR=${BREAK_DIR:-s2c}; HOLD=${HOLD:-8}
PMTU_MTU=${PMTU_MTU:-1280}; BULK_BYTES=${BULK_BYTES:-40000}
THINK=${THINK:-3}
BACKLOG=${BACKLOG:-1}; ABORT_BACKLOG=${ABORT_BACKLOG:-2}; QUEUE_CLIENTS=${QUEUE_CLIENTS:-6}; QUEUE_HOLD=${QUEUE_HOLD:-9}; QUEUE_DELAY_MS=${QUEUE_DELAY_MS:-10}
CT_TIMEOUT=${CT_TIMEOUT:-5}; IDLE=${IDLE:-8}; APP_TIMEOUT=${APP_TIMEOUT:-5}
RESTART_IDLE=${RESTART_IDLE:-3}
KEEPALIVE=${KEEPALIVE:-2}
DNS_NAME=${DNS_NAME:-www.example.lab}; DNS_SEARCH=${DNS_SEARCH:-corp.example}; DNS_NDOTS=${DNS_NDOTS:-5}; DNS_TIMEOUT=${DNS_TIMEOUT:-1}; DNS_ATTEMPTS=${DNS_ATTEMPTS:-3}; DNS_TAIL=${DNS_TAIL:-0.2}
LOSS_PCT=${LOSS_PCT:-3}; MID_BYTES=${MID_BYTES:-500000}; PACING_MBIT=${PACING_MBIT:-3}
ZW_RCVBUF=${ZW_RCVBUF:-8192}; ZW_STALL=${ZW_STALL:-3}
SYN_LINEAR_TIMEOUTS=${SYN_LINEAR_TIMEOUTS:-0}
SNAPLEN=${SNAPLEN:-262144}; BULK_SNAPLEN=${BULK_SNAPLEN:-256}
SEED=${SEED:-1}
MAC_PREFIX=${MAC_PREFIX:-02:00:5a}

NS_C="${NS_PREFIX}-client"; NS_R="${NS_PREFIX}-router"; NS_S="${NS_PREFIX}-server"
IF_C=cli0; IF_RC=rtr-c; IF_RS=rtr-s; IF_S=srv0

# name|families|one line
SCENARIOS=(
  "server_went_silent|46|Capture starts mid-connection; the server host stops answering (iptables DROP in the server's INPUT/OUTPUT); the client retransmits with backoff until tcp_retries2"
  "path_broken|46|The router starts dropping one direction (BREAK_DIR) BREAK_AFTER s into a request/response exchange"
  "path_mtu_blackhole|46|Router hop with a smaller MTU and ICMP fragmentation-needed dropped: full-size segments vanish, small ones pass"
  "path_mtu_icmp_ok|46|Same path, ICMP fragmentation-needed gets through: PMTU discovery recovers"
  "server_app_slow|46|Server ACKs the request at once and answers THINK s later"
  "client_app_slow|46|Server sends a banner; the client waits THINK s before its request"
  "listen_queue_full|4|listen(BACKLOG), never accept(); QUEUE_CLIENTS clients connect and send a request (tcp_abort_on_overflow=0)"
  "listen_queue_full_abort|4|Same with tcp_abort_on_overflow=1: the server's kernel resets the overflowing handshakes"
  "idle_timeout_by_middlebox|46|Stateful router firewall forgets an idle connection (conntrack timeout CT_TIMEOUT); the next data is dropped; a new connection works"
  "reset_by_peer_after_restart|46|Server restarts (state lost, its FIN/RST never leave); the client's next data gets a RST"
  "request_on_closed_connection|46|HTTP keep-alive race: the server closes an idle connection, the client sends its next request after the FIN: RST"
  "tls_handshake_failed|46|TLS server requires 1.3, client offers at most 1.2: protocol_version fatal alert from the server"
  "tls_unknown_ca|46|Client rejects the server's self-signed certificate: unknown_ca fatal alert from the client"
  "tls_unknown_ca_tls13|46|Client rejects the server's self-signed certificate under TLS 1.3 (certificate encrypted, alert in clear)"
  "host_unreachable|46|Connect to an unused address on the server subnet: router ARP/ND fails, ICMP host/address unreachable"
  "dns_no_answer|46|DNS server host up, resolver gets no answer: A+AAAA retried DNS_ATTEMPTS times"
  "dns_nxdomain|46|DNS answer RCODE 3 (NXDOMAIN)"
  "dns_servfail|46|DNS answer RCODE 2 (SERVFAIL), retried"
  "dns_refused|46|DNS answer RCODE 5 (REFUSED), retried"
  "dns_search_expansion|46|glibc (getent ahosts) with a resolv.conf search domain and ndots above the name's dots: NXDOMAIN for the candidates, then the bare name answered"
  "dns_query_at_capture_end|46|The capture stops DNS_TAIL s after the first A+AAAA queries, before any answer or retry could come"
  "midstream_loss|46|Capture starts mid-download through a lossy router (NFQUEUE): SACK dup ACKs and retransmissions, no handshake"
  "midstream_zero_window|46|Capture starts mid-download; the receiver stops reading: zero window, probes, window update"
  "offload_checksums|4|Normal exchange captured with the client's tx checksum offload on (bad TCP checksums on outgoing packets)"
  "scan_sweep_one_port|4|nmap -sS -p SCAN_PORT over the server addresses with host discovery (no -Pn)"
)

die()  { echo "lab.sh: error: $*" >&2; exit 1; }
note() { echo "lab.sh: $*" >&2; }
inC()  { ip netns exec "$NS_C" "$@"; }
inR()  { ip netns exec "$NS_R" "$@"; }
inS()  { ip netns exec "$NS_S" "$@"; }
now()  { date +%s.%N; }
fsub() { awk "BEGIN{printf \"%.3f\", $1 - $2}"; }
# secs EXPR: an arithmetic expression over (possibly fractional) seconds,
# rounded up to whole seconds for the bounded waits
secs() { awk "BEGIN{x = $1; i = int(x); print (x > i) ? i + 1 : i}"; }
fexpr() { awk "BEGIN{print $1}"; }

check_tools() {
  local t missing=()
  for t in ip ss nstat tcpdump iptables ip6tables iptables-save ethtool timeout openssl nmap; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  if ((${#missing[@]})); then
    note "missing tools: ${missing[*]}"
    note "install: apt-get install -y iproute2 iptables tcpdump ethtool coreutils openssl nmap python3"
    return 2
  fi
  [ "$(id -u)" = 0 ] || { note "must run as root (network namespaces)"; return 2; }
}
check_params() {
  for n in "$C4_NET" "$S4_NET"; do [[ $n == 10.* ]] || die "$n is not in 10.0.0.0/8"; done
  for n in "$C6_NET" "$S6_NET"; do [[ $n == fd* ]] || die "$n is not an fd00::/8 ULA prefix"; done
  [ "$C4_NET" != "$S4_NET" ] || die "client and server nets must differ"
  case "$FAMILY" in 4|6) ;; *) die "FAMILY must be 4 or 6";; esac
}

# ------------------------------------------------------------- processes
PIDS=()
bg_in() {  # bg_in NS LOGFILE cmd... : start cmd inside NS in background, track PID
  local ns=$1 logf=$2; shift 2
  ip netns exec "$ns" "$@" >>"$logf" 2>&1 &
  PIDS+=("$!"); LAST_PID=$!
}
stop_pid() {
  local p=$1 i
  kill -0 "$p" 2>/dev/null || { wait "$p" 2>/dev/null; return 0; }
  kill -TERM "$p" 2>/dev/null
  for i in $(seq 1 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null
  return 0
}
wait_pid() {  # wait_pid PID MAXSEC
  local p=$1 max=$2 i
  for i in $(seq 1 $((max * 10))); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  stop_pid "$p"
}
cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && stop_pid "$p"; done
  PIDS=()
  lab_down
  [ -n "${W:-}" ] && [ -d "$W" ] && [ -z "${KEEP_WORK:-}" ] && rm -rf "$W"
}

# -------------------------------------------------------------- topology
ns_exists() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$1"; }
lab_down() {
  local ns
  for ns in "$NS_C" "$NS_R" "$NS_S"; do ns_exists "$ns" && ip netns del "$ns" 2>/dev/null; done
  rm -rf "/etc/netns/$NS_C"  # dns_search_expansion's resolv.conf, if it stopped half-way
  return 0
}
set_addresses() {
  CLIENT4="$C4_NET.$CLIENT_HOST"; SERVER4="$S4_NET.$SERVER_HOST"
  RTR_C4="$C4_NET.$ROUTER_HOST";  RTR_S4="$S4_NET.$ROUTER_HOST"
  CLIENT6="$C6_NET::$CLIENT_HOST"; SERVER6="$S6_NET::$SERVER_HOST"
  RTR_C6="$C6_NET::$ROUTER_HOST";  RTR_S6="$S6_NET::$ROUTER_HOST"
  EXTRA4=(); EXTRA6=()
  local i
  for i in $(seq 1 "$EXTRA_HOSTS"); do
    EXTRA4+=("$S4_NET.$((SERVER_HOST + i))"); EXTRA6+=("$S6_NET::$((SERVER_HOST + i))")
  done
  if [ "$FAMILY" = 6 ]; then
    CLIENT=$CLIENT6; SERVER=$SERVER6; RTR_C=$RTR_C6; RTR_S=$RTR_S6; UNUSED="$S6_NET::$UNUSED_HOST"
    IPT=ip6tables; EXTRA=("${EXTRA6[@]}")
  else
    CLIENT=$CLIENT4; SERVER=$SERVER4; RTR_C=$RTR_C4; RTR_S=$RTR_S4; UNUSED="$S4_NET.$UNUSED_HOST"
    IPT=iptables; EXTRA=("${EXTRA4[@]}")
  fi
}
mac() { printf '%s:%02x:%02x:%02x' "$MAC_PREFIX" "$1" "$2" "$3"; }

lab_up() {  # lab_up [CLIENT_HOP_MTU]: MTU of the router's client-side hop
  local hop_mtu=${1:-1500} ns i
  lab_down
  for ns in "$NS_C" "$NS_R" "$NS_S"; do
    ip netns add "$ns" || die "cannot create namespace $ns"
    ip -n "$ns" link set lo up
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
        net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0 \
        net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 >/dev/null
    ip netns exec "$ns" sysctl -qw "net.ipv4.tcp_syn_linear_timeouts=$SYN_LINEAR_TIMEOUTS" >/dev/null 2>&1
  done
  ip link add "$IF_C" netns "$NS_C" type veth peer name "$IF_RC" netns "$NS_R" || die "veth client"
  ip link add "$IF_S" netns "$NS_S" type veth peer name "$IF_RS" netns "$NS_R" || die "veth server"
  # the client's own link keeps 1500: a smaller hop inside the path (rtr-c)
  # is what a PMTU black hole needs (the client advertises MSS 1460)
  ip -n "$NS_C" link set "$IF_C"  address "$(mac 1 0 "$CLIENT_HOST")" mtu 1500
  ip -n "$NS_R" link set "$IF_RC" address "$(mac 1 0 "$ROUTER_HOST")" mtu "$hop_mtu"
  ip -n "$NS_R" link set "$IF_RS" address "$(mac 2 0 "$ROUTER_HOST")" mtu 1500
  ip -n "$NS_S" link set "$IF_S"  address "$(mac 2 0 "$SERVER_HOST")" mtu 1500
  inC ethtool -K "$IF_C"  tx off rx off tso off gso off gro off >/dev/null 2>&1
  inR ethtool -K "$IF_RC" tx off rx off tso off gso off gro off >/dev/null 2>&1
  inR ethtool -K "$IF_RS" tx off rx off tso off gso off gro off >/dev/null 2>&1
  inS ethtool -K "$IF_S"  tx off rx off tso off gso off gro off >/dev/null 2>&1
  ip -n "$NS_C" addr add "$CLIENT4/24" dev "$IF_C";  ip -n "$NS_C" addr add "$CLIENT6/64" dev "$IF_C" nodad
  ip -n "$NS_R" addr add "$RTR_C4/24" dev "$IF_RC";  ip -n "$NS_R" addr add "$RTR_C6/64" dev "$IF_RC" nodad
  ip -n "$NS_R" addr add "$RTR_S4/24" dev "$IF_RS";  ip -n "$NS_R" addr add "$RTR_S6/64" dev "$IF_RS" nodad
  ip -n "$NS_S" addr add "$SERVER4/24" dev "$IF_S";  ip -n "$NS_S" addr add "$SERVER6/64" dev "$IF_S" nodad
  for i in "${EXTRA4[@]}"; do ip -n "$NS_S" addr add "$i/24" dev "$IF_S"; done
  for i in "${EXTRA6[@]}"; do ip -n "$NS_S" addr add "$i/64" dev "$IF_S" nodad; done
  ip -n "$NS_C" link set "$IF_C" up; ip -n "$NS_R" link set "$IF_RC" up
  ip -n "$NS_R" link set "$IF_RS" up; ip -n "$NS_S" link set "$IF_S" up
  ip -n "$NS_C" route add "$S4_NET.0/24" via "$RTR_C4"; ip -n "$NS_C" route add "$S6_NET::/64" via "$RTR_C6"
  ip -n "$NS_S" route add "$C4_NET.0/24" via "$RTR_S4"; ip -n "$NS_S" route add "$C6_NET::/64" via "$RTR_S6"
  inR sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
      net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 >/dev/null
  inC ping -4 -n -q -c 1 -W 2 "$SERVER4" >/dev/null 2>&1 || die "lab IPv4 path does not work"
  inC ping -6 -n -q -c 1 -W 2 "$SERVER6" >/dev/null 2>&1 || die "lab IPv6 path does not work"
  for ns in "$NS_C" "$NS_R" "$NS_S"; do
    ip -n "$ns" neigh flush all >/dev/null 2>&1; ip -n "$ns" -6 neigh flush all >/dev/null 2>&1
    ip -n "$ns" route flush cache >/dev/null 2>&1
  done
  sleep 0.3
}

# -------------------------------------------------------------- captures
cap_start() {  # cap_start [SNAPLEN]
  local snap=${1:-$SNAPLEN} side ns ifc i
  CAP_C="$OUT/$NAME/client.pcap"; CAP_S="$OUT/$NAME/server.pcap"
  rm -f "$CAP_C" "$CAP_S"
  CAP_SNAPLEN=$snap
  for side in client server; do
    if [ $side = client ]; then ns=$NS_C; ifc=$IF_C; else ns=$NS_S; ifc=$IF_S; fi
    ip netns exec "$ns" timeout 120 tcpdump -i "$ifc" -n -U --immediate-mode -s "$snap" -Z root \
        -w "$OUT/$NAME/$side.pcap" 2>"$W/tcpdump.$side.err" &
    PIDS+=("$!")
    eval "TD_$side=\$!"
  done
  for i in $(seq 1 150); do
    grep -q "listening on" "$W/tcpdump.client.err" 2>/dev/null &&
      grep -q "listening on" "$W/tcpdump.server.err" 2>/dev/null && break
    sleep 0.1
  done
  grep -q "listening on" "$W/tcpdump.client.err" && grep -q "listening on" "$W/tcpdump.server.err" ||
    die "tcpdump did not start: $(cat "$W/tcpdump.client.err" "$W/tcpdump.server.err")"
  T0=$(now)
  NSTAT_HISTORY="$W/nstat.c" inC nstat -as >"$W/baseline.client.nstat" 2>&1
  NSTAT_HISTORY="$W/nstat.r" inR nstat -as >"$W/baseline.router.nstat" 2>&1
  NSTAT_HISTORY="$W/nstat.s" inS nstat -as >"$W/baseline.server.nstat" 2>&1
  sleep 0.2
}
cap_stop() {  # cap_stop [TAILSEC]
  sleep "${1:-0.5}"
  kill -INT "$TD_client" "$TD_server" 2>/dev/null
  wait_pid "$TD_client" 5; wait_pid "$TD_server" 5
  T_END=$(now)
}
SNAP_SEQ=0
snap() {  # snap TAG "description" [ss options]
  local tag=$1 when=${2:-} opts=${3:--tanoi} stem
  SNAP_SEQ=$((SNAP_SEQ + 1))
  stem="$W/snap/$(printf %02d $SNAP_SEQ)_$tag"
  inC ss $opts >"$stem.client.ss" 2>&1
  inS ss $opts >"$stem.server.ss" 2>&1
  NSTAT_HISTORY="$W/nstat.c" inC nstat -as >"$stem.client.nstat" 2>&1
  NSTAT_HISTORY="$W/nstat.s" inS nstat -as >"$stem.server.nstat" 2>&1
  "$PY" -c 'import json,sys; json.dump({"seq": int(sys.argv[2]), "tag": sys.argv[3], "t_offset_s": round(float(sys.argv[4]) - float(sys.argv[5]), 3), "when": sys.argv[6], "cmd": sys.argv[7]}, open(sys.argv[1], "w"))' \
      "$stem.meta" "$SNAP_SEQ" "$tag" "$(now)" "${T0:-$(now)}" "$when" "ss $opts"
}
final_state() {
  NSTAT_HISTORY="$W/nstat.c" inC nstat -as >"$W/final.client.nstat" 2>&1
  NSTAT_HISTORY="$W/nstat.r" inR nstat -as >"$W/final.router.nstat" 2>&1
  NSTAT_HISTORY="$W/nstat.s" inS nstat -as >"$W/final.server.nstat" 2>&1
  inR iptables-save -c >"$W/final.router.iptables" 2>&1
  inR ip6tables-save -c >"$W/final.router.ip6tables" 2>&1
}
wait_mark() {  # wait_mark NAME MAXSEC
  local i
  for i in $(seq 1 $(( ${2:-20} * 20 ))); do [ -e "$W/sync/$1" ] && return 0; sleep 0.05; done
  note "mark $1 not reached"; return 1
}
go() { : >"$W/sync/$1.go"; }
wait_listen() {  # wait_listen PROTO PORT
  local i flag=-ltnH
  [ "$1" = udp ] && flag=-lunH
  for i in $(seq 1 50); do
    inS ss $flag "sport = :$2" 2>/dev/null | grep -q . && return 0
    sleep 0.1
  done
  note "nothing listens on $1/$2"; return 1
}
wait_log() {  # wait_log FILE PATTERN MAXSEC
  local i
  for i in $(seq 1 $(( $3 * 10 ))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  note "no '$2' in $1"; return 1
}
# deterministic client source port per scenario
sport() { echo $(( 32768 + ( (SEED * 7919 + $1 * 104729 + $(echo "$NAME" | cksum | cut -d" " -f1) % 9973 * 31) % 28000 ) )); }

peer_server() {  # peer_server SCRIPT [extra peer.py options]
  local script=$1; shift
  bg_in "$NS_S" "$W/logs/server.out" timeout 90 "$PY" "$PEERS/peer.py" server "$SERVER" "$PORT" \
      --script "$script" --sync "$W/sync" --log "$W/logs/server.jsonl" --timeout 60 "$@"
  SPID=$LAST_PID
  wait_listen tcp "$PORT"
}
peer_client() {  # peer_client N SCRIPT [extra peer.py options]: client number N (source port)
  local n=$1 script=$2; shift 2
  bg_in "$NS_C" "$W/logs/client.out" timeout 90 "$PY" "$PEERS/peer.py" client "$SERVER" "$PORT" \
      --script "$script" --sync "$W/sync" --log "$W/logs/client.jsonl" --source-port "$(sport "$n")" "$@"
  CPID=$LAST_PID
}

# ------------------------------------------------------------ truth JSON
# expected C S B : labels per vantage (space-separated, "" = nothing wrong)
expected() {
  "$PY" -c 'import json,sys; print(json.dumps({k: v.split() for k, v in zip(("client", "server", "both"), sys.argv[1:4])}))' "$1" "$2" "$3"
}
conn_json() {  # conn_json CLIENT_PORT [SERVER_PORT] [SERVER_ADDR]
  echo "{\"proto\": \"tcp\", \"client\": \"$CLIENT\", \"client_port\": $1, \"server\": \"${3:-$SERVER}\", \"server_port\": ${2:-$PORT}}"
}
common_json() {
  cat <<EOF
  "lab_version": $LAB_VERSION,
  "made_by": "${VARIANT_ENV:-}${VARIANT_ENV:+ }tests/scenarios/lab.sh run ${SC_BASE:-$NAME} (FAMILY=$FAMILY)",
  "ip_version": $FAMILY,
  "client": {"addr": "$CLIENT", "mac": "$(mac 1 0 "$CLIENT_HOST")", "interface": "$IF_C"},
  "server": {"addr": "$SERVER", "mac": "$(mac 2 0 "$SERVER_HOST")", "interface": "$IF_S"},
  "router": {"client_side_addr": "$RTR_C", "server_side_addr": "$RTR_S", "client_side_mac": "$(mac 1 0 "$ROUTER_HOST")", "server_side_mac": "$(mac 2 0 "$ROUTER_HOST")"},
  "captures": {"client": {"vantage": "client host interface $IF_C", "snaplen": $CAP_SNAPLEN},
               "server": {"vantage": "server host interface $IF_S (one router hop from the client)", "snaplen": $CAP_SNAPLEN}},
  "kernel": {"release": "$(uname -r)", "tcp_congestion_control": "$(inC sysctl -n net.ipv4.tcp_congestion_control 2>/dev/null)", "tcp_syn_linear_timeouts": $(inC sysctl -n net.ipv4.tcp_syn_linear_timeouts 2>/dev/null || echo null)},
  "clock_note": "both captures on one machine, one clock: timestamps are comparable",
  "ttl_note": "server packets reach the client with TTL/hop limit 63; packets the router makes (ICMP errors) arrive with 64",
EOF
}
write_truth() {  # stdin: the scenario's JSON members (without braces)
  {
    echo "{"
    echo "  \"scenario\": \"$NAME\","
    echo "  \"scenario_base\": \"$SC_BASE\","
    common_json
    cat
    echo ","
    echo "  \"timing\": {\"capture_start_unix\": $T0, \"capture_end_unix\": ${T_END:-0}}"
    echo "}"
  } >"$W/base.json"
  "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$W/base.json" ||
    { cp "$W/base.json" "$OUT/$NAME/base.broken.json"; die "bad base JSON for $NAME"; }
  final_state
  "$PY" "$PEERS/mktruth.py" "$W/base.json" "$W" "$OUT/$NAME/truth.json" "$CAP_C" "$CAP_S" ||
    die "mktruth failed for $NAME"
}

# =========================================================== the scenarios
# Each sc_* sets up peers and rules, starts the captures (for mid-stream
# scenarios only once the connection carries data), acts, snapshots ss/nstat,
# stops the captures and writes truth.json. NAME, OUT, W are set by run_one.

# ---- server_went_silent -----------------------------------------------------
sc_server_went_silent() {
  local r=$REQ_BYTES p=$RESP_BYTES
  inC sysctl -qw "net.ipv4.tcp_retries2=$RETRIES2"
  peer_server "recv:$r;send:$p;recv:$r;send:$p;recv:$r;send:$p;close"
  peer_client 1 "send:$r;recv:$p;mark:midway;send:$r;recv:$p;mark:silent;send:$r;recv:$p;close"
  wait_mark midway 10
  cap_start                      # the capture starts mid-connection
  go midway
  wait_mark silent 10
  snap before "after two exchanges: both ESTAB"
  # the server host hangs: nothing in, nothing out (its NIC still sees the packets)
  inS $IPT -A INPUT -p tcp --dport "$PORT" -j DROP
  inS $IPT -A OUTPUT -p tcp --sport "$PORT" -j DROP
  local t_su; t_su=$(now); local t_silent; t_silent=$(fsub "$t_su" "$T0")
  sleep "$SILENT_AFTER"
  local t_req; t_req=$(fsub "$(now)" "$T0")
  go silent
  sleep 3
  snap retransmitting "the client retransmits its request: timer:(on,...) with a growing retransmit count"
  wait_pid "$CPID" 30
  snap gave_up "the client's kernel gave up after tcp_retries2=$RETRIES2 (ETIMEDOUT): no socket left"
  cap_stop 0.5
  write_truth <<EOF
  "description": "The capture starts on an established connection that has already exchanged one request/response (no handshake in the capture). One more request ($r bytes) and response ($p bytes) pass in the capture; then the server host stops answering (iptables DROP of everything to and from port $PORT inside the server namespace, as a hung host; the server's interface still sees the packets). $SILENT_AFTER s later the client sends a $r-byte request; its kernel retransmits it with exponential backoff (RTO doubling from ~0.2 s) until tcp_retries2=$RETRIES2 is exhausted and the connection times out (ETIMEDOUT), without any RST or FIN.",
  "expected": $(expected server_went_silent server_went_silent server_went_silent),
  "facts": {"connection": $(conn_json "$(sport 1)"), "capture_starts_mid_connection": true,
            "server_silent_from_s": $t_silent, "server_silent_from_unix": $t_su, "unanswered_request_sent_at_s": $t_req, "unanswered_request_bytes": $r,
            "client_tcp_retries2": $RETRIES2, "server_sends_nothing_after_s": $t_silent,
            "client_end": "ETIMEDOUT, no RST/FIN on the wire",
            "server_vantage": "the server's interface sees the request and every retransmission arrive, and nothing leave"},
  "parameters": {"REQ_BYTES": $r, "RESP_BYTES": $p, "SILENT_AFTER": $SILENT_AFTER, "RETRIES2": $RETRIES2, "PORT": $PORT}
EOF
}

# ---- path_broken -------------------------------------------------------------
sc_path_broken() {
  local r=$REQ_BYTES p=$RESP_BYTES rounds=40 i cs="" ss="" src dst
  for i in $(seq 1 $rounds); do cs="$cs;send:$r;recv:$p;sleep:0.3"; ss="$ss;recv:$r;send:$p"; done
  peer_server "${ss#;};close"
  cap_start
  peer_client 1 "${cs#;};close"
  wait_log "$W/logs/client.jsonl" connected 10
  sleep "$BREAK_AFTER"
  if [ "$BREAK_DIR" = c2s ]; then src=$CLIENT; dst=$SERVER; else src=$SERVER; dst=$CLIENT; fi
  inR $IPT -I FORWARD -s "$src" -d "$dst" -j DROP
  local t_unix; t_unix=$(now); local t_break; t_break=$(fsub "$t_unix" "$T0")
  sleep "$(fexpr "$HOLD / 2")"
  snap broken "the path drops $BREAK_DIR: both sides have unacknowledged data and retransmit"
  sleep "$(fexpr "$HOLD / 2")"
  cap_stop 0
  snap end "capture stopped while the path is still broken"
  local dirtext="server to client"; [ "$BREAK_DIR" = c2s ] && dirtext="client to server"
  # At the client a broken path is a silent server (its own retransmissions,
  # nothing back) unless the server's retransmissions arrive after the break:
  # they show the server alive and not hearing the client (c2s only).
  local at_client=server_went_silent heard=0
  if [ "$BREAK_DIR" = c2s ] && command -v tshark >/dev/null; then
    heard=$(tshark -r "$CAP_C" -Y "tcp.analysis.retransmission && (ip.src==$SERVER || ipv6.src==$SERVER) && frame.time_epoch > $t_unix" 2>/dev/null | wc -l)
    [ "$heard" -gt 0 ] && at_client=path_broken
  fi
  write_truth <<EOF
  "description": "Client and server exchange $r-byte requests and $p-byte responses every 0.3 s. $BREAK_AFTER s after the connection is up ($t_break s after the capture started) the router starts dropping every packet from $src to $dst ($dirtext) and keeps doing so for the remaining $HOLD s of the capture. The sending side retransmits with backoff; the other direction keeps working$(if [ "$BREAK_DIR" = c2s ]; then echo ": the client's requests and retransmissions vanish, the server receives nothing more and sends nothing (it waits for the next request)"; else echo ": the server still receives the client's requests and retransmissions and answers them with responses and duplicate ACKs that never arrive"; fi).",
  "expected": $(if [ "$BREAK_DIR" = c2s ]; then expected $at_client established path_broken; else expected $at_client path_broken path_broken; fi),
  "expected_note": "client: the client sees its own retransmissions with backoff and nothing back, exactly what a server that went silent looks like (server_went_silent, whose cause names the broken path too); only server retransmissions arriving after the break ($heard here, c2s only) prove the server alive and deaf (path_broken). s2c: the server sees the client's requests and retransmissions arrive and its own answers never acknowledged; c2s: the server capture alone shows a connection whose client simply went quiet (established, nothing outstanding)",
  "facts": {"connection": $(conn_json "$(sport 1)"), "broken_direction": "$BREAK_DIR", "broken_from": "$src", "broken_to": "$dst",
            "break_at_s": $t_break, "break_at_unix": $t_unix, "break_after_connect_s": $BREAK_AFTER, "capture_ends_while_broken": true},
  "parameters": {"REQ_BYTES": $r, "RESP_BYTES": $p, "BREAK_AFTER": $BREAK_AFTER, "BREAK_DIR": "$BREAK_DIR", "HOLD": $HOLD, "PORT": $PORT}
EOF
}

# ---- path_mtu_blackhole / path_mtu_icmp_ok --------------------------------------------
pmtu_common() {  # pmtu_common DROP_ICMP(1|0)
  local drop=$1 r=$REQ_BYTES head=300
  inS sysctl -qw net.ipv4.tcp_mtu_probing=0
  if [ "$drop" = 1 ]; then
    inR iptables -A OUTPUT -p icmp --icmp-type fragmentation-needed -j DROP
    inR ip6tables -A OUTPUT -p icmpv6 --icmpv6-type packet-too-big -j DROP
  fi
  peer_server "recv:$r;send:$head;sleep:0.2;send:$BULK_BYTES;eof;close"
  cap_start "$BULK_SNAPLEN"
  peer_client 1 "send:$r;recv:$head;recv:$BULK_BYTES;close" --recv-timeout 8
  sleep 4
  snap during "4 s into the download"
  wait_pid "$CPID" 12
  sleep 0.5
  snap end "client finished (or gave up after its 8 s read timeout)"
  cap_stop 0.5
}
sc_path_mtu_blackhole() {
  pmtu_common 1
  write_truth <<EOF
  "description": "The client ($CLIENT, link MTU 1500, advertises MSS $([ "$FAMILY" = 6 ] && echo 1440 || echo 1460)) downloads from the server ($SERVER, link MTU 1500). The router's client-side hop has MTU $PMTU_MTU and the router drops the ICMP it generates (fragmentation needed / packet too big), so the server never learns the path MTU (tcp_mtu_probing=0). The request ($REQ_BYTES B) and the first small response (300 B) pass; every full-size segment of the $BULK_BYTES-byte body vanishes at the router, and the server retransmits them with exponential backoff. The client application gives up after an 8 s read timeout and closes (FIN).",
  "expected": $(expected path_mtu_blackhole path_mtu_blackhole path_mtu_blackhole),
  "facts": {"connection": $(conn_json "$(sport 1)"), "hop_mtu": $PMTU_MTU, "link_mtu": 1500,
            "mss_advertised_by_client": $([ "$FAMILY" = 6 ] && echo 1440 || echo 1460),
            "largest_payload_that_got_through": 300, "icmp_frag_needed_reaches_server": false,
            "icmp_dropped_by": "router OUTPUT chain", "tcp_mtu_probing_on_server": 0},
  "parameters": {"PMTU_MTU": $PMTU_MTU, "BULK_BYTES": $BULK_BYTES, "REQ_BYTES": $REQ_BYTES, "PORT": $PORT}
EOF
}
sc_path_mtu_icmp_ok() {
  pmtu_common 0
  local mss=$([ "$FAMILY" = 6 ] && echo $((PMTU_MTU - 60)) || echo $((PMTU_MTU - 40)))
  write_truth <<EOF
  "description": "Same path as path_mtu_blackhole (router hop MTU $PMTU_MTU, links 1500) but the router's ICMP fragmentation-needed / packet-too-big reaches the server: its kernel lowers the path MTU to $PMTU_MTU and retransmits in smaller segments; the $BULK_BYTES-byte download completes. Path MTU discovery working as designed.",
  "expected": $(expected closed_normally closed_normally closed_normally),
  "facts": {"connection": $(conn_json "$(sport 1)"), "hop_mtu": $PMTU_MTU, "link_mtu": 1500,
            "icmp_frag_needed_reaches_server": true, "segment_payload_after_pmtud_max": $((mss - 12)),
            "note": "payload after PMTUD = hop MTU - IP header - TCP header with timestamps (12 option bytes)"},
  "parameters": {"PMTU_MTU": $PMTU_MTU, "BULK_BYTES": $BULK_BYTES, "REQ_BYTES": $REQ_BYTES, "PORT": $PORT}
EOF
}

# ---- server_app_slow / client_app_slow --------------------------------------------------
sc_server_app_slow() {
  local r=$REQ_BYTES p=$RESP_BYTES
  peer_server "recv:$r;sleep:$THINK;send:$p;eof;close"
  cap_start
  peer_client 1 "send:$r;recv:$p;close"
  wait_pid "$CPID" "$(secs "$THINK + 10")"; wait_pid "$SPID" 5
  sleep 0.3
  snap end "after the close"
  cap_stop 0.3
  write_truth <<EOF
  "description": "Client sends a $r-byte request; the server's kernel ACKs it at once (a pure ACK, within the delayed-ACK time), the server application thinks for $THINK s, then sends a $p-byte response; the client closes (FIN first), the server closes. The network RTT is well under a millisecond: all the waiting is the server application's.",
  "expected": $(expected server_app_slow server_app_slow server_app_slow),
  "facts": {"connection": $(conn_json "$(sport 1)"), "server_think_time_s": $THINK, "request_bytes": $r, "response_bytes": $p,
            "network_rtt": "sub-millisecond (veth + one router hop)"},
  "parameters": {"THINK": $THINK, "REQ_BYTES": $r, "RESP_BYTES": $p, "PORT": $PORT}
EOF
}
sc_client_app_slow() {
  local r=$REQ_BYTES p=$RESP_BYTES banner=120
  peer_server "send:$banner;recv:$r;send:$p;eof;close"
  cap_start
  peer_client 1 "recv:$banner;sleep:$THINK;send:$r;recv:$p;close"
  wait_pid "$CPID" "$(secs "$THINK + 10")"; wait_pid "$SPID" 5
  sleep 0.3
  snap end "after the close"
  cap_stop 0.3
  write_truth <<EOF
  "description": "The server sends a $banner-byte banner as soon as the connection is up (as SMTP/FTP/SSH servers do); the client's kernel ACKs it; the client application waits $THINK s before sending its $r-byte request; the server answers at once with $p bytes; the client closes first.",
  "expected": $(expected client_app_slow client_app_slow client_app_slow),
  "facts": {"connection": $(conn_json "$(sport 1)"), "client_think_time_s": $THINK, "banner_bytes": $banner, "request_bytes": $r, "response_bytes": $p},
  "parameters": {"THINK": $THINK, "REQ_BYTES": $r, "RESP_BYTES": $p, "PORT": $PORT}
EOF
}

# ---- listen_queue_full / listen_queue_full_abort ----------------------------------------
queue_common() {  # queue_common ABORT_ON_OVERFLOW(0|1) BACKLOG SYNCOOKIES
  local abort=$1 r=$REQ_BYTES i ports=""
  Q_BACKLOG=$2; Q_COOKIES=$3
  inS sysctl -qw "net.ipv4.tcp_abort_on_overflow=$abort" "net.ipv4.tcp_syncookies=$Q_COOKIES"
  bg_in "$NS_S" "$W/logs/server.out" timeout 60 "$PY" "$PEERS/peer.py" server "$SERVER" "$PORT" \
      --listen-only --backlog "$Q_BACKLOG" --timeout $((QUEUE_HOLD + 10)) --log "$W/logs/server.jsonl"
  SPID=$LAST_PID
  wait_listen tcp "$PORT"
  # a WAN-like path (QUEUE_DELAY_MS each way, NFQUEUE): the burst's SYNs all
  # reach the listener before the first handshake ACK does
  bg_in "$NS_R" "$W/logs/impair.out" timeout 60 "$PY" "$PEERS/impair.py" --queue 11 --loss 0 --reorder 0 \
      --base-delay-ms "$QUEUE_DELAY_MS" --seed "$SEED" --log "$W/logs/impair.jsonl" --lifetime 40
  wait_log "$W/logs/impair.out" ready 5 || die "impair.py did not start"
  inR $IPT -A FORWARD -p tcp --dport "$PORT" -j NFQUEUE --queue-num 11 --queue-bypass
  inR $IPT -A FORWARD -p tcp --sport "$PORT" -j NFQUEUE --queue-num 11 --queue-bypass
  cap_start
  Q_EARLY=0
  if [ "$Q_COOKIES" = 0 ]; then
    # one client comes first and waits in the accept queue: the burst's SYN
    # queue then holds more handshakes than the accept queue has room for
    Q_EARLY=1
    peer_client 20 "send:$r;recv:$RESP_BYTES;close" --timeout 8 --recv-timeout 5
    wait_log "$W/logs/client.jsonl" connected 10
    ports="$(sport 20)"
    sleep 0.5
  fi
  # the clients connect at the same moment, as a burst of users would
  peer_client 1 "send:$r;recv:$RESP_BYTES;close" --timeout 8 --recv-timeout 5 --parallel "$QUEUE_CLIENTS"
  for i in $(seq 0 $((QUEUE_CLIENTS - 1))); do ports="$ports${ports:+, }$(( $(sport 1) + i ))"; done
  sleep 2
  snap queued "2 s after the burst: the listener's Recv-Q (accept queue) is full; SYN-RECV and ESTAB-never-accepted sockets" "-tanoi"
  sleep "$(fexpr "$QUEUE_HOLD - 2")"
  snap end "end of the capture: the application never called accept()"
  cap_stop 0
  QUEUE_PORTS=$ports
}
client_outcomes() {  # by source port: what the client's socket calls returned, and
  # whether the server's kernel ACKed its request (server capture, tshark)
  "$PY" - "$W/logs/client.jsonl" "$CAP_S" "$PORT" <<'PYEOF'
import json, subprocess, sys
acked = set()
try:
    rows = subprocess.run(["tshark", "-r", sys.argv[2], "-Y", "tcp.srcport == %s && tcp.ack > 1" % sys.argv[3],
                           "-T", "fields", "-e", "tcp.dstport"], capture_output=True, text=True, timeout=60).stdout
    acked = set(rows.split())
except OSError:
    pass
out = {}
for line in open(sys.argv[1]):
    e = json.loads(line)
    port = e.get("port")
    if not port:
        continue
    o = out.setdefault(str(port), [])
    if e["ev"] in ("connected", "connect_failed", "error", "received"):
        o.append(e["ev"] + ("" if e["ev"] in ("connected", "received") else ":" + e.get("errno", "")))
for port, o in out.items():
    o.append("request_acked_by_server" if port in acked else "request_never_acked")
print(json.dumps(out))
PYEOF
}
queue_truth() {  # queue_truth ABORT DESCRIPTION_TAIL
  write_truth <<EOF
  "description": "The server application listens on $SERVER port $PORT with listen(backlog=$Q_BACKLOG) and never calls accept() (a hung or overloaded server). $QUEUE_CLIENTS clients (threads of one process) call connect() at the same moment and each sends a $REQ_BYTES-byte request (connect timeout 8 s, read timeout 5 s, then close) over a path with $QUEUE_DELAY_MS ms one-way delay, so all their SYNs reach the listener before any handshake ACK. The accept queue holds backlog+1 = $((Q_BACKLOG + 1)) connections: their handshakes complete and their requests are ACKed by the server's kernel but never read or answered. $2 See ss_snapshots (listener Recv-Q, SYN-RECV sockets) and the server's TcpExtListenOverflows / TcpExtListenDrops counters.",
  "expected": $(expected listen_queue_full listen_queue_full listen_queue_full),
  "facts": {"server": "$SERVER", "server_port": $PORT, "backlog": $Q_BACKLOG, "accept_queue_capacity": $((Q_BACKLOG + 1)), "tcp_syncookies": $Q_COOKIES,
            "clients": $((QUEUE_CLIENTS + Q_EARLY)), "early_client": $Q_EARLY, "client_ports": [$QUEUE_PORTS], "tcp_abort_on_overflow": $1,
            "application_accepts": false, "one_way_delay_ms": $QUEUE_DELAY_MS,
            "client_outcomes": $(client_outcomes)},
  "parameters": {"BACKLOG": $Q_BACKLOG, "QUEUE_CLIENTS": $QUEUE_CLIENTS, "QUEUE_HOLD": $QUEUE_HOLD, "QUEUE_DELAY_MS": $QUEUE_DELAY_MS, "REQ_BYTES": $REQ_BYTES, "PORT": $PORT}
EOF
}
sc_listen_queue_full() {
  queue_common 0 "$BACKLOG" 1
  queue_truth 0 "With the Linux defaults (tcp_syncookies=1, tcp_abort_on_overflow=0): the first SYN gets a normal SYN|ACK, the others arrive while the SYN queue (limit = backlog) is full and get SYN-cookie SYN|ACKs (TcpExtTCPReqQFullDoCookies). All clients complete their handshake and send their request; two handshake ACKs fill the accept queue, the other handshake ACKs and every later segment of those connections find it full and are dropped silently (TcpExtListenOverflows, TcpExtSyncookiesRecv), so those clients believe they are connected and retransmit their request with backoff, never ACKed; the server (having no request socket for a cookie) retransmits nothing. The two queued connections have their requests ACKed and never answered; their clients time out and send FIN."
}
sc_listen_queue_full_abort() {
  queue_common 1 "$ABORT_BACKLOG" 0
  queue_truth 1 "Here tcp_syncookies=0 and tcp_abort_on_overflow=1, and one more client connected alone 0.5 s before the burst (it sits in the accept queue): the burst's SYNs fill the SYN queue and get SYN|ACKs, but the accept queue has room for fewer of their handshake ACKs, and the server's kernel answers the overflowing handshake ACKs with a RST (the client's first read fails with ECONNRESET). SYNs beyond the SYN queue, and SYNs arriving while the accept queue is full, are dropped silently and retransmitted by their clients until they give up."
}

# ---- idle_timeout_by_middlebox --------------------------------------------------------------
sc_idle_timeout_by_middlebox() {
  local r=$REQ_BYTES p=$RESP_BYTES
  # a stateful firewall: only packets of known connections, and SYNs, pass
  inR $IPT -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
  inR $IPT -A FORWARD -p tcp --syn -m conntrack --ctstate NEW -j ACCEPT
  inR $IPT -A FORWARD -j DROP
  inR sysctl -qw "net.netfilter.nf_conntrack_tcp_timeout_established=$CT_TIMEOUT" ||
    die "cannot set the conntrack timeout in the router namespace"
  peer_server "recv:$r;send:$p;recv:$r;send:$p;eof;close" --serve 2
  cap_start
  peer_client 1 "send:$r;recv:$p;sleep:$IDLE;send:$r;recv:$p;close" --recv-timeout "$APP_TIMEOUT"
  local c1=$CPID
  wait_log "$W/logs/client.jsonl" '"received"' 10
  local t_first; t_first=$(now)
  sleep "$(fexpr "$IDLE - 1")"
  snap idle "idle for $(fexpr "$IDLE - 1") s: both sockets ESTAB, the router's conntrack entry already expired (timeout $CT_TIMEOUT s)"
  sleep 3
  snap retransmitting "the client's request after the idle period is dropped by the router: the client retransmits; the server sees nothing"
  wait_pid "$c1" "$(secs "$APP_TIMEOUT + 5")"
  local t_retry; t_retry=$(now)
  # the application gives up on the dead connection and opens a new one
  peer_client 2 "send:$r;recv:$p;send:$r;recv:$p;close"
  wait_pid "$CPID" 10
  sleep 0.5
  snap end "the new connection worked; the old one is still ESTAB on the server"
  cap_stop 0.3
  write_truth <<EOF
  "description": "A stateful firewall on the router (conntrack: ESTABLISHED,RELATED accepted; NEW only with SYN; everything else dropped) forgets established TCP connections after $CT_TIMEOUT s of silence (nf_conntrack_tcp_timeout_established=$CT_TIMEOUT). The client exchanges a request/response with the server ($r/$p bytes), stays idle for $IDLE s, then sends another request: the router drops it (no conntrack entry, not a SYN), so the client retransmits it with backoff and the server never sees it. After an application read timeout of $APP_TIMEOUT s the client closes (its FIN is dropped too) and opens a NEW connection to the same server, which works at once (two request/response exchanges, normal close).",
  "expected": $(expected "idle_timeout_by_middlebox closed_normally" "established closed_normally" "idle_timeout_by_middlebox closed_normally"),
  "expected_note": "the server capture alone shows only an idle connection that is still open (established: nothing arrived after the first exchange) plus a normal second connection; the failure is visible from the client and from both",
  "facts": {"failed_connection": $(conn_json "$(sport 1)"), "new_connection": $(conn_json "$(sport 2)"),
            "idle_gap_s": $IDLE, "conntrack_timeout_s": $CT_TIMEOUT, "app_read_timeout_s": $APP_TIMEOUT,
            "first_exchange_done_unix": $t_first, "new_connection_at_unix": $t_retry,
            "server_sees_request_after_idle": false, "new_connection_works": true},
  "parameters": {"CT_TIMEOUT": $CT_TIMEOUT, "IDLE": $IDLE, "APP_TIMEOUT": $APP_TIMEOUT, "REQ_BYTES": $r, "RESP_BYTES": $p, "PORT": $PORT}
EOF
}

# ---- reset_by_peer_after_restart ----------------------------------------------------------------
sc_reset_by_peer_after_restart() {
  local r=$REQ_BYTES p=$RESP_BYTES
  peer_server "recv:$r;send:$p;recv:$r;send:$p;close"
  local old=$SPID
  cap_start
  peer_client 1 "send:$r;recv:$p;mark:idle;sleep:$RESTART_IDLE;send:$r;recv:$p;close"
  wait_mark idle 10; go idle
  local t_idle; t_idle=$(now)
  sleep 0.5
  snap before_restart "both ESTAB, idle"
  # the server host restarts: its TCP state is lost and nothing it would send
  # while going down (FIN, RST) leaves the host
  inS $IPT -A OUTPUT -p tcp --sport "$PORT" -j DROP
  kill -KILL "$old" 2>/dev/null; wait "$old" 2>/dev/null
  inS ss -K -tn "( sport = :$PORT )" >/dev/null 2>&1
  inS $IPT -D OUTPUT -p tcp --sport "$PORT" -j DROP
  local t_restart; t_restart=$(now)
  snap after_restart "the server has no socket of the connection any more; the client is still ESTAB"
  peer_server "recv:$r;send:$p;close" --timeout 20   # the restarted service listens again
  wait_pid "$CPID" "$(secs "$RESTART_IDLE + 5")"
  sleep 0.3
  snap end "after the client's data met the RST"
  cap_stop 0.3
  write_truth <<EOF
  "description": "Client and server exchange a request/response ($r/$p bytes), then the connection is idle. Meanwhile the server restarts and loses all TCP state without a FIN or RST reaching the wire (the process is killed and its socket destroyed while the server drops its own outgoing packets; then the service listens on port $PORT again). $RESTART_IDLE s after the exchange the client sends a new request: the server's kernel has no such connection and answers with a RST. There is no FIN from the server before the RST.",
  "expected": $(expected reset_by_peer_after_restart reset_by_peer_after_restart reset_by_peer_after_restart),
  "facts": {"connection": $(conn_json "$(sport 1)"), "idle_gap_s": $RESTART_IDLE, "idle_from_unix": $t_idle,
            "server_restarted_unix": $t_restart, "fin_before_rst": false, "rst_from": "$SERVER",
            "rst_answers": "the client's first data after the idle gap"},
  "parameters": {"RESTART_IDLE": $RESTART_IDLE, "REQ_BYTES": $r, "RESP_BYTES": $p, "PORT": $PORT}
EOF
}

# ---- request_on_closed_connection ---------------------------------------------------------------
sc_request_on_closed_connection() {
  local p=$RESP_BYTES late
  late=$(awk "BEGIN{print $KEEPALIVE + 0.3}")
  peer_server "reqhdr;reply:$p;sleep:$KEEPALIVE;close"
  cap_start
  peer_client 1 "get:/index.html;resphdr;sleep:$late;get:/next.html;resphdr;close"
  wait_pid "$SPID" "$(secs "$KEEPALIVE + 10")"
  snap server_closed "the server closed the idle keep-alive connection: server FIN-WAIT-2 (orphan), client CLOSE-WAIT"
  wait_pid "$CPID" 10
  sleep 0.3
  snap end "after the RST"
  cap_stop 0.3
  write_truth <<EOF
  "description": "HTTP/1.1 keep-alive race. The client sends GET /index.html, the server answers 200 OK ($p-byte body, Connection: keep-alive, Keep-Alive: timeout=$KEEPALIVE). After $KEEPALIVE s idle the server closes the connection (FIN; its socket is then closed by the application, FIN-WAIT-2 orphan). The client's kernel ACKs the FIN, but the client application has not noticed and $late s after the response sends its next request (GET /next.html) on the half-closed connection: the server's kernel answers with a RST (TcpExtTCPAbortOnData). The request is lost; a browser would retry it on a new connection.",
  "expected": $(expected request_on_closed_connection request_on_closed_connection request_on_closed_connection),
  "facts": {"connection": $(conn_json "$(sport 1)"), "keepalive_timeout_s": $KEEPALIVE, "request_after_fin_s": 0.3,
            "fin_from": "$SERVER", "rst_from": "$SERVER", "requests": ["GET /index.html", "GET /next.html"],
            "rst_answers": "GET /next.html, sent after the server's FIN arrived"},
  "parameters": {"KEEPALIVE": $KEEPALIVE, "RESP_BYTES": $p, "PORT": $PORT}
EOF
}

# ---- tls_handshake_failed / tls_unknown_ca -------------------------------------------------------
tls_common() {  # tls_common SERVER_OPTS CLIENT_OPTS
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
      -subj "/CN=lab.tcpsleuth.test" -keyout "$W/key.pem" -out "$W/cert.pem" >/dev/null 2>&1 ||
    die "openssl could not make a certificate"
  bg_in "$NS_S" "$W/logs/tls_server.out" timeout 40 "$PY" "$PEERS/tls.py" server "$SERVER" "$TLS_PORT" \
      --cert "$W/cert.pem" --key "$W/key.pem" --log "$W/logs/tls_server.jsonl" $1
  SPID=$LAST_PID
  wait_listen tcp "$TLS_PORT"
  cap_start
  bg_in "$NS_C" "$W/logs/tls_client.out" timeout 40 "$PY" "$PEERS/tls.py" client "$SERVER" "$TLS_PORT" \
      --source-port "$(sport 1)" --log "$W/logs/tls_client.jsonl" $2
  CPID=$LAST_PID
  wait_pid "$CPID" 15; wait_pid "$SPID" 5
  sleep 0.3
  snap end "after the failed handshake"
  cap_stop 0.3
  TLS_ALERT=$(tls_alert "$CAP_C")
}
tls_alert() {  # the TLS alerts on the wire, read back with tshark when present
  command -v tshark >/dev/null 2>&1 || { echo null; return; }
  timeout 20 tshark -r "$1" -d "tcp.port==$TLS_PORT,tls" -Y tls.alert_message -T fields \
      -e ip.src -e ipv6.src -e tls.alert_message.level -e tls.alert_message.desc 2>/dev/null |
    "$PY" -c 'import json,sys; print(json.dumps([dict(zip(("from","level","description"), [l.split("\t")[0] or l.split("\t")[1]] + [int(x) for x in l.split("\t")[2:4]])) for l in sys.stdin if l.strip()]))'
}
sc_tls_handshake_failed() {
  tls_common "--min-version 1.3" "--max-version 1.2 --no-verify"
  write_truth <<EOF
  "description": "TLS server (Python ssl / OpenSSL 3) on $SERVER port $TLS_PORT with a self-signed certificate accepts only TLS 1.3; the client offers at most TLS 1.2. The server answers the ClientHello with a fatal alert protocol_version (level 2, description 70) in plaintext and closes; no ServerHello. The TCP connection itself is healthy (handshake, FINs).",
  "expected": $(expected tls_handshake_failed tls_handshake_failed tls_handshake_failed),
  "facts": {"connection": $(conn_json "$(sport 1)" "$TLS_PORT"), "alert_from": "server", "alert_sender": "$SERVER",
            "alert_level": 2, "alert_level_name": "fatal", "alert_description": 70, "alert_description_name": "protocol_version",
            "alerts_on_wire": $TLS_ALERT, "server_min_version": "TLSv1.3", "client_max_version": "TLSv1.2"},
  "parameters": {"TLS_PORT": $TLS_PORT}
EOF
}
sc_tls_unknown_ca() {
  tls_common "--max-version 1.2" "--verify"
  write_truth <<EOF
  "description": "TLS server (Python ssl / OpenSSL 3) on $SERVER port $TLS_PORT presents a self-signed certificate (CN lab.tcpsleuth.test); the client verifies certificates against an empty trust store and rejects it: the client sends a fatal alert unknown_ca (level 2, description 48) after the server's Certificate and closes. The server is limited to TLS 1.2 so that the certificate and the alert are in plaintext on the wire (with TLS 1.3 they are encrypted). The client's kernel then ends the connection with a RST, not a FIN: OpenSSL stopped reading at the bad Certificate, so the rest of the server's flight (ServerKeyExchange, ServerHelloDone) is still unread in the socket when the client closes. The RST is part of this failure, not a separate one.",
  "expected": $(expected tls_handshake_failed tls_handshake_failed tls_handshake_failed),
  "facts": {"connection": $(conn_json "$(sport 1)" "$TLS_PORT"), "alert_from": "client", "alert_sender": "$CLIENT",
            "alert_level": 2, "alert_level_name": "fatal", "alert_description": 48, "alert_description_name": "unknown_ca",
            "alerts_on_wire": $TLS_ALERT, "tls_version": "TLSv1.2", "tcp_end": "client RST (unread handshake records) after the server's FIN"},
  "parameters": {"TLS_PORT": $TLS_PORT}
EOF
}

sc_tls_unknown_ca_tls13() {
  tls_common "--min-version 1.3" "--verify"
  write_truth <<EOF
  "description": "As tls_unknown_ca, but with TLS 1.3 (the default of current clients and servers): the server's Certificate travels encrypted (the server's flight shows as ServerHello, ChangeCipherSpec and application_data records), the client cannot verify the self-signed certificate and sends a fatal alert unknown_ca (level 2, description 48) that is still in plaintext (OpenSSL switches the client's write keys only when it sends its Finished), then closes with a RST (the rest of the server's flight is unread). A diagnosis can read the alert although the certificate itself is hidden.",
  "expected": $(expected tls_handshake_failed tls_handshake_failed tls_handshake_failed),
  "facts": {"connection": $(conn_json "$(sport 1)" "$TLS_PORT"), "alert_from": "client", "alert_sender": "$CLIENT",
            "alert_level": 2, "alert_level_name": "fatal", "alert_description": 48, "alert_description_name": "unknown_ca",
            "alert_in_clear": true, "server_certificate_encrypted": true,
            "alerts_on_wire": $TLS_ALERT, "tls_version": "TLSv1.3", "tcp_end": "client RST right after its alert"},
  "parameters": {"TLS_PORT": $TLS_PORT}
EOF
}

# ---- host_unreachable -----------------------------------------------------------------------
sc_host_unreachable() {
  local i attempts=2
  cap_start
  for i in $(seq 1 $attempts); do
    bg_in "$NS_C" "$W/logs/client.out" timeout 30 "$PY" "$PEERS/peer.py" client "$UNUSED" "$PORT" \
        --timeout 10 --log "$W/logs/client.jsonl" --source-port "$(sport "$i")"
    [ "$i" = 1 ] && { sleep 1.5; snap resolving "the router is resolving $UNUSED: client SYN-SENT" "-tanoi"; }
    wait_pid "$LAST_PID" 15
    sleep 1
  done
  snap end "both connects failed (EHOSTUNREACH)"
  cap_stop 0.3
  local what="ARP" icmp="ICMP host unreachable (type 3 code 1)"
  [ "$FAMILY" = 6 ] && { what="Neighbor Solicitation"; icmp="ICMPv6 address unreachable (type 1 code 3)"; }
  write_truth <<EOF
  "description": "The client connects to $UNUSED port $PORT, an address on the server's subnet that no host uses ($attempts attempts, 1 s apart). The router tries to resolve it ($what to $UNUSED on the server-side link, three tries about 1 s apart, unanswered), then drops the queued SYNs and sends the client $icmp; the client's connect() fails with EHOSTUNREACH. The server capture sees only the router's unanswered $what requests.",
  "expected": $(expected host_unreachable host_unreachable host_unreachable),
  "expected_note": "one finding for the target with attempts=$attempts (as refused groups its attempts); the server capture holds no TCP at all, only the router's unanswered address resolution for $UNUSED",
  "facts": {"target": "$UNUSED", "target_port": $PORT, "attempts": $attempts, "client_ports": [$(sport 1), $(sport 2)],
            "icmp_from": "$RTR_C", "icmp": "$icmp", "resolution": "$what for $UNUSED from $RTR_S, unanswered",
            "client_error": "EHOSTUNREACH"},
  "parameters": {"UNUSED_HOST": $UNUSED_HOST, "PORT": $PORT}
EOF
}

# ---- dns_* ----------------------------------------------------------------------------------
dns_start() {  # dns_start MODE: the DNS server in MODE, the capture, then the client's lookup
  bg_in "$NS_S" "$W/logs/dns_server.out" timeout 40 "$PY" "$PEERS/dns.py" server "$SERVER" "$DNS_PORT" \
      --mode "$1" --lifetime 30 --log "$W/logs/dns_server.jsonl"
  SPID=$LAST_PID
  wait_listen udp "$DNS_PORT"
  cap_start
  bg_in "$NS_C" "$W/logs/dns_client.out" timeout 30 "$PY" "$PEERS/dns.py" client "$SERVER" "$DNS_PORT" \
      --name "$DNS_NAME" --timeout "$DNS_TIMEOUT" --attempts "$DNS_ATTEMPTS" --source-port "$(sport 1)" \
      --seed "$SEED" --log "$W/logs/dns_client.jsonl"
  CPID=$LAST_PID
}
dns_common() {  # dns_common MODE
  dns_start "$1"
  wait_pid "$CPID" 20
  cap_stop 0.3
  DNS_Q=$(grep -c '"query"' "$W/logs/dns_client.jsonl")
}
dns_truth() {  # dns_truth LABEL RCODE RCODE_NAME TEXT
  write_truth <<EOF
  "description": "A stub resolver on the client (glibc-like: A and AAAA together from one UDP socket, options timeout:$DNS_TIMEOUT attempts:$DNS_ATTEMPTS) looks up $DNS_NAME at the DNS server $SERVER port $DNS_PORT. $4 Queries sent: $DNS_Q.",
  "expected": $(expected "$1" "$1" "$1"),
  "facts": {"resolver": "$SERVER", "resolver_port": $DNS_PORT, "client_port": $(sport 1), "qname": "$DNS_NAME", "qtypes": ["A", "AAAA"],
            "rcode": $2, "rcode_name": "$3", "attempts": $DNS_ATTEMPTS, "timeout_s": $DNS_TIMEOUT, "queries_sent": $DNS_Q},
  "parameters": {"DNS_NAME": "$DNS_NAME", "DNS_TIMEOUT": $DNS_TIMEOUT, "DNS_ATTEMPTS": $DNS_ATTEMPTS, "DNS_PORT": $DNS_PORT}
EOF
}
sc_dns_no_answer() {
  dns_common silent
  dns_truth dns_no_answer null "" "The server host is up and its DNS process reads the queries but never answers (no ICMP either): the resolver sends the A and AAAA queries $DNS_ATTEMPTS times, $DNS_TIMEOUT s apart, each attempt with new query IDs from the same source port, and gives up."
}
sc_dns_nxdomain() {
  dns_common nxdomain
  dns_truth dns_nxdomain 3 NXDOMAIN "Both queries are answered at once with RCODE 3 (NXDOMAIN, authoritative): the name does not exist; the resolver stops after the first attempt."
}
sc_dns_servfail() {
  dns_common servfail
  dns_truth dns_servfail 2 SERVFAIL "Every query is answered with RCODE 2 (SERVFAIL): the resolver tries again, $DNS_ATTEMPTS attempts in all."
}
sc_dns_refused() {
  dns_common refused
  dns_truth dns_refused 5 REFUSED "Every query is answered with RCODE 5 (REFUSED, e.g. recursion not allowed for this client): the resolver tries again, $DNS_ATTEMPTS attempts in all."
}
sc_dns_query_at_capture_end() {
  dns_start silent
  wait_log "$W/logs/dns_client.jsonl" '"query"' 10
  cap_stop "$DNS_TAIL"
  DNS_Q=$(grep -c '"query"' "$W/logs/dns_client.jsonl")
  wait_pid "$CPID" 20
  dns_truth dns_pending null "" "The server would never answer, but the capture stops $DNS_TAIL s after the first queries, sooner than any answer from a working resolver would be certain and before the resolver's first retry ($DNS_TIMEOUT s): the capture cannot tell whether the lookup was answered."
}

sc_dns_search_expansion() {
  # The client's real glibc resolver: `ip netns exec` mounts /etc/netns/NS/resolv.conf over
  # /etc/resolv.conf, and glibc always asks port 53.
  [ "$DNS_PORT" = 53 ] || die "dns_search_expansion needs DNS_PORT=53 (glibc asks port 53)"
  local etc="/etc/netns/$NS_C" out nx
  mkdir -p "$etc"
  printf 'nameserver %s\nsearch %s\noptions ndots:%s timeout:%s attempts:1\n' \
    "$SERVER" "${DNS_SEARCH//,/ }" "$DNS_NDOTS" "$DNS_TIMEOUT" >"$etc/resolv.conf"
  bg_in "$NS_S" "$W/logs/dns_server.out" timeout 40 "$PY" "$PEERS/dns.py" server "$SERVER" 53 \
      --mode search --name "$DNS_NAME" --lifetime 30 --log "$W/logs/dns_server.jsonl"
  wait_listen udp 53
  cap_start
  out=$(inC timeout 20 getent ahosts "$DNS_NAME" | head -1 || true)
  cap_stop 0.3
  rm -rf "$etc"
  DNS_Q=$(grep -c '"answered"' "$W/logs/dns_server.jsonl")
  nx=$(grep '"answered"' "$W/logs/dns_server.jsonl" | grep -c '"rcode": 3')
  [ "$nx" -gt 0 ] && [ -n "$out" ] || die "dns_search_expansion: expected NXDOMAIN candidates and an answer (got $nx NXDOMAIN, getent: '$out')"
  write_truth <<EOF
  "description": "The client's glibc resolver (getent ahosts $DNS_NAME) has 'search ${DNS_SEARCH//,/ }' and 'options ndots:$DNS_NDOTS' in resolv.conf: the name has fewer dots than ndots, so glibc first asks for the name with each search domain appended (A and AAAA), gets NXDOMAIN, then asks for $DNS_NAME itself and gets its address ($out). The NXDOMAIN is how the search list works, not a failure. Queries answered: $DNS_Q ($nx NXDOMAIN).",
  "expected": $(expected "$(dns_search_labels "$CAP_C")" "$(dns_search_labels "$CAP_S")" "$(dns_search_labels "$CAP_C")"),
  "expected_note": "one finding per resolver socket: the candidate's NXDOMAIN is dns_search_expansion (healthy), the bare name's lookup answered",
  "facts": {"resolver": "$SERVER", "resolver_port": 53, "qname": "$DNS_NAME", "search": "$DNS_SEARCH", "ndots": $DNS_NDOTS,
            "nxdomain_answers": $nx, "answers": $DNS_Q, "getent": "$out"},
  "parameters": {"DNS_NAME": "$DNS_NAME", "DNS_SEARCH": "$DNS_SEARCH", "DNS_NDOTS": $DNS_NDOTS, "DNS_TIMEOUT": $DNS_TIMEOUT}
EOF
}
dns_search_labels() {  # dns_search_labels PCAP: per resolver socket, answered when it asked the bare name
  # glibc opens one UDP socket per name it tries, each search-list candidate and the bare name.
  tcpdump -nn -r "$1" "udp and dst port 53" 2>/dev/null |
    awk -v bare="$DNS_NAME." '{ for (i = 1; i <= NF; i++) if ($i ~ /\?$/) print $3, ($(i+1) == bare ? "answered" : "dns_search_expansion") }' |
    sort -u | awk '{print $2}' | tr '\n' ' '
}

# ---- midstream_loss / midstream_zero_window ------------------------------------------------------
sc_midstream_loss() {
  local r=200 qn=9
  peer_server "recv:$r;send:$MID_BYTES;close" --pacing-rate $((PACING_MBIT * 125000))
  bg_in "$NS_R" "$W/logs/impair.out" timeout 60 "$PY" "$PEERS/impair.py" --queue $qn \
      --loss "$(awk "BEGIN{print $LOSS_PCT/100}")" --reorder 0 --delay-ms 1:2 --base-delay-ms 10 \
      --seed "$SEED" --log "$W/logs/impair.jsonl" --lifetime 50
  local ipid=$LAST_PID
  wait_log "$W/logs/impair.out" ready 5 || die "impair.py did not start"
  inR $IPT -A FORWARD -p tcp -s "$SERVER" --sport "$PORT" -d "$CLIENT" --tcp-flags SYN NONE \
      -j NFQUEUE --queue-num $qn --queue-bypass
  peer_client 1 "send:$r;eof;close"
  wait_log "$W/logs/client.jsonl" connected 10
  sleep 0.4
  cap_start "$BULK_SNAPLEN"          # mid-transfer: no handshake in the captures
  wait_pid "$CPID" 40; wait_pid "$SPID" 5
  sleep 0.3
  snap end "after the transfer (retransmission counters in nstat)"
  cap_stop 0.3
  stop_pid "$ipid"
  local drops in_cap
  drops=$(grep -c '"drop"' "$W/logs/impair.jsonl")
  in_cap=$("$PY" -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if "\"drop\"" in l and float(sys.argv[2]) <= json.loads(l)["t"] <= float(sys.argv[3])))' "$W/logs/impair.jsonl" "$T0" "$T_END")
  write_truth <<EOF
  "description": "The client downloads $MID_BYTES bytes (server paced at $PACING_MBIT Mbit/s); the router drops about ${LOSS_PCT}% of the server's data segments at random (NFQUEUE, seeded) and delays the rest by 10 ms. The captures start about 0.4 s after the connection opened, in the middle of the transfer: no handshake. They show duplicate ACKs with SACK blocks from the client and the server's retransmissions; the transfer completes and both close with FINs.",
  "expected": $(expected loss_retransmissions loss_retransmissions loss_retransmissions),
  "facts": {"connection": $(conn_json "$(sport 1)"), "capture_starts_mid_connection": true, "sack": true,
            "segments_dropped_by_router_total": $drops, "segments_dropped_while_capturing": $in_cap, "loss_pct": $LOSS_PCT, "bytes": $MID_BYTES},
  "parameters": {"MID_BYTES": $MID_BYTES, "LOSS_PCT": $LOSS_PCT, "PACING_MBIT": $PACING_MBIT, "SEED": $SEED, "PORT": $PORT}
EOF
}
sc_midstream_zero_window() {
  local r=100 first=20000 total=120000
  peer_server "recv:$r;send:$total;close" --pacing-rate $((PACING_MBIT * 125000))
  peer_client 1 "send:$r;recv:$first;mark:mid;recv:$first;sleep:$ZW_STALL;eof;close" --rcvbuf "$ZW_RCVBUF"
  wait_mark mid 10
  cap_start "$BULK_SNAPLEN"          # mid-transfer, the client reading slowly
  go mid
  sleep "$(awk "BEGIN{print $ZW_STALL / 2}")"
  snap stalled "the client stopped reading: client Recv-Q full, server timer:(persist,...)"
  wait_pid "$CPID" "$(secs "$ZW_STALL + 15")"; wait_pid "$SPID" 5
  sleep 0.3
  snap end "after the transfer"
  cap_stop 0.3
  write_truth <<EOF
  "description": "The client (SO_RCVBUF $ZW_RCVBUF) downloads $total bytes; after reading $first bytes its application pauses (a sync point, during which the capture starts: mid-connection, no handshake), reads $first bytes more, then stops reading for $ZW_STALL s before reading the rest. Its receive window fills and drops to zero; the server's persist timer sends zero-window probes; when the client reads again it sends window updates and the transfer completes with FINs. No loss.",
  "expected": $(expected zero_window_stall zero_window_stall zero_window_stall),
  "facts": {"connection": $(conn_json "$(sport 1)"), "capture_starts_mid_connection": true, "receiver": "$CLIENT",
            "stall_s": $ZW_STALL, "receiver_rcvbuf": $ZW_RCVBUF, "recovered": true},
  "parameters": {"ZW_STALL": $ZW_STALL, "ZW_RCVBUF": $ZW_RCVBUF, "PACING_MBIT": $PACING_MBIT, "PORT": $PORT}
EOF
}

# ---- offload_checksums ---------------------------------------------------------------------------
sc_offload_checksums() {
  local r=$REQ_BYTES p=$RESP_BYTES
  # the default of a veth (and of most NICs): the kernel leaves the TCP/UDP
  # checksum to the "hardware", so a capture on the sending host shows it unfilled
  inC ethtool -K "$IF_C" tx on >/dev/null 2>&1 || die "ethtool cannot turn tx checksum offload on"
  peer_server "recv:$r;send:$p;eof;close"
  cap_start
  peer_client 1 "send:$r;recv:$p;close"
  wait_pid "$CPID" 10; wait_pid "$SPID" 5
  sleep 0.3
  snap end "after the close"
  cap_stop 0.3
  local bad=0
  command -v tshark >/dev/null 2>&1 &&
    bad=$(timeout 20 tshark -r "$CAP_C" -o tcp.check_checksum:TRUE -Y 'tcp.checksum.status == 0' 2>/dev/null | wc -l)
  write_truth <<EOF
  "description": "A normal request/response ($r/$p bytes), client closes first, captured with the client's transmit checksum offload on (ethtool -K $IF_C tx on, the default on most hosts): every TCP segment the client sends appears in the client capture with an unfilled (wrong) TCP checksum, because the capture sees it before the 'hardware' would fill the checksum in. The packets were fine on the wire: the server received and answered them, and the server capture shows them with whatever checksum the veth passed on.",
  "expected": $(expected closed_normally closed_normally closed_normally),
  "expected_note": "a checksum note (bad checksums on packets the capturing host sent: offload) is expected with the client capture; never a failure",
  "facts": {"connection": $(conn_json "$(sport 1)"), "client_tx_checksum_offload": true,
            "bad_tcp_checksums_in_client_capture": $bad, "bad_checksum_direction": "client to server (outgoing at the capture point)"},
  "parameters": {"REQ_BYTES": $r, "RESP_BYTES": $p, "PORT": $PORT}
EOF
}

# ---- scan_sweep_one_port ---------------------------------------------------------------------------
sc_scan_sweep_one_port() {
  local a open=() all=("$SERVER" "${EXTRA[@]}") targets i=0
  targets=("${all[@]:0:$SCAN_TARGETS}")
  for a in "${targets[@]}"; do
    if [ $((i % 2)) = 0 ]; then
      bg_in "$NS_S" "$W/logs/listen.out" timeout 60 "$PY" "$PEERS/peer.py" server "$a" "$SCAN_PORT" \
          --listen-only --timeout 45
      open+=("$a")
    fi
    i=$((i + 1))
  done
  wait_listen tcp "$SCAN_PORT"; sleep 0.3
  # a few ms of path delay (NFQUEUE), as on any real network: nmap sends all
  # four host-discovery probes before the first answer is back
  bg_in "$NS_R" "$W/logs/impair.out" timeout 60 "$PY" "$PEERS/impair.py" --queue 12 --loss 0 --reorder 0 \
      --base-delay-ms "$SCAN_DELAY_MS" --seed "$SEED" --lifetime 50
  wait_log "$W/logs/impair.out" ready 5 || die "impair.py did not start"
  inR $IPT -A FORWARD -j NFQUEUE --queue-num 12 --queue-bypass
  cap_start
  inC timeout 60 nmap -n -sS -p "$SCAN_PORT" --max-retries 1 -oX "$W/logs/nmap.xml" "${targets[@]}" \
      >"$W/logs/nmap.out" 2>&1
  cap_stop 1
  write_truth <<EOF
  "description": "nmap -n -sS -p $SCAN_PORT (root, default host discovery: no -Pn) from the client over ${#targets[@]} addresses of the server subnet; ${#open[@]} of them listen on $SCAN_PORT, the others have it closed. For targets off its own subnet nmap first probes each address with ICMP echo, TCP SYN to 443, TCP ACK to 80 and ICMP timestamp, then sends the SYN scan probes (window 1024, one source port, RST instead of the final ACK for open ports).",
  "expected": $(expected scan scan scan),
  "expected_note": "one scan finding; the RSTs of closed ports are never separate 'refused' failures",
  "facts": {"scanner": "$CLIENT", "targets": $(printf '%s\n' "${targets[@]}" | "$PY" -c 'import json,sys; print(json.dumps(sys.stdin.read().split()))'),
            "open": $(printf '%s\n' "${open[@]}" | "$PY" -c 'import json,sys; print(json.dumps(sys.stdin.read().split()))'),
            "port": $SCAN_PORT, "host_discovery": ["icmp echo", "tcp syn 443", "tcp ack 80", "icmp timestamp"], "one_way_delay_ms": $SCAN_DELAY_MS},
  "parameters": {"SCAN_PORT": $SCAN_PORT, "SCAN_TARGETS": $SCAN_TARGETS, "SCAN_DELAY_MS": $SCAN_DELAY_MS}
EOF
}

# ================================================================ dispatcher
scenario_names() { local s; for s in "${SCENARIOS[@]}"; do echo "${s%%|*}"; done; }
scenario_field() { local s; for s in "${SCENARIOS[@]}"; do [ "${s%%|*}" = "$1" ] && { echo "$s" | cut -d'|' -f"$2"; return 0; }; done; return 1; }

run_one() {  # run_one SCENARIO OUTDIR
  local sc=$1 fams
  fams=$(scenario_field "$sc" 2) || die "unknown scenario '$sc' (see: lab.sh list)"
  check_tools || exit 2
  check_params
  OUT=$(mkdir -p "$2" && cd "$2" && pwd) || die "cannot create $2"
  set_addresses
  NAME=$sc; SC_BASE=$sc
  if [ "$FAMILY" = 6 ]; then
    [[ $fams == *6* ]] || die "$sc cannot run with FAMILY=6"
    NAME="${sc}_v6"
  fi
  NAME="$NAME${NAME_SUFFIX:-}"   # e.g. NAME_SUFFIX=_alt for a variant with other parameters
  mkdir -p "$OUT/$NAME"
  W=$(mktemp -d -t tsw.XXXXXX)
  mkdir -p "$W/snap" "$W/logs" "$W/sync"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  local t_start; t_start=$(now)
  case "$sc" in path_mtu_*) lab_up "$PMTU_MTU" ;; *) lab_up ;; esac
  CAP_SNAPLEN=$SNAPLEN
  "sc_$sc"
  printf 'lab.sh: %-30s done in %5.1f s  (%s)\n' "$NAME" "$(awk "BEGIN{print $(now) - $t_start}")" \
    "$(du -ch "$OUT/$NAME"/*.pcap 2>/dev/null | tail -1 | cut -f1)" >&2
}

usage() { sed -n '/lab.sh list/,/lab.sh clean/p' "$0" | head -4 | sed 's/^# \{0,1\}//'; }

cmd=${1:-}
case "$cmd" in
  list)
    for s in "${SCENARIOS[@]}"; do
      IFS='|' read -r n f d <<<"$s"
      printf '%-30s [IPv%s] %s\n' "$n" "$(echo "$f" | sed 's/46/4+6/')" "$d"
    done ;;
  clean) set_addresses; lab_down; echo "lab.sh: namespaces removed" ;;
  run)
    [ $# -eq 3 ] || { usage; exit 1; }
    run_one "$2" "$3" ;;
  all)
    [ $# -eq 2 ] || { usage; exit 1; }
    check_tools || exit 2
    check_params
    mkdir -p "$2" || die "cannot create $2"
    fails=()
    for s in $(scenario_names); do
      f=$(scenario_field "$s" 2)
      if [ "$FAMILY" = 6 ] && [[ $f != *6* ]]; then note "skip $s (IPv4 only)"; continue; fi
      timeout -k 5 120 "$0" run "$s" "$2" || fails+=("$s")
    done
    if ((${#fails[@]})); then note "FAILED: ${fails[*]}"; exit 1; fi ;;
  *) usage; exit 1 ;;
esac
