//! Seeded randomness. Every random choice in the cluster (uids, generated names, scheduling
//! tie-breaks, kube-proxy endpoint picks, IP allocation) draws from one `SimRng`, so a seed and an
//! action log reproduce a cluster exactly, natively and in wasm.

/// The 27-character alphabet of `generateName` suffixes and pod-template-hash digits
/// (apimachinery `util/rand`: no vowels, no 0/1/3, to avoid words and look-alikes).
pub const NAME_ALPHABET: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";

/// xoshiro256** seeded through splitmix64. Small, fast, and identical on every target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimRng {
    s: [u64; 4],
}

impl SimRng {
    pub fn new(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        SimRng { s: [next(), next(), next(), next()] }
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `0..n` (n > 0), without modulo bias worth caring about at these sizes.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `n` characters from [`NAME_ALPHABET`], as `generateName` appends (n = 5).
    pub fn name_suffix(&mut self, n: usize) -> String {
        (0..n).map(|_| NAME_ALPHABET[self.below(27) as usize] as char).collect()
    }

    /// A random (version 4) UUID in lowercase 8-4-4-4-12 form.
    pub fn uuid_v4(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&a.to_be_bytes());
        bytes[8..].copy_from_slice(&b.to_be_bytes());
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let h: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
    }

    /// Hex string of `n` random bytes (container IDs, image digests).
    pub fn hex(&mut self, n: usize) -> String {
        (0..n).map(|_| format!("{:02x}", self.below(256))).collect()
    }
}

/// FNV-1a, 32 bit.
pub fn fnv1a32(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in data {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// `rand.SafeEncodeString(fmt.Sprint(hash))`: the decimal digits of the hash, each mapped through
/// the name alphabet by its ASCII code, as the pod-template-hash label is written.
pub fn safe_encode_u32(h: u32) -> String {
    h.to_string().bytes().map(|c| NAME_ALPHABET[(c as usize) % 27] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn same_seed_same_stream() {
        let mut a = SimRng::new(7);
        let mut b = SimRng::new(7);
        assert_eq!(a.uuid_v4(), b.uuid_v4());
        assert_eq!(a.name_suffix(5), b.name_suffix(5));
        assert_ne!(SimRng::new(1).next_u64(), SimRng::new(2).next_u64());
    }

    #[test]
    fn uuid_shape() {
        let u = SimRng::new(1).uuid_v4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(u.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }

    #[test]
    fn hash_digit_mapping_matches_reference() {
        // 0→4 1→5 2→6 3→7 4→8 5→9 6→b 7→c 8→d 9→f
        assert_eq!(safe_encode_u32(1_234_567_890), "56789bcdf4");
        let s = SimRng::new(3).name_suffix(50);
        assert!(s.bytes().all(|c| NAME_ALPHABET.contains(&c)));
    }
}
