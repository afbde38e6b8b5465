//! tcpdump-compatible packet printer (`tcpsleuth packets`).
//!
//! Goal: byte-identical output to tcpdump 5.0 for the protocols in scope
//! (link layers, IPv4/IPv6, TCP, UDP, ICMP/ICMPv6, ARP, DNS summaries).
//! The layer printers mirror tcpdump's own structure closely, because its
//! output for malformed and truncated packets depends on the order in which
//! it reads fields: every read goes through a bounds check that fails with
//! [`Trunc`], which the top level turns into tcpdump's ` [|proto]` marker.
//!
//! Each packet is formatted into a reused buffer and written with a single
//! `write_all`, so the hot path allocates nothing per packet.

mod ah;
mod bootp;
mod cdp;
mod chdlc;
mod demux;
mod dhcp6;
mod dns;
mod dtp;
mod esp;
mod fddi;
mod fmt;
mod gre;
mod hex;
mod hsrp;
mod icmp;
mod igmp;
mod ip;
mod ipinfo;
mod link;
mod lldp;
mod eap;
mod mpls;
mod mptcp;
mod names;
mod ntp;
mod ospf;
mod ppp;
mod pppoe;
mod rip;
mod rrenum;
mod sctp;
mod snmp;
mod stp;
mod syslog;
mod tcp;
mod telnet;
mod txtproto;
mod udld;
mod udp;
mod vrrp;
mod vxlan;
mod wifi;

use crate::capture::{Frame, RawFraction};
use crate::wire::field;
use std::io::{self, Write};

/// Timestamp format (`-t` family).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TsMode {
    /// `HH:MM:SS.ffffff` in local time (TZ honoured), or UTC with `--utc`.
    #[default]
    Default,
    /// `-t`: no timestamp.
    None,
    /// `-tt`: seconds since the epoch.
    Epoch,
    /// `-ttt`: delta since the previous packet.
    Delta,
    /// `-tttt`: date and time.
    Date,
    /// `-ttttt`: delta since the first packet.
    SinceFirst,
}

/// Hex/ASCII dump mode (`-x` family).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HexMode {
    /// No dump.
    #[default]
    None,
    /// `-x`: hex of the packet after the link header.
    Hex,
    /// `-xx`: hex including the link header.
    HexLink,
    /// `-X`: hex and ASCII after the link header.
    HexAscii,
    /// `-XX`: hex and ASCII including the link header.
    HexAsciiLink,
    /// `-A`: ASCII after the link header.
    Ascii,
    /// `-AA`: ASCII including the link header.
    AsciiLink,
}

/// Options of the tcpdump printer, as the CLI parsed them.
#[derive(Clone, Debug, Default)]
pub struct TcpdumpOptions {
    /// Print port names (tcpdump prints numbers as soon as `-n` is given).
    pub resolve_ports: bool,
    /// Timestamp format.
    pub ts_mode: TsMode,
    /// Nanosecond timestamps.
    pub nano: bool,
    /// `-e`: print the link-level header.
    pub link_header: bool,
    /// `-v` count.
    pub verbose: u8,
    /// `-q`: quiet (less protocol information).
    pub quiet: bool,
    /// `-S`: absolute TCP sequence numbers.
    pub absolute_seq: bool,
    /// Hex/ASCII dump mode.
    pub hex: HexMode,
    /// `-#`: number each packet.
    pub number: bool,
    /// Zone of `HH:MM:SS` and `-tttt` times: local as tcpdump, or UTC.
    pub zone: crate::time::Zone,
    /// `-K`: do not verify IP, TCP and UDP checksums (a capture taken on a
    /// host whose NIC computes them shows every outgoing one as wrong).
    pub no_verify_checksums: bool,
}

/// A read ran past the captured bytes: tcpdump's `longjmp` on truncation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Trunc;

/// Result of a layer printer.
pub(crate) type R<T = ()> = Result<T, Trunc>;

/// Per-packet printing context shared by the layer printers.
pub(crate) struct Ctx<'o> {
    /// The line(s) being built.
    pub out: &'o mut Vec<u8>,
    pub opts: &'o TcpdumpOptions,
    /// Protocol named in ` [|proto]` when a read fails (tcpdump's `ndo_protocol`).
    pub proto: &'static str,
    /// A link header was printed (`-e`), so IP omits its `IP ` prefix.
    pub ll_printed: bool,
    /// TCP conversations for relative sequence numbers.
    pub tcp: &'o mut tcp::SeqTable,
}

impl Ctx<'_> {
    #[inline]
    pub fn s(&mut self, s: &str) {
        fmt::s(self.out, s);
    }
    #[inline]
    pub fn u(&mut self, n: impl Into<u64>) {
        fmt::u(self.out, n.into());
    }
    #[inline]
    pub fn v(&self) -> u8 {
        self.opts.verbose
    }
    /// tcpdump's `nd_print_trunc`: ` [|proto]`.
    pub fn trunc_mark(&mut self) {
        self.s(" [|");
        let p = self.proto;
        self.s(p);
        self.s("]");
    }
    /// tcpdump's `"%s (%u)"` of `tok2str(table, "unknown", n)` and `n`:
    /// `Identity (1)`, `unknown (99)`.
    pub fn named_num(&mut self, name: Option<&str>, n: impl Into<u64>) {
        self.s(name.unwrap_or("unknown"));
        self.s(" (");
        self.u(n);
        self.s(")");
    }
    /// tcpdump's `tok2str(table, fmt, n)`: the name, else `fmt` filled
    /// with `n`, written as the text before and after it (`unknown (`, `)`).
    pub fn tok2str(&mut self, name: Option<&str>, pre: &str, n: impl Into<u64>, post: &str) {
        match name {
            Some(name) => self.s(name),
            None => {
                self.s(pre);
                self.u(n);
                self.s(post);
            }
        }
    }
    /// tcpdump's `nd_print_invalid`: ` (invalid)`.
    pub fn invalid(&mut self) {
        self.s(" (invalid)");
    }
    /// `nd_print_invalid` then `ND_TCHECK_LEN` of what the message claims
    /// is left: ` (invalid)`, and truncation when the capture holds less.
    pub fn invalid_then_check(&mut self, rest_captured: bool) -> R {
        self.invalid();
        if rest_captured {
            Ok(())
        } else {
            Err(Trunc)
        }
    }
}

/// What one layer printer writes under `-v` x `verbose`, with the
/// truncation mark the top level adds when it runs past the capture
/// (for the layer printers' unit tests).
#[cfg(test)]
pub(crate) fn print_layer(verbose: u8, layer: impl FnOnce(&mut Ctx<'_>) -> R) -> String {
    let (mut out, mut tcp) = (Vec::new(), tcp::SeqTable::default());
    let opts = TcpdumpOptions { verbose, ..Default::default() };
    let mut ctx = Ctx { out: &mut out, opts: &opts, proto: "", ll_printed: false, tcp: &mut tcp };
    if layer(&mut ctx).is_err() {
        ctx.trunc_mark();
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Bounds-checked big-endian reads over captured bytes (wire's readers;
/// past the end is tcpdump's truncation).
/// tcpdump's `nd_printjnp`: at most `n` bytes of `b` from `at` as escaped
/// text, stopping at a NUL; truncated where the capture ends first.
pub(crate) fn printjnp(ctx: &mut Ctx<'_>, b: &[u8], at: usize, n: usize) -> R {
    for i in at..at.saturating_add(n) {
        match g8(b, i)? {
            0 => break,
            c => fmt::safe_char(ctx.out, c),
        }
    }
    Ok(())
}
/// tcpdump's `print_unknown_data`: hex of what was captured of `len` bytes.
pub(crate) fn unknown_data(ctx: &mut Ctx<'_>, data: &[u8], ident: &str, len: usize) {
    hex::hex(ctx.out, ident, &data[..data.len().min(len)], 0);
}
/// tcpdump's `nd_printjn`: `n` bytes of `b` from `at` as escaped text,
/// truncated where the capture ends first.
pub(crate) fn printjn(ctx: &mut Ctx<'_>, b: &[u8], at: usize, n: usize) -> R {
    for i in at..at.saturating_add(n) {
        fmt::safe_char(ctx.out, g8(b, i)?);
    }
    Ok(())
}
#[inline]
pub(crate) fn g8(b: &[u8], i: usize) -> R<u8> {
    field::get8(b, i).ok_or(Trunc)
}
#[inline]
pub(crate) fn g16(b: &[u8], i: usize) -> R<u16> {
    field::get16(b, i).ok_or(Trunc)
}
#[inline]
pub(crate) fn g32(b: &[u8], i: usize) -> R<u32> {
    field::get32(b, i).ok_or(Trunc)
}
/// `len` bytes at `i`, or truncation.
#[inline]
pub(crate) fn gs(b: &[u8], i: usize, len: usize) -> R<&[u8]> {
    field::get_bytes(b, i, len).ok_or(Trunc)
}
/// Bytes from `i` on (empty when `i` is past the end).
#[inline]
pub(crate) fn from(b: &[u8], i: usize) -> &[u8] {
    b.get(i..).unwrap_or(&[])
}

/// The bytes libpcap hands tcpdump: a record captured beyond the file's
/// snapshot length is cut to it (the capture layer keeps the extra bytes
/// as evidence for the other commands).
fn libpcap_view<'a>(frame: &Frame<'a>) -> &'a [u8] {
    match frame.snaplen as usize {
        0 => frame.data,
        snap => &frame.data[..frame.data.len().min(snap)],
    }
}

/// Stateful tcpdump-format printer (keeps timestamps and TCP sequence bases).
pub struct TcpdumpPrinter {
    opts: TcpdumpOptions,
    buf: Vec<u8>,
    tcp: tcp::SeqTable,
    first_ts: Option<(i64, u32)>,
    prev_ts: Option<(i64, u32)>,
}

impl TcpdumpPrinter {
    /// Creates a printer.
    pub fn new(opts: TcpdumpOptions) -> Self {
        TcpdumpPrinter {
            opts,
            buf: Vec::with_capacity(4096),
            tcp: tcp::SeqTable::default(),
            first_ts: None,
            prev_ts: None,
        }
    }

    /// Prints one packet (one or more lines incl. the trailing newline).
    ///
    /// The printer takes the captured bytes, not the walk's `Decoded`:
    /// tcpdump's output for odd packets depends on the order in which it
    /// reads each field, so the layer printers read through the wire views'
    /// field tables in that order themselves.
    pub fn print(&mut self, out: &mut dyn Write, frame: &Frame<'_>) -> io::Result<()> {
        self.buf.clear();
        if self.opts.number {
            fmt::u_right(&mut self.buf, frame.number, 5);
            self.buf.extend_from_slice(b"  ");
        }
        self.timestamp(frame);
        let mut ctx = Ctx {
            out: &mut self.buf,
            opts: &self.opts,
            proto: "",
            ll_printed: false,
            tcp: &mut self.tcp,
        };
        // tcpdump refuses a record whose wire length is below its capture
        // length ("[Invalid header: len(..) < caplen(..)]"); the capture
        // layer delivers such frames and we decode them laxly instead, as
        // the hostile-corpus test expects.
        let data = libpcap_view(frame);
        let wire_len = frame.orig_len.max(data.len() as u32);
        let hdrlen = match demux::link_type(&mut ctx, frame.link_type, data, wire_len) {
            Ok(h) => h,
            // After a longjmp tcpdump dumps the whole frame (hdrlen 0).
            Err(Trunc) => {
                ctx.trunc_mark();
                0
            }
        };
        hex::dump(&mut self.buf, self.opts.hex, data, hdrlen);
        self.buf.push(b'\n');
        out.write_all(&self.buf)
    }

    fn timestamp(&mut self, frame: &Frame<'_>) {
        let (secs, nanos) = (frame.ts.secs, frame.ts.nanos);
        // An out-of-range sub-second field in the printing unit is printed as
        // written, after the seconds as written, as tcpdump does.
        let raw = frame.raw_fraction.filter(|r| r.nano == self.opts.nano);
        let shown = match raw {
            Some(r) => crate::time::Timestamp { secs: secs.saturating_sub(r.carried_secs()), nanos: 0 },
            None => frame.ts,
        };
        let b = &mut self.buf;
        let frac = |b: &mut Vec<u8>, nanos: u32, nano: bool, raw: Option<RawFraction>| {
            b.push(b'.');
            match raw {
                Some(r) => {
                    fmt::u_pad(b, r.value as u64, if nano { 9 } else { 6 });
                    b.extend_from_slice(if nano { b" (invalid ns)" } else { b" (invalid us)" });
                }
                None if nano => fmt::u_pad(b, nanos as u64, 9),
                None => fmt::u_pad(b, (nanos / 1000) as u64, 6),
            }
        };
        match self.opts.ts_mode {
            TsMode::None => {}
            TsMode::Default | TsMode::Date => {
                let (y, mo, d, h, mi, s) = shown.to_civil(self.opts.zone);
                if self.opts.ts_mode == TsMode::Date {
                    fmt::i(b, y);
                    b.push(b'-');
                    fmt::u_pad(b, mo as u64, 2);
                    b.push(b'-');
                    fmt::u_pad(b, d as u64, 2);
                    b.push(b' ');
                }
                fmt::u_pad(b, h as u64, 2);
                b.push(b':');
                fmt::u_pad(b, mi as u64, 2);
                b.push(b':');
                fmt::u_pad(b, s as u64, 2);
                frac(b, nanos, self.opts.nano, raw);
                b.push(b' ');
            }
            TsMode::Epoch => {
                fmt::i(b, shown.secs);
                frac(b, nanos, self.opts.nano, raw);
                b.push(b' ');
            }
            TsMode::Delta | TsMode::SinceFirst => {
                let base = if self.opts.ts_mode == TsMode::Delta {
                    self.prev_ts
                } else {
                    self.first_ts
                };
                let (bs, mut bn) = base.unwrap_or((secs, nanos));
                let mut nanos = nanos;
                if !self.opts.nano {
                    // libpcap hands microsecond timestamps to a microsecond reader.
                    nanos -= nanos % 1000;
                    bn -= bn % 1000;
                }
                let diff = (secs as i128 * 1_000_000_000 + nanos as i128)
                    - (bs as i128 * 1_000_000_000 + bn as i128);
                b.push(if diff < 0 { b'-' } else { b' ' });
                let diff = diff.unsigned_abs();
                let (ds, dn) = ((diff / 1_000_000_000) as u64, (diff % 1_000_000_000) as u32);
                // tcpdump formats the difference with gmtime's %H: whole
                // days are dropped (a 95-hour gap prints as 23:…).
                fmt::u_pad(b, (ds / 3600) % 24, 2);
                b.push(b':');
                fmt::u_pad(b, (ds % 3600) / 60, 2);
                b.push(b':');
                fmt::u_pad(b, ds % 60, 2);
                frac(b, dn, self.opts.nano, None);
                b.push(b' ');
            }
        }
        if self.first_ts.is_none() {
            self.first_ts = Some((secs, nanos));
        }
        self.prev_ts = Some((secs, nanos));
    }
}
