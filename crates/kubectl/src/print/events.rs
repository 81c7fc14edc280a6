//! The `kubectl events` table (kubectl `pkg/cmd/events`): oldest first, OBJECT as `Kind/name`.

use kubeplay_model::{Object, ObjectExt, SimTime};

use super::describe::{event_interval, sorted_events};
use super::tabwriter;

/// `kubectl events [-A]`: `LAST SEEN TYPE REASON OBJECT MESSAGE`, sorted by time.
/// With `all_namespaces` a `NAMESPACE` column comes first. No events → `None`
/// (kubectl then prints `No events found in <ns> namespace.` to stderr).
pub fn events_table(events: &[&Object], now: SimTime, all_namespaces: bool) -> Option<String> {
    if events.is_empty() {
        return None;
    }
    let mut text = String::new();
    if all_namespaces {
        text.push_str("NAMESPACE\t");
    }
    text.push_str("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
    for e in sorted_events(events) {
        if all_namespaces {
            text.push_str(e.namespace());
            text.push('\t');
        }
        text.push_str(&format!(
            "{}\t{}\t{}\t{}/{}\t{}\n",
            event_interval(e, now),
            e.str_at("type").unwrap_or(""),
            e.str_at("reason").unwrap_or(""),
            e.str_at("involvedObject.kind").unwrap_or(""),
            e.str_at("involvedObject.name").unwrap_or(""),
            e.str_at("message").unwrap_or("").trim()
        ));
    }
    Some(tabwriter::table(&text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sorted_by_time_with_kind_objects() {
        let ev = |name: &str, kind: &str, obj: &str, reason: &str, msg: &str, last: &str, count: i64| {
            json!({"metadata": {"name": name, "namespace": "default"}, "type": "Normal", "reason": reason, "message": msg,
                "involvedObject": {"kind": kind, "name": obj}, "firstTimestamp": last, "lastTimestamp": last, "count": count})
        };
        let a = ev(
            "b",
            "Pod",
            "web-1",
            "Scheduled",
            "Successfully assigned default/web-1 to node-1",
            "2025-03-01T10:00:01Z",
            1,
        );
        let b = ev(
            "a",
            "Deployment",
            "web",
            "ScalingReplicaSet",
            "Scaled up replica set web-1 from 0 to 1",
            "2025-03-01T10:00:00Z",
            1,
        );
        let now = SimTime::parse_rfc3339("2025-03-01T10:00:30Z").unwrap();
        let out = events_table(&[&a, &b], now, false).unwrap();
        assert_eq!(
            out,
            "LAST SEEN   TYPE     REASON              OBJECT           MESSAGE\n\
             30s         Normal   ScalingReplicaSet   Deployment/web   Scaled up replica set web-1 from 0 to 1\n\
             29s         Normal   Scheduled           Pod/web-1        Successfully assigned default/web-1 to node-1\n"
        );
        assert!(events_table(&[], now, false).is_none());
        assert!(events_table(&[&a], now, true).unwrap().starts_with("NAMESPACE   LAST SEEN   TYPE"));
    }
}
