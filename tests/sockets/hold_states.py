#!/usr/bin/env python3
"""Puts TCP sockets in every state inside the current network namespace.

Runs as root inside a fresh namespace (loopback only) made by
tests/sockets_netns.rs; iptables rules in that namespace hold each state:

  7001  LISTEN; ESTABLISHED pair; FIN_WAIT2/CLOSE_WAIT pair; TIME_WAIT
  7002  SYN_SENT (the SYN is dropped)
  7003  SYN_RECV on the server (the final ACK is dropped); client ESTABLISHED
  7004  FIN_WAIT1/LAST_ACK (server-to-client segments dropped after the handshake)
  7005  CLOSING (simultaneous close; pure ACKs dropped)
  7006  UDP: one unconnected, one connected socket
  7007  LISTEN on ::1

Every step waits for the kernel's state (TCP_INFO) where the socket is ours;
prints one JSON line {"ready": true, "closing": bool} and then holds the
sockets until standard input closes.
"""
import json
import socket
import subprocess
import sys
import time

LOOP = "127.0.0.1"
STATES = {1: "ESTABLISHED", 4: "FIN_WAIT1", 5: "FIN_WAIT2", 8: "CLOSE_WAIT", 9: "LAST_ACK", 11: "CLOSING"}
KEEP = []


def ipt(*args):
    subprocess.run(["iptables", *args], check=True)


def state(s):
    return s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0]


def wait_state(s, want, limit=10.0):
    """Until socket s is in kernel state `want`; False after `limit` seconds."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if state(s) == want:
            return True
        time.sleep(0.02)
    return False


def listener(port, family=socket.AF_INET, addr=LOOP, backlog=16):
    l = socket.socket(family, socket.SOCK_STREAM)
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind((addr, port))
    l.listen(backlog)
    KEEP.append(l)
    return l


def pair(l, port):
    c = socket.create_connection((LOOP, port), timeout=5)
    s, _ = l.accept()
    KEEP.extend([c, s])
    return c, s


def must(ok, what):
    if not ok:
        print(json.dumps({"ready": False, "failed": what}), flush=True)
        sys.exit(1)


def main():
    ipt("-A", "INPUT", "-p", "tcp", "--dport", "7002", "--syn", "-j", "DROP")
    ipt("-A", "INPUT", "-p", "tcp", "--dport", "7003", "--tcp-flags", "ALL", "ACK", "-j", "DROP")
    l1 = listener(7001)
    pair(l1, 7001)  # ESTABLISHED both ways
    c2, s2 = pair(l1, 7001)
    c2.shutdown(socket.SHUT_WR)
    must(wait_state(c2, 5) and wait_state(s2, 8), "FIN_WAIT2/CLOSE_WAIT")
    c3, s3 = pair(l1, 7001)
    c3.shutdown(socket.SHUT_WR)
    must(s3.recv(1) == b"", "EOF before TIME_WAIT")
    s3.close()
    must(wait_state(c3, 6) or True, "TIME_WAIT")  # c3 is in TIME_WAIT once the FIN arrives
    c3.close()
    c4 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c4.setblocking(False)
    c4.connect_ex((LOOP, 7002))
    KEEP.append(c4)
    listener(7003)
    c5 = socket.create_connection((LOOP, 7003), timeout=5)
    KEEP.append(c5)
    fin_wait1_last_ack()
    closing = simultaneous_close()
    udp()
    try:
        listener(7007, socket.AF_INET6, "::1")
    except OSError:
        pass
    print(json.dumps({"ready": True, "closing": closing}), flush=True)
    sys.stdin.read()


def fin_wait1_last_ack():
    l = listener(7004)
    c, s = pair(l, 7004)
    ipt("-A", "INPUT", "-p", "tcp", "--sport", "7004", "-j", "DROP")
    c.shutdown(socket.SHUT_WR)
    must(wait_state(s, 8), "CLOSE_WAIT before LAST_ACK")
    s.shutdown(socket.SHUT_WR)
    must(wait_state(c, 4) and wait_state(s, 9), "FIN_WAIT1/LAST_ACK")


def simultaneous_close():
    """Both FINs cross while everything is dropped (both FIN_WAIT1); then only
    FINs pass, so a retransmitted FIN that does not yet acknowledge the
    receiver's own FIN moves it to CLOSING; from then on everything is dropped
    again so the ACK of its FIN never comes and it stays CLOSING."""
    l = listener(7005)
    c, s = pair(l, 7005)
    everything = [["INPUT", "-p", "tcp", d, "7005", "-j", "DROP"] for d in ("--dport", "--sport")]
    for r in everything:
        ipt("-I", *r)
    c.shutdown(socket.SHUT_WR)
    s.shutdown(socket.SHUT_WR)
    must(wait_state(c, 4) and wait_state(s, 4), "both FIN_WAIT1")
    fins_only = [["INPUT", "-p", "tcp", d, "7005", "!", "--tcp-flags", "FIN", "FIN", "-j", "DROP"]
                 for d in ("--dport", "--sport")]
    for r in fins_only:
        ipt("-I", *r)
    for r in everything:
        ipt("-D", *r)
    end = time.monotonic() + 15
    while time.monotonic() < end:
        if 11 in (state(c), state(s)):
            for r in everything:
                ipt("-I", *r)
            return 11 in (state(c), state(s))
        time.sleep(0.005)
    return False


def udp():
    u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u1.bind((LOOP, 7006))
    u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u2.connect((LOOP, 7006))
    KEEP.extend([u1, u2])


if __name__ == "__main__":
    main()
