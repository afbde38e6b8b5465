#!/usr/bin/env python3
"""Check that each scenario's mechanism really is on the wire.

  python3 tests/scenarios/check.py [DIR ...]     (default: every scenario here)

Reads each DIR/truth.json and the two captures with tshark (independent of
tcpsleuth) and checks the facts a diagnosis will rely on: the RST after the
idle gap, the missing full-size segments, the TLS alert, the DNS rcodes ...
Prints one line per scenario; exit status 1 when a check fails. Use it on
variants made with other parameters before committing them.
"""
import json
import os
import subprocess
import sys

FIELDS = ["frame.time_epoch", "ip.src", "ipv6.src", "tcp.flags.syn", "tcp.flags.ack", "tcp.flags.reset",
          "tcp.flags.fin", "tcp.len", "tcp.analysis.retransmission", "tcp.window_size_value",
          "icmp.type", "icmp.code", "icmpv6.type", "icmpv6.code", "dns.flags.rcode", "dns.flags.response", "dns.qry.name",
          "tls.alert_message.desc", "arp.dst.proto_ipv4", "icmpv6.nd.ns.target_address",
          "tcp.checksum.status", "tcp.dstport", "tcp.srcport", "udp.dstport"]


def packets(path, tls_port=None):
    cmd = ["tshark", "-r", path, "-o", "tcp.check_checksum:TRUE", "-T", "fields", "-E", "occurrence=f"]
    if tls_port:
        cmd += ["-d", "tcp.port==%d,tls" % tls_port]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout
    rows = []
    for line in out.splitlines():
        v = line.split("\t")
        r = dict(zip(FIELDS, v))
        r["t"] = float(r["frame.time_epoch"])
        r["src"] = r["ip.src"] or r["ipv6.src"]
        r["len"] = int(r["tcp.len"] or 0)
        r["rst"] = r["tcp.flags.reset"] in ("1", "True")
        r["syn"] = r["tcp.flags.syn"] in ("1", "True")
        r["fin"] = r["tcp.flags.fin"] in ("1", "True")
        r["rtx"] = r["tcp.analysis.retransmission"] != ""
        rows.append(r)
    return rows


def tcp(rows):
    return [r for r in rows if r["tcp.srcport"]]


def check(d):
    t = json.load(open(os.path.join(d, "truth.json")))
    name = t.get("scenario_base") or t["scenario"].removesuffix("_v6")
    f = t.get("facts", {})
    cli, srv = t["client"]["addr"], t["server"]["addr"]
    tls_port = f.get("connection", {}).get("server_port") if name.startswith("tls") else None
    c = packets(os.path.join(d, "client.pcap"), tls_port)
    s = packets(os.path.join(d, "server.pcap"), tls_port)
    ok = []

    def need(cond, what):
        ok.append((bool(cond), what))

    if name == "server_went_silent":
        need(not any(r["syn"] for r in tcp(c)), "no handshake in the client capture")
        t0 = f["server_silent_from_unix"]
        need(not any(r["src"] == srv and r["t"] > t0 for r in tcp(c)), "nothing from the server after it went silent")
        need(sum(r["rtx"] for r in tcp(c)) >= 4, "client retransmits >= 4 times")
        need(sum(r["rtx"] for r in tcp(s)) >= 4, "the server's NIC sees the retransmissions")
    elif name == "path_broken":
        frm, tb = f["broken_from"], f["break_at_unix"]
        far = c if frm == srv else s
        need(not any(r["src"] == frm and r["t"] > tb for r in tcp(far)), "nothing from %s arrives after the break" % frm)
        near = s if frm == srv else c
        need(any(r["src"] == frm and r["rtx"] and r["t"] > tb for r in tcp(near)), "%s retransmits after the break" % frm)
    elif name == "path_mtu_blackhole":
        need(max(r["len"] for r in tcp(c) if r["src"] == srv) <= f["largest_payload_that_got_through"], "no large segment reaches the client")
        need(max(r["len"] for r in tcp(s) if r["src"] == srv) > f["hop_mtu"], "the server sends segments larger than the hop MTU")
        need(not any(r["icmp.type"] == "3" or r["icmpv6.type"] == "2" for r in s), "no ICMP frag-needed / packet-too-big at the server")
    elif name == "path_mtu_icmp_ok":
        need(any((r["icmp.type"] == "3" and r["icmp.code"] == "4") or r["icmpv6.type"] == "2" for r in s), "ICMP frag-needed reaches the server")
        need(any(r["fin"] and r["src"] == srv for r in tcp(c)), "the download completes (server FIN at the client)")
    elif name in ("server_app_slow", "client_app_slow"):
        data = [r for r in tcp(c) if r["len"] > 0]
        gaps = [b["t"] - a["t"] for a, b in zip(data, data[1:])]
        need(gaps and max(gaps) >= t["parameters"]["THINK"] - 0.1, "a think-time gap between data segments")
    elif name in ("reset_by_peer_after_restart", "request_on_closed_connection"):
        rst = [r for r in tcp(c) if r["rst"] and r["src"] == srv]
        need(rst, "a RST from the server")
        fin = any(r["fin"] and r["src"] == srv and rst and r["t"] < rst[0]["t"] for r in tcp(c))
        need(fin == (name == "request_on_closed_connection"), "FIN before the RST: %s" % fin)
    elif name in ("tls_handshake_failed", "tls_unknown_ca", "tls_unknown_ca_tls13"):
        descs = [r["tls.alert_message.desc"] for r in c if r["tls.alert_message.desc"]]
        need(str(f["alert_description"]) in descs, "TLS alert %s on the wire (%s)" % (f["alert_description"], descs))
    elif name == "dns_search_expansion":
        bare = f["qname"].lower()
        answers = [(r["dns.qry.name"].lower(), r["dns.flags.rcode"]) for r in c if r["dns.flags.response"] in ("1", "True")]
        cands = [n for n, rc in answers if n.startswith(bare + ".")]
        need(cands and all(rc == "3" for n, rc in answers if n in cands), "NXDOMAIN for candidates %s" % sorted(set(cands)))
        need((bare, "0") in answers, "the bare name %s answered NOERROR" % bare)
    elif name.startswith("dns_"):
        rcodes = {r["dns.flags.rcode"] for r in c if r["dns.flags.response"] in ("1", "True")}
        queries = sum(1 for r in c if r["dns.flags.response"] in ("0", "False"))
        need(queries == f["queries_sent"], "%d queries in the client capture" % queries)
        need(rcodes == ({str(f["rcode"])} if f["rcode"] is not None else set()), "rcodes %s" % sorted(rcodes))
    elif name == "host_unreachable":
        need(any(r["icmp.type"] == "3" and r["icmp.code"] == "1" or r["icmpv6.type"] == "1" for r in c), "ICMP unreachable at the client")
        tgt = f["target"]
        need(any(r["arp.dst.proto_ipv4"] == tgt or r["icmpv6.nd.ns.target_address"] == tgt for r in s), "unanswered ARP/NS for %s at the server link" % tgt)
    elif name.startswith("listen_queue_full"):
        need(sum(r["rtx"] for r in tcp(c)) >= 3, "retransmitted SYNs or requests")
        acked_only = [r for r in tcp(s) if r["src"] == srv and r["len"] == 0 and not r["syn"] and not r["rst"]]
        need(acked_only and not any(r["src"] == srv and r["len"] > 0 for r in tcp(s)), "requests ACKed, never answered")
        if t["facts"]["tcp_abort_on_overflow"]:
            need(any(r["rst"] and r["src"] == srv for r in tcp(c)), "a RST from the server's kernel")
    elif name == "midstream_loss":
        need(not any(r["syn"] for r in tcp(c)), "no handshake")
        need(sum(r["rtx"] for r in tcp(c)) >= 1, "retransmissions in the client capture")
    elif name == "midstream_zero_window":
        need(not any(r["syn"] for r in tcp(c)), "no handshake")
        need(any(r["src"] == cli and r["tcp.window_size_value"] == "0" for r in tcp(c)), "zero window from the client")
    elif name == "offload_checksums":
        need(any(r["tcp.checksum.status"] == "0" and r["src"] == cli for r in tcp(c)), "bad checksums on the client's segments")
    elif name == "idle_timeout_by_middlebox":
        p1 = f["failed_connection"]["client_port"]
        late = [r for r in tcp(s) if r["tcp.srcport"] == str(p1) and r["t"] > f["first_exchange_done_unix"] + 1]
        need(not late, "nothing of the old connection reaches the server after the idle gap")
        need(any(r["rtx"] and r["tcp.srcport"] == str(p1) for r in tcp(c)), "the client retransmits on the old connection")
    elif name == "scan_sweep_one_port":
        need(any(r["icmp.type"] == "8" for r in c) and any(r["icmp.type"] == "13" for r in c), "ICMP echo and timestamp probes")
        need(any(r["tcp.dstport"] == "80" and not r["syn"] and not r["rst"] for r in tcp(c)), "TCP ACK probe to 80")
    else:
        need(False, "no check written for this scenario")
    bad = [w for good, w in ok if not good]
    print("%-32s %s" % (t["scenario"], "ok (%d checks)" % len(ok) if not bad else "FAIL: " + "; ".join(bad)))
    return not bad


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    dirs = sys.argv[1:] or sorted(os.path.join(here, n) for n in os.listdir(here)
                                  if os.path.exists(os.path.join(here, n, "truth.json")))
    good = all([check(d) for d in dirs])
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
