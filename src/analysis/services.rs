//! Services: per server address, the TCP ports seen accepting connections
//! and the UDP ports seen answering, from the packet stream itself.
//!
//! A TCP port offers a service when it answered a SYN with a SYN-ACK, or —
//! for connections already established when the capture started — when data
//! flows on a socket pair whose one side is a well-known port (listed in the
//! service tables or below 1024) and the other is not. A UDP port offers a
//! service when it answered a datagram sent to it (the answer comes back from
//! the port the request went to).
//!
//! Ports that only ever answered scanners are marked `found_by_scan`, and a
//! host that answered SYN-ACK on (nearly) every port a scanner tried (SYN
//! cookies under load, a tarpit, a proxying firewall: see
//! [`ScanConfig::tarpit_min_ports`](crate::analysis::scans::ScanConfig)) is
//! reported as answering every port, with only the ports that real clients
//! used listed as its services.
//!
//! # Memory
//!
//! At most `max_services` (server, protocol, port) entries; distinct clients
//! are counted exactly up to `max_clients_counted` per service and
//! `max_client_entries` in all (then "at least"); UDP requests awaiting an answer are capped at `max_udp_requests`
//! and forgotten after `udp_answer_timeout`. Hits are counted in
//! [`ServiceStats`].

use crate::analysis::scans::{nanos, ts, ts_secs};
use crate::wire::hash::{HashMap, HashSet};
use crate::names;
use crate::time::Timestamp;
use crate::wire::summary::{Summary, TcpDigest, Transport, UdpDigest};
use serde::Serialize;
use std::collections::VecDeque;
use std::net::IpAddr;

/// Default [`ServiceConfig::max_services`].
pub const MAX_SERVICES: usize = 262_144;
/// Default [`ServiceConfig::max_clients_counted`].
pub const MAX_CLIENTS_COUNTED: usize = 4096;
/// Default [`ServiceConfig::max_client_entries`].
pub const MAX_CLIENT_ENTRIES: usize = 2_097_152;
/// Default [`ServiceConfig::max_udp_requests`].
pub const MAX_UDP_REQUESTS: usize = 262_144;
/// Default [`ServiceConfig::udp_answer_timeout`]: 30 s.
pub const UDP_ANSWER_TIMEOUT_NS: i64 = 30_000_000_000;
/// Ports below this count as well-known when guessing the server side of a
/// connection whose handshake was not captured.
pub const WELL_KNOWN_BELOW: u16 = 1024;

/// Limits of the service tracker.
#[derive(Clone, Debug)]
pub struct ServiceConfig {
    pub max_services: usize,
    /// Distinct clients counted exactly per service.
    pub max_clients_counted: usize,
    /// Client addresses remembered over all services.
    pub max_client_entries: usize,
    pub max_udp_requests: usize,
    /// A UDP request unanswered this long is forgotten (ns).
    pub udp_answer_timeout: i64,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            max_services: MAX_SERVICES,
            max_clients_counted: MAX_CLIENTS_COUNTED,
            max_client_entries: MAX_CLIENT_ENTRIES,
            max_udp_requests: MAX_UDP_REQUESTS,
            udp_answer_timeout: UDP_ANSWER_TIMEOUT_NS,
        }
    }
}

/// How a service was seen offering itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeenBy {
    /// It answered a SYN with a SYN-ACK.
    SynAck,
    /// Data on an established connection whose handshake was not captured.
    Data,
    /// It answered a UDP datagram.
    UdpReply,
}

/// One port of one server.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Service {
    pub proto: &'static str,
    pub port: u16,
    /// Service name from the port tables ("http", "domain" ...).
    pub name: Option<&'static str>,
    pub seen_by: SeenBy,
    /// Distinct client addresses (exact up to the configured cap).
    pub clients: u64,
    pub clients_capped: bool,
    /// Payload bytes clients sent to it, and it sent back.
    pub bytes_to_server: u64,
    pub bytes_from_server: u64,
    pub packets: u64,
    #[serde(serialize_with = "ts_secs")]
    pub first_seen: Timestamp,
    #[serde(serialize_with = "ts_secs")]
    pub last_seen: Timestamp,
    /// Only scanners ever got an answer from it.
    pub found_by_scan: bool,
    /// The frame that showed the port offering (SYN-ACK, data or reply).
    pub evidence_frame: u64,
}

/// The services of one server address.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Host {
    pub server: IpAddr,
    /// It answered SYN-ACK on (nearly) every port a scanner tried: the
    /// ports only scanners saw are not listed as services.
    pub answers_every_port: bool,
    /// Ports left out because of `answers_every_port`.
    pub ports_hidden: u64,
    pub services: Vec<Service>,
}

/// Counters of the limits the tracker hit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ServiceStats {
    pub services_untracked: u64,
    pub udp_requests_untracked: u64,
}

/// Everything the tracker found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ServiceReport {
    pub hosts: Vec<Host>,
    pub stats: ServiceStats,
}


/// (server, IP protocol, port).
type ServiceKey = (IpAddr, u8, u16);
/// (client, client port, server, server port) of a UDP request.
type RequestKey = (IpAddr, u16, IpAddr, u16);

#[derive(Debug)]
struct Entry {
    seen_by: SeenBy,
    clients: HashSet<IpAddr>,
    clients_capped: bool,
    last_client: Option<IpAddr>,
    to_server: u64,
    from_server: u64,
    packets: u64,
    first: i64,
    last: i64,
    frame: u64,
}

/// The streaming service tracker: feed it every [`Summary`] in capture order.
pub struct ServiceTracker {
    cfg: ServiceConfig,
    services: HashMap<ServiceKey, Entry>,
    requests: HashMap<RequestKey, i64>,
    request_order: VecDeque<(i64, RequestKey)>,
    stats: ServiceStats,
    now: i64,
    /// Client addresses held in all services' sets.
    client_entries: usize,
}

impl ServiceTracker {
    /// A tracker with the given limits.
    pub fn new(cfg: ServiceConfig) -> Self {
        ServiceTracker {
            cfg,
            services: HashMap::default(),
            requests: HashMap::default(),
            request_order: VecDeque::new(),
            stats: ServiceStats::default(),
            now: i64::MIN,
            client_entries: 0,
        }
    }

    /// Feeds one packet.
    pub fn observe(&mut self, s: &Summary) {
        let now = nanos(s.ts);
        self.now = self.now.max(now);
        match &s.transport {
            Transport::Tcp(t) => self.on_tcp(s, t),
            Transport::Udp(u) => self.on_udp(s, u),
            _ => {}
        }
    }

    /// Reports every service. `scanners` are the sources of detected scans;
    /// `answers_every_port` the hosts the scan detector found answering
    /// SYN-ACK on (nearly) every probed port.
    pub fn finish(self, scanners: &[IpAddr], answers_every_port: &[IpAddr]) -> ServiceReport {
        let mut hosts: HashMap<IpAddr, Host> = HashMap::default();
        for ((server, proto, port), e) in self.services {
            let found_by_scan = !e.clients_capped
                && !e.clients.is_empty()
                && e.clients.iter().all(|c| scanners.contains(c));
            let every = answers_every_port.contains(&server);
            let h = hosts.entry(server).or_insert_with(|| Host {
                server,
                answers_every_port: every,
                ports_hidden: 0,
                services: Vec::new(),
            });
            if every && found_by_scan {
                h.ports_hidden += 1;
                continue;
            }
            h.services.push(Service {
                proto: if proto == 6 { "tcp" } else { "udp" },
                port,
                name: names::services::service(proto, port),
                seen_by: e.seen_by,
                clients: e.clients.len() as u64,
                clients_capped: e.clients_capped,
                bytes_to_server: e.to_server,
                bytes_from_server: e.from_server,
                packets: e.packets,
                first_seen: ts(e.first),
                last_seen: ts(e.last),
                found_by_scan,
                evidence_frame: e.frame,
            });
        }
        let mut hosts: Vec<Host> = hosts.into_values().collect();
        for h in &mut hosts {
            h.services
                .sort_by(|a, b| a.proto.cmp(b.proto).then(a.port.cmp(&b.port)));
        }
        hosts.sort_by_key(|h| h.server);
        ServiceReport {
            hosts,
            stats: self.stats,
        }
    }

    fn on_tcp(&mut self, s: &Summary, t: &TcpDigest) {
        let f = t.flags;
        if f.syn() && f.ack() {
            self.offer((s.src, 6, t.sport), s.dst, SeenBy::SynAck, s.frame);
            self.count((s.src, 6, t.sport), 0, false);
            return;
        }
        let len = t.payload_len as u64;
        let to = (s.dst, 6, t.dport);
        let from = (s.src, 6, t.sport);
        if self.hit(to, len, true, Some(s.src)) || self.hit(from, len, false, None) {
            return;
        }
        if len > 0 && !f.syn() {
            // A connection whose handshake the capture missed.
            match server_side(t.sport, t.dport) {
                Some(true) => {
                    self.offer(from, s.dst, SeenBy::Data, s.frame);
                    self.count(from, len, false);
                }
                Some(false) => {
                    self.offer(to, s.src, SeenBy::Data, s.frame);
                    self.count(to, len, true);
                }
                None => {}
            }
        }
    }

    fn on_udp(&mut self, s: &Summary, u: &UdpDigest) {
        let len = u.payload_len as u64;
        let to = (s.dst, 17, u.dport);
        let from = (s.src, 17, u.sport);
        if self.hit(to, len, true, Some(s.src)) || self.hit(from, len, false, None) {
            return;
        }
        // Does this answer a request sent to (src, sport)?
        let answered = (s.dst, u.dport, s.src, u.sport);
        if self.requests.remove(&answered).is_some() {
            self.offer(from, s.dst, SeenBy::UdpReply, s.frame);
            self.count(from, len, false);
            return;
        }
        self.expire_requests();
        if self.requests.len() >= self.cfg.max_udp_requests {
            self.stats.udp_requests_untracked += 1;
            return;
        }
        let k = (s.src, u.sport, s.dst, u.dport);
        if self.requests.insert(k, self.now).is_none() {
            self.request_order
                .push_back((self.now.saturating_add(self.cfg.udp_answer_timeout), k));
        }
    }

    fn expire_requests(&mut self) {
        while let Some(&(deadline, k)) = self.request_order.front() {
            if deadline > self.now && self.request_order.len() <= self.cfg.max_udp_requests {
                break;
            }
            self.request_order.pop_front();
            self.requests.remove(&k);
        }
    }

    /// Records that `k` offers a service, answering `client`.
    fn offer(&mut self, k: ServiceKey, client: IpAddr, seen_by: SeenBy, frame: u64) {
        if !self.services.contains_key(&k) {
            if self.services.len() >= self.cfg.max_services {
                self.stats.services_untracked += 1;
                return;
            }
            self.services.insert(
                k,
                Entry {
                    seen_by,
                    clients: HashSet::default(),
                    clients_capped: false,
                    last_client: None,
                    to_server: 0,
                    from_server: 0,
                    packets: 0,
                    first: self.now,
                    last: self.now,
                    frame,
                },
            );
        }
        self.add_client(k, client);
    }

    fn add_client(&mut self, k: ServiceKey, client: IpAddr) {
        self.hit_with(k, 0, false, Some(client), false);
    }

    fn count(&mut self, k: ServiceKey, len: u64, to_server: bool) {
        self.hit_with(k, len, to_server, None, true);
    }

    /// Counts a packet of service `k` (from `client` when it goes to the
    /// server); false when `k` is no known service.
    fn hit(&mut self, k: ServiceKey, len: u64, to_server: bool, client: Option<IpAddr>) -> bool {
        self.hit_with(k, len, to_server, client, true)
    }

    fn hit_with(&mut self, k: ServiceKey, len: u64, to_server: bool, client: Option<IpAddr>, packet: bool) -> bool {
        let Some(e) = self.services.get_mut(&k) else { return false };
        if packet {
            e.packets += 1;
            e.last = self.now;
            if to_server {
                e.to_server += len;
            } else {
                e.from_server += len;
            }
        }
        // Consecutive packets mostly come from the same client: skip the set.
        if let Some(c) = client.filter(|c| e.last_client != Some(*c)) {
            e.last_client = Some(c);
            let room = self.client_entries < self.cfg.max_client_entries;
            if e.clients.len() < self.cfg.max_clients_counted && room {
                if e.clients.insert(c) {
                    self.client_entries += 1;
                }
            } else if !e.clients.contains(&c) {
                e.clients_capped = true;
            }
        }
        true
    }
}

impl Default for ServiceTracker {
    fn default() -> Self {
        ServiceTracker::new(ServiceConfig::default())
    }
}

/// Which side of a mid-stream TCP segment is the server: `Some(true)` the
/// source, `Some(false)` the destination, `None` when it cannot be told.
fn server_side(sport: u16, dport: u16) -> Option<bool> {
    let known = |p: u16| p < WELL_KNOWN_BELOW || names::services::tcp_service(p).is_some();
    match (known(sport), known(dport)) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        (true, true) if sport < WELL_KNOWN_BELOW && dport >= WELL_KNOWN_BELOW => Some(true),
        (true, true) if dport < WELL_KNOWN_BELOW && sport >= WELL_KNOWN_BELOW => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
