#!/usr/bin/env bash
# Hold-out variants: the same failure classes made again with other addresses,
# ports, sizes, timings (and address family), written as OUTDIR/<name>_alt/.
# A diagnosis tuned on the main fixtures should get these right too.
#
#   variants.sh OUTDIR            make every variant below (root; ~15-30 s each)
#   variants.sh OUTDIR NAME...    only these scenarios' variants
set -u -o pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# scenario|environment of the variant
VARIANTS=(
  "server_went_silent|C4_NET=10.40.7 S4_NET=10.41.9 CLIENT_HOST=33 SERVER_HOST=5 PORT=5432 REQ_BYTES=90 RESP_BYTES=3000 SILENT_AFTER=2 RETRIES2=4"
  "path_broken|C4_NET=10.52.0 S4_NET=10.52.1 PORT=1883 REQ_BYTES=60 RESP_BYTES=400 BREAK_AFTER=3 BREAK_DIR=s2c HOLD=6 FAMILY=6"
  "path_mtu_blackhole|C4_NET=10.60.3 S4_NET=10.61.3 PORT=3000 PMTU_MTU=1400 BULK_BYTES=20000 REQ_BYTES=300"
  "server_app_slow|C4_NET=10.70.1 S4_NET=10.70.2 PORT=9200 THINK=1.5 REQ_BYTES=400 RESP_BYTES=5000"
  "client_app_slow|PORT=2525 THINK=5 REQ_BYTES=40 RESP_BYTES=300 FAMILY=6"
  "idle_timeout_by_middlebox|C4_NET=10.80.5 S4_NET=10.80.6 PORT=22 CT_TIMEOUT=3 IDLE=5 APP_TIMEOUT=4 REQ_BYTES=64 RESP_BYTES=256"
  "reset_by_peer_after_restart|PORT=6379 RESTART_IDLE=6 REQ_BYTES=30 RESP_BYTES=120 FAMILY=6"
  "request_on_closed_connection|C4_NET=10.90.0 S4_NET=10.90.1 PORT=80 KEEPALIVE=4 RESP_BYTES=9000"
  "tls_handshake_failed|TLS_PORT=443 FAMILY=6"
  "host_unreachable|C4_NET=10.33.4 S4_NET=10.33.5 UNUSED_HOST=200 PORT=22"
  "dns_servfail|DNS_NAME=api.internal.corp DNS_TIMEOUT=2 DNS_ATTEMPTS=2 FAMILY=6"
  "dns_nxdomain|C4_NET=10.44.0 S4_NET=10.44.1 DNS_NAME=no-such-host.example.org"
  "dns_search_expansion|DNS_NAME=api DNS_SEARCH=default.svc.cluster.local,svc.cluster.local,cluster.local FAMILY=6"
)

[ $# -ge 1 ] || { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 1; }
out=$1; shift
fails=()
for v in "${VARIANTS[@]}"; do
  sc=${v%%|*}; envs=${v#*|}
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$sc"; then continue; fi
  # shellcheck disable=SC2086
  env $envs VARIANT_ENV="$envs" NAME_SUFFIX=_alt timeout -k 5 120 "$HERE/lab.sh" run "$sc" "$out" ||
    fails+=("$sc")
done
if ((${#fails[@]})); then echo "variants.sh: FAILED: ${fails[*]}" >&2; exit 1; fi
