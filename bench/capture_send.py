#!/usr/bin/env python3
"""Paced raw-frame sender for bench/capture_rate.sh (no pktgen needed).

Sends COUNT copies of one 64-byte Ethernet/IPv4/UDP frame out of IFACE
through an AF_PACKET socket at RATE frames per second: every millisecond
it sends that millisecond's share, then waits for the next one, so bursts
stay short. Prints the rate it achieved (a Python sender tops out at a few
hundred thousand frames per second; the script reports what it reached).

    capture_send.py IFACE RATE COUNT
"""
import socket
import struct
import sys
import time


def frame() -> bytes:
    """Ethernet broadcast, IPv4 10.250.0.1 -> 10.250.0.2, UDP 40000 -> 80, 22 payload bytes."""
    payload = b"tcpsleuth-capture-rate"
    udp = struct.pack("!HHHH", 40000, 80, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                     bytes([10, 250, 0, 1]), bytes([10, 250, 0, 2]))
    csum = sum(struct.unpack("!10H", ip))
    csum = (csum & 0xFFFF) + (csum >> 16)
    ip = ip[:10] + struct.pack("!H", ~csum & 0xFFFF) + ip[12:]
    eth = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    return eth + ip + udp


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    iface, rate, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    f = frame()
    send = s.send
    per_ms = max(1, rate // 1000)
    sent = 0
    start = time.perf_counter()
    tick = start
    while sent < count:
        n = min(per_ms, count - sent)
        for _ in range(n):
            try:
                send(f)
            except BlockingIOError:
                pass
        sent += n
        tick += n / rate
        delay = tick - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
    took = time.perf_counter() - start
    print(f"{sent} {took:.3f} {sent / took:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
