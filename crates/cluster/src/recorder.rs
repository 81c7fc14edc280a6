//! The event recorder (client-go `tools/record`: `event.go`, `events_cache.go`).
//!
//! Each event goes through the correlator as client-go does: the aggregator (more than 10
//! events with the same source, object, type and reason but different messages within 10
//! minutes become one `(combined from similar events): …` event), the logger (an identical event
//! updates the existing Event: count+1, lastTimestamp), then the spam filter (a token bucket per
//! source and object: burst 25, one token per 5 minutes; a filtered event is not written, but
//! its count is remembered). Events are written through the API server like any object; the
//! runtime does not map Event watch events to work, so recording never triggers controllers.

use std::collections::{BTreeMap, BTreeSet};

use kubeplay_apiserver::{ApiServer, Ctx};
use kubeplay_model::write::EventSpec;
use kubeplay_model::{ObjectExt, SimRng, SimTime};
use serde_json::{json, Value};

const MAX_LRU_EVENTS: usize = 10;
const AGGREGATE_INTERVAL_MS: i64 = 600_000;
const SPAM_BURST: f64 = 25.0;
const SPAM_REFILL_MS: f64 = 300_000.0;

#[derive(Clone, Debug)]
struct Observed {
    namespace: String,
    name: String,
    count: i64,
    first: String,
}

#[derive(Clone, Debug, Default)]
struct AggregateRecord {
    local_keys: BTreeSet<String>,
    last: SimTime,
}

#[derive(Clone, Debug)]
struct Bucket {
    tokens: f64,
    last: SimTime,
}

#[derive(Clone, Debug, Default)]
pub struct EventRecorder {
    logger: BTreeMap<String, Observed>,
    aggregator: BTreeMap<String, AggregateRecord>,
    spam: BTreeMap<String, Bucket>,
    /// Events written (created or updated), for statistics and tests.
    pub written: u64,
}

fn involved_object(spec: &EventSpec) -> Value {
    let o = &spec.involved;
    let mut v = json!({
        "kind": o.kind(),
        "name": o.name(),
        "uid": o.uid(),
        "apiVersion": o.api_version(),
        "resourceVersion": o.resource_version(),
    });
    if !o.namespace().is_empty() {
        v["namespace"] = json!(o.namespace());
    }
    if !spec.field_path.is_empty() {
        v["fieldPath"] = json!(spec.field_path);
    }
    v
}

impl EventRecorder {
    pub fn record(&mut self, api: &mut ApiServer, rng: &mut SimRng, now: SimTime, spec: &EventSpec) {
        let inv = &spec.involved;
        let source = format!("{}\u{1}{}", spec.component, spec.host);
        let object_key = format!(
            "{}\u{1}{}\u{1}{}\u{1}{}\u{1}{}",
            inv.kind(),
            inv.namespace(),
            inv.name(),
            inv.uid(),
            inv.api_version()
        );
        let aggregate_key = format!("{source}\u{1}{object_key}\u{1}{}\u{1}{}", spec.type_, spec.reason);

        // Aggregation.
        let rec = self.aggregator.entry(aggregate_key.clone()).or_default();
        if now.millis() - rec.last.millis() > AGGREGATE_INTERVAL_MS {
            *rec = AggregateRecord::default();
        }
        rec.local_keys.insert(spec.message.clone());
        rec.last = now;
        let (message, key) = if rec.local_keys.len() < MAX_LRU_EVENTS {
            // `getEventKey`: also the involved object's fieldPath and the message.
            (spec.message.clone(), format!("{aggregate_key}\u{1}{}\u{1}{}", spec.field_path, spec.message))
        } else {
            rec.local_keys.pop_first();
            (format!("(combined from similar events): {}", spec.message), aggregate_key)
        };

        // Observation (dedup).
        let ns = if inv.namespace().is_empty() { "default".to_string() } else { inv.namespace().to_string() };
        let existing = self.logger.get(&key).cloned();
        let observed = match existing {
            Some(mut o) => {
                o.count += 1;
                o
            }
            None => {
                Observed { namespace: ns.clone(), name: String::new(), count: 1, first: now.to_rfc3339() }
            }
        };

        // Spam filter, after observation (the count keeps growing while filtered).
        let spam_key = format!("{source}\u{1}{object_key}");
        let bucket = self.spam.entry(spam_key).or_insert(Bucket { tokens: SPAM_BURST, last: now });
        let refill = (now.millis() - bucket.last.millis()).max(0) as f64 / SPAM_REFILL_MS;
        bucket.tokens = (bucket.tokens + refill).min(SPAM_BURST);
        bucket.last = now;
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        }
        let mut observed = observed;
        if !allowed {
            self.logger.insert(key, observed);
            return;
        }

        let mut ctx = Ctx { now, rng, manager: spec.component, dry_run: false };
        let body = |name: &str, count: i64, first: &str| {
            let mut e = json!({
                "apiVersion": "v1",
                "kind": "Event",
                "metadata": {"name": name, "namespace": observed.namespace},
                "involvedObject": involved_object(spec),
                "reason": spec.reason,
                "message": message,
                "source": {"component": spec.component},
                "firstTimestamp": first,
                "lastTimestamp": now.to_rfc3339(),
                "count": count,
                "type": spec.type_,
                "eventTime": null,
                "reportingComponent": spec.component,
                "reportingInstance": spec.host,
            });
            if !spec.host.is_empty() {
                e["source"]["host"] = json!(spec.host);
            }
            e
        };
        if observed.count > 1 && !observed.name.is_empty() {
            if let Ok(live) = api.get("events", &observed.namespace, &observed.name) {
                let mut updated = (*live).clone();
                updated["count"] = json!(observed.count);
                updated["lastTimestamp"] = json!(now.to_rfc3339());
                updated["message"] = json!(message);
                if api.update(&mut ctx, updated).is_ok() {
                    self.written += 1;
                    self.logger.insert(key, observed);
                    return;
                }
            }
        }
        // `<involved name>.<hex UnixNano>`, bumped by a nanosecond when taken.
        let mut nanos = now.millis().saturating_mul(1_000_000);
        let mut name = format!("{}.{:x}", inv.name(), nanos);
        while api.get("events", &observed.namespace, &name).is_ok() {
            nanos += 1;
            name = format!("{}.{:x}", inv.name(), nanos);
        }
        let first = observed.first.clone();
        let obj = body(&name, observed.count, &first);
        let ns = observed.namespace.clone();
        if api.create(&mut ctx, &ns, obj).is_ok() {
            self.written += 1;
            observed.name = name;
        }
        self.logger.insert(key, observed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn setup() -> (ApiServer, SimRng, SimTime, Value) {
        let mut api = ApiServer::new();
        let mut rng = SimRng::new(1);
        let now = kubeplay_model::time::DEFAULT_EPOCH;
        let mut ctx = Ctx { now, rng: &mut rng, manager: "t", dry_run: false };
        api.create(
            &mut ctx,
            "",
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}}),
        )
        .expect("ns");
        let rs = json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web-1", "namespace": "default", "uid": "u1", "resourceVersion": "7"}});
        (api, rng, now, rs)
    }

    fn spec(involved: &Value, reason: &str, message: &str) -> EventSpec {
        EventSpec {
            involved: involved.into(),
            field_path: String::new(),
            type_: "Normal",
            reason: reason.into(),
            message: message.into(),
            component: "replicaset-controller",
            host: String::new(),
        }
    }

    #[test]
    fn identical_events_bump_count_and_last_timestamp() {
        let (mut api, mut rng, now, rs) = setup();
        let mut r = EventRecorder::default();
        r.record(&mut api, &mut rng, now, &spec(&rs, "SuccessfulCreate", "Created pod: a"));
        r.record(&mut api, &mut rng, now.plus_secs(5), &spec(&rs, "SuccessfulCreate", "Created pod: a"));
        let evs = api.list("events", Some("default"));
        assert_eq!(evs.len(), 1);
        let e = &evs[0];
        assert_eq!(e.i64_at("count"), Some(2));
        assert_eq!(e.str_at("firstTimestamp"), Some("2025-03-01T10:00:00Z"));
        assert_eq!(e.str_at("lastTimestamp"), Some("2025-03-01T10:00:05Z"));
        assert_eq!(e.name(), format!("web-1.{:x}", now.millis() * 1_000_000));
        assert_eq!(e.str_at("source.component"), Some("replicaset-controller"));
        assert_eq!(e.str_at("involvedObject.kind"), Some("ReplicaSet"));
        assert_eq!(e.str_at("involvedObject.uid"), Some("u1"));
        assert_eq!(e.str_at("involvedObject.resourceVersion"), Some("7"));
    }

    #[test]
    fn similar_events_are_combined_after_ten_and_spam_is_filtered_after_25() {
        let (mut api, mut rng, now, rs) = setup();
        let mut r = EventRecorder::default();
        for i in 0..40 {
            r.record(
                &mut api,
                &mut rng,
                now,
                &spec(&rs, "SuccessfulCreate", &format!("Created pod: p{i:02}")),
            );
        }
        let evs = api.list("events", Some("default"));
        // 9 individual events, then one combined event.
        assert_eq!(evs.len(), 10);
        let combined: Vec<_> = evs
            .iter()
            .filter(|e| {
                e.str_at("message").is_some_and(|m| m.starts_with("(combined from similar events): "))
            })
            .collect();
        assert_eq!(combined.len(), 1);
        // 25 writes got through the spam filter: 9 + the combined one created + 15 updates.
        assert_eq!(r.written, 25);
        assert_eq!(combined[0].i64_at("count"), Some(16));
        assert_eq!(combined[0].str_at("message"), Some("(combined from similar events): Created pod: p24"));
        // Five minutes later one more token is available; the count includes the filtered ones.
        r.record(&mut api, &mut rng, now.plus_secs(300), &spec(&rs, "SuccessfulCreate", "Created pod: p99"));
        let evs = api.list("events", Some("default"));
        let c = evs
            .iter()
            .find(|e| e.str_at("message").is_some_and(|m| m.starts_with("(combined")))
            .expect("combined");
        assert_eq!(c.i64_at("count"), Some(32));
    }
}
