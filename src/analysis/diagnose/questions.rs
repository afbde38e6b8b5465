//! The question of each DNS query (name and type, RFC 1035 §4.1.2), read
//! from the DNS heads the input hands on beside the summaries
//! ([`crate::wire::side::DnsHead`]): a summary keeps 16 payload bytes, the
//! header and the first letters of the name only.
//!
//! Questions are keyed by the querier's socket, the resolver's socket and
//! the message ID, so the DNS rule finds them when it decides a lookup.
//! Memory is bounded by two generations of [`GENERATION`] entries: the
//! newer ones are kept while the oldest are dropped, and a conversation is
//! decided long before its questions age out of both.

use crate::wire::side::DnsHead;
use serde::Serialize;
use crate::wire::hash::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::net::IpAddr;

/// Questions per generation (two generations are kept).
pub const GENERATION: usize = 32_768;
/// Characters of a name kept (a DNS name is at most 253).
const MAX_NAME: usize = 253;

/// What was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The name, as dig prints it (dots, odd bytes as `\DDD`); "…" when cut short.
    pub name: String,
    /// QTYPE, when the head held it.
    pub qtype: Option<u16>,
}

/// (querier, querier port, resolver, resolver port, message ID).
type Key = (IpAddr, u16, IpAddr, u16, u16);

/// The questions of one capture's DNS queries.
#[derive(Clone, Debug, Default)]
pub struct Questions {
    cur: HashMap<Key, Question>,
    old: HashMap<Key, Question>,
    /// (querier, hash of the lower-case name) of the queries, in the same
    /// two generations: a hash, not the name, keeps a query to 16 bytes.
    asked_cur: crate::wire::hash::HashSet<(IpAddr, u64)>,
    asked_old: crate::wire::hash::HashSet<(IpAddr, u64)>,
    /// The seed of those name hashes.
    names: crate::wire::hash::RandomState,
}

impl Questions {
    /// Reads the question of one DNS message (queries and responses alike:
    /// a response repeats the question, so a capture missing the query still names it).
    pub fn observe(&mut self, h: &DnsHead) {
        let b = h.as_slice();
        let b = if h.tcp { b.get(2..).unwrap_or(&[]) } else { b };
        let Some((id, response, q)) = parse(b) else { return };
        let key = if response { (h.dst, h.dport, h.src, h.sport, id) } else { (h.src, h.sport, h.dst, h.dport, id) };
        if self.cur.len() >= GENERATION && !self.cur.contains_key(&key) {
            self.old = std::mem::take(&mut self.cur);
            self.asked_old = std::mem::take(&mut self.asked_cur);
        }
        if !response && !q.name.ends_with('…') {
            let key = (h.src, self.name_hash(&q.name));
            self.asked_cur.insert(key);
        }
        self.cur.insert(key, q);
    }

    /// The name that `name` expands by a search domain, when `querier` asked
    /// it too: the longest proper prefix of `name`, cut at a label boundary,
    /// among the querier's queries. Stub resolvers (glibc, musl, Windows)
    /// append each search domain to a name and ask again, the bare name
    /// first or last as `ndots` says, so an NXDOMAIN for such an expansion
    /// is how the search works, not a failed lookup.
    pub fn search_base<'n>(&self, querier: IpAddr, name: &'n str) -> Option<&'n str> {
        name.rmatch_indices('.').map(|(i, _)| i).filter(|&i| i > 0).find_map(|i| {
            let key = (querier, self.name_hash(&name[..i]));
            (self.asked_cur.contains(&key) || self.asked_old.contains(&key)).then(|| &name[..i])
        })
    }

    /// A name's hash, letter case ignored (DNS names compare so, RFC 4343).
    fn name_hash(&self, name: &str) -> u64 {
        let mut h = self.names.build_hasher();
        for b in name.bytes() {
            h.write_u8(b.to_ascii_lowercase());
        }
        h.finish()
    }

    /// The question of message `id` between querier `c` and resolver `s`.
    pub fn get(&self, c: (IpAddr, u16), s: (IpAddr, u16), id: u16) -> Option<&Question> {
        let k = (c.0, c.1, s.0, s.1, id);
        self.cur.get(&k).or_else(|| self.old.get(&k))
    }
}

/// (ID, is a response, the first question) of a DNS message.
pub fn parse(m: &[u8]) -> Option<(u16, bool, Question)> {
    if m.len() < 12 || u16::from_be_bytes([m[4], m[5]]) == 0 {
        return None;
    }
    let id = u16::from_be_bytes([m[0], m[1]]);
    let response = m[2] & 0x80 != 0;
    // Room for the whole name at once (each label length byte becomes a
    // dot): growing it letter by letter was most of the time spent here.
    let mut name = String::with_capacity(m.len().saturating_sub(12).min(MAX_NAME + 4));
    let mut at = 12;
    loop {
        let Some(&len) = m.get(at) else {
            name.push('…');
            return Some((id, response, Question { name, qtype: None }));
        };
        // A pointer or reserved label type in a question: not a plain name.
        if len & 0xc0 != 0 {
            return None;
        }
        at += 1;
        if len == 0 {
            break;
        }
        let end = at + usize::from(len);
        let label = m.get(at..end.min(m.len())).unwrap_or(&[]);
        if !name.is_empty() {
            name.push('.');
        }
        push_label(&mut name, label);
        if end > m.len() || name.len() > MAX_NAME {
            name.push('…');
            return Some((id, response, Question { name, qtype: None }));
        }
        at = end;
    }
    if name.is_empty() {
        name.push('.');
    }
    let qtype = m.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    Some((id, response, Question { name, qtype }))
}

/// Appends a label, printable ASCII as is and anything else as `\DDD` (as dig does).
fn push_label(out: &mut String, label: &[u8]) {
    for &b in label {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'*') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("\\{b:03}"));
        }
    }
}

/// A query type's mnemonic ("A", "AAAA"), "TYPE<n>" (RFC 3597) when unknown.
pub fn type_name(t: u16) -> String {
    crate::names::dns::rr_type(t).map_or_else(|| format!("TYPE{t}"), str::to_string)
}

/// A DNS lookup as a finding's figures give it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct DnsLookup {
    /// The name queried ("" when the capture did not hold the question).
    pub qname: String,
    /// The query types asked for it ("A", "AAAA", ...).
    pub qtypes: Vec<String>,
    /// The resolver asked.
    pub resolver: String,
    /// Queries sent for it, retries included.
    pub queries: u32,
    /// Times each type was asked (1 + retries).
    pub tries: u32,
    /// The response code, when one came ("NXDOMAIN", ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rcode: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_types_are_named_as_tcpdump_names_them_else_by_number() {
        let named: Vec<String> = [28, 13, 65, 99, 65280].into_iter().map(type_name).collect();
        assert_eq!(named, ["AAAA", "HINFO", "HTTPS", "SPF", "TYPE65280"]);
    }

    /// Header (ID 0x1234, RD, one question) then www.example.lab AAAA IN.
    fn query() -> Vec<u8> {
        let mut m = vec![0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
        for l in ["www", "example", "lab"] {
            m.push(l.len() as u8);
            m.extend_from_slice(l.as_bytes());
        }
        m.extend_from_slice(&[0, 0, 28, 0, 1]);
        m
    }

    #[test]
    fn a_query_names_its_name_and_type() {
        let (id, resp, q) = parse(&query()).expect("parses");
        assert_eq!((id, resp, q.name.as_str(), q.qtype), (0x1234, false, "www.example.lab", Some(28)));
    }

    #[test]
    fn a_name_cut_by_the_snapshot_is_marked() {
        let m = query();
        let (_, _, q) = parse(&m[..20]).expect("parses");
        assert_eq!((q.name.as_str(), q.qtype), ("www.exa…", None));
    }

    #[test]
    fn odd_bytes_in_a_label_are_escaped() {
        let mut m = vec![0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, b'a', b'<', 0x07, 0, 0, 1, 0, 1];
        let (_, _, q) = parse(&m).expect("parses");
        assert_eq!(q.name, "a\\060\\007");
        m[13] = 0xc0;
        assert!(parse(&m).is_some());
    }

    #[test]
    fn no_question_is_nothing() {
        assert!(parse(&[0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]).is_none());
    }
}
