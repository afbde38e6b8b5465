//! Packet details: every field of every layer as a tree, in the spirit of
//! Wireshark's packet-details pane, printed as indented text or one JSON line.
//!
//! Why a tree built as data: each packet is first turned into [`Node`]s
//! (key, label, typed value, text display, children), then rendered twice.
//! Text and JSON therefore always carry the same fields. The printer only
//! formats: decoding is `crate::wire`'s, names are `crate::names`'s. The only
//! state kept is what a reader needs to make sense of one packet among others:
//! the time of the first and previous frames, and per TCP direction the
//! initial sequence number (for relative seq/ack) and the window scale seen
//! in the SYNs.
//!
//! # Text
//! `Name: value` lines, indented by 4 per level; annotations in parentheses;
//! decoder remarks in brackets (`[Truncated: TCP options cut short at offset 54]`).
//! Packet-derived text is escaped (control characters as `\xNN`) and cut.
//!
//! # JSON (one object per packet per line)
//! Rendering rules: a heading is an object of its fields; a field is
//! `key: value` (numbers as numbers, flags as booleans, addresses as strings)
//! and its sub-fields sit beside it as `key_sub` (`"src":"10.0.0.1",
//! "src_class":"A","src_special":"private"`); a list is an array (of objects
//! for headed items). Keys repeated in one object get `_2`, `_3`.
//!
//! Top-level keys, in order: `frame`; the link layer: `eth` | `sll` | `null`
//! | `ppp`; then `vlan` (array), `llc`, `pppoe`; the network layer: `ip` |
//! `ipv6` | `arp` | `data` (undecoded); the transport layer: `tcp` | `udp` |
//! `icmp` | `icmpv6` | `gre` | `payload` (other protocols, later fragments);
//! `inner` (a tunnelled packet: `tunnel` plus the same keys); notes
//! `truncated` | `malformed` | `stopped` when no layer holds them; `hex`
//! (with [`DetailOptions::hex`], the frame as a hex string).
//!
//! Stable keys per layer (`x_name` is the registry name of number `x`; a MAC
//! `m` has `m_kind m_vendor m_group m_local`; an IP address `a` has `a_class`
//! (IPv4) and `a_special`; a port `p` has `p_service` with `resolve_ports`):
//! - `frame`: `number time time_epoch delta since_first wire_len cap_len
//!   link_type link_type_name truncated protocols`
//! - `eth`: `dst src type type_name | length padding`; `vlan[]`: `tpid pcp dei
//!   vid type`; `llc`: `dsap ssap control snap_oui snap_pid`; `sll`: `version
//!   packet_type hatype addr_len addr ifindex protocol`; `null`: `family`;
//!   `ppp`: `protocol`; `pppoe`: `session`
//! - `arp`: `hw_type proto_type hw_size proto_size opcode opcode_name
//!   sender_mac sender_ip target_mac target_ip`
//! - `ip`: `version hdr_len tos tos_precedence tos_dscp tos_ecn total_len id
//!   flags{rf df mf} frag_offset ttl proto proto_name checksum checksum_status
//!   checksum_expected src dst options[{type name len data pointer route}]
//!   payload_truncated`
//! - `ipv6`: `version tclass tclass_dscp tclass_ecn flow payload_len nxt
//!   nxt_name hlim src dst ext[{type type_name next next_name len
//!   routing_type segments_left addresses frag_offset more frag_id options}]
//!   payload_truncated`
//! - `tcp`: `sport dport seq_rel seq next_seq_rel ack_rel ack hdr_len
//!   flags{reserved ae cwr ece urg ack psh rst syn fin} window window_scaled
//!   checksum checksum_status checksum_expected urgent options[{kind
//!   kind_name len mss shift multiplier blocks[{left right left_rel
//!   right_rel}] tsval tsecr data}] payload_len payload_len_captured`
//! - `udp`: `sport dport length checksum checksum_status checksum_expected
//!   payload_len vxlan{flags vni}`; `gre`: `flags version protocol key seq`
//! - `icmp`/`icmpv6`: `type type_name code code_name checksum checksum_status
//!   id seq gateway mtu pointer target flags rest data_len quoted{ip|ipv6,
//!   tcp|udp|icmp}`
//!
//! `checksum_status` is `correct`, `incorrect` (with `checksum_expected`),
//! `unverified` (not fully captured, a fragment, or quoted by ICMP) or
//! `none` (UDP over IPv4 without a checksum). Relative sequence numbers count
//! from the ISN of the direction when its SYN was captured, otherwise from the
//! first segment seen (as tcpdump does); the text says which.

pub mod node;

mod icmp;
mod link;
mod lookup;
mod nd;
mod net;
mod other;
mod tcp_state;
mod transport;

use crate::capture::Frame;
use crate::time::Timestamp;
use crate::wire::{Decoded, Layer, Net, Stop, Trans, Tunnel};
pub use node::{Kind, Node, Value};
use std::io::{self, Write};
use tcp_state::TcpState;

/// What the detail printer adds beyond the decoded fields.
#[derive(Clone, Debug, Default)]
pub struct DetailOptions {
    /// Show service names next to port numbers.
    pub resolve_ports: bool,
    /// Append a hex dump of the frame.
    pub hex: bool,
}

/// Prints packets as detail trees; keeps per-flow ISNs for relative seq/ack.
pub struct DetailPrinter {
    opts: DetailOptions,
    tcp: TcpState,
    first_ts: Option<Timestamp>,
    prev_ts: Option<Timestamp>,
}

/// Per-packet context shared by the layer builders.
pub(crate) struct Ctx<'p> {
    pub opts: &'p DetailOptions,
    pub tcp: &'p mut TcpState,
    /// Building the packet an ICMP error quotes: partial headers are expected,
    /// nothing is verified or remembered.
    pub quoted: bool,
    /// Offset of the decoded bytes in the frame (for notes on inner packets).
    pub base: usize,
}

impl DetailPrinter {
    /// A printer with no packets seen yet.
    pub fn new(opts: DetailOptions) -> Self {
        DetailPrinter {
            opts,
            tcp: TcpState::default(),
            first_ts: None,
            prev_ts: None,
        }
    }

    /// Wireshark-style indented tree of every field of every layer.
    pub fn write_tree(
        &mut self,
        out: &mut dyn Write,
        frame: &Frame<'_>,
        d: &Decoded<'_>,
    ) -> io::Result<()> {
        let roots = self.tree(frame, d);
        node::write_text(out, &roots)
    }

    /// The same tree as one JSON object on one line.
    pub fn write_json(
        &mut self,
        out: &mut dyn Write,
        frame: &Frame<'_>,
        d: &Decoded<'_>,
    ) -> io::Result<()> {
        let roots = self.tree(frame, d);
        node::write_json(out, &roots)
    }

    /// Builds the tree of one frame (what both writers render).
    pub fn tree(&mut self, frame: &Frame<'_>, d: &Decoded<'_>) -> Vec<Node> {
        let first = *self.first_ts.get_or_insert(frame.ts);
        let prev = self.prev_ts.replace(frame.ts).unwrap_or(frame.ts);
        let mut roots = vec![link::frame(frame, first, prev)];
        let mut cx = Ctx {
            opts: &self.opts,
            tcp: &mut self.tcp,
            quoted: false,
            base: 0,
        };
        roots.extend(packet(&mut cx, d));
        let protocols = protocols(&roots[1..]);
        roots[0].push(Node::text("protocols", "[Protocols in frame", protocols).show_bracketed());
        if self.opts.hex {
            roots.push(Node::hex("hex", "Frame bytes", frame.data));
        }
        roots
    }
}

impl Node {
    /// Text `[Label: value]` for derived (not on-the-wire) fields.
    fn show_bracketed(mut self) -> Self {
        self.display.push(']');
        self
    }
}

/// The layer keys of a packet, outermost first ("eth:ip:tcp").
fn protocols(layers: &[Node]) -> String {
    let mut v: Vec<String> = Vec::new();
    for n in layers {
        match &*n.key {
            "truncated" | "malformed" | "stopped" | "hex" => {}
            "inner" => {
                let inner = protocols(&n.children);
                if inner != "none" {
                    v.push(inner);
                }
            }
            "tunnel" => {}
            k => v.push(k.to_string()),
        }
    }
    if v.is_empty() {
        return "none".into();
    }
    v.join(":")
}

/// Every layer of `d` below the frame, with the stop note placed in its layer.
pub(crate) fn packet(cx: &mut Ctx<'_>, d: &Decoded<'_>) -> Vec<Node> {
    let mut out = link::link_layers(d);
    match &d.net {
        Net::Ipv4(ip) => out.push(net::ipv4(cx, d, ip)),
        Net::Ipv6(ip, ext) => out.push(net::ipv6(cx, d, ip, ext)),
        Net::Arp(a) => out.push(net::arp(a)),
        Net::Other { ethertype, data } => out.push(net::other(d, *ethertype, data)),
        Net::None => out.extend(d.stop.and_then(|s| net::partial(d, s))),
    }
    match &d.transport {
        Trans::Tcp(t) => out.push(transport::tcp(cx, d, t)),
        Trans::Udp(u) => out.push(transport::udp(cx, d, u)),
        Trans::Icmp(i) => out.push(icmp::icmp(cx, d, i)),
        Trans::Other { proto, data } => out.push(other::other(d, *proto, data)),
        Trans::None => {
            if let Some(n) = other::partial(cx, d) {
                out.push(n);
            }
        }
    }
    if let Some(s) = d.stop {
        place_stop(cx, &mut out, s);
    }
    if let Some((kind, inner)) = &d.inner {
        let base = cx.base + offset_in(d.frame, inner.frame);
        let mut icx = Ctx {
            opts: cx.opts,
            tcp: &mut *cx.tcp,
            quoted: cx.quoted,
            base,
        };
        let mut n = Node::group(
            "inner",
            format!("Encapsulated packet ({})", tunnel_name(*kind)),
        )
        .with(Node::text("tunnel", "Tunnel", tunnel_name(*kind)));
        n.children.extend(packet(&mut icx, inner));
        out.push(n);
    }
    out
}

/// Where `inner` starts inside `outer` (0 when it is not a sub-slice).
fn offset_in(outer: &[u8], inner: &[u8]) -> usize {
    let o = outer.as_ptr() as usize;
    let i = inner.as_ptr() as usize;
    if i >= o && i <= o + outer.len() {
        i - o
    } else {
        0
    }
}

/// Display name of a tunnel kind.
pub(crate) fn tunnel_name(t: Tunnel) -> &'static str {
    match t {
        Tunnel::Gre => "GRE",
        Tunnel::Vxlan => "VXLAN",
        Tunnel::Teredo => "Teredo",
        Tunnel::Ayiya => "AYIYA",
        Tunnel::PppoE => "PPPoE",
        Tunnel::IpInIp => "IP-in-IP",
        Tunnel::Geneve => "Geneve",
        Tunnel::GtpU => "GTP-U",
        Tunnel::Mpls => "MPLS pseudowire",
    }
}

/// The note for a stop: `(key, text)`.
pub(crate) fn stop_note(cx: &Ctx<'_>, s: Stop) -> Node {
    let where_ = if cx.quoted {
        "of the quoted packet"
    } else {
        ""
    };
    let mut off = cx.base + s.offset;
    let reason = s.reason;
    // The walk reports the TCP header offset; the options start 20 bytes later.
    if reason == "TCP options cut short" {
        off += 20;
    }
    let (key, head, what) = if let Some(rest) = reason.strip_prefix("truncated ") {
        ("truncated", "Truncated", format!("{rest} cut short"))
    } else if reason.contains("cut short") {
        ("truncated", "Truncated", reason.to_string())
    } else if reason.starts_with("unknown") || reason.starts_with("too many") {
        ("stopped", "Not decoded further", reason.to_string())
    } else {
        ("malformed", "Malformed", reason.to_string())
    };
    let at = if where_.is_empty() {
        format!("at offset {off}")
    } else {
        format!("at offset {off} {where_}")
    };
    Node::note(key, format!("{head}: {what} {at}"))
}

/// Puts the stop note inside the layer it concerns, or at the end.
fn place_stop(cx: &Ctx<'_>, out: &mut Vec<Node>, s: Stop) {
    let keys: &[&str] = match s.layer {
        Layer::Link => &["eth", "sll", "null", "ppp"],
        Layer::Vlan => &["vlan"],
        Layer::Llc => &["llc", "eth"],
        Layer::Arp => &["arp"],
        Layer::Ip => &["ip"],
        Layer::Ip6 => &["ipv6"],
        Layer::Tcp => &["tcp"],
        Layer::Udp => &["udp"],
        Layer::Icmp => &["icmp"],
        Layer::Icmp6 => &["icmpv6"],
        Layer::Tunnel => &["pppoe", "eth"],
    };
    // In a quoted packet the transport header is cut by design: say nothing.
    if cx.quoted
        && matches!(
            s.layer,
            Layer::Tcp | Layer::Udp | Layer::Icmp | Layer::Icmp6
        )
        && s.reason.starts_with("truncated")
    {
        return;
    }
    let note = stop_note(cx, s);
    match out
        .iter_mut()
        .rev()
        .find(|n| keys.contains(&&*n.key) && n.kind != Kind::List)
    {
        Some(layer) => layer.push(note),
        None => out.push(note),
    }
}
