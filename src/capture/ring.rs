//! The TPACKET_V3 receive ring of a live capture: the kernel writes frames
//! into blocks of a memory region shared with us, and we read them in place
//! (no system call, no copy per frame), as libpcap does on Linux.
//!
//! The ring is `block_nr` blocks of `block_size` bytes. Each block starts
//! with a `tpacket_block_desc` whose `block_status` says who owns it: the
//! kernel fills a block, then hands it over (TP_STATUS_USER) when it is full
//! or when `retire_ms` passed since its first frame; we walk its frames and
//! hand it back (TP_STATUS_KERNEL). Ownership is the only synchronization:
//! the status word is read with Acquire and written with Release, and no
//! byte of a block is touched while the kernel owns it.
//!
//! This is the only module with `unsafe` for the ring: the two socket
//! options that set it up, the slice over a block we own, and poll().
//! Layouts are from linux/if_packet.h; the offsets are named below.

use std::io;
use std::os::fd::RawFd;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// TP_STATUS_* bits: the block or frame belongs to us; the frame's TCP/UDP
/// checksum is left for the NIC; its VLAN tag was taken off into tp_vlan_tci.
const TP_STATUS_KERNEL: u32 = 0;
const TP_STATUS_USER: u32 = 1;
const TP_STATUS_CSUMNOTREADY: u32 = 1 << 3;
const TP_STATUS_VLAN_VALID: u32 = 1 << 4;
const TP_STATUS_VLAN_TPID_VALID: u32 = 1 << 6;

/// Offsets in a block (`tpacket_block_desc` + `tpacket_hdr_v1`).
const BLOCK_STATUS: usize = 8;
const BLOCK_NUM_PKTS: usize = 12;
const BLOCK_FIRST_PKT: usize = 16;
/// Offsets in a frame header (`tpacket3_hdr`), then the `sockaddr_ll`
/// that follows it at TPACKET_ALIGN(48).
const PKT_NEXT: usize = 0;
const PKT_SEC: usize = 4;
const PKT_NSEC: usize = 8;
const PKT_SNAPLEN: usize = 12;
const PKT_LEN: usize = 16;
const PKT_STATUS: usize = 20;
const PKT_MAC: usize = 24;
const PKT_NET: usize = 26;
const PKT_VLAN_TCI: usize = 32;
const PKT_VLAN_TPID: usize = 36;
const SLL: usize = 48;

/// SOL_PACKET options and the TPACKET_V3 version number (linux/if_packet.h).
const PACKET_RX_RING: libc::c_int = 5;
const PACKET_VERSION: libc::c_int = 10;
const PACKET_RESERVE: libc::c_int = 12;
const TPACKET_V3: libc::c_int = 2;

/// The kernel's `tpacket_req3`.
#[repr(C)]
struct Req3 {
    block_size: u32,
    block_nr: u32,
    frame_size: u32,
    frame_nr: u32,
    retire_blk_tov: u32,
    sizeof_priv: u32,
    feature_req_word: u32,
}

/// One frame as the ring describes it; `data` starts at the link header
/// (or the network header on cooked sockets) and `head` bytes of headroom
/// before it are ours to write into (PACKET_RESERVE).
pub(super) struct RingFrame<'a> {
    /// Headroom plus the captured bytes: the frame is `buf[head..]`.
    pub(super) buf: &'a mut [u8],
    pub(super) head: usize,
    /// Length on the wire.
    pub(super) len: usize,
    pub(super) sec: u32,
    pub(super) nsec: u32,
    /// Offset of the network header from the start of the frame, when its
    /// TCP/UDP checksum is partial.
    pub(super) partial_csum_at: Option<usize>,
    /// (TPID, TCI) of a VLAN tag the kernel took off the frame.
    pub(super) vlan: Option<(u16, u16)>,
    /// sockaddr_ll fields: sll_protocol (host order), ifindex, hatype, pkttype, halen, addr.
    pub(super) protocol: u16,
    pub(super) ifindex: u32,
    pub(super) hatype: u16,
    pub(super) pkttype: u8,
    pub(super) halen: u8,
    pub(super) addr: [u8; 8],
}

/// Where one frame lies in the ring (valid until the next [`Ring::advance`]).
#[derive(Clone, Copy)]
pub(super) struct FrameAt {
    block: usize,
    at: usize,
}

/// A mapped TPACKET_V3 ring on one packet socket.
pub(super) struct Ring {
    map: memmap2::MmapRaw,
    fd: RawFd,
    block_size: usize,
    block_nr: usize,
    /// Block being read, and where its next frame starts (0: not started).
    block: usize,
    next: usize,
    left: u32,
    /// The block whose last frame was handed out: returned to the kernel
    /// on the next call, once that frame's borrow has ended.
    release: Option<usize>,
}

/// Block size: libpcap's for TPACKET_V3 (room for a 256 KiB frame).
const BLOCK_SIZE: usize = 256 * 1024;

impl Ring {
    /// Sets up TPACKET_V3 with `buffer` bytes of blocks (at least two) that
    /// the kernel retires after `retire` even when not full, `reserve` bytes
    /// of headroom before each frame, and maps it.
    pub(super) fn new(fd: RawFd, buffer: usize, retire: Duration, reserve: u32) -> io::Result<Ring> {
        set_opt(fd, PACKET_VERSION, &TPACKET_V3)?;
        set_opt(fd, PACKET_RESERVE, &reserve)?;
        let block_nr = buffer.div_ceil(BLOCK_SIZE).max(2);
        let req = Req3 {
            block_size: BLOCK_SIZE as u32,
            block_nr: block_nr as u32,
            frame_size: BLOCK_SIZE as u32,
            frame_nr: block_nr as u32,
            retire_blk_tov: retire.as_millis().clamp(1, u128::from(u32::MAX)) as u32,
            sizeof_priv: 0,
            feature_req_word: 0,
        };
        set_opt(fd, PACKET_RX_RING, &req)?;
        // The kernel offers the ring through mmap of the socket at offset 0.
        let map = memmap2::MmapOptions::new().len(BLOCK_SIZE * block_nr).map_raw(fd)?;
        Ok(Ring { map, fd, block_size: BLOCK_SIZE, block_nr, block: 0, next: 0, left: 0, release: None })
    }

    /// The status word of block `i`, shared with the kernel.
    fn status(&self, i: usize) -> &AtomicU32 {
        // SAFETY: the map is `block_size * block_nr` bytes, page-aligned, so
        // offset 8 of every block is an aligned u32 inside it; the kernel
        // and we only access it atomically (the kernel's smp_wmb/smp_rmb
        // pair with these Acquire/Release operations), and the map lives as
        // long as `self`.
        unsafe { &*self.map.as_mut_ptr().add(i * self.block_size + BLOCK_STATUS).cast::<AtomicU32>() }
    }

    /// Hands the finished block back to the kernel.
    fn give_back(&mut self) {
        if let Some(i) = self.release.take() {
            self.status(i).store(TP_STATUS_KERNEL, Ordering::Release);
        }
    }

    /// Moves to the next frame, waiting at most `wait` for a block;
    /// `None` when none came. The frame is read with [`Ring::frame`].
    pub(super) fn advance(&mut self, wait: Duration) -> io::Result<Option<FrameAt>> {
        self.give_back();
        if self.left == 0 {
            if self.status(self.block).load(Ordering::Acquire) & TP_STATUS_USER == 0 {
                poll_in(self.fd, wait)?;
                if self.status(self.block).load(Ordering::Acquire) & TP_STATUS_USER == 0 {
                    return Ok(None);
                }
            }
            let block = self.block_bytes(self.block);
            let (left, first) = (read_u32(block, BLOCK_NUM_PKTS), read_u32(block, BLOCK_FIRST_PKT));
            self.left = left;
            self.next = first as usize;
            if self.left == 0 {
                // An empty retired block: give it back.
                self.release = Some(self.block);
                self.block = (self.block + 1) % self.block_nr;
                return Ok(None);
            }
        }
        let here = FrameAt { block: self.block, at: self.next };
        self.left -= 1;
        if self.left == 0 {
            // Handed back on the next call, after this frame's borrow ended.
            self.release = Some(here.block);
            self.block = (here.block + 1) % self.block_nr;
        } else {
            let step = read_u32(self.block_bytes(here.block), here.at + PKT_NEXT) as usize;
            self.next = here.at + step;
        }
        Ok(Some(here))
    }

    /// (sll_pkttype, sll_ifindex) of the frame at `f`, to skip it cheaply.
    pub(super) fn origin(&mut self, f: FrameAt) -> (u8, u32) {
        let block = self.block_bytes(f.block);
        let sll = f.at + SLL;
        (block.get(sll + 10).copied().unwrap_or(0), read_u32(block, sll + 4))
    }

    /// The frame at `f` (from the last [`Ring::advance`]); `None` if the
    /// kernel's offsets do not fit the block (never expected; skipped rather than trusted).
    pub(super) fn frame(&mut self, f: FrameAt) -> Option<RingFrame<'_>> {
        frame(self.block_bytes(f.block), f.at)
    }

    /// The bytes of block `i`, which we own (its status said TP_STATUS_USER).
    fn block_bytes(&mut self, i: usize) -> &mut [u8] {
        // SAFETY: block `i` lies inside the map; its status word said it is
        // ours (Acquire), so the kernel writes nothing in it until we store
        // TP_STATUS_KERNEL, which happens only after this borrow (tied to
        // `&mut self`) has ended. The status word itself is only read here.
        unsafe { std::slice::from_raw_parts_mut(self.map.as_mut_ptr().add(i * self.block_size), self.block_size) }
    }
}

/// The frame whose header starts at `at` in `block`; `None` if the kernel's
/// offsets do not fit (never expected: it is skipped rather than trusted).
fn frame(block: &mut [u8], at: usize) -> Option<RingFrame<'_>> {
    let hdr = block.get(at..at + SLL + 20)?;
    let status = read_u32(hdr, PKT_STATUS);
    let snaplen = read_u32(hdr, PKT_SNAPLEN) as usize;
    let mac = usize::from(read_u16(hdr, PKT_MAC));
    let net = usize::from(read_u16(hdr, PKT_NET));
    let vlan = (status & TP_STATUS_VLAN_VALID != 0).then(|| {
        let tpid = if status & TP_STATUS_VLAN_TPID_VALID != 0 { read_u16(hdr, PKT_VLAN_TPID) } else { 0x8100 };
        (tpid, read_u32(hdr, PKT_VLAN_TCI) as u16)
    });
    let sll = &hdr[SLL..];
    let mut addr = [0u8; 8];
    addr.copy_from_slice(&sll[12..20]);
    let head = mac.checked_sub(SLL + 20)?;
    let f = RingFrame {
        head,
        len: read_u32(hdr, PKT_LEN) as usize,
        sec: read_u32(hdr, PKT_SEC),
        nsec: read_u32(hdr, PKT_NSEC),
        partial_csum_at: (status & TP_STATUS_CSUMNOTREADY != 0).then(|| net.saturating_sub(mac)),
        vlan,
        protocol: u16::from_be_bytes([sll[2], sll[3]]),
        ifindex: read_u32(sll, 4),
        hatype: read_u16(sll, 8),
        pkttype: sll[10],
        halen: sll[11].min(8),
        addr,
        buf: block.get_mut(at + SLL + 20..at + mac + snaplen)?,
    };
    Some(f)
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4).map_or(0, |s| u32::from_ne_bytes([s[0], s[1], s[2], s[3]]))
}

fn read_u16(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2).map_or(0, |s| u16::from_ne_bytes([s[0], s[1]]))
}

/// Waits until the socket is readable (a block was retired) or `wait` passed.
fn poll_in(fd: RawFd, wait: Duration) -> io::Result<()> {
    let mut p = libc::pollfd { fd, events: libc::POLLIN | libc::POLLERR, revents: 0 };
    let ms = wait.as_millis().min(i32::MAX as u128) as libc::c_int;
    // SAFETY: one live pollfd, count 1.
    let r = unsafe { libc::poll(&mut p, 1, ms) };
    if r < 0 {
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    if p.revents & libc::POLLERR != 0 {
        // The kernel reports a failure of the socket (e.g. interface gone) this way.
        let mut err: libc::c_int = 0;
        let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
        // SAFETY: `err` is a live c_int and `len` its size.
        unsafe {
            libc::getsockopt(fd, libc::SOL_SOCKET, libc::SO_ERROR, (&mut err as *mut libc::c_int).cast(), &mut len)
        };
        if err != 0 {
            return Err(io::Error::from_raw_os_error(err));
        }
    }
    if p.revents & (libc::POLLHUP | libc::POLLNVAL) != 0 {
        return Err(io::Error::new(io::ErrorKind::BrokenPipe, "the interface went away"));
    }
    Ok(())
}

/// One SOL_PACKET socket option from a plain value.
fn set_opt<T>(fd: RawFd, name: libc::c_int, value: &T) -> io::Result<()> {
    // SAFETY: `value` points at a live T of exactly the length passed; the
    // kernel copies it and keeps no pointer.
    let r = unsafe {
        libc::setsockopt(fd, libc::SOL_PACKET, name, (value as *const T).cast(), std::mem::size_of::<T>() as libc::socklen_t)
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

impl Drop for Ring {
    fn drop(&mut self) {
        self.give_back();
    }
}
