//! Filters over 802.11 captures (plain, radiotap, PPI).
//!
//! libpcap compiles for these link types with code that measures the radio
//! header and the 802.11 header at run time; the generator here knows only
//! fixed link headers. So an expression is compiled for Ethernet and each
//! frame is shown to it as the Ethernet frame an access point would bridge
//! it to: destination and source addresses, the EtherType from LLC/SNAP,
//! then the network layer. The network and transport primitives (`host`,
//! `port`, `tcp`, `ip6`, `icmp`, byte tests such as `tcp[13]`) then mean
//! what they mean to tcpdump. A frame with no network layer (management,
//! control, null or encrypted data) shows as an 802.3 frame of length 0,
//! which no network primitive matches and `not tcp` does.
//!
//! Where libpcap reads a frame at the wrong offset, this reads the frame as
//! it is: a radiotap header with the data-pad flag (libpcap ignores the pad)
//! and four-address (WDS) data frames match the primitives of what they
//! carry. `ether host` compares the destination and source the frame would
//! have on Ethernet; as in libpcap, a control frame matches no address.
//! `-d` still needs a link type the generator knows.
//!
//! The 802.11 primitives (`type`, `subtype`, `dir`, `wlan[n]`, and
//! `wlan host/src/dst/ra/ta/addr1..addr4`) read a fixed prefix in front of
//! that Ethernet frame: the first [`HEADER_BYTES`] of the MAC header as they
//! are, then which of libpcap's address roles the frame has and its source
//! and destination (gen_wlanhostop's rules, worked out here once rather
//! than as run-time branches on the To DS and From DS bits). A role the
//! frame lacks never matches. A role the frame's type has but whose address
//! the capture cut off is marked [`CUT`]: testing it rejects the frame
//! whatever the expression around it (`not wlan addr3 …` too), as
//! libpcap's load past the end of the packet does.

use crate::wire::ieee80211::{ctrl, field};
use crate::wire::{self, registry::LinkType, Link};

/// MAC header bytes the prefix copies as they are (frame control to the
/// end of address 4): what `wlan[n]` may read.
pub const HEADER_BYTES: u32 = 30;
/// The byte of [`has`] bits: roles present and whole.
pub const ROLES: u32 = 30;
/// The byte of [`has`] bits of roles present but cut off by the capture.
pub const CUT: u32 = 31;
/// How many of the [`HEADER_BYTES`] the capture holds: `wlan[n]` past them
/// rejects the frame, as libpcap's load past the packet's end does.
pub const CAPTURED: u32 = 32;
/// The source address by libpcap's rules (zero when absent).
pub const SRC: u32 = 34;
/// The destination address by libpcap's rules.
pub const DST: u32 = 40;
/// Where the Ethernet view follows the prefix.
pub const ETHERNET: u32 = 46;

/// The address roles a frame has (bits of the byte at [`ROLES`]).
pub mod has {
    pub const ADDR1: u8 = 1;
    pub const ADDR2: u8 = 2;
    pub const ADDR3: u8 = 4;
    pub const ADDR4: u8 = 8;
    pub const SRC: u8 = 16;
    pub const DST: u8 = 32;
    /// Receiver (address 1): data frames only, as libpcap tests it.
    pub const RA: u8 = 64;
    /// Transmitter (address 2): data frames only, as libpcap tests it.
    pub const TA: u8 = 128;
}

/// Writes the prefix for the MAC header `mac` (possibly cut short).
fn prefix(mac: &[u8], out: &mut Vec<u8>) {
    let mut head = [0u8; ETHERNET as usize];
    let n = mac.len().min(HEADER_BYTES as usize);
    head[..n].copy_from_slice(&mac[..n]);
    let fc0 = head[0];
    let ds = head[1] & 3;
    let subtype = fc0 >> 4;
    let whole = |f: &std::ops::Range<usize>| mac.len() >= f.end;
    // libpcap's tests: link[0] & 0x04 marks control (and reserved) frames,
    // link[0] & 0x08 data (and reserved) frames.
    let ctl_or_reserved = fc0 & 0x04 != 0;
    let data_like = fc0 & 0x08 != 0;
    let is_ctl = (fc0 >> 2) & 3 == wire::ieee80211::ftype::CTRL;
    let cts_or_ack = is_ctl && matches!(subtype, ctrl::CTS | ctrl::ACK);
    let src = match (data_like, ds) {
        (true, 2) => field::ADDR3,
        (true, 3) => field::ADDR4,
        _ => field::ADDR2,
    };
    let dst = if data_like && ds & 1 != 0 { field::ADDR3 } else { field::ADDR1 };
    let (mut roles, mut cut) = (0, 0);
    for (bit, present, f) in [
        (has::ADDR1, true, &field::ADDR1),
        (has::ADDR2, !cts_or_ack, &field::ADDR2),
        (has::ADDR3, !is_ctl, &field::ADDR3),
        (has::ADDR4, ds == 3, &field::ADDR4),
        (has::SRC, !ctl_or_reserved, &src),
        (has::DST, !ctl_or_reserved, &dst),
        (has::RA, data_like, &field::ADDR1),
        (has::TA, data_like && !cts_or_ack, &field::ADDR2),
    ] {
        match (present, whole(f)) {
            (true, true) => roles |= bit,
            (true, false) => cut |= bit,
            (false, _) => {}
        }
    }
    head[ROLES as usize] = roles;
    head[CUT as usize] = cut;
    head[CAPTURED as usize] = n as u8;
    if roles & has::SRC != 0 {
        head[SRC as usize..SRC as usize + 6].copy_from_slice(&mac[src.clone()]);
    }
    if roles & has::DST != 0 {
        head[DST as usize..DST as usize + 6].copy_from_slice(&mac[dst.clone()]);
    }
    out.extend_from_slice(&head);
}

/// Plain 802.11, radiotap and PPI.
pub fn is_wlan(link_type: u32) -> bool {
    matches!(LinkType(link_type), LinkType::IEEE802_11 | LinkType::IEEE802_11_RADIOTAP | LinkType::PPI)
}

/// Writes the view of an 802.11 frame into `out` (the prefix, then the
/// Ethernet frame); returns the Ethernet frame's length on the wire. None where libpcap's program reads past the frame's
/// end and so rejects it whatever the expression, `not tcp` included: a cut
/// radio header, and a data frame (null data too) cut before the end of its
/// LLC header. A frame of another type only needs its frame control byte.
pub fn view(link_type: u32, data: &[u8], wire_len: u32, out: &mut Vec<u8>) -> Option<u32> {
    out.clear();
    let d = wire::decode(link_type, data);
    let Link::Ieee80211(w) = d.link else { return undecoded_radio(link_type, data, out) };
    let fc0 = *data.get(w.mac_offset)?;
    prefix(data.get(w.mac_offset..).unwrap_or(&[]), out);
    let ftype = (fc0 >> 2) & 3;
    // libpcap's link-layer host tests never match a control frame.
    let mac = w.mac.filter(|_| ftype != wire::ieee80211::ftype::CTRL);
    let dst = mac.and_then(|m| m.da()).or(mac.map(|m| m.ra())).unwrap_or_default();
    let src = mac.and_then(|m| m.sa().or(m.ta())).unwrap_or_default();
    if ftype == wire::ieee80211::ftype::DATA && !w.protected && d.llc.is_none() {
        // Null data, or LLC cut short: the addresses are there, the
        // EtherType is not, so any network primitive rejects the frame.
        w.mac?;
        out.extend_from_slice(&dst);
        out.extend_from_slice(&src);
        return Some(12);
    }
    out.extend_from_slice(&dst);
    out.extend_from_slice(&src);
    // The FCS (radiotap flag) is not part of the bridged frame.
    let end = if w.fcs { data.len().saturating_sub(4) } else { data.len() };
    match d.ethertype.filter(|_| d.net_offset > 0 && d.net_offset <= end) {
        Some(ethertype) => {
            out.extend_from_slice(&ethertype.to_be_bytes());
            out.extend_from_slice(&data[d.net_offset..end]);
            let cut = d.net_offset + (data.len() - end);
            Some((wire_len as usize).saturating_sub(cut).saturating_add(14) as u32)
        }
        None => {
            out.extend_from_slice(&[0, 0]);
            Some(14)
        }
    }
}

/// A radiotap header the walk could not read: libpcap still takes its
/// length field at face value and reads the frame control byte there, so a
/// frame that is not data passes `not tcp`.
fn undecoded_radio(link_type: u32, data: &[u8], out: &mut Vec<u8>) -> Option<u32> {
    if LinkType(link_type) != LinkType::IEEE802_11_RADIOTAP {
        return None;
    }
    let len = u16::from_le_bytes([*data.get(2)?, *data.get(3)?]) as usize;
    let fc0 = *data.get(len)?;
    if (fc0 >> 2) & 3 == wire::ieee80211::ftype::DATA {
        return None;
    }
    prefix(data.get(len..).unwrap_or(&[]), out);
    out.extend_from_slice(&[0; 14]);
    Some(14)
}
