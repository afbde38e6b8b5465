#!/usr/bin/env python3
"""TLS peer for the tcpsleuth scenario lab: one TLS handshake, as Python's
ssl module (OpenSSL) does it, with settings a scenario chooses so that the
handshake fails the way it fails in the field (version mismatch, untrusted
certificate). The alerts on the wire are OpenSSL's own.

  tls.py server ADDR PORT --cert C --key K [--min-version 1.3] [--max-version 1.2]
  tls.py client ADDR PORT [--max-version 1.2] [--verify|--no-verify] [--source-port N]
"""
import argparse
import json
import socket
import ssl
import sys
import time

VERSIONS = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
LOG = None


def log(ev, **kw):
    rec = {"t": round(time.time(), 6), "ev": ev}
    rec.update(kw)
    line = json.dumps(rec)
    if LOG:
        LOG.write(line + "\n")
        LOG.flush()
    print(line, file=sys.stderr, flush=True)


def versions(ctx, a):
    if a.min_version:
        ctx.minimum_version = VERSIONS[a.min_version]
    if a.max_version:
        ctx.maximum_version = VERSIONS[a.max_version]


def server(a, fam):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    versions(ctx, a)
    ls = socket.socket(fam, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((a.addr, a.port))
    ls.listen(8)
    ls.settimeout(a.timeout)
    log("listening", local=list(ls.getsockname()[:2]))
    c, peer = ls.accept()
    log("accepted", peer=list(peer[:2]))
    c.settimeout(a.timeout)
    try:
        t = ctx.wrap_socket(c, server_side=True)
        log("handshake_ok", version=t.version(), cipher=t.cipher()[0])
        t.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        t.close()
    except (ssl.SSLError, OSError) as e:
        log("handshake_failed", error=str(e), reason=getattr(e, "reason", None))
        c.close()
    ls.close()


def client(a, fam):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    versions(ctx, a)
    if not a.verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    # with --verify: an empty trust store, as a client that does not know the CA
    s = socket.socket(fam, socket.SOCK_STREAM)
    if a.source_port:
        s.bind(("::" if fam == socket.AF_INET6 else "0.0.0.0", a.source_port))
    s.settimeout(a.timeout)
    s.connect((a.addr, a.port))
    log("connected", local=list(s.getsockname()[:2]), peer=list(s.getpeername()[:2]))
    try:
        t = ctx.wrap_socket(s, server_hostname="lab.tcpsleuth.test")
        log("handshake_ok", version=t.version())
        t.sendall(b"GET / HTTP/1.1\r\nHost: lab\r\n\r\n")
        t.recv(100)
        t.close()
    except (ssl.SSLError, OSError) as e:
        log("handshake_failed", error=str(e), reason=getattr(e, "reason", None))
        s.close()


def main():
    global LOG
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("role", choices=["client", "server"])
    ap.add_argument("addr")
    ap.add_argument("port", type=int)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--min-version", choices=sorted(VERSIONS))
    ap.add_argument("--max-version", choices=sorted(VERSIONS))
    ap.add_argument("--verify", dest="verify", action="store_true", default=True)
    ap.add_argument("--no-verify", dest="verify", action="store_false")
    ap.add_argument("--source-port", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--log", default="")
    a = ap.parse_args()
    if a.log:
        LOG = open(a.log, "a")
    fam = socket.AF_INET6 if ":" in a.addr else socket.AF_INET
    (server if a.role == "server" else client)(a, fam)
    return 0


if __name__ == "__main__":
    sys.exit(main())
