#!/usr/bin/env python3
"""DNS peers for the tcpsleuth scenario lab.

  dns.py server ADDR PORT --mode nxdomain|servfail|refused|silent|answer|search [--name N]
      a UDP DNS server that answers every query with that RCODE (answer: an
      A/AAAA record), or reads the queries and never answers (silent);
      search: answers for the name N only, NXDOMAIN for every other name
      (a search-domain candidate built from N does not exist).
  dns.py client ADDR PORT --name N [--timeout T] [--attempts K]
      a stub resolver that behaves like glibc's res_send with
      `options timeout:T attempts:K`: the A and AAAA queries go out together
      from one socket; an attempt ends when both are answered or after T s;
      SERVFAIL / REFUSED / no answer make it try again (one server: the same
      one), NOERROR and NXDOMAIN end the lookup.
"""
import argparse
import json
import random
import select
import socket
import struct
import sys
import time

RCODES = {"noerror": 0, "servfail": 2, "nxdomain": 3, "refused": 5}
QTYPES = {1: "A", 28: "AAAA"}
LOG = None


def log(ev, **kw):
    rec = {"t": round(time.time(), 6), "ev": ev}
    rec.update(kw)
    line = json.dumps(rec)
    if LOG:
        LOG.write(line + "\n")
        LOG.flush()
    print(line, file=sys.stderr, flush=True)


def qname_bytes(name):
    return b"".join(bytes([len(p)]) + p.encode() for p in name.strip(".").split(".")) + b"\x00"


def parse_question(msg):
    """(id, flags, qname, qtype, question bytes) of a DNS message."""
    qid, flags = struct.unpack(">HH", msg[:4])
    i, labels = 12, []
    while i < len(msg) and msg[i] != 0:
        n = msg[i]
        labels.append(msg[i + 1:i + 1 + n].decode(errors="replace"))
        i += 1 + n
    qtype = struct.unpack(">H", msg[i + 1:i + 3])[0]
    return qid, flags, ".".join(labels), qtype, msg[12:i + 5]


def answer(msg, mode):
    qid, flags, name, qtype, question = parse_question(msg)
    rcode = RCODES.get(mode, 0)
    aa = 0x0400 if mode in ("nxdomain", "answer") else 0
    hdr_flags = 0x8000 | aa | (flags & 0x0100) | 0x0080 | rcode
    ancount, rr = 0, b""
    if mode == "answer":
        ancount = 1
        rdata = bytes([192, 0, 2, 7]) if qtype == 1 else bytes(15) + b"\x07"
        rr = b"\xc0\x0c" + struct.pack(">HHIH", qtype, 1, 60, len(rdata)) + rdata
    return struct.pack(">HHHHHH", qid, hdr_flags, 1, ancount, 0, 0) + question + rr, name, qtype, rcode


def server(a, fam):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((a.addr, a.port))
    log("listening", local=list(s.getsockname()[:2]), mode=a.mode)
    deadline = time.time() + a.lifetime
    while time.time() < deadline:
        r, _, _ = select.select([s], [], [], 0.2)
        if not r:
            continue
        msg, peer = s.recvfrom(4096)
        try:
            mode = a.mode
            if mode == "search":
                mode = "answer" if parse_question(msg)[2].lower() == a.name.strip(".").lower() else "nxdomain"
            reply, name, qtype, rcode = answer(msg, mode)
        except (struct.error, IndexError):
            log("bad_query", n=len(msg))
            continue
        if a.mode == "silent":
            log("query_ignored", peer=list(peer[:2]), qname=name, qtype=QTYPES.get(qtype, qtype))
            continue
        s.sendto(reply, peer)
        log("answered", peer=list(peer[:2]), qname=name, qtype=QTYPES.get(qtype, qtype), rcode=rcode)


def query(qid, name, qtype):
    return struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + qname_bytes(name) + struct.pack(">HH", qtype, 1)


def client(a, fam):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    if a.source_port:
        s.bind(("::" if fam == socket.AF_INET6 else "0.0.0.0", a.source_port))
    s.connect((a.addr, a.port))
    rnd = random.Random(a.seed)
    result = "no_answer"
    for attempt in range(1, a.attempts + 1):
        ids = {rnd.randrange(1, 65535): 1, rnd.randrange(1, 65535): 28}
        for qid, qtype in ids.items():
            s.send(query(qid, a.name, qtype))
            log("query", attempt=attempt, id=qid, qname=a.name, qtype=QTYPES[qtype],
                local=list(s.getsockname()[:2]))
        got = {}
        end = time.time() + a.timeout
        while len(got) < len(ids) and time.time() < end:
            r, _, _ = select.select([s], [], [], max(0.0, end - time.time()))
            if not r:
                break
            try:
                msg = s.recv(4096)
            except OSError as e:
                log("error", msg=str(e))
                break
            qid, flags = struct.unpack(">HH", msg[:4])
            if qid in ids:
                got[qid] = flags & 0xF
                log("response", attempt=attempt, id=qid, qtype=QTYPES[ids[qid]], rcode=flags & 0xF)
        rcodes = set(got.values())
        if len(got) == len(ids) and rcodes <= {0, 3}:
            result = "nxdomain" if 3 in rcodes else "noerror"
            break
        if rcodes:
            result = {2: "servfail", 5: "refused"}.get(max(rcodes), "rcode_%d" % max(rcodes))
    log("lookup_done", result=result, attempts_used=attempt)


def main():
    global LOG
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("role", choices=["client", "server"])
    ap.add_argument("addr")
    ap.add_argument("port", type=int)
    ap.add_argument("--mode", default="answer",
                    choices=["answer", "nxdomain", "servfail", "refused", "silent", "search"])
    ap.add_argument("--name", default="www.example.lab")
    ap.add_argument("--timeout", type=float, default=1.0)
    ap.add_argument("--attempts", type=int, default=3)
    ap.add_argument("--source-port", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lifetime", type=float, default=30.0)
    ap.add_argument("--log", default="")
    a = ap.parse_args()
    if a.log:
        LOG = open(a.log, "a")
    fam = socket.AF_INET6 if ":" in a.addr else socket.AF_INET
    (server if a.role == "server" else client)(a, fam)
    return 0


if __name__ == "__main__":
    sys.exit(main())
