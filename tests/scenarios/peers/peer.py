#!/usr/bin/env python3
"""Scripted TCP peer for the tcpsleuth capture lab.

One process plays one endpoint of ONE TCP connection (client or server) and
follows a tiny script, so that the lab can put the kernel's TCP state machine
exactly where a scenario needs it (half-closed, zero window, aborted, ...).
The packets themselves are produced by the real Linux kernel TCP stack; this
program only makes socket calls.

Script: steps separated by ';'
  send:N              send N bytes of printable, deterministic payload
  trickle:N:CHUNK:GAP send N bytes in CHUNK-byte writes, GAP seconds apart
  recv:N              read exactly N bytes (stops early at EOF)
  eof                 read until EOF
  shut                shutdown(SHUT_WR)  -> our FIN
  close               close()            -> FIN (or RST if unread data)
  abort               SO_LINGER{1,0} + close() -> RST
Option --pacing-rate makes the kernel pace the sender (SO_MAX_PACING_RATE).
  sleep:T             do nothing for T seconds (also: stop reading)
  mark:NAME           create SYNC/NAME, then wait (<= 30 s) for SYNC/NAME.go;
                      the lab takes its `ss` snapshots at these points
  exit                leave the process without closing the socket
                      (only used when the lab stops the capture first)
  quickack            setsockopt TCP_QUICKACK (ACK the next data at once)
  get:PATH            send an HTTP/1.1 GET request (keep-alive)
  reqhdr              read one HTTP request (up to the blank line)
  reply:N             send an HTTP/1.1 200 response with an N-byte body
  resphdr             read one HTTP response (headers + Content-Length body)
  waiteof:T           wait up to T s for the peer's FIN (read nothing else)
Option --recv-timeout T: a read waits at most T s, then the step fails
(logged as error ETIMEDOUT) and the script stops (an application timeout).
Option --listen-only: the server listens (--backlog) and never accepts,
for --timeout seconds (a hung application with a full accept queue).

Every event is logged as one JSON object per line to --log, with the
connection's local and peer address, so the ground truth knows the exact
5-tuple even for ephemeral client ports.
"""
import argparse
import errno
import json
import os
import socket
import sys
import threading
import time

LOG = None
TAG = threading.local()  # the connection's local port, per thread (--parallel)


def log(ev, **kw):
    rec = {"t": round(time.time(), 6), "ev": ev}
    if getattr(TAG, "port", None):
        rec["port"] = TAG.port
    rec.update(kw)
    line = json.dumps(rec)
    if LOG:
        LOG.write(line + "\n")
        LOG.flush()
    print(line, file=sys.stderr, flush=True)


def payload(n, offset=0):
    """Deterministic printable payload: numbered text lines."""
    out = bytearray()
    i = offset // 32
    while len(out) < n + (offset % 32):
        out += b"tcpsleuth-lab line %06d ....\n" % i
        i += 1
    start = offset % 32
    return bytes(out[start:start + n])


def addr_of(sa):
    return [sa[0], sa[1]]


def wait_go(sync, name, timeout=30.0):
    if not sync:
        return
    open(os.path.join(sync, name), "w").close()
    log("mark", name=name)
    deadline = time.time() + timeout
    go = os.path.join(sync, name + ".go")
    while time.time() < deadline:
        if os.path.exists(go):
            return
        time.sleep(0.02)
    log("mark_timeout", name=name)


def read_until(sock, end):
    buf = b""
    while end not in buf:
        data = sock.recv(65536)
        if not data:
            break
        buf += data
    return buf


def run_script(sock, script, sync):
    sent = 0
    received = 0
    for step in [s for s in script.split(";") if s.strip()]:
        parts = step.strip().split(":")
        op = parts[0]
        try:
            if op == "send":
                n = int(parts[1])
                sock.sendall(payload(n, sent))
                sent += n
                log("sent", n=n, total=sent)
            elif op == "trickle":
                n, chunk, gap = int(parts[1]), int(parts[2]), float(parts[3])
                left = n
                while left > 0:
                    k = min(chunk, left)
                    sock.sendall(payload(k, sent))
                    sent += k
                    left -= k
                    if left:
                        time.sleep(gap)
                log("sent", n=n, total=sent)
            elif op == "recv":
                want = int(parts[1])
                got = 0
                while got < want:
                    data = sock.recv(min(65536, want - got))
                    if not data:
                        log("eof_early", got=got, want=want)
                        break
                    got += len(data)
                received += got
                log("received", n=got, total=received)
            elif op == "eof":
                got = 0
                while True:
                    data = sock.recv(65536)
                    if not data:
                        break
                    got += len(data)
                received += got
                log("eof", n=got, total=received)
            elif op == "shut":
                sock.shutdown(socket.SHUT_WR)
                log("shutdown_wr")
            elif op == "close":
                sock.close()
                log("closed")
                return sent, received
            elif op == "abort":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                b"\x01\x00\x00\x00\x00\x00\x00\x00")
                sock.close()
                log("aborted")
                return sent, received
            elif op == "sleep":
                time.sleep(float(parts[1]))
            elif op == "mark":
                wait_go(sync, parts[1])
            elif op == "quickack":
                sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, "TCP_QUICKACK", 12), 1)
            elif op == "get":
                req = ("GET %s HTTP/1.1\r\nHost: lab\r\nUser-Agent: tcpsleuth-lab\r\n"
                       "Connection: keep-alive\r\n\r\n" % parts[1]).encode()
                sock.sendall(req)
                sent += len(req)
                log("sent", n=len(req), total=sent, http="GET " + parts[1])
            elif op == "reqhdr":
                got = read_until(sock, b"\r\n\r\n")
                received += len(got)
                log("received", n=len(got), total=received, http=got.split(b"\r\n")[0].decode(errors="replace"))
            elif op == "reply":
                body = payload(int(parts[1]))
                msg = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
                       b"Connection: keep-alive\r\nKeep-Alive: timeout=2\r\n\r\n" % len(body)) + body
                sock.sendall(msg)
                sent += len(msg)
                log("sent", n=len(msg), total=sent, http="200 OK")
            elif op == "resphdr":
                got = read_until(sock, b"\r\n\r\n")
                head = got.split(b"\r\n\r\n")[0]
                clen = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        clen = int(line.split(b":")[1])
                body = len(got) - len(head) - 4
                while body < clen:
                    data = sock.recv(min(65536, clen - body))
                    if not data:
                        break
                    body += len(data)
                received += len(head) + 4 + body
                log("received", n=len(head) + 4 + body, total=received,
                    http=head.split(b"\r\n")[0].decode(errors="replace"))
            elif op == "waiteof":
                sock.settimeout(float(parts[1]))
                try:
                    data = sock.recv(65536)
                    log("eof" if not data else "unexpected_data", n=len(data))
                except socket.timeout:
                    log("no_eof")
            elif op == "exit":
                log("exit_without_close")
                os._exit(0)
            else:
                log("bad_step", step=step)
        except socket.timeout:
            log("error", step=step, errno="ETIMEDOUT", msg="application read timeout")
            return sent, received
        except OSError as e:
            log("error", step=step, errno=errno.errorcode.get(e.errno, str(e.errno)),
                msg=os.strerror(e.errno) if e.errno else str(e))
            return sent, received
    return sent, received


def serve_many(s, a):
    """Accept up to a.serve connections (until --timeout passes without one)."""
    import threading
    threads = []
    for _ in range(a.serve):
        try:
            c, peer = s.accept()
        except socket.timeout:
            log("accept_timeout")
            break
        c.settimeout(a.recv_timeout or None)
        log("accepted", local=addr_of(c.getsockname()), peer=addr_of(peer))
        t = threading.Thread(target=lambda c=c: log("done", result=list(run_script(c, a.script, a.sync))),
                             daemon=True)
        t.start()
        threads.append(t)
    for t in threads:
        t.join(a.timeout)
    s.close()
    return 0


def main():
    global LOG
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("role", choices=["client", "server"])
    ap.add_argument("addr")
    ap.add_argument("port", type=int)
    ap.add_argument("--script", default="")
    ap.add_argument("--sync", default="")
    ap.add_argument("--log", default="")
    ap.add_argument("--source-port", type=int, default=0)
    ap.add_argument("--rcvbuf", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=10.0,
                    help="connect timeout (client) / accept timeout (server)")
    ap.add_argument("--backlog", type=int, default=128)
    ap.add_argument("--recv-timeout", type=float, default=0.0)
    ap.add_argument("--listen-only", action="store_true")
    ap.add_argument("--parallel", type=int, default=1,
                    help="client: N connections started at the same moment")
    ap.add_argument("--serve", type=int, default=1,
                    help="server: accept up to N connections, each runs the script in a thread")
    ap.add_argument("--pacing-rate", type=int, default=0,
                    help="SO_MAX_PACING_RATE in bytes/s (the kernel paces the sender)")
    a = ap.parse_args()
    if a.log:
        LOG = open(a.log, "a")
    fam = socket.AF_INET6 if ":" in a.addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if a.rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, a.rcvbuf)
    if a.role == "server":
        s.bind((a.addr, a.port))
        s.listen(a.backlog)
        log("listening", local=addr_of(s.getsockname()), backlog=a.backlog)
        if a.listen_only:
            time.sleep(a.timeout)
            log("done_without_accept")
            return 0
        s.settimeout(a.timeout)
        if a.serve > 1:
            return serve_many(s, a)
        try:
            c, peer = s.accept()
        except socket.timeout:
            log("accept_timeout")
            return 0
        c.settimeout(a.recv_timeout or None)
        if a.pacing_rate:
            c.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_MAX_PACING_RATE", 47), a.pacing_rate)
        log("accepted", local=addr_of(c.getsockname()), peer=addr_of(peer))
        sent, rcvd = run_script(c, a.script, a.sync)
        log("done", sent=sent, received=rcvd)
        s.close()
        return 0
    if a.parallel > 1:
        return clients_together(a, fam)
    return one_client(a, fam, s, a.source_port)


def clients_together(a, fam):
    """--parallel N clients whose connect() calls start at the same moment
    (a burst of users), source ports --source-port + i."""
    import threading
    go = threading.Barrier(a.parallel)

    def one(i):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        go.wait()
        one_client(a, fam, s, a.source_port + i if a.source_port else 0)

    ts = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(a.parallel)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(a.timeout + 60)
    return 0


def one_client(a, fam, s, source_port):
    if source_port:
        s.bind(("::" if fam == socket.AF_INET6 else "0.0.0.0", source_port))
    s.settimeout(a.timeout)
    t0 = time.time()
    TAG.port = source_port or None
    try:
        s.connect((a.addr, a.port))
    except OSError as e:
        en = e.errno if e.errno else errno.ETIMEDOUT
        log("connect_failed", errno=errno.errorcode.get(en, str(en)),
            msg=os.strerror(en), after=round(time.time() - t0, 3),
            local=addr_of(s.getsockname()))
        return 1
    s.settimeout(a.recv_timeout or None)
    log("connected", local=addr_of(s.getsockname()), peer=addr_of(s.getpeername()),
        after=round(time.time() - t0, 3))
    sent, rcvd = run_script(s, a.script, a.sync)
    log("done", sent=sent, received=rcvd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
