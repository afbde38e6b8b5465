//! IP fragment reassembly between wire decoding and flow tracking.
//!
//! Zeek and Wireshark count a fragmented datagram once, when it completes,
//! with its reassembled length; a connection record built from fragments
//! must do the same. [`Defragmenter::push`] takes a decoded frame and hands
//! on one [`Summary`] per IP packet, as [`Decoded::summaries`] does, except
//! that fragments are held until their datagram completes. The completed
//! datagram is rebuilt into an owned buffer (fragment fields cleared,
//! lengths fixed) and decoded again by the normal [`wire::decode`].
//! Packets that are not fragments pass straight through, uncopied.
//!
//! * **Key.** IPv4: (source, destination, protocol, ID); IPv6: (source,
//!   destination, identification) (RFC 8200 §4.5); plus the outer VLAN and
//!   the tunnel depth, so that datagrams on different VLANs or inside a
//!   tunnel stay apart.
//! * **Holes.** Each datagram keeps the byte ranges still missing (RFC 815);
//!   it completes when none is left.
//! * **Overlaps.** First wins, as Linux and BSD do: a later fragment only
//!   fills holes. A fragment that covers bytes already received is counted
//!   (Zeek's `fragment_overlap` weird).
//! * **Bounds.** A datagram is given up [`DefragConfig::timeout_secs`] after
//!   its first fragment (Linux `ipfrag_time`, Zeek `frag_timeout`); at most
//!   [`DefragConfig::max_datagrams`] are in progress and
//!   [`DefragConfig::max_bytes`] buffered (a fixed overhead per datagram
//!   included, so that floods of tiny fragments hit the cap too); beyond,
//!   the oldest is evicted. Everything given up is counted in
//!   [`DefragStats`].
//! * **Pass-through.** A fragment that cannot be reassembled (cut short by
//!   the snapshot length, a non-final fragment whose length is not a
//!   multiple of 8, an IPv4 header with a bad checksum when checksums are
//!   honoured, an IPv6 atomic fragment) is handed on unchanged: the
//!   tracker then decides, as it does without reassembly.

use crate::wire::hash::HashMap;
use crate::time::Timestamp;
use crate::wire::ipv6::walk_ext;
use crate::wire::registry::LinkType;
use crate::wire::{self, checksum, Decoded, FrameMeta, Net, Summary};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// Linux's `ipfrag_time`: a datagram not complete 30 s after its first
/// fragment is given up.
pub const DEFAULT_TIMEOUT_SECS: f64 = 30.0;
/// Datagrams in progress at once.
pub const DEFAULT_MAX_DATAGRAMS: usize = 65_536;
/// Bytes buffered at once, overheads included.
pub const DEFAULT_MAX_BYTES: usize = 64 << 20;
/// Bytes charged per datagram besides its buffers: its key and struct in
/// the hash table (~200 bytes, at up to twice that with the table's load
/// factor), its order entry and the allocator headers of three buffers.
pub const DATAGRAM_OVERHEAD: usize = 512;
/// Largest IP datagram: IPv4 total length, or IPv6 payload length (jumbograms
/// cannot be fragmented, RFC 2675 §3).
pub const MAX_DATAGRAM: usize = 65_535;
/// Holes one datagram may have: each fragment is matched against every
/// hole, so a datagram sliced into thousands of interleaved 8-byte pieces
/// would cost quadratic time. Real datagrams have a few dozen fragments.
pub const MAX_HOLES: usize = 256;
/// Nested reassemblies (a fragmented tunnel carrying fragments) followed.
const MAX_DEPTH: u8 = 4;

/// Timeout and limits.
#[derive(Clone, Debug)]
pub struct DefragConfig {
    /// Seconds from a datagram's first fragment until it is given up.
    pub timeout_secs: f64,
    /// Cap on datagrams in progress.
    pub max_datagrams: usize,
    /// Cap on bytes buffered (payload, headers, holes and a fixed overhead
    /// per datagram).
    pub max_bytes: usize,
    /// Pass IPv4 fragments with a bad header checksum on unreassembled (Zeek
    /// drops them; the tracker counts them). Mirror `TrackerConfig::honor_checksums`.
    pub honor_checksums: bool,
}

impl Default for DefragConfig {
    fn default() -> Self {
        DefragConfig {
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            max_datagrams: DEFAULT_MAX_DATAGRAMS,
            max_bytes: DEFAULT_MAX_BYTES,
            honor_checksums: false,
        }
    }
}

/// What the defragmenter did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DefragStats {
    /// Fragments taken in for reassembly.
    pub fragments: u64,
    /// Datagrams reassembled and handed on.
    pub completed: u64,
    /// Datagrams given up after the timeout.
    pub timed_out: u64,
    /// Datagrams evicted (oldest first) to stay within the caps.
    pub evicted: u64,
    /// Fragments that covered bytes already received (first wins).
    pub overlaps: u64,
    /// Datagrams dropped for growing past 65,535 bytes.
    pub oversize: u64,
    /// Datagrams dropped for having more than [`MAX_HOLES`] holes.
    pub too_many_holes: u64,
    /// Fragments at odds with the datagram's known end (dropped).
    pub inconsistent: u64,
    /// Fragments handed on unreassembled (cut short, odd length, bad checksum).
    pub passed_through: u64,
    /// Datagrams still incomplete when the input ended.
    pub unfinished: u64,
    /// Most datagrams in progress at once.
    pub peak_datagrams: u64,
    /// Most bytes buffered at once.
    pub peak_bytes: u64,
}

impl DefragStats {
    /// Datagrams lost to a limit, the timeout or bad fragments: worth a
    /// line in a report.
    pub fn lost(&self) -> u64 {
        self.timed_out + self.evicted + self.oversize + self.too_many_holes + self.unfinished
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key {
    src: IpAddr,
    dst: IpAddr,
    id: u32,
    /// IP protocol (IPv4; 0 for IPv6, whose key has none).
    proto: u8,
    vlan: Option<u16>,
    depth: u8,
}

/// One datagram in progress.
struct Datagram {
    /// Creation order, for oldest-first eviction.
    order: u64,
    started: Timestamp,
    /// IPv4 header, or the IPv6 unfragmentable part; empty until the
    /// fragment at offset 0 arrived.
    header: Vec<u8>,
    /// IPv6: where in `header` the Next Header field naming the fragment
    /// header sits, and the protocol the fragment header named.
    v6_next: Option<(usize, u8)>,
    /// The fragmentable part, as far as received.
    data: Vec<u8>,
    /// Missing byte ranges `[start, end)`, sorted and disjoint (RFC 815).
    holes: Vec<(u32, u32)>,
    /// Length of the fragmentable part, once the last fragment arrived.
    total: Option<u32>,
    cost: usize,
}

impl Datagram {
    fn new(order: u64, started: Timestamp) -> Datagram {
        Datagram {
            order,
            started,
            header: Vec::new(),
            v6_next: None,
            data: Vec::new(),
            holes: vec![(0, u32::MAX)],
            total: None,
            // Charged in full by the first update in `add`.
            cost: 0,
        }
    }

    fn compute_cost(&self) -> usize {
        DATAGRAM_OVERHEAD
            + self.header.capacity()
            + self.data.capacity()
            + self.holes.capacity() * std::mem::size_of::<(u32, u32)>()
    }
}

/// A fragment as read from one decoded IP layer.
struct Fragment<'a> {
    key: Key,
    offset: u32,
    more: bool,
    /// IPv4 header, or IPv6 header and extension headers before the fragment header.
    header: &'a [u8],
    v6_next: Option<(usize, u8)>,
    data: &'a [u8],
}

/// Outcome of adding a fragment.
enum Added {
    Held,
    Complete(Vec<u8>),
    Dropped,
}

/// Reassembles IPv4 and IPv6 fragments within a bounded budget.
pub struct Defragmenter {
    cfg: DefragConfig,
    map: HashMap<Key, Datagram>,
    /// Creation order → key: the oldest is first.
    order: BTreeMap<u64, Key>,
    next_order: u64,
    bytes: usize,
    now: Timestamp,
    /// Counters.
    pub stats: DefragStats,
}

impl Default for Defragmenter {
    fn default() -> Self {
        Defragmenter::new(DefragConfig::default())
    }
}

impl Defragmenter {
    /// An empty reassembler.
    pub fn new(cfg: DefragConfig) -> Defragmenter {
        Defragmenter {
            cfg,
            map: HashMap::default(),
            order: BTreeMap::new(),
            next_order: 0,
            bytes: 0,
            now: Timestamp::default(),
            stats: DefragStats::default(),
        }
    }

    /// Datagrams in progress.
    pub fn in_progress(&self) -> usize {
        self.map.len()
    }
    /// Bytes buffered, overheads included.
    pub fn buffered_bytes(&self) -> usize {
        self.bytes
    }

    /// Calls `f` with the summary of every IP packet of a decoded frame
    /// (outer, then tunnelled), holding fragments back until their datagram
    /// completes; the completed datagram's summary carries `meta` of the
    /// frame that completed it.
    pub fn push(&mut self, d: &Decoded<'_>, meta: FrameMeta, f: &mut impl FnMut(&Summary)) {
        self.walk(d, meta, None, 0, false, f);
    }

    /// Ends the input: what is still in progress is counted as unfinished.
    pub fn finish(&mut self) -> DefragStats {
        self.stats.unfinished += self.map.len() as u64;
        self.map.clear();
        self.order.clear();
        self.bytes = 0;
        self.stats
    }

    /// `vlan`: the VLAN of the frame a reassembled datagram came from (its
    /// raw rebuild has none); `depth`: reassemblies so far.
    fn walk(
        &mut self,
        d: &Decoded<'_>,
        meta: FrameMeta,
        vlan: Option<Option<u16>>,
        depth: u8,
        tunneled: bool,
        f: &mut impl FnMut(&Summary),
    ) {
        let mut cur = Some(d);
        let mut layer = 0u8;
        while let Some(l) = cur {
            cur = l.inner.as_ref().map(|(_, b)| &**b);
            let Some(mut s) = l.summary(meta) else { continue };
            s.tunneled = tunneled || layer > 0;
            if layer == 0 {
                if let Some(v) = vlan {
                    s.vlan = v;
                }
            }
            layer += 1;
            if s.fragment.is_none() || depth >= MAX_DEPTH {
                f(&s);
                continue;
            }
            let Some(frag) = self.fragment_of(l, &s, depth * 8 + layer) else {
                self.stats.passed_through += 1;
                f(&s);
                continue;
            };
            self.stats.fragments += 1;
            if let Added::Complete(buf) = self.add(frag, s.ts) {
                self.stats.completed += 1;
                let inner = wire::decode(LinkType::RAW.0, &buf);
                self.walk(&inner, meta, Some(s.vlan), depth + 1, s.tunneled, f);
            }
            // What a fragment seemed to carry further in is partial: the
            // rebuilt datagram is decoded afresh instead.
            return;
        }
    }

    /// The fragment in layer `l`, or None when it cannot be reassembled.
    fn fragment_of<'a>(&self, l: &Decoded<'a>, s: &Summary, depth: u8) -> Option<Fragment<'a>> {
        let fi = s.fragment?;
        let key = |proto| Key { src: s.src, dst: s.dst, id: fi.id, proto, vlan: s.vlan, depth };
        if l.ip_truncated {
            return None;
        }
        let (key, header, v6_next, data) = match &l.net {
            Net::Ipv4(ip) => {
                if ip.problem().is_some() || self.cfg.honor_checksums && ip.checksum_ok() == Some(false) {
                    return None;
                }
                let header = ip.bytes().get(..ip.header_len())?;
                (key(ip.protocol()), header, None, ip.payload().0)
            }
            Net::Ipv6(ip, _) => {
                // The unfragmentable part ends at the (first) fragment header.
                let (payload, _) = ip.payload();
                let (_, headers) = walk_ext(ip.next_header(), payload);
                let (mut off, mut nh_at) = (0usize, 6usize);
                let mut found = None;
                for h in headers {
                    if h.kind == 44 {
                        found = Some(h.next);
                        break;
                    }
                    nh_at = 40 + off;
                    off += h.data.len();
                }
                let next = found?;
                let header = ip.bytes().get(..40 + off)?;
                (key(0), header, Some((nh_at, next)), payload.get(off + 8..)?)
            }
            _ => return None,
        };
        // Atomic fragments (RFC 6946) are whole; every fragment but the last
        // carries 8n bytes (RFC 791 §3.2, RFC 8200 §4.5).
        if !fi.more && fi.offset == 0 || fi.more && (data.is_empty() || data.len() % 8 != 0) {
            return None;
        }
        Some(Fragment { key, offset: fi.offset, more: fi.more, header, v6_next, data })
    }

    fn add(&mut self, fr: Fragment<'_>, ts: Timestamp) -> Added {
        if ts > self.now {
            self.now = ts;
        }
        self.expire();
        let start = fr.offset;
        let end = start + fr.data.len() as u32;
        if fr.header.len() + end as usize > MAX_DATAGRAM + if fr.v6_next.is_some() { 40 } else { 0 } {
            // Ping of death: the datagram could never be valid.
            self.stats.oversize += 1;
            self.remove(&fr.key);
            return Added::Dropped;
        }
        let order = self.next_order;
        let dg = self.map.entry(fr.key).or_insert_with(|| Datagram::new(order, ts));
        if dg.order == order {
            self.next_order += 1;
            self.order.insert(order, fr.key);
        }
        let consistent = match (dg.total, fr.more) {
            (Some(t), false) => t == end,
            (Some(t), true) => end <= t,
            // The last fragment may not end before bytes already received.
            (None, false) => dg.data.len() as u32 <= end,
            (None, true) => true,
        };
        if !consistent {
            self.stats.inconsistent += 1;
            return Added::Held;
        }
        if !fr.more {
            dg.total = Some(end);
            dg.holes.retain(|h| h.0 < end);
            if let Some(h) = dg.holes.last_mut() {
                h.1 = h.1.min(end);
            }
        }
        if start == 0 && dg.header.is_empty() {
            dg.header = fr.header.to_vec();
            dg.v6_next = fr.v6_next;
        }
        if dg.data.len() < end as usize {
            dg.data.resize(end as usize, 0);
        }
        if fill(dg, start, fr.data) {
            self.stats.overlaps += 1;
        }
        let old = dg.cost;
        dg.cost = dg.compute_cost();
        self.bytes = self.bytes + dg.cost - old;
        if dg.holes.len() > MAX_HOLES {
            self.stats.too_many_holes += 1;
            self.remove(&fr.key);
            return Added::Dropped;
        }
        if dg.holes.is_empty() && !dg.header.is_empty() {
            let Some(dg) = self.remove(&fr.key) else { return Added::Dropped };
            return match rebuild(dg) {
                Some(buf) => Added::Complete(buf),
                None => {
                    self.stats.oversize += 1;
                    Added::Dropped
                }
            };
        }
        self.stats.peak_datagrams = self.stats.peak_datagrams.max(self.map.len() as u64);
        self.stats.peak_bytes = self.stats.peak_bytes.max(self.bytes as u64);
        self.enforce_caps();
        Added::Held
    }

    /// Gives up datagrams whose first fragment is older than the timeout.
    /// Creation order is time order, up to captures that go back in time.
    fn expire(&mut self) {
        let limit = (self.cfg.timeout_secs * 1e9) as i128;
        while let Some((_, key)) = self.order.first_key_value() {
            let key = *key;
            match self.map.get(&key) {
                Some(dg) if self.now.nanos_since(dg.started) >= limit => {
                    self.remove(&key);
                    self.stats.timed_out += 1;
                }
                _ => break,
            }
        }
    }

    /// Evicts the oldest datagrams until both caps hold.
    fn enforce_caps(&mut self) {
        while self.map.len() > self.cfg.max_datagrams || self.bytes > self.cfg.max_bytes {
            let Some((_, key)) = self.order.first_key_value() else { break };
            let key = *key;
            self.remove(&key);
            self.stats.evicted += 1;
        }
    }

    fn remove(&mut self, key: &Key) -> Option<Datagram> {
        let dg = self.map.remove(key)?;
        self.order.remove(&dg.order);
        self.bytes -= dg.cost;
        Some(dg)
    }
}

/// Copies `data` at `start` into the holes it covers and shrinks them;
/// bytes already received stay (first wins). True when `data` overlapped
/// bytes already received.
fn fill(dg: &mut Datagram, start: u32, data: &[u8]) -> bool {
    let end = start + data.len() as u32;
    let mut covered = 0u32;
    let mut holes = Vec::with_capacity(dg.holes.len() + 1);
    for &(hs, he) in &dg.holes {
        let (s, e) = (hs.max(start), he.min(end));
        if s >= e {
            holes.push((hs, he));
            continue;
        }
        let (a, b) = ((s - start) as usize, (e - start) as usize);
        if let (Some(dst), Some(src)) = (dg.data.get_mut(s as usize..e as usize), data.get(a..b)) {
            dst.copy_from_slice(src);
        }
        covered += e - s;
        if hs < s {
            holes.push((hs, s));
        }
        if e < he {
            holes.push((e, he));
        }
    }
    dg.holes = holes;
    covered < end - start
}

/// The whole datagram: header with fragment fields cleared and lengths
/// fixed, then the data. None when it exceeds the maximum size.
fn rebuild(dg: Datagram) -> Option<Vec<u8>> {
    let mut buf = dg.header;
    let len = buf.len() + dg.data.len();
    match dg.v6_next {
        None => {
            if len > MAX_DATAGRAM || buf.len() < 20 {
                return None;
            }
            buf[2..4].copy_from_slice(&(len as u16).to_be_bytes());
            // Keep DF, clear MF and the offset.
            buf[6] &= 0x40;
            buf[7] = 0;
            buf[10..12].copy_from_slice(&[0, 0]);
            let sum = checksum::checksum(&buf);
            buf[10..12].copy_from_slice(&sum.to_be_bytes());
        }
        Some((nh_at, next)) => {
            let plen = len.checked_sub(40)?;
            if plen > MAX_DATAGRAM {
                return None;
            }
            buf[4..6].copy_from_slice(&(plen as u16).to_be_bytes());
            *buf.get_mut(nh_at)? = next;
        }
    }
    buf.extend_from_slice(&dg.data);
    Some(buf)
}

#[cfg(test)]
mod tests;
