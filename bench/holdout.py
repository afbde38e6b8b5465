#!/usr/bin/env python3
"""Hold-out score for `tcpsleuth diagnose` on FRESH lab captures (issue 10).

Makes new variants of every scenario of tests/scenarios/lab.sh with other
subnets, hosts, ports, sizes, idle gaps, delays and address family, drawn from
a seed (never committed: they go to a temporary directory), keeps only those
whose mechanism check.py finds on the wire, then runs the release binary's
`diagnose --format json` from the client capture, the server capture and both
(`-r client --peer server`) and scores the labels against the truth's
`expected`. Also checks that `conns` and `diagnose` give each endpoint the
same TCP state.

  sudo bench/holdout.sh [--n N] [--seed S] [--only a,b] [--out DIR] [--bin PATH]
  bench/holdout.sh --score DIR [--bin PATH]   re-score variants made before

Needs root (network namespaces) and the lab's tools (see tests/scenarios/README.md).
Namespaces are `$NS_PREFIX-*` (default tsqa), apart from the lab's own.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAB = os.path.join(ROOT, "tests", "scenarios", "lab.sh")
CHECK = os.path.join(ROOT, "tests", "scenarios", "check.py")
VANTAGES = ("client", "server", "both")
COMMON_PORTS = [22, 25, 80, 110, 443, 1883, 3306, 5432, 6379, 8000, 8080, 8443, 9000, 9200, 11211, 27017]
TLS_PORTS = [443, 465, 636, 993, 4433, 8443, 9443]
DNS_NAMES = ["www.example.lab", "api.internal.corp", "db-01.prod.example.net", "nosuch.example.org",
             "login.service.consul", "cdn.assets.example.com", "x.y"]


def draw(rng, sc, fams):
    """Random but valid lab parameters for one variant of scenario sc."""
    a, b = rng.sample([x for x in range(1, 250) if x != 66], 2)
    e = {
        "C4_NET": "10.%d.%d" % (a, rng.randrange(0, 256)),
        "S4_NET": "10.%d.%d" % (b, rng.randrange(0, 256)),
        "C6_NET": "fd%02x:%x" % (rng.randrange(0, 256), rng.randrange(1, 0xffff)),
        "S6_NET": "fd%02x:%x" % (rng.randrange(0, 256), rng.randrange(1, 0xffff)),
        "CLIENT_HOST": rng.randrange(2, 250),
        "SERVER_HOST": rng.randrange(2, 200),
        "UNUSED_HOST": rng.randrange(210, 255),
        "PORT": rng.choice(COMMON_PORTS + [rng.randrange(1025, 30000)]),
        "SEED": rng.randrange(1, 10000),
        "FAMILY": rng.choice([4, 6]) if "6" in fams else 4,
    }
    req, resp = rng.randrange(30, 1400), rng.randrange(100, 12000)
    r = lambda lo, hi: round(rng.uniform(lo, hi), 1)
    p = {
        "server_went_silent": dict(REQ_BYTES=req, RESP_BYTES=resp, SILENT_AFTER=r(0.5, 3), RETRIES2=rng.randrange(3, 6)),
        "path_broken": dict(REQ_BYTES=req, RESP_BYTES=rng.randrange(100, 4000), BREAK_AFTER=r(0.8, 3),
                            BREAK_DIR=rng.choice(["s2c", "c2s"]), HOLD=rng.randrange(5, 9)),
        "path_mtu_blackhole": dict(PMTU_MTU=rng.randrange(1280, 1461), BULK_BYTES=rng.randrange(8000, 80000),
                                   REQ_BYTES=rng.randrange(40, 700)),
        "path_mtu_icmp_ok": dict(PMTU_MTU=rng.randrange(1280, 1461), BULK_BYTES=rng.randrange(8000, 80000)),
        "server_app_slow": dict(THINK=r(1.0, 4.5), REQ_BYTES=req, RESP_BYTES=resp),
        "client_app_slow": dict(THINK=r(1.0, 5.0), REQ_BYTES=req, RESP_BYTES=rng.randrange(20, 1000)),
        "listen_queue_full": dict(BACKLOG=rng.randrange(1, 4), QUEUE_DELAY_MS=rng.randrange(5, 40)),
        "listen_queue_full_abort": dict(ABORT_BACKLOG=rng.randrange(1, 4), QUEUE_DELAY_MS=rng.randrange(5, 40)),
        "idle_timeout_by_middlebox": dict(CT_TIMEOUT=rng.randrange(2, 6), APP_TIMEOUT=rng.randrange(3, 7),
                                          REQ_BYTES=req, RESP_BYTES=resp),
        "reset_by_peer_after_restart": dict(RESTART_IDLE=r(1, 6), REQ_BYTES=req, RESP_BYTES=resp),
        "request_on_closed_connection": dict(KEEPALIVE=r(1, 4), RESP_BYTES=rng.randrange(200, 12000)),
        "host_unreachable": {},
        "dns_no_answer": {}, "dns_nxdomain": {}, "dns_servfail": {}, "dns_refused": {}, "dns_query_at_capture_end": {},
        "midstream_loss": dict(LOSS_PCT=rng.randrange(2, 6), MID_BYTES=rng.randrange(200000, 600000),
                               PACING_MBIT=rng.randrange(2, 7)),
        "midstream_zero_window": dict(ZW_RCVBUF=rng.randrange(4096, 16385), ZW_STALL=r(1, 4)),
        "offload_checksums": dict(REQ_BYTES=req, RESP_BYTES=resp),
        "scan_sweep_one_port": dict(SCAN_PORT=rng.choice([22, 80, 443, 3389, 8080, rng.randrange(1025, 30000)]),
                                    SCAN_TARGETS=rng.randrange(2, 6), SCAN_DELAY_MS=rng.randrange(1, 30)),
    }.get(sc, {})
    if sc.startswith("listen_queue_full"):
        back = p.get("BACKLOG", p.get("ABORT_BACKLOG"))
        p["QUEUE_CLIENTS"] = back + rng.randrange(3, 7)
    if sc == "idle_timeout_by_middlebox":
        p["IDLE"] = p["CT_TIMEOUT"] + rng.randrange(2, 5)
    if sc.startswith("tls_"):
        p["TLS_PORT"] = rng.choice(TLS_PORTS + [rng.randrange(1025, 30000)])
    if sc.startswith("dns_"):
        p.update(DNS_NAME=rng.choice(DNS_NAMES), DNS_TIMEOUT=rng.choice([1, 2]), DNS_ATTEMPTS=rng.randrange(2, 5))
    if sc == "dns_query_at_capture_end":
        p["DNS_TAIL"] = round(rng.uniform(0.05, 0.6), 2)
    e.update(p)
    return {k: str(v) for k, v in e.items()}


def scenarios():
    out = subprocess.run(["bash", LAB, "list"], capture_output=True, text=True, check=True).stdout
    res = []
    for line in out.splitlines():
        name, fam = line.split()[0], line.split()[1]
        res.append((name, "6" if "4+6" in fam else "4"))
    return res


def generate(args, outdir, log):
    rng = random.Random(args.seed)
    made, failed = [], []
    only = set(args.only.split(",")) if args.only else None
    for sc, fams in scenarios():
        if only and sc not in only:
            continue
        for i in range(args.n):
            env = draw(rng, sc, fams)
            suffix = "_h%d_%d" % (args.seed, i)
            full = dict(os.environ, NS_PREFIX=args.ns_prefix, NAME_SUFFIX=suffix,
                        VARIANT_ENV=" ".join("%s=%s" % kv for kv in sorted(env.items())), **env)
            t0 = time.time()
            rc = subprocess.run(["timeout", "-k", "5", "150", "bash", LAB, "run", sc, outdir], env=full,
                                stdout=log, stderr=log).returncode
            name = sc + ("_v6" if env["FAMILY"] == "6" else "") + suffix
            d = os.path.join(outdir, name)
            print("  %-44s lab rc=%d %5.1fs" % (name, rc, time.time() - t0), file=sys.stderr, flush=True)
            if rc != 0 or not os.path.exists(os.path.join(d, "truth.json")):
                failed.append((name, "lab.sh exit %d" % rc))
                shutil.rmtree(d, ignore_errors=True)
            else:
                made.append(d)
    return made, failed


def mechanism_ok(d):
    r = subprocess.run([sys.executable, CHECK, d], capture_output=True, text=True, timeout=300)
    return r.returncode == 0, r.stdout.strip()


def run_json(binary, argv):
    """(exit code, list of JSON objects); exit 124 = timeout."""
    try:
        r = subprocess.run(["timeout", "-k", "5", "60", binary] + argv, capture_output=True, text=True)
    except OSError as e:
        return -1, [], str(e)
    objs = []
    for line in r.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                objs.append(json.loads(line))
            except ValueError:
                pass
        elif line.startswith("["):
            try:
                objs.extend(json.loads(line))
            except ValueError:
                pass
    return r.returncode, objs, r.stderr.strip()[-300:]


def label_of(f):
    return f.get("label", "?")


def state_mismatches(binary, pcap, findings):
    """Findings whose endpoint states differ from conns' for the same connection."""
    _, conns, _ = run_json(binary, ["conns", "--format", "json", "-r", pcap])
    by = {}
    for c in conns:
        key = (c.get("id.orig_h"), c.get("id.orig_p"), c.get("id.resp_h"), c.get("id.resp_p"))
        by[key] = (c.get("orig_tcp_state"), c.get("resp_tcp_state"))
        by[(key[2], key[3], key[0], key[1])] = (c.get("resp_tcp_state"), c.get("orig_tcp_state"))
    agree, bad = 0, []
    for f in findings:
        if f.get("proto") != "tcp" or not f.get("client_state"):
            continue
        key = (f.get("client"), f.get("client_port"), f.get("server"), f.get("server_port"))
        if key not in by:
            continue
        d = (f.get("client_state"), f.get("server_state"))
        if by[key] == d or None in by[key]:
            agree += 1
        else:
            bad.append("%s:%s->%s:%s diagnose %s/%s conns %s/%s" % (key + d + by[key]))
    return agree, bad


def score(binary, dirs):
    rows = []
    for d in dirs:
        t = json.load(open(os.path.join(d, "truth.json")))
        base = t.get("scenario_base") or t["scenario"]
        c, s = os.path.join(d, "client.pcap"), os.path.join(d, "server.pcap")
        argv = {"client": ["-r", c], "server": ["-r", s], "both": ["-r", c, "--peer", s]}
        for v in VANTAGES:
            rc, found, err = run_json(binary, ["diagnose", "--format", "json"] + argv[v])
            got = sorted(label_of(f) for f in found)
            want = sorted(t["expected"][v])
            row = {"dir": os.path.basename(d), "base": base, "vantage": v, "rc": rc, "got": got, "want": want,
                   "pass": got == want and rc in (0, 1), "err": err if rc not in (0, 1) else "",
                   "params": t.get("made_by", "")}
            if v != "both":
                row["states_agree"], row["states_bad"] = state_mismatches(binary, argv[v][1], found)
            rows.append(row)
    return rows


def report(rows, discarded, failed):
    table = defaultdict(lambda: {v: [0, 0] for v in VANTAGES})
    for r in rows:
        cell = table[r["base"]][r["vantage"]]
        cell[0] += r["pass"]
        cell[1] += 1
    lines = ["| class | client | server | both |", "| --- | --- | --- | --- |"]
    tot = {v: [0, 0] for v in VANTAGES}
    for base in sorted(table):
        cells = []
        for v in VANTAGES:
            p, n = table[base][v]
            tot[v][0] += p
            tot[v][1] += n
            cells.append("%d/%d" % (p, n))
        lines.append("| %s | %s |" % (base, " | ".join(cells)))
    lines.append("| **total** | %s |" % " | ".join("%d/%d" % tuple(tot[v]) for v in VANTAGES))
    print("\n".join(lines))
    allp = sum(t[0] for t in tot.values())
    alln = sum(t[1] for t in tot.values())
    print("\nscore: %d/%d (%.0f%%) over %d variants; discarded (mechanism not on the wire): %d; lab failures: %d"
          % (allp, alln, 100.0 * allp / max(alln, 1), len({r["dir"] for r in rows}), len(discarded), len(failed)))
    for name, why in discarded + failed:
        print("  discarded %s: %s" % (name, why))
    print("\nmisses (expected -> said):")
    for r in rows:
        if not r["pass"]:
            extra = " rc=%d %s" % (r["rc"], r["err"]) if r["rc"] not in (0, 1) else ""
            print("  %-46s %-6s [%s] -> [%s]%s" % (r["dir"], r["vantage"], " ".join(r["want"]),
                                                 " ".join(r["got"]) or "-", extra))
    agree = sum(r.get("states_agree", 0) for r in rows)
    bad = [(r["dir"], r["vantage"], b) for r in rows for b in r.get("states_bad", [])]
    print("\nconns vs diagnose endpoint states: %d agree, %d differ" % (agree, len(bad)))
    for d, v, b in bad:
        print("  %s %s: %s" % (d, v, b))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1, help="fresh variants per scenario (default 1)")
    ap.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    ap.add_argument("--only", help="comma-separated scenario names")
    ap.add_argument("--out", help="directory for the variants (default: a new temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--score", metavar="DIR", help="only re-score the variants in DIR")
    ap.add_argument("--bin", default=os.environ.get("TCPSLEUTH", os.path.join(ROOT, "target", "release", "tcpsleuth")))
    ap.add_argument("--ns-prefix", default=os.environ.get("NS_PREFIX", "tsqa"))
    args = ap.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit("holdout: no binary at %s (cargo build --release, or --bin)" % args.bin)
    discarded, failed = [], []
    if args.score:
        dirs = sorted(os.path.join(args.score, n) for n in os.listdir(args.score)
                      if os.path.exists(os.path.join(args.score, n, "truth.json")))
        meta = os.path.join(args.score, "holdout-discarded.json")
        if os.path.exists(meta):
            discarded, failed = json.load(open(meta))
            dirs = [d for d in dirs if os.path.basename(d) not in {n for n, _ in discarded}]
        else:  # a run still going or stopped early: check the mechanisms here
            kept = []
            for d in dirs:
                ok, why = mechanism_ok(d)
                (kept.append(d) if ok else discarded.append((os.path.basename(d), why)))
            dirs = kept
    else:
        if os.geteuid() != 0:
            sys.exit("holdout: making variants needs root (network namespaces)")
        outdir = args.out or tempfile.mkdtemp(prefix="tcpsleuth-holdout.")
        os.makedirs(outdir, exist_ok=True)
        print("holdout: seed %d, %d per scenario, variants in %s" % (args.seed, args.n, outdir), file=sys.stderr)
        with open(os.path.join(outdir, "lab.log"), "a") as log:
            made, failed = generate(args, outdir, log)
        dirs = []
        for d in made:
            ok, why = mechanism_ok(d)
            if ok:
                dirs.append(d)
            else:
                discarded.append((os.path.basename(d), why))
        json.dump([discarded, failed], open(os.path.join(outdir, "holdout-discarded.json"), "w"))
    rows = score(args.bin, dirs)
    json.dump(rows, open(os.path.join(args.score or outdir, "holdout-results.json"), "w"), indent=1)
    built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(os.path.getmtime(args.bin)))
    print("binary: %s (built %s)" % (args.bin, built))
    report(rows, discarded, failed)
    if not args.score and not args.out and not args.keep:
        shutil.rmtree(outdir, ignore_errors=True)
    elif not args.score:
        print("variants kept in %s (re-score: bench/holdout.sh --score %s)" % (outdir, outdir))


if __name__ == "__main__":
    main()
