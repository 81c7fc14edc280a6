//! Event rows like `kubectl get events` (spec §8.2, §9), in time order, for the timeline panel.

use std::collections::BTreeSet;

use kubeplay_model::time::human_duration;
use kubeplay_model::{ObjectExt, SimTime};
use serde_json::Value;

use crate::snapshot::Snapshot;
use crate::util::node_id;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct TimelineFilter {
    pub namespace: Option<String>,
    /// Only events about this graph node id (`Pod/default/web-…`).
    pub object: Option<String>,
    pub warnings_only: bool,
    /// Only the newest `limit` rows.
    pub limit: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimelineRow {
    /// `Normal` / `Warning`.
    pub type_: String,
    pub reason: String,
    /// `<lowercase kind>/<name>`, as kubectl's OBJECT column.
    pub object: String,
    pub message: String,
    /// LAST SEEN: human_duration(now − last timestamp), `<unknown>` without one.
    pub age: String,
    /// COUNT: count, or series.count; 1 for singletons.
    pub count: i64,
    /// SOURCE: `component, host`, falling back to reportingController / reportingInstance.
    pub source: String,
    pub namespace: String,
    /// The Event object's own name.
    pub name: String,
    pub last_seen: Option<SimTime>,
    pub first_seen: Option<SimTime>,
    /// The graph node id of the involved object, for highlighting (None for kinds not drawn).
    pub node_id: Option<String>,
}

fn time_at(e: &Value, path: &str) -> Option<SimTime> {
    e.str_at(path).and_then(SimTime::parse_rfc3339)
}

fn first_non_empty<'a>(e: &'a Value, paths: &[&str]) -> &'a str {
    paths.iter().find_map(|p| e.str_at(p).filter(|s| !s.is_empty())).unwrap_or("")
}

/// (first seen, last seen) of a core/v1 or events.k8s.io/v1 Event.
fn seen_times(e: &Value) -> (Option<SimTime>, Option<SimTime>) {
    let first = time_at(e, "firstTimestamp")
        .or_else(|| time_at(e, "deprecatedFirstTimestamp"))
        .or_else(|| time_at(e, "eventTime"));
    let mut last = time_at(e, "lastTimestamp").or_else(|| time_at(e, "deprecatedLastTimestamp")).or(first);
    if e.get("series").is_some_and(Value::is_object) {
        last = time_at(e, "series.lastObservedTime").or(last);
    }
    (first, last)
}

/// One row from a core/v1 or events.k8s.io/v1 Event.
pub fn timeline_row(e: &Value, now: SimTime) -> TimelineRow {
    let involved = e.get("involvedObject").or_else(|| e.get("regarding")).unwrap_or(&Value::Null);
    let kind = involved.str_at("kind").unwrap_or("");
    let name = involved.str_at("name").unwrap_or("");
    let ns = involved.str_at("namespace").filter(|n| !n.is_empty()).unwrap_or(e.namespace());

    let (first, last) = seen_times(e);
    let mut count = e.i64_at("count").or_else(|| e.i64_at("deprecatedCount")).unwrap_or(0);
    if e.get("series").is_some_and(Value::is_object) {
        count = e.i64_at("series.count").unwrap_or(count);
    } else if count == 0 {
        count = 1;
    }
    let component = first_non_empty(
        e,
        &["source.component", "deprecatedSource.component", "reportingController", "reportingComponent"],
    );
    let host = first_non_empty(e, &["source.host", "deprecatedSource.host", "reportingInstance"]);
    let source = if host.is_empty() { component.to_string() } else { format!("{component}, {host}") };
    let drawn = matches!(kind, "Pod" | "Deployment" | "ReplicaSet" | "Service" | "ConfigMap" | "Secret");
    TimelineRow {
        type_: e.str_at("type").unwrap_or("").to_string(),
        reason: e.str_at("reason").unwrap_or("").to_string(),
        object: format!("{}/{name}", kind.to_lowercase()),
        message: first_non_empty(e, &["message", "note"]).to_string(),
        age: last.map_or_else(|| "<unknown>".to_string(), |t| human_duration(now.millis() - t.millis())),
        count,
        source,
        namespace: e.namespace().to_string(),
        name: e.name().to_string(),
        last_seen: last,
        first_seen: first,
        node_id: drawn.then(|| node_id(kind, ns, name)),
    }
}

/// The snapshot's events, oldest first (by last timestamp, as `kubectl events` sorts), filtered.
pub fn timeline(s: &Snapshot, filter: &TimelineFilter) -> Vec<TimelineRow> {
    // Sort on the timestamps alone and build rows newest first, stopping at `limit`: a store
    // holds thousands of events and the panel shows the newest few hundred.
    // The same event may be listed through both APIs (only then is a duplicate check needed).
    let both_apis = s.events.iter().any(|e| e.api_version() != "v1");
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut keyed: Vec<(Option<SimTime>, Option<SimTime>, &str, &Value)> = Vec::with_capacity(s.events.len());
    for e in &s.events {
        if filter.namespace.as_deref().is_some_and(|ns| e.namespace() != ns) {
            continue;
        }
        if both_apis && !e.name().is_empty() && !seen.insert((e.namespace(), e.name())) {
            continue;
        }
        let (first, last) = seen_times(e);
        keyed.push((last, first, e.name(), *e));
    }
    type Key<'a> = (Option<SimTime>, Option<SimTime>, &'a str, &'a Value);
    let order = |a: &Key, b: &Key| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then_with(|| a.2.cmp(b.2));
    let limit = filter.limit.unwrap_or(usize::MAX);
    // Without further filters only the newest `limit` are needed: select them, sort only those.
    let unfiltered = !filter.warnings_only && filter.object.is_none();
    if unfiltered && limit < keyed.len() {
        let cut = keyed.len() - limit;
        keyed.select_nth_unstable_by(cut, order);
        keyed.drain(..cut);
    }
    keyed.sort_by(order);
    let mut rows: Vec<TimelineRow> = Vec::new();
    for (_, _, _, e) in keyed.iter().rev() {
        if rows.len() >= limit {
            break;
        }
        let row = timeline_row(e, s.now);
        if filter.warnings_only && row.type_ != "Warning" {
            continue;
        }
        if filter.object.as_ref().is_some_and(|o| row.node_id.as_ref() != Some(o)) {
            continue;
        }
        rows.push(row);
    }
    rows.reverse();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ev(
        name: &str,
        type_: &str,
        reason: &str,
        kind: &str,
        obj: &str,
        msg: &str,
        first: &str,
        last: &str,
        count: i64,
    ) -> Value {
        json!({"apiVersion": "v1", "kind": "Event",
            "metadata": {"name": name, "namespace": "default"},
            "involvedObject": {"kind": kind, "name": obj, "namespace": "default"},
            "type": type_, "reason": reason, "message": msg, "count": count,
            "firstTimestamp": first, "lastTimestamp": last,
            "source": {"component": "kubelet", "host": "node-1"}})
    }

    #[test]
    fn rows_like_kubectl_get_events() {
        let objs = [
            ev(
                "web-abc.2",
                "Warning",
                "BackOff",
                "Pod",
                "web-abc",
                "Back-off restarting failed container web in pod web-abc_default(uid-1)",
                "2025-03-01T10:00:10Z",
                "2025-03-01T10:04:00Z",
                5,
            ),
            ev(
                "web-abc.1",
                "Normal",
                "Pulled",
                "Pod",
                "web-abc",
                "Container image \"nginx\" already present on machine",
                "2025-03-01T10:00:05Z",
                "2025-03-01T10:00:05Z",
                1,
            ),
            json!({"apiVersion": "events.k8s.io/v1", "kind": "Event",
                "metadata": {"name": "web-abc.0", "namespace": "default"},
                "regarding": {"kind": "Pod", "name": "web-abc", "namespace": "default"},
                "type": "Normal", "reason": "Scheduled", "note": "Successfully assigned default/web-abc to node-1",
                "eventTime": "2025-03-01T10:00:01.000000Z", "reportingController": "default-scheduler",
                "reportingInstance": "default-scheduler-node-1"}),
            ev(
                "web.1",
                "Normal",
                "ScalingReplicaSet",
                "Deployment",
                "web",
                "Scaled up replica set web-66b6c48dd5 from 0 to 1",
                "2025-03-01T10:00:00Z",
                "2025-03-01T10:00:00Z",
                1,
            ),
            json!({"kind": "Event", "metadata": {"name": "node-1.1", "namespace": "default"},
                "involvedObject": {"kind": "Node", "name": "node-1"}, "type": "Normal", "reason": "NodeReady",
                "message": "Node node-1 status is now: NodeReady", "lastTimestamp": "2025-03-01T09:00:00Z"}),
        ];
        let now = SimTime::parse_rfc3339("2025-03-01T10:05:00Z").unwrap();
        let s = Snapshot::from_objects(objs.iter(), now, 9);
        let rows = timeline(&s, &TimelineFilter::default());
        let brief: Vec<(&str, &str, &str, &str, i64)> = rows
            .iter()
            .map(|r| (r.age.as_str(), r.type_.as_str(), r.reason.as_str(), r.object.as_str(), r.count))
            .collect();
        assert_eq!(
            brief,
            vec![
                ("65m", "Normal", "NodeReady", "node/node-1", 1),
                ("5m", "Normal", "ScalingReplicaSet", "deployment/web", 1),
                ("4m59s", "Normal", "Scheduled", "pod/web-abc", 1),
                ("4m55s", "Normal", "Pulled", "pod/web-abc", 1),
                ("60s", "Warning", "BackOff", "pod/web-abc", 5),
            ]
        );
        assert_eq!(rows[0].node_id, None);
        assert_eq!(rows[1].node_id.as_deref(), Some("Deployment/default/web"));
        assert_eq!(rows[2].source, "default-scheduler, default-scheduler-node-1");
        assert_eq!(rows[2].message, "Successfully assigned default/web-abc to node-1");
        assert_eq!(rows[4].source, "kubelet, node-1");

        let warn = timeline(&s, &TimelineFilter { warnings_only: true, ..Default::default() });
        assert_eq!(warn.len(), 1);
        let pod_rows = timeline(
            &s,
            &TimelineFilter {
                object: Some("Pod/default/web-abc".into()),
                limit: Some(2),
                ..Default::default()
            },
        );
        assert_eq!(pod_rows.iter().map(|r| r.reason.as_str()).collect::<Vec<_>>(), vec!["Pulled", "BackOff"]);
    }

    #[test]
    fn series_count_and_missing_times() {
        let e = json!({"kind": "Event", "metadata": {"name": "x", "namespace": "default"},
            "involvedObject": {"kind": "Pod", "name": "p"}, "type": "Warning", "reason": "FailedScheduling",
            "message": "0/1 nodes are available: 1 Insufficient cpu.", "eventTime": "2025-03-01T10:00:00.000000Z",
            "series": {"count": 4, "lastObservedTime": "2025-03-01T10:02:00.000000Z"}});
        let r = timeline_row(&e, SimTime::parse_rfc3339("2025-03-01T10:05:00Z").unwrap());
        assert_eq!((r.count, r.age.as_str()), (4, "3m"));
        assert_eq!(r.node_id.as_deref(), Some("Pod/default/p"));
        let bare = json!({"kind": "Event", "metadata": {"name": "y"}, "involvedObject": {"kind": "Pod", "name": "p"}});
        assert_eq!(timeline_row(&bare, SimTime(0)).age, "<unknown>");
    }

    #[test]
    fn a_limit_keeps_the_newest_rows_in_time_order() {
        let objs: Vec<Value> = (0..50)
            .map(|i| {
                let t = SimTime::from_secs(1_000 + (i * 7919) % 50);
                let ty = if i % 3 == 0 { "Warning" } else { "Normal" };
                ev(&format!("e{i}"), ty, "R", "Pod", "p", "m", &t.to_rfc3339(), &t.to_rfc3339(), 1)
            })
            .collect();
        let s = Snapshot::from_objects(objs.iter(), SimTime::from_secs(2_000), 1);
        let all = timeline(&s, &TimelineFilter::default());
        assert_eq!(all.len(), 50);
        assert!(all.windows(2).all(|w| w[0].last_seen <= w[1].last_seen));
        let newest = timeline(&s, &TimelineFilter { limit: Some(10), ..Default::default() });
        assert_eq!(newest, all[40..].to_vec());
        let warnings =
            timeline(&s, &TimelineFilter { limit: Some(5), warnings_only: true, ..Default::default() });
        let all_warnings: Vec<TimelineRow> = all.into_iter().filter(|r| r.type_ == "Warning").collect();
        assert_eq!(warnings, all_warnings[all_warnings.len() - 5..].to_vec());
    }
}
