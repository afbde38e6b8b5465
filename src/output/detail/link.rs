//! Frame and link-layer subtrees: frame metadata, Ethernet II / 802.3 with
//! MAC vendors and address bits, VLAN tags, LLC/SNAP, Linux cooked, loopback,
//! PPP and PPPoE.

use super::lookup;
use super::node::{named, secs, Node, Value};
use crate::capture::Frame;
use crate::time::Timestamp;
use crate::wire::ethernet::{Mac, VlanTag};
use crate::wire::sll::Sll;
use crate::wire::{Decoded, Link, Net};

/// `aa:bb:cc:dd:ee:ff`.
pub fn mac_str(m: &[u8]) -> String {
    let mut s = String::with_capacity(m.len() * 3);
    for (i, b) in m.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Seconds display: 6 decimals unless the timestamp carries sub-microseconds.
fn secs_auto(nanos: i128) -> String {
    secs(nanos, if nanos % 1000 != 0 { 9 } else { 6 })
}

/// The frame subtree: number, time, lengths, link type, snaplen truncation.
pub fn frame(f: &Frame<'_>, first: Timestamp, prev: Timestamp) -> Node {
    let (y, mo, d, h, mi, s) = f.ts.to_utc();
    let frac = if !f.ts.nanos.is_multiple_of(1000) {
        format!("{:09}", f.ts.nanos)
    } else {
        format!("{:06}", f.ts.nanos / 1000)
    };
    let civil = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{frac} UTC");
    let epoch = f.ts.as_nanos();
    let label = format!(
        "Frame {}: {} bytes on wire, {} bytes captured",
        f.number, f.orig_len, f.caplen
    );
    let (desc, name) = lookup::linktype(f.link_type);
    let lt = match (desc, name) {
        (Some(d), Some(n)) => format!("{d} ({n}, {})", f.link_type),
        (Some(d), None) | (None, Some(d)) => format!("{d} ({})", f.link_type),
        (None, None) => format!("unknown ({})", f.link_type),
    };
    let mut n = Node::group("frame", label)
        .with(
            Node::text("time", "Arrival time", f.ts.to_string())
                .show(civil)
                .tag(
                    "epoch",
                    Value::Secs(epoch),
                    format!("epoch {}", secs_auto(epoch)),
                ),
        )
        .with(
            Node::field(
                "delta",
                "Time delta from previous captured frame",
                Value::Secs(f.ts.nanos_since(prev)),
            )
            .show(format!("{} seconds", secs_auto(f.ts.nanos_since(prev)))),
        )
        .with(
            Node::field(
                "since_first",
                "Time since first frame",
                Value::Secs(f.ts.nanos_since(first)),
            )
            .show(format!("{} seconds", secs_auto(f.ts.nanos_since(first)))),
        )
        .with(Node::num("number", "Frame number", f.number))
        .with(
            Node::num("wire_len", "Frame length", f.orig_len).show(format!("{} bytes", f.orig_len)),
        )
        .with(Node::num("cap_len", "Capture length", f.caplen).show(format!("{} bytes", f.caplen)))
        .with(
            Node::num("link_type", "Link type", f.link_type)
                .show(lt)
                .tag(
                    "name",
                    name.map_or(Value::Null, |n| Value::Str(n.into())),
                    "",
                ),
        );
    if f.caplen < f.orig_len {
        let snap = if f.snaplen != 0 {
            format!(" (snaplen {})", f.snaplen)
        } else {
            String::new()
        };
        n.push(Node::note(
            "truncated",
            format!(
                "Truncated by snaplen: {} of {} bytes captured{snap}",
                f.caplen, f.orig_len
            ),
        ));
    }
    n
}

/// A MAC address with vendor and the I/G and U/L bits.
pub fn mac(key: &'static str, label: &str, m: Mac) -> Node {
    let (bcast, mcast, local) = lookup::mac_kind(m);
    let zero = m == [0; 6];
    let kind = if bcast {
        "broadcast"
    } else if mcast {
        "multicast"
    } else if zero {
        "zero"
    } else {
        "unicast"
    };
    let shown_kind = match kind {
        "unicast" => "",
        "zero" => "all zeros: unknown or unset",
        k => k,
    };
    // Group addresses take the vendor of their block with the I/G bit cleared
    // (01:00:5e → IANA); locally administered ones belong to no vendor.
    let vendor = if bcast || local || zero {
        None
    } else {
        let mut base = m;
        base[0] &= !1;
        lookup::vendor(base)
    };
    let vendor_node = match vendor {
        Some((short, full)) => {
            Node::text("vendor", "Vendor", full).show(format!("{full} ({short})"))
        }
        None => {
            let why = if bcast {
                "(broadcast address, no OUI)"
            } else if zero {
                "(all-zero address, no vendor)"
            } else if mcast && local {
                "(locally administered group address, no OUI)"
            } else if local {
                "(locally administered, no OUI)"
            } else {
                "(not in the IEEE registry)"
            };
            Node::field("vendor", "Vendor", Value::Null).show(why)
        }
    };
    Node::text(key, label, mac_str(&m))
        .tag("kind", Value::Str(kind.into()), shown_kind)
        .with(vendor_node)
        .with(
            Node::field("group", ".......1 = I/G bit", Value::Bool(mcast))
                .show(if mcast {
                    "Group address (multicast/broadcast)"
                } else {
                    "Individual address (unicast)"
                })
                .relabel(if mcast {
                    ".... ...1 = I/G bit"
                } else {
                    ".... ...0 = I/G bit"
                }),
        )
        .with(
            Node::field("local", "U/L bit", Value::Bool(local))
                .show(if local {
                    "Locally administered address"
                } else {
                    "Globally unique address (factory default)"
                })
                .relabel(if local {
                    ".... ..1. = U/L bit"
                } else {
                    ".... ..0. = U/L bit"
                }),
        )
}

impl Node {
    /// Replaces the text label.
    pub(crate) fn relabel(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }
}

/// One-word annotation of a MAC for headings ("Cisco", "broadcast").
fn mac_short(m: Mac) -> String {
    let (bcast, mcast, local) = lookup::mac_kind(m);
    let note = if bcast {
        Some("broadcast".to_string())
    } else if mcast && local {
        Some("multicast".to_string())
    } else if local {
        Some("locally administered".to_string())
    } else {
        let mut base = m;
        base[0] &= !1;
        let v = lookup::vendor(base).map(|v| v.0.to_string());
        if mcast {
            Some(v.map_or("multicast".into(), |v| format!("{v} multicast")))
        } else {
            v
        }
    };
    match note {
        Some(n) => format!("{} ({n})", mac_str(&m)),
        None => mac_str(&m),
    }
}

/// `IPv4 (0x0800)`.
pub fn ethertype_display(t: u16) -> String {
    match lookup::ethertype(t) {
        Some(n) => format!("{n} (0x{t:04x})"),
        None => format!("Unknown (0x{t:04x})"),
    }
}

/// The link layers of `d`: link header, VLAN tags, LLC/SNAP, PPPoE.
pub fn link_layers(d: &Decoded<'_>) -> Vec<Node> {
    let mut out = Vec::new();
    match d.link {
        Link::Ethernet(e) => {
            let t = e.type_or_len();
            let framing = if e.is_8023() {
                "IEEE 802.3 Ethernet"
            } else {
                "Ethernet II"
            };
            let mut n = Node::group(
                "eth",
                format!(
                    "{framing}, Src: {}, Dst: {}",
                    mac_short(e.src()),
                    mac_short(e.dst())
                ),
            )
            .with(mac("dst", "Destination", e.dst()))
            .with(mac("src", "Source", e.src()));
            if e.is_8023() {
                n.push(Node::num("length", "Length", t).show(format!("{t} bytes")));
            } else {
                n.push(named(
                    Node::num("type", "Type", t).show(ethertype_display(t)),
                    lookup::ethertype(t),
                ));
            }
            if let Some(p) = padding(d) {
                n.push(p);
            }
            out.push(n);
        }
        Link::Sll(s) => out.push(sll(&s)),
        Link::Null { family } => {
            let name = match family {
                2 => "IPv4",
                10 | 24 | 28 | 30 => "IPv6",
                _ => "unknown",
            };
            out.push(
                Node::group("null", format!("Null/Loopback, Family: {name} ({family})")).with(
                    Node::num("family", "Address family", family)
                        .show(format!("{name} ({family})")),
                ),
            );
        }
        Link::Ppp { protocol } => out.push(
            Node::group("ppp", "Point-to-Point Protocol").with(
                Node::num("protocol", "Protocol", protocol)
                    .show(format!("{} (0x{protocol:04x})", ppp_name(protocol))),
            ),
        ),
        Link::Fddi { fc, dst, src } => out.push(
            Node::group("fddi", format!("Fiber Distributed Data Interface, Src: {}, Dst: {}", mac_short(src), mac_short(dst)))
                .with(Node::num("fc", "Frame control", fc).show(format!("0x{fc:02x}")))
                .with(mac("dst", "Destination", dst))
                .with(mac("src", "Source", src)),
        ),
        Link::Ieee80211(w) => {
            if let crate::wire::wlan::Radio::Radiotap(r) = w.radio {
                out.push(radiotap(&r));
            }
            out.push(wlan(&w));
        }
        Link::Raw | Link::Unknown => {}
    }
    if d.vlan_count > 0 {
        let mut l = Node::list("vlan", format!("VLAN tags: {}", d.vlan_count));
        for t in d.vlan_tags() {
            l.push(vlan(t));
        }
        out.push(l);
    }
    if let Some(llc) = d.llc {
        let mut n = Node::group(
            "llc",
            format!(
                "Logical-Link Control, DSAP: 0x{:02x}, SSAP: 0x{:02x}",
                llc.dsap, llc.ssap
            ),
        )
        .with(Node::num("dsap", "DSAP", llc.dsap).show(format!(
            "0x{:02x}{}",
            llc.dsap,
            sap_group(llc.dsap)
        )))
        .with(Node::num("ssap", "SSAP", llc.ssap).show(format!(
            "0x{:02x}{}",
            llc.ssap,
            sap_cr(llc.ssap)
        )))
        .with(
            Node::num("control", "Control field", llc.control)
                .show(llc_control(llc.control, llc.len)),
        );
        if let Some((oui, pid)) = llc.snap {
            n.push(
                Node::text("snap_oui", "SNAP organization code", mac_str(&oui)).show(
                    match (oui, lookup::vendor([oui[0], oui[1], oui[2], 0, 0, 0])) {
                        ([0, 0, 0], _) => format!("{} (encapsulated Ethernet)", mac_str(&oui)),
                        (_, Some((_, full))) => format!("{} ({full})", mac_str(&oui)),
                        _ => mac_str(&oui),
                    },
                ),
            );
            let pid_shown = if oui == [0, 0, 0] {
                ethertype_display(pid)
            } else {
                format!("0x{pid:04x}")
            };
            n.push(Node::num("snap_pid", "SNAP protocol id", pid).show(pid_shown));
        }
        out.push(n);
    }
    if let Some(sess) = d.pppoe_session {
        out.push(
            Node::group(
                "pppoe",
                format!("PPP-over-Ethernet Session, Session ID: 0x{sess:04x}"),
            )
            .with(Node::num("session", "Session ID", sess).show(format!("0x{sess:04x} ({sess})"))),
        );
    }
    out
}

pub(super) fn ppp_name(p: u16) -> &'static str {
    match p {
        0x0021 => "IPv4",
        0x0057 => "IPv6",
        0xc021 => "LCP",
        0x8021 => "IPCP",
        0x8057 => "IPv6CP",
        0xc023 => "PAP",
        0xc223 => "CHAP",
        _ => "unknown",
    }
}

fn sap_group(dsap: u8) -> &'static str {
    if dsap & 1 != 0 {
        " (group)"
    } else {
        " (individual)"
    }
}

fn sap_cr(ssap: u8) -> &'static str {
    if ssap & 1 != 0 {
        " (response)"
    } else {
        " (command)"
    }
}

/// LLC control field: U-frame (1 byte) or I/S-frame (2 bytes).
fn llc_control(c: u16, len: usize) -> String {
    let one_byte = len == 3 || len == 8;
    if one_byte {
        let kind = match c & 0xef {
            0x03 => "UI (Unnumbered Information)",
            0xaf => "XID",
            0xe3 => "TEST",
            0x6f => "SABME",
            0x43 => "DISC",
            0x63 => "UA",
            0x0f => "DM",
            0x87 => "FRMR",
            _ => "U-frame",
        };
        format!("0x{c:02x} ({kind})")
    } else if c & 1 == 0 {
        format!(
            "0x{c:04x} (I-frame, N(S)={}, N(R)={})",
            (c >> 1) & 0x7f,
            (c >> 9) & 0x7f
        )
    } else {
        format!("0x{c:04x} (S-frame, N(R)={})", (c >> 9) & 0x7f)
    }
}

/// One 802.1Q / 802.1ad tag.
fn vlan(t: &VlanTag) -> Node {
    let tpid_name = match t.tpid {
        0x8100 => "802.1Q",
        0x88a8 => "802.1ad (QinQ)",
        _ => "VLAN (non-standard)",
    };
    Node::group(
        "tag",
        format!(
            "802.1Q Virtual LAN, PRI: {}, DEI: {}, ID: {}",
            t.pcp, t.dei as u8, t.vid
        ),
    )
    .with(
        Node::num("tpid", "Tag protocol identifier", t.tpid)
            .show(format!("{tpid_name} (0x{:04x})", t.tpid)),
    )
    .with(Node::num("pcp", "Priority code point", t.pcp).show(format!(
        "{} ({})",
        t.pcp,
        pcp_name(t.pcp)
    )))
    .with(
        Node::field("dei", "Drop eligible indicator", Value::Bool(t.dei)).show(if t.dei {
            "Set"
        } else {
            "Not set"
        }),
    )
    .with(Node::num("vid", "VLAN identifier", t.vid))
    .with(if t.inner_type <= 1500 {
        Node::num("type", "Length", t.inner_type)
    } else {
        Node::num("type", "Type", t.inner_type).show(ethertype_display(t.inner_type))
    })
}

/// IEEE 802.1Q traffic types of the PCP values.
fn pcp_name(p: u8) -> &'static str {
    match p {
        0 => "Best Effort",
        1 => "Background",
        2 => "Excellent Effort",
        3 => "Critical Applications",
        4 => "Video",
        5 => "Voice",
        6 => "Internetwork Control",
        _ => "Network Control",
    }
}

/// Linux cooked capture header.
fn sll(s: &Sll) -> Node {
    let pt = lookup::sll_packet_type(s.packet_type).unwrap_or("unknown");
    let ha = lookup::arphrd(s.hatype).unwrap_or("unknown");
    let alen = (s.addr_len as usize).min(8);
    let addr = &s.addr[..alen];
    let addr_node = if alen == 6 {
        let mut m = [0u8; 6];
        m.copy_from_slice(addr);
        mac("addr", "Source", m)
    } else {
        let shown = if alen == 0 {
            "(none)".to_string()
        } else {
            mac_str(addr)
        };
        Node::text("addr", "Source address", mac_str(addr)).show(shown)
    };
    let mut n = Node::group("sll", format!("Linux cooked capture v{}", s.version))
        .with(Node::num("version", "Version", s.version))
        .with(
            Node::num("packet_type", "Packet type", s.packet_type)
                .show(format!("{pt} ({})", s.packet_type)),
        )
        .with(
            Node::num("hatype", "Link-layer address type", s.hatype)
                .show(format!("{ha} ({})", s.hatype)),
        )
        .with(Node::num(
            "addr_len",
            "Link-layer address length",
            s.addr_len,
        ))
        .with(addr_node);
    if s.version == 2 {
        n.push(Node::num("ifindex", "Interface index", s.ifindex));
    }
    n.push(Node::num("protocol", "Protocol", s.protocol).show(sll_protocol(s.protocol)));
    n
}

/// SLL protocol: an EtherType, or a Linux pseudo-protocol below 0x0600.
fn sll_protocol(p: u16) -> String {
    if p >= 0x0600 {
        return ethertype_display(p);
    }
    let n = match p {
        0x0001 => "Novell 802.3",
        0x0003 => "all protocols",
        0x0004 => "802.2 LLC",
        0x000c => "CAN",
        0x000d => "CAN FD",
        _ => "Linux pseudo-protocol",
    };
    format!("{n} (0x{p:04x})")
}

/// Bytes after the IP packet inside an Ethernet frame (padding or trailer).
fn padding(d: &Decoded<'_>) -> Option<Node> {
    if d.ip_truncated || d.inner.is_some() {
        return None;
    }
    let ip_len = match &d.net {
        Net::Ipv4(ip) if ip.problem().is_none() => ip.effective_total_len(),
        Net::Ipv6(ip, _) if ip.payload_len() != 0 => 40 + ip.payload_len() as usize,
        Net::Arp(a) => a.needed_len(),
        _ => return None,
    };
    let end = d.net_offset.checked_add(ip_len)?;
    let extra = d.frame.len().checked_sub(end).filter(|&n| n > 0)?;
    let zero = d
        .frame
        .get(end..)
        .is_some_and(|b| b.iter().all(|&x| x == 0));
    let what = if zero {
        "zero padding"
    } else {
        "trailer (non-zero: padding, FCS or other data)"
    };
    Some(Node::num("padding", "Padding", extra as u64).show(format!("{extra} bytes, {what}")))
}

/// The 802.11 MAC header: frame type, addresses by role, sequence, QoS.
fn wlan(w: &crate::wire::wlan::Wlan<'_>) -> Node {
    let Some(m) = w.mac else {
        return Node::group("wlan", "IEEE 802.11 (header cut short)");
    };
    let fc = m.fc();
    let mut n = Node::group("wlan", format!("IEEE 802.11, type {} subtype {}", fc.ftype(), fc.subtype()))
        .with(Node::num("fc", "Frame control", fc.0).show(format!("0x{:04x}", fc.0)));
    for (key, label, a) in [("ra", "Receiver", Some(m.ra())), ("ta", "Transmitter", m.ta()), ("bssid", "BSSID", m.bssid()), ("sa", "Source", m.sa()), ("da", "Destination", m.da())] {
        if let Some(a) = a {
            n.push(mac(key, label, a));
        }
    }
    if let Some(seq) = m.seq() {
        n.push(Node::num("seq", "Sequence number", seq));
    }
    if let Some(tid) = m.tid() {
        n.push(Node::num("tid", "TID", tid));
    }
    if w.protected {
        n.push(Node::num("protected", "Protected", 1u8).show("encrypted body".to_string()));
    }
    n
}

/// A signed dBm field.
fn dbm(key: &'static str, label: &str, v: i8) -> Node {
    Node::field(key, label, super::node::Value::I(v as i64)).show(format!("{v} dBm"))
}

/// The radiotap header: length, presence words, then each field it holds.
fn radiotap(r: &crate::wire::radiotap::Radiotap<'_>) -> Node {
    use crate::wire::radiotap::{Item, Value};
    let mut n = Node::group("radiotap", format!("Radiotap Header v{}, Length {}", r.version(), r.len()))
        .with(Node::num("len", "Header length", r.len() as u64));
    // Lists, not objects: a header may hold several presence words and the
    // same field more than once (one signal per antenna).
    let mut words = Node::list("present", "Present flags");
    for (i, w) in r.present().enumerate() {
        words.push(Node::num("word", format!("Word {i}"), w).show(format!("0x{w:08x}")));
    }
    n.push(words);
    let mut fields = Node::list("fields", "Fields");
    for item in r.fields() {
        let node = match item {
            Item::Field { value, .. } => match value {
                Value::Tsft(t) => Node::num("tsft", "MAC timestamp", t).show(format!("{t} us")),
                Value::Flags(f) => Node::num("flags", "Flags", f).show(format!("0x{f:02x}")),
                Value::Rate(x) => Node::num("rate", "Data rate", x).show(format!("{:.1} Mb/s", x as f64 / 2.0)),
                Value::Channel { freq, flags } => Node::num("channel", "Channel frequency", freq).show(format!("{freq} MHz, flags 0x{flags:04x}")),
                Value::XChannel { freq, channel, .. } => Node::num("xchannel", "Extended channel", freq).show(format!("{freq} MHz, channel {channel}")),
                Value::DbmSignal(s) => dbm("dbm_antsignal", "Antenna signal", s),
                Value::DbmNoise(s) => dbm("dbm_antnoise", "Antenna noise", s),
                Value::Antenna(a) => Node::num("antenna", "Antenna", a),
                Value::Mcs { index, .. } => Node::num("mcs", "MCS index", index),
                _ => continue,
            },
            Item::Unknown { bit } => Node::num("unknown_bit", "Field of unknown size (walk ends)", bit),
            Item::Truncated { bit } => Node::num("truncated_bit", "Field past the header length", bit),
        };
        fields.push(node);
    }
    n.push(fields);
    n
}
