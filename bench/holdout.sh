#!/usr/bin/env bash
# Hold-out score of `tcpsleuth diagnose` on fresh real-kernel lab captures
# (other subnets, ports, sizes, timings, families; never committed).
# See bench/HOLDOUT.md and `bench/holdout.sh --help`.
set -u -o pipefail
exec python3 "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/holdout.py" "$@"
