"""Stitching connections that cross file boundaries (pure Python, no Spark).

Each file of a sensor's capture set is analysed alone, so a connection that
is open when one file ends shows up as one *part* per file. Parts are linked
by what the kernel and Zeek's timers allow: the same 5-tuple (either
direction: a part that starts mid-stream may have guessed the other side as
originator), the next part starting within the protocol's inactivity timeout
of the previous part's last packet, and the previous part not closed before a
fresh SYN opens the next one (port reuse is a new connection).

A chain of linked parts is not merged field by field: history letters,
retransmission and duplicate-ACK counts, RTTs and the endpoint states all
depend on packets from both sides of the boundary. Instead the files the
chain spans are analysed again as one set, and the records of the chain's
5-tuple replace its parts (see plan_reruns).
"""

# Zeek's inactivity timeouts (tcpsleuth's defaults): a gap longer than this
# ends a connection whatever its state.
INACTIVITY_SECS = {"tcp": 300.0, "udp": 60.0, "icmp": 60.0}
OTHER_INACTIVITY_SECS = 60.0
# Zeek's tcp_close_delay: a closed connection still takes packets this long.
CLOSE_DELAY_SECS = 5.0
# conn_state values after which a fresh SYN starts a new connection.
CLOSED_STATES = {"SF", "REJ", "RSTO", "RSTR", "RSTOS0", "RSTRH"}


def flow_key(rec):
    """The 5-tuple of a record, the same whichever side is the originator."""
    a = (rec["id.orig_h"], rec.get("id.orig_p", 0))
    b = (rec["id.resp_h"], rec.get("id.resp_p", 0))
    lo, hi = (a, b) if a <= b else (b, a)
    return (rec["proto"], lo[0], lo[1], hi[0], hi[1])


def last_packet(rec):
    """Time of the record's last packet."""
    return rec["ts"] + (rec.get("duration") or 0.0)


def _fresh_start(rec):
    return rec["proto"] == "tcp" and (rec.get("history") or "").startswith("S")


def linked(prev, nxt):
    """Whether part NXT (a later file) may continue the connection of PREV."""
    gap = nxt["ts"] - last_packet(prev)
    if gap > INACTIVITY_SECS.get(prev["proto"], OTHER_INACTIVITY_SECS):
        return False
    return not (prev.get("conn_state") in CLOSED_STATES and _fresh_start(nxt))


def horizon(rec):
    """Seconds after its last packet during which a record can still change.

    Zeek's timers end a record: 5 s after both sides closed, else the
    protocol's inactivity timeout. Until then later packets decide it: a TCP
    endpoint's state moves on as the kernel's timers fire (SYN retries give
    up, TIME_WAIT and FIN_WAIT2 end) and an ICMP error quoting the flow is
    attached to it. A record cut short by the end of its file must be
    analysed again with the files that follow, up to that horizon.
    """
    if rec["proto"] == "tcp" and rec.get("orig_tcp_state") == "CLOSED" and rec.get("resp_tcp_state") == "CLOSED":
        return CLOSE_DELAY_SECS
    return INACTIVITY_SECS.get(rec["proto"], OTHER_INACTIVITY_SECS)


def chains(parts, file_ends):
    """Chains of one sensor's parts of one 5-tuple that need the files after them.

    PARTS: (file_index, record) pairs; FILE_ENDS: the last packet time of each
    file of the set. Returns (first_file, last_file, t_min, t_max) for every
    run of linked parts from different files, and for every run whose last
    part can still change (see horizon): that one reaches to the file where the protocol's
    inactivity timeout would have ended the record.
    """
    parts = sorted(parts, key=lambda p: (p[1]["ts"], p[0]))
    out = []
    run = parts[:1]
    for part in parts[1:]:
        prev = run[-1]
        if part[0] != prev[0] and linked(prev[1], part[1]):
            run.append(part)
            continue
        out.extend(_chain_of(run, file_ends))
        run = [part]
    out.extend(_chain_of(run, file_ends))
    return out


def _chain_of(run, file_ends):
    if not run:
        return []
    first = min(p[0] for p in run)
    last = max(p[0] for p in run)
    tail = run[-1][1]
    expiry = last_packet(tail) + horizon(tail)
    while last + 1 < len(file_ends) and file_ends[last] < expiry:
        last += 1
    if last == first:
        return []
    return [(first, last, min(p[1]["ts"] for p in run), max(last_packet(p[1]) for p in run))]


def plan_reruns(chains):
    """One re-run per maximal file span: [(first, last, {key: [(t_min, t_max)]})].

    CHAINS: (key, first, last, t_min, t_max) of one sensor. A span inside
    another is not run again; each chain goes to exactly one run, so no
    record is taken twice. Spans that merely touch stay apart: they run in
    parallel, and a file is read by at most the runs of its own boundaries.
    """
    spans = sorted({(c[1], c[2]) for c in chains}, key=lambda s: (s[0], -s[1]))
    maximal = []
    for first, last in spans:
        if not any(f <= first and last <= l for f, l in maximal):
            maximal.append((first, last))
    runs = [(f, l, {}) for f, l in maximal]
    for key, first, last, t_min, t_max in chains:
        run = next(r for r in runs if r[0] <= first and last <= r[1])
        run[2].setdefault(key, []).append((t_min, t_max))
    return runs


def in_chain(rec, key_chains):
    """Whether REC (from a whole-span run) belongs to one of the chains of its 5-tuple."""
    return any(t_min <= rec["ts"] <= t_max for t_min, t_max in key_chains.get(flow_key(rec), ()))


def shift_frames(value, offset):
    """Adds OFFSET to every "frame" number inside a record (in place)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "frame" and isinstance(v, int):
                value[k] = v + offset
            else:
                shift_frames(v, offset)
    elif isinstance(value, list):
        for v in value:
            shift_frames(v, offset)
    return value
