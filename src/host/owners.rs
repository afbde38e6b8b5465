//! Which processes hold each socket: /proc/PID/fd links named `socket:[INODE]`,
//! the way `ss -p` and `netstat -p` find them.

use super::sockets::{HostSocket, Owner};
use std::collections::HashMap;
use std::fs;

/// What the scan could see.
#[derive(Clone, Copy, Debug)]
pub struct Seen {
    /// False when some process's fd table was not readable (not root, no
    /// CAP_SYS_PTRACE): their sockets show no owner.
    pub complete: bool,
}

/// Fills `owners` of every socket whose inode some process holds.
pub fn attach(sockets: &mut [HostSocket]) -> Seen {
    let wanted: HashMap<u64, usize> = sockets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.inode != 0)
        .map(|(i, s)| (s.inode, i))
        .collect();
    let mut complete = true;
    let Ok(procs) = fs::read_dir("/proc") else {
        return Seen { complete: false };
    };
    for p in procs.flatten() {
        let Some(pid) = p.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(fds) = fs::read_dir(p.path().join("fd")) else {
            // A process that exited meanwhile is no loss; a refused one is.
            if p.path().exists() {
                complete = false;
            }
            continue;
        };
        let mut name: Option<String> = None;
        for fd in fds.flatten() {
            let Some(inode) = fs::read_link(fd.path()).ok().and_then(|l| socket_inode(&l.to_string_lossy())) else {
                continue;
            };
            let Some(&i) = wanted.get(&inode) else { continue };
            let fdn = fd.file_name().to_str().and_then(|s| s.parse().ok()).unwrap_or(0);
            let name = name.get_or_insert_with(|| comm(pid)).clone();
            sockets[i].owners.push(Owner { name, pid, fd: fdn });
        }
    }
    for s in sockets.iter_mut() {
        s.owners.sort_by(|a, b| (a.pid, a.fd).cmp(&(b.pid, b.fd)));
    }
    Seen { complete }
}

/// `socket:[12345]` → 12345.
fn socket_inode(link: &str) -> Option<u64> {
    link.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok()
}

/// The process name as ss prints it (the `comm` field).
fn comm(pid: u32) -> String {
    fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim_end_matches('\n').to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::socket_inode;

    #[test]
    fn only_socket_links_name_an_inode() {
        assert_eq!(socket_inode("socket:[4242]"), Some(4242));
        assert_eq!(socket_inode("pipe:[4242]"), None);
        assert_eq!(socket_inode("/dev/null"), None);
    }
}
