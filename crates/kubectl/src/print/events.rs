//! The `kubectl events` table (sorted by time), reference §8.2.

use kubeplay_model::{Object, SimTime};

/// `kubectl events [-A]`: `LAST SEEN TYPE REASON OBJECT MESSAGE`, oldest first.
/// With `all_namespaces` a `NAMESPACE` column comes first. No events → `None`
/// (kubectl then prints `No events found in <ns> namespace.` to stderr).
pub fn events_table(events: &[&Object], now: SimTime, all_namespaces: bool) -> Option<String> {
    let _ = (events, now, all_namespaces);
    None
}
