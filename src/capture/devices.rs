//! The interfaces a live capture can open, listed and ordered as tcpdump -D
//! lists them (libpcap's `pcap_findalldevs` on Linux), and `-i N` by number.
//!
//! Everything comes from sysfs except the link state, which libpcap asks
//! the driver for (ethtool `ETHTOOL_GLINK`, in `live::sys`): a driver without
//! that operation (ifb…) has an unknown state and shows neither "Connected"
//! nor "Disconnected", as in tcpdump. libpcap's pseudo-devices that are not
//! network interfaces (nflog, nfqueue, dbus, bluetooth, usbmon) are not
//! listed: tcpsleuth cannot capture on them, so numbers count network
//! interfaces and `any` only.

use std::fmt;

/// The pseudo-interface that captures on all interfaces (cooked SLL2 frames).
pub const ANY: &str = "any";

/// Whether the link has a carrier, as libpcap's connection status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkStatus {
    /// The driver cannot say.
    Unknown,
    Connected,
    Disconnected,
    /// Loopback and `any`: the question does not apply.
    NotApplicable,
}

/// One capturable interface, as a line of tcpdump -D.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    /// Interface name (`eth0`, `lo`, `any`).
    pub name: String,
    /// libpcap's description (only `any` has one on Linux).
    pub description: Option<&'static str>,
    /// Kernel interface index (0 for `any`).
    pub ifindex: u32,
    pub up: bool,
    pub running: bool,
    pub loopback: bool,
    pub wireless: bool,
    pub status: LinkStatus,
}

impl Device {
    /// libpcap's figure of merit (`get_figure_of_merit`, libpcap 1.10.2 and
    /// later): lower sorts first; ties keep the kernel's interface order.
    fn merit(&self) -> u32 {
        let mut n = 0;
        if !self.running {
            n |= 0x8000_0000;
        }
        if !self.up {
            n |= 0x4000_0000;
        }
        if !self.wireless && self.status == LinkStatus::Disconnected {
            n |= 0x2000_0000;
        }
        if self.loopback {
            n |= 0x1000_0000;
        }
        if self.name == ANY {
            n |= 0x0800_0000;
        }
        n
    }

    fn any() -> Device {
        Device {
            name: ANY.into(),
            description: Some("Pseudo-device that captures on all interfaces"),
            ifindex: 0,
            up: true,
            running: true,
            loopback: false,
            wireless: false,
            status: LinkStatus::NotApplicable,
        }
    }
}

impl fmt::Display for Device {
    /// `eth0 [Up, Running, Connected]`, as tcpdump -D after the number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)?;
        if let Some(d) = self.description {
            write!(f, " ({d})")?;
        }
        let words: Vec<&str> = [
            (self.up, "Up"),
            (self.running, "Running"),
            (self.loopback, "Loopback"),
            (self.wireless, "Wireless"),
        ]
        .iter()
        .filter_map(|&(on, w)| on.then_some(w))
        .collect();
        let flags = if words.is_empty() { "none".to_string() } else { words.join(", ") };
        let status = match (self.wireless, self.status) {
            (true, LinkStatus::Connected) => ", Associated",
            (true, LinkStatus::Disconnected) => ", Not associated",
            (true, LinkStatus::Unknown) => ", Association status unknown",
            (false, LinkStatus::Connected) => ", Connected",
            (false, LinkStatus::Disconnected) => ", Disconnected",
            _ => "",
        };
        write!(f, " [{flags}{status}]")
    }
}

/// IFF_* bits of /sys/class/net/NAME/flags.
const IFF_UP: u32 = 0x1;
const IFF_LOOPBACK: u32 = 0x8;

/// The interfaces of this network namespace plus `any`, in tcpdump -D order.
pub fn devices() -> Vec<Device> {
    let mut found: Vec<Device> = std::fs::read_dir("/sys/class/net")
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .filter_map(|e| read_device(&e.file_name().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    if cfg!(target_os = "linux") {
        found.sort_by_key(|d| d.ifindex);
        found.push(Device::any());
    }
    // Stable: equal merits keep the kernel's (ifindex) order, as libpcap's insertion does.
    found.sort_by_key(Device::merit);
    found
}

/// One interface from sysfs, `None` when it vanished while being read.
fn read_device(name: &str) -> Option<Device> {
    let base = format!("/sys/class/net/{name}");
    let read = |f: &str| std::fs::read_to_string(format!("{base}/{f}")).ok();
    let ifindex = read("ifindex")?.trim().parse().ok()?;
    let flags = u32::from_str_radix(read("flags")?.trim().trim_start_matches("0x"), 16).ok()?;
    let up = flags & IFF_UP != 0;
    // The kernel's IFF_RUNNING (dev_get_flags): up, and operstate up or unknown.
    let oper = read("operstate").unwrap_or_default();
    let running = up && matches!(oper.trim(), "up" | "unknown");
    let loopback = flags & IFF_LOOPBACK != 0;
    let wireless = std::path::Path::new(&format!("{base}/wireless")).exists();
    let status = if loopback {
        LinkStatus::NotApplicable
    } else {
        match super::live::link_detected(name) {
            Some(true) => LinkStatus::Connected,
            Some(false) => LinkStatus::Disconnected,
            None => LinkStatus::Unknown,
        }
    };
    Some(Device { name: name.to_string(), description: None, ifindex, up, running, loopback, wireless, status })
}

/// tcpdump's `-i N`: a name that is a number and no interface's name picks
/// the Nth interface of the -D list; any other name is returned as given.
pub fn resolve(name: &str) -> Result<String, String> {
    let Ok(n) = name.parse::<usize>() else {
        return Ok(name.to_string());
    };
    let list = devices();
    if list.iter().any(|d| d.name == name) {
        return Ok(name.to_string());
    }
    match n.checked_sub(1).and_then(|i| list.get(i)) {
        Some(d) => Ok(d.name.clone()),
        None => Err(format!(
            "-i {name}: there is no interface number {name} (tcpsleuth -D lists {})",
            list.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev(name: &str, up: bool, running: bool, status: LinkStatus) -> Device {
        Device { name: name.into(), description: None, ifindex: 1, up, running, loopback: false, wireless: false, status }
    }

    #[test]
    fn lines_read_as_tcpdump_prints_them() {
        let mut lo = dev("lo", true, true, LinkStatus::NotApplicable);
        lo.loopback = true;
        assert_eq!(lo.to_string(), "lo [Up, Running, Loopback]");
        assert_eq!(dev("eth0", true, true, LinkStatus::Connected).to_string(), "eth0 [Up, Running, Connected]");
        assert_eq!(dev("veth1", false, false, LinkStatus::Disconnected).to_string(), "veth1 [none, Disconnected]");
        assert_eq!(dev("ifb0", false, false, LinkStatus::Unknown).to_string(), "ifb0 [none]");
        assert_eq!(
            Device::any().to_string(),
            "any (Pseudo-device that captures on all interfaces) [Up, Running]"
        );
    }

    #[test]
    fn any_sorts_after_working_interfaces_and_before_loopback_and_dead_ones() {
        let mut lo = dev("lo", true, true, LinkStatus::NotApplicable);
        lo.loopback = true;
        let eth = dev("eth0", true, true, LinkStatus::Connected);
        let down = dev("veth1", true, false, LinkStatus::Disconnected);
        let mut all = [down.clone(), lo.clone(), Device::any(), eth.clone()];
        all.sort_by_key(Device::merit);
        let names: Vec<&str> = all.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["eth0", "any", "lo", "veth1"]);
    }
}
