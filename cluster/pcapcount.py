"""Packets in a pcap or pcapng file, counted from the record headers only.

The job needs each file's packet count to renumber tcpsleuth's frame numbers
(1-based within one run) into the numbering of the whole capture set.
"""
import gzip
import struct

PCAP_MAGICS = {b"\xd4\xc3\xb2\xa1": "<", b"\x4d\x3c\xb2\xa1": "<",
               b"\xa1\xb2\xc3\xd4": ">", b"\xa1\xb2\x3c\x4d": ">"}
PCAPNG_SHB = b"\x0a\x0d\x0d\x0a"
# Enhanced, simple and obsolete packet blocks each carry one packet.
PCAPNG_PACKET_BLOCKS = {6, 3, 2}


def _open(path):
    with open(path, "rb") as f:
        head = f.read(4)
    if head[:2] == b"\x1f\x8b":
        return gzip.open(path, "rb")
    if head == b"\x28\xb5\x2f\xfd":
        raise ValueError(f"{path}: zstd-compressed; decompress it or give the counts")
    return open(path, "rb")


def _count_pcap(f, order):
    f.read(20)  # rest of the global header
    n = 0
    while True:
        rec = f.read(16)
        if len(rec) < 16:
            return n
        incl = struct.unpack(order + "I", rec[8:12])[0]
        f.seek(incl, 1)
        n += 1


def _count_pcapng(f):
    n = 0
    order = "<"
    while True:
        head = f.read(8)
        if len(head) < 8:
            return n
        if head[:4] == PCAPNG_SHB:
            bom = f.read(4)
            order = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">"
            length = struct.unpack(order + "I", head[4:8])[0]
            f.seek(length - 12, 1)
            continue
        kind, length = struct.unpack(order + "II", head)
        if length < 12:
            raise ValueError("pcapng block shorter than its header")
        n += kind in PCAPNG_PACKET_BLOCKS
        f.seek(length - 8, 1)


def count_packets(path):
    """Packets stored in the capture file at PATH (pcap or pcapng, maybe gzipped)."""
    with _open(path) as f:
        magic = f.read(4)
        if magic in PCAP_MAGICS:
            return _count_pcap(f, PCAP_MAGICS[magic])
        if magic == PCAPNG_SHB:
            f.seek(0)
            return _count_pcapng(f)
    raise ValueError(f"{path}: not a pcap or pcapng file")
