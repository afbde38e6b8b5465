//! The walk's 802.11 branch: radio header (radiotap or PPI), MAC header,
//! then LLC/SNAP to the EtherType of a data frame's payload.
//!
//! Management, control and null-data frames carry no network layer. A
//! protected (encrypted) data frame cannot be decoded without keys: the
//! walk notes it in [`Wlan::protected`] and stops without an error, so the
//! later stages count it as undecodable rather than as a broken packet.

use super::ethernet::Llc;
use super::ieee80211::{ftype, Ieee80211};
use super::ppi::Ppi;
use super::radiotap::Radiotap;
use super::registry::LinkType;
use super::walk::{network, Decoded, Layer, Link, Net};

/// SNAP OUI 00-00-F8: 802.1H bridge tunnel, also followed by an EtherType.
const OUI_BRIDGE_TUNNEL: [u8; 3] = [0x00, 0x00, 0xf8];

/// The radio header in front of the 802.11 frame.
#[derive(Clone, Copy, Debug)]
pub enum Radio<'a> {
    /// Plain 802.11 (LINKTYPE 105).
    None,
    Radiotap(Radiotap<'a>),
    Ppi(Ppi<'a>),
}

/// An 802.11 frame as the walk decoded it.
#[derive(Clone, Copy, Debug)]
pub struct Wlan<'a> {
    pub radio: Radio<'a>,
    /// Offset of the MAC header in the frame.
    pub mac_offset: usize,
    /// The MAC header, when whole.
    pub mac: Option<Ieee80211<'a>>,
    /// The frame ends with a 4-byte FCS (radiotap flag), not counted in `mac`'s body.
    pub fcs: bool,
    /// A data frame with the Protected bit: its body is encrypted.
    pub protected: bool,
}

impl Wlan<'_> {
    /// True for a data frame whose payload the walk could not read (encrypted).
    pub fn undecodable(&self) -> bool {
        self.protected
    }
}

impl Decoded<'_> {
    /// True when the frame carries a payload the walk cannot read without
    /// keys (an encrypted 802.11 data frame): counted apart, not an error.
    pub fn undecodable(&self) -> bool {
        matches!(self.link, Link::Ieee80211(w) if w.undecodable())
    }
}

/// Decodes link types 105, 127 and 192 (PPI carrying one of them).
pub(super) fn decode(d: &mut Decoded<'_>, depth: u8) {
    let data = d.frame;
    let (radio, off, fcs, pad) = match LinkType(d.link_type) {
        LinkType::IEEE802_11_RADIOTAP => match Radiotap::new(data) {
            Ok(r) => (Radio::Radiotap(r), r.len(), r.fcs_at_end(), r.data_pad()),
            Err(_) => return d.stop(Layer::Link, 0, "bad radiotap header"),
        },
        LinkType::PPI => match Ppi::new(data) {
            Ok(p) if p.dlt() == LinkType::IEEE802_11.0 => (Radio::Ppi(p), p.len(), false, false),
            Ok(p) => {
                d.link = Link::Ieee80211(Wlan { radio: Radio::Ppi(p), mac_offset: p.len(), mac: None, fcs: false, protected: false });
                return d.stop(Layer::Link, p.len(), "PPI carries a link type the walk does not follow");
            }
            Err(_) => return d.stop(Layer::Link, 0, "bad PPI header"),
        },
        _ => (Radio::None, 0, false, false),
    };
    // The FCS is not part of the frame body: cut it before anything reads the payload.
    let end = if fcs { data.len().saturating_sub(4).max(off) } else { data.len() };
    let mac_bytes = &data[off.min(end)..end];
    let mut w = Wlan { radio, mac_offset: off, mac: None, fcs, protected: false };
    let mac = match Ieee80211::new(mac_bytes, pad) {
        Ok(m) => m,
        Err(_) => {
            d.link = Link::Ieee80211(w);
            return d.stop(Layer::Link, off, "truncated 802.11 header");
        }
    };
    w.mac = Some(mac);
    let fc = mac.fc();
    w.protected = fc.ftype() == ftype::DATA && fc.protected() && !fc.is_null_data();
    d.link = Link::Ieee80211(w);
    if fc.ftype() != ftype::DATA || fc.is_null_data() || w.protected {
        return;
    }
    let body_off = off + mac.header_len();
    let Some(llc) = Llc::parse(mac.body()) else {
        return d.stop(Layer::Llc, body_off, "truncated LLC header");
    };
    d.llc = Some(llc);
    let net_off = body_off + llc.len;
    match llc.snap {
        Some((oui, pid)) if oui == [0, 0, 0] || oui == OUI_BRIDGE_TUNNEL => {
            // Decode from a frame view without the FCS so nothing mistakes it for payload.
            let frame = d.frame;
            d.frame = &frame[..end];
            network(d, pid, net_off, depth);
            d.frame = frame;
        }
        _ => {
            d.net_offset = net_off;
            d.net = Net::Other {
                ethertype: (llc.dsap as u16) << 8 | llc.ssap as u16,
                data: &data[net_off.min(end)..end],
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::walk::{decode, Net, Trans};
    use super::*;

    /// Radiotap (flags: FCS) + QoS data FromDS + LLC/SNAP IPv4 + UDP + FCS.
    fn frame() -> Vec<u8> {
        let mut f = vec![0, 0, 9, 0, 0x02, 0, 0, 0, 0x10]; // radiotap: flags = FCS
        f.extend_from_slice(&[0x88, 0x02, 0, 0]); // QoS data, FromDS
        f.extend_from_slice(&[2, 0, 0, 0, 0, 0x0a, 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0x0b, 0x10, 0, 0, 0]);
        f.extend_from_slice(&[0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00]);
        f.extend_from_slice(&[
            0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, // IPv4
            0x30, 0x39, 0x00, 0x35, 0, 8, 0, 0, // UDP 12345 → 53
        ]);
        f.extend_from_slice(&[0xde, 0xad, 0xbe, 0xef]); // FCS
        f
    }

    #[test]
    fn qos_data_reaches_udp_through_snap() {
        let f = frame();
        let d = decode(LinkType::IEEE802_11_RADIOTAP.0, &f);
        let dport = match d.transport {
            Trans::Udp(u) => Some(u.dst_port()),
            _ => None,
        };
        assert_eq!((dport, d.ethertype, d.stop), (Some(53), Some(0x0800), None));
    }

    #[test]
    fn protected_data_stops_quietly() {
        let mut f = frame();
        f[10] |= 0x40;
        let d = decode(LinkType::IEEE802_11_RADIOTAP.0, &f);
        let protected = matches!(d.link, Link::Ieee80211(w) if w.undecodable());
        assert_eq!((protected, matches!(d.net, Net::None), d.stop), (true, true, None));
    }

    #[test]
    fn every_cut_of_the_frame_decodes_without_panic() {
        let f = frame();
        for n in 0..=f.len() {
            let _ = decode(LinkType::IEEE802_11_RADIOTAP.0, &f[..n]);
            let _ = decode(LinkType::IEEE802_11.0, &f[9..n.max(9)]);
        }
    }
}
