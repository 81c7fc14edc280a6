//! Virtual time. The engine never reads a real clock: `SimTime` is milliseconds since the Unix
//! epoch on the cluster's own clock, advanced only by the cluster runtime.

use std::fmt;

/// An instant on the virtual clock, in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(pub i64);

/// The default start of every cluster's clock: 2025-03-01T10:00:00Z.
pub const DEFAULT_EPOCH: SimTime = SimTime(1_740_823_200_000);

impl SimTime {
    pub fn from_secs(s: i64) -> Self {
        SimTime(s * 1000)
    }
    pub fn millis(self) -> i64 {
        self.0
    }
    pub fn secs(self) -> i64 {
        self.0.div_euclid(1000)
    }
    pub fn plus_millis(self, ms: i64) -> Self {
        SimTime(self.0 + ms)
    }
    pub fn plus_secs(self, s: i64) -> Self {
        SimTime(self.0 + s * 1000)
    }

    /// RFC 3339 in UTC at second precision, as Kubernetes serialises metav1.Time.
    pub fn to_rfc3339(self) -> String {
        let (y, mo, d, h, mi, s, _) = civil(self.secs());
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }

    /// RFC 3339 with microseconds (metav1.MicroTime, used by events.k8s.io eventTime).
    pub fn to_rfc3339_micros(self) -> String {
        let (y, mo, d, h, mi, s, _) = civil(self.secs());
        let us = self.0.rem_euclid(1000) * 1000;
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{us:06}Z")
    }

    /// RFC 1123Z as `kubectl describe` prints times: `Mon, 02 Jan 2006 15:04:05 +0000`.
    pub fn to_rfc1123z(self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MONTHS: [&str; 12] =
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let (y, mo, d, h, mi, s, days) = civil(self.secs());
        let wd = DAYS[days.rem_euclid(7) as usize];
        format!("{wd}, {d:02} {} {y:04} {h:02}:{mi:02}:{s:02} +0000", MONTHS[(mo - 1) as usize])
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
    pub fn parse_rfc3339(s: &str) -> Option<SimTime> {
        let b = s.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || (b[10] != b'T' && b[10] != b't') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
            return None;
        }
        let mut rest = &s[19..];
        let mut ms = 0;
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            let f = &frac[..digits];
            let padded = format!("{:0<3}", &f[..f.len().min(3)]);
            ms = padded.parse::<i64>().ok()?;
            rest = &frac[digits..];
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
                let oh: i64 = rest[1..3].parse().ok()?;
                let om: i64 = rest[4..6].parse().ok()?;
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                sign * (oh * 3600 + om * 60)
            }
            _ => return None,
        };
        let days = days_from_civil(y, mo, d);
        Some(SimTime((days * 86400 + h * 3600 + mi * 60 + sec - offset) * 1000 + ms))
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

// Howard Hinnant's civil-from-days algorithm (public domain arithmetic).
fn civil(secs: i64) -> (i64, i64, i64, i64, i64, i64, i64) {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60, days)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// kubectl's `HumanDuration` (apimachinery `duration.HumanDuration`), used for AGE columns,
/// `RESTARTS (x ago)`, describe event ages and Terminating durations.
pub fn human_duration(elapsed_ms: i64) -> String {
    let secs = elapsed_ms.div_euclid(1000);
    if secs < -1 {
        return "<invalid>".into();
    }
    if secs < 0 {
        return "0s".into();
    }
    if secs < 120 {
        return format!("{secs}s");
    }
    let minutes = secs / 60;
    if minutes < 10 {
        let s = secs % 60;
        return if s == 0 { format!("{minutes}m") } else { format!("{minutes}m{s}s") };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = secs / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 { format!("{hours}h") } else { format!("{hours}h{m}m") };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 192 {
        let h = hours % 24;
        let d = hours / 24;
        return if h == 0 { format!("{d}d") } else { format!("{d}d{h}h") };
    }
    let days = hours / 24;
    if days < 730 {
        return format!("{days}d");
    }
    let years = days / 365;
    if years < 8 {
        let d = days % 365;
        return if d == 0 { format!("{years}y") } else { format!("{years}y{d}d") };
    }
    format!("{years}y")
}

/// Go's `time.Duration.String()` for whole seconds and above as the kubelet prints back-offs:
/// `10s`, `1m20s`, `5m0s`, `1h0m0s`; sub-second values as `1.234s` / `500ms`.
pub fn go_duration(ms: i64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let total_s = ms / 1000;
    let frac = ms % 1000;
    let h = total_s / 3600;
    let m = total_s % 3600 / 60;
    let s = total_s % 60;
    let sec = if frac == 0 {
        format!("{s}s")
    } else {
        let f = format!("{frac:03}");
        format!("{s}.{}s", f.trim_end_matches('0'))
    };
    if h > 0 {
        format!("{h}h{m}m{sec}")
    } else if m > 0 {
        format!("{m}m{sec}")
    } else {
        sec
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn rfc3339_roundtrip() {
        assert_eq!(DEFAULT_EPOCH.to_rfc3339(), "2025-03-01T10:00:00Z");
        assert_eq!(SimTime::parse_rfc3339("2025-03-01T10:00:00Z"), Some(DEFAULT_EPOCH));
        assert_eq!(SimTime::parse_rfc3339("2025-03-01T11:00:00+01:00"), Some(DEFAULT_EPOCH));
        assert_eq!(SimTime(0).to_rfc1123z(), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(DEFAULT_EPOCH.to_rfc1123z(), "Sat, 01 Mar 2025 10:00:00 +0000");
    }

    #[test]
    fn human_duration_matches_reference_table() {
        let s = |x: i64| human_duration(x * 1000);
        assert_eq!(human_duration(-2000), "<invalid>");
        assert_eq!(human_duration(-500), "0s");
        assert_eq!(s(5), "5s");
        assert_eq!(s(119), "119s");
        assert_eq!(s(120), "2m");
        assert_eq!(s(150), "2m30s");
        assert_eq!(s(599), "9m59s");
        assert_eq!(s(600), "10m");
        assert_eq!(s(179 * 60), "179m");
        assert_eq!(s(3 * 3600), "3h");
        assert_eq!(s(3 * 3600 + 240), "3h4m");
        assert_eq!(s(8 * 3600), "8h");
        assert_eq!(s(47 * 3600), "47h");
        assert_eq!(s(2 * 86400), "2d");
        assert_eq!(s(2 * 86400 + 5 * 3600), "2d5h");
        assert_eq!(s(7 * 86400 + 23 * 3600), "7d23h");
        assert_eq!(s(8 * 86400), "8d");
        assert_eq!(s(400 * 86400), "400d");
        assert_eq!(s(730 * 86400), "2y");
        assert_eq!(s((3 * 365 + 12) * 86400), "3y12d");
    }

    #[test]
    fn go_durations() {
        assert_eq!(go_duration(10_000), "10s");
        assert_eq!(go_duration(80_000), "1m20s");
        assert_eq!(go_duration(160_000), "2m40s");
        assert_eq!(go_duration(300_000), "5m0s");
        assert_eq!(go_duration(1_234), "1.234s");
    }
}
