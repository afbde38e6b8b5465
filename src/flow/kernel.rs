//! Each endpoint's socket state as its own kernel would show it (`ss -tan`).
//!
//! A packet travelling from A to B was *sent* by A and *received* by B: the
//! capture point (either host, or between them) sees it after A sent it, and
//! we assume B got it. Transitions follow RFC 9293 §3.3.2 and Linux:
//! a FIN is acknowledged only when an ACK at or beyond its sequence number
//! arrives; the active closer lingers in TIME_WAIT for [`TIME_WAIT_SECS`];
//! a SYN_SENT or SYN_RECV socket retransmits its SYN / SYN-ACK with an
//! exponential backoff starting at [`INITIAL_RTO_SECS`], so a socket that
//! missed a due retransmission no longer exists (the application gave up,
//! an ICMP error aborted it, or the SYN-ACK was a stateless SYN cookie).
//!
//! One transition function per state; timers are applied when the state is
//! read at a given moment ([`KernelEndpoint::state_at`]).

use crate::time::Timestamp;
use crate::wire::summary::TcpFlags;
use std::fmt;

/// Linux `TCP_TIMEWAIT_LEN`: 60 s.
pub const TIME_WAIT_SECS: i64 = 60;
/// Linux `tcp_fin_timeout` for orphaned FIN_WAIT2 sockets: 60 s.
pub const FIN_WAIT2_SECS: i64 = 60;
/// Linux `TCP_TIMEOUT_INIT`: the first SYN / SYN-ACK retransmission after 1 s.
pub const INITIAL_RTO_SECS: f64 = 1.0;
/// Slack on a due retransmission before the socket is presumed gone:
/// this fraction of the timeout (timer granularity, backoff jitter) …
pub const RETRANSMIT_SLACK_FRACTION: f64 = 0.1;
/// … plus this many seconds.
pub const RETRANSMIT_SLACK_SECS: f64 = 0.1;

/// A TCP socket state with its netstat name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum TcpState {
    #[default]
    Closed,
    Listen,
    SynSent,
    SynRecv,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
    /// Not knowable from the packets captured (only one direction seen, or
    /// no packet of that endpoint): never a kernel state, a reader's verdict.
    Unknown,
}

impl TcpState {
    /// The netstat name (the same as [`TcpState::netstat_name`]).
    pub fn as_str(self) -> &'static str {
        self.netstat_name()
    }
    /// The netstat name (`ESTABLISHED`, `SYN_SENT`, …).
    pub fn netstat_name(self) -> &'static str {
        match self {
            TcpState::Closed => "CLOSED",
            TcpState::Listen => "LISTEN",
            TcpState::SynSent => "SYN_SENT",
            TcpState::SynRecv => "SYN_RECV",
            TcpState::Established => "ESTABLISHED",
            TcpState::FinWait1 => "FIN_WAIT1",
            TcpState::FinWait2 => "FIN_WAIT2",
            TcpState::CloseWait => "CLOSE_WAIT",
            TcpState::Closing => "CLOSING",
            TcpState::LastAck => "LAST_ACK",
            TcpState::TimeWait => "TIME_WAIT",
            TcpState::Unknown => "UNKNOWN",
        }
    }
    /// The `ss` name (`ESTAB`, `SYN-SENT`, …).
    pub fn ss_name(self) -> &'static str {
        match self {
            TcpState::Closed => "CLOSED",
            TcpState::Listen => "LISTEN",
            TcpState::SynSent => "SYN-SENT",
            TcpState::SynRecv => "SYN-RECV",
            TcpState::Established => "ESTAB",
            TcpState::FinWait1 => "FIN-WAIT-1",
            TcpState::FinWait2 => "FIN-WAIT-2",
            TcpState::CloseWait => "CLOSE-WAIT",
            TcpState::Closing => "CLOSING",
            TcpState::LastAck => "LAST-ACK",
            TcpState::TimeWait => "TIME-WAIT",
            TcpState::Unknown => "UNKNOWN",
        }
    }
    /// The state of a Linux socket from its kernel number (`include/net/tcp_states.h`,
    /// as NETLINK_SOCK_DIAG and /proc/net/tcp report it); `TCP_NEW_SYN_RECV` (12),
    /// a half-open request socket, is SYN_RECV as ss shows it. `None` for an unknown number.
    pub fn from_linux(n: u8) -> Option<TcpState> {
        Some(match n {
            1 => TcpState::Established,
            2 => TcpState::SynSent,
            3 | 12 => TcpState::SynRecv,
            4 => TcpState::FinWait1,
            5 => TcpState::FinWait2,
            6 => TcpState::TimeWait,
            7 => TcpState::Closed,
            8 => TcpState::CloseWait,
            9 => TcpState::LastAck,
            10 => TcpState::Listen,
            11 => TcpState::Closing,
            _ => return None,
        })
    }
    /// Parses a netstat or ss name.
    pub fn parse(s: &str) -> Option<TcpState> {
        let u = s.to_ascii_uppercase().replace('-', "_");
        Some(match u.as_str() {
            "CLOSED" | "UNCONN" => TcpState::Closed,
            "LISTEN" => TcpState::Listen,
            "SYN_SENT" => TcpState::SynSent,
            "SYN_RECV" | "SYN_RECEIVED" => TcpState::SynRecv,
            "ESTAB" | "ESTABLISHED" => TcpState::Established,
            "FIN_WAIT1" | "FIN_WAIT_1" => TcpState::FinWait1,
            "FIN_WAIT2" | "FIN_WAIT_2" => TcpState::FinWait2,
            "CLOSE_WAIT" => TcpState::CloseWait,
            "CLOSING" => TcpState::Closing,
            "LAST_ACK" => TcpState::LastAck,
            "TIME_WAIT" => TcpState::TimeWait,
            _ => return None,
        })
    }
}

/// Serialised by its netstat name (`SYN_SENT`), as findings show it.
impl serde::Serialize for TcpState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.netstat_name())
    }
}

impl fmt::Display for TcpState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.netstat_name())
    }
}

/// One endpoint's kernel-side view.
#[derive(Clone, Copy, Debug, Default)]
pub struct KernelEndpoint {
    pub state: TcpState,
    /// When the current state was entered (ns since the epoch, saturated).
    since: i64,
    /// Our initial sequence number, once a SYN or SYN-ACK was sent.
    pub isn: Option<u32>,
    /// Sequence number just past our FIN: an ACK at or beyond it covers it.
    pub fin_end: Option<u32>,
    /// SYN or SYN-ACK transmissions with the current ISN.
    pub syn_sends: u16,
    /// Time of the latest SYN / SYN-ACK transmission (ns, saturated).
    last_syn: i64,
    /// Ever left CLOSED (a closed socket is not re-opened by stray segments).
    pub touched: bool,
    /// The state before a RST closed it: restored when this endpoint keeps
    /// sending as if no RST had happened (it ignored the RST, or the RST
    /// was injected in its name).
    pub pre_rst: Option<TcpState>,
    /// This endpoint sent its SYN / SYN-ACK again after the peer's answer
    /// had (by the capture) reached it: the answers are being lost on the
    /// way, so later ones count as received only once this endpoint's own
    /// packets show it got one.
    pub answers_lost: bool,
    /// Sent something other than a SYN / SYN-ACK since its SYN.
    sent_after_syn: bool,
}

/// What happened to an endpoint.
#[derive(Clone, Copy, Debug)]
pub struct SegmentEvent {
    pub flags: TcpFlags,
    pub seq: u32,
    pub ack: u32,
    pub len: u32,
    pub ts: Timestamp,
}

impl SegmentEvent {
    fn end_seq(&self) -> u32 {
        let mut e = self.seq.wrapping_add(self.len);
        if self.flags.syn() {
            e = e.wrapping_add(1);
        }
        if self.flags.fin() {
            e = e.wrapping_add(1);
        }
        e
    }
}

fn ns(t: Timestamp) -> i64 {
    t.as_nanos().clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

fn covers(ack: u32, fin_end: Option<u32>) -> bool {
    match fin_end {
        Some(f) => crate::wire::seq::ge(ack, f),
        None => false,
    }
}

impl KernelEndpoint {
    /// When the latest SYN / SYN-ACK with the current ISN was sent.
    pub fn last_syn(&self) -> Timestamp {
        Timestamp::from_nanos(self.last_syn as i128)
    }

    /// When the current state was entered.
    pub fn since(&self) -> Timestamp {
        Timestamp::from_nanos(self.since as i128)
    }

    fn go(&mut self, s: TcpState, ts: Timestamp) {
        if s != self.state {
            self.state = s;
            self.since = ns(ts);
        }
        if s != TcpState::Closed {
            self.touched = true;
        }
    }

    /// This endpoint sent the segment.
    pub fn on_send(&mut self, e: &SegmentEvent) {
        let f = e.flags;
        if f.rst() {
            self.reset(e.ts);
            return;
        }
        if f.syn() {
            self.sent_syn(e);
            return;
        }
        self.sent_after_syn = true;
        if let Some(before) = self.pre_rst.take().filter(|_| self.state == TcpState::Closed) {
            // Still talking after a RST: the RST did not end this socket.
            self.go(before, e.ts);
        }
        if self.state == TcpState::Closed && !self.touched {
            // Mid-stream: a socket that sends ACKs is connected.
            if f.ack() {
                self.go(TcpState::Established, e.ts);
            } else {
                return;
            }
        }
        if f.ack() && matches!(self.state, TcpState::SynSent | TcpState::SynRecv) {
            // Acknowledging from a handshake state: the peer's answer got here.
            self.go(TcpState::Established, e.ts);
        }
        if f.fin() {
            self.sent_fin(e);
        }
    }

    /// A RST sent or received: CLOSED, remembering what it was.
    fn reset(&mut self, ts: Timestamp) {
        if self.state != TcpState::Closed {
            self.pre_rst = Some(self.state);
        }
        self.go(TcpState::Closed, ts);
        self.touched = true;
    }

    fn sent_fin(&mut self, e: &SegmentEvent) {
        let again = self.fin_end == Some(e.end_seq());
        self.fin_end = Some(e.end_seq());
        match self.state {
            TcpState::Established | TcpState::SynRecv => self.go(TcpState::FinWait1, e.ts),
            TcpState::CloseWait => self.go(TcpState::LastAck, e.ts),
            // Our FIN again although its ACK went by: that ACK never
            // arrived, so the FIN is still unacknowledged.
            TcpState::FinWait2 if again => self.go(TcpState::FinWait1, e.ts),
            TcpState::TimeWait if again => self.go(TcpState::Closing, e.ts),
            TcpState::Closed if again && self.touched => self.go(TcpState::LastAck, e.ts),
            _ => {}
        }
    }

    fn sent_syn(&mut self, e: &SegmentEvent) {
        let same = self.isn == Some(e.seq);
        if same && matches!(self.state, TcpState::SynSent | TcpState::SynRecv) {
            self.syn_sends = self.syn_sends.saturating_add(1);
            self.last_syn = ns(e.ts);
            return;
        }
        if same && self.state == TcpState::Established && !self.sent_after_syn {
            // Our SYN (SYN-ACK) again although the answer went by: it never
            // arrived here, and we are still in the handshake.
            self.answers_lost = true;
            self.syn_sends = self.syn_sends.saturating_add(1);
            self.last_syn = ns(e.ts);
            let s = if e.flags.ack() {
                TcpState::SynRecv
            } else {
                TcpState::SynSent
            };
            self.go(s, e.ts);
            return;
        }
        if same && self.state != TcpState::Closed {
            return; // a late copy of our SYN; state already moved on
        }
        self.isn = Some(e.seq);
        self.sent_after_syn = false;
        self.answers_lost = false;
        self.pre_rst = None;
        self.fin_end = None;
        self.syn_sends = 1;
        self.last_syn = ns(e.ts);
        let s = if e.flags.ack() {
            TcpState::SynRecv
        } else {
            TcpState::SynSent
        };
        self.go(s, e.ts);
    }

    /// This endpoint received the segment.
    pub fn on_recv(&mut self, e: &SegmentEvent) {
        match self.state {
            TcpState::Closed | TcpState::Listen | TcpState::Unknown => self.recv_closed(e),
            TcpState::SynSent => self.recv_syn_sent(e),
            TcpState::SynRecv => self.recv_syn_recv(e),
            TcpState::Established => self.recv_established(e),
            TcpState::FinWait1 => self.recv_fin_wait1(e),
            TcpState::FinWait2 => self.recv_fin_wait2(e),
            TcpState::CloseWait => self.recv_rst_only(e),
            TcpState::Closing => self.recv_closing(e),
            TcpState::LastAck => self.recv_last_ack(e),
            TcpState::TimeWait => self.recv_rst_only(e),
        }
    }

    fn recv_closed(&mut self, e: &SegmentEvent) {
        // A closed socket answers with RST or nothing; a listener's answer
        // (SYN-ACK) is what creates the SYN_RECV socket, seen on send. But
        // a capture that starts mid-connection shows segments to a socket
        // it never saw open: it was established, and this segment may
        // already move it on (a FIN: CLOSE_WAIT).
        let f = e.flags;
        if !self.touched && f.ack() && !f.syn() && !f.rst() {
            self.go(TcpState::Established, e.ts);
            self.recv_established(e);
        }
    }

    fn recv_syn_sent(&mut self, e: &SegmentEvent) {
        let f = e.flags;
        if f.rst() {
            if f.ack() {
                self.reset(e.ts);
            }
        } else if f.syn() && f.ack() {
            if !self.answers_lost {
                self.go(TcpState::Established, e.ts);
            }
        } else if f.syn() {
            self.go(TcpState::SynRecv, e.ts); // simultaneous open
        }
    }

    fn recv_syn_recv(&mut self, e: &SegmentEvent) {
        let f = e.flags;
        if f.rst() {
            self.reset(e.ts);
            return;
        }
        if self.answers_lost {
            return; // see `answers_lost`: wait for our own proof
        }
        let acks_syn = f.ack()
            && self
                .isn
                .is_some_and(|i| crate::wire::seq::ge(e.ack, i.wrapping_add(1)));
        if acks_syn && !f.syn() {
            self.go(TcpState::Established, e.ts);
            if f.fin() {
                self.go(TcpState::CloseWait, e.ts);
            }
        }
    }

    fn recv_established(&mut self, e: &SegmentEvent) {
        if e.flags.rst() {
            self.reset(e.ts);
        } else if e.flags.fin() {
            self.go(TcpState::CloseWait, e.ts);
        }
    }

    fn recv_fin_wait1(&mut self, e: &SegmentEvent) {
        let f = e.flags;
        if f.rst() {
            self.reset(e.ts);
            return;
        }
        let acked = f.ack() && covers(e.ack, self.fin_end);
        match (acked, f.fin()) {
            (true, true) => self.go(TcpState::TimeWait, e.ts),
            (true, false) => self.go(TcpState::FinWait2, e.ts),
            (false, true) => self.go(TcpState::Closing, e.ts),
            (false, false) => {}
        }
    }

    fn recv_fin_wait2(&mut self, e: &SegmentEvent) {
        if e.flags.rst() {
            self.reset(e.ts);
        } else if e.flags.fin() {
            self.go(TcpState::TimeWait, e.ts);
        }
    }

    fn recv_closing(&mut self, e: &SegmentEvent) {
        if e.flags.rst() {
            self.reset(e.ts);
        } else if e.flags.ack() && covers(e.ack, self.fin_end) {
            self.go(TcpState::TimeWait, e.ts);
        }
    }

    fn recv_last_ack(&mut self, e: &SegmentEvent) {
        if e.flags.rst() {
            self.reset(e.ts);
        } else if e.flags.ack() && covers(e.ack, self.fin_end) {
            self.go(TcpState::Closed, e.ts);
        }
    }

    fn recv_rst_only(&mut self, e: &SegmentEvent) {
        if e.flags.rst() {
            self.reset(e.ts);
        } else if self.state == TcpState::TimeWait && e.flags.fin() {
            // A retransmitted FIN restarts the TIME_WAIT timer.
            self.since = ns(e.ts);
        }
    }

    /// An ICMP error about a segment this endpoint sent (RFC 5461; Linux
    /// `tcp_v4_err`/`tcp_v6_err` abort a connection still in the handshake).
    pub fn on_icmp_error(&mut self, ts: Timestamp, fatal: bool) {
        if fatal && matches!(self.state, TcpState::SynSent | TcpState::SynRecv) {
            self.go(TcpState::Closed, ts);
        }
    }

    /// The state as of `now`, with the kernel's timers applied.
    pub fn state_at(&self, now: Timestamp) -> TcpState {
        let waited = (ns(now).saturating_sub(self.since)) as f64 / 1e9;
        match self.state {
            TcpState::TimeWait if waited >= TIME_WAIT_SECS as f64 => TcpState::Closed,
            TcpState::FinWait2 if waited >= FIN_WAIT2_SECS as f64 => TcpState::Closed,
            TcpState::SynSent | TcpState::SynRecv if self.missed_retransmission(now) => {
                TcpState::Closed
            }
            s => s,
        }
    }

    /// True when the next SYN / SYN-ACK retransmission was due and absent.
    fn missed_retransmission(&self, now: Timestamp) -> bool {
        if self.syn_sends == 0 {
            return false;
        }
        let exp = (self.syn_sends.min(16) - 1) as i32;
        let rto = INITIAL_RTO_SECS * 2f64.powi(exp);
        (ns(now).saturating_sub(self.last_syn)) as f64 / 1e9
            > rto * (1.0 + RETRANSMIT_SLACK_FRACTION) + RETRANSMIT_SLACK_SECS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(flags: u16, seq: u32, ack: u32, len: u32, t: f64) -> SegmentEvent {
        SegmentEvent {
            flags: TcpFlags(flags),
            seq,
            ack,
            len,
            ts: Timestamp::from_nanos((t * 1e9) as i128),
        }
    }
    const S: u16 = TcpFlags::SYN;
    const A: u16 = TcpFlags::ACK;
    const F: u16 = TcpFlags::FIN;
    const R: u16 = TcpFlags::RST;

    /// Runs a ladder of (from client?, flags, seq, ack, len) and returns both states.
    fn ladder(steps: &[(bool, u16, u32, u32, u32)]) -> (KernelEndpoint, KernelEndpoint) {
        let (mut c, mut s) = (KernelEndpoint::default(), KernelEndpoint::default());
        for (i, &(from_c, fl, seq, ack, len)) in steps.iter().enumerate() {
            let e = ev(fl, seq, ack, len, i as f64 * 0.01);
            if from_c {
                c.on_send(&e);
                s.on_recv(&e);
            } else {
                s.on_send(&e);
                c.on_recv(&e);
            }
        }
        (c, s)
    }

    #[test]
    fn handshake_establishes_both() {
        let (c, s) = ladder(&[
            (true, S, 100, 0, 0),
            (false, S | A, 500, 101, 0),
            (true, A, 101, 501, 0),
        ]);
        assert_eq!(
            (c.state, s.state),
            (TcpState::Established, TcpState::Established)
        );
    }

    #[test]
    fn dropped_final_ack_leaves_server_in_syn_recv() {
        let (c, s) = ladder(&[(true, S, 100, 0, 0), (false, S | A, 500, 101, 0)]);
        assert_eq!(
            (c.state, s.state),
            (TcpState::Established, TcpState::SynRecv)
        );
    }

    #[test]
    fn active_closer_ends_in_time_wait() {
        let (c, s) = ladder(&[
            (true, S, 100, 0, 0),
            (false, S | A, 500, 101, 0),
            (true, A, 101, 501, 0),
            (true, F | A, 101, 501, 0),
            (false, A, 501, 102, 0),
        ]);
        assert_eq!(
            (c.state, s.state),
            (TcpState::FinWait2, TcpState::CloseWait)
        );
        let (c, s) = ladder(&[
            (true, S, 100, 0, 0),
            (false, S | A, 500, 101, 0),
            (true, A, 101, 501, 0),
            (true, F | A, 101, 501, 0),
            (false, A, 501, 102, 0),
            (false, F | A, 501, 102, 0),
            (true, A, 102, 502, 0),
        ]);
        assert_eq!((c.state, s.state), (TcpState::TimeWait, TcpState::Closed));
        let later = c.since();
        let later = Timestamp::new(later.secs + TIME_WAIT_SECS, later.nanos as u64);
        assert_eq!(c.state_at(later), TcpState::Closed);
    }

    #[test]
    fn fin_not_acked_is_still_fin_wait1() {
        let (c, _) = ladder(&[
            (true, S, 100, 0, 0),
            (false, S | A, 500, 101, 0),
            (true, A, 101, 501, 0),
            (true, F | A, 101, 501, 10),
            (false, A, 501, 105, 0),
        ]);
        assert_eq!(c.state, TcpState::FinWait1);
    }

    #[test]
    fn simultaneous_close_goes_through_closing() {
        // The server's FIN crossed the client's: it does not ack it.
        let (c, _) = ladder(&[
            (true, S, 100, 0, 0),
            (false, S | A, 500, 101, 0),
            (true, A, 101, 501, 0),
            (true, F | A, 101, 501, 0),
            (false, F | A, 501, 101, 0),
        ]);
        assert_eq!(c.state, TcpState::Closing);
    }

    #[test]
    fn rst_closes_both() {
        let (c, s) = ladder(&[
            (true, S, 100, 0, 0),
            (false, S | A, 500, 101, 0),
            (true, A, 101, 501, 0),
            (true, R | A, 101, 501, 0),
        ]);
        assert_eq!((c.state, s.state), (TcpState::Closed, TcpState::Closed));
    }

    #[test]
    fn refused_syn_closes_client() {
        let (c, s) = ladder(&[(true, S, 100, 0, 0), (false, R | A, 0, 101, 0)]);
        assert_eq!((c.state, s.state), (TcpState::Closed, TcpState::Closed));
    }

    #[test]
    fn unanswered_syn_gives_up_when_retransmission_missed() {
        let mut c = KernelEndpoint::default();
        c.on_send(&ev(S, 1, 0, 0, 0.0));
        c.on_send(&ev(S, 1, 0, 0, 1.0));
        assert_eq!(
            c.state_at(Timestamp::from_nanos(2_500_000_000)),
            TcpState::SynSent
        );
        assert_eq!(
            c.state_at(Timestamp::from_nanos(4_000_000_000)),
            TcpState::Closed
        );
    }

    #[test]
    fn names_round_trip() {
        for s in [
            TcpState::Established,
            TcpState::FinWait1,
            TcpState::SynRecv,
            TcpState::TimeWait,
        ] {
            assert_eq!(TcpState::parse(s.ss_name()), Some(s));
            assert_eq!(TcpState::parse(s.netstat_name()), Some(s));
        }
    }
}
