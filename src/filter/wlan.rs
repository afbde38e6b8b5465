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

use crate::wire::{self, registry::LinkType, Link};

/// Plain 802.11, radiotap and PPI.
pub fn is_wlan(link_type: u32) -> bool {
    matches!(LinkType(link_type), LinkType::IEEE802_11 | LinkType::IEEE802_11_RADIOTAP | LinkType::PPI)
}

/// The link type an expression is compiled for.
pub fn compiled_for(link_type: u32) -> u32 {
    if is_wlan(link_type) {
        LinkType::ETHERNET.0
    } else {
        link_type
    }
}

/// Writes the Ethernet view of an 802.11 frame into `out`; returns its
/// length on the wire. None where libpcap's program reads past the frame's
/// end and so rejects it whatever the expression, `not tcp` included: a cut
/// radio header, and a data frame (null data too) cut before the end of its
/// LLC header. A frame of another type only needs its frame control byte.
pub fn ethernet_view(link_type: u32, data: &[u8], wire_len: u32, out: &mut Vec<u8>) -> Option<u32> {
    out.clear();
    let d = wire::decode(link_type, data);
    let Link::Ieee80211(w) = d.link else { return undecoded_radio(link_type, data, out) };
    let fc0 = *data.get(w.mac_offset)?;
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
    out.extend_from_slice(&[0; 14]);
    Some(14)
}
