//! ClusterIP (`ipallocator/bitmap.go`) and NodePort (`portallocator/allocator.go`) allocation:
//! random picks in the upper block of the range, the lower (static) block only when the upper is
//! full, user-requested values anywhere in the range.

use std::collections::BTreeSet;

use kubeplay_model::SimRng;

/// The service CIDR kind configures (`networking.serviceSubnet`, 10.96.0.0/16; kubeadm's own
/// default, which minikube keeps, is 10.96.0.0/12).
pub const SERVICE_CIDR: &str = "10.96.0.0/16";
const IP_BASE: u32 = (10 << 24) | (96 << 16);
const IP_SIZE: u32 = 1 << 16;
pub const NODE_PORT_BASE: u32 = 30000;
pub const NODE_PORT_SIZE: u32 = 2768;

/// A bitmap over `size` slots with the static/dynamic split at `offset`.
#[derive(Clone, Debug, Default)]
struct Bitmap {
    used: BTreeSet<u32>,
}

impl Bitmap {
    /// A random free slot in `[offset, size)`, then `[0, offset)`: random start, then a scan.
    fn allocate_next(&mut self, rng: &mut SimRng, size: u32, offset: u32) -> Option<u32> {
        for (lo, hi) in [(offset, size), (0, offset)] {
            if hi <= lo {
                continue;
            }
            let span = hi - lo;
            let start = lo + rng.below(u64::from(span)) as u32;
            // Find the first free slot at or after `start`, wrapping inside the block.
            let free_from = |from: u32, to: u32| -> Option<u32> {
                let mut cand = from;
                for &u in self.used.range(from..to) {
                    if u != cand {
                        return Some(cand);
                    }
                    cand += 1;
                }
                (cand < to).then_some(cand)
            };
            if let Some(s) = free_from(start, hi).or_else(|| free_from(lo, start)) {
                self.used.insert(s);
                return Some(s);
            }
        }
        None
    }
}

#[derive(Clone, Debug, Default)]
pub struct IpAllocator {
    map: Bitmap,
}

pub fn parse_ipv4(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut v: u32 = 0;
    for p in parts {
        if p.is_empty()
            || p.len() > 3
            || !p.bytes().all(|b| b.is_ascii_digit())
            || (p.len() > 1 && p.starts_with('0'))
        {
            return None;
        }
        let n: u32 = p.parse().ok()?;
        if n > 255 {
            return None;
        }
        v = (v << 8) | n;
    }
    Some(v)
}

pub fn format_ipv4(v: u32) -> String {
    format!("{}.{}.{}.{}", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255)
}

impl IpAllocator {
    /// Addresses usable: network and broadcast excluded; slot i is `base + 1 + i`.
    const MAX: u32 = IP_SIZE - 2;
    /// `min(max(16, size/16), 256)` (size 65534).
    const OFFSET: u32 = 256;

    pub fn allocate_next(&mut self, rng: &mut SimRng) -> Result<String, String> {
        match self.map.allocate_next(rng, Self::MAX, Self::OFFSET) {
            Some(slot) => Ok(format_ipv4(IP_BASE + 1 + slot)),
            None => Err("range is full".into()),
        }
    }

    /// A user-requested address; the error text follows `failed to allocate IP X: `.
    pub fn allocate(&mut self, ip: &str) -> Result<(), String> {
        let Some(v) = parse_ipv4(ip) else {
            return Err(format!(
                "the provided IP ({ip}) is not in the valid range. The range of valid IPs is {SERVICE_CIDR}"
            ));
        };
        if v <= IP_BASE || v >= IP_BASE + IP_SIZE - 1 {
            return Err(format!(
                "the provided IP ({ip}) is not in the valid range. The range of valid IPs is {SERVICE_CIDR}"
            ));
        }
        let slot = v - IP_BASE - 1;
        if !self.map.used.insert(slot) {
            return Err("provided IP is already allocated".into());
        }
        Ok(())
    }

    pub fn release(&mut self, ip: &str) {
        if let Some(v) = parse_ipv4(ip) {
            if v > IP_BASE {
                self.map.used.remove(&(v - IP_BASE - 1));
            }
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct PortAllocator {
    map: Bitmap,
}

impl PortAllocator {
    /// `min(max(16, size/32), 128)` = 86.
    const OFFSET: u32 = 86;

    pub fn allocate_next(&mut self, rng: &mut SimRng) -> Result<i64, String> {
        match self.map.allocate_next(rng, NODE_PORT_SIZE, Self::OFFSET) {
            Some(slot) => Ok(i64::from(NODE_PORT_BASE + slot)),
            None => Err("range is full".into()),
        }
    }

    pub fn allocate(&mut self, port: i64) -> Result<(), String> {
        let lo = i64::from(NODE_PORT_BASE);
        let hi = lo + i64::from(NODE_PORT_SIZE) - 1;
        if port < lo || port > hi {
            return Err(format!(
                "provided port is not in the valid range. The range of valid ports is {lo}-{hi}"
            ));
        }
        if !self.map.used.insert((port - lo) as u32) {
            return Err("provided port is already allocated".into());
        }
        Ok(())
    }

    pub fn release(&mut self, port: i64) {
        let lo = i64::from(NODE_PORT_BASE);
        if port >= lo {
            self.map.used.remove(&((port - lo) as u32));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn random_ips_come_from_the_upper_block() {
        let mut a = IpAllocator::default();
        let mut rng = SimRng::new(1);
        for _ in 0..50 {
            let ip = a.allocate_next(&mut rng).unwrap();
            let v = parse_ipv4(&ip).unwrap();
            // 10.96.1.1 is slot 256: the first address of the dynamic block.
            assert!(
                v >= parse_ipv4("10.96.1.1").unwrap() && v <= parse_ipv4("10.96.255.254").unwrap(),
                "{ip}"
            );
        }
    }

    #[test]
    fn requested_ips_anywhere_and_once() {
        let mut a = IpAllocator::default();
        assert_eq!(a.allocate("10.96.0.1"), Ok(()));
        assert_eq!(a.allocate("10.96.0.10"), Ok(()));
        assert_eq!(a.allocate("10.96.0.10"), Err("provided IP is already allocated".into()));
        assert_eq!(
            a.allocate("10.96.0.0"),
            Err("the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/16".into())
        );
        // kind's /16: 10.97.0.0 is outside, 10.96.255.255 the broadcast address.
        assert!(a.allocate("10.97.0.0").is_err());
        assert!(a.allocate("10.96.255.255").is_err());
        assert_eq!(a.allocate("10.96.255.254"), Ok(()));
        a.release("10.96.0.10");
        assert_eq!(a.allocate("10.96.0.10"), Ok(()));
    }

    #[test]
    fn node_ports_random_in_30086_to_32767() {
        let mut p = PortAllocator::default();
        let mut rng = SimRng::new(9);
        for _ in 0..200 {
            let n = p.allocate_next(&mut rng).unwrap();
            assert!((30086..=32767).contains(&n), "{n}");
        }
        assert_eq!(
            p.allocate(80),
            Err("provided port is not in the valid range. The range of valid ports is 30000-32767".into())
        );
        assert_eq!(p.allocate(30080), Ok(()));
        assert_eq!(p.allocate(30080), Err("provided port is already allocated".into()));
    }

    #[test]
    fn lower_port_band_used_when_upper_is_full() {
        let mut p = PortAllocator::default();
        let mut rng = SimRng::new(2);
        for port in 30086..=32767 {
            p.allocate(port).unwrap();
        }
        let n = p.allocate_next(&mut rng).unwrap();
        assert!((30000..30086).contains(&n));
    }
}
