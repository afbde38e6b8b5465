#!/usr/bin/env python3
"""Assemble the ground-truth JSON of one lab scenario.

Input: the scenario's hand-written base JSON (expected diagnosis, addresses,
expected connections) plus everything the lab recorded in its work dir while
the scenario ran: `ss -tanoi` snapshots of both namespaces (the kernel's own
view of the TCP states), nstat counters (retransmissions, resets, ...),
firewall rule counters of the router, application logs (peer.py JSON lines,
nc/nmap/hping3 output), nmap XML results and tcpdump statistics.
Output: NAME/truth.json next to the pcaps (copied from ../shared/lab, adapted).
"""
import glob
import hashlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

TCP_STATES = {"ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
              "TIME-WAIT", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING",
              "UNCONN", "CLOSED", "UNKNOWN"}


def num(v):
    try:
        return int(v)
    except ValueError:
        try:
            return float(v)
        except ValueError:
            return v


def split_hostport(s):
    host, _, port = s.rpartition(":")
    host = host.strip("[]")
    if "%" in host:
        host = host.split("%")[0]
    return host, (int(port) if port.isdigit() else port)


def parse_ss(text):
    """Parse `ss -tanoi` / `ss -uan` output into one dict per socket."""
    socks = []
    cur = None
    for line in text.splitlines():
        if not line.strip() or line.startswith(("State", "Netid")):
            continue
        if line[0].isspace():
            if cur is None:
                continue
            info = cur.setdefault("info", {})
            toks = line.split()
            skip = False
            for i, tok in enumerate(toks):
                if skip:
                    skip = False
                    continue
                if tok in ("send", "pacing_rate", "delivery_rate", "max_pacing_rate") and i + 1 < len(toks):
                    info[tok] = toks[i + 1]
                    skip = True
                elif ":" in tok and not tok.startswith("("):
                    k, _, v = tok.partition(":")
                    if k in ("retrans", "rtt", "wscale", "reordering", "sack"):
                        info[k] = v
                    else:
                        info[k] = num(v)
                else:
                    info.setdefault("flags", []).append(tok)
            continue
        f = line.split()
        proto = None
        if f[0] not in TCP_STATES and len(f) > 1 and f[1] in TCP_STATES:
            proto = f[0]  # Netid column present (ss -tu...)
            f = f[1:]
        if len(f) < 5:
            continue
        lh, lp = split_hostport(f[3])
        ph, pp = split_hostport(f[4])
        cur = {"proto": proto or ("udp" if f[0] == "UNCONN" else "tcp"),
               "state": f[0], "recv_q": num(f[1]), "send_q": num(f[2]),
               "local": lh, "local_port": lp, "peer": ph, "peer_port": pp}
        rest = " ".join(f[5:])
        m = re.search(r"timer:\((\w+),([^,]+),(\d+)\)", rest)
        if m:
            cur["timer"] = {"name": m.group(1), "expires": m.group(2),
                            "retrans": int(m.group(3))}
        socks.append(cur)
    return socks


def parse_nstat(text):
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        f = line.split()
        if len(f) >= 2 and f[1].isdigit():
            out[f[0]] = int(f[1])
    return out


def parse_tcpdump_err(text):
    d = {}
    for key, pat in (("packets_captured", r"(\d+) packets captured"),
                     ("packets_received_by_filter", r"(\d+) packets received by filter"),
                     ("packets_dropped_by_kernel", r"(\d+) packets dropped by kernel")):
        m = re.search(pat, text)
        if m:
            d[key] = int(m.group(1))
    return d


def parse_fw(text):
    """iptables-save -c output -> list of rules with packet/byte counters."""
    rules = []
    table = None
    for line in text.splitlines():
        if line.startswith("*"):
            table = line[1:]
        m = re.match(r"\[(\d+):(\d+)\] (-A .*)", line)
        if m:
            rules.append({"table": table, "rule": m.group(3),
                          "packets": int(m.group(1)), "bytes": int(m.group(2))})
    return rules


def parse_nmap_xml(path):
    res = []
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return res
    for h in root.findall("host"):
        addr = h.find("address").get("addr")
        ports = []
        for p in h.findall("ports/port"):
            st = p.find("state")
            ports.append({"proto": p.get("protocol"), "port": int(p.get("portid")),
                          "state": st.get("state"), "reason": st.get("reason")})
        extra = [{"state": e.get("state"), "count": int(e.get("count"))}
                 for e in h.findall("ports/extraports")]
        res.append({"addr": addr, "ports": ports, "extraports": extra})
    return res


def delta(now, base):
    out = {}
    for k, v in now.items():
        d = v - base.get(k, 0)
        if d:
            out[k] = d
    return out


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


WIRE_FIELDS = ("frame.time_epoch", "tcp.flags.syn", "tcp.flags.ack", "tcp.flags.reset", "tcp.flags.fin",
               "tcp.analysis.retransmission", "tcp.analysis.duplicate_ack", "tcp.analysis.zero_window",
               "tcp.checksum.status", "tcp.options.sack_le", "icmp.type", "icmpv6.type", "arp.opcode",
               "tcp.len")


def wire_summary(pcap):
    """Packet counts of one capture as tshark (not tcpsleuth) sees them, so a
    test can assert figures: retransmissions, resets, dup ACKs, zero windows."""
    cmd = ["tshark", "-r", pcap, "-o", "tcp.check_checksum:TRUE", "-T", "fields", "-E", "occurrence=f"]
    for f in WIRE_FIELDS:
        cmd += ["-e", f]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    rows = [dict(zip(WIRE_FIELDS, l.split("\t"))) for l in out.splitlines()]
    if not rows:
        return {"packets": 0}
    yes = lambda r, k: r.get(k, "") not in ("", "0", "False")
    ts = [float(r["frame.time_epoch"]) for r in rows]
    return {
        "tool": "tshark", "packets": len(rows),
        "first_ts": min(ts), "last_ts": max(ts), "span_s": round(max(ts) - min(ts), 6),
        "tcp_syn": sum(yes(r, "tcp.flags.syn") and not yes(r, "tcp.flags.ack") for r in rows),
        "tcp_synack": sum(yes(r, "tcp.flags.syn") and yes(r, "tcp.flags.ack") for r in rows),
        "tcp_rst": sum(yes(r, "tcp.flags.reset") for r in rows),
        "tcp_fin": sum(yes(r, "tcp.flags.fin") for r in rows),
        "tcp_data_segments": sum(int(r.get("tcp.len") or 0) > 0 for r in rows),
        "tcp_retransmissions": sum(r.get("tcp.analysis.retransmission", "") != "" for r in rows),
        "tcp_dup_acks": sum(r.get("tcp.analysis.duplicate_ack", "") != "" for r in rows),
        "tcp_sack_acks": sum(r.get("tcp.options.sack_le", "") != "" for r in rows),
        "tcp_zero_windows": sum(r.get("tcp.analysis.zero_window", "") != "" for r in rows),
        "tcp_bad_checksums": sum(r.get("tcp.checksum.status") == "0" for r in rows),
        "icmp": sum(r.get("icmp.type", "") != "" or r.get("icmpv6.type", "") != "" for r in rows),
        "arp_requests": sum(r.get("arp.opcode") == "1" for r in rows),
    }


def main():
    base_path, work, out_path = sys.argv[1:4]
    pcaps = sys.argv[4:]
    with open(base_path) as f:
        truth = json.load(f)

    baseline = {side: parse_nstat(read(os.path.join(work, "baseline." + side + ".nstat")))
                for side in ("client", "router", "server")}

    # --- ss snapshots -------------------------------------------------------
    snaps = []
    for meta in sorted(glob.glob(os.path.join(work, "snap", "*.meta"))):
        stem = meta[:-5]
        m = json.loads(read(meta))
        entry = {"seq": m["seq"], "tag": m["tag"], "t_offset_s": m["t_offset_s"],
                 "when": m.get("when", "")}
        for side in ("client", "server"):
            raw = read(stem + "." + side + ".ss")
            entry[side] = {"ss_cmd": m.get("cmd", "ss -tanoi"), "raw": raw,
                           "sockets": parse_ss(raw),
                           "nstat": delta(parse_nstat(read(stem + "." + side + ".nstat")),
                                          baseline[side])}
        snaps.append(entry)
    truth["ss_snapshots"] = snaps

    # --- counters at the end of the scenario --------------------------------
    truth["counters_at_end"] = {
        side: delta(parse_nstat(read(os.path.join(work, "final." + side + ".nstat"))),
                    baseline[side])
        for side in ("client", "router", "server")}
    truth["counters_note"] = ("kernel SNMP/netstat counters (nstat) of each namespace, as the "
                              "increase since the captures started (ss_snapshots[].*.nstat likewise)")

    # --- router firewall ----------------------------------------------------
    fw = parse_fw(read(os.path.join(work, "final.router.iptables")))
    fw += parse_fw(read(os.path.join(work, "final.router.ip6tables")))
    truth["router_firewall"] = fw

    # --- services listening on the server namespace at scenario start -------
    svc = parse_ss(read(os.path.join(work, "services.ss")))
    listening = {}
    for s in svc:
        if s["state"] in ("LISTEN", "UNCONN"):
            proto = "tcp" if s["state"] == "LISTEN" else "udp"
            listening.setdefault(s["local"], {"tcp": [], "udp": []})[proto].append(s["local_port"])
    for v in listening.values():
        v["tcp"].sort()
        v["udp"].sort()
    truth["server_listening_at_start"] = listening

    # --- application logs ---------------------------------------------------
    logs = {}
    for p in sorted(glob.glob(os.path.join(work, "logs", "*"))):
        name = os.path.basename(p)
        if name.endswith(".xml"):
            continue
        if name.endswith(".out") and os.path.exists(p[:-4] + ".jsonl"):
            continue  # the same events, already parsed from the .jsonl
        txt = read(p)
        if name.endswith(".jsonl"):
            recs = []
            for line in txt.splitlines():
                try:
                    recs.append(json.loads(line))
                except ValueError:
                    pass
            logs[name] = recs
        else:
            logs[name] = txt[-6000:]
    truth["app_logs"] = logs
    nm = {}
    for p in sorted(glob.glob(os.path.join(work, "logs", "*.xml"))):
        nm[os.path.basename(p)] = parse_nmap_xml(p)
    if nm:
        truth["nmap_results"] = nm

    # --- capture files ------------------------------------------------------
    caps = truth.setdefault("captures", {})
    for p in pcaps:
        side = "client" if os.path.basename(p).startswith("client") else "server"
        h = hashlib.sha256()
        with open(p, "rb") as f:
            h.update(f.read())
        c = caps.setdefault(side, {})
        c.update({"file": os.path.basename(p), "bytes": os.path.getsize(p),
                  "sha256": h.hexdigest()})
        c.update(parse_tcpdump_err(read(os.path.join(work, "tcpdump." + side + ".err"))))
        w = wire_summary(p)
        if w:
            c["wire"] = w
    with open(out_path, "w") as f:
        json.dump(truth, f, indent=1, sort_keys=False)
        f.write("\n")


def refresh(dirs):
    """--refresh DIR...: recompute the captures' wire summaries of existing truth files."""
    for d in dirs:
        path = os.path.join(d, "truth.json")
        with open(path) as f:
            truth = json.load(f)
        for side in ("client", "server"):
            w = wire_summary(os.path.join(d, side + ".pcap"))
            if w:
                truth["captures"][side]["wire"] = w
        with open(path, "w") as f:
            json.dump(truth, f, indent=1, sort_keys=False)
            f.write("\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--refresh"]:
        refresh(sys.argv[2:])
    else:
        main()
